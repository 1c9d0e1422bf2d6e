package ui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/redress-app/redress/app/casework"
	letterroom "github.com/redress-app/redress/app/ui/letters"
	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/letters"
	"github.com/redress-app/redress/store"
)

const testPass = "correct horse battery staple"

// openDesk makes a desk with a vault and one case, ready to write in.
func openDesk(t *testing.T) *testDesk {
	t.Helper()
	td := newTestDesk(t)
	td.createVault(filepath.Join(t.TempDir(), "vault"), testPass)
	td.newCase("Leeds", "Baby A", "15 September 2026", "20 November 2026", "The health visitor saw two small bruises")
	return td
}

func TestFirstRunCreatesVaultThenAsksForTheFirstCase(t *testing.T) {
	td := newTestDesk(t)
	if td.d.gate.pass1 != nil || findButton(td.d.win.Content(), "Create a new vault") == nil {
		t.Fatal("first run should show the welcome with Create a new vault")
	}
	dir := filepath.Join(t.TempDir(), "vault")
	td.createVault(dir, testPass)
	s := td.d.shell
	if s.newCase == nil || !s.newCase.first {
		t.Fatal("an empty vault should open at the first-case form")
	}
	if got := td.d.prefs.recent(); len(got) != 1 || got[0] != dir {
		t.Errorf("recent vaults %q, want just the folder", got)
	}
	p := s.newCase
	test.Type(p.council.entry, "leeds")
	if len(p.council.matches) != 1 || p.council.matches[0].name != "Leeds City Council" {
		t.Fatalf("council matches %v", p.council.matches)
	}
	p.council.list.Select(0)
	if p.council.entry.Text != "Leeds City Council" {
		t.Errorf("picking a council gave %q", p.council.entry.Text)
	}
	test.Type(p.children[0].name, "Baby A")
	test.Type(p.children[0].born.entry, "15/9/2026")
	p.children[0].mobility.SetSelected("Not moving on their own yet")
	test.Type(p.firstDate.entry, "20 November 2026")
	test.Type(p.firstWhat, "The health visitor saw two small bruises")
	test.Tap(p.saveBtn)
	td.wait()
	if !s.caseReady() {
		t.Fatalf("case not open; page message %q", p.msg.Text)
	}
	c := s.cur.c
	if c.Authority != "Leeds City Council" || c.Title != "Baby A, 2026" {
		t.Errorf("case %q / %q", c.Title, c.Authority)
	}
	if len(c.Children) != 1 || c.Children[0].Mobility != casefile.MobilityPreMobile || c.Children[0].Born != casefile.MustDate("2026-09-15") {
		t.Errorf("children %+v", c.Children)
	}
	if len(c.Events) != 1 || c.Events[0].Detail != "The health visitor saw two small bruises" || c.Events[0].Date != casefile.MustDate("2026-11-20") {
		t.Errorf("first event %+v", c.Events)
	}
	text := screenText(td.d.win.Canvas())
	for _, want := range []string{"Baby A, 2026", "Leeds City Council", "Saved 21:14", "Vault: vault"} {
		if !strings.Contains(text, want) {
			t.Errorf("screen lacks %q", want)
		}
	}
	if len(s.cases.infos) != 1 {
		t.Errorf("case list has %d cases", len(s.cases.infos))
	}
}

