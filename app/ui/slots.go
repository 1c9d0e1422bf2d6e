package ui

import (
	"fyne.io/fyne/v2"

	"github.com/redress-app/redress/casefile"
)

// componentTabs returns the tabs of an open case that other parts of the app
// build: Timeline (timeline.go), Checks (findings.go), Letters and Bundle.
// It is the one place they are plugged in: each is one caseTab appended
// here, and buildTabs puts it in its place by id. A tab that is not
// appended does not appear (Ctrl+1..8 still mean the same tabs).
//
// When the components are merged, the lines are:
//
//	tl := newTimelineView(s.d.cat, s.openEvent, s.onNewEvent)
//	tabs = append(tabs, caseTab{id: tabTimeline, title: "Timeline", icon: theme.HistoryIcon(),
//		content: tl.content, show: func(cs *caseState) { tl.SetCase(cs.c, cs.findings, cs.asOf) }})
//
//	fv := newFindingsView(s.d.cat, nil, s.showFindingEvents, s.onNewEvent)
//	tabs = append(tabs, caseTab{id: tabChecks, title: "Checks", icon: theme.WarningIcon(),
//		content: fv.content, show: func(cs *caseState) { fv.SetCase(cs.c, cs.findings, cs.asOf) }})
//
// (the nil is "use in a letter", for when the Letters tab exists; likewise
// tabLetters and tabBundle are one caseTab each).
func (s *shell) componentTabs() []caseTab {
	var tabs []caseTab
	return tabs
}

// deadlinesView returns the view of every deadline across the vault's cases,
// or nil while that component is not merged. When it is:
//
//	v := newDeadlinesView(s.d.win, s.d.cat, s.openFinding)
//	return &crossCaseView{content: v.content, show: func(es []deadlineEntry, asOf casefile.Date) {
//		items := make([]deadlineItem, len(es))
//		for i, e := range es {
//			items[i] = deadlineItem{CaseID: e.CaseID, CaseTitle: e.CaseTitle, Authority: e.Authority, Finding: e.Finding}
//		}
//		v.SetItems(items, asOf)
//	}}
//
// The sidebar shows a "Deadlines" button only when this is not nil; the
// shell fills it with s.deadlineItems() (caselist.go) off the UI goroutine.
func (s *shell) deadlinesView() *crossCaseView { return nil }

// crossCaseView is a view over every case (the Deadlines view).
type crossCaseView struct {
	content fyne.CanvasObject
	show    func(entries []deadlineEntry, asOf casefile.Date)
}

// openEvent shows an event of the open case in the Events tab (for the
// timeline: clicking an item opens it).
func (s *shell) openEvent(eventID string) {
	s.showTab(tabEvents)
	s.events.reveal(eventID)
}

// openFinding opens a case at its Overview (for the Deadlines view).
func (s *shell) openFinding(caseID string, _ casefile.Finding) {
	s.openCase(caseID)
	s.showTab(tabOverview)
}

// showFindingEvents shows the event that started a finding in the Events tab
// (for the Checks tab's "Show the events").
func (s *shell) showFindingEvents(f casefile.Finding) {
	id := f.Trigger
	if id == "" {
		id = f.Done
	}
	s.openEvent(id)
}
