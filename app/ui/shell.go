package ui

import (
	"context"
	"sort"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/redress-app/redress/app/casework"
	"github.com/redress-app/redress/app/ui/aihelp"
	"github.com/redress-app/redress/app/ui/bundleview"
	"github.com/redress-app/redress/app/ui/kit"
	letterroom "github.com/redress-app/redress/app/ui/letters"
	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/checks"
	"github.com/redress-app/redress/store"
)

// tabID names the tabs of an open case, in the order of UI.md; Ctrl+1 to
// Ctrl+8 choose them by this number even when some are not built yet.
type tabID int

const (
	tabOverview tabID = iota
	tabJournal
	tabEvents
	tabTimeline
	tabDocuments
	tabChecks
	tabLetters
	tabBundle
)

// caseTab is one tab of the open case.
type caseTab struct {
	id      tabID
	title   string
	icon    fyne.Resource
	content fyne.CanvasObject
	// show is called on the UI goroutine whenever the open case, its findings
	// or the as-of date change; cs is nil when no case is open.
	show func(cs *caseState)
}

// caseState is the open case as last loaded: everything the tabs show.
type caseState struct {
	info     store.CaseInfo
	c        *casefile.Case
	findings []casefile.Finding
	asOf     casefile.Date
	notes    []casefile.Note     // c.Notes, newest first (worked out off the UI goroutine)
	lower    []string            // their texts in lower case, for finding
	next     []casework.NextStep // what to do next (casework.WhatNextIn), worked out with the case
}

// prepare does the work the tabs would otherwise do on the UI goroutine.
func (cs *caseState) prepare() *caseState {
	if cs.c != nil && cs.notes == nil {
		cs.notes, cs.lower = journalOrder(cs.c.Notes)
	}
	return cs
}

// shell is the window while a vault is unlocked (UI.md "Shape of the
// window"): the cases on the left, search at the top, the open case in tabs,
// the status bar at the bottom. Locking throws the whole shell away.
type shell struct {
	d       *desk
	content fyne.CanvasObject

	cases  *caseList
	search *searchBox
	status *statusBar

	centre   *fyne.Container // the tabs, a page, or an empty state
	tabs     *container.AppTabs
	tabList  []caseTab
	tabItems map[tabID]*container.TabItem

	overview *overviewTab
	journal  *journalTab
	events   *eventsTab
	docs     *documentsTab
	timeline *timelineView
	findings *findingsView
	letters  *letterroom.View
	bundle   *bundleview.View
	ai       *aihelp.Help
	reading  *docReading // reads documents' text and scans in the background
	share    *shareForm  // the share dialog last shown (share.go)

	newCase  *newCasePage      // the new-case page, kept until the case is made
	details  *detailsPage      // the case details page, while shown
	page     fyne.CanvasObject // a page shown instead of the tabs (new case, case details)
	pageSave func()            // Ctrl+S on that page
	pageWork func() bool       // whether the page holds unsaved typing

	cur     *caseState // nil until a case is loaded
	curID   string     // the case chosen, even while it loads
	loadSeq int
	closed  bool
}

func newShell(d *desk) *shell {
	s := &shell{d: d, tabItems: map[tabID]*container.TabItem{}}
	s.status = newStatusBar(d)
	s.search = newSearchBox(s)
	s.cases = newCaseList(s)
	s.overview = newOverviewTab(s)
	s.journal = newJournalTab(s)
	s.events = newEventsTab(s)
	s.reading = newDocReading(s)
	s.docs = newDocumentsTab(s)
	s.tabList = s.buildTabs()
	items := make([]*container.TabItem, 0, len(s.tabList))
	for _, t := range s.tabList {
		it := container.NewTabItemWithIcon(t.title, t.icon, t.content)
		s.tabItems[t.id] = it
		items = append(items, it)
	}
	s.tabs = container.NewAppTabs(items...)
	s.tabs.OnSelected = func(*container.TabItem) { d.touch() }
	s.centre = container.NewStack()

	settings := widget.NewButtonWithIcon("Settings", theme.SettingsIcon(), s.onSettings)
	settings.Importance = widget.LowImportance
	top := container.NewPadded(container.NewBorder(nil, nil, nil, container.NewHBox(s.caseMenuButton(), settings), s.search.content))
	s.search.top = top
	split := container.NewHSplit(s.cases.content, s.centre)
	split.SetOffset(0.23)
	s.content = container.NewStack(container.NewBorder(
		container.NewVBox(top, widget.NewSeparator()),
		s.bottom(), nil, nil, split), s.search.drop)
	return s
}

