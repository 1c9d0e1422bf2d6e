package bundle

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// appendUpdate appends an incremental update to a PDF, as a PDF editor
// saving "incrementally" does: change may alter the catalogue, the document
// information and the pages' dictionaries, and add objects (returned
// references name them); every object it touched is written again after the
// end of the file with a cross-reference section pointing back (/Prev).
func appendUpdate(t *testing.T, data []byte, change func(ctx *model.Context, add func(types.Object) types.IndirectRef) []types.IndirectRef) []byte {
	t.Helper()
	ctx, err := api.ReadContext(bytes.NewReader(data), model.NewDefaultConfiguration())
	if err != nil {
		t.Fatal(err)
	}
	xt := ctx.XRefTable
	next := *xt.Size
	objs := map[int]types.Object{}
	add := func(o types.Object) types.IndirectRef {
		n := next
		next++
		objs[n] = o
		return *types.NewIndirectRef(n, 0)
	}
	for _, ref := range change(ctx, add) {
		o, err := xt.Dereference(ref)
		if err != nil {
			t.Fatal(err)
		}
		objs[ref.ObjectNumber.Value()] = o
	}
	m := regexp.MustCompile(`startxref\s+(\d+)\s+%%EOF\s*$`).FindSubmatch(data)
	if m == nil {
		t.Fatal("no startxref")
	}
	prev, _ := strconv.Atoi(string(m[1]))
	var b bytes.Buffer
	b.Write(data)
	if !bytes.HasSuffix(data, []byte("\n")) {
		b.WriteByte('\n')
	}
	nums := make([]int, 0, len(objs))
	for n := range objs {
		nums = append(nums, n)
	}
	sort.Ints(nums)
	offsets := map[int]int{}
	for _, n := range nums {
		offsets[n] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", n, objs[n].PDFString())
	}
	xref := b.Len()
	b.WriteString("xref\n")
	for _, n := range nums {
		fmt.Fprintf(&b, "%d 1\n%010d 00000 n \n", n, offsets[n])
	}
	trailer := types.Dict{"Size": types.Integer(next), "Root": *xt.Root, "Prev": types.Integer(prev)}
	if xt.Info != nil {
		trailer["Info"] = *xt.Info
	}
	fmt.Fprintf(&b, "trailer\n%s\nstartxref\n%d\n%%%%EOF\n", trailer.PDFString(), xref)
	return b.Bytes()
}

