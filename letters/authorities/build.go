package authorities

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/letters/bundle"
)

// The sections of an authorities bundle, and the ID of the table of
// authorities in its manifest.
const (
	IndexSection = "A"
	TextsSection = "B"
	TableID      = "redress-table-of-authorities"
)

// Spec is everything an authorities bundle is built from.
type Spec struct {
	Title      string // printed on every page and as the PDF's title
	Case       string // the case's title
	Authority  string // the local authority
	CaseRef    string // how the command line names the case (its ID), for the import command printed
	Date       casefile.Date
	Created    time.Time // recorded in the manifest (UTC)
	AsOf       casefile.Date
	Checkpoint string
	// Authorities are the authorities in the order Collect gives, with their
	// texts attached (Attach).
	Authorities []Authority
	// Journal is passed to the manifest as bundle.Bundle.Journal is, so that
	// redress verify can check the record the texts came from.
	Journal []json.RawMessage
	// Notes are said in the pre-flight report.
	Notes []string
}

// Built is an authorities bundle ready to write.
type Built struct {
	// Plan is the bundle's plan, already written: its Report is the
	// pre-flight.
	Plan *bundle.Plan
	// Pages are the bundle pages of each text, by item ID ("B1–B12"), as
	// the table of authorities prints them.
	Pages map[string]string
	spec  *Spec
	ex    map[string]bundle.Exhibit
	pdf   []byte         // the PDF, made by Prepare
	res   *bundle.Result // what Plan.Write said of it
}

// ErrPagesMoved reports a bundle whose texts did not land on the pages the
// table of authorities says they are on.
var ErrPagesMoved = errors.New("the texts did not land on the pages the table of authorities gives")

// Index returns the table of authorities as plain text, line by line as it
// is printed (without the wrapping), for golden tests and the command line.
func (b *Built) Index() string { return b.spec.indexText(b.ex) }

// maxPasses bounds the layouts Prepare tries before it gives up.
const maxPasses = 5

// Prepare lays out and makes the authorities bundle: section A the linked
// index and the table of authorities, section B the texts in the table's
// order. The table prints the texts' pages, which it can know only once
// they are laid out, and which could move with the table's own length were
// the bundle numbered straight through; so the texts are laid out first on
// their own, then the whole bundle is made with the table drawn from what
// the last layout gave, until the texts land where the table says (with
// section labels, at once). The PDF of that last layout is kept in memory
// for Write: an authorities bundle is small.
func Prepare(ctx context.Context, s *Spec, opt bundle.Options) (*Built, error) {
	texts := bundle.Section{Label: TextsSection, Title: "The authorities, as you imported them"}
	n := 0
	for _, a := range s.Authorities {
		for i, t := range a.Texts {
			it := *t
			it.Title = a.Citation
			if len(a.Texts) > 1 {
				it.Title = fmt.Sprintf("%s (%d of %d)", a.Citation, i+1, len(a.Texts))
			}
			if st := a.LegalStatus(); st != "" {
				it.Author = st
			} else if it.Author == "" {
				it.Author = "authority"
			}
			texts.Parts = append(texts.Parts, bundle.Part{Kind: bundle.Document, Item: &it})
			n++
		}
	}
	if n == 0 {
		texts.Note = "you have not imported the text of any authority yet: the table of authorities says how"
	}
	quiet := bundle.Options{PageLimit: opt.PageLimit, MaxItemSize: opt.MaxItemSize}
	ex := map[string]bundle.Exhibit{}
	if n > 0 {
		first := &bundle.Bundle{Title: s.Title, Case: s.Case, Authority: s.Authority, Date: s.Date, Created: s.Created,
			Checkpoint: s.Checkpoint, Sections: []bundle.Section{texts}}
		plan, err := bundle.Prepare(ctx, first, quiet)
		if err != nil {
			return nil, err
		}
		res, err := plan.Write(ctx, io.Discard)
		if err != nil {
			return nil, err
		}
		ex = exhibits(res.Manifest)
	}
	for pass := 0; pass < maxPasses; pass++ {
		table, err := s.tablePDF(ex)
		if err != nil {
			return nil, err
		}
		tableItem := &bundle.Item{ID: TableID, Title: TableTitle, Author: "Redress", Name: "table-of-authorities.pdf",
			Type: "application/pdf", Size: int64(len(table)), Generated: true,
			Open: func(context.Context) (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(table)), nil }}
		b := &bundle.Bundle{
			Title: s.Title, Case: s.Case, Authority: s.Authority, Date: s.Date, Created: s.Created,
			Checkpoint: s.Checkpoint, AsOf: s.AsOf, Journal: s.Journal, Notes: s.Notes,
			Sections: []bundle.Section{
				{Label: IndexSection, Title: "Index and table of authorities", Parts: []bundle.Part{{Kind: bundle.Index}, {Kind: bundle.Document, Item: tableItem}}},
				texts,
			},
		}
		plan, err := bundle.Prepare(ctx, b, opt)
		if err != nil {
			return nil, err
		}
		var buf bytes.Buffer
		res, err := plan.Write(ctx, &buf)
		if err != nil {
			return nil, err
		}
		got := exhibits(res.Manifest)
		delete(got, TableID)
		if samePages(got, ex) {
			pages := map[string]string{}
			for id, e := range ex {
				pages[id] = pagesOf(e)
			}
			return &Built{Plan: plan, Pages: pages, spec: s, ex: ex, pdf: buf.Bytes(), res: res}, nil
		}
		ex = got
	}
	return nil, ErrPagesMoved
}

// exhibits returns a manifest's exhibits by ID.
func exhibits(m *bundle.Manifest) map[string]bundle.Exhibit {
	out := map[string]bundle.Exhibit{}
	if m != nil {
		for _, e := range m.Exhibits {
			out[e.ID] = e
		}
	}
	return out
}

// samePages reports whether two layouts put every text on the same pages,
// shown the same way.
func samePages(a, b map[string]bundle.Exhibit) bool {
	if len(a) != len(b) {
		return false
	}
	for id, e := range a {
		f, ok := b[id]
		if !ok || e.First != f.First || e.Last != f.Last || e.Shown != f.Shown {
			return false
		}
	}
	return true
}

// Write writes the bundle's PDF, made by Prepare, to w.
func (b *Built) Write(ctx context.Context, w io.Writer) (*bundle.Result, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if _, err := w.Write(b.pdf); err != nil {
		return nil, fmt.Errorf("write the authorities bundle: %w", err)
	}
	return b.res, nil
}
