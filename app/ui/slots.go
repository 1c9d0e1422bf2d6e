package ui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"github.com/redress-app/redress/app/ui/aihelp"
	"github.com/redress-app/redress/app/ui/bundleview"
	letterroom "github.com/redress-app/redress/app/ui/letters"
	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/letters/polish"
	"github.com/redress-app/redress/store"
)

// componentTabs returns the tabs of an open case that other parts of the app
// build: Timeline (timeline.go), Checks (findings.go), Letters
// (app/ui/letters) and Bundle (app/ui/bundleview). It is the one place they are
// plugged in: buildTabs puts each in its place by id, so Ctrl+1..8 always
// mean the same tabs.
//
// The Letters and Bundle tabs keep what was typed or arranged in memory
// (never on disk) while the vault is locked: they are handed over with the
// rest of the held work (takeWork, restore), so a lock loses nothing.
func (s *shell) componentTabs() []caseTab {
	d := s.d
	s.timeline = newTimelineView(d.cat, s.openEvent, s.onNewEvent)
	s.letters, s.bundle = nil, nil
	if h := d.held; h != nil && h.letters != nil && h.letters.Vault() == d.vault {
		s.letters, s.bundle = h.letters, h.bundle
	}
	if s.letters == nil {
		s.letters = letterroom.New(d.win, d.vault, d.cat, d.now)
		s.bundle = bundleview.New(d.win, d.vault, d.cat, d.now)
	}
	s.letters.Pick, s.bundle.Pick = s.saveThroughDesk, s.saveThroughDesk
	s.ai = aihelp.New(d.win, d.vault, s.aiSettings)
	s.ai.OnRecorded = s.changedElsewhere
	s.letters.SetAIHelp(s.ai)
	s.letters.OnChanged = s.changedElsewhere
	s.findings = newFindingsView(d.cat, s.useInLetter, s.showFindingEvents, s.onNewEvent)
	return []caseTab{
		{id: tabTimeline, title: "Timeline", icon: theme.HistoryIcon(), content: s.timeline.content,
			show: func(cs *caseState) { s.timeline.SetCase(cs.c, cs.findings, cs.asOf) }},
		{id: tabChecks, title: "Checks", icon: theme.WarningIcon(), content: s.findings.content,
			show: func(cs *caseState) { s.findings.SetCase(cs.c, cs.findings, cs.asOf) }},
		{id: tabLetters, title: "Letters", icon: theme.MailComposeIcon(), content: s.letters.Content(),
			show: func(cs *caseState) { s.letters.SetCase(cs.info.ID, cs.c, cs.findings, cs.asOf) }},
		{id: tabBundle, title: "Bundle", icon: theme.FileApplicationIcon(), content: s.bundle.Content(),
			show: func(cs *caseState) { s.bundle.SetCase(cs.info.ID, cs.c, cs.findings, cs.asOf) }},
	}
}

// saveThroughDesk is the savePicker of the exports (letters, bundles, the
// calendar file): it asks where to save through the desk's file chooser,
// like the rest of the app (tests answer it).
func (s *shell) saveThroughDesk(w fyne.Window, name string, _ []string, done func(string)) {
	s.d.files.saveFile(w, name, done)
}

// useInLetter is the Checks tab's "Use in a letter": it opens the Letters
// tab with a new letter about finding f.
func (s *shell) useInLetter(f casefile.Finding) {
	s.showTab(tabLetters)
	s.letters.UseFinding(f)
}

// changedElsewhere is called when a tab other than the shell's own changed
// the record (a letter marked sent records an event; an event suggested by
// AI help was recorded): the case is loaded and checked again.
func (s *shell) changedElsewhere(caseID string) {
	if s.closed {
		return
	}
	s.status.saved(s.d.now())
	if caseID == s.curID {
		s.reload()
	}
	s.cases.refresh(nil)
}

// aiSettings reads the AI help settings from the vault (a small sealed
// record); help is off unless they can be read and say it is on.
func (s *shell) aiSettings() (polish.Settings, bool) {
	v := s.vault()
	if v == nil || s.closed {
		return polish.Settings{}, false
	}
	return readAISettings(s.ctx(), v)
}

// readAISettings reads the AI help settings kept in vault v, and whether
// they could be read (a missing or unreadable setting is not).
func readAISettings(ctx context.Context, v *store.Vault) (polish.Settings, bool) {
	raw, ok, err := v.Setting(ctx, aiSettingKey)
	if err != nil || !ok {
		return polish.Settings{}, false
	}
	st, err := polish.DecodeSettings([]byte(raw))
	if err != nil {
		return polish.Settings{}, false
	}
	return st, true
}

// deadlinesView returns the view of every deadline across the vault's cases.
// The sidebar's "Deadlines in every case" button shows it, filled with
// s.deadlineItems() (caselist.go) off the UI goroutine.
func (s *shell) deadlinesView() *crossCaseView {
	v := newDeadlinesView(s.d.win, s.d.cat, s.openFinding)
	v.save = s.saveThroughDesk
	return &crossCaseView{content: v.content, show: func(es []deadlineEntry, asOf casefile.Date) {
		items := make([]deadlineItem, len(es))
		for i, e := range es {
			items[i] = deadlineItem(e)
		}
		v.SetItems(items, asOf)
	}}
}

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
