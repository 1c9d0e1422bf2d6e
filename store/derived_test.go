package store

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/redress-app/redress/casefile"
)

func TestDerivedRecords(t *testing.T) {
	ctx := context.Background()
	v, _ := newTestVault(t)
	ci, err := v.CreateCase(ctx, "Smith", "Example Council")
	must(t, err)
	d, err := v.ImportDocument(ctx, ci.ID, strings.NewReader("%PDF-1.4 pretend"), DocumentInfo{Name: "Conference report.pdf", Date: casefile.MustDate("2026-03-20")})
	must(t, err)

	if p, err := v.PageTexts(ctx, ci.ID, d.ID); err != nil || len(p) != 0 {
		t.Fatalf("before reading: %v %v", p, err)
	}
	if _, ok, err := v.DerivedInfo(ctx, ci.ID, d.ID); ok || err != nil {
		t.Fatalf("info before reading: %v %v", ok, err)
	}
	pages := []PageText{{Page: 1, Text: "Initial child protection conference"}, {Page: 3, Text: "The chair decided a plan under the category of neglect."},
		{Page: 2, Text: "scanned words", OCR: true}}
	must(t, v.PutPageTexts(ctx, ci.ID, d.ID, pages))
	must(t, v.PutDerivedInfo(ctx, ci.ID, d.ID, DerivedInfo{Kind: "pdf", Pages: 3, OCRPending: []int{2}}))
	must(t, v.PutThumbnail(ctx, ci.ID, d.ID, 1, []byte("\x89PNG pretend")))

	// Words of a page: none yet, then kept (rounded to five places),
	// an empty page kept as empty, another page apart.
	if w, ok, err := v.PageWords(ctx, ci.ID, d.ID, 1); ok || err != nil || w != nil {
		t.Fatalf("words before reading: %v %v %v", w, ok, err)
	}
	words := []Word{{Text: "Initial", X0: 0.0952381, Y0: 0.1, X1: 0.2, Y1: 0.123456789}, {Text: `"child", \ 47`, X0: 0.21, Y0: 0.1, X1: 0.3, Y1: 0.12}}
	must(t, v.PutPageWords(ctx, ci.ID, d.ID, 1, words))
	must(t, v.PutPageWords(ctx, ci.ID, d.ID, 2, nil))
	if w, ok, err := v.PageWords(ctx, ci.ID, d.ID, 1); !ok || err != nil || len(w) != 2 || w[1] != words[1] ||
		w[0].Text != "Initial" || w[0].X0 != 0.09524 || w[0].Y1 != 0.12346 {
		t.Fatalf("words = %+v %v %v", w, ok, err)
	}
	if w, ok, err := v.PageWords(ctx, ci.ID, d.ID, 2); !ok || err != nil || len(w) != 0 {
		t.Fatalf("empty page's words = %+v %v %v", w, ok, err)
	}
	if _, ok, err := v.PageWords(ctx, ci.ID, d.ID, 3); ok || err != nil {
		t.Fatalf("page 3's words: %v %v", ok, err)
	}
	if err := v.PutPageWords(ctx, ci.ID, d.ID, 0, words); err == nil {
		t.Fatal("words of page 0 kept")
	}
	// Several pages in one call: all kept, or (one page number wrong) none.
	if err := v.PutPagesWords(ctx, ci.ID, d.ID, []PageWordBoxes{{Page: 3, Words: words[:1]}, {Page: -1, Words: words}}); err == nil {
		t.Fatal("words of page -1 kept")
	}
	if _, ok, err := v.PageWords(ctx, ci.ID, d.ID, 3); ok || err != nil {
		t.Fatalf("page 3's words kept from a refused call: %v %v", ok, err)
	}
	must(t, v.PutPagesWords(ctx, ci.ID, d.ID, []PageWordBoxes{{Page: 3, Words: words[1:]}, {Page: 4, Words: words}}))
	if w, ok, err := v.PageWords(ctx, ci.ID, d.ID, 3); !ok || err != nil || len(w) != 1 || w[0] != words[1] {
		t.Fatalf("page 3's words = %+v %v %v", w, ok, err)
	}
	if w, ok, err := v.PageWords(ctx, ci.ID, d.ID, 4); !ok || err != nil || len(w) != 2 {
		t.Fatalf("page 4's words = %+v %v %v", w, ok, err)
	}
	// Words are not text: search does not find them twice, nor at all.
	if hits, _ := v.Search(ctx, "Initial child", ""); len(hits) != 1 {
		t.Fatalf("search over words: %+v", hits)
	}

	got, err := v.PageTexts(ctx, ci.ID, d.ID)
	must(t, err)
	if len(got) != 3 || got[0].Page != 1 || got[1] != pages[2] || got[2].Text != pages[1].Text {
		t.Fatalf("PageTexts = %+v", got)
	}
	info, ok, err := v.DerivedInfo(ctx, ci.ID, d.ID)
	if err != nil || !ok || info.Pages != 3 || len(info.OCRPending) != 1 {
		t.Fatalf("DerivedInfo = %+v %v %v", info, ok, err)
	}
	if img, err := v.Thumbnail(ctx, ci.ID, d.ID, 1); err != nil || string(img) != "\x89PNG pretend" {
		t.Fatalf("Thumbnail = %q %v", img, err)
	}
	if _, err := v.Thumbnail(ctx, ci.ID, d.ID, 2); !errors.Is(err, casefile.ErrNotFound) {
		t.Fatalf("missing thumbnail: %v", err)
	}

	// Search names the document and the page.
	hits, err := v.Search(ctx, "category negl", "")
	must(t, err)
	if len(hits) != 1 || hits[0].ID != d.ID || hits[0].Page != 3 || hits[0].Title != "Conference report.pdf, page 3" || !strings.Contains(hits[0].Snippet, "neglect") {
		t.Fatalf("hits = %+v", hits)
	}
	// Replacing a page's text replaces its hit.
	must(t, v.PutPageTexts(ctx, ci.ID, d.ID, []PageText{{Page: 3, Text: "Amended reading: physical harm."}}))
	if hits, _ := v.Search(ctx, "neglect", ""); len(hits) != 0 {
		t.Fatalf("old text still found: %+v", hits)
	}
	if hits, _ := v.Search(ctx, "physical", ""); len(hits) != 1 || hits[0].Page != 3 {
		t.Fatalf("new text not found: %+v", hits)
	}
	// A renamed document's pages take its name.
	d.Name = "ICPC report.pdf"
	must(t, v.UpdateDocument(ctx, ci.ID, d))
	if hits, _ := v.Search(ctx, "physical", ""); len(hits) != 1 || hits[0].Title != "ICPC report.pdf, page 3" {
		t.Fatalf("after rename: %+v", hits)
	}

	// After reopening, the index is built from the sealed records.
	v = reopen(t, v)
	if hits, _ := v.Search(ctx, "protection conference", ci.ID); len(hits) != 1 || hits[0].Page != 1 {
		t.Fatalf("after reopening: %+v", hits)
	}

	// Words moved to another page do not open.
	_, err = v.db.Exec("UPDATE derived SET page = 7 WHERE kind = 'words' AND page = 1")
	must(t, err)
	if _, _, err := v.PageWords(ctx, ci.ID, d.ID, 7); !errors.As(err, new(*RecordError)) {
		t.Fatalf("moved words: %v", err)
	}

	// A record moved to another page does not open.
	_, err = v.db.Exec("UPDATE derived SET page = 9 WHERE kind = 'text' AND page = 1")
	must(t, err)
	if _, err := v.PageTexts(ctx, ci.ID, d.ID); !errors.As(err, new(*RecordError)) {
		t.Fatalf("moved record: %v", err)
	}
	_, err = v.db.Exec("DELETE FROM derived WHERE kind = 'text' AND page = 9")
	must(t, err)

	// Archiving takes the pages out of search; purging deletes the records.
	must(t, v.Archive(ctx, ci.ID, TypeDocument, d.ID))
	if hits, _ := v.Search(ctx, "physical", ""); len(hits) != 0 {
		t.Fatalf("archived document found: %+v", hits)
	}
	must(t, v.Purge(ctx, ci.ID, TypeDocument, d.ID))
	var n int
	must(t, v.db.QueryRow("SELECT count(*) FROM derived").Scan(&n))
	if n != 0 {
		t.Fatalf("%d derived records left after purge", n)
	}
	if err := v.PutPageTexts(ctx, ci.ID, d.ID, pages); !errors.Is(err, casefile.ErrNotFound) {
		t.Fatalf("text for a purged document: %v", err)
	}
}

