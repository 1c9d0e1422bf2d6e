package letters

import (
	"bytes"
	"context"
	"github.com/redress-app/redress/app/ui/internal/uitest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/redress-app/redress/app/casework"
	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/letters"
	"github.com/redress-app/redress/store"
)

// lettersFixture is the Letters tab in a window over a test vault.
type lettersFixture struct {
	v     *store.Vault
	lv    *View
	w     fyne.Window
	saves []string // where exports were saved
	dir   string
}

func newLettersFixture(t *testing.T, variant fyne.ThemeVariant) *lettersFixture {
	t.Helper()
	a := uitest.NewTestApp(t, variant)
	fx := &lettersFixture{v: uitest.NewVault(t), dir: t.TempDir()}
	fx.w = a.NewWindow("Letters")
	fx.lv = New(fx.w, fx.v, nil, uitest.Clock)
	fx.lv.Pick = func(_ fyne.Window, name string, _ []string, done func(string)) {
		p := filepath.Join(fx.dir, name)
		fx.saves = append(fx.saves, p)
		done(p)
	}
	fx.w.SetContent(fx.lv.content)
	fx.w.Resize(fyne.NewSize(1000, 760))
	uitest.HoldUI(t)
	return fx
}

func (fx *lettersFixture) show(oc uitest.Case) {
	fx.lv.SetCase(oc.ID, oc.C, oc.Findings, oc.AsOf)
	uitest.Settle()
}

// findingsOf returns the case's findings of rule.
func findingsOf(oc uitest.Case, rule string) []casefile.Finding {
	var out []casefile.Finding
	for _, f := range oc.Findings {
		if f.Rule == rule {
			out = append(out, f)
		}
	}
	return out
}

func TestLettersEmpty(t *testing.T) {
	fx := newLettersFixture(t, theme.VariantLight)
	fx.lv.SetCase("", nil, nil, casefile.Date{})
	if !strings.Contains(uitest.AllText(fx.lv.content), "Open a case to see its letters") {
		t.Error("no-case state does not say what the tab is for")
	}
	oc := uitest.ImportCase(t, fx.v, examples, "checks-before-enquiry")
	fx.show(oc)
	text := uitest.AllText(fx.lv.content)
	for _, want := range []string{"No letters yet. Choose New letter", "Add your name and address so letters are ready to send"} {
		if !strings.Contains(text, want) {
			t.Errorf("empty Letters tab lacks %q:\n%s", want, text)
		}
	}
	uitest.GoldenImage(t, fx.w, "letters/empty")
}

