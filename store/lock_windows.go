//go:build windows

package store

import (
	"errors"
	"fmt"
	"os"

	"github.com/redress-app/redress/casefile"
	"golang.org/x/sys/windows"
)

// lockFile takes an exclusive, non-blocking lock on path, released by the
// system when the process ends.
func lockFile(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open lock file: %w", err)
	}
	ol := new(windows.Overlapped)
	err = windows.LockFileEx(windows.Handle(f.Fd()), windows.LOCKFILE_EXCLUSIVE_LOCK|windows.LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, ol)
	if err != nil {
		f.Close()
		if errors.Is(err, windows.ERROR_LOCK_VIOLATION) {
			return nil, casefile.ErrAlreadyOpen
		}
		return nil, fmt.Errorf("lock vault: %w", err)
	}
	return f, nil
}
