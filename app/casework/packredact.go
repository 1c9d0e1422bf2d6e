package casework

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"image/draw"
	"image/jpeg"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/redress-app/redress/app/casework/pack"
	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/documents"
	"github.com/redress-app/redress/letters"
	"github.com/redress-app/redress/letters/redact"
	"github.com/redress-app/redress/store"
)

// PackRedacter makes a hand-over pack a redacted copy (pack.Redacter,
// pack/PACK.md section 6) with the same redactor as the bundle, the letters
// and the chronology: every text field of the journal's records (the case,
// the people, the children, the events with their evidence quotes, the
// notes with every earlier version, the documents' descriptions, the
// letters) has the matches replaced as the bundle's generated pages do; a
// PDF or a picture is drawn again page by page as images with a black box
// over each word found, and no text layer; a Word file, an email, a web page
// or a text file becomes its redacted text; anything else is withheld.
type PackRedacter struct {
	Redactor *redact.Redactor
	// Reader draws the pages and reads words the vault does not keep
	// yet (a scan's need Tesseract).
	Reader *documents.Reader
	// Vault and Case give the word boxes the vault keeps (PageWordsOf).
	Vault *store.Vault
	Case  string
	// DPI is the resolution pages are drawn at; 0 means 150.
	DPI int

	changes  []RedactChange
	withheld [][2]string // where, why
}

// Withheld lists the documents left out of the pack, each with why: "d3
// (recording.m4a): Redress cannot take words out of this kind of file".
func (pr *PackRedacter) Withheld() []string {
	var out []string
	for _, w := range pr.withheld {
		out = append(out, w[0]+": "+w[1])
	}
	return out
}

// WithheldCategory marks, in a pack's preview, a document left out of the
// pack whole because it cannot be redacted.
const WithheldCategory redact.Category = "withheld"

// PreviewChanges is Changes with each document left out of the pack as a
// change of its own (WithheldCategory), for the preview.
func (pr *PackRedacter) PreviewChanges() []RedactChange {
	out := slices.Clone(pr.changes)
	for _, w := range pr.withheld {
		out = append(out, RedactChange{Page: w[0], Category: WithheldCategory, Text: "the whole file",
			Before: w[1], After: "left out of the pack: only its description, redacted, is in it"})
	}
	return out
}

// CopyHeadline is the first thing said about a pack that is a copy rather
// than the family's whole record, on the command line (redress verify) and
// in the desktop's read-only window: "Redacted copy made on 5 December 2026
// from the family's record at checkpoint 12-...". Empty for a whole record.
func CopyHeadline(m pack.Manifest) string {
	made := m.Created
	if t, err := time.Parse(time.RFC3339, m.Created); err == nil {
		made = t.Format("2 January 2006")
	}
	switch {
	case m.Redaction != nil:
		return fmt.Sprintf("Redacted copy made on %s from the family's record at checkpoint %s.", made, m.Checkpoint)
	case len(m.LeftOut) > 0:
		return fmt.Sprintf("Copy made on %s of the family's record at checkpoint %s, with the notes of someone who received it left out.", made, m.Checkpoint)
	}
	return ""
}

// Changes lists every change made so far, for the preview.
func (pr *PackRedacter) Changes() []RedactChange { return pr.changes }

// seen returns a callback of redact.Redactor.Strings that lists what each
// changed text loses, at where.
func (pr *PackRedacter) seen(where string, changed *bool) func(before, after string) {
	return func(before, _ string) {
		*changed = true
		pr.changes = append(pr.changes, textChanges(pr.Redactor, where, before)...)
	}
}

// code is a field of a record that is an ID, a code or a media type: never
// searched (redact.Redactor.Strings leaves named string types alone).
type code string

