package ui

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
)

// savePicker asks where to save a file called name (with one of exts) and
// calls done with the path chosen; it does not call done when the person
// cancels. The Letters and Bundle tabs use fyneSavePicker; tests answer at
// once.
type savePicker func(win fyne.Window, name string, exts []string, done func(path string))

// fyneSavePicker is the desktop's save form (savefile.go): it opens and
// creates nothing; exports write through writeExport.
func fyneSavePicker(win fyne.Window, name string, _ []string, done func(path string)) {
	fyneChooser{}.saveFile(win, name, done)
}

// writeExport writes a file through write into a temporary file beside path,
// then renames it onto path. When write fails or ctx is cancelled, the
// temporary file is removed and path is left as it was: a half-written export
// never appears under the name the person chose.
//
// It refuses, before and after writing, a path inside a vault folder or a
// vault or backup file (checkSavePath), whatever the person answered: the
// save form refuses them too, and this is the second lock.
func writeExport(ctx context.Context, path string, write func(ctx context.Context, w io.Writer) error) (err error) {
	if _, err := checkSavePath(path); err != nil {
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
	if _, err = checkSavePath(path); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if err = os.Rename(tmp, path); err != nil {
		return fmt.Errorf("export %q: %w", filepath.Base(path), err)
	}
	return nil
}

// withExt gives path the extension ext when it has none of exts, so that a
// file saved as "letter" opens as a PDF.
func withExt(path, ext string, exts []string) string {
	got := strings.ToLower(filepath.Ext(path))
	for _, e := range exts {
		if got == e {
			return path
		}
	}
	return path + ext
}
