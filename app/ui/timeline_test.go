package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/redress-app/redress/app/ui/internal/timeline"
	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/checks"
)

// showTimeline puts a timeline view of an example case in a 1100x620 window.
func showTimeline(t *testing.T, variant fyne.ThemeVariant, file, asOf string, onOpen func(string)) (*timelineView, fyne.Window) {
	t.Helper()
	a := newTestApp(t, variant)
	c, fds, d := exampleCase(t, file, asOf)
	v := newTimelineView(checks.Default(), onOpen, func() {})
	w := a.NewWindow("Timeline")
	w.SetContent(v.content)
	w.Resize(fyne.NewSize(1100, 620))
	v.SetCase(c, fds, d)
	return v, w
}

func TestTimelineLook(t *testing.T) {
	for _, tc := range []struct {
		name, file, asOf string
		variant          fyne.ThemeVariant
		change           func(v *timelineView)
	}{
		{"bruised-baby-light", "bruised-baby", "2025-12-01", theme.VariantLight, nil},
		{"bruised-baby-dark", "bruised-baby", "2025-12-01", theme.VariantDark, nil},
		{"complaint-light", "complaint", "2026-07-01", theme.VariantLight, nil},
		{"bruised-baby-selected-zoomed", "bruised-baby", "2025-12-01", theme.VariantLight, func(v *timelineView) {
			v.Reveal("ic1")
			v.tl.ZoomIn()
			v.tl.ZoomIn()
		}},
		{"bruised-baby-all", "bruised-baby", "2025-12-01", theme.VariantLight, func(v *timelineView) { v.tl.Fit() }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, w := showTimeline(t, tc.variant, tc.file, tc.asOf, nil)
			if tc.change != nil {
				tc.change(v)
			}
			test.AssertImageMatches(t, "timeline/"+tc.name+".png", w.Canvas().Capture())
		})
	}
}

func TestTimelineEmpty(t *testing.T) {
	a := newTestApp(t, theme.VariantLight)
	v := newTimelineView(checks.Default(), nil, func() {})
	w := a.NewWindow("Timeline")
	w.SetContent(v.content)
	w.Resize(fyne.NewSize(900, 400))
	v.SetCase(&casefile.Case{Title: "New"}, nil, casefile.MustDate("2025-12-01"))
	test.AssertRendersToMarkup(t, "timeline/empty.xml", w.Canvas())
}

func TestTimelineTapOpens(t *testing.T) {
	var opened []string
	v, _ := showTimeline(t, theme.VariantLight, "bruised-baby", "2025-12-01", func(id string) { opened = append(opened, id) })
	tl := v.tl
	p, ok := tl.EventPoint("ic1")
	if !ok {
		t.Fatal("no conference marker")
	}
	test.TapAt(tl, p)
	if len(opened) != 1 || opened[0] != "ic1" {
		t.Fatalf("tapping the conference opened %v, want [ic1]", opened)
	}
	if tl.Selected() != "ic1" {
		t.Errorf("selected %q after the tap", tl.Selected())
	}
	// A clock opens the event that started it.
	p, ok = tl.BarPoint("s1", "Late: initial child protection conference")
	if !ok {
		t.Fatal("no bar for the late conference")
	}
	test.TapAt(tl, p)
	if len(opened) != 2 || opened[1] != "s1" {
		t.Fatalf("tapping the conference's clock opened %v, want s1 last", opened)
	}
	// Empty space opens nothing and clears the selection.
	test.TapAt(tl, fyne.NewPos(tl.View().Gutter+3, tl.Size().Height-3))
	if len(opened) != 2 || tl.Selected() != "" {
		t.Errorf("tapping empty space: opened %v, selected %q", opened, tl.Selected())
	}
	// Tapping events too close together zooms in on them instead.
	tl.Fit()
	for tl.View().Scale > 0.5 {
		if _, out := tl.CanZoom(); !out {
			break
		}
		tl.ZoomOut()
	}
	p, _ = tl.EventPoint("s1")
	before := tl.View().Scale
	if h, ok := tl.HitAt(p); ok && h.Cluster > 1 {
		test.TapAt(tl, p)
		if tl.View().Scale <= before || len(opened) != 2 {
			t.Errorf("tapping a cluster: scale %v -> %v, opened %v", before, tl.View().Scale, opened)
		}
	} else {
		t.Errorf("no cluster under s1 at scale %v", tl.View().Scale)
	}
}

