package casework

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/checks"
	"github.com/redress-app/redress/letters"
	"github.com/redress-app/redress/letters/authorities"
	"github.com/redress-app/redress/letters/bundle"
	"github.com/redress-app/redress/store"
)

// AuthoritiesOptions adjust PrepareAuthorities.
type AuthoritiesOptions struct {
	Title    string // printed on every page; "" means the case's title and "authorities"
	AsOf     casefile.Date
	Now      func() time.Time // the clock; nil means time.Now
	Progress func(bundle.Progress)
}

// AuthoritiesJob is an authorities bundle ready to write.
type AuthoritiesJob struct {
	*authorities.Built
	CaseID string
	// Authorities are the bundle's authorities, texts attached.
	Authorities []authorities.Authority
	// MustAdd are those whose text the user has not imported.
	MustAdd []authorities.Authority
}

// Problems returns what the pre-flight found that matters for an
// authorities bundle: not that an authority's text has no date (an Act or a
// judgment is cited by its name), nor the texts still to add, which MustAdd
// lists.
func (j *AuthoritiesJob) Problems() []bundle.Problem {
	var out []bundle.Problem
	for _, p := range j.Plan.Report().Problems {
		if p.Kind == bundle.ProblemUndated || p.Kind == bundle.ProblemNote && strings.HasPrefix(p.Message, mustAddNote) {
			continue
		}
		out = append(out, p)
	}
	return out
}

// mustAddNote starts the pre-flight note of each text still to add.
const mustAddNote = "You must add the text of "

// IsAuthorityText reports whether a document is the text of an authority,
// imported for the authorities bundle (its source is "authority:KEY"), and
// not evidence: the evidence bundle leaves it out unless a section names it.
func IsAuthorityText(d casefile.Document) bool {
	_, ok := authorities.KeyOfSource(d.Source)
	return ok
}

// PrepareAuthorities reads a case from the vault and prepares its
// authorities bundle: the sources cited by its findings (checks.Run as of
// opt.AsOf, the met ones left out as the evidence bundle's schedule leaves
// them out) and by its letters that are not archived, each with what relies
// on it, and the texts the user imported as authorities (documents whose
// source is "authority:KEY"), opened through the vault as they are written.
func PrepareAuthorities(ctx context.Context, v *store.Vault, caseID string, opt AuthoritiesOptions) (*AuthoritiesJob, error) {
	job, err := prepareAuthorities(ctx, v, caseID, opt)
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	return job, err
}

func prepareAuthorities(ctx context.Context, v *store.Vault, caseID string, opt AuthoritiesOptions) (*AuthoritiesJob, error) {
	now := time.Now
	if opt.Now != nil {
		now = opt.Now
	}
	c, err := v.LoadCase(ctx, caseID)
	if err != nil {
		return nil, err
	}
	recs, err := v.Journal(ctx, caseID)
	if err != nil {
		return nil, err
	}
	cp, err := v.Checkpoint(caseID)
	if err != nil {
		return nil, err
	}
	ls, err := v.Letters(ctx, caseID)
	if err != nil {
		return nil, err
	}
	asOf := opt.AsOf
	if asOf.IsZero() {
		asOf = casefile.Today(now())
	}
	rel, notes := Reliances(c, checks.Run(checks.Default(), c, asOf), ls)
	current := currentRecords(recs)
	disclose := map[uint64]bool{}
	texts := map[string][]*bundle.Item{}
	for _, d := range authorityTexts(c) {
		key, _ := authorities.KeyOfSource(d.Source)
		it, note, err := authorityItem(ctx, v, caseID, d)
		if err != nil {
			return nil, err
		}
		if note != "" {
			notes = append(notes, note)
		}
		if seq := current[store.TypeDocument+"/"+d.ID]; seq != 0 && !it.Generated {
			it.Record = seq
			disclose[seq] = true
		}
		texts[key] = append(texts[key], it)
	}
	auths := authorities.Attach(authorities.Collect(rel), texts)
	spec := &authorities.Spec{
		Title: opt.Title, Case: c.Title, Authority: c.Authority, CaseRef: caseRefWord(caseID),
		Date: casefile.Today(now()), Created: now().UTC(), AsOf: asOf, Checkpoint: cp,
		Authorities: auths, Notes: notes,
	}
	if spec.Title == "" {
		spec.Title = c.Title + ": authorities"
	}
	for _, a := range authorities.MustAdd(auths) {
		spec.Notes = append(spec.Notes, fmt.Sprintf("%s%s: import it with its source set to %s%s.", mustAddNote, a.Citation, authorities.SourcePrefix, a.Key))
	}
	if spec.Journal, err = disclosedJournal(recs, disclose, "authorities bundle"); err != nil {
		return nil, err
	}
	built, err := authorities.Prepare(ctx, spec, bundle.Options{Progress: opt.Progress})
	if err != nil {
		return nil, err
	}
	return &AuthoritiesJob{Built: built, CaseID: caseID, Authorities: auths, MustAdd: authorities.MustAdd(auths)}, nil
}