// bottom is the status bar, with the read-only banner above it when the
// vault cannot be written.
func (s *shell) bottom() fyne.CanvasObject {
	box := container.NewVBox(widget.NewSeparator())
	if b := s.readOnlyBanner(); b != nil {
		box.Add(b)
		box.Add(widget.NewSeparator())
	}
	box.Add(s.status.content)
	return box
}

// buildTabs is the one place the case's tabs are listed, in UI.md's order.
// The tabs made by other parts of the app come from componentTabs (slots.go).
func (s *shell) buildTabs() []caseTab {
	tabs := []caseTab{
		{id: tabOverview, title: "Overview", icon: theme.HomeIcon(), content: s.overview.content, show: s.overview.show},
		{id: tabJournal, title: "Journal", icon: theme.DocumentCreateIcon(), content: s.journal.content, show: s.journal.show},
		{id: tabEvents, title: "Events", icon: theme.ListIcon(), content: s.events.content, show: s.events.show},
		{id: tabDocuments, title: "Documents", icon: theme.FileIcon(), content: s.docs.content, show: s.docs.show},
	}
	tabs = append(tabs, s.componentTabs()...)
	sort.SliceStable(tabs, func(i, j int) bool { return tabs[i].id < tabs[j].id })
	return tabs
}

// start shows the vault's cases, or the first-case form when it has none.
func (s *shell) start() {
	s.cases.refresh(func(infos []store.CaseInfo) {
		s.reading.resume(infos) // OCR stopped by a lock or a restart goes on
		if len(infos) == 0 {
			s.showNewCase(true)
			return
		}
		s.openCase(firstReadable(infos))
	})
}

func firstReadable(infos []store.CaseInfo) string {
	for _, in := range infos {
		if in.Err == nil {
			return in.ID
		}
	}
	return infos[0].ID
}

// ctx is the context vault calls run under.
func (s *shell) ctx() context.Context { return s.d.ctx }

// vault returns the open vault.
func (s *shell) vault() *store.Vault { return s.d.vault }

// alive reports whether work started at epoch may still change the screen.
func (s *shell) alive(epoch int) bool { return !s.closed && epoch == s.d.epoch }

// setCentre replaces what the centre shows.
func (s *shell) setCentre(o fyne.CanvasObject) {
	s.centre.Objects = []fyne.CanvasObject{o}
	s.centre.Refresh()
}

// openCase loads a case and shows it in the tabs.
func (s *shell) openCase(id string) {
	if s.page != nil && s.pageWork != nil && s.pageWork() {
		s.d.confirm("Leave this page?", "What you typed on this page is not saved yet.", "Leave it", "Stay", func(ok bool) {
			if ok {
				s.page, s.pageWork = nil, nil
				s.openCase(id)
			}
		})
		return
	}
	if s.curID != id {
		s.journal.park()
		s.events.park()
	}
	s.page, s.pageSave, s.pageWork = nil, nil, nil
	s.curID = id
	s.cases.markSelected(id)
	if s.cur != nil && s.cur.info.ID == id {
		s.setCentre(s.tabs)
	} else {
		s.setCentre(loadingView("Opening the case…"))
	}
	s.reload()
}

