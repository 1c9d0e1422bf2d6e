package bundle

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"

	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/letters"
)

// Page layout of the pages Redress makes, in millimetres: A4, set like the
// letters (Liberation Sans, the same colours), with the foot of the page
// kept clear for the stamp every page gets.
const (
	marginLR   = 20.0
	marginTop  = 18.0
	marginBot  = 26.0 // the stamp sits in the lowest 12 mm
	fontFamily = "sans"
	ptPerMM    = 72 / 25.4
	a4W, a4H   = 210.0, 297.0
)

var (
	ink   = [3]int{33, 37, 41}
	muted = [3]int{96, 102, 110}
	navy  = [3]int{24, 52, 92}
	blue  = [3]int{20, 80, 160}
	rule  = [3]int{200, 204, 210}
	shade = [3]int{236, 240, 245}
)

// Stamp text sizes, in points.
const (
	stampTitleSize = 7.0
	stampLabelSize = 10.0
	captionSize    = 9.0
)

// link is a rectangle on a generated page that goes to a bundle page.
type link struct {
	page   int        // page of the generated document, from 0
	rect   [4]float64 // llx, lly, urx, ury in points
	target int        // bundle page, from 0
}

// generated is the document holding every page Redress makes: the front
// matter, placeholder pages, text files, and a last "carrier" page that is
// never shown but carries every character the stamps and captions use, so
// that the fonts embedded once serve them all.
type generated struct {
	pdf      []byte
	start    map[*unit]int // each generated unit's first page in the document, from 0
	count    map[*unit]int
	carrier  int // the carrier page, from 0
	links    []link
	titleCum []float64          // width in points at 1 pt of each prefix of the stamp title (index = runes)
	title    []rune             // the stamp title, made safe
	labelW   map[string]float64 // width in points at 1 pt of each label, bold
	runeW    map[rune]float64   // width in points at 1 pt of each character of the OCR text, regular
	ellipsis float64
}

// layout settles the page count of every generated part: the index and
// chronology print page labels, which depend on how long the front matter
// is, so it is laid out again until nothing moves.
func (p *Plan) layout() error {
	for _, u := range p.units {
		if u.kind == fromGen {
			u.pages = 1
		}
		if u.kind == fromImage {
			u.img.caption = nil
		}
	}
	for pass := 0; pass < 8; pass++ {
		p.assign()
		g, f, err := p.render()
		if err != nil {
			return err
		}
		moved := false
		for _, u := range p.units {
			if u.kind == fromGen && g.count[u] != u.pages {
				u.pages = g.count[u]
				moved = true
			}
		}
		if !moved {
			// Only the pass that settles is written out: writing subsets
			// and compresses the fonts, most of a pass's time.
			var buf bytes.Buffer
			if err := f.Output(&buf); err != nil {
				return fmt.Errorf("lay out the front matter: %w", err)
			}
			g.pdf = buf.Bytes()
			p.gen = g
			return nil
		}
	}
	return fmt.Errorf("lay out the front matter: the page count did not settle")
}

// assign gives every unit its first bundle page.
func (p *Plan) assign() {
	n := 0
	for _, u := range p.units {
		u.first = n
		n += u.pages
	}
	p.total = n
}

// sectionRange returns the first bundle page of section si and its page count.
func (p *Plan) sectionRange(si int) (first, count int) {
	first = -1
	for _, u := range p.units {
		if u.section != si {
			continue
		}
		if first < 0 {
			first = u.first
		}
		count += u.pages
	}
	if first < 0 {
		first = 0
	}
	return first, count
}

// labelOf returns the printed label of bundle page i (from 0): "C12", or
// "12" when the style numbers pages through the bundle.
func (p *Plan) labelOf(i int) string {
	if p.b.Style.Sequential() {
		if i < 0 || i >= p.total {
			return "?"
		}
		return strconv.Itoa(i + 1)
	}
	for si, s := range p.b.Sections {
		first, count := p.sectionRange(si)
		if count > 0 && i >= first && i < first+count {
			return fmt.Sprintf("%s%d", s.Label, i-first+1)
		}
	}
	return "?"
}