// caseRefWord is the case's ID as the import command printed in the bundle
// gives it, quoted for a shell when it needs to be.
func caseRefWord(id string) string {
	if id == "" || strings.ContainsAny(id, " \t'\"\\$`") {
		return "'" + strings.ReplaceAll(id, "'", `'\''`) + "'"
	}
	return id
}

// Reliances says what in the record relies on which sources: each finding
// that is not met (with its citations) and each letter that is not archived
// (with its schedule of sources). A letter that cannot be read is left out
// and a note says so.
func Reliances(c *casefile.Case, findings []casefile.Finding, ls []store.Letter) ([]authorities.Reliance, []string) {
	var rel []authorities.Reliance
	var notes []string
	for _, f := range findings {
		if f.Status == casefile.StatusMet || len(f.Citations) == 0 {
			continue
		}
		what := fmt.Sprintf("the finding “%s” (%s)", f.Title, f.Rule)
		if !f.TriggerDate.IsZero() {
			what += ", from " + f.TriggerDate.Long()
		}
		r := authorities.Reliance{What: what}
		for _, ct := range f.Citations {
			r.Sources = append(r.Sources, letters.Source{Citation: ct})
		}
		rel = append(rel, r)
	}
	for _, l := range ls {
		if l.Archived {
			continue
		}
		d, err := DecodeDraft(l)
		if err != nil || d.Letter == nil {
			notes = append(notes, fmt.Sprintf("The letter “%s” could not be read, so the sources it cites are not listed.", l.Title))
			continue
		}
		what := fmt.Sprintf("the letter “%s”", l.Title)
		if l.Status == store.LetterSent && !l.Sent.IsZero() {
			what += " (sent " + l.Sent.Long() + ")"
		} else if l.Status == store.LetterSent {
			what += " (sent)"
		} else {
			what += " (a draft, not sent)"
		}
		rel = append(rel, authorities.Reliance{What: what, Sources: d.Letter.Sources})
	}
	return rel, notes
}

// authorityTexts returns the case's documents that are authorities' texts,
// by date and name.
func authorityTexts(c *casefile.Case) []casefile.Document {
	var out []casefile.Document
	for _, d := range c.Documents {
		if IsAuthorityText(d) {
			out = append(out, d)
		}
	}
	slices.SortStableFunc(out, func(x, y casefile.Document) int {
		if c := x.Date.Compare(y.Date); c != 0 {
			return c
		}
		return strings.Compare(x.Name, y.Name)
	})
	return out
}

// authorityItem is an authority's text as the bundle shows it: a PDF, a
// picture or a text file as imported; a web page (or anything else that
// cannot be set as pages) as the text Redress read from it on import, set
// as pages and marked as Redress's reading, not the original.
func authorityItem(ctx context.Context, v *store.Vault, caseID string, d casefile.Document) (*bundle.Item, string, error) {
	id := d.ID
	it := &bundle.Item{ID: d.ID, Title: d.Name, Date: d.Date, Source: d.Source, Name: d.Name, Type: d.Type,
		SHA256: d.SHA256, Size: d.Size,
		Open: func(ctx context.Context) (io.ReadCloser, error) { return v.OpenDocument(ctx, caseID, id) }}
	if shownAsImported(d) {
		return it, "", nil
	}
	pts, err := v.PageTexts(ctx, caseID, d.ID)
	if err != nil {
		return nil, "", err
	}
	var b strings.Builder
	for _, p := range pts {
		if t := strings.TrimSpace(p.Text); t != "" {
			b.WriteString(t)
			b.WriteString("\n\n")
		}
	}
	if b.Len() == 0 {
		return it, fmt.Sprintf("%s (%s) is not a PDF, picture or text file and Redress has not read any text from it, so the bundle cannot show its words: save the authority as a PDF and import that instead.", d.Name, d.Type), nil
	}
	text := []byte("The text Redress read from " + d.Name + " (SHA-256 " + d.SHA256 + ") when it was imported; the original is in the record.\n\n" + b.String())
	it.Name = d.Name + ".txt"
	it.Type = "text/plain"
	it.SHA256, it.Size, it.Generated = "", int64(len(text)), true
	it.Open = func(context.Context) (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(text)), nil }
	return it, "", nil
}

// shownAsImported reports whether the bundle can show a document's own
// pages or words: a PDF, a picture or a text file.
func shownAsImported(d casefile.Document) bool {
	t := strings.ToLower(d.Type)
	n := strings.ToLower(d.Name)
	return t == "application/pdf" || strings.HasSuffix(n, ".pdf") || isImage(d) ||
		strings.HasPrefix(t, "text/plain") || strings.HasSuffix(n, ".txt")
}
