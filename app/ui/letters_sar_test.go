package ui

import (
	"context"
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
func importWithSAR(t *testing.T, fx *lettersFixture) openCase {
	t.Helper()
	c, err := casefile.ReadFile("../../examples/checks-before-enquiry.case.json")
	if err != nil {
		t.Fatal(err)
	}
	c.Events = append(c.Events, casefile.Event{ID: "sar1", Kind: casefile.KindSARMade, Date: casefile.MustDate("2026-02-10")})
	ci, err := fx.v.ImportCase(context.Background(), c)
	if err != nil {
		t.Fatal(err)
	}
	return loadCase(t, fx.v, ci.ID)
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
	saveSender(t, fx.v)

	// Before a request, a new request is offered.
	before := importCase(t, fx.v, "checks-before-enquiry")
	fx.show(before)
	fx.lv.cur.openForm(letters.SAR, "", nil)
	settle()
	if f := fx.lv.cur.form; !slices.Contains(f.kinds.Options, kindInfo(letters.SAR).label) || f.kind != letters.SAR {
		t.Fatalf("before a request the form offers %q with %s chosen", f.kinds.Options, f.kind)
	}
	fx.lv.cur.form = nil

	oc := importWithSAR(t, fx)
	fx.show(oc)
	fx.lv.cur.openForm(letters.SAR, "", nil)
	settle()
	f := fx.lv.cur.form
	want := casework.SAROptions(oc.c, oc.asOf)
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
	if len(oc.c.Children) > 0 {
		var child string
		for _, o := range want {
			if o.ForChild {
				child = o.Label
			}
		}
		f.kinds.SetSelected(child)
		settle()
		opt, err := f.options()
		if err != nil || opt.Kind != letters.SAR || !opt.ForChild {
			t.Errorf("the request on the child's behalf gives options %+v (%v)", opt, err)
		}
	}
	f.kinds.SetSelected(want[1].Label)
	settle()
	if opt, _ := f.options(); opt.Kind != letters.ICO || opt.ForChild {
		t.Errorf("the complaint to the Commissioner gives options kind %s, for child %v", opt.Kind, opt.ForChild)
	}
	f.kinds.SetSelected(want[0].Label)
	settle()
	if !strings.Contains(f.kindNote.Text, "not a new request") {
		t.Errorf("the chaser's note: %q", f.kindNote.Text)
	}
	tapNamed(t, fx.w.Canvas(), "Create the draft")
	page := onlyDraftPage(t, fx.lv.cur)
	if page.d.Request.Kind != letters.SARChase {
		t.Fatalf("drafted a %s, want a sar-chase", page.d.Request.Kind)
	}
	if text := page.d.Text(); !strings.Contains(text, "10 February 2026") {
		t.Errorf("the chaser does not cite the request's date:\n%s", text)
	}
}

// exportAs exports the open letter in the format whose label starts with
// format, through the export dialog.
func exportAs(t *testing.T, fx *lettersFixture, page *draftPage, format string) {
	t.Helper()
	tapNamed(t, page.content, "Export…")
	var rg *widget.RadioGroup
	for _, ov := range fx.w.Canvas().Overlays().List() {
		walkShown(ov, func(o fyne.CanvasObject) {
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
	tapNamed(t, fx.w.Canvas(), "Choose where to save")
	dismissAll(fx.w)
}
