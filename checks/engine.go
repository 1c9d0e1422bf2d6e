package checks

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/redress-app/redress/casefile"
)

// tri is a three-valued answer: does an event match a selector?
type tri int

const (
	no tri = iota
	unknown
	yes
)

// match is an event a selector picked, and whether it surely matched or the
// record leaves it open (an attribute not recorded).
type match struct {
	e     *casefile.Event
	state tri
}

// dateSlot is one entry of runCtx.dates.
type dateSlot struct {
	d  casefile.Date
	s  string
	ok bool
}

// runCtx is one evaluation: the catalogue, the case's events up to the as-of
// date in date order, and caches.
type runCtx struct {
	cat  *Catalogue
	cal  *Calendar
	c    *casefile.Case
	asOf casefile.Date
	evs  []*casefile.Event
	pos  map[*casefile.Event]int
	kind map[casefile.Kind][]*casefile.Event // evs by kind, in date order
	eps  []*episode
	epsD bool
	// dates caches dates in words for the run's explanations.
	dates *[512]dateSlot // allocated when the first finding is put into words
	// citSlab holds every finding's citations in one allocation; each finding
	// gets its own capacity-limited window, so appending to one cannot
	// overwrite another.
	citSlab []casefile.Citation
	slab    []result // results are allocated from here in chunks

	// A shifted context (see shifted) shares its base's positions: every
	// event but the moved one keeps twice its base position, and the moved
	// one gets an odd number between its new neighbours'.
	moved    *casefile.Event
	movedPos int
	orig     map[*casefile.Event]int // base only: event -> index in c.Events, built on demand
}

// posOf returns a number that orders e among the context's events.
func (x *runCtx) posOf(e *casefile.Event) int {
	if x.moved != nil {
		if e == x.moved {
			return x.movedPos
		}
		return 2 * x.pos[e]
	}
	return x.pos[e]
}

// shifted returns a context like x (which must be a base context from
// newCtx) in which event i of the case is dated d instead. It copies one
// event and the list of pointers, not the whole case, so that checking
// approximate dates stays cheap.
func (x *runCtx) shifted(i int, d casefile.Date) *runCtx {
	orig := &x.c.Events[i]
	moved := *orig
	moved.Date = d
	if x.orig == nil {
		x.orig = make(map[*casefile.Event]int, len(x.evs))
		for k := range x.c.Events {
			x.orig[&x.c.Events[k]] = k
		}
	}
	y := &runCtx{cat: x.cat, cal: x.cal, c: x.c, asOf: x.asOf, pos: x.pos, moved: &moved, movedPos: -1}
	key := func(e *casefile.Event, idx int) [3]int {
		return [3]int{epoch.DaysUntil(e.Date), e.Time.Minutes(), idx}
	}
	less := func(a, b [3]int) bool {
		if a[0] != b[0] {
			return a[0] < b[0]
		}
		if a[1] != b[1] {
			return a[1] < b[1]
		}
		return a[2] < b[2]
	}
	mk := key(&moved, i)
	include := !d.IsZero() && !d.After(x.asOf)
	y.evs = make([]*casefile.Event, 0, len(x.evs)+1)
	inserted := !include
	prev := -1 // base position of the event before the moved one
	for _, e := range x.evs {
		if e == orig {
			continue
		}
		if !inserted && less(mk, key(e, x.orig[e])) {
			y.evs = append(y.evs, y.moved)
			y.movedPos = 2*prev + 1
			inserted = true
		}
		y.evs = append(y.evs, e)
		prev = x.pos[e]
	}
	if !inserted {
		y.evs = append(y.evs, y.moved)
		y.movedPos = 2*prev + 1
	}
	y.kind = make(map[casefile.Kind][]*casefile.Event, len(x.kind)+1)
	for k, list := range x.kind {
		y.kind[k] = list
	}
	var list []*casefile.Event
	for _, e := range y.evs {
		if e.Kind == moved.Kind {
			list = append(list, e)
		}
	}
	y.kind[moved.Kind] = list
	return y
}

// epoch is a fixed day to count day numbers from.
var epoch = casefile.NewDate(1900, 1, 1)

func newCtx(cat *Catalogue, c *casefile.Case, events []casefile.Event, asOf casefile.Date) *runCtx {
	x := &runCtx{cat: cat, cal: cat.Calendar, c: c, asOf: asOf, pos: make(map[*casefile.Event]int, len(events))}
	type keyed struct {
		key int64 // date, then time of day (untimed first), then file order
		e   *casefile.Event
	}
	ks := make([]keyed, 0, len(events))
	for i := range events {
		e := &events[i]
		if e.Date.IsZero() || e.Date.After(asOf) {
			continue // events after the as-of date are ignored
		}
		day := int64(epoch.DaysUntil(e.Date))
		ks = append(ks, keyed{(day*1441+int64(e.Time.Minutes()+1))<<24 | int64(i), e})
	}
	slices.SortFunc(ks, func(a, b keyed) int { return cmpInt64(a.key, b.key) })
	x.evs = make([]*casefile.Event, len(ks))
	x.kind = map[casefile.Kind][]*casefile.Event{}
	for i, k := range ks {
		x.evs[i] = k.e
		x.pos[k.e] = i
		x.kind[k.e.Kind] = append(x.kind[k.e.Kind], k.e)
	}
	return x
}

