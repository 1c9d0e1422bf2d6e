package bundle

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// ErrNotBundle reports a file that is not a Redress bundle: not a PDF that
// can be read, or a PDF with no Redress manifest attached.
var ErrNotBundle = errors.New("not a Redress bundle")

// Checks of Verification.Failures.
const (
	CheckManifest = "manifest"
	CheckPages    = "pages"
	CheckOriginal = "original"
)

// Failure is one way a bundle differs from what its manifest says.
type Failure struct {
	Check   string // CheckManifest, CheckPages or CheckOriginal
	Message string // in plain words
}

// Verification is what Verify found in a bundle.
type Verification struct {
	Manifest *Manifest
	// ManifestSHA256 is the SHA-256 of the manifest's bytes, in hex.
	ManifestSHA256 string
	Pages          int // pages in the PDF
	PagesChecked   int // pages whose fingerprint matched
	Originals      int // attached originals whose SHA-256 and size matched
	Failures       []Failure
}

// OK reports whether nothing was found changed.
func (v *Verification) OK() bool { return len(v.Failures) == 0 }

func (v *Verification) fail(check, format string, args ...any) {
	v.Failures = append(v.Failures, Failure{Check: check, Message: fmt.Sprintf(format, args...)})
}

// verifyConf is the configuration for reading a PDF someone sent: tighter
// limits on what one file may make us allocate.
func verifyConf() *model.Configuration {
	c := pdfConf()
	c.Cmd = model.VALIDATE
	l := model.DefaultResourceLimits()
	l.MaxStreamBytes = 256 << 20
	l.MaxDecodeBytes = 256 << 20
	l.MaxObjectCount = 2_000_000
	l.MaxXRefEntries = 2_000_000
	c.Limits = l
	return c
}

// Verify checks a bundle against the manifest attached to it: that the
// manifest is the one whose SHA-256 the document information records, that
// the PDF has the pages the manifest lists and each page's fingerprint is
// unchanged, and that every attached original has the SHA-256 and size the
// manifest gives. It reads a file from outside and never panics: a file
// that cannot be read, or has no manifest, is ErrNotBundle. What it finds
// changed is in Failures; the journal in the manifest is checked by the
// caller, which knows the record format (store.VerifyChain).
func Verify(r io.ReadSeeker) (v *Verification, err error) {
	defer func() {
		if p := recover(); p != nil {
			v, err = nil, fmt.Errorf("%w: the PDF could not be read (%v)", ErrNotBundle, p)
		}
	}()
	ctx, err := api.ReadContext(r, verifyConf())
	if err != nil {
		return nil, fmt.Errorf("%w: the file cannot be read as a PDF (%s)", ErrNotBundle, shorten(err.Error(), 200))
	}
	if ctx.XRefTable.Encrypt != nil {
		return nil, fmt.Errorf("%w: the PDF is encrypted; Redress never encrypts a bundle", ErrNotBundle)
	}
	data, err := attachment(ctx, ManifestName)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotBundle, err)
	}
	v = &Verification{}
	sum := sha256.Sum256(data)
	v.ManifestSHA256 = hex.EncodeToString(sum[:])
	if want := infoManifestSum(ctx); want == "" {
		v.fail(CheckManifest, "The PDF's document information no longer records the manifest's SHA-256: the manifest or the document information has been changed.")
	} else if !strings.EqualFold(want, v.ManifestSHA256) {
		v.fail(CheckManifest, "The attached manifest is not the one the bundle was made with: its SHA-256 is %s, but the PDF records %s.", v.ManifestSHA256[:16]+"…", shorten(want, 16)+"…")
	}
	m, err := DecodeManifest(data)
	if err != nil {
		v.fail(CheckManifest, "The attached manifest cannot be read: %v. It has been changed or damaged.", err)
		return v, nil
	}
	v.Manifest = m
	ps, err := pages(ctx.XRefTable)
	if err != nil {
		v.fail(CheckPages, "The PDF's pages cannot be read: %v.", err)
		return v, nil
	}
	v.Pages = len(ps)
	want := m.filePages()
	if len(ps) != len(want) {
		v.fail(CheckPages, "The PDF has %d pages, but the bundle was made with %d: pages have been added or removed.", len(ps), len(want))
	}
	d := newDigester(ctx.XRefTable, ps)
	d.method = m.PageDigest
	var changed []string
	for i := range min(len(ps), len(want)) {
		got, err := d.page(ps[i])
		if err != nil {
			v.fail(CheckPages, "Page %s cannot be checked: %v.", want[i].Label, err)
			continue
		}
		if got != want[i].SHA256 {
			changed = append(changed, want[i].Label)
			continue
		}
		v.PagesChecked++
	}
	if len(changed) > 0 {
		what := "Page " + changed[0] + " has"
		if len(changed) > 1 {
			what = "Pages " + listLabels(changed) + " have"
		}
		v.fail(CheckPages, "%s been changed since the bundle was made: the content is not what it was.", what)
	}
	checkAdded(r, ctx, m, v)
	for _, e := range m.Exhibits {
		if e.Attachment == "" {
			continue
		}
		data, err := attachment(ctx, e.Attachment)
		if err != nil {
			v.fail(CheckOriginal, "The original of %s (%s) should be attached as %q but cannot be found: %v.", e.Title, e.ID, e.Attachment, err)
			continue
		}
		s := sha256.Sum256(data)
		got := hex.EncodeToString(s[:])
		switch {
		case got != e.SHA256:
			v.fail(CheckOriginal, "The attached original of %s (%s) has been changed: its SHA-256 is %s…, not %s… as recorded when it was imported.", e.Title, e.ID, got[:16], e.SHA256[:min(16, len(e.SHA256))])
		case int64(len(data)) != e.Size:
			v.fail(CheckOriginal, "The attached original of %s (%s) is %d bytes, not %d.", e.Title, e.ID, len(data), e.Size)
		default:
			v.Originals++
		}
	}
	return v, nil
}

