package ui

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/redress-app/redress/app/casework"
	"github.com/redress-app/redress/app/ui/kit"
	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/checks"
)

// deadlineItem is one finding of one case, for the Deadlines view: the view
// works out from each case's findings what the council owes and the family's
// own time limits (casework.Duties), as the Overview and redress deadlines do.
type deadlineItem struct {
	CaseID    string
	CaseTitle string
	Authority string
	Finding   casefile.Finding
}

// deadlineRow is one row of the Deadlines view: a case's heading, or one of
// its duties.
type deadlineRow struct {
	caseID    string
	caseTitle string
	authority string
	head      string // a case's heading; "" for a duty row
	duty      casework.Duty
}

// deadlinesView lists, case by case, what the council owes (overdue first)
// beside the family's own time limits (open, then passed), in the words of
// casework.Duties, and exports the open ones to a calendar file.
type deadlinesView struct {
	win     fyne.Window
	cat     *checks.Catalogue
	onOpen  func(caseID string, f casefile.Finding)
	version string           // for the calendar file's PRODID
	now     func() time.Time // stamps the calendar file; tests fix it
	save    savePicker       // asks where to save the calendar file

	rows  []deadlineRow
	items []deadlineItem // the open duties, for the calendar file
	asOf  casefile.Date

	content  *fyne.Container
	empty    fyne.CanvasObject
	emptyMsg *widget.Label
	body     fyne.CanvasObject
	summary  *widget.Label
	words    *widget.RichText // the legal terms in the rows, explained
	export   *widget.Button
	list     *widget.List

	measure  *widget.Label // measures a duty's wrapped height
	measured float32       // the width the rows' heights were worked out for
	heights  []float32     // each row's height at that width
}

// Widths of a duty row's fixed columns: the status icon and the state word.
const (
	dutyIconW  = 28
	dutyStateW = 92
)

