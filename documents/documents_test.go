package documents

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"codeberg.org/go-pdf/fpdf"
)

func TestPDFText(t *testing.T) {
	pdf := textPDF(t, [][]string{
		{"Initial child protection conference", "Report of the chair"},
		{"Attendees: social worker, health visitor"},
		{"The conference decided that a child protection plan is needed under the category of neglect."},
		{"Page four — “quoted” words and £ signs"},
	})
	got, err := testReader.Extract(context.Background(), "report.pdf", "application/pdf", pdf)
	if err != nil {
		t.Fatal(err)
	}
	if got.Kind != KindPDF || len(got.Pages) != 4 {
		t.Fatalf("kind %q, %d pages", got.Kind, len(got.Pages))
	}
	for i, want := range []string{"Report of the chair", "health visitor", "child protection plan is needed", "“quoted” words and £"} {
		p := got.Pages[i]
		if p.Number != i+1 || !strings.Contains(strings.Join(strings.Fields(p.Text), " "), want) || p.NeedsOCR {
			t.Errorf("page %d: %+v, want %q", i+1, p, want)
		}
	}
	n, err := testReader.PageCount(context.Background(), "report.pdf", "", pdf)
	if err != nil || n != 4 {
		t.Errorf("PageCount = %d, %v", n, err)
	}
	img, err := testReader.RenderPage(context.Background(), "report.pdf", "", pdf, 3, 200, 300)
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() > 200 || b.Dy() > 300 || b.Dx() < 150 {
		t.Errorf("thumbnail is %v", b)
	}
}

func TestPDFLongSplitsBetweenWorkers(t *testing.T) {
	var pages [][]string
	for i := range 120 {
		pages = append(pages, []string{fmt.Sprintf("This is page number %d of the disclosure.", i+1)})
	}
	got, err := testReader.Extract(context.Background(), "long.pdf", "", textPDF(t, pages))
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range got.Pages {
		if !strings.Contains(p.Text, fmt.Sprintf("page number %d of", i+1)) {
			t.Fatalf("page %d holds %q", i+1, p.Text)
		}
	}
}

// TestHostilePDFs: each bad PDF is refused with the right error, in time.
func TestHostilePDFs(t *testing.T) {
	good := textPDF(t, [][]string{{"one"}, {"two"}})
	enc := func() []byte {
		pdf := fpdf.New("P", "mm", "A4", "")
		pdf.SetProtection(fpdf.CnProtectPrint, "secret", "owner")
		pdf.AddPage()
		pdf.SetFont("Helvetica", "", 12)
		pdf.Cell(0, 10, "hidden words")
		var b bytes.Buffer
		if err := pdf.Output(&b); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}()
	for _, tc := range []struct {
		name string
		data []byte
		want error
	}{
		{"empty", nil, ErrDamaged},
		{"not a pdf", []byte("hello, this is not a PDF at all"), ErrDamaged},
		{"truncated", good[:len(good)/3], nil}, // PDFium may repair it: read or damaged
		{"garbage after header", append([]byte("%PDF-1.7\n"), bytes.Repeat([]byte{0xff, 0x00, 0x13}, 5000)...), ErrDamaged},
		{"encrypted", enc, ErrEncrypted},
		{"page count bomb", manyPages(6000), ErrTooBig},
		{"page tree bomb", pageTreeBomb(7), nil},
		{"page tree loop", pageTreeLoop(), nil},
		{"decompression bomb", flateBomb(t, 300<<20), nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			got, err := testReader.Extract(context.Background(), "x.pdf", "application/pdf", tc.data)
			took := time.Since(start)
			t.Logf("%s: %v in %v", tc.name, err, took.Round(time.Millisecond))
			if took > testReader.opts.Timeout+10*time.Second {
				t.Errorf("took %v", took)
			}
			if tc.want != nil && !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			if err == nil && got == nil {
				t.Fatal("nil result without an error")
			}
			if err != nil && !isOurs(err) {
				t.Fatalf("err = %v: not one of the package's errors", err)
			}
		})
	}
}