// TestLettersStage1CorporateEndToEnd drafts a stage 1 complaint under the
// council's own procedure for the example with the two checks-before-s47
// breaches chosen, exports the PDF, and marks it sent: the complaint-made
// event is in the vault and the tab says which deadline runs.
func TestLettersStage1CorporateEndToEnd(t *testing.T) {
	fx := newLettersFixture(t, theme.VariantLight)
	uitest.SaveSender(t, fx.v)
	oc := uitest.ImportCase(t, fx.v, examples, "checks-before-enquiry")
	fx.show(oc)
	breaches := findingsOf(oc, "checks-before-s47")
	if len(breaches) != 2 {
		t.Fatalf("%d checks-before-s47 findings, want 2", len(breaches))
	}
	fx.lv.UseFinding(breaches[0])
	uitest.Settle()
	lc := fx.lv.cur
	form := lc.form
	if form == nil {
		t.Fatal("Use in a letter did not open the new-letter form")
	}
	if form.kind != letters.Stage1 || form.proc != letters.Corporate {
		t.Errorf("the form is for %s/%s, want a stage 1 complaint under the corporate procedure", form.kind, form.proc)
	}
	form.addFinding(breaches[1])
	form.compose()
	uitest.Settle()
	if got := form.chosenFindings(); len(got) != 2 {
		t.Fatalf("%d findings chosen, want both breaches", len(got))
	}
	uitest.GoldenImage(t, fx.w, "letters/new-letter")
	uitest.TapNamed(t, fx.w.Canvas(), "Create the draft")
	if lc.form != nil {
		t.Fatalf("the form is still open: %s", form.status.Text)
	}
	var page *draftPage
	for _, p := range lc.drafts {
		page = p
	}
	if page == nil || page.d == nil {
		t.Fatal("no draft page opened")
	}
	if page.d.Version != 1 || page.d.Request.Kind != letters.Stage1 || page.d.Letter.Procedure != letters.Corporate {
		t.Errorf("draft v%d %s/%s", page.d.Version, page.d.Request.Kind, page.d.Letter.Procedure)
	}
	preview := uitest.AllText(page.preview)
	for _, want := range []string{"Sam Okafor", "The Complaints Manager", "30 March 2026", "Haringey", "Schedule of sources"} {
		if !strings.Contains(preview, want) {
			t.Errorf("the preview lacks %q", want)
		}
	}
	uitest.GoldenImage(t, fx.w, "letters/preview")

	// Export the PDF.
	uitest.TapNamed(t, fx.w.Canvas(), "Export…")
	if !strings.Contains(uitest.OverlayText(fx.w.Canvas()), "not encrypted") {
		t.Error("the export dialog does not warn that the file is not encrypted")
	}
	uitest.TapNamed(t, fx.w.Canvas(), "Choose where to save")
	if len(fx.saves) != 1 {
		t.Fatalf("saves %v", fx.saves)
	}
	pdf, err := os.ReadFile(fx.saves[0])
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(pdf, []byte("%PDF")) {
		t.Fatalf("the export is not a PDF: %q", pdf[:min(20, len(pdf))])
	}
	if !strings.HasSuffix(fx.saves[0], ".pdf") || strings.Contains(fx.saves[0], "Okafor") {
		t.Errorf("file name %q", filepath.Base(fx.saves[0]))
	}
	if fi, err := os.Stat(fx.saves[0]); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("the export's permissions are %v (%v), want 0600", fi.Mode().Perm(), err)
	}
	if !strings.Contains(uitest.OverlayText(fx.w.Canvas()), "not encrypted") {
		t.Error("the saved message does not say the file is not encrypted")
	}
	if _, err := exec.LookPath("pdftotext"); err == nil {
		out, err := exec.Command("pdftotext", "-layout", fx.saves[0], "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		text := strings.Join(strings.Fields(string(out)), " ")
		for _, want := range []string{"AB and CD", "Haringey [2013] EWHC 416 (Admin)", "section 47", "Sam Okafor", "Record checkpoint"} {
			if !strings.Contains(text, want) {
				t.Errorf("the PDF's text lacks %q", want)
			}
		}
	} else {
		t.Log("pdftotext not found: the PDF's text was not checked")
	}
	uitest.DismissAll(fx.w)

	// Mark it sent.
	uitest.TapNamed(t, page.content, "Mark as sent")
	uitest.TapNamed(t, fx.w.Canvas(), "Mark as sent")
	said := uitest.OverlayText(fx.w.Canvas())
	for _, want := range []string{"Recorded: you sent this letter on 30 March 2026", "The law sets no fixed time for the reply"} {
		if !strings.Contains(said, want) {
			t.Errorf("after marking sent the tab does not say %q:\n%s", want, said)
		}
	}
	c, err := fx.v.LoadCase(context.Background(), oc.ID)
	if err != nil {
		t.Fatal(err)
	}
	var made []casefile.Event
	for _, e := range c.Events {
		if e.Kind == casefile.KindComplaintMade {
			made = append(made, e)
		}
	}
	if len(made) != 1 || made[0].Date != casefile.MustDate("2026-03-30") || made[0].Attrs.Stage != 1 || made[0].Attrs.ComplaintProcedure() != "corporate" {
		t.Fatalf("complaint-made events %+v", made)
	}
	if page.d.Status != store.LetterSent || !page.editor.Disabled() || !page.sent.Disabled() {
		t.Error("a sent letter can still be edited or sent again")
	}
	uitest.DismissAll(fx.w)
	uitest.GoldenImage(t, fx.w, "letters/sent")
}

