package store

import (
	"context"
	"crypto/rand"
	"fmt"
	"io"
	mrand "math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redress-app/redress/casefile"
)

// withPlaintext makes the benchmark peer: the same schema, statements and
// code with the AEAD replaced by a one-byte marker. Only tests can set it.
func withPlaintext() Option { return func(o *options) { o.plain = true } }

func benchVault(b *testing.B, plain bool) *Vault {
	opts := testOpts()
	if plain {
		opts = append(opts, withPlaintext())
	}
	base := b.TempDir()
	if d := os.Getenv("REDRESS_BENCH_DIR"); d != "" {
		// To tell disk from CPU: put the benchmark vaults on another file system (such as /dev/shm).
		var err error
		if base, err = os.MkdirTemp(d, "bench-"); err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { os.RemoveAll(base) })
	}
	v, err := Create(context.Background(), filepath.Join(base, "v"), testPass, opts...)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { v.Close() })
	return v
}

// corpus is a deterministic set of notes: text drawn from a Zipf-distributed
// vocabulary of real words and made-up ones, 40 to 160 words each.
type corpus struct {
	vocab []string
	notes []casefile.Note
}

var common = strings.Fields(`the social worker said visit school health visitor bruise bruises conference
strategy discussion police child protection plan meeting called phone email letter mother father baby
nursery doctor hospital report assessment referral section enquiry concern concerns team manager review
complaint stage response records request council family home garden car kitchen afraid worried told asked`)

func makeCorpus(n int) *corpus {
	r := mrand.New(mrand.NewPCG(42, 7))
	syll := strings.Fields("ka lo mi ne ru sa ti vo be da fe gi ho ju ly ma no pe qui re so tu va we xi ya zo")
	c := &corpus{vocab: slices.Clone(common)}
	seen := map[string]bool{}
	for _, w := range common {
		seen[w] = true
	}
	for len(c.vocab) < 20000 {
		var w strings.Builder
		for range 2 + r.IntN(3) {
			w.WriteString(syll[r.IntN(len(syll))])
		}
		if !seen[w.String()] {
			seen[w.String()] = true
			c.vocab = append(c.vocab, w.String())
		}
	}
	z := mrand.NewZipf(r, 1.1, 2, uint64(len(c.vocab)-1))
	base := time.Date(2025, 1, 1, 9, 0, 0, 0, time.UTC)
	kinds := casefile.NoteKinds
	for i := range n {
		words := make([]string, 40+r.IntN(120))
		for j := range words {
			words[j] = c.vocab[z.Uint64()]
		}
		t := base.Add(time.Duration(i) * 47 * time.Minute)
		c.notes = append(c.notes, casefile.Note{ID: "n" + strconv.Itoa(i+1), Occurred: t, Recorded: t.Add(time.Hour),
			Kind: kinds[i%len(kinds)], Text: strings.Join(words, " ") + ".", Tags: []string{c.vocab[z.Uint64()]}})
	}
	return c
}

// queries are the search benchmark's queries: common and rare words,
// two-word queries and three-letter prefixes, as people type them.
func (c *corpus) queries() []string {
	r := mrand.New(mrand.NewPCG(9, 9))
	var qs []string
	for i := range 200 {
		switch i % 10 {
		case 0, 1, 2, 3:
			qs = append(qs, common[r.IntN(len(common))])
		case 4, 5, 6:
			qs = append(qs, c.vocab[len(common)+r.IntN(len(c.vocab)-len(common))])
		case 7, 8:
			qs = append(qs, common[r.IntN(len(common))]+" "+c.vocab[r.IntN(2000)])
		case 9:
			w := c.vocab[r.IntN(len(c.vocab))]
			qs = append(qs, w[:min(3, len(w))])
		}
	}
	return qs
}

// importCorpus puts the corpus into one case in one transaction.
func importCorpus(b *testing.B, v *Vault, c *corpus) CaseInfo {
	ci, err := v.ImportCase(context.Background(), &casefile.Case{Title: "Benchmark", Notes: c.notes})
	if err != nil {
		b.Fatal(err)
	}
	return ci
}

// interleave runs the encrypted vault and its plaintext peer alternately,
// one operation each per iteration, so that load from other processes hits
// both alike, and reports each one's mean and the ratio.
func interleave(b *testing.B, op func(v *Vault, i int)) {
	vs := []*Vault{benchVault(b, false), benchVault(b, true)}
	b.StopTimer()
	for _, v := range vs {
		op(v, -1) // setup
	}
	var took [2]time.Duration
	b.StartTimer()
	for i := range b.N {
		for j, v := range vs {
			if i%2 == 1 {
				j = 1 - j
				v = vs[j]
			}
			start := time.Now()
			op(v, i)
			took[j] += time.Since(start)
		}
	}
	b.StopTimer()
	enc, plain := took[0].Seconds()*1000/float64(b.N), took[1].Seconds()*1000/float64(b.N)
	b.ReportMetric(enc, "encrypted-ms/op")
	b.ReportMetric(plain, "plaintext-ms/op")
	b.ReportMetric(enc/plain, "ratio")
}

