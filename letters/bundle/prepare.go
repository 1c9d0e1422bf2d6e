package bundle

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	_ "image/gif" // photographs may come as GIF
	_ "image/jpeg"
	_ "image/png"
	"io"
	"net/http"
	"runtime"
	"slices"
	"strings"
	"unicode/utf8"

	"codeberg.org/go-pdf/fpdf"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
)

// How an item appears in the bundle (Exhibit.Shown in the manifest).
const (
	ShownPDF         = "pdf"         // its own pages
	ShownImage       = "image"       // a picture placed on an A4 page
	ShownText        = "text"        // a text file set on A4 pages
	ShownPlaceholder = "placeholder" // a page saying why it is not reproduced
)

// unitKind says where a unit's pages come from.
type unitKind int

const (
	fromGen   unitKind = iota + 1 // pages of the generated document (front matter, placeholders, text)
	fromPDF                       // an exhibit's own PDF
	fromImage                     // an image placed on a page made here
)

// unit is one part of the bundle as laid out.
type unit struct {
	section int
	part    Part
	kind    unitKind
	shown   string
	reason  string // why a placeholder
	note    string // a remark for the index ("was protected against copying")

	img      *picture // fromImage
	text     string   // ShownText
	pages    int
	textless []int // pages (from 1) with no text layer
	// ocr are the textless pages (from 1) that get a text layer from the
	// words OCR read; the others in textless have none (ocrWhy says why).
	ocr    map[int]bool
	ocrWhy string
	// wordless are the textless pages (from 1) in which OCR ran and found
	// no words: in a picture, a photograph with nothing to search.
	wordless []int

	sha256 string // of the bytes read
	size   int64

	redact *unitRedaction // what a redacted bundle takes out of it (redact.go)

	index int // in the plan's units

	first int // index of its first page in the bundle, from 0
}

func (u *unit) item() *Item { return u.part.Item }

// picture is a photograph to place on a page. Its bytes are not kept:
// Write reads them again.
type picture struct {
	format      string // jpeg, png, gif
	w, h        int
	orientation int // EXIF orientation, 1 when none
	caption     []string
}

// Plan is a bundle ready to be written: every item read and checked, the
// front matter laid out, the page labels known.
type Plan struct {
	b      *Bundle
	opt    Options
	units  []*unit
	report Report
	gen    *generated
	total  int
	used   bool
	red    *redacting // set in a redacted bundle (redact.go)
	// buf holds one item's bytes at a time, reused from item to item by
	// Prepare and Write: nothing may keep a reference into it.
	buf []byte
	// runes are the characters of the words OCR read, which the text
	// layers use; ocrPages counts the pages that get one.
	runes     map[rune]bool
	ascii     [utf8.RuneSelf]bool // the ASCII characters in runes
	ocrPages  int
	ocrFailed []OCRFailure
	// What the guidance checklist needs: landscape pages, the highest
	// resolution of an image, and the images finer than 300 dpi that are
	// scaled down for the bundle or (not baseline JPEG, say) kept.
	landscape, scale300, kept300 int
	maxDPI                       float64
	// docs are the front matter's first layout passes' documents, made on
	// the other core while the items are read (see startDocs).
	docs  chan *fpdf.Fpdf
	ahead int // documents in or still coming into docs
}

// Report is what the pre-flight found.
type Report struct {
	Pages    int       // pages the bundle will have
	Items    int       // documents in it
	Problems []Problem // in the order found: bundle-wide ones last
	// Guidance lists each point of the guidance the bundle's style follows
	// and whether the bundle meets it.
	Guidance []GuidancePoint
}

// Problem is one thing the pre-flight found. None of them stops the bundle
// being built; each says what was done about it.
type Problem struct {
	Kind    string // one of the Problem kinds below
	Item    string // the item's ID, or "" for the bundle as a whole
	Section string // the section's label, when it is about one
	Message string // in plain words, with what was done about it
}

// Problem kinds.
const (
	ProblemUndated     = "undated"
	ProblemNoText      = "no-text"
	ProblemDuplicate   = "duplicate"
	ProblemUnreadable  = "unreadable" // could not be read from the record, or altered
	ProblemBroken      = "broken"     // a damaged PDF or image
	ProblemEncrypted   = "encrypted"  // needs a password (left out) or was restricted (included)
	ProblemUnsupported = "unsupported"
	ProblemOverLimit   = "over-limit"
	ProblemEmpty       = "empty-section"
	ProblemNoEntries   = "no-entries" // an empty chronology or schedule of findings
	ProblemEvidence    = "evidence"   // a chronology reference to something not in the bundle
	ProblemNote        = "note"       // a Bundle.Notes entry
)

