package ui

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/store"
)

// overlayButton taps the button whose text contains s in the top dialog.
func overlayButton(t *testing.T, c fyne.Canvas, s string) {
	t.Helper()
	b := findButton(c.Overlays().Top(), s)
	if b == nil {
		t.Fatalf("no %q button in the dialog:\n%s", s, screenText(c))
	}
	test.Tap(b)
}

// secretFields returns the passphrase fields of the top dialog, in order.
func secretFields(c fyne.Canvas) []*field {
	var out []*field
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch v := o.(type) {
		case *field:
			if v.Password {
				out = append(out, v)
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
	walk(c.Overlays().Top())
	return out
}

func TestChangePassphraseThroughTheDialog(t *testing.T) {
	td := openDesk(t)
	d := td.d
	d.showSettings()
	td.wait()
	w := d.settings
	c := w.win.Canvas()
	w.onChangePassphrase()
	fs := secretFields(c)
	if len(fs) != 3 {
		t.Fatalf("%d passphrase fields", len(fs))
	}
	test.Type(fs[0], testPass)
	test.Type(fs[1], "short")
	test.Type(fs[2], "short")
	overlayButton(t, c, "Change it")
	td.wait()
	if findLabel(c.Overlays().Top(), "too short") == nil {
		t.Fatal("a short new passphrase was not refused")
	}
	w.dialogs.closeAll()

	w.onChangePassphrase()
	fs = secretFields(c)
	test.Type(fs[0], testPass)
	test.Type(fs[1], "a much better passphrase")
	test.Type(fs[2], "a much better passphrase")
	overlayButton(t, c, "Change it")
	td.wait()
	if findLabel(c.Overlays().Top(), "Passphrase changed") == nil && findLabel(c.Overlays().Top(), "From now on") == nil {
		t.Fatalf("no confirmation:\n%s", screenText(c))
	}
	d.lockNow()
	td.unlock(testPass)
	if d.shell != nil {
		t.Fatal("the old passphrase still opens the vault")
	}
	td.unlock("a much better passphrase")
	if d.shell == nil {
		t.Fatal("the new passphrase does not open the vault")
	}
}

func TestRestoreThroughSettingsMakesANewVault(t *testing.T) {
	td := openDesk(t)
	td.writeNote("Visit", "Something to keep.")
	d := td.d
	d.showSettings()
	td.wait()
	w := d.settings
	c := w.win.Canvas()
	backup := filepath.Join(t.TempDir(), "b.redress-backup")
	td.files.saves = []string{backup}
	w.onBackup()
	td.wait()
	w.dialogs.closeAll()

	dest := t.TempDir() // empty: the vault goes straight in
	td.files.files = []string{backup}
	td.files.folders = []string{dest}
	w.onRestore()
	fs := secretFields(c)
	if len(fs) != 1 {
		t.Fatalf("%d passphrase fields in the restore dialog", len(fs))
	}
	test.Type(fs[0], testPass)
	overlayButton(t, c, "Restore")
	td.wait()
	if findLabel(c.Overlays().Top(), "Backup restored") == nil && findLabel(c.Overlays().Top(), "is now a vault") == nil {
		t.Fatalf("no confirmation:\n%s", screenText(c))
	}
	v, err := store.Open(context.Background(), dest, []byte(testPass), d.opts...)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	cs, _ := v.Cases(context.Background())
	c2, err := v.LoadCase(context.Background(), cs[0].ID)
	if err != nil || len(c2.Notes) != 1 || c2.Notes[0].Text != "Something to keep." {
		t.Fatalf("restored case %+v, %v", c2, err)
	}
	if r := d.prefs.recent(); len(r) < 2 || r[0] != dest {
		t.Errorf("the restored vault is not offered on the way in: %q", r)
	}
}

func TestAITestConnectionAgainstALocalServer(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/models") {
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(`{"object":"list","data":[{"id":"llama3.1:8b","object":"model"},{"id":"qwen","object":"model"}]}`))
			return
		}
		http.NotFound(w, r)
	}))
	defer srv.Close()
	td := openDesk(t)
	d := td.d
	d.showSettings()
	td.wait()
	w := d.settings
	w.aiOn.SetChecked(true)
	w.aiEndpoint.SetText(srv.URL + "/v1")
	if !strings.Contains(w.aiWhere.Text, "Nothing leaves this computer") {
		t.Errorf("statement for 127.0.0.1: %q", w.aiWhere.Text)
	}
	w.aiModel.SetText("llama3.1:8b")
	w.onAITest()
	td.wait()
	if !strings.HasPrefix(w.aiResult.Text, "It works") {
		t.Errorf("test result %q", w.aiResult.Text)
	}
	w.aiModel.SetText("mistral")
	w.onAITest()
	td.wait()
	if !strings.Contains(w.aiResult.Text, "does not list the model") || !strings.Contains(w.aiResult.Text, "qwen") {
		t.Errorf("test result %q", w.aiResult.Text)
	}
	srv.Close()
	w.onAITest()
	td.wait()
	if !strings.Contains(w.aiResult.Text, "could not be reached") {
		t.Errorf("with the server gone: %q", w.aiResult.Text)
	}
}