// where names bundle page i as a reference in running text: "C12", or
// "page 12" when the style numbers pages through the bundle.
func (p *Plan) where(i int) string {
	if p.b.Style.Sequential() {
		return "page " + p.labelOf(i)
	}
	return p.labelOf(i)
}

// rangeOf returns "C3–C7" or "C3" for a unit.
func (p *Plan) rangeOf(u *unit) string {
	if u.pages <= 1 {
		return p.labelOf(u.first)
	}
	return p.labelOf(u.first) + "–" + p.labelOf(u.first+u.pages-1)
}

// unitOf returns the unit of the document with the given ID.
func (p *Plan) unitOf(id string) *unit {
	for _, u := range p.units {
		if u.part.Kind == Document && u.item().ID == id {
			return u
		}
	}
	return nil
}

// refPage returns the bundle page an evidence reference points at, and
// whether it is in the bundle.
func (p *Plan) refPage(ref string) (*unit, int, bool) {
	id, n := splitRef(ref)
	u := p.unitOf(id)
	if u == nil {
		return nil, 0, false
	}
	if u.shown != ShownPDF && u.shown != ShownText || n < 1 || n > u.pages {
		return u, u.first, true
	}
	return u, u.first + n - 1, true
}

// splitRef splits an evidence reference "ID#pN" into its ID and page (0 when
// there is none).
func splitRef(ref string) (string, int) {
	id, pg, found := strings.Cut(ref, "#p")
	if !found {
		return ref, 0
	}
	n := 0
	for _, c := range pg {
		if c < '0' || c > '9' || n > 1e6 {
			return id, 0
		}
		n = n*10 + int(c-'0')
	}
	return id, n
}

type renderer struct {
	p     *Plan
	f     *fpdf.Fpdf
	g     *generated
	unit  *unit // the unit being drawn
	start int   // f.PageNo() of its first page
}

func (r *renderer) colour(c [3]int) { r.f.SetTextColor(c[0], c[1], c[2]) }
func (r *renderer) font(style string, size float64) {
	r.f.SetFont(fontFamily, style, size)
}
func (r *renderer) width() float64 { return a4W - 2*marginLR }

// addLink records a link from a rectangle (in mm) on the current page.
func (r *renderer) addLink(x, y, w, h float64, target int) {
	r.g.links = append(r.g.links, link{
		page:   r.f.PageNo() - 1,
		rect:   [4]float64{x * ptPerMM, (a4H - y - h) * ptPerMM, (x + w) * ptPerMM, (a4H - y) * ptPerMM},
		target: target,
	})
}

// room starts a new page unless h millimetres fit above the stamp zone.
func (r *renderer) room(h float64) bool {
	if r.f.GetY()+h > a4H-marginBot {
		r.f.AddPage()
		return true
	}
	return false
}

// startDocs starts making, on the other core, the documents of the front
// matter's first two layout passes (most bundles settle in two): each
// embeds the fonts, which fpdf parses anew for every document, about a
// tenth of a small bundle's time, and none of it needs the items read.
func (p *Plan) startDocs() {
	title, created := p.b.Title, p.docTime()
	p.docs, p.ahead = make(chan *fpdf.Fpdf, 2), 2
	go func() {
		for range 2 {
			p.docs <- NewPDF(title, created)
		}
	}()
}

// newDoc returns a document for a layout pass: one made ahead by
// startDocs while there is one, then a new one.
func (p *Plan) newDoc() *fpdf.Fpdf {
	if p.ahead > 0 {
		p.ahead--
		return <-p.docs
	}
	return NewPDF(p.b.Title, p.docTime())
}

// docTime is the time the front matter is dated (as given: not made UTC).
func (p *Plan) docTime() time.Time {
	if p.b.Created.IsZero() {
		return p.b.Date.Time()
	}
	return p.b.Created
}

