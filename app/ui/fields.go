package ui

import (
	"errors"
	"strconv"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/checks"
)

// keyRouter is what a window does with the keys its fields do not handle
// themselves. Fyne gives a focused entry every Ctrl shortcut and never passes
// it on, so without this Ctrl+S would do nothing while someone is typing.
type keyRouter struct {
	activity  func()            // any key or pointer input: the idle clock restarts
	escape    func() bool       // Esc: close the top dialog; true if one was closed
	shortcuts map[string]func() // by fyne.Shortcut.ShortcutName()
}

// routers maps a window's canvas to its router.
var routers sync.Map

func routeKeys(c fyne.Canvas, r *keyRouter) { routers.Store(c, r) }

func unrouteKeys(c fyne.Canvas) { routers.Delete(c) }

// routerFor finds the router of the window that shows o, if any.
func routerFor(o fyne.CanvasObject) *keyRouter {
	a := fyne.CurrentApp()
	if a == nil {
		return nil
	}
	c := a.Driver().CanvasForObject(o)
	if c == nil {
		return nil
	}
	if r, ok := routers.Load(c); ok {
		return r.(*keyRouter)
	}
	return nil
}

func (r *keyRouter) touch() {
	if r != nil && r.activity != nil {
		r.activity()
	}
}

// run performs the window's action for shortcut s, if it has one.
func (r *keyRouter) run(s fyne.Shortcut) bool {
	if r == nil {
		return false
	}
	r.touch()
	if f := r.shortcuts[s.ShortcutName()]; f != nil {
		f()
		return true
	}
	return false
}

// addShortcut binds Ctrl+key (and Cmd+key on a Mac) in the window's canvas and
// in the router, so that it works whether or not a field has the focus.
func (r *keyRouter) addShortcut(c fyne.Canvas, key fyne.KeyName, f func()) {
	if r.shortcuts == nil {
		r.shortcuts = map[string]func(){}
	}
	for _, mod := range []fyne.KeyModifier{fyne.KeyModifierShortcutDefault, fyne.KeyModifierControl} {
		s := &desktop.CustomShortcut{KeyName: key, Modifier: mod}
		r.shortcuts[s.ShortcutName()] = f
		c.AddShortcut(s, func(fyne.Shortcut) { r.touch(); f() })
	}
}

// field is the app's text entry: a widget.Entry that passes the window's
// shortcuts and Esc on, and counts typing as activity for the idle lock.
type field struct {
	widget.Entry
	onEscape func() bool // Esc in this field, before the window's Esc; true if handled
}

func newField(placeholder string) *field {
	f := &field{}
	f.PlaceHolder = placeholder
	f.ExtendBaseWidget(f)
	return f
}

func newTextArea(placeholder string, rows int) *field {
	f := newField(placeholder)
	f.MultiLine = true
	f.Wrapping = fyne.TextWrapWord
	f.SetMinRowsVisible(rows)
	return f
}

func newSecretField(placeholder string) *field {
	f := newField(placeholder)
	f.Password = true
	return f
}

// TypedShortcut runs the window's shortcut, or the entry's own (copy, paste).
func (f *field) TypedShortcut(s fyne.Shortcut) {
	if routerFor(f).run(s) {
		return
	}
	f.Entry.TypedShortcut(s)
}

// TypedRune is the entry's, and restarts the idle clock.
func (f *field) TypedRune(r rune) {
	routerFor(f).touch()
	f.Entry.TypedRune(r)
}

// TypedKey is the entry's, except Esc, which closes the top dialog.
func (f *field) TypedKey(k *fyne.KeyEvent) {
	r := routerFor(f)
	r.touch()
	if k.Name == fyne.KeyEscape {
		if f.onEscape != nil && f.onEscape() {
			return
		}
		if r != nil && r.escape != nil && r.escape() {
			return
		}
	}
	f.Entry.TypedKey(k)
}

// dateField is a date typed the way people write it, with a calendar to pick
// from. It accepts "6 November 2025", "6 Nov 2025", "06/11/2025", "6/11/25",
// "2025-11-06", "today" and "yesterday".
type dateField struct {
	entry   *field
	content fyne.CanvasObject
	today   func() casefile.Date
}

