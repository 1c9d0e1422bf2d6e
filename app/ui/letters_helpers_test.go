package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/redress-app/redress/app/ui/internal/uitest"
	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/store"
)

// The shell's tests use the helpers the rooms' tests share (uitest) under
// these names.

// openCase is a case in a test vault as the shell hands it to the tabs.
type openCase struct {
	id       string
	c        *casefile.Case
	findings []casefile.Finding
	asOf     casefile.Date
}

func fromUITest(c uitest.Case) openCase { return openCase{c.ID, c.C, c.Findings, c.AsOf} }

// importCase imports examples/NAME.case.json into v.
func importCase(t testing.TB, v *store.Vault, name string) openCase {
	t.Helper()
	return fromUITest(uitest.ImportCase(t, v, "../../examples", name))
}

// findingsOf returns the case's findings of rule.
func findingsOf(oc openCase, rule string) []casefile.Finding {
	var out []casefile.Finding
	for _, f := range oc.findings {
		if f.Rule == rule {
			out = append(out, f)
		}
	}
	return out
}

func buttonNamed(o any, text string) *widget.Button { return uitest.ButtonNamed(o, text) }

func tapNamed(t *testing.T, o any, text string) {
	t.Helper()
	uitest.TapNamed(t, o, text)
}

func overlayText(c fyne.Canvas) string { return uitest.OverlayText(c) }

func allText(o fyne.CanvasObject) string { return uitest.AllText(o) }

func walkShown(o fyne.CanvasObject, f func(fyne.CanvasObject)) { uitest.WalkShown(o, f) }

func dismissAll(w fyne.Window) { uitest.DismissAll(w) }

func goldenImage(t *testing.T, w fyne.Window, name string) {
	t.Helper()
	uitest.GoldenImage(t, w, name)
}
