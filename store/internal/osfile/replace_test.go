package osfile

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// tempDir is t.TempDir, except that a folder that cannot be removed is
// left behind rather than failing the test: Go 1.26's os.RemoveAll on
// Windows uses a system call Wine 8 lacks ("Invalid function"), and these
// tests also run under Wine in .ci/run.
func tempDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "osfile-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

// errHeld stands for Windows' "The process cannot access the file because it
// is being used by another process".
var errHeld = errors.New("sharing violation")

// heldFor is a rename that refuses while another program holds path, for
// the first n attempts, as Windows does, and then renames for real.
func heldFor(n int, attempts *int) func(string, string) error {
	return func(from, to string) error {
		*attempts++
		if *attempts <= n {
			return errHeld
		}
		return os.Rename(from, to)
	}
}

func TestReplaceFile(t *testing.T) {
	total := time.Duration(0)
	for _, d := range replaceWaits {
		total += d
	}
	tests := []struct {
		name      string
		heldFor   int // attempts refused
		otherErr  error
		wantErrIs error
		wantNew   bool
		attempts  int
		slept     time.Duration
	}{
		{"free", 0, nil, nil, true, 1, 0},
		{"a scanner lets go", 2, nil, nil, true, 3, replaceWaits[0] + replaceWaits[1]},
		{"held on the last try", len(replaceWaits), nil, nil, true, len(replaceWaits) + 1, total},
		{"open in a PDF reader", 1000, nil, ErrInUse, false, len(replaceWaits) + 1, total},
		{"another error is not retried", 0, os.ErrPermission, os.ErrPermission, false, 1, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := tempDir(t)
			path := filepath.Join(dir, "letter.pdf")
			tmp := filepath.Join(dir, ".letter.pdf.tmp")
			if err := os.WriteFile(path, []byte("old"), 0o600); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(tmp, []byte("new"), 0o600); err != nil {
				t.Fatal(err)
			}
			attempts, synced := 0, ""
			var slept time.Duration
			ops := fileOps{
				rename:  heldFor(tc.heldFor, &attempts),
				inUse:   func(err error) bool { return errors.Is(err, errHeld) },
				syncDir: func(d string) error { synced = d; return nil },
				sleep:   func(d time.Duration) { slept += d },
			}
			if tc.otherErr != nil {
				ops.rename = func(string, string) error { attempts++; return tc.otherErr }
			}
			err := ops.replace(tmp, path)
			if tc.wantErrIs == nil && err != nil {
				t.Fatalf("replace: %v", err)
			}
			if tc.wantErrIs != nil && !errors.Is(err, tc.wantErrIs) {
				t.Fatalf("replace: %v, want %v", err, tc.wantErrIs)
			}
			if err != nil && !strings.Contains(err.Error(), path) {
				t.Errorf("the error %q does not name the file", err)
			}
			if attempts != tc.attempts || slept != tc.slept {
				t.Errorf("%d attempts over %v, want %d over %v", attempts, slept, tc.attempts, tc.slept)
			}
			got, _ := os.ReadFile(path)
			if want := map[bool]string{true: "new", false: "old"}[tc.wantNew]; string(got) != want {
				t.Errorf("the file holds %q, want %q", got, want)
			}
			if tc.wantNew {
				if synced != dir {
					t.Errorf("synced %q, want the folder %q", synced, dir)
				}
				if _, err := os.Stat(tmp); !errors.Is(err, os.ErrNotExist) {
					t.Errorf("the temporary file is still there: %v", err)
				}
			} else if _, err := os.Stat(tmp); err != nil {
				t.Errorf("the temporary file should be left for the caller: %v", err)
			}
		})
	}
}

// TestReplaceFileOverOpenFile replaces a file another handle has open, as a
// reader would, through the real system calls.
func TestReplaceFileOverOpenFile(t *testing.T) {
	dir := tempDir(t)
	path := filepath.Join(dir, "Zoë's notes.txt")
	tmp := filepath.Join(dir, ".tmp")
	if err := os.WriteFile(path, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(tmp, []byte("new"), 0o600); err != nil {
		t.Fatal(err)
	}
	held, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	err = Replace(tmp, path)
	if InUse(err) || errors.Is(err, ErrInUse) {
		t.Skipf("this system refuses to replace an open file: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(path); string(got) != "new" {
		t.Errorf("the file holds %q", got)
	}
}