func newDateField(today func() casefile.Date) *dateField {
	f := &dateField{entry: newField("for example 6 November 2025"), today: today}
	pick := widget.NewButtonWithIcon("", theme.CalendarIcon(), f.onPick)
	f.content = container.NewBorder(nil, nil, nil, pick, f.entry)
	return f
}

func (f *dateField) onPick() {
	c := fyne.CurrentApp().Driver().CanvasForObject(f.entry)
	if c == nil {
		return
	}
	start := f.today().Time()
	if d, err := f.date(); err == nil && !d.IsZero() {
		start = d.Time()
	}
	var pop *widget.PopUp
	cal := widget.NewCalendar(start, func(t time.Time) {
		f.set(casefile.NewDate(t.Year(), t.Month(), t.Day()))
		pop.Hide()
	})
	pop = widget.NewPopUp(cal, c)
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(f.entry)
	pop.ShowAtPosition(pos.AddXY(0, f.entry.Size().Height))
}

func (f *dateField) set(d casefile.Date) {
	if d.IsZero() {
		f.entry.SetText("")
		return
	}
	f.entry.SetText(d.Long())
}

// date returns the date typed, the zero Date when the field is empty.
func (f *dateField) date() (casefile.Date, error) { return parseDay(f.entry.Text, f.today()) }

var errDateWords = errors.New("write the date like 6 November 2025 or 06/11/2025")

// dayNames and monthNames are the words parseDay reads, lower case.
var monthNames = map[string]time.Month{}

func init() {
	for m := time.January; m <= time.December; m++ {
		name := strings.ToLower(m.String())
		monthNames[name] = m
		monthNames[name[:3]] = m
	}
	monthNames["sept"] = time.September
}

// parseDay reads a date the way people in England write it.
func parseDay(s string, today casefile.Date) (casefile.Date, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	switch s {
	case "":
		return casefile.Date{}, nil
	case "today":
		return today, nil
	case "yesterday":
		return today.AddDays(-1), nil
	}
	if d, err := casefile.ParseDate(s); err == nil {
		return d, nil
	}
	// Numbers: day/month/year with /, . or - between.
	if parts := strings.FieldsFunc(s, func(r rune) bool { return r == '/' || r == '.' || r == '-' }); len(parts) == 3 && allDigits(parts) {
		d, _ := strconv.Atoi(parts[0])
		m, _ := strconv.Atoi(parts[1])
		y, _ := strconv.Atoi(parts[2])
		return checkedDate(fullYear(y, len(parts[2]), today), m, d)
	}
	// Words: [weekday] day[st|nd|rd|th] month [year], commas ignored.
	words := strings.Fields(strings.ReplaceAll(s, ",", " "))
	if len(words) > 0 && isWeekday(words[0]) {
		words = words[1:]
	}
	if len(words) == 2 || len(words) == 3 {
		day := strings.TrimRight(words[0], "stndrh")
		m, okM := monthNames[strings.TrimSuffix(words[1], ".")]
		d, errD := strconv.Atoi(day)
		if okM && errD == nil {
			y, _, _ := today.YMD()
			if len(words) == 3 {
				n, err := strconv.Atoi(words[2])
				if err != nil {
					return casefile.Date{}, errDateWords
				}
				y = fullYear(n, len(words[2]), today)
			}
			return checkedDate(y, int(m), d)
		}
	}
	return casefile.Date{}, errDateWords
}

func allDigits(parts []string) bool {
	for _, p := range parts {
		if p == "" {
			return false
		}
		for _, r := range p {
			if r < '0' || r > '9' {
				return false
			}
		}
	}
	return true
}

// fullYear reads a two-digit year as this century, unless that is in the future.
func fullYear(y, digits int, today casefile.Date) int {
	if digits > 2 {
		return y
	}
	ty, _, _ := today.YMD()
	y += 2000
	if y > ty {
		y -= 100
	}
	return y
}

