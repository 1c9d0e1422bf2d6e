package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/redress-app/redress/store"
)

// TestCanaryShareAndOpenAPack: the family shares the case as a pack, the
// receiver opens it read-only (a wrong passphrase first), reads its
// documents and journal, and adds it to their own vault; both lock and quit.
// Then nothing of the case is in plaintext in the temporary folder, the
// vaults' folders or the preferences: the only file written outside the
// vaults is the pack the person asked for, which is encrypted.
func TestCanaryShareAndOpenAPack(t *testing.T) {
	lowWorkFactor(t)
	root := t.TempDir()
	t.Setenv("TMPDIR", root)
	out := t.TempDir() // where the person saves the pack
	canary := "CANARYsharecanary"

	a := test.NewTempApp(t)
	td := shareDeskOn(t, newTestDeskOn(t, a, ""), root, canary, false)
	s := td.d.shell
	s.onShare()
	f := s.share
	f.pass1.SetText(sharePass)
	f.pass2.SetText(sharePass)
	td.files.saves = []string{filepath.Join(out, "case.redress")}
	f.chooseWhere()
	f.onMake()
	td.wait()
	if f.result != "made" {
		t.Fatalf("share: %q", f.result)
	}
	f.close()
	td.d.lockNow()

	// The receiver, in the same app: their own vault, the pack dropped.
	rd := secondDesk(t, a)
	rd.createVault(filepath.Join(root, "receiver"), "receiver passphrase words")
	k := rd.d.askPackKey(f.path)
	k.pass.SetText("wrong")
	k.open()
	rd.wait()
	k.pass.SetText(sharePass)
	k.open()
	rd.wait()
	pw := k.opened
	if pw == nil {
		t.Fatalf("the pack did not open: %q", k.msg.Text)
	}
	pw.tabs.SelectIndex(3)
	if !strings.Contains(allText(pw.tabs.Items[3].Content), canary) {
		t.Fatal("the pack's journal is not shown")
	}
	pw.onAdd()
	rd.wait()
	if !strings.Contains(pw.said, "Added to your vault") {
		t.Fatalf("add: %s", pw.said)
	}
	pw.win.Close()
	rd.d.lockNow()
	td.d.quit()
	rd.d.quit()
	td.wait()

	// The scan can see a canary where there is one.
	probe := filepath.Join(root, "probe")
	os.WriteFile(probe, []byte("x "+canary), 0o600)
	if len(scanFolder(t, root, []string{canary})) != 1 {
		t.Fatal("the scan does not see the canary")
	}
	os.Remove(probe)
	for _, h := range scanFolder(t, root, []string{canary, strings.ToLower(canary)}) {
		t.Errorf("case data on disk: %s", h)
	}
	for _, h := range scanFolder(t, out, []string{canary, strings.ToLower(canary)}) {
		t.Errorf("case data in plaintext beside the pack: %s", h)
	}
	if es, _ := os.ReadDir(out); len(es) != 1 {
		t.Errorf("files beside the pack: %v", es)
	}
}

// secondDesk is another desk on the same app, for a test that already
// holds the UI (newTestDeskOn holds it once per test).
func secondDesk(t *testing.T, a fyne.App) *testDesk {
	clock := &testClock{t: startTime}
	files := &fakeFiles{}
	d := newDesk(a, deskConfig{
		storeOpts: []store.Option{store.WithKDF(store.TestKDF), store.WithInsecureKDF(), store.WithClock(clock.now)},
		now:       clock.now, files: files,
	})
	t.Cleanup(func() { d.closeVault(); d.reader.Close() })
	return &testDesk{t: t, app: a, d: d, clock: clock, files: files}
}
