package letters

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// goldenImage compares the window with testdata/NAME.png.
func goldenImage(t *testing.T, w fyne.Window, name string) {
	t.Helper()
	test.AssertImageMatches(t, name+".png", w.Canvas().Capture())
}

// examples is the folder of the example case files.
const examples = "../../../examples"
