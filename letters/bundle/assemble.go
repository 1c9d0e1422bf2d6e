package bundle

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"io"
	"strings"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// Names of the stamp fonts in every page's resources.
const (
	stampFontR = "RedressStampR"
	stampFontB = "RedressStampB"
)

// ManifestName is the name the manifest is attached under.
const ManifestName = "redress-manifest.json"

// InfoKey is the key of the document information dictionary that holds the
// SHA-256 of the attached manifest, in hex.
const InfoKey = "RedressManifestSHA256"

// Result describes a written bundle.
type Result struct {
	Pages    int
	Labels   []string // the label of every page, in order
	Manifest *Manifest
}

type assembler struct {
	p            *Plan
	ctx          *model.Context
	xt           *model.XRefTable
	fontR, fontB types.IndirectRef
	open         types.IndirectRef // the "q" stream put before every page's own content
}

// Write assembles the bundle and writes the PDF to w. A Plan can be written
// once (assembling consumes the exhibits' parsed PDFs).
func (p *Plan) Write(ctx context.Context, w io.Writer) (res *Result, err error) {
	if p.used {
		return nil, ErrUsed
	}
	p.used = true
	defer func() {
		if r := recover(); r != nil {
			res, err = nil, fmt.Errorf("assemble the bundle: the PDF library failed (%v)", r)
		}
	}()
	dest, err := readPDF(p.gen.pdf, pdfConf())
	if err != nil {
		return nil, fmt.Errorf("assemble the bundle: read the front matter: %w", err)
	}
	a := &assembler{p: p, ctx: dest, xt: dest.XRefTable}
	var pdfUnits []*unit
	for _, u := range p.units {
		if u.kind == fromPDF {
			pdfUnits = append(pdfUnits, u)
		}
	}
	for i, u := range pdfUnits {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		p.progress(Progress{Stage: "assembling", Done: i, Total: len(pdfUnits), What: u.item().Label()})
		sanitise(u.ctx)
		if err := pdfcpu.MergeXRefTables("", u.ctx, dest, false, false); err != nil {
			return nil, fmt.Errorf("assemble the bundle: add %s: %w", u.item().Label(), err)
		}
		u.ctx = nil
	}
	p.progress(Progress{Stage: "assembling", Done: len(pdfUnits), Total: len(pdfUnits)})
	all, err := pages(a.xt)
	if err != nil {
		return nil, fmt.Errorf("assemble the bundle: %w", err)
	}
	genPages := p.gen.carrier + 1
	if err := a.fonts(all[p.gen.carrier]); err != nil {
		return nil, err
	}
	a.open, err = a.stream([]byte("q\n"))
	if err != nil {
		return nil, err
	}
	final := make([]page, 0, p.total)
	next := genPages
	for _, u := range p.units {
		switch u.kind {
		case fromGen:
			start := p.gen.start[u]
			final = append(final, all[start:start+u.pages]...)
		case fromPDF:
			if next+u.pages > len(all) {
				return nil, errors.New("assemble the bundle: pages went missing while merging")
			}
			final = append(final, all[next:next+u.pages]...)
			next += u.pages
		case fromImage:
			pg, err := a.imagePage(u)
			if err != nil {
				return nil, fmt.Errorf("assemble the bundle: place %s: %w", u.item().Label(), err)
			}
			final = append(final, pg)
		}
	}
	if next != len(all) || len(final) != p.total {
		return nil, fmt.Errorf("assemble the bundle: expected %d pages, made %d", p.total, len(final))
	}
	if err := a.flatten(final); err != nil {
		return nil, err
	}
	labels := make([]string, len(final))
	for i := range final {
		if i%50 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		labels[i] = p.labelOf(i)
		if err := a.stamp(&final[i], labels[i]); err != nil {
			return nil, err
		}
	}
	if err := a.links(final); err != nil {
		return nil, err
	}
	if err := a.pageLabels(); err != nil {
		return nil, err
	}
	if err := a.outlines(final); err != nil {
		return nil, err
	}
	p.progress(Progress{Stage: "writing", Done: 0, Total: 1})
	m, err := a.manifest(ctx, final, labels)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := api.WriteContext(dest, w); err != nil {
		return nil, fmt.Errorf("write the bundle: %w", err)
	}
	p.progress(Progress{Stage: "writing", Done: 1, Total: 1})
	return &Result{Pages: len(final), Labels: labels, Manifest: m}, nil
}

