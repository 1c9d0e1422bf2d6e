package casework

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/checks"
	"github.com/redress-app/redress/letters/bundle"
	"github.com/redress-app/redress/store"
)

// DefaultSections is the section layout a bundle has unless asked for
// another (see ParseSections for the syntax).
const DefaultSections = "A(Index and chronology)=cover,index,chronology;" +
	"B(Findings and letters)=findings,letters;" +
	"C(The council's documents)=source:council;" +
	"D(The family's and others' documents)=notes,source:family,rest;" +
	"E(Photographs)=images"

// FamilySections is the section layout of a bundle in the family style:
// the index, chronology and findings first, as the preliminary documents
// (FPR PD 27A's term), then the documents by who made them. PD 27A's own
// section headings for children cases could not be verified (see
// docs/BUNDLES.md): set the court's with --sections.
const FamilySections = "A(Preliminary documents)=cover,index,chronology,findings;" +
	"B(The council's documents)=source:council;" +
	"C(The family's and others' documents)=notes,letters,source:family,rest;" +
	"D(Photographs)=images"

// StyleSections returns the section layout a style has unless asked for
// another.
func StyleSections(st bundle.Style) string {
	if st == bundle.StyleFamily {
		return FamilySections
	}
	return DefaultSections
}

// SectionsHelp describes the --sections syntax for people.
const SectionsHelp = `SECTIONS is a list of sections separated by ";", each
  LETTER[(TITLE)]=ITEM,ITEM,...
LETTER is A to Z; TITLE is optional (a default is made from the items).
ITEMs:
  cover, index, chronology, findings, letters   pages Redress makes
  notes         the family's own journal notes, each with when it happened
                and when it was written, amendments shown (see --notes)
  source:NAME   documents whose source is NAME (any case); source:council
                also takes any source naming the council or the authority
  images        photographs (JPEG, PNG or GIF); a picture whose text was
                read as a page of writing (a photographed or scanned
                letter) goes by its source instead
  doc:ID        one document, by its ID; documents named this way come first,
                in the order given (hand order)
  rest          every document no other item took
A document goes to the most specific item that takes it: doc:ID, then images,
then source:NAME, then rest; between equals, the first section. The others in
a section follow in date order (undated last).
Default: ` + DefaultSections

// SectionSpec is one section of a --sections specification.
type SectionSpec struct {
	Label string
	Title string
	Items []SpecItem
}

// SpecItem is one item of a section specification.
type SpecItem struct {
	Kind string // cover, index, chronology, findings, letters, source, images, doc, rest
	Arg  string // the source name or document ID
}

// ErrSections reports a --sections specification that cannot be read.
var ErrSections = errors.New("invalid sections")

// ParseSections reads a section specification (SectionsHelp).
func ParseSections(spec string) ([]SectionSpec, error) {
	spec = strings.TrimSpace(spec)
	if spec == "" {
		spec = DefaultSections
	}
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: "+format, append([]any{ErrSections}, args...)...)
	}
	var out []SectionSpec
	seen := map[string]bool{}
	single := map[string]bool{}
	for _, part := range strings.Split(spec, ";") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		head, body, ok := strings.Cut(part, "=")
		if !ok {
			return nil, bad("%q has no \"=\": write a section as LETTER=ITEM,ITEM", part)
		}
		head = strings.TrimSpace(head)
		s := SectionSpec{}
		if i := strings.Index(head, "("); i >= 0 {
			if !strings.HasSuffix(head, ")") {
				return nil, bad("%q: a section's title goes in brackets, as C(Council documents)", head)
			}
			s.Title = strings.TrimSpace(head[i+1 : len(head)-1])
			head = strings.TrimSpace(head[:i])
		}
		if len(head) != 1 || head[0] < 'A' || head[0] > 'Z' {
			return nil, bad("%q is not a section letter (A to Z)", head)
		}
		if seen[head] {
			return nil, bad("section %s is given twice", head)
		}
		seen[head] = true
		s.Label = head
		for _, it := range strings.Split(body, ",") {
			it = strings.TrimSpace(it)
			if it == "" {
				continue
			}
			kind, arg, _ := strings.Cut(it, ":")
			kind = strings.ToLower(strings.TrimSpace(kind))
			arg = strings.TrimSpace(arg)
			switch kind {
			case "cover", "index", "chronology", "findings", "letters", "notes", "images", "rest":
				if arg != "" {
					return nil, bad("%q takes no argument", kind)
				}
				if kind != "images" && kind != "rest" {
					if single[kind] {
						return nil, bad("%s is given twice", kind)
					}
					single[kind] = true
				}
			case "source", "doc":
				if arg == "" {
					return nil, bad("%s: needs a name, as %s:council", kind, kind)
				}
			default:
				return nil, bad("unknown item %q (see \"redress help bundle\")", it)
			}
			s.Items = append(s.Items, SpecItem{Kind: kind, Arg: arg})
		}
		if len(s.Items) == 0 {
			return nil, bad("section %s has no items", s.Label)
		}
		if s.Title == "" {
			s.Title = defaultTitle(s.Items[0])
		}
		out = append(out, s)
	}
	if len(out) == 0 {
		return nil, bad("no sections")
	}
	return out, nil
}

