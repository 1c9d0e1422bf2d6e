package checks

import (
	"time"

	"github.com/redress-app/redress/casefile"
)

// London is the Europe/London time zone every case date and time is in:
// casefile.London, kept here for the rules and their callers.
var London = casefile.London

// clockInfo records how a clock rule was worked out.
type clockInfo struct {
	start     *casefile.Event // where the clock started (police protection before an EPO)
	limit     time.Duration
	end       time.Time // the latest lawful end, from the earliest possible start
	datesOnly bool      // a time was missing, so the rule worked on dates
}

// span returns the earliest and latest instants an event can have happened.
func span(e *casefile.Event) (time.Time, time.Time) {
	y, m, d := e.Date.YMD()
	if !e.Time.IsZero() {
		t := time.Date(y, m, d, e.Time.Minutes()/60, e.Time.Minutes()%60, 0, 0, London)
		return t, t
	}
	return time.Date(y, m, d, 0, 0, 0, 0, London), time.Date(y, m, d, 23, 59, 0, 0, London)
}

func (l Limit) duration() time.Duration {
	return time.Duration(l.Hours)*time.Hour + time.Duration(l.Days)*24*time.Hour
}

func (r *Rule) evalDuration(x *runCtx) []*result {
	trigs := r.triggers(x)
	pairs := x.pair(trigs, x.candidates(r.Done))
	earlier := x.candidates(r.FromEarlier)
	var exts []*casefile.Event
	if r.Extension != nil {
		exts = x.candidates(r.Extension.Event)
	}
	var out []*result
	for _, m := range trigs {
		rs := r.newResult(x, m)
		rs.done = pairs[m.e]
		ci := &clockInfo{start: m.e, limit: r.Limit.duration()}
		// A state of FromEarlier still running when the trigger happened starts
		// the clock (the 8 days of an EPO run from the first day of police protection).
		if len(earlier) > 0 {
			ci.start = x.runningAt(m.e, earlier)
		}
		allowed := 1
		if r.Extension != nil && r.Extension.Max > 0 {
			allowed = r.Extension.Max
		}
		for _, e := range exts {
			if compatible(e, m.e) && cmp(e, m.e) >= 0 && (rs.done == nil || cmp(e, rs.done) <= 0) {
				rs.exts++
				if rs.ext == nil {
					rs.ext = e
				}
			}
		}
		if rs.exts > 0 {
			ci.limit += r.Extension.Limit.duration()
			rs.extOK = true
		}
		sMin, sMax := span(ci.start)
		ci.end = sMin.Add(ci.limit)
		ci.datesOnly = ci.start.Time.IsZero()
		rs.due = casefile.DateOf(sMax.Add(ci.limit))
		if !ci.datesOnly {
			rs.due = casefile.DateOf(ci.end)
		}
		switch {
		case rs.done != nil:
			eMin, eMax := span(rs.done)
			ci.datesOnly = ci.datesOnly || rs.done.Time.IsZero()
			switch {
			case eMax.Sub(sMin) <= ci.limit:
				rs.status = casefile.StatusMet
			case eMin.Sub(sMax) > ci.limit:
				rs.status = casefile.StatusBreach
			default:
				rs.status = casefile.StatusNeedsInfo
			}
		case !x.asOf.After(rs.due):
			rs.status = casefile.StatusDue
		default:
			rs.status = casefile.StatusNeedsInfo
		}
		if rs.exts > allowed {
			rs.status = casefile.StatusBreach
		}
		rs.clock = ci
		rs.settle(r)
		out = append(out, rs)
	}
	return out
}

// runningAt returns the latest state-starting event in earlier (police
// protection) that began on or before e for the same child and had not ended
// before e; otherwise e itself.
func (x *runCtx) runningAt(e *casefile.Event, earlier []*casefile.Event) *casefile.Event {
	start := e
	for _, p := range earlier {
		if !compatible(p, e) || cmp(p, e) > 0 || p == e {
			continue
		}
		ended := false
		for _, o := range x.kind[casefile.KindPoliceProtectionEnd] {
			if compatible(o, p) && x.after(o, p) && cmp(o, e) < 0 {
				ended = true
				break
			}
		}
		if !ended {
			start = p
		}
	}
	return start
}
