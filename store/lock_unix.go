//go:build unix

package store

import (
	"errors"
	"fmt"
	"os"

	"github.com/redress-app/redress/casefile"
	"golang.org/x/sys/unix"
)

// lockFile takes an exclusive, non-blocking flock on path. The kernel drops
// it when the process dies, so a crash never leaves a vault locked.
func lockFile(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open lock file: %w", err)
	}
	if err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, unix.EWOULDBLOCK) {
			return nil, casefile.ErrAlreadyOpen
		}
		return nil, fmt.Errorf("lock vault: %w", err)
	}
	return f, nil
}
