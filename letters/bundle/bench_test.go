package bundle

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/letters/bundle/bundletest"
)

// benchDocs writes the text benchmark's 40 documents to dir: 35 letters of
// 9 pages with text and 5 scans of 7 image-only pages, 350 pages in all.
func benchDocs(tb testing.TB, dir string) []string {
	tb.Helper()
	var names []string
	for i := 0; i < 40; i++ {
		var data []byte
		if i%8 == 7 {
			data = bundletest.ScanPDF(tb, 7)
		} else {
			data = bundletest.TextPDF(tb, fmt.Sprintf("Document %d", i+1), 9, false)
		}
		name := filepath.Join(dir, fmt.Sprintf("doc%02d.pdf", i+1))
		if err := os.WriteFile(name, data, 0o600); err != nil {
			tb.Fatal(err)
		}
		names = append(names, name)
	}
	return names
}

// fileItems describes the files as items read from disk when the bundle
// asks for them (as the vault does), with their SHA-256 worked out here, as
// import records it (when hash is false, as for a letter, the SHA-256 is
// the one Prepare reads).
func fileItems(tb testing.TB, names []string, hash bool) []*Item {
	tb.Helper()
	var items []*Item
	for i, n := range names {
		f, err := os.Open(n)
		if err != nil {
			tb.Fatal(err)
		}
		h := sha256.New()
		var size int64
		if hash {
			size, err = io.Copy(h, f)
		} else if st, serr := f.Stat(); serr == nil {
			size = st.Size()
		} else {
			err = serr
		}
		f.Close()
		if err != nil {
			tb.Fatal(err)
		}
		sum := ""
		if hash {
			sum = hex.EncodeToString(h.Sum(nil))
		}
		name := n
		it := &Item{
			ID: fmt.Sprintf("d%d", i+1), Title: fmt.Sprintf("Document %d", i+1), Date: casefile.MustDate(fmt.Sprintf("2025-10-%02d", i%28+1)),
			Source: "council", Author: "council", Name: filepath.Base(n), Type: "application/pdf",
			SHA256: sum, Size: size,
			Open: func(context.Context) (io.ReadCloser, error) { return os.Open(name) },
		}
		// The words of every page, as the vault keeps them: a scan's from
		// OCR on import, a text PDF's read with its text on import
		// (documents.ExtractWords), so that only pages whose words reach
		// the foot are shrunk.
		it.Words = benchWords
		items = append(items, it)
	}
	return items
}

// benchVocabulary is what the benchmark's OCR words are made of.
var benchVocabulary = strings.Fields("the council social worker visited family home on Tuesday and discussed " +
	"concerns about bruising with health visitor strategy discussion section 47 enquiries child protection " +
	"conference plan parents were not told police school nursery report assessment outcome decision")

// benchWords gives a page of a scanned document words as OCR would: 42
// lines of 9 words (378 words, a dense typed page), in the page's text
// area, so that their foot is clear of the stamp. They are made, not read
// (the scans are noise): OCR is done at import, and the bundle only lays
// the words it is given.
func benchWords(_ context.Context, page int) ([]Word, error) {
	words := make([]Word, 0, 42*9)
	for line := 0; line < 42; line++ {
		y := 0.08 + float64(line)*0.02
		for k := 0; k < 9; k++ {
			x := 0.1 + float64(k)*0.09
			words = append(words, Word{Text: benchVocabulary[(page*7+line*9+k)%len(benchVocabulary)], X0: x, Y0: y, X1: x + 0.08, Y1: y + 0.014})
		}
	}
	return words, nil
}

// benchBundle is a bundle of the items: front matter in A, the documents
// split between C and D.
func benchBundle(items []*Item) *Bundle {
	var c, d []Part
	for i, it := range items {
		if i%2 == 0 {
			c = append(c, Part{Kind: Document, Item: it})
		} else {
			d = append(d, Part{Kind: Document, Item: it})
		}
	}
	return &Bundle{
		Title: "Benchmark bundle", Case: "Benchmark", Date: casefile.MustDate("2026-05-01"),
		Created: time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC), Checkpoint: "1-B7EQ-FK8M-DKRW-DXRE-KM3B",
		Sections: []Section{
			{Label: "A", Title: "Index", Parts: []Part{{Kind: Cover}, {Kind: Index}}},
			{Label: "C", Title: "Council", Parts: c},
			{Label: "D", Title: "Family", Parts: d},
		},
	}
}

// buildFile builds the bundle into the file out, as `redress bundle` does,
// and returns its pages, the pages given a text layer from OCR words and
// the pages shrunk for the stamp.
func buildFile(tb testing.TB, b *Bundle, out string) (int, int, int) {
	tb.Helper()
	plan, err := Prepare(context.Background(), b, Options{PageLimit: 5000})
	if err != nil {
		tb.Fatal(err)
	}
	f, err := os.Create(out)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	res, err := plan.Write(context.Background(), f)
	if err != nil {
		tb.Fatal(err)
	}
	if err := f.Close(); err != nil {
		tb.Fatal(err)
	}
	return res.Pages, plan.ocrPages, res.Shrunk
}

// TestBenchChild builds a bundle once when run as a child process by
// BenchmarkBundle, so that its peak memory can be measured on its own:
// BUNDLE_BENCH_CHILD lists the input files (separated by the path list
// separator) and BUNDLE_BENCH_OUT names the output.
func TestBenchChild(t *testing.T) {
	list := os.Getenv("BUNDLE_BENCH_CHILD")
	if list == "" {
		t.Skip("run by BenchmarkBundle")
	}
	// The SHA-256 are not worked out here: the record has them, and
	// reading every file once more is not part of building the bundle.
	n, _, _ := buildFile(t, benchBundle(fileItems(t, filepath.SplitList(list), false)), os.Getenv("BUNDLE_BENCH_OUT"))
	fmt.Printf("pages %d\n", n)
}