// The content of each record type (store/FORMAT.md section 7), with the
// fields that are words as plain strings. Unknown fields are refused, so
// that a field added to the vault's records is never copied unredacted.
type (
	rCase struct {
		Title           string  `json:"title,omitempty"`
		Authority       string  `json:"authority,omitempty"`
		LocalTimescales *rLocal `json:"local_timescales,omitempty"`
	}
	rLocal struct {
		Stage1WD int    `json:"corporate_stage1_wd,omitempty"`
		Stage2WD int    `json:"corporate_stage2_wd,omitempty"`
		Source   string `json:"source,omitempty"`
	}
	rChild struct {
		ID       code              `json:"id"`
		Name     string            `json:"name,omitempty"`
		Born     casefile.Date     `json:"born,omitzero"`
		Mobility casefile.Mobility `json:"mobility,omitempty"`
	}
	rPerson struct {
		ID           code   `json:"id"`
		Name         string `json:"name,omitempty"`
		Role         string `json:"role,omitempty"`
		Organisation string `json:"organisation,omitempty"`
	}
	rAttrs struct {
		Type              code              `json:"type,omitempty"`
		S47               *bool             `json:"s47,omitempty"`
		Outcome           code              `json:"outcome,omitempty"`
		Agency            string            `json:"agency,omitempty"`
		Consent           *bool             `json:"consent,omitempty"`
		Alone             *bool             `json:"alone,omitempty"`
		Plan              *bool             `json:"plan,omitempty"`
		Stage             int               `json:"stage,omitempty"`
		Procedure         code              `json:"procedure,omitempty"`
		Description       string            `json:"description,omitempty"`
		Agencies          casefile.Agencies `json:"agencies,omitempty"`
		ReportShared      casefile.Date     `json:"report_shared,omitzero"`
		ParentsInvited    *bool             `json:"parents_invited,omitempty"`
		ExceptionRecorded *bool             `json:"exception_recorded,omitempty"`
		Accurate          *bool             `json:"accurate,omitempty"`
		Complete          *bool             `json:"complete,omitempty"`
		Subject           code              `json:"subject,omitempty"`
	}
	rEvent struct {
		ID        code                `json:"id"`
		Kind      casefile.Kind       `json:"kind"`
		Date      casefile.Date       `json:"date"`
		Time      casefile.Clock      `json:"time,omitzero"`
		Certainty casefile.Certainty  `json:"certainty,omitempty"`
		Detail    string              `json:"detail,omitempty"`
		Child     code                `json:"child,omitempty"`
		Attrs     *rAttrs             `json:"attrs,omitempty"`
		Evidence  []code              `json:"evidence,omitempty"`
		Quotes    []string            `json:"quotes,omitempty"`
		Status    casefile.FactStatus `json:"status,omitempty"`
	}
	rNote struct {
		ID        code              `json:"id"`
		Occurred  time.Time         `json:"occurred"`
		Recorded  time.Time         `json:"recorded"`
		Kind      casefile.NoteKind `json:"kind,omitempty"`
		People    []code            `json:"people,omitempty"`
		Text      string            `json:"text"`
		Events    []code            `json:"events,omitempty"`
		Documents []code            `json:"documents,omitempty"`
		Tags      []string          `json:"tags,omitempty"`
	}
	rDocument struct {
		ID        code          `json:"id"`
		Name      string        `json:"name,omitempty"`
		Type      code          `json:"type,omitempty"`
		Date      casefile.Date `json:"date,omitzero"`
		Source    string        `json:"source,omitempty"`
		SHA256    code          `json:"sha256,omitempty"`
		Size      int64         `json:"size,omitempty"`
		Blob      code          `json:"blob,omitempty"`
		ChunkSize int           `json:"chunk_size,omitempty"`
		Chunks    int64         `json:"chunks,omitempty"`
	}
	rLetter struct {
		ID      code          `json:"id"`
		Kind    code          `json:"kind,omitempty"`
		Title   string        `json:"title,omitempty"`
		Status  code          `json:"status,omitempty"`
		Sent    casefile.Date `json:"sent,omitzero"`
		Content []byte        `json:"content,omitempty"`
	}
)

// Content implements pack.Redacter: the record's content with every
// match replaced (a child's date of birth dropped when dates of birth are
// taken out), and whether anything changed.
func (pr *PackRedacter) Content(typ string, content []byte) ([]byte, bool, error) {
	var v any
	switch typ {
	case store.TypeCase:
		v = new(rCase)
	case store.TypeChild:
		v = new(rChild)
	case store.TypePerson:
		v = new(rPerson)
	case store.TypeEvent:
		v = new(rEvent)
	case store.TypeNote:
		v = new(rNote)
	case store.TypeDocument:
		v = new(rDocument)
	case store.TypeLetter:
		v = new(rLetter)
	default:
		return nil, false, fmt.Errorf("a record of type %q cannot be redacted", typ)
	}
	dec := json.NewDecoder(bytes.NewReader(content))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return nil, false, fmt.Errorf("read its content to redact it: %w", err)
	}
	changed := false
	pr.Redactor.Strings(v, pr.seen(pr.recordWhere(typ, v), &changed))
	switch x := v.(type) {
	case *rChild:
		if pr.Redactor.Spec().Has(redact.Births) && !x.Born.IsZero() {
			pr.changes = append(pr.changes, RedactChange{Page: pr.recordWhere(typ, v), Category: redact.Births, Text: x.Born.String(),
				Before: "born " + x.Born.String(), After: "(the date of birth is left out)"})
			x.Born, changed = casefile.Date{}, true
		}
	case *rLetter:
		if len(x.Content) > 0 {
			out, ch, err := pr.letter(x.Content, pr.recordWhere(typ, v))
			if err != nil {
				return nil, false, fmt.Errorf("letter %s: %w", x.ID, err)
			}
			x.Content, changed = out, changed || ch
		}
	}
	if !changed {
		return content, false, nil
	}
	out, err := json.Marshal(v)
	if err != nil {
		return nil, false, err
	}
	return out, true, nil
}

