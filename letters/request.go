package letters

import (
	"github.com/redress-app/redress/casefile"
)

// Request is everything a letter is built from. The caller chooses the
// findings and chronology entries, and works out the deadline with the checks
// calendar; Build never reads the clock.
type Request struct {
	Case      *casefile.Case
	Kind      Kind
	Procedure Procedure // stage 1-3: the complaints procedure ("" means Statutory); LGSCO: the procedure the complaint went through ("" means as recorded)

	// Findings are the points of the letter, in the order given.
	Findings []casefile.Finding
	// Events are the chronology entries to list, by event ID (printed in date order).
	Events []string

	From Party // the sender; From.Name signs the letter
	To   Party // the recipient
	// Date is the letter's date.
	Date casefile.Date
	// Reference is the sender's reference for the matter; TheirReference the council's.
	Reference      string
	TheirReference string
	// Salutation opens the letter; "" means "Dear Sir or Madam".
	Salutation string

	// Outcomes are what the family asks for, one per line (see SuggestOutcomes).
	// For a subject access request they are the records asked for.
	Outcomes []string
	// Deadline is the response deadline the letter sets; a zero Date means none.
	Deadline Deadline
	// Enclosures are listed after the signature.
	Enclosures []string
	// Checkpoint is the vault's checkpoint for the case, printed on every page.
	Checkpoint string

	// Unresolved says, for a stage 2 or stage 3 request, why the previous stage
	// did not resolve each point, keyed by FindingKey. A point without an entry
	// gets a sentence drawn from the record.
	Unresolved map[string]string
	// Corrections are what a rectification request asks to be corrected. When
	// empty, every chosen chronology entry the family disputes becomes one.
	Corrections []Correction
	// Matter describes, in a letter before claim, the decision, act or omission
	// challenged; when empty the chosen chronology entries are listed instead.
	Matter string
	// Information lists the information and documents a letter before claim asks for.
	Information []string
	// Impact describes, in an Ombudsman complaint, the injustice the family suffered.
	Impact []string

	// Challenge names, for a letter before claim, the recorded decisions and
	// acts (event IDs) it challenges, whether or not any finding routes to
	// judicial review: each becomes a ground framed as public-law grounds.
	Challenge []string
	// Due is, for a chaser or a complaint to the Information Commissioner,
	// the deadline the subject access request already made set, counted from
	// the day the council received it (the latest sar-made in the record).
	Due Deadline
	// Chased is, for a complaint to the Information Commissioner, the day the
	// family followed the request up with the council (a chaser sent); the
	// zero Date means it was not followed up.
	Chased casefile.Date
	// ForChild makes a subject access request on the child's behalf, by a
	// person with parental responsibility, as well as for the parent's own data.
	ForChild bool
}

// Deadline is the response deadline a letter sets, as the caller computed it:
// "by 17 April 2026, 10 working days under regulation 14 of the 2006 Regulations".
type Deadline struct {
	Date casefile.Date
	// Rule is the rule in words: "10 working days under regulation 14 of the 2006 Regulations".
	Rule string
	// Citation is the rule's source, with its legal status and verification.
	Citation casefile.Citation
	// Received is the day the deadline is counted from: the day the council
	// receives the letter, which for an email or a web form is the day it is
	// sent. When it is set the letter says so; the zero Date says nothing.
	Received casefile.Date
}

// Correction is one inaccurate or incomplete record a rectification request asks to correct.
type Correction struct {
	Record   string // which record: "the referral record of 2 February 2026"
	Says     string // what it says now
	Correct  string // what it should say
	Evidence string // optional: what shows it
}
