package casework

import (
	"slices"
	"strings"
	"testing"

	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/checks"
	"github.com/redress-app/redress/letters"
)

// TestResponseDeadline: each letter's deadline is counted from the day the
// council receives it with the checks calendar and the rule's own citation;
// where the law fixes none, none is invented.
func TestResponseDeadline(t *testing.T) {
	tests := []struct {
		name     string
		kind     letters.Kind
		proc     letters.Procedure
		received string
		due      string // "" for none
		rule     string
		source   string // a word of the citation's where
		verif    string
		note     string
	}{
		// 1 April 2026 + 10 working days: Good Friday (3 April) and Easter Monday (6 April) are not counted.
		{"stage 1", letters.Stage1, "", "2026-04-01", "2026-04-17", "10 working days after you receive this letter", "regulation 14", "verified-secondary", ""},
		// 11 May 2026 + 25 working days, the spring bank holiday (25 May) not counted.
		{"stage 2", letters.Stage2, letters.Statutory, "2026-05-11", "2026-06-16", "25 working days after you receive this letter", "regulation 17", "verified-secondary", ""},
		{"stage 3", letters.Stage3, letters.Statutory, "2026-08-17", "2026-09-29", "30 working days after you receive this letter", "regulation 19(4)", "verified-primary", ""},
		// 10 April 2026 + 1 month is Sunday 10 May: the ICO moves it to Monday 11 May.
		{"subject access", letters.SAR, "", "2026-04-10", "2026-05-11", "1 month after you receive this letter, moved to the next working day if it ends on a weekend or bank holiday", "How long do we have to comply?", "verified-primary", ""},
		{"rectification", letters.Rectification, "", "2026-03-20", "2026-04-20", "1 month after you receive this letter", "Article 12A's text not seen", "verified-primary", "Article 12A, whose text Redress has not checked"},
		{"letter before claim", letters.JRLetter, "", "2026-03-24", "2026-04-07", "14 days after you receive this letter", "14 days", "verified-secondary", ""},
		{"ombudsman", letters.LGSCO, "", "2026-07-01", "", "", "", "", "sets no deadline"},
		{"corporate", letters.Stage1, letters.Corporate, "2026-01-15", "", "", "", "", "sets its own timescales"},
		{"conference", letters.Stage2, letters.Conference, "2026-01-15", "", "", "", "", "sets its own timescales"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, note, err := ResponseDeadline(cat, tt.kind, tt.proc, date(tt.received))
			if err != nil {
				t.Fatal(err)
			}
			if tt.due == "" {
				if !d.Date.IsZero() || d.Rule != "" {
					t.Errorf("a deadline was invented: %+v", d)
				}
			} else {
				if d.Date != date(tt.due) || d.Received != date(tt.received) {
					t.Errorf("due %s counted from %s, want %s from %s", d.Date, d.Received, tt.due, tt.received)
				}
				if !strings.HasPrefix(d.Rule, tt.rule) {
					t.Errorf("rule %q, want %q", d.Rule, tt.rule)
				}
				if !strings.Contains(d.Citation.Where, tt.source) || d.Citation.Verification != tt.verif {
					t.Errorf("citation %+v, want one at %q, %s", d.Citation, tt.source, tt.verif)
				}
			}
			// The reply to a letter before claim is cited to the Protocol itself, not a firm's summary of it.
			if tt.kind == letters.JRLetter && d.Citation.URL != "https://www.gov.uk/guidance/pre-action-protocol-for-judicial-review" {
				t.Errorf("the 14 days are cited to %s, not the Protocol", d.Citation.URL)
			}
			if tt.note != "" && !strings.Contains(note, tt.note) {
				t.Errorf("note %q, want one saying %q", note, tt.note)
			}
		})
	}
}

// TestDeadlineInLetter: the corporate letter states no date and asks the
// council for its timescale; the statutory one states the date, its source
// and the day it is counted from.
func TestDeadlineInLetter(t *testing.T) {
	d, err := Compose(example(t, "bruised-baby"), Options{Kind: letters.Stage1, Procedure: letters.Corporate, AsOf: date("2026-01-15")})
	if err != nil {
		t.Fatal(err)
	}
	text := normWS(textOf(t, d.Draft.Letter))
	if !strings.Contains(text, "Please tell me when I can expect your response, and what timescale your procedure sets.") || strings.Contains(text, "I expect your response by") {
		t.Errorf("the corporate letter's response section is wrong:\n%s", text)
	}
	d, err = Compose(example(t, "complaint"), Options{Kind: letters.Stage2, AsOf: date("2026-05-11")})
	if err != nil {
		t.Fatal(err)
	}
	text = normWS(textOf(t, d.Draft.Letter))
	for _, want := range []string{
		"I expect the stage 2 response by 16 June 2026 (25 working days after you receive this letter). Source: The Children Act 1989 Representations Procedure (England) Regulations 2006 (SI 2006/1738), regulation 17",
		"I have counted from 11 May 2026: sent by email or through your online form, this letter reaches you on the day it is sent.",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("want %q in:\n%s", want, text)
		}
	}
}