func TestTimelineKeyboard(t *testing.T) {
	var opened []string
	v, w := showTimeline(t, theme.VariantLight, "bruised-baby", "2025-12-01", func(id string) { opened = append(opened, id) })
	tl := v.tl
	w.Canvas().Focus(tl)
	if !tl.View().Focused {
		t.Fatal("the timeline did not take the focus")
	}
	tl.TypedKey(&fyne.KeyEvent{Name: fyne.KeyRight})
	first := tl.Order()[0]
	if tl.Selected() != first {
		t.Fatalf("Right selected %q, want the first event %q", tl.Selected(), first)
	}
	if !strings.Contains(v.hover.Text, "Press Enter to open it") {
		t.Errorf("hover line %q", v.hover.Text)
	}
	tl.TypedKey(&fyne.KeyEvent{Name: fyne.KeyRight})
	second := tl.Order()[1]
	tl.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if len(opened) != 1 || opened[0] != second {
		t.Errorf("Enter opened %v, want [%s]", opened, second)
	}
	tl.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEnd})
	if last := tl.Order()[len(tl.Order())-1]; tl.Selected() != last {
		t.Errorf("End selected %q, want %q", tl.Selected(), last)
	}
	s := tl.View().Scale
	tl.TypedRune('+')
	if tl.View().Scale <= s {
		t.Errorf("+ did not zoom in: %v -> %v", s, tl.View().Scale)
	}
	s = tl.View().Scale
	tl.TypedRune('-')
	if tl.View().Scale >= s {
		t.Errorf("- did not zoom out: %v -> %v", s, tl.View().Scale)
	}
}

func TestTimelineZoomLimits(t *testing.T) {
	v, _ := showTimeline(t, theme.VariantLight, "bruised-baby", "2025-12-01", nil)
	tl := v.tl
	for i := 0; i < 40; i++ {
		tl.ZoomIn()
	}
	if tl.View().Scale != timeline.MaxScale {
		t.Errorf("zoomed all the way in: %v pixels a day, want %v", tl.View().Scale, float64(timeline.MaxScale))
	}
	if in, out := tl.CanZoom(); in || !out {
		t.Errorf("at the closest zoom canZoom = %v, %v", in, out)
	}
	if !v.zoomIn.Disabled() || v.zoomOut.Disabled() {
		t.Error("the + button should be off and the − button on")
	}
	lo := tl.View().MinScale
	for i := 0; i < 40; i++ {
		tl.ScrolledWith(&fyne.ScrollEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(500, 200)}, Scrolled: fyne.Delta{DY: -30}},
			fyne.KeyModifierControl)
	}
	if tl.View().Scale != lo {
		t.Errorf("zoomed all the way out with Ctrl and scroll: %v, want %v", tl.View().Scale, lo)
	}
	if fit := tl.View().FitScale; lo > fit {
		t.Errorf("the furthest zoom (%v) does not show everything (%v)", lo, fit)
	}
	if !v.zoomOut.Disabled() || v.zoomIn.Disabled() {
		t.Error("the − button should be off and the + button on")
	}
	// Ctrl and scroll keeps the day under the pointer where it is.
	tl.Fit()
	x := float32(600)
	day := tl.View().Start + float64(x-tl.View().Gutter)/tl.View().Scale
	tl.ScrolledWith(&fyne.ScrollEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(x, 200)}, Scrolled: fyne.Delta{DY: 10}},
		fyne.KeyModifierControl)
	if after := tl.View().Start + float64(x-tl.View().Gutter)/tl.View().Scale; after-day > 1e-6 || day-after > 1e-6 {
		t.Errorf("zooming moved the day under the pointer from %v to %v", day, after)
	}
	// Panning stops half a screen beyond the ends.
	for i := 0; i < 100; i++ {
		tl.Pan(-500, 0)
	}
	if vis := tl.View().PlotWidth / tl.View().Scale; tl.View().Start < tl.View().First-vis/2-1e-9 {
		t.Errorf("panned to %v, before the first day %v less half a screen", tl.View().Start, tl.View().First)
	}
}

