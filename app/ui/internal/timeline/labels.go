package timeline

// Event labels are laid out so that none covers another: each goes on the
// first of the label lines under the markers where it fits whole; where none
// is free, it is shortened (with an ellipsis) to the room before the next
// label kept on that line, or left out when that room is too small. The
// selected event's label is placed first and always whole, so the others
// make way for it. A shortened or missing label's full words are on the
// hover line and shown when the event is selected.

// labelBox is a label to place: its left edge, its full width and whether
// it must be shown whole (the selected event's).
type labelBox struct {
	X, W float32
	Keep bool
}

// labelSpot is where a label went: its line (-1 when left out) and the width
// to draw it in (less than its full width when shortened).
type labelSpot struct {
	Line int
	W    float32
}

// placeLabels places boxes, given in order of X, on lines lines; labels on
// one line keep gap between them; a label is shortened to no less than minW.
func placeLabels(boxes []labelBox, lines int, gap, minW float32) []labelSpot {
	spots := make([]labelSpot, len(boxes))
	for i := range spots {
		spots[i].Line = -1
	}
	// kept[line] are the whole labels placed first (the selected one), in
	// order of X: the others must stay clear of them.
	kept := make([][]int, lines)
	for i, b := range boxes {
		if !b.Keep {
			continue
		}
		for line := 0; line < lines; line++ {
			if clearOf(boxes, kept[line], b.X, b.X+b.W, gap) {
				kept[line] = append(kept[line], i)
				spots[i] = labelSpot{Line: line, W: b.W}
				break
			}
		}
		if spots[i].Line < 0 { // more kept labels than lines (one is kept: the selected)
			kept[0] = append(kept[0], i)
			spots[i] = labelSpot{Line: 0, W: b.W}
		}
	}
	end := make([]float32, lines) // where each line's last label ends
	for line := range end {
		end[line] = -1e9
	}
	for i, b := range boxes {
		if b.Keep {
			end[spots[i].Line] = max(end[spots[i].Line], b.X+b.W)
			continue
		}
		best, bestW := -1, float32(0)
		for line := 0; line < lines; line++ {
			if b.X < end[line]+gap || !clearOf(boxes, kept[line], b.X, b.X, gap) {
				continue
			}
			room := roomBefore(boxes, kept[line], b.X, gap)
			w := min(b.W, room)
			if w == b.W { // whole: take the first such line
				best, bestW = line, w
				break
			}
			if w >= minW && w > bestW {
				best, bestW = line, w
			}
		}
		if best < 0 {
			continue
		}
		spots[i] = labelSpot{Line: best, W: bestW}
		end[best] = b.X + bestW
	}
	return spots
}

// clearOf reports whether [x0, x1] stays gap clear of the kept labels ks.
func clearOf(boxes []labelBox, ks []int, x0, x1, gap float32) bool {
	for _, k := range ks {
		if x1+gap > boxes[k].X && x0 < boxes[k].X+boxes[k].W+gap {
			return false
		}
	}
	return true
}

// roomBefore is how wide a label starting at x may be before the first kept
// label to its right (unbounded when there is none).
func roomBefore(boxes []labelBox, ks []int, x, gap float32) float32 {
	room := float32(1e9)
	for _, k := range ks {
		if boxes[k].X >= x {
			room = min(room, boxes[k].X-gap-x)
		}
	}
	return room
}
