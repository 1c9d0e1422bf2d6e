package letters

import (
	"strings"

	"github.com/redress-app/redress/casefile"
)

// Party is a sender or a recipient: a name, then the lines printed under it
// (organisation, address, email) exactly as given.
type Party struct {
	Name  string
	Lines []string
}

// Letter is a drafted letter, ready to render: every renderer prints the same
// words in the same order, so a PDF, a DOCX and the plain text of one Letter
// say the same thing.
type Letter struct {
	Kind      Kind
	Procedure Procedure // for stage 1-3 letters; "" otherwise
	Title     string    // the heading
	From      Party
	To        Party
	Date      casefile.Date
	Reference string // the sender's reference; may be empty
	Body      []Block
	// Enclosures lists what goes with the letter.
	Enclosures []string
	// Sources is the schedule of sources, in the order the letter first cites them.
	Sources []Source
	// Checkpoint is the vault's checkpoint for the case when the letter was
	// drafted, printed in the footer of every page.
	Checkpoint string
	// Warnings are for the person drafting, never printed: things to check
	// before sending (an unverified citation, a procedure not yet complete).
	Warnings []string
	// JR is, for a letter before claim, the judicial review time limit it
	// states and whether it asks for a reply sooner than the Protocol's usual
	// 14 days; nil for other letters, or when no act challenged has a date.
	JR *JRTime

	cites []citeUse // the citations the body printed, for tests
}

// BlockKind says what a Block is.
type BlockKind int

// The kinds of block a letter body is made of.
const (
	Heading   BlockKind = iota + 1 // a section heading: Text
	Paragraph                      // a paragraph: an optional bold Label, then Text
	Bullets                        // an unnumbered list: Items
	Point                          // a numbered point: Number, Title, Body (paragraphs and checks)
	Check                          // a part a solicitor must check before sending: Text
	Signature                      // the sender's name under the closing, after room to sign: Text
)

// String returns the kind's name, for tests and debugging.
func (k BlockKind) String() string {
	switch k {
	case Heading:
		return "heading"
	case Paragraph:
		return "paragraph"
	case Bullets:
		return "bullets"
	case Point:
		return "point"
	case Check:
		return "check"
	case Signature:
		return "signature"
	}
	return "block?"
}

// Block is one piece of a letter's body.
type Block struct {
	Kind   BlockKind
	Text   string
	Label  string   // Paragraph: a lead-in printed in bold ("What happened:")
	Items  []string // Bullets
	Number int      // Point: 1, 2, ...
	Title  string   // Point
	Body   []Block  // Point
}

// CheckLabel starts every part of a letter that a solicitor must check.
const CheckLabel = "SOLICITOR TO CHECK:"

// Source is one entry in a letter's schedule of sources.
type Source struct {
	casefile.Citation
	// NotInReference marks a source the letter relies on that is not in
	// Redress's legal reference (REFERENCE.md), such as UK GDPR Article 16; it
	// is always shown as unverified.
	NotInReference bool
}

// Name returns the source and, when given, where in it: "UK GDPR, Article 15".
func (s Source) Name() string {
	if s.Where == "" {
		return s.Source
	}
	return s.Source + ", " + s.Where
}

// Status returns the schedule line about the source's legal status and
// verification, in plain words.
func (s Source) Status() string {
	line := "Legal status: " + legalStatusWords(s.LegalStatus) + ". Verification: " + verificationWords(s.Verification) + "."
	if s.NotInReference {
		line += " Not in Redress’s legal reference."
	}
	return line
}

// Footer returns the line printed at the foot of every page, before the page number.
func (l *Letter) Footer() string {
	var parts []string
	if l.Reference != "" {
		parts = append(parts, "Ref: "+l.Reference)
	}
	if l.Checkpoint != "" {
		parts = append(parts, "Record checkpoint: "+l.Checkpoint)
	}
	return strings.Join(parts, "  ·  ")
}

// DateLine returns the letter's date as printed: "6 November 2025".
func (l *Letter) DateLine() string { return l.Date.Long() }

// Points returns the number of numbered points in the letter.
func (l *Letter) Points() int {
	n := 0
	for _, b := range l.Body {
		if b.Kind == Point {
			n++
		}
	}
	return n
}
