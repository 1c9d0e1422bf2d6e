package store

import (
	"context"
	"fmt"
	mrand "math/rand/v2"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/redress-app/redress/casefile"
)

// docCorpus is the notes corpus plus documents' extracted text: docs
// documents of pagesPer pages each, pages of about pageChars characters
// drawn from the same vocabulary.
type docCorpus struct {
	*corpus
	docs  []casefile.Document
	pages [][]PageText
	bytes int
}

func makeDocCorpus(notes, docs, pagesPer, pageChars int) *docCorpus {
	c := &docCorpus{corpus: makeCorpus(notes)}
	r := mrand.New(mrand.NewPCG(5, 11))
	z := mrand.NewZipf(r, 1.1, 2, uint64(len(c.vocab)-1))
	base := casefile.MustDate("2025-01-01")
	for d := range docs {
		c.docs = append(c.docs, casefile.Document{ID: fmt.Sprintf("d%d", d+1), Name: fmt.Sprintf("Disclosure part %d.pdf", d+1),
			Date: base.AddDays(d % 500)})
		var pages []PageText
		for p := range pagesPer {
			var b strings.Builder
			for b.Len() < pageChars {
				b.WriteString(c.vocab[z.Uint64()])
				b.WriteByte(' ')
			}
			c.bytes += b.Len()
			pages = append(pages, PageText{Page: p + 1, Text: b.String()})
		}
		c.pages = append(c.pages, pages)
	}
	return c
}

// BenchmarkSearchDocuments: 10,000 notes plus 1,000 documents holding 50 MB
// of extracted text (20 pages of 2,500 characters each), the vault's
// in-memory search; its peer, SQLite FTS5 over the same plaintext, is in
// search_docs_fts5_bench_test.go. Reported: p50/p95, the index's memory and
// its ratio to the text, and the time to build it from the sealed records
// (done in the background after unlocking). Run both with:
//
//	go test -tags sqlite_fts5 -run '^$' -bench 'SearchDocuments' -benchtime 400x -timeout 30m ./store/
func BenchmarkSearchDocuments(b *testing.B) {
	c := makeDocCorpus(10000, 1000, 20, 2500)
	b.Logf("document text: %.1f MB", float64(c.bytes)/1e6)
	b.Run("memory", func(b *testing.B) {
		ctx := context.Background()
		v := benchVault(b, false)
		ci := importCorpus(b, v, c.corpus)
		for i, d := range c.docs {
			got, err := v.ImportDocument(ctx, ci.ID, strings.NewReader("%PDF "+d.ID), DocumentInfo{ID: d.ID, Name: d.Name, Date: d.Date})
			if err != nil {
				b.Fatal(err)
			}
			if err := v.PutPageTexts(ctx, ci.ID, got.ID, c.pages[i]); err != nil {
				b.Fatal(err)
			}
		}
		// Measure the index built from scratch, as after unlocking.
		v.mu.Lock()
		v.index = nil
		v.mu.Unlock()
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		start := time.Now()
		if _, err := v.Search(ctx, "warm", ""); err != nil {
			b.Fatal(err)
		}
		build := time.Since(start)
		runtime.GC()
		runtime.ReadMemStats(&after)
		ix := float64(after.HeapAlloc) - float64(before.HeapAlloc)
		searchLatencies(b, c.queries(), func(q string) int {
			hits, err := v.Search(ctx, q, "")
			if err != nil {
				b.Fatal(err)
			}
			return len(hits)
		})
		// After searchLatencies, whose ResetTimer drops metrics reported before it.
		b.ReportMetric(build.Seconds()*1000, "index-build-ms")
		b.ReportMetric(ix/1e6, "index-MB")
		b.ReportMetric(float64(c.bytes+noteBytes(c.corpus))/1e6, "text-MB")
		b.ReportMetric(ix/float64(c.bytes+noteBytes(c.corpus)), "index/text")
	})
	if fts5DocsPeer != nil {
		b.Run("fts5", func(b *testing.B) { fts5DocsPeer(b, c) })
	}
}

func noteBytes(c *corpus) int {
	n := 0
	for _, note := range c.notes {
		n += len(note.Text)
	}
	return n
}

// fts5DocsPeer is set by search_docs_fts5_bench_test.go (tag sqlite_fts5).
var fts5DocsPeer func(*testing.B, *docCorpus)