// reload loads the open case again (after a write) and checks it, off the
// UI goroutine, then shows it in every tab.
func (s *shell) reload() {
	if s.curID == "" || s.closed || s.vault() == nil {
		return
	}
	s.loadSeq++
	seq, id, epoch := s.loadSeq, s.curID, s.d.epoch
	v, ctx, cat, asOf := s.vault(), s.ctx(), s.d.cat, s.d.today()
	type result struct {
		cs  *caseState
		err error
	}
	kit.Background(func() result {
		info, err := v.FindCase(ctx, id)
		if err != nil {
			return result{nil, err}
		}
		if info.Err != nil {
			return result{&caseState{info: info, asOf: asOf}, nil}
		}
		c, err := v.LoadCase(ctx, id)
		if err != nil {
			return result{nil, err}
		}
		cs := &caseState{info: info, c: c, findings: checks.Run(cat, c, asOf), asOf: asOf}
		// What to do next reads the letters too; when it cannot, the
		// Overview says the general words instead.
		cs.next, _ = casework.WhatNextIn(ctx, v, id, asOf, cat)
		return result{cs.prepare(), nil}
	}, func(r result) {
		if !s.alive(epoch) || seq != s.loadSeq || id != s.curID {
			return
		}
		if r.err != nil {
			s.d.showError("The case could not be opened", r.err)
			return
		}
		s.cur = r.cs
		if r.cs.c == nil {
			s.setCentre(brokenCase(r.cs.info))
			return
		}
		if s.page == nil {
			s.setCentre(s.tabs)
		}
		for _, t := range s.tabList {
			if t.show != nil {
				t.show(r.cs)
			}
		}
		s.cases.updateNext(id, r.cs)
	})
}

// loadingView says that something is on its way, with a moving bar.
func loadingView(what string) fyne.CanvasObject {
	return container.NewCenter(container.NewVBox(widget.NewLabel(what), container.New(&fixedWidthMin{240}, widget.NewProgressBarInfinite())))
}

// brokenCase is what a case whose record does not verify shows.
func brokenCase(info store.CaseInfo) fyne.CanvasObject {
	msg := para("The record of this case does not check out: part of it may have been damaged, or changed outside Redress. " +
		"Redress will not show or change it until it is restored. Restore the vault from a backup (Settings, Restore), " +
		"and keep this vault as it is in case it is needed.")
	return container.NewVScroll(container.NewPadded(narrow(560, container.NewVBox(heading(info.Title), msg))))
}

// write runs a change to the vault off the UI goroutine. On success the
// status bar says it was saved, the case is loaded again and done runs; on
// failure the person is told what happened and done is not run.
func (s *shell) write(what string, f func(ctx context.Context, v *store.Vault) error, done func()) {
	s.writeOr(what, f, done, nil)
}

// writeOr is write with failed, if not nil, run after a failure is shown.
func (s *shell) writeOr(what string, f func(ctx context.Context, v *store.Vault) error, done, failed func()) {
	s.d.touch()
	epoch, v, ctx := s.d.epoch, s.vault(), s.ctx()
	kit.Background(func() error { return f(ctx, v) }, func(err error) {
		if !s.alive(epoch) {
			return
		}
		if err != nil {
			s.d.showError(what+" did not work", err)
			if failed != nil {
				failed()
			}
			return
		}
		s.status.saved(s.d.now())
		if done != nil {
			done()
		}
		if !s.alive(epoch) { // done may have locked or closed the vault
			return
		}
		s.reload()
		s.cases.refresh(nil)
	})
}

// showTab switches to a tab, if it is built.
func (s *shell) showTab(id tabID) {
	if s.curID == "" || (s.cur != nil && s.cur.c == nil) {
		return
	}
	if it := s.tabItems[id]; it != nil {
		if s.page != nil {
			s.openCase(s.curID)
		}
		s.tabs.Select(it)
	}
}

// showPage shows a page in place of the tabs (a new case, the case's details).
func (s *shell) showPage(o fyne.CanvasObject, save func(), unsaved func() bool) {
	s.page, s.pageSave, s.pageWork = o, save, unsaved
	s.setCentre(o)
}

// closePage goes back to the open case, or to the empty state.
func (s *shell) closePage() {
	s.page, s.pageSave, s.pageWork = nil, nil, nil
	if s.curID != "" {
		s.setCentre(s.tabs)
		return
	}
	s.setCentre(s.emptyState())
}

func (s *shell) emptyState() fyne.CanvasObject {
	b := widget.NewButtonWithIcon("New case", theme.ContentAddIcon(), func() { s.showNewCase(false) })
	b.Importance = widget.HighImportance
	return container.NewCenter(container.NewVBox(heading("No case is open"),
		sizedPara("Choose a case on the left, or start a new one.", 360), container.NewCenter(b)))
}

// onNewNote opens a new journal entry (Ctrl+N).
func (s *shell) onNewNote() {
	if !s.caseReady() {
		return
	}
	s.showTab(tabJournal)
	s.journal.onNew()
}

