package bundleview

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/redress-app/redress/app/ui/internal/uitest"
	"github.com/redress-app/redress/letters/bundle/bundletest"
)

// TestAuthoritiesExport: the Bundle tab's "Authorities bundle…" writes the
// authorities bundle, with the Children Act imported as an authority's text,
// and says which texts are still to add, with the words to type for each.
func TestAuthoritiesExport(t *testing.T) {
	fx := newBundleFixture(t)
	docs := append(bundleDocs(t), bundleTestDoc{"a1", "children-act-1989.pdf", "", "authority:children-act-1989",
		bundletest.TextPDF(t, "Children Act 1989 section 47", 2, false)})
	fx.open(docs)
	bv := fx.bv
	test.Tap(uitest.ButtonNamed(bv.content, "Authorities bundle…"))
	if !bv.Busy() {
		t.Error("Busy is false while the authorities bundle is made")
	}
	if !bv.exportBtn.Disabled() {
		t.Error("Export can be tapped during the authorities export")
	}
	uitest.Settle()
	if bv.Busy() || bv.exportBtn.Disabled() {
		t.Error("still busy after the export finished")
	}
	if len(fx.saves) != 1 || filepath.Base(fx.saves[0]) != "authorities-bundle-2026-03-30.pdf" {
		t.Fatalf("saves %v", fx.saves)
	}
	path := fx.saves[0]
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatalf("no file: %v\n%s", err, uitest.OverlayText(fx.w.Canvas()))
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("permissions %v, want 0600", fi.Mode().Perm())
	}
	said := strings.Join(strings.Fields(uitest.OverlayText(fx.w.Canvas())), " ")
	for _, w := range []string{"Authorities bundle saved as authorities-bundle-2026-03-30.pdf", "not encrypted",
		"Texts you must add", "authority:r-ab-and-cd-v-london-ewhc-416-admin", "“From” box"} {
		if !strings.Contains(said, w) {
			t.Errorf("the dialog does not say %q:\n%s", w, said)
		}
	}
	if strings.Contains(said, "authority:children-act-1989") {
		t.Error("the Children Act, imported, is still to add")
	}
	text := strings.Join(strings.Fields(pdfText(t, path)), " ")
	for _, w := range []string{"Table of authorities", "1. Children Act 1989 B1–B2", "Children Act 1989 section 47", "YOU MUST ADD ITS TEXT"} {
		if !strings.Contains(text, w) {
			t.Errorf("the PDF lacks %q", w)
		}
	}
}
