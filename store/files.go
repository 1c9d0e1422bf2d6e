package store

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"time"

	"github.com/redress-app/redress/store/internal/osfile"
)

// pathError is a file-system failure said plainly: the message names the
// path and what is wrong with it, without the system call or a temporary
// file's name, while errors.Is still sees the cause (fs.ErrNotExist,
// syscall.ENOSPC...).
type pathError struct {
	msg   string
	cause error
}

func (e *pathError) Error() string { return e.msg }
func (e *pathError) Unwrap() error { return e.cause }

// plainPath turns err, from doing what to path, into a pathError. what is
// lower case ("open vault", "back up to"), path the one the user gave.
func plainPath(what, path string, err error) error {
	if err == nil {
		return nil
	}
	var reason string
	switch {
	case osfile.DiskFull(err): // ERROR_DISK_FULL on Windows too
		return &pathError{msg: what + " " + path + ": " + errDiskFull.Error(), cause: errDiskFull}
	case errors.Is(err, syscall.ENOTDIR):
		reason = "part of that path is a file, not a folder"
	case errors.Is(err, fs.ErrNotExist):
		reason = "there is no such file or folder"
	case errors.Is(err, syscall.EROFS):
		reason = "the disk is read-only"
	case errors.Is(err, fs.ErrPermission):
		reason = "permission denied (you cannot write or read there)"
	case errors.Is(err, fs.ErrExist), errors.Is(err, syscall.ENOTEMPTY):
		reason = "something with that name is already there"
	case errors.Is(err, syscall.EISDIR):
		reason = "that is a folder, not a file"
	default:
		var pe *fs.PathError
		var le *os.LinkError
		switch {
		case errors.As(err, &pe):
			reason = pe.Err.Error()
		case errors.As(err, &le):
			reason = le.Err.Error()
		default:
			return &pathError{msg: what + " " + path + ": " + err.Error(), cause: err}
		}
	}
	return &pathError{msg: what + " " + path + ": " + reason, cause: err}
}

// backupLeftover matches the temporary files a backup writes beside its
// target (".NAME.partial-123456"), which a killed backup leaves behind.
var backupLeftover = regexp.MustCompile(`^\..+\.partial-[0-9]+$`)

// staleAfter is how old a leftover of a backup to another name must be
// before it is removed: one being written by another Redress right now is
// younger.
const staleAfter = time.Hour

// removeBackupLeftovers removes what killed backups left in dir: every
// leftover of a backup to the same name, and older leftovers of backups to
// other names. Only files that are empty or SQLite databases (what a backup
// writes) are removed; anything else is left alone.
func removeBackupLeftovers(dir, base string, now time.Time) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		name := e.Name()
		if !e.Type().IsRegular() || !backupLeftover.MatchString(name) {
			continue
		}
		info, err := e.Info()
		if err != nil {
			continue
		}
		same := strings.HasPrefix(name, "."+base+".partial-")
		if !same && now.Sub(info.ModTime()) < staleAfter {
			continue
		}
		p := filepath.Join(dir, name)
		if info.Size() == 0 || isSQLiteFile(p) {
			os.Remove(p)
		}
	}
}

func isSQLiteFile(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	b := make([]byte, 16)
	n, _ := f.Read(b)
	return n == 16 && string(b) == "SQLite format 3\x00"
}

// restoreLeftovers are the files a killed restore leaves in its folder.
var restoreLeftovers = map[string]bool{lockName: true, dbName + ".partial": true}

// onlyRestoreLeftovers reports whether the folder holds nothing but what a
// killed restore leaves (its lock file and a partial copy), so a retry may
// start over there.
func onlyRestoreLeftovers(entries []fs.DirEntry) bool {
	for _, e := range entries {
		if !restoreLeftovers[e.Name()] || !e.Type().IsRegular() {
			return false
		}
	}
	return true
}
