package pack

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"filippo.io/age"

	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/store"
)

// The benchmark's case: 200 documents of 100 KiB (19.5 MiB in all), each
// with a page of text, and an event per document.
const (
	benchDocs    = 200
	benchDocSize = 100 << 10
)

// benchVault makes the benchmark's vault in dir and returns its case ID.
// The documents' bytes are pseudo-random (seeded): like PDFs and scans, they
// do not compress.
func benchVault(tb testing.TB, dir string) string {
	tb.Helper()
	ctx := context.Background()
	v, err := store.Create(ctx, dir, []byte(testPass), store.WithKDF(store.TestKDF), store.WithInsecureKDF())
	if err != nil {
		tb.Fatal(err)
	}
	defer v.Close()
	ci, err := v.CreateCase(ctx, "Benchmark case", "Benchmark Council")
	if err != nil {
		tb.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	buf := make([]byte, benchDocSize)
	for i := range benchDocs {
		for j := 0; j < len(buf); j += 8 {
			v := rng.Uint64()
			for k := 0; k < 8 && j+k < len(buf); k++ {
				buf[j+k] = byte(v >> (8 * k))
			}
		}
		d, err := v.ImportDocument(ctx, ci.ID, bytes.NewReader(buf), store.DocumentInfo{Name: fmt.Sprintf("doc-%03d.pdf", i), Source: "council"})
		if err != nil {
			tb.Fatal(err)
		}
		if err := v.PutPageTexts(ctx, ci.ID, d.ID, []store.PageText{{Page: 1, Text: strings.Repeat(fmt.Sprintf("Page text of document %d. ", i), 150)}}); err != nil {
			tb.Fatal(err)
		}
		if _, err := v.AddEvent(ctx, ci.ID, casefile.Event{Kind: casefile.KindOther, Date: casefile.MustDate("2026-02-02"), Detail: fmt.Sprintf("Letter %d", i), Evidence: []string{d.ID}}); err != nil {
			tb.Fatal(err)
		}
	}
	return ci.ID
}

// benchPack writes the case in the vault at dir to out, for the recipient
// (an age public key) or, when it is empty, with packPass at age's default
// scrypt work factor.
func benchPack(tb testing.TB, dir, caseID, recipient, out string) *Manifest {
	tb.Helper()
	ctx := context.Background()
	v, err := store.Open(ctx, dir, []byte(testPass), store.WithKDF(store.TestKDF), store.WithInsecureKDF())
	if err != nil {
		tb.Fatal(err)
	}
	defer v.Close()
	f, err := os.Create(out)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	opt := Options{Recipient: recipient}
	if recipient == "" {
		opt.Passphrase = []byte(packPass)
	}
	m, err := Write(ctx, f, v, caseID, opt)
	if err != nil {
		tb.Fatal(err)
	}
	return m
}

// benchOpen opens and checks the pack at path.
func benchOpen(tb testing.TB, path string, key Key) *Pack {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	p, err := Open(f, key)
	if err != nil {
		tb.Fatal(err)
	}
	return p
}

// TestPackBenchChild is one pack or one open, run by BenchmarkPack in a
// child process under /usr/bin/time -v to measure its peak memory.
func TestPackBenchChild(t *testing.T) {
	what := os.Getenv("PACK_BENCH_CHILD")
	if what == "" {
		t.Skip("run by BenchmarkPack")
	}
	switch what {
	case "write":
		benchPack(t, os.Getenv("PACK_BENCH_VAULT"), os.Getenv("PACK_BENCH_CASE"), os.Getenv("PACK_BENCH_RECIPIENT"), os.Getenv("PACK_BENCH_OUT"))
	case "open":
		p := benchOpen(t, os.Getenv("PACK_BENCH_OUT"), Key{Identities: os.Getenv("PACK_BENCH_IDENTITY")})
		fmt.Printf("opened %d documents\n", len(p.Originals))
	}
}

var (
	maxRSS  = regexp.MustCompile(`Maximum resident set size \(kbytes\): (\d+)`)
	cpuTime = regexp.MustCompile(`(?:User|System) time \(seconds\): ([0-9.]+)`)
)

// timeV runs the command under /usr/bin/time -v and returns its peak
// resident memory in KiB and its processor time (user and system).
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

// BenchmarkPack packs and opens a case of 200 documents (19.5 MiB of
// incompressible bytes, each with a page of text, and 200 events) and, in
// the same run, does the nearest thing with standard tools on the same
// bytes: the pack's own archive (its plaintext tar) encrypted with openssl
// (tar of nothing more: the bytes are already the archive; AES-256-CTR,
// PBKDF2 with openssl's default 10,000 iterations) and decrypted through
// tar -t, which reads the whole archive. The age command is used instead
// when it is installed. The peer does less than Redress: no authentication
// (CTR has none, age's STREAM has), no hash chain, no SHA-256 of each
// document. Peak memory of one pack and one open, and of each peer command,
// is measured in child processes under /usr/bin/time -v.
func BenchmarkPack(b *testing.B) {
	dir := b.TempDir()
	vdir := filepath.Join(dir, "vault")
	caseID := benchVault(b, vdir)
	id, err := age.GenerateX25519Identity()
	if err != nil {
		b.Fatal(err)
	}
	out := filepath.Join(dir, "case.redress")
	passOut := filepath.Join(dir, "pass.redress")

	b.Run("write-recipient", func(b *testing.B) {
		var m *Manifest
		for b.Loop() {
			m = benchPack(b, vdir, caseID, id.Recipient().String(), out)
		}
		st, _ := os.Stat(out)
		b.SetBytes(st.Size())
		b.ReportMetric(float64(len(m.Documents)), "documents")
	})
	b.Run("write-passphrase", func(b *testing.B) {
		for b.Loop() {
			benchPack(b, vdir, caseID, "", passOut)
		}
	})
	b.Run("open-recipient", func(b *testing.B) {
		st, _ := os.Stat(out)
		b.SetBytes(st.Size())
		for b.Loop() {
			benchOpen(b, out, Key{Identities: id.String()})
		}
	})
	b.Run("open-passphrase", func(b *testing.B) {
		for b.Loop() {
			benchOpen(b, passOut, Key{Passphrase: []byte(packPass)})
		}
	})

	// The peer, on the pack's own plaintext archive.
	plain := filepath.Join(dir, "payload.tar")
	func() {
		f, _ := os.Open(out)
		defer f.Close()
		r, err := age.Decrypt(f, id)
		if err != nil {
			b.Fatal(err)
		}
		w, _ := os.Create(plain)
		defer w.Close()
		if _, err := io.Copy(w, r); err != nil {
			b.Fatal(err)
		}
	}()
	peerEnc := filepath.Join(dir, "peer.enc")
	env := append(os.Environ(), "PEER_PASS="+packPass)
	var peerWrite, peerOpen []string
	if agePath, err := exec.LookPath("age"); err == nil {
		b.Log("peer: the age command,", agePath)
		recipient := id.Recipient().String()
		idFile := filepath.Join(dir, "id.txt")
		os.WriteFile(idFile, []byte(id.String()+"\n"), 0o600)
		peerWrite = []string{agePath, "-r", recipient, "-o", peerEnc, plain}
		peerOpen = []string{"sh", "-c", agePath + " -d -i " + idFile + " " + peerEnc + " | tar -tf - >/dev/null"}
	} else if osl, err := exec.LookPath("openssl"); err == nil {
		b.Log("peer: age is not installed; openssl enc -aes-256-ctr -pbkdf2, and tar -t to read the archive back")
		peerWrite = []string{osl, "enc", "-aes-256-ctr", "-pbkdf2", "-pass", "env:PEER_PASS", "-in", plain, "-out", peerEnc}
		peerOpen = []string{"sh", "-c", osl + " enc -d -aes-256-ctr -pbkdf2 -pass env:PEER_PASS -in " + peerEnc + " | tar -tf - >/dev/null"}
	} else {
		b.Log("neither age nor openssl is installed: the peer is skipped")
	}
	run := func(args []string) {
		cmd := exec.Command(args[0], args[1:]...)
		cmd.Env = env
		if o, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("%v: %v %s", args, err, o)
		}
	}
	if peerWrite != nil {
		b.Run("peer-write", func(b *testing.B) {
			st, _ := os.Stat(plain)
			b.SetBytes(st.Size())
			for b.Loop() {
				run(peerWrite)
			}
		})
		b.Run("peer-open", func(b *testing.B) {
			for b.Loop() {
				run(peerOpen)
			}
		})
	}
	if _, err := os.Stat("/usr/bin/time"); err != nil {
		b.Log("/usr/bin/time is not installed: peak memory is not measured")
		return
	}
	b.Run("peak-rss", func(b *testing.B) {
		child := append(os.Environ(), "PACK_BENCH_VAULT="+vdir, "PACK_BENCH_CASE="+caseID,
			"PACK_BENCH_RECIPIENT="+id.Recipient().String(), "PACK_BENCH_IDENTITY="+id.String(), "PACK_BENCH_OUT="+out)
		var w, wp, o, pw, po int
		var cw, cwp, co, cpw, cpo float64
		for b.Loop() {
			var err error
			if w, cw, err = timeV(append(child, "PACK_BENCH_CHILD=write"), os.Args[0], "-test.run=^TestPackBenchChild$", "-test.count=1"); err != nil {
				b.Fatal(err)
			}
			// A passphrase pack: age's scrypt at work factor 18 needs 256 MiB
			// by design (128 x r x N bytes, r = 8, N = 2^18).
			if wp, cwp, err = timeV(append(child, "PACK_BENCH_CHILD=write", "PACK_BENCH_RECIPIENT=", "PACK_BENCH_OUT="+passOut), os.Args[0], "-test.run=^TestPackBenchChild$", "-test.count=1"); err != nil {
				b.Fatal(err)
			}
			if o, co, err = timeV(append(child, "PACK_BENCH_CHILD=open"), os.Args[0], "-test.run=^TestPackBenchChild$", "-test.count=1"); err != nil {
				b.Fatal(err)
			}
			if peerWrite != nil {
				if pw, cpw, err = timeV(env, peerWrite[0], peerWrite[1:]...); err != nil {
					b.Fatal(err)
				}
				// The open side is a pipe of two processes: time the decryption,
				// which holds the bytes; tar -t streams.
				dec := strings.Fields(strings.SplitN(peerOpen[2], "|", 2)[0])
				if pd, cpd, err := timeV(env, dec[0], dec[1:]...); err != nil {
					b.Fatal(err)
				} else {
					po, cpo = pd, cpd
				}
			}
		}
		b.ReportMetric(float64(w)/1024, "MB-write")
		b.ReportMetric(float64(wp)/1024, "MB-write-passphrase")
		b.ReportMetric(cwp, "cpu-s-write-passphrase")
		b.ReportMetric(float64(o)/1024, "MB-open")
		b.ReportMetric(cw, "cpu-s-write")
		b.ReportMetric(co, "cpu-s-open")
		if peerWrite != nil {
			b.ReportMetric(float64(pw)/1024, "MB-peer-write")
			b.ReportMetric(float64(po)/1024, "MB-peer-decrypt")
			b.ReportMetric(cpw, "cpu-s-peer-write")
			b.ReportMetric(cpo, "cpu-s-peer-decrypt")
		}
	})
}