// TestDerivedMigration3: a vault of schema version 2 (derived records
// without words) opens, its derived records kept, and takes words.
func TestDerivedMigration3(t *testing.T) {
	ctx := context.Background()
	v, _ := newTestVault(t)
	ci, err := v.CreateCase(ctx, "Smith", "Example Council")
	must(t, err)
	d, err := v.ImportDocument(ctx, ci.ID, strings.NewReader("%PDF-1.4 pretend"), DocumentInfo{Name: "report.pdf"})
	must(t, err)
	must(t, v.PutPageTexts(ctx, ci.ID, d.ID, []PageText{{Page: 1, Text: "strategy discussion"}}))
	must(t, v.PutThumbnail(ctx, ci.ID, d.ID, 1, []byte("png")))
	// Back to version 2's table, as an older Redress left it.
	for _, q := range []string{
		"CREATE TABLE derived2 (doc BLOB NOT NULL, kind TEXT NOT NULL CHECK (kind IN ('info', 'text', 'thumb')), page INTEGER NOT NULL CHECK (page >= 0), data BLOB NOT NULL, UNIQUE (doc, kind, page)) STRICT",
		"INSERT INTO derived2 SELECT * FROM derived", "DROP TABLE derived", "ALTER TABLE derived2 RENAME TO derived", "PRAGMA user_version = 2",
	} {
		_, err := v.db.Exec(q)
		must(t, err)
	}
	if _, err := v.db.Exec("INSERT INTO derived VALUES (x'00', 'words', 1, x'00')"); err == nil {
		t.Fatal("version 2's table took words")
	}
	v = reopen(t, v)
	if p, err := v.PageTexts(ctx, ci.ID, d.ID); err != nil || len(p) != 1 || p[0].Text != "strategy discussion" {
		t.Fatalf("text after the migration: %+v %v", p, err)
	}
	if img, err := v.Thumbnail(ctx, ci.ID, d.ID, 1); err != nil || string(img) != "png" {
		t.Fatalf("thumbnail after the migration: %q %v", img, err)
	}
	must(t, v.PutPageWords(ctx, ci.ID, d.ID, 1, []Word{{Text: "strategy", X0: 0.1, Y0: 0.1, X1: 0.2, Y1: 0.12}}))
	must(t, v.Verify(ctx))
	var ver int
	must(t, v.db.QueryRow("PRAGMA user_version").Scan(&ver))
	if ver != 3 {
		t.Fatalf("user_version = %d", ver)
	}
}
