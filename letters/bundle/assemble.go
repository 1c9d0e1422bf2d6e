package bundle

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"image/color"
	"io"
	"slices"
	"strings"

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
	p   *Plan
	out *pdfOut
	gen *source // the front matter, kept while the bundle is written
	// The "q" stream put before every page's own content, and the stamp
	// fonts: their bundle numbers and fingerprints.
	openN, fontRN, fontBN       int
	openSum, fontRSum, fontBSum [32]byte
	sums                        []string // every page's fingerprint, as written
	links                       map[int][]link
}

// Write assembles the bundle and writes the PDF to w. Each exhibit is read
// again (and checked against the SHA-256 read by Prepare), its pages and
// what they use written out, and let go before the next: memory does not
// grow with the size of the exhibits. A Plan can be written once.
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
	gctx, err := readPDF(p.gen.pdf, pdfConf())
	if err != nil {
		return nil, fmt.Errorf("assemble the bundle: read the front matter: %w", err)
	}
	a := &assembler{p: p, out: newPDFOut(w, p.total), gen: newSource(gctx.XRefTable), sums: make([]string, 0, p.total), links: map[int][]link{}}
	if err := a.gen.setRoot(); err != nil {
		return nil, err
	}
	for _, l := range p.gen.links {
		a.links[l.page] = append(a.links[l.page], l)
	}
	genPages, err := pages(gctx.XRefTable)
	if err != nil || len(genPages) <= p.gen.carrier {
		return nil, errors.New("assemble the bundle: the front matter has lost its pages")
	}
	if err := a.shared(genPages[p.gen.carrier]); err != nil {
		return nil, err
	}
	for u, start := range p.gen.start {
		for j := 0; j < u.pages; j++ {
			a.gen.page[genPages[start+j].ref.ObjectNumber.Value()] = u.first + j
		}
	}
	docs := 0
	for _, u := range p.units {
		if u.kind != fromGen {
			docs++
		}
	}
	labels := make([]string, 0, p.total)
	done := 0
	for _, u := range p.units {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if u.first != len(a.sums) {
			return nil, fmt.Errorf("assemble the bundle: %s should start on page %d but comes after %d pages (a fault in Redress: please report it)", u.part.Kind, u.first+1, len(a.sums))
		}
		for i := range u.pages {
			labels = append(labels, p.labelOf(u.first+i))
		}
		switch u.kind {
		case fromGen:
			start := p.gen.start[u]
			for j := 0; j < u.pages; j++ {
				if err := a.emit(a.gen, genPages[start+j], labels[u.first+j], a.links[start+j]); err != nil {
					return nil, err
				}
			}
			if err := a.drain(a.gen); err != nil {
				return nil, fmt.Errorf("assemble the bundle: write the front matter: %w", err)
			}
		case fromPDF, fromImage:
			p.progress(Progress{Stage: "assembling", Done: done, Total: docs, What: u.item().Label()})
			if err := a.exhibit(ctx, u, labels); err != nil {
				return nil, fmt.Errorf("assemble the bundle: add %s: %w", u.item().Label(), err)
			}
			done++
		}
	}
	p.progress(Progress{Stage: "assembling", Done: docs, Total: docs})
	p.buf = nil
	if len(a.sums) != p.total {
		return nil, fmt.Errorf("assemble the bundle: %d pages were written but the bundle was planned with %d (a fault in Redress: please report it)", len(a.sums), p.total)
	}
	p.progress(Progress{Stage: "writing", Done: 0, Total: 1})
	m, err := a.finish(ctx, labels)
	if err != nil {
		return nil, err
	}
	p.progress(Progress{Stage: "writing", Done: 1, Total: 1})
	return &Result{Pages: p.total, Labels: labels, Manifest: m}, nil
}