// BenchmarkNoteInsert adds one note per operation (a transaction committed
// with synchronous=FULL), encrypted and in plaintext.
func BenchmarkNoteInsert(b *testing.B) {
	ctx := context.Background()
	text := strings.Repeat("The social worker rang at ten and said the conference was moved. ", 8)
	ids := map[*Vault]string{}
	interleave(b, func(v *Vault, i int) {
		if i < 0 {
			ci, _ := v.CreateCase(ctx, "Bench", "")
			ids[v] = ci.ID
			return
		}
		if _, err := v.AddNote(ctx, ids[v], casefile.Note{Kind: casefile.NoteCall, Text: text}); err != nil {
			b.Fatal(err)
		}
	})
}

// BenchmarkCaseLoad reads a 1,000-note case from disk (decrypting and
// verifying every record) and builds it as a casefile.Case, encrypted and in
// plaintext. The KDF is not included: the keys are already derived.
func BenchmarkCaseLoad(b *testing.B) {
	c := makeCorpus(1000)
	ctx := context.Background()
	ids := map[*Vault]string{}
	interleave(b, func(v *Vault, i int) {
		if i < 0 {
			ids[v] = importCorpus(b, v, c).ID
			return
		}
		st, err := load(ctx, v.db, v.keys)
		if err != nil {
			b.Fatal(err)
		}
		if got := st.cases[ids[v]].export(); len(got.Notes) != 1000 {
			b.Fatal("short case")
		}
	})
}