func TestPicturePreviewAndOpeningOutsideAfterAWarning(t *testing.T) {
	td := openDesk(t)
	s := td.d.shell
	img := image.NewNRGBA(image.Rect(0, 0, 40, 30))
	for x := 0; x < 40; x++ {
		img.Set(x, 10, color.NRGBA{R: 200, A: 255})
	}
	var buf bytes.Buffer
	png.Encode(&buf, img)
	src := filepath.Join(t.TempDir(), "bruise.png")
	if err := os.WriteFile(src, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	s.showTab(tabDocuments)
	s.docs.importPaths([]string{src}, nil)
	td.wait()
	doc := s.cur.c.Documents[0]
	if doc.Type != "image/png" {
		t.Fatalf("type %q", doc.Type)
	}
	// The picture is shown from memory.
	var shown *canvas.Image
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch v := o.(type) {
		case *canvas.Image:
			shown = v
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
	walk(s.docs.right)
	if shown == nil || shown.Image == nil || shown.Image.Bounds().Dx() != 40 {
		t.Fatal("no preview of the picture")
	}

	// Opening it outside asks first; nothing is written until the person agrees.
	tmp := td.d.temp
	s.docs.onOpenOutside(doc.ID)
	if !strings.Contains(screenText(td.d.win.Canvas()), "unlocked copy") {
		t.Fatal("no warning before writing an unlocked copy")
	}
	if root, _ := tmp.dir(); countFiles(root) != 0 {
		t.Fatal("a copy was written before the person agreed")
	}
	overlayButton(t, td.d.win.Canvas(), "Open it")
	td.wait()
	root, _ := tmp.dir()
	if countFiles(root) != 1 {
		t.Fatalf("%d temporary copies, want 1", countFiles(root))
	}
	td.d.lockNow()
	if countFiles(root) != 0 {
		t.Error("the temporary copy outlived the lock")
	}
}

func countFiles(root string) int {
	n := 0
	filepath.WalkDir(root, func(_ string, e os.DirEntry, err error) error {
		if err == nil && !e.IsDir() {
			n++
		}
		return nil
	})
	return n
}

func TestACaseThatDoesNotVerifySaysSo(t *testing.T) {
	td := openDesk(t)
	s := td.d.shell
	s.cases.infos = append(s.cases.infos, store.CaseInfo{ID: "broken", Title: "Old case", Err: &store.RecordError{Case: "broken", Seq: 4}})
	row := newCaseRow()
	s.cases.fillRow(len(s.cases.infos)-1, row)
	if got := collectText(row); !strings.Contains(got, "does not verify") || !strings.Contains(got, "restore from a backup") {
		t.Errorf("row %q", got)
	}
	page := brokenCase(store.CaseInfo{Title: "Old case"})
	if !strings.Contains(collectText(page), "Restore the vault from a backup") {
		t.Error("the broken case's page does not say what to do")
	}
	if !errors.Is(s.cases.infos[len(s.cases.infos)-1].Err, casefile.ErrTampered) {
		t.Error("test data wrong")
	}
}