func TestNoteAmendmentKeepsBothVersions(t *testing.T) {
	td := openDesk(t)
	s := td.d.shell
	td.writeNote("Phone call", "The social worker rang at nine and said the visit is on Friday.")
	if len(s.cur.c.Notes) != 1 {
		t.Fatalf("%d notes", len(s.cur.c.Notes))
	}
	id := s.cur.c.Notes[0].ID
	if got := s.cur.c.Notes[0].Kind; got != casefile.NoteCall {
		t.Errorf("kind %q", got)
	}
	if l := findLabel(s.journal.right, "recorded 25 Nov 2026 21:14"); l == nil {
		t.Error("the entry does not say when it was recorded")
	}

	td.clock.advance(36 * time.Hour)
	s.journal.onAmend(id)
	ed := s.journal.ed
	if !ed.banner.Visible() || ed.banner.Text != "You are amending this entry. The original stays in the record, marked as amended." {
		t.Errorf("amend banner %q visible=%v", ed.banner.Text, ed.banner.Visible())
	}
	ed.text.SetText("")
	test.Type(ed.text, "The social worker rang at nine and said the visit is on Thursday, not Friday.")
	test.Tap(ed.save)
	td.wait()

	c, err := td.d.vault.LoadCase(context.Background(), s.curID)
	if err != nil {
		t.Fatal(err)
	}
	n := c.Notes[0]
	if !strings.Contains(n.Text, "Thursday") || len(n.Versions) != 1 || !strings.Contains(n.Versions[0].Text, "on Friday.") {
		t.Fatalf("vault note %q, earlier %+v", n.Text, n.Versions)
	}
	vs, _, _, err := td.d.vault.History(context.Background(), s.curID, store.TypeNote, id)
	if err != nil || len(vs) != 2 {
		t.Fatalf("history: %d versions, %v", len(vs), err)
	}
	// Both versions are one click apart.
	if findLabel(s.journal.right, "Version 2 of 2") == nil {
		t.Fatal("no version line")
	}
	test.Tap(findButton(s.journal.right, "Earlier version"))
	if findLabel(s.journal.right, "on Friday.") == nil || findLabel(s.journal.right, "This is an earlier version") == nil {
		t.Error("the earlier version is not shown")
	}
	row := s.journal.list.CreateItem()
	s.journal.list.UpdateItem(0, row)
	if got := collectText(row); !strings.Contains(got, "amended 27 Nov 2026 09:14") || !strings.Contains(got, "recorded 25 Nov 2026 21:14") {
		t.Errorf("list row does not say recorded and amended: %q", got)
	}
}

func TestCtrlNOpensEntryAtNowAndCtrlSSaves(t *testing.T) {
	td := openDesk(t)
	s := td.d.shell
	td.d.win.Canvas().(fyne.Shortcutable).TypedShortcut(ctrlKey(fyne.KeyN))
	ed := s.journal.ed
	if !s.journal.editing || td.d.win.Canvas().Focused() != ed.text {
		t.Fatal("Ctrl+N should open a new entry with the cursor in the text")
	}
	if ed.when.entry.Text != "25 November 2026" || ed.at.Text != "21:14" {
		t.Errorf("when %q %q, want now", ed.when.entry.Text, ed.at.Text)
	}
	test.Type(ed.text, "Visit by two social workers.")
	ctrl(ed.text, fyne.KeyS)
	td.wait()
	if s.journal.editing || len(s.cur.c.Notes) != 1 || s.cur.c.Notes[0].Text != "Visit by two social workers." {
		t.Fatalf("Ctrl+S did not save: editing=%v notes=%+v", s.journal.editing, s.cur.c.Notes)
	}
}

func TestWrongPassphraseSaysSoAndRightOneOpens(t *testing.T) {
	td := newTestDesk(t)
	dir := filepath.Join(t.TempDir(), "vault")
	td.createVault(dir, testPass)
	td.d.lockNow()
	if td.d.shell != nil || !td.d.vault.Locked() {
		t.Fatal("not locked")
	}
	td.unlock("correct horse battery stable")
	if got := td.d.gate.msg.Text; got != "That passphrase did not open this vault. Check Caps Lock and try again." {
		t.Errorf("message %q", got)
	}
	if td.d.gate.pass.Text != "" {
		t.Error("a wrong passphrase should not stay in the field")
	}
	td.unlock(testPass)
	if td.d.shell == nil {
		t.Fatal("the right passphrase did not unlock")
	}
}

