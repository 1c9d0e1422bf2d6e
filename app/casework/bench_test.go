package casework

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"codeberg.org/go-pdf/fpdf"

	"github.com/redress-app/redress/assets"
	"github.com/redress-app/redress/documents"
	"github.com/redress-app/redress/letters"
	"github.com/redress-app/redress/store"
)

// BenchmarkDraftLetter is what `redress letter` and the desktop app do to
// draft a stage 2 request from a vault case, once the vault is open: load the
// case, its checkpoint and the sender's settings, run the checks, choose the
// findings, work out the deadline, build the letter and render the PDF.
func BenchmarkDraftLetter(b *testing.B) {
	ctx := context.Background()
	v := newVault(b)
	id, err := v.ImportCase(ctx, example(b, "complaint"))
	if err != nil {
		b.Fatal(err)
	}
	opt := Options{Kind: letters.Stage2, AsOf: date("2026-05-11")}
	b.ReportAllocs()
	for b.Loop() {
		d, err := DraftLetter(ctx, v, id.ID, opt)
		if err != nil {
			b.Fatal(err)
		}
		if err := d.Draft.Render(io.Discard, PDF); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCompose is the peer without the vault or the PDF: checks, routing,
// deadline and building, from a case already in memory.
func BenchmarkCompose(b *testing.B) {
	c := example(b, "complaint")
	opt := Options{Kind: letters.Stage2, AsOf: date("2026-05-11")}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Compose(c, opt); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReadDocument300 is import reading a 300-page text PDF (4,000
// characters a page) into the vault, before and after its words were kept:
// "old" reads the text only and keeps it (Extract, as import did before),
// "new" is ReadDocument now, the text and every page's words in one pass,
// both kept sealed. Each iteration imports two such PDFs (different, as
// what is read is kept by a document's SHA-256; they swap paths from one
// iteration to the next) and times both, and the time Extract alone takes
// of the first.
func BenchmarkReadDocument300(b *testing.B) {
	ctx := context.Background()
	pdf := longTextPDF(b, 300, 0)
	pdf2 := longTextPDF(b, 300, 1)
	v := newVault(b)
	r := documents.New(documents.Options{})
	defer r.Close()
	if _, err := r.PageCount(ctx, "x.pdf", "", pdf); err != nil { // PDFium started, as the app keeps it
		b.Fatal(err)
	}
	var old, cur, extract time.Duration
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		pdf, pdf2 := pdf, pdf2
		if i%2 == 1 {
			pdf, pdf2 = pdf2, pdf
		}
		ci, err := v.CreateCase(ctx, fmt.Sprintf("Bench %d", i), "Council")
		if err != nil {
			b.Fatal(err)
		}
		d1, err := v.ImportDocument(ctx, ci.ID, bytes.NewReader(pdf), store.DocumentInfo{Name: "old.pdf"})
		if err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		text, err := r.Extract(ctx, "old.pdf", "", pdf)
		if err != nil {
			b.Fatal(err)
		}
		extract += time.Since(start)
		var pages []store.PageText
		for _, p := range text.Pages {
			pages = append(pages, store.PageText{Page: p.Number, Text: p.Text})
		}
		if err := v.PutPageTexts(ctx, ci.ID, d1.ID, pages); err != nil {
			b.Fatal(err)
		}
		if err := v.PutDerivedInfo(ctx, ci.ID, d1.ID, store.DerivedInfo{Kind: string(text.Kind), Pages: len(pages)}); err != nil {
			b.Fatal(err)
		}
		old += time.Since(start)
		ci2, err := v.CreateCase(ctx, fmt.Sprintf("Bench %d new", i), "Council")
		if err != nil {
			b.Fatal(err)
		}
		d2, err := v.ImportDocument(ctx, ci2.ID, bytes.NewReader(pdf2), store.DocumentInfo{Name: "new.pdf"})
		if err != nil {
			b.Fatal(err)
		}
		start = time.Now()
		if res, err := ReadDocument(ctx, v, r, ci2.ID, d2.ID, nil); err != nil || res.Read != 300 {
			b.Fatalf("%+v %v", res, err)
		}
		cur += time.Since(start)
	}
	b.StopTimer()
	n := float64(b.N)
	b.ReportMetric(old.Seconds()*1000/n, "text-only-ms")
	b.ReportMetric(cur.Seconds()*1000/n, "text-and-words-ms")
	b.ReportMetric(cur.Seconds()/old.Seconds(), "cost-x")
	b.ReportMetric(extract.Seconds()*1000/n, "extract-ms")
}

// longTextPDF is a PDF of n pages of dense prose, about 4,000 characters a
// page, different on each page and for each seed.
func longTextPDF(tb testing.TB, n, seed int) []byte {
	tb.Helper()
	words := strings.Fields("the council social worker assessment conference child protection plan parents " +
		"meeting report health visitor school police strategy discussion section enquiries decision")
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetCreationDate(fixedNow)
	pdf.AddUTF8FontFromBytes("sans", "", assets.SansRegular)
	pdf.SetFont("sans", "", 10)
	k := seed
	for p := range n {
		pdf.AddPage()
		var sb strings.Builder
		for sb.Len() < 4000 {
			sb.WriteString(words[k%len(words)])
			sb.WriteByte(' ')
			k = k*7 + 3 + p
			k %= 1 << 20
		}
		pdf.MultiCell(0, 4.5, sb.String(), "", "L", false)
	}
	var out bytes.Buffer
	if err := pdf.Output(&out); err != nil {
		tb.Fatal(err)
	}
	return out.Bytes()
}
