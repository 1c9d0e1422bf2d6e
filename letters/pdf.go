package letters

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"codeberg.org/go-pdf/fpdf"
	"golang.org/x/image/font/sfnt"

	"github.com/redress-app/redress/assets"
)

// Page layout of a PDF letter, in millimetres and points: A4, generous
// margins, 11 pt body text with an easy line height.
const (
	pageMarginLR   = 25.0
	pageMarginTop  = 22.0
	pageMarginBot  = 24.0 // room for the footer
	bodySize       = 11.0
	lineH          = 5.6 // body line height (mm), about 1.45 × 11 pt
	paraGap        = 2.6 // space after a paragraph
	pointIndent    = 8.0 // hanging indent of numbered points
	bulletIndent   = 6.0
	fontFamily     = "sans"
	signGap        = 9.0       // room to sign above the sender's name
	keepWithSource = lineH * 8 // a paragraph up to this tall moves with the source under it
)

// SourceLabel is the label of the paragraph that gives a point's sources.
const SourceLabel = "Source:"

// PDFOptions are settings for WritePDF. The zero value is the default.
type PDFOptions struct {
	// Created is the creation date written into the PDF. The zero value means
	// midnight (UTC) at the start of the letter's date, so that the same
	// letter always gives the same bytes.
	Created time.Time
}

// WritePDF writes l as an A4 PDF with the fonts embedded (so that "£", "é",
// dashes and curly quotes print, and the text can be selected and searched),
// "Page N of M" and the record checkpoint at the foot of every page. The same
// Letter and options always give the same bytes.
func WritePDF(w io.Writer, l *Letter, opt PDFOptions) error {
	created := opt.Created
	if created.IsZero() {
		created = l.Date.Time()
	}
	p := fpdf.NewCustom(&fpdf.InitType{OrientationStr: "P", UnitStr: "mm", SizeStr: "A4"})
	p.AliasNbPages("{nb}") // before the fonts: it changes how they are subset
	p.AddUTF8FontFromBytes(fontFamily, "", assets.SansRegular)
	p.AddUTF8FontFromBytes(fontFamily, "B", assets.SansBold)
	p.AddUTF8FontFromBytes(fontFamily, "I", assets.SansItalic)
	p.SetCatalogSort(true)
	p.SetCreationDate(created)
	p.SetModificationDate(created)
	p.SetProducer("Redress", true)
	p.SetCreator("Redress", true)
	p.SetTitle(pdfSafe(l.Title), true)
	p.SetAuthor(pdfSafe(l.From.Name), true)
	p.SetLang("en-GB")
	p.SetMargins(pageMarginLR, pageMarginTop, pageMarginLR)
	p.SetAutoPageBreak(true, pageMarginBot)
	p.SetCellMargin(0)
	r := &pdfWriter{p: p, l: l}
	p.SetFooterFunc(r.footer)
	p.AddPage()
	r.letter()
	if err := p.Error(); err != nil {
		return fmt.Errorf("write letter as PDF: %w", err)
	}
	if err := p.Output(w); err != nil {
		return fmt.Errorf("write letter as PDF: %w", err)
	}
	return nil
}

type pdfWriter struct {
	p *fpdf.Fpdf
	l *Letter
}

var (
	ink   = [3]int{33, 37, 41}    // body text
	muted = [3]int{96, 102, 110}  // footer, source status
	navy  = [3]int{24, 52, 92}    // title and headings
	link  = [3]int{20, 80, 160}   // URLs
	note  = [3]int{253, 243, 214} // the background of a part a solicitor must check
	rule  = [3]int{200, 204, 210}
)

func (r *pdfWriter) colour(c [3]int) { r.p.SetTextColor(c[0], c[1], c[2]) }

func (r *pdfWriter) font(style string, size float64) { r.p.SetFont(fontFamily, style, size) }

func (r *pdfWriter) left() float64 { return pageMarginLR }

func (r *pdfWriter) width() float64 {
	w, _ := r.p.GetPageSize()
	return w - 2*pageMarginLR
}

