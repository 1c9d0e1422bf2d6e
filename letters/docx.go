package letters

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// DOCXOptions are settings for WriteDOCX. The zero value is the default.
type DOCXOptions struct {
	// Created is the creation date written into the document's properties and
	// its zip entries. The zero value means midnight (UTC) at the start of the
	// letter's date, so that the same letter always gives the same bytes.
	Created time.Time
}

// WriteDOCX writes l as a Word document (Office Open XML) that Word and
// LibreOffice open and edit: real paragraphs in named styles (Title,
// Heading 1), numbered points and bullets as Word lists, links for the
// sources' URLs, and a footer with the record checkpoint and "Page N of M".
// The same Letter and options always give the same bytes.
func WriteDOCX(w io.Writer, l *Letter, opt DOCXOptions) error {
	created := opt.Created
	if created.IsZero() {
		created = l.Date.Time()
	}
	created = created.UTC().Truncate(time.Second)
	d := &docxWriter{l: l}
	document, err := d.document()
	if err != nil {
		return fmt.Errorf("write letter as DOCX: %w", err)
	}
	footer, err := d.footer()
	if err != nil {
		return fmt.Errorf("write letter as DOCX: %w", err)
	}
	core, err := d.core(created)
	if err != nil {
		return fmt.Errorf("write letter as DOCX: %w", err)
	}
	parts := []struct {
		name string
		data []byte
	}{
		{"[Content_Types].xml", []byte(docxContentTypes)},
		{"_rels/.rels", []byte(docxRootRels)},
		{"docProps/core.xml", core},
		{"docProps/app.xml", []byte(docxApp)},
		{"word/document.xml", document},
		{"word/_rels/document.xml.rels", d.rels()},
		{"word/styles.xml", []byte(docxStyles)},
		{"word/numbering.xml", []byte(docxNumbering)},
		{"word/settings.xml", []byte(docxSettings)},
		{"word/footer1.xml", footer},
	}
	zw := zip.NewWriter(w)
	for _, p := range parts {
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: p.name, Method: zip.Deflate, Modified: created})
		if err != nil {
			return fmt.Errorf("write letter as DOCX: %w", err)
		}
		if _, err := fw.Write(p.data); err != nil {
			return fmt.Errorf("write letter as DOCX: %w", err)
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("write letter as DOCX: %w", err)
	}
	return nil
}

type docxWriter struct {
	l     *Letter
	links []string // URLs, relationship ids rIdL1, rIdL2, ...
	enc   *xml.Encoder
	err   error
}

// Numbering instances in numbering.xml.
const (
	numPoints  = 1
	numBullets = 2
	numSources = 3
)

// ooxml names are written verbatim ("w:p"): encoding/xml's own namespace
// handling would rename the prefixes Word expects.
func name(s string) xml.Name { return xml.Name{Local: s} }

func (d *docxWriter) start(el string, attrs ...string) {
	if d.err != nil {
		return
	}
	se := xml.StartElement{Name: name(el)}
	for i := 0; i+1 < len(attrs); i += 2 {
		se.Attr = append(se.Attr, xml.Attr{Name: name(attrs[i]), Value: attrs[i+1]})
	}
	d.err = d.enc.EncodeToken(se)
}

func (d *docxWriter) end(el string) {
	if d.err == nil {
		d.err = d.enc.EncodeToken(xml.EndElement{Name: name(el)})
	}
}

// empty writes <el attrs.../>.
func (d *docxWriter) empty(el string, attrs ...string) {
	d.start(el, attrs...)
	d.end(el)
}

func (d *docxWriter) chars(s string) {
	if d.err == nil {
		d.err = d.enc.EncodeToken(xml.CharData(s))
	}
}

type runStyle struct {
	bold, italic bool
	style        string // a character style id
}

func (d *docxWriter) run(text string, rs runStyle) {
	if text == "" {
		return
	}
	d.start("w:r")
	if rs.bold || rs.italic || rs.style != "" {
		d.start("w:rPr")
		if rs.style != "" {
			d.empty("w:rStyle", "w:val", rs.style)
		}
		if rs.bold {
			d.empty("w:b")
		}
		if rs.italic {
			d.empty("w:i")
		}
		d.end("w:rPr")
	}
	d.start("w:t", "xml:space", "preserve")
	d.chars(cleanXML(text))
	d.end("w:t")
	d.end("w:r")
}

