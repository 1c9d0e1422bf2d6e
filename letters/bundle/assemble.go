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
	"strconv"
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
	// Pages is how many pages the file has: a volume's own index's too.
	Pages int
	// Labels are the labels of the file's pages of the bundle, in order;
	// IndexLabels those of a volume's own index, before them (V2-i ...).
	Labels      []string
	IndexLabels []string
	Manifest    *Manifest
	Size        int64 // bytes written
	// Shrunk counts the exhibits' pages shrunk to leave their foot free
	// for the stamp (their words reached it, or were not known).
	Shrunk int
	// Downsampled counts the images scaled down to 300 dpi for the bundle.
	Downsampled int
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
	shrunk                      int // pages shrunk to leave room for the stamp
	// lo and hi are the pages of the whole bundle this file holds (from 0,
	// hi excluded): all of them, or one volume's; pre is how many pages of
	// the volume's own index come before them.
	lo, hi, pre int
	vol         Volume
	downsampled int // images scaled down to 300 dpi
	// Exhibits are read into two buffers in turn: one holds the exhibit
	// being written (slot), the other the next, read ahead.
	bufs  [2][]byte
	slot  int
	ahead *ahead
}

// Write assembles the bundle and writes the PDF to w. Each exhibit is read
// again (and checked against the SHA-256 read by Prepare), its pages and
// what they use written out, and let go before the next: memory does not
// grow with the size of the exhibits (a small one is read while the one
// before it is written). A Plan can be written once.
func (p *Plan) Write(ctx context.Context, w io.Writer) (res *Result, err error) {
	if p.used {
		return nil, ErrUsed
	}
	p.used = true
	return p.write(ctx, w, Volume{From: 0, To: p.total})
}

// Volume is part of a bundle written as a file of its own, numbered as in
// the whole bundle: pages From to To (from 0; To excluded), volume Number
// of Of. Every volume after the first opens with an index of its own,
// IndexPages long, before its first page of the bundle.
type Volume struct {
	Number, Of int
	From, To   int
	// IndexPages is how many pages the volume's own index has (0 for the
	// first volume, whose front matter indexes the whole bundle).
	IndexPages int
	// Size is about how large the volume's file will be, by
	// EstimatedSize's reckoning, its own index included.
	Size  int64
	index *volumeIndex
}

// Pages is how many pages the volume's file has: its own index's and its
// pages of the bundle.
func (v Volume) Pages() int { return v.IndexPages + v.To - v.From }

// Volumes splits the bundle, between documents, into volumes of at most
// about maxBytes each (by EstimatedSize's reckoning, each volume's own
// index included); a document larger than that is a volume of its own.
// The first volume holds the front matter; every other opens with its own
// index (volumeIndexOf), whose pages are counted in its Pages and Size.
// One volume means the bundle need not be split. It returns nil if a
// volume's index cannot be laid out (which Prepare's layout of the front
// matter would have met first).
func (p *Plan) Volumes(maxBytes int64) []Volume {
	var reserve int64 // what a later volume's index takes of its size
	for pass := 0; ; pass++ {
		vs := p.split(maxBytes, reserve)
		var need int64
		fits := true
		for i := range vs {
			if vs[i].Number == 1 {
				continue
			}
			idx, err := p.volumeIndexOf(vs[i])
			if err != nil {
				return nil
			}
			cost := int64(len(idx.pdf)) + int64(idx.pages)*2048
			vs[i].index, vs[i].IndexPages = idx, idx.pages
			vs[i].Size += cost - reserve
			need = max(need, cost)
			if vs[i].Size > maxBytes && p.unitsIn(vs[i]) > 1 {
				fits = false
			}
		}
		if fits || need <= reserve || pass == 2 {
			return vs
		}
		reserve = need
	}
}

// unitsIn counts the parts with pages in volume v.
func (p *Plan) unitsIn(v Volume) int {
	n := 0
	for _, u := range p.units {
		if u.pages > 0 && u.first < v.To && u.first+u.pages > v.From {
			n++
		}
	}
	return n
}

// split is Volumes with reserve bytes set aside in every volume after the
// first for its index; each volume's Size is its share of EstimatedSize
// and reserve.
func (p *Plan) split(maxBytes, reserve int64) []Volume {
	var vs []Volume
	from, size := 0, int64(len(p.gen.pdf))
	for _, u := range p.units {
		us := p.unitSize(u)
		if u.first > from && size+us > maxBytes {
			vs = append(vs, Volume{From: from, To: u.first, Size: size})
			from, size = u.first, reserve
		}
		size += us
	}
	vs = append(vs, Volume{From: from, To: p.total, Size: size})
	for i := range vs {
		vs[i].Number, vs[i].Of = i+1, len(vs)
	}
	return vs
}

