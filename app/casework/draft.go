package casework

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/letters"
	"github.com/redress-app/redress/store"
)

// DraftFormat is the "format" of a letter draft as the vault keeps it
// (store.Letter.Content).
const DraftFormat = "redress-letter/1"

// ErrSent is returned when a change is asked of a letter that has been sent:
// it stays as it was sent; draft a new letter instead.
var ErrSent = errors.New("the letter has been sent, so it cannot be changed")

// Draft is a letter as the vault keeps it: what it was built from (Request,
// so that it can be rebuilt after its outcomes or other inputs are edited),
// and the letter itself (Letter, as built or as edited since), which is what
// is rendered. Each save is a new version in the vault.
type Draft struct {
	// ID, Version and Saved are set by the vault.
	ID      string
	Version uint64
	Saved   time.Time
	// Status is store.LetterDraft or store.LetterSent; Sent is the day it was
	// sent and SentEvent the event that records it ("" for a request to
	// correct records, which has no event kind).
	Status    string
	Sent      casefile.Date
	SentEvent string

	// AsOf is the date the checks were run as of when the letter was built.
	AsOf casefile.Date
	// Request is what the letter was built from. Its Case is nil: Rebuild
	// takes the case as it stands.
	Request letters.Request
	// Letter is the letter to render: as built, or as edited since.
	Letter *letters.Letter
	// Edited is set when the letter's words were changed after it was built
	// (SetText, or AI help): Rebuild would replace them.
	Edited bool
	// Polished is set when AI help reworded the letter and the reply passed
	// every check.
	Polished bool
}

// Text returns the letter's title and body in the letter markup, for editing.
func (d *Draft) Text() string { return d.Letter.Markup() }

// SetText replaces the letter's title and body with the edited markup text.
// A mistake in it is an error (wrapping letters.ErrRequest) naming the line,
// and the draft is unchanged.
func (d *Draft) SetText(markup string) error {
	if d.Status == store.LetterSent {
		return ErrSent
	}
	if err := d.Letter.SetMarkup(markup); err != nil {
		return err
	}
	d.Edited = true
	return nil
}

// Rebuild builds the letter again from d.Request and the case as it stands
// now (after the outcomes or other inputs were edited), replacing any edits
// to its words. The request's events and findings must still be in the case.
func (d *Draft) Rebuild(c *casefile.Case) error {
	if d.Status == store.LetterSent {
		return ErrSent
	}
	req := d.Request
	req.Case = c
	l, err := letters.Build(req)
	if err != nil {
		return err
	}
	d.Letter, d.Edited, d.Polished = l, false, false
	return nil
}

// Format is an output format for a letter.
type Format string

// The output formats.
const (
	PDF  Format = "pdf"
	DOCX Format = "docx"
	Text Format = "txt"
)

// ParseFormat returns the format named s.
func ParseFormat(s string) (Format, error) {
	switch f := Format(strings.ToLower(strings.TrimPrefix(s, "."))); f {
	case PDF, DOCX, Text:
		return f, nil
	}
	return "", fmt.Errorf("%w: unknown format %q (want pdf, docx or txt)", letters.ErrRequest, s)
}

// FormatOf returns the format a file name's extension asks for: .pdf, .docx,
// .txt (or .text); anything else means PDF.
func FormatOf(path string) Format {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".docx":
		return DOCX
	case ".txt", ".text":
		return Text
	}
	return PDF
}

// Render writes the draft's letter in format f. The same draft always gives
// the same bytes (the documents are dated with the letter's date).
func (d *Draft) Render(w io.Writer, f Format) error {
	return Render(w, d.Letter, f)
}

// Render writes l in format f.
func Render(w io.Writer, l *letters.Letter, f Format) error {
	switch f {
	case PDF:
		return letters.WritePDF(w, l, letters.PDFOptions{})
	case DOCX:
		return letters.WriteDOCX(w, l, letters.DOCXOptions{})
	case Text:
		return letters.WriteText(w, l)
	}
	return fmt.Errorf("render letter: %w: unknown format %q", letters.ErrRequest, f)
}

// The stored form of a draft (DraftFormat): stable JSON, with unknown fields
// refused when it is read back.
type draftJSON struct {
	Format    string        `json:"format"`
	AsOf      casefile.Date `json:"as_of,omitzero"`
	Request   requestJSON   `json:"request"`
	Letter    letterJSON    `json:"letter"`
	Edited    bool          `json:"edited,omitempty"`
	Polished  bool          `json:"polished,omitempty"`
	SentEvent string        `json:"sent_event,omitempty"`
}

