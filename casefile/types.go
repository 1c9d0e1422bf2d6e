package casefile

import "time"

// Format is the value of the "format" field of every case file this package reads and writes.
const Format = "redress-case/1"

// Case is everything recorded about one family's dealings with one authority.
type Case struct {
	Title     string
	Authority string
	Children  []Child
	Events    []Event
	People    []Person
	Notes     []Note
	Documents []Document
	// LocalTimescales is the council's own corporate complaints procedure as
	// the family found it published; nil when not recorded.
	LocalTimescales *LocalTimescales
}

// LocalTimescales are the working days a council's published corporate
// complaints procedure gives for its stage 1 and stage 2 replies (0 when not
// given), with where the family found them.
type LocalTimescales struct {
	Stage1WD int
	Stage2WD int
	Source   string // a web address or a document's title
}

// Mobility says whether a baby can move on their own, which matters for bruising.
type Mobility string

// Mobility values. The zero value means "not recorded".
const (
	MobilityPreMobile Mobility = "pre-mobile"
	MobilityRolling   Mobility = "rolling"
	MobilityMobile    Mobility = "mobile"
)

// Child is a child the case is about.
type Child struct {
	ID       string
	Name     string
	Born     Date // zero when not recorded (or not yet born)
	Mobility Mobility
}

// Person is someone involved: a social worker, team manager, GP, teacher, relative.
type Person struct {
	ID           string
	Name         string
	Role         string
	Organisation string
}

// Certainty says how exact an event's date is.
type Certainty string

// Certainty values. The zero value means exact.
const (
	CertaintyExact  Certainty = "exact"
	CertaintyApprox Certainty = "approx"
)

// FactStatus says whether the family accepts that an event happened as recorded.
type FactStatus string

// Fact status values. The zero value means undisputed.
const (
	FactUndisputed FactStatus = "undisputed"
	FactDisputed   FactStatus = "disputed"
	FactLARecord   FactStatus = "la-record" // as the council's own records say
)

// Event is one thing the authority (or the family, for complaints and requests) did.
type Event struct {
	ID        string
	Kind      Kind
	Date      Date
	Time      Clock // zero when no time was recorded
	Certainty Certainty
	Detail    string
	Child     string // a child's ID; "" means every child in the case
	Attrs     Attrs
	Evidence  []string // "ID" or "ID#pN": a document or note, N a page
	Quotes    []string // parallel to Evidence: the words relied on ("" for none); nil when none has any (evidence.go)
	Status    FactStatus
}

// Approx reports whether the event's date is approximate.
func (e *Event) Approx() bool { return e.Certainty == CertaintyApprox }

// Attrs are an event's kind-specific attributes. A nil pointer or empty string
// means "not recorded"; which fields a kind may set is given by its KindInfo.
type Attrs struct {
	Type        string // assessment-started, assessment-completed: single (default), initial, core
	S47         *bool  // strategy-discussion: were s47 enquiries initiated at it
	Outcome     string // s47-concluded: nfa, cin, icpc
	Agency      string // third-party-checks
	Consent     *bool  // third-party-checks: did the parents consent
	Alone       *bool  // child-seen
	Plan        *bool  // icpc: plan made; review-conference: plan continues
	Stage       int    // complaint-made, -acknowledged, -extension, -response: 1, 2 or 3 (0 = not set)
	Procedure   string // complaint-made: statutory (default), corporate, conference
	Description string // decision

	Agencies          Agencies // strategy-discussion: who took part (0 = not recorded)
	ReportShared      Date     // icpc, review-conference: the day the report reached the parents
	ParentsInvited    *bool    // icpc, review-conference
	ExceptionRecorded *bool    // third-party-checks: a manager recorded a reason for not seeking consent
	Accurate          *bool    // third-party-checks: what the agency was told was accurate
	Complete          *bool    // complaint-response, sar-response: nil means complete
	Subject           string   // sar-made: self, child, both
}

// AssessmentType returns the assessment type, "single" when not recorded.
func (a Attrs) AssessmentType() string {
	if a.Type == "" {
		return "single"
	}
	return a.Type
}

// ComplaintProcedure returns the complaints procedure, "statutory" when not recorded.
func (a Attrs) ComplaintProcedure() string {
	if a.Procedure == "" {
		return "statutory"
	}
	return a.Procedure
}

// Bool returns a pointer to v, for filling Attrs.
func Bool(v bool) *bool { return &v }

// NoteKind says what a journal note records.
type NoteKind string

// Note kinds.
const (
	NoteCall        NoteKind = "call"
	NoteVisit       NoteKind = "visit"
	NoteMeeting     NoteKind = "meeting"
	NoteLetter      NoteKind = "letter"
	NoteEmail       NoteKind = "email"
	NoteObservation NoteKind = "observation"
)

