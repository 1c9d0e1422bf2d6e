package cli

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"codeberg.org/go-pdf/fpdf"

	"github.com/redress-app/redress/app/casework"
	"github.com/redress-app/redress/assets"
	"github.com/redress-app/redress/documents"
	"github.com/redress-app/redress/store"
)

// redactCase is a case whose record names other people: a social worker,
// another child, with a phone number, an email address and an address.
const redactCase = `{
  "format": "redress-case/1",
  "title": "Smith family",
  "authority": "Example Borough Council",
  "children": [{"id": "c1", "name": "Lily Smith", "born": "2025-01-05"}],
  "people": [
    {"id": "p1", "name": "Anna Smith", "role": "mother"},
    {"id": "p2", "name": "Karen Whitfield", "role": "social worker", "organisation": "Example Borough Council"},
    {"id": "p3", "name": "Tom Baker", "role": "child at the same nursery"}
  ],
  "events": [
    {"id": "e1", "kind": "referral-received", "date": "2026-03-02", "detail": "Karen Whitfield rang Anna Smith on 07700 900123 about Lily (born 5 January 2025)"},
    {"id": "e2", "kind": "strategy-discussion", "date": "2026-03-03", "attrs": {"s47": true, "agencies": ["childrens-social-care", "police", "health"]}, "detail": "Tom Baker's mother told the nursery; write to karen.whitfield@example.gov.uk"},
    {"id": "e3", "kind": "child-seen", "date": "2026-03-04", "detail": "Seen at 12 Acacia Avenue, Exampletown EX1 2AB, near Riverside Nursery"}
  ],
  "notes": [
    {"id": "n1", "occurred": "2026-03-02T09:30:00Z", "recorded": "2026-03-02T21:14:00Z", "kind": "call", "text": "Karen said Tom Baker was there too. Riverside Nursery."}
  ]
}`

// removed are the words the redaction must take out everywhere.
var removed = []string{"Karen", "Whitfield", "Tom Baker", "07700 900123", "karen.whitfield@example", "Acacia Avenue", "EX1 2AB", "Riverside", "5 January 2025"}

// kept are the family's words, which must stay.
var kept = []string{"Anna Smith", "Lily"}

