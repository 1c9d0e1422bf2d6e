package timeline

import (
	"math/rand"
	"testing"
)

// TestPlaceLabelsNoOverlap: whatever the markers, no two labels on one line
// come closer than the gap; the selected label is whole; a shortened label
// keeps at least the minimum width; a label that fits whole is whole.
func TestPlaceLabelsNoOverlap(t *testing.T) {
	const gap, minW = 8, 40
	check := func(t *testing.T, boxes []labelBox, lines int) []labelSpot {
		t.Helper()
		spots := placeLabels(boxes, lines, gap, minW)
		for i, s := range spots {
			b := boxes[i]
			if b.Keep && (s.Line < 0 || s.W != b.W) {
				t.Errorf("the selected label %d is %+v, want it whole", i, s)
			}
			if s.Line < 0 {
				continue
			}
			if s.W > b.W || (s.W < b.W && s.W < minW) {
				t.Errorf("label %d drawn %.0f wide of %.0f", i, s.W, b.W)
			}
			for j := i + 1; j < len(spots); j++ {
				o := spots[j]
				if o.Line != s.Line {
					continue
				}
				if b.X < boxes[j].X+o.W+gap && boxes[j].X < b.X+s.W+gap {
					t.Errorf("labels %d [%.0f,%.0f] and %d [%.0f,%.0f] overlap on line %d",
						i, b.X, b.X+s.W, j, boxes[j].X, boxes[j].X+o.W, s.Line)
				}
			}
		}
		return spots
	}
	for _, tc := range []struct {
		name  string
		boxes []labelBox
		want  []labelSpot
	}{
		{"apart", []labelBox{{X: 0, W: 100}, {X: 200, W: 100}}, []labelSpot{{0, 100}, {0, 100}}},
		{"close: staggered", []labelBox{{X: 0, W: 150}, {X: 30, W: 150}}, []labelSpot{{0, 150}, {1, 150}}},
		{"three close: the third left out", []labelBox{{X: 0, W: 150}, {X: 30, W: 150}, {X: 60, W: 150}}, []labelSpot{{0, 150}, {1, 150}, {-1, 0}}},
		// The selected third label is placed first; the second makes way on
		// line 0 by being shortened to the room before it.
		{"selected makes room", []labelBox{{X: 0, W: 150}, {X: 30, W: 150}, {X: 120, W: 150, Keep: true}}, []labelSpot{{1, 150}, {0, 82}, {0, 150}}},
		{"shortened before the selected", []labelBox{{X: 0, W: 300}, {X: 200, W: 100, Keep: true}}, []labelSpot{{1, 300}, {0, 100}}},
		{"one line: shortened", []labelBox{{X: 0, W: 300}, {X: 100, W: 100, Keep: true}}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			lines := 2
			if tc.want == nil {
				lines = 1
			}
			got := check(t, tc.boxes, lines)
			if tc.want == nil {
				if got[0] != (labelSpot{0, 92}) {
					t.Errorf("got %+v, want the first shortened to 92", got)
				}
				return
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Errorf("label %d: got %+v, want %+v", i, got[i], tc.want[i])
				}
			}
		})
	}
	rng := rand.New(rand.NewSource(15))
	for n := 0; n < 500; n++ {
		boxes := make([]labelBox, 1+rng.Intn(30))
		x := float32(0)
		for i := range boxes {
			x += float32(rng.Intn(60))
			boxes[i] = labelBox{X: x, W: float32(20 + rng.Intn(250))}
		}
		boxes[rng.Intn(len(boxes))].Keep = rng.Intn(2) == 0
		check(t, boxes, 1+rng.Intn(3))
	}
}
