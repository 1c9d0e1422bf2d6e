package cli

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestSharingWarning: every export of a case in care proceedings first says,
// on stderr, what the law allows to be shared; nothing is blocked; a case
// without care proceedings gets no warning.
func TestSharingWarning(t *testing.T) {
	dir, caseID := packVault(t)
	vars := map[string]string{envPassphrase: cliPass}
	tmp := t.TempDir()
	for _, args := range [][]string{
		{"case", "export", "--vault", dir, "--case", caseID, "--out", filepath.Join(tmp, "c.json")},
		{"letter", "--vault", dir, "--case", caseID, "--kind", "sar", "--format", "txt", "--out", filepath.Join(tmp, "l.txt")},
		{"bundle", "--vault", dir, "--case", caseID, "--out", filepath.Join(tmp, "b.pdf")},
	} {
		code, _, stderr := run(t, vars, "", args...)
		if code != 0 {
			t.Errorf("%s: exit %d: %s", args[0], code, stderr)
		}
		for _, want := range []string{"BEFORE YOU SHARE", "Administration of Justice Act 1960, section 12(1)(a) and 12(2); statute; verified-primary", "REFERENCE.md section 13.8", "not a block"} {
			if !strings.Contains(stderr, want) {
				t.Errorf("%s: no %q in:\n%s", args[0], want, stderr)
			}
		}
	}
	plain := testVault(t)
	code, out, _ := run(t, vars, "", "case", "import", "--vault", plain, "../../examples/complaint.case.json")
	if code != 0 {
		t.Fatal(out)
	}
	if _, _, stderr := run(t, vars, "", "case", "export", "--vault", plain, "--case", strings.Fields(out)[0]); strings.Contains(stderr, "BEFORE YOU SHARE") {
		t.Errorf("a warning without care proceedings: %s", stderr)
	}
}

func TestChronologyCommand(t *testing.T) {
	dir, caseID := packVault(t)
	vars := map[string]string{envPassphrase: cliPass}
	tmp := t.TempDir()
	for _, name := range []string{"c.csv", "c.xlsx"} {
		out := filepath.Join(tmp, name)
		code, _, stderr := run(t, vars, "", "chronology", "--vault", dir, "--case", caseID, "--as-of", "2026-05-01", "--out", out)
		if code != 0 || !strings.Contains(stderr, "BEFORE YOU SHARE") || !strings.Contains(stderr, "entries") {
			t.Fatalf("chronology %s: %d %s", name, code, stderr)
		}
		if code, _, _ := run(t, vars, "", "chronology", "--vault", dir, "--case", caseID, "--out", out); code != ExitUsage {
			t.Errorf("an existing --out was not refused: %d", code)
		}
	}
	if code, _, _ := run(t, vars, "", "chronology", "--vault", dir, "--case", caseID, "--out", filepath.Join(tmp, "c.txt")); code != ExitUsage {
		t.Errorf("an unknown format: %d", code)
	}
	if code, _, _ := run(t, vars, "", "chronology", "--vault", dir, "--case", caseID, "--out", filepath.Join(dir, "c.csv")); code != ExitUsage {
		t.Errorf("--out inside the vault: %d", code)
	}
}