func defaultTitle(it SpecItem) string {
	switch it.Kind {
	case "cover", "index", "chronology":
		return "Index and chronology"
	case "findings", "letters":
		return "Findings and letters"
	case "notes":
		return "The family's notes"
	case "images":
		return "Photographs"
	case "rest":
		return "Other documents"
	case "doc":
		return "Documents"
	case "source":
		switch strings.ToLower(it.Arg) {
		case "council":
			return "The council's documents"
		case "family":
			return "The family's documents"
		}
		return "Documents from " + it.Arg
	}
	return it.Kind
}

// BundleOptions adjust PrepareBundle.
type BundleOptions struct {
	// Style is what the bundle is for (bundle.StyleCourt, StyleFamily,
	// StyleOmbudsman; "" is the last): how its pages are numbered, its
	// default sections and the guidance its pre-flight checks.
	Style           bundle.Style
	Sections        string // a specification (ParseSections); "" means StyleSections(Style)
	Title           string // printed on every page; "" means the case's title and "evidence bundle"
	AsOf            casefile.Date
	Now             func() time.Time // the clock; nil means time.Now
	AttachOriginals bool
	Progress        func(bundle.Progress)
	// RenderLetter renders a stored letter to PDF for section "letters";
	// nil means renderStoredLetter, the PDF the letter was sent as.
	RenderLetter func(store.Letter) ([]byte, error)
	// Redact, when set, makes a redacted bundle (redact.go).
	Redact *BundleRedaction
	// LeaveOutNotes are the journal notes (by ID) the section "notes" leaves
	// out; every other note that is not archived goes in, and into the
	// chronology with its bundle page.
	LeaveOutNotes []string
	// Words, when set, gives a document's words on a page (from 1) with
	// their boxes, as read at import (bundle.Item.Words): the bundle lays
	// them on scanned pages as a text layer and keeps its stamp off them.
	// It should return only what is stored, never run OCR. nil means
	// StoredWords, the words the vault kept.
	Words func(ctx context.Context, docID string, page int) ([]bundle.Word, error)
}

// ImagesSection is the index of the first section that takes photographs
// (the item "images"), or -1 when none does.
func ImagesSection(specs []SectionSpec) int {
	return slices.IndexFunc(specs, func(s SectionSpec) bool {
		return slices.ContainsFunc(s.Items, func(it SpecItem) bool { return it.Kind == "images" })
	})
}

// picturesPlacedAsWriting names the pictures of writing that a section
// took by their source or as "rest" (a picture named by doc:ID was placed
// by hand), so the pre-flight can say why they are not photographs.
func picturesPlacedAsWriting(specs []SectionSpec, placed [][]casefile.Document, writing map[string]bool) []string {
	var out []string
	for si, docs := range placed {
		for _, d := range docs {
			if writing[d.ID] && !slices.ContainsFunc(specs[si].Items, func(it SpecItem) bool { return it.Kind == "doc" && it.Arg == d.ID }) {
				out = append(out, d.ID+" ("+d.Name+")")
			}
		}
	}
	return out
}

