package store

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// TestWarmBuildStopsWhenStale: the background build of the documents'
// index stops at the next document once it is no longer wanted (the vault
// locked or written), rather than decrypting the rest for nothing.
func TestWarmBuildStopsWhenStale(t *testing.T) {
	ctx := context.Background()
	v, _ := newTestVault(t)
	ci, err := v.CreateCase(ctx, "Smith", "Example Council")
	must(t, err)
	for i := range 5 {
		d, err := v.ImportDocument(ctx, ci.ID, strings.NewReader(fmt.Sprintf("%%PDF %d", i)), DocumentInfo{Name: fmt.Sprintf("part %d.pdf", i)})
		must(t, err)
		must(t, v.PutPageTexts(ctx, ci.ID, d.ID, []PageText{{Page: 1, Text: "strategy discussion minutes"}}))
	}
	v.mu.RLock()
	st, k := v.st, *v.keys
	v.mu.RUnlock()
	docs := docsToIndex(st)
	if len(docs) != 5 {
		t.Fatalf("%d documents to index", len(docs))
	}
	for _, tc := range []struct {
		stopAfter, want int
	}{{-1, 5}, {0, 0}, {2, 2}} {
		ix := buildIndex(st)
		read := 0
		var stale func() bool
		if tc.stopAfter >= 0 {
			stale = func() bool { read++; return read > tc.stopAfter }
		}
		v.addPageTexts(ctx, ix, &k, docs, stale)
		if got := len(ix.search("strategy", "")); got != tc.want {
			t.Errorf("stale after %d documents: %d found, want %d", tc.stopAfter, got, tc.want)
		}
	}
}