func TestAlreadyOpenSaysSo(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "vault")
	other, err := store.Create(context.Background(), dir, []byte(testPass), store.WithKDF(store.TestKDF), store.WithInsecureKDF())
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	td := newTestDesk(t)
	td.d.gate.showUnlock(dir, false)
	td.unlock(testPass)
	if got := td.d.gate.msg.Text; !strings.HasPrefix(got, "This vault is already open in another Redress window.") {
		t.Errorf("message %q", got)
	}
}

func TestLockClearsTheScreenAndKeepsTheDraftInMemory(t *testing.T) {
	td := openDesk(t)
	s := td.d.shell
	s.onNewNote()
	test.Type(s.journal.ed.text, "UNSAVEDDRAFTWORDS about the visit")
	td.d.lockNow()
	if td.d.shell != nil || !td.d.vault.Locked() {
		t.Fatal("not locked")
	}
	text := screenText(td.d.win.Canvas())
	for _, gone := range []string{"UNSAVEDDRAFTWORDS", "Baby A", "Leeds"} {
		if strings.Contains(text, gone) {
			t.Errorf("after locking the screen still shows %q", gone)
		}
	}
	if s.content != nil || s.cur != nil {
		t.Error("the old shell still holds the case")
	}
	if td.d.held == nil || !td.d.held.hasWriting() {
		t.Fatal("the draft was not kept in memory")
	}
	td.unlock(testPass)
	s2 := td.d.shell
	if s2 == nil || !s2.journal.editing || s2.journal.ed.text.Text != "UNSAVEDDRAFTWORDS about the visit" {
		t.Fatalf("draft not restored after unlocking")
	}
	if s2.tabs.Selected() != s2.tabItems[tabJournal] {
		t.Error("not back on the Journal tab")
	}
}

func TestIdleLocksAfterFiveMinutesWithACountdown(t *testing.T) {
	td := openDesk(t)
	td.clock.advance(4*time.Minute + 30*time.Second)
	td.d.idle.tick()
	if got := td.d.shell.status.countdown.Text; !strings.HasPrefix(got, "Locking in 30 seconds") {
		t.Errorf("countdown %q", got)
	}
	td.d.touch()
	td.clock.advance(3 * time.Minute)
	td.d.idle.tick()
	if td.d.shell == nil || td.d.shell.status.countdown.Text != "" {
		t.Fatal("input should restart the idle clock")
	}
	td.clock.advance(2*time.Minute + time.Second)
	td.d.idle.tick()
	if td.d.shell != nil || !td.d.vault.Locked() {
		t.Fatal("not locked after five idle minutes")
	}
}

func TestClosingWithAnUnsavedEntryAsks(t *testing.T) {
	td := openDesk(t)
	s := td.d.shell
	s.onNewNote()
	test.Type(s.journal.ed.text, "Half a sentence")
	td.d.onCloseWindow()
	if td.d.closing {
		t.Fatal("closed without asking")
	}
	text := screenText(td.d.win.Canvas())
	for _, want := range []string{"Save and close", "Close without saving", "Keep writing"} {
		if !strings.Contains(text, want) {
			t.Errorf("close dialog lacks %q", want)
		}
	}
	// Esc closes the dialog; the words stay.
	pressEsc(s.journal.ed.text)
	if len(td.d.dialogs.open) != 0 || s.journal.ed.text.Text != "Half a sentence" {
		t.Errorf("Esc: %d dialogs open, text %q", len(td.d.dialogs.open), s.journal.ed.text.Text)
	}
	td.d.onCloseWindow()
	test.Tap(findButton(td.d.win.Canvas().Overlays().Top(), "Save and close"))
	td.wait()
	if !td.d.closing {
		t.Fatal("Save and close did not close")
	}
}

