package checks

import (
	"fmt"
	"strconv"

	"github.com/redress-app/redress/casefile"
)

// step-before and not-before are the two order rules: one event must come no
// later than another. step-before wants a step (done) on or before the
// trigger; not-before wants the trigger on or after an anchor. They share the
// result loop, the opening of the explanation and its close when the order is
// wrong.
func init() {
	register(KindStepBefore, kindFuncs{(*Rule).evalStepBefore, explainStepBefore, needDone})
}

func explainStepBefore(r *Rule, x *runCtx, rs *result, p *para) {
	t, trig := r.Text, rs.trig
	required(r, rs, p)
	if rs.done != nil {
		p.addS(fill(t.Done, trig), " on ", x.when(rs.done), ", on or before that day")
	} else {
		p.addS("There is no record that ", fill(t.Missing, trig), " on or before ", x.long(trig.Date))
		if rs.later != nil {
			p.add(fmt.Sprintf("The first one recorded came afterwards, on %s.", x.when(rs.later)))
		}
		p.add(r.mayBreach())
	}
}

func init() {
	register(KindNotBefore, kindFuncs{(*Rule).evalNotBefore, explainNotBefore, needAnchor})
}

func explainNotBefore(r *Rule, x *runCtx, rs *result, p *para) {
	t, trig := r.Text, rs.trig
	required(r, rs, p)
	switch {
	case rs.status == casefile.StatusMet && cmp(trig, rs.anchor) == 0:
		p.addS(fill(t.Done, trig) + " on the same day (" + x.when(rs.anchor) + "); the record does not show that this came first")
	case rs.status == casefile.StatusMet:
		p.addS(fill(t.Done, trig), " on ", x.when(rs.anchor), ", so this came after they had started")
	case rs.anchor != nil:
		p.addS(fill(t.Done, trig), " only on ", x.when(rs.anchor), ", after this")
	default:
		p.addS("There is no record that ", fill(t.Missing, trig))
	}
	switch {
	case rs.status == casefile.StatusMet:
	case rs.state == unknown:
		p.addS(t.NeedInfo)
	case rs.status == casefile.StatusConcern:
		p.addS(t.Concern)
	default:
		for _, why := range rs.breachWhy {
			p.addS("The record also shows that ", why)
		}
		p.add(r.mayBreach())
	}
}

// placed is where an order rule's other events (step-before's steps,
// not-before's anchors) for the trigger's child stand: the first of them in
// the record, the latest on or before the trigger, and the first after it.
type placed struct {
	first, latest, next *casefile.Event
}

func place(trig *casefile.Event, others []*casefile.Event) placed {
	var at placed
	for _, o := range others {
		if !compatible(o, trig) {
			continue
		}
		if at.first == nil {
			at.first = o
		}
		if cmp(o, trig) <= 0 {
			if at.latest == nil || cmp(o, at.latest) > 0 {
				at.latest = o
			}
		} else if at.next == nil {
			at.next = o
		}
	}
	return at
}

// evalOrder is the evaluation both order kinds share: for each trigger,
// where the events that others selects stand, judged by judge (a plain
// function, so that nothing is allocated per rule).
func (r *Rule) evalOrder(x *runCtx, others []Selector, judge func(r *Rule, trig *casefile.Event, at placed, rs *result)) []*result {
	evs := x.candidates(others)
	var out []*result
	for _, m := range r.triggers(x) {
		rs := r.newResult(x, m)
		judge(r, m.e, place(m.e, evs), rs)
		rs.settle(r)
		out = append(out, rs)
	}
	return out
}

func (r *Rule) evalStepBefore(x *runCtx) []*result { return r.evalOrder(x, r.Done, judgeStepBefore) }

func (r *Rule) evalNotBefore(x *runCtx) []*result { return r.evalOrder(x, r.Anchor, judgeNotBefore) }

// judgeStepBefore: met by the latest step on or before the trigger; else a
// breach, naming the first step that came afterwards.
func judgeStepBefore(_ *Rule, _ *casefile.Event, at placed, rs *result) {
	rs.done, rs.later = at.latest, at.next
	if rs.done != nil {
		rs.status = casefile.StatusMet
	} else {
		rs.status = casefile.StatusBreach
	}
}

// judgeNotBefore: met when the first anchor came on or before the trigger;
// else a breach, or the rule's status (a concern) when none of breach_when
// holds.
func judgeNotBefore(r *Rule, trig *casefile.Event, at placed, rs *result) {
	rs.anchor = at.first
	if rs.anchor != nil && cmp(trig, rs.anchor) >= 0 {
		rs.status = casefile.StatusMet
		return
	}
	rs.status = casefile.StatusBreach
	if r.Status != "" && rs.state != unknown {
		for _, bw := range r.BreachWhen {
			if v := trig.Attrs.Value(bw.Attr); v == strconv.FormatBool(bw.Equals) {
				rs.breachWhy = append(rs.breachWhy, bw.Says)
			}
		}
		if len(rs.breachWhy) == 0 {
			rs.status = r.Status
		}
	}
}
