package timeline

import (
	"fmt"
	"image/color"
	"math"
	"sort"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
)

// hit is what lies at a point: an event, a bar or several events close together.
type hit struct {
	event   string // the event to open
	text    string // words for the hover line
	cluster int    // how many events are merged under the point
}

func (t *Timeline) hitAt(p fyne.Position) (hit, bool) {
	if p.X < t.gutter || p.Y < tlAxisH {
		return hit{}, false
	}
	cy := p.Y - tlAxisH + t.scrollY
	for _, l := range t.lanes {
		if cy < l.y || cy >= l.y+l.h {
			continue
		}
		ry := cy - l.y
		top := t.barsTop(l)
		if len(l.events) > 0 && ry < top {
			return t.hitEvent(l, p.X)
		}
		row := int((ry - top) / t.barH)
		if row < 0 || row >= len(l.rows) {
			return hit{}, false
		}
		return t.hitBar(l, l.rows[row], p.X)
	}
	return hit{}, false
}

func (t *Timeline) hitEvent(l *tlLane, x float32) (hit, bool) {
	day := t.start + float64(x-t.gutter)/t.scale
	slack := float64(tlMergePx+2) / t.scale
	i := sort.Search(len(l.events), func(i int) bool { return l.events[i].pos >= day-slack })
	best, n := -1, 0
	bestD := math.Inf(1)
	for ; i < len(l.events) && l.events[i].pos <= day+slack; i++ {
		n++
		if d := math.Abs(l.events[i].pos - day); d < bestD {
			best, bestD = i, d
		}
	}
	if best < 0 {
		return hit{}, false
	}
	e := l.events[best]
	if n > 1 {
		in, _ := t.canZoom()
		if in {
			return hit{event: e.id, cluster: n, text: fmt.Sprintf("%d events close together. Click to zoom in on them.", n)}, true
		}
	}
	return hit{event: e.id, text: e.detail + ". Click to open it."}, true
}

func (t *Timeline) hitBar(l *tlLane, row []int, x float32) (hit, bool) {
	for _, bi := range row {
		b := l.bars[bi]
		x0, x1 := t.x(b.start), t.x(b.end)
		if x >= x0-3 && x <= max(x1, x0+tlIcon)+3 {
			return hit{event: b.trigger, text: b.label + ". Click to open the event that started it."}, true
		}
	}
	return hit{}, false
}

// Tapped opens what was tapped, or zooms in on events too close to tell apart.
func (t *Timeline) Tapped(ev *fyne.PointEvent) {
	if c := fyne.CurrentApp().Driver().CanvasForObject(t); c != nil {
		c.Focus(t)
	}
	h, ok := t.hitAt(ev.Position)
	if !ok {
		if t.selected != "" {
			t.selected = ""
			t.viewChanged()
		}
		return
	}
	if h.cluster > 1 {
		t.zoomAt(4, ev.Position.X)
		return
	}
	t.selected = h.event
	t.viewChanged()
	if t.onOpen != nil {
		t.onOpen(h.event)
	}
}

// Scrolled pans, or zooms when Ctrl is held.
func (t *Timeline) Scrolled(ev *fyne.ScrollEvent) {
	var mods fyne.KeyModifier
	if d, ok := fyne.CurrentApp().Driver().(desktop.Driver); ok {
		mods = d.CurrentKeyModifiers()
	}
	t.scrolled(ev, mods)
}

func (t *Timeline) scrolled(ev *fyne.ScrollEvent, mods fyne.KeyModifier) {
	dx, dy := ev.Scrolled.DX, ev.Scrolled.DY
	switch {
	case mods&(fyne.KeyModifierControl|fyne.KeyModifierSuper) != 0:
		d := dy
		if d == 0 {
			d = dx
		}
		t.zoomAt(math.Exp(float64(max(min(d, 50), -50))*0.02), ev.Position.X)
	case mods&fyne.KeyModifierShift != 0:
		t.pan(-(dx + dy), 0)
	case dx == 0 && t.contentH <= t.Size().Height-tlAxisH:
		t.pan(-dy, 0) // nothing to scroll down to: the wheel moves along in time
	default:
		t.pan(-dx, -dy)
	}
}

// Dragged pans with the pointer.
func (t *Timeline) Dragged(ev *fyne.DragEvent) { t.pan(-ev.Dragged.DX, -ev.Dragged.DY) }

