package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestExamplesFindings runs `redress check --json` on every example case and
// compares it with NAME.expected.json as ../shared/tools/check-examples does:
// every expected finding is present with its status, due date and lateness,
// and no breach appears that is not expected. It runs without ../shared.
func TestExamplesFindings(t *testing.T) {
	cases, _ := filepath.Glob("../../examples/*.case.json")
	if len(cases) == 0 {
		t.Fatal("no example cases in ../../examples")
	}
	for _, path := range cases {
		name := strings.TrimSuffix(filepath.Base(path), ".case.json")
		t.Run(name, func(t *testing.T) {
			var want struct {
				AsOf     string `json:"as_of"`
				Findings []struct {
					Rule, Trigger, Due string
					Status             json.RawMessage // a status, or a list of which any is accepted
					Late               *int            `json:"working_days_late"`
				} `json:"findings"`
			}
			data, err := os.ReadFile(strings.TrimSuffix(path, ".case.json") + ".expected.json")
			if err != nil {
				t.Skip("no expected findings")
			}
			if err := json.Unmarshal(data, &want); err != nil {
				t.Fatal(err)
			}
			code, out, errs := run(t, nil, "", "check", "--as-of", want.AsOf, "--json", path)
			if code != 0 {
				t.Fatalf("check exited %d: %s", code, errs)
			}
			var got struct {
				Findings []struct {
					Rule, Trigger, Status, Due string
					Late                       int `json:"working_days_late"`
				} `json:"findings"`
			}
			if err := json.Unmarshal([]byte(out), &got); err != nil {
				t.Fatalf("output is not JSON: %v", err)
			}
			expected := map[string]bool{}
			for _, w := range want.Findings {
				key := w.Rule + "/" + w.Trigger
				var statuses []string
				if json.Unmarshal(w.Status, &statuses) != nil {
					var one string
					if err := json.Unmarshal(w.Status, &one); err != nil {
						t.Fatalf("%s: status must be text or a list", key)
					}
					statuses = []string{one}
				}
				if slices.Contains(statuses, "breach") {
					expected[key] = true
				}
				n := 0
				for _, g := range got.Findings {
					if g.Rule != w.Rule || g.Trigger != w.Trigger {
						continue
					}
					n++
					if !slices.Contains(statuses, g.Status) || (w.Due != "" && g.Due != w.Due) || (w.Late != nil && g.Late != *w.Late) {
						late := "any"
						if w.Late != nil {
							late = strconv.Itoa(*w.Late)
						}
						t.Errorf("%s: got status %s due %s late %d, want %v due %s late %s", key, g.Status, g.Due, g.Late, statuses, w.Due, late)
					}
				}
				if n != 1 {
					t.Errorf("%s: %d findings, want one", key, n)
				}
			}
			for _, g := range got.Findings {
				if g.Status == "breach" && !expected[g.Rule+"/"+g.Trigger] {
					t.Errorf("unexpected breach %s/%s", g.Rule, g.Trigger)
				}
			}
		})
	}
}
