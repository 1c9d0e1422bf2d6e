package bundle

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"image/draw"
	"image/jpeg"
	"slices"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"

	"github.com/redress-app/redress/documents"
	"github.com/redress-app/redress/letters/redact"
)

// Redaction takes words out of a bundle (Bundle.Redact). The text Redress
// makes (the cover, the index, the chronology, the findings, captions, text
// exhibits, and the bundle's title on every page) is replaced before it is
// laid out. An exhibit's page whose words hold a match, or whose text layer
// or any object it uses does, is drawn again as an image with a black box
// over each word found, and replaces the page: it keeps no text layer and
// no object of the original. Pages with no match are copied as they are.
// Originals are never attached to a redacted bundle, and the journal in its
// manifest discloses no record's content, only the chain of hashes.
type Redaction struct {
	Redactor *redact.Redactor
	// Reader draws the pages to redact, and finds their words when Words
	// is nil.
	Reader *documents.Reader
	// Words returns the words of page (from 1) of an item, data its bytes:
	// a vault keeps them from the import (casework.PageWordsOf). Nil means
	// Reader.PageWords.
	Words func(ctx context.Context, it *Item, data []byte, page int) ([]documents.Word, error)
	// DPI is the resolution redacted pages are drawn at; 0 means 150.
	DPI int
	// Changed are generated parts whose inputs the caller redacted before
	// giving them (the chronology's rows of the family's notes): their
	// pages are listed as redacted.
	Changed []PartKind
}

// RedactionChange is one thing a redaction takes out, for the preview.
type RedactionChange struct {
	Page     string // the bundle page's label ("C4"), or the part ("index", "chronology") for generated text
	Where    string // "minutes.pdf, page 2", "the chronology" ...
	Category redact.Category
	Text     string // what is taken out
	Before   string // the words around it, as they are
	After    string // the same words, redacted
}

// ManifestRedaction is what a redacted bundle's manifest says about it: the
// pages that are redacted copies (not what was taken out of them).
type ManifestRedaction struct {
	// Pages are the labels of the pages that differ from what an
	// unredacted bundle would show: exhibit pages drawn again with words
	// blacked out, and generated pages whose text had words replaced.
	Pages []string `json:"pages"`
}

// redacting is a plan's redaction as it goes: what changed where.
type redacting struct {
	r       *Redaction
	kinds   map[PartKind]bool // generated parts whose text changed
	changes []pendingChange
}

// pendingChange is a change whose page label is known only after layout.
type pendingChange struct {
	u    *unit // nil for generated text
	page int   // of u, from 1
	kind PartKind
	c    RedactionChange
}

// unitRedaction is what is redacted in one unit.
type unitRedaction struct {
	changed bool                 // its generated text changed (a text exhibit, a letter)
	pages   map[int][]redact.Box // exhibit pages (from 1) to draw again, with their boxes
}

// ErrRedaction reports a redaction that cannot be done as asked.
var ErrRedaction = errors.New("cannot redact the bundle")

