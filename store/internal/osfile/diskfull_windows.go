//go:build windows

package osfile

import (
	"errors"
	"syscall"

	"golang.org/x/sys/windows"
)

// DiskFull reports whether err says the disk is full. On Windows a write
// fails with ERROR_DISK_FULL, or ERROR_HANDLE_DISK_FULL, never with Go's
// syscall.ENOSPC, which is only a made-up number there; all three count.
func DiskFull(err error) bool {
	return errors.Is(err, syscall.ENOSPC) || errors.Is(err, windows.ERROR_DISK_FULL) || errors.Is(err, windows.ERROR_HANDLE_DISK_FULL)
}