func TestSuggestOutcomes(t *testing.T) {
	fs := []casefile.Finding{
		{Rule: "icpc-15wd", Trigger: "s1"},
		{Rule: "jr-3m", Trigger: "s1"},                // the family's own limit: no remedy asked of the council
		{Rule: "jr-response-14d", Trigger: "j1"},      // its only remedy is advice to the family
		{Rule: "care-proceedings-26w", Trigger: "p1"}, // likewise
		{Rule: "icpc-15wd", Trigger: "s2"},            // the same remedies once
	}
	got := SuggestOutcomes(cat, fs)
	r, _ := cat.Rule("icpc-15wd")
	if !slices.Equal(got, r.Remedies) {
		t.Errorf("SuggestOutcomes = %q, want icpc-15wd's remedies %q", got, r.Remedies)
	}
	for _, s := range got {
		if strings.HasPrefix(s, "Ask ") || strings.HasPrefix(s, "Take ") {
			t.Errorf("advice to the family offered as an outcome: %q", s)
		}
	}
}

// TestSuggestOutcomesStepDone: a step the record shows done, however late,
// is not asked for again ("without further delay"): the letter asks for an
// apology for the delay; a step still outstanding is asked for. Advice to
// the family (a review panel, the Ombudsman) is never an outcome.
func TestSuggestOutcomesStepDone(t *testing.T) {
	late := []casefile.Finding{{Rule: "complaint-stage1-10wd", Status: casefile.StatusBreach, Trigger: "c1", Done: "r1"},
		{Rule: "complaint-stage2-25wd", Status: casefile.StatusBreach, Trigger: "c2", Done: "r2"}}
	if got := SuggestOutcomes(cat, late); !slices.Equal(got, []string{"An apology for the delay."}) {
		t.Errorf("both steps done late: outcomes %q, want only the apology", got)
	}
	missed := []casefile.Finding{{Rule: "complaint-stage2-25wd", Status: casefile.StatusBreach, Trigger: "c2"}}
	got := SuggestOutcomes(cat, missed)
	if !slices.Contains(got, "The stage 2 response without further delay.") || !slices.Contains(got, "An apology for the delay.") {
		t.Errorf("stage 2 response missed: outcomes %q, want the response and an apology", got)
	}
	for _, s := range got {
		if strings.Contains(s, "Ombudsman") || strings.Contains(s, "panel") {
			t.Errorf("advice to the family offered as an outcome: %q", s)
		}
	}
}

// TestCorporateDeadline: a stage 1 or 2 letter of the council's corporate
// procedure states the council's own published timescale when the case has
// it, else the Complaint Handling Code's from 1 April 2026 with the rule's
// own citation and verification, else no date.
func TestCorporateDeadline(t *testing.T) {
	local := &casefile.Case{Authority: "Example Borough Council",
		LocalTimescales: &casefile.LocalTimescales{Stage1WD: 20, Source: "https://www.example.gov.uk/complaints"}}
	plain := &casefile.Case{}
	for _, tc := range []struct {
		name     string
		c        *casefile.Case
		k        letters.Kind
		received string
		due      string // "" for no date
		status   string // the citation's legal status
		verif    string
		words    string // in the rule words
	}{
		{"stage 1 before the Code", plain, letters.Stage1, "2026-03-31", "", "", "", ""},
		{"stage 1 on the Code's first day, over Easter", plain, letters.Stage1, "2026-04-01", "2026-04-24", "statutory-guidance", "verified-primary", "acknowledgement within 5 working days of receiving this letter, by 10 April 2026"},
		{"stage 1 over the spring bank holiday", plain, letters.Stage1, "2026-05-06", "2026-05-28", "statutory-guidance", "verified-primary", "full reply within 10 working days of the acknowledgement"},
		{"stage 2", plain, letters.Stage2, "2026-06-03", "2026-07-08", "statutory-guidance", "verified-secondary", "full reply within 20 working days"},
		{"stage 3 has no Code time", plain, letters.Stage3, "2026-06-03", "", "", "", ""},
		{"local stage 1 before the Code", local, letters.Stage1, "2026-03-02", "2026-03-30", "local-procedure", "unverified", "as I found it at https://www.example.gov.uk/complaints"},
		{"local stage 1 after the Code", local, letters.Stage1, "2026-05-06", "2026-06-04", "local-procedure", "unverified", "20 working days"},
		{"no local stage 2 figure: the Code", local, letters.Stage2, "2026-06-03", "2026-07-08", "statutory-guidance", "verified-secondary", "Complaint Handling Code"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, note, err := CaseResponseDeadline(nil, tc.c, tc.k, letters.Corporate, date(tc.received))
			if err != nil {
				t.Fatal(err)
			}
			if tc.due == "" {
				if !d.Date.IsZero() || !strings.Contains(note, "asks the council to say what its timescale is") {
					t.Errorf("deadline %s, note %q; want none, asking the council", d.Date, note)
				}
				return
			}
			if d.Date != date(tc.due) || d.Citation.LegalStatus != tc.status || d.Citation.Verification != tc.verif || !strings.Contains(d.Rule, tc.words) {
				t.Errorf("got %s %q (%s, %s); want %s with %q (%s, %s)", d.Date, d.Rule, d.Citation.LegalStatus, d.Citation.Verification, tc.due, tc.words, tc.status, tc.verif)
			}
			if note == "" {
				t.Error("no note saying which timescale the letter states")
			}
		})
	}
	// Without the case, a corporate stage sets no date (ResponseDeadline).
	if d, _, _ := ResponseDeadline(nil, letters.Stage1, letters.Corporate, date("2026-05-06")); !d.Date.IsZero() {
		t.Errorf("ResponseDeadline set %s for a corporate stage 1 without the case", d.Date)
	}
	// The statutory procedure is unchanged.
	if d, _, _ := CaseResponseDeadline(nil, plain, letters.Stage1, letters.Statutory, date("2026-05-06")); d.Date.IsZero() || strings.Contains(d.Rule, "Complaint Handling Code") {
		t.Errorf("statutory stage 1: %s %q", d.Date, d.Rule)
	}
}

