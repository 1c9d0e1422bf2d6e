package ui

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/redress-app/redress/app/casework"
	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/checks"
	"github.com/redress-app/redress/store"
)

// letterNow is the clock of the Letters, Bundle and AI help tests: 30 March
// 2026, 10:00 in London.
var letterNow = time.Date(2026, 3, 30, 10, 0, 0, 0, checks.London)

func letterClock() time.Time { return letterNow }

// newLetterVault makes a vault with the cheap test KDF and a fixed clock.
func newLetterVault(t testing.TB) *store.Vault {
	t.Helper()
	v, err := store.Create(context.Background(), filepath.Join(t.TempDir(), "vault"), []byte("mangrove-kettle-9"),
		store.WithKDF(store.TestKDF), store.WithInsecureKDF(), store.WithClock(letterClock))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { v.Close() })
	return v
}

// openCase is a case in a test vault as the shell hands it to the tabs.
type openCase struct {
	id       string
	c        *casefile.Case
	findings []casefile.Finding
	asOf     casefile.Date
}

// importCase imports examples/NAME.case.json into v.
func importCase(t testing.TB, v *store.Vault, name string) openCase {
	t.Helper()
	c, err := casefile.ReadFile("../../examples/" + name + ".case.json")
	if err != nil {
		t.Fatal(err)
	}
	ci, err := v.ImportCase(context.Background(), c)
	if err != nil {
		t.Fatal(err)
	}
	return loadCase(t, v, ci.ID)
}

// loadCase loads case id from v with its findings as of the test clock's day.
func loadCase(t testing.TB, v *store.Vault, id string) openCase {
	t.Helper()
	c, err := v.LoadCase(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	asOf := casefile.DateOf(letterNow)
	return openCase{id, c, checks.Run(checks.Default(), c, asOf), asOf}
}

// buttonNamed finds the button whose text starts with text under o (and in
// the canvas's dialogs, when o is a canvas), or nil.
func buttonNamed(o any, text string) *widget.Button {
	var found *widget.Button
	look := func(root fyne.CanvasObject) {
		walkShown(root, func(x fyne.CanvasObject) {
			if b, ok := x.(*widget.Button); ok && found == nil && strings.HasPrefix(b.Text, text) {
				found = b
			}
		})
	}
	switch r := o.(type) {
	case fyne.Canvas:
		for _, ov := range r.Overlays().List() {
			look(ov)
		}
		if found == nil && r.Content() != nil {
			look(r.Content())
		}
	case fyne.CanvasObject:
		look(r)
	}
	return found
}

// tapNamed taps the button named text, failing the test when there is none.
func tapNamed(t *testing.T, o any, text string) {
	t.Helper()
	b := buttonNamed(o, text)
	if b == nil {
		t.Fatalf("no button %q", text)
	}
	if b.Disabled() {
		t.Fatalf("button %q is disabled", text)
	}
	test.Tap(b)
	settle()
}

// overlayText is the text of every label in the canvas's dialogs.
func overlayText(c fyne.Canvas) string {
	var b strings.Builder
	for _, o := range c.Overlays().List() {
		b.WriteString(allText(o))
	}
	return b.String()
}

// allText is the text of the labels, rich texts and entries under o.
func allText(o fyne.CanvasObject) string {
	var b strings.Builder
	walkShown(o, func(x fyne.CanvasObject) {
		switch w := x.(type) {
		case *widget.Label:
			b.WriteString(w.Text + "\n")
		case *widget.RichText:
			b.WriteString(richText(w))
		}
	})
	return b.String()
}

// saveSender stores the sender's details in v.
func saveSender(t testing.TB, v *store.Vault) {
	t.Helper()
	if err := casework.SaveSender(context.Background(), v, casework.Sender{Name: "Sam Okafor", Address: "22 Linden Row\nExample City EC2 3CD", Email: "sam@example.org"}); err != nil {
		t.Fatal(err)
	}
}

// goldenImage compares the window with testdata/NAME.png.
func goldenImage(t *testing.T, w fyne.Window, name string) {
	t.Helper()
	test.AssertImageMatches(t, name+".png", w.Canvas().Capture())
}

// walkShown calls f for o and everything shown under it (hidden objects and
// what is under them are skipped).
func walkShown(o fyne.CanvasObject, f func(fyne.CanvasObject)) {
	if o == nil || !o.Visible() {
		return
	}
	f(o)
	switch w := o.(type) {
	case *fyne.Container:
		for _, c := range w.Objects {
			walkShown(c, f)
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(w).Objects() {
			walkShown(c, f)
		}
	}
}
