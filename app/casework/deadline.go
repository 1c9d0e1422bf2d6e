package casework

import (
	"fmt"
	"strings"

	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/checks"
	"github.com/redress-app/redress/letters"
)

// deadlineRules are the rules whose deadlines a letter sets: the council's
// clock starts when it receives the letter (DESIGN section 4).
var deadlineRules = map[letters.Kind]string{
	letters.Stage1:   "complaint-stage1-10wd",
	letters.Stage2:   "complaint-stage2-25wd",
	letters.Stage3:   "panel-30wd",
	letters.SAR:      "sar-1m",
	letters.JRLetter: "jr-response-14d",
}

// rectificationRule gives the one-month count a request to correct records
// uses. The letter states it with its own source (letters.DeadlineSource): UK
// GDPR Art 12(3), which applies to requests under Articles 15 to 22D (Article
// 16 among them) but now refers the period to Article 12A, not yet checked,
// so the letter flags the one month as not verified (docs/VERIFIED.md).
const rectificationRule = "sar-1m"

// ResponseDeadline returns the response deadline a letter of kind k, sent
// under procedure p and received by the council on received, sets: worked out
// with the checks calendar from the rule the letter starts, with that rule's
// citation and its verification. A letter whose deadline the law does not fix
// (an Ombudsman complaint, or a stage of a council's own or a conference
// complaints procedure, which set local timescales) gets the zero Deadline and
// a note saying so; the letter then asks the council to state its timescale.
// received is the day the letter is sent when it goes by email or web form.
func ResponseDeadline(cat *checks.Catalogue, k letters.Kind, p letters.Procedure, received casefile.Date) (letters.Deadline, string, error) {
	if cat == nil {
		cat = checks.Default()
	}
	switch {
	case k == letters.LGSCO:
		return letters.Deadline{}, "A complaint to the Ombudsman sets no deadline for a reply, so the letter sets none.", nil
	case k.Staged() && p != "" && p != letters.Statutory:
		return letters.Deadline{}, fmt.Sprintf("%s sets its own timescales, which vary from place to place, so the letter sets no date and asks the council to say what its timescale is.",
			capitalise(RouteWords(string(p)))), nil
	case k == letters.Rectification:
		d, err := ruleDeadline(cat, rectificationRule, received)
		if err != nil {
			return letters.Deadline{}, "", err
		}
		d.Citation, _ = letters.DeadlineSource(k)
		return d, "The one-month time limit for a request to correct records is flagged as not verified: Article 12(3) of the UK GDPR applies to these requests, but it now takes the period from Article 12A, whose text Redress has not checked.", nil
	}
	id, ok := deadlineRules[k]
	if !ok {
		return letters.Deadline{}, "", fmt.Errorf("deadline for a %s letter: %w", k, letters.ErrRequest)
	}
	d, err := ruleDeadline(cat, id, received)
	if err != nil {
		return letters.Deadline{}, "", err
	}
	// A letter states its deadline with its own source where it has one: the
	// Protocol itself for a letter before claim, not the rule's secondary source.
	if c, ok := letters.DeadlineSource(k); ok {
		d.Citation = c
	}
	return d, "", nil
}

// ruleDeadline is the deadline rule id sets for a letter received on
// received, with the rule's first (main) citation.
func ruleDeadline(cat *checks.Catalogue, id string, received casefile.Date) (letters.Deadline, error) {
	r, ok := cat.Rule(id)
	if !ok {
		return letters.Deadline{}, fmt.Errorf("deadline rule %s: %w", id, casefile.ErrNotFound)
	}
	due, err := cat.Deadline(id, received)
	if err != nil {
		return letters.Deadline{}, err
	}
	words := r.Limit.String() + " after you receive this letter"
	if r.Limit.RollForward {
		words += ", moved to the next working day if it ends on a weekend or bank holiday"
	}
	d := letters.Deadline{Date: due, Rule: words, Received: received}
	if len(r.Citations) > 0 {
		d.Citation = r.Citations[0].Citation()
	}
	return d, nil
}

// SuggestOutcomes returns the outcomes to offer for a letter's findings: the
// remedies of their rules (letters.SuggestOutcomes) that ask something of the
// council. Rules about the family's own time limits, and remedies that are
// advice to the family ("Ask your solicitor ...", "Take legal advice ...",
// "Complain ..."), are left out: a letter asks the council, it does not
// advise the family.
func SuggestOutcomes(cat *checks.Catalogue, findings []casefile.Finding) []string {
	remedies := map[string][]string{}
	for _, f := range findings {
		r, ok := cat.Rule(f.Rule)
		if !ok || r.Family() {
			continue
		}
		for _, s := range r.Remedies {
			if forTheCouncil(s) {
				remedies[f.Rule] = append(remedies[f.Rule], s)
			}
		}
	}
	return letters.SuggestOutcomes(findings, remedies)
}

func forTheCouncil(remedy string) bool {
	for _, advice := range []string{"Ask ", "Take ", "Complain "} {
		if strings.HasPrefix(strings.TrimSpace(remedy), advice) {
			return false
		}
	}
	return true
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