// stream adds an uncompressed stream object.
func (a *assembler) stream(content []byte) (types.IndirectRef, error) {
	sd := types.StreamDict{Dict: types.NewDict(), Content: content}
	if err := sd.Encode(); err != nil {
		return types.IndirectRef{}, err
	}
	ref, err := a.xt.IndRefForNewObject(sd)
	if err != nil {
		return types.IndirectRef{}, err
	}
	return *ref, nil
}

// fonts finds the regular and bold fonts on the carrier page.
func (a *assembler) fonts(carrier page) error {
	fd := dict(a.xt, dict(a.xt, carrier.res)["Font"])
	var okR, okB bool
	for _, o := range fd {
		ref, ok := o.(types.IndirectRef)
		if !ok {
			continue
		}
		f := dict(a.xt, ref)
		base := f.NameEntry("BaseFont")
		if base == nil {
			continue
		}
		// fpdf names its UTF-8 fonts "utf8" + family + style.
		switch strings.TrimPrefix(*base, "utf8") {
		case fontFamily + "B":
			a.fontB, okB = ref, true
		case fontFamily:
			a.fontR, okR = ref, true
		}
	}
	if !okR || !okB {
		return errors.New("assemble the bundle: the stamp fonts are missing")
	}
	return nil
}

// flatten makes the page tree one level deep, in the bundle's order, each
// page holding its own attributes instead of inheriting them.
func (a *assembler) flatten(final []page) error {
	rootRef, err := a.xt.Pages()
	if err != nil || rootRef == nil {
		return errors.New("assemble the bundle: no page tree")
	}
	root := dict(a.xt, *rootRef)
	if root == nil {
		return errors.New("assemble the bundle: no page tree")
	}
	kids := make(types.Array, 0, len(final))
	for i := range final {
		pg := &final[i]
		d := pg.dict
		if pg.res == nil {
			pg.res = types.Dict{}
		}
		d["Resources"] = pg.res
		if pg.media == nil {
			pg.media = types.NewNumberArray(0, 0, 595.28, 841.89)
		}
		d["MediaBox"] = pg.media
		if pg.crop != nil {
			d["CropBox"] = pg.crop
		}
		if pg.rotate != 0 {
			d["Rotate"] = types.Integer(pg.rotate)
		} else {
			d.Delete("Rotate")
		}
		d["Type"] = types.Name("Page")
		d["Parent"] = *rootRef
		kids = append(kids, pg.ref)
	}
	for _, k := range []string{"Resources", "MediaBox", "CropBox", "Rotate"} {
		root.Delete(k)
	}
	root["Kids"] = kids
	root["Count"] = types.Integer(len(kids))
	a.xt.PageCount = len(kids)
	return nil
}

// displayMatrix maps the displayed page (origin at its bottom left, after
// the page's rotation) to the page's own coordinates, and gives the
// displayed width and height.
func displayMatrix(b box, rotate int) (m [6]float64, w, h float64) {
	switch rotate {
	case 90:
		return [6]float64{0, 1, -1, 0, b.urx, b.lly}, b.h(), b.w()
	case 180:
		return [6]float64{-1, 0, 0, -1, b.urx, b.ury}, b.w(), b.h()
	case 270:
		return [6]float64{0, -1, 1, 0, b.llx, b.ury}, b.h(), b.w()
	}
	return [6]float64{1, 0, 0, 1, b.llx, b.lly}, b.w(), b.h()
}

func f2(v float64) string {
	s := fmt.Sprintf("%.3f", v)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if s == "-0" || s == "" {
		return "0"
	}
	return s
}

func matrixString(m [6]float64) string {
	parts := make([]string, 6)
	for i, v := range m {
		parts[i] = f2(v)
	}
	return strings.Join(parts, " ")
}

