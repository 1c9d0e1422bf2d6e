package casework

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// VaultDBName is the database file every vault folder holds (store's dbName).
const VaultDBName = "vault.db"

// sqliteMagic starts every SQLite database: a vault's vault.db and a backup.
var sqliteMagic = []byte("SQLite format 3\x00")

// OutKind says what is at a path a front end is about to write a file to.
type OutKind int

const (
	// OutNew: nothing is there; the file may be written.
	OutNew OutKind = iota
	// OutExists: another file is there; it may be replaced only when the
	// person says so (--force, or "Replace" in the desktop).
	OutExists
	// OutInVault: the path is inside a vault folder (a folder holding
	// vault.db, or below one). Never written, not even when told to.
	OutInVault
	// OutVaultFile: the path is a vault database or a backup (an SQLite
	// file). Never written over, not even when told to.
	OutVaultFile
	// OutFolder: the path is a folder.
	OutFolder
)

// OutCheck is what CheckOutPath found: its Kind, and for OutInVault the
// vault folder (Vault).
type OutCheck struct {
	Kind  OutKind
	Vault string
}

// CheckOutPath looks at path before anything is written there: whether it
// lies inside a vault folder, is a vault or backup file, a folder, another
// existing file, or nothing yet. It writes and truncates nothing. Both the
// command line (--out) and the desktop's save flow call it; each says the
// result in its own words. The error is for a path that cannot be looked
// at (permission, a broken disk).
func CheckOutPath(path string) (OutCheck, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return OutCheck{}, err
	}
	dir := filepath.Dir(abs)
	if r, err := filepath.EvalSymlinks(dir); err == nil {
		dir = r
	}
	for d := dir; ; d = filepath.Dir(d) {
		if IsVaultFolder(d) {
			return OutCheck{Kind: OutInVault, Vault: d}, nil
		}
		if filepath.Dir(d) == d {
			break
		}
	}
	st, err := os.Stat(abs)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return OutCheck{Kind: OutNew}, nil
	case err != nil:
		return OutCheck{}, err
	case st.IsDir():
		return OutCheck{Kind: OutFolder}, nil
	case IsVaultFile(abs):
		return OutCheck{Kind: OutVaultFile}, nil
	}
	return OutCheck{Kind: OutExists}, nil
}

// IsVaultFolder reports whether dir holds a vault database.
func IsVaultFolder(dir string) bool {
	st, err := os.Stat(filepath.Join(dir, VaultDBName))
	return err == nil && st.Mode().IsRegular()
}

// IsVaultFile reports whether path is an SQLite database: a vault's database
// or a backup (Redress writes no other SQLite files).
func IsVaultFile(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, len(sqliteMagic))
	if _, err := io.ReadFull(f, head); err != nil {
		return false
	}
	return bytes.Equal(head, sqliteMagic)
}
