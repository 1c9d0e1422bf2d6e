package pack

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"filippo.io/age"

	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/store"
)

const (
	testPass = "mangrove-kettle-9"
	packPass = "correct horse battery staple"
	canary   = "CANARY-7f3a-pack"
)

var fixedNow = time.Date(2026, 7, 1, 9, 0, 0, 0, time.UTC)

func newVault(t testing.TB, dir string) *store.Vault {
	t.Helper()
	v, err := store.Create(context.Background(), dir, []byte(testPass),
		store.WithKDF(store.TestKDF), store.WithInsecureKDF(), store.WithClock(func() time.Time { return fixedNow }))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { v.Close() })
	return v
}

// familyCase makes a case with a child, an event, a note (amended once), a
// document with its text, and a letter; it returns the case ID and the
// checkpoint before the last change.
func familyCase(t *testing.T, v *store.Vault) (string, string) {
	t.Helper()
	ctx := context.Background()
	c, err := casefile.ReadFile(filepath.Join("..", "..", "..", "examples", "complaint.case.json"))
	if err != nil {
		t.Fatal(err)
	}
	ci, err := v.ImportCase(ctx, c)
	if err != nil {
		t.Fatal(err)
	}
	d, err := v.ImportDocument(ctx, ci.ID, strings.NewReader("Minutes of the meeting. "+canary+" said the visit was unannounced.\n"), store.DocumentInfo{Name: "minutes.txt", Source: "council"})
	if err != nil {
		t.Fatal(err)
	}
	if err := v.PutPageTexts(ctx, ci.ID, d.ID, []store.PageText{{Page: 1, Text: "Minutes of the meeting. " + canary}}); err != nil {
		t.Fatal(err)
	}
	id, err := v.AddNote(ctx, ci.ID, casefile.Note{Occurred: fixedNow, Kind: casefile.NoteKind("call"), Text: "Call with the social worker " + canary, Documents: []string{d.ID}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := v.SaveLetter(ctx, ci.ID, store.Letter{Kind: "stage1", Title: "Stage 1 complaint", Content: []byte(`{"letter":"` + canary + `"}`)}); err != nil {
		t.Fatal(err)
	}
	before, err := v.Checkpoint(ci.ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := v.AmendNote(ctx, ci.ID, casefile.Note{ID: id, Occurred: fixedNow, Kind: casefile.NoteKind("call"), Text: "Call with the social worker (amended) " + canary, Documents: []string{d.ID}}); err != nil {
		t.Fatal(err)
	}
	return ci.ID, before
}

func writePack(t *testing.T, v *store.Vault, caseID string, opt Options) []byte {
	t.Helper()
	if opt.WorkFactor == 0 {
		opt.WorkFactor = 10
	}
	var buf bytes.Buffer
	if _, err := Write(context.Background(), &buf, v, caseID, opt); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestRoundTrip(t *testing.T) {
	ctx := context.Background()
	root := t.TempDir()
	v := newVault(t, filepath.Join(root, "family"))
	caseID, earlier := familyCase(t, v)
	b := writePack(t, v, caseID, Options{Passphrase: []byte(packPass), Now: fixedNow})
	if bytes.Contains(b, []byte(canary)) || bytes.Contains(b, []byte("social worker")) {
		t.Fatal("the pack holds the case in plaintext")
	}
	key := Key{Passphrase: []byte(packPass)}
	p, err := Open(bytes.NewReader(b), key)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	want, _ := v.LoadCase(ctx, caseID)
	if len(p.Case.Events) != len(want.Events) || len(p.Case.Notes) != 1 || len(p.Case.Notes[0].Versions) != 1 || len(p.Letters) != 1 || len(p.Case.Documents) != 1 {
		t.Fatalf("the pack's case differs: %d events, %d notes, %d letters", len(p.Case.Events), len(p.Case.Notes), len(p.Letters))
	}
	doc := p.Case.Documents[0]
	if !strings.Contains(string(p.Originals[doc.ID]), canary) || len(p.Texts[doc.ID]) != 1 {
		t.Fatal("the document's bytes or text are missing")
	}
	cp, _ := v.Checkpoint(caseID)
	if p.Manifest.Checkpoint != cp {
		t.Fatalf("manifest checkpoint %s, vault %s", p.Manifest.Checkpoint, cp)
	}
	// With the checkpoint read out now, and with one read out before the last change.
	for _, good := range []string{cp, earlier, strings.ToLower(earlier)} {
		if _, err := Open(bytes.NewReader(b), key, good); err != nil {
			t.Errorf("checkpoint %s refused: %v", good, err)
		}
	}
	seq, _, _ := store.ParseCheckpoint(earlier)
	bad := earlier[:len(earlier)-1] + map[bool]string{true: "0", false: "1"}[earlier[len(earlier)-1] != '0']
	if _, err := Open(bytes.NewReader(b), key, bad); !errors.Is(err, casefile.ErrTampered) {
		t.Errorf("a wrong checkpoint (record %d) was accepted: %v", seq, err)
	}

	// Add it to a second vault.
	v2 := newVault(t, filepath.Join(root, "solicitor"))
	res, err := Import(ctx, v2, p, "case.redress", fixedNow)
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	if res.Updated {
		t.Error("a first import says it updated")
	}
	got, err := v2.LoadCase(ctx, res.Case.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Events) != len(want.Events) || len(got.Notes) != 1 || got.Notes[0].Text != want.Notes[0].Text || len(got.Notes[0].Versions) != 1 || len(got.Documents) != 1 {
		t.Fatalf("imported case differs: %+v", got)
	}
	if got.Documents[0].SHA256 != want.Documents[0].SHA256 {
		t.Error("the document's hash changed on import")
	}
	if pt, _ := v2.PageTexts(ctx, res.Case.ID, got.Documents[0].ID); len(pt) != 1 {
		t.Error("the extracted text was not imported")
	}
	if ls, _ := v2.Letters(ctx, res.Case.ID); len(ls) != 1 || !bytes.Contains(ls[0].Content, []byte(canary)) {
		t.Error("the letter was not imported")
	}
	o, ok, err := OriginOf(ctx, v2, res.Case.ID)
	if err != nil || !ok || o.Checkpoint != cp || o.FamilyCase != caseID || o.From != "case.redress" {
		t.Fatalf("origin %+v %v %v", o, ok, err)
	}

	// The receiver writes a note of their own; the family adds an event and
	// a note; the newer pack updates the copy and leaves the receiver's note.
	// A note given the ID OwnNoteID chooses never clashes with the
	// family's; one given the vault's next ID ("n2") clashes with theirs.
	mine, _ := v2.LoadCase(ctx, res.Case.ID)
	clash, err := v2.AddNote(ctx, res.Case.ID, casefile.Note{Occurred: fixedNow, Kind: casefile.NoteKind("observation"), Text: "Solicitor's clashing note"})
	if err != nil {
		t.Fatal(err)
	}
	own, err := v2.AddNote(ctx, res.Case.ID, casefile.Note{ID: OwnNoteID(mine), Occurred: fixedNow, Kind: casefile.NoteKind("observation"), Text: "Solicitor's own note"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := v.AddEvent(ctx, caseID, casefile.Event{Kind: casefile.KindCareProceedingsIssue, Date: casefile.MustDate("2026-06-30")}); err != nil {
		t.Fatal(err)
	}
	fam, err := v.AddNote(ctx, caseID, casefile.Note{Occurred: fixedNow, Kind: casefile.NoteKind("observation"), Text: "Family's later note"})
	if err != nil {
		t.Fatal(err)
	}
	p2, err := Open(bytes.NewReader(writePack(t, v, caseID, Options{Passphrase: []byte(packPass)})), key, cp)
	if err != nil {
		t.Fatal(err)
	}
	res2, err := Import(ctx, v2, p2, "case-2.redress", fixedNow)
	if err != nil {
		t.Fatalf("update: %v", err)
	}
	if !res2.Updated || res2.Before != cp {
		t.Errorf("update not reported: %+v", res2)
	}
	var added []string
	for _, ch := range res2.Changes {
		added = append(added, ch.What+" "+ch.Type+" "+ch.ID)
	}
	t.Logf("changes: %v", added)
	got2, _ := v2.LoadCase(ctx, res.Case.ID)
	if len(got2.Events) != len(want.Events)+1 {
		t.Errorf("the new event was not added: %v", added)
	}
	texts := map[string]string{}
	for _, n := range got2.Notes {
		texts[n.ID] = n.Text
	}
	if texts[own] != "Solicitor's own note" || texts[fam] != "Family's later note" && clash != fam {
		t.Errorf("notes after update: %v", texts)
	}
	if clash == fam {
		if texts[clash] != "Solicitor's clashing note" {
			t.Error("the receiver's note was overwritten")
		}
		if !strings.Contains(strings.Join(added, ";"), "not added note "+fam) {
			t.Errorf("the clash was not reported: %v", added)
		}
	}
	o2, _, _ := OriginOf(ctx, v2, res.Case.ID)
	if o2.IsFamily(store.TypeNote, own) && own != fam {
		t.Error("the receiver's note is counted as the family's")
	}
	// The older pack does not go back over the newer one.
	if _, err := Import(ctx, v2, p, "case.redress", fixedNow); !errors.Is(err, ErrOlder) {
		t.Errorf("an older pack: %v", err)
	}
	// A pack of another history (the family case rebuilt) is refused too.
	if got3, _ := v2.LoadCase(ctx, res.Case.ID); len(got3.Events) != len(got2.Events) {
		t.Error("a refused pack changed the copy")
	}
}

func TestRefusesChangedPack(t *testing.T) {
	v := newVault(t, filepath.Join(t.TempDir(), "family"))
	caseID, _ := familyCase(t, v)
	b := writePack(t, v, caseID, Options{Passphrase: []byte(packPass)})
	key := Key{Passphrase: []byte(packPass)}
	for _, off := range []int{len(b) / 2, len(b) - 1, len(b) - 20, 200} {
		c := bytes.Clone(b)
		c[off] ^= 0x01
		if _, err := Open(bytes.NewReader(c), key); err == nil {
			t.Errorf("a pack with byte %d changed opened", off)
		} else if !errors.Is(err, ErrDamaged) && !errors.Is(err, ErrWrongKey) {
			t.Errorf("byte %d: unclear error %v", off, err)
		}
	}
	for _, n := range []int{len(b) - 1, len(b) - 64, len(b) / 2, 10} {
		if _, err := Open(bytes.NewReader(b[:n]), key); !errors.Is(err, ErrDamaged) {
			t.Errorf("a pack cut to %d bytes: %v", n, err)
		}
	}
	if _, err := Open(bytes.NewReader(b), Key{Passphrase: []byte("wrong passphrase")}); !errors.Is(err, ErrWrongKey) {
		t.Errorf("wrong passphrase: %v", err)
	}
}

func TestRecipient(t *testing.T) {
	v := newVault(t, filepath.Join(t.TempDir(), "family"))
	caseID, _ := familyCase(t, v)
	id, _ := age.GenerateX25519Identity()
	other, _ := age.GenerateX25519Identity()
	b := writePack(t, v, caseID, Options{Recipient: id.Recipient().String()})
	if _, err := Open(bytes.NewReader(b), Key{Identities: id.String() + "\n"}); err != nil {
		t.Fatalf("the recipient cannot open it: %v", err)
	}
	if _, err := Open(bytes.NewReader(b), Key{Identities: other.String()}); !errors.Is(err, ErrWrongKey) {
		t.Errorf("another identity: %v", err)
	}
	if _, err := Open(bytes.NewReader(b), Key{Passphrase: []byte(packPass)}); !errors.Is(err, ErrWrongKey) {
		t.Errorf("a passphrase opened a recipient's pack: %v", err)
	}
	// Re-encrypted to another key by someone who could read it: the
	// intended recipient can no longer open it.
	r, err := age.Decrypt(bytes.NewReader(b), id)
	if err != nil {
		t.Fatal(err)
	}
	plain, _ := io.ReadAll(r)
	var re bytes.Buffer
	w, _ := age.Encrypt(&re, other.Recipient())
	w.Write(plain)
	w.Close()
	if _, err := Open(bytes.NewReader(re.Bytes()), Key{Identities: id.String()}); !errors.Is(err, ErrWrongKey) {
		t.Errorf("re-encrypted pack: %v", err)
	}
	if _, err := Write(context.Background(), io.Discard, v, caseID, Options{Recipient: "not-a-key"}); err == nil {
		t.Error("a bad recipient was accepted")
	}
}

// TestCanary: packing, a whole record or a redacted copy, writes nothing of
// the case in plaintext anywhere: not in the folder of the pack, not in
// TMPDIR.
func TestCanary(t *testing.T) {
	root := t.TempDir()
	tmp := filepath.Join(root, "tmp")
	os.Mkdir(tmp, 0o700)
	t.Setenv("TMPDIR", tmp)
	v := newVault(t, filepath.Join(root, "family"))
	caseID, _ := familyCase(t, v)
	out := filepath.Join(root, "out", "case.redress")
	os.Mkdir(filepath.Dir(out), 0o700)
	f, err := os.Create(out)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Write(context.Background(), f, v, caseID, Options{Passphrase: []byte(packPass), WorkFactor: 10}); err != nil {
		t.Fatal(err)
	}
	f.Close()
	if _, err := Open(mustOpen(t, out), Key{Passphrase: []byte(packPass)}); err != nil {
		t.Fatal(err)
	}
	// A redacted copy too: its redacted documents and records are made in
	// memory only.
	redOut := filepath.Join(root, "out", "redacted.redress")
	rf, err := os.Create(redOut)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Write(context.Background(), rf, v, caseID, Options{Passphrase: []byte(packPass), WorkFactor: 10, Redact: fakeRedacter{}}); err != nil {
		t.Fatal(err)
	}
	rf.Close()
	if p, err := Open(mustOpen(t, redOut), Key{Passphrase: []byte(packPass)}); err != nil || !p.RedactedCopy() {
		t.Fatal(err)
	}
	v.Close()
	filepath.Walk(root, func(path string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return nil
		}
		b, _ := os.ReadFile(path)
		if bytes.Contains(b, []byte(canary)) {
			t.Errorf("%s holds the case in plaintext", path)
		}
		return nil
	})
}

func mustOpen(t *testing.T, path string) io.Reader {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// FuzzOpen: whatever the bytes, Open returns a pack or an error, never
// panics, and never returns a pack that fails its own checks.
func FuzzOpen(f *testing.F) {
	v := newVault(f, filepath.Join(f.TempDir(), "family"))
	ctx := context.Background()
	ci, err := v.ImportCase(ctx, &casefile.Case{Title: "Fuzz", Authority: "Example Council"})
	if err != nil {
		f.Fatal(err)
	}
	if _, err := v.ImportDocument(ctx, ci.ID, strings.NewReader("a document"), store.DocumentInfo{Name: "a.txt"}); err != nil {
		f.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := Write(ctx, &buf, v, ci.ID, Options{Passphrase: []byte(packPass), WorkFactor: 10}); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add([]byte("age-encryption.org/v1\n-> scrypt AAAA 10\n"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := Open(bytes.NewReader(b), Key{Passphrase: []byte(packPass)})
		if err == nil && (p.Case == nil || len(p.Records) != p.Manifest.Records) {
			t.Fatal("an unchecked pack was returned")
		}
	})
}