func cmpInt64(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Run checks case c against every rule in cat as of asOf and returns the
// findings sorted by trigger date, rule and trigger (never nil). It is a pure
// function: it never reads the clock, and it does not modify c.
func Run(cat *Catalogue, c *casefile.Case, asOf casefile.Date) []casefile.Finding {
	out := []casefile.Finding{}
	if cat == nil || c == nil || asOf.IsZero() {
		return out
	}
	x := newCtx(cat, c, c.Events, asOf)
	var approx []int
	for i := range c.Events {
		if c.Events[i].Approx() && !c.Events[i].Date.IsZero() && !c.Events[i].Date.After(asOf.AddDays(7)) {
			approx = append(approx, i)
		}
	}
	type item struct {
		r  *Rule
		rs *result
	}
	res := make([][]*result, len(cat.Rules))
	n := 0
	for k, r := range cat.Rules {
		res[k] = r.eval(x)
		n += len(res[k])
	}
	if len(approx) > 0 {
		markApprox(x, cat.Rules, res, approx)
	}
	items := make([]item, 0, n)
	for k, r := range cat.Rules {
		for _, rs := range res[k] {
			items = append(items, item{r, rs})
		}
	}
	// Sort before putting into words: the keys are cheap to compare, the
	// findings are not cheap to move. (rule, trigger) is unique.
	slices.SortFunc(items, func(a, b item) int {
		if c := a.rs.trig.Date.Compare(b.rs.trig.Date); c != 0 {
			return c
		}
		if a.r != b.r {
			return a.r.rank - b.r.rank // the rank is the position of the id in sorted order
		}
		return strings.Compare(a.rs.trig.ID, b.rs.trig.ID)
	})
	out = make([]casefile.Finding, 0, len(items))
	spans := make([][2]int, 0, len(items))
	ncit := 0
	for _, it := range items {
		ncit += len(it.r.citePeriod(it.rs.trig.Date).cits)
	}
	x.citSlab = make([]casefile.Citation, 0, ncit)
	var tb strings.Builder
	size := 0
	for _, it := range items {
		size += len(it.r.Explanation) + len(it.r.Text.Required) + 300
	}
	tb.Grow(size)
	for _, it := range items {
		f, span := it.r.finding(x, it.rs, &tb)
		out = append(out, f)
		spans = append(spans, span)
	}
	text := tb.String()
	for i, sp := range spans {
		out[i].Explanation = text[sp[0]:sp[1]]
	}
	return out
}

// markApprox marks needs-info every result whose status could change if an
// approximate date were up to 7 days earlier or later. Each shifted record is
// built once and every rule the shifted event can affect is run on it.
func markApprox(x *runCtx, rules []*Rule, res [][]*result, approx []int) {
	for _, i := range approx {
		ev := &x.c.Events[i]
		var affected []int
		for k, r := range rules {
			if len(res[k]) > 0 && r.kinds[ev.Kind] {
				affected = append(affected, k)
			}
		}
		if len(affected) == 0 {
			continue
		}
		changed := map[*result]bool{}
		for delta := -7; delta <= 7; delta++ {
			if delta == 0 {
				continue
			}
			alt := x.shifted(i, ev.Date.AddDays(delta))
			for _, k := range affected {
				got := map[string]casefile.Status{}
				for _, rs := range rules[k].eval(alt) {
					got[rs.trig.ID] = rs.status
				}
				for _, rs := range res[k] {
					if st, ok := got[rs.trig.ID]; !ok || st != rs.status {
						changed[rs] = true
					}
				}
			}
		}
		for _, k := range affected {
			for _, rs := range res[k] {
				if changed[rs] && rs.status != casefile.StatusNeedsInfo {
					rs.approx = append(rs.approx, ev)
				}
			}
		}
	}
	for _, list := range res {
		for _, rs := range list {
			if len(rs.approx) > 0 {
				rs.status = casefile.StatusNeedsInfo
			}
		}
	}
}

// eventKinds lists the event kinds whose dates can affect the rule.
func (r *Rule) eventKinds() map[casefile.Kind]bool {
	m := map[casefile.Kind]bool{}
	lists := [][]Selector{r.Trigger, r.Done, r.Anchor, r.Cancel, r.Maybe, r.StartedBy, r.FromEarlier, r.Partial}
	if r.Extension != nil {
		lists = append(lists, r.Extension.Event)
	}
	for _, l := range lists {
		for _, s := range l {
			m[s.Event] = true
			switch s.Select {
			case "s47-start", "s47-initiation":
				m[casefile.KindS47Started], m[casefile.KindStrategyDiscussion], m[casefile.KindS47Concluded] = true, true, true
			case "s20-objection-while-accommodated":
				m[casefile.KindS20Objection], m[casefile.KindS20Accommodated], m[casefile.KindChildReturned] = true, true, true
			}
			if s.Procedure != "" {
				m[casefile.KindComplaintMade] = true
			}
		}
	}
	if r.Kind == KindCheck {
		m[casefile.KindStrategyDiscussion], m[casefile.KindS47Started], m[casefile.KindComplaintMade] = true, true, true
	}
	if r.Kind == KindConcern {
		m[casefile.KindMedicalExamination], m[casefile.KindStrategyDiscussion], m[casefile.KindS47Started] = true, true, true
		m[casefile.KindReferralReceived] = true
	}
	return m
}

// compatible reports whether two events concern the same child: the same
// child, or either concerns every child.
func compatible(a, b *casefile.Event) bool {
	return a.Child == "" || b.Child == "" || a.Child == b.Child
}

// cmp orders two events by date, and by time only when both have one; 0 means
// the same day with no way to tell which came first.
func cmp(a, b *casefile.Event) int {
	if c := a.Date.Compare(b.Date); c != 0 {
		return c
	}
	if !a.Time.IsZero() && !b.Time.IsZero() {
		switch {
		case a.Time.Minutes() < b.Time.Minutes():
			return -1
		case a.Time.Minutes() > b.Time.Minutes():
			return 1
		}
	}
	return 0
}

// matches says whether e is picked by s.
func (x *runCtx) matches(s Selector, e *casefile.Event) tri {
	if e.Kind != s.Event {
		return no
	}
	st := yes
	a := e.Attrs
	if s.Stage != 0 && a.Stage != s.Stage {
		return no
	}
	if s.Procedure != "" && x.procedureOf(e) != s.Procedure {
		return no
	}
	if s.Type != "" && a.AssessmentType() != s.Type {
		return no
	}
	if s.Complete != nil && a.IsComplete() != *s.Complete {
		return no
	}
	if s.Outcome != "" {
		if a.Outcome == "" {
			st = unknown
		} else if a.Outcome != s.Outcome {
			return no
		}
	}
	for _, b := range []struct{ want, got *bool }{{s.Plan, a.Plan}, {s.S47, a.S47}, {s.Consent, a.Consent}} {
		if b.want == nil {
			continue
		}
		if b.got == nil {
			st = unknown
		} else if *b.got != *b.want {
			return no
		}
	}
	return st
}

// procedureOf returns the complaints procedure of a complaint event. Responses,
// extensions and review panels carry no procedure: they take that of the
// latest complaint of the same stage (3 for panels) made on or before them.
func (x *runCtx) procedureOf(e *casefile.Event) string {
	if e.Kind == casefile.KindComplaintMade {
		return e.Attrs.ComplaintProcedure()
	}
	stage := e.Attrs.Stage
	switch e.Kind {
	case casefile.KindPanelHeld, casefile.KindPanelReport, casefile.KindPanelResponse:
		stage = 3 // review panels belong to stage 3
	}
	proc := "statutory"
	for _, o := range x.kind[casefile.KindComplaintMade] {
		if o.Date.After(e.Date) {
			break
		}
		if o.Attrs.Stage == stage {
			proc = o.Attrs.ComplaintProcedure()
		}
	}
	return proc
}

// selectAll returns the events any of sels picks, in date order, without
// duplicates.
func (x *runCtx) selectAll(sels []Selector) []match {
	var out []match
	var seen map[*casefile.Event]bool // only needed when several selectors may pick the same event
	if len(sels) > 1 {
		seen = map[*casefile.Event]bool{}
	}
	add := func(m match) {
		if m.state == no || seen[m.e] {
			return
		}
		if seen != nil {
			seen[m.e] = true
		}
		out = append(out, m)
	}
	for _, s := range sels {
		switch s.Select {
		case "":
			for _, e := range x.kind[s.Event] {
				add(match{e, x.matches(s, e)})
			}
		case "s47-start":
			for _, ep := range x.episodes() {
				add(match{ep.start, yes})
			}
		case "s47-initiation":
			for _, ep := range x.episodes() {
				st := unknown
				switch {
				case ep.end != nil && ep.end.Attrs.Outcome == "icpc":
					st = yes
				case ep.end != nil && ep.end.Attrs.Outcome != "":
					st = no
				}
				add(match{ep.initiation, st})
			}
		case "s20-objection-while-accommodated":
			for _, e := range x.kind[casefile.KindS20Objection] {
				if x.accommodatedAt(e) {
					add(match{e, yes})
				}
			}
		}
	}
	if len(sels) > 1 {
		slices.SortFunc(out, func(a, b match) int { return x.posOf(a.e) - x.posOf(b.e) })
	}
	return out
}

func (x *runCtx) candidates(sels []Selector) []*casefile.Event {
	var out []*casefile.Event
	for _, m := range x.selectAll(sels) {
		out = append(out, m.e)
	}
	return out
}

// accommodatedAt reports whether the child an objection concerns was in
// section 20 accommodation when it was made.
func (x *runCtx) accommodatedAt(obj *casefile.Event) bool {
	in := false
	for _, e := range x.evs {
		if x.posOf(e) >= x.posOf(obj) && cmp(e, obj) >= 0 {
			break
		}
		if !compatible(e, obj) {
			continue
		}
		switch e.Kind {
		case casefile.KindS20Accommodated:
			in = true
		case casefile.KindChildReturned:
			in = false
		}
	}
	return in
}

// after reports whether cand may complete trig: on or after it, and strictly
// later in the record when both are of the same kind (a review completing the
// review before it).
func (x *runCtx) after(cand, trig *casefile.Event) bool {
	if cand == trig {
		return false
	}
	c := cmp(cand, trig)
	if c < 0 {
		return false
	}
	if cand.Kind == trig.Kind {
		return c > 0 || x.posOf(cand) > x.posOf(trig)
	}
	return true
}

// pair gives each trigger, in date order, the earliest not-yet-paired
// candidate on or after it for the same child.
func (x *runCtx) pair(trigs []match, cands []*casefile.Event) map[*casefile.Event]*casefile.Event {
	used := map[*casefile.Event]bool{}
	out := map[*casefile.Event]*casefile.Event{}
	for _, t := range trigs {
		for _, c := range cands {
			if used[c] || !compatible(c, t.e) || !x.after(c, t.e) {
				continue
			}
			used[c] = true
			out[t.e] = c
			break
		}
	}
	return out
}

// lastPartial returns the latest answer in part (sels) after trig and
// before done (or at all, when done is nil), or nil.
func (x *runCtx) lastPartial(trig, done *casefile.Event, sels []Selector) *casefile.Event {
	if len(sels) == 0 {
		return nil
	}
	var last *casefile.Event
	for _, c := range x.candidates(sels) {
		if compatible(c, trig) && x.after(c, trig) && (done == nil || cmp(c, done) <= 0) && c != done {
			last = c
		}
	}
	return last
}

// first returns the earliest candidate on or after e for the same child.
func (x *runCtx) first(e *casefile.Event, cands []*casefile.Event) *casefile.Event {
	for _, c := range cands {
		if compatible(c, e) && x.after(c, e) {
			return c
		}
	}
	return nil
}

// episode is one run of section 47 enquiries: from its start (the earliest
// s47-started, or strategy discussion with s47: true) to its conclusion.
type episode struct {
	start      *casefile.Event
	initiation *casefile.Event // the strategy discussion that initiated it, else start
	end        *casefile.Event // s47-concluded, or nil
	// latest reports that initiation is the latest strategy discussion on or
	// before the start, no discussion being recorded as starting the enquiries.
	latest bool
}

func isS47Start(e *casefile.Event) bool {
	return e.Kind == casefile.KindS47Started ||
		(e.Kind == casefile.KindStrategyDiscussion && e.Attrs.S47 != nil && *e.Attrs.S47)
}

// episodes groups the starts of section 47 enquiries: a start joins an open
// episode for the same child that had not yet concluded.
func (x *runCtx) episodes() []*episode {
	if x.epsD {
		return x.eps
	}
	x.epsD = true
	usedEnd := map[*casefile.Event]bool{}
	for _, e := range x.evs {
		if !isS47Start(e) {
			continue
		}
		joined := false
		for _, ep := range x.eps {
			if !compatible(ep.start, e) || (ep.end != nil && cmp(e, ep.end) > 0) {
				continue
			}
			if e.Kind == casefile.KindStrategyDiscussion && ep.initiation.Kind != casefile.KindStrategyDiscussion {
				ep.initiation = e
			}
			joined = true
			break
		}
		if joined {
			continue
		}
		ep := &episode{start: e, initiation: e}
		for _, c := range x.evs {
			if c.Kind == casefile.KindS47Concluded && !usedEnd[c] && compatible(c, e) && cmp(c, e) >= 0 {
				ep.end = c
				usedEnd[c] = true
				break
			}
		}
		x.eps = append(x.eps, ep)
	}
	// With no strategy discussion recorded as starting the enquiries, count
	// from the latest one on or before their start (for the same child, after
	// any earlier enquiries for that child had ended).
	for i, ep := range x.eps {
		if ep.initiation.Kind == casefile.KindStrategyDiscussion {
			continue
		}
		var floor *casefile.Event
		for _, prev := range x.eps[:i] {
			if prev.end != nil && compatible(prev.start, ep.start) && (floor == nil || cmp(prev.end, floor) > 0) {
				floor = prev.end
			}
		}
		for _, sd := range x.kind[casefile.KindStrategyDiscussion] {
			if cmp(sd, ep.start) > 0 {
				break
			}
			if !compatible(sd, ep.start) || (floor != nil && cmp(sd, floor) <= 0) || x.initiates(sd) {
				continue
			}
			ep.initiation, ep.latest = sd, true
		}
	}
	return x.eps
}

// initiates reports whether sd already initiates an episode of enquiries.
func (x *runCtx) initiates(sd *casefile.Event) bool {
	for _, ep := range x.eps {
		if ep.initiation == sd {
			return true
		}
	}
	return false
}

// episodeOf returns the episode that starts with e, if any.
func (x *runCtx) episodeOf(e *casefile.Event) *episode {
	for _, ep := range x.episodes() {
		if ep.start == e || ep.initiation == e {
			return ep
		}
	}
	return nil
}

// result is one rule's verdict on one trigger, before it is put into words.
type result struct {
	trig       *casefile.Event
	state      tri
	status     casefile.Status
	due        casefile.Date
	warn       casefile.Date
	done       *casefile.Event
	anchor     *casefile.Event // not-before, extension-notice: the anchor; during: the end
	maybe      *casefile.Event // deadline: an event that may have met the step unrecorded
	partial    *casefile.Event // deadline: the latest answer in part before the step (rule.partial)
	notStarted bool            // deadline: nothing shows the step was needed (started_by)
	later      *casefile.Event // step-before: the first such step after the trigger
	limit      Limit
	late       int // working days late (working-day rules) or days late
	ext        *casefile.Event
	extOK      bool
	extEnd     casefile.Date // the end of the window for notifying an extension
	exts       int           // duration: extensions recorded
	clock      *clockInfo
	uncertain  string
	approx     []*casefile.Event
	children   []casefile.Child // concern: the babies concerned
	notes      []string         // check: what the record shows, sentence by sentence
	extraCits  []casefile.Citation
	titleKey   string // check: the title's first words, when not the status's own
	breachWhy  []string
	noHealthSD *casefile.Event // pre-mobile-bruising: a strategy discussion without health
}

// applies reports whether the rule applies to a trigger on d, and why it is
// uncertain if it may not.
func (r *Rule) applies(d casefile.Date) (bool, string) {
	a := r.Applies
	if (a.From.IsZero() || !d.Before(a.From)) && (a.Until.IsZero() || !d.After(a.Until)) {
		return true, ""
	}
	for _, p := range a.Uncertain {
		if !d.Before(p.From) && !d.After(p.Until) {
			return true, p.Why
		}
	}
	return false, ""
}

func (r *Rule) triggers(x *runCtx) []match {
	var out []match
	for _, m := range x.selectAll(r.Trigger) {
		if ok, _ := r.applies(m.e.Date); ok {
			out = append(out, m)
		}
	}
	return out
}

func (r *Rule) newResult(x *runCtx, m match) *result {
	_, why := r.applies(m.e.Date)
	if len(x.slab) == cap(x.slab) {
		x.slab = make([]result, 0, 128)
	}
	x.slab = append(x.slab, result{trig: m.e, state: m.state, limit: r.Limit, uncertain: why})
	return &x.slab[len(x.slab)-1]
}

// settle turns a breach into needs-info when the record leaves the rule's
// application open.
func (rs *result) settle(r *Rule) {
	if rs.status != casefile.StatusBreach {
		return
	}
	if rs.state == unknown || rs.uncertain != "" {
		rs.status = casefile.StatusNeedsInfo
	}
}

func (r *Rule) eval(x *runCtx) []*result {
	switch r.Kind {
	case KindDeadline:
		return r.evalDeadline(x)
	case KindFamilyLimit:
		return r.evalFamily(x)
	case KindStepBefore:
		return r.evalStepBefore(x)
	case KindNotBefore:
		return r.evalNotBefore(x)
	case KindDuring:
		return r.evalDuring(x)
	case KindDuration:
		return r.evalDuration(x)
	case KindExtensionNotice:
		return r.evalExtensionNotice(x)
	case KindConcern:
		return r.evalConcern(x)
	case KindCheck:
		return r.evalCheck(x)
	}
	return nil
}

func (r *Rule) workingDays() bool { return r.Limit.WorkingDays != 0 }

// lateness counts how late d is after due: working days for working-day
// rules, else calendar days.
func (r *Rule) lateness(x *runCtx, due, d casefile.Date) int {
	if r.workingDays() {
		n := x.cal.WorkingDaysBetween(due, d)
		return max(n, 1)
	}
	return due.DaysUntil(d)
}

func (r *Rule) evalDeadline(x *runCtx) []*result {
	trigs := r.triggers(x)
	pairs := x.pair(trigs, x.candidates(r.Done))
	var extPairs map[*casefile.Event]*casefile.Event
	if r.Extension != nil {
		extPairs = x.pair(trigs, x.candidates(r.Extension.Event))
	}
	cancels := x.candidates(r.Cancel)
	maybes := x.candidates(r.Maybe)
	var started []*casefile.Event
	if len(r.StartedBy) > 0 {
		started = x.candidates(r.StartedBy)
	}
	var out []*result
	for _, m := range trigs {
		rs := r.newResult(x, m)
		rs.done = pairs[m.e]
		if rs.done != nil {
			rs.state = yes // the step happened, so the rule applied (a conference was held, a plan made)
		}
		rs.due = r.Limit.add(x.cal, m.e.Date)
		if ext := extPairs[m.e]; ext != nil && (rs.done == nil || cmp(ext, rs.done) <= 0) {
			rs.ext = ext
			rs.extEnd = rs.due
			if !r.Extension.NotifyWithin.isZero() {
				rs.extEnd = r.Extension.NotifyWithin.add(x.cal, m.e.Date)
			}
			if !ext.Date.After(rs.extEnd) {
				rs.extOK = true
				rs.limit = r.Extension.Limit
				rs.due = r.Extension.Limit.add(x.cal, m.e.Date)
			}
		}
		rs.partial = x.lastPartial(m.e, rs.done, r.Partial)
		if c := x.first(m.e, cancels); c != nil && (rs.done == nil || cmp(c, rs.done) < 0) && !c.Date.After(rs.due) {
			continue // the requirement lapsed (for example the plan ended first)
		}
		switch {
		case rs.done != nil && !rs.done.Date.After(rs.due):
			rs.status = casefile.StatusMet
		case rs.done != nil:
			rs.status = casefile.StatusBreach
			rs.late = r.lateness(x, rs.due, rs.done.Date)
		case !x.asOf.After(rs.due):
			rs.status = casefile.StatusDue
		default:
			rs.status = casefile.StatusBreach
			rs.late = r.lateness(x, rs.due, x.asOf)
		}
		if rs.status == casefile.StatusBreach && r.LateStatus != "" {
			rs.status = r.LateStatus
		}
		if mb := x.first(m.e, maybes); rs.status == casefile.StatusBreach && mb != nil && (rs.done == nil || cmp(mb, rs.done) < 0) {
			rs.status, rs.maybe = casefile.StatusNeedsInfo, mb
		}
		if rs.status == casefile.StatusBreach && rs.done == nil && len(r.StartedBy) > 0 && x.first(m.e, started) == nil {
			rs.status, rs.notStarted = casefile.StatusNeedsInfo, true
		}
		rs.settle(r)
		out = append(out, rs)
	}
	return out
}

func (r *Rule) evalFamily(x *runCtx) []*result {
	trigs := r.triggers(x)
	pairs := x.pair(trigs, x.candidates(r.Done))
	var out []*result
	for _, m := range trigs {
		rs := r.newResult(x, m)
		rs.due = r.Limit.add(x.cal, m.e.Date)
		if r.Warn != nil {
			rs.warn = r.Warn.add(x.cal, m.e.Date)
		}
		rs.done = pairs[m.e]
		switch {
		case rs.done != nil && !rs.done.Date.After(rs.due):
			rs.status = casefile.StatusMet
		case !x.asOf.After(rs.due):
			rs.status = casefile.StatusDue
		default:
			rs.status = casefile.StatusExpired
		}
		out = append(out, rs)
	}
	return out
}

func (r *Rule) evalStepBefore(x *runCtx) []*result {
	steps := x.candidates(r.Done)
	var out []*result
	for _, m := range r.triggers(x) {
		rs := r.newResult(x, m)
		for _, s := range steps {
			if !compatible(s, m.e) {
				continue
			}
			if cmp(s, m.e) <= 0 {
				if rs.done == nil || cmp(s, rs.done) > 0 {
					rs.done = s // the latest one before it
				}
			} else if rs.later == nil {
				rs.later = s
			}
		}
		if rs.done != nil {
			rs.status = casefile.StatusMet
		} else {
			rs.status = casefile.StatusBreach
		}
		rs.settle(r)
		out = append(out, rs)
	}
	return out
}

func (r *Rule) evalNotBefore(x *runCtx) []*result {
	anchors := x.candidates(r.Anchor)
	var out []*result
	for _, m := range r.triggers(x) {
		rs := r.newResult(x, m)
		for _, a := range anchors {
			if compatible(a, m.e) {
				rs.anchor = a // the earliest
				break
			}
		}
		if rs.anchor != nil && cmp(m.e, rs.anchor) >= 0 {
			rs.status = casefile.StatusMet
		} else {
			rs.status = casefile.StatusBreach
			if r.Status != "" && rs.state != unknown {
				for _, bw := range r.BreachWhen {
					if v := m.e.Attrs.Value(bw.Attr); v == strconv.FormatBool(bw.Equals) {
						rs.breachWhy = append(rs.breachWhy, bw.Says)
					}
				}
				if len(rs.breachWhy) == 0 {
					rs.status = r.Status
				}
			}
		}
		rs.settle(r)
		out = append(out, rs)
	}
	return out
}

func (r *Rule) evalDuring(x *runCtx) []*result {
	steps := x.candidates(r.Done)
	var out []*result
	for _, m := range r.triggers(x) {
		rs := r.newResult(x, m)
		if ep := x.episodeOf(m.e); ep != nil {
			rs.anchor = ep.end
		} else {
			rs.anchor = x.first(m.e, x.candidates(r.Anchor))
		}
		for _, s := range steps {
			if compatible(s, m.e) && cmp(s, m.e) >= 0 && (rs.anchor == nil || cmp(s, rs.anchor) <= 0) {
				rs.done = s
				break
			}
		}
		switch {
		case rs.done != nil:
			rs.status = casefile.StatusMet
		case rs.anchor == nil:
			rs.status = casefile.StatusDue
		default:
			rs.status = casefile.StatusBreach
		}
		rs.settle(r)
		out = append(out, rs)
	}
	return out
}

func (r *Rule) evalExtensionNotice(x *runCtx) []*result {
	anchors := x.candidates(r.Anchor)
	var out []*result
	for _, m := range r.triggers(x) {
		rs := r.newResult(x, m)
		for _, a := range anchors {
			if compatible(a, m.e) && cmp(a, m.e) <= 0 {
				rs.anchor = a // the latest request on or before the notice
			}
		}
		if rs.anchor == nil {
			rs.status = casefile.StatusNeedsInfo
			out = append(out, rs)
			continue
		}
		rs.due = r.Limit.add(x.cal, rs.anchor.Date)
		if m.e.Date.After(rs.due) {
			rs.status = casefile.StatusBreach
		} else {
			rs.status = casefile.StatusMet
		}
		rs.settle(r)
		out = append(out, rs)
	}
	return out
}

// evalConcern runs the rule's named check.
func (r *Rule) evalConcern(x *runCtx) []*result {
	switch r.Check {
	case "pre-mobile-bruising":
		return r.premobileBruising(x)
	}
	return nil
}

// premobileBruising raises a concern when section 47 enquiries about a baby
// who cannot move independently, where bruising is recorded, started with no
// medical examination and no strategy discussion on or before the start
// (Child Safeguarding Practice Review Panel 2022; NICE CG89).
func (r *Rule) premobileBruising(x *runCtx) []*result {
	var out []*result
	var mentions []*casefile.Event // events whose detail mentions bruising, found once
	for _, m := range r.triggers(x) {
		start := m.e
		var babies, unknownMob []casefile.Child
		for _, ch := range x.c.Children {
			if start.Child != "" && start.Child != ch.ID {
				continue
			}
			switch ch.Mobility {
			case casefile.MobilityPreMobile, casefile.MobilityRolling:
				babies = append(babies, ch)
			case "":
				if ch.Born.IsZero() || !ch.Born.AddMonths(12).Before(start.Date) {
					unknownMob = append(unknownMob, ch)
				}
			}
		}
		if len(babies) == 0 && len(unknownMob) == 0 {
			continue
		}
		before := func(list []*casefile.Event) bool {
			for _, e := range list {
				if cmp(e, start) > 0 {
					break
				}
				if compatible(e, start) {
					return true
				}
			}
			return false
		}
		if mentions == nil {
			mentions = []*casefile.Event{}
			for _, e := range x.evs {
				if strings.Contains(strings.ToLower(e.Detail), "bruis") {
					mentions = append(mentions, e)
				}
			}
		}
		bruising := before(mentions)
		medical := before(x.kind[casefile.KindMedicalExamination])
		// A strategy discussion counts as the multi-agency appraisal only if
		// health took part (or the record does not say who did).
		var withHealth, noHealth []*casefile.Event
		for _, sd := range x.kind[casefile.KindStrategyDiscussion] {
			if a := sd.Attrs.Agencies; a.Recorded() && !a.Has("health") {
				noHealth = append(noHealth, sd)
			} else {
				withHealth = append(withHealth, sd)
			}
		}
		strategy := before(withHealth)
		if !bruising || medical || strategy {
			continue
		}
		rs := r.newResult(x, m)
		for _, sd := range noHealth {
			if cmp(sd, start) > 0 {
				break
			}
			if compatible(sd, start) {
				rs.noHealthSD = sd
			}
		}
		if len(babies) > 0 {
			rs.status = casefile.StatusConcern
			rs.children = babies
		} else {
			rs.status = casefile.StatusNeedsInfo
			rs.children = unknownMob
		}
		out = append(out, rs)
	}
	return out
}

// citePeriod is a span of trigger dates over which a rule cites the same
// sources: the citations, and the notes of the editions among them.
type citePeriod struct {
	from  casefile.Date // zero for the first period
	cits  []casefile.Citation
	notes []string
}

// prepare folds the rule's texts into single paragraphs and works out, once,
// which citations apply in each period between edition changes.
func (r *Rule) prepare() {
	r.Explanation, r.BreachOf, r.Notes = oneLine(r.Explanation), oneLine(r.BreachOf), oneLine(r.Notes)
	r.LegalTest, r.Applies.Note = oneLine(r.LegalTest), oneLine(r.Applies.Note)
	t := &r.Text
	t.Trigger, t.Required, t.Done, t.Missing, t.NeedInfo = oneLine(t.Trigger), oneLine(t.Required), oneLine(t.Done), oneLine(t.Missing), oneLine(t.NeedInfo)
	for k, v := range t.TriggerByKind {
		t.TriggerByKind[k] = oneLine(v)
	}
	for i := range r.Applies.Uncertain {
		r.Applies.Uncertain[i].Why = oneLine(r.Applies.Uncertain[i].Why)
	}
	r.kinds = r.eventKinds()
	r.limitStr = r.Limit.String()
	r.reqCap = strings.TrimSuffix(sentence(r.Text.Required), ".")
	r.titles = map[string]string{}
	for _, p := range []string{"Met", "Your deadline", "Due", "Your deadline has passed", "Concern",
		"Need more information", "Out of order", "Too long", "Late", "Missed"} {
		r.titles[p] = p + ": " + r.Subject
	}
	if r.Extension != nil {
		r.Extension.Text = oneLine(r.Extension.Text)
		r.extLimitStr = r.Extension.Limit.String()
	}
	starts := []casefile.Date{{}}
	for _, e := range r.cat.Editions {
		starts = append(starts, e.From)
		if !e.UncertainUntil.IsZero() {
			starts = append(starts, e.UncertainUntil.AddDays(1))
		}
	}
	r.periods = nil
	for _, d := range starts {
		probe := d
		if probe.IsZero() {
			probe = casefile.NewDate(1900, 1, 1)
		}
		cits := r.citations(probe)
		notes := r.editionNotes(cits)
		for i, e := range r.cat.Editions {
			if e.From != d || e.UncertainUntil.IsZero() || i == 0 {
				continue
			}
			prev := r.cat.Editions[i-1]
			if r.citesEdition(e.ID) && r.citesEdition(prev.ID) {
				notes = append([]string{fmt.Sprintf("%s took effect in %s, but the exact day is not confirmed, so %s is cited too",
					e.Name, e.From.Time().Format("January 2006"), prev.Name)}, notes...)
			}
		}
		r.periods = append(r.periods, citePeriod{from: d, cits: cits, notes: notes})
	}
}

// citesEdition reports whether the rule cites the edition with the given id.
func (r *Rule) citesEdition(id string) bool {
	for _, c := range r.Citations {
		if c.Edition == id {
			return true
		}
	}
	return false
}

// citePeriod returns the citations that apply to a trigger on d.
func (r *Rule) citePeriod(d casefile.Date) citePeriod {
	i := sort.Search(len(r.periods), func(i int) bool { return d.Before(r.periods[i].from) }) - 1
	return r.periods[max(i, 0)]
}

// citations works out the rule's citations for a trigger on d: every citation
// without an edition, and those of the edition in force on d (both editions
// when d falls where the change-over day is not known).
func (r *Rule) citations(d casefile.Date) []casefile.Citation {
	var out []casefile.Citation
	eds := r.cat.Editions
	inForce := func(id string) bool {
		_, i, ok := r.edition(id)
		if !ok {
			return false
		}
		e := eds[i]
		if d.Before(e.From) {
			// The next edition's uncertain start does not matter here; but this
			// edition may already apply if d is in its own uncertain window (never
			// before From).
			return false
		}
		if i+1 < len(eds) {
			n := eds[i+1]
			if !d.Before(n.From) {
				// Superseded, unless d is in the next edition's uncertain start.
				return !n.UncertainUntil.IsZero() && !d.After(n.UncertainUntil)
			}
		}
		return true
	}
	for _, c := range r.Citations {
		if c.Edition == "" || inForce(c.Edition) {
			out = append(out, c.Citation())
		}
	}
	if len(out) == 0 {
		// No edition the rule cites was in force on d and it has no other
		// citation: cite them all rather than none.
		for _, c := range r.Citations {
			out = append(out, c.Citation())
		}
	}
	return slices.Clip(out)
}

// editionNotes returns the notes of the editions cited for d.
func (r *Rule) editionNotes(cits []casefile.Citation) []string {
	var out []string
	for _, e := range r.cat.Editions {
		if e.Note == "" {
			continue
		}
		for _, c := range cits {
			if c.Source == e.Name {
				out = append(out, e.Note)
				break
			}
		}
	}
	return out
}
