package checks

import (
	"fmt"
	"strings"

	"github.com/redress-app/redress/casefile"
)

// deadline: each trigger must be followed by a step within a limit, perhaps
// extended by a notice given in time.
func init() {
	register(KindDeadline, kindFuncs{(*Rule).evalDeadline, (*Rule).explainDeadline, needDone})
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

func (r *Rule) explainDeadline(x *runCtx, rs *result, p *para) {
	t, trig := r.Text, rs.trig
	req := r.requiredFor(trig)
	open := rs.done == nil && !x.asOf.After(rs.due)
	if open {
		// "should have ..." reads wrongly before the deadline.
		req = "The deadline is " + x.long(rs.due) + ": " + r.limitWords(rs.limit)
	}
	switch {
	case rs.ext != nil && rs.extOK:
		p.addS(fmt.Sprintf("%s on %s, within the first %s, which allows %s in all", r.Extension.Text, x.long(rs.ext.Date), r.notifyWords(), rs.limit))
		if open {
			p.add(req, ".")
		} else {
			p.add(req, " within ", r.limitWords(rs.limit), ", by ", x.long(rs.due), ".")
		}
	case rs.ext != nil:
		p.addS(fmt.Sprintf("%s on %s, but the first %s had already ended on %s, so that does not extend the time", r.Extension.Text, x.long(rs.ext.Date), r.notifyWords(), x.long(rs.extEnd)))
		p.add(req, " within ", r.limitWords(rs.limit), ", by ", x.long(rs.due), ".")
	case open:
		p.add(req, " from ", x.long(trig.Date), ".")
	default:
		p.add(req, " within ", r.limitWords(rs.limit), ", by ", x.long(rs.due), ".")
	}
	if rs.maybe != nil {
		defer func() {
			p.addS(rs.maybe.Kind.Label(), " on ", x.when(rs.maybe), ". ", t.NeedInfo)
		}()
	}
	switch {
	case rs.done != nil && !rs.done.Date.After(rs.due):
		p.addS(r.donePhrase(rs), " on ", x.when(rs.done), ", in time")
	case rs.done != nil:
		p.addS(r.donePhrase(rs), " on ", x.when(rs.done), ", ", r.lateWords(rs.late), " late")
		switch {
		case rs.maybe != nil: // said below
		case r.LateStatus == "":
			p.add(r.mayBreach())
		default:
			p.addS(t.NeedInfo)
		}
	case !x.asOf.After(rs.due):
		left := ""
		if r.workingDays() {
			n := x.cal.WorkingDaysBetween(x.asOf, rs.due)
			left = " " + plural(n, "working day is", "working days are") + " left after " + x.long(x.asOf) + "."
			if n == 0 {
				left = " The deadline is today."
			}
		} else if n := x.asOf.DaysUntil(rs.due); n > 0 {
			left = " " + plural(n, "day is", "days are") + " left after " + x.long(x.asOf) + "."
		} else {
			left = " The deadline is today."
		}
		p.addS("There is no record yet that ", fill(t.Missing, trig))
		p.add(left)
	default:
		p.addS("There is no record that ", fill(t.Missing, trig), " by ", x.long(rs.due), "; by ", x.long(x.asOf), " that is ", r.lateWords(rs.late), " late")
		switch {
		case rs.maybe != nil: // said below
		case rs.notStarted:
			p.addS(t.NeedInfo)
		case r.LateStatus == "":
			p.add(r.mayBreach())
		default:
			p.addS(t.NeedInfo)
		}
	}
	if rs.partial != nil {
		s := strings.ReplaceAll(t.Partial, "{date}", x.when(rs.partial))
		if rs.done == nil && t.PartialOpen != "" {
			s += "; " + t.PartialOpen
		}
		p.addS(s)
	}
}

// donePhrase names the completing event: the rule's phrase, or the event's
// own label when the rule accepts several kinds of step.
func (r *Rule) donePhrase(rs *result) string {
	if len(r.Done) > 1 {
		return rs.done.Kind.Label()
	}
	return fill(r.Text.Done, rs.trig)
}
