package checks

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/redress-app/redress/casefile"
)

// expectedFile is a NAME.expected.json beside a case in testdata/cases, in
// the form of ../shared/examples: findings the case must produce (a list of
// statuses accepts any of them), and no breach it does not list.
type expectedFile struct {
	AsOf     casefile.Date `json:"as_of"`
	Findings []struct {
		Rule            string          `json:"rule"`
		Trigger         string          `json:"trigger"`
		Status          json.RawMessage `json:"status"`
		Due             string          `json:"due"`
		WorkingDaysLate *int            `json:"working_days_late"`
	} `json:"findings"`
}

// TestExpectedCases runs every case in testdata/cases that has an
// expected.json, as ../shared/tools/check-examples does for the shared
// examples.
func TestExpectedCases(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "cases", "*.expected.json"))
	if len(files) == 0 {
		t.Fatal("no expected files in testdata/cases")
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".expected.json")
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			var exp expectedFile
			if err := json.Unmarshal(data, &exp); err != nil {
				t.Fatal(err)
			}
			c, err := casefile.ReadFile(filepath.Join("testdata", "cases", name+".case.json"))
			if err != nil {
				t.Fatal(err)
			}
			fs := Run(Default(), c, exp.AsOf)
			breaches := map[string]bool{}
			for _, w := range exp.Findings {
				var statuses []string
				if err := json.Unmarshal(w.Status, &statuses); err != nil {
					var one string
					if err := json.Unmarshal(w.Status, &one); err != nil {
						t.Fatalf("%s/%s: status must be text or a list", w.Rule, w.Trigger)
					}
					statuses = []string{one}
				}
				if slices.Contains(statuses, "breach") {
					breaches[w.Rule+"/"+w.Trigger] = true
				}
				var match []casefile.Finding
				for _, f := range fs {
					if f.Rule == w.Rule && f.Trigger == w.Trigger {
						match = append(match, f)
					}
				}
				if len(match) != 1 {
					t.Errorf("%s/%s: %d findings, want 1", w.Rule, w.Trigger, len(match))
					continue
				}
				f := match[0]
				if !slices.Contains(statuses, string(f.Status)) {
					t.Errorf("%s/%s: status %s, want %v\n%s", w.Rule, w.Trigger, f.Status, statuses, f.Explanation)
				}
				if w.Due != "" && f.Due.String() != w.Due {
					t.Errorf("%s/%s: due %s, want %s", w.Rule, w.Trigger, f.Due, w.Due)
				}
				if w.WorkingDaysLate != nil && f.WorkingDaysLate != *w.WorkingDaysLate {
					t.Errorf("%s/%s: working_days_late %d, want %d", w.Rule, w.Trigger, f.WorkingDaysLate, *w.WorkingDaysLate)
				}
			}
			for _, f := range fs {
				if f.Status == casefile.StatusBreach && !breaches[f.Rule+"/"+f.Trigger] {
					t.Errorf("unexpected breach %s/%s: %s", f.Rule, f.Trigger, f.Explanation)
				}
			}
		})
	}
}
