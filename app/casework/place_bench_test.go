package casework

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/jpeg"
	"strings"
	"testing"

	"github.com/redress-app/redress/store"
)

// BenchmarkPagesOfText300: the Bundle tab asks, each time it is shown,
// which of a case's pictures are pages of writing; a case with 300
// pictures, half of them read as letters.
func BenchmarkPagesOfText300(b *testing.B) {
	ctx := context.Background()
	v := newVault(b)
	id := importExample(b, v, "complaint")
	letter := strings.Repeat("Dear parent, we write about the referral. ", 10)
	for i := range 300 {
		var pic bytes.Buffer
		if err := jpeg.Encode(&pic, image.NewGray(image.Rect(0, 0, 20+i, 20)), nil); err != nil {
			b.Fatal(err)
		}
		d, err := v.ImportDocument(ctx, id, &pic, store.DocumentInfo{Name: fmt.Sprintf("p%d.jpg", i), Type: "image/jpeg", Source: "family"})
		if err != nil {
			b.Fatal(err)
		}
		if i%2 == 0 {
			if err := v.PutPageTexts(ctx, id, d.ID, []store.PageText{{Page: 1, Text: letter, OCR: true}}); err != nil {
				b.Fatal(err)
			}
		}
	}
	c, err := v.LoadCase(ctx, id)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		w, err := PagesOfText(ctx, v, id, c.Documents)
		if err != nil || len(w) != 150 {
			b.Fatalf("%d, %v", len(w), err)
		}
	}
}
