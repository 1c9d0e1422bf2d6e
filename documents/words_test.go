package documents

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"codeberg.org/go-pdf/fpdf"

	"github.com/redress-app/redress/assets"
)

// placedPDF is an A4 PDF with words set at known places: each word's left
// edge and baseline in millimetres.
func placedPDF(t testing.TB, words []placed) []byte {
	t.Helper()
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetCreationDate(fixedTime)
	pdf.AddUTF8FontFromBytes("sans", "", assets.SansRegular)
	pdf.SetFont("sans", "", 12)
	pdf.AddPage()
	for _, w := range words {
		pdf.Text(w.x, w.y, w.text)
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

type placed struct {
	text string
	x, y float64 // mm from the top left: left edge and baseline
}

func findWord(words []Word, text string) (Word, bool) {
	for _, w := range words {
		if w.Text == text {
			return w, true
		}
	}
	return Word{}, false
}

// TestPDFPageWords: the words of a text PDF come back with boxes where
// they were set: the left edge at x, the baseline inside the box, near
// its bottom, and the box a line high.
func TestPDFPageWords(t *testing.T) {
	set := []placed{
		{"Initial", 20, 40}, {"child", 40, 40}, {"protection", 60, 40},
		{"conference", 150, 120}, {"minutes,", 30, 250}, {"page", 120, 250},
	}
	pdf := placedPDF(t, set)
	words, err := testReader.PageWords(context.Background(), "report.pdf", "application/pdf", pdf, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(words) != len(set) {
		t.Fatalf("%d words, want %d: %+v", len(words), len(set), words)
	}
	line := 12 * 25.4 / 72 / 297 // a 12 point line, as a fraction of A4's height
	for _, s := range set {
		w, ok := findWord(words, s.text)
		if !ok {
			t.Errorf("no word %q in %+v", s.text, words)
			continue
		}
		x, base := s.x/210, s.y/297
		if math.Abs(w.X0-x) > 0.004 {
			t.Errorf("%q starts at %.4f, want %.4f", s.text, w.X0, x)
		}
		if w.X1 <= w.X0 || w.X1-w.X0 > float64(len(s.text))*0.02 {
			t.Errorf("%q is %.4f wide", s.text, w.X1-w.X0)
		}
		if !(w.Y0 < base && base < w.Y1) || w.Y1-base > line/2 || base-w.Y0 > line*1.2 {
			t.Errorf("%q spans %.4f-%.4f, baseline at %.4f", s.text, w.Y0, w.Y1, base)
		}
	}
	// Words on one baseline share their top and bottom.
	a, _ := findWord(words, "Initial")
	b, _ := findWord(words, "protection")
	if math.Abs(a.Y0-b.Y0) > 0.002 || math.Abs(a.Y1-b.Y1) > 0.002 {
		t.Errorf("one line, two heights: %+v %+v", a, b)
	}

	// A wrapped paragraph: every word of the text, in reading order.
	para := "The chair decided that the children should be subject to a child protection plan under the category of neglect, and the core group will meet within ten working days."
	long := textPDF(t, [][]string{{"first page"}, {para}})
	words, err = testReader.PageWords(context.Background(), "report.pdf", "", long, 2)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, w := range words {
		got = append(got, w.Text)
		if w.X0 < 0 || w.Y0 < 0 || w.X1 > 1 || w.Y1 > 1 || w.X0 >= w.X1 || w.Y0 >= w.Y1 {
			t.Errorf("box out of the page: %+v", w)
		}
	}
	if strings.Join(got, " ") != para {
		t.Errorf("words = %q", got)
	}
	if _, err := testReader.PageWords(context.Background(), "report.pdf", "", long, 3); err == nil {
		t.Error("page 3 of a 2-page PDF gave no error")
	}
}

// TestScannedPageWords: a page of text drawn in the test and read by
// tesseract, as an image file and as an image-only PDF page, gives its
// words where they were drawn.
func TestScannedPageWords(t *testing.T) {
	lines := []string{"Section 47 enquiry outcome letter", "The strategy discussion was held on", "Tuesday and agreed no further action."}
	scan := scanPNG(t, lines) // 1240 x 1754, text from x=120, baselines at 200, 260, 320
	pdf := imagePDF(t, scan)
	if _, err := testReader.Tesseract(); err != nil {
		t.Skipf("OCR not tried (tesseract is not installed): %v", err)
	}
	for _, tc := range []struct {
		name, typ string
		data      []byte
	}{{"scan.png", "image/png", scan}, {"scan.pdf", "application/pdf", pdf}} {
		t.Run(tc.name, func(t *testing.T) {
			words, err := testReader.PageWords(context.Background(), tc.name, tc.typ, tc.data, 1)
			if err != nil {
				t.Fatal(err)
			}
			for _, want := range []struct {
				text  string
				line  int
				first bool // the line's first word, at x=120
			}{{"Section", 0, true}, {"The", 1, true}, {"strategy", 1, false}, {"Tuesday", 2, true}, {"action.", 2, false}} {
				w, ok := findWord(words, want.text)
				if !ok {
					t.Errorf("no word %q in %+v", want.text, words)
					continue
				}
				base := float64(200+want.line*60) / 1754
				if !(w.Y0 < base && base <= w.Y1+0.004) || w.Y1-w.Y0 > 0.03 {
					t.Errorf("%q spans %.4f-%.4f, baseline at %.4f", want.text, w.Y0, w.Y1, base)
				}
				if want.first && math.Abs(w.X0-120.0/1240) > 0.01 {
					t.Errorf("%q starts at %.4f, want %.4f", want.text, w.X0, 120.0/1240)
				}
			}
			// The text and the words come from one run: same words.
			text, ocrWords, err := testReader.OCRPageWords(context.Background(), tc.name, tc.typ, tc.data, 1)
			if err != nil {
				t.Fatal(err)
			}
			var joined []string
			for _, w := range ocrWords {
				joined = append(joined, w.Text)
			}
			if strings.Join(strings.Fields(text), " ") != strings.Join(joined, " ") {
				t.Errorf("text %q is not its words %q", text, joined)
			}
			if !strings.Contains(text, "\n") {
				t.Errorf("the three lines are one: %q", text)
			}
		})
	}
}

func TestPageWordsWithoutTesseract(t *testing.T) {
	r := New(Options{CacheDir: testCacheDir(), Tesseract: "/nonexistent/tesseract"})
	defer r.Close()
	scan := scanPNG(t, []string{"words"})
	if _, err := r.PageWords(context.Background(), "a.png", "image/png", scan, 1); !errors.Is(err, ErrNoOCR) {
		t.Errorf("image: err = %v", err)
	}
	if _, err := r.PageWords(context.Background(), "a.pdf", "", imagePDF(t, scan), 1); !errors.Is(err, ErrNoOCR) {
		t.Errorf("scanned PDF: err = %v", err)
	}
	// A text layer needs no tesseract.
	if w, err := r.PageWords(context.Background(), "a.pdf", "", textPDF(t, [][]string{{"plain words"}}), 1); err != nil || len(w) != 2 {
		t.Errorf("text PDF: %+v %v", w, err)
	}
	if _, err := r.PageWords(context.Background(), "a.docx", "", docxFile(t, []string{"x"}), 1); !errors.Is(err, ErrUnsupported) {
		t.Errorf("docx: err = %v", err)
	}
}

// TestHostilePageWords: the hostile PDFs are refused by PageWords as by
// Extract, within the limits.
func TestHostilePageWords(t *testing.T) {
	good := textPDF(t, [][]string{{"one"}, {"two"}})
	for _, tc := range []struct {
		name string
		data []byte
		want error
	}{
		{"empty", nil, ErrDamaged},
		{"not a pdf", []byte("hello, this is not a PDF at all"), ErrDamaged},
		{"truncated", good[:len(good)/3], nil},
		{"page count bomb", manyPages(6000), ErrTooBig},
		{"page tree bomb", pageTreeBomb(7), nil},
		{"page tree loop", pageTreeLoop(), nil},
		{"decompression bomb", flateBomb(t, 300<<20), nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			_, err := testReader.PageWords(context.Background(), "x.pdf", "application/pdf", tc.data, 1)
			took := time.Since(start)
			t.Logf("%s: %v in %v", tc.name, err, took.Round(time.Millisecond))
			if took > testReader.opts.Timeout+10*time.Second {
				t.Errorf("took %v", took)
			}
			if tc.want != nil && !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			if err != nil && !isOurs(err) && !errors.Is(err, ErrNoOCR) {
				t.Fatalf("err = %v: not one of the package's errors", err)
			}
		})
	}
	big := New(Options{CacheDir: "-", MaxBytes: 10})
	if _, err := big.PageWords(context.Background(), "x.pdf", "", good, 1); !errors.Is(err, ErrTooBig) {
		t.Errorf("over MaxBytes: %v", err)
	}
}

func TestParseTSV(t *testing.T) {
	tsv := "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n" +
		"1\t1\t0\t0\t0\t0\t0\t0\t1000\t2000\t-1\t\n" +
		"5\t1\t1\t1\t1\t1\t100\t200\t50\t20\t96\tOne\n" +
		"5\t1\t1\t1\t1\t2\t160\t200\t50\t20\t96\ttwo\n" +
		"5\t1\t1\t1\t2\t1\t100\t240\t50\t20\t96\tthree\n" +
		"5\t1\t2\t1\t1\t1\t100\t400\t50\t20\t96\tfour\n" +
		"5\t1\t2\t1\t1\t2\t100\t400\t-5\tx\t96\tbroken\n" +
		"5\t1\t2\t1\t1\t3\t100\t400\t50\t20\t96\t \n" +
		"garbage\n"
	text, words := parseTSV(tsv)
	if text != "One two\nthree\n\nfour" {
		t.Errorf("text = %q", text)
	}
	if len(words) != 4 || words[0] != (Word{"One", 0.1, 0.1, 0.15, 0.11}) {
		t.Errorf("words = %+v", words)
	}
	// No page row: no words can be placed.
	if _, w := parseTSV("5\t1\t1\t1\t1\t1\t100\t200\t50\t20\t96\tOne\n"); len(w) != 0 {
		t.Errorf("words without a page: %+v", w)
	}
}

func FuzzParseTSV(f *testing.F) {
	f.Add("1\t1\t0\t0\t0\t0\t0\t0\t1000\t2000\t-1\t\n5\t1\t1\t1\t1\t1\t100\t200\t50\t20\t96\tOne\n")
	f.Fuzz(func(t *testing.T, s string) {
		_, words := parseTSV(s)
		for _, w := range words {
			if !(w.X0 >= 0 && w.X1 <= 1 && w.Y0 >= 0 && w.Y1 <= 1) {
				t.Fatalf("box out of the page: %+v", w)
			}
		}
	})
}

// TestPageWordsAgainstPdftotext: the words of a wrapped paragraph and
// their boxes agree with poppler's (pdftotext -bbox), word for word: the
// same words in the same order, each box's left and right edges within
// half a millimetre and its middle within a quarter of a line.
func TestPageWordsAgainstPdftotext(t *testing.T) {
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skipf("no peer to compare with (pdftotext is not installed): %v", err)
	}
	para := "The chair decided that the children should be subject to a child protection plan under the category of neglect, and the core group will meet within ten working days of the conference (Working Together 2023, paragraph 204)."
	pdf := textPDF(t, [][]string{{"first page"}, {"Heading of the page", para, para}})
	path := filepath.Join(t.TempDir(), "p.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-bbox", "-f", "2", "-l", "2", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	var pw, ph float64
	if m := regexp.MustCompile(`<page width="([\d.]+)" height="([\d.]+)"`).FindSubmatch(out); m != nil {
		pw, _ = strconv.ParseFloat(string(m[1]), 64)
		ph, _ = strconv.ParseFloat(string(m[2]), 64)
	}
	var peer []Word
	for _, m := range regexp.MustCompile(`<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>`).FindAllSubmatch(out, -1) {
		var f [4]float64
		for i := range f {
			f[i], _ = strconv.ParseFloat(string(m[i+1]), 64)
		}
		text := strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">", "&quot;", `"`, "&apos;", "'").Replace(string(m[5]))
		peer = append(peer, Word{Text: text, X0: f[0] / pw, Y0: f[1] / ph, X1: f[2] / pw, Y1: f[3] / ph})
	}
	ours, err := testReader.PageWords(context.Background(), "p.pdf", "", pdf, 2)
	if err != nil {
		t.Fatal(err)
	}
	if pw == 0 || len(peer) < 60 || len(ours) != len(peer) {
		t.Fatalf("%d words, pdftotext %d (page %vx%v)", len(ours), len(peer), pw, ph)
	}
	mm := 0.5 / 210
	line := 11 * 25.4 / 72 / 297
	for i, w := range ours {
		p := peer[i]
		if w.Text != p.Text || math.Abs(w.X0-p.X0) > mm || math.Abs(w.X1-p.X1) > mm ||
			math.Abs((w.Y0+w.Y1)/2-(p.Y0+p.Y1)/2) > line/4 {
			t.Errorf("word %d: %+v, pdftotext %+v", i, w, p)
		}
	}
}

// TestRotatedPageWords: on a page turned by /Rotate (as a landscape scan
// is often stored), each word's box is where its ink is on the page as
// shown, found by rendering the page.
func TestRotatedPageWords(t *testing.T) {
	for _, rot := range []int{0, 90, 180, 270} {
		pdf := placedPDF(t, []placed{{"Conference", 30, 40}, {"minutes", 120, 200}})
		// fpdf cannot turn a page: add /Rotate to the page's dictionary
		// (PDFium mends the shifted cross-reference table).
		pdf = bytes.Replace(pdf, []byte("/Type /Page\n"), fmt.Appendf(nil, "/Type /Page\n/Rotate %d\n", rot), 1)
		words, err := testReader.PageWords(context.Background(), "r.pdf", "", pdf, 1)
		if err != nil {
			t.Fatalf("rotate %d: %v", rot, err)
		}
		img, err := testReader.RenderPage(context.Background(), "r.pdf", "", pdf, 1, 1200, 1200)
		if err != nil {
			t.Fatal(err)
		}
		if len(words) != 2 {
			t.Fatalf("rotate %d: words %+v", rot, words)
		}
		landscape := img.Bounds().Dx() > img.Bounds().Dy()
		if landscape != (rot == 90 || rot == 270) {
			t.Errorf("rotate %d: rendered %v", rot, img.Bounds())
		}
		for _, w := range words {
			if ink := inkShare(img, w); ink < 0.1 {
				t.Errorf("rotate %d: %q at %+v covers %.0f%% ink", rot, w.Text, w, ink*100)
			}
		}
	}
}

// inkShare is the share of dark pixels of img inside box (fractions).
func inkShare(img image.Image, box Word) float64 {
	b := img.Bounds()
	x0, x1 := b.Min.X+int(box.X0*float64(b.Dx())), b.Min.X+int(math.Ceil(box.X1*float64(b.Dx())))
	y0, y1 := b.Min.Y+int(box.Y0*float64(b.Dy())), b.Min.Y+int(math.Ceil(box.Y1*float64(b.Dy())))
	var dark, all int
	for y := y0; y < y1; y++ {
		for x := x0; x < x1; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if (r+g+bl)/3 < 0x8000 {
				dark++
			}
			all++
		}
	}
	if all == 0 {
		return 0
	}
	return float64(dark) / float64(all)
}

