package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/redress-app/redress/app/ui/internal/timeline"
	"github.com/redress-app/redress/app/ui/internal/uitest"
	"github.com/redress-app/redress/checks"
)

// TestTimelineLabelsNeverOverlap: at every text size, zoomed out and in on
// the close events of the child-protection lane, with and without one of
// them selected, no two labels drawn over the lanes intersect (issue 15
// section 7). The golden is the case at the largest text, zoomed in on the
// first days with the checks selected.
func TestTimelineLabelsNeverOverlap(t *testing.T) {
	for _, size := range []string{"small", textSizeNormal, "large", "larger"} {
		t.Run(size, func(t *testing.T) {
			a := newTestApp(t, theme.VariantLight)
			a.Settings().SetTheme(uitest.VariantTheme{Theme: newLookTheme(newCalmTheme(), size, themeLight), V: theme.VariantLight})
			c, fds, d := exampleCase(t, "bruised-baby", "2025-12-01")
			v := newTimelineView(checks.Default(), nil, func() {})
			w := a.NewWindow("Timeline")
			w.SetContent(v.content)
			w.Resize(fyne.NewSize(1100, 620))
			v.SetCase(c, fds, d)
			check := func(when string) {
				t.Helper()
				labels := v.tl.Labels()
				if len(labels) == 0 && when == "first view" {
					t.Fatalf("%s: no labels drawn", when)
				}
				for i, p := range labels {
					for _, q := range labels[i+1:] {
						if intersects(p, q) {
							t.Errorf("%s: %q at %v %v overlaps %q at %v %v", when, p.Text, p.Pos, p.Size, q.Text, q.Pos, q.Size)
						}
					}
				}
			}
			check("first view")
			v.tl.Fit()
			check("show all")
			for _, id := range []string{"", "t1", "s1", "sd1", "ic1"} {
				v.SetCase(c, fds, d)
				if id != "" {
					v.Reveal(id)
				}
				for z := 0; z < 4; z++ {
					check("zoom " + string(rune('0'+z)) + " selected " + id)
					if p, ok := v.tl.EventPoint("r1"); ok && id == "" {
						v.tl.ZoomAt(1.6, max(p.X, v.tl.View().Gutter)) // on the first days
					} else {
						v.tl.ZoomIn() // on the selected event
					}
				}
			}
			if size == "larger" {
				v.SetCase(c, fds, d)
				v.Reveal("t1")
				v.tl.ZoomIn()
				v.tl.ZoomIn()
				test.AssertImageMatches(t, "timeline/labels-largest-text.png", w.Canvas().Capture())
			}
		})
	}
}

func intersects(a, b timeline.DrawnLabel) bool {
	return a.Pos.X < b.Pos.X+b.Size.Width && b.Pos.X < a.Pos.X+a.Size.Width &&
		a.Pos.Y < b.Pos.Y+b.Size.Height && b.Pos.Y < a.Pos.Y+a.Size.Height
}