// stamp puts the page's label and the bundle's title at the foot of the
// displayed page, each on a small white ground so that it can be read over
// a scan, after the page's own content (wrapped in q ... Q so that nothing
// it leaves set can move or hide the stamp).
func (a *assembler) stamp(pg *page, label string) error {
	g := a.p.gen
	m, w, _ := displayMatrix(pg.visible(a.xt), pg.rotate)
	margin, bottom := 22.0, 12.0
	lw := g.labelW[label] * stampLabelSize
	boxW, boxH := lw+12, 17.0
	lx := w - margin - boxW
	var b bytes.Buffer
	fmt.Fprintf(&b, "\nQ\nq\n%s cm\n", matrixString(m))
	fmt.Fprintf(&b, "1 1 1 rg 0.55 0.6 0.66 RG 0.6 w %s %s %s %s re B\n", f2(lx), f2(bottom), f2(boxW), f2(boxH))
	fmt.Fprintf(&b, "BT /%s %s Tf 0.094 0.204 0.361 rg %s %s Td %s Tj ET\n", stampFontB, f2(stampLabelSize), f2(lx+6), f2(bottom+5.2), hexUTF16(label))
	if avail := lx - margin - 12; avail > 48 {
		title, tw := g.stampTitle(avail-8, stampTitleSize)
		fmt.Fprintf(&b, "1 1 1 rg %s %s %s %s re f\n", f2(margin), f2(bottom+2), f2(tw+8), f2(12))
		fmt.Fprintf(&b, "BT /%s %s Tf 0.376 0.4 0.431 rg %s %s Td %s Tj ET\n", stampFontR, f2(stampTitleSize), f2(margin+4), f2(bottom+5.6), hexUTF16(title))
	}
	b.WriteString("Q\n")
	ref, err := a.stream(b.Bytes())
	if err != nil {
		return err
	}
	contents := types.Array{a.open}
	if c, ok := pg.dict.Find("Contents"); ok {
		c2, err := a.xt.Dereference(c)
		if err != nil {
			return fmt.Errorf("stamp page %s: %w", label, err)
		}
		switch v := c2.(type) {
		case types.Array:
			contents = append(contents, v...)
		case types.StreamDict:
			contents = append(contents, c)
		}
	}
	contents = append(contents, ref)
	pg.dict["Contents"] = contents
	// The page's own resources, with the stamp fonts added.
	res := types.Dict{}
	for k, v := range dict(a.xt, pg.res) {
		res[k] = v
	}
	fonts := types.Dict{}
	for k, v := range dict(a.xt, res["Font"]) {
		fonts[k] = v
	}
	fonts[stampFontR] = a.fontR
	fonts[stampFontB] = a.fontB
	res["Font"] = fonts
	pg.dict["Resources"] = res
	pg.res = res
	return nil
}

