package polish

import (
	"errors"
	"strings"
	"testing"

	"github.com/redress-app/redress/casefile"
)

const testDraft = `Dear Mr Hughes,

I am writing to make a complaint about the section 47 enquiries into my son Noah.

1. On 13 January 2026 Ms Patel contacted Dr Whitfield without our consent, before any strategy discussion (R (AB and CD) v London Borough of Haringey [2013] EWHC 416 (Admin)).
2. The strategy discussion was not held until 15/01/2026.
3. Please respond within 10 working days, as set out in regulation 14.

Yours sincerely,
Sarah Thompson`

var testCatalogue = []string{
	"Children Act 1989, s47(1)(b)",
	"Working Together to Safeguard Children 2023, chapter 3",
	"The Children Act 1989 Representations Procedure (England) Regulations 2006, reg 14 (10 working days)",
}

func testGuard(t *testing.T) *Guard {
	return NewGuard(GuardInput{Case: richCase(t), Draft: testDraft, Citations: testCatalogue, Points: true})
}

func TestGuard(t *testing.T) {
	g := testGuard(t)
	for _, tc := range []struct {
		name  string
		reply string
		want  []ProblemKind
	}{
		{"the draft itself", testDraft, nil},
		{"reworded, same facts", `Dear Mr Hughes,
I wish to complain about the section 47 enquiries concerning my son, Noah.
1. On 13 January 2026, Ms Patel contacted Dr Whitfield without our consent and before any strategy discussion took place (AB & CD v Haringey).
2. The strategy discussion did not take place until 15 January 2026.
3. I would be grateful for a response within ten working days, in line with regulation 14.
Yours sincerely,
Sarah Thompson`, nil},
		{"citation from the catalogue", "This breaches s47(1)(b) of the Children Act 1989 and Working Together 2023, chapter 3.", nil},
		{"invented section", "This also breaches section 52.", []ProblemKind{ProblemCitation}},
		{"invented subsection", "This breaches s47(4).", []ProblemKind{ProblemCitation}},
		{"invented regulation", "See reg 17.", []ProblemKind{ProblemCitation}},
		{"invented article", "It breaches Article 8.", []ProblemKind{ProblemCitation}},
		{"invented paragraph", "See paragraph 82.", []ProblemKind{ProblemCitation}},
		{"invented act", "and the Human Rights Act 1998", []ProblemKind{ProblemCitation}},
		{"other edition", "Working Together 2018 says so.", []ProblemKind{ProblemCitation}},
		{"invented guidance", "as Getting the Best from Complaints requires", []ProblemKind{ProblemCitation}},
		{"case not in the reference", "See Smith v Jones [2019] EWHC 123 (Fam).", []ProblemKind{ProblemCase}},
		{"case name not in the reference", "as in Smith v Kent County Council", []ProblemKind{ProblemCase}},
		{"reference case not in the draft", "See Williams v Hackney [2018] UKSC 37.", []ProblemKind{ProblemCase}},
		{"reference case with the wrong parties", "See Williams v Haringey [2013] EWHC 416 (Admin).", []ProblemKind{ProblemCase}},
		{"reference case with the wrong citation", "AB & CD v Haringey [2014] EWHC 416 (Admin)", []ProblemKind{ProblemCase}},
		{"invented date", "They visited on 19 March 2026.", []ProblemKind{ProblemDate}},
		{"invented date short", "They visited on 19/3/26.", []ProblemKind{ProblemDate}},
		{"invented date iso", "They visited on 2026-03-19.", []ProblemKind{ProblemDate}},
		{"record date not in draft", "The referral came on 12 January 2026.", nil},
		{"record date as day-month", "the visit on 16th January", nil},
		{"date of birth", "Noah was born on 20 November 2024.", nil},
		{"note date in any form", "We spoke on 13/1/26.", nil},
		{"wrong weekday", "on Monday 13 January 2026", []ProblemKind{ProblemDate}},
		{"right weekday", "on Tuesday 13 January 2026", nil},
		{"invented month", "in July 2026", []ProblemKind{ProblemDate}},
		{"impossible date", "on 31 April 2026", []ProblemKind{ProblemDate}},
		{"invented name with title", "Mrs Jenkins agreed.", []ProblemKind{ProblemName}},
		{"invented name with title lower case", "ms jenkins agreed.", []ProblemKind{ProblemName}},
		{"invented name after title with dot", "Dr. Okonjo examined him.", []ProblemKind{ProblemName}},
		{"invented judge", "Mr Justice Wilkie said so.", []ProblemKind{ProblemName}},
		{"recorded name with title", "Ms Patel and Dr Whitfield agreed.", nil},
		{"recorded name possessive", "Ms Patel's note and Mr Hughes' reply", nil},
		{"recorded name capitals", "MS PATEL and GARETH HUGHES", nil},
		{"recorded first name", "Priya rang Marguerite.", nil},
		{"invented first name mid-sentence", "I spoke to Jennifer about it.", []ProblemKind{ProblemName}},
		{"invented full name", "Jennifer Holloway attended.", []ProblemKind{ProblemName}},
		{"invented first name before a recorded surname", "Jennifer Patel attended.", []ProblemKind{ProblemName}},
		{"sentence openers are not names", "Unfortunately the council did not reply. Furthermore, nobody called.", nil},
		{"dear sir", "Dear Sir or Madam, Yours faithfully", nil},
		{"institutions", "I may go to the Local Government and Social Care Ombudsman or the High Court.", nil},
		{"title-case heading", "Stage 1 Complaint: Failure To Follow Proper Procedure\nThe council did not reply.", nil},
		{"name with title in a heading", "Complaint About Mrs Jenkins And Others", []ProblemKind{ProblemName}},
		{"unknown placeholder", "[PERSON-9] attended.", []ProblemKind{ProblemPlaceholder}},
		{"unknown bare placeholder", "CHILD-7 was seen.", []ProblemKind{ProblemPlaceholder}},
		{"placeholder of a kind never used", "on [DATE-1]", []ProblemKind{ProblemPlaceholder}},
		{"brackets that are not placeholders", "see [2018] and [sic]", nil},
		{"invented timescale", "Please reply within 20 working days.", []ProblemKind{ProblemTimescale}},
		{"timescale in words", "within ten working days", nil},
		{"timescale other unit", "within 10 days", []ProblemKind{ProblemTimescale}},
		{"added point", testDraft + "\n4. You also failed to see Noah alone.", []ProblemKind{ProblemPoints, ProblemPoints}},
		{"renumbered point", strings.Replace(testDraft, "3. Please", "5. Please", 1), []ProblemKind{ProblemPoints}},
		{"point reference", "As set out in point 7 above.", []ProblemKind{ProblemPoints}},
		{"fewer points", "1. Ms Patel contacted Dr Whitfield without consent.", nil},
		{"several problems in order", "On 19 March 2026 Mrs Jenkins cited section 52.", []ProblemKind{ProblemDate, ProblemName, ProblemCitation}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			probs := g.Check(tc.reply)
			var got []ProblemKind
			for _, p := range probs {
				got = append(got, p.Kind)
			}
			if !equalKinds(got, tc.want) {
				t.Errorf("Check(%q)\n got %v\nwant %v\n%s", tc.reply, got, tc.want, reasons(probs))
			}
		})
	}
}

