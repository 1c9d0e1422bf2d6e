package casework

import (
	"fmt"
	"slices"
	"strings"

	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/checks"
	"github.com/redress-app/redress/letters"
)

// Selection says which of a case's findings a letter takes: every breach and
// concern that belongs to the letter's route (All, or the zero Selection), or
// the findings named by Keys (RULE:TRIGGER, as redress check prints them).
type Selection struct {
	All  bool
	Keys []string
}

// ParseSelection reads the --findings flag: "" or "all", or a comma-separated
// list of RULE:TRIGGER keys.
func ParseSelection(s string) (Selection, error) {
	s = strings.TrimSpace(s)
	if s == "" || s == "all" {
		return Selection{All: true}, nil
	}
	var sel Selection
	for _, k := range strings.Split(s, ",") {
		k = strings.TrimSpace(k)
		rule, trigger, ok := strings.Cut(k, ":")
		if !ok || rule == "" || trigger == "" || strings.ContainsAny(k, " \t") {
			return Selection{}, fmt.Errorf("%w: %q is not a finding: write RULE:TRIGGER, such as icpc-15wd:e4 (redress check lists them), or \"all\"", letters.ErrRequest, k)
		}
		if slices.Contains(sel.Keys, k) {
			return Selection{}, fmt.Errorf("%w: the finding %s is named twice", letters.ErrRequest, k)
		}
		sel.Keys = append(sel.Keys, k)
	}
	return sel, nil
}

func (s Selection) all() bool { return s.All || len(s.Keys) == 0 }

// LetterRoute returns the route a letter of kind k goes by: for a stage 1-3
// letter the complaints procedure p ("" is statutory), for an Ombudsman
// complaint "lgsco", for a letter before claim "jr". A subject access or
// rectification request takes no findings and has no route ("").
func LetterRoute(k letters.Kind, p letters.Procedure) checks.Route {
	switch {
	case k.Staged():
		if p == "" {
			return checks.RouteStatutory
		}
		return checks.Route(p)
	case k == letters.LGSCO:
		return checks.RouteLGSCO
	case k == letters.JRLetter:
		return checks.RouteJR
	}
	return ""
}

// RouteWords names a route in plain words: "the council's corporate complaints procedure".
func RouteWords(r string) string {
	switch checks.Route(r) {
	case checks.RouteStatutory:
		return "the Children Act 1989 complaints procedure"
	case checks.RouteCorporate:
		return "the council's corporate complaints procedure"
	case checks.RouteConference:
		return "the safeguarding partnership's conference complaints procedure"
	case checks.RouteICO:
		return "a complaint to the Information Commissioner's Office"
	case checks.RouteLGSCO:
		return "a complaint to the Ombudsman"
	case checks.RouteJR:
		return "judicial review"
	case checks.RouteCourt:
		return "the family court or a Human Rights Act claim"
	}
	return "no route Redress knows"
}

// LetterFor returns the letter that takes findings of route r, for someone
// drafting a letter of kind k: a stage letter of the same stage under another
// procedure, an Ombudsman complaint or a letter before claim. ok is false for
// a route Redress drafts no letter for (the Information Commissioner, the
// courts).
func LetterFor(r string, k letters.Kind) (kind letters.Kind, p letters.Procedure, ok bool) {
	switch checks.Route(r) {
	case checks.RouteStatutory, checks.RouteCorporate, checks.RouteConference:
		if !k.Staged() {
			k = letters.Stage1
		}
		return k, letters.Procedure(r), true
	case checks.RouteLGSCO:
		return letters.LGSCO, "", true
	case checks.RouteJR:
		return letters.JRLetter, "", true
	}
	return "", "", false
}

// RouteError says that the findings asked for do not all belong to the
// letter's route, or that none does: a letter must go by one route, so the
// findings need separate letters (Groups, one per route, in the order their
// routes first appear). It wraps letters.ErrRequest: it is bad input, not a
// failure.
type RouteError struct {
	Kind      letters.Kind
	Procedure letters.Procedure
	Route     checks.Route         // the letter's route
	All       bool                 // the letter was to take every finding that fits
	AsOf      casefile.Date        // the date the checks were run as of
	Groups    []letters.RouteGroup // the findings by route: those that fit come first
}

func (e *RouteError) Error() string {
	want := RouteWords(string(e.Route))
	var parts []string
	for _, g := range e.Groups {
		parts = append(parts, fmt.Sprintf("%s (%s)", RouteWords(g.Route), keys(g.Findings)))
	}
	switch {
	case e.All && len(e.Groups) == 0:
		return fmt.Sprintf("the checks find no breach or concern in this case as of %s, so there is nothing for %s to raise", e.AsOf.Long(), kindWords(e.Kind, e.Procedure))
	case e.All:
		return fmt.Sprintf("no breach or concern in this case belongs to %s; the findings belong to %s", want, strings.Join(parts, "; "))
	case len(e.Groups) == 1:
		return fmt.Sprintf("the findings chosen do not belong to %s; they belong to %s", want, parts[0])
	}
	return fmt.Sprintf("the findings chosen belong to different routes, so they need separate letters: %s", strings.Join(parts, "; "))
}

