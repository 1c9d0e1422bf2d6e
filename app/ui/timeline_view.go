package ui

import (
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/redress-app/redress/app/ui/internal/timeline"
	"github.com/redress-app/redress/app/ui/kit"
	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/checks"
)

// laneOrder is the order of the lanes: one per area of event kinds (the
// family's own time limits come last), named by laneNames.
var laneOrder = []casefile.Area{casefile.AreaReferral, casefile.AreaProtection, casefile.AreaAccommodation,
	casefile.AreaComplaints, casefile.AreaOther}

var laneNames = map[casefile.Area]string{
	casefile.AreaReferral:      "Referral and assessment",
	casefile.AreaProtection:    "Child protection",
	casefile.AreaAccommodation: "Accommodation and court",
	casefile.AreaComplaints:    "Complaints and requests",
	casefile.AreaOther:         "Anything else",
}

const familyLaneName = "Your time limits"

// An event the receiver of a pack added to their copy (ownWords) is marked
// on the timeline as in the events list: its label says "your own", and
// its hover line that it is not the family's record.
const (
	ownMarkerSuffix = " (your own)"
	ownEventDetail  = "Your own event, not the family's record"
)

// timelineStyles are the statuses as the timeline draws them, by kit.StatusKind
// (most serious first).
var timelineStyles = func() []timeline.Style {
	s := make([]timeline.Style, kit.StatusMet+1)
	for k := range s {
		look := kit.StatusKind(k).Look()
		s[k] = timeline.Style{Word: look.Word, Icon: look.Icon, Colour: look.Colour}
		switch kit.StatusKind(k) {
		case kit.StatusNeedsInfo:
			s[k].Look = timeline.LookFaint
		case kit.StatusDue, kit.StatusFamilyDue:
			s[k].Look = timeline.LookOutlined
		}
	}
	return s
}()

// caseLanes turns case c and its findings into the timeline's lanes: one per
// area of event kinds, in laneOrder, then the family's own time limits. cat
// gives each finding's rule (nil is allowed: every clock is then shown as the
// council's).
func caseLanes(c *casefile.Case, fds []casefile.Finding, cat *checks.Catalogue, asOf casefile.Date) []timeline.Lane {
	if c == nil {
		return nil
	}
	evs := sortedEvents(c.Events)
	byArea := map[casefile.Area]*timeline.Lane{}
	laneOf := func(a casefile.Area) *timeline.Lane {
		if l, ok := byArea[a]; ok {
			return l
		}
		l := &timeline.Lane{Name: laneNames[a]}
		byArea[a] = l
		return l
	}
	areaOf := map[string]casefile.Area{}
	for i := range evs {
		e := &evs[i]
		info, ok := casefile.LookupKind(e.Kind)
		area := info.Area
		if !ok || laneNames[area] == "" {
			area = casefile.AreaOther
		}
		areaOf[e.ID] = area
		l := laneOf(area)
		label := info.Label
		if label == "" {
			label = string(e.Kind)
		}
		if (e.Kind == casefile.KindOther || e.Kind == casefile.KindDecision) && e.Detail != "" {
			label = shorten(kit.OneLine(e.Detail), 40)
		}
		detail := info.Label + ", " + e.Date.Long()
		if e.Approx() {
			detail = info.Label + ", about " + e.Date.Long() + " (the exact day is not certain)"
		}
		if ownWords(e.ID) != "" {
			// Said before the kind's explanation, which a narrow window
			// may cut short.
			label += ownMarkerSuffix
			detail += ". " + ownEventDetail
		}
		if info.Explain != "" {
			// The hover line explains the kind, and so its legal terms.
			detail += ". " + strings.TrimSuffix(info.Explain, ".")
		}
		l.Markers = append(l.Markers, timeline.Marker{ID: e.ID, Date: e.Date.Time(), Label: label, Detail: detail, Approx: e.Approx()})
	}
	var family *timeline.Lane
	for _, f := range fds {
		area, ok := areaOf[f.Trigger]
		if !ok {
			continue
		}
		var r *checks.Rule
		if cat != nil {
			r, _ = cat.Rule(f.Rule)
		}
		fam := r != nil && r.Family()
		k := kit.KindOf(f, fam)
		b := timeline.Bar{Trigger: f.Trigger, Missed: f.Status == casefile.StatusBreach, Style: int(k)}
		if !f.Due.IsZero() {
			b.Due = f.Due.Time()
		}
		if !f.DoneDate.IsZero() {
			b.Done = f.DoneDate.Time()
		}
		b.Label, b.Short = barLabels(f, r, cat, asOf, k)
		l := byArea[area]
		if fam {
			if family == nil {
				family = &timeline.Lane{Name: familyLaneName, Aside: true}
			}
			l = family
		}
		l.Bars = append(l.Bars, b)
	}
	var lanes []timeline.Lane
	for _, a := range laneOrder {
		if l, ok := byArea[a]; ok {
			lanes = append(lanes, *l)
		}
	}
	if family != nil {
		lanes = append(lanes, *family)
	}
	return lanes
}

