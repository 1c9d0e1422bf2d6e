package store

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/redress-app/redress/casefile"
)

// TestBackupRemovesLeftovers: a killed backup's temporary file is removed by
// the next backup (issue 16.13); another program's files are not.
func TestBackupRemovesLeftovers(t *testing.T) {
	v, _ := newTestVault(t)
	ctx := context.Background()
	dir := t.TempDir()
	sqlite := []byte("SQLite format 3\x00 and the rest of a killed copy")
	same := filepath.Join(dir, ".b.redress-backup.partial-123456")
	oldOther := filepath.Join(dir, ".a.redress-backup.partial-42")
	newOther := filepath.Join(dir, ".c.redress-backup.partial-43")
	notOurs := filepath.Join(dir, ".notes.partial-44")
	for _, p := range []string{same, oldOther, newOther} {
		must(t, os.WriteFile(p, sqlite, 0o600))
	}
	must(t, os.WriteFile(notOurs, []byte("somebody's text"), 0o600))
	old := time.Now().Add(-2 * time.Hour)
	must(t, os.Chtimes(oldOther, old, old))
	must(t, os.Chtimes(notOurs, old, old))
	must(t, v.Backup(ctx, filepath.Join(dir, "b.redress-backup")))
	for p, want := range map[string]bool{same: false, oldOther: false, newOther: true, notOurs: true} {
		if _, err := os.Stat(p); (err == nil) != want {
			t.Errorf("%s: present = %v, want %v", filepath.Base(p), err == nil, want)
		}
	}
}

// TestRestoreResumesAfterAKill: a folder holding only a killed restore's
// lock and partial copy is restored into; one holding anything else is not.
func TestRestoreResumesAfterAKill(t *testing.T) {
	v, _ := newTestVault(t)
	ctx := context.Background()
	ci, err := v.CreateCase(ctx, "Kept", "")
	must(t, err)
	backup := filepath.Join(t.TempDir(), "b")
	must(t, v.Backup(ctx, backup))

	to := filepath.Join(t.TempDir(), "restored")
	must(t, os.MkdirAll(to, 0o700))
	must(t, os.WriteFile(filepath.Join(to, lockName), nil, 0o600))
	must(t, os.WriteFile(filepath.Join(to, dbName+".partial"), []byte("SQLite format 3\x00 half"), 0o600))
	if err := Restore(ctx, backup, to, testPass, testOpts()...); err != nil {
		t.Fatalf("restore over a killed restore's leftovers: %v", err)
	}
	if _, err := os.Stat(filepath.Join(to, dbName+".partial")); err == nil {
		t.Error("the partial copy is still there")
	}
	v2, err := Open(ctx, to, testPass, testOpts()...)
	must(t, err)
	if _, err := v2.LoadCase(ctx, ci.ID); err != nil {
		t.Fatalf("the restored vault lacks its case: %v", err)
	}
	v2.Close()

	// A restored vault is not restored over, and says why.
	err = Restore(ctx, backup, to, testPass, testOpts()...)
	if !errors.Is(err, casefile.ErrExists) || !strings.Contains(err.Error(), "already a vault") {
		t.Fatalf("restore over a vault = %v", err)
	}
	other := filepath.Join(t.TempDir(), "other")
	must(t, os.MkdirAll(other, 0o700))
	must(t, os.WriteFile(filepath.Join(other, "mine.txt"), []byte("x"), 0o600))
	if err := Restore(ctx, backup, other, testPass, testOpts()...); !errors.Is(err, casefile.ErrExists) {
		t.Fatalf("restore into a folder with other files = %v", err)
	}
}

// TestPathMessagesArePlain: file-system failures name the path and the
// problem, not a system call or a temporary file (issue 16.14).
func TestPathMessagesArePlain(t *testing.T) {
	ctx := context.Background()
	file := filepath.Join(t.TempDir(), "hostname")
	must(t, os.WriteFile(file, []byte("x"), 0o600))
	_, err := Open(ctx, file, testPass, testOpts()...)
	if !errors.Is(err, casefile.ErrNotFound) || !strings.Contains(err.Error(), "that is a file, not a vault folder") || strings.Contains(err.Error(), "stat ") {
		t.Errorf("Open on a file = %v", err)
	}
	v, _ := newTestVault(t)
	err = v.Backup(ctx, filepath.Join(t.TempDir(), "nodir", "b"))
	if err == nil || !strings.Contains(err.Error(), "no such file or folder") || strings.Contains(err.Error(), ".partial-") {
		t.Errorf("Backup into a missing folder = %v", err)
	}
	err = Restore(ctx, filepath.Join(t.TempDir(), "missing"), filepath.Join(t.TempDir(), "r"), testPass, testOpts()...)
	if !errors.Is(err, os.ErrNotExist) || strings.Contains(err.Error(), "stat ") {
		t.Errorf("Restore from a missing file = %v", err)
	}
	_, err = Create(ctx, filepath.Join(file, "v"), testPass, testOpts()...)
	if err == nil || !strings.Contains(err.Error(), "part of that path is a file") {
		t.Errorf("Create under a file = %v", err)
	}
}

// TestVerifyNamesADamagedDocument: verify's report names the damaged
// document by its ID and file name, not only "chunk 1 of 3" (issue 16.11).
func TestVerifyNamesADamagedDocument(t *testing.T) {
	v, dir, _ := smallVault(t)
	_, err := rawDB(t, dir).Exec("UPDATE chunks SET data = zeroblob(40) WHERE idx = 1")
	must(t, err)
	err = v.Verify(context.Background())
	if !errors.Is(err, casefile.ErrTampered) || !strings.Contains(err.Error(), `document d1 ("d.txt"): chunk 2 of 3 does not decrypt`) {
		t.Fatalf("Verify = %v", err)
	}
}