// recordWhere names a record's object for the preview, in words: "the
// journal entry of 14 October 2025", "the event of 13 October 2025
// (Strategy discussion)".
func (pr *PackRedacter) recordWhere(typ string, v any) string {
	switch x := v.(type) {
	case *rChild:
		return "A child in the record (" + string(x.ID) + ")"
	case *rPerson:
		return "A person in the record (" + string(x.ID) + ")"
	case *rEvent:
		return "The event of " + x.Date.Long() + " (" + x.Kind.Label() + ")"
	case *rNote:
		return "The journal entry of " + casefile.Today(x.Occurred).Long()
	case *rDocument:
		return "The description of the document “" + pr.Redactor.Replace(x.Name) + "”"
	case *rLetter:
		return "The letter “" + pr.Redactor.Replace(x.Title) + "”"
	}
	return "The case's title and council"
}

// letter redacts a letter's stored draft: the letter and what it was built
// from.
func (pr *PackRedacter) letter(content []byte, where string) ([]byte, bool, error) {
	st, err := letters.DecodeStored(content)
	if err != nil {
		return nil, false, err
	}
	changed := false
	pr.Redactor.Strings(st, pr.seen(where, &changed))
	if !changed {
		return content, false, nil
	}
	out, err := st.Encode()
	return out, true, err
}

// renderBound is the box, in pixels, a page is drawn to fit: an A4 page's
// long side at 150 dots per inch.
const renderBound = 1754

// Document implements pack.Redacter: the redacted rendering of a document
// and its text.
func (pr *PackRedacter) Document(ctx context.Context, d casefile.Document, data []byte, pages []store.PageText) (res pack.RedactedDocument, err error) {
	r := pr.Redactor
	base := strings.TrimSuffix(d.Name, filepath.Ext(d.Name))
	name := r.Replace(base)
	out := pack.RedactedDocument{Changed: name != base}
	where := "The document “" + r.Replace(d.Name) + "”"
	defer func() {
		if res.Withheld != "" {
			pr.withheld = append(pr.withheld, [2]string{where, res.Withheld})
		}
	}()
	switch documents.KindOf(d.Name, d.Type) {
	case documents.KindPDF, documents.KindImage:
		return pr.drawn(ctx, d, data, pages, name, where, out)
	case documents.KindDOCX, documents.KindEmail, documents.KindHTML, documents.KindText:
		t, err := pr.Reader.Extract(ctx, d.Name, d.Type, data)
		if err != nil {
			out.Withheld = "Redress could not read its words to take them out"
			return out, nil
		}
		var all []string
		for _, p := range t.Pages {
			pr.changes = append(pr.changes, textChanges(r, where, p.Text)...)
			red := r.Replace(p.Text)
			out.Changed = out.Changed || red != p.Text
			all = append(all, red)
			out.Pages = append(out.Pages, store.PageText{Page: p.Number, Text: red})
		}
		out.Name, out.Type = name+" (redacted text).txt", "text/plain; charset=utf-8"
		out.Data = []byte(strings.Join(all, "\n\n"))
		return out, nil
	}
	out.Withheld = "Redress cannot take words out of this kind of file (a recording, a video, an archive ...)"
	return out, nil
}

