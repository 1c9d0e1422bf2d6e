package kit

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"fyne.io/fyne/v2"

	"github.com/redress-app/redress/app/casework"
)

// Exports: a file written outside the vault (a letter, a bundle, a calendar)
// is refused inside a vault folder, over a vault or backup, or over a folder,
// and never appears half-written under the name the person chose.

// ErrSaveRefused is a path Redress never writes to: inside a vault folder, a
// vault or backup file, or a folder.
var ErrSaveRefused = errors.New("redress never writes there")

// SavePicker asks where to save a file called name (with one of exts) and
// calls done with the path chosen; it does not call done when the person
// cancels. The shell passes its own save form (never over a vault) to the
// rooms that export (Letters, Bundle); tests answer at once. What is chosen
// is written by WriteExport.
type SavePicker func(win fyne.Window, name string, exts []string, done func(path string))

// CheckSavePath says whether path may be written: an error (wrapping
// ErrSaveRefused) for a path inside a vault folder, a vault or backup file,
// or a folder, whatever the person says; ask is true when another file is
// there, which is replaced only if the person says so. The looking is
// casework.CheckOutPath, the same as the command line's --out.
func CheckSavePath(path string) (ask bool, err error) {
	c, err := casework.CheckOutPath(path)
	if err != nil {
		return false, fmt.Errorf("check %q: %w", filepath.Base(path), err)
	}
	switch c.Kind {
	case casework.OutInVault:
		return false, fmt.Errorf("%w: %q is inside the vault folder %s, and writing there could damage the vault", ErrSaveRefused, filepath.Base(path), c.Vault)
	case casework.OutVaultFile:
		return false, fmt.Errorf("%w: %q is a Redress vault or backup", ErrSaveRefused, filepath.Base(path))
	case casework.OutFolder:
		return false, fmt.Errorf("%w: %q is a folder", ErrSaveRefused, filepath.Base(path))
	case casework.OutExists:
		return true, nil
	}
	return false, nil
}

// WriteExport writes a file through write into a temporary file beside path,
// then renames it onto path. When write fails or ctx is cancelled, the
// temporary file is removed and path is left as it was: a half-written export
// never appears under the name the person chose.
//
// It refuses, before and after writing, a path inside a vault folder or a
// vault or backup file (CheckSavePath), whatever the person answered: the
// save form refuses them too, and this is the second lock.
func WriteExport(ctx context.Context, path string, write func(ctx context.Context, w io.Writer) error) (err error) {
	if _, err := CheckSavePath(path); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, ".redress-export-*")
	if err != nil {
		return fmt.Errorf("export %q: %w", filepath.Base(path), err)
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if err = write(ctx, f); err != nil {
		return fmt.Errorf("export %q: %w", filepath.Base(path), err)
	}
	if err = ctx.Err(); err != nil {
		return fmt.Errorf("export %q: %w", filepath.Base(path), err)
	}
	if err = f.Sync(); err != nil {
		return fmt.Errorf("export %q: %w", filepath.Base(path), err)
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("export %q: %w", filepath.Base(path), err)
	}
	if err = os.Chmod(tmp, 0o600); err != nil {
		return fmt.Errorf("export %q: %w", filepath.Base(path), err)
	}
	if _, err = CheckSavePath(path); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if err = os.Rename(tmp, path); err != nil {
		return fmt.Errorf("export %q: %w", filepath.Base(path), err)
	}
	return nil
}