// TestVerifyFindsIncrementalUpdates: what an update appended after the
// bundle was made adds is reported (issue 16.8): JavaScript run on opening,
// page actions, a new title, page labels or bookmarks. Before, every one of
// these verified as OK because no page's fingerprint changed.
func TestVerifyFindsIncrementalUpdates(t *testing.T) {
	data, _, _ := buildTest(t, testBundle(t))
	root := func(ctx *model.Context) types.Dict {
		d, err := ctx.Catalog()
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	for _, tc := range []struct {
		name   string
		change func(ctx *model.Context, add func(types.Object) types.IndirectRef) []types.IndirectRef
		want   string
	}{
		{"JavaScript on opening", func(ctx *model.Context, add func(types.Object) types.IndirectRef) []types.IndirectRef {
			js := add(types.Dict{"S": types.Name("JavaScript"), "JS": types.StringLiteral("app.alert(1)")})
			root(ctx)["OpenAction"] = js
			return []types.IndirectRef{*ctx.XRefTable.Root}
		}, "an update was added to its end; it adds JavaScript that runs when it is opened"},
		{"a page action", func(ctx *model.Context, add func(types.Object) types.IndirectRef) []types.IndirectRef {
			ps, _ := pages(ctx.XRefTable)
			ps[0].dict["AA"] = types.Dict{"O": types.Dict{"S": types.Name("JavaScript"), "JS": types.StringLiteral("x")}}
			return []types.IndirectRef{ps[0].ref}
		}, "it adds actions that run when page A1 is shown"},
		{"document JavaScript", func(ctx *model.Context, add func(types.Object) types.IndirectRef) []types.IndirectRef {
			names := dict(ctx.XRefTable, root(ctx)["Names"])
			names["JavaScript"] = types.Dict{"Names": types.Array{types.StringLiteral("x"), add(types.Dict{"S": types.Name("JavaScript"), "JS": types.StringLiteral("x")})}}
			refs := []types.IndirectRef{*ctx.XRefTable.Root}
			if r, ok := root(ctx)["Names"].(types.IndirectRef); ok {
				refs = append(refs, r)
			}
			return refs
		}, "it adds JavaScript to the document"},
		{"the title", func(ctx *model.Context, add func(types.Object) types.IndirectRef) []types.IndirectRef {
			dict(ctx.XRefTable, *ctx.Info)["Title"] = types.StringLiteral("Something else")
			return []types.IndirectRef{*ctx.Info}
		}, `its title was changed from "Baby A: bundle for the Ombudsman" to "Something else"`},
		{"page labels", func(ctx *model.Context, add func(types.Object) types.IndirectRef) []types.IndirectRef {
			root(ctx)["PageLabels"] = types.Dict{"Nums": types.Array{types.Integer(0), types.Dict{"S": types.Name("D"), "P": types.StringLiteral("Z")}}}
			return []types.IndirectRef{*ctx.XRefTable.Root}
		}, "its page labels were changed (the page made as A1 is now labelled \"Z1\")"},
		{"bookmarks", func(ctx *model.Context, add func(types.Object) types.IndirectRef) []types.IndirectRef {
			root(ctx)["Outlines"] = add(types.Dict{"Type": types.Name("Outlines"), "Count": types.Integer(0)})
			return []types.IndirectRef{*ctx.XRefTable.Root}
		}, "its bookmarks were changed"},
		{"an update that changes nothing checked", func(ctx *model.Context, add func(types.Object) types.IndirectRef) []types.IndirectRef {
			return []types.IndirectRef{*ctx.XRefTable.Root}
		}, "nothing Redress checks was changed by it, but the file is not as it was made"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			changed := appendUpdate(t, data, tc.change)
			v, err := Verify(bytes.NewReader(changed))
			if err != nil {
				t.Fatal(err)
			}
			var msgs []string
			for _, f := range v.Failures {
				msgs = append(msgs, f.Message)
			}
			all := strings.Join(msgs, "\n")
			if v.OK() || !strings.Contains(all, tc.want) || !strings.Contains(all, "The file was changed after it was made") {
				t.Fatalf("failures %q, want %q", msgs, tc.want)
			}
		})
	}
}

// TestVerifyQPDFRewrite: a faithful rewrite by qpdf (streams recompressed or
// uncompressed, object streams, linearised) still verifies, because pages
// are fingerprinted by their decoded content (issue 16.9). Before, every
// page was reported changed.
func TestVerifyQPDFRewrite(t *testing.T) {
	qpdf, err := exec.LookPath("qpdf")
	if err != nil {
		t.Skipf("qpdf is not installed (%v); .ci/run installs it", err)
	}
	data, _, _ := buildTest(t, testBundle(t))
	dir := t.TempDir()
	in := filepath.Join(dir, "in.pdf")
	if err := os.WriteFile(in, data, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{},
		{"--recompress-flate", "--compression-level=1"},
		{"--stream-data=uncompress"},
		{"--object-streams=generate"},
		{"--linearize"},
	} {
		t.Run(strings.Join(append([]string{"qpdf"}, args...), " "), func(t *testing.T) {
			out := filepath.Join(dir, "out.pdf")
			os.Remove(out)
			cmd := exec.Command(qpdf, append(append([]string{}, args...), in, out)...)
			if b, err := cmd.CombinedOutput(); err != nil {
				// qpdf exits 3 for warnings with a written file.
				if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 3 {
					t.Fatalf("qpdf: %v %s", err, b)
				}
			}
			rewritten, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			if bytes.Equal(rewritten, data) {
				t.Fatal("qpdf did not rewrite the file")
			}
			v, err := Verify(bytes.NewReader(rewritten))
			if err != nil {
				t.Fatal(err)
			}
			if !v.OK() || v.PagesChecked != len(v.Manifest.Pages) {
				t.Fatalf("a faithful qpdf rewrite does not verify: %+v", v.Failures)
			}
		})
	}
}
