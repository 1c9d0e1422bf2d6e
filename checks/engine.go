package checks

import (
	"fmt"
	"slices"
	"sort"
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
	// para is the explanation being written: kept here, not allocated per
	// finding, since the kinds' explain functions take it by pointer.
	para para

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
	needSaid   bool             // check: the notes say what is needed, not the rule's need_info
	extraCits  []casefile.Citation
	titleKey   string // check: the title's first words, when not the status's own
	breachWhy  []string
	noHealthSD *casefile.Event // pre-mobile-bruising: a strategy discussion without health
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
