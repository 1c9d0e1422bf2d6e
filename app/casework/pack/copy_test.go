package pack

import (
	"archive/tar"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"filippo.io/age"

	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/store"
)

// fakeRedacter takes "social worker" and "unannounced" out, as bytes: the
// real one (casework.PackRedacter) is tested with the command line.
type fakeRedacter struct{}

var fakeRemoved = [][]byte{[]byte("social worker"), []byte("unannounced")}

func (fakeRedacter) cut(b []byte) []byte {
	for _, w := range fakeRemoved {
		b = bytes.ReplaceAll(b, w, []byte("[redacted]"))
	}
	return b
}

func (f fakeRedacter) Content(typ string, content []byte) ([]byte, bool, error) {
	out := f.cut(bytes.Clone(content))
	return out, !bytes.Equal(out, content), nil
}

func (f fakeRedacter) Document(ctx context.Context, d casefile.Document, data []byte, pages []store.PageText) (RedactedDocument, error) {
	rd := RedactedDocument{Name: d.Name + " (redacted).txt", Type: "text/plain", Data: f.cut(bytes.Clone(data)), Changed: true}
	for _, p := range pages {
		rd.Pages = append(rd.Pages, store.PageText{Page: p.Page, Text: string(f.cut([]byte(p.Text)))})
	}
	return rd, nil
}

// decrypted returns every byte of a passphrase pack's archive, with the
// records' content (base64 in the JSON) decoded after it.
func decrypted(t *testing.T, b []byte) []byte {
	t.Helper()
	id, _ := age.NewScryptIdentity(packPass)
	r, err := age.Decrypt(bytes.NewReader(b), id)
	if err != nil {
		t.Fatal(err)
	}
	plain, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	out := bytes.Clone(plain)
	tr := tar.NewReader(bytes.NewReader(plain))
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if h.Name == journalName || h.Name == redactedName {
			var recs []struct{ Content []byte }
			data, _ := io.ReadAll(tr)
			if err := json.Unmarshal(data, &recs); err != nil {
				t.Fatal(err)
			}
			for _, r := range recs {
				out = append(out, r.Content...)
			}
		}
	}
	return out
}

// rewrite decrypts a passphrase pack, lets edit change its entries, and
// encrypts it again with the same passphrase: a pack forged by someone who
// knows the passphrase.
func rewrite(t *testing.T, b []byte, edit func(name string, data []byte) []byte) []byte {
	t.Helper()
	id, _ := age.NewScryptIdentity(packPass)
	r, err := age.Decrypt(bytes.NewReader(b), id)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	rcp, _ := age.NewScryptRecipient(packPass)
	rcp.SetWorkFactor(10)
	w, _ := age.Encrypt(&out, rcp)
	tw := tar.NewWriter(w)
	tr := tar.NewReader(r)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(tr)
		data = edit(h.Name, data)
		if data == nil {
			continue
		}
		h.Size = int64(len(data))
		tw.WriteHeader(h)
		tw.Write(data)
	}
	tw.Close()
	w.Close()
	return out.Bytes()
}

