package cli

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

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"

	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/letters/bundle"
	"github.com/redress-app/redress/letters/bundle/bundletest"
	"github.com/redress-app/redress/store"
)

// qpdfJSON is the part of `qpdf --json` the style tests read.
type qpdfJSON struct {
	Pages []struct {
		Object string         `json:"object"`
		Label  map[string]any `json:"label"`
	} `json:"pages"`
	Outlines []qpdfOutline `json:"outlines"`
	QPDF     []json.RawMessage
}

type qpdfOutline struct {
	Title string        `json:"title"`
	Dest  []any         `json:"dest"`
	Page  int           `json:"destpageposfrom1"`
	Kids  []qpdfOutline `json:"kids"`
}

// TestBundleStylesAcceptance builds the same case's bundle in each style
// and reads it back with pdfinfo, qpdf --json and pdftotext: the page
// labels (numbers 1..N for the court, A1 ... by section otherwise) on every
// page as stamped and in the PDF's page labels, every index and chronology
// link landing on the page its text names, a bookmark for every section and
// document starting with (or giving) its page, and the open action at
// 100%; the pre-flight's checklist, and verify.
func TestBundleStylesAcceptance(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a vault and three bundles")
	}
	for _, tool := range []string{"pdftotext", "pdfinfo", "qpdf"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed (apt-get install poppler-utils qpdf): the style acceptance test is skipped", tool)
		}
	}
	vault, caseID := bundleVault(t)
	vars := map[string]string{envPassphrase: cliPass}
	for _, style := range []string{"court", "family", "ombudsman"} {
		t.Run(style, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), style+".pdf")
			if d := os.Getenv("BUNDLE_KEEP_DIR"); d != "" {
				out = filepath.Join(d, "style-"+style+".pdf")
				os.Remove(out)
			}
			code, stdout, stderr := run(t, vars, "", "bundle", "--vault", vault, "--case", caseID, "--style", style, "--quiet", "--out", out)
			if code != 0 {
				t.Fatalf("bundle: exit %d\n%s\n%s", code, stdout, stderr)
			}
			for _, want := range []string{"Checked against", "[met] The default view at 100%", "A file small enough to send"} {
				if !strings.Contains(stderr, want) {
					t.Errorf("the pre-flight does not say %q:\n%s", want, stderr)
				}
			}
			data, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			v, err := bundle.Verify(bytes.NewReader(data))
			if err != nil || !v.OK() {
				t.Fatalf("verify: %v %+v", err, v)
			}
			m := v.Manifest
			labels := make([]string, len(m.Pages))
			for i, p := range m.Pages {
				labels[i] = p.Label
			}
			court := style == "court"
			for i, l := range labels {
				if court && l != strconv.Itoa(i+1) {
					t.Fatalf("court style: page %d is labelled %s", i+1, l)
				}
				if !court && !regexp.MustCompile(`^[A-Z][0-9]+$`).MatchString(l) {
					t.Fatalf("%s style: page %d is labelled %s", style, i+1, l)
				}
			}

			// pdfinfo: the page count.
			info, err := exec.Command("pdfinfo", out).Output()
			if err != nil {
				t.Fatal(err)
			}
			if !regexp.MustCompile(`(?m)^Pages:\s+` + strconv.Itoa(len(labels)) + `$`).Match(info) {
				t.Errorf("pdfinfo does not give %d pages:\n%s", len(labels), info)
			}

			// qpdf --json: page labels, bookmarks, the open action.
			raw, err := exec.Command("qpdf", "--json=2", "--json-key=pages", "--json-key=outlines", "--json-key=qpdf", out).Output()
			if err != nil {
				t.Fatal(err)
			}
			var q qpdfJSON
			if err := json.Unmarshal(raw, &q); err != nil {
				t.Fatal(err)
			}
			if len(q.Pages) != len(labels) {
				t.Fatalf("qpdf: %d pages", len(q.Pages))
			}
			for i, p := range q.Pages {
				prefix, _ := p.Label["/P"].(string)
				prefix = strings.TrimPrefix(strings.TrimPrefix(prefix, "u:"), "/")
				st, _ := p.Label["/St"].(float64)
				if got := prefix + strconv.Itoa(int(st)); p.Label["/S"] != "/D" || got != labels[i] {
					t.Errorf("qpdf: page %d's label is %v (%s), printed %s", i+1, p.Label, got, labels[i])
				}
			}
			var objs map[string]json.RawMessage
			if len(q.QPDF) < 2 || json.Unmarshal(q.QPDF[1], &objs) != nil {
				t.Fatal("qpdf --json has no objects")
			}
			var cat struct {
				Value map[string]json.RawMessage `json:"value"`
			}
			json.Unmarshal(objs["obj:1 0 R"], &cat)
			var open []any
			json.Unmarshal(cat.Value["/OpenAction"], &open)
			if len(open) != 5 || open[0] != q.Pages[0].Object || open[1] != "/XYZ" || open[4] != 1.0 {
				t.Errorf("open action %s, want [%s /XYZ null null 1]", cat.Value["/OpenAction"], q.Pages[0].Object)
			}
			// Every bookmark gives the page it opens; every exhibit and
			// section has one.
			titles := map[string]bool{}
			var walk func([]qpdfOutline)
			walk = func(os []qpdfOutline) {
				for _, o := range os {
					titles[o.Title] = true
					if o.Page < 1 || o.Page > len(labels) {
						t.Errorf("bookmark %q goes to page %d", o.Title, o.Page)
					} else if l := labels[o.Page-1]; !strings.HasPrefix(o.Title, l+"  ") && !regexp.MustCompile(`\((pages? )?`+l+`(–|\))`).MatchString(o.Title) {
						t.Errorf("bookmark %q opens page %s but does not say so", o.Title, l)
					}
					if len(o.Dest) == 5 && o.Dest[4] != nil {
						t.Errorf("bookmark %q changes the zoom: %v", o.Title, o.Dest)
					}
					walk(o.Kids)
				}
			}
			walk(q.Outlines)
			for _, e := range m.Exhibits {
				if !hasPrefixKey(titles, e.First+"  "+e.Title) {
					t.Errorf("no bookmark for exhibit %s (%s) at %s", e.ID, e.Title, e.First)
				}
			}
			for _, s := range m.Sections {
				if s.Pages > 0 && !hasPrefixKey(titles, s.Label+". "+s.Title+" (") {
					t.Errorf("no bookmark for section %s", s.Label)
				}
			}

			// pdftotext: every page shows its label at its foot; every
			// link lands on the page its text names.
			for i, l := range labels {
				if txt := pdftotext(t, out, i+1, ""); !regexp.MustCompile(`(?m)^\s*` + l + `\s*$`).MatchString(txt) {
					t.Errorf("page %d: pdftotext does not show its label %s", i+1, l)
				}
			}
			ctx, err := api.ReadAndValidate(bytes.NewReader(data), model.NewDefaultConfiguration())
			if err != nil {
				t.Fatal(err)
			}
			links := 0
			for i := range labels {
				for _, ln := range pageLinks(t, ctx, i+1) {
					txt := pdftotext(t, out, i+1, ln.area)
					want := linkLabel(court, txt)
					if want == "" {
						t.Errorf("page %s: a link with no page in its text %q", labels[i], txt)
						continue
					}
					if labels[ln.target] != want {
						t.Errorf("page %s: the link %q goes to %s, not %s", labels[i], strings.TrimSpace(txt), labels[ln.target], want)
					}
					links++
				}
			}
			if links < len(m.Exhibits) {
				t.Errorf("only %d links for %d exhibits", links, len(m.Exhibits))
			}
			code, stdout, stderr = run(t, nil, "", "verify", out)
			if code != 0 || !strings.Contains(stdout, "OK: every one of the") {
				t.Errorf("verify: %d\n%s\n%s", code, stdout, stderr)
			}
		})
	}
}

