package letters

import (
	"github.com/redress-app/redress/app/ui/internal/uitest"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/theme"

	"github.com/redress-app/redress/casefile"

	"github.com/redress-app/redress/letters"
)

// TestLettersChallengeActs: the letter before claim form lists the council's
// recorded decisions and acts (not the family's own steps), and those ticked
// go to DraftLetter as Options.Challenge, whether or not a finding routes to
// judicial review; the letter names the act's date.
func TestLettersChallengeActs(t *testing.T) {
	fx := newLettersFixture(t, theme.VariantLight)
	uitest.SaveSender(t, fx.v)
	oc := importWithSAR(t, fx)
	fx.show(oc)
	fx.lv.cur.openForm(letters.JRLetter, "", nil)
	uitest.Settle()
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
	uitest.Settle()
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
	uitest.TapNamed(t, fx.w.Canvas(), "Create the draft")
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
	uitest.Settle()
	f = fx.lv.cur.form
	if !f.findSection.Visible() || len(f.challenged()) != 0 {
		t.Error("a new form keeps acts ticked or hides the findings")
	}
}

// TestLettersJRTimeBesideTheLetter: a letter before claim shows its time
// facts (the earliest limit, its act, the reply asked for and whether it is
// short) and the build's warnings beside the letter, in plain words, and
// still after the saved draft is opened again.
func TestLettersJRTimeBesideTheLetter(t *testing.T) {
	fx := newLettersFixture(t, theme.VariantLight)
	uitest.SaveSender(t, fx.v)
	oc := importWithSAR(t, fx)
	fx.show(oc)
	fx.lv.cur.openForm(letters.JRLetter, "", nil)
	uitest.Settle()
	f := fx.lv.cur.form
	f.challenge["sd1"] = true
	f.challenge["t1"] = true
	f.showChallenge()
	// Dated 28 April 2026, the Protocol's 14 days run past the limit of
	// 3 May 2026 counted from the checks of 3 February.
	f.date.SetText("28 April 2026")
	uitest.Settle()
	if f.composeErr != nil {
		t.Fatal(f.composeErr)
	}
	uitest.TapNamed(t, fx.w.Canvas(), "Create the draft")
	page := shownDraft(t, fx.lv.cur)
	jr := page.d.Letter.JR
	if jr == nil || !jr.ShortReply {
		t.Fatalf("the letter's time facts %+v: want a short reply", jr)
	}
	check := func(p *draftPage, when string) {
		t.Helper()
		text := uitest.AllText(p.jrBox)
		for _, want := range []string{"The time limit for a claim", jr.Limit.Long(), jr.ActDate.Long(), "less than 14 days before the time limit", "Take legal advice now"} {
			if !strings.Contains(text, want) {
				t.Errorf("%s: the time facts lack %q:\n%s", when, want, text)
			}
		}
		notes := uitest.AllText(p.notesBox)
		if len(page.d.Letter.Warnings) == 0 {
			t.Fatal("the letter has no warnings to show")
		}
		for _, w := range p.d.Letter.Warnings {
			if !strings.Contains(notes, p.plainWarning(w)) {
				t.Errorf("%s: the warning %q is not shown:\n%s", when, w, notes)
			}
		}
		if strings.Contains(notes, "checks-before-s47:") || strings.Contains(notes, "jr-3m:") {
			t.Errorf("%s: a warning names a finding by its key, not in plain words:\n%s", when, notes)
		}
	}
	check(page, "just drafted")
	uitest.GoldenImage(t, fx.w, "letters/jr-time")

	// Opened again from the list, with nothing from drafting in memory.
	lc := fx.lv.cur
	id := page.id
	lc.backToList()
	delete(lc.drafts, id)
	lc.openDraft(id, nil)
	uitest.Settle()
	again := shownDraft(t, lc)
	if again == page || again.d.Letter.JR == nil {
		t.Fatal("the reloaded draft lost letter.jr")
	}
	check(again, "reloaded")
}

