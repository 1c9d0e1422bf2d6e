package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/redress-app/redress/letters/authorities"
	"github.com/redress-app/redress/letters/authorities/authoritiestest"
	"github.com/redress-app/redress/letters/bundle/bundletest"
)

// TestAuthoritiesBundle builds the authorities bundle of examples/bruised-baby
// from the command line, first with no authority imported (every one is to
// add, and the command says how), then with the Children Act imported as
// the instructions say: its text follows its entry, the index links and
// the bookmarks land on it, and it no longer needs adding.
func TestAuthoritiesBundle(t *testing.T) {
	dir := testVault(t)
	vars := map[string]string{envPassphrase: cliPass}
	code, out, errs := run(t, vars, "", "case", "import", "--vault", dir, "../../examples/bruised-baby.case.json")
	if code != 0 {
		t.Fatalf("case import: %d %s", code, errs)
	}
	id := strings.Fields(out)[0]
	files := t.TempDir()
	first := filepath.Join(files, "authorities.pdf")
	code, out, errs = run(t, vars, "", "bundle", "--authorities", "--vault", dir, "--case", id, "--as-of", "2026-12-04", "--quiet", "--out", first)
	if code != 0 {
		t.Fatalf("bundle --authorities: %d %s %s", code, out, errs)
	}
	if !strings.Contains(out, "wrote "+first+": ") || !strings.Contains(out, "0 with their text") {
		t.Errorf("stdout %q", out)
	}
	for _, w := range []string{"You must add the text of ", "Children Act 1989\n", authorities.ImportCommand(id, "children-act-1989")} {
		if !strings.Contains(errs, w) {
			t.Errorf("stderr lacks %q:\n%s", w, errs)
		}
	}
	rb := authoritiestest.ReadBack(t, first)
	for _, w := range []string{
		"Table of authorities", "Children Act 1989", "Working Together to Safeguard Children 2023",
		"R (AB and CD) v London Borough of Haringey [2013] EWHC 416 (Admin)",
		"http://www.bailii.org/ew/cases/EWHC/Admin/2013/416.html",
		"verified-primary", "verified-secondary", "[statutory-guidance; unverified]", "paragraph number not verified",
		authorities.MustAddWords + ": import it with its source set to authority:children-act-1989",
		"not included",
	} {
		if !strings.Contains(rb.Flat, w) {
			t.Errorf("pdftotext lacks %q", w)
		}
	}

	// Import the Act's text as the bundle says, and build again.
	act := filepath.Join(files, "Children Act 1989 s47.pdf")
	if err := os.WriteFile(act, bundletest.TextPDF(t, "Children Act 1989 section 47 enquiries", 3, false), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errs = run(t, vars, "", "import", "--vault", dir, "--case", id, "--source", "authority:children-act-1989", act)
	if code != 0 {
		t.Fatalf("import: %d %s %s", code, out, errs)
	}
	second := filepath.Join(files, "authorities-2.pdf")
	code, out, errs = run(t, vars, "", "bundle", "--authorities", "--vault", dir, "--case", id, "--as-of", "2026-12-04", "--quiet", "--out", second)
	if code != 0 {
		t.Fatalf("bundle --authorities: %d %s %s", code, out, errs)
	}
	if !strings.Contains(out, "1 with their text") || strings.Contains(errs, authorities.ImportCommand(id, "children-act-1989")) {
		t.Errorf("the Act is still to add:\n%s\n%s", out, errs)
	}
	rb = authoritiestest.ReadBack(t, second)
	b1 := -1
	for i, l := range rb.Labels {
		if l == "B1" {
			b1 = i + 1
		}
	}
	if b1 < 0 {
		t.Fatalf("no page B1: labels %v", rb.Labels)
	}
	if !strings.Contains(rb.Pages[b1-1], "Children Act 1989 section 47 enquiries") {
		t.Errorf("page B1 (%d) does not hold the Act's text:\n%s", b1, rb.Pages[b1-1])
	}
	if !strings.Contains(rb.Flat, "1. Children Act 1989 B1–B3") || !strings.Contains(rb.Flat, "Text: B1–B3, as you imported it") {
		t.Error("the table does not give the Act's pages")
	}
	if !rb.LinkTargets[b1] {
		t.Errorf("no link lands on B1 (page %d): %v", b1, rb.LinkTargets)
	}
	found := false
	for title, page := range rb.Bookmarks {
		if strings.HasSuffix(title, "Children Act 1989") && page == b1 {
			found = true
		}
	}
	if !found {
		t.Errorf("no bookmark for the Act on page %d: %v", b1, rb.Bookmarks)
	}

	// redress verify checks the authorities bundle as it checks any bundle.
	code, out, errs = run(t, vars, "", "verify", second)
	if code != 0 || !strings.Contains(out, "OK: every one of the") {
		t.Errorf("verify: %d %s %s", code, out, errs)
	}
	// The evidence bundle leaves the Act's text out, without calling it left out.
	evidence := filepath.Join(files, "evidence.pdf")
	code, out, errs = run(t, vars, "", "bundle", "--vault", dir, "--case", id, "--as-of", "2026-12-04", "--quiet", "--out", evidence)
	if code != 0 {
		t.Fatalf("bundle: %d %s %s", code, out, errs)
	}
	if strings.Contains(errs, "Children Act 1989 s47.pdf") || !strings.Contains(out, "0 documents") {
		t.Errorf("the evidence bundle took or named the Act's text: %s %s", out, errs)
	}
	if rb := authoritiestest.ReadBack(t, evidence); strings.Contains(rb.Flat, "Children Act 1989 section 47 enquiries") {
		t.Error("the Act's text is in the evidence bundle")
	}
}

// TestAuthoritiesHelp: redress help lists the authorities bundle, and
// redress help authorities and bundle --authorities --help give its flags.
func TestAuthoritiesHelp(t *testing.T) {
	_, out, _ := run(t, nil, "", "help")
	if !strings.Contains(out, "redress "+authoritiesUsage) {
		t.Errorf("help lacks the authorities bundle:\n%s", out)
	}
	for _, args := range [][]string{{"help", "authorities"}, {"bundle", "--authorities", "--help"}} {
		code, out, errs := run(t, nil, "", args...)
		if code != 0 || !strings.Contains(out, "-authorities") || !strings.Contains(out, "authority:KEY") {
			t.Errorf("%v: %d %s %s", args, code, out, errs)
		}
	}
	code, _, errs := run(t, nil, "", "bundle", "--authorities", "--vault", t.TempDir())
	if code != 2 || !strings.Contains(errs, "--out") {
		t.Errorf("no --out: %d %s", code, errs)
	}
}