// textPDF is an imported letter: names on pages 1 and 3, none on page 2.
func textPDF(t *testing.T) []byte {
	t.Helper()
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.AddUTF8FontFromBytes("sans", "", assets.SansRegular)
	pdf.SetFont("sans", "", 12)
	for _, text := range []string{
		"Visit record. The social worker, Karen Whitfield, saw Lily with Anna Smith.",
		"Page two says nothing about anyone: the plan continues unchanged.",
		"Contact: 07700 900123 or karen.whitfield@example.gov.uk, 12 Acacia Avenue, EX1 2AB.",
	} {
		pdf.AddPage()
		pdf.MultiCell(0, 6, text, "", "L", false)
	}
	// A bookmark and the document's title would carry a name into any
	// copy of the PDF's objects: the redacted bundle must not.
	pdf.SetTitle("Visit by Karen Whitfield", true)
	var b bytes.Buffer
	if err := pdf.Output(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// scanPNG is a scan: a picture of a page with words on it and no text.
func scanPNG(t *testing.T, r *documents.Reader) []byte {
	t.Helper()
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.AddUTF8FontFromBytes("sans", "", assets.SansRegular)
	pdf.SetFont("sans", "", 26)
	pdf.AddPage()
	pdf.MultiCell(0, 14, "Nursery note\nTom Baker was collected\nby his father at noon\nCall 07700 900123", "", "L", false)
	var b bytes.Buffer
	if err := pdf.Output(&b); err != nil {
		t.Fatal(err)
	}
	img, err := r.RenderPage(context.Background(), "scan.pdf", "application/pdf", b.Bytes(), 1, 1240, 1754)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := png.Encode(&out, img); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// holds reports which of words are in data, as UTF-8 or as UTF-16 (a PDF
// text string), in any case.
func holds(data []byte, words []string) []string {
	low := bytes.ToLower(data)
	var found []string
	for _, w := range words {
		lw := strings.ToLower(w)
		var u16 []byte
		for _, r := range lw {
			u16 = append(u16, byte(r>>8), byte(r))
		}
		if bytes.Contains(low, []byte(lw)) || bytes.Contains(low, u16) {
			found = append(found, w)
		}
	}
	return found
}

// TestRedactedExports is issue 17 section 2's acceptance test: a redacted
// chronology (CSV and XLSX), letter and bundle (generated pages, an
// imported text PDF and a scan) hold none of the removed words, in their
// bytes, their decompressed streams or their text; the pages without a
// match keep their text; verify reports the redacted pages as redacted
// copies, not as changes; and the originals in the vault are untouched.
func TestRedactedExports(t *testing.T) {
	for _, tool := range []string{"pdftotext", "qpdf"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed (poppler-utils, qpdf)", tool)
		}
	}
	dir := testVault(t)
	vars := map[string]string{envPassphrase: cliPass}
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

	reader := documents.New(documents.Options{})
	defer reader.Close()
	originals := map[string][]byte{"visit.pdf": textPDF(t)}
	_, tessErr := reader.Tesseract()
	if tessErr == nil {
		originals["scan.png"] = scanPNG(t, reader)
	} else {
		t.Logf("the scan is left out: Tesseract is missing (%v)", tessErr)
	}
	for name, data := range originals {
		p := filepath.Join(files, name)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		if code, out, errs := run(t, vars, "", "import", "--vault", dir, "--case", id, "--source", "council", "--date", "2026-03-05", p); code != 0 {
			t.Fatalf("import %s: %d %s %s", name, code, out, errs)
		}
	}
	spec := "default,word:Riverside"

	// The chronology, as CSV and as XLSX.
	for _, name := range []string{"c.csv", "c.xlsx"} {
		p := filepath.Join(files, name)
		if code, _, errs := run(t, vars, "", "chronology", "--vault", dir, "--case", id, "--as-of", "2026-05-01", "--redact", spec, "--out", p); code != 0 {
			t.Fatalf("chronology %s: %d %s", name, code, errs)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if name == "c.xlsx" {
			data = unzipAll(t, data)
		}
		if found := holds(data, removed); len(found) > 0 {
			t.Errorf("%s still holds %q", name, found)
		}
		if !bytes.Contains(data, []byte("[redacted]")) || !bytes.Contains(data, []byte("Anna Smith")) {
			t.Errorf("%s: no [redacted] or the family's name was taken out:\n%s", name, data)
		}
	}

	// The preview lists the changes and writes nothing.
	pv := filepath.Join(files, "preview.pdf")
	code, out, errs = run(t, vars, "", "bundle", "--vault", dir, "--case", id, "--quiet", "--as-of", "2026-05-01", "--redact", spec, "--redact-preview", "--out", pv)
	if code != 0 || !strings.Contains(out, "before: ") || !strings.Contains(out, "Karen Whitfield") || !strings.Contains(out, "visit.pdf, page 1") {
		t.Fatalf("bundle --redact-preview: %d\n%s\n%s", code, out, errs)
	}
	if _, err := os.Stat(pv); err == nil {
		t.Error("--redact-preview wrote the bundle")
	}

	// The bundle.
	pdf := filepath.Join(files, "bundle.pdf")
	code, out, errs = run(t, vars, "", "bundle", "--vault", dir, "--case", id, "--quiet", "--as-of", "2026-05-01", "--attach", "--redact", spec, "--out", pdf)
	if code != 0 {
		t.Fatalf("bundle: %d %s %s", code, out, errs)
	}
	data, err := os.ReadFile(pdf)
	if err != nil {
		t.Fatal(err)
	}
	if found := holds(data, removed); len(found) > 0 {
		t.Errorf("the bundle's bytes hold %q", found)
	}
	qdf := filepath.Join(files, "qdf.pdf")
	if o, err := exec.Command("qpdf", "--qdf", "--object-streams=disable", pdf, qdf).CombinedOutput(); err != nil {
		t.Fatalf("qpdf: %v %s", err, o)
	}
	if dec, err := os.ReadFile(qdf); err != nil {
		t.Fatal(err)
	} else if found := holds(dec, removed); len(found) > 0 {
		t.Errorf("the bundle's decompressed streams hold %q", found)
	}
	// REDRESS_REDACT_KEEP=FILE keeps the redacted bundle (made from the
	// test's own case) to look at.
	if keep := os.Getenv("REDRESS_REDACT_KEEP"); keep != "" {
		if err := os.WriteFile(keep, data, 0o600); err != nil {
			t.Error(err)
		}
	}
	txt, err := exec.Command("pdftotext", "-enc", "UTF-8", pdf, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	if found := holds(txt, removed); len(found) > 0 {
		t.Errorf("the bundle's text holds %q", found)
	}
	for _, w := range append(kept, "Page two says nothing about anyone", "[redacted]") {
		if !strings.Contains(strings.Join(strings.Fields(string(txt)), " "), w) {
			t.Errorf("the bundle's text lost %q", w)
		}
	}

	// verify: the pages redacted are named, and nothing is "changed".
	code, out, errs = run(t, vars, "", "verify", pdf)
	if code != 0 || !strings.Contains(out, "REDACTED COPY") {
		t.Fatalf("verify: %d\n%s\n%s", code, out, errs)
	}
	m := regexp.MustCompile(`Redacted pages \(\d+, [^)]*\): (.*)`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("verify names no redacted page:\n%s", out)
	}
	pages := strings.Split(m[1], ", ")
	// The visit's pages 1 and 3 are redacted, page 2 is not; the scan is
	// one page; the chronology and the notes had names.
	wantAtLeast := 2 + 1 + 1
	if tessErr == nil {
		wantAtLeast++
	}
	if len(pages) < wantAtLeast {
		t.Errorf("redacted pages %v, want at least %d", pages, wantAtLeast)
	}
	// What the redacted pages show: read with OCR, none of the words.
	if tessErr == nil {
		ocrPages(t, pdf, pages)
	}

	// The originals in the vault are as they were imported.
	v, err := store.Open(context.Background(), dir, []byte(cliPass))
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	c, err := v.LoadCase(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Documents) != len(originals) {
		t.Fatalf("%d documents in the vault, want %d", len(c.Documents), len(originals))
	}
	for _, d := range c.Documents {
		rc, err := v.OpenDocument(context.Background(), id, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if sha256.Sum256(got) != sha256.Sum256(originals[d.Name]) {
			t.Errorf("the vault's %s is not the original any more", d.Name)
		}
	}
}

// ocrPages draws each of the labelled pages of a bundle with pdftoppm and
// reads it with tesseract: none of the removed words may show.
func ocrPages(t *testing.T, pdf string, labels []string) {
	t.Helper()
	f, err := os.Open(pdf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	bc, err := casework.VerifyBundle(f, "")
	if err != nil {
		t.Fatal(err)
	}
	idx := map[string]int{}
	for i, p := range bc.Manifest.Pages {
		idx[p.Label] = i + 1
	}
	// Only the imported exhibits' pages are images: the pages Redress
	// makes are text, checked with pdftotext.
	imported := map[string]bool{}
	for _, e := range bc.Manifest.Exhibits {
		for i := idx[e.First]; !e.Generated && i <= idx[e.Last]; i++ {
			imported[bc.Manifest.Pages[i-1].Label] = true
		}
	}
	tmp := t.TempDir()
	read := 0
	for _, l := range labels {
		if !imported[l] {
			continue
		}
		n := strconv.Itoa(idx[l])
		img := filepath.Join(tmp, "p"+n)
		if o, err := exec.Command("pdftoppm", "-r", "150", "-f", n, "-l", n, "-png", "-singlefile", pdf, img).CombinedOutput(); err != nil {
			t.Fatalf("pdftoppm page %s: %v %s", l, err, o)
		}
		o, err := exec.Command("tesseract", img+".png", "stdout", "-l", "eng").Output()
		if err != nil {
			t.Fatalf("tesseract page %s: %v", l, err)
		}
		if found := holds(o, removed); len(found) > 0 {
			t.Errorf("page %s still shows %q:\n%s", l, found, o)
		}
		if strings.Contains(string(o), "Nursery note") || strings.Contains(string(o), "Visit record") {
			read++
		}
	}
	if read < 2 {
		t.Errorf("OCR read the visit's and the scan's redacted pages %d times, want 2: the check proves nothing", read)
	}
}

// unzipAll returns every file of a zip (an XLSX) one after another.
func unzipAll(t *testing.T, data []byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var all bytes.Buffer
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(&all, rc); err != nil {
			t.Fatal(err)
		}
		rc.Close()
	}
	return all.Bytes()
}

// TestRedactLetterAndUsage: a redacted letter loses the marked words and
// keeps the family's; a bad SPEC is a usage error that shows the syntax.
func TestRedactLetterAndUsage(t *testing.T) {
	dir := testVault(t)
	vars := map[string]string{envPassphrase: cliPass}
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
	plain := filepath.Join(files, "plain.txt")
	if code, _, errs := run(t, vars, "", "letter", "--vault", dir, "--case", id, "--kind", "sar", "--as-of", "2026-05-01", "--out", plain); code != 0 {
		t.Fatalf("letter: %d %s", code, errs)
	}
	before, _ := os.ReadFile(plain)
	if !strings.Contains(string(before), "Example Borough Council") {
		t.Fatalf("the letter does not name the council, so the test proves nothing:\n%s", before)
	}
	red := filepath.Join(files, "red.txt")
	code, _, errs = run(t, vars, "", "letter", "--vault", dir, "--case", id, "--kind", "sar", "--as-of", "2026-05-01", "--redact", "word:Example Borough,style:bar", "--out", red)
	if code != 0 || !strings.Contains(errs, "redacted: ") {
		t.Fatalf("letter --redact: %d %s", code, errs)
	}
	after, _ := os.ReadFile(red)
	if strings.Contains(strings.ToLower(string(after)), "example borough") || !strings.Contains(string(after), "██████ Council") {
		t.Errorf("the redacted letter:\n%s", after)
	}
	for _, args := range [][]string{
		{"chronology", "--vault", dir, "--case", id, "--redact", "names", "--out", filepath.Join(files, "x.csv")},
		{"bundle", "--vault", dir, "--case", id, "--redact-preview", "--out", filepath.Join(files, "x.pdf")},
	} {
		code, _, errs := run(t, vars, "", args...)
		if code != ExitUsage || !strings.Contains(errs, "word:TEXT") {
			t.Errorf("%v: %d %s", args, code, errs)
		}
	}
	code, out, _ = run(t, vars, "", "help", "chronology")
	if code != 0 || !strings.Contains(out, "--redact SPEC is a list") {
		t.Errorf("help chronology does not explain --redact:\n%s", out)
	}
}