// render draws the generated document with the page labels as assigned,
// and returns it not yet written out (g.pdf is nil).
func (p *Plan) render() (*generated, *fpdf.Fpdf, error) {
	f := p.newDoc()
	g := &generated{start: map[*unit]int{}, count: map[*unit]int{}}
	r := &renderer{p: p, f: f, g: g}
	for _, u := range p.units {
		if u.kind != fromGen {
			continue
		}
		f.AddPage()
		r.unit, r.start = u, f.PageNo()
		g.start[u] = f.PageNo() - 1
		switch {
		case u.part.Kind == Cover:
			r.cover()
		case u.part.Kind == Index:
			r.index()
		case u.part.Kind == Chronology:
			r.chronology()
		case u.part.Kind == Findings:
			r.findings()
		case u.shown == ShownPlaceholder:
			r.placeholder(u)
		case u.shown == ShownText:
			r.textFile(u)
		}
		g.count[u] = f.PageNo() - r.start + 1
	}
	r.carrier()
	if err := f.Error(); err != nil {
		return nil, nil, fmt.Errorf("lay out the front matter: %w", err)
	}
	return g, f, nil
}

func (r *renderer) heading(s string) {
	r.font("B", 16)
	r.colour(navy)
	r.f.SetX(marginLR)
	r.f.MultiCell(r.width(), 7.5, safe(s), "", "L", false)
	r.f.SetDrawColor(rule[0], rule[1], rule[2])
	r.f.SetLineWidth(0.3)
	y := r.f.GetY() + 1.5
	r.f.Line(marginLR, y, marginLR+r.width(), y)
	r.f.Ln(5)
	r.colour(ink)
}

func (r *renderer) para(size, h float64, style, s string, c [3]int) {
	r.font(style, size)
	r.colour(c)
	r.f.SetX(marginLR)
	r.f.MultiCell(r.width(), h, safe(s), "", "L", false)
	r.colour(ink)
}

func (r *renderer) cover() {
	p, f := r.p, r.f
	b := p.b
	f.SetY(40)
	r.para(9, 5, "B", "EVIDENCE BUNDLE", muted)
	f.Ln(2)
	r.font("B", 22)
	r.colour(navy)
	f.SetX(marginLR)
	f.MultiCell(r.width(), 10, safe(b.Title), "", "L", false)
	f.Ln(4)
	rows := [][2]string{{"Case", b.Case}, {"Local authority", b.Authority}, {"Prepared", b.Date.Long()}}
	for _, row := range rows {
		if row[1] == "" {
			continue
		}
		r.font("B", 11)
		r.colour(muted)
		f.SetX(marginLR)
		f.CellFormat(38, 6, row[0], "", 0, "L", false, 0, "")
		r.font("", 11)
		r.colour(ink)
		f.MultiCell(r.width()-38, 6, safe(row[1]), "", "L", false)
	}
	f.Ln(8)
	r.font("B", 12)
	r.colour(navy)
	f.SetX(marginLR)
	f.CellFormat(r.width(), 7, "Contents", "", 1, "L", false, 0, "")
	f.Ln(1)
	docs := 0
	for si, s := range b.Sections {
		first, count := p.sectionRange(si)
		pages := "empty"
		if count > 0 {
			pages = p.labelOf(first) + "–" + p.labelOf(first+count-1)
			if count == 1 {
				pages = p.labelOf(first)
			}
		}
		for _, part := range s.Parts {
			if part.Kind == Document {
				docs++
			}
		}
		y := f.GetY()
		r.font("B", 11)
		r.colour(ink)
		f.SetX(marginLR)
		f.CellFormat(18, 6.5, "Section "+s.Label, "", 0, "L", false, 0, "")
		f.SetX(marginLR + 20)
		r.font("", 11)
		f.CellFormat(r.width()-50, 6.5, safe(shorten(s.Title, 70)), "", 0, "L", false, 0, "")
		r.colour(blue)
		f.CellFormat(30, 6.5, pages, "", 1, "R", false, 0, "")
		if count > 0 {
			r.addLink(marginLR, y, r.width(), 6.5, first)
		}
	}
	r.colour(ink)
	f.Ln(3)
	numbered := "Every page is numbered at its foot with its section letter and page (A1, A2 … B1 …)"
	if b.Style.Sequential() {
		numbered = "Every page is numbered at its foot from 1 to the last, the same numbers as the PDF’s own pages"
	}
	r.para(10, 5, "", fmt.Sprintf("%s in %s; %s. %s; the index links to every document.", count(p.total, "page", "pages"), count(len(b.Sections), "section", "sections"), count(docs, "document", "documents"), numbered), ink)
	f.Ln(8)
	// The checkpoint, in a box.
	y0 := f.GetY()
	f.SetFillColor(shade[0], shade[1], shade[2])
	pad := 4.0
	f.SetX(marginLR)
	f.CellFormat(r.width(), pad, "", "", 2, "L", true, 0, "")
	f.SetX(marginLR)
	r.font("B", 10)
	r.colour(navy)
	old := f.GetCellMargin()
	f.SetCellMargin(pad)
	f.CellFormat(r.width(), 5.5, "Record checkpoint", "", 2, "L", true, 0, "")
	f.SetX(marginLR)
	r.font("B", 14)
	r.colour(ink)
	cp := b.Checkpoint
	if cp == "" {
		cp = "(none)"
	}
	f.CellFormat(r.width(), 8, safe(cp), "", 2, "L", true, 0, "")
	f.SetX(marginLR)
	r.font("", 9.5)
	f.MultiCell(r.width(), 4.8, "This checkpoint commits to the whole record of the case as it stood when the bundle was made. "+
		"Anyone who was shown it can check later that the record has not been rewritten since. "+
		"Attached to this PDF is a manifest listing every exhibit’s SHA-256, the record’s hash chain and a fingerprint of every page. "+
		"To check this bundle, run: redress verify --checkpoint "+safe(cp)+" BUNDLE.pdf", "", "L", true)
	f.SetCellMargin(old)
	f.SetX(marginLR)
	f.CellFormat(r.width(), pad, "", "", 1, "L", true, 0, "")
	f.SetDrawColor(navy[0], navy[1], navy[2])
	f.SetLineWidth(0.8)
	f.Line(marginLR, y0, marginLR, f.GetY())
	r.colour(ink)
}