var (
	maxRSS  = regexp.MustCompile(`Maximum resident set size \(kbytes\): (\d+)`)
	cpuTime = regexp.MustCompile(`(?:User|System) time \(seconds\): ([0-9.]+)`)
)

// timeV runs the command under /usr/bin/time -v and returns its peak
// resident memory in KiB and the processor time it used (user and
// system) in seconds. (/usr/bin/time's child is forked from time, not from
// this process, so its ru_maxrss counts nothing of ours.)
func timeV(env []string, name string, args ...string) (kb int, cpu float64, err error) {
	cmd := exec.Command("/usr/bin/time", append([]string{"-v", name}, args...)...)
	cmd.Env = env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return 0, 0, fmt.Errorf("%s: %v\n%s", name, err, out.String())
	}
	m := maxRSS.FindStringSubmatch(out.String())
	if m == nil {
		return 0, 0, fmt.Errorf("no peak memory in the output of /usr/bin/time:\n%s", out.String())
	}
	for _, t := range cpuTime.FindAllStringSubmatch(out.String(), -1) {
		v, _ := strconv.ParseFloat(t[1], 64)
		cpu += v
	}
	kb, err = strconv.Atoi(m[1])
	return kb, cpu, err
}

// BenchmarkBundle builds bundles and, in the same run, merges the same files
// with qpdf (qpdf --empty --pages ... -- out.pdf), the plain merge the bundle
// is measured against, both writing a file. It also reports the peak
// resident memory of one build (a child process running TestBenchChild)
// and of one qpdf run, each measured by /usr/bin/time -v. The inputs:
//
//   - text350: 40 small generated PDFs of 350 pages (35 letters of 9 text
//     pages, 5 scans of 7 small images);
//   - scan365 and scan1207: 12 and 40 scanned PDFs of 365 and 1,207 pages,
//     62 MB and 207 MB, every page a different noisy 150 dpi grey JPEG
//     (bundletest.Scans), made once into a cache folder.
//
// BUNDLE_BENCH_SETS chooses the sets (comma separated), all by default.
func BenchmarkBundle(b *testing.B) {
	sets := map[string]bool{"text350": true, "scan365": true, "scan1207": true}
	if s := os.Getenv("BUNDLE_BENCH_SETS"); s != "" {
		sets = map[string]bool{}
		for _, n := range strings.Split(s, ",") {
			sets[n] = true
		}
	}
	tmp := b.TempDir()
	for _, set := range []struct {
		name  string
		files func() ([]string, error)
	}{
		{"text350", func() ([]string, error) { return benchDocs(b, tmp), nil }},
		{"scan365", func() ([]string, error) { return bundletest.Scans(bundletest.ScanCacheDir(tmp), bundletest.Scans365) }},
		{"scan1207", func() ([]string, error) { return bundletest.Scans(bundletest.ScanCacheDir(tmp), bundletest.Scans1207) }},
	} {
		if !sets[set.name] {
			continue
		}
		names, err := set.files()
		if err != nil {
			b.Fatal(err)
		}
		b.Run(set.name, func(b *testing.B) { benchSet(b, names) })
	}
}

func benchSet(b *testing.B, names []string) {
	dir := b.TempDir()
	items := fileItems(b, names, true)
	out := filepath.Join(dir, "bundle.pdf")
	b.Run("redress", func(b *testing.B) {
		pages, ocr, shrunk := 0, 0, 0
		for b.Loop() {
			pages, ocr, shrunk = buildFile(b, benchBundle(items), out)
		}
		b.ReportMetric(float64(pages), "pages")
		b.ReportMetric(float64(ocr), "ocr-pages")
		b.ReportMetric(float64(shrunk), "shrunk-pages")
	})
	qpdf, err := exec.LookPath("qpdf")
	if err != nil {
		b.Log("qpdf is not installed (apt-get install -y qpdf): its side of the comparison is skipped")
		return
	}
	qout := filepath.Join(dir, "qpdf-out.pdf")
	args := append(append([]string{"--empty", "--pages"}, names...), "--", qout)
	b.Run("qpdf", func(b *testing.B) {
		for b.Loop() {
			if o, err := exec.Command(qpdf, args...).CombinedOutput(); err != nil {
				b.Fatalf("qpdf: %v %s", err, o)
			}
		}
	})
	if _, err := os.Stat("/usr/bin/time"); err != nil {
		b.Log("/usr/bin/time is not installed (apt-get install -y time): peak memory is not measured")
		return
	}
	// The processor time of each process, beside its peak memory: on a
	// machine shared with other work it varies less than the time taken.
	b.Run("peak-rss", func(b *testing.B) {
		var redress, q int
		var cpuR, cpuQ float64
		for b.Loop() {
			env := append(os.Environ(), "BUNDLE_BENCH_CHILD="+strings.Join(names, string(os.PathListSeparator)), "BUNDLE_BENCH_OUT="+out)
			var err error
			if redress, cpuR, err = timeV(env, os.Args[0], "-test.run=^TestBenchChild$", "-test.count=1"); err != nil {
				b.Fatal(err)
			}
			if q, cpuQ, err = timeV(os.Environ(), qpdf, args...); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(redress)/1024, "MB-redress")
		b.ReportMetric(float64(q)/1024, "MB-qpdf")
		b.ReportMetric(cpuR, "cpu-s-redress")
		b.ReportMetric(cpuQ, "cpu-s-qpdf")
	})
}