func isOurs(err error) bool {
	for _, e := range []error{ErrDamaged, ErrEncrypted, ErrTooBig, ErrTimeout, ErrUnsupported} {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}

func TestPDFTimeLimit(t *testing.T) {
	var pages [][]string
	for i := range 300 {
		pages = append(pages, []string{strings.Repeat(fmt.Sprintf("Line of text on page %d. ", i), 60)})
	}
	pdf := textPDF(t, pages)
	r := New(Options{CacheDir: testCacheDir(), Timeout: 30 * time.Millisecond, Workers: 1})
	defer r.Close()
	// Start PDFium first, so the limit falls on reading, not compiling.
	if _, err := r.PageCount(context.Background(), "a.pdf", "", textPDF(t, [][]string{{"x"}})); err != nil && !errors.Is(err, ErrTimeout) {
		t.Fatal(err)
	}
	start := time.Now()
	_, err := r.Extract(context.Background(), "big.pdf", "", pdf)
	if !errors.Is(err, ErrTimeout) {
		t.Fatalf("err = %v, want ErrTimeout", err)
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("stopping took %v", took)
	}
	// The reader still works after an instance was killed.
	r.opts.Timeout = time.Minute
	if _, err := r.Extract(context.Background(), "small.pdf", "", textPDF(t, [][]string{{"after"}})); err != nil {
		t.Fatalf("after a timeout: %v", err)
	}
	// A cancelled context is the caller's, not a timeout.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := r.Extract(ctx, "big.pdf", "", pdf); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: err = %v", err)
	}
}

// pageTreeBomb is a small PDF whose page tree claims 10^depth pages: each
// node lists the next ten times.
func pageTreeBomb(depth int) []byte {
	var objs []string
	// 1 catalog, 2..depth+1 tree nodes, depth+2 the page.
	objs = append(objs, "<< /Type /Catalog /Pages 2 0 R >>")
	count := 1
	for range depth {
		count *= 10
	}
	for d := range depth {
		kid := fmt.Sprintf("%d 0 R", d+3)
		objs = append(objs, fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.TrimSpace(strings.Repeat(kid+" ", 10)), count))
		count /= 10
	}
	objs = append(objs, fmt.Sprintf("<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] >>", depth+1))
	return assemble(objs)
}

// manyPages is a PDF of n empty pages, each its own object.
func manyPages(n int) []byte {
	objs := []string{"<< /Type /Catalog /Pages 2 0 R >>", ""}
	var kids strings.Builder
	for i := range n {
		fmt.Fprintf(&kids, "%d 0 R ", i+3)
		objs = append(objs, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>")
	}
	objs[1] = fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", kids.String(), n)
	return assemble(objs)
}

// pageTreeLoop is a page tree whose node lists itself.
func pageTreeLoop() []byte {
	return assemble([]string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
	})
}

// flateBomb is a one-page PDF whose content stream inflates to size bytes.
func flateBomb(t testing.TB, size int) []byte {
	var z bytes.Buffer
	zw, _ := zlibWriter(&z)
	chunk := bytes.Repeat([]byte("0 0 m "), 1<<14)
	for n := 0; n < size; n += len(chunk) {
		zw.Write(chunk)
	}
	zw.Close()
	return assemble([]string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
		fmt.Sprintf("<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream", z.Len(), z.Bytes()),
	})
}

