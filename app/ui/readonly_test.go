package ui

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/checks"
	"github.com/redress-app/redress/store"
)

// TestReadOnlyVaultSaysSo is issue 16 item 12 on the desktop: a vault opened
// read-only says so above the status bar, and the buttons that would change
// the record explain instead of opening a form.
func TestReadOnlyVaultSaysSo(t *testing.T) {
	td := newTestDesk(t)
	dir := filepath.Join(t.TempDir(), "vault")
	td.createVault(dir, testPass)
	td.newCase("Leeds", "Baby A", "15 September 2026", "20 November 2026", "The health visitor saw two small bruises")
	if findLabel(td.d.shell.content, "read-only") != nil {
		t.Fatal("a writable vault shows the read-only banner")
	}
	td.d.closeVault()
	td.d.opts = append(td.d.opts, store.WithReadOnly())
	td.d.gate.showUnlock(dir, false)
	td.unlock(testPass)
	s := td.d.shell
	if s == nil {
		t.Fatal("no shell after opening read-only")
	}
	b := findLabel(s.content, "This vault is read-only")
	if b == nil {
		t.Fatal("no read-only banner")
	}
	if !strings.Contains(b.Text, "copy the whole vault folder") {
		t.Errorf("banner %q does not say what to do", b.Text)
	}
	for _, tc := range []struct {
		what string
		tap  func()
	}{
		{"new journal entry", s.onNewNote},
		{"new event", s.onNewEvent},
		{"case details", s.showDetails},
	} {
		n := len(td.d.dialogs.open)
		tc.tap()
		td.wait()
		if len(td.d.dialogs.open) != n+1 {
			t.Errorf("%s: no explanation shown", tc.what)
			continue
		}
		if s.journal.editing || s.events.editing || s.page != nil {
			t.Errorf("%s: a journal form opened on a read-only vault", tc.what)
		}
		td.d.dialogs.closeAll()
	}
}

// TestReadOnlyWindowShowsChecksAndEveryEvent: `redress open CASE.json`
// shows what the checks find in the file (read-only: no letters), and every
// event is in view at the window's size, or a scroll away in a smaller one
// (issue 15 section 7: the tenth event was below the fold, no findings).
func TestReadOnlyWindowShowsChecksAndEveryEvent(t *testing.T) {
	a := test.NewTempApp(t)
	m := newMainWindow(a)
	v := m.viewer
	v.checks.now = func() time.Time { return time.Date(2025, 12, 1, 12, 0, 0, 0, time.UTC) }
	m.win.Resize(fyne.NewSize(1100, 720))
	v.openPath(example)
	waitFor(t, "the case to load", func() bool { return v.c != nil })

	want := checks.Run(checks.Default(), v.c, casefile.MustDate("2025-12-01"))
	if len(want) == 0 {
		t.Fatal("the example has no findings: the test shows nothing")
	}
	if v.checks.tab.Text != fmt.Sprintf("Checks (%d)", len(want)) {
		t.Errorf("the Checks tab is called %q, want it to count %d findings", v.checks.tab.Text, len(want))
	}
	v.checks.tabs.Select(v.checks.tab)
	var cards []string
	for _, r := range v.checks.findings.rows {
		if r.kind == rowCard {
			cards = append(cards, r.f.Rule+" "+r.f.Trigger)
		}
	}
	if len(cards) != len(want) {
		t.Errorf("%d cards shown, want the %d findings", len(cards), len(want))
	}
	var late int
	for i, r := range v.checks.findings.rows {
		if r.kind != rowCard {
			continue
		}
		row := v.checks.findings.list.CreateItem().(*findingCard)
		v.checks.findings.list.UpdateItem(i, row)
		if row.useLetter.Visible() {
			t.Errorf("a read-only case file offers Use in a letter on %s", r.f.Rule)
		}
		if r.f.Rule == "icpc-15wd" {
			late++
			test.Tap(row.showEvents)
			if v.checks.tabs.Selected() != v.checks.events || !strings.Contains(richText(v.detail), "Entry id: "+r.f.Trigger) {
				t.Errorf("Show the events did not show the event %s that started the clock:\n%s", r.f.Trigger, richText(v.detail))
			}
			v.checks.tabs.Select(v.checks.tab)
		}
	}
	if late != 1 {
		t.Errorf("%d cards for the late conference, want 1", late)
	}

	// Every event in view at the window's size: the list is as tall as its rows.
	v.checks.tabs.Select(v.checks.events)
	rowH := v.list.CreateItem().MinSize().Height
	need := float32(len(v.events))*(rowH+theme.SeparatorThicknessSize()) - theme.SeparatorThicknessSize()
	if got := v.list.Size().Height; got < need {
		t.Errorf("the events list is %.0f high at 1100x720; its %d events need %.0f", got, len(v.events), need)
	}
	// In a smaller window the last event is a scroll away.
	m.win.Resize(fyne.NewSize(900, 480))
	v.list.ScrollToBottom()
	if off, h := v.list.GetScrollOffset(), v.list.Size().Height; off+h < need-1 || h >= need {
		t.Errorf("scrolled to the bottom of a %.0f-high list at offset %.0f, the rows need %.0f", h, off, need)
	}
}
