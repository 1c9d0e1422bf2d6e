package letters

import (
	"context"
	"github.com/redress-app/redress/app/ui/internal/uitest"
	"os"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/redress-app/redress/app/casework"
	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/letters"
)

// importWithSAR imports the checks-before-enquiry example with a subject
// access request made on 10 February 2026 added to its record.
func importWithSAR(t *testing.T, fx *lettersFixture) uitest.Case {
	t.Helper()
	c, err := casefile.ReadFile(examples + "/checks-before-enquiry.case.json")
	if err != nil {
		t.Fatal(err)
	}
	c.Events = append(c.Events, casefile.Event{ID: "sar1", Kind: casefile.KindSARMade, Date: casefile.MustDate("2026-02-10")})
	ci, err := fx.v.ImportCase(context.Background(), c)
	if err != nil {
		t.Fatal(err)
	}
	return uitest.LoadCase(t, fx.v, ci.ID)
}

// onlyDraftPage is the one draft page open in the Letters tab.
func onlyDraftPage(t *testing.T, lc *letterCase) *draftPage {
	t.Helper()
	var page *draftPage
	for _, p := range lc.drafts {
		page = p
	}
	if page == nil || page.d == nil {
		t.Fatal("no draft page opened")
	}
	return page
}

// TestLettersSAROptionsOnceRequested: once the record has a sar-made, the
// form offers the chaser and the complaint to the Information Commissioner
// (and the request on the child's behalf when the case names a child), not a
// new request; choosing the chaser drafts a sar-chase letter.
func TestLettersSAROptionsOnceRequested(t *testing.T) {
	fx := newLettersFixture(t, theme.VariantLight)
	uitest.SaveSender(t, fx.v)

	// Before a request, a new request is offered.
	before := uitest.ImportCase(t, fx.v, examples, "checks-before-enquiry")
	fx.show(before)
	fx.lv.cur.openForm(letters.SAR, "", nil)
	uitest.Settle()
	if f := fx.lv.cur.form; !slices.Contains(f.kinds.Options, kindInfo(letters.SAR).label) || f.kind != letters.SAR {
		t.Fatalf("before a request the form offers %q with %s chosen", f.kinds.Options, f.kind)
	}
	fx.lv.cur.form = nil

	oc := importWithSAR(t, fx)
	fx.show(oc)
	fx.lv.cur.openForm(letters.SAR, "", nil)
	uitest.Settle()
	f := fx.lv.cur.form
	want := casework.SAROptions(oc.C, oc.AsOf)
	for _, o := range want {
		if !slices.Contains(f.kinds.Options, o.Label) {
			t.Errorf("the form does not offer %q: %q", o.Label, f.kinds.Options)
		}
	}
	if slices.Contains(f.kinds.Options, kindInfo(letters.SAR).label) {
		t.Errorf("a new request is still offered once one is recorded: %q", f.kinds.Options)
	}
	if f.kind != letters.SARChase || f.kinds.Selected != want[0].Label {
		t.Errorf("asking for a request opened %s (%q), want the chaser", f.kind, f.kinds.Selected)
	}
	if len(oc.C.Children) > 0 {
		var child string
		for _, o := range want {
			if o.ForChild {
				child = o.Label
			}
		}
		f.kinds.SetSelected(child)
		uitest.Settle()
		opt, err := f.options()
		if err != nil || opt.Kind != letters.SAR || !opt.ForChild {
			t.Errorf("the request on the child's behalf gives options %+v (%v)", opt, err)
		}
	}
	f.kinds.SetSelected(want[1].Label)
	uitest.Settle()
	if opt, _ := f.options(); opt.Kind != letters.ICO || opt.ForChild {
		t.Errorf("the complaint to the Commissioner gives options kind %s, for child %v", opt.Kind, opt.ForChild)
	}
	f.kinds.SetSelected(want[0].Label)
	uitest.Settle()
	if !strings.Contains(f.kindNote.Text, "not a new request") {
		t.Errorf("the chaser's note: %q", f.kindNote.Text)
	}
	uitest.TapNamed(t, fx.w.Canvas(), "Create the draft")
	page := onlyDraftPage(t, fx.lv.cur)
	if page.d.Request.Kind != letters.SARChase {
		t.Fatalf("drafted a %s, want a sar-chase", page.d.Request.Kind)
	}
	if !strings.Contains(page.deadline.Text, "does not start a new time limit") {
		t.Errorf("the chaser's page says of its deadline: %q", page.deadline.Text)
	}
	if text := page.d.Text(); !strings.Contains(text, "10 February 2026") {
		t.Errorf("the chaser does not cite the request's date:\n%s", text)
	}
}