// Unwrap makes the error match letters.ErrRequest.
func (e *RouteError) Unwrap() error { return letters.ErrRequest }

// Split is one letter of a split: the findings of one route and the letter
// that takes them (Kind is "" when Redress drafts no letter for the route).
type Split struct {
	Route     string
	Kind      letters.Kind
	Procedure letters.Procedure
	Findings  []casefile.Finding
}

// Splits returns the separate letters the findings need, one per route.
func (e *RouteError) Splits() []Split {
	var out []Split
	for _, g := range e.Groups {
		k, p, _ := LetterFor(g.Route, e.Kind)
		out = append(out, Split{Route: g.Route, Kind: k, Procedure: p, Findings: g.Findings})
	}
	return out
}

// LeftOut is a breach or concern that --findings all did not take because it
// belongs to another route.
type LeftOut struct {
	Finding casefile.Finding
	Route   string // the finding's main route
}

// SplitForLetter groups findings by route as a letter of kind k under
// procedure p sees them: a finding whose rule lists the letter's route is in
// the letter's group (whatever its main route), any other in the group of its
// main route. One group for the letter's route means the selection can be one
// letter; more mean it needs the split the groups give. The desktop app
// offers the split; the command line refuses with it.
func SplitForLetter(k letters.Kind, p letters.Procedure, findings []casefile.Finding) []letters.RouteGroup {
	return letters.SplitByRoute(findings, string(LetterRoute(k, p)))
}

func complaintStatus(f casefile.Finding) bool {
	return f.Status == casefile.StatusBreach || f.Status == casefile.StatusConcern
}

// choose picks the findings a letter takes from all the case's findings.
func choose(cat *checks.Catalogue, k letters.Kind, p letters.Procedure, sel Selection, all []casefile.Finding, asOf casefile.Date) (chosen []casefile.Finding, left []LeftOut, err error) {
	route := LetterRoute(k, p)
	if !k.NeedsFindings() {
		if !sel.all() {
			return nil, nil, fmt.Errorf("%w: a %s letter lists no findings; leave out --findings", letters.ErrRequest, k)
		}
		return nil, nil, nil
	}
	if sel.all() {
		var points, limits, others []casefile.Finding
		for _, f := range all {
			switch {
			case f.Family:
				// A letter before claim states the family's own time limit for
				// judicial review; no other letter is about the family's limits.
				if k == letters.JRLetter && f.HasRoute(string(checks.RouteJR)) {
					limits = append(limits, f)
				}
			case !complaintStatus(f):
			case f.HasRoute(string(route)):
				points = append(points, f)
			default:
				others = append(others, f)
				left = append(left, LeftOut{Finding: f, Route: f.MainRoute()})
			}
		}
		if len(points) == 0 {
			return nil, nil, &RouteError{Kind: k, Procedure: p, Route: route, All: true, AsOf: asOf,
				Groups: SplitForLetter(k, p, others)}
		}
		return append(points, limits...), left, nil
	}
	byKey := map[string]casefile.Finding{}
	for _, f := range all {
		byKey[letters.FindingKey(f)] = f
	}
	var points, limits []casefile.Finding
	for _, key := range sel.Keys {
		f, ok := byKey[key]
		if !ok {
			return nil, nil, fmt.Errorf("the checks give no finding %s in this case as of %s (redress check lists them): %w", key, asOf.Long(), casefile.ErrNotFound)
		}
		if f.Family {
			limits = append(limits, f)
			continue
		}
		points = append(points, f)
	}
	groups := SplitForLetter(k, p, points)
	if len(groups) > 1 || (len(groups) == 1 && groups[0].Route != string(route)) {
		return nil, nil, &RouteError{Kind: k, Procedure: p, Route: route, AsOf: asOf, Groups: groups}
	}
	return append(points, limits...), nil, nil
}

func keys(fs []casefile.Finding) string {
	k := make([]string, len(fs))
	for i, f := range fs {
		k[i] = letters.FindingKey(f)
	}
	return strings.Join(k, ",")
}

// kindWords names a letter: "a stage 1 complaint under the council's corporate complaints procedure".
func kindWords(k letters.Kind, p letters.Procedure) string {
	switch {
	case k.Staged():
		what := map[letters.Kind]string{letters.Stage1: "a stage 1 complaint", letters.Stage2: "a stage 2 request", letters.Stage3: "a stage 3 request"}[k]
		return what + " under " + RouteWords(string(LetterRoute(k, p)))
	case k == letters.LGSCO:
		return "a complaint to the Ombudsman"
	case k == letters.JRLetter:
		return "a letter before claim"
	}
	return "a " + strings.ToLower(k.Label())
}
