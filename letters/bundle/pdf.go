package bundle

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// noConfigDir stops pdfcpu from making its configuration folder (and
// writing fonts and certificates into it) the first time it is used. It is
// done as the package is loaded, before anything can call pdfcpu, and again
// (harmlessly) before each use.
var noConfigDir = sync.OnceFunc(api.DisableConfigDir)

func init() { noConfigDir() }

// pdfConf returns a pdfcpu configuration for reading and merging.
func pdfConf() *model.Configuration {
	noConfigDir()
	c := model.NewDefaultConfiguration()
	c.Cmd = model.MERGECREATE
	c.ValidationMode = model.ValidationRelaxed
	c.CreateBookmarks = false
	c.Optimize = false
	c.OptimizeBeforeWriting = false
	c.OptimizeResourceDicts = false
	c.WriteObjectStream = true
	c.WriteXRefStream = true
	return c
}

// errPassword marks a PDF that needs a password to open.
var errPassword = errors.New("the PDF is protected by a password")

// readPDF parses and validates a PDF held in memory. pdfcpu is given a
// reader, never a file name. A panic inside pdfcpu on a malformed file is
// turned into an error: one bad exhibit must not sink the bundle.
func readPDF(data []byte, conf *model.Configuration) (ctx *model.Context, err error) {
	defer func() {
		if r := recover(); r != nil {
			ctx, err = nil, fmt.Errorf("the PDF could not be read (%v)", r)
		}
	}()
	ctx, err = api.ReadAndValidate(bytes.NewReader(data), conf)
	if err != nil {
		if errors.Is(err, pdfcpu.ErrWrongPassword) || strings.Contains(err.Error(), "correct password") {
			return nil, errPassword
		}
		return nil, err
	}
	if ctx.PageCount < 1 {
		return nil, errors.New("the PDF has no pages")
	}
	return ctx, nil
}

// number returns the value of a PDF number.
func number(xt *model.XRefTable, o types.Object) (float64, bool) {
	o, err := xt.Dereference(o)
	if err != nil {
		return 0, false
	}
	switch v := o.(type) {
	case types.Integer:
		return float64(v), true
	case types.Float:
		return float64(v), true
	}
	return 0, false
}

// box is a page boundary rectangle in points.
type box struct{ llx, lly, urx, ury float64 }

func (b box) w() float64 { return b.urx - b.llx }
func (b box) h() float64 { return b.ury - b.lly }

func boxOf(xt *model.XRefTable, o types.Object) (box, bool) {
	o, err := xt.Dereference(o)
	if err != nil {
		return box{}, false
	}
	a, ok := o.(types.Array)
	if !ok || len(a) != 4 {
		return box{}, false
	}
	var v [4]float64
	for i := range a {
		if v[i], ok = number(xt, a[i]); !ok {
			return box{}, false
		}
	}
	b := box{min(v[0], v[2]), min(v[1], v[3]), max(v[0], v[2]), max(v[1], v[3])}
	if b.w() <= 0 || b.h() <= 0 {
		return box{}, false
	}
	return b, true
}

// page is one page of a document, with the attributes it inherits from the
// page tree worked out.
type page struct {
	ref    types.IndirectRef
	dict   types.Dict
	res    types.Object // the Resources entry in force (a dict or a reference), nil if none
	media  types.Object // the MediaBox entry in force
	crop   types.Object // the CropBox entry in force, nil if none
	rotate int          // 0, 90, 180 or 270
}

// visible returns the page's visible box (the crop box within the media box)
// and its rotation.
func (p *page) visible(xt *model.XRefTable) box {
	mb, ok := boxOf(xt, p.media)
	if !ok {
		mb = box{0, 0, 595.28, 841.89}
	}
	if p.crop != nil {
		if cb, ok := boxOf(xt, p.crop); ok {
			c := box{max(cb.llx, mb.llx), max(cb.lly, mb.lly), min(cb.urx, mb.urx), min(cb.ury, mb.ury)}
			if c.w() > 0 && c.h() > 0 {
				return c
			}
		}
	}
	return mb
}

// maxPageTreeDepth bounds the page tree walk on files from outside.
const maxPageTreeDepth = 64

// pages walks the page tree in order. It never trusts the tree: cycles,
// excessive depth and wrong types are errors, not hangs or panics.
func pages(xt *model.XRefTable) ([]page, error) {
	root, err := xt.Pages()
	if err != nil || root == nil {
		return nil, errors.New("the PDF has no page tree")
	}
	var out []page
	seen := map[int]bool{}
	var walk func(ref types.IndirectRef, inh page, depth int) error
	walk = func(ref types.IndirectRef, inh page, depth int) error {
		if depth > maxPageTreeDepth {
			return errors.New("the page tree is too deep")
		}
		n := ref.ObjectNumber.Value()
		if seen[n] {
			return errors.New("the page tree has a loop")
		}
		seen[n] = true
		d, err := xt.DereferenceDict(ref)
		if err != nil || d == nil {
			return fmt.Errorf("page tree object %d is not a dictionary", n)
		}
		if o, ok := d.Find("Resources"); ok {
			inh.res = o
		}
		if o, ok := d.Find("MediaBox"); ok {
			inh.media = o
		}
		if o, ok := d.Find("CropBox"); ok {
			inh.crop = o
		}
		if o, ok := d.Find("Rotate"); ok {
			if r, ok := number(xt, o); ok {
				inh.rotate = ((int(r)%360)/90*90 + 360) % 360
			}
		}
		t := d.NameEntry("Type")
		kids, hasKids := d.Find("Kids")
		if (t != nil && *t == "Page") || (t == nil && !hasKids) {
			inh.ref, inh.dict = ref, d
			out = append(out, inh)
			return nil
		}
		ko, err := xt.Dereference(kids)
		if err != nil {
			return fmt.Errorf("page tree object %d: %v", n, err)
		}
		arr, ok := ko.(types.Array)
		if !ok {
			return fmt.Errorf("page tree object %d has no list of pages", n)
		}
		for _, k := range arr {
			kr, ok := k.(types.IndirectRef)
			if !ok {
				return fmt.Errorf("page tree object %d lists a page that is not a reference", n)
			}
			if err := walk(kr, inh, depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	if err := walk(*root, page{}, 0); err != nil {
		return nil, err
	}
	return out, nil
}

// dict dereferences o as a dictionary, or nil.
func dict(xt *model.XRefTable, o types.Object) types.Dict {
	if o == nil {
		return nil
	}
	o, err := xt.Dereference(o)
	if err != nil {
		return nil
	}
	if d, ok := o.(types.Dict); ok {
		return d
	}
	if sd, ok := o.(types.StreamDict); ok {
		return sd.Dict
	}
	return nil
}

// hasText reports whether a page can carry text: whether any font is
// reachable from its resources (directly, or through form XObjects two
// levels down). A scanned page has images and no fonts. It is a cheap test
// that needs no content stream to be decoded.
func hasText(xt *model.XRefTable, res types.Object, depth int) bool {
	r := dict(xt, res)
	if r == nil || depth > 2 {
		return false
	}
	if f := dict(xt, r["Font"]); len(f) > 0 {
		return true
	}
	for _, o := range dict(xt, r["XObject"]) {
		x := dict(xt, o)
		if x == nil {
			continue
		}
		if st := x.NameEntry("Subtype"); st != nil && *st == "Form" && hasText(xt, x["Resources"], depth+1) {
			return true
		}
	}
	return false
}