// TestLettersStatutoryDeadlineWhenSent: a stage 1 complaint under the
// Children Act procedure says, when marked sent, until when the council has
// to reply, and the list shows it.
func TestLettersStatutoryDeadlineWhenSent(t *testing.T) {
	fx := newLettersFixture(t, theme.VariantLight)
	uitest.SaveSender(t, fx.v)
	oc := uitest.ImportCase(t, fx.v, examples, "complaint")
	ctx := context.Background()
	dr, err := casework.DraftLetter(ctx, fx.v, oc.ID, casework.Options{Kind: letters.Stage1, Procedure: letters.Statutory, AsOf: oc.AsOf})
	if err != nil {
		t.Skipf("the complaint example has no stage 1 findings as of %s: %v", oc.AsOf, err)
	}
	if err := casework.SaveDraft(ctx, fx.v, oc.ID, dr.Draft); err != nil {
		t.Fatal(err)
	}
	fx.show(oc)
	fx.lv.cur.openDraft(dr.Draft.ID, nil)
	uitest.Settle()
	page := fx.lv.cur.drafts[dr.Draft.ID]
	if !strings.Contains(page.deadline.Text, "it must reply by") {
		t.Errorf("deadline line %q", page.deadline.Text)
	}
	page.markSent(casefile.MustDate("2026-03-30"))
	uitest.Settle()
	said := uitest.OverlayText(fx.w.Canvas())
	if !strings.Contains(said, "The council's deadline to reply now runs until") || !strings.Contains(said, "working days") {
		t.Errorf("marking sent says:\n%s", said)
	}
	changed := ""
	fx.lv.OnChanged = func(id string) { changed = id }
	_ = changed
}

// TestLettersEditSavesVersionsAndKeepsUnsavedText: saving edited text makes a
// new version, versions are listed, and unsaved text survives switching case.
func TestLettersEditSavesVersionsAndKeepsUnsavedText(t *testing.T) {
	fx := newLettersFixture(t, theme.VariantLight)
	oc := uitest.ImportCase(t, fx.v, examples, "checks-before-enquiry")
	other := uitest.ImportCase(t, fx.v, examples, "bruised-baby")
	ctx := context.Background()
	dr, err := casework.DraftLetter(ctx, fx.v, oc.ID, casework.Options{Kind: letters.SAR, AsOf: oc.AsOf})
	if err != nil {
		t.Fatal(err)
	}
	if err := casework.SaveDraft(ctx, fx.v, oc.ID, dr.Draft); err != nil {
		t.Fatal(err)
	}
	fx.show(oc)
	if len(fx.lv.cur.rows) != 1 {
		t.Fatalf("%d letters listed", len(fx.lv.cur.rows))
	}
	uitest.GoldenImage(t, fx.w, "letters/list")
	fx.lv.cur.list.Select(0)
	uitest.Settle()
	page := fx.lv.cur.drafts[dr.Draft.ID]
	if page == nil {
		t.Fatal("tapping the letter did not open it")
	}
	page.tabs.SelectIndex(1)
	added := strings.Replace(page.editor.Text, "@h What I am asking for", "I would be grateful for a prompt reply.\n\n@h What I am asking for", 1)
	page.editor.SetText(added)
	if !page.dirty() || !fx.lv.Unsaved() {
		t.Fatal("an edit is not seen as unsaved")
	}
	// Look at another case and come back: the edit is still there.
	fx.show(other)
	fx.show(oc)
	if fx.lv.cur.page != page.content || page.editor.Text != added {
		t.Fatal("the unsaved edit was lost when switching case")
	}
	// A mistake names its line and saves nothing.
	page.editor.SetText(added + "\n@point Unfinished\nText\n")
	uitest.TapNamed(t, page.content, "Save as a new version")
	if !strings.Contains(page.editNote.Text, "has no @end") || page.d.Version != 1 {
		t.Errorf("a bad text said %q and the letter is version %d", page.editNote.Text, page.d.Version)
	}
	page.editor.SetText(added)
	uitest.TapNamed(t, page.content, "Save as a new version")
	if page.d.Version != 2 || page.dirty() || fx.lv.Unsaved() {
		t.Fatalf("after saving: version %d, dirty %v", page.d.Version, page.dirty())
	}
	if !strings.Contains(letterText(page.d.Letter), "I would be grateful for a prompt reply.") {
		t.Error("the saved letter lacks the edit")
	}
	page.tabs.SelectIndex(2)
	uitest.Settle()
	if len(page.verList) != 2 || page.verList[0].Version != 2 {
		t.Fatalf("versions %d", len(page.verList))
	}
	page.versions.Select(1)
	uitest.Settle()
	uitest.TapNamed(t, page.content, "Put this version's text in the editor")
	if page.editor.Text != dr.Draft.Text() || !page.dirty() {
		t.Error("version 1's text is not in the editor")
	}
}

