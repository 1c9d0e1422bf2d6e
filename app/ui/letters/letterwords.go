package letters

import (
	"errors"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/redress-app/redress/app/ui/kit"
	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/letters"
)

// This file holds the Letters room's words and small widgets: the kinds of letter and the complaints procedures in
// plain words, errors as sentences, and reading a date as people type it.

// letterKind is a kind of letter as the Letters tab offers it.
type letterKind struct {
	kind  letters.Kind
	label string // what the choice says
	note  string // one sentence on when to use it
}

// letterKinds are the letters Redress drafts, in the order they are offered.
var letterKinds = []letterKind{
	{letters.Stage1, "Stage 1 complaint",
		"Your complaint to the council, point by point, saying what went wrong and what you are asking for."},
	{letters.Stage2, "Ask for a stage 2 investigation",
		"When the answer to your stage 1 complaint did not put things right, or did not come in time."},
	{letters.Stage3, "Ask for a review panel (stage 3)",
		"When stage 2 did not put things right: a panel with independent members looks at your complaint. Only the Children Act 1989 procedure has this stage."},
	{letters.LGSCO, "Complaint to the Ombudsman",
		"To the Local Government and Social Care Ombudsman, normally once the council's own complaints process has finished."},
	{letters.SAR, "Ask for your records (subject access request)",
		"Asks the council for a copy of the personal information it holds about you."},
	{letters.SARChase, "Chase your records request",
		"Reminds the council of the request you made and how overdue its reply is. It is not a new request, so it does not give the council a fresh month."},
	{letters.ICO, "Complaint to the Information Commissioner",
		"When the council has not answered your request for your records. The Information Commissioner expects you to have chased the council first."},
	{letters.Rectification, "Ask for records to be corrected",
		"When the council's records about you say something wrong or leave something out."},
	{letters.JRLetter, "Letter before claim (judicial review) — for a solicitor to check",
		"The formal letter that comes before a claim asking the High Court to review a decision. Have a solicitor check it before it is sent."},
}

// kindInfo returns how kind k is offered.
func kindInfo(k letters.Kind) letterKind {
	for _, lk := range letterKinds {
		if lk.kind == k {
			return lk
		}
	}
	return letterKind{kind: k, label: k.Label()}
}

// kindName is a kind of letter as a list names it: "Stage 1 complaint".
func kindName(k letters.Kind, p letters.Procedure) string {
	name := kindInfo(k).label
	if i := strings.Index(name, " — "); i >= 0 {
		name = name[:i]
	}
	if k.Staged() {
		switch p {
		case letters.Corporate:
			name += " (council's own procedure)"
		case letters.Conference:
			name += " (conference complaints)"
		default:
			name += " (Children Act 1989 procedure)"
		}
	}
	return name
}

// letterProcedure is a complaints procedure as the Letters tab offers it.
type letterProcedure struct {
	proc  letters.Procedure
	label string
	note  string // one sentence on what it is for
}

// letterProcedures are the three complaints procedures (DESIGN section 6;
// REFERENCE.md section 4), each explained in one sentence.
var letterProcedures = []letterProcedure{
	{letters.Corporate, "The council's own complaints procedure",
		"Where complaints about section 47 enquiries and other child protection work go: the Children Act 1989 procedure does not cover them."},
	{letters.Statutory, "The Children Act 1989 complaints procedure",
		"For children's services' work such as assessments and services for children in need: three stages, with time limits set in regulations."},
	{letters.Conference, "The safeguarding partnership's conference complaints procedure",
		"For complaints about a child protection conference, how it was run or what it decided. Time limits vary from area to area."},
}

func procedureInfo(p letters.Procedure) letterProcedure {
	if p == "" {
		p = letters.Statutory
	}
	for _, lp := range letterProcedures {
		if lp.proc == p {
			return lp
		}
	}
	return letterProcedure{proc: p, label: string(p)}
}

var errDayWords = errors.New("write the date like 6 November 2025 or 06/11/2025")

// readDay reads a day as people type it: "6 November 2025", "6 Nov 2025",
// "Thursday 6th November 2025", "06/11/2025", "6/11/25", "2025-11-06",
// "today" or "yesterday". Numbers are day first, as in England. It is the
// app's one date reader (parseDay), with an empty field an error too.
func readDay(s string, today casefile.Date) (casefile.Date, error) {
	if strings.TrimSpace(s) == "" {
		return casefile.Date{}, errDayWords
	}
	d, err := kit.ParseDay(s, today)
	if err != nil {
		return casefile.Date{}, fmt.Errorf("%v: %w", err, errDayWords)
	}
	return d, nil
}

// dayEntry is a field for a date, shown as "6 November 2025".
type dayEntry struct {
	*kit.Field
	today func() casefile.Date
	hint  *widget.Label // says what is wrong, or what the date reads as
}

func newDayEntry(today func() casefile.Date, d casefile.Date) *dayEntry {
	e := &dayEntry{Field: kit.NewField(""), today: today, hint: widget.NewLabel("")}
	e.hint.TextStyle.Italic = true
	e.hint.SizeName = theme.SizeNameCaptionText
	e.Entry.SetPlaceHolder("for example 6 November 2025")
	e.Entry.SetText(d.Long())
	e.Entry.OnChanged = func(string) { e.check() }
	return e
}

// Day returns the date typed, or an error saying how to write it.
func (e *dayEntry) Day() (casefile.Date, error) { return readDay(e.Entry.Text, e.today()) }

func (e *dayEntry) check() {
	d, err := e.Day()
	switch {
	case err != nil:
		e.hint.SetText("Write the date like 6 November 2025 or 06/11/2025.")
		e.hint.Importance = widget.DangerImportance
	case d.Long() != strings.TrimSpace(e.Entry.Text):
		e.hint.SetText(d.Weekday().String() + " " + d.Long())
		e.hint.Importance = widget.MediumImportance
	default:
		e.hint.SetText("")
	}
	e.hint.Refresh()
}

// fixedHeightLayout gives its object a fixed height and the full width.
type fixedHeightLayout struct{ h float32 }

func (l fixedHeightLayout) Layout(objs []fyne.CanvasObject, s fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(s)
	}
}

func (l fixedHeightLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var w float32
	for _, o := range objs {
		w = max(w, o.MinSize().Width)
	}
	return fyne.NewSize(w, l.h)
}
