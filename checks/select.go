package checks

// Selection, pairing and episodes: which events a rule's selectors pick,
// which later event completes which trigger, and the runs of section 47
// enquiries the rules look inside. Every rule kind uses them.

import (
	"slices"

	"github.com/redress-app/redress/casefile"
)

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
