package checks

import (
	"github.com/redress-app/redress/casefile"
)

// kindCode is the Go code behind one rule kind (rule.go's Kind): how a rule
// of the kind is evaluated against the record, how one of its results is
// explained, and what a rule of the kind must say to load. Each kind is in
// its own file, kind_*.go, and registers itself in kindCodes; the engine,
// the explanations and the loader look the kind up there instead of
// switching on it.
type kindCode interface {
	// eval returns a result for each trigger the rule finds in the record.
	eval(r *Rule, x *runCtx) []*result
	// explain writes what is particular to the kind in a result's
	// explanation, after the trigger's sentence and before what every
	// explanation ends with.
	explain(r *Rule, x *runCtx, rs *result, p *para)
	// validate reports, through bad, what a rule of the kind lacks.
	validate(r *Rule, bad func(format string, args ...any))
}

// kindCodes holds the Go code of every kind in ruleKinds; TestKindsRegistered
// keeps the two in step.
var kindCodes = map[Kind]kindCode{}

// kindFuncs is a kindCode made of three functions, so that each kind
// registers itself in one statement.
type kindFuncs struct {
	evalFn     func(r *Rule, x *runCtx) []*result
	explainFn  func(r *Rule, x *runCtx, rs *result, p *para)
	validateFn func(r *Rule, bad func(format string, args ...any))
}

func (k kindFuncs) eval(r *Rule, x *runCtx) []*result { return k.evalFn(r, x) }

func (k kindFuncs) explain(r *Rule, x *runCtx, rs *result, p *para) { k.explainFn(r, x, rs, p) }

func (k kindFuncs) validate(r *Rule, bad func(format string, args ...any)) { k.validateFn(r, bad) }

// register adds the code of a rule kind; each kind_*.go calls it from init.
func register(k Kind, c kindCode) {
	if _, dup := kindCodes[k]; dup {
		panic("checks: rule kind " + string(k) + " registered twice")
	}
	kindCodes[k] = c
}

// needDone is what every kind that waits for a step requires: the step, and
// the words for it.
func needDone(r *Rule, bad func(format string, args ...any)) {
	if len(r.Done) == 0 {
		bad("a %s rule needs done", r.Kind)
	}
	if r.Text.Required == "" || r.Text.Done == "" || r.Text.Missing == "" {
		bad("a %s rule needs text.required, text.done and text.missing", r.Kind)
	}
}

// needAnchor is what the kinds that measure from an anchor require.
func needAnchor(r *Rule, bad func(format string, args ...any)) {
	if len(r.Anchor) == 0 {
		bad("a %s rule needs anchor", r.Kind)
	}
}

// required writes text.required for the trigger, when the rule has it.
func required(r *Rule, rs *result, p *para) {
	if r.Text.Required != "" {
		p.addS(fill(r.Text.Required, rs.trig))
	}
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
	if k, ok := kindCodes[r.Kind]; ok {
		return k.eval(r, x)
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