// Index columns, in millimetres (170 in all).
var indexCols = []struct {
	name  string
	w     float64
	align string
}{{"No.", 9, "L"}, {"Document", 63, "L"}, {"Date", 21, "L"}, {"From", 30, "L"}, {"Pages", 21, "L"}, {"SHA-256", 26, "L"}}

func (r *renderer) tableHeader(cols []string, widths []float64) {
	f := r.f
	r.font("B", 8.5)
	r.colour(muted)
	f.SetX(marginLR)
	for i, c := range cols {
		f.CellFormat(widths[i], 5, c, "B", 0, "L", false, 0, "")
	}
	f.Ln(6)
	r.colour(ink)
}

// row draws one table row of wrapped cells and returns its top and height.
// cells are lines of text per column; styles per column ("", "B", "I").
func (r *renderer) row(widths []float64, cells [][]string, styles []string, colours [][3]int, lineH float64, header func()) (float64, float64) {
	f := r.f
	n := 1
	for _, c := range cells {
		n = max(n, len(c))
	}
	h := float64(n)*lineH + 1.6
	if r.room(h) && header != nil {
		header()
	}
	y := f.GetY()
	x := marginLR
	for i, c := range cells {
		for j, line := range c {
			st := ""
			if i < len(styles) {
				st = styles[i]
			}
			if j > 0 && st == "B" {
				st = ""
			}
			r.font(st, 8.5)
			r.colour(ink)
			if i < len(colours) && colours[i] != ([3]int{}) {
				r.colour(colours[i])
			}
			f.SetXY(x, y+0.8+float64(j)*lineH)
			f.CellFormat(widths[i]-1.5, lineH, line, "", 0, "L", false, 0, "")
		}
		x += widths[i]
	}
	f.SetDrawColor(rule[0], rule[1], rule[2])
	f.SetLineWidth(0.15)
	f.Line(marginLR, y+h, marginLR+r.width(), y+h)
	f.SetXY(marginLR, y+h)
	r.colour(ink)
	return y, h
}

// wrap splits text into lines for a column w millimetres wide in the given font.
func (r *renderer) wrap(style string, size float64, w float64, text string) []string {
	r.font(style, size)
	var out []string
	for _, para := range strings.Split(safe2(text), "\n") {
		lines := r.f.SplitText(para, w-1.5)
		if len(lines) == 0 {
			lines = []string{""}
		}
		out = append(out, lines...)
	}
	return out
}

// safe2 is safe but keeps line breaks.
func safe2(s string) string {
	parts := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	for i := range parts {
		parts[i] = safe(parts[i])
	}
	return strings.Join(parts, "\n")
}