// shownDraft is the draft page the Letters tab shows.
func shownDraft(t *testing.T, lc *letterCase) *draftPage {
	t.Helper()
	for _, p := range lc.drafts {
		if p.content == lc.page && p.d != nil {
			return p
		}
	}
	t.Fatal("the Letters tab shows no letter")
	return nil
}

// exportAs exports the open letter in the format whose label starts with
// format, through the export dialog.
func exportAs(t *testing.T, fx *lettersFixture, page *draftPage, format string) {
	t.Helper()
	uitest.TapNamed(t, page.content, "Export…")
	var rg *widget.RadioGroup
	for _, ov := range fx.w.Canvas().Overlays().List() {
		uitest.WalkShown(ov, func(o fyne.CanvasObject) {
			if r, ok := o.(*widget.RadioGroup); ok {
				rg = r
			}
		})
	}
	if rg == nil {
		t.Fatal("the export dialog has no choice of format")
	}
	for _, o := range rg.Options {
		if strings.HasPrefix(o, format) {
			rg.SetSelected(o)
		}
	}
	uitest.TapNamed(t, fx.w.Canvas(), "Choose where to save")
	uitest.DismissAll(fx.w)
}

// TestLettersOneLetterAcrossFormats: exporting a letter as PDF, then DOCX,
// then text leaves one letter with one version, and drafting the same letter
// again opens that letter rather than saving a second one.
func TestLettersOneLetterAcrossFormats(t *testing.T) {
	fx := newLettersFixture(t, theme.VariantLight)
	uitest.SaveSender(t, fx.v)
	oc := importWithSAR(t, fx)
	fx.show(oc)
	draftChaser := func() *draftPage {
		fx.lv.cur.openForm(letters.SAR, "", nil)
		uitest.Settle()
		if k := fx.lv.cur.form.kind; k != letters.SARChase {
			t.Fatalf("the form is for %s, want the chaser", k)
		}
		uitest.TapNamed(t, fx.w.Canvas(), "Create the draft")
		return shownDraft(t, fx.lv.cur)
	}
	page := draftChaser()
	for _, format := range []string{"PDF", "Word", "Plain text"} {
		exportAs(t, fx, page, format)
	}
	if len(fx.saves) != 3 {
		t.Fatalf("exports %v, want three", fx.saves)
	}
	for i, ext := range []string{".pdf", ".docx", ".txt"} {
		if !strings.HasSuffix(fx.saves[i], ext) {
			t.Errorf("export %d is %s, want %s", i, fx.saves[i], ext)
		}
		if fi, err := os.Stat(fx.saves[i]); err != nil || fi.Size() == 0 {
			t.Errorf("export %s: %v", fx.saves[i], err)
		}
	}
	again := draftChaser()
	if again.id != page.id {
		t.Errorf("drafting the same letter again made letter %s beside %s", again.id, page.id)
	}
	if !strings.Contains(uitest.AllText(again.notesBox), "already drafted this letter") {
		t.Error("drafting the same letter again does not say it is the letter already drafted")
	}
	infos, err := casework.Drafts(context.Background(), fx.v, oc.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(infos) != 1 {
		t.Fatalf("%d letters after three exports and a second draft, want 1: %+v", len(infos), infos)
	}
	ds, err := casework.DraftVersions(context.Background(), fx.v, oc.ID, infos[0].ID)
	if err != nil || len(ds) != 1 {
		t.Errorf("%d versions (%v), want 1", len(ds), err)
	}
	fx.lv.cur.backToList()
	uitest.Settle()
	if n := fx.lv.cur.list.Length(); n != 1 {
		t.Errorf("the Letters list shows %d rows, want 1", n)
	}
}
