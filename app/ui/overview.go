package ui

import (
	"fmt"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/redress-app/redress/app/casework"
	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/checks"
)

// overviewTab is the first tab of a case: who it is about, what to do next,
// the next deadlines and what may have gone wrong, in plain words. The full
// findings, with their sources, are in the Checks tab.
type overviewTab struct {
	s       *shell
	title   *widget.Label
	meta    *widget.Label
	kids    *widget.Label
	body    *fyne.Container
	content fyne.CanvasObject
}

func newOverviewTab(s *shell) *overviewTab {
	o := &overviewTab{s: s}
	o.title = heading("")
	o.title.SizeName = theme.SizeNameHeadingText
	o.meta = widget.NewLabel("")
	o.meta.Wrapping = fyne.TextWrapWord
	o.kids = para("")
	o.body = container.NewVBox()
	edit := widget.NewButtonWithIcon("Edit case details", theme.DocumentCreateIcon(), s.showDetails)
	note := widget.NewButtonWithIcon("New journal entry  (Ctrl+N)", theme.ContentAddIcon(), s.onNewNote)
	event := widget.NewButtonWithIcon("Record what the council did  (Ctrl+E)", theme.ContentAddIcon(), s.onNewEvent)
	head := container.NewBorder(nil, nil, nil, container.NewVBox(edit), container.NewVBox(o.title, o.meta, o.kids))
	o.content = container.NewVScroll(container.NewPadded(container.NewVBox(head,
		container.NewHBox(note, event), widget.NewSeparator(), o.body)))
	return o
}

func (o *overviewTab) show(cs *caseState) {
	c := cs.c
	o.title.SetText(c.Title)
	council := c.Authority
	if council == "" {
		council = "not recorded yet (Edit case details)"
	}
	o.meta.SetText(fmt.Sprintf("Council: %s  ·  %s  ·  %s  ·  %s", council,
		countWords(len(c.Notes), "journal entry", "journal entries"), countWords(len(c.Events), "event", "events"),
		countWords(len(c.Documents), "document", "documents")))
	o.kids.SetText(childrenLine(c.Children))
	o.body.Objects = overviewSections(o.s.d.cat, cs)
	o.body.Refresh()
}