type paraStyle struct {
	style    string // a paragraph style id
	num      int    // numbering instance, 0 for none
	indent   int    // left indent in twips
	right    bool   // right-aligned
	keepNext bool
}

func (d *docxWriter) para(ps paraStyle, runs func()) {
	d.start("w:p")
	d.start("w:pPr")
	if ps.style != "" {
		d.empty("w:pStyle", "w:val", ps.style)
	}
	if ps.keepNext {
		d.empty("w:keepNext")
	}
	if ps.num != 0 {
		d.start("w:numPr")
		d.empty("w:ilvl", "w:val", "0")
		d.empty("w:numId", "w:val", strconv.Itoa(ps.num))
		d.end("w:numPr")
	}
	if ps.indent != 0 {
		d.empty("w:ind", "w:left", strconv.Itoa(ps.indent))
	}
	if ps.right {
		d.empty("w:jc", "w:val", "right")
	}
	d.end("w:pPr")
	runs()
	d.end("w:p")
}

func (d *docxWriter) hyperlink(url string) {
	d.links = append(d.links, url)
	d.start("w:hyperlink", "r:id", "rIdL"+strconv.Itoa(len(d.links)), "w:history", "1")
	d.run(url, runStyle{style: "Hyperlink"})
	d.end("w:hyperlink")
}

const indentTwips = 454 // 8 mm, the hanging indent of numbered points

func (d *docxWriter) document() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	d.enc = xml.NewEncoder(&buf)
	l := d.l
	d.start("w:document",
		"xmlns:w", "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
		"xmlns:r", "http://schemas.openxmlformats.org/officeDocument/2006/relationships")
	d.start("w:body")
	for _, line := range partyLines(l.From) {
		d.para(paraStyle{style: "Address", right: true}, func() { d.run(line, runStyle{bold: line == l.From.Name}) })
	}
	for i, line := range partyLines(l.To) {
		st := "Address"
		if i == 0 {
			st = "AddressFirst"
		}
		d.para(paraStyle{style: st}, func() { d.run(line, runStyle{bold: i == 0}) })
	}
	d.para(paraStyle{style: "DateLine"}, func() { d.run(l.DateLine(), runStyle{}) })
	if l.Reference != "" {
		d.para(paraStyle{style: "Address"}, func() { d.run(referenceLine(l.Reference), runStyle{}) })
	}
	d.para(paraStyle{style: "Title"}, func() { d.run(l.Title, runStyle{}) })
	for _, b := range l.Body {
		d.block(b)
	}
	if len(l.Enclosures) > 0 {
		d.para(paraStyle{style: "Heading1", keepNext: true}, func() { d.run(EnclosuresHeading, runStyle{}) })
		for _, e := range l.Enclosures {
			d.para(paraStyle{style: "ListParagraph", num: numBullets}, func() { d.run(e, runStyle{}) })
		}
	}
	if len(l.Sources) > 0 {
		d.para(paraStyle{style: "Heading1", keepNext: true}, func() { d.run(SourcesHeading, runStyle{}) })
		for _, s := range l.Sources {
			d.para(paraStyle{style: "SourceName", num: numSources, keepNext: true}, func() { d.run(s.Name(), runStyle{}) })
			d.para(paraStyle{style: "SourceDetail", keepNext: s.URL != ""}, func() { d.run(s.Status(), runStyle{}) })
			if s.URL != "" {
				d.para(paraStyle{style: "SourceDetail"}, func() { d.hyperlink(s.URL) })
			}
		}
	}
	if l.Checkpoint != "" {
		d.para(paraStyle{style: "Checkpoint"}, func() { d.run(checkpointLine(l.Checkpoint), runStyle{}) })
	}
	// A4, 25 mm side margins, as in the PDF.
	d.start("w:sectPr")
	d.empty("w:footerReference", "w:type", "default", "r:id", "rIdFooter")
	d.empty("w:pgSz", "w:w", "11906", "w:h", "16838")
	d.empty("w:pgMar", "w:top", "1247", "w:right", "1417", "w:bottom", "1361", "w:left", "1417",
		"w:header", "709", "w:footer", "567", "w:gutter", "0")
	d.end("w:sectPr")
	d.end("w:body")
	d.end("w:document")
	if d.err == nil {
		d.err = d.enc.Flush()
	}
	return buf.Bytes(), d.err
}

