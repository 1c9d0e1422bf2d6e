package store

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/redress-app/redress/casefile"
)

func fileSum(t testing.TB, path string) [32]byte {
	b, err := os.ReadFile(path)
	must(t, err)
	return sha256.Sum256(b)
}

func TestWrongPassphraseChangesNothing(t *testing.T) {
	ctx := context.Background()
	v, dir := newTestVault(t)
	fillCase(t, v)
	must(t, v.Close())
	before := fileSum(t, filepath.Join(dir, dbName))
	_, err := Open(ctx, dir, []byte("Correct horse battery staple"), testOpts()...)
	if !errors.Is(err, casefile.ErrWrongPassphrase) {
		t.Fatalf("Open with the wrong passphrase = %v", err)
	}
	if fileSum(t, filepath.Join(dir, dbName)) != before {
		t.Fatal("a failed open changed the database file")
	}
	v2, err := Open(ctx, dir, testPass, testOpts()...)
	must(t, err)
	v2.Close()
}

func TestSecondProcess(t *testing.T) {
	ctx := context.Background()
	v, dir := newTestVault(t)
	_, err := v.CreateCase(ctx, "held", "")
	must(t, err)
	must(t, v.Close())
	exe, err := os.Executable()
	must(t, err)
	cmd := exec.Command(exe, "-test.run=^$")
	cmd.Env = append(os.Environ(), crashChildEnv+"=hold", crashDirEnv+"="+dir, crashPassEnv+"="+string(testPass))
	out, err := cmd.StdoutPipe()
	must(t, err)
	must(t, cmd.Start())
	line, _ := bufio.NewReader(out).ReadString('\n')
	if line != "ready\n" {
		cmd.Process.Kill()
		t.Fatalf("child said %q", line)
	}
	if _, err := Open(ctx, dir, testPass, testOpts()...); !errors.Is(err, casefile.ErrAlreadyOpen) {
		cmd.Process.Kill()
		t.Fatalf("Open while another process has the vault = %v, want ErrAlreadyOpen", err)
	}
	must(t, cmd.Process.Kill())
	cmd.Wait()
	v2, err := Open(ctx, dir, testPass, testOpts()...) // the kernel released the dead process's lock
	must(t, err)
	v2.Close()
}

func TestSecondInstance(t *testing.T) {
	ctx := context.Background()
	v, dir := newTestVault(t)
	if _, err := Open(ctx, dir, testPass, testOpts()...); !errors.Is(err, casefile.ErrAlreadyOpen) {
		t.Fatalf("second Open = %v, want ErrAlreadyOpen", err)
	}
	if _, err := Create(ctx, dir, testPass, testOpts()...); !errors.Is(err, casefile.ErrExists) {
		t.Fatalf("Create over an open vault = %v, want ErrExists", err)
	}
	must(t, v.Close())
	v2, err := Open(ctx, dir, testPass, testOpts()...)
	must(t, err)
	v2.Close()
}

// headerWith rewrites the keyslot's KDF fields and recomputes its checksum,
// as an attacker could.
func headerWith(raw []byte, edit func(b []byte)) []byte {
	b := bytes.Clone(raw)
	edit(b)
	sum := sha256.Sum256(b[:headerSize-32])
	copy(b[headerSize-32:], sum[:])
	return b
}

