package bundle

import (
	"bytes"
	"fmt"
	"time"

	"github.com/redress-app/redress/casefile"
)

// NoteEntry is one entry of the family's journal as a bundle prints it: a
// contemporaneous note, with when what it records happened and when it was
// written, and every earlier version when it was amended.
type NoteEntry struct {
	ID       string
	Occurred time.Time // when it happened
	Recorded time.Time // when this version was written
	Kind     string    // "phone call", "visit" ...; "" when not given
	Text     string
	// Earlier are the versions it replaced, oldest first: an amendment is
	// shown, never hidden.
	Earlier []NoteVersion
}

// NoteVersion is an earlier version of an amended note.
type NoteVersion struct {
	Occurred time.Time
	Recorded time.Time
	Text     string
}

// notesZone is where the journal's times are printed: the family's own.
var notesZone = casefile.London

// noteTime prints a time as the journal does, in England: "3 Feb 2026, 18:40".
func noteTime(t time.Time) string {
	if t.IsZero() {
		return "not recorded"
	}
	return t.In(notesZone).Format("2 Jan 2006, 15:04")
}

// NotesPDF lays out the family's journal entries as a document for a bundle
// section: a heading and, for each entry in the order given, when it
// happened, when it was written, its text, and its earlier versions with when
// each was written. It returns the PDF and the page (from 1) each entry
// starts on, so that the chronology can point at it. created dates the PDF,
// so that the same entries always give the same bytes.
func NotesPDF(title string, entries []NoteEntry, created time.Time) ([]byte, map[string]int, error) {
	f := NewPDF(title, created)
	f.AddPage()
	w := a4W - 2*marginLR
	colour := func(c [3]int) { f.SetTextColor(c[0], c[1], c[2]) }
	para := func(style string, size, h float64, s string, c [3]int) {
		f.SetFont(fontFamily, style, size)
		colour(c)
		f.SetX(marginLR)
		f.MultiCell(w, h, safe(s), "", "L", false)
	}
	para("B", 16, 7.5, title, navy)
	f.SetDrawColor(rule[0], rule[1], rule[2])
	f.SetLineWidth(0.3)
	f.Line(marginLR, f.GetY()+1.5, marginLR+w, f.GetY()+1.5)
	f.Ln(5)
	para("", 9.5, 4.8, "The family’s own notes, written at the time and kept in Redress’s journal. Each note gives when what it records happened and when the note was written. Where a note was changed after it was first written, every earlier version is printed under it with when it was written.", muted)
	f.Ln(3)
	pages := map[string]int{}
	if len(entries) == 0 {
		para("I", 9.5, 5, "No notes were chosen for this bundle.", muted)
	}
	for _, e := range entries {
		// An entry's heading is never left alone at the foot of a page.
		if f.GetY()+20 > a4H-marginBot {
			f.AddPage()
		}
		pages[e.ID] = f.PageNo()
		f.SetFillColor(shade[0], shade[1], shade[2])
		f.SetFont(fontFamily, "B", 9.5)
		colour(ink)
		f.SetX(marginLR)
		head := "Happened: " + noteTime(e.Occurred) + "     Written: " + noteTime(e.Recorded)
		if e.Kind != "" {
			head += "     " + e.Kind
		}
		f.CellFormat(w, 6, safe(head), "", 1, "L", true, 0, "")
		f.Ln(1.5)
		para("", 10, 5, e.Text, ink)
		for i, v := range e.Earlier {
			f.Ln(1.5)
			what := fmt.Sprintf("Earlier version %d of %d, written %s", i+1, len(e.Earlier), noteTime(v.Recorded))
			if !v.Occurred.Equal(e.Occurred) && !v.Occurred.IsZero() {
				what += "; it gave the time it happened as " + noteTime(v.Occurred)
			}
			para("I", 8.5, 4.4, what+":", muted)
			para("", 9, 4.6, v.Text, muted)
		}
		f.Ln(4)
	}
	if err := f.Error(); err != nil {
		return nil, nil, fmt.Errorf("lay out the family's notes: %w", err)
	}
	var buf bytes.Buffer
	if err := f.Output(&buf); err != nil {
		return nil, nil, fmt.Errorf("lay out the family's notes: %w", err)
	}
	return buf.Bytes(), pages, nil
}