func shortDate(d casefile.Date) string {
	if d.IsZero() {
		return "undated"
	}
	return d.Time().Format("2 Jan 2006")
}

func (r *renderer) index() {
	p, f := r.p, r.f
	r.heading("Index")
	labelled := "Pages are labelled by section (C12 is the twelfth page of section C)."
	if p.b.Style.Sequential() {
		labelled = "Pages are numbered from 1 through the whole bundle, as the PDF numbers them."
	}
	r.para(9.5, 4.8, "", "Every entry links to its first page. "+labelled+" The SHA-256 is the start of the fingerprint each document was given when it was imported; the manifest attached to this PDF has it in full.", ink)
	f.Ln(3)
	widths := make([]float64, len(indexCols))
	names := make([]string, len(indexCols))
	for i, c := range indexCols {
		widths[i], names[i] = c.w, c.name
	}
	r.indexTable(widths, names, 0, p.total)
}

// indexTable draws the index's table of the sections and parts that have
// pages in bundle pages lo to hi (from 0, hi excluded): the whole bundle's,
// or one volume's. Documents are numbered as in the whole bundle.
func (r *renderer) indexTable(widths []float64, names []string, lo, hi int) {
	p, f := r.p, r.f
	whole := lo == 0 && hi == p.total
	header := func() { r.tableHeader(names, widths) }
	header()
	n := 0
	for si, s := range p.b.Sections {
		first, count := p.sectionRange(si)
		if !whole {
			// The section's pages in this volume.
			from, to := max(first, lo), min(first+count, hi)
			if count == 0 || from >= to {
				for _, u := range p.units {
					if u.section == si && u.part.Kind == Document {
						n++
					}
				}
				continue
			}
			first, count = from, to-from
		}
		r.room(16)
		y := f.GetY() + 1
		f.SetFillColor(shade[0], shade[1], shade[2])
		f.SetXY(marginLR, y)
		r.font("B", 9.5)
		r.colour(navy)
		rng := "no pages"
		switch {
		case count == 1:
			rng = p.labelOf(first)
		case count > 1:
			rng = p.labelOf(first) + "–" + p.labelOf(first+count-1)
		}
		f.CellFormat(r.width()-30, 6.5, safe(shorten("Section "+s.Label+": "+s.Title, 90)), "", 0, "L", true, 0, "")
		f.CellFormat(30, 6.5, rng, "", 1, "R", true, 0, "")
		if count > 0 {
			r.addLink(marginLR, y, r.width(), 6.5, first)
		}
		f.Ln(0.5)
		if len(s.Parts) == 0 {
			note := "This section is empty."
			if s.Note != "" {
				note = "This section is empty: " + s.Note
			}
			r.row(widths, [][]string{{""}, r.wrap("I", 8.5, widths[1]+widths[2]+widths[3], note)}, []string{"", "I"}, [][3]int{{}, muted}, 4, header)
			continue
		}
		for _, u := range p.units {
			if u.section != si {
				continue
			}
			if !whole && (u.pages == 0 || u.first+u.pages <= lo || u.first >= hi) {
				if u.part.Kind == Document {
					n++
				}
				continue
			}
			var cells [][]string
			styles := []string{"", "B", "", "", "", ""}
			colours := [][3]int{{}, {}, {}, {}, blue, muted}
			if u.part.Kind != Document {
				name := map[PartKind]string{Cover: "Cover and checkpoint", Index: "Index", Chronology: "Chronology", Findings: "Schedule of findings"}[u.part.Kind]
				cells = [][]string{{""}, r.wrap("B", 8.5, widths[1], name), {""}, {"Redress"}, {p.rangeOf(u)}, {""}}
			} else {
				n++
				it := u.item()
				title := it.Label()
				if it.Name != "" && it.Name != title {
					title += "\n" + it.Name
				}
				sum := it.SHA256
				if sum == "" {
					sum = u.sha256
				}
				if len(sum) > 12 {
					sum = sum[:12]
				}
				from := it.Author
				if from == "" {
					from = it.Source
				}
				lines := r.wrap("B", 8.5, widths[1], title)
				switch {
				case u.shown == ShownPlaceholder:
					lines = append(lines, r.wrap("I", 8.5, widths[1], "Not reproduced: see its page")...)
				case u.shown == ShownImage && len(u.ocr) > 0:
					lines = append(lines, r.wrap("I", 8.5, widths[1], "Picture (its words read by OCR)")...)
				case u.shown == ShownImage:
					lines = append(lines, r.wrap("I", 8.5, widths[1], "Photograph (no text layer)")...)
				case u.shown == ShownText:
					lines = append(lines, r.wrap("I", 8.5, widths[1], "Text file, set as pages")...)
				case len(u.noText()) == u.pages:
					lines = append(lines, r.wrap("I", 8.5, widths[1], "Scanned: no text layer")...)
				case len(u.ocr) > 0:
					lines = append(lines, r.wrap("I", 8.5, widths[1], "Scanned: text layer from OCR")...)
				}
				if u.note != "" {
					lines = append(lines, r.wrap("I", 8.5, widths[1], "Note: "+u.note)...)
				}
				cells = [][]string{{fmt.Sprint(n)}, lines, {shortDate(it.Date)}, r.wrap("", 8.5, widths[3], from), {p.rangeOf(u)}, {sum}}
			}
			y, h := r.row(widths, cells, styles, colours, 4, header)
			r.addLink(marginLR, y, r.width(), h, u.first)
		}
	}
}

