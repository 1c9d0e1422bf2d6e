package checks

import (
	"github.com/redress-app/redress/casefile"
)

// during: a step must happen between the trigger and the end of the process
// it starts.
func init() {
	register(KindDuring, kindFuncs{(*Rule).evalDuring, explainDuring, needDone})
}

func explainDuring(r *Rule, x *runCtx, rs *result, p *para) {
	t, trig := r.Text, rs.trig
	required(r, rs, p)
	switch {
	case rs.done != nil:
		p.addS(fill(t.Done, trig), " on ", x.when(rs.done))
	case rs.anchor != nil:
		p.addS("There is no record that ", fill(t.Missing, trig), " before they ended on ", x.long(rs.anchor.Date))
		p.add(r.mayBreach())
	default:
		p.addS("There is no record yet that ", fill(t.Missing, trig), ". They have not ended, so there is still time")
	}
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
