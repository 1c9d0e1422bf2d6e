package cli

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/documents"
	"github.com/redress-app/redress/letters/bundle/bundletest"
	"github.com/redress-app/redress/store"
)

// TestBundleKeepsEarlierTextWords: a text PDF whose text was read before
// import kept its words has them read by "redress bundle" (once), so its
// pages, whose foot is clear, are not shrunk.
func TestBundleKeepsEarlierTextWords(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a vault and a bundle")
	}
	dir := testVault(t)
	ctx := context.Background()
	v, err := store.Open(ctx, dir, []byte(cliPass))
	if err != nil {
		t.Fatal(err)
	}
	ci, err := v.CreateCase(ctx, "Earlier import", "Example Borough Council")
	if err != nil {
		t.Fatal(err)
	}
	pdf := bundletest.TextPDF(t, "Strategy discussion record", 3, false)
	d, err := v.ImportDocument(ctx, ci.ID, bytes.NewReader(pdf), store.DocumentInfo{Name: "strategy.pdf", Source: "council", Date: casefile.MustDate("2025-10-15")})
	if err != nil {
		t.Fatal(err)
	}
	// Read as import read it before: the text, no words.
	r := documents.New(documents.Options{})
	text, err := r.Extract(ctx, "strategy.pdf", "", pdf)
	r.Close()
	if err != nil {
		t.Fatal(err)
	}
	var pages []store.PageText
	for _, p := range text.Pages {
		pages = append(pages, store.PageText{Page: p.Number, Text: p.Text})
	}
	if err := v.PutPageTexts(ctx, ci.ID, d.ID, pages); err != nil {
		t.Fatal(err)
	}
	if err := v.PutDerivedInfo(ctx, ci.ID, d.ID, store.DerivedInfo{Kind: "pdf", Pages: 3}); err != nil {
		t.Fatal(err)
	}
	v.Close()

	vars := map[string]string{envPassphrase: cliPass}
	for i, wantRead := range []bool{true, false} {
		out := filepath.Join(t.TempDir(), "bundle.pdf")
		code, stdout, stderr := run(t, vars, "", "bundle", "--vault", dir, "--case", ci.ID, "--quiet=false", "--out", out)
		if code != 0 {
			t.Fatalf("bundle: exit %d\n%s\n%s", code, stdout, stderr)
		}
		if got := strings.Contains(stderr, "Read where the words are on 3 pages of 1 PDF imported earlier"); got != wantRead {
			t.Errorf("run %d: said it read the words: %v, want %v\n%s", i+1, got, wantRead, stderr)
		}
		if strings.Contains(stderr, "shrunk") {
			t.Errorf("run %d: a page was shrunk though its foot is clear:\n%s", i+1, stderr)
		}
	}
}
