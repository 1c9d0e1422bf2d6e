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

	"github.com/redress-app/redress/app/ui/kit"
	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/checks"
)

// deadlineItem is one open deadline for the Deadlines view: a finding that is
// due (the council's step, or the family's own time limit) and its case.
type deadlineItem struct {
	CaseID    string
	CaseTitle string
	Authority string
	Finding   casefile.Finding
}

// deadlinesView lists everything due across the vault's cases, soonest first,
// and exports it to a calendar file.
type deadlinesView struct {
	win     fyne.Window
	cat     *checks.Catalogue
	onOpen  func(caseID string, f casefile.Finding)
	version string           // for the calendar file's PRODID
	now     func() time.Time // stamps the calendar file; tests fix it
	save    savePicker       // asks where to save the calendar file

	items []deadlineItem
	asOf  casefile.Date

	content *fyne.Container
	empty   fyne.CanvasObject
	body    fyne.CanvasObject
	summary *widget.Label
	words   *widget.RichText // the legal terms in the rows, explained
	export  *widget.Button
	list    *widget.List
}

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
	v.list = widget.NewList(func() int { return len(v.items) }, newDeadlineRow, func(i widget.ListItemID, o fyne.CanvasObject) {
		if i >= 0 && i < len(v.items) {
			v.fillRow(o, &v.items[i])
		}
	})
	v.list.OnSelected = func(i widget.ListItemID) {
		v.list.UnselectAll()
		if i >= 0 && i < len(v.items) && v.onOpen != nil {
			v.onOpen(v.items[i].CaseID, v.items[i].Finding)
		}
	}
	v.words = widget.NewRichText()
	v.words.Wrapping = fyne.TextWrapWord
	note := widget.NewLabel("The calendar file holds the deadlines and what they are about. Keep it private, as you would the case.")
	note.Wrapping = fyne.TextWrapWord
	note.TextStyle.Italic = true
	top := container.NewBorder(nil, nil, nil, container.NewVBox(v.export), v.summary)
	v.body = container.NewBorder(container.NewVBox(container.NewPadded(top), widget.NewSeparator()),
		container.NewVBox(v.words, container.NewPadded(note)), nil, nil, v.list)

	heading := widget.NewLabelWithStyle("Deadlines", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	heading.SizeName = theme.SizeNameSubHeadingText
	msg := widget.NewLabel("This page lists every date coming up across your cases: the steps the council still has to take, " +
		"and your own time limits, soonest first. There are none open at the moment.")
	msg.Wrapping = fyne.TextWrapWord
	msg.Alignment = fyne.TextAlignCenter
	v.empty = container.NewCenter(container.NewGridWrap(fyne.NewSize(520, 150), container.NewVBox(heading, msg)))
	v.content = container.NewStack(v.empty)
	return v
}

// SetItems shows the open deadlines items as of asOf. Items that are not due
// are left out; the rest are sorted soonest first.
func (v *deadlinesView) SetItems(items []deadlineItem, asOf casefile.Date) {
	v.asOf = asOf
	v.items = v.items[:0]
	for _, it := range items {
		if it.Finding.Status == casefile.StatusDue {
			v.items = append(v.items, it)
		}
	}
	sort.SliceStable(v.items, func(i, j int) bool {
		a, b := v.items[i].Finding.Due, v.items[j].Finding.Due
		if a.IsZero() != b.IsZero() {
			return !a.IsZero()
		}
		return a.Before(b)
	})
	if len(v.items) == 0 {
		v.content.Objects = []fyne.CanvasObject{v.empty}
		v.content.Refresh()
		return
	}
	cases := map[string]bool{}
	for _, it := range v.items {
		cases[it.CaseID] = true
	}
	v.summary.SetText(fmt.Sprintf("%s across %s, soonest first, as of %s. Click one to open its case.",
		kit.Plural(len(v.items), "open deadline", "open deadlines"), kit.Plural(len(cases), "case", "cases"), asOf.Long()))
	var text strings.Builder
	for _, it := range v.items {
		r, _ := v.cat.Rule(it.Finding.Rule)
		text.WriteString(kit.SubjectOf(it.Finding, r) + " ")
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
	v.list.Refresh()
	v.list.ScrollToTop()
}

func newDeadlineRow() fyne.CanvasObject {
	icon := widget.NewIcon(nil)
	date := widget.NewLabel("")
	date.TextStyle.Bold = true
	what := widget.NewLabel("")
	what.Truncation = fyne.TextTruncateEllipsis
	left := widget.NewLabel("")
	left.Alignment = fyne.TextAlignTrailing
	left.Truncation = fyne.TextTruncateEllipsis
	return container.New(&columnsLayout{widths: []float32{28, 160, -1, 320}}, icon, date, what, left)
}

func (v *deadlinesView) fillRow(o fyne.CanvasObject, it *deadlineItem) {
	cells := o.(*fyne.Container).Objects
	icon, date := cells[0].(*widget.Icon), cells[1].(*widget.Label)
	what, left := cells[2].(*widget.Label), cells[3].(*widget.Label)

	f := it.Finding
	r, _ := v.cat.Rule(f.Rule)
	k := kit.KindOf(f, r != nil && r.Family())
	icon.SetResource(k.Look().Icon)
	when := "No fixed date"
	if !f.Due.IsZero() {
		when = f.Due.Long()
	}
	date.SetText(when)
	title := it.CaseTitle
	if title == "" {
		title = "Untitled case"
	}
	what.SetText(kit.SubjectOf(f, r) + " — " + title)
	words := kit.StatusLine(k, kit.TimeWords(f, r, v.cat.Calendar, v.asOf))
	if !f.WarnFrom.IsZero() && !v.asOf.Before(f.WarnFrom) {
		words += " · act promptly"
	}
	left.SetText(words)
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

// columnsLayout lays objects out side by side: fixed widths, and one column
// (width -1) taking what is left.
type columnsLayout struct{ widths []float32 }

func (l *columnsLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	flex := size.Width
	for _, w := range l.widths {
		if w > 0 {
			flex -= w
		}
	}
	flex = max(flex, 40)
	x := float32(0)
	for i, o := range objs {
		w := l.widths[i]
		if w < 0 {
			w = flex
		}
		h := size.Height
		if _, ok := o.(*widget.Icon); ok { // icons keep their size, centred
			s := o.MinSize()
			o.Move(fyne.NewPos(x+(w-s.Width)/2, (h-s.Height)/2))
			o.Resize(s)
		} else {
			o.Move(fyne.NewPos(x, 0))
			o.Resize(fyne.NewSize(w, h))
		}
		x += w
	}
}

func (l *columnsLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var w, h float32
	for i, o := range objs {
		m := o.MinSize()
		if l.widths[i] > 0 {
			w += l.widths[i]
		} else {
			w += 40
		}
		h = max(h, m.Height)
	}
	return fyne.NewSize(w, h)
}