func equalKinds(a, b []ProblemKind) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func reasons(ps []Problem) string {
	var b strings.Builder
	for _, p := range ps {
		b.WriteString("  " + p.Reason + "\n")
	}
	return b.String()
}

func TestGuardReasons(t *testing.T) {
	g := testGuard(t)
	for _, tc := range []struct{ reply, want string }{
		{"See section 52.", `The reply mentions "section 52", which is not in the rule catalogue or your draft.`},
		{"On 19 March 2026.", `The reply mentions the date "19 March 2026", which is not a date in the record or your draft.`},
		{"Mrs Jenkins said.", `The reply mentions "Mrs Jenkins", which looks like a name that is not in the record or your draft.`},
		{"See Smith v Jones [2019] EWHC 123 (Fam).", `The reply cites the case "Smith v Jones [2019] EWHC 123 (Fam)", which is not in Redress's legal reference. A case that cannot be checked must not be cited.`},
		{"on Monday 13 January 2026", `The reply mentions the date "Monday 13 January 2026", which gives the wrong day of the week: 13 January 2026 was a Tuesday.`},
	} {
		probs := g.Check(tc.reply)
		if len(probs) != 1 || probs[0].Reason != tc.want {
			t.Errorf("Check(%q):\n%s want %s", tc.reply, reasons(probs), tc.want)
		}
	}
}