func TestEventFormTakesTheKindsAttributes(t *testing.T) {
	td := openDesk(t)
	s := td.d.shell
	s.onNewEvent()
	f := s.events.form
	test.Type(f.find, "other agency")
	var found bool
	for i, it := range f.items {
		if it.info.Kind == casefile.KindThirdPartyChecks {
			f.picker.Select(i)
			found = true
		}
	}
	if !found || f.kind != casefile.KindThirdPartyChecks {
		t.Fatalf("kind not chosen (items %d)", len(f.items))
	}
	if len(f.attrGet) != 4 {
		t.Fatalf("%d attribute fields, want agency, consent, exception_recorded and accurate", len(f.attrGet))
	}
	test.Type(f.date.entry, "3/2/2026")
	agency := findEntryAfter(t, f.attrs, "Which agency")
	test.Type(agency, "GP")
	radio := findRadio(f.attrs)
	radio.SetSelected(wordNo)
	test.Type(f.detail, "The GP was asked about the family.")
	f.status.SetSelected("The council's record")
	test.Tap(f.save)
	td.wait()
	if f.msg.Visible() {
		t.Fatalf("not saved: %q", f.msg.Text)
	}
	var e *casefile.Event
	for i := range s.cur.c.Events {
		if s.cur.c.Events[i].Kind == casefile.KindThirdPartyChecks {
			e = &s.cur.c.Events[i]
		}
	}
	if e == nil || e.Attrs.Agency != "GP" || e.Attrs.Consent == nil || *e.Attrs.Consent || e.Status != casefile.FactLARecord ||
		e.Date != casefile.MustDate("2026-02-03") {
		t.Fatalf("event %+v", e)
	}
}

func TestDocumentsImportShowsNameSizeAndHash(t *testing.T) {
	td := openDesk(t)
	s := td.d.shell
	src := filepath.Join(t.TempDir(), "letter from the council.txt")
	if err := os.WriteFile(src, []byte("Dear parent,\nWe will visit on Friday.\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	s.showTab(tabDocuments)
	td.files.files = []string{src}
	test.Tap(findButton(s.docs.content, "Import files"))
	td.wait()
	if len(s.cur.c.Documents) != 1 {
		t.Fatalf("%d documents", len(s.cur.c.Documents))
	}
	d := s.cur.c.Documents[0]
	row := newDocRow()
	s.docs.fillRow(0, row)
	text := collectText(row)
	for _, want := range []string{"letter from the council.txt", "Text", "38 bytes", "SHA-256 " + d.SHA256[:12]} {
		if !strings.Contains(text, want) {
			t.Errorf("document row %q lacks %q", text, want)
		}
	}
	// Dropped on the journal's editor, a file is attached to the entry.
	s.onNewNote()
	s.onDropped([]string{src})
	td.wait()
	if len(s.journal.ed.docs) != 1 {
		t.Fatalf("drop did not attach: %v", s.journal.ed.docs)
	}
	test.Type(s.journal.ed.text, "The letter about the visit.")
	test.Tap(s.journal.ed.save)
	td.wait()
	if n := s.cur.c.Notes; len(n) != 1 || len(n[0].Documents) != 1 {
		t.Fatalf("note attachments %+v", n)
	}
}

func TestSearchFindsAndOpensAnEntry(t *testing.T) {
	td := openDesk(t)
	s := td.d.shell
	td.writeNote("Meeting", "The core group met at the children's centre.")
	td.writeNote("Email", "An email about nursery hours.")
	s.showTab(tabOverview)
	test.Type(s.search.entry, "core gr")
	td.wait()
	if len(s.search.hits) != 1 || s.search.hits[0].Type != store.TypeNote {
		t.Fatalf("hits %+v", s.search.hits)
	}
	s.search.entry.OnSubmitted(s.search.entry.Text)
	td.wait()
	if s.tabs.Selected() != s.tabItems[tabJournal] || s.journal.selected != s.search.hits[0].ID {
		t.Error("the result was not opened in the Journal")
	}
}

// findEntryAfter finds the field in the form row labelled label.
func findEntryAfter(t *testing.T, o fyne.CanvasObject, label string) *field {
	t.Helper()
	var found *field
	var walk func(o fyne.CanvasObject, under bool)
	walk = func(o fyne.CanvasObject, under bool) {
		switch v := o.(type) {
		case *field:
			if under && found == nil {
				found = v
			}
		case *fyne.Container:
			isRow := false
			for _, c := range v.Objects {
				if l, ok := c.(interface{ MinSize() fyne.Size }); ok && findLabel(c, label) != nil && l != nil {
					isRow = true
				}
			}
			for _, c := range v.Objects {
				walk(c, under || isRow)
			}
		}
	}
	walk(o, false)
	if found == nil {
		t.Fatalf("no field labelled %q", label)
	}
	return found
}

func findRadio(o fyne.CanvasObject) *widgetRadio {
	var found *widgetRadio
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch v := o.(type) {
		case *widgetRadio:
			if found == nil {
				found = v
			}
		case *fyne.Container:
			for _, c := range v.Objects {
				walk(c)
			}
		}
	}
	walk(o)
	return found
}

func findSelect(o fyne.CanvasObject) *widget.Select {
	var found *widget.Select
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch v := o.(type) {
		case *widget.Select:
			if found == nil {
				found = v
			}
		case *fyne.Container:
			for _, c := range v.Objects {
				walk(c)
			}
		}
	}
	walk(o)
	return found
}