// isImage reports whether a document is a photograph by its recorded type
// or name.
func isImage(d casefile.Document) bool {
	t := strings.ToLower(d.Type)
	n := strings.ToLower(d.Name)
	return t == "image/jpeg" || t == "image/png" || t == "image/gif" ||
		strings.HasSuffix(n, ".jpg") || strings.HasSuffix(n, ".jpeg") || strings.HasSuffix(n, ".png") || strings.HasSuffix(n, ".gif")
}

// fromCouncil reports whether a document's source names the council.
func fromCouncil(source, authority string) bool {
	s := strings.ToLower(strings.TrimSpace(source))
	switch s {
	case "council", "local authority", "la", "children's services", "childrens services", "social care", "social services":
		return true
	}
	a := strings.ToLower(strings.TrimSpace(authority))
	return strings.Contains(s, "council") || (a != "" && strings.Contains(s, a))
}

// matches reports whether item it of a spec takes document d, and how
// specific it is (higher wins). writing says the document is a picture of a
// page of writing (PagesOfText), which "images" does not take.
func matches(it SpecItem, d casefile.Document, authority string, writing bool) (bool, int) {
	if IsAuthorityText(d) && it.Kind != "doc" && (it.Kind != "source" || !strings.EqualFold(strings.TrimSpace(d.Source), it.Arg)) {
		return false, 0 // an authority's text goes in the authorities bundle, unless named
	}
	switch it.Kind {
	case "doc":
		return d.ID == it.Arg, 4
	case "images":
		return isImage(d) && !writing, 3
	case "source":
		if strings.EqualFold(strings.TrimSpace(d.Source), it.Arg) {
			return true, 2
		}
		return strings.EqualFold(it.Arg, "council") && fromCouncil(d.Source, authority), 2
	case "rest":
		return true, 1
	}
	return false, 0
}

// BundleJob is a bundle ready to write, with its pre-flight report.
type BundleJob struct {
	Plan   *bundle.Plan
	CaseID string
	// redactions are the changes a redaction made before the bundle
	// (letters, notes): BundleRedactions.
	redactions []RedactChange
}

// PrepareBundle reads a case from the vault and prepares its bundle:
// documents are opened through the vault (decrypted as they are read,
// never written anywhere), findings come from checks.Run, the chronology
// from the case's events with their evidence mapped to bundle pages, and
// the manifest gets the case's journal with the chronology's and exhibits'
// records disclosed so that `redress verify` can check them.
func PrepareBundle(ctx context.Context, v *store.Vault, caseID string, opt BundleOptions) (*BundleJob, error) {
	st, err := bundle.ParseStyle(string(opt.Style))
	if err != nil {
		return nil, err
	}
	opt.Style = st
	if opt.Words == nil {
		opt.Words = StoredWords(v, caseID)
	}
	spec := opt.Sections
	if strings.TrimSpace(spec) == "" {
		spec = StyleSections(st)
	}
	specs, err := ParseSections(spec)
	if err != nil {
		return nil, err
	}
	job, err := prepareBundle(ctx, v, caseID, specs, opt)
	if ctx.Err() != nil {
		// The vault reports a read cut short as damage; say what happened.
		return nil, ctx.Err()
	}
	return job, err
}