func checkedDate(y, m, d int) (casefile.Date, error) {
	if m < 1 || m > 12 || d < 1 || d > 31 || y < 1900 || y > 2200 {
		return casefile.Date{}, errDateWords
	}
	dt := casefile.NewDate(y, time.Month(m), d)
	if _, mm, dd := dt.YMD(); int(mm) != m || dd != d {
		return casefile.Date{}, errors.New("there is no such day: check the day and the month")
	}
	return dt, nil
}

func isWeekday(w string) bool {
	for d := time.Sunday; d <= time.Saturday; d++ {
		n := strings.ToLower(d.String())
		if w == n || w == n[:3] || w == n+"," {
			return true
		}
	}
	return false
}

var errTimeWords = errors.New("write the time like 14:30")

// parseTimeOfDay reads "14:30", "9:05" or "9.05"; "" is no time.
func parseTimeOfDay(s string) (casefile.Clock, error) {
	s = strings.TrimSpace(strings.ReplaceAll(s, ".", ":"))
	if s == "" {
		return casefile.Clock{}, nil
	}
	h, m, ok := strings.Cut(s, ":")
	if !ok || len(m) != 2 {
		return casefile.Clock{}, errTimeWords
	}
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if err1 != nil || err2 != nil || hh < 0 || hh > 23 || mm < 0 || mm > 59 {
		return casefile.Clock{}, errTimeWords
	}
	return casefile.NewClock(hh, mm), nil
}

// londonTime is a moment as people in England read it on the clock.
func londonTime(t time.Time) time.Time { return t.In(checks.London) }

// stamp formats a moment as "25 Nov 2026 21:14", London time.
func stamp(t time.Time) string { return londonTime(t).Format("2 Jan 2006 15:04") }

// activityLayer holds the window's content and counts pointer movement and
// clicks over it as activity, for the idle lock. Fyne gives pointer events to
// the deepest widget that wants them, so this sees what falls between
// buttons, lists and fields; those report their own input.
type activityLayer struct {
	widget.BaseWidget
	child fyne.CanvasObject
	touch func()
}

func newActivityLayer(child fyne.CanvasObject, touch func()) *activityLayer {
	l := &activityLayer{child: child, touch: touch}
	l.ExtendBaseWidget(l)
	return l
}

func (l *activityLayer) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(l.child)
}

func (l *activityLayer) MouseIn(*desktop.MouseEvent)    { l.touch() }
func (l *activityLayer) MouseMoved(*desktop.MouseEvent) { l.touch() }
func (l *activityLayer) MouseOut()                      {}
func (l *activityLayer) MouseDown(*desktop.MouseEvent)  { l.touch() }
func (l *activityLayer) MouseUp(*desktop.MouseEvent)    {}

// heading is a bold label in a larger size, for the top of a screen.
func heading(text string) *widget.Label {
	l := widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.SizeName = theme.SizeNameSubHeadingText
	l.Wrapping = fyne.TextWrapWord
	return l
}

// para is a wrapped label for a sentence or two.
func para(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	return l
}

// small is a label in the caption size, for secondary text.
func small(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.SizeName = theme.SizeNameCaptionText
	l.Truncation = fyne.TextTruncateEllipsis
	return l
}

// hint is a sentence or two of help in the caption size, wrapped.
func hint(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.SizeName = theme.SizeNameCaptionText
	l.Wrapping = fyne.TextWrapWord
	return l
}

// formRow is a label above its field, the way a calm form reads.
func formRow(label string, field fyne.CanvasObject) fyne.CanvasObject {
	l := widget.NewLabelWithStyle(label, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	return container.NewVBox(l, field)
}

// narrow centres content at a readable width.
func narrow(width float32, content fyne.CanvasObject) fyne.CanvasObject {
	return container.New(&widthLayout{width: width}, content)
}

// widthLayout centres its one object horizontally at no more than width.
type widthLayout struct{ width float32 }

func (l *widthLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	w := min(size.Width, l.width)
	for _, o := range objs {
		o.Resize(fyne.NewSize(w, size.Height))
		o.Move(fyne.NewPos((size.Width-w)/2, 0))
	}
}

func (l *widthLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		m := o.MinSize()
		s = s.Max(fyne.NewSize(min(m.Width, l.width), m.Height))
	}
	return s
}

