package checks

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/redress-app/redress/casefile"
)

func TestStatusTable(t *testing.T) {
	for _, tc := range []struct {
		status casefile.Status
		family bool
		look   Look
		word   string
		group  string
	}{
		{casefile.StatusBreach, false, LookBreach, "Late or missed", "Late or missed"},
		{casefile.StatusConcern, false, LookConcern, "Concern", "Concerns"},
		{casefile.StatusNeedsInfo, false, LookNeedsInfo, "Need more information", "Need more information"},
		{casefile.StatusDue, false, LookDue, "Due", "Due"},
		{casefile.StatusDue, true, LookFamilyDue, "Your deadline", "Your deadlines"},
		{casefile.StatusExpired, true, LookFamilyPassed, "Your deadline has passed", "Your deadlines"},
		{casefile.StatusMet, true, LookMet, "Met", "Your deadlines"},
		{casefile.StatusMet, false, LookMet, "Met", "Met"},
	} {
		f := casefile.Finding{Status: tc.status, Family: tc.family}
		if got := LookOf(f); got != tc.look {
			t.Errorf("%s (family %v): look %d, want %d", tc.status, tc.family, got, tc.look)
		}
		if got := StatusWord(tc.status, tc.family); got != tc.word {
			t.Errorf("%s (family %v): word %q, want %q", tc.status, tc.family, got, tc.word)
		}
		if got := Groups[GroupOf(f)].Title; got != tc.group {
			t.Errorf("%s (family %v): group %q, want %q", tc.status, tc.family, got, tc.group)
		}
	}
	if got := StatusWord("odd", false); got != "odd" {
		t.Errorf("an unknown status is said %q", got)
	}
	if got := StatusMeaning(casefile.StatusMet); got != "Met: done in time" {
		t.Errorf("met means %q", got)
	}
	for i, g := range Groups {
		if g.Look.Word() == "" || g.Title == "" || g.Note == "" || g.One == "" || g.Many == "" {
			t.Errorf("group %d is not fully worded: %+v", i, g)
		}
	}
}

// TestFindingsCarryRoutes: a finding leaves the checks with its rule's
// routes and whose clock it is, and neither is in the findings JSON.
func TestFindingsCarryRoutes(t *testing.T) {
	cat := Default()
	c, err := casefile.ReadFile("../examples/bruised-baby.case.json")
	if err != nil {
		t.Fatal(err)
	}
	fds := Run(cat, c, casefile.MustDate("2026-05-01"))
	family := 0
	for _, f := range fds {
		r, ok := cat.Rule(f.Rule)
		if !ok {
			t.Fatalf("no rule %s", f.Rule)
		}
		var want []string
		for _, rt := range r.Routes {
			want = append(want, string(rt))
		}
		if !slices.Equal(f.Routes, want) || f.Family != r.Family() {
			t.Errorf("%s: routes %v family %v, want %v %v", f.Rule, f.Routes, f.Family, want, r.Family())
		}
		if f.Family {
			family++
		}
		b, err := json.Marshal(f)
		if err != nil {
			t.Fatal(err)
		}
		var keys map[string]any
		if err := json.Unmarshal(b, &keys); err != nil {
			t.Fatal(err)
		}
		for k := range keys {
			if strings.Contains(strings.ToLower(k), "route") || strings.Contains(strings.ToLower(k), "family") {
				t.Errorf("%s: the findings JSON carries %q", f.Rule, k)
			}
		}
	}
	if len(fds) == 0 || family == 0 {
		t.Fatalf("the example gives %d findings, %d on the family's clock: the test checks nothing", len(fds), family)
	}
}
