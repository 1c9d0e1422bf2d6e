package bundleview

import (
	"context"
	"os"
	"testing"

	"github.com/redress-app/redress/app/ui/internal/uitest"
	"github.com/redress-app/redress/casefile"
)

// TestBundleExportWarnsFirst: the Bundle tab's export of a case with care
// proceedings shows the warning before asking where to save; Cancel saves
// nothing, Go on exports.
func TestBundleExportWarnsFirst(t *testing.T) {
	r := uitest.RecordSharingWarnings(t)
	fx := newBundleFixture(t)
	fx.open(bundleDocs(t))
	if _, err := fx.v.AddEvent(context.Background(), fx.oc.ID, casefile.Event{Kind: casefile.KindCareProceedingsIssue, Date: casefile.MustDate("2026-03-02")}); err != nil {
		t.Fatal(err)
	}
	fx.oc = uitest.LoadCase(t, fx.v, fx.oc.ID)
	fx.show(fx.oc)
	uitest.TapNamed(t, fx.bv.content, "Export bundle")
	if len(r.Headings) != 1 || len(fx.saves) != 0 {
		t.Fatalf("asked %v, saved %v", r.Headings, fx.saves)
	}
	r.Answer(false)
	uitest.Settle()
	if len(fx.saves) != 0 {
		t.Fatal("Cancel saved")
	}
	uitest.TapNamed(t, fx.bv.content, "Export bundle")
	r.Answer(true)
	uitest.Settle()
	if len(fx.saves) != 1 {
		t.Fatalf("Go on did not save: %v", fx.saves)
	}
	if _, err := os.Stat(fx.saves[0]); err != nil {
		t.Errorf("the bundle was not written: %v", err)
	}
}
