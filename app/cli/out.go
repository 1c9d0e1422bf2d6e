package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"

	"github.com/redress-app/redress/app/casework"
	"github.com/redress-app/redress/store"
)

// checkOut refuses an --out path that would destroy something: a path inside
// a vault folder (any folder holding vault.db, or below one), a folder, a
// vault or backup file (never, not even with --force), or any other existing
// file unless force is set. It is checked before any work is done, and the
// write itself refuses again if the file appeared meanwhile. The looking is
// casework.CheckOutPath, which the desktop's save flow shares.
func checkOut(path string, force bool) error {
	if path == "" {
		return nil
	}
	c, err := casework.CheckOutPath(path)
	if err != nil {
		return usagef("cannot write %s: %s", path, plainIOError(err))
	}
	switch c.Kind {
	case casework.OutInVault:
		return usagef("%s is inside the vault folder %s, and Redress never writes there (it could damage the vault); choose a file outside that folder", path, c.Vault)
	case casework.OutFolder:
		return usagef("%s is a folder; give a file name for --out", path)
	case casework.OutVaultFile:
		return usagef("%s is a Redress vault or backup; Redress never writes over one, not even with --force. Choose a new name", path)
	case casework.OutExists:
		if !force {
			return usagef("%s already exists; choose a new name, or add --force to replace it", path)
		}
	}
	return nil
}

// isVaultFile reports whether path is an SQLite database: a vault's database
// or a backup.
func isVaultFile(path string) bool { return casework.IsVaultFile(path) }

// errOutExists is returned when the --out file appeared while the output was
// being made and --force was not given.
var errOutExists = errors.New("the file appeared while this was being made; nothing was overwritten")

// placeFile moves the finished temporary file tmp to path. Without force it
// never replaces a file: a hard link fails if path exists (the rename's
// check-then-act race is closed where links work; on file systems without
// them, such as FAT on a USB stick, it checks and renames).
func placeFile(tmp, path string, force bool) error {
	if force {
		if isVaultFile(path) {
			return errors.New("it is now a Redress vault or backup; nothing was overwritten")
		}
		return store.ReplaceFile(tmp, path) // retries while Windows says another program has it open
	}
	err := os.Link(tmp, path)
	if err == nil {
		os.Remove(tmp)
		return nil
	}
	if errors.Is(err, fs.ErrExist) {
		return errOutExists
	}
	if _, serr := os.Lstat(path); serr == nil {
		return errOutExists
	}
	return store.ReplaceFile(tmp, path)
}

// outError says in plain words why path could not be written, without the
// temporary file's name or the system call ("open nodir/.x.json.tmp-123: no
// such file or directory" becomes "the folder nodir does not exist").
func outError(path string, err error) error {
	dir := filepath.Dir(path)
	switch {
	case errors.Is(err, errOutExists):
		return usagef("cannot write %s: %v; choose a new name, or add --force to replace it", path, err)
	case errors.Is(err, fs.ErrNotExist):
		return usagef("cannot write %s: the folder %s does not exist; create it first or choose another folder", path, dir)
	case errors.Is(err, fs.ErrPermission):
		return fmt.Errorf("cannot write %s: you do not have permission to write in %s; choose another folder", path, dir)
	case isNotDir(err):
		return usagef("cannot write %s: part of that path is a file, not a folder", path)
	case errors.Is(err, syscall.EROFS):
		return fmt.Errorf("cannot write %s: that disk is read-only; choose another folder", path)
	case store.IsDiskFull(err): // ERROR_DISK_FULL on Windows too
		return fmt.Errorf("cannot write %s: the disk is full; nothing was written. Free some space and try again: %w", path, syscall.ENOSPC)
	}
	var pe *fs.PathError
	var le *os.LinkError
	switch {
	case errors.As(err, &le):
		return fmt.Errorf("cannot write %s: %v", path, le.Err)
	case errors.As(err, &pe):
		return fmt.Errorf("cannot write %s: %v", path, pe.Err)
	}
	return fmt.Errorf("cannot write %s: %w", path, err)
}

func isNotDir(err error) bool { return errors.Is(err, syscall.ENOTDIR) }
