package casework

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/redress-app/redress/app/casework/chronology"
	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/documents"
	"github.com/redress-app/redress/letters"
	"github.com/redress-app/redress/letters/bundle"
	"github.com/redress-app/redress/letters/redact"
	"github.com/redress-app/redress/store"
)

// Redactor compiles a --redact SPEC (redact.SpecHelp) with the names of
// case c's record: the redactor every export of the case uses, so that the
// chronology, the letters and the bundle take out the same things.
func Redactor(c *casefile.Case, spec string) (*redact.Redactor, error) {
	s, err := redact.ParseSpec(spec)
	if err != nil {
		return nil, err
	}
	return RedactorFor(c, s)
}

// RedactorFor is Redactor with a spec already read (the desktop builds one
// from tick boxes).
func RedactorFor(c *casefile.Case, s redact.Spec) (*redact.Redactor, error) {
	return redact.New(s, redact.NamesOf(c))
}

// RedactChange is one change a redaction makes, for the preview: where it
// is (a page label, a chronology entry, a part of a letter), what is taken
// out and the words around it before and after.
type RedactChange struct {
	Page     string // "A3", "C12 (minutes.pdf, page 2)", "chronology: event e4", "letter"
	Category redact.Category
	Text     string // what is taken out
	Before   string
	After    string
}

// String is the change on one line, as the command line prints it.
func (c RedactChange) String() string {
	return fmt.Sprintf("%s: %s (%s)\n  before: %s\n  after:  %s", c.Page, c.Text, c.Category, c.Before, c.After)
}

// textChanges lists the changes r makes to text, all at where.
func textChanges(r *redact.Redactor, where, text string) []RedactChange {
	var out []RedactChange
	for _, ch := range r.Changes(text) {
		out = append(out, RedactChange{Page: where, Category: ch.Category, Text: ch.Text, Before: ch.Before, After: ch.After})
	}
	return out
}

// RedactRows returns the chronology with r's matches replaced in every
// column of words (what happened, who, status, sources, findings; never the
// date, the time or the entry's ID), and the changes made, row by row.
func RedactRows(r *redact.Redactor, rows []chronology.Row) ([]chronology.Row, []RedactChange) {
	out := make([]chronology.Row, len(rows))
	var changes []RedactChange
	for i, row := range rows {
		where := "chronology: " + row.Entry
		for _, f := range []*string{&row.What, &row.Who, &row.Status, &row.Sources, &row.Findings} {
			changes = append(changes, textChanges(r, where, *f)...)
			*f = r.Replace(*f)
		}
		out[i] = row
	}
	return out, changes
}

// RedactLetter returns a copy of l with r's matches replaced in every
// string it holds (the title, the parties, each paragraph, the sources),
// and the changes made. l is not changed: the letter in the vault stays as
// it was written.
func RedactLetter(r *redact.Redactor, l *letters.Letter) (*letters.Letter, []RedactChange) {
	if l == nil {
		return nil, nil
	}
	cp := *l
	var changes []RedactChange
	r.Strings(&cp, func(before, _ string) {
		changes = append(changes, textChanges(r, "letter", before)...)
	})
	return &cp, changes
}

// RenderRedacted writes d's letter in format f with r's matches taken out
// before layout, and returns the changes made.
func RenderRedacted(w io.Writer, d *Draft, f Format, r *redact.Redactor) ([]RedactChange, error) {
	l, changes := RedactLetter(r, d.Letter)
	if err := Render(w, l, f); err != nil {
		return nil, err
	}
	return changes, nil
}

