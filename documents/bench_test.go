package documents

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// benchPDF is a 300-page text PDF of about 1.2 million characters: dense
// report-like prose, 4,000 characters a page.
func benchPDF(b *testing.B) []byte {
	words := strings.Fields("the council social worker assessment conference child protection plan parents " +
		"meeting report health visitor school police strategy discussion section enquiries decision " +
		"family home visit concern evidence record minutes agreed review chair category neglect")
	rng := rand.New(rand.NewPCG(1, 2))
	var pages [][]string
	for p := range 300 {
		var lines []string
		for range 44 {
			var l strings.Builder
			for l.Len() < 88 {
				l.WriteString(words[rng.IntN(len(words))])
				l.WriteByte(' ')
			}
			lines = append(lines, l.String())
		}
		lines = append(lines, fmt.Sprintf("Page %d", p+1))
		pages = append(pages, lines)
	}
	return textPDF(b, pages)
}

// BenchmarkPDFText300 reads the text of every page of a 300-page PDF with
// PDFium (this package) and, in the same iteration, with pdftotext
// (poppler, default reading order) on the same file: the two alternate so
// that load from other processes falls on both alike. Reported: each one's
// mean time, speed relative to pdftotext (pdftotext's time / ours; the
// target is at least 0.5), and peak memory: this process's high-water RSS
// (an upper bound: it includes making the PDF and the test binary) and
// pdftotext's, from /usr/bin/time. The PDFium pool is started before
// timing, as the app keeps it for the session.
func BenchmarkPDFText300(b *testing.B) {
	pdf := benchPDF(b)
	path := filepath.Join(b.TempDir(), "report.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		b.Fatal(err)
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		b.Skip("pdftotext is not installed (poppler-utils): no peer")
	}
	r := New(Options{CacheDir: testCacheDir()})
	defer r.Close()
	start := time.Now()
	if _, err := r.PageCount(context.Background(), "x.pdf", "", pdf); err != nil {
		b.Fatal(err)
	}
	initTime := time.Since(start)
	var ours, peer time.Duration
	var chars, peerChars int
	b.ResetTimer()
	for b.Loop() {
		start := time.Now()
		t, err := r.Extract(context.Background(), "report.pdf", "", pdf)
		if err != nil {
			b.Fatal(err)
		}
		ours += time.Since(start)
		chars = len(t.All())
		start = time.Now()
		out, err := exec.Command("pdftotext", path, "-").Output()
		if err != nil {
			b.Fatal(err)
		}
		peer += time.Since(start)
		peerChars = len(out)
	}
	b.StopTimer()
	n := float64(b.N)
	b.ReportMetric(ours.Seconds()*1000/n, "pdfium-ms")
	b.ReportMetric(peer.Seconds()*1000/n, "pdftotext-ms")
	b.ReportMetric(peer.Seconds()/ours.Seconds(), "speed-vs-pdftotext")
	b.ReportMetric(float64(initTime.Milliseconds()), "init-ms")
	b.ReportMetric(float64(chars), "chars")
	b.ReportMetric(float64(peerChars), "pdftotext-chars")
	if mb, ok := peakRSSMB(); ok {
		b.ReportMetric(mb, "peak-rss-MB")
	}
	if tm, err := exec.LookPath("/usr/bin/time"); err == nil {
		if out, err := exec.Command(tm, "-f", "%M", "pdftotext", path, "/dev/null").CombinedOutput(); err == nil {
			var kb float64
			fmt.Sscan(strings.TrimSpace(string(out)), &kb)
			b.ReportMetric(kb/1024, "pdftotext-peak-rss-MB")
		}
	}
}