// imagePage places a photograph on an A4 page of its own, with its caption
// above it in real text.
func (a *assembler) imagePage(u *unit) (page, error) {
	pic := u.img
	var sd *types.StreamDict
	var err error
	if pic.format == "jpeg" {
		cs := "DeviceRGB"
		if cfg, _, err := image.DecodeConfig(bytes.NewReader(pic.data)); err == nil {
			switch cfg.ColorModel {
			case color.GrayModel, color.Gray16Model:
				cs = "DeviceGray"
			case color.CMYKModel:
				cs = "DeviceCMYK"
			}
		}
		sd, err = model.CreateDCTImageStreamDict(a.xt, pic.data, pic.w, pic.h, 8, cs)
	} else {
		sd, _, _, err = model.CreateImageStreamDict(a.xt, bytes.NewReader(pic.data))
	}
	if err != nil {
		return page{}, err
	}
	pic.data = nil
	imgRef, err := a.xt.IndRefForNewObject(*sd)
	if err != nil {
		return page{}, err
	}
	pw, ph := a4W*ptPerMM, a4H*ptPerMM
	left, right := marginLR*ptPerMM, marginLR*ptPerMM
	top := ph - marginTop*ptPerMM
	var b bytes.Buffer
	lineH := captionSize * 1.35
	y := top - captionSize
	for _, line := range pic.caption {
		fmt.Fprintf(&b, "BT /%s %s Tf 0.13 0.145 0.16 rg %s %s Td %s Tj ET\n", stampFontR, f2(captionSize), f2(left), f2(y), hexUTF16(line))
		y -= lineH
	}
	areaTop := y + captionSize - 6
	areaBot := marginBot * ptPerMM
	areaW, areaH := pw-left-right, areaTop-areaBot
	o := pic.orientation
	switch o {
	case 2:
		o = 1
	case 4:
		o = 3
	case 5:
		o = 6
	case 7:
		o = 8
	}
	dw, dh := float64(pic.w), float64(pic.h)
	if o == 6 || o == 8 {
		dw, dh = dh, dw
	}
	s := min(areaW/dw, areaH/dh, 2)
	W, H := dw*s, dh*s
	x0, y0 := left+(areaW-W)/2, areaTop-H
	var m [6]float64
	switch o {
	case 3:
		m = [6]float64{-W, 0, 0, -H, x0 + W, y0 + H}
	case 6:
		m = [6]float64{0, -H, W, 0, x0, y0 + H}
	case 8:
		m = [6]float64{0, H, -W, 0, x0 + W, y0}
	default:
		m = [6]float64{W, 0, 0, H, x0, y0}
	}
	fmt.Fprintf(&b, "q %s cm /Im0 Do Q\n", matrixString(m))
	content, err := a.stream(b.Bytes())
	if err != nil {
		return page{}, err
	}
	res := types.Dict{
		"XObject": types.Dict{"Im0": *imgRef},
		"Font":    types.Dict{stampFontR: a.fontR},
	}
	media := types.NewNumberArray(0, 0, pw, ph)
	d := types.Dict{"Type": types.Name("Page"), "MediaBox": media, "Resources": res, "Contents": content}
	ref, err := a.xt.IndRefForNewObject(d)
	if err != nil {
		return page{}, err
	}
	return page{ref: *ref, dict: d, res: res, media: media}, nil
}

// links puts a link annotation on the front matter for every index,
// contents and chronology entry.
func (a *assembler) links(final []page) error {
	g := a.p.gen
	for _, l := range g.links {
		var at = -1
		for u, start := range g.start {
			if l.page >= start && l.page < start+g.count[u] {
				at = u.first + l.page - start
			}
		}
		if at < 0 || l.target < 0 || l.target >= len(final) {
			continue
		}
		annot := types.Dict{
			"Type":    types.Name("Annot"),
			"Subtype": types.Name("Link"),
			"Rect":    types.NewNumberArray(l.rect[0], l.rect[1], l.rect[2], l.rect[3]),
			"Border":  types.NewIntegerArray(0, 0, 0),
			"Dest":    types.Array{final[l.target].ref, types.Name("Fit")},
		}
		ref, err := a.xt.IndRefForNewObject(annot)
		if err != nil {
			return err
		}
		pd := final[at].dict
		var annots types.Array
		if o, ok := pd.Find("Annots"); ok {
			if arr, ok := dictArray(a.xt, o); ok {
				annots = arr
			}
		}
		pd["Annots"] = append(annots, *ref)
	}
	return nil
}

func dictArray(xt *model.XRefTable, o types.Object) (types.Array, bool) {
	o, err := xt.Dereference(o)
	if err != nil {
		return nil, false
	}
	arr, ok := o.(types.Array)
	return arr, ok
}

// pageLabels writes the /PageLabels number tree: each section's pages are
// its letter and a number from 1, as printed.
func (a *assembler) pageLabels() error {
	root, err := a.ctx.Catalog()
	if err != nil {
		return err
	}
	var nums types.Array
	for si, s := range a.p.b.Sections {
		first, count := a.p.sectionRange(si)
		if count == 0 {
			continue
		}
		nums = append(nums, types.Integer(first), types.Dict{"S": types.Name("D"), "P": types.StringLiteral(s.Label)})
	}
	root["PageLabels"] = types.Dict{"Nums": nums}
	root["PageMode"] = types.Name("UseOutlines")
	return nil
}

