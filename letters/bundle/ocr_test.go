package bundle

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/redress-app/redress/letters/bundle/bundletest"
)

// ocrLines are the words drawn on the test's scanned page.
var ocrLines = []string{"The strategy discussion was held", "without the police on Tuesday"}

// scanWithWords draws lines of text on a blank 150 dpi A4 page (ImageMagick)
// and returns it as a grey JPEG and as a one-page scanned PDF; the test is
// skipped, saying why, when ImageMagick is missing.
func scanWithWords(t *testing.T, lines []string) (jpeg, pdf []byte) {
	t.Helper()
	if _, err := exec.LookPath("convert"); err != nil {
		t.Skip("ImageMagick's convert is not installed (apt-get install imagemagick): the scanned page cannot be drawn")
	}
	out := filepath.Join(t.TempDir(), "scan.jpg")
	args := []string{"-size", fmt.Sprintf("%dx%d", bundletest.ScanW, bundletest.ScanH), "xc:white", "-font", "DejaVu-Sans", "-pointsize", "40"}
	for i, l := range lines {
		args = append(args, "-annotate", fmt.Sprintf("+120+%d", 300+80*i), l)
	}
	args = append(args, "-colorspace", "Gray", "-type", "Grayscale", "-quality", "85", out)
	if o, err := exec.Command("convert", args...).CombinedOutput(); err != nil {
		t.Skipf("ImageMagick could not draw the page (%v: %s)", err, o)
	}
	jpeg, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := bundletest.WriteScannedPDF(&buf, 1, func(int) ([]byte, error) { return jpeg, nil }); err != nil {
		t.Fatal(err)
	}
	return jpeg, buf.Bytes()
}

// tesseractWords reads the words of an image with Tesseract (TSV), as the
// documents package does at import, as fractions of the image.
func tesseractWords(t *testing.T, img []byte) []Word {
	t.Helper()
	if _, err := exec.LookPath("tesseract"); err != nil {
		t.Skip("Tesseract is not installed (apt-get install tesseract-ocr tesseract-ocr-eng): the OCR text layer test is skipped")
	}
	in := filepath.Join(t.TempDir(), "page.jpg")
	if err := os.WriteFile(in, img, 0o600); err != nil {
		t.Fatal(err)
	}
	o, err := exec.Command("tesseract", in, "-", "-l", "eng", "tsv").Output()
	if err != nil {
		t.Fatalf("tesseract: %v", err)
	}
	var words []Word
	var pw, ph float64
	sc := bufio.NewScanner(bytes.NewReader(o))
	for sc.Scan() {
		f := strings.Split(sc.Text(), "\t")
		if len(f) < 12 || f[0] == "level" {
			continue
		}
		n := make([]float64, 4)
		for i := range n {
			n[i], _ = strconv.ParseFloat(f[6+i], 64)
		}
		switch f[0] {
		case "1":
			pw, ph = n[2], n[3]
		case "5":
			if strings.TrimSpace(f[11]) == "" || pw == 0 {
				continue
			}
			words = append(words, Word{Text: f[11], X0: n[0] / pw, Y0: n[1] / ph, X1: (n[0] + n[2]) / pw, Y1: (n[1] + n[3]) / ph})
		}
	}
	return words
}

func pdftotextPage(t *testing.T, data []byte, page int) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext is not installed (apt-get install poppler-utils)")
	}
	path := filepath.Join(t.TempDir(), "b.pdf")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	o, err := exec.Command("pdftotext", "-enc", "UTF-8", "-f", strconv.Itoa(page), "-l", strconv.Itoa(page), path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(o)
}

// ocrBundle is a small bundle: the front matter, a scanned page whose words
// the item gives, and a scan whose words cannot be read.
func ocrBundle(t *testing.T, pdf []byte, words []Word, style Style) *Bundle {
	t.Helper()
	scan := memItem("s1", "Case notes (scanned)", "2025-10-20", "council", "notes.pdf", "application/pdf", pdf)
	calls := 0
	scan.Words = func(_ context.Context, page int) ([]Word, error) {
		calls++
		if page != 1 {
			return nil, fmt.Errorf("no page %d", page)
		}
		return words, nil
	}
	failed := memItem("s2", "Unreadable scan", "2025-10-21", "council", "other.pdf", "application/pdf", bundletest.ScanPDF(t, 2))
	failed.Words = func(context.Context, int) ([]Word, error) { return nil, errors.New("tesseract is not installed") }
	b := testBundle(t)
	b.Style = style
	b.Sections = []Section{
		{Label: "A", Title: "Index", Parts: []Part{{Kind: Cover}, {Kind: Index}}},
		{Label: "C", Title: "The council's documents", Parts: []Part{{Kind: Document, Item: scan}, {Kind: Document, Item: failed}}},
	}
	b.Chronology = nil
	return b
}

