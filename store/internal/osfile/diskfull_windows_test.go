//go:build windows

package osfile

import (
	"fmt"
	"io/fs"
	"testing"

	"golang.org/x/sys/windows"
)

// TestDiskFullWindows: Windows' own disk-full errors, as a write returns
// them, are a full disk.
func TestDiskFullWindows(t *testing.T) {
	for _, errno := range []windows.Errno{windows.ERROR_DISK_FULL, windows.ERROR_HANDLE_DISK_FULL} {
		err := fmt.Errorf("save: %w", &fs.PathError{Op: "write", Path: `C:\x`, Err: errno})
		if !DiskFull(err) {
			t.Errorf("DiskFull(%v) = false", err)
		}
	}
	if DiskFull(&fs.PathError{Op: "write", Path: `C:\x`, Err: windows.ERROR_ACCESS_DENIED}) {
		t.Error("access denied counted as a full disk")
	}
}
