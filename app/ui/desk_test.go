package ui

import (
	"flag"
	"github.com/redress-app/redress/app/ui/internal/uitest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/redress-app/redress/checks"
	"github.com/redress-app/redress/store"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// testClock is a clock the test moves by hand.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// fakeFiles answers the file dialogs with paths queued by the test.
type fakeFiles struct{ files, saves, folders []string }

func pop(q *[]string) (string, bool) {
	if len(*q) == 0 {
		return "", false
	}
	p := (*q)[0]
	*q = (*q)[1:]
	return p, true
}

func (f *fakeFiles) openFile(_ fyne.Window, _ []string, done func(string)) {
	if p, ok := pop(&f.files); ok {
		done(p)
	}
}

func (f *fakeFiles) saveFile(_ fyne.Window, _ string, done func(string)) {
	if p, ok := pop(&f.saves); ok {
		done(p)
	}
}

func (f *fakeFiles) openFolder(_ fyne.Window, done func(string)) {
	if p, ok := pop(&f.folders); ok {
		done(p)
	}
}

// testDesk is a desk on Fyne's test driver, with a cheap KDF, a fixed clock,
// a private temporary folder and answered file dialogs.
type testDesk struct {
	t     *testing.T
	app   fyne.App
	d     *desk
	clock *testClock
	files *fakeFiles
}

// startTime is when every test begins: UI.md's example time.
var startTime = time.Date(2026, 11, 25, 21, 14, 0, 0, checks.London)

func newTestDesk(t *testing.T) *testDesk {
	t.Helper()
	a := test.NewTempApp(t)
	a.Preferences().SetString(prefThemeVariant, themeLight)
	return newTestDeskOn(t, a, t.TempDir())
}

func newTestDeskOn(t *testing.T, a fyne.App, tempRoot string) *testDesk {
	clock := &testClock{t: startTime}
	files := &fakeFiles{}
	d := newDesk(a, deskConfig{
		storeOpts: []store.Option{store.WithKDF(store.TestKDF), store.WithInsecureKDF(), store.WithClock(clock.now)},
		now:       clock.now, files: files, tempRoot: tempRoot,
	})
	d.win.Resize(fyne.NewSize(1180, 760))
	t.Cleanup(func() { d.closeVault(); d.reader.Close() }) // cleanups run last first: this one after holdUI's
	holdUI(t)
	return &testDesk{t: t, app: a, d: d, clock: clock, files: files}
}

// holdUI makes the test goroutine play the UI goroutine (uitest.HoldUI).
func holdUI(t testing.TB) { uitest.HoldUI(t) }

// settle lets background work finish and its results be applied.
func settle() { uitest.Settle() }

// wait lets background work finish.
func (td *testDesk) wait() { settle() }

// createVault makes a vault in dir through the create screen.
func (td *testDesk) createVault(dir, pass string) {
	td.t.Helper()
	g := td.d.gate
	g.showCreate()
	g.createDir = dir
	g.where.SetText(dir)
	test.Type(g.pass1, pass)
	test.Type(g.pass2, pass)
	if g.createBtn.Disabled() {
		td.t.Fatalf("create button disabled; hint %q", g.strength.Text)
	}
	test.Tap(g.createBtn)
	td.wait()
	if td.d.shell == nil {
		td.t.Fatalf("no shell after creating the vault; message %q", g.msg.Text)
	}
}

// unlock types the passphrase on the unlock screen and waits.
func (td *testDesk) unlock(pass string) {
	td.t.Helper()
	g := td.d.gate
	if g.pass == nil {
		td.t.Fatal("no unlock screen")
	}
	test.Type(g.pass, pass)
	test.Tap(g.unlockBtn)
	td.wait()
}

// newCase fills the new-case page and creates the case.
func (td *testDesk) newCase(council, child, born, firstDate, firstWhat string) {
	td.t.Helper()
	s := td.d.shell
	if s.newCase == nil {
		s.showNewCase(false)
	}
	p := s.newCase
	test.Type(p.council.entry, council)
	test.Type(p.children[0].name, child)
	test.Type(p.children[0].born.entry, born)
	test.Type(p.firstDate.entry, firstDate)
	test.Type(p.firstWhat, firstWhat)
	test.Tap(p.saveBtn)
	td.wait()
	if p.msg.Visible() {
		td.t.Fatalf("new case not made: %q", p.msg.Text)
	}
	if !s.caseReady() {
		td.t.Fatal("the new case is not open")
	}
}

// writeNote writes and saves a journal entry through the editor.
func (td *testDesk) writeNote(kind, text string) {
	td.t.Helper()
	s := td.d.shell
	s.onNewNote()
	ed := s.journal.ed
	if kind != "" {
		ed.kind.tap(kind)
	}
	test.Type(ed.text, text)
	test.Tap(ed.save)
	td.wait()
	if ed.msg.Visible() {
		td.t.Fatalf("note not saved: %q", ed.msg.Text)
	}
}

// ctrl presses Ctrl+key with the focus in f.
func ctrl(f fyne.Shortcutable, key fyne.KeyName) {
	f.TypedShortcut(&desktop.CustomShortcut{KeyName: key, Modifier: fyne.KeyModifierControl})
}

type widgetRadio = widget.RadioGroup

func ctrlKey(k fyne.KeyName) fyne.Shortcut {
	return &desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierControl}
}

// pressEsc presses Esc with the focus in f.
func pressEsc(f *field) { f.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape}) }

// screenText is every piece of text drawn in the window, overlays included.
func screenText(c fyne.Canvas) string {
	var b strings.Builder
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if o == nil {
			return
		}
		switch v := o.(type) {
		case *canvas.Text:
			b.WriteString(v.Text + "\n")
		case *fyne.Container:
			for _, c := range v.Objects {
				walk(c)
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(v).Objects() {
				walk(c)
			}
		}
	}
	walk(c.Content())
	for _, o := range c.Overlays().List() {
		walk(o)
	}
	return b.String()
}

// assertMarkup compares the window with a golden file in testdata; with
// -update it writes the file instead.
func assertMarkup(t *testing.T, name string, c fyne.Canvas) {
	t.Helper()
	if *update {
		path := filepath.Join("testdata", name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(test.RenderToMarkup(c)), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	test.AssertRendersToMarkup(t, name, c)
}

// label finds the first label under o whose text contains s.
func findLabel(o fyne.CanvasObject, s string) *widget.Label {
	var found *widget.Label
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if found != nil || o == nil {
			return
		}
		switch v := o.(type) {
		case *widget.Label:
			if strings.Contains(v.Text, s) {
				found = v
			}
		case *fyne.Container:
			for _, c := range v.Objects {
				walk(c)
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(v).Objects() {
				walk(c)
			}
		}
	}
	walk(o)
	return found
}

// findButton finds the first button under o whose text contains s.
func findButton(o fyne.CanvasObject, s string) *widget.Button {
	var found *widget.Button
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if found != nil || o == nil {
			return
		}
		switch v := o.(type) {
		case *widget.Button:
			if strings.Contains(v.Text, s) {
				found = v
			}
		case *fyne.Container:
			for _, c := range v.Objects {
				walk(c)
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(v).Objects() {
				walk(c)
			}
		}
	}
	walk(o)
	return found
}
