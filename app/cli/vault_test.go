package cli

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/store"
)

const cliPass = "tulip-ladder-orbit-7"

// run runs the command line with the given environment variables.
func run(t *testing.T, vars map[string]string, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	env := &Env{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb,
		Getenv: func(k string) string { return vars[k] }, Now: time.Now}
	code = Main(env, args)
	if strings.Contains(out.String()+errb.String(), cliPass) {
		t.Fatalf("the passphrase was printed: %s %s", out.String(), errb.String())
	}
	return code, out.String(), errb.String()
}

// testVault makes a vault with the cheap test KDF, as store's tests do.
func testVault(t *testing.T) string {
	dir := filepath.Join(t.TempDir(), "vault")
	v, err := store.Create(context.Background(), dir, []byte(cliPass), store.WithKDF(store.TestKDF), store.WithInsecureKDF())
	if err != nil {
		t.Fatal(err)
	}
	v.Close()
	return dir
}

func TestVaultCommands(t *testing.T) {
	dir := testVault(t)
	vars := map[string]string{envPassphrase: cliPass}
	example := "../../casefile/testdata/full.case.json"

	code, out, errs := run(t, vars, "", "case", "import", "--vault", dir, example)
	if code != 0 {
		t.Fatalf("case import: %d %s", code, errs)
	}
	id := strings.Fields(out)[0]

	code, out, _ = run(t, vars, "", "case", "list", "--vault", dir)
	if code != 0 || out != id+"\tEvery field, in canonical form\n" {
		t.Fatalf("case list: %d %q", code, out)
	}

	code, out, _ = run(t, vars, "", "case", "export", "--vault", dir, "--case", "Every field, in canonical form")
	c, _ := casefile.ReadFile(example)
	want, _ := casefile.Marshal(c)
	if code != 0 || out != string(want) {
		t.Fatalf("case export: %d\n%s", code, out)
	}

	code, out, errs = run(t, vars, "", "note", "add", "--vault", dir, "--case", id, "--kind", "call", "--occurred", "2026-03-05 14:30", "The", "social", "worker", "rang")
	if code != 0 || !strings.HasPrefix(out, "n2\trecorded ") {
		t.Fatalf("note add: %d %q %s", code, out, errs)
	}

	doc := filepath.Join(t.TempDir(), "letter.pdf")
	body := []byte("%PDF-1.4\nthe council's letter\n")
	os.WriteFile(doc, body, 0o600)
	sum := sha256.Sum256(body)
	code, out, errs = run(t, vars, "", "import", "--vault", dir, "--case", id, "--source", "council", "--date", "2026-03-04", doc)
	if code != 0 || !strings.Contains(out, hex.EncodeToString(sum[:])) || !strings.Contains(out, "application/pdf") {
		t.Fatalf("import: %d %q %s", code, out, errs)
	}
	code, out, _ = run(t, vars, "", "case", "export", "--vault", dir, "--case", id)
	if code != 0 || !strings.Contains(out, `"source": "council"`) || !strings.Contains(out, `"date": "2026-03-04"`) {
		t.Fatalf("imported document lacks its source and date: %d\n%s", code, out)
	}
	if code, _, errs = run(t, vars, "", "import", "--vault", dir, "--case", id, "--date", "4/3/26", doc); code != 2 || !strings.Contains(errs, "--date") {
		t.Fatalf("a bad --date: %d %q", code, errs)
	}

	code, out, _ = run(t, vars, "", "search", "--vault", dir, "social worker")
	if code != 0 || !strings.Contains(out, "\tnote\tn2\t2026-03-05\tThe social worker rang") {
		t.Fatalf("search: %d %q", code, out)
	}
	code, _, errs = run(t, vars, "", "search", "--vault", dir, "--case", id, "zebra")
	if code != 0 || !strings.Contains(errs, "nothing matches") {
		t.Fatalf("search with no hits: %d %q", code, errs)
	}

	code, out, _ = run(t, vars, "", "vault", "verify", "--vault", dir)
	if code != 0 || !strings.Contains(out, "verifies: 1 cases") || !strings.Contains(out, id+"\t") {
		t.Fatalf("vault verify: %d %q", code, out)
	}

	backup := filepath.Join(t.TempDir(), "b.redress-backup")
	if code, _, errs = run(t, vars, "", "vault", "backup", "--vault", dir, "--out", backup); code != 0 {
		t.Fatalf("vault backup: %d %s", code, errs)
	}
	restored := filepath.Join(t.TempDir(), "restored")
	if code, _, errs = run(t, vars, "", "vault", "restore", "--vault", restored, "--from", backup); code != 0 {
		t.Fatalf("vault restore: %d %s", code, errs)
	}
	if code, _, errs = run(t, vars, "", "vault", "restore", "--vault", restored, "--from", backup); code != 2 || !strings.Contains(errs, "already a vault") {
		t.Fatalf("restore over a vault: %d %s", code, errs)
	}
	code, out, _ = run(t, vars, "", "case", "export", "--vault", restored, "--case", id)
	if code != 0 || !strings.Contains(out, "The social worker rang") {
		t.Fatalf("export from the restored vault: %d", code)
	}

	// Passphrase change, from the environment.
	newVars := map[string]string{envPassphrase: cliPass, envNewPassphrase: cliPass + "-new"}
	if code, _, errs = run(t, newVars, "", "vault", "passwd", "--vault", dir); code != 0 {
		t.Fatalf("vault passwd: %d %s", code, errs)
	}
	code, _, errs = run(t, vars, "", "case", "list", "--vault", dir)
	if code != 1 || !strings.Contains(errs, "that passphrase did not open this vault. Check Caps Lock") {
		t.Fatalf("old passphrase after passwd: %d %q", code, errs)
	}
	pf := filepath.Join(t.TempDir(), "pass")
	os.WriteFile(pf, []byte(cliPass+"-new\n"), 0o600)
	if code, _, errs = run(t, nil, "", "case", "list", "--vault", dir, "--passphrase-file", pf); code != 0 {
		t.Fatalf("--passphrase-file: %d %s", code, errs)
	}
}