// TestRedactedCopy: a redacted pack holds none of the removed words in any
// decrypted byte, opens as a redacted copy through the same checks (the
// family's chain and checkpoints still verify), refuses a changed byte, and
// cannot be added to a vault.
func TestRedactedCopy(t *testing.T) {
	ctx := context.Background()
	root := t.TempDir()
	v := newVault(t, filepath.Join(root, "family"))
	caseID, earlier := familyCase(t, v)
	b := writePack(t, v, caseID, Options{Passphrase: []byte(packPass), Now: fixedNow, Redact: fakeRedacter{}})
	plain := decrypted(t, b)
	for _, w := range fakeRemoved {
		if bytes.Contains(plain, w) {
			t.Errorf("the redacted pack holds %q", w)
		}
	}
	if !bytes.Contains(plain, []byte(canary)) {
		t.Error("the redacted pack lost what it should keep")
	}
	cp, _ := v.Checkpoint(caseID)
	key := Key{Passphrase: []byte(packPass)}
	p, err := Open(bytes.NewReader(b), key, cp, earlier)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	m := p.Manifest
	if m.Format != FormatCopy || !p.RedactedCopy() || m.Checkpoint != cp || len(m.Redaction.Documents) != 1 || len(m.Redaction.Withheld) != 0 {
		t.Fatalf("manifest %+v %+v", m, m.Redaction)
	}
	// The records changed: the note (twice), the document, and whatever
	// else named the social worker.
	if len(m.Redaction.Records) < 3 {
		t.Errorf("redacted records %v", m.Redaction.Records)
	}
	n := p.Case.Notes[0]
	if !strings.Contains(n.Text, "[redacted]") || len(n.Versions) != 1 || !strings.Contains(n.Versions[0].Text, "[redacted]") {
		t.Errorf("the note in the copy: %+v", n)
	}
	d := p.Case.Documents[0]
	if !strings.HasSuffix(d.Name, "(redacted).txt") || bytes.Contains(p.Originals[d.ID], []byte("unannounced")) || d.SHA256 != sha256Hex(p.Originals[d.ID]) {
		t.Errorf("the document in the copy: %+v %q", d, p.Originals[d.ID])
	}
	if _, err := Import(ctx, newVault(t, filepath.Join(root, "solicitor")), p, "r.redress", fixedNow); !errors.Is(err, ErrRedactedCopy) {
		t.Errorf("a redacted copy was added to a vault: %v", err)
	}
	for _, off := range []int{len(b) / 2, len(b) - 1, 200} {
		c := bytes.Clone(b)
		c[off] ^= 0x01
		if _, err := Open(bytes.NewReader(c), key); !errors.Is(err, ErrDamaged) && !errors.Is(err, ErrWrongKey) {
			t.Errorf("byte %d changed: %v", off, err)
		}
	}
	// The originals in the vault are untouched.
	if err := v.Verify(ctx); err != nil {
		t.Fatal(err)
	}
	rc, _ := v.OpenDocument(ctx, caseID, d.ID)
	orig, _ := io.ReadAll(rc)
	rc.Close()
	if !bytes.Contains(orig, []byte("unannounced")) {
		t.Error("the vault's document was changed")
	}
	// And the preview does the same work without writing.
	red, err := Redact(ctx, v, caseID, fakeRedacter{})
	if err != nil || len(red.Records) != len(m.Redaction.Records) {
		t.Errorf("Redact: %+v %v", red, err)
	}
}

