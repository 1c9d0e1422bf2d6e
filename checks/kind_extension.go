package checks

import (
	"github.com/redress-app/redress/casefile"
)

// extension-notice: a notice extending a deadline must be given before the
// original deadline.
func init() {
	register(KindExtensionNotice, kindFuncs{(*Rule).evalExtensionNotice, explainExtensionNotice, needAnchor})
}

func explainExtensionNotice(r *Rule, x *runCtx, rs *result, p *para) {
	t := r.Text
	trig := rs.trig
	if rs.anchor == nil {
		p.addS(t.NeedInfo)
		return
	}
	p.add("The request reached the council on ", x.long(rs.anchor.Date), ".")
	p.add(r.requiredFor(trig), " within ", r.limitWords(r.Limit), ", by ", x.long(rs.due), ".")
	if rs.status == casefile.StatusMet {
		p.add("That was in time.")
	} else {
		p.add("That was ", plural(rs.due.DaysUntil(trig.Date), "day", "days"), " too late, so the extension does not count.")
		p.add(r.mayBreach())
	}
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
