package ui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/store"
)

// The journal benchmarks use a case with 10,000 notes (about 300 characters
// each, a kind, one or two people) in a 1180x760 window of Fyne's test
// driver. Scrolling moves the list by 40 points per operation, as a mouse
// wheel does between two frames, back and forth; -Paint variants also draw the
// window with the software painter. The peer is a widget.List of 10,000
// plain labels scrolled the same way.

const journalBenchNotes = 10000

var journalBenchCase *caseState

func journalCase() *caseState {
	if journalBenchCase != nil {
		return journalBenchCase
	}
	words := strings.Fields("the social worker rang about the visit and said the conference would be held next week " +
		"she asked whether the baby had seen the GP and whether the health visitor had been told about the marks " +
		"we said we would send the photos by email and asked for the minutes of the strategy discussion")
	c := &casefile.Case{Title: "Bench", People: []casefile.Person{{ID: "p1", Name: "Ms Green", Role: "Social worker"},
		{ID: "p2", Name: "Mr Brown", Role: "Team manager"}}}
	start := time.Date(2020, 1, 1, 9, 0, 0, 0, time.UTC)
	for i := 0; i < journalBenchNotes; i++ {
		var b strings.Builder
		for j := 0; b.Len() < 300; j++ {
			b.WriteString(words[(i*7+j*3)%len(words)])
			b.WriteByte(' ')
		}
		at := start.Add(time.Duration(i) * 5 * time.Hour)
		n := casefile.Note{ID: fmt.Sprintf("n%d", i+1), Occurred: at, Recorded: at.Add(time.Hour),
			Kind: casefile.NoteKinds[i%len(casefile.NoteKinds)], People: []string{"p1"}, Text: b.String()}
		if i%3 == 0 {
			n.People = append(n.People, "p2")
		}
		c.Notes = append(c.Notes, n)
	}
	journalBenchCase = (&caseState{info: store.CaseInfo{ID: "bench", Title: "Bench"}, c: c, asOf: casefile.MustDate("2026-01-01")}).prepare()
	return journalBenchCase
}

// journalBenchTab is a Journal tab in a window, without a vault.
func journalBenchTab(b *testing.B) (*journalTab, fyne.Window) {
	a := test.NewTempApp(b)
	w := a.NewWindow("bench")
	d := &desk{app: a, win: w, now: func() time.Time { return startTime }}
	s := &shell{d: d}
	t := newJournalTab(s)
	w.SetContent(t.content)
	w.Resize(fyne.NewSize(1180, 760))
	t.show(journalCase())
	return t, w
}

// BenchmarkJournalOrder10k is the part of loading a case done off the UI
// goroutine for the journal: sorting 10,000 notes and lower-casing them.
func BenchmarkJournalOrder10k(b *testing.B) {
	cs := journalCase()
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		journalOrder(cs.c.Notes)
	}
}

// BenchmarkJournalShow10k is what showing the journal of a 10,000-note case
// costs on the UI goroutine after every save: filtering and refreshing the list.
func BenchmarkJournalShow10k(b *testing.B) {
	t, _ := journalBenchTab(b)
	cs := journalCase()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t.cs = nil
		t.show(cs)
	}
}

// BenchmarkJournalFind10k is one keystroke in "Find in the journal".
func BenchmarkJournalFind10k(b *testing.B) {
	t, _ := journalBenchTab(b)
	queries := []string{"strategy", "strategy disc", "photos", "photos email", "conference"}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t.find.Text = queries[i%len(queries)]
		t.applyFilters()
	}
}

// journalStep is the scroll step for operation i: 40 points one way for 400
// operations, then back.
func journalStep(i int) float32 {
	if (i/400)%2 == 1 {
		return -40
	}
	return 40
}

func benchJournalScroll(b *testing.B, paint bool) {
	t, w := journalBenchTab(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t.list.ScrollToOffset(t.list.GetScrollOffset() + journalStep(i))
		if paint {
			w.Canvas().Capture()
		}
	}
}

func BenchmarkJournalScroll10k(b *testing.B)      { benchJournalScroll(b, false) }
func BenchmarkJournalScroll10kPaint(b *testing.B) { benchJournalScroll(b, true) }

func benchJournalPeer(b *testing.B, paint bool) {
	a := test.NewTempApp(b)
	l := widget.NewList(func() int { return journalBenchNotes }, func() fyne.CanvasObject { return widget.NewLabel("") },
		func(i widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(fmt.Sprintf("Entry %d", i)) })
	w := a.NewWindow("bench")
	w.SetContent(l)
	w.Resize(fyne.NewSize(1180, 760))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		l.ScrollToOffset(l.GetScrollOffset() + journalStep(i))
		if paint {
			w.Canvas().Capture()
		}
	}
}

func BenchmarkJournalPeerLabels10k(b *testing.B)      { benchJournalPeer(b, false) }
func BenchmarkJournalPeerLabels10kPaint(b *testing.B) { benchJournalPeer(b, true) }