// TestCopyChecks: a copy's manifest and entries are checked like the rest:
// forged lists, redacted content where none is listed, a whole-record pack
// claiming to be a copy, and a format from a newer Redress.
func TestCopyChecks(t *testing.T) {
	v := newVault(t, filepath.Join(t.TempDir(), "family"))
	caseID, _ := familyCase(t, v)
	red := writePack(t, v, caseID, Options{Passphrase: []byte(packPass), Redact: fakeRedacter{}})
	whole := writePack(t, v, caseID, Options{Passphrase: []byte(packPass)})
	manifest := func(f func(m *Manifest)) func(string, []byte) []byte {
		return func(name string, data []byte) []byte {
			if name != manifestName {
				return data
			}
			var m Manifest
			json.Unmarshal(data, &m)
			f(&m)
			out, _ := json.Marshal(m)
			return out
		}
	}
	key := Key{Passphrase: []byte(packPass)}
	for _, tc := range []struct {
		name string
		pack []byte
		want error
	}{
		{"a newer format", rewrite(t, whole, manifest(func(m *Manifest) { m.Format = "redress-pack/3" })), ErrNewer},
		{"not a pack", rewrite(t, whole, manifest(func(m *Manifest) { m.Format = "zip" })), ErrDamaged},
		{"a whole record claiming redaction", rewrite(t, whole, manifest(func(m *Manifest) { m.Redaction = &Redaction{} })), ErrDamaged},
		{"a redacted record not listed", rewrite(t, red, manifest(func(m *Manifest) { m.Redaction.Records = m.Redaction.Records[1:] })), ErrDamaged},
		{"a record listed twice", rewrite(t, red, manifest(func(m *Manifest) {
			m.Redaction.Records = append(m.Redaction.Records, m.Redaction.Records[0])
		})), ErrDamaged},
		{"no redacted content", rewrite(t, red, func(name string, data []byte) []byte {
			if name == redactedName {
				return nil
			}
			return data
		}), ErrDamaged},
		{"a family note listed as left out", rewrite(t, red, manifest(func(m *Manifest) { m.LeftOut = []uint64{1} })), ErrDamaged},
		{"a withheld document with bytes", rewrite(t, red, manifest(func(m *Manifest) { m.Redaction.Withheld = m.Redaction.Documents })), ErrDamaged},
	} {
		if _, err := Open(bytes.NewReader(tc.pack), key); !errors.Is(err, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.want)
		}
	}
	// The unchanged forgery still opens: re-encryption by someone who knows
	// the passphrase is not detected by the encryption (PACK.md section 6).
	if _, err := Open(bytes.NewReader(rewrite(t, red, func(_ string, d []byte) []byte { return d })), key); err != nil {
		t.Errorf("a re-encrypted copy: %v", err)
	}
}

// TestOwnNotesLeftOut: a pack made from a case added from a pack leaves
// the receiver's own notes out (their content is nowhere in it, and the
// case it shows has only the family's notes), says so in its manifest, and
// can itself be added to a vault.
func TestOwnNotesLeftOut(t *testing.T) {
	ctx := context.Background()
	root := t.TempDir()
	v := newVault(t, filepath.Join(root, "family"))
	caseID, _ := familyCase(t, v)
	key := Key{Passphrase: []byte(packPass)}
	p, err := Open(bytes.NewReader(writePack(t, v, caseID, Options{Passphrase: []byte(packPass)})), key)
	if err != nil {
		t.Fatal(err)
	}
	v2 := newVault(t, filepath.Join(root, "solicitor"))
	res, err := Import(ctx, v2, p, "case.redress", fixedNow)
	if err != nil {
		t.Fatal(err)
	}
	local := res.Case.ID
	c, _ := v2.LoadCase(ctx, local)
	id, err := NoteIDFor(ctx, v2, local, c)
	if err != nil || !IsOwnNoteID(id) {
		t.Fatalf("NoteIDFor: %q %v", id, err)
	}
	const secret = "RECEIVER-PRIVILEGED-advice"
	if _, err := v2.AddNote(ctx, local, casefile.Note{ID: id, Occurred: fixedNow, Kind: casefile.NoteObservation, Text: secret + " one"}); err != nil {
		t.Fatal(err)
	}
	if err := v2.AmendNote(ctx, local, casefile.Note{ID: id, Occurred: fixedNow, Kind: casefile.NoteObservation, Text: secret + " two"}); err != nil {
		t.Fatal(err)
	}
	// A note written with the vault's own numbering is the receiver's too.
	if _, err := v2.AddNote(ctx, local, casefile.Note{Occurred: fixedNow, Kind: casefile.NoteObservation, Text: secret + " three"}); err != nil {
		t.Fatal(err)
	}
	b := writePack(t, v2, local, Options{Passphrase: []byte(packPass), Now: fixedNow})
	if bytes.Contains(decrypted(t, b), []byte(secret)) {
		t.Fatal("the receiver's notes are in the pack")
	}
	p2, err := Open(bytes.NewReader(b), key)
	if err != nil {
		t.Fatal(err)
	}
	if p2.Manifest.Format != FormatCopy || p2.LeftOut() != 3 || p2.RedactedCopy() {
		t.Errorf("manifest: %+v", p2.Manifest)
	}
	if len(p2.Case.Notes) != 1 || p2.Case.Notes[0].Text != p.Case.Notes[0].Text {
		t.Errorf("notes in the pack: %+v", p2.Case.Notes)
	}
	v3 := newVault(t, filepath.Join(root, "counsel"))
	res3, err := Import(ctx, v3, p2, "copy.redress", fixedNow)
	if err != nil {
		t.Fatal(err)
	}
	if c3, _ := v3.LoadCase(ctx, res3.Case.ID); len(c3.Notes) != 1 {
		t.Errorf("counsel's copy has %d notes", len(c3.Notes))
	}
	// A pack from the family's own case leaves nothing out.
	if p.Manifest.Format != FormatName || p.LeftOut() != 0 {
		t.Errorf("the family's pack: %+v", p.Manifest)
	}
}