func prepareBundle(ctx context.Context, v *store.Vault, caseID string, specs []SectionSpec, opt BundleOptions) (*BundleJob, error) {
	now := time.Now
	if opt.Now != nil {
		now = opt.Now
	}
	c, err := v.LoadCase(ctx, caseID)
	if err != nil {
		return nil, err
	}
	var red redactState
	notesCase := startRedaction(&opt, c, &red)
	recs, err := v.Journal(ctx, caseID)
	if err != nil {
		return nil, err
	}
	cp, err := v.Checkpoint(caseID)
	if err != nil {
		return nil, err
	}
	asOf := opt.AsOf
	if asOf.IsZero() {
		asOf = casefile.Today(now())
	}
	current := currentRecords(recs)
	b := &bundle.Bundle{
		Title:           opt.Title,
		Case:            c.Title,
		Authority:       c.Authority,
		Date:            casefile.Today(now()),
		Created:         now().UTC(),
		Checkpoint:      cp,
		AsOf:            asOf,
		AttachOriginals: opt.AttachOriginals,
		Style:           opt.Style,
	}
	if b.Title == "" {
		b.Title = c.Title + ": evidence bundle"
	}
	disclose := map[uint64]bool{}
	// Documents, placed and ordered as the Bundle tab shows them: one function
	// decides both.
	// Which pictures are pages of writing matters only where a section
	// takes photographs ("images"); the Bundle tab names every document.
	var writing map[string]bool
	if ImagesSection(specs) >= 0 {
		if writing, err = PagesOfText(ctx, v, caseID, c.Documents); err != nil {
			return nil, err
		}
	}
	placedDocs, left := PlaceDocuments(c, specs, writing)
	if moved := picturesPlacedAsWriting(specs, placedDocs, writing); len(moved) > 0 {
		what := "A picture whose text reads as a page of writing (a photographed or scanned letter) is placed with the documents of whoever sent it, not among the photographs: "
		if len(moved) > 1 {
			what = fmt.Sprintf("%d pictures whose text reads as a page of writing (photographed or scanned letters) are placed with the documents of whoever sent them, not among the photographs: ", len(moved))
		}
		b.Notes = append(b.Notes, what+strings.Join(moved, ", ")+". Name a picture in the images section (doc:ID) to keep it there.")
	}
	for _, s := range specs {
		for _, it := range s.Items {
			if it.Kind == "doc" && !slices.ContainsFunc(c.Documents, func(d casefile.Document) bool { return d.ID == it.Arg }) {
				return nil, fmt.Errorf("%w: section %s names document %s, which the case does not have", ErrSections, s.Label, it.Arg)
			}
		}
	}
	var unplaced []string
	for _, d := range left {
		if !IsAuthorityText(d) {
			unplaced = append(unplaced, d.ID+" ("+d.Name+")")
		}
	}
	if len(unplaced) > 0 {
		what := plural(len(unplaced), "document matches no section and is", "documents match no section and are")
		b.Notes = append(b.Notes, fmt.Sprintf("%s left out: %s. Add \"rest\" to a section to include them.", what, strings.Join(unplaced, ", ")))
	}
	var notesPart *bundle.Part
	var noteRows []bundle.ChronologyRow
	for si, s := range specs {
		sec := bundle.Section{Label: s.Label, Title: s.Title}
		for _, it := range s.Items {
			switch it.Kind {
			case "cover":
				sec.Parts = append(sec.Parts, bundle.Part{Kind: bundle.Cover})
			case "index":
				sec.Parts = append(sec.Parts, bundle.Part{Kind: bundle.Index})
			case "chronology":
				sec.Parts = append(sec.Parts, bundle.Part{Kind: bundle.Chronology})
			case "findings":
				sec.Parts = append(sec.Parts, bundle.Part{Kind: bundle.Findings})
			case "notes":
				if notesPart == nil {
					notesPart, noteRows, err = journalPart(notesCase, opt.LeaveOutNotes, now().UTC(), current, disclose)
					if err != nil {
						return nil, err
					}
					if notesPart == nil {
						b.Notes = append(b.Notes, "No journal notes were chosen for the bundle, so it has no notes section.")
					}
				}
				if notesPart != nil {
					sec.Parts = append(sec.Parts, *notesPart)
				}
			case "letters":
				parts, note, err := letterParts(ctx, v, caseID, opt.RenderLetter)
				if err != nil {
					return nil, err
				}
				sec.Parts = append(sec.Parts, parts...)
				if note != "" {
					b.Notes = append(b.Notes, note)
				}
			}
		}
		for _, d := range placedDocs[si] {
			seq := current[store.TypeDocument+"/"+d.ID]
			if seq != 0 {
				disclose[seq] = true
			}
			id := d.ID
			it := &bundle.Item{
				ID: d.ID, Title: d.Name, Date: d.Date, Author: d.Source, Source: d.Source, Name: d.Name,
				Type: d.Type, SHA256: d.SHA256, Size: d.Size, Record: seq,
				Open: func(ctx context.Context) (io.ReadCloser, error) { return v.OpenDocument(ctx, caseID, id) },
			}
			if words := opt.Words; words != nil {
				it.Words = func(ctx context.Context, page int) ([]bundle.Word, error) { return words(ctx, id, page) }
			}
			sec.Parts = append(sec.Parts, bundle.Part{Kind: bundle.Document, Item: it})
		}
		if len(sec.Parts) == 0 {
			sec.Note = "no document in the record matches " + describeItems(s.Items)
		}
		b.Sections = append(b.Sections, sec)
	}
	// Chronology: the case's events in date (and time) order.
	events := slices.Clone(c.Events)
	slices.SortStableFunc(events, func(x, y casefile.Event) int {
		if c := x.Date.Compare(y.Date); c != 0 {
			return c
		}
		if !x.Time.IsZero() && !y.Time.IsZero() {
			return cmp.Compare(x.Time.Minutes(), y.Time.Minutes())
		}
		return 0
	})
	for _, e := range events {
		seq := current[store.TypeEvent+"/"+e.ID]
		if seq != 0 {
			disclose[seq] = true
		}
		row := bundle.ChronologyRow{Date: e.Date, Approx: e.Approx(), Event: eventWords(e) + quoteWords(c, e), EventID: e.ID,
			Status: string(e.Status), Evidence: e.Evidence, Record: seq}
		if row.Status == string(casefile.FactUndisputed) {
			row.Status = ""
		}
		if !e.Time.IsZero() {
			row.Time = e.Time.String()
		}
		b.Chronology = append(b.Chronology, row)
	}
	// The family's notes go into the chronology in date order, after the
	// events of the same day, each pointing at its page in the bundle.
	if len(noteRows) > 0 {
		b.Chronology = append(b.Chronology, noteRows...)
		slices.SortStableFunc(b.Chronology, func(x, y bundle.ChronologyRow) int {
			if c := x.Date.Compare(y.Date); c != 0 {
				return c
			}
			if x.Time != "" && y.Time != "" {
				return cmp.Compare(x.Time, y.Time)
			}
			return 0
		})
	}
	for _, f := range checks.Run(checks.Default(), c, asOf) {
		if f.Status != casefile.StatusMet {
			b.Findings = append(b.Findings, f)
		}
	}
	// The journal, with the chronology's and exhibits' content disclosed.
	if b.Journal, err = disclosedJournal(recs, disclose, "bundle"); err != nil {
		return nil, err
	}
	finishRedaction(v, caseID, c, opt, b, &red)
	plan, err := bundle.Prepare(ctx, b, bundle.Options{Progress: opt.Progress})
	if err != nil {
		return nil, err
	}
	return &BundleJob{Plan: plan, CaseID: caseID, redactions: red.changes}, nil
}

