package cli

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"filippo.io/age"

	"github.com/redress-app/redress/app/casework/pack"
	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/store"
)

// packVault makes a vault with the complaint example and care proceedings.
func packVault(t *testing.T) (dir, caseID string) {
	t.Helper()
	dir = testVault(t)
	ctx := context.Background()
	v, err := store.Open(ctx, dir, []byte(cliPass))
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	c, err := casefile.ReadFile("../../examples/complaint.case.json")
	if err != nil {
		t.Fatal(err)
	}
	ci, err := v.ImportCase(ctx, c)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := v.AddEvent(ctx, ci.ID, casefile.Event{Kind: casefile.KindCareProceedingsIssue, Date: casefile.MustDate("2026-03-02")}); err != nil {
		t.Fatal(err)
	}
	if _, err := v.ImportDocument(ctx, ci.ID, strings.NewReader("letter from the council "+packCanary+"\n"), store.DocumentInfo{Name: "letter.txt", Source: "council"}); err != nil {
		t.Fatal(err)
	}
	return dir, ci.ID
}

// packCanary is in the case's document: it must never appear in plaintext
// on disk.
const packCanary = "CANARY-pack-cli-41d9"

var checkpointRE = regexp.MustCompile(`Checkpoint: (\S+)`)

func TestPackCommands(t *testing.T) {
	packWorkFactor = 10
	t.Cleanup(func() { packWorkFactor = 0 })
	// Canary: after packing, verifying and adding the pack, nothing of the
	// case is in plaintext anywhere under the test's folders or TMPDIR.
	tmpdir := t.TempDir()
	t.Setenv("TMPDIR", tmpdir)
	defer func() {
		if found := plaintextUnder(filepath.Dir(tmpdir)); len(found) > 0 {
			t.Errorf("the case is in plaintext in %v", found)
		}
	}()
	dir, caseID := packVault(t)
	out := filepath.Join(t.TempDir(), "case.redress")
	vars := map[string]string{envPassphrase: cliPass, envPackPassphrase: "otter-quilt-marble-seven"}

	code, stdout, stderr := run(t, vars, "", "pack", "--vault", dir, "--case", caseID, "--out", out)
	if code != 0 {
		t.Fatalf("pack: %d %s", code, stderr)
	}
	for _, want := range []string{"BEFORE YOU SHARE", "Practice Direction 12G, paragraph 2.1; practice direction; verified-primary", "Passphrase strength: strong", "never in the same email"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("pack's stderr lacks %q:\n%s", want, stderr)
		}
	}
	m := checkpointRE.FindStringSubmatch(stdout)
	if m == nil {
		t.Fatalf("no checkpoint: %s", stdout)
	}
	cp := m[1]

	// The --out rule: an existing file is refused without --force, a vault folder always.
	if code, _, stderr := run(t, vars, "", "pack", "--vault", dir, "--case", caseID, "--out", out); code != ExitUsage || !strings.Contains(stderr, "--force") {
		t.Errorf("an existing --out: %d %s", code, stderr)
	}
	if code, _, _ := run(t, vars, "", "pack", "--vault", dir, "--case", caseID, "--out", filepath.Join(dir, "x.redress")); code != ExitUsage {
		t.Errorf("--out inside the vault: %d", code)
	}

	// Verify, without and with the checkpoint.
	code, stdout, stderr = run(t, vars, "", "verify", out)
	if code != 0 || !strings.Contains(stdout, "Record checkpoint: "+cp) || !strings.Contains(stdout, "OK: 1 document has") {
		t.Fatalf("verify: %d %s %s", code, stdout, stderr)
	}
	code, stdout, _ = run(t, vars, "", "verify", "--checkpoint", cp, out)
	if code != 0 || !strings.Contains(stdout, "OK: the checkpoint you gave") {
		t.Errorf("verify --checkpoint: %d %s", code, stdout)
	}
	wrong := "3" + cp[strings.Index(cp, "-"):]
	if code, _, stderr := run(t, vars, "", "verify", "--checkpoint", wrong, out); code != ExitChanged || !strings.Contains(stderr, "REFUSED") {
		t.Errorf("a wrong checkpoint: %d %s", code, stderr)
	}
	if code, _, stderr := run(t, map[string]string{envPackPassphrase: "not it"}, "", "verify", out); code != ExitChanged || !strings.Contains(stderr, "passphrase is wrong") {
		t.Errorf("a wrong passphrase: %d %s", code, stderr)
	}

	// Add it to a second vault; adding the same pack again changes nothing.
	dir2 := testVault(t)
	code, stdout, stderr = run(t, vars, "", "case", "import", "--vault", dir2, out)
	if code != 0 || !strings.Contains(stderr, "at checkpoint "+cp) {
		t.Fatalf("case import: %d %s %s", code, stdout, stderr)
	}
	code, _, stderr = run(t, vars, "", "case", "import", "--vault", dir2, out)
	if code != 0 || !strings.Contains(stderr, "Nothing changed") {
		t.Errorf("case import again: %d %s", code, stderr)
	}

	// One byte changed: refused, and nothing added.
	b, _ := os.ReadFile(out)
	b[len(b)/2] ^= 0x20
	bad := filepath.Join(t.TempDir(), "bad.redress")
	os.WriteFile(bad, b, 0o600)
	if code, _, stderr := run(t, vars, "", "verify", bad); code != ExitChanged || !strings.Contains(stderr, "REFUSED") {
		t.Errorf("a changed pack: %d %s", code, stderr)
	}
	if code, _, stderr := run(t, vars, "", "case", "import", "--vault", testVault(t), bad); code == 0 || !strings.Contains(stderr, "REFUSED") {
		t.Errorf("import of a changed pack: %d %s", code, stderr)
	}
}

