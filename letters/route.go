package letters

import "github.com/redress-app/redress/casefile"

// RouteGroup is the findings that belong to one route: one complaints
// procedure, the ICO, the Ombudsman or judicial review.
type RouteGroup struct {
	Route    string
	Findings []casefile.Finding
}

// SplitByRoute groups findings by route as a letter on route sees them: a
// finding whose routes (casefile.Finding.Routes, from the rule's data)
// include route is in route's group, whatever its main route; any other is in
// the group of its main route ("" for none). The findings keep their order,
// and the groups are in the order their routes first appear. More than one
// group means the selection mixes routes: each group needs its own letter.
// route "" groups every finding by its main route.
func SplitByRoute(findings []casefile.Finding, route string) []RouteGroup {
	var groups []RouteGroup
	index := map[string]int{}
	for _, f := range findings {
		r := f.MainRoute()
		if route != "" && f.HasRoute(route) {
			r = route
		}
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
