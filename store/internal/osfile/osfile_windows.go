//go:build windows

package osfile

import (
	"errors"
	"fmt"

	"golang.org/x/sys/windows"
)

// SyncDir does nothing on Windows. A folder cannot be flushed there
// (FlushFileBuffers needs a handle opened for writing, which Windows refuses
// for a folder: "Access is denied"), and need not be: NTFS journals its
// metadata, and Rename asks for MOVEFILE_WRITE_THROUGH, which returns
// only when the rename is on disk. Files themselves are still fsynced.
func SyncDir(string) error { return nil }

// Rename renames from onto to, replacing any file there, and returns
// only when the change is on disk. It fails while another program has to
// open without sharing deletion (Word, most PDF readers, a virus scanner
// reading it): InUse says so.
func Rename(from, to string) error {
	f, err := windows.UTF16PtrFromString(from)
	if err != nil {
		return fmt.Errorf("rename %s: %w", from, err)
	}
	t, err := windows.UTF16PtrFromString(to)
	if err != nil {
		return fmt.Errorf("rename %s: %w", to, err)
	}
	if err := windows.MoveFileEx(f, t, windows.MOVEFILE_REPLACE_EXISTING|windows.MOVEFILE_WRITE_THROUGH); err != nil {
		return fmt.Errorf("rename %s to %s: %w", from, to, err)
	}
	return nil
}

// InUse reports whether err is Windows refusing a rename because another
// program has one of the files open: a sharing or lock violation, or "Access
// is denied", which is what replacing an open file gives.
func InUse(err error) bool {
	return errors.Is(err, windows.ERROR_SHARING_VIOLATION) ||
		errors.Is(err, windows.ERROR_LOCK_VIOLATION) ||
		errors.Is(err, windows.ERROR_ACCESS_DENIED)
}