func hasPrefixKey(m map[string]bool, prefix string) bool {
	for k := range m {
		if strings.HasPrefix(k, prefix) {
			return true
		}
	}
	return false
}

var (
	sectionLabelRE = regexp.MustCompile(`[A-E][0-9]+`)
	pageNumberRE   = regexp.MustCompile(`, page ([0-9]+)`)
	numberRE       = regexp.MustCompile(`(?:^|[^0-9A-Za-z])([0-9]+)(?:–[0-9]+)?(?:[^0-9A-Za-z]|$)`)
)

// linkLabel is the page a link's text names: the first section label, or,
// numbered through the bundle, the last number (the pages column of an
// index or contents row), the start of a range; in the chronology, ", page N".
func linkLabel(court bool, txt string) string {
	if !court {
		return sectionLabelRE.FindString(txt)
	}
	if m := pageNumberRE.FindStringSubmatch(txt); m != nil {
		return m[1]
	}
	// The index row ends with the exhibit's 12-character fingerprint,
	// which is now and then all digits (about 1 in 280): a page number
	// is never that long.
	var last string
	for _, m := range numberRE.FindAllStringSubmatch(strings.TrimSpace(txt), -1) {
		if len(m[1]) <= 6 {
			last = m[1]
		}
	}
	return last
}