// textString encodes s as a PDF text string.
func textString(s string) types.StringLiteral {
	e, err := types.EscapedUTF16String(s)
	if err != nil || e == nil {
		return types.StringLiteral(types.EncodeName(s))
	}
	return types.StringLiteral(*e)
}

// outline is one bookmark.
type outline struct {
	title string
	page  int
	kids  []*outline
}

// outlines makes a bookmark for every section and, under it, every part.
func (a *assembler) outlines(final []page) error {
	p := a.p
	var top []*outline
	for si, s := range p.b.Sections {
		first, count := p.sectionRange(si)
		if count == 0 {
			continue
		}
		o := &outline{title: fmt.Sprintf("%s. %s", s.Label, s.Title), page: first}
		for _, u := range p.units {
			if u.section != si {
				continue
			}
			var t string
			switch u.part.Kind {
			case Cover:
				t = "Cover and checkpoint"
			case Index:
				t = "Index"
			case Chronology:
				t = "Chronology"
			case Findings:
				t = "Schedule of findings"
			default:
				it := u.item()
				t = p.labelOf(u.first) + "  " + it.Label()
				if !it.Date.IsZero() {
					t += " (" + shortDate(it.Date) + ")"
				}
			}
			o.kids = append(o.kids, &outline{title: t, page: u.first})
		}
		top = append(top, o)
	}
	if len(top) == 0 {
		return nil
	}
	rootD := types.Dict{"Type": types.Name("Outlines")}
	rootRef, err := a.xt.IndRefForNewObject(rootD)
	if err != nil {
		return err
	}
	var level func(parent types.IndirectRef, parentD types.Dict, items []*outline) (int, error)
	level = func(parent types.IndirectRef, parentD types.Dict, items []*outline) (int, error) {
		refs := make([]types.IndirectRef, len(items))
		dicts := make([]types.Dict, len(items))
		total := 0
		for i, it := range items {
			d := types.Dict{
				"Title":  textString(it.title),
				"Parent": parent,
				"Dest":   types.Array{final[it.page].ref, types.Name("Fit")},
			}
			ref, err := a.xt.IndRefForNewObject(d)
			if err != nil {
				return 0, err
			}
			refs[i], dicts[i] = *ref, d
			total++
			if len(it.kids) > 0 {
				n, err := level(*ref, d, it.kids)
				if err != nil {
					return 0, err
				}
				total += n
			}
		}
		for i := range items {
			if i > 0 {
				dicts[i]["Prev"] = refs[i-1]
			}
			if i < len(items)-1 {
				dicts[i]["Next"] = refs[i+1]
			}
		}
		parentD["First"] = refs[0]
		parentD["Last"] = refs[len(refs)-1]
		parentD["Count"] = types.Integer(total)
		return total, nil
	}
	if _, err := level(*rootRef, rootD, top); err != nil {
		return err
	}
	cat, err := a.ctx.Catalog()
	if err != nil {
		return err
	}
	cat["Outlines"] = *rootRef
	return nil
}

// attach adds an embedded file, stored as it is (not compressed), so that
// its bytes can be seen in the PDF and checked.
func (a *assembler) attach(name, desc string, data []byte, mod string) error {
	sd := types.StreamDict{Dict: types.NewDict(), Content: data}
	sd.InsertName("Type", "EmbeddedFile")
	params := types.NewDict()
	params.InsertInt("Size", len(data))
	params.Insert("ModDate", types.StringLiteral(mod))
	sd.Insert("Params", params)
	if err := sd.Encode(); err != nil {
		return err
	}
	ref, err := a.xt.IndRefForNewObject(sd)
	if err != nil {
		return err
	}
	fs, err := a.xt.NewFileSpecDict(name, name, desc, *ref)
	if err != nil {
		return err
	}
	fs.Insert("AFRelationship", types.Name("Source"))
	fsRef, err := a.xt.IndRefForNewObject(fs)
	if err != nil {
		return err
	}
	if err := a.xt.LocateNameTree("EmbeddedFiles", true); err != nil {
		return err
	}
	return a.xt.Names["EmbeddedFiles"].Add(a.xt, name, *fsRef, model.NameMap{name: []types.Dict{fs}}, []string{"F", "UF"})
}