func TestTimelineTenThousandEvents(t *testing.T) {
	a := newTestApp(t, theme.VariantLight)
	c := bigCase(10000)
	asOf := c.Events[len(c.Events)-1].Date
	fds := checks.Run(checks.Default(), c, asOf)
	v := newTimelineView(checks.Default(), nil, nil)
	w := a.NewWindow("Timeline")
	w.SetContent(v.content)
	w.Resize(fyne.NewSize(1100, 700))
	v.SetCase(c, fds, asOf)
	tl := v.tl
	test.WidgetRenderer(tl)
	const limit = 2500
	check := func(what string) {
		t.Helper()
		t.Logf("%s: %d objects, scale %.3f", what, tl.Drawn().Objects, tl.View().Scale)
		if n := tl.Drawn().Objects; n > limit || n < 20 {
			t.Errorf("%s: %d canvas objects, want between 20 and %d", what, n, limit)
		}
		if pooled := tl.Drawn().Pooled; pooled > 2*limit {
			t.Errorf("%s: %d pooled objects", what, pooled)
		}
	}
	check("first view")
	test.AssertImageMatches(t, "timeline/ten-thousand-first.png", w.Canvas().Capture())
	for i := 0; i < 200; i++ {
		tl.Pan(-53, 7)
	}
	check("after panning")
	tl.Fit()
	check("everything")
	test.AssertImageMatches(t, "timeline/ten-thousand-all.png", w.Canvas().Capture())
	tl.Reveal(c.Events[5000].ID)
	for i := 0; i < 40; i++ {
		tl.ZoomIn()
	}
	check("closest zoom")
	if p, ok := tl.EventPoint(c.Events[5000].ID); !ok || p.X < tl.View().Gutter || p.X > tl.Size().Width {
		t.Errorf("revealed event at %v, not in view", p)
	}
}

func TestTimelineHoverSaysWhatIsThere(t *testing.T) {
	v, _ := showTimeline(t, theme.VariantLight, "bruised-baby", "2025-12-01", nil)
	tl := v.tl
	p, _ := tl.EventPoint("ic1")
	tl.MouseMoved(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: p}})
	if want := "Initial child protection conference, 6 November 2025. The first meeting to decide whether the child needs a child protection plan. Click to open it."; v.hover.Text != want {
		t.Errorf("hover line %q, want %q", v.hover.Text, want)
	}
	if tl.Cursor() == nil {
		t.Error("no cursor")
	}
	tl.MouseOut()
	if v.hover.Text != timelineHint {
		t.Errorf("after the pointer left: %q", v.hover.Text)
	}
}

func TestTimelineAxisNamesTheMonthInView(t *testing.T) {
	v, _ := showTimeline(t, theme.VariantLight, "bruised-baby", "2025-12-01", nil)
	tl := v.tl
	for i := 0; i < 40; i++ {
		tl.ZoomIn()
	}
	// Put 1 November 2025 just after the left edge: the days shown are in November.
	tl.SetStart(timeline.Day(casefile.MustDate("2025-11-01").Time()) + 0.3)
	test.WidgetRenderer(tl)
	majors, minors := tl.Drawn().AxisMajor, tl.Drawn().AxisMinor
	if strings.Join(majors, "|") != "November 2025" {
		t.Errorf("month names %q, want just November 2025", majors)
	}
	if len(minors) < 5 || !strings.Contains(strings.Join(minors, "|"), "3 Nov") {
		t.Errorf("day marks %q", minors)
	}
}