func (d *docxWriter) block(b Block) {
	switch b.Kind {
	case Heading:
		d.para(paraStyle{style: "Heading1", keepNext: true}, func() { d.run(b.Text, runStyle{}) })
	case Signature:
		d.para(paraStyle{style: "Signature"}, func() { d.run(b.Text, runStyle{}) })
	case Paragraph:
		d.labelled(paraStyle{}, b)
	case Check:
		d.check(0, b.Text)
	case Bullets:
		for _, it := range b.Items {
			d.para(paraStyle{style: "ListParagraph", num: numBullets}, func() { d.run(it, runStyle{}) })
		}
	case Point:
		d.para(paraStyle{style: "PointTitle", num: numPoints, keepNext: true}, func() { d.run(b.Title, runStyle{}) })
		for _, in := range b.Body {
			if in.Kind == Check {
				d.check(indentTwips, in.Text)
			} else {
				d.labelled(paraStyle{indent: indentTwips}, in)
			}
		}
	}
}

func (d *docxWriter) labelled(ps paraStyle, b Block) {
	d.para(ps, func() {
		if b.Label != "" {
			d.run(b.Label, runStyle{bold: true})
			d.run(" "+b.Text, runStyle{})
		} else {
			d.run(b.Text, runStyle{})
		}
	})
}

func (d *docxWriter) check(indent int, text string) {
	d.para(paraStyle{style: "CheckNote", indent: indent}, func() {
		d.run(CheckLabel, runStyle{bold: true})
		d.run(" "+text, runStyle{})
	})
}

func (d *docxWriter) footer() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	d.enc = xml.NewEncoder(&buf)
	d.err = nil
	d.start("w:ftr",
		"xmlns:w", "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
		"xmlns:r", "http://schemas.openxmlformats.org/officeDocument/2006/relationships")
	d.para(paraStyle{style: "Footer"}, func() {
		if f := d.l.Footer(); f != "" {
			d.run(f, runStyle{})
		}
		d.start("w:r")
		d.empty("w:tab")
		d.end("w:r")
		d.run("Page ", runStyle{})
		d.field("PAGE", "1")
		d.run(" of ", runStyle{})
		d.field("NUMPAGES", "1")
	})
	d.end("w:ftr")
	if d.err == nil {
		d.err = d.enc.Flush()
	}
	return buf.Bytes(), d.err
}

func (d *docxWriter) field(instr, placeholder string) {
	d.start("w:fldSimple", "w:instr", " "+instr+" ")
	d.run(placeholder, runStyle{})
	d.end("w:fldSimple")
}

func (d *docxWriter) core(created time.Time) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	d.enc = xml.NewEncoder(&buf)
	d.err = nil
	ts := created.Format("2006-01-02T15:04:05Z")
	d.start("cp:coreProperties",
		"xmlns:cp", "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
		"xmlns:dc", "http://purl.org/dc/elements/1.1/",
		"xmlns:dcterms", "http://purl.org/dc/terms/",
		"xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance")
	d.start("dc:title")
	d.chars(cleanXML(d.l.Title))
	d.end("dc:title")
	d.start("dc:creator")
	d.chars(cleanXML(d.l.From.Name))
	d.end("dc:creator")
	d.start("dcterms:created", "xsi:type", "dcterms:W3CDTF")
	d.chars(ts)
	d.end("dcterms:created")
	d.start("dcterms:modified", "xsi:type", "dcterms:W3CDTF")
	d.chars(ts)
	d.end("dcterms:modified")
	d.end("cp:coreProperties")
	if d.err == nil {
		d.err = d.enc.Flush()
	}
	return buf.Bytes(), d.err
}

func (d *docxWriter) rels() []byte {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	buf.WriteString(`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`)
	rel := func(id, typ, target, mode string) {
		buf.WriteString(`<Relationship Id="` + id + `" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/` + typ + `" Target="`)
		_ = xml.EscapeText(&buf, []byte(target)) // a bytes.Buffer never fails
		buf.WriteString(`"`)
		if mode != "" {
			buf.WriteString(` TargetMode="` + mode + `"`)
		}
		buf.WriteString(`/>`)
	}
	rel("rIdStyles", "styles", "styles.xml", "")
	rel("rIdNumbering", "numbering", "numbering.xml", "")
	rel("rIdSettings", "settings", "settings.xml", "")
	rel("rIdFooter", "footer", "footer1.xml", "")
	for i, u := range d.links {
		rel("rIdL"+strconv.Itoa(i+1), "hyperlink", cleanXML(u), "External")
	}
	buf.WriteString(`</Relationships>`)
	return buf.Bytes()
}