func TestVaultCommandErrors(t *testing.T) {
	dir := testVault(t)
	vars := map[string]string{envPassphrase: cliPass}
	tests := []struct {
		name     string
		vars     map[string]string
		args     []string
		wantCode int
		wantErr  string
	}{
		{"no passphrase and no terminal", nil, []string{"case", "list", "--vault", dir}, 2, "no passphrase: set REDRESS_PASSPHRASE"},
		{"no vault flag", vars, []string{"case", "list"}, 2, "needs --vault PATH"},
		{"no such vault", vars, []string{"case", "list", "--vault", dir + "-missing"}, 2, "there is no vault there"},
		{"unknown case", vars, []string{"note", "add", "--vault", dir, "--case", "nobody", "hello"}, 2, "\"redress case list\" shows the cases"},
		{"no case flag", vars, []string{"note", "add", "--vault", dir, "hello"}, 2, "--case is needed"},
		{"bad kind", vars, []string{"note", "add", "--vault", dir, "--case", "x", "--kind", "phone", "hello"}, 2, "--kind \"phone\" is not one of"},
		{"bad time", vars, []string{"note", "add", "--vault", dir, "--case", "x", "--occurred", "yesterday", "hello"}, 2, "is not a time"},
		{"no subcommand", vars, []string{"vault"}, 2, "vault needs a subcommand"},
		{"misspelt subcommand", vars, []string{"vault", "verfy"}, 2, "did you mean \"verify\""},
		{"backup without --out", vars, []string{"vault", "backup", "--vault", dir}, 2, "needs --out FILE"},
		{"bad case file", vars, []string{"case", "import", "--vault", dir, "/dev/null"}, 2, "case file"},
		{"import a folder", vars, []string{"import", "--vault", dir, "--case", "x", dir}, 2, "it is a folder"},
		{"create over a vault", vars, []string{"vault", "create", "--vault", dir}, 2, "not empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errs := run(t, tt.vars, "", tt.args...)
			if code != tt.wantCode || !strings.Contains(errs, tt.wantErr) {
				t.Fatalf("exit %d, stderr %q; want %d and %q", code, errs, tt.wantCode, tt.wantErr)
			}
		})
	}
}

func TestVaultCreateCalibrates(t *testing.T) {
	if testing.Short() {
		t.Skip("calibrates Argon2id for about a second")
	}
	dir := filepath.Join(t.TempDir(), "v")
	code, out, errs := run(t, map[string]string{envPassphrase: cliPass}, "", "vault", "create", "--vault", dir)
	if code != 0 || !strings.Contains(out, "created vault") || !strings.Contains(errs, "Nobody can recover") {
		t.Fatalf("vault create: %d %q %q", code, out, errs)
	}
	code, _, errs = run(t, map[string]string{envPassphrase: cliPass}, "", "vault", "verify", "--vault", dir)
	if code != 0 {
		t.Fatalf("verify the new vault: %d %s", code, errs)
	}
}
