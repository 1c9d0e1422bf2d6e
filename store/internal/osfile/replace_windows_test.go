package osfile

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/sys/windows"
)

// TestReplaceFileHeldByReader opens the file as Word or a PDF reader does
// (sharing reads and writes but not deletion), and checks that Replace
// gives up with ErrInUse and leaves the file alone; then, the reader closed,
// that it replaces it. It runs on Windows and under Wine (.ci/run).
func TestReplaceFileHeldByReader(t *testing.T) {
	dir := filepath.Join(tempDir(t), "My Vault Zoë")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "letter.pdf")
	tmp := filepath.Join(dir, ".letter.pdf.tmp")
	if err := os.WriteFile(path, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(tmp, []byte("new"), 0o600); err != nil {
		t.Fatal(err)
	}
	p, err := windows.UTF16PtrFromString(path)
	if err != nil {
		t.Fatal(err)
	}
	h, err := windows.CreateFile(p, windows.GENERIC_READ, windows.FILE_SHARE_READ|windows.FILE_SHARE_WRITE, nil, windows.OPEN_EXISTING, windows.FILE_ATTRIBUTE_NORMAL, 0)
	if err != nil {
		t.Fatal(err)
	}
	err = Replace(tmp, path)
	windows.CloseHandle(h)
	if !errors.Is(err, ErrInUse) {
		t.Fatalf("replacing a file held open: %v, want ErrInUse", err)
	}
	if got, _ := os.ReadFile(path); string(got) != "old" {
		t.Errorf("the held file now holds %q", got)
	}
	if err := Replace(tmp, path); err != nil {
		t.Fatalf("replacing once the reader closed it: %v", err)
	}
	if got, _ := os.ReadFile(path); string(got) != "new" {
		t.Errorf("the file holds %q", got)
	}
}

// TestSyncDirWindows: flushing a folder is not possible on Windows; SyncDir
// must not turn that into an error (it used to say "Access is denied" when a
// vault was created).
func TestSyncDirWindows(t *testing.T) {
	if err := SyncDir(tempDir(t)); err != nil {
		t.Fatal(err)
	}
}