// redactBundle returns a copy of b with every text Redress lays out
// redacted, originals not attached and the journal's contents withheld.
// b itself is not changed.
func redactBundle(b *Bundle) (*Bundle, *redacting, error) {
	if b.Redact == nil {
		return b, nil, nil
	}
	if b.Redact.Redactor == nil || b.Redact.Reader == nil {
		return nil, nil, fmt.Errorf("%w: no redactor or no reader", ErrRedaction)
	}
	rd := &redacting{r: b.Redact, kinds: map[PartKind]bool{}}
	for _, k := range b.Redact.Changed {
		rd.kinds[k] = true
	}
	r := b.Redact.Redactor
	cp := *b
	note := func(kind PartKind, where string) func(before, after string) {
		return func(before, _ string) {
			rd.kinds[kind] = true
			for _, ch := range r.Changes(before) {
				rd.changes = append(rd.changes, pendingChange{kind: kind, c: RedactionChange{Page: kind.String(), Where: where,
					Category: ch.Category, Text: ch.Text, Before: ch.Before, After: ch.After}})
			}
		}
	}
	for _, f := range []*string{&cp.Title, &cp.Case, &cp.Authority} {
		r.Strings(f, nil)
	}
	if cp.Title != b.Title || cp.Case != b.Case || cp.Authority != b.Authority {
		note(Cover, "the cover and the title on every page")(b.Title+" "+b.Case+" "+b.Authority, "")
	}
	cp.Sections = slices.Clone(b.Sections)
	for i := range cp.Sections {
		s := &cp.Sections[i]
		r.Strings(&s.Title, note(Index, "the index"))
		r.Strings(&s.Note, note(Index, "the index"))
		s.Parts = slices.Clone(s.Parts)
		for j := range s.Parts {
			if s.Parts[j].Item == nil {
				continue
			}
			it := *s.Parts[j].Item
			for _, f := range []*string{&it.Title, &it.Author, &it.Name, &it.Source} {
				r.Strings(f, note(Index, "the index and bookmarks"))
			}
			s.Parts[j].Item = &it
		}
	}
	cp.Chronology = slices.Clone(b.Chronology)
	for i := range cp.Chronology {
		r.Strings(&cp.Chronology[i].Event, note(Chronology, "the chronology"))
	}
	cp.Findings = slices.Clone(b.Findings)
	for i := range cp.Findings {
		r.Strings(&cp.Findings[i], note(Findings, "the schedule of findings"))
	}
	cp.Notes = slices.Clone(b.Notes)
	r.Strings(&cp.Notes, nil)
	if cp.AttachOriginals {
		cp.AttachOriginals = false
		cp.Notes = append(cp.Notes, "The originals are not attached: this bundle is redacted, and an original would hold what was taken out.")
	}
	cp.Journal = make([]json.RawMessage, len(b.Journal))
	for i, raw := range b.Journal {
		var m map[string]json.RawMessage
		if err := json.Unmarshal(raw, &m); err != nil {
			return nil, nil, fmt.Errorf("%w: journal record %d is not an object", ErrRedaction, i+1)
		}
		delete(m, "salt")
		delete(m, "content")
		out, err := json.Marshal(m)
		if err != nil {
			return nil, nil, fmt.Errorf("%w: %v", ErrRedaction, err)
		}
		cp.Journal[i] = out
	}
	return &cp, rd, nil
}

// redactUnit finds what to redact in a unit Prepare has just read: a text
// exhibit's words are replaced; each page of a PDF or a picture is searched
// through its words (the text layer, or OCR for a scan) and, for a PDF,
// every object the page uses.
func (p *Plan) redactUnit(ctx context.Context, u *unit, data []byte) {
	rd := p.red
	if rd == nil || u.part.Kind != Document {
		return
	}
	it := u.item()
	r := rd.r.Redactor
	ur := &unitRedaction{pages: map[int][]redact.Box{}}
	u.redact = ur
	if it.Redacted {
		ur.changed = true
	}
	switch u.kind {
	case fromGen:
		if u.shown == ShownText {
			for _, ch := range r.Changes(u.text) {
				rd.changes = append(rd.changes, pendingChange{u: u, page: 1, c: RedactionChange{Where: it.Label(),
					Category: ch.Category, Text: ch.Text, Before: ch.Before, After: ch.After}})
			}
			if t := r.Replace(u.text); t != u.text {
				u.text, ur.changed = t, true
			}
		}
		return
	case fromImage, fromPDF:
	default:
		return
	}
	var xt *model.XRefTable
	var ps []page
	if u.kind == fromPDF {
		conf := pdfConf()
		conf.Cmd = model.VALIDATE
		pc, err := readPDF(data, conf)
		if err == nil {
			xt = pc.XRefTable
			ps, err = pages(xt)
		}
		if err != nil || len(ps) != u.pages {
			// It was read a moment ago: draw every page again rather
			// than copy one that cannot be checked.
			for pg := 1; pg <= u.pages; pg++ {
				ur.pages[pg] = nil
			}
			p.report.add(ProblemRedacted, it.ID, p.label(u), "%s could not be searched object by object, so every page of it is drawn again as an image.", it.Label())
			return
		}
	}
	var unread []int
	for pg := 1; pg <= u.pages; pg++ {
		if ctx.Err() != nil {
			return
		}
		words, err := rd.words(ctx, it, data, pg)
		if err != nil {
			unread = append(unread, pg)
		}
		boxes, ms := r.Boxes(words)
		text, _ := redact.PageText(words)
		for _, m := range ms {
			s, e := m.Start, m.End
			ch := r.Changes(text[max(0, s-60):min(len(text), e+60)])
			for _, c := range ch {
				if c.Text == text[s:e] {
					rd.changes = append(rd.changes, pendingChange{u: u, page: pg, c: RedactionChange{
						Where: fmt.Sprintf("%s, page %d", it.Label(), pg), Category: m.Category, Text: c.Text, Before: c.Before, After: c.After}})
					break
				}
			}
		}
		hidden := xt != nil && objectsHold(xt, ps[pg-1], r)
		if len(boxes) > 0 || hidden {
			ur.pages[pg] = boxes
		}
		if hidden && len(boxes) == 0 {
			rd.changes = append(rd.changes, pendingChange{u: u, page: pg, c: RedactionChange{
				Where: fmt.Sprintf("%s, page %d", it.Label(), pg), Text: "(in the page's hidden text or objects)",
				Before: "words to take out that are not shown where they can be boxed", After: "the page drawn again as an image, with no text layer"}})
		}
	}
	// A page drawn again as an image gets no text layer: the OCR words
	// read for it hold what is taken out.
	for pg := range ur.pages {
		if u.ocr[pg] {
			delete(u.ocr, pg)
			p.ocrPages--
		}
	}
	if len(unread) > 0 {
		p.report.add(ProblemRedacted, it.ID, p.label(u), "The words on %s of %s could not be read (%s), so nothing on them could be found to black out: they are reproduced as they are. Check them by eye before sharing this bundle.",
			pageList(unread), it.Label(), "for a scan, install Tesseract for OCR")
	}
}