// TestBundleScanTextLayer is the acceptance test of the OCR text layer
// through the whole command line: a scanned page with known words (drawn
// here), imported with `redress import` (which reads it with Tesseract and
// keeps its words sealed in the vault), bundled in each style: pdftotext
// finds the words on that page of the bundle, and the pre-flight says the
// scanned page carries them. Skipped, saying why, without Tesseract or
// ImageMagick.
func TestBundleScanTextLayer(t *testing.T) {
	if testing.Short() {
		t.Skip("runs OCR and builds three bundles")
	}
	for _, tool := range []string{"tesseract", "convert", "pdftotext"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed (apt-get install tesseract-ocr tesseract-ocr-eng imagemagick poppler-utils): the scanned page's text layer is not tested", tool)
		}
	}
	lines := []string{"The strategy discussion was held", "without the police on Tuesday"}
	files := t.TempDir()
	img := filepath.Join(files, "scan.jpg")
	args := []string{"-size", strconv.Itoa(bundletest.ScanW) + "x" + strconv.Itoa(bundletest.ScanH), "xc:white", "-font", "DejaVu-Sans", "-pointsize", "40"}
	for i, l := range lines {
		args = append(args, "-annotate", "+120+"+strconv.Itoa(300+80*i), l)
	}
	args = append(args, "-colorspace", "Gray", "-type", "Grayscale", "-quality", "85", img)
	if o, err := exec.Command("convert", args...).CombinedOutput(); err != nil {
		t.Skipf("ImageMagick could not draw the page (%v: %s)", err, o)
	}
	jpeg, err := os.ReadFile(img)
	if err != nil {
		t.Fatal(err)
	}
	var scan bytes.Buffer
	if err := bundletest.WriteScannedPDF(&scan, 1, func(int) ([]byte, error) { return jpeg, nil }); err != nil {
		t.Fatal(err)
	}
	scanned := filepath.Join(files, "strategy-notes-scan.pdf")
	if err := os.WriteFile(scanned, scan.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	dir := testVault(t)
	vars := map[string]string{envPassphrase: cliPass}
	code, out, errs := run(t, vars, "", "case", "import", "--vault", dir, "../../examples/bruised-baby.case.json")
	if code != 0 {
		t.Fatalf("case import: %d %s", code, errs)
	}
	id := strings.Fields(out)[0]
	if code, out, errs = run(t, vars, "", "import", "--vault", dir, "--case", id, "--source", "council", "--date", "2025-10-20", scanned); code != 0 {
		t.Fatalf("import: %d %q %s", code, out, errs)
	}
	for _, style := range []string{"court", "family", "ombudsman"} {
		t.Run(style, func(t *testing.T) {
			pdf := filepath.Join(t.TempDir(), "bundle.pdf")
			code, out, errs := run(t, vars, "", "bundle", "--vault", dir, "--case", id, "--style", style, "--quiet", "--out", pdf)
			if code != 0 {
				t.Fatalf("bundle: %d %q %s", code, out, errs)
			}
			if strings.Contains(errs, "strategy-notes-scan.pdf has no text layer") || !strings.Contains(errs, "[met] Scanned pages of typed text made searchable by OCR: 1 scanned page carries the words OCR read") {
				t.Errorf("the pre-flight does not say the scan carries its words:\n%s", errs)
			}
			data, err := os.ReadFile(pdf)
			if err != nil {
				t.Fatal(err)
			}
			v, err := bundle.Verify(bytes.NewReader(data))
			if err != nil || !v.OK() {
				t.Fatalf("verify: %v %+v", err, v)
			}
			page := 0
			for _, e := range v.Manifest.Exhibits {
				if e.Name == "strategy-notes-scan.pdf" {
					for i, p := range v.Manifest.Pages {
						if p.Label == e.First {
							page = i + 1
						}
					}
				}
			}
			if page == 0 {
				t.Fatal("the scan is not in the bundle")
			}
			txt := strings.Join(strings.Fields(pdftotext(t, pdf, page, "")), " ")
			for _, l := range lines {
				if !strings.Contains(txt, l) {
					t.Errorf("page %d: pdftotext does not find %q in %q", page, l, txt)
				}
			}
		})
	}
}

