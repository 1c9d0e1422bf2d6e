package ui

import (
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/theme"

	"github.com/redress-app/redress/letters"
)

// TestLettersChallengeActs: the letter before claim form lists the council's
// recorded decisions and acts (not the family's own steps), and those ticked
// go to DraftLetter as Options.Challenge, whether or not a finding routes to
// judicial review; the letter names the act's date.
func TestLettersChallengeActs(t *testing.T) {
	fx := newLettersFixture(t, theme.VariantLight)
	saveSender(t, fx.v)
	oc := importWithSAR(t, fx)
	fx.show(oc)
	fx.lv.cur.openForm(letters.JRLetter, "", nil)
	settle()
	f := fx.lv.cur.form
	if !f.chSection.Visible() {
		t.Fatal("the letter before claim form has no picker of acts to challenge")
	}
	var ids []string
	for _, e := range f.acts {
		ids = append(ids, e.ID)
	}
	if !slices.Contains(ids, "sd1") || !slices.Contains(ids, "t1") || slices.Contains(ids, "sar1") {
		t.Errorf("acts offered %v: want the strategy discussion and the checks, not the family's own request", ids)
	}
	if opt, _ := f.options(); len(opt.Challenge) != 0 {
		t.Errorf("nothing ticked, yet the options challenge %v", opt.Challenge)
	}
	f.challenge["sd1"] = true
	f.showChallenge()
	f.compose()
	settle()
	if f.findSection.Visible() {
		t.Error("with acts chosen the findings list is still shown")
	}
	opt, err := f.options()
	if err != nil || !slices.Equal(opt.Challenge, []string{"sd1"}) || len(opt.Findings.Keys) != 0 {
		t.Fatalf("options challenge %v, findings %v (%v)", opt.Challenge, opt.Findings.Keys, err)
	}
	if f.composeErr != nil {
		t.Fatalf("the form cannot draft a challenge to the strategy discussion: %v", f.composeErr)
	}
	tapNamed(t, fx.w.Canvas(), "Create the draft")
	page := onlyDraftPage(t, fx.lv.cur)
	// (The saved draft does not keep Request.Challenge: casework's
	// requestJSON has no field for it. The letter's JR facts name the act.)
	if page.d.Request.Kind != letters.JRLetter {
		t.Fatalf("drafted %s", page.d.Request.Kind)
	}
	if jr := page.d.Letter.JR; jr == nil || jr.Limit.IsZero() || jr.Act != "sd1" {
		t.Errorf("the letter before claim's time limit is not the strategy discussion's: %+v", jr)
	}
	if text := page.d.Text(); !strings.Contains(text, "6 February 2026") {
		t.Errorf("the letter does not name the strategy discussion's date:\n%s", text)
	}

	// Unticking every act gives the findings back.
	fx.lv.cur.openForm(letters.JRLetter, "", nil)
	settle()
	f = fx.lv.cur.form
	if !f.findSection.Visible() || len(f.challenged()) != 0 {
		t.Error("a new form keeps acts ticked or hides the findings")
	}
}