// words returns the words of one page of an item.
func (rd *redacting) words(ctx context.Context, it *Item, data []byte, page int) ([]documents.Word, error) {
	if rd.r.Words != nil {
		return rd.r.Words(ctx, it, data, page)
	}
	return rd.r.Reader.PageWords(ctx, it.Name, it.Type, data, page)
}

// ProblemRedacted is a pre-flight problem about redaction: a page whose
// words could not be read, or an exhibit drawn again whole.
const ProblemRedacted = "redaction"

// objectsHold reports whether anything the page uses, other than through
// the words of its text layer, holds a match: a string (an annotation, a
// form field, a name), or a content stream's text in the clear. Such a page
// is drawn again even when no word on it is boxed.
func objectsHold(xt *model.XRefTable, pg page, r *redact.Redactor) bool {
	seen := map[int]bool{}
	budget := 64 << 20 // bytes of decoded streams searched, at most
	var visit func(o types.Object, depth int) bool
	visit = func(o types.Object, depth int) bool {
		if depth > 40 {
			return false
		}
		switch v := o.(type) {
		case types.IndirectRef:
			n := v.ObjectNumber.Value()
			if seen[n] {
				return false
			}
			seen[n] = true
			d, err := xt.Dereference(v)
			if err != nil {
				return false
			}
			return visit(d, depth+1)
		case types.StringLiteral, types.HexLiteral:
			return len(r.Find(textOf(xt, v))) > 0
		case types.Name:
			return len(r.Find(string(v))) > 0
		case types.Array:
			for _, e := range v {
				if visit(e, depth+1) {
					return true
				}
			}
		case types.Dict:
			for k, e := range v {
				if k == "Parent" || k == "P" {
					continue
				}
				if visit(e, depth+1) {
					return true
				}
			}
		case types.StreamDict:
			if visit(v.Dict, depth+1) {
				return true
			}
			if st := v.Dict.NameEntry("Subtype"); st != nil && *st == "Image" {
				return false
			}
			if budget <= 0 {
				return true // too much to search: draw it again
			}
			if err := v.DecodeWithLimit(int64(budget)); err != nil {
				return false
			}
			budget -= len(v.Content)
			return len(r.Find(string(v.Content))) > 0
		}
		return false
	}
	return visit(pg.dict, 0) || visit(pg.res, 0)
}