// BenchmarkPageWords reads the words and boxes of one dense page (page 150
// of benchPDF, about 4,000 characters) as the page viewer does when a hit
// is opened, and, in the same iteration, pdftotext -bbox on the same page
// (poppler's word boxes, one process). Reported: each one's mean time and
// the words found.
func BenchmarkPageWords(b *testing.B) {
	pdf := benchPDF(b)
	path := filepath.Join(b.TempDir(), "report.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		b.Fatal(err)
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		b.Skip("pdftotext is not installed (poppler-utils): no peer")
	}
	r := New(Options{CacheDir: testCacheDir()})
	defer r.Close()
	if _, err := r.PageCount(context.Background(), "x.pdf", "", pdf); err != nil {
		b.Fatal(err)
	}
	var ours, peer time.Duration
	var words, peerWords int
	b.ResetTimer()
	for b.Loop() {
		start := time.Now()
		w, err := r.PageWords(context.Background(), "report.pdf", "", pdf, 150)
		if err != nil {
			b.Fatal(err)
		}
		ours += time.Since(start)
		words = len(w)
		start = time.Now()
		out, err := exec.Command("pdftotext", "-bbox", "-f", "150", "-l", "150", path, "-").Output()
		if err != nil {
			b.Fatal(err)
		}
		peer += time.Since(start)
		peerWords = strings.Count(string(out), "<word ")
	}
	b.StopTimer()
	n := float64(b.N)
	b.ReportMetric(ours.Seconds()*1000/n, "pdfium-ms")
	b.ReportMetric(peer.Seconds()*1000/n, "pdftotext-bbox-ms")
	b.ReportMetric(float64(words), "words")
	b.ReportMetric(float64(peerWords), "pdftotext-words")
}

// BenchmarkImportRead300 is reading a 300-page text PDF at import, before
// and after the page words were kept: Extract (the text only, as import
// read it before) and ExtractWords (the text and every page's words and
// boxes in one pass), and, in the same iteration on the same file,
// pdftotext and pdftotext -bbox (poppler's text, and its words with boxes)
// as peers. Reported: each one's mean time, the words found, and the cost
// of the words (ExtractWords' time over Extract's).
func BenchmarkImportRead300(b *testing.B) {
	pdf := benchPDF(b)
	path := filepath.Join(b.TempDir(), "report.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		b.Fatal(err)
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		b.Skip("pdftotext is not installed (poppler-utils): no peer")
	}
	r := New(Options{CacheDir: testCacheDir()})
	defer r.Close()
	if _, err := r.PageCount(context.Background(), "x.pdf", "", pdf); err != nil {
		b.Fatal(err)
	}
	var text, words, peer, peerBox time.Duration
	var nWords, nPeerWords int
	b.ResetTimer()
	for b.Loop() {
		start := time.Now()
		if _, err := r.Extract(context.Background(), "report.pdf", "", pdf); err != nil {
			b.Fatal(err)
		}
		text += time.Since(start)
		start = time.Now()
		t, err := r.ExtractWords(context.Background(), "report.pdf", "", pdf)
		if err != nil {
			b.Fatal(err)
		}
		words += time.Since(start)
		nWords = 0
		for _, p := range t.Pages {
			nWords += len(p.Words)
		}
		start = time.Now()
		if err := exec.Command("pdftotext", path, os.DevNull).Run(); err != nil {
			b.Fatal(err)
		}
		peer += time.Since(start)
		start = time.Now()
		out, err := exec.Command("pdftotext", "-bbox", path, "-").Output()
		if err != nil {
			b.Fatal(err)
		}
		peerBox += time.Since(start)
		nPeerWords = strings.Count(string(out), "<word ")
	}
	b.StopTimer()
	n := float64(b.N)
	b.ReportMetric(text.Seconds()*1000/n, "extract-ms")
	b.ReportMetric(words.Seconds()*1000/n, "extractwords-ms")
	b.ReportMetric(peer.Seconds()*1000/n, "pdftotext-ms")
	b.ReportMetric(peerBox.Seconds()*1000/n, "pdftotext-bbox-ms")
	b.ReportMetric(words.Seconds()/text.Seconds(), "words-cost-x")
	b.ReportMetric(float64(nWords), "words")
	b.ReportMetric(float64(nPeerWords), "pdftotext-words")
}
