package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"

	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/checks"
	"github.com/redress-app/redress/store"
)

// TestOverviewSaysWhatTheCouncilOwes is issue 15 section 6 on the Overview:
// an unanswered subject access request whose month has passed is shown as
// overdue, said plainly, and the Overview never says nothing is open.
func TestOverviewSaysWhatTheCouncilOwes(t *testing.T) {
	test.NewTempApp(t)
	asOf := casefile.MustDate("2026-05-01")
	cs := &caseState{
		c: &casefile.Case{Events: []casefile.Event{{ID: "e1"}, {ID: "e2"}}},
		findings: []casefile.Finding{{
			Rule: "sar-1m", Status: casefile.StatusBreach, Title: "Late: answer to your subject access request",
			Due: casefile.MustDate("2026-03-02"),
		}},
		asOf: asOf,
	}
	text := allText(container.NewVBox(overviewSections(checks.Default(), cs)...))
	for _, want := range []string{"Overdue:", "The council owes you", "2 March 2026"} {
		if !strings.Contains(text, want) {
			t.Errorf("the Overview does not say %q:\n%s", want, text)
		}
	}
	for _, never := range []string{"None open", "nothing the council owes you", "Nothing open"} {
		if strings.Contains(text, never) {
			t.Errorf("the Overview says %q while the council is overdue:\n%s", never, text)
		}
	}
}

// TestCaseListSaysOverdue: the case list never says "No deadlines open"
// while the council owes something overdue.
func TestCaseListSaysOverdue(t *testing.T) {
	fds := []casefile.Finding{{Rule: "sar-1m", Status: casefile.StatusBreach, Title: "Late: answer to your subject access request",
		Due: casefile.MustDate("2026-03-02")}}
	sm := summaryOf(checks.Default(), store.CaseInfo{ID: "c1"}, &casefile.Case{Title: "C"}, fds)
	if sm.next != "Overdue: the council owes you 1 thing" {
		t.Errorf("case list line %q", sm.next)
	}
}

// TestCaseListSaysPassed: with nothing open and the family's own limits
// passed, the case list says so rather than only "No deadlines open".
func TestCaseListSaysPassed(t *testing.T) {
	passed := func(rule, due string) casefile.Finding {
		return casefile.Finding{Rule: rule, Status: casefile.StatusExpired, Family: true, Title: "Judicial review claim", Due: casefile.MustDate(due)}
	}
	for _, tc := range []struct {
		fds  []casefile.Finding
		want string
	}{
		{nil, "No deadlines open"},
		{[]casefile.Finding{passed("jr-3m", "2026-01-13")}, "One of your time limits has passed"},
		{[]casefile.Finding{passed("jr-3m", "2026-01-13"), passed("lgsco-12m", "2026-10-12")}, "2 of your time limits have passed"},
		// Something still open is the line, as before.
		{[]casefile.Finding{passed("jr-3m", "2026-01-13"), {Rule: "lgsco-12m", Status: casefile.StatusDue, Family: true, Title: "Complaining to the Ombudsman", Due: casefile.MustDate("2027-10-12")}}, ""},
	} {
		sm := summaryOf(checks.Default(), store.CaseInfo{ID: "c1"}, &casefile.Case{Title: "C"}, tc.fds)
		if tc.want != "" && sm.next != tc.want {
			t.Errorf("case list line %q, want %q", sm.next, tc.want)
		}
		if tc.want == "" && (strings.Contains(sm.next, "passed") || sm.next == "No deadlines open") {
			t.Errorf("with a limit open the case list says %q", sm.next)
		}
	}
}
