package checks

import (
	"path/filepath"
	"testing"

	"github.com/redress-app/redress/casefile"
)

// TestShiftedMatchesRebuilt checks the cheap shifted context against one
// rebuilt from a copy of the case: every rule must give the same findings.
func TestShiftedMatchesRebuilt(t *testing.T) {
	var cases []*casefile.Case
	files, _ := filepath.Glob("testdata/cases/*.case.json")
	for _, f := range files {
		c, err := casefile.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		cases = append(cases, c)
	}
	cases = append(cases, bigCase(120))
	cat := Default()
	for ci, c := range cases {
		for _, asOf := range []string{"2012-07-01", "2026-03-20", "2026-06-01", "2027-02-01"} {
			d := casefile.MustDate(asOf)
			x := newCtx(cat, c, c.Events, d)
			for i := range c.Events {
				if i%3 != 0 && len(c.Events) > 40 {
					continue
				}
				for _, delta := range []int{-7, -1, 1, 7} {
					moved := c.Events[i].Date.AddDays(delta)
					evs := append([]casefile.Event(nil), c.Events...)
					evs[i].Date = moved
					want := newCtx(cat, c, evs, d)
					got := x.shifted(i, moved)
					if len(got.evs) != len(want.evs) {
						t.Fatalf("case %d event %d %+d: %d events, want %d", ci, i, delta, len(got.evs), len(want.evs))
					}
					for k := range got.evs {
						if got.evs[k].ID != want.evs[k].ID {
							t.Fatalf("case %d event %d %+d: order differs at %d", ci, i, delta, k)
						}
					}
					for _, r := range cat.Rules {
						a, b := r.eval(got), r.eval(want)
						if len(a) != len(b) {
							t.Fatalf("case %d event %d %+d rule %s: %d results, want %d", ci, i, delta, r.ID, len(a), len(b))
						}
						for k := range a {
							if a[k].trig.ID != b[k].trig.ID || a[k].status != b[k].status || a[k].due != b[k].due {
								t.Fatalf("case %d event %d %+d rule %s: %s %s, want %s %s", ci, i, delta, r.ID,
									a[k].trig.ID, a[k].status, b[k].trig.ID, b[k].status)
							}
						}
					}
				}
			}
		}
	}
}
