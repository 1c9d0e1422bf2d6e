package checks

import (
	"github.com/redress-app/redress/casefile"
)

// family-limit: the family's own time limit, never a breach.
func init() {
	register(KindFamilyLimit, kindFuncs{(*Rule).evalFamily, (*Rule).explainFamily, validateFamily})
}

func validateFamily(r *Rule, bad func(format string, args ...any)) {
	if r.Text.Required == "" {
		bad("a family-limit rule needs text.required")
	}
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

func (r *Rule) explainFamily(x *runCtx, rs *result, p *para) {
	t, trig := r.Text, rs.trig
	p.add(r.requiredFor(trig), " within ", r.limitWords(r.Limit), ", by ", x.long(rs.due), ".")
	switch rs.status {
	case casefile.StatusMet:
		p.addS(fill(t.Done, trig), " on ", x.when(rs.done), ", in time")
	case casefile.StatusDue:
		n := x.asOf.DaysUntil(rs.due)
		if n == 0 {
			p.add("The deadline is today.")
		} else {
			p.add(plural(n, "day is", "days are"), " left after ", x.long(x.asOf), ".")
		}
		if !rs.warn.IsZero() {
			p.add("Do not wait for the last day: Redress warns from ", x.long(rs.warn), ".")
		}
	case casefile.StatusExpired:
		p.add("That date has passed (as of " + x.long(x.asOf) + ").")
		if t.NeedInfo != "" {
			p.addS(t.NeedInfo)
		}
	}
}
