package ui

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/redress-app/redress/app/ui/kit"
	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/checks"
)

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
	if !kit.KeyShortcut(c, s) {
		c.SelectEntry.TypedShortcut(s)
	}
}

// TypedRune is the entry's, and restarts the idle clock.
func (c *comboField) TypedRune(r rune) {
	routerFor(c).Touch()
	c.SelectEntry.TypedRune(r)
}

// TypedKey is the entry's, except Esc, which closes the top dialog.
func (c *comboField) TypedKey(k *fyne.KeyEvent) {
	if !kit.KeyPassed(c, k, nil) {
		c.SelectEntry.TypedKey(k)
	}
}
