package bundle

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// qpdfDoc is what the tests read of qpdf --json=2: the pages, the
// bookmarks and every object.
type qpdfDoc struct {
	Pages []struct {
		Object string `json:"object"`
	} `json:"pages"`
	Outlines []qpdfOutline    `json:"outlines"`
	Qpdf     []map[string]any `json:"qpdf"`
}

type qpdfOutline struct {
	Title string        `json:"title"`
	Page  int           `json:"destpageposfrom1"`
	Kids  []qpdfOutline `json:"kids"`
}

// qpdfLink is a link annotation: its page and rectangle, and the page its
// destination opens (both from 1).
type qpdfLink struct {
	page, dest int
	rect       [4]float64
}

func readQPDF(t *testing.T, path string) (*qpdfDoc, []qpdfLink) {
	t.Helper()
	out, err := exec.Command("qpdf", "--json=2", "--json-key=pages", "--json-key=outlines", "--json-key=qpdf", path).Output()
	if err != nil {
		t.Fatalf("qpdf --json: %v", err)
	}
	var d qpdfDoc
	if err := json.Unmarshal(out, &d); err != nil {
		t.Fatal(err)
	}
	if len(d.Qpdf) < 2 {
		t.Fatal("qpdf --json gave no objects")
	}
	objs := d.Qpdf[1]
	value := func(ref string) map[string]any {
		o, _ := objs["obj:"+ref].(map[string]any)
		v, _ := o["value"].(map[string]any)
		return v
	}
	pos := map[string]int{}
	for i, p := range d.Pages {
		pos[p.Object] = i + 1
	}
	var links []qpdfLink
	for i, p := range d.Pages {
		annots, _ := value(p.Object)["/Annots"].([]any)
		for _, a := range annots {
			ref, _ := a.(string)
			an := value(ref)
			if an["/Subtype"] != "/Link" {
				continue
			}
			dest, _ := an["/Dest"].([]any)
			rect, _ := an["/Rect"].([]any)
			if len(dest) == 0 || len(rect) != 4 {
				t.Fatalf("page %d: a link without a destination or rectangle: %v", i+1, an)
			}
			l := qpdfLink{page: i + 1, dest: pos[fmt.Sprint(dest[0])]}
			for j := range 4 {
				l.rect[j], _ = rect[j].(float64)
			}
			links = append(links, l)
		}
	}
	return &d, links
}

// cropText is the text pdftotext finds on page (from 1) inside the
// rectangle x0..x1 (points from the left) and the link rectangle's height.
func cropText(t *testing.T, path string, page int, x0, x1 float64, rect [4]float64) string {
	t.Helper()
	const pageH = 841.89
	args := []string{"-enc", "UTF-8", "-f", strconv.Itoa(page), "-l", strconv.Itoa(page),
		"-x", strconv.Itoa(int(x0)), "-y", strconv.Itoa(int(pageH - rect[3])),
		"-W", strconv.Itoa(int(x1 - x0)), "-H", strconv.Itoa(int(rect[3] - rect[1])), path, "-"}
	out, err := exec.Command("pdftotext", args...).Output()
	if err != nil {
		t.Fatalf("pdftotext %v: %v", args, err)
	}
	return string(out)
}

var labelRange = regexp.MustCompile(`^([A-Z]?[0-9]{1,4})(?:–[A-Z]?[0-9]{1,4})?$`)

