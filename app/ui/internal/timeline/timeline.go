// Package timeline is the desktop app's timeline widget: lanes of events on a
// horizontal time axis, with clocks drawn as bars under them. It knows nothing
// of cases or checks: the screen that feeds it (app/ui) turns a case and its
// findings into plain lanes, markers and bars, and says how each status of a
// bar is shown (Style).
package timeline

import (
	"container/heap"
	"math"
	"sort"
	"time"
	"unicode/utf8"

	"fyne.io/fyne/v2"
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

	// The heights of a label line and of a row of clocks, from the text
	// size they were worked out for, so that larger text never overlaps.
	geomText          float32
	lineH, barH, barY float32

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
	// labelSize is the text size labelW was measured at: a new text size
	// measures it again (a stale width let labels overlap).
	labelSize float32
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
	labelSize      float32 // the text size labelW and shortW were measured at
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
	t.geometry()
	textSize := t.geomText
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
		l.h = t.laneHeight(l)
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

func (t *Timeline) laneHeight(l *tlLane) float32 {
	return t.barsTop(l) + float32(len(l.rows))*t.barH + tlLanePad
}

// barsTop is where a lane's first row of clocks starts, below the lane's top:
// under the markers and their label lines.
func (t *Timeline) barsTop(l *tlLane) float32 {
	if len(l.events) == 0 {
		return tlLanePad + 4
	}
	return tlLanePad + tlMarkerRow + tlLabelLines*t.lineH
}

// tlLabelLines is how many lines the events' labels are staggered on.
const tlLabelLines = 2

// geometry works out the label line and clock row heights for the theme's
// text size, and reports whether they changed since last time.
func (t *Timeline) geometry() bool {
	size := t.Theme().Size(theme.SizeNameCaptionText) + 1
	if size == t.geomText && t.lineH > 0 {
		return false
	}
	t.geomText = size
	textH := fyne.MeasureText("Ag", size, fyne.TextStyle{Bold: true}).Height
	t.lineH = max(tlLabelLine, float32(math.Ceil(float64(textH)))+1)
	// A clock's row: its words from 1 unit down, then the bar (8 high)
	// clear of them, then room before the next row.
	t.barY = max(19, float32(math.Ceil(float64(textH)))+3)
	t.barH = max(tlBarRow, t.barY+13)
	return true
}
