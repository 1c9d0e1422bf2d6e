package casefile

import "sort"

// Kind names what happened in an event, from the closed list of redress-case/1.
type Kind string

// The event kinds of redress-case/1 (DESIGN section 3).
const (
	KindReferralReceived     Kind = "referral-received"
	KindReferralDecision     Kind = "referral-decision"
	KindParentsInformed      Kind = "parents-informed"
	KindAssessmentStarted    Kind = "assessment-started"
	KindAssessmentCompleted  Kind = "assessment-completed"
	KindStrategyDiscussion   Kind = "strategy-discussion"
	KindS47Started           Kind = "s47-started"
	KindS47Concluded         Kind = "s47-concluded"
	KindThirdPartyChecks     Kind = "third-party-checks"
	KindChildSeen            Kind = "child-seen"
	KindMedicalExamination   Kind = "medical-examination"
	KindICPC                 Kind = "icpc"
	KindCoreGroup            Kind = "core-group"
	KindReviewConference     Kind = "review-conference"
	KindPlanEnded            Kind = "plan-ended"
	KindS20Accommodated      Kind = "s20-accommodated"
	KindS20Objection         Kind = "s20-objection"
	KindChildReturned        Kind = "child-returned"
	KindPoliceProtection     Kind = "police-protection"
	KindPoliceProtectionEnd  Kind = "police-protection-ended"
	KindEPOMade              Kind = "epo-made"
	KindEPOExtended          Kind = "epo-extended"
	KindEPOEnded             Kind = "epo-ended"
	KindLetterBeforeProc     Kind = "letter-before-proceedings"
	KindPreProceedingsMeet   Kind = "pre-proceedings-meeting"
	KindCareProceedingsIssue Kind = "care-proceedings-issued"
	KindProceedingsConcluded Kind = "proceedings-concluded"
	KindComplaintMade        Kind = "complaint-made"
	KindComplaintAck         Kind = "complaint-acknowledged"
	KindComplaintExtension   Kind = "complaint-extension"
	KindComplaintResponse    Kind = "complaint-response"
	KindPanelHeld            Kind = "panel-held"
	KindPanelReport          Kind = "panel-report"
	KindPanelResponse        Kind = "panel-response"
	KindLGSCOComplaint       Kind = "lgsco-complaint"
	KindSARMade              Kind = "sar-made"
	KindSARExtension         Kind = "sar-extension"
	KindSARResponse          Kind = "sar-response"
	KindJRLetterBeforeClaim  Kind = "jr-letter-before-claim"
	KindJRResponse           Kind = "jr-response"
	KindDecision             Kind = "decision"
	KindOther                Kind = "other"
)

// Area groups kinds for people choosing one.
type Area string

// The areas kinds are grouped under.
const (
	AreaReferral      Area = "Referral and assessment"
	AreaProtection    Area = "Child protection"
	AreaAccommodation Area = "Accommodation and court orders"
	AreaComplaints    Area = "Complaints and requests"
	AreaOther         Area = "Anything else"
)

// AttrType is the JSON type of an event attribute.
type AttrType int

// Attribute types.
const (
	AttrBool   AttrType = iota // true or false
	AttrString                 // free text
	AttrEnum                   // one of a fixed set of words
	AttrStage                  // the number 1, 2 or 3
	AttrDate                   // a date, YYYY-MM-DD
	AttrList                   // a list of words from a fixed set (Values), at least one
)

// AttrSpec describes one attribute a kind accepts.
type AttrSpec struct {
	Name     string
	Type     AttrType
	Values   []string // for AttrEnum, the accepted words; the first is the default if Default is set
	Default  string   // the value assumed when absent ("" when absence means "not recorded")
	Required bool
	Label    string // plain words for a form field
	// ValueLabels says each of Values in plain words, in the same order, for
	// forms and summaries ("Children's social care" for childrens-social-care).
	ValueLabels []string
	// DefaultTrue (AttrBool) means absence reads as true: a response is
	// complete unless the family records that it left points unanswered.
	DefaultTrue bool
}

// ValueLabel returns value v of an enum or list attribute in plain words, or
// v itself when the spec has no words for it.
func (s AttrSpec) ValueLabel(v string) string {
	for i, val := range s.Values {
		if val == v && i < len(s.ValueLabels) {
			return s.ValueLabels[i]
		}
	}
	return v
}

// ValueOf returns the value whose plain words are label (or label itself when
// it is one of Values), and whether there is one.
func (s AttrSpec) ValueOf(label string) (string, bool) {
	for i, val := range s.Values {
		if val == label || (i < len(s.ValueLabels) && s.ValueLabels[i] == label) {
			return val, true
		}
	}
	return "", false
}

// KindInfo describes an event kind: how to say it, where it belongs and which
// attributes it takes.
type KindInfo struct {
	Kind    Kind
	Area    Area
	Label   string // plain words: "Strategy discussion"
	Explain string // one line for a parent
	Attrs   []AttrSpec
}

