// Package osfile holds the few file-system steps that differ between Unix
// and Windows, for the vault and for anything that replaces a file the
// person can see: making a rename durable (SyncDir), renaming over a file
// (Rename), and recognising another program holding a file (InUse), with
// Replace built on them. It uses the standard library and x/sys only, so its
// tests also build and run for Windows (under Wine in .ci/run).
package osfile

import (
	"errors"
	"fmt"
	"path/filepath"
	"time"
)

// ErrInUse means a file could not be replaced because another program has it
// open: on Windows, a PDF reader or word processor showing it, or a virus
// scanner or the search indexer reading it. Closing that program and trying
// again is the cure.
var ErrInUse = errors.New("the file is open in another program")

// fileOps is what replacing a file needs from the system, so that tests can
// play Windows' refusals on any machine.
type fileOps struct {
	rename  func(from, to string) error // replaces to, atomically
	inUse   func(error) bool            // the refusal is another program holding a file
	syncDir func(dir string) error
	sleep   func(time.Duration)
}

var sysOps = fileOps{rename: Rename, inUse: InUse, syncDir: SyncDir, sleep: time.Sleep}

// replaceWaits are the pauses between attempts while another program holds
// the file: virus scanners and indexers let go within a second or two.
var replaceWaits = []time.Duration{50 * time.Millisecond, 100 * time.Millisecond, 200 * time.Millisecond, 400 * time.Millisecond, 800 * time.Millisecond}

// Replace gives the complete, fsynced file tmp the name path in the same
// folder, replacing any file there in one step: path holds either the old
// bytes or the new ones, never a mixture, even after a crash. It then makes
// the rename durable (on Unix by fsyncing the folder; on Windows the rename
// itself is written through).
//
// Where another program has path open and the system refuses (Windows), it
// tries again for about one and a half seconds, then returns an error
// wrapping ErrInUse; path is left as it was and tmp is left for the caller
// to remove.
func Replace(tmp, path string) error {
	return sysOps.replace(tmp, path)
}

func (o fileOps) replace(tmp, path string) error {
	err := o.rename(tmp, path)
	for i := 0; err != nil && o.inUse(err) && i < len(replaceWaits); i++ {
		o.sleep(replaceWaits[i])
		err = o.rename(tmp, path)
	}
	if err != nil {
		if o.inUse(err) {
			return fmt.Errorf("replace %s: %w (%w)", path, ErrInUse, err)
		}
		return fmt.Errorf("replace %s: %w", path, err)
	}
	if err := o.syncDir(filepath.Dir(path)); err != nil {
		return fmt.Errorf("replace %s: %w", path, err)
	}
	return nil
}