func TestArchiveHidesAndBringBackRestores(t *testing.T) {
	td := openDesk(t)
	s := td.d.shell
	// A note.
	td.writeNote("Visit", "A visit to archive.")
	id := s.journal.selected
	s.journal.onArchive(id)
	test.Tap(findButton(td.d.win.Canvas().Overlays().Top(), "Archive"))
	td.wait()
	if len(s.journal.shown) != 0 || !s.cur.c.Notes[0].Archived {
		t.Fatalf("archived note still listed (%d shown)", len(s.journal.shown))
	}
	s.journal.showArchived.SetChecked(true)
	if len(s.journal.shown) != 1 {
		t.Fatal("Show archived does not list it")
	}
	s.journal.showNote(id)
	test.Tap(findButton(s.journal.right, "Bring back"))
	td.wait()
	if s.cur.c.Notes[0].Archived {
		t.Error("note not brought back")
	}

	// An event.
	s.showTab(tabEvents)
	eid := s.cur.c.Events[0].ID
	s.events.showEvent(eid)
	td.wait()
	s.events.onArchive(eid)
	test.Tap(findButton(td.d.win.Canvas().Overlays().Top(), "Archive"))
	td.wait()
	if len(s.cur.c.Events) != 0 || len(s.events.events) != 0 {
		t.Fatal("archived event still listed")
	}
	s.events.showArchived.SetChecked(true)
	td.wait()
	if len(s.events.events) != 1 || !s.events.archived[eid] {
		t.Fatalf("Show archived lists %d events", len(s.events.events))
	}
	s.events.showEvent(eid)
	td.wait()
	test.Tap(findButton(s.events.right, "Bring back"))
	td.wait()
	if len(s.cur.c.Events) != 1 {
		t.Error("event not brought back")
	}
}