// TestOldPackOpens: a pack written by Redress before copies existed (main
// at 60e16b2, testdata/v1-main-60e16b2.redress, passphrase packPass) still
// opens, verifies and can be added to a vault.
func TestOldPackOpens(t *testing.T) {
	p, err := Open(mustOpen(t, filepath.Join("testdata", "v1-main-60e16b2.redress")), Key{Passphrase: []byte(packPass)})
	if err != nil {
		t.Fatal(err)
	}
	if p.Manifest.Format != FormatName || p.RedactedCopy() || p.LeftOut() != 0 || len(p.Case.Notes) != 1 || len(p.Letters) != 1 {
		t.Fatalf("old pack: %+v", p.Manifest)
	}
	if err := store.VerifyChain(p.Records, p.Manifest.Checkpoint); err != nil {
		t.Fatal(err)
	}
	if _, err := Import(context.Background(), newVault(t, filepath.Join(t.TempDir(), "v")), p, "old.redress", fixedNow); err != nil {
		t.Fatal(err)
	}
}

// FuzzOpenArchive fuzzes what is inside the encryption (the archive, the
// manifest, the journal, a copy's redacted content), which FuzzOpen's
// mutations rarely reach: Open returns a checked pack or an error, never a
// panic.
func FuzzOpenArchive(f *testing.F) {
	v := newVault(f, filepath.Join(f.TempDir(), "family"))
	ctx := context.Background()
	ci, err := v.ImportCase(ctx, &casefile.Case{Title: "Fuzz social worker", Authority: "Example Council"})
	if err != nil {
		f.Fatal(err)
	}
	if _, err := v.ImportDocument(ctx, ci.ID, strings.NewReader("an unannounced visit"), store.DocumentInfo{Name: "a.txt"}); err != nil {
		f.Fatal(err)
	}
	id, _ := age.NewScryptIdentity(packPass)
	for _, red := range []Redacter{nil, fakeRedacter{}} {
		var buf bytes.Buffer
		if _, err := Write(ctx, &buf, v, ci.ID, Options{Passphrase: []byte(packPass), WorkFactor: 10, Redact: red}); err != nil {
			f.Fatal(err)
		}
		r, err := age.Decrypt(&buf, id)
		if err != nil {
			f.Fatal(err)
		}
		plain, _ := io.ReadAll(r)
		f.Add(plain)
	}
	rcp, _ := age.NewScryptRecipient(packPass)
	rcp.SetWorkFactor(10)
	f.Fuzz(func(t *testing.T, plain []byte) {
		var enc bytes.Buffer
		w, _ := age.Encrypt(&enc, rcp)
		w.Write(plain)
		w.Close()
		p, err := Open(&enc, Key{Passphrase: []byte(packPass)})
		if err == nil && (p.Case == nil || len(p.Records) != p.Manifest.Records) {
			t.Fatal("an unchecked pack was returned")
		}
	})
}