// TestVolumeIndexReadBack writes a bundle split into volumes in each style
// and reads every volume back with pdftotext and qpdf --json: each volume
// after the first opens with its own index headed "Index (volume N of M)"
// and labelled V2-i ...; every link of that index lands on the page in
// the volume whose label its row gives; its bookmarks open the pages
// whose labels they start with; every page of the bundle carries its label
// in the bundle's continuous numbering; and the volume verifies.
func TestVolumeIndexReadBack(t *testing.T) {
	for _, tool := range []string{"qpdf", "pdftotext"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed (apt-get install qpdf poppler-utils)", tool)
		}
	}
	for _, st := range Styles {
		t.Run(string(st), func(t *testing.T) {
			b := testBundle(t)
			b.Style = st
			b.AttachOriginals = false
			plan, err := Prepare(context.Background(), b, Options{})
			if err != nil {
				t.Fatal(err)
			}
			vols := plan.Volumes(70 << 10)
			if len(vols) < 3 {
				t.Fatalf("%d volumes", len(vols))
			}
			dir := t.TempDir()
			var labels []string
			for _, v := range vols {
				var out bytes.Buffer
				res, err := plan.WriteVolume(context.Background(), &out, v)
				if err != nil {
					t.Fatalf("volume %d: %v", v.Number, err)
				}
				labels = append(labels, res.Labels...)
				path := filepath.Join(dir, fmt.Sprintf("v%d.pdf", v.Number))
				if err := os.WriteFile(path, out.Bytes(), 0o600); err != nil {
					t.Fatal(err)
				}
				ver, err := Verify(bytes.NewReader(out.Bytes()))
				if err != nil || !ver.OK() || ver.PagesChecked != v.Pages() {
					t.Fatalf("volume %d: verify %v %+v", v.Number, err, ver)
				}
				fileLabels := append(append([]string{}, res.IndexLabels...), res.Labels...)
				d, links := readQPDF(t, path)
				if len(d.Pages) != v.Pages() || len(fileLabels) != v.Pages() {
					t.Fatalf("volume %d: %d pages, %d labels; Volumes said %d", v.Number, len(d.Pages), len(fileLabels), v.Pages())
				}
				// Every page shows its label in its stamp.
				for i, l := range fileLabels {
					text := pdftotextPage(t, out.Bytes(), i+1)
					if !regexp.MustCompile(`(^|\s)` + regexp.QuoteMeta(l) + `(\s|$)`).MatchString(text) {
						t.Errorf("volume %d, page %d: no label %s in its text %q", v.Number, i+1, l, text)
					}
				}
				if v.Number == 1 {
					if v.IndexPages != 0 || len(res.IndexLabels) != 0 {
						t.Errorf("volume 1 has an index of its own: %v", res.IndexLabels)
					}
					continue
				}
				if v.IndexPages < 1 || res.IndexLabels[0] != "V"+strconv.Itoa(v.Number)+"-i" {
					t.Fatalf("volume %d: index labels %v", v.Number, res.IndexLabels)
				}
				heading := fmt.Sprintf("Index (volume %d of %d)", v.Number, v.Of)
				if first := pdftotextPage(t, out.Bytes(), 1); !strings.Contains(first, heading) {
					t.Errorf("volume %d's first page does not say %q:\n%s", v.Number, heading, first)
				}
				// The index's links: one per section and document of the
				// volume, each landing on the page its row names first.
				targets := map[string]bool{}
				n := 0
				for _, l := range links {
					if l.page > v.IndexPages {
						continue
					}
					n++
					if l.dest <= v.IndexPages || l.dest > v.Pages() {
						t.Errorf("volume %d: a link on page %d goes to page %d, not a page of the bundle in this volume", v.Number, l.page, l.dest)
						continue
					}
					want := ""
					for _, tok := range strings.Fields(cropText(t, path, l.page, (marginLR+123)*ptPerMM, (a4W-marginLR)*ptPerMM, l.rect)) {
						if m := labelRange.FindStringSubmatch(tok); m != nil {
							want = m[1]
							break
						}
					}
					got := fileLabels[l.dest-1]
					if want != got {
						t.Errorf("volume %d: the row linked on page %d names %q but its link opens %s", v.Number, l.page, want, got)
					}
					targets[got] = true
				}
				if n < 2 || !targets[res.Labels[0]] {
					t.Errorf("volume %d: %d links, to %v; none to its first page %s", v.Number, n, targets, res.Labels[0])
				}
				// Bookmarks: the index first, then each part's, opening
				// the page it starts with.
				if len(d.Outlines) == 0 || d.Outlines[0].Page != 1 || !strings.Contains(d.Outlines[0].Title, heading) {
					t.Fatalf("volume %d: bookmarks %+v", v.Number, d.Outlines)
				}
				kids := 0
				for _, o := range d.Outlines[1:] {
					if o.Page <= v.IndexPages {
						t.Errorf("volume %d: bookmark %q opens the index", v.Number, o.Title)
					}
					for _, k := range o.Kids {
						kids++
						if l := strings.Fields(k.Title)[0]; k.Page < 1 || k.Page > len(fileLabels) || fileLabels[k.Page-1] != l {
							t.Errorf("volume %d: bookmark %q opens page %d", v.Number, k.Title, k.Page)
						}
					}
				}
				if kids == 0 {
					t.Errorf("volume %d: no bookmark for a document", v.Number)
				}
			}
			_, _, whole := buildTest(t, func() *Bundle { b := testBundle(t); b.Style = st; return b }())
			if got, want := strings.Join(labels, " "), strings.Join(whole.Labels, " "); got != want {
				t.Errorf("the volumes' labels\n%s\nthe whole bundle's\n%s", got, want)
			}
		})
	}
}

// volumeIndexCases are manifests of a later volume with its own index,
// well and badly formed (they seed FuzzDecodeManifest too).
var volumeIndexCases = func() []struct {
	name     string
	manifest string
	ok       bool
} {
	sum := strings.Repeat("a", 64)
	m := func(volume int, index string) string {
		return `{"format":"redress-bundle/1","title":"T (volume 2 of 3)","page_digest":"redress-page/2","created":"2026-01-01T00:00:00Z","style":"court",` +
			`"volume":` + strconv.Itoa(volume) + `,"volumes":3,"sections":[{"label":"A","title":"","pages":1}],` + index +
			`"pages":[{"label":"7","sha256":"` + sum + `"}],"exhibits":[],"chronology":[],"journal":[]}`
	}
	page := func(label string) string { return `{"label":"` + label + `","sha256":"` + sum + `"}` }
	return []struct {
		name     string
		manifest string
		ok       bool
	}{
		{"no index", m(2, ``), true},
		{"one page", m(2, `"volume_index":[`+page("V2-i")+`],`), true},
		{"two pages", m(2, `"volume_index":[`+page("V2-i")+`,`+page("V2-ii")+`],`), true},
		{"in the first volume", m(1, `"volume_index":[`+page("V1-i")+`],`), false},
		{"another volume's label", m(2, `"volume_index":[`+page("V3-i")+`],`), false},
		{"out of order", m(2, `"volume_index":[`+page("V2-ii")+`,`+page("V2-i")+`],`), false},
		{"a bundle page's label", m(2, `"volume_index":[`+page("6")+`],`), false},
		{"a bad fingerprint", m(2, `"volume_index":[{"label":"V2-i","sha256":"xyz"}],`), false},
	}
}()

// TestDecodeVolumeIndex: a later volume's manifest lists its own index's
// pages, labelled V2-i, V2-ii ... in order, with fingerprints; anything
// else there is malformed.
func TestDecodeVolumeIndex(t *testing.T) {
	for _, tc := range volumeIndexCases {
		t.Run(tc.name, func(t *testing.T) {
			m, err := DecodeManifest([]byte(tc.manifest))
			if (err == nil) != tc.ok {
				t.Fatalf("DecodeManifest: %v, want ok %v", err, tc.ok)
			}
			if err == nil && len(m.filePages()) != len(m.VolumeIndex)+1 {
				t.Errorf("file pages %v", m.filePages())
			}
		})
	}
}
