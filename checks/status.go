package checks

import "github.com/redress-app/redress/casefile"

// This file is the one table of how a finding's status is said and grouped,
// for everything that shows findings: the command line's report, the
// desktop's Checks tab and status words, and the bundle's findings section.

// Look is how a finding is presented: its status, with the family's own time
// limits told apart from the council's steps (casefile.Finding.Family).
type Look int

// The looks, in the order the groups are shown, most urgent first.
const (
	LookBreach       Look = iota // the council was late or missed a step
	LookConcern                  // something in the record needs attention
	LookNeedsInfo                // the record cannot answer the question
	LookDue                      // the council's step is still due
	LookFamilyDue                // the family's own time limit is running
	LookFamilyPassed             // the family's own time limit has passed
	LookMet                      // done in time
)

// looks is the word for each look: what people read beside the icon.
var looks = [...]struct {
	status casefile.Status
	family bool
	word   string
}{
	LookBreach:       {casefile.StatusBreach, false, "Late or missed"},
	LookConcern:      {casefile.StatusConcern, false, "Concern"},
	LookNeedsInfo:    {casefile.StatusNeedsInfo, false, "Need more information"},
	LookDue:          {casefile.StatusDue, false, "Due"},
	LookFamilyDue:    {casefile.StatusDue, true, "Your deadline"},
	LookFamilyPassed: {casefile.StatusExpired, true, "Your deadline has passed"},
	LookMet:          {casefile.StatusMet, false, "Met"},
}

// LookOf says how finding f is presented.
func LookOf(f casefile.Finding) Look {
	switch f.Status {
	case casefile.StatusBreach:
		return LookBreach
	case casefile.StatusConcern:
		return LookConcern
	case casefile.StatusNeedsInfo:
		return LookNeedsInfo
	case casefile.StatusDue:
		if f.Family {
			return LookFamilyDue
		}
		return LookDue
	case casefile.StatusExpired:
		return LookFamilyPassed
	}
	return LookMet
}

// Word is the plain word for the look, as people see it: "Late or missed",
// "Your deadline".
func (l Look) Word() string { return looks[l].word }

// StatusWord is the plain word for a status; family says whether the
// finding is about the family's own time limit. An unknown status is said as
// it is.
func StatusWord(s casefile.Status, family bool) string {
	if _, ok := meanings[s]; !ok {
		return string(s)
	}
	return LookOf(casefile.Finding{Status: s, Family: family}).Word()
}

// meanings say what each status means in a sentence, for a reader of the
// bundle who has not seen the app.
var meanings = map[casefile.Status]string{
	casefile.StatusBreach:    "Breach: the step was late or there is no record of it",
	casefile.StatusConcern:   "Concern: a practice issue the record supports raising",
	casefile.StatusDue:       "Due: the deadline has not passed yet",
	casefile.StatusNeedsInfo: "Needs information: the record cannot tell",
	casefile.StatusMet:       "Met: done in time",
	casefile.StatusExpired:   "Expired: the family's time limit has passed",
}

// StatusMeaning says what status s means in a sentence ("Met: done in
// time"); an unknown status is said as it is.
func StatusMeaning(s casefile.Status) string {
	if m, ok := meanings[s]; ok {
		return m
	}
	return string(s)
}

// Group is one group of findings as a report or the Checks tab shows them.
type Group struct {
	Title     string // "Late or missed"
	Note      string // what the group means, in a sentence
	One, Many string // for counts: "1 concern", "2 concerns"
	Look      Look   // the look of the group's heading
}

// Groups are the groups findings are shown in, most urgent first. Every
// finding is in exactly one (GroupOf).
var Groups = []Group{
	{"Late or missed", "Steps the council took late, or not at all, as far as the record shows.", "late or missed", "late or missed", LookBreach},
	{"Concerns", "Things in the record that may need attention.", "concern", "concerns", LookConcern},
	{"Need more information", "Redress cannot tell from the record. Each card says what to record.", "needing more information", "needing more information", LookNeedsInfo},
	{"Due", "Steps the council still has time to take.", "due", "due", LookDue},
	{"Your deadlines", "Time limits for you, for example for a complaint or a court claim.", "of your deadlines", "of your deadlines", LookFamilyDue},
	{"Met", "Steps the council took in time.", "met", "met", LookMet},
}

// GroupOf is the index in Groups of finding f's group: the family's own time
// limits, running, passed or met, are together under "Your deadlines".
func GroupOf(f casefile.Finding) int {
	switch l := LookOf(f); {
	case l == LookFamilyDue || l == LookFamilyPassed || (l == LookMet && f.Family):
		return groupFamily
	case l == LookMet:
		return groupMet
	default:
		return int(l) // breach, concern, needs information and due come first, in Look's order
	}
}

// groupFamily and groupMet are the places of "Your deadlines" and "Met" in
// Groups.
const (
	groupFamily = 4
	groupMet    = 5
)