// barLabels are a clock's label and its short form, both with the status in
// words: "Late: initial child protection conference · due 3 November 2025 ·
// 3 working days late" and "Late or missed".
func barLabels(f casefile.Finding, r *checks.Rule, cat *checks.Catalogue, asOf casefile.Date, k kit.StatusKind) (string, string) {
	var cal *checks.Calendar
	if cat != nil {
		cal = cat.Calendar
	}
	title := f.Title
	if title == "" {
		title = k.Look().Word + ": " + kit.SubjectOf(f, r)
	}
	parts := []string{title}
	if own := ownBarWords(f); own != "" {
		parts = append(parts, own)
	}
	if !f.Due.IsZero() {
		parts = append(parts, "due "+f.Due.Long())
	}
	if w := kit.TimeWords(f, r, cal, asOf); w != "" {
		parts = append(parts, w)
	} else if !f.DoneDate.IsZero() && f.Status == casefile.StatusMet {
		parts = append(parts, "done "+f.DoneDate.Long())
	}
	return strings.Join(parts, " · "), k.Look().Word
}

func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

// timelineView is the Timeline tab: the timeline with its zoom buttons, a key
// to the status icons, and a line saying what is under the pointer.
type timelineView struct {
	cat      *checks.Catalogue
	tl       *timeline.Timeline
	content  *fyne.Container
	body     fyne.CanvasObject
	empty    fyne.CanvasObject
	emptyMsg *widget.Label

	zoomIn, zoomOut, fit *widget.Button
	hover                *widget.Label
	legend               *fyne.Container
}

// newTimelineView makes the Timeline tab. onOpen is called with the ID of the
// event tapped (for a clock, the event that started it); onAddEvent, if not
// nil, is offered when the case has no events.
func newTimelineView(cat *checks.Catalogue, onOpen func(eventID string), onAddEvent func()) *timelineView {
	v := &timelineView{cat: cat, tl: timeline.New(timelineStyles, onOpen)}
	v.zoomOut = widget.NewButtonWithIcon("", theme.ZoomOutIcon(), v.tl.ZoomOut)
	v.zoomIn = widget.NewButtonWithIcon("", theme.ZoomInIcon(), v.tl.ZoomIn)
	v.fit = widget.NewButtonWithIcon("Show all", theme.ZoomFitIcon(), v.tl.Fit)
	v.hover = widget.NewLabel("")
	v.hover.Truncation = fyne.TextTruncateEllipsis
	v.tl.OnHover = func(s string) {
		if s == "" {
			s = timelineHint
		}
		if s != v.hover.Text { // the pointer moves often; the words change less
			v.hover.SetText(s)
		}
	}
	v.tl.OnView = v.updateButtons
	v.hover.SetText(timelineHint)
	v.legend = container.NewHBox()
	bar := container.NewBorder(nil, nil, container.NewHBox(v.zoomOut, v.zoomIn, v.fit), nil, container.NewHScroll(v.legend))
	v.body = container.NewBorder(bar, v.hover, nil, nil, v.tl)

	heading := widget.NewLabelWithStyle("Timeline", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	heading.SizeName = theme.SizeNameSubHeadingText
	v.emptyMsg = widget.NewLabel("The timeline shows what the council did, and when, on one line through time, " +
		"with its time limits drawn as bars. Record what happened and it appears here.")
	v.emptyMsg.Wrapping = fyne.TextWrapWord
	v.emptyMsg.Alignment = fyne.TextAlignCenter
	box := container.NewVBox(heading, v.emptyMsg)
	if onAddEvent != nil {
		add := widget.NewButtonWithIcon("Record what the council did…", theme.ContentAddIcon(), onAddEvent)
		add.Importance = widget.HighImportance
		box.Add(container.NewCenter(add))
	}
	v.empty = container.NewCenter(container.NewGridWrap(fyne.NewSize(520, 170), box))
	v.content = container.NewStack(v.empty)
	return v
}

const timelineHint = "Drag or scroll to move along. Ctrl and scroll, or + and −, to zoom. Click an event or a bar to open it."

// SetCase shows case c with its findings fds, checked as of asOf.
func (v *timelineView) SetCase(c *casefile.Case, fds []casefile.Finding, asOf casefile.Date) {
	lanes := caseLanes(c, fds, v.cat, asOf)
	var asOfTime time.Time
	var asOfText string
	if !asOf.IsZero() {
		asOfTime, asOfText = asOf.Time(), "As of "+asOf.Long()
	}
	v.tl.SetLanes(lanes, asOfTime, asOfText)
	if c == nil || len(c.Events) == 0 {
		v.content.Objects = []fyne.CanvasObject{v.empty}
		v.content.Refresh()
		return
	}
	seen := map[kit.StatusKind]bool{}
	for _, l := range lanes {
		for _, b := range l.Bars {
			seen[kit.StatusKind(b.Style)] = true
		}
	}
	v.legend.Objects = nil
	for k := kit.StatusBreach; k <= kit.StatusMet; k++ {
		if seen[k] {
			l := widget.NewLabel(k.Look().Word)
			v.legend.Add(container.NewHBox(widget.NewIcon(k.Look().Icon), l))
		}
	}
	v.legend.Refresh()
	v.content.Objects = []fyne.CanvasObject{v.body}
	v.content.Refresh()
	v.updateButtons()
}

// Reveal selects an event and scrolls the timeline to it.
func (v *timelineView) Reveal(eventID string) bool { return v.tl.Reveal(eventID) }

func (v *timelineView) updateButtons() {
	in, out := v.tl.CanZoom()
	setEnabled(v.zoomIn, in)
	setEnabled(v.zoomOut, out)
}

func setEnabled(b *widget.Button, on bool) {
	if on && b.Disabled() {
		b.Enable()
	} else if !on && !b.Disabled() {
		b.Disable()
	}
}
