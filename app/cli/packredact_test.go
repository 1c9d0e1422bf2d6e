package cli

import (
	"archive/tar"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"filippo.io/age"

	"github.com/redress-app/redress/app/casework/pack"
	"github.com/redress-app/redress/documents"
	"github.com/redress-app/redress/store"
)

// TestRedactedPack is issue 17's redacted pack: redress pack --redact
// writes a redacted copy holding none of the removed words anywhere in its
// decrypted bytes (tar entries, JSON, document bytes, their text); the
// family's words stay; verify says it is a redacted copy made from the
// family's record at its checkpoint, passes with that checkpoint and
// refuses a changed byte; the copy cannot be added to a vault; the vault's
// originals are untouched; and nothing of the case is in plaintext on disk.
func TestRedactedPack(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext is not installed (poppler-utils)")
	}
	packWorkFactor = 10
	t.Cleanup(func() { packWorkFactor = 0 })
	tmpdir := t.TempDir()
	t.Setenv("TMPDIR", tmpdir)
	defer func() {
		if found := plaintextUnder(filepath.Dir(tmpdir)); len(found) > 0 {
			t.Errorf("the case is in plaintext in %v", found)
		}
	}()
	dir := testVault(t)
	vars := map[string]string{envPassphrase: cliPass, envPackPassphrase: "otter-quilt-marble-seven"}
	files := t.TempDir()
	caseFile := filepath.Join(files, "case.json")
	if err := os.WriteFile(caseFile, []byte(redactCase), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errs := run(t, vars, "", "case", "import", "--vault", dir, caseFile)
	if code != 0 {
		t.Fatalf("case import: %d %s", code, errs)
	}
	id := strings.Fields(out)[0]
	os.Remove(caseFile)

	reader := documents.New(documents.Options{})
	defer reader.Close()
	originals := map[string][]byte{
		"visit.pdf":                 textPDF(t),
		"Karen Whitfield email.txt": []byte("From the nursery: Tom Baker and Lily. Ring 07700 900123. " + packCanary + "\n"),
	}
	if _, err := reader.Tesseract(); err == nil {
		originals["scan.png"] = scanPNG(t, reader)
	} else {
		t.Logf("the scan is left out: Tesseract is missing (%v)", err)
	}
	v, err := store.Open(context.Background(), dir, []byte(cliPass))
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range originals {
		if _, err := v.ImportDocument(context.Background(), id, bytes.NewReader(data), store.DocumentInfo{Name: name, Source: "council"}); err != nil {
			t.Fatal(err)
		}
	}
	v.Close()
	spec := "default,word:Riverside"

	// The preview lists what the pack takes out, and writes nothing.
	code, out, errs = run(t, vars, "", "pack", "--vault", dir, "--case", id, "--redact", spec, "--redact-preview")
	if code != 0 || !strings.Contains(out, "Karen Whitfield") || !strings.Contains(out, "before: ") || !strings.Contains(out, "visit") {
		t.Fatalf("pack --redact-preview: %d\n%s\n%s", code, out, errs)
	}

	packFile := filepath.Join(t.TempDir(), "redacted.redress")
	code, out, errs = run(t, vars, "", "pack", "--vault", dir, "--case", id, "--redact", spec, "--out", packFile)
	if code != 0 || !strings.Contains(out, "REDACTED COPY") {
		t.Fatalf("pack --redact: %d\n%s\n%s", code, out, errs)
	}
	cp := checkpointRE.FindStringSubmatch(out)
	if cp == nil {
		t.Fatalf("no checkpoint: %s", out)
	}

	// Every decrypted byte: the archive as a whole, then each entry.
	raw, err := os.ReadFile(packFile)
	if err != nil {
		t.Fatal(err)
	}
	sid, _ := age.NewScryptIdentity(vars[envPackPassphrase])
	ar, err := age.Decrypt(bytes.NewReader(raw), sid)
	if err != nil {
		t.Fatal(err)
	}
	plain, err := io.ReadAll(ar)
	if err != nil {
		t.Fatal(err)
	}
	if found := holds(plain, removed); len(found) > 0 {
		t.Errorf("the decrypted pack holds %q", found)
	}
	// The records' content is base64 in the JSON: search it decoded too.
	var contents [][]byte
	tr := tar.NewReader(bytes.NewReader(plain))
	var names []string
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, h.Name)
		b, _ := io.ReadAll(tr)
		switch h.Name {
		case "journal.json", "redacted.json":
			var recs []struct{ Content []byte }
			if err := json.Unmarshal(b, &recs); err != nil {
				t.Fatalf("%s: %v", h.Name, err)
			}
			for _, r := range recs {
				contents = append(contents, r.Content)
			}
		}
		if found := holds(b, removed); len(found) > 0 {
			t.Errorf("entry %s holds %q", h.Name, found)
		}
		if strings.HasPrefix(h.Name, "documents/") && bytes.HasPrefix(b, []byte("%PDF")) {
			// A drawn document has no text layer at all.
			f := filepath.Join(t.TempDir(), "doc.pdf")
			os.WriteFile(f, b, 0o600)
			txt, err := exec.Command("pdftotext", "-enc", "UTF-8", f, "-").Output()
			if err != nil {
				t.Fatalf("pdftotext %s: %v", h.Name, err)
			}
			if s := strings.TrimSpace(string(txt)); s != "" {
				t.Errorf("%s has a text layer: %q", h.Name, s)
			}
		}
	}
	all := bytes.Join(contents, []byte("\n"))
	if found := holds(all, removed); len(found) > 0 {
		t.Errorf("the records' content holds %q", found)
	}
	for _, w := range append(kept, "[redacted]") {
		if !bytes.Contains(all, []byte(w)) {
			t.Errorf("the records' content lost %q", w)
		}
	}
	if !strings.Contains(strings.Join(names, " "), "redacted.json") {
		t.Errorf("entries %v: no redacted.json", names)
	}

	// Opened: a redacted copy, read through the same checks.
	f, _ := os.Open(packFile)
	p, err := pack.Open(f, pack.Key{Passphrase: []byte(vars[envPackPassphrase])}, cp[1])
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	if !p.RedactedCopy() || len(p.Manifest.Redaction.Documents) < 2 || len(p.Manifest.Redaction.Records) == 0 {
		t.Errorf("manifest redaction %+v", p.Manifest.Redaction)
	}
	shown, _ := json.Marshal(struct {
		C any
		T any
		L any
	}{p.Case, p.Texts, p.Letters})
	if found := holds(shown, removed); len(found) > 0 {
		t.Errorf("the opened copy shows %q", found)
	}
	for _, d := range p.Case.Documents {
		if d.Name == "visit (redacted).pdf" {
			n, err := reader.PageCount(context.Background(), d.Name, d.Type, p.Originals[d.ID])
			if err != nil || n != 3 {
				t.Errorf("the redacted visit has %d pages (%v), want 3", n, err)
			}
		}
	}

	// verify: a redacted copy, not tampering; the checkpoint matches.
	code, out, errs = run(t, vars, "", "verify", "--checkpoint", cp[1], packFile)
	if code != 0 || !strings.Contains(out, "Redacted copy made on") || !strings.Contains(out, "from the family's record at checkpoint "+cp[1]) ||
		!strings.Contains(out, "REDACTED, not tampered with") || !strings.Contains(out, "OK: the checkpoint you gave") {
		t.Fatalf("verify: %d\n%s\n%s", code, out, errs)
	}
	b := bytes.Clone(raw)
	b[len(b)/2] ^= 0x20
	bad := filepath.Join(t.TempDir(), "bad.redress")
	os.WriteFile(bad, b, 0o600)
	if code, _, stderr := run(t, vars, "", "verify", bad); code != ExitChanged || !strings.Contains(stderr, "REFUSED") {
		t.Errorf("a changed redacted pack: %d %s", code, stderr)
	}

	// Adding it to a vault is refused, with why.
	if code, _, stderr := run(t, vars, "", "case", "import", "--vault", testVault(t), packFile); code != ExitUsage || !strings.Contains(stderr, "redacted copy") {
		t.Errorf("import of a redacted pack: %d %s", code, stderr)
	}

	// The originals in the vault are as they were imported.
	v, err = store.Open(context.Background(), dir, []byte(cliPass))
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	c, err := v.LoadCase(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range c.Documents {
		rc, err := v.OpenDocument(context.Background(), id, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(rc)
		rc.Close()
		if sha256.Sum256(got) != sha256.Sum256(originals[d.Name]) {
			t.Errorf("the vault's %s is not the original any more", d.Name)
		}
	}
	if err := v.Verify(context.Background()); err != nil {
		t.Errorf("the vault after packing: %v", err)
	}
}