// redactedPages returns the labels of the pages that are redacted copies.
func (p *Plan) redactedPages() []string {
	if p.red == nil {
		return nil
	}
	labels := []string{}
	for _, u := range p.units {
		switch {
		case u.part.Kind != Document && p.red.kinds[u.part.Kind],
			u.redact != nil && u.redact.changed:
			for i := range u.pages {
				labels = append(labels, p.labelOf(u.first+i))
			}
		case u.redact != nil:
			for i := range u.pages {
				if _, ok := u.redact.pages[i+1]; ok {
					labels = append(labels, p.labelOf(u.first+i))
				}
			}
		}
	}
	return labels
}

// Redactions lists everything the plan's redaction takes out, in the order
// of the bundle's pages where it can, for the preview. Nil when the bundle
// is not redacted.
func (p *Plan) Redactions() []RedactionChange {
	if p.red == nil {
		return nil
	}
	out := make([]RedactionChange, 0, len(p.red.changes))
	for _, pc := range p.red.changes {
		c := pc.c
		if pc.u != nil {
			c.Page = p.labelOf(pc.u.first + pc.page - 1)
		} else {
			for _, u := range p.units {
				if u.part.Kind == pc.kind {
					c.Page = p.rangeOf(u)
					break
				}
			}
		}
		out = append(out, c)
	}
	return out
}

// Redacted reports whether the plan is for a redacted bundle.
func (p *Plan) Redacted() bool { return p.red != nil }

// manifestRedaction is the manifest's redaction entry (nil when the bundle
// is not redacted).
func (p *Plan) manifestRedaction() *ManifestRedaction {
	if p.red == nil {
		return nil
	}
	return &ManifestRedaction{Pages: p.redactedPages()}
}

// manifestRedaction is the redaction entry of the file being written: in a
// volume, its own pages that are redacted, and its own index when the
// index's text had words replaced.
func (a *assembler) manifestRedaction() *ManifestRedaction {
	mr := a.p.manifestRedaction()
	if mr == nil || a.vol.Of <= 1 {
		return mr
	}
	in := map[string]bool{}
	for g := a.lo; g < a.hi; g++ {
		in[a.p.labelOf(g)] = true
	}
	pages := []string{}
	if a.p.red.kinds[Index] {
		for i := range a.pre {
			pages = append(pages, indexLabel(a.vol.Number, i))
		}
	}
	for _, l := range mr.Pages {
		if in[l] {
			pages = append(pages, l)
		}
	}
	return &ManifestRedaction{Pages: pages}
}

// checkRedaction validates a manifest's redaction entry.
func checkRedaction(m *Manifest, seen map[string]bool) error {
	if m.Redaction == nil {
		return nil
	}
	own := map[string]bool{}
	for _, p := range m.VolumeIndex {
		own[p.Label] = true
	}
	for _, l := range m.Redaction.Pages {
		if !seen[l] && !own[l] {
			return fmt.Errorf("%w: it says page %q is redacted, which the bundle does not have", errBadMF, l)
		}
	}
	return nil
}