// TestLettersMixedRoutes: findings that go by different routes get the
// warning in plain words and a letter for each group.
func TestLettersMixedRoutes(t *testing.T) {
	fx := newLettersFixture(t, theme.VariantLight)
	oc := uitest.ImportCase(t, fx.v, examples, "bruised-baby")
	oc.AsOf = casefile.MustDate("2025-12-01")
	fx.show(oc)
	routes := map[string]casefile.Finding{}
	for _, f := range oc.Findings {
		if f.Status == casefile.StatusBreach || f.Status == casefile.StatusConcern {
			if _, ok := routes[f.MainRoute()]; !ok {
				routes[f.MainRoute()] = f
			}
		}
	}
	var fs []casefile.Finding
	for _, f := range routes {
		fs = append(fs, f)
	}
	if len(fs) < 2 {
		t.Skipf("the example's findings go by one route only: %v", routes)
	}
	fx.lv.UseFinding(fs[0])
	uitest.Settle()
	form := fx.lv.cur.form
	form.kind = letters.Stage1
	form.proc = letters.Statutory
	form.procTouched = true
	for _, f := range fs[1:] {
		form.addFinding(f)
	}
	form.kindChanged()
	uitest.Settle()
	text := uitest.AllText(form.routeBox)
	if !strings.Contains(text, "go to different places, so they cannot go in one letter") {
		t.Fatalf("no mixed-route warning:\n%s\nstatus %q", text, form.status.Text)
	}
	if !form.create.Disabled() {
		t.Error("a mixed selection can be created as one letter")
	}
	fx.w.Canvas().Content().Refresh()
	form.content.(interface{ Refresh() }).Refresh()
	scrollTo(form, form.routeBox)
	uitest.GoldenImage(t, fx.w, "letters/mixed-routes")
	b := uitest.ButtonNamed(form.routeBox, "Draft these as a")
	if b == nil {
		t.Fatal("no letter offered for a group")
	}
	test.Tap(b)
	uitest.Settle()
	if len(form.routeBox.Objects) != 0 || form.create.Disabled() {
		t.Errorf("choosing a group did not make a letter that can be drafted: %q", form.status.Text)
	}
}

// scrollTo scrolls the form so that o is at the top.
func scrollTo(f *letterForm, o fyne.CanvasObject) {
	uitest.Walk(f.content, func(x fyne.CanvasObject) {
		if s, ok := x.(interface {
			ScrollToOffset(fyne.Position)
		}); ok {
			pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(o)
			s.ScrollToOffset(fyne.NewPos(0, max(0, pos.Y-120)))
		}
	})
}

