package checks

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/redress-app/redress/casefile"
)

// checkInvariants checks what must hold for any findings: sorted, valid
// statuses, lateness only on working-day breaches, citations always present.
func checkInvariants(t *testing.T, cat *Catalogue, fs []casefile.Finding) {
	t.Helper()
	valid := []casefile.Status{casefile.StatusMet, casefile.StatusBreach, casefile.StatusDue, casefile.StatusNeedsInfo,
		casefile.StatusConcern, casefile.StatusExpired}
	for i, f := range fs {
		r, ok := cat.Rule(f.Rule)
		if !ok {
			t.Fatalf("finding for unknown rule %q", f.Rule)
		}
		if !slices.Contains(valid, f.Status) {
			t.Fatalf("%s/%s: status %q", f.Rule, f.Trigger, f.Status)
		}
		if r.Family() && f.Status == casefile.StatusBreach {
			t.Fatalf("%s/%s: a family time limit is never a breach", f.Rule, f.Trigger)
		}
		if f.WorkingDaysLate != 0 && (f.Status != casefile.StatusBreach || !r.workingDays() || f.WorkingDaysLate < 1) {
			t.Fatalf("%s/%s: working_days_late %d on a %s finding", f.Rule, f.Trigger, f.WorkingDaysLate, f.Status)
		}
		if f.Status == casefile.StatusBreach && r.workingDays() && f.WorkingDaysLate < 1 {
			t.Fatalf("%s/%s: a working-day breach needs working_days_late >= 1", f.Rule, f.Trigger)
		}
		if len(f.Citations) == 0 || f.Title == "" || f.Explanation == "" || f.Trigger == "" || f.TriggerDate.IsZero() {
			t.Fatalf("%s/%s: incomplete finding %+v", f.Rule, f.Trigger, f)
		}
		if i > 0 {
			p := fs[i-1]
			if p.TriggerDate.After(f.TriggerDate) || (p.TriggerDate == f.TriggerDate && (p.Rule > f.Rule || (p.Rule == f.Rule && p.Trigger >= f.Trigger))) {
				t.Fatalf("findings out of order at %d: %s/%s then %s/%s", i, p.Rule, p.Trigger, f.Rule, f.Trigger)
			}
		}
	}
}

func TestRunEdgeCases(t *testing.T) {
	cat := Default()
	if fs := Run(cat, nil, casefile.MustDate("2026-01-01")); fs == nil || len(fs) != 0 {
		t.Fatalf("nil case: %v", fs)
	}
	if fs := Run(cat, &casefile.Case{}, casefile.MustDate("2026-01-01")); fs == nil || len(fs) != 0 {
		t.Fatalf("empty case: %v", fs)
	}
	c := &casefile.Case{Events: []casefile.Event{{ID: "r1", Kind: casefile.KindReferralReceived, Date: casefile.MustDate("2026-03-02")}}}
	if fs := Run(cat, c, casefile.MustDate("2026-03-01")); len(fs) != 0 {
		t.Fatalf("an event after the as-of date should be ignored: %v", fs)
	}
	before := c.Events[0]
	fs := Run(cat, c, casefile.MustDate("2026-03-02"))
	if len(fs) == 0 || c.Events[0].ID != before.ID || c.Events[0].Date != before.Date {
		t.Fatalf("Run changed the case or found nothing: %v", fs)
	}
}

func TestExamplesInvariants(t *testing.T) {
	files, _ := filepath.Glob("testdata/cases/*.case.json")
	for _, f := range files {
		c, err := casefile.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, asOf := range []string{"2010-06-01", "2012-12-01", "2026-01-01", "2026-06-30", "2030-01-01"} {
			checkInvariants(t, Default(), Run(Default(), c, casefile.MustDate(asOf)))
		}
	}
}

func FuzzRun(f *testing.F) {
	files, _ := filepath.Glob("testdata/cases/*.case.json")
	for _, name := range files {
		if data, err := os.ReadFile(name); err == nil {
			f.Add(data, uint16(9000))
		}
	}
	ex, _ := filepath.Glob("../examples/*.case.json")
	for _, name := range ex {
		if data, err := os.ReadFile(name); err == nil {
			f.Add(data, uint16(9500))
		}
	}
	cat := Default()
	base := casefile.MustDate("2000-01-01")
	f.Fuzz(func(t *testing.T, data []byte, days uint16) {
		c, err := casefile.Decode("fuzz.case.json", data)
		if err != nil {
			return
		}
		fs := Run(cat, c, base.AddDays(int(days)))
		checkInvariants(t, cat, fs)
	})
}
