package ui

import (
	"fmt"
	"github.com/redress-app/redress/app/ui/internal/uitest"
	"testing"

	"fyne.io/fyne/v2"

	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/checks"
)

// exampleCase reads an example case and runs the checks as of asOf.
func exampleCase(t testing.TB, name, asOf string) (*casefile.Case, []casefile.Finding, casefile.Date) {
	t.Helper()
	c, err := casefile.ReadFile("../../examples/" + name + ".case.json")
	if err != nil {
		t.Fatal(err)
	}
	d := casefile.MustDate(asOf)
	return c, checks.Run(checks.Default(), c, d), d
}

// newTestApp is a test app with Redress's theme in the given variant.
func newTestApp(t testing.TB, variant fyne.ThemeVariant) fyne.App {
	return uitest.NewTestApp(t, variant)
}

// bigCase is a case with n events: cycles of a referral, child protection
// enquiries, a late conference and a complaint, one cycle every two weeks
// (10,000 events span about 38 years).
func bigCase(n int) *casefile.Case {
	c := &casefile.Case{Title: "A long history", Authority: "Example Borough Council",
		Children: []casefile.Child{{ID: "c1", Name: "Child A", Born: casefile.MustDate("1985-01-01")}}}
	cycle := []struct {
		kind  casefile.Kind
		day   int
		attrs casefile.Attrs
	}{
		{casefile.KindReferralReceived, 0, casefile.Attrs{}},
		{casefile.KindReferralDecision, 1, casefile.Attrs{}},
		{casefile.KindStrategyDiscussion, 2, casefile.Attrs{S47: casefile.Bool(true)}},
		{casefile.KindS47Started, 2, casefile.Attrs{}},
		{casefile.KindThirdPartyChecks, 3, casefile.Attrs{Agency: "GP", Consent: casefile.Bool(false)}},
		{casefile.KindChildSeen, 3, casefile.Attrs{Alone: casefile.Bool(true)}},
		{casefile.KindS47Concluded, 10, casefile.Attrs{Outcome: "icpc"}},
		{casefile.KindICPC, 26, casefile.Attrs{Plan: casefile.Bool(true)}},
		{casefile.KindComplaintMade, 27, casefile.Attrs{Stage: 1}},
		{casefile.KindComplaintResponse, 45, casefile.Attrs{Stage: 1}},
	}
	start := casefile.MustDate("1988-01-04")
	for i := 0; len(c.Events) < n; i++ {
		base := start.AddDays(14 * i)
		for j, s := range cycle {
			if len(c.Events) == n {
				break
			}
			c.Events = append(c.Events, casefile.Event{ID: fmt.Sprintf("e%d-%d", i, j), Kind: s.kind,
				Date: base.AddDays(s.day), Attrs: s.attrs, Child: "c1"})
		}
	}
	return c
}
