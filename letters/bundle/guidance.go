package bundle

import (
	"fmt"
	"strings"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// Guidance statuses.
const (
	GuidanceMet      = "met"
	GuidanceNotMet   = "not met"
	GuidanceCheck    = "check" // Redress cannot tell: a person must look
	GuidanceNotAsked = "not asked"
)

// GuidancePoint is one point of the guidance a bundle's style follows, and
// whether this bundle meets it.
type GuidancePoint struct {
	Point  string // what is asked, in plain words
	Source string // who asks it (see docs/BUNDLES.md for the words and their verification)
	Status string // GuidanceMet, GuidanceNotMet, GuidanceCheck or GuidanceNotAsked
	Detail string // how it is met, or what is missing
}

// Sources the guidance points name.
const (
	SourceGeneral = "General guidance on electronic court bundles (Courts and Tribunals Judiciary, 29 November 2021)"
	SourcePD27A   = "FPR Practice Direction 27A (in force from 2 March 2026)"
)

// SizeLimit is a limit on the size of a file sent to a court, as Redress
// found it published (docs/BUNDLES.md has the words).
type SizeLimit struct {
	What         string // "an email to a civil or family court"
	Bytes        int64
	Source       string // where it is published
	URL          string
	Verification string // verified-primary, verified-secondary
}

// Size limits found (docs/BUNDLES.md, docs/VERIFIED.md).
var (
	LimitEmail = SizeLimit{What: "an email to a civil or family court, attachments included", Bytes: 25 << 20,
		Source: "HMCTS, Email guidance: emailing the civil and family courts", URL: "https://www.justice.gov.uk/courts/email-guidance", Verification: "verified-primary"}
	LimitCEFile = SizeLimit{What: "a document filed on CE-File in the Administrative Court (larger ones go through the Document Upload Centre)", Bytes: 50 << 20,
		Source: "Courts and Tribunals Judiciary, E-Filing pilot goes live (Administrative Court)", URL: "https://www.judiciary.uk/guidance-and-resources/e-filing-pilot-goes-live/", Verification: "verified-primary"}
	LimitHMCTSDigital = SizeLimit{What: "a document uploaded to HMCTS's new digital services (such as MyHMCTS, which the family court's public law service uses)", Bytes: 1 << 30,
		Source: "Ministry of Justice, answer to a written parliamentary question on courts' digital technology (copy at parallelparliament.co.uk)", URL: "https://www.parallelparliament.co.uk/question/104311/courts-digital-technology", Verification: "verified-secondary"}
)

// SizeLimits returns the limits that matter for a bundle of the style.
func SizeLimits(st Style) []SizeLimit {
	switch st.orDefault() {
	case StyleCourt:
		return []SizeLimit{LimitEmail, LimitCEFile}
	case StyleFamily:
		return []SizeLimit{LimitEmail, LimitHMCTSDigital}
	}
	return nil
}

// MB says a size in megabytes (of 2^20 bytes), as people read it.
func MB(n int64) string {
	if n < 10<<20 {
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d MB", (n+(1<<19))>>20)
}

// SizeWarnings says, for a bundle of size bytes, which published limits it
// is over, what to do, and, for a style with no limit found, says so.
func SizeWarnings(st Style, size int64) []string {
	ls := SizeLimits(st)
	if len(ls) == 0 {
		return []string{fmt.Sprintf("The bundle is %s. Redress found no published size limit for sending a bundle to the Ombudsman: ask them how to send a large file.", MB(size))}
	}
	var out []string
	for _, l := range ls {
		if size > l.Bytes {
			out = append(out, fmt.Sprintf("At %s it is too large for %s: the limit is %s (%s, %s). Split it into volumes, or send it another way the court accepts.", MB(size), l.What, MB(l.Bytes), l.Source, l.URL))
		}
	}
	if len(out) == 0 {
		out = append(out, fmt.Sprintf("At %s it is within the limits Redress found for %s.", MB(size), limitsWhat(ls)))
	}
	return out
}

func limitsWhat(ls []SizeLimit) string {
	var s []string
	for _, l := range ls {
		s = append(s, l.What+" ("+MB(l.Bytes)+")")
	}
	return strings.Join(s, " and ")
}

// EstimatedSize is about how large the bundle's file will be: the exhibits
// as stored, the pages Redress makes, the text layers and the originals
// when attached. Report.Guidance uses it before the bundle is written;
// Result.Size is the size written.
func (p *Plan) EstimatedSize() int64 {
	n := int64(len(p.gen.pdf))
	for _, u := range p.units {
		n += p.unitSize(u)
	}
	return n
}

// unitSize is about how many bytes u adds to the bundle's file: the
// exhibit as stored, its original when attached, and for each page its
// stamp, fingerprint and objects, and a text layer.
func (p *Plan) unitSize(u *unit) int64 {
	var n int64
	switch u.kind {
	case fromPDF, fromImage:
		n += u.size
	}
	if p.b.AttachOriginals && u.part.Kind == Document {
		n += u.size
	}
	n += int64(u.pages) * 2048
	n += int64(len(u.ocr)) * 12 << 10
	return n
}

// imageDPI looks at the images a page draws directly, taking each as
// filling the page's longer side (as a scan does): the pixels of its longer
// side over the page's longer side in inches (an image drawn smaller is
// finer than this says). It returns the finest, and how many are finer than
// 300 dpi and can be scaled down, and how many cannot.
func imageDPI(xt *model.XRefTable, res types.Object, long float64) (finest float64, scalable, kept int) {
	r := dict(xt, res)
	if r == nil || long <= 0 {
		return 0, 0, 0
	}
	for _, o := range dict(xt, r["XObject"]) {
		sd, _, err := xt.DereferenceStreamDict(o)
		if err != nil || sd == nil {
			continue
		}
		if st := sd.Dict.NameEntry("Subtype"); st == nil || *st != "Image" {
			continue
		}
		w, _ := number(xt, sd.Dict["Width"])
		h, _ := number(xt, sd.Dict["Height"])
		d := max(w, h) / (long / 72)
		finest = max(finest, d)
		if d > overDPI {
			if scalableImage(xt, sd) {
				scalable++
			} else {
				kept++
			}
		}
	}
	return finest, scalable, kept
}

func scaledWords(n int) string {
	if n == 0 {
		return ""
	}
	return "; " + count(n, "other is", "others are") + " scaled down to 300 dpi in the bundle"
}

// guidance lists each point of the guidance the bundle's style follows and
// whether the bundle meets it.
func (p *Plan) guidance() []GuidancePoint {
	st := p.b.Style.orDefault()
	src := SourceGeneral
	if st == StyleFamily {
		src = SourcePD27A + "; " + SourceGeneral
	}
	var g []GuidancePoint
	add := func(point, source, status, detail string, args ...any) {
		g = append(g, GuidancePoint{Point: point, Source: source, Status: status, Detail: fmt.Sprintf(detail, args...)})
	}
	add("A PDF", src, GuidanceMet, "The bundle is one PDF file.")
	switch st {
	case StyleCourt:
		add("Pages numbered by computer from 1 on the first page to the last, matching the PDF's own page numbers", SourceGeneral, GuidanceMet,
			"Every page is stamped 1 to %d, and the PDF's page labels are the same numbers.", p.total)
	case StyleFamily:
		add("Bates numbering: each section a letter, its pages numbered from 1 (A1, A2 … B1 …)", SourcePD27A, GuidanceMet,
			"Every page is stamped with its section and page, and the PDF's page labels are the same.")
	default:
		add("Pages numbered 1 to the last, matching the PDF's page numbers", SourceGeneral, GuidanceNotAsked,
			"This bundle numbers its pages by section (A1, A2 … B1 …), as the Ombudsman's bundles have been; make it in the court style for a court.")
	}
	hasIndex := false
	for _, u := range p.units {
		if u.part.Kind == Index {
			hasIndex = true
		}
	}
	if hasIndex {
		add("Every index entry hyperlinked to its document", src, GuidanceMet, "Each entry of the index links to the first page of its document or section.")
	} else {
		add("Every index entry hyperlinked to its document", src, GuidanceNotMet, "The bundle has no index: add \"index\" to a section.")
	}
	add("Every section and significant document bookmarked, the bookmark holding its page number", src, GuidanceMet,
		"Every section and every document has a bookmark that starts with its page.")
	// photos are the pictures in which OCR found no words: photographs,
	// with no typed text to make searchable (their page has no text layer,
	// so it is counted in noText too).
	noText, pages, photos := 0, 0, 0
	for _, u := range p.units {
		noText += len(u.noText())
		if u.kind == fromImage {
			photos += len(u.wordless)
		}
		if u.kind == fromPDF || u.kind == fromImage {
			pages += u.pages
		}
	}
	carry := func() string {
		return count(p.ocrPages, "scanned page carries", "scanned pages carry") + " the words OCR read, as invisible text"
	}
	switch {
	case noText == 0 && p.ocrPages > 0:
		add("Scanned pages of typed text made searchable by OCR", src, GuidanceMet, "%s.", carry())
	case noText == 0:
		add("Scanned pages of typed text made searchable by OCR", src, GuidanceMet, "Every page has a text layer.")
	case noText == photos:
		d := count(photos, "picture is a photograph", "pictures are photographs") + " in which OCR found no words, so " + either(photos, "it needs", "they need") + " no text layer"
		if p.ocrPages > 0 {
			d = carry() + "; " + d
		} else {
			d = "Every other page has a text layer; " + d
		}
		add("Scanned pages of typed text made searchable by OCR", src, GuidanceMet, "%s.", d)
	default:
		d := count(noText, "page has", "pages have") + " no text layer, so " + either(noText, "its", "their") + " words cannot be searched"
		if p.ocrPages > 0 {
			d += " (" + count(p.ocrPages, "other scanned page carries", "other scanned pages carry") + " the words OCR read)"
		}
		if len(p.ocrFailed) > 0 {
			var ids []string
			for _, f := range p.ocrFailed {
				ids = append(ids, f.Item+" "+pageList(f.Pages))
			}
			d += "; OCR failed on: " + strings.Join(ids, "; ")
		}
		add("Scanned pages of typed text made searchable by OCR", src, GuidanceNotMet, "%s. Photographs without words need none; for typed pages, read the document again (Documents tab) with Tesseract installed.", d)
	}
	add("Landscape pages shown landscape; none upside down", SourceGeneral, GuidanceCheck,
		"%s, and the page stamp is put at the foot of each page as it is shown. Redress cannot tell whether a page was scanned upside down: look through the bundle.", landscapeWords(p.landscape))
	add("The default view at 100%", SourceGeneral, GuidanceMet, "The bundle opens at its first page at 100%%, and links and bookmarks keep the zoom.")
	switch {
	case p.kept300 > 0:
		add("A resolution no higher than 300 dpi", SourceGeneral, GuidanceNotMet,
			"%s finer than 300 dpi (up to about %.0f dpi) cannot be scaled down by Redress and %s kept as imported%s.", count(p.kept300, "image", "images"), p.maxDPI, either(p.kept300, "is", "are"), scaledWords(p.scale300))
	case p.scale300 > 0:
		add("A resolution no higher than 300 dpi", SourceGeneral, GuidanceMet,
			"%s finer than 300 dpi (up to about %.0f dpi) %s scaled down to 300 dpi in the bundle; the originals in the record are not changed.", count(p.scale300, "image", "images"), p.maxDPI, either(p.scale300, "is", "are"))
	default:
		add("A resolution no higher than 300 dpi", SourceGeneral, GuidanceMet, "No image is finer than 300 dpi (the finest is about %.0f dpi, taking a scan as filling its page).", p.maxDPI)
	}
	if st == StyleFamily {
		if p.total > p.opt.PageLimit {
			add("No more than 350 pages without the court's permission", SourcePD27A, GuidanceNotMet, "The bundle has %d pages.", p.total)
		} else {
			add("No more than 350 pages without the court's permission", SourcePD27A, GuidanceMet, "The bundle has %d pages.", p.total)
		}
	}
	size := p.EstimatedSize()
	status := GuidanceMet
	for _, l := range SizeLimits(st) {
		if size > l.Bytes {
			status = GuidanceNotMet
		}
	}
	if len(SizeLimits(st)) == 0 {
		status = GuidanceCheck
	}
	add("A file small enough to send", "see the limits in docs/BUNDLES.md", status, "About %s. %s", MB(size), strings.Join(SizeWarnings(st, size), " "))
	return g
}

// landscapeWords says how many landscape pages the bundle keeps as they are.
func landscapeWords(n int) string {
	if n == 0 {
		return "No page is landscape; any that were would be kept as they are"
	}
	return count(n, "landscape page is kept", "landscape pages are kept") + " as " + either(n, "it is", "they are")
}