func (r *Report) add(kind, item, section, format string, args ...any) {
	r.Problems = append(r.Problems, Problem{Kind: kind, Item: item, Section: section, Message: fmt.Sprintf(format, args...)})
}

// Report returns the pre-flight report.
func (p *Plan) Report() Report { return p.report }

// Pages returns the number of pages the bundle will have.
func (p *Plan) Pages() int { return p.total }

// Prepare reads and checks every item of b and lays the bundle out. It
// fails only when b itself is malformed (ErrSpec), the context is cancelled,
// or the front matter cannot be laid out; a bad item is isolated and
// reported.
func Prepare(ctx context.Context, b *Bundle, opt Options) (*Plan, error) {
	if err := b.check(); err != nil {
		return nil, err
	}
	// Collect what the caller left behind before starting: opening a vault
	// derives its key with 64 MiB of memory, and without a collection the
	// garbage collector lets the heap grow to twice that before it runs,
	// which the bundle's work would fill (measured: 176 MB peak for a
	// bundle of 12 scans, 106 MB with this). Bundling works one exhibit at
	// a time and needs far less.
	runtime.GC()
	if opt.PageLimit <= 0 {
		opt.PageLimit = DefaultPageLimit
	}
	if opt.MaxItemSize <= 0 {
		opt.MaxItemSize = 1 << 30
	}
	b, red, err := redactBundle(b)
	if err != nil {
		return nil, err
	}
	p := &Plan{b: b, opt: opt, runes: map[rune]bool{}, red: red}
	p.startDocs()
	docs := 0
	for si, s := range b.Sections {
		for _, part := range s.Parts {
			u := &unit{section: si, part: part, kind: fromGen, index: len(p.units)}
			if part.Kind == Document {
				docs++
			}
			p.units = append(p.units, u)
		}
	}
	done := 0
	for _, u := range p.units {
		if u.part.Kind != Document {
			continue
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		p.progress(Progress{Stage: "reading", Done: done, Total: docs, What: u.item().Label()})
		p.load(ctx, u)
		done++
	}
	p.progress(Progress{Stage: "reading", Done: done, Total: docs})
	p.redactReasons()
	p.buf = nil // not held while the plan waits to be written
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	p.checks()
	for _, n := range b.Notes {
		p.report.add(ProblemNote, "", "", "%s", n)
	}
	p.progress(Progress{Stage: "laying out", Done: 0, Total: 1})
	if err := p.layout(); err != nil {
		return nil, err
	}
	p.progress(Progress{Stage: "laying out", Done: 1, Total: 1})
	p.report.Pages = p.total
	p.report.Items = docs
	p.report.Guidance = p.guidance()
	// The 350 pages are the family court's limit; the judiciary's general
	// guidance, which the court style follows, sets none.
	if p.total > opt.PageLimit && b.Style != StyleCourt {
		p.report.add(ProblemOverLimit, "", "",
			"The bundle has %d pages, more than %d, the usual limit for a family court bundle (Practice Direction 27A; check the current text and any direction the court made). Leave out what the court does not need, or ask the court's permission.",
			p.total, opt.PageLimit)
	}
	return p, nil
}

func (p *Plan) progress(pr Progress) {
	if p.opt.Progress != nil {
		p.opt.Progress(pr)
	}
}

// placeholder makes u a page that says why the item is not reproduced.
func (u *unit) placeholder(reason string) {
	u.kind, u.shown, u.reason = fromGen, ShownPlaceholder, reason
	u.img, u.text = nil, ""
}

// load reads one item and decides how it is shown.
func (p *Plan) load(ctx context.Context, u *unit) {
	it := u.item()
	data, err := readAll(ctx, it, p.opt.MaxItemSize, p.buf)
	if cap(data) > cap(p.buf) {
		p.buf = data[:0]
	}
	if err != nil {
		u.placeholder("It could not be read from the record: " + err.Error() + ".")
		p.report.add(ProblemUnreadable, it.ID, p.label(u), "%s could not be read from the record (%v). A page in the bundle says so.", it.Label(), err)
		return
	}
	kind := sniff(data, it)
	// A PDF is parsed on one core while its SHA-256 is worked out on the
	// other; what was parsed is used only if the SHA-256 is right. (Both
	// are done before load returns: the next item reuses data's buffer.)
	var parsed chan pdfRead
	if kind == "pdf" {
		parsed = make(chan pdfRead, 1)
		go func() {
			conf := pdfConf()
			// Read as for validation, not merging: pdfcpu refuses encrypted
			// files when merging, but decrypts one that opens without a
			// password when reading it for anything else.
			conf.Cmd = model.VALIDATE
			pc, err := readPDF(data, conf)
			parsed <- pdfRead{pc, err}
		}()
	}
	sum := sha256.Sum256(data)
	u.sha256, u.size = hex.EncodeToString(sum[:]), int64(len(data))
	if !it.Generated && it.SHA256 != "" && !strings.EqualFold(it.SHA256, u.sha256) {
		if parsed != nil {
			<-parsed
		}
		u.placeholder("Its bytes do not match the SHA-256 recorded when it was imported, so it is not reproduced.")
		p.report.add(ProblemUnreadable, it.ID, p.label(u), "%s does not match the SHA-256 recorded when it was imported: it has been altered or damaged. It is left out and a page says so.", it.Label())
		return
	}
	switch kind {
	case "pdf":
		r := <-parsed
		pc, err := r.ctx, r.err
		switch {
		case errors.Is(err, errPassword):
			u.placeholder("It is protected by a password, so Redress cannot reproduce its pages. Remove the protection (or ask whoever sent it for an unprotected copy) and build the bundle again.")
			p.report.add(ProblemEncrypted, it.ID, p.label(u), "%s is protected by a password: it is left out and a page says so.", it.Label())
			return
		case err != nil:
			u.placeholder("It is not a PDF that can be read reliably (" + shorten(err.Error(), 160) + "), so its pages are not reproduced.")
			p.report.add(ProblemBroken, it.ID, p.label(u), "%s is a damaged or invalid PDF (%s): it is left out and a page says so.", it.Label(), shorten(err.Error(), 160))
			return
		}
		if pc.XRefTable.Encrypt != nil {
			u.note = "was restricted (for example against copying); it opens without a password and is reproduced"
			p.report.add(ProblemEncrypted, it.ID, p.label(u), "%s was restricted against copying or printing; it opens without a password, so it is included without the restriction.", it.Label())
		}
		ps, err := pages(pc.XRefTable)
		if err != nil {
			u.placeholder("Its page tree is damaged (" + err.Error() + "), so its pages are not reproduced.")
			p.report.add(ProblemBroken, it.ID, p.label(u), "%s has a damaged page tree (%v): it is left out and a page says so.", it.Label(), err)
			return
		}
		// The parsed PDF is not kept: Write reads it again, so that
		// memory does not grow with the exhibits.
		u.kind, u.shown, u.pages = fromPDF, ShownPDF, len(ps)
		for _, pg := range ps {
			vb := pg.visible(pc.XRefTable)
			w, h := vb.w(), vb.h()
			if pg.rotate == 90 || pg.rotate == 270 {
				w, h = h, w
			}
			if w > h {
				p.landscape++
			}
			d, scalable, kept := imageDPI(pc.XRefTable, pg.res, max(w, h))
			p.maxDPI = max(p.maxDPI, d)
			p.scale300 += scalable
			p.kept300 += kept
		}
		for i, pg := range ps {
			if !hasText(pc.XRefTable, pg.res, 0) {
				u.textless = append(u.textless, i+1)
			}
		}
		p.readWords(ctx, u)
		if rest := u.noText(); len(rest) > 0 {
			what := "has no text layer on any page"
			if len(rest) < u.pages {
				what = "has no text layer on " + pageList(rest)
			}
			p.report.add(ProblemNoText, it.ID, p.label(u), "%s %s (a scan?)%s: its words cannot be searched or copied there. Run it through OCR and import the result if that matters.", it.Label(), what, u.ocrWhy)
		}
	case "jpeg", "png", "gif":
		cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
		if err != nil || cfg.Width < 1 || cfg.Height < 1 || cfg.Width > 30000 || cfg.Height > 30000 {
			why := "its size is not sensible"
			if err != nil {
				why = err.Error()
			}
			u.placeholder("It is an image that cannot be read (" + shorten(why, 120) + ").")
			p.report.add(ProblemBroken, it.ID, p.label(u), "%s is a damaged image (%s): it is left out and a page says so.", it.Label(), shorten(why, 120))
			return
		}
		pic := &picture{format: kind, w: cfg.Width, h: cfg.Height, orientation: 1}
		if kind == "jpeg" {
			pic.orientation = exifOrientation(data)
		}
		u.kind, u.shown, u.img, u.pages, u.textless = fromImage, ShownImage, pic, 1, []int{1}
		if d := pictureDPI(pic); d > overDPI {
			p.maxDPI = max(p.maxDPI, d)
			if kind == "gif" {
				p.kept300++
			} else {
				p.scale300++
			}
		} else {
			p.maxDPI = max(p.maxDPI, d)
		}
		p.readWords(ctx, u)
		if len(u.noText()) > 0 {
			p.report.add(ProblemNoText, it.ID, p.label(u), "%s is a picture: it has no text layer (only its caption can be searched)%s.", it.Label(), u.ocrWhy)
		}
	case "text":
		u.kind, u.shown, u.text = fromGen, ShownText, string(data)
	default:
		t := it.Type
		if t == "" {
			t = http.DetectContentType(data)
		}
		u.placeholder(fmt.Sprintf("It is a file of type %s, which cannot be shown as pages. Its details and SHA-256 are below%s.", t, map[bool]string{true: "; the original is attached to this PDF", false: ""}[p.b.AttachOriginals]))
		p.report.add(ProblemUnsupported, it.ID, p.label(u), "%s is a %s file, which cannot be shown as pages: a page lists it instead%s.", it.Label(), t, map[bool]string{true: " and the original is attached", false: ""}[p.b.AttachOriginals])
	}
	p.redactUnit(ctx, u, data)
}

// readWords asks for the words OCR read on u's pages without a text layer,
// notes which get a text layer, and keeps every character they use (for
// the font) but not the words: Write asks for them again.
func (p *Plan) readWords(ctx context.Context, u *unit) {
	it := u.item()
	if len(u.textless) == 0 {
		return
	}
	if it.Words == nil {
		u.ocrWhy = "; no words read by OCR were given for it"
		return
	}
	var failed, empty []int
	var why string
	for _, n := range u.textless {
		if ctx.Err() != nil {
			return
		}
		words, err := callWords(ctx, it, n)
		if err != nil {
			failed = append(failed, n)
			if why == "" {
				why = err.Error()
			}
			continue
		}
		if len(words) == 0 {
			empty = append(empty, n)
			continue
		}
		if u.ocr == nil {
			u.ocr = map[int]bool{}
		}
		u.ocr[n] = true
		for _, w := range words {
			for _, r := range safe(w.Text) {
				// Most are ASCII: a map write for every character of
				// every word was most of readWords' own time.
				if r < utf8.RuneSelf {
					if !p.ascii[r] {
						p.ascii[r] = true
						p.runes[r] = true
					}
					continue
				}
				p.runes[r] = true
			}
		}
	}
	var bits []string
	if len(failed) > 0 {
		bits = append(bits, fmt.Sprintf("OCR failed on %s (%s)", pageList(failed), shorten(why, 120)))
		p.ocrFailed = append(p.ocrFailed, OCRFailure{Item: it.ID, Pages: failed, Reason: why})
	}
	if len(empty) > 0 {
		bits = append(bits, "OCR found no words on "+pageList(empty))
		u.wordless = empty
	}
	if len(bits) > 0 {
		u.ocrWhy = "; " + strings.Join(bits, "; ")
	}
	p.ocrPages += len(u.ocr)
}

// OCRFailure is an item whose pages without a text layer could not be
// given one because reading their words failed.
type OCRFailure struct {
	Item   string
	Pages  []int // from 1
	Reason string
}

// callWords asks an item for a page's words, turning a panic into an error.
func callWords(ctx context.Context, it *Item, page int) (words []Word, err error) {
	defer func() {
		if r := recover(); r != nil {
			words, err = nil, fmt.Errorf("reading its words failed (%v)", r)
		}
	}()
	return it.Words(ctx, page)
}

// noText returns the pages (from 1) that have no text layer and get none.
func (u *unit) noText() []int {
	var out []int
	for _, n := range u.textless {
		if !u.ocr[n] {
			out = append(out, n)
		}
	}
	return out
}

// pdfRead is a PDF parsed (or not) by readPDF.
type pdfRead struct {
	ctx *model.Context
	err error
}

// readAll reads an item's bytes, at most max of them, into buf if it is
// large enough (the caller must not keep the bytes once it reads another
// item into the same buffer).
func readAll(ctx context.Context, it *Item, max int64, buf []byte) (data []byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			data, err = nil, fmt.Errorf("reading it failed (%v)", r)
		}
	}()
	rc, err := it.Open(ctx)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	// One buffer of the recorded size (and a byte more, to see a longer
	// file), or buf when it is large enough: new memory costs a page
	// fault for every 4 KB of it, which for scans was as much as the
	// reading.
	n := 64 << 10
	if it.Size > 0 && it.Size <= max {
		n = int(it.Size) + 1
	}
	if cap(buf) >= n {
		data = buf[:0]
	} else {
		data = make([]byte, 0, n)
	}
	lr := io.LimitReader(rc, max+1)
	for {
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
		k, err := lr.Read(data[len(data):cap(data)])
		data = data[:len(data)+k]
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	if int64(len(data)) > max {
		return nil, fmt.Errorf("it is larger than %d MB", max>>20)
	}
	return data, nil
}

