package letters

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/redress-app/redress/casefile"
)

// StoredFormat is the "format" of a letter as the vault keeps it
// (store.Letter.Content), as casefile.Format is a case file's.
const StoredFormat = "redress-letter/1"

// Stored is a letter as the vault keeps it, in the redress-letter/1 format:
// what it was built from (Request, so that it can be rebuilt after its
// outcomes or other inputs are edited), the letter itself (Letter, as built or
// as edited since), and how it came to be. The vault's own metadata (id,
// version, when saved, sent) is not part of it.
type Stored struct {
	// AsOf is the date the checks were run as of when the letter was built.
	AsOf casefile.Date
	// Request is what the letter was built from. Its Case is nil.
	Request Request
	// Letter is the letter to render.
	Letter *Letter
	// Edited is set when the letter's words were changed after it was built.
	Edited bool
	// Polished is set when AI help reworded the letter and the reply passed
	// every check.
	Polished bool
	// SentEvent is the event that records the letter's sending, once sent.
	SentEvent string
}

// The stored form of a draft (StoredFormat): stable JSON, with unknown fields
// refused when it is read back.
type storedJSON struct {
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
	Kind           Kind               `json:"kind"`
	Procedure      Procedure          `json:"procedure,omitempty"`
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
	Challenge      []string           `json:"challenge,omitempty"`
	Chased         casefile.Date      `json:"chased,omitzero"`
	ForChild       bool               `json:"for_child,omitempty"`
}

type sourceJSON struct {
	casefile.Citation
	NotInReference bool `json:"not_in_reference,omitempty"`
}

type letterJSON struct {
	Kind       Kind          `json:"kind"`
	Procedure  Procedure     `json:"procedure,omitempty"`
	From       partyJSON     `json:"from"`
	To         partyJSON     `json:"to"`
	Date       casefile.Date `json:"date,omitzero"`
	Reference  string        `json:"reference,omitempty"`
	Text       string        `json:"text"` // the title and body in the letter markup
	Enclosures []string      `json:"enclosures,omitempty"`
	Sources    []sourceJSON  `json:"sources,omitempty"`
	Checkpoint string        `json:"checkpoint,omitempty"`
	Warnings   []string      `json:"warnings,omitempty"`
	JR         *jrJSON       `json:"jr,omitempty"`
}

// jrJSON is JRTime: what a letter before claim says about the
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

func toPartyJSON(p Party) partyJSON { return partyJSON(p) }

func (p partyJSON) party() Party { return Party(p) }

// Encode returns the letter as the vault stores it: stable JSON (the same
// letter always gives the same bytes).
func (s *Stored) Encode() ([]byte, error) {
	if s.Letter == nil {
		return nil, errors.New("encode letter draft: no letter")
	}
	r := s.Request
	rj := requestJSON{
		Kind: r.Kind, Procedure: r.Procedure, Findings: r.Findings, Events: r.Events,
		From: toPartyJSON(r.From), To: toPartyJSON(r.To), Date: r.Date,
		Reference: r.Reference, TheirReference: r.TheirReference, Salutation: r.Salutation,
		Outcomes: r.Outcomes, Enclosures: r.Enclosures, Checkpoint: r.Checkpoint, Unresolved: r.Unresolved,
		Matter: r.Matter, Information: r.Information, Impact: r.Impact,
		Challenge: r.Challenge, Chased: r.Chased, ForChild: r.ForChild,
	}
	if !r.Deadline.Date.IsZero() {
		rj.Deadline = &deadlineJSON{Date: r.Deadline.Date, Received: r.Deadline.Received, Rule: r.Deadline.Rule, Citation: r.Deadline.Citation}
	}
	for _, c := range r.Corrections {
		rj.Corrections = append(rj.Corrections, correctionJSON(c))
	}
	l := s.Letter
	lj := letterJSON{
		Kind: l.Kind, Procedure: l.Procedure, From: toPartyJSON(l.From), To: toPartyJSON(l.To), Date: l.Date,
		Reference: l.Reference, Text: l.Markup(), Enclosures: l.Enclosures, Checkpoint: l.Checkpoint, Warnings: l.Warnings,
	}
	for _, src := range l.Sources {
		lj.Sources = append(lj.Sources, sourceJSON(src))
	}
	if l.JR != nil {
		j := jrJSON(*l.JR)
		lj.JR = &j
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(storedJSON{Format: StoredFormat, AsOf: s.AsOf, Request: rj, Letter: lj,
		Edited: s.Edited, Polished: s.Polished, SentEvent: s.SentEvent}); err != nil {
		return nil, fmt.Errorf("encode letter draft: %w", err)
	}
	return buf.Bytes(), nil
}

// DecodeStored reads a stored letter strictly: unknown fields, another
// format, a letter whose text does not parse are errors matching
// casefile.ErrInvalidCase.
func DecodeStored(content []byte) (*Stored, error) {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%s: %w", fmt.Sprintf(format, args...), casefile.ErrInvalidCase)
	}
	dec := json.NewDecoder(bytes.NewReader(content))
	dec.DisallowUnknownFields()
	var dj storedJSON
	if err := dec.Decode(&dj); err != nil {
		return nil, bad("%v", err)
	}
	if dec.More() {
		return nil, bad("more than one JSON value")
	}
	if dj.Format != StoredFormat {
		return nil, bad("format %q, not %q", dj.Format, StoredFormat)
	}
	rj := dj.Request
	if _, err := ParseKind(string(rj.Kind)); err != nil {
		return nil, bad("%v", err)
	}
	if dj.Letter.Date.IsZero() {
		return nil, bad("the letter has no date")
	}
	req := Request{
		Kind: rj.Kind, Procedure: rj.Procedure, Findings: rj.Findings, Events: rj.Events,
		From: rj.From.party(), To: rj.To.party(), Date: rj.Date,
		Reference: rj.Reference, TheirReference: rj.TheirReference, Salutation: rj.Salutation,
		Outcomes: rj.Outcomes, Enclosures: rj.Enclosures, Checkpoint: rj.Checkpoint, Unresolved: rj.Unresolved,
		Matter: rj.Matter, Information: rj.Information, Impact: rj.Impact,
		Challenge: rj.Challenge, Chased: rj.Chased, ForChild: rj.ForChild,
	}
	if rj.Deadline != nil {
		req.Deadline = Deadline{Date: rj.Deadline.Date, Received: rj.Deadline.Received, Rule: rj.Deadline.Rule, Citation: rj.Deadline.Citation}
	}
	for _, c := range rj.Corrections {
		req.Corrections = append(req.Corrections, Correction(c))
	}
	lj := dj.Letter
	l := &Letter{
		Kind: lj.Kind, Procedure: lj.Procedure, From: lj.From.party(), To: lj.To.party(), Date: lj.Date,
		Reference: lj.Reference, Enclosures: lj.Enclosures, Checkpoint: lj.Checkpoint, Warnings: lj.Warnings,
	}
	if err := l.SetMarkup(lj.Text); err != nil {
		return nil, bad("%v", err)
	}
	for _, src := range lj.Sources {
		l.Sources = append(l.Sources, Source(src))
	}
	if lj.JR != nil {
		j := JRTime(*lj.JR)
		l.JR = &j
	}
	return &Stored{AsOf: dj.AsOf, Request: req, Letter: l, Edited: dj.Edited, Polished: dj.Polished, SentEvent: dj.SentEvent}, nil
}