// assemble writes objects 1..n with a correct cross-reference table.
func assemble(objs []string) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.7\n")
	offs := make([]int, len(objs))
	for i, o := range objs {
		offs[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}

func TestScannedPage(t *testing.T) {
	lines := []string{"Section 47 enquiry outcome letter", "The strategy discussion was held on", "Tuesday and agreed no further action."}
	scan := scanPNG(t, lines)
	pdf := imagePDF(t, scan)
	got, err := testReader.Extract(context.Background(), "scan.pdf", "", pdf)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Pages) != 1 || !got.Pages[0].NeedsOCR {
		t.Fatalf("an image-only page should need OCR: %+v", got.Pages)
	}
	img, err := testReader.Extract(context.Background(), "scan.png", "image/png", scan)
	if err != nil || len(img.Pages) != 1 || !img.Pages[0].NeedsOCR {
		t.Fatalf("png: %+v, %v", img, err)
	}
	if _, err := testReader.Tesseract(); err != nil {
		t.Skipf("OCR not tried: %v", err)
	}
	for _, tc := range []struct {
		name, typ string
		data      []byte
	}{{"scan.pdf", "application/pdf", pdf}, {"scan.png", "image/png", scan}} {
		text, err := testReader.OCRPage(context.Background(), tc.name, tc.typ, tc.data, 1)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		flat := strings.Join(strings.Fields(text), " ")
		for _, w := range []string{"Section 47 enquiry", "strategy discussion", "no further action"} {
			if !strings.Contains(flat, w) {
				t.Errorf("%s: OCR text lacks %q:\n%s", tc.name, w, text)
			}
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := testReader.OCRPage(ctx, "scan.png", "image/png", scan, 1); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled OCR: %v", err)
	}
}

func TestNoTesseract(t *testing.T) {
	r := New(Options{Tesseract: "/nonexistent/tesseract"})
	_, err := r.OCRPage(context.Background(), "a.png", "image/png", scanPNG(t, []string{"x"}), 1)
	if !errors.Is(err, ErrNoOCR) || !strings.Contains(err.Error(), "install tesseract-ocr and tesseract-ocr-eng") {
		t.Errorf("err = %v", err)
	}
}

func TestImageBomb(t *testing.T) {
	// A PNG header claiming 100000 x 100000 pixels.
	var b bytes.Buffer
	b.Write(scanPNG(t, []string{"x"})[:16])
	b.Write([]byte{0, 0, 0x01, 0x86, 0xa0, 0, 0x01, 0x86, 0xa0, 8, 0, 0, 0, 0})
	_, err := testReader.Extract(context.Background(), "bomb.png", "", b.Bytes())
	if !errors.Is(err, ErrTooBig) && !errors.Is(err, ErrDamaged) {
		t.Errorf("err = %v", err)
	}
}

func TestDOCX(t *testing.T) {
	d := docxFile(t, []string{"Letter from the council", "Dear Ms Smith &amp; Mr Smith", "\f", "Second page: the assessment is complete."})
	got, err := testReader.Extract(context.Background(), "letter.docx", "", d)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Pages) != 2 || !strings.Contains(got.Pages[0].Text, "Dear Ms Smith & Mr Smith") || !strings.Contains(got.Pages[1].Text, "assessment is complete") {
		t.Fatalf("%+v", got.Pages)
	}
	for _, bad := range [][]byte{nil, []byte("PK\x03\x04 broken"), docxBomb(t)} {
		if _, err := testReader.Extract(context.Background(), "bad.docx", "", bad); !isOurs(err) {
			t.Errorf("bad docx: %v", err)
		}
	}
}

func docxBomb(t testing.TB) []byte {
	var buf bytes.Buffer
	zw := zipWriter(&buf)
	w, _ := zw.Create("word/document.xml")
	chunk := bytes.Repeat([]byte("<w:p/>"), 1<<14)
	for n := 0; n <= maxDOCXXML; n += len(chunk) {
		w.Write(chunk)
	}
	zw.Close()
	return buf.Bytes()
}

func TestEmailWithAttachment(t *testing.T) {
	pdf := textPDF(t, [][]string{{"Attached conference minutes"}})
	msg := "From: =?UTF-8?Q?Priya_Patel?= <p.patel@example.gov.uk>\r\n" +
		"To: Sarah <sarah@example.org>\r\nSubject: Minutes\r\nMIME-Version: 1.0\r\n" +
		"Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n" +
		"--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nPlease find the minutes attached.\r\n" +
		"--b\r\nContent-Type: application/pdf; name=\"minutes.pdf\"\r\nContent-Disposition: attachment; filename=\"minutes.pdf\"\r\n" +
		"Content-Transfer-Encoding: base64\r\n\r\n" + wrap76(base64.StdEncoding.EncodeToString(pdf)) + "\r\n--b--\r\n"
	got, err := testReader.Extract(context.Background(), "mail.eml", "message/rfc822", []byte(msg))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(got.All(), "Please find the minutes attached.") || !strings.Contains(got.All(), "From: Priya Patel") {
		t.Errorf("text: %q", got.All())
	}
	if len(got.Attachments) != 1 || got.Attachments[0].Name != "minutes.pdf" || !bytes.Equal(got.Attachments[0].Data, pdf) {
		t.Fatalf("attachments: %+v", got.Attachments)
	}
	att, err := testReader.Extract(context.Background(), got.Attachments[0].Name, got.Attachments[0].Type, got.Attachments[0].Data)
	if err != nil || !strings.Contains(att.All(), "Attached conference minutes") {
		t.Errorf("attachment text: %v %v", att, err)
	}
}

func wrap76(s string) string {
	var b strings.Builder
	for len(s) > 76 {
		b.WriteString(s[:76] + "\r\n")
		s = s[76:]
	}
	b.WriteString(s)
	return b.String()
}