// PreviewText is the preview as plain text, change by change, grouped by
// where they are: what the command line prints with --redact-preview.
func PreviewText(changes []RedactChange) string {
	if len(changes) == 0 {
		return "Nothing matches: nothing would be taken out.\n"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d change(s):\n", len(changes))
	for _, c := range changes {
		b.WriteString(c.String())
		b.WriteByte('\n')
	}
	return b.String()
}

// BundleRedaction asks PrepareBundle for a redacted bundle (BundleOptions.Redact).
type BundleRedaction struct {
	Redactor *redact.Redactor
	// Reader draws the pages to redact and reads words the vault does not
	// keep yet (a scan's need Tesseract).
	Reader *documents.Reader
}

// redactNotes returns a copy of c whose journal notes have r's matches
// taken out, for the bundle's notes section, and the changes made.
func redactNotes(r *redact.Redactor, c *casefile.Case) (*casefile.Case, []RedactChange) {
	cp := *c
	cp.Notes = slices.Clone(c.Notes)
	var changes []RedactChange
	for i := range cp.Notes {
		where := "the family's notes: note " + cp.Notes[i].ID
		r.Strings(&cp.Notes[i], func(before, _ string) {
			changes = append(changes, textChanges(r, where, before)...)
		})
	}
	return &cp, changes
}

// redactedLetterRenderer renders a stored letter as it was sent, with r's
// matches taken out before layout; changed collects the bundle item IDs of
// the letters that changed, and changes what was taken out of them.
func redactedLetterRenderer(r *redact.Redactor, changed map[string]bool, changes *[]RedactChange) func(store.Letter) ([]byte, error) {
	return func(l store.Letter) ([]byte, error) {
		d, err := DecodeDraft(l)
		if err != nil {
			return nil, err
		}
		var buf bytes.Buffer
		ch, err := RenderRedacted(&buf, d, PDF, r)
		if err != nil {
			return nil, err
		}
		if len(ch) > 0 {
			changed["letter-"+l.ID] = true
			for i := range ch {
				ch[i].Page = "letter " + l.ID + " (" + d.Letter.Title + ")"
			}
			*changes = append(*changes, ch...)
		}
		return buf.Bytes(), nil
	}
}

// startRedaction readies a bundle's redaction: the letters are rendered
// redacted, and the notes section is made from a redacted copy of the
// case's notes (returned). The rest is done by the bundle (finishRedaction).
func startRedaction(opt *BundleOptions, c *casefile.Case, st *redactState) *casefile.Case {
	if opt.Redact == nil {
		return c
	}
	st.changed = map[string]bool{}
	opt.RenderLetter = redactedLetterRenderer(opt.Redact.Redactor, st.changed, &st.changes)
	notes, ch := redactNotes(opt.Redact.Redactor, c)
	if len(ch) > 0 {
		st.changed[journalItemID] = true
		st.changes = append(st.changes, ch...)
	}
	return notes
}

// redactState is what a bundle's redaction found before the bundle does.
type redactState struct {
	changed map[string]bool // generated items (letters, notes) whose words changed
	changes []RedactChange
}

// finishRedaction hands the redaction to the bundle: the redactor, the
// reader, the vault's word boxes of each page, and which generated items
// were redacted.
func finishRedaction(v *store.Vault, caseID string, c *casefile.Case, opt BundleOptions, b *bundle.Bundle, st *redactState) {
	if opt.Redact == nil {
		return
	}
	docs := map[string]casefile.Document{}
	for _, d := range c.Documents {
		docs[d.ID] = d
	}
	rd := opt.Redact
	b.Redact = &bundle.Redaction{Redactor: rd.Redactor, Reader: rd.Reader,
		Words: func(ctx context.Context, it *bundle.Item, data []byte, page int) ([]documents.Word, error) {
			if d, ok := docs[it.ID]; ok && !it.Generated {
				if ws, err := PageWordsOf(ctx, v, rd.Reader, caseID, d, data, page); err == nil {
					return ws, nil
				}
			}
			return rd.Reader.PageWords(ctx, it.Name, it.Type, data, page)
		}}
	if st.changed[journalItemID] {
		b.Redact.Changed = append(b.Redact.Changed, bundle.Chronology)
	}
	for _, s := range b.Sections {
		for _, p := range s.Parts {
			if p.Item != nil && st.changed[p.Item.ID] {
				p.Item.Redacted = true
			}
		}
	}
}

// BundleRedactions lists every change a redacted bundle makes, page by
// page: the letters' and the notes' (made before the bundle) and the
// bundle's own (its generated pages and the exhibits' pages). Nil when the
// job is not redacted.
func (j *BundleJob) BundleRedactions() []RedactChange {
	if j.Plan == nil || !j.Plan.Redacted() {
		return nil
	}
	out := slices.Clone(j.redactions)
	for _, c := range j.Plan.Redactions() {
		where := c.Page
		if c.Where != "" {
			where += " (" + c.Where + ")"
		}
		out = append(out, RedactChange{Page: where, Category: c.Category, Text: c.Text, Before: c.Before, After: c.After})
	}
	return out
}