// sniff decides from the bytes (and, for text, the recorded type) how an
// item can be shown: "pdf", "jpeg", "png", "gif", "text" or "".
func sniff(data []byte, it *Item) string {
	head := data[:min(len(data), 1024)]
	switch {
	case bytes.Contains(head, []byte("%PDF-")):
		return "pdf"
	case bytes.HasPrefix(data, []byte{0xFF, 0xD8, 0xFF}):
		return "jpeg"
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return "png"
	case bytes.HasPrefix(data, []byte("GIF87a")), bytes.HasPrefix(data, []byte("GIF89a")):
		return "gif"
	}
	t := strings.ToLower(it.Type)
	textual := strings.HasPrefix(t, "text/plain") || strings.HasPrefix(t, "message/rfc822") ||
		strings.HasSuffix(strings.ToLower(it.Name), ".txt") || strings.HasSuffix(strings.ToLower(it.Name), ".eml")
	if textual && utf8.Valid(data) && !bytes.ContainsRune(data, 0) && len(data) <= 4<<20 {
		return "text"
	}
	return ""
}

// pageList writes page numbers as "pages 1-3, 5".
func pageList(ps []int) string {
	var parts []string
	for i := 0; i < len(ps); {
		j := i
		for j+1 < len(ps) && ps[j+1] == ps[j]+1 {
			j++
		}
		if i == j {
			parts = append(parts, fmt.Sprint(ps[i]))
		} else {
			parts = append(parts, fmt.Sprintf("%d–%d", ps[i], ps[j]))
		}
		i = j + 1
	}
	if len(ps) == 1 {
		return "page " + parts[0]
	}
	return "pages " + strings.Join(parts, ", ")
}

