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