// shared writes what every page uses: the "q" stream and the stamp fonts
// (found on the front matter's carrier page).
func (a *assembler) shared(carrier page) error {
	g := a.gen
	sd := types.StreamDict{Dict: types.NewDict(), Content: []byte("q\n")}
	if err := sd.Encode(); err != nil {
		return err
	}
	open, err := g.xt.IndRefForNewObject(sd)
	if err != nil {
		return err
	}
	g.open = *open
	fd := dict(g.xt, dict(g.xt, carrier.res)["Font"])
	var okR, okB bool
	for _, o := range fd {
		ref, ok := o.(types.IndirectRef)
		if !ok {
			continue
		}
		f := dict(g.xt, ref)
		base := f.NameEntry("BaseFont")
		if base == nil {
			continue
		}
		// fpdf names its UTF-8 fonts "utf8" + family + style.
		switch strings.TrimPrefix(*base, "utf8") {
		case fontFamily + "B":
			g.fontB, okB = ref, true
		case fontFamily:
			g.fontR, okR = ref, true
		}
	}
	if !okR || !okB {
		return errors.New("assemble the bundle: the stamp fonts are missing")
	}
	for _, x := range []struct {
		r   types.IndirectRef
		n   *int
		sum *[32]byte
	}{{g.open, &a.openN, &a.openSum}, {g.fontR, &a.fontRN, &a.fontRSum}, {g.fontB, &a.fontBN, &a.fontBSum}} {
		sum, err := g.dig.refSum(x.r)
		if err != nil {
			return fmt.Errorf("assemble the bundle: fingerprint the stamp: %w", err)
		}
		*x.n, *x.sum = a.ref(g, x.r), sum
	}
	if err := a.drain(g); err != nil {
		return fmt.Errorf("assemble the bundle: write the stamp fonts: %w", err)
	}
	return nil
}

// newSource starts copying from xt: its stand-ins for the shared objects.
func (a *assembler) newSource(xt *model.XRefTable) (*source, error) {
	s := newSource(xt)
	err := s.setRoot()
	if err != nil {
		return nil, err
	}
	if s.open, err = s.fixedRef(a.openN, a.openSum); err != nil {
		return nil, err
	}
	if s.fontR, err = s.fixedRef(a.fontRN, a.fontRSum); err != nil {
		return nil, err
	}
	if s.fontB, err = s.fixedRef(a.fontBN, a.fontBSum); err != nil {
		return nil, err
	}
	return s, nil
}

// exhibit reads an exhibit again, checks it is what Prepare read, and
// writes its pages.
func (a *assembler) exhibit(ctx context.Context, u *unit, labels []string) error {
	if u.redact != nil && len(u.redact.pages) > 0 {
		return a.redactedExhibit(ctx, u, labels)
	}
	it := u.item()
	data, err := readAll(ctx, it, a.p.opt.MaxItemSize, a.p.buf)
	if cap(data) > cap(a.p.buf) {
		a.p.buf = data[:0]
	}
	if err != nil {
		return fmt.Errorf("read it again: %w", err)
	}
	errChanged := errors.New("its bytes changed while the bundle was being built (they no longer match the SHA-256 read a moment before); build the bundle again")
	if u.kind == fromImage {
		if sum := sha256.Sum256(data); hex.EncodeToString(sum[:]) != u.sha256 {
			return errChanged
		}
		s, pg, err := a.imagePage(u, data)
		if err != nil {
			return err
		}
		data = nil
		if err := a.emit(s, pg, labels[u.first], nil); err != nil {
			return err
		}
		return a.drain(s)
	}
	// The SHA-256 is worked out on one core while the PDF is parsed on the
	// other; nothing parsed is used before it is known to be right.
	sum := make(chan string, 1)
	go func() {
		s := sha256.Sum256(data)
		sum <- hex.EncodeToString(s[:])
	}()
	conf := pdfConf()
	conf.Cmd = model.VALIDATE // as Prepare read it: see load
	pc, err := readPDF(data, conf)
	if <-sum != u.sha256 {
		return errChanged
	}
	if err != nil {
		return fmt.Errorf("read it again: %w", err)
	}
	data = nil
	ps, err := pages(pc.XRefTable)
	if err != nil {
		return fmt.Errorf("read its pages again: %w", err)
	}
	if len(ps) != u.pages {
		return fmt.Errorf("it has %d pages now but had %d when it was checked", len(ps), u.pages)
	}
	s, err := a.newSource(pc.XRefTable)
	if err != nil {
		return err
	}
	for j, pg := range ps {
		s.page[pg.ref.ObjectNumber.Value()] = u.first + j
	}
	for j, pg := range ps {
		if j%50 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if err := a.emit(s, pg, labels[u.first+j], nil); err != nil {
			return err
		}
		if err := a.drain(s); err != nil {
			return err
		}
	}
	return nil
}

