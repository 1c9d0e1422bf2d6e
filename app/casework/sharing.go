package casework

import (
	"slices"
	"strings"

	"github.com/redress-app/redress/casefile"
)

// SharingSource is one source of the sharing warning, with its legal status
// and verification as REFERENCE.md section 13.8 (fam-s12-pd12g) labels it.
type SharingSource struct {
	Cite         string
	Status       string // statute, rules of court, practice direction, Parliament
	Verification string // verified-primary, verified-secondary, unverified
	URL          string
}

// SharingWarning is what a parent is told before a case with care
// proceedings leaves the vault (a pack, chronology, bundle, letter or case
// file): who the law lets them share it with, and for what. It blocks
// nothing. The command line prints Text; the desktop shows the same words.
type SharingWarning struct {
	Heading    string
	Paragraphs []string
	Sources    []SharingSource
	Reference  string // where the sources are recorded
}

// careProceedingsKinds are the event kinds that mean a case is in care
// proceedings.
var careProceedingsKinds = []casefile.Kind{casefile.KindCareProceedingsIssue}

// InCareProceedings reports whether the case records care proceedings.
func InCareProceedings(c *casefile.Case) bool {
	if c == nil {
		return false
	}
	for _, e := range c.Events {
		for _, k := range careProceedingsKinds {
			if e.Kind == k {
				return true
			}
		}
	}
	return false
}

// SharingWarningFor returns the warning for c, and false when the case
// records no care proceedings (then there is nothing to say).
func SharingWarningFor(c *casefile.Case) (SharingWarning, bool) {
	if !InCareProceedings(c) {
		return SharingWarning{}, false
	}
	return sharingWarning, true
}

// conferenceKinds are the event kinds that mean the family has, or will
// have, conference minutes and reports.
var conferenceKinds = []casefile.Kind{casefile.KindICPC, casefile.KindReviewConference}

// HasConference reports whether the case records a child protection
// conference (initial or review), whose minutes and reports are usually
// marked confidential by the council or the local safeguarding partnership.
func HasConference(c *casefile.Case) bool {
	if c == nil {
		return false
	}
	for _, e := range c.Events {
		if slices.Contains(conferenceKinds, e.Kind) {
			return true
		}
	}
	return false
}

// ConfidentialityWarningFor returns the local confidentiality warning for
// c, and false when there is nothing to say: a case with care proceedings
// gets SharingWarningFor instead, and a case without a conference has no
// conference minutes or reports to warn about.
func ConfidentialityWarningFor(c *casefile.Case) (SharingWarning, bool) {
	if InCareProceedings(c) || !HasConference(c) {
		return SharingWarning{}, false
	}
	return confidentialityWarning, true
}

// WarningBeforeSharing is the warning shown before anything of c leaves the
// vault: the care-proceedings warning when the case records proceedings,
// else the local confidentiality warning when it records a conference, else
// none (false).
func WarningBeforeSharing(c *casefile.Case) (SharingWarning, bool) {
	if w, ok := SharingWarningFor(c); ok {
		return w, true
	}
	return ConfidentialityWarningFor(c)
}

// The local confidentiality warning. No law or guidance on it is recorded
// in REFERENCE.md, so it cites none: it tells the parent to read the
// document's own marking and the local procedures, and says that Redress has
// not checked them.
var confidentialityWarning = SharingWarning{
	Heading: "Before you share: conference minutes and reports",
	Paragraphs: []string{
		"This case records a child protection conference. Conference minutes and the reports written for a conference " +
			"are usually marked confidential by the council or the local safeguarding partnership, often with a note of who they may be shared with.",
		"Before you share them, read what the minutes or report say about it on their first or last page, " +
			"and, if you are unsure, ask the conference chair or a lawyer.",
		"Redress has not checked your area's rules on this: they come from the local safeguarding partnership's procedures, not from a law Redress has verified. " +
			"This is a warning, not a block: Redress will still do what you asked.",
	},
	Sources: []SharingSource{
		{"Your local safeguarding partnership's child protection procedures, and the marking on the minutes or report itself (not seen)", "local procedure", "unverified", ""},
	},
	Reference: "no source recorded in REFERENCE.md: local procedures differ",
}