// room starts a new page unless h millimetres fit above the footer, so that a
// heading or a point's title is never left alone at the foot of a page.
func (r *pdfWriter) room(h float64) {
	_, ph := r.p.GetPageSize()
	if r.p.GetY()+h > ph-pageMarginBot {
		r.p.AddPage()
	}
}

func (r *pdfWriter) footer() {
	p := r.p
	p.SetY(-15)
	r.font("", 8.5)
	r.colour(muted)
	p.SetDrawColor(rule[0], rule[1], rule[2])
	p.SetLineWidth(0.2)
	y := p.GetY() - 1.5
	p.Line(r.left(), y, r.left()+r.width(), y)
	p.SetX(r.left())
	p.CellFormat(r.width()*0.75, 4, pdfSafe(r.l.Footer()), "", 0, "L", false, 0, "")
	p.CellFormat(r.width()*0.25, 4, fmt.Sprintf("Page %d of {nb}", p.PageNo()), "", 0, "R", false, 0, "")
}

func (r *pdfWriter) letter() {
	p, l := r.p, r.l
	// Sender, top right.
	r.font("", 10)
	r.colour(ink)
	for i, line := range partyLines(l.From) {
		if i == 0 {
			r.font("B", 10)
		} else {
			r.font("", 10)
		}
		p.SetX(r.left())
		p.CellFormat(r.width(), 4.8, pdfSafe(line), "", 1, "R", false, 0, "")
	}
	p.Ln(6)
	// Recipient.
	for i, line := range partyLines(l.To) {
		if i == 0 {
			r.font("B", bodySize)
		} else {
			r.font("", bodySize)
		}
		p.SetX(r.left())
		p.CellFormat(r.width(), lineH, pdfSafe(line), "", 1, "L", false, 0, "")
	}
	p.Ln(5)
	r.font("", bodySize)
	p.SetX(r.left())
	p.CellFormat(r.width(), lineH, pdfSafe(l.DateLine()), "", 1, "L", false, 0, "")
	if l.Reference != "" {
		p.SetX(r.left())
		p.CellFormat(r.width(), lineH, pdfSafe(referenceLine(l.Reference)), "", 1, "L", false, 0, "")
	}
	p.Ln(5)
	// Title.
	r.font("B", 14.5)
	r.colour(navy)
	p.SetX(r.left())
	p.MultiCell(r.width(), 7, pdfSafe(l.Title), "", "L", false)
	p.SetDrawColor(rule[0], rule[1], rule[2])
	p.SetLineWidth(0.3)
	p.Line(r.left(), p.GetY()+1.5, r.left()+r.width(), p.GetY()+1.5)
	p.Ln(5)
	r.colour(ink)

	for i, b := range l.Body {
		// The closing ("Yours faithfully,") and the name under it are kept
		// together, so that no page starts with the signature alone.
		if b.Kind == Paragraph && i+1 < len(l.Body) && l.Body[i+1].Kind == Signature {
			r.room(r.paraHeight(0, b.Label, b.Text) + signGap + r.paraHeight(0, "", l.Body[i+1].Text))
		}
		r.block(b)
	}
	if len(l.Enclosures) > 0 {
		r.heading(EnclosuresHeading)
		r.bullets(l.Enclosures)
	}
	if len(l.Sources) > 0 {
		r.heading(SourcesHeading)
		for i, s := range l.Sources {
			r.source(i+1, s)
		}
	}
	// The checkpoint is in the footer of every page, so the PDF does not
	// repeat it at the end as the plain text and the DOCX do.
}

// paraHeight is the height a paragraph takes at indent, with its label,
// in the body font, with the gap after it.
func (r *pdfWriter) paraHeight(indent float64, label, text string) float64 {
	r.font("", bodySize)
	s := text
	if label != "" {
		s = label + " " + text
	}
	lines := len(r.p.SplitText(pdfSafe(s), r.width()-indent))
	if lines == 0 {
		lines = 1
	}
	return float64(lines)*lineH + paraGap
}

