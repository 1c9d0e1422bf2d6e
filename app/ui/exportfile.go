package ui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
)

// savePicker asks where to save a file called name (with one of exts) and
// calls done with the path chosen; it does not call done when the person
// cancels. The Letters and Bundle tabs use fyneSavePicker; tests answer at
// once.
type savePicker func(win fyne.Window, name string, exts []string, done func(path string))

// fyneSavePicker is Fyne's save dialog. Fyne creates the file it hands back;
// an empty one is removed at once, so that a cancelled or failed export
// leaves nothing behind (exports write through writeExport).
func fyneSavePicker(win fyne.Window, name string, exts []string, done func(path string)) {
	d := dialog.NewFileSave(func(wc fyne.URIWriteCloser, err error) {
		if err != nil || wc == nil {
			return
		}
		path := wc.URI().Path()
		wc.Close()
		if fi, err := os.Stat(path); err == nil && fi.Mode().IsRegular() && fi.Size() == 0 {
			os.Remove(path)
		}
		done(path)
	}, win)
	d.SetFileName(name)
	if len(exts) > 0 {
		d.SetFilter(storage.NewExtensionFileFilter(exts))
	}
	d.Resize(fyne.NewSize(820, 580))
	d.Show()
}

// writeExport writes a file through write into a temporary file beside path,
// then renames it onto path. When write fails or ctx is cancelled, the
// temporary file is removed and path is left as it was: a half-written export
// never appears under the name the person chose.
func writeExport(ctx context.Context, path string, write func(ctx context.Context, w io.Writer) error) (err error) {
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

// errCancelled is what a cancelled export reports.
var errCancelled = errors.New("cancelled")