// The words, from REFERENCE.md section 13.8 only. Nothing here goes beyond
// what that section records, and what it marks unverified is said to be
// unverified.
var sharingWarning = SharingWarning{
	Heading: "Before you share: this case records care proceedings",
	Paragraphs: []string{
		"Care proceedings are heard in private. The law limits who you may give information from them to. " +
			"Publishing information from private proceedings under the Children Act 1989 can be contempt of court, " +
			"even when it is about your own family (Administration of Justice Act 1960, section 12(1)(a)).",
		"You may give it to: a party to the proceedings; the legal representative of a party; a professional legal adviser; " +
			"and Cafcass, the welfare officer and the legal aid authorities (Family Procedure Rules, rule 12.73(1)(a); the rest of that list was not seen).",
		"You may also give any information about the proceedings to a lay adviser, a McKenzie Friend, an Independent Domestic Violence Adviser " +
			"or Independent Sexual Violence Adviser, or a person arranging or providing pro bono legal services, " +
			"to get advice or help with the proceedings (Practice Direction 12G, paragraph 2.1).",
		"Your MP: a Minister told the House of Commons in 2014 that the rules were updated to include MPs, but Redress has not seen " +
			"that row of Practice Direction 12G. The Ombudsman: not checked at all. For these, and for anyone else " +
			"(a support group, a friend, social media, the press), check Practice Direction 12G or ask your lawyer or the court first.",
		"A court order itself may be published unless the court has prohibited it (Administration of Justice Act 1960, section 12(2)).",
		"Safest: share only with your lawyer, a lay adviser or a McKenzie Friend, for advice. This is a warning, not a block: Redress will still do what you asked.",
	},
	Sources: []SharingSource{
		{"Administration of Justice Act 1960, section 12(1)(a) and 12(2)", "statute", "verified-primary", "http://www.legislation.gov.uk/ukpga/Eliz2/8-9/65/section/12?timeline=false&view=plain"},
		{"Family Procedure Rules 2010, rule 12.73(1)(a) (2013 version)", "rules of court", "verified-primary", "https://legislation.gov.uk/uksi/2010/2955/part/12/chapter/7/2013-06-24/data.htm"},
		{"Practice Direction 12G, paragraph 2.1", "practice direction", "verified-primary", "http://www.justice.gov.uk/courts/procedure-rules/family/practice_directions/pd_part_12g"},
		{"MPs: Henry Bellingham MP, House of Commons, 18 March 2014 (the Practice Direction's row not seen)", "Parliament (Hansard)", "verified-secondary", "https://hansard.parliament.uk/Commons/2014-03-18/debates/14031864000001/PointsOfOrder"},
		{"The Ombudsman: not seen", "", "unverified", ""},
	},
	Reference: "REFERENCE.md section 13.8 (fam-s12-pd12g)",
}

// Text is the warning as plain text, wrapped at 78 columns, with each
// source's status and verification.
func (w SharingWarning) Text() string {
	var b strings.Builder
	b.WriteString(strings.ToUpper(w.Heading) + "\n\n")
	for _, p := range w.Paragraphs {
		b.WriteString(wrap(p, 78) + "\n\n")
	}
	b.WriteString("Sources (" + w.Reference + "):\n")
	for _, s := range w.Sources {
		line := "- " + s.Cite
		if s.Status != "" {
			line += "; " + s.Status
		}
		line += "; " + s.Verification
		if s.URL != "" {
			line += "; " + s.URL
		}
		b.WriteString(line + "\n")
	}
	return b.String()
}

func wrap(s string, width int) string {
	var b strings.Builder
	n := 0
	for i, w := range strings.Fields(s) {
		if i > 0 {
			if n+1+len(w) > width {
				b.WriteByte('\n')
				n = 0
			} else {
				b.WriteByte(' ')
				n++
			}
		}
		b.WriteString(w)
		n += len(w)
	}
	return b.String()
}