// TestLettersNextStepPrompt: an unanswered stage 1 complaint offers the stage
// 2 request.
func TestLettersNextStepPrompt(t *testing.T) {
	fx := newLettersFixture(t, theme.VariantLight)
	oc := uitest.ImportCase(t, fx.v, examples, "complaint")
	fx.show(oc)
	steps := casework.SuggestNext(oc.C, oc.Findings)
	if len(steps) == 0 {
		t.Skip("the complaint example has no unanswered letter as of the test date")
	}
	text := uitest.AllText(fx.lv.cur.prompts)
	if !strings.Contains(text, steps[0].Text) {
		t.Fatalf("the prompt %q is not shown:\n%s", steps[0].Text, text)
	}
	uitest.TapNamed(t, fx.lv.cur.prompts, "Draft it")
	if f := fx.lv.cur.form; f == nil || f.kind != steps[0].Kind {
		t.Fatalf("Draft it opened %+v, want a %s", f, steps[0].Kind)
	}
}

// TestLettersSenderForm: the details saved in the form are in the vault and
// the prompt goes away.
func TestLettersSenderForm(t *testing.T) {
	fx := newLettersFixture(t, theme.VariantLight)
	oc := uitest.ImportCase(t, fx.v, examples, "checks-before-enquiry")
	fx.show(oc)
	uitest.TapNamed(t, fx.lv.cur.prompts, "Add my details")
	f := fx.lv.sender
	uitest.Settle()
	f.name.SetText("Sam Okafor")
	f.address.SetText("22 Linden Row\nExample City")
	uitest.GoldenImage(t, fx.w, "letters/sender")
	uitest.TapNamed(t, fx.w.Canvas(), "Save my details")
	s, err := casework.LoadSender(context.Background(), fx.v)
	if err != nil || s.Name != "Sam Okafor" || s.Address != "22 Linden Row\nExample City" {
		t.Fatalf("saved %+v, %v", s, err)
	}
	if strings.Contains(uitest.AllText(fx.lv.cur.prompts), "Add your name and address") {
		t.Error("the prompt is still shown")
	}
}

func TestReadDay(t *testing.T) {
	today := casefile.MustDate("2026-03-30")
	for _, tc := range []struct {
		name, in, want string
	}{
		{"long", "6 November 2025", "2025-11-06"},
		{"short month", "6 Nov 2025", "2025-11-06"},
		{"weekday and ordinal", "Thursday 6th November 2025", "2025-11-06"},
		{"iso", "2025-11-06", "2025-11-06"},
		{"slashes", "06/11/2025", "2025-11-06"},
		{"short year", "6/11/25", "2025-11-06"},
		{"dots", "6.11.2025", "2025-11-06"},
		{"today", "Today", "2026-03-30"},
		{"yesterday", "yesterday", "2026-03-29"},
		{"no such day", "31/4/2026", ""},
		{"29 February in a common year", "29 February 2026", ""},
		{"American order", "11/31/2025", ""},
		{"words", "last Tuesday", ""},
		{"empty", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, err := readDay(tc.in, today)
			if tc.want == "" {
				if err == nil {
					t.Errorf("readDay(%q) = %s, want an error", tc.in, d)
				}
				return
			}
			if err != nil || d.String() != tc.want {
				t.Errorf("readDay(%q) = %s, %v; want %s", tc.in, d, err, tc.want)
			}
		})
	}
}

func FuzzReadDay(f *testing.F) {
	for _, s := range []string{"6 November 2025", "06/11/2025", "today", "31/4/2026", "Thu 6th Nov 2025", "9/9/9", "1.1.1", "2025-02-30"} {
		f.Add(s)
	}
	today := casefile.MustDate("2026-03-30")
	f.Fuzz(func(t *testing.T, s string) {
		d, err := readDay(s, today)
		if err != nil {
			return
		}
		back, err := readDay(d.Long(), today)
		if err != nil || back != d {
			t.Fatalf("%q -> %s -> %q -> %s, %v", s, d, d.Long(), back, err)
		}
	})
}

// letterText is letter l as plain text, or its markup when it cannot be written.
func letterText(l *letters.Letter) string {
	var b bytes.Buffer
	if err := letters.WriteText(&b, l); err != nil {
		return l.Markup()
	}
	return b.String()
}
