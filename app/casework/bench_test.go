package casework

import (
	"context"
	"io"
	"testing"

	"github.com/redress-app/redress/letters"
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
