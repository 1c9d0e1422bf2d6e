package casework

import (
	"fmt"
	"sort"
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
//
// Without the case it cannot know the council's own published timescale, so
// it sets no date for a corporate stage either: callers with the case use
// CaseResponseDeadline, which states the council's own timescale or the
// Ombudsman's Complaint Handling Code.
func ResponseDeadline(cat *checks.Catalogue, k letters.Kind, p letters.Procedure, received casefile.Date) (letters.Deadline, string, error) {
	return CaseResponseDeadline(cat, nil, k, p, received)
}

// corporateCodeRules are the rules holding the Complaint Handling Code's
// timescales for stages 1 and 2 of a council's corporate procedure.
var corporateCodeRules = map[letters.Kind]string{
	letters.Stage1: "corporate-stage1-code",
	letters.Stage2: "corporate-stage2-code",
}

// CaseResponseDeadline is ResponseDeadline for a letter about case c. A stage 1 or 2 letter of the council's corporate procedure
// states, as the rules corporate-stage1-code and corporate-stage2-code have
// them: the council's own timescale when the case records it
// (local_timescales), with where the family found it; else, for a letter
// received on or after the day the Ombudsman applies its Complaint Handling
// Code, the Code's acknowledgement and reply times with the rule's
// citation; else no date, asking the council for its timescale.
func CaseResponseDeadline(cat *checks.Catalogue, c *casefile.Case, k letters.Kind, p letters.Procedure, received casefile.Date) (letters.Deadline, string, error) {
	if cat == nil {
		cat = checks.Default()
	}
	if id, ok := corporateCodeRules[k]; ok && p == letters.Corporate && c != nil {
		if d, note, ok := corporateDeadline(cat, c, id, k.Stage(), received); ok {
			return d, note, nil
		}
	}
	switch {
	case k == letters.SARChase:
		return letters.Deadline{}, "A chaser sets no new deadline: the council's time runs from your request, and the letter says how overdue its reply is.", nil
	case k == letters.ICO:
		return letters.Deadline{}, "A complaint to the Information Commissioner sets no deadline for a reply, so the letter sets none.", nil
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

// corporateDeadline is the reply time a stage of the council's corporate
// procedure sets for a letter received on received, from rule id: the
// council's own published figure, else the Code's from its start date. ok is
// false when neither applies (the letter then asks for the timescale).
func corporateDeadline(cat *checks.Catalogue, c *casefile.Case, id string, stage int, received casefile.Date) (letters.Deadline, string, bool) {
	r, ok := cat.Rule(id)
	if !ok || r.Code == nil || cat.Calendar == nil {
		return letters.Deadline{}, "", false
	}
	if c != nil && c.LocalTimescales != nil {
		lt := c.LocalTimescales
		n := map[int]int{1: lt.Stage1WD, 2: lt.Stage2WD}[stage]
		if n > 0 {
			days := plural(n, "working day", "working days")
			src := strings.TrimSpace(lt.Source)
			council := "The council's corporate complaints procedure"
			if c.Authority != "" {
				council = c.Authority + " corporate complaints procedure"
			}
			rule := days + " after you receive this letter: the stage " + fmt.Sprint(stage) + " reply time your published complaints procedure gives"
			if src != "" {
				rule += ", as I found it at " + src
			}
			url := ""
			if strings.HasPrefix(src, "https://") || strings.HasPrefix(src, "http://") {
				url = src
			}
			return letters.Deadline{
				Date: cat.Calendar.AddWorkingDays(received, n), Rule: rule, Received: received,
				Citation: casefile.Citation{Source: council,
					Where:        fmt.Sprintf("stage %d reply within %s (as the family found it published; Redress has not checked it)", stage, days),
					URL:          url,
					LegalStatus:  "local-procedure",
					Verification: "unverified"},
			}, fmt.Sprintf("The letter states your council's own stage %d timescale, %s, as you recorded it from its published procedure; Redress has not checked it.", stage, days), true
		}
	}
	code := r.Code
	if received.Before(code.From) || code.Acknowledge.WorkingDays == 0 || r.Limit.WorkingDays == 0 || len(r.Citations) == 0 {
		return letters.Deadline{}, "", false
	}
	ack := cat.Calendar.AddWorkingDays(received, code.Acknowledge.WorkingDays)
	reply := cat.Calendar.AddWorkingDays(ack, r.Limit.WorkingDays)
	rule := fmt.Sprintf("%s: an acknowledgement within %s of receiving this letter, by %s, then a full reply within %s of the acknowledgement, so by %s at the latest",
		code.Name, plural(code.Acknowledge.WorkingDays, "working day", "working days"), ack.Long(),
		plural(r.Limit.WorkingDays, "working day", "working days"), reply.Long())
	return letters.Deadline{Date: reply, Rule: rule, Received: received, Citation: r.Citations[0].Citation()},
		fmt.Sprintf("The letter states the Ombudsman's Complaint Handling Code's stage %d timescale, which applies from %s. If your council's published procedure gives its own timescale, record it on the case (local_timescales) and the letter will state that instead.", stage, code.From.Long()), true
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
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
// advise the family. A finding whose step the record shows done late does
// not ask for that step again.
func SuggestOutcomes(cat *checks.Catalogue, findings []casefile.Finding) []string {
	remedies := map[string][]string{}
	for _, f := range findings {
		r, ok := cat.Rule(f.Rule)
		if !ok || r.Family() {
			continue
		}
		for _, s := range r.Remedies {
			if forTheCouncil(s) && !(f.Done != "" && asksForTheStep(s)) {
				remedies[f.Rule] = append(remedies[f.Rule], s)
			}
		}
	}
	return letters.SuggestOutcomes(findings, remedies)
}

// asksForTheStep reports whether a remedy asks for the step itself ("The
// stage 2 response without further delay"): not asked when the record shows
// the step done, however late (then the delay is what is complained of).
func asksForTheStep(remedy string) bool {
	return strings.Contains(remedy, "without further delay")
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

// Whose says whose time limits a list of deadlines shows.
type Whose string

// The choices of redress deadlines --whose (DESIGN section 6).
const (
	WhoseAll     Whose = "all"     // both, the council's first
	WhoseCouncil Whose = "council" // what the council owes the family
	WhoseFamily  Whose = "family"  // the family's own time limits
)

// ParseWhose returns the choice named s; "" means WhoseAll.
func ParseWhose(s string) (Whose, error) {
	switch Whose(s) {
	case "", WhoseAll:
		return WhoseAll, nil
	case WhoseCouncil, WhoseFamily:
		return Whose(s), nil
	}
	return "", fmt.Errorf("%w: unknown --whose %q (want council, family or all)", letters.ErrRequest, s)
}

// DutyState says where a deadline stands on the day the list is made.
type DutyState string

// The states of a deadline.
const (
	// Overdue: the council's deadline has passed and the record shows
	// nothing done: it still owes it (an unanswered subject access request,
	// a complaint response not sent).
	Overdue DutyState = "overdue"
	// Open: the deadline has not passed.
	Open DutyState = "open"
	// Passed: one of the family's own time limits has passed.
	Passed DutyState = "passed"
)

// Duty is one line of a case's deadlines: something the council owes or one
// of the family's own time limits, with where it stands, said plainly.
type Duty struct {
	// Finding is the finding the line comes from; Also holds the others
	// that are the same step, whose and date (two acts on one day each
	// start a judicial review limit): one line says them all.
	Finding casefile.Finding
	Also    []casefile.Finding
	Council bool // the council's duty; false: the family's own time limit
	State   DutyState
	// Days is how many days from the as-of date to the deadline: negative
	// when it has passed (how many days overdue); 0 with no fixed date.
	Days int
	// Text says it in plain English: "The council owes you: stage 1
	// complaint response. It was due by 17 April 2026, 75 days ago."
	Text string
}

// Duties returns, from a case's findings as of asOf, what the council owes
// and has not done (overdue, then open) and the family's own time limits
// (open, then passed), as whose asks: the council's first, each group in
// date order. A council deadline that passed with the step done late is a
// breach to complain about, not something still owed, so it is not listed.
func Duties(findings []casefile.Finding, asOf casefile.Date, whose Whose) []Duty {
	var out []Duty
	for _, f := range findings {
		council := !f.Family
		if (whose == WhoseCouncil && !council) || (whose == WhoseFamily && council) {
			continue
		}
		d := Duty{Finding: f, Council: council}
		if !f.Due.IsZero() {
			d.Days = asOf.DaysUntil(f.Due)
		}
		title := strings.TrimSpace(f.Title)
		if title == "" {
			title = f.Rule
		}
		switch {
		case council && f.Status == casefile.StatusBreach && f.Done == "" && !f.Due.IsZero():
			d.State = Overdue
			d.Text = fmt.Sprintf("The council owes you: %s. It was due by %s, %s ago.", lowerLabel(title), f.Due.Long(), days(-d.Days))
		case f.Status == casefile.StatusDue && council:
			d.State = Open
			d.Text = fmt.Sprintf("The council must: %s, by %s%s.", lowerLabel(title), dueWords(f.Due), inDays(d.Days, f.Due))
		case f.Status == casefile.StatusDue:
			d.State = Open
			d.Text = fmt.Sprintf("Your time limit: %s, by %s%s.", lowerLabel(title), dueWords(f.Due), inDays(d.Days, f.Due))
			if !f.WarnFrom.IsZero() && !asOf.Before(f.WarnFrom) {
				d.Text += " Act promptly: do not wait for the last day."
			}
		case !council && (f.Status == casefile.StatusExpired || f.Status == casefile.StatusBreach) && !f.Due.IsZero():
			d.State = Passed
			d.Text = fmt.Sprintf("Your time limit passed on %s (%s ago): %s. Take advice on whether it can still be extended.", f.Due.Long(), days(-d.Days), lowerLabel(title))
		default:
			continue
		}
		out = append(out, d)
	}
	out = collapse(out)
	rank := map[DutyState]int{Overdue: 0, Open: 1, Passed: 2}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Council != b.Council {
			return a.Council
		}
		if rank[a.State] != rank[b.State] {
			return rank[a.State] < rank[b.State]
		}
		if a.Finding.Due.IsZero() != b.Finding.Due.IsZero() {
			return !a.Finding.Due.IsZero()
		}
		return a.Finding.Due.Before(b.Finding.Due)
	})
	return out
}

// Triggers are the events whose findings the line says: its own and those
// collapsed into it, in the order found.
func (d Duty) Triggers() []string {
	ts := []string{d.Finding.Trigger}
	for _, f := range d.Also {
		ts = append(ts, f.Trigger)
	}
	return ts
}

// collapse folds lines that are the same step (rule), whose and date, and
// so say the same words, into the first of them: the list says each thing
// owed once, with every finding it comes from kept in Also.
func collapse(ds []Duty) []Duty {
	type key struct {
		rule, text string
		council    bool
		due        casefile.Date
	}
	at := map[key]int{}
	out := ds[:0]
	for _, d := range ds {
		k := key{d.Finding.Rule, d.Text, d.Council, d.Finding.Due}
		if i, ok := at[k]; ok {
			out[i].Also = append(out[i].Also, d.Finding)
			continue
		}
		at[k] = len(out)
		out = append(out, d)
	}
	return out
}

// NoDutiesText is what to say when Duties lists nothing: never "no
// deadlines" while something is overdue, since then the list is not empty.
func NoDutiesText(whose Whose, asOf casefile.Date) string {
	switch whose {
	case WhoseCouncil:
		return fmt.Sprintf("The record shows nothing the council owes you as of %s: no deadline of the council's open or overdue.", asOf.Long())
	case WhoseFamily:
		return fmt.Sprintf("None of your own time limits is open or passed as of %s.", asOf.Long())
	}
	return fmt.Sprintf("As of %s the record shows nothing the council owes you and none of your own time limits open or passed.", asOf.Long())
}

// lowerLabel drops the app's "Due:" or "Your deadline:" lead-in from a
// finding's title, which the sentence around it already says.
func lowerLabel(title string) string {
	// The checks' title lead-ins (checks/engine.go), longest first.
	for _, p := range []string{"Your deadline has passed", "Need more information", "Your deadline", "Out of order",
		"Too long", "Concern", "Missed", "Late", "Met", "Due"} {
		if rest, ok := strings.CutPrefix(title, p+": "); ok {
			return rest
		}
	}
	return title
}

func dueWords(d casefile.Date) string {
	if d.IsZero() {
		return "no fixed date"
	}
	return d.Long()
}

func inDays(n int, due casefile.Date) string {
	switch {
	case due.IsZero():
		return ""
	case n == 0:
		return " (today)"
	}
	return " (in " + days(n) + ")"
}

func days(n int) string {
	if n == 1 {
		return "1 day"
	}
	return fmt.Sprintf("%d days", n)
}
