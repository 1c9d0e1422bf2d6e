package bundle

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"time"

	"github.com/redress-app/redress/casefile"
)

// Item is one exhibit: a document from the record (or a letter rendered to
// PDF), with what the index prints about it and a way to read its bytes.
type Item struct {
	// ID is the document's ID in the record; evidence references "ID" and
	// "ID#pN" in the chronology point at it.
	ID     string
	Title  string        // what the index and bookmarks call it; the file name when empty
	Date   casefile.Date // the document's own date; zero when unknown
	Author string        // who wrote or sent it, as the index prints it ("Example Borough Council")
	Source string        // the record's source field ("council", "family", "school")
	Name   string        // the original file name
	Type   string        // the media type recorded at import (the bytes decide how it is shown)
	SHA256 string        // the evidential hash recorded at import, lower-case hex
	Size   int64         // the size recorded at import
	// Record is the sequence number of the journal record that committed
	// this description (and so this SHA-256); 0 when there is none.
	Record uint64
	// Generated marks an item Redress made (a letter), not an original
	// exhibit: it is not compared with an evidential hash.
	Generated bool
	// Redacted marks a generated item whose words were redacted before it
	// was laid out (a redacted bundle lists its pages as redacted).
	Redacted bool
	// Open returns a reader of the item's original bytes. It is called once
	// by Prepare, once more by Write for a PDF or a picture (whose bytes
	// are not kept in between), and again by Write when originals are
	// attached. Write checks that the bytes are the same each time. Write
	// reads the next item while it writes one, so Open may be called on
	// another goroutine while Words or another item's Open is running.
	Open func(ctx context.Context) (io.ReadCloser, error)
	// Words, when set, returns the words on a page of the item (numbered
	// from 1; a picture is page 1) with their boxes, as read when the
	// document was imported: for a page with no text layer, the words OCR
	// found, which the bundle lays on the page as invisible text so that
	// it can be searched and copied; for any page, where its words are, so
	// that the page stamp is put where it covers none of them. It should
	// return what is stored, never start OCR: an error (or no function)
	// leaves the page without a text layer, said in the pre-flight, and
	// its stamp placed in a margin made by shrinking the page.
	Words func(ctx context.Context, page int) ([]Word, error)
}

// Word is one word on a page and where it is, as fractions (0..1) of the
// page's width and height as shown (after its rotation), origin at the top
// left: documents.Word.
type Word struct {
	Text           string
	X0, Y0, X1, Y1 float64
}

// Label is the title of an item as printed.
func (it *Item) Label() string {
	if it.Title != "" {
		return it.Title
	}
	if it.Name != "" {
		return it.Name
	}
	return it.ID
}

// PartKind says what a Part of a section is.
type PartKind int

// Kinds of part. Cover, Index, Chronology and Findings are made by Redress;
// Document is an Item.
const (
	Cover PartKind = iota + 1
	Index
	Chronology
	Findings
	Document
)

func (k PartKind) String() string {
	switch k {
	case Cover:
		return "cover"
	case Index:
		return "index"
	case Chronology:
		return "chronology"
	case Findings:
		return "findings"
	case Document:
		return "document"
	}
	return fmt.Sprintf("PartKind(%d)", int(k))
}

// Part is one thing in a section: a page or pages Redress makes, or an item.
type Part struct {
	Kind PartKind
	Item *Item // for Document
}

// Section is a lettered section of the bundle. Its pages are labelled with
// its Label and a number from 1: A1, A2 ...
type Section struct {
	Label string // one capital letter, A to Z
	Title string // "Index and chronology", "The council's documents"
	Parts []Part
	// Note is said in the index when the section has no parts (why it is
	// empty), instead of leaving it out silently.
	Note string
}

// ChronologyRow is one entry of the chronology: an event from the record.
type ChronologyRow struct {
	Date     casefile.Date
	Time     string // "HH:MM", or ""
	Approx   bool   // the date is approximate
	Event    string // what happened, in plain words
	EventID  string // the event's ID in the record
	Status   string // "", "disputed" or "la-record" (as the council's records say)
	Evidence []string
	// Record is the sequence number of the journal record that made this
	// version of the event; the manifest discloses its content, so that
	// verify can check the row against the record.
	Record uint64
}

// Bundle is everything a bundle is built from.
type Bundle struct {
	Title      string        // printed on every page, on the cover and as the PDF's title
	Case       string        // the case's title
	Authority  string        // the local authority
	Date       casefile.Date // the date the bundle is made, printed on the cover
	Created    time.Time     // when it is made, recorded in the manifest (UTC)
	Checkpoint string        // the record checkpoint when it is made
	Sections   []Section
	Chronology []ChronologyRow
	Findings   []casefile.Finding
	AsOf       casefile.Date // the date the findings were worked out as of
	// Journal is the case's journal records, each a JSON object (store.Record)
	// with the salt and content of those the bundle discloses; the manifest
	// carries them so that verify can check the chain and the checkpoint.
	Journal []json.RawMessage
	// Notes are said in the pre-flight report as they are (what the caller
	// left out, and why).
	Notes []string
	// AttachOriginals attaches every exhibit's original file to the PDF, so
	// that verify can check its SHA-256 and a reader can open it.
	AttachOriginals bool
	// Style is the destination the bundle is made for, which sets how its
	// pages are numbered and which guidance the pre-flight checks it
	// against; "" is StyleOmbudsman, the lettered sections of earlier
	// bundles.
	Style Style
	// Redact, when set, takes words out of the bundle (redact.go).
	Redact *Redaction
}

