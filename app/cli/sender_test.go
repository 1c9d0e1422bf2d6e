package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSender(t *testing.T) {
	dir := testVault(t)
	vars := map[string]string{envPassphrase: cliPass}
	code, out, errs := run(t, vars, "", "sender", "--vault", dir)
	if code != 0 || !strings.Contains(out, "Name:    (not set)") {
		t.Fatalf("sender before any are set: %d %q %s", code, out, errs)
	}
	code, out, errs = run(t, vars, "", "sender", "--vault", dir, "--name", " Sam Okafor ", "--address", "22 Linden Row,  Example City\nEC2 3CD,", "--email", "sam@example.org")
	want := "Name:    Sam Okafor\nAddress: 22 Linden Row, Example City, EC2 3CD\nEmail:   sam@example.org\n"
	if code != 0 || out != want {
		t.Fatalf("sender set: %d %q %s", code, out, errs)
	}
	// Setting one field keeps the others; "-" removes the email.
	if code, out, _ = run(t, vars, "", "sender", "--vault", dir, "--email", "-"); code != 0 || !strings.Contains(out, "Email:   (not set)") || !strings.Contains(out, "Sam Okafor") {
		t.Fatalf("sender --email -: %d %q", code, out)
	}

	code, out, errs = run(t, vars, "", "case", "import", "--vault", dir, "../../examples/checks-before-enquiry.case.json")
	if code != 0 {
		t.Fatalf("case import: %d %s", code, errs)
	}
	id := strings.Fields(out)[0]
	letter := filepath.Join(t.TempDir(), "stage1.txt")
	if code, _, errs = run(t, vars, "", "letter", "--vault", dir, "--case", id, "--kind", "stage1", "--procedure", "corporate",
		"--as-of", "2026-03-20", "--format", "txt", "--out", letter); code != 0 {
		t.Fatalf("letter: %d %s", code, errs)
	}
	text, err := os.ReadFile(letter)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"Sam Okafor\n22 Linden Row\nExample City\nEC2 3CD"} {
		if !strings.Contains(string(text), w) {
			t.Errorf("the letter is not signed with the sender's details %q:\n%s", w, text)
		}
	}

	if code, _, errs = run(t, vars, "", "sender", "--vault", dir, "extra"); code != 2 || !strings.Contains(errs, "no arguments") {
		t.Errorf("sender with an argument: %d %q", code, errs)
	}
	if code, _, _ = run(t, vars, "", "sender"); code != 2 {
		t.Errorf("sender without --vault: %d", code)
	}
}
