package cli

import (
	"bytes"
	"encoding/base64"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"codeberg.org/go-pdf/fpdf"

	"github.com/redress-app/redress/assets"
)

// reportPDF is a four-page conference report whose third page holds the
// decision.
func reportPDF(t *testing.T) []byte {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.AddUTF8FontFromBytes("sans", "", assets.SansRegular)
	pdf.SetFont("sans", "", 11)
	for _, text := range []string{
		"Initial child protection conference: report of the chair",
		"Present: the social worker, the health visitor, the parents",
		"The conference decided that the children should be subject to a child protection plan under the category of neglect.",
		"Next steps: a core group within ten working days",
	} {
		pdf.AddPage()
		pdf.MultiCell(0, 5, text, "", "L", false)
	}
	var b bytes.Buffer
	if err := pdf.Output(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestImportSearchLink: import a PDF and an email with an attachment, find
// a phrase by page, and cite that page with the words from an event.
func TestImportSearchLink(t *testing.T) {
	dir := testVault(t)
	vars := map[string]string{envPassphrase: cliPass}
	code, out, errs := run(t, vars, "", "case", "import", "--vault", dir, "../../casefile/testdata/full.case.json")
	if code != 0 {
		t.Fatalf("case import: %d %s", code, errs)
	}
	id := strings.Fields(out)[0]

	files := t.TempDir()
	report := filepath.Join(files, "ICPC report.pdf")
	os.WriteFile(report, reportPDF(t), 0o600)
	mail := filepath.Join(files, "minutes.eml")
	os.WriteFile(mail, []byte("From: chair@example.gov.uk\r\nSubject: Minutes\r\nMIME-Version: 1.0\r\n"+
		"Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nMinutes attached as promised.\r\n"+
		"--b\r\nContent-Type: text/plain; name=minutes.txt\r\nContent-Disposition: attachment; filename=minutes.txt\r\nContent-Transfer-Encoding: base64\r\n\r\n"+
		base64.StdEncoding.EncodeToString([]byte("The minutes record a safety plan agreed with grandparents."))+"\r\n--b--\r\n"), 0o600)
	code, out, errs = run(t, vars, "", "import", "--vault", dir, "--case", id, "--source", "council", report, mail)
	if code != 0 {
		t.Fatalf("import: %d %q %s", code, out, errs)
	}
	ids := regexp.MustCompile(`(?m)^(d\d+)\t`).FindAllStringSubmatch(out, -1)
	if len(ids) != 3 || !strings.Contains(out, "minutes.txt") {
		t.Fatalf("import printed %q (want the report, the email and its attachment)", out)
	}
	doc := ids[0][1]
	if !strings.Contains(errs, doc+": text read from 4 of 4 pages") {
		t.Errorf("import said %q", errs)
	}

	code, out, _ = run(t, vars, "", "search", "--vault", dir, "category of neglect")
	if code != 0 || !strings.Contains(out, "\tdocument\t"+doc+"#p3\t") || !strings.Contains(out, "category of neglect") {
		t.Fatalf("search: %d %q", code, out)
	}
	code, out, _ = run(t, vars, "", "search", "--vault", dir, "--case", id, "grandparents safety")
	if code != 0 || !strings.Contains(out, "\tdocument\t"+ids[2][1]+"#p1\t") {
		t.Fatalf("search for the attachment's words: %d %q", code, out)
	}

	quote := "subject to a child protection plan under the category of neglect"
	code, out, errs = run(t, vars, "", "link", "--vault", dir, "--case", id, "--quote", quote, "e1", doc+":3")
	if code != 0 || out != "e1 now cites "+doc+"#p3\n" {
		t.Fatalf("link: %d %q %s", code, out, errs)
	}
	code, out, _ = run(t, vars, "", "case", "export", "--vault", dir, "--case", id)
	if code != 0 || !strings.Contains(out, `"ref": "`+doc+`#p3"`) || !strings.Contains(out, `"quote": "`+quote+`"`) {
		t.Fatalf("export lacks the citation: %d\n%s", code, out)
	}
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"words not on the page", []string{"--quote", "no further action", "e1", doc + "#p3"}, "are not on page 3"},
		{"no such page", []string{"e1", doc + "#p9"}, "has 4 pages, not 9"},
		{"bad reference", []string{"e1", doc + "#3"}, "DOC:N works too"},
		{"no such event", []string{"e99", doc + "#p1"}, "not an event or a note"},
		{"a page for a note", []string{"n1", doc + "#p1"}, "a journal note lists documents"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errs := run(t, vars, "", append([]string{"link", "--vault", dir, "--case", id}, tc.args...)...)
			if code != 2 || !strings.Contains(errs, tc.want) {
				t.Errorf("%d %q, want %q", code, errs, tc.want)
			}
		})
	}
	if code, out, _ = run(t, vars, "", "link", "--vault", dir, "--case", id, "n1", doc); code != 0 || !strings.Contains(out, "n1 now cites "+doc) {
		t.Errorf("link a note: %d %q", code, out)
	}
}