// Style is what a bundle is made for (see docs/BUNDLES.md for the guidance
// each follows).
type Style string

// Styles.
const (
	// StyleOmbudsman numbers pages by section (A1, A2 ... B1 ...), as
	// Redress always has: for the Ombudsman and anyone who is not a court.
	StyleOmbudsman Style = "ombudsman"
	// StyleCourt numbers every page from 1 to the last, so that the printed
	// numbers are the PDF's own page numbers, as the judiciary's general
	// guidance on electronic bundles asks (the Administrative Court, and
	// any court without a direction of its own).
	StyleCourt Style = "court"
	// StyleFamily numbers pages by section (Bates numbering: A1, A2 ...
	// B1 ...), the family court's numbering under FPR PD 27A, with the
	// index and chronology in a section of preliminary documents and its
	// 350-page limit.
	StyleFamily Style = "family"
)

// Styles lists the styles, the default first.
var Styles = []Style{StyleOmbudsman, StyleCourt, StyleFamily}

// ParseStyle reads a style's name; "" is StyleOmbudsman.
func ParseStyle(s string) (Style, error) {
	switch Style(s) {
	case "", StyleOmbudsman:
		return StyleOmbudsman, nil
	case StyleCourt, StyleFamily:
		return Style(s), nil
	}
	return "", fmt.Errorf("%w: unknown style %q (court, family or ombudsman)", ErrSpec, s)
}

// Sequential reports whether the style numbers pages 1..N through the
// bundle rather than by section.
func (s Style) Sequential() bool { return s == StyleCourt }

// OrDefault is the style, or StyleOmbudsman for "".
func (s Style) OrDefault() Style { return s.orDefault() }

func (s Style) orDefault() Style {
	if s == "" {
		return StyleOmbudsman
	}
	return s
}

// Options adjust Prepare.
type Options struct {
	// PageLimit is the page count over which the report warns; 0 means
	// DefaultPageLimit.
	PageLimit int
	// MaxItemSize bounds the bytes read from one item; 0 means 1 GiB.
	MaxItemSize int64
	// Progress, when set, is called as the work goes on.
	Progress func(Progress)
}

// Progress reports how far a Prepare or Write has got.
type Progress struct {
	Stage string // "reading", "laying out", "assembling", "writing"
	Done  int
	Total int
	What  string // the item being read, when there is one
}

// DefaultPageLimit is the usual limit on the length of a family court
// bundle, 350 pages (Family Procedure Rules, Practice Direction 27A). The
// practice direction is not in Redress's legal reference, so the report
// names it without a paragraph number and asks the user to check it.
const DefaultPageLimit = 350

// Errors.
var (
	// ErrSpec reports a bundle that cannot be built as described: no
	// sections, a bad section label, an item in two places.
	ErrSpec = errors.New("invalid bundle")
	// ErrUsed is returned by Write on a Plan that was already written.
	ErrUsed = errors.New("bundle plan already written")
)

var sectionLabel = regexp.MustCompile(`^[A-Z]$`)

// check validates the shape of b.
func (b *Bundle) check() error {
	if len(b.Sections) == 0 {
		return fmt.Errorf("%w: no sections", ErrSpec)
	}
	if _, err := ParseStyle(string(b.Style)); err != nil {
		return err
	}
	seenLabel := map[string]bool{}
	seenItem := map[string]string{}
	parts := 0
	for _, s := range b.Sections {
		if !sectionLabel.MatchString(s.Label) {
			return fmt.Errorf("%w: section label %q is not one capital letter", ErrSpec, s.Label)
		}
		if seenLabel[s.Label] {
			return fmt.Errorf("%w: two sections are labelled %s", ErrSpec, s.Label)
		}
		seenLabel[s.Label] = true
		for _, p := range s.Parts {
			parts++
			switch p.Kind {
			case Cover, Index, Chronology, Findings:
			case Document:
				if p.Item == nil || p.Item.ID == "" {
					return fmt.Errorf("%w: section %s has a document with no ID", ErrSpec, s.Label)
				}
				if p.Item.Open == nil {
					return fmt.Errorf("%w: document %s has no way to open it", ErrSpec, p.Item.ID)
				}
				if where, dup := seenItem[p.Item.ID]; dup {
					return fmt.Errorf("%w: document %s is in section %s and section %s", ErrSpec, p.Item.ID, where, s.Label)
				}
				seenItem[p.Item.ID] = s.Label
			default:
				return fmt.Errorf("%w: section %s has a part of unknown kind %d", ErrSpec, s.Label, int(p.Kind))
			}
		}
	}
	if parts == 0 {
		return fmt.Errorf("%w: every section is empty", ErrSpec)
	}
	return nil
}
