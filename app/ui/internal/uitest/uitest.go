// Package uitest holds what the desktop app's tests share across its rooms
// (the shell in app/ui and the rooms under it): a test app in the app's
// theme, letting background work settle, finding and tapping buttons, the
// text on screen, and a test vault with an example case checked as of a fixed
// day. Only tests import it.
package uitest

import (
	"context"
	"image/color"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/redress-app/redress/app/casework"
	"github.com/redress-app/redress/app/ui/kit"
	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/checks"
	"github.com/redress-app/redress/store"
)

// NewTestApp is a test app with Redress's theme in the given variant.
func NewTestApp(t testing.TB, variant fyne.ThemeVariant) fyne.App {
	a := test.NewTempApp(t)
	a.Settings().SetTheme(VariantTheme{kit.CalmTheme(), variant})
	return a
}

// VariantTheme pins a theme to one variant, for light and dark goldens.
type VariantTheme struct {
	fyne.Theme
	V fyne.ThemeVariant
}

// Color is the theme's colour n in the pinned variant.
func (t VariantTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return t.Theme.Color(n, t.V)
}

// HoldUI makes the test goroutine play the UI goroutine: it holds kit.UIMu
// except while waiting (Settle), so that background results are applied
// between its steps, as in the app, and never while it is touching a widget.
func HoldUI(t testing.TB) {
	kit.UIMu.Lock()
	uiHeld = true
	t.Cleanup(func() {
		uiHeld = false
		kit.UIMu.Unlock()
		kit.Inflight.Wait()
	})
}

// uiHeld says whether the test goroutine holds kit.UIMu.
var uiHeld bool

// Settle lets background work finish and its results be applied.
func Settle() {
	if uiHeld {
		kit.UIMu.Unlock()
		defer kit.UIMu.Lock()
	}
	kit.Inflight.Wait()
}

// Now is the clock of the Letters, Bundle and AI help tests: 30 March 2026,
// 10:00 in London.
var Now = time.Date(2026, 3, 30, 10, 0, 0, 0, checks.London)

// Clock is Now as a clock.
func Clock() time.Time { return Now }

// NewVault makes a vault with the cheap test KDF and the clock Clock.
func NewVault(t testing.TB) *store.Vault {
	t.Helper()
	v, err := store.Create(context.Background(), filepath.Join(t.TempDir(), "vault"), []byte("mangrove-kettle-9"),
		store.WithKDF(store.TestKDF), store.WithInsecureKDF(), store.WithClock(Clock))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { v.Close() })
	return v
}

// Case is a case in a test vault as the shell hands it to the tabs.
type Case struct {
	ID       string
	C        *casefile.Case
	Findings []casefile.Finding
	AsOf     casefile.Date
}

// ImportCase imports examples/NAME.case.json (from a package two folders
// below the module's root, as app/ui is) into v.
func ImportCase(t testing.TB, v *store.Vault, examples, name string) Case {
	t.Helper()
	c, err := casefile.ReadFile(filepath.Join(examples, name+".case.json"))
	if err != nil {
		t.Fatal(err)
	}
	ci, err := v.ImportCase(context.Background(), c)
	if err != nil {
		t.Fatal(err)
	}
	return LoadCase(t, v, ci.ID)
}