// listLabels shortens a long list of page labels.
func listLabels(ls []string) string {
	if len(ls) > 12 {
		return strings.Join(ls[:12], ", ") + fmt.Sprintf(" and %d more", len(ls)-12)
	}
	return strings.Join(ls, ", ")
}

// attachment returns the bytes of the file attached under name, found by
// walking the EmbeddedFiles name tree (bounded: the file is from outside).
func attachment(ctx *model.Context, name string) ([]byte, error) {
	xt := ctx.XRefTable
	root, err := ctx.Catalog()
	if err != nil || root == nil {
		return nil, errors.New("it has no catalogue")
	}
	tree := dict(xt, dict(xt, root["Names"])["EmbeddedFiles"])
	if tree == nil {
		return nil, errors.New("it has no attachments, so no Redress manifest")
	}
	o, found, err := nameTreeValue(xt, tree, name)
	if err != nil {
		return nil, fmt.Errorf("its attachments cannot be read (%v)", err)
	}
	if !found {
		return nil, fmt.Errorf("it has no attachment named %s", name)
	}
	fs := dict(xt, o)
	ef := dict(xt, fs["EF"])
	ref, ok := ef["F"]
	if !ok {
		ref, ok = ef["UF"]
	}
	if !ok {
		return nil, fmt.Errorf("the attachment %s has no data", name)
	}
	sd, _, err := xt.DereferenceStreamDict(ref)
	if err != nil || sd == nil {
		return nil, fmt.Errorf("the attachment %s cannot be read", name)
	}
	if len(sd.FilterPipeline) == 0 {
		return sd.Raw, nil
	}
	if err := sd.DecodeWithLimit(256 << 20); err != nil {
		return nil, fmt.Errorf("the attachment %s cannot be decoded (%s)", name, shorten(err.Error(), 120))
	}
	return sd.Content, nil
}

// nameTreeValue finds key in a name tree.
func nameTreeValue(xt *model.XRefTable, node types.Dict, key string) (types.Object, bool, error) {
	seen := map[types.Object]bool{}
	var walk func(n types.Dict, depth int) (types.Object, bool, error)
	walk = func(n types.Dict, depth int) (types.Object, bool, error) {
		if depth > 32 {
			return nil, false, errors.New("the name tree is too deep")
		}
		if names, ok := dictArray(xt, n["Names"]); ok {
			for i := 0; i+1 < len(names); i += 2 {
				if textOf(xt, names[i]) == key {
					return names[i+1], true, nil
				}
			}
		}
		kids, _ := dictArray(xt, n["Kids"])
		for _, k := range kids {
			if ref, ok := k.(types.IndirectRef); ok {
				if seen[ref] {
					return nil, false, errors.New("the name tree has a loop")
				}
				seen[ref] = true
			}
			if kd := dict(xt, k); kd != nil {
				if v, ok, err := walk(kd, depth+1); ok || err != nil {
					return v, ok, err
				}
			}
		}
		return nil, false, nil
	}
	return walk(node, 0)
}

// textOf returns a PDF string's text (UTF-16 with a byte order mark, or
// bytes taken as they are).
func textOf(xt *model.XRefTable, o types.Object) string {
	o, err := xt.Dereference(o)
	if err != nil {
		return ""
	}
	var b []byte
	switch s := o.(type) {
	case types.StringLiteral:
		b, err = types.Unescape(string(s))
	case types.HexLiteral:
		b, err = s.Bytes()
	default:
		return ""
	}
	if err != nil {
		return ""
	}
	if len(b) >= 2 && b[0] == 0xFE && b[1] == 0xFF {
		if s, err := types.DecodeUTF16String(string(b)); err == nil {
			return s
		}
	}
	return string(b)
}

// infoManifestSum returns the manifest SHA-256 the document information
// records, or "".
func infoManifestSum(ctx *model.Context) string {
	if ctx.Info == nil {
		return ""
	}
	d := dict(ctx.XRefTable, *ctx.Info)
	o, ok := d[InfoKey]
	if !ok {
		return ""
	}
	return textOf(ctx.XRefTable, o)
}
