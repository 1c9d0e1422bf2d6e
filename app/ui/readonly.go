package ui

import (
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/checks"
)

// A vault opened read-only (a backup on a DVD, a locked USB stick, a folder
// this user cannot write) can be read, searched, exported and backed up, but
// not changed. The shell says so plainly above the status bar, and the
// buttons that would change the record explain instead of opening a form
// whose words could not be saved (issue 16 item 12).

// readOnly reports whether the open vault is read-only, and why.
func (s *shell) readOnly() (bool, string) {
	if s.d.vault == nil {
		return false, ""
	}
	return s.d.vault.ReadOnly()
}

// readOnlyBanner is the line above the status bar, or nil when the vault
// can be written.
func (s *shell) readOnlyBanner() fyne.CanvasObject {
	ro, why := s.readOnly()
	if !ro {
		return nil
	}
	l := widget.NewLabel(readOnlyBannerText(why))
	l.Wrapping = fyne.TextWrapWord
	l.Importance = widget.WarningImportance
	return container.NewBorder(nil, nil, widget.NewIcon(theme.WarningIcon()), nil, l)
}

func readOnlyBannerText(why string) string {
	return "This vault is read-only (" + why + "). You can read, search, export and back it up, but nothing can be added or changed. " +
		"To change it, copy the whole vault folder to a disk you can write to, and open the copy."
}

// refuseReadOnly is the first step of every button that changes the record:
// on a read-only vault it explains and returns true, before any form opens.
func (s *shell) refuseReadOnly(what string) bool {
	ro, why := s.readOnly()
	if !ro {
		return false
	}
	s.d.showMessage(what+" is not possible here",
		"This vault is read-only ("+why+"), so nothing can be added or changed in it. "+
			"To change it, copy the whole vault folder to a disk you can write to, and open the copy from Redress.")
	return true
}

// A case file opened with `redress open CASE.json` is shown read-only in its
// own window (viewer.go): its events, and, in a second tab, what the checks
// find in it, as the Checks tab of a vault's case shows them but with nothing
// that writes (no letters). The events have the window's height to
// themselves, with the detail of the one chosen beside them, so that every
// event is in view or a scroll away (issue 15 section 7: the tenth event of
// the bruised-baby example was below the fold, and no findings were shown).

// readOnlyChecks is the read-only window's Checks tab.
type readOnlyChecks struct {
	tabs     *container.AppTabs
	events   *container.TabItem
	tab      *container.TabItem
	findings *findingsView
	now      func() time.Time // the day the file is checked as of; tests fix it
	shown    []casefile.Finding
}

// readOnlyTabs lays the events (listPane, with detailPane beside it) and the
// checks out in two tabs.
func (v *caseViewer) readOnlyTabs(listPane, detailPane fyne.CanvasObject) fyne.CanvasObject {
	rc := &v.checks
	if rc.now == nil {
		rc.now = time.Now
	}
	rc.findings = newFindingsView(checks.Default(), nil, v.showFindingEvent, nil)
	rc.findings.noLetters = true
	split := container.NewHSplit(listPane, detailPane)
	split.SetOffset(0.78) // the detail column keeps some room; the chosen event in full beside
	rc.events = container.NewTabItemWithIcon("Events", theme.ListIcon(), split)
	rc.tab = container.NewTabItemWithIcon("Checks", theme.WarningIcon(), rc.findings.content)
	rc.tabs = container.NewAppTabs(rc.events, rc.tab)
	return rc.tabs
}

// showChecks checks the case shown as of today and fills the Checks tab.
func (v *caseViewer) showChecks() {
	rc := &v.checks
	if rc.findings == nil || v.c == nil {
		return
	}
	cat := checks.Default()
	asOf := casefile.Today(rc.now())
	rc.shown = checks.Run(cat, v.c, asOf)
	rc.findings.SetCase(v.c, rc.shown, asOf)
	rc.tab.Text = "Checks"
	if n := len(rc.shown); n > 0 {
		rc.tab.Text = fmt.Sprintf("Checks (%d)", n)
	}
	rc.tabs.Refresh()
	rc.tabs.Select(rc.events)
}

// showFindingEvent shows the event that started finding f in the Events tab.
func (v *caseViewer) showFindingEvent(f casefile.Finding) {
	for i := range v.events {
		if v.events[i].ID == f.Trigger {
			v.checks.tabs.Select(v.checks.events)
			v.list.Select(i)
			v.list.ScrollTo(i)
			return
		}
	}
}