// newDeadlinesView makes the Deadlines view. onOpen is called with the case
// and the finding of the row tapped. win parents the save dialog.
func newDeadlinesView(win fyne.Window, cat *checks.Catalogue, onOpen func(caseID string, f casefile.Finding)) *deadlinesView {
	v := &deadlinesView{win: win, cat: cat, onOpen: onOpen, now: time.Now, save: fyneSavePicker}
	if a := fyne.CurrentApp(); a != nil {
		v.version = a.Metadata().Version
	}
	v.summary = widget.NewLabel("")
	v.summary.Wrapping = fyne.TextWrapWord
	v.export = widget.NewButtonWithIcon("Export to calendar…", theme.CalendarIcon(), v.onExport)
	v.list = widget.NewList(func() int { return len(v.rows) }, newDeadlineRow, func(i widget.ListItemID, o fyne.CanvasObject) {
		if i >= 0 && i < len(v.rows) {
			v.fillRow(o, &v.rows[i])
		}
	})
	v.list.OnSelected = func(i widget.ListItemID) {
		v.list.UnselectAll()
		if i >= 0 && i < len(v.rows) && v.onOpen != nil {
			v.onOpen(v.rows[i].caseID, v.rows[i].duty.Finding)
		}
	}
	v.measure = widget.NewLabel("")
	v.measure.Wrapping = fyne.TextWrapWord
	v.words = widget.NewRichText()
	v.words.Wrapping = fyne.TextWrapWord
	note := widget.NewLabel("The calendar file holds the open deadlines and what they are about. Keep it private, as you would the case.")
	note.Wrapping = fyne.TextWrapWord
	note.TextStyle.Italic = true
	top := container.NewBorder(nil, nil, nil, container.NewVBox(v.export), v.summary)
	list := container.New(&onWidthLayout{changed: v.fitRows}, v.list)
	v.body = container.NewBorder(container.NewVBox(container.NewPadded(top), widget.NewSeparator()),
		container.NewVBox(v.words, container.NewPadded(note)), nil, nil, list)

	heading := widget.NewLabelWithStyle("Deadlines", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	heading.SizeName = theme.SizeNameSubHeadingText
	msg := widget.NewLabel("")
	v.emptyMsg = msg
	msg.Wrapping = fyne.TextWrapWord
	msg.Alignment = fyne.TextAlignCenter
	v.empty = container.NewCenter(container.NewGridWrap(fyne.NewSize(520, 150), container.NewVBox(heading, msg)))
	v.content = container.NewStack(v.empty)
	v.SetItems(nil, casefile.Today(time.Now()))
	return v
}

// caseDuties is one case's duties, for ordering the cases.
type caseDuties struct {
	id, title, authority string
	duties               []casework.Duty
	overdue, open        int
	next                 casefile.Date // the soonest open date
}

// SetItems shows, as of asOf, each case's duties from items (every finding
// of every case): the cases where the council is overdue first, then by the
// soonest open date; within a case the council's duties, then the family's.
func (v *deadlinesView) SetItems(items []deadlineItem, asOf casefile.Date) {
	v.asOf = asOf
	var cases []*caseDuties
	byID := map[string]*caseDuties{}
	findings := map[string][]casefile.Finding{}
	for _, it := range items {
		if byID[it.CaseID] == nil {
			byID[it.CaseID] = &caseDuties{id: it.CaseID, title: it.CaseTitle, authority: it.Authority}
			cases = append(cases, byID[it.CaseID])
		}
		findings[it.CaseID] = append(findings[it.CaseID], it.Finding)
	}
	var passed, familyOpen, councilOpen, overdue int
	shown := cases[:0]
	for _, c := range cases {
		c.duties = casework.Duties(findings[c.id], asOf, casework.WhoseAll)
		if len(c.duties) == 0 {
			continue
		}
		for _, d := range c.duties {
			switch {
			case d.State == casework.Overdue:
				c.overdue++
				overdue++
			case d.State == casework.Passed:
				passed++
			case d.Council:
				councilOpen++
			default:
				familyOpen++
			}
			if d.State == casework.Open {
				c.open++
				if !d.Finding.Due.IsZero() && (c.next.IsZero() || d.Finding.Due.Before(c.next)) {
					c.next = d.Finding.Due
				}
			}
		}
		shown = append(shown, c)
	}
	sort.SliceStable(shown, func(i, j int) bool {
		a, b := shown[i], shown[j]
		if (a.overdue > 0) != (b.overdue > 0) {
			return a.overdue > 0
		}
		if a.next.IsZero() != b.next.IsZero() {
			return !a.next.IsZero()
		}
		return a.next.Before(b.next)
	})
	v.rows, v.items = v.rows[:0], v.items[:0]
	for _, c := range shown {
		v.rows = append(v.rows, deadlineRow{caseID: c.id, caseTitle: c.title, authority: c.authority, head: caseHeading(c)})
		for _, d := range c.duties {
			v.rows = append(v.rows, deadlineRow{caseID: c.id, caseTitle: c.title, authority: c.authority, duty: d})
			if d.State == casework.Open {
				v.items = append(v.items, deadlineItem{CaseID: c.id, CaseTitle: c.title, Authority: c.authority, Finding: d.Finding})
			}
		}
	}
	if len(v.rows) == 0 {
		// Only when no case has anything overdue, open or passed.
		v.emptyMsg.SetText("This page lists, case by case, what the council owes you and your own time limits. " +
			casework.NoDutiesText(casework.WhoseAll, asOf))
		v.content.Objects = []fyne.CanvasObject{v.empty}
		v.content.Refresh()
		return
	}
	v.summary.SetText(deadlinesSummary(asOf, len(shown), overdue, councilOpen, familyOpen, passed))
	v.export.Enable()
	if len(v.items) == 0 {
		v.export.Disable() // nothing ahead to put in a calendar
	}
	var text strings.Builder
	for _, r := range v.rows {
		if r.head == "" {
			rule, _ := v.cat.Rule(r.duty.Finding.Rule)
			text.WriteString(kit.SubjectOf(r.duty.Finding, rule) + " ")
		}
	}
	v.words.Segments = nil
	for _, t := range termsIn(text.String()) {
		v.words.Segments = append(v.words.Segments,
			&widget.TextSegment{Style: widget.RichTextStyleStrong, Text: t.word},
			&widget.TextSegment{Style: widget.RichTextStyleParagraph, Text: ": " + t.meaning})
	}
	v.words.Refresh()
	v.content.Objects = []fyne.CanvasObject{v.body}
	v.content.Refresh()
	v.measured = 0
	v.fitRows(v.list.Size().Width)
	v.list.Refresh()
	v.list.ScrollToTop()
}

// deadlinesSummary is the line above the list: what the council owes and is
// overdue first, then the family's own limits, open and passed.
func deadlinesSummary(asOf casefile.Date, cases, overdue, councilOpen, familyOpen, passed int) string {
	var council, family string
	switch {
	case overdue > 0 && councilOpen > 0:
		council = fmt.Sprintf("the council is overdue with %s it owes you and has %s still to take in time",
			kit.Plural(overdue, "thing", "things"), kit.Plural(councilOpen, "step", "steps"))
	case overdue > 0:
		council = fmt.Sprintf("the council is overdue with %s it owes you", kit.Plural(overdue, "thing", "things"))
	case councilOpen > 0:
		council = fmt.Sprintf("the council has %s still to take in time", kit.Plural(councilOpen, "step", "steps"))
	default:
		council = "the record shows nothing the council owes you"
	}
	is := func(n int, one, many string) string {
		if n == 1 {
			return "1 " + one
		}
		return fmt.Sprintf("%d %s", n, many)
	}
	switch {
	case familyOpen > 0 && passed > 0:
		family = fmt.Sprintf("of your own time limits, %s and %s", is(familyOpen, "is open", "are open"), is(passed, "has passed", "have passed"))
	case familyOpen > 0:
		family = fmt.Sprintf("of your own time limits, %s", is(familyOpen, "is open", "are open"))
	case passed > 0:
		family = fmt.Sprintf("of your own time limits, %s", is(passed, "has passed", "have passed"))
	default:
		family = "none of your own time limits is open or passed"
	}
	return fmt.Sprintf("As of %s, in %s: %s; %s. Click a line to open its case.", asOf.Long(), kit.Plural(cases, "case", "cases"), council, family)
}

// caseHeading names a case and says in a few words where it stands.
func caseHeading(c *caseDuties) string {
	title := c.title
	if title == "" {
		title = "Untitled case"
	}
	if c.authority != "" {
		title += " — " + c.authority
	}
	if c.overdue > 0 {
		title += "  ·  " + fmt.Sprintf("%d overdue", c.overdue)
	}
	return title
}

// dutyWord is a duty's state in one word, shown first in bold (never colour
// alone), on the Overview and in the Deadlines view.
func dutyWord(s casework.DutyState) string {
	switch s {
	case casework.Overdue:
		return "Overdue"
	case casework.Passed:
		return "Passed"
	}
	return "Open"
}

// dutyKind is how a duty is drawn: its finding's status, the family's
// passed limits as passed whatever the engine called them.
func dutyKind(d casework.Duty) kit.StatusKind {
	if d.State == casework.Passed {
		return kit.StatusFamilyPassed
	}
	return kit.KindOf(d.Finding, !d.Council)
}

// dutyText is a row's words: the duty, and, when it was worked out from the
// receiver's own event in a copy added from a pack, that it is not the
// family's record (measured and drawn the same, so the row fits).
func dutyText(d casework.Duty) string {
	if own := d.OwnEventWords(); own != "" {
		return d.Text + " " + own
	}
	return d.Text
}

func newDeadlineRow() fyne.CanvasObject {
	icon := widget.NewIcon(nil)
	state := widget.NewLabel("")
	state.TextStyle.Bold = true
	text := widget.NewLabel("")
	text.Wrapping = fyne.TextWrapWord
	head := widget.NewLabel("")
	head.TextStyle.Bold = true
	head.Truncation = fyne.TextTruncateEllipsis
	return container.New(dutyRowLayout{}, icon, state, text, head)
}

func (v *deadlinesView) fillRow(o fyne.CanvasObject, r *deadlineRow) {
	cells := o.(*fyne.Container).Objects
	icon, state := cells[0].(*widget.Icon), cells[1].(*widget.Label)
	text, head := cells[2].(*widget.Label), cells[3].(*widget.Label)
	if r.head != "" {
		head.SetText(r.head)
		head.Show()
		icon.Hide()
		state.Hide()
		text.Hide()
		relayout(o.(*fyne.Container))
		return
	}
	head.Hide()
	icon.SetResource(dutyKind(r.duty).Look().Icon)
	state.SetText(dutyWord(r.duty.State))
	text.SetText(dutyText(r.duty))
	icon.Show()
	state.Show()
	text.Show()
	relayout(o.(*fyne.Container))
}

// fitRows works out each row's height for the list's width w, so that a
// duty's words wrap instead of being cut. Heights are only worked out again
// when the width changes.
func (v *deadlinesView) fitRows(w float32) {
	if w <= 0 || w == v.measured {
		return
	}
	v.measured = w
	textW := max(w-dutyIconW-dutyStateW, 80)
	v.heights = v.heights[:0]
	for i, r := range v.rows {
		var h float32
		if r.head != "" {
			v.measure.SetText(r.head)
			v.measure.Resize(fyne.NewSize(w, 10))
			h = v.measure.MinSize().Height + theme.Padding()
		} else {
			v.measure.SetText(dutyText(r.duty))
			v.measure.Resize(fyne.NewSize(textW, 10))
			h = v.measure.MinSize().Height
		}
		v.heights = append(v.heights, h)
		v.list.SetItemHeight(i, h)
	}
}

// dutyRowLayout lays a row out: a case's heading across the row when shown;
// else the icon, the state word and the wrapped words side by side.
type dutyRowLayout struct{}

func (dutyRowLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	icon, state, text, head := objs[0], objs[1], objs[2], objs[3]
	if head.Visible() {
		h := head.MinSize().Height
		head.Move(fyne.NewPos(0, size.Height-h))
		head.Resize(fyne.NewSize(size.Width, h))
		return
	}
	is := icon.MinSize()
	sh := state.MinSize().Height
	icon.Move(fyne.NewPos((dutyIconW-is.Width)/2, (sh-is.Height)/2))
	icon.Resize(is)
	state.Move(fyne.NewPos(dutyIconW, 0))
	state.Resize(fyne.NewSize(dutyStateW, sh))
	text.Move(fyne.NewPos(dutyIconW+dutyStateW, 0))
	text.Resize(fyne.NewSize(max(size.Width-dutyIconW-dutyStateW, 80), size.Height))
}

func (dutyRowLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	h := objs[1].MinSize().Height
	if objs[3].Visible() {
		h = objs[3].MinSize().Height
	}
	return fyne.NewSize(dutyIconW+dutyStateW+80, h)
}

// onWidthLayout fills its one object and tells changed the width it was
// given, so that rows whose height depends on the width are fitted again.
type onWidthLayout struct{ changed func(w float32) }

func (l *onWidthLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	l.changed(size.Width)
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

func (l *onWidthLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		s = s.Max(o.MinSize())
	}
	return s
}

func (v *deadlinesView) onExport() {
	v.save(v.win, "redress-deadlines.ics", []string{".ics"}, func(path string) {
		v.saveTo(withExt(path, ".ics", []string{".ics"}))
	})
}

// saveTo writes the calendar file to path, the place chosen in the save
// dialog, off the UI goroutine, as the other exports are written (whole or
// not at all, readable only by the person).
func (v *deadlinesView) saveTo(path string) {
	data := v.calendar()
	kit.Background(func() error {
		return writeExport(context.Background(), path, func(_ context.Context, w io.Writer) error {
			_, err := w.Write(data)
			return err
		})
	}, func(err error) {
		if err != nil {
			dialog.ShowInformation("The calendar file was not saved",
				"Redress could not write the file. Check there is space on the disk and that you can save in that folder, then try again.", v.win)
			return
		}
		dialog.ShowInformation("Calendar file saved",
			fmt.Sprintf("%s is saved. Open it with your calendar app to add the deadlines.", filepath.Base(path)), v.win)
	})
}

// calendar is the iCalendar file of the deadlines shown.
func (v *deadlinesView) calendar() []byte {
	items := make([]checks.ICSItem, len(v.items))
	for i, it := range v.items {
		items[i] = checks.ICSItem{CaseTitle: it.CaseTitle, Authority: it.Authority, Label: it.CaseTitle, Finding: it.Finding}
	}
	var b bytes.Buffer
	_ = checks.WriteICS(&b, v.version, items, v.now()) // a bytes.Buffer does not fail
	return b.Bytes()
}
