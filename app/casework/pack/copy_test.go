package pack

import (
	"archive/tar"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
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

// receiverSecret is in everything the receiver adds to a copy: none of it
// may ever be in a pack made from that copy.
const receiverSecret = "RECEIVER-PRIVILEGED-advice"

// addOwn adds to the receiver's copy local a note (amended once), an event,
// a letter and a document, each with the ID OwnIDFor gives, and amends one
// of the family's events, all holding receiverSecret.
func addOwn(t *testing.T, v *store.Vault, local string) []string {
	t.Helper()
	ctx := context.Background()
	next := func() string {
		id, err := OwnIDFor(ctx, v, local)
		if err != nil || !IsOwnID(id) {
			t.Fatalf("OwnIDFor: %q %v", id, err)
		}
		return id
	}
	var ids []string
	n := casefile.Note{ID: next(), Occurred: fixedNow, Kind: casefile.NoteObservation, Text: receiverSecret + " note"}
	if _, err := v.AddNote(ctx, local, n); err != nil {
		t.Fatal(err)
	}
	n.Text = receiverSecret + " note amended"
	if err := v.AmendNote(ctx, local, n); err != nil {
		t.Fatal(err)
	}
	ids = append(ids, n.ID)
	e := casefile.Event{ID: next(), Kind: casefile.KindOther, Date: casefile.NewDate(2026, 6, 30), Detail: receiverSecret + " event"}
	if _, err := v.AddEvent(ctx, local, e); err != nil {
		t.Fatal(err)
	}
	ids = append(ids, e.ID)
	l, err := v.SaveLetter(ctx, local, store.Letter{ID: next(), Kind: "stage1", Title: "Advice", Content: []byte(`{"letter":"` + receiverSecret + ` letter"}`)})
	if err != nil {
		t.Fatal(err)
	}
	ids = append(ids, l.ID)
	d, err := v.ImportDocument(ctx, local, strings.NewReader(receiverSecret+" document"), store.DocumentInfo{ID: next(), Name: "advice.txt"})
	if err != nil {
		t.Fatal(err)
	}
	ids = append(ids, d.ID)
	c, err := v.LoadCase(ctx, local)
	if err != nil {
		t.Fatal(err)
	}
	fam := c.Events[0]
	fam.Detail = receiverSecret + " amending the family's event"
	if err := v.AmendEvent(ctx, local, fam); err != nil {
		t.Fatal(err)
	}
	return ids
}

// TestReceiversOwnLeftOut: a pack made from a case added from a pack is the
// family's record exactly, as the last pack added carried it: the notes,
// events, letters and documents the receiver added (and their changes to
// the family's) are nowhere in it, it verifies at the family's checkpoints,
// a newer pack of the family's still updates the copy and the receiver's
// own items survive it, and a third vault can add the pack as the family's.
func TestReceiversOwnLeftOut(t *testing.T) {
	ctx := context.Background()
	root := t.TempDir()
	v := newVault(t, filepath.Join(root, "family"))
	caseID, earlier := familyCase(t, v)
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
	if id, err := OwnIDFor(ctx, v, caseID); err != nil || id != "" {
		t.Errorf("OwnIDFor in the family's own case: %q %v", id, err)
	}
	own := addOwn(t, v2, local)
	// A note numbered as the vault numbers them is left out too: the
	// pack is the family's journal, not the copy's.
	if _, err := v2.AddNote(ctx, local, casefile.Note{Occurred: fixedNow, Kind: casefile.NoteObservation, Text: receiverSecret + " numbered"}); err != nil {
		t.Fatal(err)
	}
	familyCP, _ := v.Checkpoint(caseID)
	repack := func(v *store.Vault, local string, checkpoints ...string) *Pack {
		t.Helper()
		b := writePack(t, v, local, Options{Passphrase: []byte(packPass), Now: fixedNow})
		if bytes.Contains(decrypted(t, b), []byte(receiverSecret)) {
			t.Fatal("the receiver's own items are in the pack")
		}
		p2, err := Open(bytes.NewReader(b), key, checkpoints...)
		if err != nil {
			t.Fatalf("the repack does not verify at the family's checkpoints: %v", err)
		}
		if p2.Manifest.Format != FormatName || p2.LeftOut() != 0 || p2.Manifest.Case != caseID || p2.Manifest.Checkpoint != checkpoints[0] {
			t.Errorf("manifest: %+v", p2.Manifest)
		}
		return p2
	}
	p2 := repack(v2, local, familyCP, earlier)
	if len(p2.Case.Notes) != len(p.Case.Notes) || len(p2.Case.Events) != len(p.Case.Events) || len(p2.Letters) != len(p.Letters) || len(p2.Case.Documents) != len(p.Case.Documents) {
		t.Errorf("the repack holds %d notes, %d events, %d letters, %d documents; the family's %d, %d, %d, %d",
			len(p2.Case.Notes), len(p2.Case.Events), len(p2.Letters), len(p2.Case.Documents), len(p.Case.Notes), len(p.Case.Events), len(p.Letters), len(p.Case.Documents))
	}
	for id, b := range p.Originals {
		if !bytes.Equal(p2.Originals[id], b) {
			t.Errorf("document %s: the repack's bytes differ from the family's", id)
		}
	}
	// The redaction preview reads the same family record.
	if red, err := Redact(ctx, v2, local, fakeRedacter{}); err != nil || len(red.Documents) != len(p.Case.Documents) {
		t.Errorf("Redact of the copy: %+v %v", red, err)
	}

	// The family goes on: a newer pack updates the copy, and the
	// receiver's own items survive it.
	newEvent, err := v.AddEvent(ctx, caseID, casefile.Event{Kind: casefile.KindOther, Date: casefile.NewDate(2026, 7, 1), Detail: "The family's next step"})
	if err != nil {
		t.Fatal(err)
	}
	p3, err := Open(bytes.NewReader(writePack(t, v, caseID, Options{Passphrase: []byte(packPass)})), key)
	if err != nil {
		t.Fatal(err)
	}
	res3, err := Import(ctx, v2, p3, "case2.redress", fixedNow)
	if err != nil {
		t.Fatal(err)
	}
	if !res3.Updated || !slices.Contains(res3.Changes, Change{What: "added", Type: store.TypeEvent, ID: newEvent}) {
		t.Errorf("the newer pack: %+v", res3)
	}
	c2, _ := v2.LoadCase(ctx, local)
	letters, _ := v2.Letters(ctx, local)
	have := map[string]bool{}
	for _, n := range c2.Notes {
		have[n.ID] = strings.Contains(n.Text, receiverSecret)
	}
	for _, e := range c2.Events {
		have[e.ID] = strings.Contains(e.Detail, receiverSecret)
	}
	for _, l := range letters {
		have[l.ID] = bytes.Contains(l.Content, []byte(receiverSecret))
	}
	for _, d := range c2.Documents {
		have[d.ID] = true
	}
	for _, id := range own {
		if !have[id] {
			t.Errorf("the receiver's %s did not survive the newer pack", id)
		}
	}
	newCP, _ := v.Checkpoint(caseID)
	p4 := repack(v2, local, newCP, familyCP, earlier)
	if !slices.ContainsFunc(p4.Case.Events, func(e casefile.Event) bool { return e.ID == newEvent }) {
		t.Error("the repack after the newer pack lacks the family's new event")
	}

	// A third vault adds the repack as the family's record, and its own
	// repack is the family's record again.
	v3 := newVault(t, filepath.Join(root, "counsel"))
	res4, err := Import(ctx, v3, p4, "copy.redress", fixedNow)
	if err != nil {
		t.Fatal(err)
	}
	c3, _ := v3.LoadCase(ctx, res4.Case.ID)
	if len(c3.Notes) != len(p3.Case.Notes) || len(c3.Events) != len(p3.Case.Events) {
		t.Errorf("counsel's copy has %d notes and %d events", len(c3.Notes), len(c3.Events))
	}
	repack(v3, res4.Case.ID, newCP)
}

// TestRepackNeedsTheFamilysRecord: a case added from a pack by a Redress
// that did not keep the family's journal with it cannot be packed (the
// receiver is told to add the family's pack again, which then works).
func TestRepackNeedsTheFamilysRecord(t *testing.T) {
	ctx := context.Background()
	root := t.TempDir()
	v := newVault(t, filepath.Join(root, "family"))
	caseID, _ := familyCase(t, v)
	b := writePack(t, v, caseID, Options{Passphrase: []byte(packPass)})
	p, err := Open(bytes.NewReader(b), Key{Passphrase: []byte(packPass)})
	if err != nil {
		t.Fatal(err)
	}
	v2 := newVault(t, filepath.Join(root, "solicitor"))
	res, err := Import(ctx, v2, p, "case.redress", fixedNow)
	if err != nil {
		t.Fatal(err)
	}
	// What an older Redress kept: the origin alone.
	old, _ := json.Marshal(res.Origin)
	if err := v2.SetSetting(ctx, settingPrefix+caseID, string(old)); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := Write(ctx, &buf, v2, res.Case.ID, Options{Passphrase: []byte(packPass), WorkFactor: 10}); !errors.Is(err, ErrNoFamilyRecord) {
		t.Fatalf("packing without the family's record: %v", err)
	}
	if _, err := Import(ctx, v2, p, "case.redress", fixedNow); err != nil {
		t.Fatal(err)
	}
	writePack(t, v2, res.Case.ID, Options{Passphrase: []byte(packPass)})
}

// TestOldCopyOpens: a pack written by Redress when a pack made from a
// receiver's copy left their notes out of the copy's own journal (main at
// 2d55043, testdata/v2-leftout-main-2d55043.redress: one note left out)
// still opens and is added to a vault, and a pack made from that keeps the
// same records out and verifies at the same checkpoint.
func TestOldCopyOpens(t *testing.T) {
	ctx := context.Background()
	key := Key{Passphrase: []byte(packPass)}
	p, err := Open(mustOpen(t, filepath.Join("testdata", "v2-leftout-main-2d55043.redress")), key)
	if err != nil {
		t.Fatal(err)
	}
	if p.Manifest.Format != FormatCopy || p.LeftOut() != 1 || p.RedactedCopy() || len(p.Case.Notes) != 1 {
		t.Fatalf("old copy: %+v", p.Manifest)
	}
	v := newVault(t, filepath.Join(t.TempDir(), "v"))
	res, err := Import(ctx, v, p, "old.redress", fixedNow)
	if err != nil {
		t.Fatal(err)
	}
	b := writePack(t, v, res.Case.ID, Options{Passphrase: []byte(packPass)})
	p2, err := Open(bytes.NewReader(b), key, p.Manifest.Checkpoint)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(p2.Manifest.LeftOut, p.Manifest.LeftOut) || p2.Manifest.Checkpoint != p.Manifest.Checkpoint || len(p2.Case.Notes) != 1 {
		t.Errorf("a pack of the old copy: %+v", p2.Manifest)
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
// panic. Each run takes about 10 ms (two scrypt passes at work factor 10),
// so run it with -fuzzminimizetime 100x: at the default, each new input of
// about 15 KB is minimized for a minute, and a 3-minute run made 7 runs
// (with 100x, about 15,000-24,000 on a loaded 2-core machine).
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

// paxRecord is one PAX extended header record ("LEN key=value\n").
func paxRecord(k, v string) string {
	s := " " + k + "=" + v + "\n"
	for n := len(s); ; {
		r := strconv.Itoa(n) + s
		if len(r) == n {
			return r
		}
		n = len(r)
	}
}

// sparseArchive is a pack's archive whose journal entry is a PAX sparse
// file: 1 KiB in the file that reads as 200 MB of zeros (archive/tar
// reports it as a plain file of that size). manifest is a real manifest.
func sparseArchive(t *testing.T, manifest []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	tw := tar.NewWriter(&b)
	tw.WriteHeader(&tar.Header{Name: manifestName, Mode: 0o600, Size: int64(len(manifest)), Format: tar.FormatUSTAR})
	tw.Write(manifest)
	tw.Flush() // pads the manifest to its block
	at := b.Len()
	pax := paxRecord("GNU.sparse.major", "1") + paxRecord("GNU.sparse.minor", "0") +
		paxRecord("GNU.sparse.name", journalName) + paxRecord("GNU.sparse.realsize", "200000000")
	tw.WriteHeader(&tar.Header{Name: "PaxHeaders/" + journalName, Mode: 0o600, Size: int64(len(pax)), Format: tar.FormatUSTAR})
	tw.Write([]byte(pax))
	data := append([]byte("0\n"), make([]byte, 510)...) // a sparse map of no data: all hole
	tw.WriteHeader(&tar.Header{Name: journalName, Mode: 0o600, Size: int64(len(data)), Format: tar.FormatUSTAR})
	tw.Write(data)
	tw.Close()
	raw := b.Bytes()
	h := raw[at : at+512] // make the PaxHeaders entry a PAX header ('x'), with its checksum
	h[156] = tar.TypeXHeader
	copy(h[148:156], "        ")
	sum := 0
	for _, c := range h {
		sum += int(c)
	}
	copy(h[148:156], fmt.Sprintf("%06o\x00 ", sum))
	return raw
}

// TestSparseEntryRefused: an archive entry that reads as more bytes than
// it takes in the file (a sparse file) is refused as damaged before it is
// read, so a small forged pack cannot make Open allocate without bound
// (a document's entry could claim terabytes).
func TestSparseEntryRefused(t *testing.T) {
	v := newVault(t, filepath.Join(t.TempDir(), "family"))
	caseID, _ := familyCase(t, v)
	var manifest []byte
	rewrite(t, writePack(t, v, caseID, Options{Passphrase: []byte(packPass)}), func(name string, data []byte) []byte {
		if name == manifestName {
			manifest = data
		}
		return data
	})
	plain := sparseArchive(t, manifest)
	if tr := tar.NewReader(bytes.NewReader(plain)); true {
		tr.Next()
		h, err := tr.Next()
		if err != nil || h.Name != journalName || h.Size != 200000000 {
			t.Fatalf("the forged archive is not what the test means: %+v %v", h, err)
		}
	}
	rcp, _ := age.NewScryptRecipient(packPass)
	rcp.SetWorkFactor(10)
	var enc bytes.Buffer
	w, _ := age.Encrypt(&enc, rcp)
	w.Write(plain)
	w.Close()
	size := enc.Len()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := Open(&enc, Key{Passphrase: []byte(packPass)})
	runtime.ReadMemStats(&after)
	if !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), "not a plain file") {
		t.Errorf("a sparse entry: %v", err)
	}
	n := after.TotalAlloc - before.TotalAlloc
	t.Logf("a %d-byte pack with a sparse entry: Open allocated %d KB", size, n>>10)
	if n > 32<<20 {
		t.Errorf("opening a %d-byte pack allocated %d MB", size, n>>20)
	}
}
