//go:build !windows

package osfile

import (
	"errors"
	"io/fs"
	"os"
)

// SyncDir fsyncs a folder so that a file created or renamed in it survives a crash.
func SyncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, fs.ErrInvalid) {
		return err
	}
	return nil
}

// Rename renames from onto to, replacing any file there. rename(2) is
// atomic and replaces a file even while other programs have it open.
func Rename(from, to string) error {
	return os.Rename(from, to)
}

// InUse reports whether err is another program holding the file, which
// never stops a rename here.
func InUse(error) bool { return false }
