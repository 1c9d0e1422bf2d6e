// Package timeline is the desktop app's timeline widget: lanes of events on a
// horizontal time axis, with clocks drawn as bars under them. It knows nothing
// of cases or checks: the screen that feeds it (app/ui) turns a case and its
// findings into plain lanes, markers and bars, and says how each status of a
// bar is shown (Style).
package timeline

import (
	"container/heap"
	"fmt"
	"image/color"
	"math"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Lane is one band of the timeline: a name in the gutter, the events in it
// (in time order) and the clocks drawn under them.
type Lane struct {
	Name    string
	Markers []Marker
	Bars    []Bar
	// Aside lanes (the family's own time limits) are left out of the range
	// of the first view; Show all includes them.
	Aside bool
}

// Marker is one event.
type Marker struct {
	ID     string
	Date   time.Time // the day (its year, month and day; the time is ignored)
	Label  string    // drawn beside the marker
	Detail string    // for the hover line
	Approx bool      // the exact day is not certain: drawn hollow
}

// Bar is one clock: from the event that started it to the day it was due,
// then on to the day it was done when that was late.
type Bar struct {
	Trigger string    // the ID of the marker that started it; bars whose trigger is in no lane are dropped
	Due     time.Time // zero when there is no due date: only the icon is drawn
	Done    time.Time // zero when not done
	Missed  bool      // nothing done in time: with a due day and nothing done, drawn with a cap at the due day
	Style   int       // an index into the styles given to New; a lower index is more serious
	Label   string    // the full label, with the status in words
	Short   string    // the short form when the label does not fit
}

// BarLook is how a bar's span up to the due day is filled.
type BarLook int

// The looks.
const (
	LookSolid    BarLook = iota // a soft fill
	LookOutlined                // a soft fill with an outline: still running
	LookFaint                   // a faint fill with an outline: cannot tell
)

// Style is how one status of a bar is shown: its icon and word (the meaning)
// and a colour (extra).
type Style struct {
	Word   string
	Icon   fyne.Resource
	Colour fyne.ThemeColorName
	Look   BarLook
}

// Timeline is a custom widget that draws a case on a horizontal time axis: one
// band (lane) per area of work, each event a marker with a short label, and
// every statutory clock a bar from the event that started it to the day it was
// due, then on to the day it was done when that was late. Bars are coloured by
// status and also carry the status's icon and words, so colour is never the
// only signal.
//
// It stays fast with tens of thousands of events: the renderer builds canvas
// objects only for what is in view, merges markers closer than a few pixels,
// and reuses its objects from pools, keyed so that a label keeps its texture
// while the view pans.
type Timeline struct {
	widget.BaseWidget

	// OnHover is told what is under the pointer, "" for nothing.
	OnHover func(text string)
	// OnView is called when the view moved or zoomed (for the buttons).
	OnView func()

	onOpen func(eventID string) // an event or a bar was tapped
	styles []Style

	lanes    []*tlLane
	events   map[string]tlRef // by event ID
	order    []tlRef          // every event in time order, for the arrow keys
	lo, hi   float64          // the first and last day shown by Fit
	clo, chi float64          // the same without the Aside lanes, for the first view
	asOf     float64          // -1 when unknown
	asOfTxt  string
	gutter   float32 // width of the lane names
	contentH float32

	start   float64 // the day at the plot's left edge
	scale   float64 // pixels per day
	scrollY float32
	placed  bool // start and scale have been set for this case
	moved   bool // the person has moved or zoomed since (so a resize keeps their view)

	selected string
	hoverOn  bool
	focused  bool

	r *timelineRenderer
}

// tlRef finds an event: its lane and index there.
type tlRef struct{ lane, i int }

type tlLane struct {
	name   string
	events []tlEvent // by pos
	bars   []tlBar
	rows   [][]int // bar indices per row, by start
	y, h   float32 // in content coordinates (below the axis)
}

type tlEvent struct {
	id     string
	pos    float64 // days since 1 January 1970, with a fraction to spread a day's events
	label  string
	detail string // for the hover line
	approx bool
	labelW float32 // measured lazily; 0 = not yet
}

type tlBar struct {
	trigger        string
	start, dueEnd  float64 // the trigger, and the end of the due day (== start when there is no due date)
	end            float64 // the end of the done day when late; else dueEnd
	doneAt         float64 // the done day's middle when done in time, else -1
	missed         bool    // a breach with nothing done: drawn with a cap at the due day
	kind           int     // the style
	label, short   string
	labelW, shortW float32
}

// Day is the position of day d on the axis: whole days since 1 January 1970.
func Day(d time.Time) float64 {
	y, m, dd := d.Date()
	return float64(time.Date(y, m, dd, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

func dayOf(d time.Time) float64 { return Day(d) }

func dateOf(day float64) time.Time { return time.Unix(int64(math.Floor(day))*86400, 0).UTC() }

// Sizes of the drawing, in Fyne units.
const (
	tlAxisH     = 46
	tlLanePad   = 8
	tlMarkerRow = 22
	tlLabelLine = 17
	tlBarRow    = 32
	tlIcon      = 15
	tlMarker    = 11
	tlMergePx   = 6   // markers closer than this are drawn as one
	tlMaxScale  = 80  // pixels per day at the closest zoom
	tlMinFloor  = 2   // zooming out always reaches at least this many pixels per day
	tlReadable  = 1.2 // pixels a day: the first view of a long case zooms out no further (Show all does)
)

// MaxScale is the most pixels a day the timeline zooms in to.
const MaxScale = tlMaxScale

// New makes a timeline that shows bars in styles; onOpen is called with the
// ID of the event tapped or opened with the keyboard (for a bar, its trigger).
func New(styles []Style, onOpen func(eventID string)) *Timeline {
	t := &Timeline{onOpen: onOpen, styles: styles, asOf: -1, scale: 4}
	t.ExtendBaseWidget(t)
	return t
}

// SetLanes replaces what the timeline shows. asOf, when not zero, is drawn as
// a line labelled asOfText.
func (t *Timeline) SetLanes(in []Lane, asOf time.Time, asOfText string) {
	t.lanes, t.events, t.order = nil, map[string]tlRef{}, nil
	t.selected, t.scrollY, t.placed, t.moved = "", 0, false, false
	t.asOf, t.asOfTxt = -1, ""
	if !asOf.IsZero() {
		t.asOf = dayOf(asOf)
		t.asOfTxt = asOfText
	}
	lanes := make([]*tlLane, len(in))
	posOf := map[string]float64{}
	for li := range in {
		l := &tlLane{name: in[li].Name}
		lanes[li] = l
		for _, m := range in[li].Markers {
			l.events = append(l.events, tlEvent{id: m.ID, pos: dayOf(m.Date), label: m.Label, detail: m.Detail, approx: m.Approx})
		}
		// Spread each day's events across the day, so that they can be
		// told apart when zoomed in.
		for i := 0; i < len(l.events); {
			j := i
			for j < len(l.events) && l.events[j].pos == l.events[i].pos {
				j++
			}
			for k := i; k < j; k++ {
				l.events[k].pos += (float64(k-i) + 0.5) / float64(j-i)
			}
			i = j
		}
		for _, e := range l.events {
			posOf[e.id] = e.pos
		}
	}
	for li := range in {
		l := lanes[li]
		for _, b := range in[li].Bars {
			start, ok := posOf[b.Trigger]
			if !ok {
				continue
			}
			tb := tlBar{trigger: b.Trigger, start: start, dueEnd: start, end: start, doneAt: -1, kind: b.Style,
				label: b.Label, short: b.Short}
			if !b.Due.IsZero() {
				tb.dueEnd = max(dayOf(b.Due)+1, start)
				tb.end = tb.dueEnd
				switch {
				case !b.Done.IsZero() && dayOf(b.Done)+1 > tb.dueEnd:
					tb.end = dayOf(b.Done) + 1
				case !b.Done.IsZero():
					tb.doneAt = dayOf(b.Done) + 0.5
				case b.Missed:
					// Missed: the bar ends at the due day with a cap; its
					// label says how late it is now. (Drawn on to today,
					// every missed step would cover the rest of the case.)
					tb.missed = true
				}
			}
			l.bars = append(l.bars, tb)
		}
	}
	t.lo, t.hi = math.Inf(1), math.Inf(-1)
	t.clo, t.chi = math.Inf(1), math.Inf(-1)
	for li, l := range lanes {
		sort.SliceStable(l.bars, func(i, j int) bool { return l.bars[i].start < l.bars[j].start })
		for _, b := range l.bars {
			t.lo, t.hi = min(t.lo, b.start), max(t.hi, b.end)
			if !in[li].Aside {
				t.clo, t.chi = min(t.clo, b.start), max(t.chi, b.end)
			}
		}
		for i, e := range l.events {
			t.events[e.id] = tlRef{li, i}
			t.order = append(t.order, tlRef{li, i})
			t.lo, t.hi = min(t.lo, e.pos), max(t.hi, e.pos)
			t.clo, t.chi = min(t.clo, e.pos), max(t.chi, e.pos)
		}
	}
	sort.SliceStable(t.order, func(i, j int) bool {
		a, b := t.order[i], t.order[j]
		return lanes[a.lane].events[a.i].pos < lanes[b.lane].events[b.i].pos
	})
	t.lanes = lanes
	t.pack()
	t.Refresh()
}

// pack puts each lane's clocks into rows so that none overlaps another and,
// when that does not take many more rows, so that each keeps room for its
// label at the current zoom.
func (t *Timeline) pack() {
	textSize := t.Theme().Size(theme.SizeNameCaptionText) + 1
	y := float32(0)
	for _, l := range t.lanes {
		l.rows = packRows(l.bars, func(b *tlBar) float64 { return max(b.end, b.start+0.01) })
		if t.scale > 0 {
			roomy := packRows(l.bars, func(b *tlBar) float64 {
				w := min(float64(utf8.RuneCountInString(b.label))*float64(textSize)*0.52, 420) + tlIcon + 24
				return max(b.end, b.start+w/t.scale)
			})
			if len(roomy) <= len(l.rows)+6 {
				l.rows = roomy
			}
		}
		l.y = y
		l.h = laneHeight(l)
		y += l.h
	}
	t.contentH = y
}

// packRows assigns bars (sorted by start) to rows so that none overlaps
// another in its row: each goes to the row that came free first, if one has
// (interval partitioning, which uses the fewest rows). Within a row, bars
// stay in order of start.
func packRows(bars []tlBar, end func(*tlBar) float64) [][]int {
	var rows [][]int
	h := &rowHeap{}
	for i := range bars {
		b := &bars[i]
		row := -1
		if h.Len() > 0 && h.ends[0].end <= b.start {
			row = h.ends[0].row
			h.ends[0].end = end(b)
			heap.Fix(h, 0)
		} else {
			row = len(rows)
			rows = append(rows, nil)
			heap.Push(h, rowEnd{end(b), row})
		}
		rows[row] = append(rows[row], i)
	}
	return rows
}

type rowEnd struct {
	end float64
	row int
}

// rowHeap orders rows by the end of their last bar, then by row.
type rowHeap struct{ ends []rowEnd }

func (h *rowHeap) Len() int { return len(h.ends) }
func (h *rowHeap) Less(i, j int) bool {
	if h.ends[i].end != h.ends[j].end {
		return h.ends[i].end < h.ends[j].end
	}
	return h.ends[i].row < h.ends[j].row
}
func (h *rowHeap) Swap(i, j int) { h.ends[i], h.ends[j] = h.ends[j], h.ends[i] }
func (h *rowHeap) Push(x any)    { h.ends = append(h.ends, x.(rowEnd)) }
func (h *rowHeap) Pop() any {
	x := h.ends[len(h.ends)-1]
	h.ends = h.ends[:len(h.ends)-1]
	return x
}

func laneHeight(l *tlLane) float32 {
	h := float32(2*tlLanePad + tlMarkerRow + 2*tlLabelLine)
	if len(l.events) == 0 {
		h = 2*tlLanePad + 4
	}
	return h + float32(len(l.rows))*tlBarRow
}

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
		top := l.y + tlLanePad + tlMarkerRow + 2*tlLabelLine
		if len(l.events) == 0 {
			top = l.y + tlLanePad + 4
		}
		for ri, row := range l.rows {
			for _, bi := range row {
				b := l.bars[bi]
				if b.trigger == trigger && strings.HasPrefix(b.label, prefix) {
					x := (t.x(b.start) + t.x(max(b.end, b.start))) / 2
					return fyne.NewPos(max(x, t.x(b.start)+2), tlAxisH+top-t.scrollY+float32(ri)*tlBarRow+22), true
				}
			}
		}
	}
	return fyne.Position{}, false
}

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
		ry := cy - l.y - tlLanePad
		if len(l.events) > 0 && ry < tlMarkerRow+2*tlLabelLine {
			return t.hitEvent(l, p.X)
		}
		row := int((ry - tlMarkerRow - 2*tlLabelLine) / tlBarRow)
		if len(l.events) == 0 {
			row = int((ry - 4) / tlBarRow)
		}
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

// textKey names a label, so that it keeps its canvas.Text (and the texture
// behind it) from one frame to the next.
type textKey struct {
	kind uint8
	a, b int32
}

const (
	keyEventLabel uint8 = iota
	keyBarLabel
	keyBarShort
	keyAxisMinor
	keyAxisMajor
	keyLane
	keyCluster
	keyAsOf
)

type pooledText struct {
	t     *canvas.Text
	frame int
}

// timelineRenderer draws the timeline from pools of canvas objects.
type timelineRenderer struct {
	t  *Timeline
	bg *canvas.Rectangle

	objs  []fyne.CanvasObject
	frame int

	rects  []*canvas.Rectangle
	nRects int
	lines  []*canvas.Line
	nLines int
	icons  [][]*canvas.Image // by style
	nIcons []int
	texts  map[textKey]*pooledText
	free   []*canvas.Text

	th      fyne.Theme
	variant fyne.ThemeVariant

	lastTheme   fyne.Theme // what the pooled objects were last coloured for
	lastVariant fyne.ThemeVariant
}

func (r *timelineRenderer) Destroy() {}

func (r *timelineRenderer) Layout(fyne.Size) {
	r.t.place()
	r.t.clamp()
	r.update(false)
}

func (r *timelineRenderer) MinSize() fyne.Size { return r.t.MinSize() }

func (r *timelineRenderer) Objects() []fyne.CanvasObject { return r.objs }

// Refresh redraws everything, including colours after a theme change.
func (r *timelineRenderer) Refresh() {
	r.update(true)
}

func (r *timelineRenderer) colour(n fyne.ThemeColorName) color.Color { return r.th.Color(n, r.variant) }

func (r *timelineRenderer) rect(c color.Color, x, y, w, h float32) *canvas.Rectangle {
	if r.nRects == len(r.rects) {
		r.rects = append(r.rects, canvas.NewRectangle(c))
	}
	o := r.rects[r.nRects]
	r.nRects++
	o.FillColor, o.StrokeWidth, o.CornerRadius = c, 0, 0
	o.Move(fyne.NewPos(x, y))
	o.Resize(fyne.NewSize(w, h))
	r.objs = append(r.objs, o)
	return o
}

func (r *timelineRenderer) line(c color.Color, x1, y1, x2, y2, width float32) {
	if r.nLines == len(r.lines) {
		r.lines = append(r.lines, canvas.NewLine(c))
	}
	o := r.lines[r.nLines]
	r.nLines++
	o.StrokeColor, o.StrokeWidth = c, width
	o.Position1, o.Position2 = fyne.NewPos(x1, y1), fyne.NewPos(x2, y2)
	r.objs = append(r.objs, o)
}

func (r *timelineRenderer) icon(k int, x, y, size float32) {
	pool := r.icons[k]
	if r.nIcons[k] == len(pool) {
		img := canvas.NewImageFromResource(r.t.styles[k].Icon)
		img.FillMode = canvas.ImageFillContain
		r.icons[k] = append(pool, img)
	}
	img := r.icons[k][r.nIcons[k]]
	r.nIcons[k]++
	img.Move(fyne.NewPos(x, y))
	img.Resize(fyne.NewSize(size, size))
	r.objs = append(r.objs, img)
}

// text places the label named key; it keeps its canvas.Text across frames.
func (r *timelineRenderer) text(key textKey, s string, c color.Color, size float32, bold bool, x, y float32) *canvas.Text {
	p, ok := r.texts[key]
	if !ok {
		var o *canvas.Text
		if n := len(r.free); n > 0 {
			o, r.free = r.free[n-1], r.free[:n-1]
		} else {
			o = canvas.NewText("", c)
		}
		p = &pooledText{t: o}
		r.texts[key] = p
	}
	p.frame = r.frame
	o := p.t
	if o.Text != s || o.Color != c || o.TextSize != size || o.TextStyle.Bold != bold {
		o.Text, o.Color, o.TextSize, o.TextStyle.Bold = s, c, size, bold
		o.Resize(o.MinSize())
		o.Refresh()
	}
	o.Move(fyne.NewPos(x, y))
	r.objs = append(r.objs, o)
	return o
}

// update lays out what is in view. full is set after the case or the theme
// changed, when every object is coloured again.
func (r *timelineRenderer) update(full bool) {
	t := r.t
	r.th = t.Theme()
	r.variant = fyne.CurrentApp().Settings().ThemeVariant()
	r.frame++
	r.objs = r.objs[:0]
	r.nRects, r.nLines = 0, 0
	clear(r.nIcons)
	size := t.Size()
	textSize := r.th.Size(theme.SizeNameCaptionText) + 1
	fg := r.colour(theme.ColorNameForeground)
	muted := r.colour(theme.ColorNamePlaceHolder)
	sep := r.colour(theme.ColorNameSeparator)
	bgc := r.colour(theme.ColorNameBackground)

	r.bg.FillColor = bgc
	r.bg.Resize(size)
	r.objs = append(r.objs, r.bg)

	t.gutter = r.gutterWidth(textSize)
	plotTop := float32(tlAxisH)
	// Lane bands and separators.
	for li, l := range t.lanes {
		y := plotTop + l.y - t.scrollY
		if y > size.Height || y+l.h < plotTop {
			continue
		}
		if li%2 == 1 {
			r.rect(r.colour(theme.ColorNameHover), 0, y, size.Width, l.h)
		}
		r.line(sep, 0, y+l.h, size.Width, y+l.h, 1)
	}
	ticks := r.ticks()
	for _, tk := range ticks {
		if tk.minor {
			r.line(sep, tk.x, plotTop, tk.x, size.Height, 1)
		}
	}
	if t.asOf >= 0 {
		x := t.x(t.asOf + 0.5)
		if x >= t.gutter && x <= size.Width {
			r.line(withAlpha(r.colour(theme.ColorNamePrimary), 0xa0), x, plotTop, x, size.Height, 1.5)
			r.text(textKey{kind: keyAsOf}, t.asOfTxt, r.colour(theme.ColorNamePrimary), textSize, true, x+4, plotTop+2)
		}
	}
	for li, l := range t.lanes {
		y := plotTop + l.y - t.scrollY
		if y > size.Height || y+l.h < plotTop {
			continue
		}
		r.drawEvents(li, l, y+tlLanePad, textSize, fg)
		r.drawBars(li, l, y, textSize, fg)
	}
	if t.focused {
		f := r.rect(color.Transparent, 1, 1, size.Width-2, size.Height-2)
		f.StrokeColor, f.StrokeWidth = r.colour(theme.ColorNameFocus), 2
	}
	// The gutter and the axis are drawn last, over anything that scrolled
	// beneath them.
	r.rect(bgc, 0, 0, t.gutter, size.Height)
	r.line(sep, t.gutter, 0, t.gutter, size.Height, 1)
	for li, l := range t.lanes {
		y := plotTop + l.y - t.scrollY
		if y > size.Height || y+l.h < plotTop {
			continue
		}
		r.text(textKey{kind: keyLane, a: int32(li)}, l.name, fg, textSize, true, 10, max(y, plotTop)+tlLanePad)
	}
	r.rect(bgc, 0, 0, size.Width, plotTop)
	r.line(sep, 0, plotTop, size.Width, plotTop, 1)
	var majors []tick
	for _, tk := range ticks {
		if tk.minor {
			r.line(muted, tk.x, plotTop-6, tk.x, plotTop, 1)
			r.text(textKey{kind: keyAxisMinor, a: int32(tk.day)}, tk.label, fg, textSize, false, tk.x+3, 22)
		} else {
			majors = append(majors, tk)
		}
	}
	// A month that began off the left edge keeps its name at the edge,
	// until the next month's name needs the room.
	for i, tk := range majors {
		x := max(tk.x+3, t.gutter+6)
		w := fyne.MeasureText(tk.label, textSize, fyne.TextStyle{Bold: true}).Width
		if i+1 < len(majors) && majors[i+1].x+3 < x+w+12 {
			continue
		}
		r.text(textKey{kind: keyAxisMajor, a: int32(tk.day)}, tk.label, fg, textSize, true, x, 4)
	}
	r.rect(bgc, 0, 0, t.gutter, plotTop)
	if len(t.lanes) > 0 {
		r.text(textKey{kind: keyLane, a: -1}, "Time →", muted, textSize, false, 10, 22)
	}
	// Labels not used in this frame go back to the pool.
	for k, p := range r.texts {
		if p.frame != r.frame {
			r.free = append(r.free, p.t)
			delete(r.texts, k)
		}
	}
	if full && (r.th != r.lastTheme || r.variant != r.lastVariant) {
		// Colours changed: images and texts must be drawn again.
		r.lastTheme, r.lastVariant = r.th, r.variant
		for _, o := range r.objs {
			o.Refresh()
		}
		for _, pool := range r.icons {
			for _, img := range pool {
				img.Refresh()
			}
		}
	}
	canvas.Refresh(r.bg) // marks the canvas dirty: objects came, went or moved
}

func (r *timelineRenderer) gutterWidth(textSize float32) float32 {
	w := float32(120)
	for _, l := range r.t.lanes {
		w = max(w, fyne.MeasureText(l.name, textSize, fyne.TextStyle{Bold: true}).Width+20)
	}
	return w
}

// drawEvents draws a lane's markers in view, merging those closer than a
// few pixels, and labels as many as fit on two lines.
func (r *timelineRenderer) drawEvents(li int, l *tlLane, y, textSize float32, fg color.Color) {
	t := r.t
	if len(l.events) == 0 {
		return
	}
	w := float64(t.Size().Width)
	first := t.start - float64(tlMergePx)/t.scale
	i := sort.Search(len(l.events), func(i int) bool { return l.events[i].pos >= first })
	lineEnd := [2]float32{-1e9, -1e9}
	markerC := r.colour(theme.ColorNamePrimary)
	cy := y + tlMarkerRow/2
	for i < len(l.events) {
		x0 := t.x(l.events[i].pos)
		if float64(x0) > w+tlMarker {
			break
		}
		j := i + 1
		for j < len(l.events) && t.x(l.events[j].pos)-x0 < tlMergePx {
			j++
		}
		x1 := t.x(l.events[j-1].pos)
		n := j - i
		e := &l.events[i]
		selected := n == 1 && e.id == t.selected
		if n > 1 {
			for k := i; k < j; k++ {
				if l.events[k].id == t.selected {
					selected = true
				}
			}
		}
		if selected {
			ring := r.rect(color.Transparent, x0-tlMarker/2-4, cy-tlMarker/2-4, x1-x0+tlMarker+8, tlMarker+8)
			ring.StrokeColor, ring.StrokeWidth, ring.CornerRadius = r.colour(theme.ColorNameFocus), 2, (tlMarker+8)/2
		}
		m := r.rect(markerC, x0-tlMarker/2, cy-tlMarker/2, x1-x0+tlMarker, tlMarker)
		m.CornerRadius = tlMarker / 2
		if n == 1 && e.approx {
			m.FillColor = color.Transparent
			m.StrokeColor, m.StrokeWidth = markerC, 2
		}
		// The label, if there is room on one of the two lines.
		label, key := e.label, textKey{kind: keyEventLabel, a: int32(li), b: int32(i)}
		if n > 1 {
			label, key = fmt.Sprintf("%d events", n), textKey{kind: keyCluster, a: int32(li), b: int32(i)}
		}
		lw := e.labelW
		if n > 1 || lw == 0 {
			lw = fyne.MeasureText(label, textSize, fyne.TextStyle{Bold: selected}).Width
			if n == 1 && !selected {
				e.labelW = lw
			}
		}
		lx := x0 - tlMarker/2
		if n > 1 && !selected && r.crowded(l, i, j) {
			i = j // a run of clusters: their counts would only be noise
			continue
		}
		for line := 0; line < 2; line++ {
			if lx >= lineEnd[line]+8 || (selected && line == 1) {
				r.text(key, label, fg, textSize, selected, lx, y+tlMarkerRow+float32(line)*tlLabelLine)
				lineEnd[line] = lx + lw
				break
			}
		}
		i = j
	}
}

// crowded reports whether the markers just before i and from j on are close
// to the cluster of events i to j-1.
func (r *timelineRenderer) crowded(l *tlLane, i, j int) bool {
	const room = 24
	t := r.t
	if i > 0 && t.x(l.events[i].pos)-t.x(l.events[i-1].pos) < room {
		return true
	}
	return j < len(l.events) && t.x(l.events[j].pos)-t.x(l.events[j-1].pos) < room
}

// drawBars draws a lane's clocks in view, row by row.
func (r *timelineRenderer) drawBars(li int, l *tlLane, laneY, textSize float32, fg color.Color) {
	t := r.t
	size := t.Size()
	top := laneY + tlLanePad + tlMarkerRow + 2*tlLabelLine
	if len(l.events) == 0 {
		top = laneY + tlLanePad + 4
	}
	viewEnd := t.start + t.plotWidth()/t.scale
	firstRow := max(int((tlAxisH-top)/tlBarRow), 0)
	for ri := firstRow; ri < len(l.rows); ri++ {
		row := l.rows[ri]
		y := top + float32(ri)*tlBarRow
		if y > size.Height {
			break
		}
		// Bars in a row do not overlap, so their ends are in order too.
		i := sort.Search(len(row), func(i int) bool { return max(l.bars[row[i]].end, l.bars[row[i]].start+tlIcon/t.scale) >= t.start })
		labelEnd := float32(-1e9)
		barY := y + 19
		for i < len(row) {
			b := &l.bars[row[i]]
			if b.start > viewEnd {
				break
			}
			// Merge clocks that would be drawn on top of each other.
			j, kind, end := i+1, b.kind, b.end
			for j < len(row) && t.x(l.bars[row[j]].start) <= t.x(end)+2 {
				end = max(end, l.bars[row[j]].end)
				kind = min(kind, l.bars[row[j]].kind) // the most serious
				j++
			}
			c := r.colour(t.styles[kind].Colour)
			x0, xd, x1 := t.x(b.start), t.x(b.dueEnd), t.x(end)
			if j-i == 1 {
				r.drawBar(b, c, x0, xd, x1, barY)
			} else {
				r.rect(c, x0, barY, max(x1-x0, 2), 8).CornerRadius = 2
			}
			// The status icon, always; then the words if there is room.
			ix := max(x0, t.gutter+2)
			if x1 < t.gutter {
				ix = x1
			}
			if ix >= labelEnd {
				r.icon(kind, ix, y+2, tlIcon)
				labelEnd = ix + tlIcon + 2
				next := float32(size.Width)
				if j < len(row) {
					next = t.x(l.bars[row[j]].start) - 6
				}
				if j-i == 1 {
					if b.labelW == 0 {
						b.labelW = fyne.MeasureText(b.label, textSize, fyne.TextStyle{}).Width
						b.shortW = fyne.MeasureText(b.short, textSize, fyne.TextStyle{}).Width
					}
					lx := ix + tlIcon + 3
					switch {
					case lx+b.labelW <= next || j == len(row):
						r.text(textKey{kind: keyBarLabel, a: int32(li), b: int32(row[i])}, b.label, fg, textSize, false, lx, y+1)
						labelEnd = lx + b.labelW + 8
					case next-lx >= b.shortW+60:
						s, w := fitText(b.label, b.labelW, next-lx, textSize)
						r.text(textKey{kind: keyBarShort, a: int32(li), b: int32(row[i])}, s, fg, textSize, false, lx, y+1)
						labelEnd = lx + w + 8
					case lx+b.shortW <= next:
						r.text(textKey{kind: keyBarShort, a: int32(li), b: int32(row[i])}, b.short, fg, textSize, false, lx, y+1)
						labelEnd = lx + b.shortW + 8
					}
				}
			}
			i = j
		}
	}
}

// fitText shortens s (w wide) with an ellipsis to fit in avail, and returns
// it with its width.
func fitText(s string, w, avail, size float32) (string, float32) {
	r := []rune(s)
	n := int(float32(len(r))*avail/w) - 1
	for ; n > 1; n -= 3 {
		t := strings.TrimRight(string(r[:n]), " ·") + "…"
		if tw := fyne.MeasureText(t, size, fyne.TextStyle{}).Width; tw <= avail {
			return t, tw
		}
	}
	return "…", fyne.MeasureText("…", size, fyne.TextStyle{}).Width
}

// drawBar draws one clock: from its start to the due day, then (when late)
// on to the day it was done, with a tick where it was done in time.
func (r *timelineRenderer) drawBar(b *tlBar, c color.Color, x0, xd, x1 float32, y float32) {
	if b.dueEnd == b.start {
		return // no due date: the icon says it all
	}
	soft := withAlpha(c, 0x60)
	switch r.t.styles[b.kind].Look {
	case LookFaint:
		o := r.rect(withAlpha(c, 0x20), x0, y, max(xd-x0, 2), 8)
		o.StrokeColor, o.StrokeWidth, o.CornerRadius = c, 1.5, 2
	case LookOutlined:
		o := r.rect(soft, x0, y, max(xd-x0, 2), 8)
		o.StrokeColor, o.StrokeWidth, o.CornerRadius = c, 1.5, 2
	default:
		r.rect(soft, x0, y, max(xd-x0, 2), 8).CornerRadius = 2
	}
	if x1 > xd+0.5 {
		r.rect(c, xd, y-2, x1-xd, 12).CornerRadius = 2
	}
	if b.missed {
		r.rect(c, xd-2, y-3, 7, 14).CornerRadius = 1
	}
	if b.doneAt >= 0 {
		x := r.t.x(b.doneAt)
		r.rect(c, x-1.5, y-3, 3, 14)
	}
}

func withAlpha(c color.Color, a uint8) color.Color {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	n.A = uint8(uint16(n.A) * uint16(a) / 0xff)
	return n
}

// tick is a mark on the time axis.
type tick struct {
	x     float32
	day   int
	label string
	minor bool
}

// ticks returns the axis marks in view: minor ones (days, weeks, months or
// years, whichever are far enough apart to label) and major ones above them
// (months or years) that name the larger unit.
func (r *timelineRenderer) ticks() []tick {
	t := r.t
	if len(t.lanes) == 0 {
		return nil
	}
	from := t.start - 1
	to := t.start + t.plotWidth()/t.scale + 1
	var out []tick
	add := func(d time.Time, label string, minor bool) {
		day := dayOf(d)
		if day < from-1 || day > to {
			return
		}
		out = append(out, tick{x: t.x(day), day: int(day), label: label, minor: minor})
	}
	months := []string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
	first := dateOf(from)
	y0, m0, _ := first.Date()
	switch s := t.scale; {
	case s >= 50: // days
		for d := first; dayOf(d) <= to; d = d.AddDate(0, 0, 1) {
			_, m, day := d.Date()
			add(d, fmt.Sprintf("%d %s", day, months[m-1]), true)
		}
	case s >= 8: // weeks, from Monday
		d := first.AddDate(0, 0, -((int(first.Weekday()) + 6) % 7))
		for ; dayOf(d) <= to; d = d.AddDate(0, 0, 7) {
			_, m, day := d.Date()
			add(d, fmt.Sprintf("%d %s", day, months[m-1]), true)
		}
	default:
		step := 1 // months
		switch {
		case s >= 2.5:
		case s >= 0.9:
			step = 3
		case s >= 0.45:
			step = 6
		default:
			step = 12 * max(1, int(math.Ceil(60/(365*s))))
		}
		if step >= 12 {
			for y := y0; dayOf(newDate(y, 1, 1)) <= to; y++ {
				if y%(step/12) == 0 {
					add(newDate(y, 1, 1), fmt.Sprint(y), true)
				}
			}
			break
		}
		for d := newDate(y0, m0, 1); dayOf(d) <= to; d = d.AddDate(0, 1, 0) {
			y, m, _ := d.Date()
			if (int(m)-1)%step == 0 {
				add(d, months[m-1]+" "+fmt.Sprint(y), true)
			}
		}
	}
	// Major marks: months above days and weeks; none above months and years
	// (their labels carry the year already).
	if t.scale >= 8 {
		for d := newDate(y0, m0, 1).AddDate(0, -1, 0); dayOf(d) <= to; d = d.AddDate(0, 1, 0) {
			y, m, _ := d.Date()
			label := m.String() + " " + fmt.Sprint(y)
			day := dayOf(d)
			if next := dayOf(d.AddDate(0, 1, 0)); next <= from {
				continue
			}
			out = append(out, tick{x: t.x(day), day: int(day), label: label})
		}
	}
	return out
}

func newDate(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