// NoteKinds lists the note kinds in the order people should see them.
var NoteKinds = []NoteKind{NoteCall, NoteVisit, NoteMeeting, NoteLetter, NoteEmail, NoteObservation}

// Note is a contemporaneous journal entry written by the family or their helper.
// The fields hold the current version; Versions holds the earlier ones, oldest first,
// so an amended note keeps everything it ever said.
type Note struct {
	ID        string
	Occurred  time.Time // when it happened
	Recorded  time.Time // when this version was written
	Kind      NoteKind
	People    []string // person IDs
	Text      string
	Events    []string // event IDs
	Documents []string // document IDs
	Tags      []string
	Archived  bool
	Versions  []NoteVersion
}

// NoteVersion is an earlier version of an amended note.
type NoteVersion struct {
	Occurred  time.Time
	Recorded  time.Time
	Kind      NoteKind
	People    []string
	Text      string
	Events    []string
	Documents []string
	Tags      []string
}

// Document describes an imported file. The bytes live in the vault; the SHA-256
// of the original bytes, taken at import, is the evidential hash.
type Document struct {
	ID     string
	Name   string // original file name
	Type   string // media type, such as application/pdf or image/jpeg
	Date   Date   // the document's own date, zero if unknown
	Source string // who it came from: "council", "family", "school", ...
	SHA256 string // lower-case hex
	Size   int64
}

// Status is a finding's outcome.
type Status string

// Finding statuses (DESIGN section 4).
const (
	StatusMet       Status = "met"
	StatusBreach    Status = "breach"
	StatusDue       Status = "due"
	StatusNeedsInfo Status = "needs-info"
	StatusConcern   Status = "concern"
	StatusExpired   Status = "expired" // a family time limit that has passed
)

// Finding is what the checks engine says about one rule and one trigger event.
type Finding struct {
	Rule            string     `json:"rule"`
	Status          Status     `json:"status"`
	Trigger         string     `json:"trigger"`
	TriggerDate     Date       `json:"trigger_date,omitzero"`
	Due             Date       `json:"due,omitzero"`
	WarnFrom        Date       `json:"warn_from,omitzero"`
	Done            string     `json:"done,omitempty"`
	DoneDate        Date       `json:"done_date,omitzero"`
	WorkingDaysLate int        `json:"working_days_late,omitempty"`
	Title           string     `json:"title,omitempty"`
	Explanation     string     `json:"explanation,omitempty"`
	Citations       []Citation `json:"citations,omitempty"`

	// Routes are the complaint or challenge routes of the finding's rule, its
	// main route first ("statutory", "corporate", "jr", ...), and Family says
	// whose clock it is: true for a time limit on the family (a judicial
	// review claim, the Ombudsman's twelve months), false for a step the
	// council owes. The checks fill both, so that letters, reports and the
	// desktop need not ask the rule catalogue again. Neither is part of the
	// findings JSON (DESIGN section 4): a finding read back from JSON has
	// neither. Routes is shared between findings of a rule: read it, never
	// change it.
	Routes []string `json:"-"`
	Family bool     `json:"-"`
}

// MainRoute is the finding's main route, "" when it has none.
func (f *Finding) MainRoute() string {
	if len(f.Routes) == 0 {
		return ""
	}
	return f.Routes[0]
}

// HasRoute reports whether route is among the finding's routes (a finding
// about a mixed matter can belong to more than one procedure).
func (f *Finding) HasRoute(route string) bool {
	for _, r := range f.Routes {
		if r == route {
			return true
		}
	}
	return false
}

// Citation names a source for a rule: what it is, where in it, and how sure we are.
type Citation struct {
	Source       string `json:"source"`          // "Working Together to Safeguard Children 2023"
	Where        string `json:"where,omitempty"` // "chapter 3, \"Initial child protection conferences\""
	URL          string `json:"url,omitempty"`
	LegalStatus  string `json:"legal_status"` // statute, regulation, statutory-guidance, ...
	Verification string `json:"verification"` // verified-primary, verified-secondary, seed, unverified
}

// Legal status values for citations.
var LegalStatuses = []string{"statute", "regulation", "statutory-guidance", "non-statutory-guidance",
	"rules-of-court", "protocol", "clinical-guidance", "local-procedure", "case-law", "research"}

// Verification values for citations.
var Verifications = []string{"verified-primary", "verified-secondary", "seed", "unverified"}

// ChildByID returns the child with the given ID.
func (c *Case) ChildByID(id string) (*Child, bool) {
	for i := range c.Children {
		if c.Children[i].ID == id {
			return &c.Children[i], true
		}
	}
	return nil, false
}

// EventByID returns the event with the given ID.
func (c *Case) EventByID(id string) (*Event, bool) {
	for i := range c.Events {
		if c.Events[i].ID == id {
			return &c.Events[i], true
		}
	}
	return nil, false
}