func (r *pdfWriter) heading(s string) {
	// A heading is followed on its page by at least four lines of what it heads.
	r.room(lineH * 6)
	r.p.Ln(2.5)
	r.font("B", 12)
	r.colour(navy)
	r.p.SetX(r.left())
	r.p.MultiCell(r.width(), 6.2, pdfSafe(s), "", "L", false)
	r.p.Ln(1.2)
	r.colour(ink)
}

// text writes a paragraph from indent millimetres in, with label in bold
// first, then a gap after it.
func (r *pdfWriter) text(indent float64, label, text string, h float64) {
	p := r.p
	oldLeft := r.left()
	p.SetLeftMargin(oldLeft + indent)
	p.SetX(oldLeft + indent)
	size := bodySize
	if fs, _ := p.GetFontSize(); fs > 0 {
		size = fs
	}
	if label != "" {
		r.font("B", size)
		r.flow(h, label+" ", "")
		r.font("", size)
	}
	r.flow(h, text, "")
	p.Ln(h)
	p.SetLeftMargin(oldLeft)
	p.Ln(paraGap)
}

func (r *pdfWriter) block(b Block) {
	switch b.Kind {
	case Heading:
		r.heading(b.Text)
	case Signature:
		r.room(signGap + r.paraHeight(0, "", b.Text))
		r.p.Ln(signGap) // room to sign
		r.font("", bodySize)
		r.text(0, "", b.Text, lineH)
	case Paragraph:
		r.font("", bodySize)
		r.text(0, b.Label, b.Text, lineH)
	case Check:
		r.check(0, b.Text)
	case Bullets:
		r.bullets(b.Items)
	case Point:
		r.room(lineH * 4)
		p := r.p
		r.font("B", bodySize)
		p.SetX(r.left())
		p.CellFormat(pointIndent, lineH, fmt.Sprintf("%d.", b.Number), "", 0, "L", false, 0, "")
		r.text(pointIndent, "", b.Title, lineH)
		for i, in := range b.Body {
			if in.Kind == Check {
				r.check(pointIndent, in.Text)
				continue
			}
			r.font("", bodySize)
			h := r.paraHeight(pointIndent, in.Label, in.Text)
			switch {
			case in.Label == SourceLabel:
				// A source is never split across pages.
				r.room(h)
			case i+1 < len(b.Body) && b.Body[i+1].Label == SourceLabel:
				// The paragraph a source supports goes with it, unless it
				// is long enough to fill much of a page on its own.
				if next := r.paraHeight(pointIndent, SourceLabel, b.Body[i+1].Text); h <= keepWithSource {
					r.room(h + next)
				}
			}
			r.text(pointIndent, in.Label, in.Text, lineH)
		}
		p.Ln(1)
	}
}

func (r *pdfWriter) bullets(items []string) {
	p := r.p
	for _, it := range items {
		r.font("", bodySize)
		p.SetX(r.left() + 1.5)
		p.CellFormat(bulletIndent-1.5, lineH, "•", "", 0, "L", false, 0, "")
		oldLeft := r.left()
		p.SetLeftMargin(oldLeft + bulletIndent)
		r.flow(lineH, it, "")
		p.Ln(lineH)
		p.SetLeftMargin(oldLeft)
		p.Ln(1.2)
	}
	p.Ln(paraGap - 1.2)
}

// check writes a part a solicitor must check, on a tinted background with a
// bar down its left edge, so that it cannot be missed.
func (r *pdfWriter) check(indent float64, text string) {
	p := r.p
	r.room(lineH * 3)
	p.SetFillColor(note[0], note[1], note[2])
	x := r.left() + indent
	w := r.width() - indent
	pad := 3.0
	y0, page0 := p.GetY(), p.PageNo()
	r.font("B", 10)
	p.SetXY(x, y0)
	p.CellFormat(w, 2, "", "", 2, "L", true, 0, "")
	p.SetX(x)
	p.CellFormat(pad, 5.2, "", "", 0, "L", true, 0, "")
	p.CellFormat(w-pad, 5.2, CheckLabel, "", 2, "L", true, 0, "")
	r.font("", 10)
	old := p.GetCellMargin()
	p.SetCellMargin(pad)
	p.SetX(x)
	p.MultiCell(w, 5.2, pdfSafe(text), "", "L", true)
	p.SetCellMargin(old)
	p.SetX(x)
	p.CellFormat(w, 2, "", "", 1, "L", true, 0, "")
	if p.PageNo() == page0 {
		p.SetDrawColor(196, 140, 20)
		p.SetLineWidth(0.8)
		p.Line(x, y0, x, p.GetY())
	}
	p.Ln(paraGap)
}

