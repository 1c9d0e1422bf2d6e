package ui

import (
	"flag"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/redress-app/redress/casefile"
)

// -pngs DIR also saves a picture of each golden state, to look at.
var pngs = flag.String("pngs", "", "write a PNG of each golden state to this folder")

// shownPath is the folder the goldens show: a vault path that is the same
// on every machine. Nothing is made there.
const shownPath = "/home/sam/Documents/Redress vault"

// golden compares the window with testdata/desk/NAME.xml (and saves a PNG
// with -pngs).
func golden(t *testing.T, c fyne.Canvas, name string) {
	t.Helper()
	settle()
	assertMarkup(t, "desk/"+name+".xml", c)
	if *pngs != "" {
		if err := os.MkdirAll(*pngs, 0o755); err != nil {
			t.Fatal(err)
		}
		f, err := os.Create(filepath.Join(*pngs, name+".png"))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := png.Encode(f, c.Capture()); err != nil {
			t.Fatal(err)
		}
	}
}

// goldenDesk is a desk with a vault named like a real one, one case and its
// first event, on the Overview.
func goldenDesk(t *testing.T) *testDesk {
	td := newTestDesk(t)
	td.createVault(filepath.Join(t.TempDir(), "Redress vault"), testPass)
	td.newCase("Leeds", "Baby A", "15 September 2026", "20 November 2026", "The health visitor saw two small bruises on Baby A's arm")
	return td
}

func TestGoldenWayIn(t *testing.T) {
	td := newTestDesk(t)
	c := td.d.win.Canvas()
	golden(t, c, "welcome")

	g := td.d.gate
	g.showCreate()
	g.createDir = shownPath
	g.where.SetText(shownPath)
	test.Type(g.pass1, "correct horse battery")
	golden(t, c, "create_typing")
	test.Type(g.pass2, "correct horse battery")
	golden(t, c, "create_ready")

	g.showUnlock(shownPath, false)
	golden(t, c, "unlock")
	test.Type(g.pass, "wrong")
	g.fail(casefile.ErrWrongPassphrase)
	g.pass.SetText("")
	golden(t, c, "unlock_wrong_passphrase")
	g.fail(casefile.ErrAlreadyOpen)
	golden(t, c, "unlock_already_open")
}

func TestGoldenFirstCase(t *testing.T) {
	td := newTestDesk(t)
	td.createVault(filepath.Join(t.TempDir(), "Redress vault"), testPass)
	golden(t, td.d.win.Canvas(), "first_case")
	p := td.d.shell.newCase
	test.Type(p.council.entry, "north")
	golden(t, td.d.win.Canvas(), "first_case_council")
}

func TestGoldenCase(t *testing.T) {
	td := goldenDesk(t)
	c := td.d.win.Canvas()
	s := td.d.shell
	golden(t, c, "overview")

	s.showTab(tabJournal)
	golden(t, c, "journal_empty")

	td.writeNote("Phone call", "The social worker, Ms Green, rang at nine. She said a visit is needed this week and asked whether Baby A has seen the GP.")
	td.clock.advance(2 * 60 * 60 * 1e9)
	td.writeNote("Something I saw", "Two small marks on Baby A's upper arm, the size of fingertips. Photographed them.")
	golden(t, c, "journal_entries")

	s.journal.onAmend(s.journal.selected)
	golden(t, c, "journal_amending")
	test.Tap(findButton(s.journal.right, "Discard"))
	td.wait()

	s.showTab(tabEvents)
	golden(t, c, "events")
	s.onNewEvent()
	golden(t, c, "event_kinds")
	for i, it := range s.events.form.items {
		if it.info.Kind == casefile.KindThirdPartyChecks {
			s.events.form.picker.Select(i)
		}
	}
	golden(t, c, "event_form_attributes")
	s.events.stopEditing()

	s.showTab(tabDocuments)
	golden(t, c, "documents_empty")
	src := filepath.Join(t.TempDir(), "Letter from children's services.txt")
	if err := os.WriteFile(src, []byte("Dear parent, we will visit on Friday 27 November at 10am.\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	td.files.files = []string{src}
	s.docs.onImport()
	td.wait()
	golden(t, c, "documents")

	s.showNewCase(false)
	golden(t, c, "new_case")
}

func TestGoldenDark(t *testing.T) {
	td := goldenDesk(t)
	td.d.prefs.setThemeVariant(themeDark)
	applyLook(td.app, td.d.prefs)
	td.writeNote("Visit", "Two social workers visited at 10. They looked at the baby's arm and asked about the marks.")
	golden(t, td.d.win.Canvas(), "journal_dark")
	if v := td.app.Settings().Theme().Color(theme.ColorNameBackground, theme.VariantLight); v == theme.DefaultTheme().Color(theme.ColorNameBackground, theme.VariantLight) {
		t.Error("the dark choice did not change the colours")
	}
}

func TestGoldenSettings(t *testing.T) {
	td := goldenDesk(t)
	td.d.showSettings()
	w := td.d.settings.win
	findLabel(w.Content(), "This vault: ").SetText("This vault: " + shownPath)
	w.Resize(fyne.NewSize(720, 1400))
	golden(t, w.Canvas(), "settings")
}