// LoadCase loads case id from v with its findings as of Now's day.
func LoadCase(t testing.TB, v *store.Vault, id string) Case {
	t.Helper()
	c, err := v.LoadCase(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	asOf := casefile.DateOf(Now)
	return Case{id, c, checks.Run(checks.Default(), c, asOf), asOf}
}

// SaveSender stores the sender's details in v.
func SaveSender(t testing.TB, v *store.Vault) {
	t.Helper()
	if err := casework.SaveSender(context.Background(), v, casework.Sender{Name: "Sam Okafor", Address: "22 Linden Row\nExample City EC2 3CD", Email: "sam@example.org"}); err != nil {
		t.Fatal(err)
	}
}

// SharingAsked records the warnings shown before sharing
// (kit.ShowSharingWarning) and holds their answer until the test gives it.
type SharingAsked struct {
	Headings []string   // each warning's heading, in the order shown
	Whats    []string   // what each was about to share ("the bundle")
	Answer   func(bool) // answers the last warning: true goes on
}

// RecordSharingWarnings puts a SharingAsked in the place of the warning
// dialog until the test ends.
func RecordSharingWarnings(t *testing.T) *SharingAsked {
	r := &SharingAsked{}
	old := kit.ShowSharingWarning
	kit.ShowSharingWarning = func(_ fyne.Window, w casework.SharingWarning, what string, answer func(bool)) {
		r.Headings = append(r.Headings, w.Heading)
		r.Whats = append(r.Whats, what)
		r.Answer = answer
	}
	t.Cleanup(func() { kit.ShowSharingWarning = old })
	return r
}

// GoldenImage compares the window with testdata/NAME.png (Fyne writes a
// new one to testdata/failed/ when they differ).
func GoldenImage(t *testing.T, w fyne.Window, name string) {
	t.Helper()
	test.AssertImageMatches(t, name+".png", w.Canvas().Capture())
}

// ButtonNamed finds the button whose text starts with text under o (and in
// the canvas's dialogs, when o is a canvas), or nil.
func ButtonNamed(o any, text string) *widget.Button {
	var found *widget.Button
	look := func(root fyne.CanvasObject) {
		WalkShown(root, func(x fyne.CanvasObject) {
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

// TapNamed taps the button named text, failing the test when there is none.
func TapNamed(t *testing.T, o any, text string) {
	t.Helper()
	b := ButtonNamed(o, text)
	if b == nil {
		t.Fatalf("no button %q", text)
	}
	if b.Disabled() {
		t.Fatalf("button %q is disabled", text)
	}
	test.Tap(b)
	Settle()
}

// OverlayText is the text of every label in the canvas's dialogs.
func OverlayText(c fyne.Canvas) string {
	var b strings.Builder
	for _, o := range c.Overlays().List() {
		b.WriteString(AllText(o))
	}
	return b.String()
}

// AllText is the text of the labels and rich texts under o.
func AllText(o fyne.CanvasObject) string {
	var b strings.Builder
	WalkShown(o, func(x fyne.CanvasObject) {
		switch w := x.(type) {
		case *widget.Label:
			b.WriteString(w.Text + "\n")
		case *widget.RichText:
			b.WriteString(RichText(w))
		}
	})
	return b.String()
}

// RichText is the text of a rich text's segments, one line each.
func RichText(r *widget.RichText) string {
	var b strings.Builder
	var walk func([]widget.RichTextSegment)
	walk = func(segs []widget.RichTextSegment) {
		for _, s := range segs {
			switch t := s.(type) {
			case *widget.TextSegment:
				b.WriteString(t.Text + "\n")
			case *widget.ListSegment:
				walk(t.Items)
			case *widget.ParagraphSegment:
				walk(t.Texts)
			}
		}
	}
	walk(r.Segments)
	return b.String()
}

// WalkShown calls f for o and everything shown under it (hidden objects and
// what is under them are skipped).
func WalkShown(o fyne.CanvasObject, f func(fyne.CanvasObject)) {
	if o == nil || !o.Visible() {
		return
	}
	f(o)
	switch w := o.(type) {
	case *fyne.Container:
		for _, c := range w.Objects {
			WalkShown(c, f)
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(w).Objects() {
			WalkShown(c, f)
		}
	}
}

// Walk calls f for o and everything under it, shown or not.
func Walk(o fyne.CanvasObject, f func(fyne.CanvasObject)) {
	f(o)
	switch w := o.(type) {
	case *fyne.Container:
		for _, c := range w.Objects {
			Walk(c, f)
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(w).Objects() {
			Walk(c, f)
		}
	}
}

// DismissAll closes every dialog.
func DismissAll(w fyne.Window) {
	for w.Canvas().Overlays().Top() != nil {
		w.Canvas().Overlays().Remove(w.Canvas().Overlays().Top())
	}
}
