package bundle

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"testing"

	"github.com/redress-app/redress/casefile"
)

// Test documents are made here, in memory: generated letters with text,
// a scanned-style page with only an image, photographs, a broken PDF and
// an encrypted one.

// memItem is an Item whose bytes are in memory.
func memItem(id, title, date, source, name, typ string, data []byte) *Item {
	it := &Item{ID: id, Title: title, Source: source, Author: source, Name: name, Type: typ, Size: int64(len(data))}
	if date != "" {
		it.Date = casefile.MustDate(date)
	}
	it.SHA256 = sha(data)
	it.Open = func(context.Context) (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil }
	return it
}

// keepDir is where the tests leave the bundles they make when
// BUNDLE_KEEP_DIR is set, to be looked at.
func keepDir(t testing.TB) string {
	if dir := os.Getenv("BUNDLE_KEEP_DIR"); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	return t.TempDir()
}

func sha(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}
