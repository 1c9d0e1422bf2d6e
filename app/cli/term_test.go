package cli

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSafe(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"plain", "Smith family – café", "Smith family – café"},
		{"right-to-left override", "invoice\u202etxt.exe", `invoice\u202etxt.exe`},
		{"isolates and marks", "a\u2066b\u2069c\u200fd", `a\u2066b\u2069c\u200fd`},
		{"escape sequence", "\x1b]0;owned\x07\x1b[2J", `\x1b]0;owned\x07\x1b[2J`},
		{"C1 control", "a\u009bb", `a\u009bb`},
		{"tab and newline", "a\tb\nc\r", `a\tb\nc\r`},
		{"invalid UTF-8", "a\xffb", `a\xffb`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := safe(tc.in); got != tc.want {
				t.Errorf("safe(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
	if got := termMsg("line one\nline\x1b two"); got != "line one\nline\\x1b two" {
		t.Errorf("termMsg = %q", got)
	}
}

// TestNamesReachTheTerminalEscaped: a file name or note from the vault never
// reaches the terminal raw (issue 16.7).
func TestNamesReachTheTerminalEscaped(t *testing.T) {
	dir := testVault(t)
	vars := map[string]string{envPassphrase: cliPass}
	code, out, errs := run(t, vars, "", "case", "import", "--vault", dir, "../../casefile/testdata/full.case.json")
	if code != 0 {
		t.Fatalf("import: %s", errs)
	}
	id := strings.Fields(out)[0]
	doc := filepath.Join(t.TempDir(), "invoice\u202etxt.exe")
	os.WriteFile(doc, []byte("hello"), 0o600)
	code, out, errs = run(t, vars, "", "import", "--vault", dir, "--case", id, doc)
	if code != 0 || strings.Contains(out, "\u202e") || !strings.Contains(out, `invoice\u202etxt.exe`) {
		t.Fatalf("import printed %d %q %s", code, out, errs)
	}
	code, _, _ = run(t, vars, "", "note", "add", "--vault", dir, "--case", id, "beware \x1b[31mred\x1b[0m text")
	if code != 0 {
		t.Fatal("note add")
	}
	code, out, _ = run(t, vars, "", "search", "--vault", dir, "beware")
	if code != 0 || strings.Contains(out, "\x1b") || !strings.Contains(out, `\x1b[31mred`) {
		t.Fatalf("search printed %d %q", code, out)
	}
}

// TestSearchNamesADamagedCase: a search across cases that cannot read one of
// them says which, and exits 1 (issue 16.4).
func TestSearchNamesADamagedCase(t *testing.T) {
	dir := testVault(t)
	vars := map[string]string{envPassphrase: cliPass}
	var ids []string
	for range 2 {
		code, out, errs := run(t, vars, "", "case", "import", "--vault", dir, "../../casefile/testdata/full.case.json")
		if code != 0 {
			t.Fatalf("import: %s", errs)
		}
		ids = append(ids, strings.Fields(out)[0])
	}
	db, err := sql.Open("sqlite3", filepath.Join(dir, "vault.db"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(context.Background(), "UPDATE journal SET record = zeroblob(60) WHERE case_id = ? AND seq = 2", ids[1]); err != nil {
		t.Fatal(err)
	}
	db.Close()
	code, out, errs := run(t, vars, "", "search", "--vault", dir, "bruises")
	if code != ExitFailure || !strings.Contains(errs, "case "+ids[1]+" could not be searched") || !strings.Contains(errs, "search is incomplete") {
		t.Fatalf("got %d\n%s\n%s", code, out, errs)
	}
	if !strings.Contains(out, ids[0]) {
		t.Errorf("the readable case's hits are missing: %q", out)
	}
}

// TestReadOnlyVaultSaysSo: a read-only vault is read, and a write is refused
// with the reason and what to do (issue 16.12). The vault is opened
// read-only by making its folder unwritable where that works (not as root);
// as root the store's WithReadOnly path is tested in store.
func TestReadOnlyVaultSaysSo(t *testing.T) {
	if os.Getuid() == 0 {
		t.Skip("running as root, which can write a read-only folder; store.TestReadOnlyVault covers the read-only mode")
	}
	dir := testVault(t)
	vars := map[string]string{envPassphrase: cliPass}
	code, out, errs := run(t, vars, "", "case", "import", "--vault", dir, "../../casefile/testdata/full.case.json")
	if code != 0 {
		t.Fatalf("import: %s", errs)
	}
	id := strings.Fields(out)[0]
	os.Chmod(filepath.Join(dir, "vault.db"), 0o400)
	os.Chmod(dir, 0o500)
	t.Cleanup(func() { os.Chmod(dir, 0o700) })
	code, _, errs = run(t, vars, "", "case", "list", "--vault", dir)
	if code != 0 || !strings.Contains(errs, "this vault is read-only") {
		t.Fatalf("case list: %d %q", code, errs)
	}
	code, _, errs = run(t, vars, "", "note", "add", "--vault", dir, "--case", id, "hello")
	if code != 1 || !strings.Contains(errs, "copy the whole vault folder") {
		t.Fatalf("note add: %d %q", code, errs)
	}
}

// TestCheckPrintsWarnings: redress check names implausible dates and a child
// born after today on stderr (issue 16.6), and a UTF-16 file by its encoding.
func TestCheckPrintsWarnings(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "c.json")
	os.WriteFile(p, []byte(`{"format": "redress-case/1", "children": [{"id": "c1", "name": "A", "born": "2099-01-01"}],
		"events": [{"id": "e1", "kind": "other", "date": "2062-03-02"}]}`), 0o600)
	code, _, errs := run(t, nil, "", "check", "--as-of", "2026-06-01", p)
	if code != 0 || !strings.Contains(errs, `warning: c.json: children[0] (id "c1"): born 2099-01-01, which is after today`) ||
		!strings.Contains(errs, `events[0] (id "e1"): date 2062-03-02 looks like a typing slip`) {
		t.Fatalf("check: %d %q", code, errs)
	}
	u := filepath.Join(dir, "u.json")
	os.WriteFile(u, []byte{0xFF, 0xFE, '{', 0, '}', 0}, 0o600)
	code, _, errs = run(t, nil, "", "check", u)
	if code != ExitUsage || !strings.Contains(errs, "saved as UTF-16") {
		t.Fatalf("check of a UTF-16 file: %d %q", code, errs)
	}
}