func TestDraftBracketsAllowed(t *testing.T) {
	draft := "As shown in [Appendix 2] and ref ABC-123."
	g := NewGuard(GuardInput{Draft: draft})
	if probs := g.Check(draft); len(probs) != 0 {
		t.Errorf("the draft's own brackets failed:\n%s", reasons(probs))
	}
	if probs := g.Check("As shown in [Appendix 3]."); len(probs) != 1 || probs[0].Kind != ProblemPlaceholder {
		t.Errorf("a new bracketed reference passed:\n%s", reasons(probs))
	}
}

func TestCaveatsKept(t *testing.T) {
	draft := "Working Together 2023, chapter 3 (paragraph number not verified), and Working Together 2018 (UNVERIFIED)."
	g := NewGuard(GuardInput{Draft: draft})
	if probs := g.Check(draft); len(probs) != 0 {
		t.Fatalf("the draft failed:\n%s", reasons(probs))
	}
	probs := g.Check("Working Together 2023, chapter 3, and Working Together 2018 (UNVERIFIED).")
	if len(probs) != 1 || probs[0].Kind != ProblemCaveat {
		t.Errorf("a dropped warning passed:\n%s", reasons(probs))
	}
}

func TestCatalogueCitations(t *testing.T) {
	got := CatalogueCitations([]casefile.Citation{
		{Source: "Children Act 1989", Where: "s47(1)(b)", Verification: "verified-primary"},
		{Source: "Working Together to Safeguard Children 2015", Where: "chapter 1, paragraph 58", Verification: "unverified"},
	})
	want := []string{"Children Act 1989, s47(1)(b)", "Working Together to Safeguard Children 2015"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("CatalogueCitations = %q, want %q", got, want)
	}
	g := NewGuard(GuardInput{Citations: got})
	if probs := g.Check("See paragraph 58 of Working Together 2015."); len(probs) != 1 || probs[0].Kind != ProblemCitation {
		t.Errorf("an unverified paragraph number was allowed:\n%s", reasons(probs))
	}
}

func TestUncheckedReferenceCase(t *testing.T) {
	draft := "See R (S) v Swindon BC [2001] EWHC Admin 334."
	g := NewGuard(GuardInput{Draft: draft})
	probs := g.Check(draft)
	if len(probs) != 1 || probs[0].Kind != ProblemCase || !strings.Contains(probs[0].Reason, "not checked") {
		t.Errorf("a case the reference marks unchecked passed:\n%s", reasons(probs))
	}
}

func TestResultCannotBeAcceptedWhenRejected(t *testing.T) {
	p, err := PrepareImprove(Input{Case: richCase(t), Text: testDraft, Citations: testCatalogue})
	if err != nil {
		t.Fatal(err)
	}
	bad := p.Check(p.Preview().User + "\nThis also breaches section 52.")
	if bad.Accepted() {
		t.Fatal("a reply with an invented citation was accepted")
	}
	text, err := bad.AcceptedText()
	var rej *RejectedError
	if text != "" || !errors.Is(err, ErrRejected) || !errors.As(err, &rej) || len(rej.Problems) != 1 {
		t.Errorf("AcceptedText() = %q, %v", text, err)
	}
	good := p.Check(p.Preview().User)
	if !good.Accepted() {
		t.Fatalf("the draft sent back unchanged was rejected:\n%s", reasons(good.Problems))
	}
	if text, err := good.AcceptedText(); err != nil || text != testDraft {
		t.Errorf("AcceptedText() = %q, %v; want the draft", text, err)
	}
	thinking := p.Check("<think>\nThe user wants section 52 and Mrs Jenkins.\n</think>\n\n" + p.Preview().User)
	if !thinking.Accepted() || thinking.Text != testDraft {
		t.Errorf("a reasoning block was not removed: %q\n%s", thinking.Text, reasons(thinking.Problems))
	}
	var zero Result
	if zero.Accepted() {
		t.Error("a Result made outside the guard is accepted")
	}
	if _, err := zero.AcceptedText(); !errors.Is(err, ErrRejected) {
		t.Errorf("a Result made outside the guard gave its text: %v", err)
	}
}

func FuzzGuard(f *testing.F) {
	f.Add(testDraft)
	f.Add("Mr Justice Wilkie on Friday 17 April 2026 cited s47(4) and [PERSON-9], within 20 working days.\n4. New point")
	f.Add("ms  \n\n jones. Dr. . Mr")
	g := NewGuard(GuardInput{Draft: testDraft, Citations: testCatalogue, Points: true})
	f.Fuzz(func(t *testing.T, s string) {
		for _, p := range g.Check(s) {
			if p.Reason == "" || p.Kind == "" {
				t.Fatalf("problem without a reason or kind: %+v", p)
			}
		}
	})
}