func (r *renderer) chronology() {
	p, f := r.p, r.f
	r.heading("Chronology")
	r.para(9.5, 4.8, "", "What happened, in date order, from the record. Each entry gives the document it comes from and the page of this bundle where it is (a link). “As the council’s records say” marks what comes only from the council’s own records; “disputed” marks what the family does not accept.", ink)
	f.Ln(3)
	widths := []float64{26, 84, 60}
	header := func() { r.tableHeader([]string{"Date", "Event", "Source and page"}, widths) }
	header()
	if len(p.b.Chronology) == 0 {
		r.para(9.5, 5, "I", "The record has no events.", muted)
		return
	}
	for _, row := range p.b.Chronology {
		date := shortDate(row.Date)
		if row.Approx {
			date = "about " + date
		}
		dl := []string{date}
		if row.Time != "" {
			dl = append(dl, row.Time)
		}
		ev := r.wrap("", 8.5, widths[1], row.Event)
		if w := factStatusWords(row.Status); w != "" {
			ev = append(ev, r.wrap("I", 8.5, widths[1], "("+w+")")...)
		}
		var src []string
		type target struct {
			line, page int
		}
		var targets []target
		for _, ref := range row.Evidence {
			u, pg, ok := p.refPage(ref)
			if !ok {
				id, _ := splitRef(ref)
				src = append(src, r.wrap("", 8.5, widths[2], id+" (not in this bundle)")...)
				continue
			}
			text := shorten(u.item().Label(), 40) + ", " + p.where(pg)
			if _, n := splitRef(ref); n > 0 && (u.shown != ShownPDF && u.shown != ShownText || n > u.pages) {
				text += fmt.Sprintf(" (its own page %d is not reproduced)", n)
			}
			targets = append(targets, target{len(src), pg})
			src = append(src, r.wrap("", 8.5, widths[2], text)...)
		}
		if len(src) == 0 {
			src = []string{"—"}
		}
		y, _ := r.row(widths, [][]string{dl, ev, src}, []string{"B", "", ""}, [][3]int{{}, {}, blue}, 4, header)
		for _, t := range targets {
			r.addLink(marginLR+widths[0]+widths[1], y+0.8+float64(t.line)*4, widths[2], 4, t.page)
		}
	}
}