// DragEnd is required by fyne.Draggable.
func (t *Timeline) DragEnd() {}

// FocusGained and FocusLost show that the keys now work on the timeline.
func (t *Timeline) FocusGained() { t.focused = true; t.redraw() }
func (t *Timeline) FocusLost()   { t.focused = false; t.redraw() }

// TypedRune zooms: + and = in, - out, 0 to fit.
func (t *Timeline) TypedRune(r rune) {
	switch r {
	case '+', '=':
		t.ZoomIn()
	case '-', '_':
		t.ZoomOut()
	case '0':
		t.Fit()
	}
}

// TypedKey moves the selection with the arrow keys and opens it with Enter.
func (t *Timeline) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyLeft:
		t.step(-1)
	case fyne.KeyRight:
		t.step(1)
	case fyne.KeyUp:
		t.pan(0, -tlBarRow)
	case fyne.KeyDown:
		t.pan(0, tlBarRow)
	case fyne.KeyPageUp:
		t.pan(-float32(t.plotWidth())*0.8, 0)
	case fyne.KeyPageDown:
		t.pan(float32(t.plotWidth())*0.8, 0)
	case fyne.KeyHome:
		if len(t.order) > 0 {
			t.Reveal(t.eventAt(0).id)
		}
	case fyne.KeyEnd:
		if len(t.order) > 0 {
			t.Reveal(t.eventAt(len(t.order) - 1).id)
		}
	case fyne.KeyReturn, fyne.KeyEnter, fyne.KeySpace:
		if t.selected != "" && t.onOpen != nil {
			t.onOpen(t.selected)
		}
	}
}

func (t *Timeline) eventAt(i int) tlEvent {
	r := t.order[i]
	return t.lanes[r.lane].events[r.i]
}

// step selects the event before or after the selected one, in time order.
func (t *Timeline) step(d int) {
	if len(t.order) == 0 {
		return
	}
	i := -1
	if ref, ok := t.events[t.selected]; ok {
		for j, r := range t.order {
			if r == ref {
				i = j
				break
			}
		}
	}
	switch {
	case i < 0 && d > 0:
		i = 0
	case i < 0:
		i = len(t.order) - 1
	default:
		i = min(max(i+d, 0), len(t.order)-1)
	}
	e := t.eventAt(i)
	t.Reveal(e.id)
	if t.OnHover != nil {
		t.OnHover(e.detail + ". Press Enter to open it.")
	}
}

// MouseIn, MouseMoved and MouseOut say what is under the pointer.
func (t *Timeline) MouseIn(ev *desktop.MouseEvent) { t.MouseMoved(ev) }

// MouseMoved reports what is under the pointer.
func (t *Timeline) MouseMoved(ev *desktop.MouseEvent) {
	h, ok := t.hitAt(ev.Position)
	t.hoverOn = ok
	if t.OnHover != nil {
		t.OnHover(h.text)
	}
}

// MouseOut clears the hover line.
func (t *Timeline) MouseOut() {
	t.hoverOn = false
	if t.OnHover != nil {
		t.OnHover("")
	}
}

// Cursor is a pointing hand over something that opens.
func (t *Timeline) Cursor() desktop.Cursor {
	if t.hoverOn {
		return desktop.PointerCursor
	}
	return desktop.DefaultCursor
}

// MinSize leaves room for the axis and one lane.
func (t *Timeline) MinSize() fyne.Size {
	t.ExtendBaseWidget(t)
	return fyne.NewSize(320, tlAxisH+90)
}

// CreateRenderer is part of fyne.Widget.
func (t *Timeline) CreateRenderer() fyne.WidgetRenderer {
	t.r = &timelineRenderer{t: t, texts: map[textKey]*pooledText{},
		icons: make([][]*canvas.Image, len(t.styles)), nIcons: make([]int, len(t.styles))}
	t.r.bg = canvas.NewRectangle(color.Transparent)
	return t.r
}

var (
	_ fyne.Widget        = (*Timeline)(nil)
	_ fyne.Tappable      = (*Timeline)(nil)
	_ fyne.Scrollable    = (*Timeline)(nil)
	_ fyne.Draggable     = (*Timeline)(nil)
	_ fyne.Focusable     = (*Timeline)(nil)
	_ desktop.Hoverable  = (*Timeline)(nil)
	_ desktop.Cursorable = (*Timeline)(nil)
)
