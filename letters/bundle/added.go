package bundle

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// CheckAdded is the check of what was added to a bundle after it was made:
// incremental updates, actions and JavaScript, and changes to the title,
// page labels and bookmarks, none of which the page fingerprints cover.
const CheckAdded = "added"

// checkAdded reports what the page fingerprints cannot see: JavaScript and
// other actions (Redress never writes any), a document title or page labels
// that are not the manifest's, and any incremental update appended after the
// bundle was made, naming what it changes (bookmarks, title, labels,
// actions) where it can.
func checkAdded(r io.ReadSeeker, ctx *model.Context, m *Manifest, v *Verification) {
	xt := ctx.XRefTable
	var what []string
	root, _ := ctx.Catalog()
	if root != nil {
		what = append(what, actions(xt, root)...)
	}
	ps, _ := pages(xt)
	for i, pg := range ps {
		if _, ok := pg.dict.Find("AA"); ok {
			what = append(what, fmt.Sprintf("it adds actions that run when page %s is shown", labelAt(m, i)))
		}
	}
	if got := infoTitle(ctx); got != m.Title {
		what = append(what, fmt.Sprintf("its title was changed from %q to %q", m.Title, got))
	}
	if root != nil {
		if labels, ok := pageLabels(xt, root, len(ps)); ok {
			want := m.filePages()
			for i := range min(len(labels), len(want)) {
				if labels[i] != want[i].Label {
					what = append(what, fmt.Sprintf("its page labels were changed (the page made as %s is now labelled %q)", want[i].Label, labels[i]))
					break
				}
			}
		}
	}
	updates, first := revisions(r)
	if updates > 0 {
		if first != nil && root != nil {
			if ctx0, err := api.ReadContext(first, verifyConf()); err == nil {
				if root0, err := ctx0.Catalog(); err == nil && root0 != nil {
					if objectSum(ctx0.XRefTable, root0["Outlines"]) != objectSum(xt, root["Outlines"]) {
						what = append(what, "its bookmarks were changed")
					}
				}
			}
		}
		if len(what) == 0 {
			what = append(what, "nothing Redress checks was changed by it, but the file is not as it was made")
		}
		v.fail(CheckAdded, "The file was changed after it was made: %s added to its end; %s.", plural(updates, "an update was", "updates were"), strings.Join(what, "; "))
		return
	}
	if len(what) > 0 {
		v.fail(CheckAdded, "The file was changed after it was made: %s.", strings.Join(what, "; "))
	}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return strconv.Itoa(n) + " " + many
}

func labelAt(m *Manifest, i int) string {
	if ps := m.filePages(); i < len(ps) {
		return ps[i].Label
	}
	return strconv.Itoa(i + 1)
}

// actions names the actions a catalogue carries: an open action (JavaScript
// or another), document actions, document-level JavaScript.
func actions(xt *model.XRefTable, root types.Dict) []string {
	var out []string
	if oa, ok := root.Find("OpenAction"); ok && !isPlainDest(xt, oa) {
		if isJavaScript(xt, oa) {
			out = append(out, "it adds JavaScript that runs when it is opened")
		} else {
			out = append(out, "it adds an action that runs when it is opened")
		}
	}
	if _, ok := root.Find("AA"); ok {
		out = append(out, "it adds actions that run when it is opened, saved, printed or closed")
	}
	if names := dict(xt, root["Names"]); names != nil {
		if _, ok := names.Find("JavaScript"); ok {
			out = append(out, "it adds JavaScript to the document")
		}
	}
	return out
}

// isPlainDest reports whether an open action is only a destination: an
// array naming a page and how to show it (Redress opens its bundles at the
// first page at 100%), which runs nothing.
func isPlainDest(xt *model.XRefTable, o types.Object) bool {
	o, err := xt.Dereference(o)
	if err != nil {
		return false
	}
	a, ok := o.(types.Array)
	if !ok || len(a) < 2 || len(a) > 6 {
		return false
	}
	if _, ok := a[0].(types.IndirectRef); !ok {
		return false
	}
	if _, ok := a[1].(types.Name); !ok {
		return false
	}
	for _, v := range a[2:] {
		switch v.(type) {
		case nil, types.Integer, types.Float:
		default:
			return false
		}
	}
	return true
}

// isJavaScript reports whether an action (or the first of a chain) is
// JavaScript.
func isJavaScript(xt *model.XRefTable, o types.Object) bool {
	d := dict(xt, o)
	if d == nil {
		return false
	}
	if s, ok := d["S"].(types.Name); ok && s == "JavaScript" {
		return true
	}
	_, js := d.Find("JS")
	return js
}

// infoTitle is the document information's title.
func infoTitle(ctx *model.Context) string {
	if ctx.Info == nil {
		return ""
	}
	return textOf(ctx.XRefTable, dict(ctx.XRefTable, *ctx.Info)["Title"])
}