type partyJSON struct {
	Name  string   `json:"name"`
	Lines []string `json:"lines,omitempty"`
}

type deadlineJSON struct {
	Date     casefile.Date     `json:"date"`
	Received casefile.Date     `json:"received,omitzero"`
	Rule     string            `json:"rule"`
	Citation casefile.Citation `json:"citation"`
}

type correctionJSON struct {
	Record   string `json:"record"`
	Says     string `json:"says,omitempty"`
	Correct  string `json:"correct,omitempty"`
	Evidence string `json:"evidence,omitempty"`
}

type requestJSON struct {
	Kind           letters.Kind       `json:"kind"`
	Procedure      letters.Procedure  `json:"procedure,omitempty"`
	Findings       []casefile.Finding `json:"findings,omitempty"`
	Events         []string           `json:"events,omitempty"`
	From           partyJSON          `json:"from"`
	To             partyJSON          `json:"to"`
	Date           casefile.Date      `json:"date,omitzero"`
	Reference      string             `json:"reference,omitempty"`
	TheirReference string             `json:"their_reference,omitempty"`
	Salutation     string             `json:"salutation,omitempty"`
	Outcomes       []string           `json:"outcomes,omitempty"`
	Deadline       *deadlineJSON      `json:"deadline,omitempty"`
	Enclosures     []string           `json:"enclosures,omitempty"`
	Checkpoint     string             `json:"checkpoint,omitempty"`
	Unresolved     map[string]string  `json:"unresolved,omitempty"`
	Corrections    []correctionJSON   `json:"corrections,omitempty"`
	Matter         string             `json:"matter,omitempty"`
	Information    []string           `json:"information,omitempty"`
	Impact         []string           `json:"impact,omitempty"`
}

type sourceJSON struct {
	casefile.Citation
	NotInReference bool `json:"not_in_reference,omitempty"`
}

type letterJSON struct {
	Kind       letters.Kind      `json:"kind"`
	Procedure  letters.Procedure `json:"procedure,omitempty"`
	From       partyJSON         `json:"from"`
	To         partyJSON         `json:"to"`
	Date       casefile.Date     `json:"date,omitzero"`
	Reference  string            `json:"reference,omitempty"`
	Text       string            `json:"text"` // the title and body in the letter markup
	Enclosures []string          `json:"enclosures,omitempty"`
	Sources    []sourceJSON      `json:"sources,omitempty"`
	Checkpoint string            `json:"checkpoint,omitempty"`
	Warnings   []string          `json:"warnings,omitempty"`
	JR         *jrJSON           `json:"jr,omitempty"`
}

// jrJSON is letters.JRTime: what a letter before claim says about the
// judicial review time limit, kept so that a saved draft can still show it.
type jrJSON struct {
	Limit      casefile.Date `json:"limit"`
	Act        string        `json:"act,omitempty"`
	ActDate    casefile.Date `json:"act_date,omitzero"`
	Ground     int           `json:"ground,omitempty"`
	Counted    bool          `json:"counted,omitempty"`
	Expired    bool          `json:"expired,omitempty"`
	Reply      casefile.Date `json:"reply,omitzero"`
	ShortReply bool          `json:"short_reply,omitempty"`
	ReplyBy    casefile.Date `json:"reply_by,omitzero"`
	LiveLimit  casefile.Date `json:"live_limit,omitzero"`
}

func toPartyJSON(p letters.Party) partyJSON { return partyJSON(p) }

func (p partyJSON) party() letters.Party { return letters.Party(p) }