// TestTextLayerFromWords lays words given for a scanned page on it as
// invisible text, which pdftotext then reads on that page; a scan whose
// words cannot be read is in the pre-flight, page by page, with why.
func TestTextLayerFromWords(t *testing.T) {
	var buf bytes.Buffer
	if err := bundletest.WriteScannedPDF(&buf, 1, func(int) ([]byte, error) { return bundletest.ScanJPEG(7) }); err != nil {
		t.Fatal(err)
	}
	// Words placed by hand (the page is noise: these are not OCR's).
	words := []Word{
		{Text: "Constructed", X0: 0.10, Y0: 0.20, X1: 0.30, Y1: 0.23},
		{Text: "wörds", X0: 0.32, Y0: 0.20, X1: 0.45, Y1: 0.23},
		{Text: "at", X0: 0.47, Y0: 0.20, X1: 0.51, Y1: 0.23},
		{Text: "the", X0: 0.10, Y0: 0.30, X1: 0.18, Y1: 0.33},
		{Text: "top", X0: 0.20, Y0: 0.30, X1: 0.28, Y1: 0.33},
	}
	data, plan, res := buildTest(t, ocrBundle(t, buf.Bytes(), words, StyleCourt))
	if err := os.WriteFile(filepath.Join(keepDir(t), "ocr-bundle.pdf"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	page := 0
	for i, l := range res.Labels {
		if l == res.Manifest.Exhibits[0].First {
			page = i + 1
		}
	}
	txt := pdftotextPage(t, data, page)
	for _, want := range []string{"Constructed wörds at", "the top"} {
		if !strings.Contains(txt, want) {
			t.Errorf("page %d: pdftotext does not find %q:\n%s", page, want, txt)
		}
	}
	var noText []string
	for _, p := range plan.Report().Problems {
		if p.Kind == ProblemNoText {
			noText = append(noText, p.Item+": "+p.Message)
		}
	}
	if len(noText) != 1 || !strings.HasPrefix(noText[0], "s2: ") || !strings.Contains(noText[0], "OCR failed on pages 1–2 (tesseract is not installed)") {
		t.Errorf("pre-flight about text layers: %q", noText)
	}
	if v, err := Verify(bytes.NewReader(data)); err != nil || !v.OK() {
		t.Errorf("verify: %v %+v", err, v)
	}
}

// TestOCRTextLayer is the acceptance test: a page with known words, drawn
// as a scan, read by Tesseract, bundled in each style: pdftotext finds the
// words on that page of the bundle.
func TestOCRTextLayer(t *testing.T) {
	jpeg, pdf := scanWithWords(t, ocrLines)
	words := tesseractWords(t, jpeg)
	if len(words) < 8 {
		t.Fatalf("Tesseract read %d words from the page", len(words))
	}
	for _, st := range Styles {
		t.Run(string(st), func(t *testing.T) {
			data, _, res := buildTest(t, ocrBundle(t, pdf, words, st))
			first := res.Manifest.Exhibits[0].First
			page := 0
			for i, l := range res.Labels {
				if l == first {
					page = i + 1
				}
			}
			txt := strings.Join(strings.Fields(pdftotextPage(t, data, page)), " ")
			for _, want := range ocrLines {
				if !strings.Contains(txt, want) {
					t.Errorf("page %s (%d): pdftotext does not find %q in:\n%s", first, page, want, txt)
				}
			}
		})
	}
}

func TestFootClear(t *testing.T) {
	top := []Word{{Text: "top", X0: 0.1, Y0: 0.1, X1: 0.2, Y1: 0.12}}
	foot := []Word{{Text: "foot", X0: 0.1, Y0: 0.95, X1: 0.2, Y1: 0.965}}
	for _, tc := range []struct {
		name  string
		words []Word
		h     float64
		want  bool
	}{
		{"nothing", nil, 841.89, true},
		{"words at the top of A4", top, 841.89, true},
		{"a word in A4's foot", foot, 841.89, false},
		// 0.965 of a landscape page (595 high) is 20.8 points from its
		// foot: in the stamp's 32.
		{"the same word on a landscape page", foot, 595.28, false},
		{"a word just above the zone of a landscape page", []Word{{Text: "x", X0: 0.1, Y0: 0.9, X1: 0.2, Y1: 0.94}}, 595.28, true},
		{"a page shorter than the stamp", top, 20, false},
	} {
		if got := footClear(tc.words, tc.h); got != tc.want {
			t.Errorf("%s: footClear = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// TestStampNeverCovers: a scanned page whose words reach its foot is shrunk
// so that the stamp is below them; one whose words leave the foot clear is
// not; a page whose words are not known is.
func TestStampNeverCovers(t *testing.T) {
	clear := []Word{{Text: "Heading", X0: 0.1, Y0: 0.1, X1: 0.3, Y1: 0.13}}
	low := append([]Word{}, clear...)
	low = append(low, Word{Text: "signature", X0: 0.7, Y0: 0.965, X1: 0.9, Y1: 0.985})
	mk := func(id string, words []Word) *Item {
		it := memItem(id, "Scan "+id, "2025-10-20", "council", id+".pdf", "application/pdf", bundletest.ScanPDF(t, 1))
		if words != nil {
			it.Words = func(context.Context, int) ([]Word, error) { return words, nil }
		}
		return it
	}
	for _, tc := range []struct {
		name   string
		item   *Item
		shrunk int
	}{
		{"words clear of the foot", mk("a", clear), 0},
		{"a word in the foot", mk("b", low), 1},
		{"words not known", mk("c", nil), 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := testBundle(t)
			b.Sections = []Section{{Label: "A", Title: "Index", Parts: []Part{{Kind: Cover}, {Kind: Index}}},
				{Label: "C", Title: "Documents", Parts: []Part{{Kind: Document, Item: tc.item}}}}
			b.Chronology = nil
			data, _, res := buildTest(t, b)
			if res.Shrunk != tc.shrunk {
				t.Errorf("%d pages shrunk, want %d", res.Shrunk, tc.shrunk)
			}
			if v, err := Verify(bytes.NewReader(data)); err != nil || !v.OK() {
				t.Errorf("verify: %v %+v", err, v)
			}
		})
	}
}