// TestDutiesCollapseTheSameStep: two acts on one day each start a judicial
// review limit with the same date; the list says it once, keeping both
// findings, while limits on other dates stay their own lines.
func TestDutiesCollapseTheSameStep(t *testing.T) {
	for _, tc := range []struct {
		example, asOf string
		due           string
		triggers      []string
		state         DutyState
	}{
		{"checks-before-enquiry", "2026-04-20", "2026-05-03", []string{"t1", "t2"}, Open},
		{"bruised-baby", "2026-04-20", "2026-01-13", []string{"s1", "t1"}, Passed},
	} {
		t.Run(tc.example, func(t *testing.T) {
			asOf := date(tc.asOf)
			fs := checks.Run(cat, example(t, tc.example), asOf)
			var jr []casefile.Finding
			for _, f := range fs {
				if f.Rule == "jr-3m" && f.Due == date(tc.due) {
					jr = append(jr, f)
				}
			}
			if len(jr) != len(tc.triggers) {
				t.Fatalf("%d jr-3m findings due %s, want %d: the example changed", len(jr), tc.due, len(tc.triggers))
			}
			var lines []Duty
			all := Duties(fs, asOf, WhoseAll)
			for _, d := range all {
				if d.Finding.Rule == "jr-3m" && d.Finding.Due == date(tc.due) {
					lines = append(lines, d)
				}
			}
			if len(lines) != 1 {
				t.Fatalf("%d lines for the judicial review limit of %s, want 1: %+v", len(lines), tc.due, lines)
			}
			if got := lines[0].Triggers(); !slices.Equal(got, tc.triggers) || lines[0].State != tc.state {
				t.Errorf("the line says triggers %v (%s), want %v (%s)", got, lines[0].State, tc.triggers, tc.state)
			}
			// Every finding Duties lists is on exactly one line.
			seen := map[string]int{}
			for _, d := range all {
				for _, tr := range d.Triggers() {
					seen[d.Finding.Rule+" "+tr]++
				}
			}
			for k, n := range seen {
				if n != 1 {
					t.Errorf("%s on %d lines", k, n)
				}
			}
			// Other dates are not folded in: every jr-3m line has its own date.
			dates := map[casefile.Date]bool{}
			for _, d := range all {
				if d.Finding.Rule == "jr-3m" {
					if dates[d.Finding.Due] {
						t.Errorf("two jr-3m lines for %s", d.Finding.Due)
					}
					dates[d.Finding.Due] = true
				}
			}
		})
	}
	// Two findings of different rules on the same date stay apart.
	c := casefile.Finding{Rule: "hra-1y", Trigger: "a", Status: casefile.StatusDue, Due: date("2026-10-12"), Title: "Your deadline: x"}
	l := c
	l.Rule, l.Title = "lgsco-12m", "Your deadline: y"
	if n := len(Duties([]casefile.Finding{c, l}, date("2026-04-20"), WhoseAll)); n != 2 {
		t.Errorf("%d lines for two rules on one date, want 2", n)
	}
}