// Content returns the draft as the vault stores it: stable JSON (the same
// draft always gives the same bytes).
func (d *Draft) Content() ([]byte, error) {
	if d.Letter == nil {
		return nil, errors.New("encode letter draft: no letter")
	}
	r := d.Request
	rj := requestJSON{
		Kind: r.Kind, Procedure: r.Procedure, Findings: r.Findings, Events: r.Events,
		From: toPartyJSON(r.From), To: toPartyJSON(r.To), Date: r.Date,
		Reference: r.Reference, TheirReference: r.TheirReference, Salutation: r.Salutation,
		Outcomes: r.Outcomes, Enclosures: r.Enclosures, Checkpoint: r.Checkpoint, Unresolved: r.Unresolved,
		Matter: r.Matter, Information: r.Information, Impact: r.Impact,
	}
	if !r.Deadline.Date.IsZero() {
		rj.Deadline = &deadlineJSON{Date: r.Deadline.Date, Received: r.Deadline.Received, Rule: r.Deadline.Rule, Citation: r.Deadline.Citation}
	}
	for _, c := range r.Corrections {
		rj.Corrections = append(rj.Corrections, correctionJSON(c))
	}
	l := d.Letter
	lj := letterJSON{
		Kind: l.Kind, Procedure: l.Procedure, From: toPartyJSON(l.From), To: toPartyJSON(l.To), Date: l.Date,
		Reference: l.Reference, Text: l.Markup(), Enclosures: l.Enclosures, Checkpoint: l.Checkpoint, Warnings: l.Warnings,
	}
	for _, s := range l.Sources {
		lj.Sources = append(lj.Sources, sourceJSON{Citation: s.Citation, NotInReference: s.NotInReference})
	}
	if l.JR != nil {
		j := jrJSON(*l.JR)
		lj.JR = &j
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(draftJSON{Format: DraftFormat, AsOf: d.AsOf, Request: rj, Letter: lj,
		Edited: d.Edited, Polished: d.Polished, SentEvent: d.SentEvent}); err != nil {
		return nil, fmt.Errorf("encode letter draft: %w", err)
	}
	return buf.Bytes(), nil
}

// DecodeDraft reads a draft from a stored letter: its content strictly
// (unknown fields, another format, a letter whose text does not parse are
// errors matching casefile.ErrInvalidCase), and its vault metadata.
func DecodeDraft(sl store.Letter) (*Draft, error) {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("letter %s version %d: %s: %w", sl.ID, sl.Version, fmt.Sprintf(format, args...), casefile.ErrInvalidCase)
	}
	dec := json.NewDecoder(bytes.NewReader(sl.Content))
	dec.DisallowUnknownFields()
	var dj draftJSON
	if err := dec.Decode(&dj); err != nil {
		return nil, bad("%v", err)
	}
	if dec.More() {
		return nil, bad("more than one JSON value")
	}
	if dj.Format != DraftFormat {
		return nil, bad("format %q, not %q", dj.Format, DraftFormat)
	}
	rj := dj.Request
	if _, err := letters.ParseKind(string(rj.Kind)); err != nil {
		return nil, bad("%v", err)
	}
	if dj.Letter.Date.IsZero() {
		return nil, bad("the letter has no date")
	}
	req := letters.Request{
		Kind: rj.Kind, Procedure: rj.Procedure, Findings: rj.Findings, Events: rj.Events,
		From: rj.From.party(), To: rj.To.party(), Date: rj.Date,
		Reference: rj.Reference, TheirReference: rj.TheirReference, Salutation: rj.Salutation,
		Outcomes: rj.Outcomes, Enclosures: rj.Enclosures, Checkpoint: rj.Checkpoint, Unresolved: rj.Unresolved,
		Matter: rj.Matter, Information: rj.Information, Impact: rj.Impact,
	}
	if rj.Deadline != nil {
		req.Deadline = letters.Deadline{Date: rj.Deadline.Date, Received: rj.Deadline.Received, Rule: rj.Deadline.Rule, Citation: rj.Deadline.Citation}
	}
	for _, c := range rj.Corrections {
		req.Corrections = append(req.Corrections, letters.Correction(c))
	}
	lj := dj.Letter
	l := &letters.Letter{
		Kind: lj.Kind, Procedure: lj.Procedure, From: lj.From.party(), To: lj.To.party(), Date: lj.Date,
		Reference: lj.Reference, Enclosures: lj.Enclosures, Checkpoint: lj.Checkpoint, Warnings: lj.Warnings,
	}
	if err := l.SetMarkup(lj.Text); err != nil {
		return nil, bad("%v", err)
	}
	for _, s := range lj.Sources {
		l.Sources = append(l.Sources, letters.Source{Citation: s.Citation, NotInReference: s.NotInReference})
	}
	if lj.JR != nil {
		j := letters.JRTime(*lj.JR)
		l.JR = &j
	}
	return &Draft{
		ID: sl.ID, Version: sl.Version, Saved: sl.Saved, Status: sl.Status, Sent: sl.Sent, SentEvent: dj.SentEvent,
		AsOf: dj.AsOf, Request: req, Letter: l, Edited: dj.Edited, Polished: dj.Polished,
	}, nil
}