// TestJRWordsNameTheAct: the act whose time limit comes first is named by
// what the record says of it (its description, else its detail, else its
// kind with what was recorded about it) and its date (issue 15).
func TestJRWordsNameTheAct(t *testing.T) {
	d := casefile.MustDate
	long := strings.Repeat("The council refused to share the minutes ", 5)
	c := &casefile.Case{Events: []casefile.Event{
		{ID: "d1", Kind: casefile.KindDecision, Date: d("2026-02-06"), Detail: "Letter from the team manager",
			Attrs: casefile.Attrs{Description: "Refused to remove the child's name from the plan"}},
		{ID: "t1", Kind: casefile.KindThirdPartyChecks, Date: d("2026-02-03"), Detail: "Called the school without asking us"},
		{ID: "t2", Kind: casefile.KindThirdPartyChecks, Date: d("2026-02-03"), Attrs: casefile.Attrs{Agency: "GP"}},
		{ID: "s1", Kind: casefile.KindStrategyDiscussion, Date: d("2026-02-02")},
		{ID: "l1", Kind: casefile.KindDecision, Date: d("2026-02-01"), Detail: long},
	}}
	for _, tc := range []struct {
		act, want, dontWant string
	}{
		{"d1", "three months from “Refused to remove the child's name from the plan” on 6 February 2026", "Letter from the team manager"},
		{"t1", "three months from “Called the school without asking us” on 3 February 2026", "“Checks with"},
		{"t2", "three months from “Checks with other agencies (Agency: GP)” on 3 February 2026", ""},
		{"s1", "three months from “Strategy discussion” on 2 February 2026", ""},
		{"l1", "…” on 1 February 2026", long},
		{"x9", "three months from the act recorded as event x9 on 6 February 2026", ""},
	} {
		jr := letters.JRTime{Limit: d("2026-05-06"), Act: tc.act, ActDate: d("2026-02-06")}
		for _, e := range c.Events {
			if e.ID == tc.act {
				jr.ActDate = e.Date
			}
		}
		got := jrWords(&jr, d("2026-04-28"), c)
		if !strings.Contains(got, tc.want) || (tc.dontWant != "" && strings.Contains(got, tc.dontWant)) {
			t.Errorf("%s: want %q (and not %q) in:\n%s", tc.act, tc.want, tc.dontWant, got)
		}
	}
}

func TestJRWords(t *testing.T) {
	d := func(s string) casefile.Date { return casefile.MustDate(s) }
	for _, tc := range []struct {
		name     string
		jr       letters.JRTime
		want     []string
		dontWant []string
	}{
		{"in time", letters.JRTime{Limit: d("2026-05-06"), ActDate: d("2026-02-06"), Reply: d("2026-04-13"), LiveLimit: d("2026-05-06")},
			[]string{"by 6 May 2026", "the act of 6 February 2026", "reply: by 13 April 2026"}, []string{"less than 14 days", "before the letter's date", "counted"}},
		{"short", letters.JRTime{Limit: d("2026-05-03"), Reply: d("2026-05-12"), ShortReply: true, ReplyBy: d("2026-04-30"), LiveLimit: d("2026-05-03")},
			[]string{"the earliest time limit among the acts", "less than 14 days before the time limit of 3 May 2026", "reply by 30 April 2026"}, nil},
		{"short, as soon as possible", letters.JRTime{Limit: d("2026-05-03"), ShortReply: true, LiveLimit: d("2026-05-03")},
			[]string{"reply as soon as possible"}, nil},
		{"expired and counted", letters.JRTime{Limit: d("2026-01-03"), Counted: true, Expired: true, Ground: 2},
			[]string{"(ground 2)", "Redress counted the three months", "before the letter's date (28 April 2026)"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := jrWords(&tc.jr, d("2026-04-28"), nil)
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("lacks %q:\n%s", w, got)
				}
			}
			for _, w := range tc.dontWant {
				if strings.Contains(got, w) {
					t.Errorf("says %q:\n%s", w, got)
				}
			}
		})
	}
}