func (r *renderer) findings() {
	p, f := r.p, r.f
	r.heading("Schedule of findings")
	asOf := ""
	if !p.b.AsOf.IsZero() {
		asOf = " as of " + p.b.AsOf.Long()
	}
	r.para(9.5, 4.8, "", "Redress compared the record with the statutory steps and timescales"+asOf+". Each finding says what the record shows and names its sources, with their legal status and how far each was verified. Nothing marked unverified should be relied on before it is checked.", ink)
	f.Ln(3)
	if len(p.b.Findings) == 0 {
		r.para(9.5, 5, "I", "The checks found nothing to report.", muted)
		return
	}
	for i, fd := range p.b.Findings {
		r.room(30)
		title := fd.Title
		if title == "" {
			title = fd.Rule
		}
		r.font("B", 10.5)
		r.colour(navy)
		f.SetX(marginLR)
		f.MultiCell(r.width(), 5.4, safe(fmt.Sprintf("%d. %s", i+1, title)), "", "L", false)
		r.para(9, 4.6, "B", statusWords(string(fd.Status)), ink)
		var facts []string
		if !fd.TriggerDate.IsZero() {
			facts = append(facts, "From: "+fd.TriggerDate.Long()+" (event "+fd.Trigger+")")
		}
		if !fd.Due.IsZero() {
			facts = append(facts, "Due: "+fd.Due.Long())
		}
		if !fd.DoneDate.IsZero() {
			facts = append(facts, "Done: "+fd.DoneDate.Long()+" (event "+fd.Done+")")
		}
		if fd.WorkingDaysLate > 0 {
			facts = append(facts, fmt.Sprintf("%d working days late", fd.WorkingDaysLate))
		}
		facts = append(facts, "Rule: "+fd.Rule)
		r.para(8.5, 4.4, "", strings.Join(facts, " · "), muted)
		if fd.Explanation != "" {
			f.Ln(0.8)
			r.para(9, 4.6, "", fd.Explanation, ink)
		}
		for _, c := range fd.Citations {
			s := letters.Source{Citation: c}
			r.room(12)
			f.Ln(0.8)
			r.font("", 8.5)
			f.SetX(marginLR + 4)
			f.CellFormat(4, 4.4, "•", "", 0, "L", false, 0, "")
			f.SetLeftMargin(marginLR + 8)
			f.MultiCell(r.width()-8, 4.4, safe(s.Name()), "", "L", false)
			r.font("I", 8)
			r.colour(muted)
			f.MultiCell(r.width()-8, 4.2, safe(s.Status()), "", "L", false)
			if c.URL != "" {
				r.colour(blue)
				r.font("", 8)
				f.MultiCell(r.width()-8, 4.2, safe(c.URL), "", "L", false)
			}
			r.colour(ink)
			f.SetLeftMargin(marginLR)
		}
		f.Ln(4)
	}
}

// attachmentName is the name an item's original is attached under.
func attachmentName(it *Item) string {
	name := it.Name
	if name == "" {
		name = "original"
	}
	name = strings.Map(func(c rune) rune {
		if c == '/' || c == '\\' {
			return '_'
		}
		return c
	}, cleanName(name))
	return shorten(it.ID, 40) + " - " + shorten(name, 120)
}

func (r *renderer) placeholder(u *unit) {
	f := r.f
	it := u.item()
	r.heading(it.Label())
	r.para(12, 6, "B", "This document is not reproduced in the bundle.", navy)
	f.Ln(2)
	r.para(10, 5.2, "", u.reason, ink)
	f.Ln(5)
	size := it.Size
	if size == 0 {
		size = u.size
	}
	sum := it.SHA256
	if sum == "" {
		sum = u.sha256
	}
	rows := [][2]string{
		{"Date", shortDate(it.Date)},
		{"From", fromLine(it)},
		{"File name", it.Name},
		{"Type", it.Type},
		{"Size", fmt.Sprintf("%d bytes", size)},
		{"SHA-256", sum},
		{"Record ID", it.ID},
	}
	if r.p.b.AttachOriginals && u.sha256 != "" {
		rows = append(rows, [2]string{"Attached as", attachmentName(it)})
	}
	for _, row := range rows {
		if row[1] == "" {
			continue
		}
		r.font("B", 9.5)
		r.colour(muted)
		f.SetX(marginLR)
		f.CellFormat(30, 5.2, row[0], "", 0, "L", false, 0, "")
		r.font("", 9.5)
		r.colour(ink)
		f.MultiCell(r.width()-30, 5.2, safe(row[1]), "", "L", false)
	}
}