// currentRecords maps "type/id" to the journal record that made that
// object's current version, so that a bundle can disclose its content.
func currentRecords(recs []store.Record) map[string]uint64 {
	current := map[string]uint64{}
	for _, r := range recs {
		if r.Op == store.OpCreate || r.Op == store.OpAmend {
			current[r.Type+"/"+r.Object] = r.Seq
		}
	}
	return current
}

// disclosedJournal is the journal as a bundle carries it for its manifest:
// every record, with its content (and the salt that hides it) kept only for
// the records in disclose. what names the bundle in an error.
func disclosedJournal(recs []store.Record, disclose map[uint64]bool, what string) ([]json.RawMessage, error) {
	var out []json.RawMessage
	for _, r := range recs {
		if !disclose[r.Seq] {
			r.Salt, r.Content = nil, nil
		}
		data, err := json.Marshal(r)
		if err != nil {
			return nil, fmt.Errorf("%s: journal record %d: %w", what, r.Seq, err)
		}
		out = append(out, data)
	}
	return out, nil
}

func describeItems(items []SpecItem) string {
	var s []string
	for _, it := range items {
		if it.Arg != "" {
			s = append(s, it.Kind+":"+it.Arg)
		} else {
			s = append(s, it.Kind)
		}
	}
	return strings.Join(s, ", ")
}

