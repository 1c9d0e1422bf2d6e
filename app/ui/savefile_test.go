package ui

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/redress-app/redress/store"
)

// saveFormFor is a save form over folder whose dialogs answer as told: tells
// collects what it said, and confirm answers replace.
func saveFormFor(t *testing.T, folder, name string, replace bool) (f *saveForm, got *[]string, tells *[]string) {
	t.Helper()
	test.NewTempApp(t)
	var paths, said []string
	f = newSaveForm(name, func(p string) { paths = append(paths, p) })
	f.folder = folder
	f.tell = func(title, msg string) { said = append(said, title+": "+msg) }
	f.confirm = func(title, msg string, answer func(bool)) { said = append(said, title); answer(replace) }
	return f, &paths, &said
}

// TestSaveRefusesTheVault is issue 16 item 1 on the desktop: choosing
// VAULT/vault.db (or any file in the vault folder, or a backup) in the save
// form is refused, even when the person would say "Replace", nothing is
// opened or emptied, the export's own write refuses it too, and the vault
// still opens with all it held.
func TestSaveRefusesTheVault(t *testing.T) {
	ctx := context.Background()
	root := t.TempDir()
	dir := filepath.Join(root, "vault")
	opts := []store.Option{store.WithKDF(store.TestKDF), store.WithInsecureKDF()}
	v, err := store.Create(ctx, dir, []byte(testPass), opts...)
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "vault.db")
	before, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	backup := filepath.Join(root, "old.redress-backup")
	if err := os.WriteFile(backup, before, 0o600); err != nil {
		t.Fatal(err)
	}

	for _, tc := range []struct{ folder, name string }{
		{dir, "vault.db"},
		{dir, "letter.pdf"},
		{root, "old.redress-backup"},
	} {
		f, paths, said := saveFormFor(t, tc.folder, tc.name, true)
		f.submit()
		if len(*paths) != 0 {
			t.Errorf("%s: the form handed on %v", tc.name, *paths)
		}
		if len(*said) != 1 || !bytes.Contains([]byte((*said)[0]), []byte("Redress cannot save there")) {
			t.Errorf("%s: said %q", tc.name, *said)
		}
		err := writeExport(ctx, filepath.Join(tc.folder, tc.name), func(_ context.Context, w io.Writer) error {
			_, err := w.Write([]byte("%PDF-1.7 not a vault"))
			return err
		})
		if !errors.Is(err, errSaveRefused) {
			t.Errorf("%s: writeExport = %v, want a refusal", tc.name, err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "letter.pdf")); err == nil {
		t.Error("a file was written in the vault folder")
	}
	after, _ := os.ReadFile(db)
	if !bytes.Equal(before, after) {
		t.Fatalf("vault.db changed: %d bytes before, %d after", len(before), len(after))
	}
	if b, _ := os.ReadFile(backup); !bytes.Equal(b, before) {
		t.Error("the backup changed")
	}
	v, err = store.Open(ctx, dir, []byte(testPass), opts...)
	if err != nil {
		t.Fatalf("the vault no longer opens: %v", err)
	}
	defer v.Close()
	if err := v.Verify(ctx); err != nil {
		t.Fatalf("the vault does not verify: %v", err)
	}
}

// TestSaveOverAnExistingFile: the form asks before replacing another file;
// "Keep it" hands nothing on and leaves the file as it was; a failed or
// cancelled export over it leaves it as it was; a finished one replaces it
// whole, readable only by the person.
func TestSaveOverAnExistingFile(t *testing.T) {
	ctx := context.Background()
	root := t.TempDir()
	old := filepath.Join(root, "letter.pdf")
	orig := []byte("%PDF-1.7 the letter sent last week")
	if err := os.WriteFile(old, orig, 0o644); err != nil {
		t.Fatal(err)
	}
	unchanged := func(when string) {
		t.Helper()
		if b, err := os.ReadFile(old); err != nil || !bytes.Equal(b, orig) {
			t.Fatalf("%s: the existing file is now %q (%v)", when, b, err)
		}
	}

	f, paths, said := saveFormFor(t, root, "letter.pdf", false)
	f.submit()
	if len(*paths) != 0 || len(*said) != 1 || (*said)[0] != "Replace letter.pdf?" {
		t.Fatalf("keep it: handed on %v, said %q", *paths, *said)
	}
	unchanged("after Keep it")

	f, paths, _ = saveFormFor(t, root, "letter.pdf", true)
	f.name.SetText("letter") // the suggested name's extension is added
	f.submit()
	if len(*paths) != 1 || (*paths)[0] != old {
		t.Fatalf("replace: handed on %v, want %s", *paths, old)
	}
	unchanged("after Replace, before writing")

	err := writeExport(ctx, old, func(_ context.Context, w io.Writer) error {
		w.Write([]byte("half a lett"))
		return errors.New("the disk is full")
	})
	if err == nil {
		t.Fatal("a failed write reported success")
	}
	unchanged("after a failed export")

	cctx, cancel := context.WithCancel(ctx)
	err = writeExport(cctx, old, func(_ context.Context, w io.Writer) error {
		w.Write([]byte("half a lett"))
		cancel()
		return nil
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("a cancelled export returned %v", err)
	}
	unchanged("after a cancelled export")
	if left, _ := filepath.Glob(filepath.Join(root, ".redress-export-*")); len(left) != 0 {
		t.Errorf("temporary files left behind: %v", left)
	}

	if err := writeExport(ctx, old, func(_ context.Context, w io.Writer) error {
		_, err := w.Write([]byte("%PDF-1.7 the new letter"))
		return err
	}); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(old)
	st, _ := os.Stat(old)
	if string(b) != "%PDF-1.7 the new letter" || st.Mode().Perm() != 0o600 {
		t.Errorf("after a finished export: %q, mode %v", b, st.Mode().Perm())
	}

	// A new name is handed on without a question.
	f, paths, said = saveFormFor(t, root, "new.pdf", false)
	f.submit()
	if len(*paths) != 1 || len(*said) != 0 {
		t.Errorf("new file: handed on %v, said %q", *paths, *said)
	}
	if _, err := os.Stat(filepath.Join(root, "new.pdf")); err == nil {
		t.Error("the form created the file")
	}
}