// TestExtractWords: ExtractWords gives every page the text Extract gives
// it and, for a page with a text layer, the words PageWords gives it; a
// page with no text layer (blank here, as a scan's would be) is left to
// OCR without words, and a Word file has none. The PDF is long enough to
// be split between instances.
func TestExtractWords(t *testing.T) {
	ctx := context.Background()
	var pages [][]string
	for p := range 60 {
		switch {
		case p == 7:
			pages = append(pages, nil) // a page with no text
		default:
			pages = append(pages, []string{fmt.Sprintf("Page %d of the core assessment.", p+1),
				"The social worker visited the family home and spoke to the children alone, as the plan said she would."})
		}
	}
	pdf := textPDF(t, pages)
	plain, err := testReader.Extract(ctx, "report.pdf", "", pdf)
	if err != nil {
		t.Fatal(err)
	}
	got, err := testReader.ExtractWords(ctx, "report.pdf", "", pdf)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Pages) != len(pages) || len(plain.Pages) != len(pages) {
		t.Fatalf("%d and %d pages, want %d", len(got.Pages), len(plain.Pages), len(pages))
	}
	for i, p := range got.Pages {
		q := plain.Pages[i]
		if p.Number != q.Number || p.Text != q.Text || p.NeedsOCR != q.NeedsOCR {
			t.Errorf("page %d: ExtractWords gave %d %q (needs OCR %v), Extract %d %q (%v)", i+1, p.Number, p.Text, p.NeedsOCR, q.Number, q.Text, q.NeedsOCR)
		}
		if q.HasWords || q.Words != nil {
			t.Errorf("page %d: Extract gave words", i+1)
		}
		if i == 7 {
			if p.HasWords || p.Words != nil || !p.NeedsOCR {
				t.Errorf("the blank page: %+v", p)
			}
			continue
		}
		want, err := testReader.PageWords(ctx, "report.pdf", "", pdf, i+1)
		if err != nil {
			t.Fatal(err)
		}
		if !p.HasWords || len(want) < 10 || fmt.Sprint(p.Words) != fmt.Sprint(want) {
			t.Errorf("page %d: ExtractWords gave %v (has words %v), PageWords %v", i+1, p.Words, p.HasWords, want)
		}
	}
	doc, err := testReader.ExtractWords(ctx, "letter.docx", "", docxFile(t, []string{"Dear Ms Smith,", "I write about the conference."}))
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Pages) != 1 || doc.Pages[0].HasWords || !strings.Contains(doc.Pages[0].Text, "conference") {
		t.Errorf("a Word file: %+v", doc.Pages)
	}
}