// eventWords says what an event was, in plain words.
func eventWords(e casefile.Event) string {
	label := string(e.Kind)
	if k, ok := casefile.LookupKind(e.Kind); ok && k.Label != "" {
		label = k.Label
	}
	if e.Kind == casefile.KindDecision && e.Attrs.Description != "" {
		label += ": " + e.Attrs.Description
	}
	// Something else is said in its own words, not under a heading.
	if e.Kind == casefile.KindOther && strings.TrimSpace(e.Detail) != "" {
		return e.Detail
	}
	if e.Detail != "" {
		return label + ": " + e.Detail
	}
	return label
}

// quoteWords gives the words an event quotes from its evidence, with the
// document's page they are on, after the event in the chronology: ` (ICPC
// report.pdf, page 3: “…”)`. The source column names the bundle page.
func quoteWords(c *casefile.Case, e casefile.Event) string {
	var qs []string
	for i, ref := range e.Evidence {
		q := strings.Join(strings.Fields(e.EvidenceQuote(i)), " ")
		if q == "" {
			continue
		}
		id, page, err := casefile.ParseEvidence(ref)
		if err != nil {
			continue
		}
		where := id
		for _, d := range c.Documents {
			if d.ID == id && d.Name != "" {
				where = d.Name
			}
		}
		if page > 0 {
			where += fmt.Sprintf(", page %d", page)
		}
		qs = append(qs, where+": “"+q+"”")
	}
	if len(qs) == 0 {
		return ""
	}
	return " (" + strings.Join(qs, "; ") + ")"
}

// letterParts renders the case's stored letters (not archived) with render.
// Without a renderer, letters are left out with a note saying so.
func letterParts(ctx context.Context, v *store.Vault, caseID string, render func(store.Letter) ([]byte, error)) ([]bundle.Part, string, error) {
	ls, err := v.Letters(ctx, caseID)
	if err != nil {
		return nil, "", err
	}
	// Only letters that were sent are evidence; drafts stay out.
	var live []store.Letter
	drafts := 0
	for _, l := range ls {
		switch {
		case l.Archived:
		case l.Status != store.LetterSent:
			drafts++
		default:
			live = append(live, l)
		}
	}
	note := ""
	if drafts > 0 {
		note = plural(drafts, "letter draft not marked as sent is", "letter drafts not marked as sent are") + " left out; only sent letters go in a bundle."
	}
	if len(live) == 0 {
		return nil, note, nil
	}
	if render == nil {
		render = renderStoredLetter
	}
	var parts []bundle.Part
	for _, l := range live {
		pdf, err := render(l)
		if err != nil {
			return nil, "", fmt.Errorf("bundle: render letter %s: %w", l.ID, err)
		}
		data := pdf
		it := &bundle.Item{ID: "letter-" + l.ID, Title: l.Title, Date: l.Sent, Author: "the family", Name: l.ID + ".pdf",
			Type: "application/pdf", Size: int64(len(data)), Generated: true,
			Open: func(context.Context) (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil }}
		parts = append(parts, bundle.Part{Kind: bundle.Document, Item: it})
	}
	return parts, note, nil
}