func (p *Plan) label(u *unit) string { return p.b.Sections[u.section].Label }

// checks adds the report's bundle-wide problems: undated items, duplicates,
// empty sections and empty front matter.
func (p *Plan) checks() {
	bySum := map[string]*unit{}
	for _, u := range p.units {
		if u.part.Kind != Document {
			continue
		}
		it := u.item()
		if it.Date.IsZero() && !it.Generated {
			p.report.add(ProblemUndated, it.ID, p.label(u), "%s has no date. Add its date in the record if it has one.", it.Label())
		}
		if u.sha256 == "" {
			continue
		}
		if first, dup := bySum[u.sha256]; dup {
			p.report.add(ProblemDuplicate, it.ID, p.label(u), "%s is the same file as %s (the same SHA-256): it appears twice. Leave one out unless both are needed.", it.Label(), first.item().Label())
			continue
		}
		bySum[u.sha256] = u
	}
	for _, s := range p.b.Sections {
		if len(s.Parts) == 0 {
			msg := fmt.Sprintf("Section %s (%s) is empty", s.Label, s.Title)
			if s.Note != "" {
				msg += ": " + s.Note
			}
			p.report.add(ProblemEmpty, "", s.Label, "%s. The index says so.", msg)
		}
	}
	has := func(k PartKind) bool {
		return slices.ContainsFunc(p.units, func(u *unit) bool { return u.part.Kind == k })
	}
	if has(Chronology) && len(p.b.Chronology) == 0 {
		p.report.add(ProblemNoEntries, "", "", "The chronology has no entries: the record has no events.")
	}
	if has(Findings) && len(p.b.Findings) == 0 {
		p.report.add(ProblemNoEntries, "", "", "The schedule of findings is empty: the checks found nothing to report.")
	}
	ids := map[string]bool{}
	for _, u := range p.units {
		if u.part.Kind == Document {
			ids[u.item().ID] = true
		}
	}
	if has(Chronology) {
		missing := map[string]bool{}
		for _, r := range p.b.Chronology {
			for _, ref := range r.Evidence {
				id, _ := splitRef(ref)
				if !ids[id] && !missing[id] {
					missing[id] = true
					p.report.add(ProblemEvidence, id, "", "The chronology cites %s, which is not in this bundle (a note, or a document left out): the chronology says so.", id)
				}
			}
		}
	}
}
