package timeline

import "fyne.io/fyne/v2"

// This file is what the screen and its tests may ask of the widget beyond
// what Fyne asks: where things are drawn, what lies at a point, how far it
// is zoomed.

// Selected is the ID of the selected event, "" for none.
func (t *Timeline) Selected() string { return t.selected }

// Pan moves the view by dx pixels across and dy down.
func (t *Timeline) Pan(dx, dy float32) { t.pan(dx, dy) }

// ZoomAt multiplies the scale by factor, keeping the day under x in place.
func (t *Timeline) ZoomAt(factor float64, x float32) { t.zoomAt(factor, x) }

// CanZoom reports whether zooming in and out would change anything.
func (t *Timeline) CanZoom() (in, out bool) { return t.canZoom() }

// ScrolledWith is Scrolled with the modifier keys given rather than read
// from the driver.
func (t *Timeline) ScrolledWith(ev *fyne.ScrollEvent, mods fyne.KeyModifier) { t.scrolled(ev, mods) }

// EventPoint is where the marker of event id is drawn, relative to the widget.
func (t *Timeline) EventPoint(id string) (fyne.Position, bool) { return t.eventPoint(id) }

// BarPoint is the middle of the first clock started by trigger whose label
// begins with prefix, relative to the widget.
func (t *Timeline) BarPoint(trigger, prefix string) (fyne.Position, bool) {
	return t.barPoint(trigger, prefix)
}

// Order is the IDs of the events in time order, as the arrow keys step.
func (t *Timeline) Order() []string {
	ids := make([]string, len(t.order))
	for i := range t.order {
		ids[i] = t.eventAt(i).id
	}
	return ids
}

// Hit is what lies at a point.
type Hit struct {
	Event   string // the event to open
	Text    string // words for the hover line
	Cluster int    // how many events are merged under the point (0 for a bar)
}

// HitAt says what lies at p.
func (t *Timeline) HitAt(p fyne.Position) (Hit, bool) {
	h, ok := t.hitAt(p)
	return Hit{Event: h.event, Text: h.text, Cluster: h.cluster}, ok
}

// View is where the timeline looks, in days since 1 January 1970 and pixels.
type View struct {
	Start     float64 // the day at the plot's left edge
	Scale     float64 // pixels a day
	Gutter    float32 // the width of the lane names
	PlotWidth float64 // the width of the part that moves in time
	First     float64 // the first day Show all shows
	MinScale  float64 // the furthest zoom out
	FitScale  float64 // the scale of Show all
	Focused   bool
}

// View returns where the timeline looks.
func (t *Timeline) View() View {
	lo, _ := t.zoomLimits()
	_, fit := t.fitScale()
	return View{Start: t.start, Scale: t.scale, Gutter: t.gutter, PlotWidth: t.plotWidth(), First: t.lo,
		MinScale: lo, FitScale: fit, Focused: t.focused}
}

// SetStart puts day at the plot's left edge.
func (t *Timeline) SetStart(day float64) {
	t.start = day
	t.redraw()
}

// Drawn counts what the renderer holds: the canvas objects on screen and all
// those it keeps in its pools, and the axis labels on screen.
type Drawn struct {
	Objects, Pooled      int
	AxisMajor, AxisMinor []string
}

// Drawn returns what is drawn now; it is zero before the widget is shown.
func (t *Timeline) Drawn() Drawn {
	r := t.r
	if r == nil {
		return Drawn{}
	}
	d := Drawn{Objects: len(r.Objects()), Pooled: len(r.rects) + len(r.lines) + len(r.texts) + len(r.free)}
	for _, p := range r.icons {
		d.Pooled += len(p)
	}
	for k, p := range r.texts {
		switch k.kind {
		case keyAxisMajor:
			d.AxisMajor = append(d.AxisMajor, p.t.Text)
		case keyAxisMinor:
			d.AxisMinor = append(d.AxisMinor, p.t.Text)
		}
	}
	return d
}

// DrawnLabel is a label drawn in the part of the timeline that moves: an
// event's, a cluster's, a clock's or the as-of line's, where it is drawn and
// how big, relative to the widget.
type DrawnLabel struct {
	Text string
	Pos  fyne.Position
	Size fyne.Size
}

// Labels returns the labels drawn now over the lanes (not the axis or the
// lane names), cut to the part of the widget where they can be seen.
func (t *Timeline) Labels() []DrawnLabel {
	r := t.r
	if r == nil {
		return nil
	}
	size := t.Size()
	var out []DrawnLabel
	for k, p := range r.texts {
		switch k.kind {
		case keyEventLabel, keyCluster, keyBarLabel, keyBarShort, keyAsOf:
		default:
			continue
		}
		o := p.t
		x0, y0 := max(o.Position().X, t.gutter), max(o.Position().Y, tlAxisH)
		x1, y1 := min(o.Position().X+o.Size().Width, size.Width), min(o.Position().Y+o.Size().Height, size.Height)
		if x1 <= x0 || y1 <= y0 {
			continue
		}
		out = append(out, DrawnLabel{Text: o.Text, Pos: fyne.NewPos(x0, y0), Size: fyne.NewSize(x1-x0, y1-y0)})
	}
	return out
}
