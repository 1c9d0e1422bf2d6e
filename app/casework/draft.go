package casework

import (
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
// (store.Letter.Content): letters.StoredFormat, where the format lives.
const DraftFormat = letters.StoredFormat

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

// Content returns the draft as the vault stores it (letters.Stored): stable
// JSON (the same draft always gives the same bytes).
func (d *Draft) Content() ([]byte, error) {
	st := letters.Stored{AsOf: d.AsOf, Request: d.Request, Letter: d.Letter, Edited: d.Edited, Polished: d.Polished, SentEvent: d.SentEvent}
	return st.Encode()
}

// DecodeDraft reads a draft from a stored letter: its content strictly
// (letters.DecodeStored: unknown fields, another format, a letter whose text
// does not parse are errors matching casefile.ErrInvalidCase), and its vault
// metadata.
func DecodeDraft(sl store.Letter) (*Draft, error) {
	st, err := letters.DecodeStored(sl.Content)
	if err != nil {
		return nil, fmt.Errorf("letter %s version %d: %w", sl.ID, sl.Version, err)
	}
	return &Draft{
		ID: sl.ID, Version: sl.Version, Saved: sl.Saved, Status: sl.Status, Sent: sl.Sent, SentEvent: st.SentEvent,
		AsOf: st.AsOf, Request: st.Request, Letter: st.Letter, Edited: st.Edited, Polished: st.Polished,
	}, nil
}
