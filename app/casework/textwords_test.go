package casework

import (
	"bytes"
	"context"
	"errors"
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
	"github.com/redress-app/redress/documents"
	"github.com/redress-app/redress/store"
)

// wordsAt is a one-page A4 text PDF with each word set at its left edge and
// baseline (in millimetres).
func wordsAt(t *testing.T, words ...placedWord) []byte {
	t.Helper()
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetCreationDate(fixedNow)
	pdf.AddUTF8FontFromBytes("sans", "", assets.SansRegular)
	pdf.SetFont("sans", "", 12)
	pdf.AddPage()
	for _, w := range words {
		pdf.Text(w.x, w.y, w.text)
	}
	var b bytes.Buffer
	if err := pdf.Output(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

type placedWord struct {
	text string
	x, y float64 // mm: left edge and baseline
}

// importOld imports a document and reads its text as import did before
// text PDFs' words were kept: the text and what was read, no words.
func importOld(t *testing.T, v *store.Vault, r *documents.Reader, caseID, name string, data []byte) string {
	t.Helper()
	ctx := context.Background()
	d, err := v.ImportDocument(ctx, caseID, bytes.NewReader(data), store.DocumentInfo{Name: name, Source: "council"})
	if err != nil {
		t.Fatal(err)
	}
	text, err := r.Extract(ctx, name, "", data)
	if err != nil {
		t.Fatal(err)
	}
	var pages []store.PageText
	for _, p := range text.Pages {
		pages = append(pages, store.PageText{Page: p.Number, Text: p.Text})
	}
	if err := v.PutPageTexts(ctx, caseID, d.ID, pages); err != nil {
		t.Fatal(err)
	}
	if err := v.PutDerivedInfo(ctx, caseID, d.ID, store.DerivedInfo{Kind: string(text.Kind), Pages: len(text.Pages)}); err != nil {
		t.Fatal(err)
	}
	return d.ID
}

// TestTextPDFWordsKept: import keeps a text PDF's words with its text;
// KeepTextWords fills them in for a PDF imported before that (and skips,
// with its reason, one that cannot be read); and in the bundle the page
// whose foot is clear is not shrunk while the page whose words reach the
// foot is, read back with pdftotext -bbox.
func TestTextPDFWordsKept(t *testing.T) {
	ctx := context.Background()
	v := newVault(t)
	ci, err := v.CreateCase(ctx, "Words", "Example Borough Council")
	if err != nil {
		t.Fatal(err)
	}
	r := documents.New(documents.Options{})
	defer r.Close()

	// Imported now: its words are kept by ReadDocument.
	fresh, err := v.ImportDocument(ctx, ci.ID, bytes.NewReader(wordsAt(t, placedWord{"Freshcouncilminutes", 30, 40})),
		store.DocumentInfo{Name: "fresh.pdf", Source: "council"})
	if err != nil {
		t.Fatal(err)
	}
	if res, err := ReadDocument(ctx, v, r, ci.ID, fresh.ID, nil); err != nil || res.Problem != nil {
		t.Fatalf("read: %+v %v", res, err)
	}
	if ws, ok, err := v.PageWords(ctx, ci.ID, fresh.ID, 1); err != nil || !ok || len(ws) != 1 || ws[0].Text != "Freshcouncilminutes" {
		t.Fatalf("words kept at import: %+v %v %v", ws, ok, err)
	}

	// Imported before: no words kept until KeepTextWords.
	clearID := importOld(t, v, r, ci.ID, "clear.pdf", wordsAt(t, placedWord{"Clearfootreport", 30, 40}, placedWord{"middle", 30, 200}))
	foot := importOld(t, v, r, ci.ID, "foot.pdf", wordsAt(t, placedWord{"Footreachingletter", 30, 40}, placedWord{"signature", 30, 292}))
	bad := importOld(t, v, r, ci.ID, "notes.txt", []byte("a text file"))
	// A "PDF" whose bytes are damaged, recorded as read with text.
	broken, err := v.ImportDocument(ctx, ci.ID, strings.NewReader("%PDF-1.4 damaged"), store.DocumentInfo{Name: "broken.pdf", Source: "council"})
	if err != nil {
		t.Fatal(err)
	}
	if err := v.PutPageTexts(ctx, ci.ID, broken.ID, []store.PageText{{Page: 1, Text: "some text"}}); err != nil {
		t.Fatal(err)
	}
	if err := v.PutDerivedInfo(ctx, ci.ID, broken.ID, store.DerivedInfo{Kind: "pdf", Pages: 1}); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{clearID, foot} {
		if _, ok, _ := v.PageWords(ctx, ci.ID, id, 1); ok {
			t.Fatalf("%s has words before KeepTextWords", id)
		}
	}
	reads := 0
	defer func(f func(*documents.Reader, context.Context, string, string, []byte) (*documents.Text, error)) {
		extractWords = f
	}(extractWords)
	extractWords = func(r *documents.Reader, ctx context.Context, name, typ string, data []byte) (*documents.Text, error) {
		reads++
		return r.ExtractWords(ctx, name, typ, data)
	}
	res, err := KeepTextWords(ctx, v, r, ci.ID)
	if err != nil {
		t.Fatal(err)
	}
	if reads != 3 {
		t.Errorf("KeepTextWords read %d documents, want 3 (clear, foot, broken)", reads)
	}
	if res.Documents != 2 || res.Pages != 2 || len(res.Skipped) != 1 || res.Skipped[0].Document.ID != broken.ID ||
		!errors.Is(res.Skipped[0].Reason, documents.ErrDamaged) || !strings.Contains(res.Skipped[0].Reason.Error(), "broken.pdf") {
		t.Fatalf("KeepTextWords = %+v", res)
	}
	if _, ok, _ := v.PageWords(ctx, ci.ID, bad, 1); ok {
		t.Error("a text file was given words")
	}
	ws, ok, err := v.PageWords(ctx, ci.ID, foot, 1)
	if err != nil || !ok || len(ws) != 2 || ws[1].Text != "signature" || ws[1].Y1 < 290.0/297 {
		t.Fatalf("foot.pdf's words: %+v %v %v", ws, ok, err)
	}
	// Again: nothing left to read, and the broken one is skipped for the
	// same reason without being read again.
	reads = 0
	if again, err := KeepTextWords(ctx, v, r, ci.ID); err != nil || again.Documents != 0 || again.Pages != 0 || len(again.Skipped) != 1 ||
		again.Skipped[0].Document.ID != broken.ID || !errors.Is(again.Skipped[0].Reason, documents.ErrDamaged) {
		t.Fatalf("second KeepTextWords = %+v %v", again, err)
	}
	if reads != 0 {
		t.Errorf("the second KeepTextWords read %d documents, want none", reads)
	}

	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext is not installed (poppler-utils): the bundle is not read back")
	}
	job, err := PrepareBundle(ctx, v, ci.ID, BundleOptions{Now: func() time.Time { return fixedNow }})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	wres, err := job.Plan.Write(ctx, &out)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "bundle.pdf")
	if err := os.WriteFile(path, out.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	bbox, err := exec.Command("pdftotext", "-bbox", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	// Where a word is on its bundle page, in points from the top left.
	at := func(word string) (x, y float64) {
		m := regexp.MustCompile(`<word xMin="([0-9.]+)" yMin="([0-9.]+)"[^>]*>` + word + `</word>`).FindSubmatch(bbox)
		if m == nil {
			t.Fatalf("%s is not in the bundle", word)
		}
		x, _ = strconv.ParseFloat(string(m[1]), 64)
		y, _ = strconv.ParseFloat(string(m[2]), 64)
		return x, y
	}
	const mm = 72 / 25.4
	for _, tc := range []struct {
		word   string
		x      float64 // mm, as set
		shrunk bool
	}{
		{"Freshcouncilminutes", 30, false},
		{"Clearfootreport", 30, false},
		{"Footreachingletter", 30, true},
	} {
		x, _ := at(tc.word)
		moved := math.Abs(x-tc.x*mm) > 0.5
		if moved != tc.shrunk {
			t.Errorf("%s starts at %.2f pt in the bundle, set at %.2f: shrunk %v, want %v", tc.word, x, tc.x*mm, moved, tc.shrunk)
		}
	}
	if wres.Shrunk != 1 { // broken.pdf cannot go in: the pre-flight says so
		t.Errorf("%d pages shrunk, want 1", wres.Shrunk)
	}
}