// overviewSections are the Overview's words: what to do next, the next
// deadlines, and what may have gone wrong.
func overviewSections(cat *checks.Catalogue, cs *caseState) []fyne.CanvasObject {
	c, asOf := cs.c, cs.asOf
	var due, wrong, info []casefile.Finding
	for _, f := range cs.findings {
		switch f.Status {
		case casefile.StatusDue:
			due = append(due, f)
		case casefile.StatusBreach, casefile.StatusConcern:
			wrong = append(wrong, f)
		case casefile.StatusNeedsInfo:
			info = append(info, f)
		}
	}
	sort.SliceStable(due, func(i, j int) bool { return due[i].Due.Before(due[j].Due) })

	var out []fyne.CanvasObject
	section := func(title string) {
		out = append(out, layoutSpacer(6), widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	}
	section("What to do next")
	said := map[string]bool{} // two rules can lead to the same step, said once
	for _, n := range cs.next {
		if said[n.Text] {
			continue
		}
		said[n.Text] = true
		line := n.Text
		if n.Draft != "" {
			line += " A draft is ready in the Letters tab."
		}
		out = append(out, para(line))
	}
	switch {
	case len(c.Events) <= 1 && len(c.Notes) == 0:
		out = append(out, para("Add what happened in the order it happened. You can attach letters, emails and photos to each entry."),
			para("Use the Journal for what you saw, heard and were told, and Events for each step the council took."))
	case len(c.Events) == 0:
		out = append(out, para("Record the steps the council took as events (Ctrl+E): the referral, visits, meetings, decisions. "+
			"Redress checks events against the time limits the council must keep."))
	default:
		if len(wrong) > 0 {
			out = append(out, para(fmt.Sprintf("Redress found %s that may have gone wrong (below). Each one says why, and which rule or guidance it comes from. "+
				"You can use them in a complaint.", countWords(len(wrong), "thing", "things"))))
		}
		if len(due) > 0 && len(cs.next) == 0 {
			out = append(out, para("Keep an eye on the dates below. When one passes, Redress will say so here."))
		}
		if len(info) > 0 {
			out = append(out, para(fmt.Sprintf("Redress needs more information to check %s: see below.", countWords(len(info), "step", "steps"))))
		}
		if len(wrong) == 0 && len(due) == 0 && len(info) == 0 && len(cs.next) == 0 {
			out = append(out, para("Nothing open. Keep adding what happens, in the order it happens."))
		}
	}

	section("Deadlines")
	duties := casework.Duties(cs.findings, asOf, casework.WhoseAll)
	if len(duties) == 0 {
		out = append(out, para(casework.NoDutiesText(casework.WhoseAll, asOf)))
	}
	for _, d := range duties {
		out = append(out, dutyLine(d))
	}

	section("What may have gone wrong")
	if len(wrong) == 0 {
		out = append(out, para("Nothing found so far."))
	}
	for _, f := range wrong {
		out = append(out, findingLine(checks.StatusWord(f.Status, false), f.Title, withOwnWords(wrongWords(f), casework.OwnEventWords(f))))
	}

	if len(info) > 0 {
		section("Need more information")
		for _, f := range info {
			out = append(out, findingLine(checks.StatusWord(f.Status, false), f.Title, casework.OwnEventWords(f)))
		}
	}
	out = append(out, layoutSpacer(6), small(fmt.Sprintf("Checked as of %s. Dates count working days (not weekends or bank holidays in England and Wales).", asOf.Long())))
	return out
}

// dutyLine is one of Duties' lines, its state in words first in bold
// (never colour alone): what the council owes and is overdue, what it must
// do by a date, the family's own limits open and passed.
func dutyLine(d casework.Duty) fyne.CanvasObject {
	head := dutyWord(d.State)
	t := widget.NewRichText(
		&widget.TextSegment{Text: head + ":  ", Style: widget.RichTextStyle{Inline: true, TextStyle: fyne.TextStyle{Bold: true}}},
		&widget.TextSegment{Text: d.Text, Style: widget.RichTextStyleInline},
	)
	if own := d.OwnEventWords(); own != "" {
		t.Segments = append(t.Segments, &widget.TextSegment{Text: "  " + own, Style: widget.RichTextStyle{Inline: true, TextStyle: fyne.TextStyle{Italic: true}}})
	}
	t.Wrapping = fyne.TextWrapWord
	return t
}

// withOwnWords adds to a finding line's when the words that say it was
// worked out from the receiver's own event (casework.OwnEventWords), if any.
func withOwnWords(when, own string) string {
	switch {
	case own == "":
		return when
	case when == "":
		return own
	}
	return when + ". " + own
}

// findingLine is one finding as a line, its status in words first (never
// colour alone). A finding's title usually starts with its status ("Late:
// ...", "Your deadline: ..."): that part is shown in bold; otherwise the
// status word is put first.
func findingLine(status, title, when string) fyne.CanvasObject {
	head, rest, ok := strings.Cut(title, ": ")
	if !ok || len(head) > 40 {
		head, rest = status, title
	}
	t := widget.NewRichText(
		&widget.TextSegment{Text: head + ":  ", Style: widget.RichTextStyle{Inline: true, TextStyle: fyne.TextStyle{Bold: true}}},
		&widget.TextSegment{Text: rest, Style: widget.RichTextStyleInline},
	)
	if when != "" {
		t.Segments = append(t.Segments, &widget.TextSegment{Text: "  —  " + when, Style: widget.RichTextStyle{Inline: true, TextStyle: fyne.TextStyle{Italic: true}}})
	}
	t.Wrapping = fyne.TextWrapWord
	return t
}

// wrongWords says when a late or missed step was due and when it happened.
func wrongWords(f casefile.Finding) string {
	s := ""
	if !f.Due.IsZero() {
		s = "due by " + f.Due.Long()
	}
	if !f.DoneDate.IsZero() {
		s += ", done " + f.DoneDate.Long()
	}
	if f.WorkingDaysLate > 0 {
		s += fmt.Sprintf(" (%s late)", countWords(f.WorkingDaysLate, "working day", "working days"))
	}
	return s
}
