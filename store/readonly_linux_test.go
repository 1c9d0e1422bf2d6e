//go:build linux

package store

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/redress-app/redress/casefile"
)

// TestReadOnlyDisk: a vault on a disk mounted read-only (a tmpfs remounted
// read-only, standing in for a DVD or a locked USB stick) opens read-only by
// itself. It needs the right to mount, which root in a container often has.
func TestReadOnlyDisk(t *testing.T) {
	mnt := t.TempDir()
	if err := syscall.Mount("tmpfs", mnt, "tmpfs", 0, "size=16m"); err != nil {
		t.Skipf("cannot mount a tmpfs here (%v); TestReadOnlyVault covers the read-only mode", err)
	}
	t.Cleanup(func() { syscall.Unmount(mnt, 0) })
	dir := filepath.Join(mnt, "vault")
	v, err := Create(context.Background(), dir, testPass, testOpts()...)
	must(t, err)
	ci, err := v.CreateCase(context.Background(), "On a DVD", "")
	must(t, err)
	must(t, v.Close())
	if err := syscall.Mount("tmpfs", mnt, "tmpfs", syscall.MS_REMOUNT|syscall.MS_RDONLY, "size=16m"); err != nil {
		t.Skipf("cannot remount read-only (%v)", err)
	}
	ro, err := Open(context.Background(), dir, testPass, testOpts()...)
	if err != nil {
		t.Fatalf("Open on a read-only disk: %v", err)
	}
	defer ro.Close()
	if is, why := ro.ReadOnly(); !is || why != "the disk it is on is read-only" {
		t.Fatalf("ReadOnly = %v %q", is, why)
	}
	if _, err := ro.LoadCase(context.Background(), ci.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := ro.AddNote(context.Background(), ci.ID, casefile.Note{Text: "x"}); !errors.Is(err, ErrReadOnly) || !strings.Contains(err.Error(), "disk it is on is read-only") {
		t.Fatalf("AddNote = %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, dbName+"-wal")); err == nil {
		t.Error("a WAL file appeared on a read-only disk")
	}
}