// Attr returns the spec of the named attribute, if the kind takes it.
func (k KindInfo) Attr(name string) (AttrSpec, bool) {
	for _, a := range k.Attrs {
		if a.Name == name {
			return a, true
		}
	}
	return AttrSpec{}, false
}

var (
	attrAssessmentType = AttrSpec{Name: "type", Type: AttrEnum, Values: []string{"single", "initial", "core"}, Default: "single",
		Label: "Type of assessment", ValueLabels: []string{"Single assessment", "Initial assessment (the system before April 2013)",
			"Core assessment (the system before April 2013)"}}
	attrStage = AttrSpec{Name: "stage", Type: AttrStage, Required: true, Label: "Stage (1, 2 or 3)"}

	attrAgencies = AttrSpec{Name: "agencies", Type: AttrList, Values: AgencyValues,
		ValueLabels: []string{"Children's social care", "Police", "Health (a doctor or health visitor)",
			"Education (school or nursery)", "Whoever made the referral", "Someone else"},
		Label: "Who took part"}
	attrReportShared   = AttrSpec{Name: "report_shared", Type: AttrDate, Label: "Date the social worker's report reached the parents"}
	attrParentsInvited = AttrSpec{Name: "parents_invited", Type: AttrBool, Label: "The parents were invited"}
	attrComplete       = AttrSpec{Name: "complete", Type: AttrBool, DefaultTrue: true,
		Label: "It answered every point (say No if points were left unanswered)"}
)

// AgencyValues are the agencies a strategy discussion may involve, in the
// order forms list them.
var AgencyValues = []string{"childrens-social-care", "police", "health", "education", "referrer", "other"}