// cleanXML replaces what XML 1.0 cannot carry (control characters, invalid
// UTF-8) with spaces and keeps the spacing; text from Build is already clean,
// but a caller may build a Letter by hand.
func cleanXML(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '\uFFFE' || r == '\uFFFF' {
			return ' '
		}
		return r
	}, s)
}

const docxContentTypes = `<?xml version="1.0" encoding="UTF-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/><Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/><Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>`

const docxRootRels = `<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>`

const docxApp = `<?xml version="1.0" encoding="UTF-8"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Redress</Application></Properties>`

const docxSettings = `<?xml version="1.0" encoding="UTF-8"?>
<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:defaultTabStop w:val="720"/><w:characterSpacingControl w:val="doNotCompress"/><w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>`

// docxStyles matches the PDF: Arial (Liberation Sans where Arial is
// missing), 11 pt body, navy headings, a tinted box for a solicitor's check.
const docxStyles = `<?xml version="1.0" encoding="UTF-8"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:eastAsia="Arial" w:cs="Arial"/><w:color w:val="212529"/><w:sz w:val="22"/><w:szCs w:val="22"/><w:lang w:val="en-GB"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="140" w:line="300" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>
<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:pBdr><w:bottom w:val="single" w:sz="6" w:space="4" w:color="C8CCD2"/></w:pBdr><w:spacing w:before="240" w:after="240" w:line="264" w:lineRule="auto"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:color w:val="18345C"/><w:sz w:val="29"/><w:szCs w:val="29"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="240" w:after="80"/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/><w:color w:val="18345C"/><w:sz w:val="24"/><w:szCs w:val="24"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Address"><w:name w:val="Address"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:after="0"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="AddressFirst"><w:name w:val="Address first line"/><w:basedOn w:val="Address"/><w:pPr><w:spacing w:before="280" w:after="0"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="DateLine"><w:name w:val="Date line"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:before="280" w:after="0"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="ListParagraph"><w:name w:val="List Paragraph"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:after="60"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="PointTitle"><w:name w:val="Point title"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:pPr><w:keepNext/><w:spacing w:before="120" w:after="80"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="CheckNote"><w:name w:val="Solicitor check"/><w:basedOn w:val="Normal"/><w:pPr><w:pBdr><w:left w:val="single" w:sz="18" w:space="6" w:color="C48C14"/></w:pBdr><w:shd w:val="clear" w:color="auto" w:fill="FDF3D6"/><w:spacing w:before="80" w:after="160"/></w:pPr><w:rPr><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="SourceName"><w:name w:val="Source name"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:before="80" w:after="0"/></w:pPr><w:rPr><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="SourceDetail"><w:name w:val="Source detail"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:after="0"/><w:ind w:left="454"/></w:pPr><w:rPr><w:color w:val="60666E"/><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Signature"><w:name w:val="Signature"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:before="720"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Checkpoint"><w:name w:val="Checkpoint"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:before="240"/></w:pPr><w:rPr><w:i/><w:color w:val="60666E"/><w:sz w:val="19"/><w:szCs w:val="19"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Footer"><w:name w:val="footer"/><w:basedOn w:val="Normal"/><w:pPr><w:pBdr><w:top w:val="single" w:sz="4" w:space="4" w:color="C8CCD2"/></w:pBdr><w:tabs><w:tab w:val="right" w:pos="9072"/></w:tabs><w:spacing w:after="0"/></w:pPr><w:rPr><w:color w:val="60666E"/><w:sz w:val="17"/><w:szCs w:val="17"/></w:rPr></w:style>
<w:style w:type="character" w:styleId="Hyperlink"><w:name w:val="Hyperlink"/><w:rPr><w:color w:val="1450A0"/><w:u w:val="single"/></w:rPr></w:style>
</w:styles>`

// docxNumbering defines the lists: decimal "1." for points and sources (each
// counted on its own) and bullets, all with the hanging indent of the PDF.
const docxNumbering = `<?xml version="1.0" encoding="UTF-8"?>
<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="singleLevel"/><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="454" w:hanging="454"/></w:pPr></w:lvl></w:abstractNum>
<w:abstractNum w:abstractNumId="1"><w:multiLevelType w:val="singleLevel"/><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="340" w:hanging="340"/></w:pPr></w:lvl></w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
<w:num w:numId="3"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
</w:numbering>`
