package timeline

import (
	"math"
	"strings"

	"fyne.io/fyne/v2"
)

// plotWidth is the width of the part that scrolls in time.
func (t *Timeline) plotWidth() float64 { return math.Max(float64(t.Size().Width-t.gutter), 1) }

// x is the horizontal position of day pos, relative to the widget.
func (t *Timeline) x(pos float64) float32 {
	return t.gutter + float32((pos-t.start)*t.scale)
}

// fitScale is the scale at which everything fits across.
func (t *Timeline) fitScale() (start, scale float64) { return t.fitRange(t.lo, t.hi) }

// fitRange is the start and scale that show the days from lo to hi.
func (t *Timeline) fitRange(lo, hi float64) (start, scale float64) {
	if len(t.lanes) == 0 || math.IsInf(lo, 1) {
		return t.start, t.scale
	}
	if t.asOf >= 0 && t.asOf > hi && t.asOf-hi < 60 {
		hi = t.asOf + 1
	}
	span := hi - lo
	margin := math.Max(span*0.04, 2)
	lo, hi = lo-margin, hi+margin+span*0.08 // extra on the right for labels
	scale = math.Min(t.plotWidth()/(hi-lo), tlMaxScale)
	if t.plotWidth()/scale > hi-lo { // centre when zoomed fully in
		lo -= (t.plotWidth()/scale - (hi - lo)) / 2
	}
	return lo, scale
}

// zoomLimits are the smallest and largest scales allowed.
func (t *Timeline) zoomLimits() (lo, hi float64) {
	_, fit := t.fitScale()
	return math.Min(fit, tlMinFloor), tlMaxScale
}

// Fit shows everything.
func (t *Timeline) Fit() {
	t.start, t.scale = t.fitScale()
	t.pack()
	t.viewChanged()
}

// ZoomIn and ZoomOut zoom around the middle of the plot (or the selected
// event, when it is in view).
func (t *Timeline) ZoomIn()  { t.zoomAt(1.6, t.zoomAnchor()) }
func (t *Timeline) ZoomOut() { t.zoomAt(1/1.6, t.zoomAnchor()) }

func (t *Timeline) zoomAnchor() float32 {
	if ref, ok := t.events[t.selected]; ok {
		x := t.x(t.lanes[ref.lane].events[ref.i].pos)
		if x >= t.gutter && x <= t.Size().Width {
			return x
		}
	}
	return t.gutter + float32(t.plotWidth()/2)
}

// zoomAt multiplies the scale by factor, keeping the day under x in place.
func (t *Timeline) zoomAt(factor float64, x float32) {
	lo, hi := t.zoomLimits()
	day := t.start + float64(x-t.gutter)/t.scale
	old := t.scale
	t.scale = math.Min(math.Max(t.scale*factor, lo), hi)
	t.start = day - float64(x-t.gutter)/t.scale
	if t.scale != old {
		t.pack()
	}
	t.viewChanged()
}

// canZoom reports whether zooming in and out would change anything.
func (t *Timeline) canZoom() (in, out bool) {
	lo, hi := t.zoomLimits()
	return t.scale < hi*0.999, t.scale > lo*1.001
}

// pan moves the view by dx pixels across and dy down.
func (t *Timeline) pan(dx, dy float32) {
	t.start += float64(dx) / t.scale
	t.scrollY += dy
	t.viewChanged()
}

// clamp keeps the view on the case: at most half a screen beyond its ends.
func (t *Timeline) clamp() {
	lo, hi := t.zoomLimits()
	t.scale = math.Min(math.Max(t.scale, lo), hi)
	if !math.IsInf(t.lo, 1) {
		vis := t.plotWidth() / t.scale
		t.start = math.Min(math.Max(t.start, t.lo-vis/2), math.Max(t.hi-vis/2, t.lo-vis/2))
	}
	maxY := max(t.contentH-(t.Size().Height-tlAxisH), 0)
	t.scrollY = min(max(t.scrollY, 0), maxY)
}

// place sets the first view of a case: everything if it is readable that
// way, otherwise the most recent months.
func (t *Timeline) place() {
	if (t.placed && t.moved) || t.Size().Width <= t.gutter || len(t.lanes) == 0 {
		return
	}
	t.placed = true
	t.start, t.scale = t.fitRange(t.clo, t.chi)
	if t.scale < tlReadable {
		t.scale = tlReadable
		end := t.chi
		if t.asOf > end && t.asOf-end < 60 {
			end = t.asOf
		}
		t.start = end + 10/t.scale - t.plotWidth()*0.85/t.scale
	}
	t.pack()
}

// viewChanged redraws after the person moved, zoomed or selected.
func (t *Timeline) viewChanged() {
	t.moved = true
	t.redraw()
}

func (t *Timeline) redraw() {
	t.clamp()
	if t.r != nil {
		t.r.update(false)
	}
	if t.OnView != nil {
		t.OnView()
	}
}

// Reveal selects an event and brings it into view.
func (t *Timeline) Reveal(eventID string) bool {
	ref, ok := t.events[eventID]
	if !ok {
		return false
	}
	t.selected = eventID
	l := t.lanes[ref.lane]
	x := t.x(l.events[ref.i].pos)
	if x < t.gutter+20 || x > t.Size().Width-20 {
		t.start = l.events[ref.i].pos - t.plotWidth()/2/t.scale
	}
	if l.y < t.scrollY || l.y+tlMarkerRow > t.scrollY+t.Size().Height-tlAxisH {
		t.scrollY = l.y
	}
	t.viewChanged()
	return true
}

// eventPoint is where the marker of event id is drawn, relative to the widget.
func (t *Timeline) eventPoint(id string) (fyne.Position, bool) {
	ref, ok := t.events[id]
	if !ok {
		return fyne.Position{}, false
	}
	l := t.lanes[ref.lane]
	return fyne.NewPos(t.x(l.events[ref.i].pos), tlAxisH+l.y-t.scrollY+tlLanePad+tlMarkerRow/2), true
}

// barPoint is the middle of the first clock started by trigger whose label
// begins with prefix, relative to the widget.
func (t *Timeline) barPoint(trigger, prefix string) (fyne.Position, bool) {
	for _, l := range t.lanes {
		top := l.y + t.barsTop(l)
		for ri, row := range l.rows {
			for _, bi := range row {
				b := l.bars[bi]
				if b.trigger == trigger && strings.HasPrefix(b.label, prefix) {
					x := (t.x(b.start) + t.x(max(b.end, b.start))) / 2
					return fyne.NewPos(max(x, t.x(b.start)+2), tlAxisH+top-t.scrollY+float32(ri)*t.barH+t.barY+3), true
				}
			}
		}
	}
	return fyne.Position{}, false
}