// pageLabels works out every page's label from the /PageLabels number tree
// (a flat Nums array, as Redress writes it, or one level of Kids).
func pageLabels(xt *model.XRefTable, root types.Dict, n int) ([]string, bool) {
	tree := dict(xt, root["PageLabels"])
	if tree == nil {
		return nil, false
	}
	var nums types.Array
	if a, ok := derefArray(xt, tree["Nums"]); ok {
		nums = a
	} else if kids, ok := derefArray(xt, tree["Kids"]); ok {
		for _, k := range kids {
			if a, ok := derefArray(xt, dict(xt, k)["Nums"]); ok {
				nums = append(nums, a...)
			}
		}
	}
	type rng struct {
		first         int
		style, prefix string
		start         int
	}
	var rs []rng
	for i := 0; i+1 < len(nums); i += 2 {
		o, _ := xt.Dereference(nums[i])
		first, ok := o.(types.Integer)
		if !ok {
			return nil, false
		}
		d := dict(xt, nums[i+1])
		r := rng{first: int(first), prefix: textOf(xt, d["P"]), start: 1}
		if s, ok := d["S"].(types.Name); ok {
			r.style = string(s)
		}
		if st, ok := d["St"].(types.Integer); ok {
			r.start = int(st)
		}
		rs = append(rs, r)
	}
	if len(rs) == 0 || n > 1_000_000 {
		return nil, false
	}
	out := make([]string, n)
	for i := range out {
		var cur *rng
		for j := range rs {
			if rs[j].first <= i {
				cur = &rs[j]
			}
		}
		if cur == nil {
			out[i] = strconv.Itoa(i + 1)
			continue
		}
		k := cur.start + i - cur.first
		switch cur.style {
		case "D":
			out[i] = cur.prefix + strconv.Itoa(k)
		case "R":
			out[i] = cur.prefix + strings.ToUpper(roman(k))
		case "r":
			out[i] = cur.prefix + roman(k)
		case "A", "a":
			s := strings.Repeat(string(rune('A'+(k-1)%26)), 1+(k-1)/26)
			if cur.style == "a" {
				s = strings.ToLower(s)
			}
			out[i] = cur.prefix + s
		default:
			out[i] = cur.prefix
		}
	}
	return out, true
}

func roman(n int) string {
	if n <= 0 || n > 4999 {
		return strconv.Itoa(n)
	}
	var b strings.Builder
	for _, p := range []struct {
		v int
		s string
	}{{1000, "m"}, {900, "cm"}, {500, "d"}, {400, "cd"}, {100, "c"}, {90, "xc"}, {50, "l"}, {40, "xl"}, {10, "x"}, {9, "ix"}, {5, "v"}, {4, "iv"}, {1, "i"}} {
		for n >= p.v {
			b.WriteString(p.s)
			n -= p.v
		}
	}
	return b.String()
}

func derefArray(xt *model.XRefTable, o types.Object) (types.Array, bool) {
	o, err := xt.Dereference(o)
	if err != nil {
		return nil, false
	}
	a, ok := o.(types.Array)
	return a, ok
}

// objectSum fingerprints an object and everything it references, as the
// page fingerprints do (pages by number), for comparing two revisions.
func objectSum(xt *model.XRefTable, o types.Object) [32]byte {
	ps, _ := pages(xt)
	d := newDigester(xt, ps)
	h := sha256.New()
	if err := d.value(h, o, 0); err != nil {
		return [32]byte{1}
	}
	var s [32]byte
	copy(s[:], h.Sum(nil))
	return s
}

var (
	startxrefRE = regexp.MustCompile(`startxref\s+(\d+)\s+%%EOF`)
	prevRE      = regexp.MustCompile(`/Prev\s+(\d+)`)
)

// maxRevisions bounds how many /Prev links are followed.
const maxRevisions = 1000

// revisions counts the incremental updates appended to the file (0 for a
// file written in one go, as Redress and a full rewrite such as qpdf's
// write it) by following the cross-reference sections' /Prev links from the
// end, and returns a reader over the first revision (the file as it was
// before any update), or nil when the reader cannot give one.
func revisions(r io.ReadSeeker) (updates int, first io.ReadSeeker) {
	size, err := r.Seek(0, io.SeekEnd)
	if err != nil || size <= 0 {
		return 0, nil
	}
	readAt := func(off, n int64) []byte {
		if off < 0 || off >= size {
			return nil
		}
		n = min(n, size-off)
		b := make([]byte, n)
		if _, err := r.Seek(off, io.SeekStart); err != nil {
			return nil
		}
		if _, err := io.ReadFull(r, b); err != nil {
			return nil
		}
		return b
	}
	tail := readAt(max(0, size-2048), 2048)
	ms := startxrefRE.FindAllSubmatch(tail, -1)
	if len(ms) == 0 {
		return 0, nil
	}
	off, err := strconv.ParseInt(string(ms[len(ms)-1][1]), 10, 64)
	if err != nil {
		return 0, nil
	}
	seen := map[int64]bool{}
	for updates < maxRevisions && !seen[off] {
		seen[off] = true
		// The section's trailer (or xref stream dictionary) holds /Prev.
		// A classic table is read up to its trailer; a stream's dictionary
		// comes before its data.
		chunk := readAt(off, 1<<16)
		if chunk == nil {
			break
		}
		end := len(chunk)
		if bytes.HasPrefix(chunk, []byte("xref")) {
			if i := bytes.Index(chunk, []byte("startxref")); i >= 0 {
				end = i
			}
		} else if i := bytes.Index(chunk, []byte("stream")); i >= 0 {
			end = i
		}
		m := prevRE.FindSubmatch(chunk[:end])
		if m == nil {
			break
		}
		prev, err := strconv.ParseInt(string(m[1]), 10, 64)
		if err != nil || prev < 0 || prev >= off {
			break
		}
		off = prev
		updates++
	}
	if updates == 0 {
		return 0, nil
	}
	// The first revision ends at the %%EOF after its cross-reference section.
	chunk := readAt(off, 1<<20)
	i := bytes.Index(chunk, []byte("%%EOF"))
	ra, ok := r.(io.ReaderAt)
	if i < 0 || !ok {
		return updates, nil
	}
	return updates, io.NewSectionReader(ra, 0, off+int64(i)+5)
}
