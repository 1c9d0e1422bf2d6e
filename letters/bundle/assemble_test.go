package bundle

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
	"github.com/redress-app/redress/letters/bundle/bundletest"
)

// TestExhibitsKeepTheirContent checks with pdftotext that every page of a
// text exhibit shows its own words under its stamp, in the bundle's order:
// the pages are copied, not only stamped.
func TestExhibitsKeepTheirContent(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext is not installed (apt-get install poppler-utils)")
	}
	data, _, res := buildTest(t, testBundle(t))
	out := filepath.Join(t.TempDir(), "b.pdf")
	if err := os.WriteFile(out, data, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ label, text string }{
		{"C1", "Strategy discussion - page 1"},
		{"C3", "Strategy discussion - page 3"},
		{"C5", "Outcome letter - page 2"},
		{"D2", "Complaint - page 2"},
		{"D3", "Growth chart - page 1"},
	} {
		page := -1
		for i, l := range res.Labels {
			if l == tc.label {
				page = i + 1
			}
		}
		if page < 0 {
			t.Fatalf("no page %s in %v", tc.label, res.Labels)
		}
		n := strconv.Itoa(page)
		txt, err := exec.Command("pdftotext", "-f", n, "-l", n, out, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(txt), tc.text) || !strings.Contains(string(txt), tc.label) {
			t.Errorf("page %s: want %q and its label, got\n%s", tc.label, tc.text, txt)
		}
	}
}

// TestWriteFindsChangedItem: an item whose bytes are not the same when
// Write reads them again makes Write fail, saying so, instead of putting
// in pages that are not the ones checked.
func TestWriteFindsChangedItem(t *testing.T) {
	for _, tc := range []struct {
		name, typ string
		first     []byte
		then      []byte
	}{
		{"pdf", "application/pdf", bundletest.TextPDF(t, "First", 2, false), bundletest.TextPDF(t, "Second", 2, false)},
		{"jpeg", "image/jpeg", bundletest.JPEG(t, bundletest.Photo(64, 48), 1), bundletest.JPEG(t, bundletest.Photo(48, 64), 1)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			it := memItem("x1", "Changing", "2025-10-15", "council", "x", tc.typ, tc.first)
			it.SHA256 = ""
			opened := 0
			it.Open = func(context.Context) (io.ReadCloser, error) {
				opened++
				if opened > 1 {
					return io.NopCloser(bytes.NewReader(tc.then)), nil
				}
				return io.NopCloser(bytes.NewReader(tc.first)), nil
			}
			b := testBundle(t)
			b.AttachOriginals = false
			b.Sections[2].Parts = append(b.Sections[2].Parts, Part{Kind: Document, Item: it})
			plan, err := Prepare(context.Background(), b, Options{})
			if err != nil {
				t.Fatal(err)
			}
			_, err = plan.Write(context.Background(), io.Discard)
			if err == nil || !strings.Contains(err.Error(), "Changing") || !strings.Contains(err.Error(), "changed while the bundle was being built") {
				t.Errorf("Write: %v", err)
			}
		})
	}
}

// failWriter fails after n bytes, like a full disk.
type failWriter struct{ n int }

var errFull = errors.New("no space left on device")

func (w *failWriter) Write(p []byte) (int, error) {
	if len(p) > w.n {
		k := w.n
		w.n = 0
		return k, errFull
	}
	w.n -= len(p)
	return len(p), nil
}

// TestWriteReportsFullDisk: a write that fails part way is an error that
// wraps the cause, never a bundle reported as written.
func TestWriteReportsFullDisk(t *testing.T) {
	for _, at := range []int{10, 50 << 10, 150 << 10} {
		plan, err := Prepare(context.Background(), testBundle(t), Options{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := plan.Write(context.Background(), &failWriter{n: at}); !errors.Is(err, errFull) {
			t.Errorf("after %d bytes: %v", at, err)
		}
	}
}

// TestWriteIsDeterministic: the same bundle made twice is the same bytes.
func TestWriteIsDeterministic(t *testing.T) {
	b := testBundle(t)
	first, _, _ := buildTest(t, b)
	again, _, _ := buildTest(t, b)
	if !bytes.Equal(first, again) {
		t.Error("two builds of the same bundle differ")
	}
}

// TestExhibitCatalogueLeftOut: what an exhibit's catalogue carries (an
// action run on opening, JavaScript, its own outline) and actions on its
// pages never come into the bundle; its pages do.
func TestExhibitCatalogueLeftOut(t *testing.T) {
	ctx, err := api.ReadAndValidate(bytes.NewReader(bundletest.TextPDF(t, "Scripted", 2, false)), model.NewDefaultConfiguration())
	if err != nil {
		t.Fatal(err)
	}
	js := types.Dict{"S": types.Name("JavaScript"), "JS": types.StringLiteral("app.alert('exhibit script')")}
	root, err := ctx.Catalog()
	if err != nil {
		t.Fatal(err)
	}
	root["OpenAction"] = js
	ol, err := ctx.IndRefForNewObject(types.Dict{"Type": types.Name("Outlines"), "Count": types.Integer(0), "Title": types.StringLiteral("exhibit outline")})
	if err != nil {
		t.Fatal(err)
	}
	root["Outlines"] = *ol
	pd, _, _, err := ctx.PageDict(1, false)
	if err != nil {
		t.Fatal(err)
	}
	pd["AA"] = types.Dict{"O": js}
	var scripted bytes.Buffer
	if err := api.WriteContext(ctx, &scripted); err != nil {
		t.Fatal(err)
	}
	b := testBundle(t)
	b.AttachOriginals = false
	b.Sections[2].Parts = []Part{{Kind: Document, Item: memItem("s1", "Scripted", "2025-10-15", "council", "s.pdf", "application/pdf", scripted.Bytes())}}
	data, plan, res := buildTest(t, b)
	for _, p := range plan.Report().Problems {
		if p.Item == "s1" {
			t.Errorf("the exhibit was not taken as it is: %s", p.Message)
		}
	}
	for _, bad := range []string{"exhibit script", "exhibit outline", "/JavaScript", "/AA"} {
		if bytes.Contains(data, []byte(bad)) {
			t.Errorf("the bundle contains %q", bad)
		}
	}
	if !strings.Contains(strings.Join(res.Labels, " "), "C2") {
		t.Errorf("the exhibit's pages are missing: %v", res.Labels)
	}
	if v, err := Verify(bytes.NewReader(data)); err != nil || !v.OK() {
		t.Errorf("verify: %v %+v", err, v)
	}
}
