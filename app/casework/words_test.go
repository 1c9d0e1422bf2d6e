package casework

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"codeberg.org/go-pdf/fpdf"

	"github.com/redress-app/redress/assets"
	"github.com/redress-app/redress/documents"
	"github.com/redress-app/redress/store"
)

// TestPageWordsTextPDF: a text PDF's words are read once, with their
// boxes, and kept sealed: the second time they come from the vault (the
// reader is closed by then and could not read them).
func TestPageWordsTextPDF(t *testing.T) {
	ctx := context.Background()
	v := newVault(t)
	ci, err := v.CreateCase(ctx, "Words", "Council")
	if err != nil {
		t.Fatal(err)
	}
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.AddUTF8FontFromBytes("sans", "", assets.SansRegular)
	pdf.SetFont("sans", "", 12)
	pdf.AddPage()
	pdf.Text(21, 30, "Initial child protection conference")
	pdf.AddPage()
	pdf.Text(105, 200, "neglect")
	var b bytes.Buffer
	if err := pdf.Output(&b); err != nil {
		t.Fatal(err)
	}
	d, err := v.ImportDocument(ctx, ci.ID, bytes.NewReader(b.Bytes()), store.DocumentInfo{Name: "report.pdf"})
	if err != nil {
		t.Fatal(err)
	}
	r := documents.New(documents.Options{})
	words, err := PageWords(ctx, v, r, ci.ID, d.ID, 2)
	r.Close()
	if err != nil {
		t.Fatal(err)
	}
	if len(words) != 1 || words[0].Text != "neglect" || abs(words[0].X0-0.5) > 0.004 || !(words[0].Y0 < 200.0/297 && 200.0/297 < words[0].Y1) {
		t.Fatalf("page 2's words = %+v", words)
	}
	again, err := PageWords(ctx, v, r, ci.ID, d.ID, 2)
	if err != nil || len(again) != 1 || again[0].Text != "neglect" || abs(again[0].X0-words[0].X0) > 1e-5 {
		t.Fatalf("from the vault: %+v %v", again, err)
	}
	// Page 1 was never read: the closed reader cannot read it now.
	if _, err := PageWords(ctx, v, r, ci.ID, d.ID, 1); err == nil {
		t.Fatal("page 1 read by a closed reader")
	}
	if _, err := PageWords(ctx, v, r, ci.ID, "d99", 1); err == nil {
		t.Fatal("words of a missing document")
	}
}

func abs(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}

// TestOCRWordsOnce: reading a scan on import keeps each page's words from
// the same tesseract run as its text, so PageWords runs tesseract no more
// (a wrapper counts its runs). Without tesseract a scan's page words are
// refused with ErrNoOCR and nothing is kept.
func TestOCRWordsOnce(t *testing.T) {
	ctx := context.Background()
	v := newVault(t)
	ci, err := v.CreateCase(ctx, "Scan", "Council")
	if err != nil {
		t.Fatal(err)
	}
	d, err := v.ImportDocument(ctx, ci.ID, bytes.NewReader(scannedPDF(t, []string{"Strategy discussion outcome", "Parents were not informed"})),
		store.DocumentInfo{Name: "disclosure.pdf"})
	if err != nil {
		t.Fatal(err)
	}
	none := documents.New(documents.Options{Tesseract: "/nonexistent/tesseract"})
	defer none.Close()
	if _, err := PageWords(ctx, v, none, ci.ID, d.ID, 1); !errors.Is(err, documents.ErrNoOCR) {
		t.Fatalf("without tesseract: %v", err)
	}
	if _, ok, err := v.PageWords(ctx, ci.ID, d.ID, 1); ok || err != nil {
		t.Fatalf("words kept without OCR: %v %v", ok, err)
	}

	real, err := exec.LookPath("tesseract")
	if err != nil {
		t.Skipf("OCR not tried (tesseract is not installed): %v", err)
	}
	dir := t.TempDir()
	count := filepath.Join(dir, "runs")
	wrapper := filepath.Join(dir, "tesseract")
	script := "#!/bin/sh\necho run >> '" + count + "'\nexec '" + real + "' \"$@\"\n"
	if err := os.WriteFile(wrapper, []byte(script), 0o700); err != nil {
		t.Fatal(err)
	}
	runs := func() int {
		b, _ := os.ReadFile(count)
		return strings.Count(string(b), "run")
	}
	r := documents.New(documents.Options{Tesseract: wrapper})
	defer r.Close()
	res, err := ReadDocument(ctx, v, r, ci.ID, d.ID, nil)
	if err != nil || res.Read != 2 || len(res.OCRPending) != 0 {
		t.Fatalf("read: %+v %v", res, err)
	}
	if n := runs(); n != 2 {
		t.Fatalf("tesseract ran %d times for 2 pages", n)
	}
	texts, err := v.PageTexts(ctx, ci.ID, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	for p, want := range []string{"Strategy", "informed"} {
		words, err := PageWords(ctx, v, r, ci.ID, d.ID, p+1)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		found := false
		for _, w := range words {
			got = append(got, w.Text)
			found = found || w.Text == want
			if w.X0 < 0.05 || w.X1 > 0.9 || w.Y0 >= w.Y1 {
				t.Errorf("page %d: %q at %+v", p+1, w.Text, w)
			}
		}
		if !found {
			t.Errorf("page %d's words %q lack %q", p+1, got, want)
		}
		if strings.Join(got, " ") != strings.Join(strings.Fields(texts[p].Text), " ") {
			t.Errorf("page %d: words %q are not the text %q", p+1, got, texts[p].Text)
		}
	}
	if n := runs(); n != 2 {
		t.Fatalf("tesseract ran %d times: words were read again", n)
	}
}
