package ui

import (
	"github.com/redress-app/redress/app/ui/internal/uitest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/redress-app/redress/app/ui/kit"
)

const example = "../../examples/bruised-baby.case.json"

// waitFor waits for background work to finish, then checks cond.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	kit.Inflight.Wait()
	if !cond() {
		t.Fatalf("no %s", what)
	}
}

func TestViewerShowsChronologyInDateOrder(t *testing.T) {
	a := test.NewTempApp(t)
	m := newMainWindow(a)
	m.win.Resize(fyne.NewSize(1100, 720))
	m.viewer.openPath(example)
	waitFor(t, "the case to load", func() bool { return m.viewer.c != nil })

	v := m.viewer
	if got := v.title.Text; got != "Two small bruises on a four-week-old" {
		t.Errorf("title %q", got)
	}
	if !strings.Contains(v.meta.Text, "Example Borough Council") || !strings.Contains(v.meta.Text, "10 events") {
		t.Errorf("meta %q", v.meta.Text)
	}
	if got := v.children.Text; got != "Child: Baby A (born 15 September 2025, not yet moving on their own)" {
		t.Errorf("children %q", got)
	}
	if n := v.list.Length(); n != 10 {
		t.Fatalf("list length %d, want 10", n)
	}
	for i := 1; i < len(v.events); i++ {
		if v.events[i].Date.Before(v.events[i-1].Date) {
			t.Errorf("events out of order at %d", i)
		}
	}
	row := v.list.CreateItem()
	v.list.UpdateItem(8, row)
	cells := row.(*fyne.Container).Objects
	if got := cells[0].(*widget.Label).Text; got != "6 Nov 2025" {
		t.Errorf("row 8 date %q", got)
	}
	if got := cells[1].(*widget.Label).Text; got != "Initial child protection conference" {
		t.Errorf("row 8 kind %q", got)
	}
	v.list.Select(3)
	text := richText(v.detail)
	for _, want := range []string{"Checks with other agencies", "13 October 2025", "Agency: GP", "Parents agreed: no"} {
		if !strings.Contains(text, want) {
			t.Errorf("detail pane lacks %q:\n%s", want, text)
		}
	}
}

func TestViewerExplainsABadFile(t *testing.T) {
	a := test.NewTempApp(t)
	m := newMainWindow(a)
	m.win.Resize(fyne.NewSize(900, 600))
	bad := filepath.Join(t.TempDir(), "case.json")
	if err := os.WriteFile(bad, []byte(`{"format":"redress-case/1","events":[{"id":"e4","kind":"strategy-meting","date":"2026-03-03"}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	m.viewer.openPath(bad)
	var shown string
	waitFor(t, "the error dialog", func() bool {
		for _, o := range m.win.Canvas().Overlays().List() {
			shown = collectText(o)
			if shown != "" {
				return true
			}
		}
		return false
	})
	for _, want := range []string{"This is not a case file Redress can read", `unknown kind "strategy-meting" (did you mean "strategy-discussion"?)`, "Fix them in a text editor"} {
		if !strings.Contains(shown, want) {
			t.Errorf("dialog lacks %q:\n%s", want, shown)
		}
	}
	if m.viewer.c != nil {
		t.Error("a bad file must not replace what is shown")
	}
}

func richText(r *widget.RichText) string { return uitest.RichText(r) }

// collectText gathers the text of every label under o.
func collectText(o fyne.CanvasObject) string {
	var b strings.Builder
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch w := o.(type) {
		case *widget.Label:
			b.WriteString(w.Text + "\n")
			return
		case *fyne.Container:
			for _, c := range w.Objects {
				walk(c)
			}
			return
		case fyne.Widget:
			r := test.WidgetRenderer(w)
			for _, c := range r.Objects() {
				walk(c)
			}
		}
	}
	walk(o)
	return b.String()
}
