package store

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"

	"github.com/redress-app/redress/casefile"
)

func listDir(t *testing.T, dir string) string {
	t.Helper()
	es, err := os.ReadDir(dir)
	must(t, err)
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	return strings.Join(names, " ")
}

// TestReadOnlyVault: a vault that cannot be written opens for reading,
// search, export, backup and verify, says that it is read-only, refuses
// writes with that reason, and changes no byte and no file (issue 16.12).
func TestReadOnlyVault(t *testing.T) {
	v, dir, caseID := smallVault(t)
	ctx := context.Background()
	must(t, v.Close())
	before, err := os.ReadFile(filepath.Join(dir, dbName))
	must(t, err)
	files := listDir(t, dir)

	ro, err := Open(ctx, dir, testPass, testOpts(WithReadOnly())...)
	if err != nil {
		t.Fatalf("Open read-only: %v", err)
	}
	if is, why := ro.ReadOnly(); !is || why == "" {
		t.Fatalf("ReadOnly = %v %q", is, why)
	}
	if _, err := ro.LoadCase(ctx, caseID); err != nil {
		t.Fatalf("LoadCase: %v", err)
	}
	if hits, err := ro.Search(ctx, "original", ""); err != nil || len(hits) == 0 {
		t.Fatalf("Search: %v %v", hits, err)
	}
	if _, err := ro.ExportCase(ctx, caseID); err != nil {
		t.Fatalf("ExportCase: %v", err)
	}
	if m, err := ro.Settings(ctx); err != nil || m["k"] != "v" {
		t.Fatalf("Settings: %v %v", m, err)
	}
	must(t, ro.Verify(ctx))
	backup := filepath.Join(t.TempDir(), "b")
	if err := ro.Backup(ctx, backup); err != nil {
		t.Fatalf("Backup of a read-only vault: %v", err)
	}
	for name, err := range map[string]error{
		"AddNote":          func() error { _, err := ro.AddNote(ctx, caseID, casefile.Note{Text: "x"}); return err }(),
		"SetSetting":       ro.SetSetting(ctx, "k", "w"),
		"ChangePassphrase": ro.ChangePassphrase(ctx, testPass, []byte("another one")),
		"CreateCase":       func() error { _, err := ro.CreateCase(ctx, "New", ""); return err }(),
	} {
		if !errors.Is(err, ErrReadOnly) || !strings.Contains(err.Error(), "read-only (it was opened read-only)") {
			t.Errorf("%s on a read-only vault = %v, want ErrReadOnly with its reason", name, err)
		}
	}
	must(t, ro.Close())
	after, err := os.ReadFile(filepath.Join(dir, dbName))
	must(t, err)
	if !bytes.Equal(before, after) {
		t.Error("the read-only vault's database changed")
	}
	if got := listDir(t, dir); got != files {
		t.Errorf("the read-only vault's folder changed: %q, was %q", got, files)
	}
}

// TestReadOnlyByPermission: a vault whose files and folder cannot be written
// opens read-only by itself.
func TestReadOnlyByPermission(t *testing.T) {
	if os.Getuid() == 0 {
		t.Skip("running as root, which may write read-only files; the reason is tested in TestReadOnlyReason")
	}
	v, dir, caseID := smallVault(t)
	must(t, v.Close())
	must(t, os.Chmod(filepath.Join(dir, dbName), 0o400))
	must(t, os.Chmod(filepath.Join(dir, lockName), 0o400))
	must(t, os.Chmod(dir, 0o500))
	t.Cleanup(func() { os.Chmod(dir, 0o700) })
	ro, err := Open(context.Background(), dir, testPass, testOpts()...)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer ro.Close()
	if is, why := ro.ReadOnly(); !is || !strings.Contains(why, "permission") {
		t.Fatalf("ReadOnly = %v %q", is, why)
	}
	if _, err := ro.LoadCase(context.Background(), caseID); err != nil {
		t.Fatal(err)
	}
}

func TestReadOnlyReason(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want string
	}{
		{&os.PathError{Op: "open", Path: "x", Err: syscall.EROFS}, "the disk it is on is read-only"},
		{&os.PathError{Op: "open", Path: "x", Err: syscall.EACCES}, "you do not have permission"},
		{&os.PathError{Op: "open", Path: "x", Err: syscall.ENOSPC}, ""},
	} {
		got := readOnlyReason(tc.err)
		if (got == nil) != (tc.want == "") || (got != nil && !strings.Contains(got.Error(), tc.want)) {
			t.Errorf("readOnlyReason(%v) = %v, want %q", tc.err, got, tc.want)
		}
	}
}

// TestReadOnlyWithUnmergedChanges: a read-only vault whose latest changes are
// still in its write-ahead log is refused with what to do, not shown without
// them.
func TestReadOnlyWithUnmergedChanges(t *testing.T) {
	v, dir, _ := smallVault(t)
	must(t, v.Close())
	must(t, os.WriteFile(filepath.Join(dir, dbName+"-wal"), []byte("unmerged"), 0o600))
	_, err := Open(context.Background(), dir, testPass, testOpts(WithReadOnly())...)
	if err == nil || !strings.Contains(err.Error(), "copy the whole folder to a writable disk") {
		t.Fatalf("Open = %v", err)
	}
}