func TestCtrlNumbersSwitchTabsAndTitlesNeverNameACase(t *testing.T) {
	td := openDesk(t)
	s := td.d.shell
	c := td.d.win.Canvas().(fyne.Shortcutable)
	for _, k := range []struct {
		key  fyne.KeyName
		want tabID
	}{{fyne.Key2, tabJournal}, {fyne.Key3, tabEvents}, {fyne.Key4, tabTimeline}, {fyne.Key5, tabDocuments},
		{fyne.Key6, tabChecks}, {fyne.Key7, tabLetters}, {fyne.Key8, tabBundle}, {fyne.Key1, tabOverview}} {
		c.TypedShortcut(ctrlKey(k.key))
		if it := s.tabItems[k.want]; it == nil || s.tabs.Selected() != it {
			t.Errorf("Ctrl+%s did not show tab %d", k.key, k.want)
		}
	}
	if n := len(s.tabs.Items); n != 8 {
		t.Errorf("%d tabs, want the 8 of UI.md", n)
	}
	if got := td.d.win.Title(); got != "Redress" {
		t.Errorf("window title %q", got)
	}
	td.d.showSettings()
	td.wait()
	if got := td.d.settings.win.Title(); got != "Settings" {
		t.Errorf("settings title %q", got)
	}
}

func TestTextSizeScalesText(t *testing.T) {
	base := newLookTheme(newCalmTheme(), "normal", themeSystem)
	big := newLookTheme(newCalmTheme(), "larger", themeSystem)
	if b, n := big.Size(theme.SizeNameText), base.Size(theme.SizeNameText); b <= n {
		t.Errorf("larger text %v, normal %v", b, n)
	}
	if big.Size(theme.SizeNamePadding) != base.Size(theme.SizeNamePadding) {
		t.Error("padding should not scale with the text")
	}
	dark := newLookTheme(newCalmTheme(), "normal", themeDark)
	if dark.Color(theme.ColorNameBackground, theme.VariantLight) != base.Color(theme.ColorNameBackground, theme.VariantDark) {
		t.Error("the dark choice does not override the system's light variant")
	}
}

// pressCtrl delivers Ctrl+key as the desktop driver does: to the focused
// widget if it takes shortcuts (and then nowhere else), or to the window.
func pressCtrl(c fyne.Canvas, key fyne.KeyName) {
	if f, ok := c.Focused().(fyne.Shortcutable); ok {
		f.TypedShortcut(ctrlKey(key))
		return
	}
	c.(fyne.Shortcutable).TypedShortcut(ctrlKey(key))
}

func TestShortcutsWorkWhereverTheFocusIs(t *testing.T) {
	td := openDesk(t)
	s := td.d.shell
	c := td.d.win.Canvas()
	s.showTab(tabJournal)
	c.Focus(s.journal.find)
	pressCtrl(c, fyne.KeyN)
	if !s.journal.editing {
		t.Fatal("Ctrl+N from the journal's find field did nothing")
	}
	s.journal.stopEditing()
	s.showDetails()
	c.Focus(s.details.council.entry)
	pressCtrl(c, fyne.KeyL)
	if td.d.shell != nil {
		t.Fatal("Ctrl+L from a field of the details page did not lock")
	}
}