// WriteVolume writes one volume of the bundle (from Volumes) to w: its own
// index first when it is not the first volume, then its pages stamped and
// labelled as in the whole bundle, links and bookmarks to its own pages,
// and a manifest of its own that verify checks. A Plan's volumes can each
// be written once, in any order; Write writes the whole.
func (p *Plan) WriteVolume(ctx context.Context, w io.Writer, v Volume) (*Result, error) {
	if v.From < 0 || v.To > p.total || v.From >= v.To || v.Number < 1 || v.Number > v.Of {
		return nil, fmt.Errorf("%w: volume %d of %d, pages %d to %d of %d", ErrSpec, v.Number, v.Of, v.From+1, v.To, p.total)
	}
	if v.Number > 1 && v.index == nil {
		idx, err := p.volumeIndexOf(v)
		if err != nil {
			return nil, err
		}
		v.index, v.IndexPages = idx, idx.pages
	}
	return p.write(ctx, w, v)
}

func (p *Plan) write(ctx context.Context, w io.Writer, vol Volume) (res *Result, err error) {
	defer func() {
		if r := recover(); r != nil {
			res, err = nil, fmt.Errorf("assemble the bundle: the PDF library failed (%v)", r)
		}
	}()
	n := vol.Pages()
	a := &assembler{p: p, out: newPDFOut(w, n), sums: make([]string, 0, n), links: map[int][]link{},
		lo: vol.From, hi: vol.To, pre: vol.IndexPages, vol: vol}
	defer a.stopAhead()
	a.prefetch(ctx, 0) // the first exhibit, read while the front matter is read and written
	gctx, err := readPDF(p.gen.pdf, pdfConf())
	if err != nil {
		return nil, fmt.Errorf("assemble the bundle: read the front matter: %w", err)
	}
	a.gen = newSource(gctx.XRefTable)
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
			a.gen.page[genPages[start+j].ref.ObjectNumber.Value()] = a.rel(u.first + j)
		}
	}
	docs := 0
	for _, u := range p.units {
		if u.kind != fromGen && a.holds(u) {
			docs++
		}
	}
	labels := make([]string, 0, p.total)
	for i := range p.total {
		labels = append(labels, p.labelOf(i))
	}
	if vol.index != nil {
		if err := a.volumeIndex(vol.index, vol.Number); err != nil {
			return nil, fmt.Errorf("assemble the bundle: write the index of volume %d: %w", vol.Number, err)
		}
	}
	done := 0
	for _, u := range p.units {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if !a.holds(u) {
			continue
		}
		if a.rel(max(u.first, a.lo)) != len(a.sums) {
			return nil, fmt.Errorf("assemble the bundle: %s should start on page %d but comes after %d pages (a fault in Redress: please report it)", u.part.Kind, u.first+1, len(a.sums))
		}
		switch u.kind {
		case fromGen:
			start := p.gen.start[u]
			for j := 0; j < u.pages; j++ {
				if a.rel(u.first+j) < 0 {
					continue
				}
				if err := a.emit(a.gen, genPages[start+j], labels[u.first+j], a.links[start+j], placing{}); err != nil {
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
	if len(a.sums) != n {
		return nil, fmt.Errorf("assemble the bundle: %d pages were written but the bundle was planned with %d (a fault in Redress: please report it)", len(a.sums), n)
	}
	p.progress(Progress{Stage: "writing", Done: 0, Total: 1})
	m, err := a.finish(ctx, labels)
	if err != nil {
		return nil, err
	}
	p.progress(Progress{Stage: "writing", Done: 1, Total: 1})
	res = &Result{Pages: n, Labels: labels[a.lo:a.hi], Manifest: m, Size: a.out.off, Shrunk: a.shrunk, Downsampled: a.downsampled}
	for i := range a.pre {
		res.IndexLabels = append(res.IndexLabels, indexLabel(vol.Number, i))
	}
	return res, nil
}

// rel is bundle page g's index in the file being written (after a
// volume's own index), or -1 when the file (a volume) does not hold it.
func (a *assembler) rel(g int) int {
	if g < a.lo || g >= a.hi {
		return -1
	}
	return g - a.lo + a.pre
}

// volumeIndex writes the pages of a volume's own index, first in its file:
// stamped already (their labels are not in the stamp fonts), with links
// to the volume's pages.
func (a *assembler) volumeIndex(idx *volumeIndex, number int) error {
	ctx, err := readPDF(idx.pdf, pdfConf())
	if err != nil {
		return err
	}
	s := newSource(ctx.XRefTable)
	if err := s.setRoot(); err != nil {
		return err
	}
	ps, err := pages(ctx.XRefTable)
	if err != nil {
		return err
	}
	if len(ps) != idx.pages || len(ps) != a.pre {
		return fmt.Errorf("it has %d pages, not the %d planned (a fault in Redress: please report it)", len(ps), a.pre)
	}
	links := map[int][]link{}
	for _, l := range idx.links {
		links[l.page] = append(links[l.page], l)
	}
	for j, pg := range ps {
		s.page[pg.ref.ObjectNumber.Value()] = j
	}
	for j, pg := range ps {
		if err := a.emit(s, pg, indexLabel(number, j), links[j], placing{bare: true}); err != nil {
			return err
		}
	}
	return a.drain(s)
}

// holds reports whether the file being written holds any page of u.
func (a *assembler) holds(u *unit) bool {
	return u.pages > 0 && u.first < a.hi && u.first+u.pages > a.lo
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
// writes its pages. While it writes them the next exhibit is read and
// parsed on the other core (see prefetch).
func (a *assembler) exhibit(ctx context.Context, u *unit, labels []string) error {
	if u.redact != nil && len(u.redact.pages) > 0 {
		return a.redactedExhibit(ctx, u, labels)
	}
	f := a.take(ctx, u)
	a.prefetch(ctx, u.index+1)
	if f.err != nil {
		return f.err
	}
	it := u.item()
	if u.kind == fromImage {
		var words []Word
		var err error
		if u.ocr[1] {
			words, err = callWords(ctx, it, 1)
			if err != nil {
				return fmt.Errorf("read its words again: %w", err)
			}
		}
		s, pg, err := a.imagePage(u, f.data, words)
		if err != nil {
			return err
		}
		if err := a.emit(s, pg, labels[u.first], nil, placing{}); err != nil {
			return err
		}
		return a.drain(s)
	}
	return a.exhibitPages(ctx, u, f.pc.XRefTable, 50, func(s *source, j int, pg page, _, _ float64, pl placing) error {
		return a.copyPage(s, pg, labels[u.first+j], pl)
	})
}

// fetched is an exhibit read again and checked: a PDF parsed, or a
// picture's bytes.
type fetched struct {
	pc   *model.Context
	data []byte // a picture's bytes, in the buffer it was read into
	err  error
}

// fetch reads exhibit u again into buf (or into a larger buffer, which it
// returns), checks that it is what Prepare read, and parses a PDF. It only
// reads the assembler's settings, so that it can run beside the writing.
func (a *assembler) fetch(ctx context.Context, u *unit, buf []byte) (fetched, []byte) {
	it := u.item()
	data, err := readAll(ctx, it, a.p.opt.MaxItemSize, buf)
	if cap(data) > cap(buf) {
		buf = data[:0]
	}
	if err != nil {
		return fetched{err: fmt.Errorf("read it again: %w", err)}, buf
	}
	errChanged := errors.New("its bytes changed while the bundle was being built (they no longer match the SHA-256 read a moment before); build the bundle again")
	if u.kind == fromImage {
		if sum := sha256.Sum256(data); hex.EncodeToString(sum[:]) != u.sha256 {
			return fetched{err: errChanged}, buf
		}
		return fetched{data: data}, buf
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
		return fetched{err: errChanged}, buf
	}
	if err != nil {
		return fetched{err: fmt.Errorf("read it again: %w", err)}, buf
	}
	return fetched{pc: pc}, buf
}

// prefetchMax is the largest exhibit read ahead: one larger is read when
// its turn comes. Reading ahead pays for small exhibits of many objects
// (letters, reports), whose parsing is much of their time; scans, a few
// large streams each, gain little from it, and holding two of them at once
// raised the peak memory of a bundle of scans by a third (measured: 57-64
// MB, 84-87 MB with 32 MB read ahead).
const prefetchMax = 2 << 20

// ahead is an exhibit being read beside the writing, into one of the
// assembler's two buffers.
type ahead struct {
	u    *unit
	slot int
	done chan struct{}
	f    fetched
	buf  []byte
}

// take returns exhibit u read again: as read ahead, or read now. The
// buffer it is in stays untouched until the exhibit after next.
func (a *assembler) take(ctx context.Context, u *unit) fetched {
	if n := a.ahead; n != nil {
		a.ahead = nil
		<-n.done
		a.bufs[n.slot] = n.buf
		if n.u == u {
			a.slot = n.slot
			return n.f
		}
	}
	// Nothing is being read ahead: both buffers are free. The larger is
	// used, so that only one grows to the largest exhibit (the other holds
	// only exhibits read ahead, at most prefetchMax).
	if cap(a.bufs[1-a.slot]) > cap(a.bufs[a.slot]) {
		a.slot = 1 - a.slot
	}
	f, buf := a.fetch(ctx, u, a.bufs[a.slot])
	a.bufs[a.slot] = buf
	return f
}

// prefetch starts reading, beside the writing, the first exhibit the file
// holds from the plan's unit from on (unless it is large, redacted, or
// there is none): parsing it is about half of the time an exhibit of text
// pages takes.
func (a *assembler) prefetch(ctx context.Context, from int) {
	var next *unit
	for i := from; i < len(a.p.units); i++ {
		if v := a.p.units[i]; (v.kind == fromPDF || v.kind == fromImage) && a.holds(v) {
			next = v
			break
		}
	}
	if next == nil || next.size > prefetchMax || (next.redact != nil && len(next.redact.pages) > 0) || ctx.Err() != nil {
		return
	}
	n := &ahead{u: next, slot: 1 - a.slot, done: make(chan struct{})}
	buf := a.bufs[n.slot]
	a.ahead = n
	go func() {
		defer close(n.done)
		n.f, n.buf = a.fetch(ctx, next, buf)
	}()
}

// stopAhead waits for an exhibit still being read ahead (when writing
// stopped early) and lets it go.
func (a *assembler) stopAhead() {
	if n := a.ahead; n != nil {
		a.ahead = nil
		<-n.done
	}
	a.bufs = [2][]byte{}
}

// exhibitPages is what writing a PDF exhibit's pages shares, whether or not
// some are redacted: its pages, read from xt, checked against the count
// taken when it was checked; images finer than 300 dpi scaled down in the
// parsed copy before any page is fingerprinted or written; and for each page
// the bundle keeps, in order, write called with its index j (from 0), its
// shown size in points and its placing. ctx is checked every every pages.
func (a *assembler) exhibitPages(ctx context.Context, u *unit, xt *model.XRefTable, every int, write func(s *source, j int, pg page, w, h float64, pl placing) error) error {
	ps, err := pages(xt)
	if err != nil {
		return fmt.Errorf("read its pages again: %w", err)
	}
	if len(ps) != u.pages {
		return fmt.Errorf("it has %d pages now but had %d when it was checked", len(ps), u.pages)
	}
	s, err := a.newSource(xt)
	if err != nil {
		return err
	}
	done := map[int]bool{}
	for _, pg := range ps {
		a.downsampled += downsamplePage(xt, pg, done)
	}
	for j, pg := range ps {
		s.page[pg.ref.ObjectNumber.Value()] = a.rel(u.first + j)
	}
	for j, pg := range ps {
		if a.rel(u.first+j) < 0 {
			continue
		}
		if j%every == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		_, w, h := displayMatrix(pg.visible(xt), pg.rotate)
		pl, err := a.placing(ctx, u, j+1, h)
		if err != nil {
			return err
		}
		if err := write(s, j, pg, w, h, pl); err != nil {
			return err
		}
	}
	return nil
}

// copyPage writes page pg of s as it is, with its stamp, and lets go of
// what the bundle no longer needs of s.
func (a *assembler) copyPage(s *source, pg page, label string, pl placing) error {
	if err := a.emit(s, pg, label, nil, pl); err != nil {
		return err
	}
	return a.drain(s)
}

// placing is what the stamp of an exhibit's page needs to know: the words
// of a text layer to lay on it, and whether the page is shrunk to leave its
// foot free for the stamp.
type placing struct {
	layer  []Word
	shrink bool
	bare   bool // not stamped: a volume's index, whose stamp is drawn on it
}

// placing works out page n (from 1) of exhibit u: its OCR words when it gets
// a text layer, and whether its own words leave room for the stamp. A page
// whose words are not known is shrunk (unless Redress made it, with its
// margins known), so that the stamp covers nothing.
func (a *assembler) placing(ctx context.Context, u *unit, n int, h float64) (placing, error) {
	it := u.item()
	if it.Words == nil {
		return placing{shrink: !it.Generated}, nil
	}
	words, err := callWords(ctx, it, n)
	if u.ocr[n] {
		if err != nil {
			return placing{}, fmt.Errorf("read the words of page %d again: %w", n, err)
		}
	}
	if err != nil {
		return placing{shrink: !it.Generated}, nil
	}
	pl := placing{shrink: !it.Generated && !footClear(words, h)}
	if u.ocr[n] {
		pl.layer = words
	}
	return pl, nil
}

// Where the stamp goes: the lowest stampZone points of the page as shown,
// across its width (the title on the left, the label on the right).
const stampZone = 32.0

// Shrinking a page leaves its foot free: the page's content is scaled about
// the top of the page by (h - stampZone) / h and centred across.

// footClear reports whether no word reaches into the stamp's zone of a page
// shown h points high.
func footClear(words []Word, h float64) bool {
	if h <= stampZone {
		return false
	}
	limit := 1 - stampZone/h
	for _, w := range words {
		if w.Y1 > limit && w.Y0 < 1 && w.X1 > 0 && w.X0 < 1 {
			return false
		}
	}
	return true
}

// emit writes page pg of source s as the next page of the bundle: with
// its inherited attributes made its own, the stamp put on it, the front
// matter's links added, and its fingerprint taken.
func (a *assembler) emit(s *source, pg page, label string, links []link, pl placing) error {
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
	if pl.bare {
		if pg.res != nil {
			d["Resources"] = pg.res
		}
	} else if err := a.stamp(s, &pg, label, pl); err != nil {
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

// mul returns the matrix that applies x, then y (PDF's row-vector order).
func mul(x, y [6]float64) [6]float64 {
	return [6]float64{
		x[0]*y[0] + x[1]*y[2], x[0]*y[1] + x[1]*y[3],
		x[2]*y[0] + x[3]*y[2], x[2]*y[1] + x[3]*y[3],
		x[4]*y[0] + x[5]*y[2] + y[4], x[4]*y[1] + x[5]*y[3] + y[5],
	}
}

// invert returns the inverse of an invertible matrix (a display matrix
// always is).
func invert(m [6]float64) [6]float64 {
	det := m[0]*m[3] - m[1]*m[2]
	if det == 0 {
		return [6]float64{1, 0, 0, 1, 0, 0}
	}
	a, b, c, d := m[3]/det, -m[1]/det, -m[2]/det, m[0]/det
	return [6]float64{a, b, c, d, -(m[4]*a + m[5]*c), -(m[4]*b + m[5]*d)}
}

// matrixString6 writes a matrix with six decimals, for the scales of a
// shrunk page or a picture's pixels.
func matrixString6(m [6]float64) string {
	parts := make([]string, 6)
	for i, v := range m {
		s := strconv.FormatFloat(v, 'f', 6, 64)
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
		if s == "-0" || s == "" {
			s = "0"
		}
		parts[i] = s
	}
	return strings.Join(parts, " ")
}

// textLayer writes the words as invisible text (rendering mode 3) in the
// regular stamp font, each word's box w by h in the coordinates in force
// (origin at the bottom left) and each word stretched to its box's width,
// so that a reader can search, select and copy what OCR read where it is.
func (a *assembler) textLayer(b *bytes.Buffer, words []Word, w, h float64) {
	g := a.p.gen
	// In q ... Q: the rendering mode and scaling are graphics state, which
	// outlive ET and would hide the stamp drawn after.
	b.WriteString("q BT 3 Tr\n")
	font := 0.0
	var line []byte
	for _, wd := range words {
		text := safe(strings.TrimSpace(wd.Text))
		if text == "" {
			continue
		}
		x0, x1 := clamp01(min(wd.X0, wd.X1))*w, clamp01(max(wd.X0, wd.X1))*w
		top, bot := h-clamp01(min(wd.Y0, wd.Y1))*h, h-clamp01(max(wd.Y0, wd.Y1))*h
		size := top - bot
		if size <= 0 || x1 <= x0 {
			continue
		}
		width := 0.0
		for _, r := range text {
			width += g.runeW[r]
		}
		if width <= 0 {
			continue
		}
		// Appended, not printed with fmt: a page of OCR text has hundreds
		// of words, and this loop was a tenth of a text bundle's time.
		line = line[:0]
		if size != font {
			line = append(line, '/')
			line = append(line, stampFontR...)
			line = append(line, ' ')
			line = strconv.AppendFloat(line, size, 'f', 3, 64)
			line = append(line, " Tf\n"...)
			font = size
		}
		tz := (x1 - x0) / (width * size) * 100
		line = strconv.AppendFloat(line, tz, 'f', 2, 64)
		line = append(line, " Tz 1 0 0 1 "...)
		line = strconv.AppendFloat(line, x0, 'f', 3, 64)
		line = append(line, ' ')
		line = strconv.AppendFloat(line, bot+size*0.2, 'f', 3, 64)
		line = append(line, " Tm "...)
		line = appendHexUTF16(line, text)
		line = append(line, " Tj\n"...)
		b.Write(line)
	}
	b.WriteString("ET Q\n")
}

func clamp01(v float64) float64 { return max(0, min(1, v)) }

// f2 writes a number with at most three decimals, as "%.3f" does but
// without fmt (it is called several times for every page's stamp).
func f2(v float64) string {
	s := strconv.FormatFloat(v, 'f', 3, 64)
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
func (a *assembler) stamp(s *source, pg *page, label string, pl placing) error {
	g := a.p.gen
	m, w, h := displayMatrix(pg.visible(s.xt), pg.rotate)
	margin, bottom := 22.0, 12.0
	lw := g.labelW[label] * stampLabelSize
	boxW, boxH := lw+12, 17.0
	lx := w - margin - boxW
	open := s.open
	var shrink [6]float64
	if pl.shrink && h > 3*stampZone {
		// The page's own content, scaled into the page above the stamp's
		// zone: in the page's coordinates, page -> shown -> shrunk -> page.
		k := (h - stampZone) / h
		shrink = [6]float64{k, 0, 0, k, (1 - k) * w / 2, stampZone}
		t := mul(mul(invert(m), shrink), m)
		ref, err := newStream(s.xt, []byte("q\n"+matrixString6(t)+" cm\n"))
		if err != nil {
			return err
		}
		open = ref
		a.shrunk++
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "\nQ\nq\n%s cm\n", matrixString6(m))
	if len(pl.layer) > 0 {
		if pl.shrink && shrink[0] != 0 {
			fmt.Fprintf(&b, "q %s cm\n", matrixString6(shrink))
		}
		a.textLayer(&b, pl.layer, w, h)
		if pl.shrink && shrink[0] != 0 {
			b.WriteString("Q\n")
		}
	}
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
	contents := types.Array{open}
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
// in real text, in a PDF of its own made here, and the words OCR read in it
// as an invisible text layer over it.
func (a *assembler) imagePage(u *unit, data []byte, words []Word) (*source, page, error) {
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
	if small, w, h, ok := downsamplePicture(data, pic.format, pictureDPI(pic)); ok {
		// Finer than 300 dpi where it is shown: scaled down for the bundle.
		cp := *pic
		cp.w, cp.h = w, h
		pic, data = &cp, small
		a.downsampled++
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
	if len(words) > 0 {
		// The words' boxes are fractions of the picture as stored: laid
		// out in its pixels and mapped onto the page as the picture is.
		pw, ph := float64(pic.w), float64(pic.h)
		px := [6]float64{m[0] / pw, m[1] / pw, m[2] / ph, m[3] / ph, m[4], m[5]}
		fmt.Fprintf(&b, "q %s cm\n", matrixString6(px))
		a.textLayer(&b, words, pw, ph)
		b.WriteString("Q\n")
	}
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
	s.page[ref.ObjectNumber.Value()] = a.rel(u.first)
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
		if a.rel(l.target) < 0 {
			continue // a page in another volume
		}
		dest, err := s.pageRef(a.rel(l.target))
		if err != nil {
			return err
		}
		annot := types.Dict{
			"Type":    types.Name("Annot"),
			"Subtype": types.Name("Link"),
			"Rect":    types.NewNumberArray(l.rect[0], l.rect[1], l.rect[2], l.rect[3]),
			"Border":  types.NewIntegerArray(0, 0, 0),
			"Dest":    keepZoom(dest),
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
// are its letter and a number from 1, as printed; or, numbered through the
// bundle, every page its number from 1.
func (a *assembler) pageLabels() types.Dict {
	var nums types.Array
	if a.pre > 0 {
		// A volume's own index: V2-i, V2-ii ...
		nums = append(nums, types.Integer(0), types.Dict{"S": types.Name("r"), "P": types.StringLiteral(indexPrefix(a.vol.Number))})
	}
	if a.p.b.Style.Sequential() {
		d := types.Dict{"S": types.Name("D")}
		if a.lo > 0 {
			d["St"] = types.Integer(a.lo + 1)
		}
		return types.Dict{"Nums": append(nums, types.Integer(a.pre), d)}
	}
	for si, s := range a.p.b.Sections {
		first, count := a.p.sectionRange(si)
		from, to := max(first, a.lo), min(first+count, a.hi)
		if count == 0 || from >= to {
			continue
		}
		d := types.Dict{"S": types.Name("D"), "P": types.StringLiteral(s.Label)}
		if from > first {
			d["St"] = types.Integer(from - first + 1)
		}
		nums = append(nums, types.Integer(a.rel(from)), d)
	}
	return types.Dict{"Nums": nums}
}

// keepZoom is a destination that shows page at its top without changing
// the zoom, so that a bundle opened at 100% stays at 100% when a link or
// a bookmark is followed.
func keepZoom(page types.IndirectRef) types.Array {
	return types.Array{page, types.Name("XYZ"), nil, nil, nil}
}

// openAt100 is the open action: the first page, at 100%.
func openAt100() types.Array {
	return types.Array{*types.NewIndirectRef(objFirst, 0), types.Name("XYZ"), nil, nil, types.Integer(1)}
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
	page  int // the page it opens, from 0 in the file
	kids  []*outline
}

// outlines writes a bookmark for every section and, under it, every
// part, and returns the outline's root (0 when there is none).
func (a *assembler) outlines() (int, error) {
	p := a.p
	var top []*outline
	for si, s := range p.b.Sections {
		first, count := p.sectionRange(si)
		if count == 0 || first+count <= a.lo || first >= a.hi {
			continue
		}
		rng := p.labelOf(first)
		if count > 1 {
			rng += "–" + p.labelOf(first+count-1)
		}
		if p.b.Style.Sequential() {
			rng = "page " + rng
			if count > 1 {
				rng = "pages " + strings.TrimPrefix(rng, "page ")
			}
		}
		o := &outline{title: fmt.Sprintf("%s. %s (%s)", s.Label, s.Title, rng), page: a.rel(max(first, a.lo))}
		for _, u := range p.units {
			if u.section != si || !a.holds(u) {
				continue
			}
			// Every bookmark starts with the page it opens, as printed.
			t := p.labelOf(u.first) + "  "
			switch u.part.Kind {
			case Cover:
				t += "Cover and checkpoint"
			case Index:
				t += "Index"
			case Chronology:
				t += "Chronology"
			case Findings:
				t += "Schedule of findings"
			default:
				it := u.item()
				t += it.Label()
				if !it.Date.IsZero() {
					t += " (" + shortDate(it.Date) + ")"
				}
			}
			o.kids = append(o.kids, &outline{title: t, page: a.rel(max(u.first, a.lo))})
		}
		top = append(top, o)
	}
	if a.pre > 0 {
		// A volume's own index comes first, as it does in the file.
		top = append([]*outline{{title: fmt.Sprintf("%s  Index (volume %d of %d)", indexLabel(a.vol.Number, 0), a.vol.Number, a.vol.Of), page: 0}}, top...)
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
				"Dest":   keepZoom(ref(objFirst + it.page)),
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
	b := a.p.b
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
		"Title":    textString(m.Title),
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
	kids := make(types.Array, a.pre+a.hi-a.lo)
	for i := range kids {
		kids[i] = *types.NewIndirectRef(objFirst+i, 0)
	}
	if err := a.writeObject(nil, objPages, types.Dict{"Type": types.Name("Pages"), "Kids": kids, "Count": types.Integer(len(kids))}); err != nil {
		return nil, fmt.Errorf("write the bundle: %w", err)
	}
	cat := types.Dict{
		"Type":       types.Name("Catalog"),
		"Pages":      *types.NewIndirectRef(objPages, 0),
		"PageLabels": a.pageLabels(),
		"PageMode":   types.Name("UseOutlines"),
		// The judiciary's guidance asks for every page to open at 100%.
		"OpenAction": openAt100(),
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