// renderStoredLetter renders a stored letter as the PDF it was sent as.
func renderStoredLetter(l store.Letter) ([]byte, error) {
	d, err := DecodeDraft(l)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := d.Render(&buf, PDF); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// journalItemID is the bundle item of the family's notes; evidence
// references "redress-journal#pN" in the chronology point at its pages.
const journalItemID = "redress-journal"

// journalPart lays out the case's journal notes (not archived, not left out)
// as a generated document, and returns its part and a chronology row for
// each note, pointing at the page it starts on. It returns a nil part when
// there is no note to include.
func journalPart(c *casefile.Case, leaveOut []string, created time.Time, current map[string]uint64, disclose map[uint64]bool) (*bundle.Part, []bundle.ChronologyRow, error) {
	for _, id := range leaveOut {
		if !slices.ContainsFunc(c.Notes, func(n casefile.Note) bool { return n.ID == id }) {
			return nil, nil, fmt.Errorf("%w: the journal has no note %s to leave out", ErrSections, id)
		}
	}
	notes := slices.Clone(c.Notes)
	slices.SortStableFunc(notes, func(x, y casefile.Note) int { return x.Occurred.Compare(y.Occurred) })
	var entries []bundle.NoteEntry
	for _, n := range notes {
		if n.Archived || slices.Contains(leaveOut, n.ID) {
			continue
		}
		e := bundle.NoteEntry{ID: n.ID, Occurred: n.Occurred, Recorded: n.Recorded, Kind: noteKindWords(n.Kind), Text: n.Text}
		for _, v := range n.Versions {
			e.Earlier = append(e.Earlier, bundle.NoteVersion{Occurred: v.Occurred, Recorded: v.Recorded, Text: v.Text})
		}
		entries = append(entries, e)
		if seq := current[store.TypeNote+"/"+n.ID]; seq != 0 {
			disclose[seq] = true
		}
	}
	if len(entries) == 0 {
		return nil, nil, nil
	}
	data, pages, err := bundle.NotesPDF("The family’s notes", entries, created)
	if err != nil {
		return nil, nil, err
	}
	var rows []bundle.ChronologyRow
	for _, e := range entries {
		at := e.Occurred.In(checks.London)
		what := "The family’s note"
		if e.Kind != "" {
			what += " (" + e.Kind + ")"
		}
		what += ", written " + e.Recorded.In(checks.London).Format("2 Jan 2006 15:04")
		if len(e.Earlier) > 0 {
			what += ", amended (" + plural(len(e.Earlier), "earlier version", "earlier versions") + " shown)"
		}
		rows = append(rows, bundle.ChronologyRow{Date: casefile.DateOf(at), Time: at.Format("15:04"),
			Event: what + ": " + e.Text, Evidence: []string{fmt.Sprintf("%s#p%d", journalItemID, pages[e.ID])}})
	}
	it := &bundle.Item{ID: journalItemID, Title: "The family’s notes (journal)", Author: "the family", Source: "family",
		Name: "journal.pdf", Type: "application/pdf", Size: int64(len(data)), Generated: true,
		Open: func(context.Context) (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil }}
	return &bundle.Part{Kind: bundle.Document, Item: it}, rows, nil
}

// noteKindWords is a note's kind in plain words.
func noteKindWords(k casefile.NoteKind) string {
	switch k {
	case casefile.NoteCall:
		return "phone call"
	case casefile.NoteVisit:
		return "visit"
	case casefile.NoteMeeting:
		return "meeting"
	case casefile.NoteLetter:
		return "letter"
	case casefile.NoteEmail:
		return "email"
	case casefile.NoteObservation:
		return "observation"
	}
	return string(k)
}

// StoredWords gives BundleOptions.Words for a vault: each page's words as
// they were kept when the document was read (a scan's from its OCR on
// import), never read again here, so that making a bundle runs no OCR. A
// page with none kept is an error the pre-flight reports.
func StoredWords(v *store.Vault, caseID string) func(ctx context.Context, docID string, page int) ([]bundle.Word, error) {
	return func(ctx context.Context, docID string, page int) ([]bundle.Word, error) {
		ws, ok, err := v.PageWords(ctx, caseID, docID, page)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, ErrNoWordsKept
		}
		out := make([]bundle.Word, len(ws))
		for i, w := range ws {
			out[i] = bundle.Word{Text: w.Text, X0: w.X0, Y0: w.Y0, X1: w.X1, Y1: w.Y1}
		}
		return out, nil
	}
}

// ErrNoWordsKept reports a page whose words were never read: OCR did not
// run on it (Tesseract was missing when it was imported, or the reading was
// stopped).
var ErrNoWordsKept = errors.New("its words were not read when it was imported (was Tesseract installed?); read it again in the Documents tab")