// TestNoWidgetSwallowsTheShortcuts walks every screen for widgets that take
// Ctrl shortcuts and drop those they do not know (Fyne's own entries and
// selectable labels): with the focus in one, Ctrl+L would not lock.
func TestNoWidgetSwallowsTheShortcuts(t *testing.T) {
	td := openDesk(t)
	s := td.d.shell
	td.writeNote("Visit", "A visit.")
	var screens []fyne.CanvasObject
	for _, tb := range s.tabList {
		screens = append(screens, tb.content)
	}
	s.onNewNote()
	screens = append(screens, s.journal.ed.content)
	s.journal.stopEditing()
	s.onNewEvent()
	s.events.form.setKind(casefile.KindComplaintMade)
	screens = append(screens, s.events.form.pickPage, s.events.form.formPage)
	s.events.stopEditing()
	s.showDetails()
	s.details.addPerson(casefile.Person{})
	screens = append(screens, s.details.content)
	s.showNewCase(false)
	screens = append(screens, s.newCase.content, s.search.content, s.cases.content)
	td.d.showSettings()
	td.wait()
	screens = append(screens, td.d.settings.win.Content())
	td.d.lockNow()
	screens = append(screens, td.d.win.Content())

	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch v := o.(type) {
		case *widget.Entry, *widget.SelectEntry, *widget.DateEntry:
			t.Errorf("a %T would swallow the window's shortcuts", v)
			return
		case *widget.Label:
			if v.Selectable {
				t.Errorf("a selectable label %q would swallow the window's shortcuts", v.Text)
			}
			return
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
	for _, sc := range screens {
		walk(sc)
	}
}

// TestIdleLockWaitsForABundleExport: the person is waiting for the bundle,
// so the idle lock waits until it is written (a locked vault cannot be read
// and the export would fail), then locks as usual.
func TestIdleLockWaitsForABundleExport(t *testing.T) {
	td := openDesk(t)
	s := td.d.shell
	out := filepath.Join(t.TempDir(), "bundle.pdf")
	td.files.saves = append(td.files.saves, out)
	s.showTab(tabBundle)
	td.wait()
	test.Tap(buttonNamed(s.bundle.Content(), "Export bundle"))
	if !s.bundle.Busy() {
		t.Fatal("the export did not start")
	}
	td.clock.advance(6 * time.Minute)
	td.d.idle.tick()
	if td.d.shell == nil || td.d.vault.Locked() {
		t.Fatal("the idle lock fired during the export")
	}
	td.d.onCloseWindow()
	if td.d.closing || !strings.Contains(overlayText(td.d.win.Canvas()), "An evidence bundle is being made") {
		t.Fatal("closing during the export did not ask first")
	}
	td.wait()
	if s.bundle.Busy() {
		t.Fatal("the export did not finish")
	}
	if _, err := os.Stat(out); err != nil {
		t.Fatalf("the bundle was not written: %v", err)
	}
	dismissAll(td.d.win)
	td.clock.advance(6 * time.Minute)
	td.d.idle.tick()
	if td.d.shell != nil || !td.d.vault.Locked() {
		t.Fatal("not locked after the export and five idle minutes")
	}
}

// TestClosingSavesAnUnsavedLetter: "Save and close" saves a letter's changed
// words too, as a new version, before the app closes.
func TestClosingSavesAnUnsavedLetter(t *testing.T) {
	td := openDesk(t)
	s := td.d.shell
	oc := importCase(t, td.d.vault, "checks-before-enquiry")
	s.openCase(oc.id)
	td.wait()
	s.showTab(tabLetters)
	td.wait()
	lp := s.letters.Probe()
	lp.OpenForm(letters.Stage1, letters.Corporate, findingsOf(oc, "checks-before-s47"))
	lp.Compose()
	td.wait()
	lp.Create()
	td.wait()
	var page letterroom.DraftProbe
	for _, p := range lp.Drafts() {
		page = p
	}
	if page.Draft() == nil {
		t.Fatalf("no letter drafted: %s", lp.FormStatus())
	}
	const words = "Please also send me the strategy discussion's minutes."
	page.Editor().SetText(page.Editor().Text + "\n\n" + words)
	path, caseID := td.d.vault.Path(), s.curID
	td.d.onCloseWindow()
	if td.d.closing {
		t.Fatal("closed without asking")
	}
	test.Tap(findButton(td.d.win.Canvas().Overlays().Top(), "Save and close"))
	td.wait()
	if !td.d.closing {
		t.Fatal("Save and close did not close")
	}
	v, err := store.Open(context.Background(), path, []byte(testPass), store.WithKDF(store.TestKDF), store.WithInsecureKDF())
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	ls, err := v.Letters(context.Background(), caseID)
	if err != nil || len(ls) != 1 {
		t.Fatalf("letters %v, %v", ls, err)
	}
	d, err := casework.DecodeDraft(ls[0])
	if err != nil {
		t.Fatal(err)
	}
	if d.Version != 2 || !strings.Contains(d.Text(), words) {
		t.Errorf("saved version %d, with the words: %v", d.Version, strings.Contains(d.Text(), words))
	}
}
