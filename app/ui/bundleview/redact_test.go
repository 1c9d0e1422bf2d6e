package bundleview

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/redress-app/redress/app/casework"
	"github.com/redress-app/redress/app/ui/internal/uitest"
)

// TestBundleExportRedacted: the Bundle tab's redacted copy goes from the
// form through the preview (page by page, the document's page named) to a
// saved bundle whose text holds none of the marked words, whose manifest
// lists its redacted pages, and which verifies.
func TestBundleExportRedacted(t *testing.T) {
	fx := newBundleFixture(t)
	fx.open(bundleDocs(t))
	uitest.TapNamed(t, fx.bv.content, "Export a redacted copy")
	var words *widget.Entry
	for _, ov := range fx.w.Canvas().Overlays().List() {
		uitest.WalkShown(ov, func(o fyne.CanvasObject) {
			if e, ok := o.(*widget.Entry); ok && e.MultiLine {
				words = e
			}
		})
	}
	if words == nil {
		t.Fatal("no box for words to take out")
	}
	words.SetText("Outcome of section 47 enquiries")
	uitest.TapNamed(t, fx.w.Canvas(), "Preview the changes")
	uitest.Settle()
	said := uitest.OverlayText(fx.w.Canvas())
	if !strings.Contains(said, "Outcome of section 47 enquiries") || !strings.Contains(said, "words you marked") {
		t.Fatalf("the preview says:\n%s", said)
	}
	uitest.TapNamed(t, fx.w.Canvas(), "Save the redacted copy")
	uitest.Settle()
	if len(fx.saves) != 1 || !strings.HasPrefix(filepath.Base(fx.saves[0]), "redacted-") {
		t.Fatalf("saves %v", fx.saves)
	}
	if said := uitest.OverlayText(fx.w.Canvas()); !strings.Contains(said, "Redacted bundle saved") || !strings.Contains(said, "redacted copies") {
		t.Errorf("after saving:\n%s", said)
	}
	f, err := os.Open(fx.saves[0])
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	check, err := casework.VerifyBundle(f, "")
	if err != nil || !check.OK() || len(check.Redacted) == 0 {
		t.Fatalf("verify: %+v %v", check, err)
	}
	if _, err := exec.LookPath("pdftotext"); err == nil {
		txt, err := exec.Command("pdftotext", fx.saves[0], "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(strings.Join(strings.Fields(string(txt)), " "), "Outcome of section 47 enquiries") {
			t.Error("the redacted bundle's text holds the marked words")
		}
	}
}
