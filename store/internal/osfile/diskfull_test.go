package osfile

import (
	"errors"
	"fmt"
	"io/fs"
	"syscall"
	"testing"
)

// TestDiskFull: a full disk is seen through the wrappers a write adds;
// other failures are not a full disk.
func TestDiskFull(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  error
		want bool
	}{
		{"ENOSPC", syscall.ENOSPC, true},
		{"a write's PathError", &fs.PathError{Op: "write", Path: "x", Err: syscall.ENOSPC}, true},
		{"wrapped", fmt.Errorf("save: %w", &fs.PathError{Op: "write", Path: "x", Err: syscall.ENOSPC}), true},
		{"not found", &fs.PathError{Op: "open", Path: "x", Err: fs.ErrNotExist}, false},
		{"permission", syscall.EACCES, false},
		{"nil", nil, false},
		{"other", errors.New("disk full"), false}, // words are not a cause
	} {
		if got := DiskFull(tc.err); got != tc.want {
			t.Errorf("%s: DiskFull = %v, want %v", tc.name, got, tc.want)
		}
	}
}
