package casefile

import "fmt"

// Plausible dates: a case file's dates fall between these. Anything outside
// is most likely a typing slip (2062 for 2026, 1026 for 2026).
var (
	earliestPlausible = NewDate(1990, 1, 1)
	yearsAhead        = 2 // deadlines and hearings can be set ahead; not years
)

// Warnings are things in a case file that are allowed but probably wrong:
// a date outside a plausible range (before 1990, or more than two years
// after today), a child born after today, and evidence that names a document
// or note the file does not carry (a bare chronology may cite documents it
// does not include, so this is not an error, but the reference cannot be
// followed). today is the day the file is read, in England. They are
// Problems for their location and wording, not errors: the case decoded.
func Warnings(name string, c *Case, today Date) []*Problem {
	var out []*Problem
	add := func(where, format string, args ...any) {
		out = append(out, &Problem{File: name, Where: where, Msg: fmt.Sprintf(format, args...)})
	}
	latest := today.AddMonths(12 * yearsAhead)
	implausible := func(d Date) bool { return !d.IsZero() && (d.Before(earliestPlausible) || d.After(latest)) }
	for i, ch := range c.Children {
		where := locate("children", i, ch.ID)
		switch {
		case !ch.Born.IsZero() && ch.Born.After(today):
			add(where, "born %s, which is after today (%s); if the baby is not born yet, leave \"born\" out", ch.Born, today)
		case implausible(ch.Born):
			add(where, "born %s, which looks like a typing slip", ch.Born)
		}
	}
	for i, e := range c.Events {
		if implausible(e.Date) {
			add(locate("events", i, e.ID), "date %s looks like a typing slip (it is before 1990 or more than %d years from today)", e.Date, yearsAhead)
		}
	}
	for i, n := range c.Notes {
		if !n.Occurred.IsZero() && implausible(DateOf(n.Occurred)) {
			add(locate("notes", i, n.ID), "occurred %s, which looks like a typing slip", DateOf(n.Occurred))
		}
	}
	for i, d := range c.Documents {
		if implausible(d.Date) {
			add(locate("documents", i, d.ID), "date %s looks like a typing slip", d.Date)
		}
	}
	known := map[string]bool{}
	for _, n := range c.Notes {
		known[n.ID] = true
	}
	for _, d := range c.Documents {
		known[d.ID] = true
	}
	for i, e := range c.Events {
		for _, r := range e.Evidence {
			if id, _, err := ParseEvidence(r); err == nil && !known[id] {
				add(locate("events", i, e.ID), "evidence %q names a document or note this file does not include, so it cannot be followed", r)
			}
		}
	}
	return out
}