// onNewEvent opens a new event (Ctrl+E).
func (s *shell) onNewEvent() {
	if !s.caseReady() {
		return
	}
	s.showTab(tabEvents)
	s.events.onNew()
}

func (s *shell) caseReady() bool { return s.cur != nil && s.cur.c != nil && s.cur.info.ID == s.curID }

func (s *shell) focusSearch() { s.search.focus() }

// save is Ctrl+S: it saves whatever form is showing.
func (s *shell) save() {
	switch {
	case s.page != nil && s.pageSave != nil:
		s.pageSave()
	case s.tabs.Selected() == s.tabItems[tabJournal]:
		s.journal.onSave()
	case s.tabs.Selected() == s.tabItems[tabEvents]:
		s.events.onSave()
	case s.tabs.Selected() == s.tabItems[tabDocuments]:
		s.docs.onSave()
	case s.tabs.Selected() == s.tabItems[tabLetters]:
		s.letters.SaveShown()
	}
}

// hasUnsaved reports writing that is not saved yet.
func (s *shell) hasUnsaved() bool {
	return s.journal.hasWriting() || s.events.hasWriting() || s.letters.Unsaved() || (s.pageWork != nil && s.pageWork())
}

// saveAll saves every open draft, then calls done with whether all worked.
func (s *shell) saveAll(done func(bool)) {
	s.journal.saveAllDrafts(func(ok bool) {
		if !ok {
			done(false)
			return
		}
		s.events.saveAllDrafts(func(ok bool) {
			if !ok {
				done(false)
				return
			}
			s.letters.SaveAll(func(ok bool) {
				if !ok {
					s.showTab(tabLetters)
				}
				done(ok)
			})
		})
	})
}

// takeWork collects the unsaved writing and where the person was, to keep in
// memory while the vault is locked.
func (s *shell) takeWork() *heldWork {
	h := &heldWork{caseID: s.curID, notes: s.journal.takeDrafts(), events: s.events.takeDrafts(),
		letters: s.letters, bundle: s.bundle}
	if sel := s.tabs.Selected(); sel != nil {
		for id, it := range s.tabItems {
			if it == sel {
				h.tab = id
			}
		}
	}
	return h
}

// restore puts back what takeWork collected, after unlocking.
func (s *shell) restore(h *heldWork) {
	s.journal.giveDrafts(h.notes)
	s.events.giveDrafts(h.events)
	s.cases.refresh(func(infos []store.CaseInfo) {
		s.reading.resume(infos)
		if h.caseID == "" {
			if len(infos) == 0 {
				s.showNewCase(true)
				return
			}
			s.openCase(firstReadable(infos))
			return
		}
		s.openCase(h.caseID)
		if it := s.tabItems[h.tab]; it != nil {
			s.tabs.Select(it)
		}
	})
}

// close drops everything the shell shows, for locking: nothing from the
// vault stays in a widget.
func (s *shell) close() {
	s.ai.Stop()
	s.reading.close()
	s.closed = true
	s.cur = nil
	s.search.close()
	s.setCentre(widget.NewLabel(""))
	s.content = nil
}

// onDropped attaches or imports files dropped on the window.
func (s *shell) onDropped(paths []string) {
	if !s.caseReady() {
		return
	}
	if s.tabs.Selected() == s.tabItems[tabJournal] && s.journal.acceptDrop(paths) {
		return
	}
	s.showTab(tabDocuments)
	s.docs.importPaths(paths, nil)
}

func (s *shell) onSettings() { s.d.showSettings() }

// heldWork is unsaved writing kept in memory (never on disk) while the vault
// is locked, and where the person was.
type heldWork struct {
	caseID string
	tab    tabID
	notes  map[string]*noteDraft  // by case ID
	events map[string]*eventDraft // by case ID
	// The Letters and Bundle tabs, with what was typed and arranged in them;
	// the next shell shows them again (componentTabs).
	letters *letterroom.View
	bundle  *bundleview.View
}

func (h *heldWork) hasWriting() bool {
	for _, n := range h.notes {
		if n.hasWriting() {
			return true
		}
	}
	for _, e := range h.events {
		if e.hasWriting() {
			return true
		}
	}
	return h.letters != nil && h.letters.Unsaved()
}
