package store

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/redress-app/redress/casefile"
)

// The crash test re-executes the test binary as a child that writes to a
// vault and acknowledges each write on stdout once the call returns; the
// parent kills it with SIGKILL at a random moment and checks the vault.
var crashRuns = flag.Int("crash.runs", 0, "crash test runs (default 52, or $REDRESS_CRASH_RUNS; 1000 for a long run)")

const (
	crashChildEnv = "REDRESS_CRASH_CHILD" // the mode
	crashDirEnv   = "REDRESS_CRASH_DIR"
	crashPassEnv  = "REDRESS_CRASH_PASS"
	crashDocSize  = 50 << 20
)

// docStream is a deterministic 50 MB document, different for each seed.
func docStream(seed uint64) io.Reader {
	var key [32]byte
	copy(key[:], strconv.FormatUint(seed, 10))
	return io.LimitReader(rand.NewChaCha8(key), crashDocSize)
}

func docSHA(seed uint64) string {
	h := sha256.New()
	io.Copy(h, docStream(seed))
	return hex.EncodeToString(h.Sum(nil))
}

func crashChild(mode string) int {
	ctx := context.Background()
	dir := os.Getenv(crashDirEnv)
	pass := os.Getenv(crashPassEnv)
	v, err := Open(ctx, dir, []byte(pass), WithKDF(TestKDF), WithInsecureKDF())
	if err != nil {
		fmt.Fprintln(os.Stderr, "child open:", err)
		return 3
	}
	cases, _ := v.Cases(ctx)
	caseID := cases[0].ID
	out := bufio.NewWriter(os.Stdout)
	ack := func(format string, args ...any) {
		fmt.Fprintf(out, format+"\n", args...)
		out.Flush()
	}
	ack("ready")
	for i := 0; ; i++ {
		switch mode {
		case "notes":
			text := fmt.Sprintf("note %d at %d", i, time.Now().UnixNano())
			id, err := v.AddNote(ctx, caseID, casefile.Note{Text: text})
			if err != nil {
				fmt.Fprintln(os.Stderr, err)
				return 4
			}
			ack("note %s %s", id, text)
		case "document":
			seed := uint64(time.Now().UnixNano())
			d, err := v.ImportDocument(ctx, caseID, docStream(seed), DocumentInfo{Name: fmt.Sprintf("big-%d.bin", seed)})
			if err != nil {
				fmt.Fprintln(os.Stderr, err)
				return 4
			}
			ack("doc %s %d", d.ID, seed)
		case "passwd":
			n, _ := strconv.Atoi(strings.TrimPrefix(pass, "pass-"))
			next := fmt.Sprintf("pass-%d", n+1)
			if err := v.ChangePassphrase(ctx, []byte(pass), []byte(next)); err != nil {
				fmt.Fprintln(os.Stderr, err)
				return 4
			}
			pass = next
			ack("pass %s", next)
		case "hold": // keep the vault open until killed
			time.Sleep(time.Minute)
		case "backup":
			out := filepath.Join(filepath.Dir(dir), fmt.Sprintf("backup-%d-%d", os.Getpid(), i))
			if err := v.Backup(ctx, out); err != nil {
				fmt.Fprintln(os.Stderr, err)
				return 4
			}
			ack("backup %s", out)
			_, _ = v.AddNote(ctx, caseID, casefile.Note{Text: fmt.Sprintf("between backups %d", i)})
		default:
			return 5
		}
	}
}

func TestCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test skipped in -short mode")
	}
	runs := *crashRuns
	if runs == 0 {
		runs, _ = strconv.Atoi(os.Getenv("REDRESS_CRASH_RUNS"))
	}
	if runs == 0 {
		runs = 52
	}
	modes := []string{"notes", "document", "passwd", "backup"}
	ctx := context.Background()
	exe, err := os.Executable()
	must(t, err)
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 1))
	type modeState struct {
		dir, pass string
		notes     map[string]string // acknowledged: id -> text
	}
	states := map[string]*modeState{}
	newVault := func(mode string) *modeState {
		dir := filepath.Join(t.TempDir(), "vault")
		v, err := Create(ctx, dir, []byte("pass-0"), WithKDF(TestKDF), WithInsecureKDF())
		must(t, err)
		_, err = v.CreateCase(ctx, "Crash "+mode, "")
		must(t, err)
		must(t, v.Close())
		return &modeState{dir: dir, pass: "pass-0", notes: map[string]string{}}
	}
	kills := map[string]int{}
	acked := map[string]int{}
	for run := 0; run < runs; run++ {
		mode := modes[run%len(modes)]
		st := states[mode]
		if st == nil || mode == "document" {
			st = newVault(mode) // a fresh vault keeps each document run's verification small
			states[mode] = st
		}
		cmd := exec.Command(exe, "-test.run=^$")
		cmd.Env = append(os.Environ(), crashChildEnv+"="+mode, crashDirEnv+"="+st.dir, crashPassEnv+"="+st.pass)
		stdout, err := cmd.StdoutPipe()
		must(t, err)
		var stderr strings.Builder
		cmd.Stderr = &stderr
		must(t, cmd.Start())
		lines := make(chan string, 1024)
		go func() {
			sc := bufio.NewScanner(stdout)
			for sc.Scan() {
				lines <- sc.Text()
			}
			close(lines)
		}()
		if l := <-lines; l != "ready" {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("run %d (%s): child did not start: %q %s", run, mode, l, stderr.String())
		}
		maxDelay := map[string]int{"notes": 150, "document": 700, "passwd": 150, "backup": 200}[mode]
		time.Sleep(time.Duration(rng.IntN(maxDelay*1000)) * time.Microsecond)
		must(t, cmd.Process.Signal(syscall.SIGKILL))
		_ = cmd.Wait()
		var acks []string
		for l := range lines {
			acks = append(acks, l)
		}
		kills[mode]++
		acked[mode] += len(acks)
		// What the child acknowledged must be there.
		passes := []string{st.pass}
		var docs [][2]string
		var backups []string
		for _, a := range acks {
			f := strings.SplitN(a, " ", 3)
			switch f[0] {
			case "note":
				st.notes[f[1]] = f[2]
			case "pass":
				st.pass = f[1]
				passes = []string{f[1]}
			case "doc":
				docs = append(docs, [2]string{f[1], f[2]})
			case "backup":
				backups = append(backups, f[1])
			}
		}
		if mode == "passwd" {
			n, _ := strconv.Atoi(strings.TrimPrefix(st.pass, "pass-"))
			passes = append(passes, fmt.Sprintf("pass-%d", n+1)) // a change may have committed unacknowledged
		}
		var v *Vault
		for _, p := range passes {
			v, err = Open(ctx, st.dir, []byte(p), WithKDF(TestKDF), WithInsecureKDF())
			if err == nil {
				st.pass = p
				break
			}
		}
		if v == nil {
			t.Fatalf("run %d (%s): the vault does not open with %v: %v", run, mode, passes, err)
		}
		if err := v.Verify(ctx); err != nil { // integrity_check, chain, MACs, every document's hash
			t.Fatalf("run %d (%s): %v", run, mode, err)
		}
		cases, _ := v.Cases(ctx)
		c, err := v.LoadCase(ctx, cases[0].ID)
		must(t, err)
		notes := map[string]string{}
		for _, n := range c.Notes {
			notes[n.ID] = n.Text
		}
		for id, text := range st.notes {
			if notes[id] != text {
				t.Fatalf("run %d (%s): acknowledged note %s is %q, want %q", run, mode, id, notes[id], text)
			}
		}
		have := map[string]casefile.Document{}
		for _, d := range c.Documents {
			have[d.ID] = d
			if d.Size != crashDocSize {
				t.Fatalf("run %d: a half document is visible: %+v", run, d)
			}
		}
		for _, d := range docs {
			seed, _ := strconv.ParseUint(d[1], 10, 64)
			if got, ok := have[d[0]]; !ok || got.SHA256 != docSHA(seed) {
				t.Fatalf("run %d: acknowledged document %s missing or wrong: %+v", run, d[0], got)
			}
		}
		must(t, v.Close())
		for _, b := range backups {
			to := filepath.Join(t.TempDir(), "restored")
			if err := Restore(ctx, b, to, []byte(st.pass), WithKDF(TestKDF), WithInsecureKDF()); err != nil {
				t.Fatalf("run %d: acknowledged backup %s does not restore: %v", run, b, err)
			}
			os.Remove(b)
		}
	}
	t.Logf("runs by mode: %v; writes acknowledged before the kill: %v", kills, acked)
}