func TestKeyHeaderRefusedBeforeKDF(t *testing.T) {
	ctx := context.Background()
	v, dir := newTestVault(t)
	must(t, v.Close())
	db := rawDB(t, dir)
	var raw []byte
	must(t, db.QueryRow("SELECT header FROM keyslot").Scan(&raw))
	kdfRuns := 0
	count := OnKDF(func(KDFParams) { kdfRuns++ })
	open := func(header []byte) error {
		_, err := db.Exec("UPDATE keyslot SET header = ?", header)
		must(t, err)
		kdfRuns = 0
		v, err := Open(ctx, dir, testPass, append(testOpts(), count)...)
		if err == nil {
			v.Close()
		}
		return err
	}
	tests := []struct {
		name   string
		header []byte
	}{
		{"memory 64 GiB", headerWith(raw, func(b []byte) { binary.BigEndian.PutUint32(b[10:], 64<<20) })},
		{"memory 1 KiB", headerWith(raw, func(b []byte) { binary.BigEndian.PutUint32(b[10:], 1) })},
		{"time 0", headerWith(raw, func(b []byte) { binary.BigEndian.PutUint32(b[14:], 0) })},
		{"time 4 billion", headerWith(raw, func(b []byte) { binary.BigEndian.PutUint32(b[14:], 1<<32-1) })},
		{"work over the cap", headerWith(raw, func(b []byte) {
			binary.BigEndian.PutUint32(b[10:], 2<<20)
			binary.BigEndian.PutUint32(b[14:], 8)
		})},
		{"threads 0", headerWith(raw, func(b []byte) { b[18] = 0 })},
		{"threads 255", headerWith(raw, func(b []byte) { b[18] = 255 })},
		{"salt length 16", headerWith(raw, func(b []byte) { b[19] = 16 })},
		{"version 2", headerWith(raw, func(b []byte) { b[8] = 2 })},
		{"kdf 2", headerWith(raw, func(b []byte) { b[9] = 2 })},
		{"bad magic", headerWith(raw, func(b []byte) { b[0] = 'X' })},
		{"truncated", raw[:len(raw)-1]},
		{"extended", append(bytes.Clone(raw), 0)},
		{"empty", []byte{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := open(tt.header)
			if !errors.Is(err, casefile.ErrTampered) {
				t.Fatalf("Open = %v, want ErrTampered", err)
			}
			if kdfRuns != 0 {
				t.Fatalf("Argon2 ran %d times on a refused header", kdfRuns)
			}
		})
	}
	t.Run("every byte flipped", func(t *testing.T) {
		for i := range raw {
			b := bytes.Clone(raw)
			b[i] ^= 0x80
			if err := open(b); !errors.Is(err, casefile.ErrTampered) || kdfRuns != 0 {
				t.Fatalf("byte %d flipped: Open = %v after %d KDF runs", i, err, kdfRuns)
			}
		}
	})
	t.Run("plausible parameters, checksum recomputed", func(t *testing.T) {
		// Indistinguishable from a wrong passphrase once Argon2 has run.
		err := open(headerWith(raw, func(b []byte) { binary.BigEndian.PutUint32(b[14:], 2) }))
		if !errors.Is(err, casefile.ErrWrongPassphrase) || kdfRuns != 1 {
			t.Fatalf("Open = %v after %d KDF runs", err, kdfRuns)
		}
	})
	if err := open(raw); err != nil {
		t.Fatalf("the original header no longer opens: %v", err)
	}
}

func TestOpenBadFiles(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name  string
		setup func(dir string)
		want  error
	}{
		{"no folder", func(dir string) { os.RemoveAll(dir) }, casefile.ErrNotFound},
		{"empty folder", func(dir string) {}, casefile.ErrNotFound},
		{"not a database", func(dir string) {
			os.WriteFile(filepath.Join(dir, dbName), bytes.Repeat([]byte("not sqlite "), 1000), 0o600)
		}, casefile.ErrTampered},
		{"an empty database", func(dir string) { os.WriteFile(filepath.Join(dir, dbName), nil, 0o600) }, casefile.ErrTampered},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			tt.setup(dir)
			if _, err := Open(ctx, dir, testPass, testOpts()...); !errors.Is(err, tt.want) {
				t.Fatalf("Open = %v, want %v", err, tt.want)
			}
		})
	}
	t.Run("truncated vault file", func(t *testing.T) {
		v, dir := newTestVault(t)
		fillCase(t, v)
		must(t, v.Close())
		path := filepath.Join(dir, dbName)
		info, _ := os.Stat(path)
		for _, size := range []int64{info.Size() / 2, 4096, 100} {
			b, _ := os.ReadFile(path)
			cut := filepath.Join(t.TempDir(), "v")
			os.MkdirAll(cut, 0o700)
			os.WriteFile(filepath.Join(cut, dbName), b[:size], 0o600)
			v, err := Open(ctx, cut, testPass, testOpts()...)
			if err == nil {
				err = v.Verify(ctx)
				v.Close()
			}
			if err == nil {
				t.Fatalf("a vault cut to %d bytes verifies", size)
			}
		}
	})
}