// TestBundleVolumes: --split-mb writes a bundle too large for one file as
// volumes, FILE-volume-N-of-M.pdf, each verifying on its own with
// redress verify, their pages numbered on from one volume to the next,
// every volume after the first opening with its own index.
func TestBundleVolumes(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a vault and a bundle in volumes")
	}
	vault, caseID := bundleVault(t)
	ctx := context.Background()
	v, err := store.Open(ctx, vault, []byte(cliPass))
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		var scan bytes.Buffer
		if err := bundletest.WriteScannedPDF(&scan, 8, func(p int) ([]byte, error) { return bundletest.ScanJPEG(uint64(100*i + p)) }); err != nil {
			t.Fatal(err)
		}
		info := store.DocumentInfo{ID: fmt.Sprintf("big%d", i+1), Name: fmt.Sprintf("disclosure-part-%d.pdf", i+1), Source: "council", Date: casefile.MustDate("2025-11-10")}
		if _, err := v.ImportDocument(ctx, caseID, bytes.NewReader(scan.Bytes()), info); err != nil {
			t.Fatal(err)
		}
	}
	v.Close()
	dir := t.TempDir()
	out := filepath.Join(dir, "bundle.pdf")
	vars := map[string]string{envPassphrase: cliPass}
	code, stdout, stderr := run(t, vars, "", "bundle", "--vault", vault, "--case", caseID, "--style", "court", "--split-mb", "2", "--quiet", "--out", out)
	if code != 0 {
		t.Fatalf("bundle: exit %d\n%s\n%s", code, stdout, stderr)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "bundle-volume-*-of-*.pdf"))
	if len(files) < 2 {
		t.Fatalf("volumes written: %v\n%s", files, stdout)
	}
	next := 1
	for i := range files {
		name := filepath.Join(dir, fmt.Sprintf("bundle-volume-%d-of-%d.pdf", i+1, len(files)))
		code, so, se := run(t, nil, "", "verify", name)
		if code != 0 || !strings.Contains(so, "OK: every one of the") || !strings.Contains(so, fmt.Sprintf("Volume %d of %d: pages ", i+1, len(files))) {
			t.Fatalf("verify %s: %d\n%s\n%s", filepath.Base(name), code, so, se)
		}
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		bv, err := bundle.Verify(bytes.NewReader(data))
		if err != nil || !bv.OK() {
			t.Fatalf("%s: %v %+v", name, err, bv)
		}
		if got := bv.Manifest.Pages[0].Label; got != strconv.Itoa(next) {
			t.Errorf("%s starts at page %s, want %d", filepath.Base(name), got, next)
		}
		first := 1 + len(bv.Manifest.VolumeIndex) // after a later volume's own index
		if txt := pdftotext(t, name, first, ""); !regexp.MustCompile(`(?m)^\s*` + strconv.Itoa(next) + `\s*$`).MatchString(txt) {
			t.Errorf("%s: its first page of the bundle is not stamped %d", filepath.Base(name), next)
		}
		if heading := fmt.Sprintf("Index (volume %d of %d)", i+1, len(files)); (i > 0) != strings.Contains(pdftotext(t, name, 1, ""), heading) {
			t.Errorf("%s: its first page says %q: %v, want %v", filepath.Base(name), heading, !(i > 0), i > 0)
		}
		next += len(bv.Manifest.Pages)
		if len(data) > 3<<20 {
			t.Errorf("%s is %d bytes, over the 2 MB asked for by more than one document", filepath.Base(name), len(data))
		}
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("the unsplit bundle was written too")
	}
	t.Log(stdout)
}

// TestVerifyBundleBeforeStyles: a bundle made by Redress before styles,
// text layers and the open action (main at d0b4922, the bruised-baby
// example with one email attached) still verifies, with its checkpoint,
// and a change to it is still found.
func TestVerifyBundleBeforeStyles(t *testing.T) {
	const old = "testdata/bundle-before-styles.pdf"
	code, stdout, stderr := run(t, nil, "", "verify", "--checkpoint", "13-KG79-QN8C-FZBP-X01R-FHD5", old)
	if code != 0 || !strings.Contains(stdout, "OK: every one of the 8 pages") || !strings.Contains(stdout, "matches this bundle's record") {
		t.Fatalf("verify: %d\n%s\n%s", code, stdout, stderr)
	}
	data, err := os.ReadFile(old)
	if err != nil {
		t.Fatal(err)
	}
	bad := bytes.Replace(data, []byte("visit on Thursday"), []byte("visit on Thursdax"), 1)
	path := filepath.Join(t.TempDir(), "changed.pdf")
	if err := os.WriteFile(path, bad, 0o600); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := run(t, nil, "", "verify", path); code != ExitChanged || !strings.Contains(stderr, "has been changed") {
		t.Errorf("a changed old bundle: exit %d %s", code, stderr)
	}
}

// TestLinkLabel pins the acceptance test's reading of an index row: the
// row that once failed CI ended with an all-digit fingerprint.
func TestLinkLabel(t *testing.T) {
	for _, c := range []struct{ txt, want string }{
		{"1\n\nstrategy-discussion.pdf\n\n15 Oct 2025\n\ncouncil\n\n8–10\n\n614169184841", "8"},
		{"2\n\nletter.pdf\n\n16 Oct 2025\n\ncouncil\n\n11\n\n6a4169184841", "11"},
		{"Exhibit 3, page 14", "14"},
	} {
		if got := linkLabel(true, c.txt); got != c.want {
			t.Errorf("linkLabel(%q) = %q, want %q", c.txt, got, c.want)
		}
	}
}
