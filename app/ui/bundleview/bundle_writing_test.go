package bundleview

import (
	"context"
	"strings"
	"testing"

	"github.com/redress-app/redress/app/ui/internal/uitest"
	"github.com/redress-app/redress/letters/bundle/bundletest"
	"github.com/redress-app/redress/store"
)

// TestBundlePictureOfALetter: a phone photograph of the council's letter
// sits among the photographs until its text is read (OCR runs after
// import); shown again, it has gone to the council's documents, keeping
// whether it was left out, and a photograph with no text has not moved.
func TestBundlePictureOfALetter(t *testing.T) {
	fx := newBundleFixture(t)
	docs := bundleDocs(t)
	docs = append(docs, bundleTestDoc{"d5", "letter-photo.jpg", "2026-02-10", "council", bundletest.JPEG(t, bundletest.Photo(600, 800), 1)})
	fx.open(docs)
	if got, want := docOrder(fx.bv.m), "||d1,d2|d3|d4,d5"; got != want {
		t.Fatalf("before its text is read: %s, want %s", got, want)
	}
	fx.bv.m.sections[4].docs[1].on = false // left out by hand while it was a photograph

	letter := "Dear Ms Smith, following the referral we received from the school we will be completing a child and family " +
		"assessment. Your social worker will contact you to arrange a visit to your home. Yours sincerely, Children's Services"
	ctx := context.Background()
	if err := fx.v.PutPageTexts(ctx, fx.oc.ID, "d5", []store.PageText{{Page: 1, Text: letter, OCR: true}}); err != nil {
		t.Fatal(err)
	}
	if err := fx.v.PutPageTexts(ctx, fx.oc.ID, "d4", []store.PageText{{Page: 1, Text: "ee ~ i", OCR: true}}); err != nil {
		t.Fatal(err)
	}
	fx.show(uitest.LoadCase(t, fx.v, fx.oc.ID))
	if got, want := docOrder(fx.bv.m), "||d1,d2,-d5|d3|d4"; got != want {
		t.Errorf("after its text is read: %s, want %s", got, want)
	}
	if joined := strings.Join(fx.listed(), "\n"); !strings.Contains(joined, "Section C: The council's documents") {
		t.Errorf("the list:\n%s", joined)
	}

	// Moved back by hand, it stays where it was put.
	fx.bv.moveDocTo(fx.bv.rows[fx.rowOf("d5", "")], 4)
	fx.show(uitest.LoadCase(t, fx.v, fx.oc.ID))
	if got, want := docOrder(fx.bv.m), "||d1,d2|d3|d4,-d5"; got != want {
		t.Errorf("moved back to the photographs by hand, then shown again: %s, want %s", got, want)
	}
}
