package store

import (
	"context"
	"testing"
)

// TestSearchReady: the index is ready once a search (or the warm-up after
// unlocking) has built it, and not after locking.
func TestSearchReady(t *testing.T) {
	v, _ := newTestVault(t)
	ctx := context.Background()
	if _, err := v.Search(ctx, "anything", ""); err != nil {
		t.Fatal(err)
	}
	if !v.SearchReady() {
		t.Error("not ready after a search")
	}
	v.Lock()
	if v.SearchReady() {
		t.Error("ready while locked")
	}
}