func (r *renderer) textFile(u *unit) {
	f := r.f
	it := u.item()
	r.para(8.5, 4.4, "I", safe(it.Label())+" — a text file, set out as pages by Redress. The original is its exact bytes (SHA-256 "+u.sha256[:12]+"…).", muted)
	f.Ln(2)
	r.font("", 9.5)
	for _, line := range strings.Split(strings.ReplaceAll(u.text, "\r\n", "\n"), "\n") {
		f.SetX(marginLR)
		if strings.TrimSpace(line) == "" {
			f.Ln(4.6)
			continue
		}
		f.MultiCell(r.width(), 4.6, safe(strings.ReplaceAll(line, "\t", "    ")), "", "L", false)
	}
}

// carrier draws the never-shown page that puts every character of the
// stamps and captions into the embedded font subsets, and measures them.
func (r *renderer) carrier() {
	p, f, g := r.p, r.f, r.g
	f.AddPage()
	g.carrier = f.PageNo() - 1
	title := safe(p.b.Title)
	g.title = []rune(title)
	r.font("", stampTitleSize)
	f.SetX(marginLR)
	f.MultiCell(r.width(), 4, title+" …", "", "L", false)
	g.titleCum = make([]float64, len(g.title)+1)
	for i := range g.title {
		g.titleCum[i+1] = f.GetStringWidth(string(g.title[:i+1])) * ptPerMM / stampTitleSize
	}
	g.ellipsis = f.GetStringWidth("…") * ptPerMM / stampTitleSize
	// Captions, wrapped to the width of an A4 page.
	r.font("", captionSize)
	for _, u := range p.units {
		if u.kind != fromImage {
			continue
		}
		it := u.item()
		text := it.Label()
		var bits []string
		if !it.Date.IsZero() {
			bits = append(bits, it.Date.Long())
		}
		if it.Author != "" {
			bits = append(bits, it.Author)
		} else if it.Source != "" {
			bits = append(bits, "from "+it.Source)
		}
		if len(bits) > 0 {
			text += " — " + strings.Join(bits, ", ")
		}
		u.img.caption = f.SplitText(safe(text), r.width())
		for _, line := range u.img.caption {
			f.SetX(marginLR)
			f.CellFormat(r.width(), 4, line, "", 1, "L", false, 0, "")
		}
	}
	// Every character of the OCR text layers, and its width.
	if len(p.runes) > 0 {
		rs := make([]rune, 0, len(p.runes)+1)
		for c := range p.runes {
			rs = append(rs, c)
		}
		rs = append(rs, ' ')
		slices.Sort(rs)
		r.font("", captionSize)
		g.runeW = make(map[rune]float64, len(rs))
		for _, c := range rs {
			g.runeW[c] = f.GetStringWidth(string(c)) * ptPerMM / captionSize
		}
		f.SetX(marginLR)
		f.MultiCell(r.width(), 4, string(rs), "", "L", false)
	}
	r.font("B", stampLabelSize)
	g.labelW = map[string]float64{}
	var all strings.Builder
	for i := 0; i < p.total; i++ {
		l := p.labelOf(i)
		g.labelW[l] = f.GetStringWidth(l) * ptPerMM / stampLabelSize
		all.WriteString(l + " ")
	}
	f.SetX(marginLR)
	f.MultiCell(r.width(), 5, all.String(), "", "L", false)
}

// stampTitle returns the bundle title cut to fit w points at size pt, and
// its width.
func (g *generated) stampTitle(w, size float64) (string, float64) {
	n := len(g.title)
	if g.titleCum[n]*size <= w {
		return string(g.title), g.titleCum[n] * size
	}
	for n > 0 && (g.titleCum[n]+g.ellipsis)*size > w {
		n--
	}
	s := strings.TrimRight(string(g.title[:n]), " ")
	n = len([]rune(s))
	return s + "…", (g.titleCum[n] + g.ellipsis) * size
}

// created returns the bundle's creation time.
func (b *Bundle) created() time.Time {
	if !b.Created.IsZero() {
		return b.Created.UTC()
	}
	return b.Date.Time()
}

// fromLine says who an item is from: its author, and its source when that
// says something more.
func fromLine(it *Item) string {
	switch {
	case it.Author == "":
		return it.Source
	case it.Source == "" || strings.EqualFold(it.Author, it.Source):
		return it.Author
	}
	return it.Author + " (" + it.Source + ")"
}
