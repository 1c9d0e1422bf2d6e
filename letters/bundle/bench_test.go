package bundle

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/letters/bundle/bundletest"
)

// benchDocs writes the benchmark's 40 documents to dir: 35 letters of 9
// pages with text and 5 scans of 7 image-only pages, 350 pages in all.
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

// benchBundle is a bundle of the files: front matter in A, the documents
// split between C and D.
func benchBundle(tb testing.TB, names []string) *Bundle {
	tb.Helper()
	var c, d []Part
	for i, n := range names {
		data, err := os.ReadFile(n)
		if err != nil {
			tb.Fatal(err)
		}
		it := memItem(fmt.Sprintf("d%d", i+1), fmt.Sprintf("Document %d", i+1), fmt.Sprintf("2025-10-%02d", i%28+1), "council", filepath.Base(n), "application/pdf", data)
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

func buildTo(tb testing.TB, b *Bundle, w io.Writer) int {
	plan, err := Prepare(context.Background(), b, Options{})
	if err != nil {
		tb.Fatal(err)
	}
	res, err := plan.Write(context.Background(), w)
	if err != nil {
		tb.Fatal(err)
	}
	return res.Pages
}

// TestBenchChild builds the benchmark bundle once when run as a child
// process by BenchmarkBundle, so that the parent can read its peak memory.
func TestBenchChild(t *testing.T) {
	dir := os.Getenv("BUNDLE_BENCH_CHILD")
	if dir == "" {
		t.Skip("run by BenchmarkBundle")
	}
	names, _ := filepath.Glob(filepath.Join(dir, "doc*.pdf"))
	buildTo(t, benchBundle(t, names), io.Discard)
	fmt.Printf("peak-rss-kb %d\n", vmHWM(os.Getpid()))
}

// vmHWM returns a process's peak resident memory in KiB, from
// /proc/PID/status (Linux). It is read there, not from the exit status's
// rusage: a child started by Go counts in ru_maxrss the memory of its
// parent at the fork, before it ran anything.
func vmHWM(pid int) int {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmHWM:" {
			n, _ := strconv.Atoi(f[1])
			return n
		}
	}
	return 0
}

// peakOf runs cmd and samples its peak resident memory until it exits.
func peakOf(cmd *exec.Cmd) (int, error) {
	if err := cmd.Start(); err != nil {
		return 0, err
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	peak := 0
	for {
		select {
		case err := <-done:
			return peak, err
		case <-time.After(time.Millisecond):
			peak = max(peak, vmHWM(cmd.Process.Pid))
		}
	}
}

// BenchmarkBundle builds a 350-page bundle from 40 PDFs and, in the same
// run, merges the same files with qpdf (qpdf --empty --pages ... --), the
// plain merge the bundle is measured against. It also reports the peak
// resident memory of one build and one qpdf run, each in a child process.
func BenchmarkBundle(b *testing.B) {
	dir := b.TempDir()
	names := benchDocs(b, dir)
	b.Run("redress", func(b *testing.B) {
		pages := 0
		for b.Loop() {
			pages = buildTo(b, benchBundle(b, names), io.Discard)
		}
		b.ReportMetric(float64(pages), "pages")
	})
	qpdf, err := exec.LookPath("qpdf")
	if err != nil {
		b.Log("qpdf is not installed (apt-get install -y qpdf): its side of the comparison is skipped")
		return
	}
	out := filepath.Join(dir, "qpdf-out.pdf")
	args := append(append([]string{"--empty", "--pages"}, names...), "--", out)
	b.Run("qpdf", func(b *testing.B) {
		for b.Loop() {
			if o, err := exec.Command(qpdf, args...).CombinedOutput(); err != nil {
				b.Fatalf("qpdf: %v %s", err, o)
			}
		}
	})
	b.Run("peak-rss", func(b *testing.B) {
		var redress, q int
		for b.Loop() {
			cmd := exec.Command(os.Args[0], "-test.run=^TestBenchChild$", "-test.count=1")
			cmd.Env = append(os.Environ(), "BUNDLE_BENCH_CHILD="+dir)
			var out, errb bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &errb
			if err := cmd.Run(); err != nil {
				b.Fatalf("child: %v %s", err, errb.String())
			}
			if _, err := fmt.Sscanf(out.String()[strings.Index(out.String(), "peak-rss-kb"):], "peak-rss-kb %d", &redress); err != nil {
				b.Fatalf("child output %q: %v", out.String(), err)
			}
			var err error
			if q, err = peakOf(exec.Command(qpdf, args...)); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(redress)/1024, "MB-redress")
		b.ReportMetric(float64(q)/1024, "MB-qpdf")
	})
}
