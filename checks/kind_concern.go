package checks

import (
	"fmt"
	"slices"
	"strings"

	"github.com/redress-app/redress/casefile"
)

// concern: a practice issue the record supports raising, read by a named Go
// check.
func init() {
	register(KindConcern, kindFuncs{(*Rule).evalConcern, explainConcern, validateConcern})
}

func explainConcern(r *Rule, x *runCtx, rs *result, p *para) {
	t := r.Text
	var names []string
	for _, ch := range rs.children {
		names = append(names, ch.Name)
	}
	who := strings.Join(names, " and ")
	if rs.status == casefile.StatusConcern {
		p.add(fmt.Sprintf("The record describes bruising, and %s could not move independently (recorded as %s).", who, mobilityWords(rs.children)))
	} else {
		p.add(fmt.Sprintf("The record describes bruising, but not whether %s could move independently.", who))
		p.addS(t.NeedInfo)
	}
	if rs.noHealthSD != nil {
		p.add(fmt.Sprintf("A strategy discussion was held on %s, but health is not recorded as taking part, so it was not the multi-agency appraisal, with health, that the panel expects.", x.when(rs.noHealthSD)))
		p.add("There is no record of a medical examination or of a strategy discussion involving health on or before the day the enquiries started.")
	} else {
		p.add("There is no record of a medical examination or a strategy discussion on or before the day the enquiries started.")
	}
	if t.Required != "" {
		p.addS(t.Required)
	}
}

func validateConcern(r *Rule, bad func(format string, args ...any)) {
	if !slices.Contains(concernChecks, r.Check) {
		bad("unknown concern check %q (known: %s)", r.Check, strings.Join(concernChecks, ", "))
	}
}

// evalConcern runs the rule's named check.
func (r *Rule) evalConcern(x *runCtx) []*result {
	switch r.Check {
	case "pre-mobile-bruising":
		return r.premobileBruising(x)
	}
	return nil
}

// premobileBruising raises a concern when section 47 enquiries about a baby
// who cannot move independently, where bruising is recorded, started with no
// medical examination and no strategy discussion on or before the start
// (Child Safeguarding Practice Review Panel 2022; NICE CG89).
func (r *Rule) premobileBruising(x *runCtx) []*result {
	var out []*result
	var mentions []*casefile.Event // events whose detail mentions bruising, found once
	for _, m := range r.triggers(x) {
		start := m.e
		var babies, unknownMob []casefile.Child
		for _, ch := range x.c.Children {
			if start.Child != "" && start.Child != ch.ID {
				continue
			}
			switch ch.Mobility {
			case casefile.MobilityPreMobile, casefile.MobilityRolling:
				babies = append(babies, ch)
			case "":
				if ch.Born.IsZero() || !ch.Born.AddMonths(12).Before(start.Date) {
					unknownMob = append(unknownMob, ch)
				}
			}
		}
		if len(babies) == 0 && len(unknownMob) == 0 {
			continue
		}
		before := func(list []*casefile.Event) bool {
			for _, e := range list {
				if cmp(e, start) > 0 {
					break
				}
				if compatible(e, start) {
					return true
				}
			}
			return false
		}
		if mentions == nil {
			mentions = []*casefile.Event{}
			for _, e := range x.evs {
				if strings.Contains(strings.ToLower(e.Detail), "bruis") {
					mentions = append(mentions, e)
				}
			}
		}
		bruising := before(mentions)
		medical := before(x.kind[casefile.KindMedicalExamination])
		// A strategy discussion counts as the multi-agency appraisal only if
		// health took part (or the record does not say who did).
		var withHealth, noHealth []*casefile.Event
		for _, sd := range x.kind[casefile.KindStrategyDiscussion] {
			if a := sd.Attrs.Agencies; a.Recorded() && !a.Has("health") {
				noHealth = append(noHealth, sd)
			} else {
				withHealth = append(withHealth, sd)
			}
		}
		strategy := before(withHealth)
		if !bruising || medical || strategy {
			continue
		}
		rs := r.newResult(x, m)
		for _, sd := range noHealth {
			if cmp(sd, start) > 0 {
				break
			}
			if compatible(sd, start) {
				rs.noHealthSD = sd
			}
		}
		if len(babies) > 0 {
			rs.status = casefile.StatusConcern
			rs.children = babies
		} else {
			rs.status = casefile.StatusNeedsInfo
			rs.children = unknownMob
		}
		out = append(out, rs)
	}
	return out
}

func mobilityWords(chs []casefile.Child) string {
	var out []string
	for _, ch := range chs {
		switch ch.Mobility {
		case casefile.MobilityPreMobile:
			out = append(out, "not yet mobile")
		case casefile.MobilityRolling:
			out = append(out, "rolling but not crawling or walking")
		}
	}
	return strings.Join(out, "; ")
}