var kinds = []KindInfo{
	{KindReferralReceived, AreaReferral, "Referral received", "Someone passed a concern about the child to children's services.", nil},
	{KindReferralDecision, AreaReferral, "Decision on the referral", "Children's services decided what to do about the referral.", nil},
	{KindParentsInformed, AreaReferral, "Parents told", "Children's services told the parents about the referral or the enquiries.", nil},
	{KindAssessmentStarted, AreaReferral, "Assessment started", "A social worker began assessing the child's needs.", []AttrSpec{attrAssessmentType}},
	{KindAssessmentCompleted, AreaReferral, "Assessment completed", "The social work assessment was finished.", []AttrSpec{attrAssessmentType}},

	{KindStrategyDiscussion, AreaProtection, "Strategy discussion", "Children's services, the police and health met or talked to decide whether to start child protection enquiries.",
		[]AttrSpec{{Name: "s47", Type: AttrBool, Label: "Section 47 enquiries started at this discussion"}, attrAgencies}},
	{KindS47Started, AreaProtection, "Section 47 enquiries started", "The council began its formal child protection investigation (section 47 enquiries).", nil},
	{KindS47Concluded, AreaProtection, "Section 47 enquiries ended", "The council finished its section 47 enquiries and decided the outcome.",
		[]AttrSpec{{Name: "outcome", Type: AttrEnum, Values: []string{"nfa", "cin", "icpc"}, Label: "Outcome (no further action, child in need, or a conference)",
			ValueLabels: []string{"No further action", "Support as a child in need", "An initial child protection conference"}}}},
	{KindThirdPartyChecks, AreaProtection, "Checks with other agencies", "Children's services asked another agency (a GP, school or the police) about the family.",
		[]AttrSpec{{Name: "agency", Type: AttrString, Label: "Which agency"}, {Name: "consent", Type: AttrBool, Label: "The parents agreed to the checks"},
			{Name: "exception_recorded", Type: AttrBool, Label: "A manager recorded a reason for not asking the parents first"},
			{Name: "accurate", Type: AttrBool, Label: "What the agency was told was accurate"}}},
	{KindChildSeen, AreaProtection, "Child seen", "A social worker saw the child.",
		[]AttrSpec{{Name: "alone", Type: AttrBool, Label: "Seen alone"}}},
	{KindMedicalExamination, AreaProtection, "Medical examination", "A doctor examined the child for the enquiries.", nil},
	{KindICPC, AreaProtection, "Initial child protection conference", "The first meeting to decide whether the child needs a child protection plan.",
		[]AttrSpec{{Name: "plan", Type: AttrBool, Label: "A child protection plan was made"}, attrReportShared, attrParentsInvited}},
	{KindCoreGroup, AreaProtection, "Core group meeting", "The group of professionals and family who carry out a child protection plan met.", nil},
	{KindReviewConference, AreaProtection, "Review conference", "A conference reviewed the child protection plan.",
		[]AttrSpec{{Name: "plan", Type: AttrBool, Label: "The plan continues"}, attrReportShared, attrParentsInvited}},
	{KindPlanEnded, AreaProtection, "Child protection plan ended", "The child protection plan was ended.", nil},

	{KindS20Accommodated, AreaAccommodation, "Accommodated under section 20", "The child went into council accommodation by agreement (section 20).", nil},
	{KindS20Objection, AreaAccommodation, "Objection to section 20 accommodation", "A parent objected to the child being accommodated or asked for the child back.", nil},
	{KindChildReturned, AreaAccommodation, "Child returned home", "The child came back to the family.", nil},
	{KindPoliceProtection, AreaAccommodation, "Police protection", "The police used their emergency power to remove or keep the child (at most 72 hours).", nil},
	{KindPoliceProtectionEnd, AreaAccommodation, "Police protection ended", "Police protection came to an end.", nil},
	{KindEPOMade, AreaAccommodation, "Emergency protection order made", "A court made an emergency protection order (at most 8 days).", nil},
	{KindEPOExtended, AreaAccommodation, "Emergency protection order extended", "The court extended the emergency protection order (once, by at most 7 days).", nil},
	{KindEPOEnded, AreaAccommodation, "Emergency protection order ended", "The emergency protection order ended or was discharged.", nil},
	{KindLetterBeforeProc, AreaAccommodation, "Letter before proceedings", "The council wrote that it was considering care proceedings.", nil},
	{KindPreProceedingsMeet, AreaAccommodation, "Pre-proceedings meeting", "A meeting under the pre-proceedings stage of the Public Law Outline.", nil},
	{KindCareProceedingsIssue, AreaAccommodation, "Care proceedings issued", "The council applied to court for a care or supervision order.", nil},
	{KindProceedingsConcluded, AreaAccommodation, "Proceedings concluded", "The court finished the care proceedings.", nil},

	{KindComplaintMade, AreaComplaints, "Complaint made", "A complaint (or a request to move it to the next stage) reached the council.",
		[]AttrSpec{attrStage, {Name: "procedure", Type: AttrEnum, Values: []string{"statutory", "corporate", "conference"}, Default: "statutory",
			Label: "Complaints procedure", ValueLabels: []string{"The Children Act 1989 complaints procedure",
				"The council's own (corporate) complaints procedure", "The safeguarding partnership's conference complaints procedure"}}}},
	{KindComplaintAck, AreaComplaints, "Complaint acknowledged", "The council said it had received the complaint (or the request for the next stage).", []AttrSpec{attrStage}},
	{KindComplaintExtension, AreaComplaints, "Complaint response delayed", "The council said it needed longer to answer the complaint.", []AttrSpec{attrStage}},
	{KindComplaintResponse, AreaComplaints, "Complaint answered", "The council sent its response to the complaint.", []AttrSpec{attrStage, attrComplete}},
	{KindPanelHeld, AreaComplaints, "Review panel held", "The stage 3 review panel met.", nil},
	{KindPanelReport, AreaComplaints, "Review panel report", "The review panel sent its report and recommendations.", nil},
	{KindPanelResponse, AreaComplaints, "Council's response to the panel", "The council said what it will do about the panel's recommendations.", nil},
	{KindLGSCOComplaint, AreaComplaints, "Complaint to the Ombudsman", "A complaint went to the Local Government and Social Care Ombudsman.", nil},
	{KindSARMade, AreaComplaints, "Subject access request made", "A request for the records the council holds reached the council.",
		[]AttrSpec{{Name: "subject", Type: AttrEnum, Values: []string{"self", "child", "both"},
			ValueLabels: []string{"My own records", "My child's records", "Both"}, Label: "Whose records were asked for"}}},
	{KindSARExtension, AreaComplaints, "Subject access request extended", "The council said it needed more time to answer the records request.", nil},
	{KindSARResponse, AreaComplaints, "Subject access request answered", "The council sent the records, or its answer to the request.", []AttrSpec{attrComplete}},
	{KindJRLetterBeforeClaim, AreaComplaints, "Judicial review letter before claim", "A formal letter warning the council of a judicial review claim.", nil},
	{KindJRResponse, AreaComplaints, "Reply to the letter before claim", "The council replied to the letter before claim.", nil},

	{KindDecision, AreaOther, "Decision", "A decision by the council that the family may want to challenge.",
		[]AttrSpec{{Name: "description", Type: AttrString, Label: "What was decided"}}},
	{KindOther, AreaOther, "Something else", "Anything else worth recording.", nil},
}

var kindIndex = func() map[Kind]*KindInfo {
	m := make(map[Kind]*KindInfo, len(kinds))
	for i := range kinds {
		m[kinds[i].Kind] = &kinds[i]
	}
	return m
}()

// Kinds returns every event kind in the order people should see them.
func Kinds() []KindInfo {
	out := make([]KindInfo, len(kinds))
	copy(out, kinds)
	return out
}

// LookupKind returns the description of k, if k is a known kind.
func LookupKind(k Kind) (KindInfo, bool) {
	p, ok := kindIndex[k]
	if !ok {
		return KindInfo{}, false
	}
	return *p, true
}

// Valid reports whether k is one of the kinds of redress-case/1.
func (k Kind) Valid() bool { _, ok := kindIndex[k]; return ok }

// Label returns k in plain words, or k itself when unknown.
func (k Kind) Label() string {
	if p, ok := kindIndex[k]; ok {
		return p.Label
	}
	return string(k)
}

func kindNames() []string {
	out := make([]string, 0, len(kinds))
	for _, k := range kinds {
		out = append(out, string(k.Kind))
	}
	sort.Strings(out)
	return out
}