// choice is a set of buttons of which one is chosen with one click: the
// chosen one is highlighted and says so to screen readers by its importance.
type choice struct {
	options   []string
	selected  string
	allowNone bool // tapping the chosen one again clears it
	buttons   []*widget.Button
	onChanged func(string)
	content   *fyne.Container
}

func newChoice(options []string, cols int, allowNone bool) *choice {
	c := &choice{options: options, allowNone: allowNone}
	var objs []fyne.CanvasObject
	for _, o := range options {
		o := o
		b := widget.NewButton(o, func() { c.tap(o) })
		c.buttons = append(c.buttons, b)
		objs = append(objs, b)
	}
	c.content = container.NewGridWithColumns(cols, objs...)
	return c
}

func (c *choice) tap(o string) {
	if c.allowNone && c.selected == o {
		o = ""
	}
	c.set(o)
	if c.onChanged != nil {
		c.onChanged(o)
	}
}

// set chooses an option ("" for none) without calling onChanged.
func (c *choice) set(o string) {
	c.selected = o
	for i, b := range c.buttons {
		if c.options[i] == o {
			b.Importance = widget.HighImportance
			b.Icon = theme.ConfirmIcon()
		} else {
			b.Importance = widget.MediumImportance
			b.Icon = nil
		}
		b.Refresh()
	}
}

// shrinkable lets content inside a vertical scroll take the scroll's width
// even when its widest row would like more, so that nothing is cut off at the
// right edge: entries and wrapped text simply get narrower.
func shrinkable(o fyne.CanvasObject) fyne.CanvasObject {
	return container.New(&shrinkLayout{scrollRoom: true}, o)
}

// fitWidth gives o the width it is given, however wide it would like to be:
// a single-line entry asks for the width of its whole text, and a long one
// would otherwise push its column past the window's edge. The entry scrolls
// its text instead.
func fitWidth(o fyne.CanvasObject) fyne.CanvasObject { return container.New(&shrinkLayout{}, o) }

// shrinkLayout sizes its objects to its width (less room for a scroll bar
// with scrollRoom) and asks for little width of its own.
type shrinkLayout struct{ scrollRoom bool }

func (l *shrinkLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	w := size.Width
	if l.scrollRoom {
		// Leave room on the right for the scroll bar, which is drawn over the content.
		w -= theme.Size(theme.SizeNameScrollBar) + theme.Padding()
	}
	for _, o := range objs {
		o.Resize(fyne.NewSize(w, size.Height))
		o.Move(fyne.NewPos(0, 0))
	}
}

func (l *shrinkLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	h := float32(0)
	for _, o := range objs {
		h = max(h, o.MinSize().Height)
	}
	return fyne.NewSize(120, h)
}

// comboField is a text field with a list to choose from (widget.SelectEntry)
// that, like field, passes the window's shortcuts and Esc on.
type comboField struct{ widget.SelectEntry }

func newComboField(options []string, placeholder string) *comboField {
	c := &comboField{}
	c.ExtendBaseWidget(c)
	c.Wrapping = fyne.TextWrapOff
	c.PlaceHolder = placeholder
	c.SetOptions(options)
	return c
}

// TypedShortcut runs the window's shortcut, or the entry's own.
func (c *comboField) TypedShortcut(s fyne.Shortcut) {
	if routerFor(c).run(s) {
		return
	}
	c.SelectEntry.TypedShortcut(s)
}

// TypedRune is the entry's, and restarts the idle clock.
func (c *comboField) TypedRune(r rune) {
	routerFor(c).touch()
	c.SelectEntry.TypedRune(r)
}

// TypedKey is the entry's, except Esc, which closes the top dialog.
func (c *comboField) TypedKey(k *fyne.KeyEvent) {
	r := routerFor(c)
	r.touch()
	if k.Name == fyne.KeyEscape && r != nil && r.escape != nil && r.escape() {
		return
	}
	c.SelectEntry.TypedKey(k)
}
