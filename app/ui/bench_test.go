package ui

import (
	"fmt"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/redress-app/redress/app/ui/internal/timeline"
	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/checks"
)

// The scrolling benchmarks move each view by one step per operation, as a
// mouse wheel or a drag does between two frames, in a 1100x700 window of
// Fyne's test driver: an operation is the update (which objects are shown,
// where, with what text) and, in the -Paint variants, drawing the window with
// Fyne's software painter too. The peers are widget.Lists of the same 10,000
// entries scrolled by the same steps.

const benchEvents = 10000

var benchSize = fyne.NewSize(1100, 700)

type benchCase struct {
	c    *casefile.Case
	fds  []casefile.Finding
	asOf casefile.Date
}

var bigBench *benchCase

func loadBench(b *testing.B) *benchCase {
	if bigBench == nil {
		c := bigCase(benchEvents)
		asOf := c.Events[len(c.Events)-1].Date
		bigBench = &benchCase{c, checks.Run(checks.Default(), c, asOf), asOf}
	}
	return bigBench
}

func benchTimeline(b *testing.B) (*timeline.Timeline, fyne.Window) {
	bc := loadBench(b)
	a := newTestApp(b, theme.VariantLight)
	v := newTimelineView(checks.Default(), nil, nil)
	w := a.NewWindow("bench")
	w.SetContent(v.content)
	w.Resize(benchSize)
	v.SetCase(bc.c, bc.fds, bc.asOf)
	return v.tl, w
}

// bounce returns the step for operation i: steps one way for n operations,
// then back, so that a long run stays on the case.
func bounce(i, n int, step float32) float32 {
	if (i/n)%2 == 1 {
		return -step
	}
	return step
}

func benchTimelinePan(b *testing.B, paint bool) {
	tl, w := benchTimeline(b)
	test.WidgetRenderer(tl)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		tl.Pan(bounce(i, 400, 40), 0)
		if paint {
			w.Canvas().Capture()
		}
	}
	b.ReportMetric(float64(tl.Drawn().Objects), "objects")
}

func BenchmarkTimelinePan(b *testing.B)      { benchTimelinePan(b, false) }
func BenchmarkTimelinePanPaint(b *testing.B) { benchTimelinePan(b, true) }

// BenchmarkTimelineZoom zooms in and out by one step, which packs the clocks
// into rows again.
func BenchmarkTimelineZoom(b *testing.B) {
	tl, _ := benchTimeline(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		f := 1.25
		if i%2 == 1 {
			f = 1 / f
		}
		tl.ZoomAt(f, 600)
	}
}

// BenchmarkTimelineSetCase builds the timeline's model of a 10,000-event case.
func BenchmarkTimelineSetCase(b *testing.B) {
	bc := loadBench(b)
	tl, _ := benchTimeline(b)
	cat := checks.Default()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		tl.SetLanes(caseLanes(bc.c, bc.fds, cat, bc.asOf), bc.asOf.Time(), "As of "+bc.asOf.Long())
	}
}

func benchFindingsScroll(b *testing.B, paint bool) {
	bc := loadBench(b)
	a := newTestApp(b, theme.VariantLight)
	v := newFindingsView(checks.Default(), nil, nil, nil)
	w := a.NewWindow("bench")
	w.SetContent(v.content)
	w.Resize(benchSize)
	v.SetCase(bc.c, bc.fds, bc.asOf)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		v.list.ScrollToOffset(v.list.GetScrollOffset() + bounce(i, 400, 40))
		if paint {
			w.Canvas().Capture()
		}
	}
	b.ReportMetric(float64(len(v.rows)), "rows")
}

func BenchmarkFindingsScroll(b *testing.B)      { benchFindingsScroll(b, false) }
func BenchmarkFindingsScrollPaint(b *testing.B) { benchFindingsScroll(b, true) }

// benchList scrolls a widget.List of 10,000 rows made by create and fill.
func benchList(b *testing.B, paint bool, create func() fyne.CanvasObject, fill func(int, fyne.CanvasObject)) {
	a := newTestApp(b, theme.VariantLight)
	l := widget.NewList(func() int { return benchEvents }, create, fill)
	w := a.NewWindow("bench")
	w.SetContent(l)
	w.Resize(benchSize)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		l.ScrollToOffset(l.GetScrollOffset() + bounce(i, 400, 40))
		if paint {
			w.Canvas().Capture()
		}
	}
}

var benchLabels = func() []string {
	s := make([]string, benchEvents)
	for i := range s {
		s[i] = fmt.Sprintf("Entry %d: a note of a telephone call with the social worker", i)
	}
	return s
}()

func labelRow() fyne.CanvasObject { return widget.NewLabel("") }

func fillLabel(i int, o fyne.CanvasObject) { o.(*widget.Label).SetText(benchLabels[i]) }

// BenchmarkPeerListLabels is the peer: a widget.List of 10,000 labels.
func BenchmarkPeerListLabels(b *testing.B)      { benchList(b, false, labelRow, fillLabel) }
func BenchmarkPeerListLabelsPaint(b *testing.B) { benchList(b, true, labelRow, fillLabel) }

// BenchmarkPeerChronology is the read-only viewer's chronology (four labels a
// row) over the same 10,000 events.
func BenchmarkPeerChronology(b *testing.B) {
	bc := loadBench(b)
	evs := sortedEvents(bc.c.Events)
	benchList(b, false, newChronologyRow, func(i int, o fyne.CanvasObject) { fillChronologyRow(o, &evs[i], bc.c) })
}