func TestPackRecipient(t *testing.T) {
	dir, caseID := packVault(t)
	id, _ := age.GenerateX25519Identity()
	other, _ := age.GenerateX25519Identity()
	tmp := t.TempDir()
	idFile := filepath.Join(tmp, "me.key")
	otherFile := filepath.Join(tmp, "other.key")
	os.WriteFile(idFile, []byte("# created: now\n"+id.String()+"\n"), 0o600)
	os.WriteFile(otherFile, []byte(other.String()+"\n"), 0o600)
	out := filepath.Join(tmp, "case.redress")
	vars := map[string]string{envPassphrase: cliPass}
	if code, stdout, stderr := run(t, vars, "", "pack", "--vault", dir, "--case", caseID, "--recipient", id.Recipient().String(), "--out", out); code != 0 || !strings.Contains(stdout, "Only the holder") {
		t.Fatalf("pack --recipient: %d %s %s", code, stdout, stderr)
	}
	if code, stdout, stderr := run(t, nil, "", "verify", "--identity", idFile, out); code != 0 {
		t.Errorf("verify with the identity: %d %s %s", code, stdout, stderr)
	}
	if code, _, stderr := run(t, nil, "", "verify", "--identity", otherFile, out); code != ExitChanged || !strings.Contains(stderr, "someone else's key") {
		t.Errorf("verify with another identity: %d %s", code, stderr)
	}
	if code, _, _ := run(t, map[string]string{envPackPassphrase: "guess"}, "", "verify", out); code != ExitChanged {
		t.Errorf("verify with a passphrase: %d", code)
	}
}

// plaintextUnder lists the files under root that hold packCanary.
func plaintextUnder(root string) []string {
	var found []string
	filepath.Walk(root, func(path string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			if b, _ := os.ReadFile(path); strings.Contains(string(b), packCanary) {
				found = append(found, path)
			}
		}
		return nil
	})
	return found
}

func TestPlaintextUnderFinds(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "x"), []byte("a "+packCanary), 0o600)
	if len(plaintextUnder(dir)) != 1 {
		t.Fatal("the canary scan finds nothing")
	}
}

// TestOpenPack: redress open FILE.redress asks the pack's passphrase (here
// from the environment), checks the pack and hands it to the desktop; a
// wrong passphrase or a changed pack never reaches it.
func TestOpenPack(t *testing.T) {
	packWorkFactor = 10
	t.Cleanup(func() { packWorkFactor = 0 })
	dir, caseID := packVault(t)
	out := filepath.Join(t.TempDir(), "case.redress")
	vars := map[string]string{envPassphrase: cliPass, envPackPassphrase: "otter-quilt-marble-seven"}
	if code, _, stderr := run(t, vars, "", "pack", "--vault", dir, "--case", caseID, "--out", out); code != 0 {
		t.Fatalf("pack: %d %s", code, stderr)
	}
	open := func(vars map[string]string, path string) (int, string, *pack.Pack) {
		var got *pack.Pack
		var errb strings.Builder
		env := &Env{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: &errb,
			Getenv: func(k string) string { return vars[k] }, Now: time.Now,
			OpenPack: func(p *pack.Pack, file string) error {
				if file != filepath.Base(path) {
					t.Errorf("file %q", file)
				}
				got = p
				return nil
			}}
		return Main(env, []string{"open", path}), errb.String(), got
	}
	code, stderr, p := open(vars, out)
	if code != 0 || p == nil || p.Manifest.Case != caseID || len(p.Originals) != 1 {
		t.Fatalf("open: %d %s %v", code, stderr, p)
	}
	if code, stderr, p := open(map[string]string{envPackPassphrase: "not it"}, out); code == 0 || p != nil || !strings.Contains(stderr, "passphrase is wrong") {
		t.Errorf("a wrong passphrase: %d %s", code, stderr)
	}
	b, _ := os.ReadFile(out)
	b[len(b)/2] ^= 1
	bad := filepath.Join(t.TempDir(), "bad.redress")
	os.WriteFile(bad, b, 0o600)
	if code, stderr, p := open(vars, bad); code == 0 || p != nil || !strings.Contains(stderr, "REFUSED") {
		t.Errorf("a changed pack: %d %s", code, stderr)
	}
	// A build without the desktop says so.
	if code, _, stderr := run(t, vars, "", "open", out); code == 0 || !strings.Contains(stderr, "no desktop app") {
		t.Errorf("no desktop: %d %s", code, stderr)
	}
}

