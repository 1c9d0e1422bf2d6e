package checks

import (
	"fmt"
	"strings"
	"time"

	"github.com/redress-app/redress/casefile"
)

// duration: a state (police protection, an emergency protection order) may
// last at most a fixed time, counted on the clock when times are known.
func init() {
	register(KindDuration, kindFuncs{(*Rule).evalDuration, (*Rule).explainDuration, needDone})
}

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

func (r *Rule) explainDuration(x *runCtx, rs *result, p *para) {
	t, trig, ci := r.Text, rs.trig, rs.clock
	if ci.start != trig {
		p.add(fmt.Sprintf("It followed %s from %s, and the time runs from then.", strings.ToLower(ci.start.Kind.Label()), x.when(ci.start)))
	}
	limit := r.limitWords(r.Limit)
	if rs.extOK {
		limit = fmt.Sprintf("%s with the extension recorded on %s (%s in all)", r.Limit, x.long(rs.ext.Date), durWords(ci.limit))
	}
	end := ci.end.In(London).Format("2 January 2006 at 15:04")
	if ci.start.Time.IsZero() {
		end = x.long(rs.due)
	}
	p.add(fmt.Sprintf("%s %s, so it had to end by %s.", r.requiredFor(trig), limit, end))
	if rs.exts > 1 {
		allowed := 1
		if r.Extension.Max > 0 {
			allowed = r.Extension.Max
		}
		p.add(fmt.Sprintf("The record shows %d extensions; the law allows only %d.", rs.exts, allowed))
	}
	switch {
	case rs.done != nil:
		p.addS(fill(t.Done, trig), " on ", x.when(rs.done))
		switch rs.status {
		case casefile.StatusMet:
			p.add("That was within the limit.")
		case casefile.StatusBreach:
			if rs.exts <= 1 || r.Extension == nil {
				p.add("That was after the limit.")
			}
			p.add(r.mayBreach())
		case casefile.StatusNeedsInfo:
			p.add(fmt.Sprintf("The record does not give both times, so Redress worked on dates only and cannot tell whether it lasted more than %s. Record the times if you know them.", durWords(ci.limit)))
		}
	case rs.status == casefile.StatusDue:
		p.addS("There is no record yet that ", fill(t.Missing, trig))
	default:
		p.addS("There is no record of when ", fill(t.Missing, trig), ". ", t.NeedInfo)
	}
	if ci.datesOnly && rs.status != casefile.StatusNeedsInfo {
		p.add("Some times were not recorded, so Redress worked on dates only, giving the council the benefit of the doubt.")
	}
}

func durWords(d interface{ Hours() float64 }) string {
	h := int(d.Hours())
	if h%24 == 0 && h >= 48 && h != 72 {
		return plural(h/24, "day", "days")
	}
	return plural(h, "hour", "hours")
}