// drawn draws every page of a PDF or a picture as an image with the words
// to take out boxed in black, into a PDF of those images with no text
// layer. A page whose words cannot be read (a scan without Tesseract), or
// whose text holds words to take out that are not found among its words,
// withholds the document: it is never copied with words left in.
func (pr *PackRedacter) drawn(ctx context.Context, d casefile.Document, data []byte, pages []store.PageText, name, where string, out pack.RedactedDocument) (pack.RedactedDocument, error) {
	r := pr.Redactor
	n, err := pr.Reader.PageCount(ctx, d.Name, d.Type, data)
	if err != nil || n < 1 {
		out.Withheld = "Redress could not read its pages to draw them again"
		return out, nil
	}
	dpi := pr.DPI
	if dpi <= 0 {
		dpi = 150
	}
	text := map[int]string{}
	for _, p := range pages {
		text[p.Page] = p.Text
	}
	var imgs []pdfImage
	for pg := 1; pg <= n; pg++ {
		if err := ctx.Err(); err != nil {
			return out, err
		}
		words, err := PageWordsOf(ctx, pr.Vault, pr.Reader, pr.Case, d, data, pg)
		if err != nil {
			if errors.Is(err, documents.ErrNoOCR) {
				out.Withheld = fmt.Sprintf("the words on page %d could not be read (install Tesseract, tesseract-ocr), so nothing on it could be blacked out", pg)
			} else {
				out.Withheld = fmt.Sprintf("the words on page %d could not be read, so nothing on it could be blacked out", pg)
			}
			return out, nil
		}
		boxes, _ := r.Boxes(words)
		pt, _ := redact.PageText(words)
		pr.changes = append(pr.changes, textChanges(r, fmt.Sprintf("%s, page %d", where, pg), pt)...)
		if len(boxes) == 0 && len(r.Find(text[pg])) > 0 {
			out.Withheld = fmt.Sprintf("words to take out are in the text of page %d but could not be found on it to black out", pg)
			return out, nil
		}
		img, err := pr.Reader.RenderPage(ctx, d.Name, d.Type, data, pg, renderBound, renderBound)
		if err != nil {
			out.Withheld = fmt.Sprintf("page %d could not be drawn again", pg)
			return out, nil
		}
		jpg, w, h, err := blackedJPEG(img, boxes)
		if err != nil {
			return out, err
		}
		imgs = append(imgs, pdfImage{jpg: jpg, px: w, py: h, dpi: dpi})
		if len(boxes) > 0 {
			out.Changed = true
		}
		if t, ok := text[pg]; ok {
			red := r.Replace(t)
			out.Changed = out.Changed || red != t
			out.Pages = append(out.Pages, store.PageText{Page: pg, Text: red})
		}
	}
	out.Name, out.Type = name+" (redacted).pdf", "application/pdf"
	out.Data = imagePDF(imgs)
	return out, nil
}

// blackedJPEG draws the boxes black on a copy of img and encodes it.
func blackedJPEG(img image.Image, boxes []redact.Box) ([]byte, int, int, error) {
	b := img.Bounds()
	rgba := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(rgba, rgba.Bounds(), img, b.Min, draw.Src)
	redact.Black(rgba, boxes)
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, rgba, &jpeg.Options{Quality: 85}); err != nil {
		return nil, 0, 0, fmt.Errorf("encode a redacted page: %w", err)
	}
	return buf.Bytes(), b.Dx(), b.Dy(), nil
}

// pdfImage is one page of imagePDF: a JPEG of px x py pixels drawn at dpi.
type pdfImage struct {
	jpg    []byte
	px, py int
	dpi    int
}

// imagePDF writes a PDF whose pages are the images and nothing else: no
// text, no metadata, no fonts. It is deterministic.
func imagePDF(pages []pdfImage) []byte {
	var b bytes.Buffer
	var offsets []int
	obj := func(body string, stream []byte) {
		offsets = append(offsets, b.Len())
		fmt.Fprintf(&b, "%d 0 obj\n%s", len(offsets), body)
		if stream != nil {
			b.WriteString("\nstream\n")
			b.Write(stream)
			b.WriteString("\nendstream")
		}
		b.WriteString("\nendobj\n")
	}
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	kids := make([]string, len(pages))
	for i := range pages {
		kids[i] = fmt.Sprintf("%d 0 R", 3+3*i)
	}
	obj("<< /Type /Catalog /Pages 2 0 R >>", nil)
	obj(fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), len(pages)), nil)
	for i, p := range pages {
		w := float64(p.px) * 72 / float64(p.dpi)
		h := float64(p.py) * 72 / float64(p.dpi)
		content := []byte(fmt.Sprintf("q %.2f 0 0 %.2f 0 0 cm /Im0 Do Q", w, h))
		obj(fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.2f %.2f] /Resources << /XObject << /Im0 %d 0 R >> >> /Contents %d 0 R >>", w, h, 5+3*i, 4+3*i), nil)
		obj(fmt.Sprintf("<< /Length %d >>", len(content)), content)
		obj(fmt.Sprintf("<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode /Length %d >>", p.px, p.py, len(p.jpg)), p.jpg)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(offsets)+1)
	for _, o := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(offsets)+1, xref)
	return b.Bytes()
}