func TestCreateRefusesWeakKDF(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "v")
	if _, err := Create(ctx, dir, testPass, WithKDF(TestKDF)); err == nil {
		t.Fatal("Create accepted TestKDF without WithInsecureKDF")
	}
	if _, err := Create(ctx, dir, nil, testOpts()...); err == nil {
		t.Fatal("Create accepted an empty passphrase")
	}
}

func TestDiskFull(t *testing.T) {
	ctx := context.Background()
	v, _ := newTestVault(t, WithChunkSize(4096))
	ci := fillCase(t, v)
	before, _ := v.LoadCase(ctx, ci.ID)
	cpBefore, _ := v.Checkpoint(ci.ID)
	var pages int
	must(t, v.db.QueryRow("PRAGMA page_count").Scan(&pages))
	_, err := v.db.Exec("PRAGMA max_page_count = " + itoa(pages+20))
	must(t, err)
	_, err = v.ImportDocument(ctx, ci.ID, bytes.NewReader(make([]byte, 2<<20)), DocumentInfo{Name: "big.bin"})
	if !errors.Is(err, syscall.ENOSPC) {
		t.Fatalf("import on a full disk = %v, want ENOSPC", err)
	}
	// Small writes may fail too; whatever happens, nothing is half-written.
	_, _ = v.AddNote(ctx, ci.ID, casefile.Note{Text: strings.Repeat("x", 200000)})
	_, err = v.db.Exec("PRAGMA max_page_count = 1073741823")
	must(t, err)
	must(t, v.Verify(ctx))
	after, _ := v.LoadCase(ctx, ci.ID)
	if len(after.Documents) != len(before.Documents) {
		t.Fatalf("documents %d, want %d", len(after.Documents), len(before.Documents))
	}
	if cp, _ := v.Checkpoint(ci.ID); cp != cpBefore && len(after.Notes) == len(before.Notes) {
		t.Fatal("the chain moved without a write")
	}
	_, err = v.AddNote(ctx, ci.ID, casefile.Note{Text: "after the disk was freed"})
	must(t, err)
	v = reopen(t, v)
	must(t, v.Verify(ctx))
}

type failingReader struct {
	n   int
	err error
}

func (r *failingReader) Read(p []byte) (int, error) {
	if r.n <= 0 {
		return 0, r.err
	}
	n := min(len(p), r.n)
	clear(p[:n])
	r.n -= n
	return n, nil
}

func TestImportReaderFails(t *testing.T) {
	ctx := context.Background()
	v, _ := newTestVault(t, WithChunkSize(1024))
	ci := fillCase(t, v)
	var chunks int
	must(t, v.db.QueryRow("SELECT COUNT(*) FROM chunks").Scan(&chunks))
	boom := errors.New("usb stick removed")
	_, err := v.ImportDocument(ctx, ci.ID, &failingReader{n: 10000, err: boom}, DocumentInfo{Name: "x.pdf"})
	if !errors.Is(err, boom) {
		t.Fatalf("import = %v, want the reader's error", err)
	}
	var after int
	must(t, v.db.QueryRow("SELECT COUNT(*) FROM chunks").Scan(&after))
	if after != chunks {
		t.Fatalf("%d chunks left behind by a failed import", after-chunks)
	}
	c, _ := v.LoadCase(ctx, ci.ID)
	for _, d := range c.Documents {
		if d.Name == "x.pdf" {
			t.Fatal("a failed import is visible")
		}
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := v.ImportDocument(cctx, ci.ID, io.LimitReader(&failingReader{n: 1 << 20}, 1<<20), DocumentInfo{Name: "y"}); err == nil {
		t.Fatal("import with a cancelled context succeeded")
	}
	must(t, v.Verify(ctx))
}

func itoa(n int) string { return strings.TrimSpace(strings.Repeat(" ", 0) + fmtInt(n)) }

func fmtInt(n int) string {
	var b []byte
	if n == 0 {
		return "0"
	}
	for n > 0 {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
	}
	return string(b)
}
