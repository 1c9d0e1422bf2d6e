package store

import (
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"syscall"
)

// ErrReadOnly is returned by every write to a vault opened read-only: one on
// a read-only disk (a backup on a DVD, a locked USB stick), in a folder or
// files this user cannot write, or opened WithReadOnly. The error's message
// says which.
var ErrReadOnly = errors.New("the vault is read-only")

// WithReadOnly opens the vault read-only even when it could be written: for
// looking at a copy without any chance of changing it.
func WithReadOnly() Option { return func(o *options) { o.readOnly = true } }

// readOnlyError is ErrReadOnly with the reason.
type readOnlyError struct{ reason string }

func (e *readOnlyError) Error() string { return "the vault is read-only (" + e.reason + ")" }
func (e *readOnlyError) Unwrap() error { return ErrReadOnly }

// ReadOnly reports whether the vault was opened read-only, and why (in
// words such as "the disk it is on is read-only"). Reading, searching,
// exporting, backing up and verifying work; every write returns ErrReadOnly.
func (v *Vault) ReadOnly() (bool, string) {
	if v.readOnly == nil {
		return false, ""
	}
	return true, v.readOnly.reason
}

// refuseReadOnly is the first check of every write.
func (v *Vault) refuseReadOnly() error {
	if v.readOnly != nil {
		return v.readOnly
	}
	return nil
}

// writeProbe finds out, without changing the vault, whether it can be
// written: the database file opened for writing, and a file created (and
// removed) in the folder, where SQLite keeps its write-ahead log. It returns
// nil, or a reason the vault must be opened read-only.
func writeProbe(dir, dbPath string) *readOnlyError {
	// A probe left by a process killed between creating and removing it.
	if old, _ := filepath.Glob(filepath.Join(dir, ".redress-probe-*")); len(old) > 0 {
		for _, p := range old {
			os.Remove(p)
		}
	}
	f, err := os.OpenFile(dbPath, os.O_RDWR, 0)
	if err == nil {
		f.Close()
		p, err2 := os.CreateTemp(dir, ".redress-probe-*")
		if err2 == nil {
			name := p.Name()
			p.Close()
			os.Remove(name)
			return nil
		}
		err = err2
	}
	return readOnlyReason(err)
}

// readOnlyReason classifies a failed write: a read-only disk or missing
// permission make a read-only vault; anything else is not for us to decide
// (nil, and Open goes on to report it).
func readOnlyReason(err error) *readOnlyError {
	switch {
	case errors.Is(err, syscall.EROFS):
		return &readOnlyError{reason: "the disk it is on is read-only"}
	case errors.Is(err, fs.ErrPermission), errors.Is(err, syscall.EACCES), errors.Is(err, syscall.EPERM):
		return &readOnlyError{reason: "you do not have permission to change its files or folder"}
	}
	return nil
}

// openDBReadOnly opens the database without writing a byte, as for a
// backup: immutable, so SQLite makes no -wal or -shm file and takes no
// lock. A vault left with unmerged changes in vault.db-wal (copied while it
// was open, or after a crash) cannot be read that way without losing them,
// so it is refused with what to do.
func openDBReadOnly(dir, dbPath string) (*sql.DB, error) {
	if st, err := os.Stat(dbPath + "-wal"); err == nil && st.Size() > 0 {
		return nil, fmt.Errorf("open vault %s: it is read-only, and its latest changes are still in %s, which can only be merged on a disk that can be written; copy the whole folder to a writable disk and open the copy",
			dir, filepath.Base(dbPath)+"-wal")
	}
	dsn := "file:" + (&url.URL{Path: dbPath}).EscapedPath() + "?mode=ro&immutable=1"
	db, err := sql.Open("sqlite3", dsn)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	if _, err := db.Exec("PRAGMA temp_store = MEMORY"); err != nil {
		db.Close()
		return nil, dbErr("open the database read-only", err)
	}
	return db, nil
}