// BenchmarkUnlockLoaded: a vault of 10,000 notes and 1,000 documents, from
// derived keys to every case loaded (Unlock minus the KDF).
func BenchmarkUnlockLoaded(b *testing.B) {
	c := makeCorpus(10000)
	v := benchVault(b, false)
	ctx := context.Background()
	_, err := v.db.Exec("PRAGMA synchronous = OFF") // setup only
	if err != nil {
		b.Fatal(err)
	}
	ci := importCorpus(b, v, c)
	doc := make([]byte, 2048)
	for i := range 1000 {
		rand.Read(doc)
		if _, err := v.ImportDocument(ctx, ci.ID, strings.NewReader(string(doc)), DocumentInfo{Name: fmt.Sprintf("scan-%04d.pdf", i), Source: "council"}); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	cpu := cpuTime()
	for range b.N {
		st, err := load(ctx, v.db, v.keys)
		if err != nil {
			b.Fatal(err)
		}
		if len(st.cases[ci.ID].order) != 11001 {
			b.Fatalf("%d objects", len(st.cases[ci.ID].order))
		}
	}
	b.StopTimer()
	b.ReportMetric(float64((cpuTime()-cpu).Microseconds())/1000/float64(b.N), "cpu-ms/op")
	// The first search after unlocking builds the index: report its cost too.
	st, _ := load(ctx, v.db, v.keys)
	start := time.Now()
	buildIndex(st)
	b.ReportMetric(float64(time.Since(start).Microseconds())/1000, "index-build-ms")
}

// searchLatencies runs every query once and reports p50 and p95.
func searchLatencies(b *testing.B, queries []string, search func(q string) int) {
	var lat []time.Duration
	hits := 0
	b.ResetTimer()
	for i := range b.N {
		q := queries[i%len(queries)]
		start := time.Now()
		hits += search(q)
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	slices.Sort(lat)
	pct := func(p float64) float64 { return float64(lat[int(float64(len(lat)-1)*p)].Microseconds()) / 1000 }
	b.ReportMetric(pct(0.5), "p50-ms")
	b.ReportMetric(pct(0.95), "p95-ms")
	b.ReportMetric(float64(hits)/float64(b.N), "hits/query")
}

// BenchmarkSearch: 10,000 notes, the vault's in-memory search. Its peer,
// SQLite FTS5 over the same plaintext, is in search_fts5_bench_test.go
// (build tag sqlite_fts5). Run both with:
//
//	go test -tags sqlite_fts5 -run '^$' -bench 'Search' -benchtime 2000x ./store/
func BenchmarkSearch(b *testing.B) {
	c := makeCorpus(10000)
	b.Run("memory", func(b *testing.B) {
		v := benchVault(b, false)
		importCorpus(b, v, c)
		ctx := context.Background()
		v.Search(ctx, "warm", "") // builds the index (see index-build-ms)
		searchLatencies(b, c.queries(), func(q string) int {
			hits, err := v.Search(ctx, q, "")
			if err != nil {
				b.Fatal(err)
			}
			return len(hits)
		})
	})
	if fts5Peer != nil {
		b.Run("fts5", func(b *testing.B) { fts5Peer(b, c) })
	}
}

// fts5Peer is set by search_fts5_bench_test.go when built with sqlite_fts5.
var fts5Peer func(*testing.B, *corpus)

// rss returns the process's resident set size in bytes (Linux).
func rss() int64 {
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return 0
	}
	f := strings.Fields(string(b))
	pages, _ := strconv.ParseInt(f[1], 10, 64)
	return pages * int64(os.Getpagesize())
}

// BenchmarkImport200MB imports a 200 MB file and reports throughput and the
// peak resident memory above the baseline; sha256sum on the same file, in the
// same run, is the peer.
func BenchmarkImport200MB(b *testing.B) {
	const size = 200 << 20
	path := filepath.Join(b.TempDir(), "big.bin")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := io.CopyN(f, rand.Reader, size); err != nil {
		b.Fatal(err)
	}
	f.Close()
	b.Run("sha256sum", func(b *testing.B) {
		if _, err := exec.LookPath("sha256sum"); err != nil {
			b.Skip("no sha256sum")
		}
		b.SetBytes(size)
		for range b.N {
			if out, err := exec.Command("sha256sum", path).CombinedOutput(); err != nil {
				b.Fatalf("%v %s", err, out)
			}
		}
	})
	b.Run("vault", func(b *testing.B) {
		v := benchVault(b, false)
		ctx := context.Background()
		ci, _ := v.CreateCase(ctx, "Big", "")
		b.SetBytes(size)
		var peak, peakAbs atomic.Int64
		var ckpt time.Duration
		for range b.N {
			b.StopTimer()
			runtime.GC()
			base := rss()
			peak.Store(0)
			stop := make(chan struct{})
			done := make(chan struct{})
			go func() {
				defer close(done)
				for {
					r := rss()
					if r-base > peak.Load() {
						peak.Store(r - base)
					}
					if r > peakAbs.Load() {
						peakAbs.Store(r)
					}
					select {
					case <-stop:
						return
					case <-time.After(2 * time.Millisecond):
					}
				}
			}()
			in, _ := os.Open(path)
			b.StartTimer()
			if _, err := v.ImportDocument(ctx, ci.ID, in, DocumentInfo{Name: "big.bin"}); err != nil {
				b.Fatal(err)
			}
			b.StopTimer()
			in.Close()
			close(stop)
			<-done
			// The import returns once its data is durable in the WAL; copying it into
			// the database file happens afterwards, in the background. Time that too.
			start := time.Now()
			for {
				var busy, log, done int
				if err := v.db.QueryRow("PRAGMA wal_checkpoint(TRUNCATE)").Scan(&busy, &log, &done); err != nil {
					b.Fatal(err)
				}
				if busy == 0 {
					break
				}
				time.Sleep(5 * time.Millisecond)
			}
			ckpt += time.Since(start)
			b.StartTimer()
		}
		b.ReportMetric(float64(ckpt.Milliseconds())/float64(b.N), "then-checkpoint-ms")
		b.ReportMetric(float64(peak.Load())/(1<<20), "peak-MB-above-baseline")
		b.ReportMetric(float64(peakAbs.Load())/(1<<20), "peak-RSS-MB")
	})
}

// BenchmarkPutWords300 keeps the words of a 300-page PDF (300 words a
// page) a page at a time, as import did, and in one call, as it does now.
func BenchmarkPutWords300(b *testing.B) {
	ctx := context.Background()
	v := benchVault(b, false)
	ci, err := v.CreateCase(ctx, "Bench", "Council")
	if err != nil {
		b.Fatal(err)
	}
	d, err := v.ImportDocument(ctx, ci.ID, strings.NewReader("%PDF-1.4 pretend"), DocumentInfo{Name: "long.pdf"})
	if err != nil {
		b.Fatal(err)
	}
	pages := make([]PageWordBoxes, 300)
	for i := range pages {
		ws := make([]Word, 300)
		for j := range ws {
			x, y := float64(j%15)/15, float64(j/15)/20
			ws[j] = Word{Text: "word" + strconv.Itoa(j), X0: x, Y0: y, X1: x + 0.05, Y1: y + 0.02}
		}
		pages[i] = PageWordBoxes{Page: i + 1, Words: ws}
	}
	b.Run("page-at-a-time", func(b *testing.B) {
		for b.Loop() {
			for _, p := range pages {
				if err := v.PutPageWords(ctx, ci.ID, d.ID, p.Page, p.Words); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("one-call", func(b *testing.B) {
		for b.Loop() {
			if err := v.PutPagesWords(ctx, ci.ID, d.ID, pages); err != nil {
				b.Fatal(err)
			}
		}
	})
}