func (r *pdfWriter) source(n int, s Source) {
	p := r.p
	r.room(lineH * 3)
	r.font("", 10)
	r.colour(ink)
	p.SetX(r.left())
	p.CellFormat(pointIndent, 5, fmt.Sprintf("%d.", n), "", 0, "L", false, 0, "")
	oldLeft := r.left()
	p.SetLeftMargin(oldLeft + pointIndent)
	r.flow(5, s.Name(), "")
	p.Ln(5)
	r.font("", 9)
	r.colour(muted)
	r.flow(4.4, s.Status(), "")
	p.Ln(4.4)
	if s.URL != "" {
		r.colour(link)
		r.flow(4.4, s.URL, s.URL)
		p.Ln(4.4)
	}
	r.colour(ink)
	p.SetLeftMargin(oldLeft)
	p.Ln(paraGap)
}

// flowChunk bounds the text handed to fpdf's Write at once: Write takes time
// in the square of its input's length, so a long paragraph goes in pieces,
// each ending at a space where there is one, and flows on from where the
// last piece ended.
const flowChunk = 96

// flow writes text from the current position, wrapping at the margins, as a
// link to url when url is not empty.
func (r *pdfWriter) flow(h float64, text, url string) {
	rs := []rune(pdfSafe(text))
	for len(rs) > 0 {
		n := len(rs)
		if n > flowChunk {
			n = flowChunk
			for i := flowChunk; i > flowChunk/2; i-- {
				if rs[i-1] == ' ' {
					n = i
					break
				}
			}
		}
		if url != "" {
			r.p.WriteLinkString(h, string(rs[:n]), url)
		} else {
			r.p.Write(h, string(rs[:n]))
		}
		rs = rs[n:]
	}
}

// glyphs reports which characters the embedded fonts can draw.
var glyphs = sync.OnceValue(func() func(rune) bool {
	var fonts []*sfnt.Font
	for _, data := range [][]byte{assets.SansRegular, assets.SansBold, assets.SansItalic} {
		f, err := sfnt.Parse(data)
		if err != nil {
			panic(fmt.Sprintf("embedded font: %v", err)) // the embedded bytes are fixed; tests load them
		}
		fonts = append(fonts, f)
	}
	var mu sync.Mutex
	var buf sfnt.Buffer
	cache := map[rune]bool{}
	return func(c rune) bool {
		if c < 0x80 {
			return c >= 0x20 && c < 0x7f
		}
		mu.Lock()
		defer mu.Unlock()
		if ok, seen := cache[c]; seen {
			return ok
		}
		ok := c <= 0xFFFF
		for _, f := range fonts {
			if !ok {
				break
			}
			idx, err := f.GlyphIndex(&buf, c)
			ok = err == nil && idx != 0
		}
		cache[c] = ok
		return ok
	}
})

// Drawable reports whether the embedded fonts (regular, bold and italic) can
// all draw c, so that other PDFs made with them (an evidence bundle's front
// matter) replace exactly what the letters replace.
func Drawable(c rune) bool { return glyphs()(c) }

// pdfSafe replaces characters the embedded fonts cannot draw with "?", so
// that no text is silently dropped or drawn as a blank box; the DOCX and
// plain-text letters keep every character.
func pdfSafe(s string) string {
	has := glyphs()
	return strings.Map(func(c rune) rune {
		if c == ' ' || has(c) {
			return c
		}
		if c == '\t' || c == '\n' {
			return ' '
		}
		return '?'
	}, s)
}
