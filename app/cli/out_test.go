package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/redress-app/redress/store"
)

// TestOutNeverDestroys: no --out may replace a vault's database, write inside
// a vault folder, or replace an existing file without --force (issue 16.1:
// "case export --out VAULT/vault.db" used to destroy the vault).
func TestOutNeverDestroys(t *testing.T) {
	dir := testVault(t)
	vars := map[string]string{envPassphrase: cliPass}
	code, out, errs := run(t, vars, "", "case", "import", "--vault", dir, "../../casefile/testdata/full.case.json")
	if code != 0 {
		t.Fatalf("case import: %d %s", code, errs)
	}
	id := strings.Fields(out)[0]
	db := filepath.Join(dir, "vault.db")
	before, _ := os.ReadFile(db)

	backup := filepath.Join(t.TempDir(), "b.redress-backup")
	if code, _, errs := run(t, vars, "", "vault", "backup", "--vault", dir, "--out", backup); code != 0 {
		t.Fatalf("backup: %s", errs)
	}
	existing := filepath.Join(t.TempDir(), "mine.json")
	os.WriteFile(existing, []byte("my own file"), 0o600)

	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"export over the vault's database", []string{"case", "export", "--vault", dir, "--case", id, "--out", db}, "inside the vault folder"},
		{"export over the database with --force", []string{"case", "export", "--vault", dir, "--case", id, "--force", "--out", db}, "inside the vault folder"},
		{"export beside the database", []string{"case", "export", "--vault", dir, "--case", id, "--out", filepath.Join(dir, "x.json")}, "inside the vault folder"},
		{"letter over the vault's database", []string{"letter", "--vault", dir, "--case", id, "--kind", "sar", "--out", db}, "inside the vault folder"},
		{"bundle into the vault folder", []string{"bundle", "--vault", dir, "--case", id, "--out", filepath.Join(dir, "b.pdf")}, "inside the vault folder"},
		{"backup into the vault folder", []string{"vault", "backup", "--vault", dir, "--out", filepath.Join(dir, "b")}, "inside the vault folder"},
		{"export over a backup, even with --force", []string{"case", "export", "--vault", dir, "--case", id, "--force", "--out", backup}, "never writes over one"},
		{"export over an existing file", []string{"case", "export", "--vault", dir, "--case", id, "--out", existing}, "add --force"},
		{"letter over an existing file", []string{"letter", "--vault", dir, "--case", id, "--kind", "sar", "--out", existing}, "add --force"},
		{"bundle over an existing file", []string{"bundle", "--vault", dir, "--case", id, "--out", existing}, "add --force"},
		{"export over a folder", []string{"case", "export", "--vault", dir, "--case", id, "--force", "--out", t.TempDir()}, "is a folder"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errs := run(t, vars, "", tc.args...)
			if code != ExitUsage || !strings.Contains(errs, tc.want) {
				t.Fatalf("got %d %q, want exit 2 saying %q", code, errs, tc.want)
			}
		})
	}
	if after, _ := os.ReadFile(db); !bytes.Equal(before, after) {
		t.Fatal("the vault's database changed")
	}
	if b, _ := os.ReadFile(existing); string(b) != "my own file" {
		t.Fatal("an existing file was replaced without --force")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Fatalf("the vault folder holds %d files, want vault.db and lock", len(entries))
	}
	v, err := store.Open(context.Background(), dir, []byte(cliPass))
	if err != nil {
		t.Fatalf("the vault no longer opens: %v", err)
	}
	v.Close()

	// --force replaces an ordinary file.
	if code, _, errs := run(t, vars, "", "case", "export", "--vault", dir, "--case", id, "--force", "--out", existing); code != 0 {
		t.Fatalf("export --force: %d %s", code, errs)
	}
	if b, _ := os.ReadFile(existing); !bytes.Contains(b, []byte("redress-case/1")) {
		t.Fatalf("--force did not replace the file: %.40q", b)
	}
}

// TestOutErrorsAreSentences: a missing folder is named as such, not as the
// temporary file's open error (issue 16.14).
func TestOutErrorsAreSentences(t *testing.T) {
	dir := testVault(t)
	vars := map[string]string{envPassphrase: cliPass}
	code, out, _ := run(t, vars, "", "case", "import", "--vault", dir, "../../casefile/testdata/full.case.json")
	if code != 0 {
		t.Fatal("import")
	}
	id := strings.Fields(out)[0]
	target := filepath.Join(t.TempDir(), "nodir", "x.json")
	code, _, errs := run(t, vars, "", "case", "export", "--vault", dir, "--case", id, "--out", target)
	if code != ExitUsage || !strings.Contains(errs, "does not exist") || strings.Contains(errs, ".tmp-") {
		t.Fatalf("got %d %q", code, errs)
	}
}

// TestMessagesAreSentences: messages that showed internals (a system call,
// a temporary file's name, a sentinel's ": not found") say what is wrong in
// words (issue 16.14).
func TestMessagesAreSentences(t *testing.T) {
	vars := map[string]string{envPassphrase: cliPass}
	file := filepath.Join(t.TempDir(), "hostname")
	os.WriteFile(file, []byte("x"), 0o600)
	dir := testVault(t)
	for _, tc := range []struct {
		name    string
		args    []string
		want    string
		notWant []string
	}{
		{"a file as the vault", []string{"case", "list", "--vault", file}, "that is a file, not a vault folder", []string{"stat ", "not a directory", ": not found"}},
		{"no vault there", []string{"case", "list", "--vault", filepath.Join(t.TempDir(), "none")}, "there is no vault there", []string{": not found"}},
		{"a vault under a file", []string{"vault", "create", "--vault", filepath.Join(file, "v")}, "part of that path is a file, not a folder", []string{"mkdir", "not a directory"}},
		{"a backup into a missing folder", []string{"vault", "backup", "--vault", dir, "--out", filepath.Join(t.TempDir(), "nodir", "b")}, "no such file or folder", []string{".partial", "open "}},
		{"a missing case file", []string{"case", "import", "--vault", dir, filepath.Join(t.TempDir(), "missing.json")}, "there is no such file", []string{"open "}},
		{"a restore from a missing backup", []string{"vault", "restore", "--vault", filepath.Join(t.TempDir(), "r"), "--from", filepath.Join(t.TempDir(), "missing")}, "there is no such file or folder", []string{"stat "}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errs := run(t, vars, "", tc.args...)
			if code == 0 || !strings.Contains(errs, tc.want) {
				t.Fatalf("got %d %q, want %q", code, errs, tc.want)
			}
			for _, nw := range tc.notWant {
				if strings.Contains(errs, nw) {
					t.Errorf("%q shows %q", errs, nw)
				}
			}
		})
	}
}
