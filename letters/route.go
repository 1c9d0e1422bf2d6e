package letters

import "github.com/redress-app/redress/casefile"

// RouteGroup is the findings that belong to one route: one complaints
// procedure, the ICO, the Ombudsman or judicial review.
type RouteGroup struct {
	Route    string
	Findings []casefile.Finding
}

// SplitByRoute groups findings by the route routeOf gives each (the checks
// engine's rule data says which), keeping their order, with the groups in the
// order their routes first appear. More than one group means the selection
// mixes routes: each group needs its own letter.
func SplitByRoute(findings []casefile.Finding, routeOf func(casefile.Finding) string) []RouteGroup {
	var groups []RouteGroup
	index := map[string]int{}
	for _, f := range findings {
		r := routeOf(f)
		i, ok := index[r]
		if !ok {
			i = len(groups)
			index[r] = i
			groups = append(groups, RouteGroup{Route: r})
		}
		groups[i].Findings = append(groups[i].Findings, f)
	}
	return groups
}
