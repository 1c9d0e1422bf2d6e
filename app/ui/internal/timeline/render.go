package timeline

import (
	"fmt"
	"image/color"
	"math"
	"sort"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
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

	if t.geometry() {
		t.pack() // the text size changed: lanes grow or shrink with it
	}
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
// few pixels, and labels them on staggered lines so that no label covers
// another (placeLabels): the selected event's label whole, the others whole
// where there is room, shortened or left out where there is not (their
// words are on the hover line).
func (r *timelineRenderer) drawEvents(li int, l *tlLane, y, textSize float32, fg color.Color) {
	t := r.t
	if len(l.events) == 0 {
		return
	}
	w := float64(t.Size().Width)
	first := t.start - float64(tlMergePx)/t.scale
	i := sort.Search(len(l.events), func(i int) bool { return l.events[i].pos >= first })
	markerC := r.colour(theme.ColorNamePrimary)
	cy := y + tlMarkerRow/2
	type pending struct {
		label    string
		key      textKey
		bold     bool
		x, width float32
	}
	var labels []pending
	var boxes []labelBox
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
		label, key := e.label, textKey{kind: keyEventLabel, a: int32(li), b: int32(i)}
		if n > 1 {
			label, key = fmt.Sprintf("%d events", n), textKey{kind: keyCluster, a: int32(li), b: int32(i)}
		}
		if n > 1 && !selected && r.crowded(l, i, j) {
			i = j // a run of clusters: their counts would only be noise
			continue
		}
		lw := e.labelW
		if n > 1 || selected || lw == 0 || e.labelSize != textSize {
			lw = fyne.MeasureText(label, textSize, fyne.TextStyle{Bold: selected}).Width
			if n == 1 && !selected {
				e.labelW, e.labelSize = lw, textSize
			}
		}
		labels = append(labels, pending{label, key, selected, x0 - tlMarker/2, lw})
		boxes = append(boxes, labelBox{X: x0 - tlMarker/2, W: lw, Keep: selected})
		i = j
	}
	for k, s := range placeLabels(boxes, tlLabelLines, tlLabelGap, tlLabelMin) {
		if s.Line < 0 {
			continue
		}
		p := labels[k]
		text := p.label
		if s.W < p.width {
			text, _ = fitText(p.label, p.width, s.W, textSize)
		}
		r.text(p.key, text, fg, textSize, p.bold, p.x, y+tlMarkerRow+float32(s.Line)*t.lineH)
	}
}

// Event labels keep tlLabelGap between them on a line, and are not
// shortened below tlLabelMin (then they are left out).
const (
	tlLabelGap = 8
	tlLabelMin = 48
)

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
	top := laneY + t.barsTop(l)
	viewEnd := t.start + t.plotWidth()/t.scale
	firstRow := max(int((tlAxisH-top)/t.barH), 0)
	for ri := firstRow; ri < len(l.rows); ri++ {
		row := l.rows[ri]
		y := top + float32(ri)*t.barH
		if y > size.Height {
			break
		}
		// Bars in a row do not overlap, so their ends are in order too.
		i := sort.Search(len(row), func(i int) bool { return max(l.bars[row[i]].end, l.bars[row[i]].start+tlIcon/t.scale) >= t.start })
		labelEnd := float32(-1e9)
		barY := y + t.barY
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
					if b.labelW == 0 || b.labelSize != textSize {
						b.labelW = fyne.MeasureText(b.label, textSize, fyne.TextStyle{}).Width
						b.shortW = fyne.MeasureText(b.short, textSize, fyne.TextStyle{}).Width
						b.labelSize = textSize
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
