package ui

import (
	"archive/tar"
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"filippo.io/age"
	"fyne.io/fyne/v2/test"

	"github.com/redress-app/redress/letters/redact"
)

// TestCanaryShareRedacted: the share dialog with "Take out names and
// details" ticked finds every change first (the preview lists the marked
// word in the note and in the document), then makes a redacted copy in
// which the word is nowhere, not even in the records' encoded content; the
// receiver's read-only window says it is a redacted copy made from the
// family's record at its checkpoint, and "Add to my vault" refuses it with
// why. Nothing of the case is then in plaintext on disk.
func TestCanaryShareRedacted(t *testing.T) {
	lowWorkFactor(t)
	root := t.TempDir()
	t.Setenv("TMPDIR", root)
	out := t.TempDir()
	canary := "CANARYredactcanary"

	a := test.NewTempApp(t)
	td := shareDeskOn(t, newTestDeskOn(t, a, ""), root, canary, false)
	s := td.d.shell
	s.onShare()
	f := s.share
	f.pass1.SetText(sharePass)
	f.pass2.SetText(sharePass)
	td.files.saves = []string{filepath.Join(out, "case.redress")}
	f.chooseWhere()
	f.redact.SetChecked(true)
	opt, ok := f.options()
	if !ok {
		t.Fatalf("the form: %s", f.msg.Text)
	}
	f.previewRedacted(redact.Spec{Categories: redact.Default, Words: []string{canary}, Style: redact.StyleText}, opt)
	td.wait()
	if f.previewSave == nil {
		t.Fatalf("no preview: %s", f.msg.Text)
	}
	var where []string
	for _, c := range f.previewed {
		if c.Text == canary {
			where = append(where, c.Page)
		}
	}
	if len(where) < 2 {
		t.Errorf("the preview lists the word at %v, want the note and the document", where)
	}
	if _, err := os.Stat(f.path); err == nil {
		t.Fatal("the preview wrote the pack")
	}
	f.previewSave()
	td.wait()
	if f.result != "made" {
		t.Fatalf("share: %q", f.result)
	}
	if done := allText(f.content); !strings.Contains(done, "a redacted copy of the case") {
		t.Errorf("the done view: %s", done)
	}
	f.close()

	raw, err := os.ReadFile(f.path)
	if err != nil {
		t.Fatal(err)
	}
	if plain := decryptedPack(t, raw); bytes.Contains(bytes.ToLower(plain), bytes.ToLower([]byte(canary))) {
		t.Fatal("the redacted pack holds the word taken out")
	}
	td.d.lockNow()

	rd := secondDesk(t, a)
	rd.createVault(filepath.Join(root, "receiver"), "receiver passphrase words")
	k := rd.d.askPackKey(f.path)
	k.pass.SetText(sharePass)
	k.open()
	rd.wait()
	pw := k.opened
	if pw == nil {
		t.Fatalf("the pack did not open: %q", k.msg.Text)
	}
	if b := pw.banner.Text; !strings.Contains(b, "Redacted copy made on") || !strings.Contains(b, "from the family's record at checkpoint "+pw.p.Manifest.Checkpoint) {
		t.Errorf("banner: %s", b)
	}
	pw.onAdd()
	rd.wait()
	if !strings.Contains(pw.said, "A redacted copy cannot be added") {
		t.Errorf("add: %s", pw.said)
	}
	pw.win.Close()
	rd.d.lockNow()
	td.d.quit()
	rd.d.quit()
	td.wait()

	for _, h := range scanFolder(t, root, []string{canary, strings.ToLower(canary)}) {
		t.Errorf("case data on disk: %s", h)
	}
	if es, _ := os.ReadDir(out); len(es) != 1 {
		t.Errorf("files beside the pack: %v", es)
	}
}

// decryptedPack is every byte of a passphrase pack's archive, with the
// records' content (base64 in its JSON) decoded after it.
func decryptedPack(t *testing.T, b []byte) []byte {
	t.Helper()
	id, _ := age.NewScryptIdentity(sharePass)
	r, err := age.Decrypt(bytes.NewReader(b), id)
	if err != nil {
		t.Fatal(err)
	}
	plain, _ := io.ReadAll(r)
	out := bytes.Clone(plain)
	tr := tar.NewReader(bytes.NewReader(plain))
	for {
		h, err := tr.Next()
		if err != nil {
			break
		}
		data, _ := io.ReadAll(tr)
		if h.Name == "journal.json" || h.Name == "redacted.json" {
			var recs []struct{ Content []byte }
			json.Unmarshal(data, &recs)
			for _, r := range recs {
				out = append(out, r.Content...)
			}
		}
	}
	return out
}