// TestNoteAddInAPackCopy: a note and a document the receiver adds to a copy
// made from a pack get IDs of their own (own-1, own-2), so a later note and
// document of the family's with the next family IDs are added by a newer
// pack instead of being "not added"; a pack of the copy is the family's
// record, verifying at their checkpoint, with the same counts as theirs.
func TestNoteAddInAPackCopy(t *testing.T) {
	packWorkFactor = 10
	t.Cleanup(func() { packWorkFactor = 0 })
	dir, caseID := packVault(t)
	tmp := t.TempDir()
	vars := map[string]string{envPassphrase: cliPass, envPackPassphrase: "otter-quilt-marble-seven"}
	first := filepath.Join(tmp, "first.redress")
	if code, _, stderr := run(t, vars, "", "pack", "--vault", dir, "--case", caseID, "--out", first); code != 0 {
		t.Fatalf("pack: %d %s", code, stderr)
	}
	dir2 := testVault(t)
	code, stdout, stderr := run(t, vars, "", "case", "import", "--vault", dir2, first)
	if code != 0 {
		t.Fatalf("import: %d %s", code, stderr)
	}
	copyID := strings.Fields(stdout)[0]

	// The receiver's note.
	code, stdout, stderr = run(t, vars, "", "note", "add", "--vault", dir2, "--case", copyID, "the solicitor's own note")
	if code != 0 || !strings.HasPrefix(stdout, "own-1\t") {
		t.Fatalf("note add in the copy: %d %q %s", code, stdout, stderr)
	}
	// The receiver's document: an ID of their own too.
	own := filepath.Join(tmp, "advice.txt")
	if err := os.WriteFile(own, []byte("the solicitor's own advice\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr = run(t, vars, "", "import", "--vault", dir2, "--case", copyID, own)
	if code != 0 || !strings.HasPrefix(stdout, "own-2\t") {
		t.Fatalf("import in the copy: %d %q %s", code, stdout, stderr)
	}
	// The family's next note and document, numbered by the family's vault.
	famDoc := filepath.Join(tmp, "reply.txt")
	if err := os.WriteFile(famDoc, []byte("the council's reply\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr = run(t, vars, "", "import", "--vault", dir, "--case", caseID, famDoc)
	if code != 0 || strings.HasPrefix(stdout, "own-") {
		t.Fatalf("import in the family's case: %d %q %s", code, stdout, stderr)
	}
	famDocID := strings.Fields(stdout)[0]
	code, stdout, stderr = run(t, vars, "", "note", "add", "--vault", dir, "--case", caseID, "the family's later note")
	if code != 0 || strings.HasPrefix(stdout, "own-") {
		t.Fatalf("note add in the family's case: %d %q %s", code, stdout, stderr)
	}
	famNote := strings.Fields(stdout)[0]
	second := filepath.Join(tmp, "second.redress")
	if code, _, stderr := run(t, vars, "", "pack", "--vault", dir, "--case", caseID, "--out", second); code != 0 {
		t.Fatalf("pack again: %d %s", code, stderr)
	}
	code, _, stderr = run(t, vars, "", "case", "import", "--vault", dir2, second)
	if code != 0 || !strings.Contains(stderr, "added note "+famNote) || !strings.Contains(stderr, "added document "+famDocID) || strings.Contains(stderr, "not added") {
		t.Fatalf("the newer pack: %d %s", code, stderr)
	}
	// A pack of the copy is the family's record: it verifies at the
	// family's checkpoint and holds nothing of the receiver's.
	_, out, _ := run(t, vars, "", "verify", second)
	familyCP := strings.TrimSpace(strings.SplitN(strings.SplitN(out, "Record checkpoint: ", 2)[1], "\n", 2)[0])
	third := filepath.Join(tmp, "third.redress")
	if code, _, stderr := run(t, vars, "", "pack", "--vault", dir2, "--case", copyID, "--out", third); code != 0 {
		t.Fatalf("pack of the copy: %d %s", code, stderr)
	}
	code, out, stderr = run(t, vars, "", "verify", "--checkpoint", familyCP, third)
	if code != 0 || !strings.Contains(out, "Record checkpoint: "+familyCP) {
		t.Fatalf("verify the copy's pack at the family's checkpoint %s: %d %s %s", familyCP, code, out, stderr)
	}
	counts := func(verify string) string {
		return strings.SplitN(strings.SplitN(verify, "records, ", 2)[1], "\n", 2)[0]
	}
	_, second2, _ := run(t, vars, "", "verify", second)
	if counts(out) != counts(second2) {
		t.Errorf("the copy's pack holds %q, the family's %q", counts(out), counts(second2))
	}
	// Both notes are in the copy, each with its own ID.
	v, err := store.Open(context.Background(), dir2, []byte(cliPass))
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	c, err := v.LoadCase(context.Background(), copyID)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, n := range c.Notes {
		got[n.ID] = n.Text
	}
	if got["own-1"] != "the solicitor's own note" || got[famNote] != "the family's later note" {
		t.Errorf("notes in the copy: %v", got)
	}
}
