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
