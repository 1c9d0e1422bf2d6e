package letters

import (
	"fmt"
	"strings"

	"github.com/redress-app/redress/casefile"
)

// Kind names the kind of letter (DESIGN section 6).
type Kind string

// The letter kinds.
const (
	Stage1        Kind = "stage1"        // complaint, stage 1
	Stage2        Kind = "stage2"        // request to move a complaint to stage 2
	Stage3        Kind = "stage3"        // request for a stage 3 review panel
	LGSCO         Kind = "lgsco"         // complaint to the Local Government and Social Care Ombudsman
	SAR           Kind = "sar"           // subject access request (UK GDPR Art 15)
	SARChase      Kind = "sar-chase"     // chaser for a subject access request already made
	ICO           Kind = "ico"           // complaint to the Information Commissioner about a subject access request
	Rectification Kind = "rectification" // request to correct records (UK GDPR Art 16)
	JRLetter      Kind = "jr-lbc"        // judicial review letter before claim
)

var kinds = []Kind{Stage1, Stage2, Stage3, LGSCO, SAR, SARChase, ICO, Rectification, JRLetter}

// Kinds returns every letter kind in the order people should see them.
func Kinds() []Kind { return append([]Kind(nil), kinds...) }

// ParseKind returns the kind named s.
func ParseKind(s string) (Kind, error) {
	for _, k := range kinds {
		if string(k) == s {
			return k, nil
		}
	}
	return "", fmt.Errorf("unknown letter kind %q (want one of %s)", s, kindList())
}

func kindList() string {
	names := make([]string, len(kinds))
	for i, k := range kinds {
		names[i] = string(k)
	}
	return strings.Join(names, ", ")
}

// Staged reports whether k is a stage of a complaints procedure, and so takes a Procedure.
func (k Kind) Staged() bool { return k == Stage1 || k == Stage2 || k == Stage3 }

// Stage returns the complaint stage of k (1, 2 or 3), or 0 when k is not a stage.
func (k Kind) Stage() int {
	switch k {
	case Stage1:
		return 1
	case Stage2:
		return 2
	case Stage3:
		return 3
	}
	return 0
}

// NeedsFindings reports whether a letter of kind k must have at least one finding:
// complaints and the letter before claim are built from them (a letter before
// claim may instead name the acts it challenges: Request.Challenge); the data
// protection letters are not.
func (k Kind) NeedsFindings() bool { return !k.DataProtection() }

// DataProtection reports whether k is one of the data protection letters,
// which list no findings: a subject access request, its chaser, a complaint
// to the Information Commissioner and a request to correct records.
func (k Kind) DataProtection() bool {
	return k == SAR || k == SARChase || k == ICO || k == Rectification
}

// Label returns k in plain words.
func (k Kind) Label() string {
	switch k {
	case Stage1:
		return "Complaint (stage 1)"
	case Stage2:
		return "Stage 2 request"
	case Stage3:
		return "Review panel request (stage 3)"
	case LGSCO:
		return "Complaint to the Ombudsman"
	case SAR:
		return "Subject access request"
	case SARChase:
		return "Subject access request: chaser"
	case ICO:
		return "Complaint to the Information Commissioner"
	case Rectification:
		return "Request to correct records"
	case JRLetter:
		return "Letter before claim (judicial review)"
	}
	return string(k)
}

// SentEvent returns the event that records a letter of kind k, sent under
// procedure p, in the case: the one whose date starts the council's clock.
// ok is false for a rectification request, a chaser for a subject access
// request (it chases the request already recorded: recording a second
// sar-made would start a new month) and a complaint to the Information
// Commissioner, which have no event kind in redress-case/1.
func (k Kind) SentEvent(p Procedure) (kind casefile.Kind, attrs casefile.Attrs, ok bool) {
	switch k {
	case Stage1, Stage2, Stage3:
		a := casefile.Attrs{Stage: k.Stage()}
		if p != "" && p != Statutory {
			a.Procedure = string(p)
		}
		return casefile.KindComplaintMade, a, true
	case LGSCO:
		return casefile.KindLGSCOComplaint, casefile.Attrs{}, true
	case SAR:
		return casefile.KindSARMade, casefile.Attrs{}, true
	case JRLetter:
		return casefile.KindJRLetterBeforeClaim, casefile.Attrs{}, true
	}
	return "", casefile.Attrs{}, false
}

// Next returns the letter to offer when a letter of kind k, sent under
// procedure p, gets no answer in time or an answer that does not resolve it.
// The statutory procedure has three stages; a council's corporate procedure
// and a conference complaints procedure usually have two before the
// Ombudsman, but local procedures vary, so check them.
func (k Kind) Next(p Procedure) (Kind, bool) {
	switch k {
	case Stage1:
		return Stage2, true
	case Stage2:
		if p == "" || p == Statutory {
			return Stage3, true
		}
		return LGSCO, true
	case Stage3:
		return LGSCO, true
	}
	return "", false
}

// Procedure names the complaints procedure a stage 1-3 letter uses.
type Procedure string

// The complaints procedures (DESIGN section 6).
const (
	// Statutory is the Children Act 1989 representations procedure (SI 2006/1738).
	Statutory Procedure = "statutory"
	// Corporate is the council's own procedure, where section 47 matters go.
	Corporate Procedure = "corporate"
	// Conference is the safeguarding partnership's conference complaints procedure.
	Conference Procedure = "conference"
)

// ParseProcedure returns the procedure named s; "" means Statutory.
func ParseProcedure(s string) (Procedure, error) {
	switch Procedure(s) {
	case "", Statutory:
		return Statutory, nil
	case Corporate, Conference:
		return Procedure(s), nil
	}
	return "", fmt.Errorf("unknown complaints procedure %q (want statutory, corporate or conference)", s)
}