// TestConferenceReportInTheBundle is issue 14's end-to-end test: import a
// conference report, find a phrase from its third page, cite that passage
// from the conference event, build a bundle, and read with pdftotext that
// the chronology row for the conference names the bundle page of that
// passage, and that the page so named holds it.
func TestConferenceReportInTheBundle(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext is not installed (apt-get install poppler-utils)")
	}
	dir := testVault(t)
	vars := map[string]string{envPassphrase: cliPass}
	code, out, errs := run(t, vars, "", "case", "import", "--vault", dir, "../../examples/bruised-baby.case.json")
	if code != 0 {
		t.Fatalf("case import: %d %s", code, errs)
	}
	id := strings.Fields(out)[0]
	files := t.TempDir()
	report := filepath.Join(files, "ICPC report.pdf")
	if err := os.WriteFile(report, reportPDF(t), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errs = run(t, vars, "", "import", "--vault", dir, "--case", id, "--source", "council", "--date", "2025-11-05", report)
	if code != 0 {
		t.Fatalf("import: %d %q %s", code, out, errs)
	}
	doc := regexp.MustCompile(`(?m)^(d\d+)\t`).FindStringSubmatch(out)
	if doc == nil {
		t.Fatalf("import printed %q", out)
	}
	code, out, _ = run(t, vars, "", "search", "--vault", dir, "--case", id, "category of neglect")
	if code != 0 || !strings.Contains(out, "\tdocument\t"+doc[1]+"#p3\t") {
		t.Fatalf("search did not find the phrase on page 3: %d %q", code, out)
	}
	// ic1 is the bruised-baby example's initial child protection conference.
	quote := "subject to a child protection plan under the category of neglect"
	code, out, errs = run(t, vars, "", "link", "--vault", dir, "--case", id, "--quote", quote, "ic1", doc[1]+":3")
	if code != 0 || out != "ic1 now cites "+doc[1]+"#p3\n" {
		t.Fatalf("link: %d %q %s", code, out, errs)
	}
	pdf := filepath.Join(files, "bundle.pdf")
	code, out, errs = run(t, vars, "", "bundle", "--vault", dir, "--case", id, "--quiet", "--as-of", "2026-12-01", "--out", pdf)
	if code != 0 {
		t.Fatalf("bundle: %d %q %s", code, out, errs)
	}
	o, err := exec.Command("pdftotext", "-enc", "UTF-8", "-layout", pdf, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	pages := strings.Split(string(o), "\f")
	// The chronology row of the conference: its date, its words, and in the
	// "source and page" column the report and the bundle page of page 3.
	row := regexp.MustCompile(`(?m)^.*6 Nov 2025.*Initial child protection.*$`)
	var cell string
	for _, p := range pages {
		if !strings.Contains(p, "Chronology") {
			continue
		}
		if m := row.FindString(p); m != "" {
			cell = m
			break
		}
	}
	if cell == "" {
		t.Fatalf("no chronology row for the conference in:\n%s", o)
	}
	label := regexp.MustCompile(`\b([A-Z]\d+)\s*$`).FindStringSubmatch(cell)
	if label == nil || !strings.Contains(cell, "ICPC report") {
		t.Fatalf("the conference's chronology row names no bundle page of the report: %q", cell)
	}
	// The row quotes the words cited, with the report's own page.
	raw, err := exec.Command("pdftotext", "-enc", "UTF-8", pdf, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	if words := strings.Join(strings.Fields(string(raw)), " "); !strings.Contains(words, "ICPC report.pdf, page 3: “"+quote+"”") {
		t.Errorf("the chronology does not quote the passage with its page:\n%s", raw)
	}
	// The page so labelled is the report's page 3 (its footer carries the
	// label; the passage may wrap across lines).
	found := false
	for _, p := range pages {
		words := strings.Join(strings.Fields(p), " ")
		if strings.HasSuffix(words, " "+label[1]) && strings.Contains(words, quote) {
			found = true
		}
	}
	if !found {
		t.Errorf("bundle page %s does not hold the passage cited (%q)", label[1], quote)
	}
}
