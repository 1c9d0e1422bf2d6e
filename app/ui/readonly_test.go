package ui

import (
	"path/filepath"
	"strings"
	"testing"

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