// redactedExhibit writes an exhibit some of whose pages are drawn again:
// it is read again and checked as exhibit does, each page to redact is
// drawn with the reader and its boxes blacked out and placed on a page of
// its own, and the others are copied.
func (a *assembler) redactedExhibit(ctx context.Context, u *unit, labels []string) error {
	it := u.item()
	data, err := readAll(ctx, it, a.p.opt.MaxItemSize, nil)
	if err != nil {
		return fmt.Errorf("read it again: %w", err)
	}
	if sum := sha256.Sum256(data); hex.EncodeToString(sum[:]) != u.sha256 {
		return errors.New("its bytes changed while the bundle was being built (they no longer match the SHA-256 read a moment before); build the bundle again")
	}
	rd := a.p.red.r
	dpi := rd.DPI
	if dpi <= 0 {
		dpi = 150
	}
	if u.kind == fromImage {
		boxes := u.redact.pages[1]
		img, err := rd.Reader.RenderPage(ctx, it.Name, it.Type, data, 1, u.img.w, u.img.h)
		if err != nil {
			return fmt.Errorf("draw it to redact it: %w", err)
		}
		jpg, err := blackJPEG(img, boxes)
		if err != nil {
			return err
		}
		pic := *u.img
		b := img.Bounds()
		pic.format, pic.w, pic.h = "jpeg", b.Dx(), b.Dy()
		orig := u.img
		u.img = &pic
		s, pg, err := a.imagePage(u, jpg, nil)
		u.img = orig
		if err != nil {
			return err
		}
		if err := a.emit(s, pg, labels[u.first], nil, placing{}); err != nil {
			return err
		}
		return a.drain(s)
	}
	conf := pdfConf()
	conf.Cmd = model.VALIDATE
	pc, err := readPDF(data, conf)
	if err != nil {
		return fmt.Errorf("read it again: %w", err)
	}
	return a.exhibitPages(ctx, u, pc.XRefTable, 1, func(s *source, j int, pg page, w, h float64, pl placing) error {
		boxes, redacted := u.redact.pages[j+1]
		if !redacted {
			return a.copyPage(s, pg, labels[u.first+j], pl)
		}
		pl.layer = nil // drawn again as an image: no text layer (see redactUnit)
		wpx, hpx := max(1, int(w*float64(dpi)/72)), max(1, int(h*float64(dpi)/72))
		img, err := rd.Reader.RenderPage(ctx, it.Name, "application/pdf", data, j+1, wpx, hpx)
		if err != nil {
			return fmt.Errorf("draw page %d to redact it: %w", j+1, err)
		}
		jpg, err := blackJPEG(img, boxes)
		if err != nil {
			return err
		}
		rs, rp, err := a.rasterPage(a.rel(u.first+j), jpg, img.Bounds().Dx(), img.Bounds().Dy(), w, h)
		if err != nil {
			return fmt.Errorf("page %d: %w", j+1, err)
		}
		return a.copyPage(rs, rp, labels[u.first+j], pl)
	})
}

// blackJPEG draws the boxes black on a copy of img and encodes it as JPEG.
func blackJPEG(img image.Image, boxes []redact.Box) ([]byte, error) {
	b := img.Bounds()
	rgba := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(rgba, rgba.Bounds(), img, b.Min, draw.Src)
	redact.Black(rgba, boxes)
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, rgba, &jpeg.Options{Quality: 85}); err != nil {
		return nil, fmt.Errorf("encode the redacted page: %w", err)
	}
	return buf.Bytes(), nil
}

// rasterPage makes a page of w x h points, in a PDF of its own, filled by
// a JPEG of px x py pixels: a redacted page, which holds nothing else.
func (a *assembler) rasterPage(idx int, jpg []byte, px, py int, w, h float64) (*source, page, error) {
	sc, err := pdfcpu.CreateContextWithXRefTable(pdfConf(), &types.Dim{Width: w, Height: h})
	if err != nil {
		return nil, page{}, err
	}
	xt := sc.XRefTable
	s, err := a.newSource(xt)
	if err != nil {
		return nil, page{}, err
	}
	sd, err := model.CreateDCTImageStreamDict(xt, jpg, px, py, 8, "DeviceRGB")
	if err != nil {
		return nil, page{}, err
	}
	imgRef, err := xt.IndRefForNewObject(*sd)
	if err != nil {
		return nil, page{}, err
	}
	content, err := newStream(xt, []byte(fmt.Sprintf("q %s 0 0 %s 0 0 cm /Im0 Do Q\n", f2(w), f2(h))))
	if err != nil {
		return nil, page{}, err
	}
	res := types.Dict{"XObject": types.Dict{"Im0": *imgRef}}
	media := types.NewNumberArray(0, 0, w, h)
	d := types.Dict{"Type": types.Name("Page"), "MediaBox": media, "Resources": res, "Contents": content}
	ref, err := xt.IndRefForNewObject(d)
	if err != nil {
		return nil, page{}, err
	}
	s.page[ref.ObjectNumber.Value()] = idx
	return s, page{ref: *ref, dict: d, res: res, media: media}, nil
}

// redactReasons replaces the matches in what the placeholder pages say
// (an error can name a file), once every item is read.
func (p *Plan) redactReasons() {
	if p.red == nil {
		return
	}
	for _, u := range p.units {
		if u.shown != ShownPlaceholder {
			continue
		}
		if r := p.red.r.Redactor.Replace(u.reason); r != u.reason {
			u.reason = r
			if u.redact == nil {
				u.redact = &unitRedaction{pages: map[int][]redact.Box{}}
			}
			u.redact.changed = true
		}
	}
}