// emit writes page pg of source s as the next page of the bundle: with
// its inherited attributes made its own, the stamp put on it, the front
// matter's links added, and its fingerprint taken.
func (a *assembler) emit(s *source, pg page, label string, links []link) error {
	idx := len(a.sums)
	d := types.Dict{}
	for k, v := range pg.dict {
		switch k {
		case "Parent", "Type", "Resources", "MediaBox", "CropBox", "Rotate", "AA":
			// Set below, or (AA, actions run when the page is opened or
			// closed) never brought into the bundle.
		default:
			d[k] = v
		}
	}
	d["Type"] = types.Name("Page")
	if pg.media == nil {
		pg.media = types.NewNumberArray(0, 0, 595.28, 841.89)
	}
	d["MediaBox"] = pg.media
	if pg.crop != nil {
		d["CropBox"] = pg.crop
	}
	if pg.rotate != 0 {
		d["Rotate"] = types.Integer(pg.rotate)
	}
	pg.dict = d
	if err := a.stamp(s, &pg, label); err != nil {
		return err
	}
	if err := a.link(s, &pg, links); err != nil {
		return err
	}
	sum, err := s.dig.page(pg)
	if err != nil {
		return fmt.Errorf("fingerprint page %s: %w", label, err)
	}
	a.sums = append(a.sums, sum)
	d["Parent"] = s.root // the bundle's page tree (not fingerprinted)
	b := a.out.begin(objFirst + idx)
	b = a.appendDict(b, s, d, -1)
	a.out.end(b)
	return a.out.err
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
func (a *assembler) stamp(s *source, pg *page, label string) error {
	g := a.p.gen
	m, w, _ := displayMatrix(pg.visible(s.xt), pg.rotate)
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
	ref, err := newStream(s.xt, b.Bytes())
	if err != nil {
		return err
	}
	contents := types.Array{s.open}
	if c, ok := pg.dict.Find("Contents"); ok {
		c2, err := s.xt.Dereference(c)
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
	for k, v := range dict(s.xt, pg.res) {
		res[k] = v
	}
	fonts := types.Dict{}
	for k, v := range dict(s.xt, res["Font"]) {
		fonts[k] = v
	}
	fonts[stampFontR] = s.fontR
	fonts[stampFontB] = s.fontB
	res["Font"] = fonts
	pg.dict["Resources"] = res
	pg.res = res
	return nil
}

// newStream adds an uncompressed stream object to xt.
func newStream(xt *model.XRefTable, content []byte) (types.IndirectRef, error) {
	sd := types.StreamDict{Dict: types.NewDict(), Content: content}
	if err := sd.Encode(); err != nil {
		return types.IndirectRef{}, err
	}
	ref, err := xt.IndRefForNewObject(sd)
	if err != nil {
		return types.IndirectRef{}, err
	}
	return *ref, nil
}

// imagePage makes an A4 page for a photograph, with its caption above it
// in real text, in a PDF of its own made here.
func (a *assembler) imagePage(u *unit, data []byte) (*source, page, error) {
	pic := u.img
	sc, err := pdfcpu.CreateContextWithXRefTable(pdfConf(), &types.Dim{Width: a4W * ptPerMM, Height: a4H * ptPerMM})
	if err != nil {
		return nil, page{}, err
	}
	xt := sc.XRefTable
	s, err := a.newSource(xt)
	if err != nil {
		return nil, page{}, err
	}
	var sd *types.StreamDict
	if pic.format == "jpeg" {
		cs := "DeviceRGB"
		if cfg, _, err := image.DecodeConfig(bytes.NewReader(data)); err == nil {
			switch cfg.ColorModel {
			case color.GrayModel, color.Gray16Model:
				cs = "DeviceGray"
			case color.CMYKModel:
				cs = "DeviceCMYK"
			}
		}
		sd, err = model.CreateDCTImageStreamDict(xt, data, pic.w, pic.h, 8, cs)
	} else {
		sd, _, _, err = model.CreateImageStreamDict(xt, bytes.NewReader(data))
	}
	if err != nil {
		return nil, page{}, err
	}
	imgRef, err := xt.IndRefForNewObject(*sd)
	if err != nil {
		return nil, page{}, err
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
	sc2 := min(areaW/dw, areaH/dh, 2)
	W, H := dw*sc2, dh*sc2
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
	content, err := newStream(xt, b.Bytes())
	if err != nil {
		return nil, page{}, err
	}
	res := types.Dict{
		"XObject": types.Dict{"Im0": *imgRef},
		"Font":    types.Dict{stampFontR: s.fontR},
	}
	media := types.NewNumberArray(0, 0, pw, ph)
	d := types.Dict{"Type": types.Name("Page"), "MediaBox": media, "Resources": res, "Contents": content}
	ref, err := xt.IndRefForNewObject(d)
	if err != nil {
		return nil, page{}, err
	}
	s.page[ref.ObjectNumber.Value()] = u.first
	return s, page{ref: *ref, dict: d, res: res, media: media}, nil
}

// link puts on a page of the front matter a link annotation for each of
// its index, contents and chronology entries.
func (a *assembler) link(s *source, pg *page, links []link) error {
	if len(links) == 0 {
		return nil
	}
	var annots types.Array
	if o, ok := pg.dict.Find("Annots"); ok {
		if arr, ok := dictArray(s.xt, o); ok {
			annots = append(annots, arr...)
		}
	}
	for _, l := range links {
		if l.target < 0 || l.target >= a.p.total {
			continue
		}
		dest, err := s.pageRef(l.target)
		if err != nil {
			return err
		}
		annot := types.Dict{
			"Type":    types.Name("Annot"),
			"Subtype": types.Name("Link"),
			"Rect":    types.NewNumberArray(l.rect[0], l.rect[1], l.rect[2], l.rect[3]),
			"Border":  types.NewIntegerArray(0, 0, 0),
			"Dest":    types.Array{dest, types.Name("Fit")},
		}
		ref, err := s.xt.IndRefForNewObject(annot)
		if err != nil {
			return err
		}
		annots = append(annots, *ref)
	}
	pg.dict["Annots"] = annots
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

// pageLabels returns the /PageLabels number tree: each section's pages
// are its letter and a number from 1, as printed.
func (a *assembler) pageLabels() types.Dict {
	var nums types.Array
	for si, s := range a.p.b.Sections {
		first, count := a.p.sectionRange(si)
		if count == 0 {
			continue
		}
		nums = append(nums, types.Integer(first), types.Dict{"S": types.Name("D"), "P": types.StringLiteral(s.Label)})
	}
	return types.Dict{"Nums": nums}
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

// outlines writes a bookmark for every section and, under it, every
// part, and returns the outline's root (0 when there is none).
func (a *assembler) outlines() (int, error) {
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
		return 0, nil
	}
	type obj struct {
		n int
		d types.Dict
	}
	var objs []obj
	ref := func(n int) types.IndirectRef { return *types.NewIndirectRef(n, 0) }
	rootN := a.out.alloc()
	rootD := types.Dict{"Type": types.Name("Outlines")}
	objs = append(objs, obj{rootN, rootD})
	var level func(parent int, parentD types.Dict, items []*outline) int
	level = func(parent int, parentD types.Dict, items []*outline) int {
		ns := make([]int, len(items))
		dicts := make([]types.Dict, len(items))
		total := 0
		for i, it := range items {
			d := types.Dict{
				"Title":  textString(it.title),
				"Parent": ref(parent),
				"Dest":   types.Array{ref(objFirst + it.page), types.Name("Fit")},
			}
			ns[i], dicts[i] = a.out.alloc(), d
			objs = append(objs, obj{ns[i], d})
			total++
			if len(it.kids) > 0 {
				total += level(ns[i], d, it.kids)
			}
		}
		for i := range items {
			if i > 0 {
				dicts[i]["Prev"] = ref(ns[i-1])
			}
			if i < len(items)-1 {
				dicts[i]["Next"] = ref(ns[i+1])
			}
		}
		parentD["First"] = ref(ns[0])
		parentD["Last"] = ref(ns[len(ns)-1])
		parentD["Count"] = types.Integer(total)
		return total
	}
	level(rootN, rootD, top)
	for _, o := range objs {
		if err := a.writeObject(nil, o.n, o.d); err != nil {
			return 0, err
		}
	}
	return rootN, nil
}

// attach writes an embedded file of size bytes, stored as they are (not
// compressed), so that they can be seen in the PDF and checked, copied
// from r; it returns the file specification's object number.
func (a *assembler) attach(name, desc string, size int64, mod string, r io.Reader) (int, error) {
	fileN := a.out.alloc()
	sd := types.Dict{
		"Type":   types.Name("EmbeddedFile"),
		"Params": types.Dict{"Size": types.Integer(size), "ModDate": types.StringLiteral(mod)},
	}
	b := a.out.begin(fileN)
	b = a.appendDict(b, nil, sd, int(size))
	b = append(b, "\nstream\n"...)
	a.out.write(b)
	if a.out.err != nil {
		return 0, a.out.err
	}
	n, err := io.Copy(a.out.w, io.LimitReader(r, size))
	a.out.off += n
	if err != nil {
		a.out.err = err
		return 0, err
	}
	if n != size {
		return 0, fmt.Errorf("it gave %d bytes, not %d", n, size)
	}
	a.out.end(append(b[:0], "\nendstream"...))
	fs := types.Dict{
		"Type":           types.Name("Filespec"),
		"EF":             types.Dict{"F": *types.NewIndirectRef(fileN, 0), "UF": *types.NewIndirectRef(fileN, 0)},
		"AFRelationship": types.Name("Source"),
		"F":              textString(name),
		"UF":             textString(name),
		"Desc":           textString(desc),
	}
	fsN := a.out.alloc()
	if err := a.writeObject(nil, fsN, fs); err != nil {
		return 0, err
	}
	return fsN, nil
}

// finish writes the manifest, the originals when asked, the document
// information, the outline, the page tree, the catalogue and the
// cross-reference table.
func (a *assembler) finish(ctx context.Context, labels []string) (*Manifest, error) {
	p, b := a.p, a.p.b
	m, data, originals, err := a.manifest(labels)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(data)
	mod := types.DateString(b.created())
	type named struct {
		name string
		fs   int
	}
	var files []named
	fs, err := a.attach(ManifestName, "Redress bundle manifest: exhibits, page fingerprints, record checkpoint and hash chain", int64(len(data)), mod, bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("attach the manifest: %w", err)
	}
	files = append(files, named{ManifestName, fs})
	for _, o := range originals {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		it := o.u.item()
		fs, err := a.original(ctx, o, mod)
		if err != nil {
			return nil, fmt.Errorf("attach the original of %s: %w", it.Label(), err)
		}
		files = append(files, named{o.name, fs})
	}
	slices.SortFunc(files, func(x, y named) int { return strings.Compare(x.name, y.name) })
	var names types.Array
	for _, f := range files {
		names = append(names, textString(f.name), *types.NewIndirectRef(f.fs, 0))
	}
	info := types.Dict{
		"Title":    textString(b.Title),
		"Subject":  textString("Evidence bundle: " + b.Case),
		"Creator":  types.StringLiteral("Redress"),
		"Producer": types.StringLiteral("Redress"),
		"Keywords": textString("redress-bundle/1; checkpoint " + b.Checkpoint),
		InfoKey:    types.StringLiteral(hex.EncodeToString(sum[:])),
	}
	infoN := a.out.alloc()
	if err := a.writeObject(nil, infoN, info); err != nil {
		return nil, fmt.Errorf("write the bundle: %w", err)
	}
	outlines, err := a.outlines()
	if err != nil {
		return nil, fmt.Errorf("write the bundle: %w", err)
	}
	kids := make(types.Array, p.total)
	for i := range kids {
		kids[i] = *types.NewIndirectRef(objFirst+i, 0)
	}
	if err := a.writeObject(nil, objPages, types.Dict{"Type": types.Name("Pages"), "Kids": kids, "Count": types.Integer(p.total)}); err != nil {
		return nil, fmt.Errorf("write the bundle: %w", err)
	}
	cat := types.Dict{
		"Type":       types.Name("Catalog"),
		"Pages":      *types.NewIndirectRef(objPages, 0),
		"PageLabels": a.pageLabels(),
		"PageMode":   types.Name("UseOutlines"),
		"Names":      types.Dict{"EmbeddedFiles": types.Dict{"Names": names}},
	}
	if outlines != 0 {
		cat["Outlines"] = *types.NewIndirectRef(outlines, 0)
	}
	if err := a.writeObject(nil, objCatalog, cat); err != nil {
		return nil, fmt.Errorf("write the bundle: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := a.out.finish(infoN, sum[:16]); err != nil {
		return nil, fmt.Errorf("write the bundle: %w", err)
	}
	return m, nil
}

// original attaches an exhibit's original, read again and copied straight
// into the bundle, and checks on the way that its bytes are the ones
// Prepare read.
func (a *assembler) original(ctx context.Context, o original, mod string) (fs int, err error) {
	it := o.u.item()
	defer func() {
		if r := recover(); r != nil {
			fs, err = 0, fmt.Errorf("reading it failed (%v)", r)
		}
	}()
	rc, err := it.Open(ctx)
	if err != nil {
		return 0, err
	}
	defer rc.Close()
	h := sha256.New()
	fs, err = a.attach(o.name, "Original of "+it.Label(), o.u.size, mod, io.TeeReader(rc, h))
	if err != nil {
		return 0, err
	}
	if n, _ := rc.Read(make([]byte, 1)); n > 0 || hex.EncodeToString(h.Sum(nil)) != o.u.sha256 {
		return 0, errors.New("its bytes changed while the bundle was built")
	}
	return fs, nil
}
