package ui

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/redress-app/redress/app/casework"
	"github.com/redress-app/redress/app/ui/kit"
)

// The desktop's save flow. Fyne's own save dialog opens the chosen file with
// os.Create when it hands it back (and after "Overwrite? Yes"), which empties
// it before Redress sees the path: choosing a vault's vault.db would destroy
// the vault, and a failed export over a document would leave it empty. So
// Redress asks with its own small form instead: a folder (chosen with Fyne's
// folder picker, which opens nothing) and a file name. Nothing is opened,
// created or truncated until the export itself writes a temporary file and
// renames it into place (writeExport).

// refusedSentence is what the save form says about a refused path.
func refusedSentence(path string, err error) string {
	c, _ := casework.CheckOutPath(path)
	switch c.Kind {
	case casework.OutInVault:
		return "Redress never saves files inside a vault folder (" + c.Vault + "): it could damage the vault. Choose another folder, such as Documents."
	case casework.OutVaultFile:
		return filepath.Base(path) + " is a Redress vault or backup. Redress never saves over one. Choose a new name."
	case casework.OutFolder:
		return filepath.Base(path) + " is a folder. Type a name for the file."
	}
	return kit.PlainError(err)
}

// lastSaveFolder is the folder the save form last saved in, for the next one.
var lastSaveFolder struct {
	sync.Mutex
	dir string
}

// defaultSaveFolder is the folder the save form starts in: the last one
// used, else Documents in the home folder, else the home folder.
func defaultSaveFolder() string {
	lastSaveFolder.Lock()
	dir := lastSaveFolder.dir
	lastSaveFolder.Unlock()
	if dir != "" {
		return dir
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return ""
	}
	if st, err := os.Stat(filepath.Join(home, "Documents")); err == nil && st.IsDir() {
		return filepath.Join(home, "Documents")
	}
	return home
}

// saveForm is the desktop's save flow for one file: a folder, a name, and
// Save. Its hooks (confirm, tell, pickFolder) are Fyne's dialogs in the app
// and answers in tests.
type saveForm struct {
	folder string
	ext    string // the suggested name's extension, added when the name has none
	name   *widget.Entry
	where  *widget.Label

	done       func(path string)
	confirm    func(title, msg string, answer func(bool))
	tell       func(title, msg string)
	pickFolder func(done func(dir string))
}

func newSaveForm(name string, done func(string)) *saveForm {
	f := &saveForm{folder: defaultSaveFolder(), ext: filepath.Ext(name), done: done}
	f.name = widget.NewEntry()
	f.name.SetText(name)
	f.where = widget.NewLabel(f.folder)
	f.where.Wrapping = fyne.TextWrapBreak
	return f
}

// path is where the form would save: the folder and the name, with the
// suggested extension when the name has none.
func (f *saveForm) path() (string, error) {
	name := strings.TrimSpace(f.name.Text)
	switch {
	case name == "", name == ".", name == "..":
		return "", errors.New("type a name for the file")
	case strings.ContainsAny(name, `/\`):
		return "", errors.New("a file name cannot contain / or \\; choose the folder with Choose folder")
	case f.folder == "":
		return "", errors.New("choose a folder first")
	}
	if filepath.Ext(name) == "" {
		name += f.ext
	}
	return filepath.Join(f.folder, name), nil
}

// submit is the Save button: it refuses what must never be written, asks
// before replacing another file, and otherwise hands the path on. It opens
// and creates nothing.
func (f *saveForm) submit() {
	path, err := f.path()
	if err != nil {
		f.tell("Choose a name", kit.PlainError(err))
		return
	}
	ask, err := checkSavePath(path)
	if err != nil {
		f.tell("Redress cannot save there", refusedSentence(path, err))
		return
	}
	finish := func() {
		lastSaveFolder.Lock()
		lastSaveFolder.dir = f.folder
		lastSaveFolder.Unlock()
		f.done(path)
	}
	if !ask {
		finish()
		return
	}
	f.confirm("Replace "+filepath.Base(path)+"?",
		filepath.Base(path)+" already exists in "+f.folder+". Replace it with the new file? "+
			"It is replaced only once the new file is written in full.", func(yes bool) {
			if yes {
				finish()
			}
		})
}

// chooseFolder is the Choose folder button.
func (f *saveForm) chooseFolder() {
	f.pickFolder(func(dir string) {
		f.folder = dir
		f.where.SetText(dir)
	})
}

// showSaveForm shows the save form for a file called name over w. Save
// closes it; when the answer is to choose again (a refused path, or "Keep
// it" instead of replacing), it comes back with what was typed.
func showSaveForm(w fyne.Window, name string, done func(string)) {
	f := newSaveForm(name, done)
	choose := widget.NewButton("Choose folder…", f.chooseFolder)
	form := container.NewVBox(
		widget.NewLabel("Save in"),
		container.NewBorder(nil, nil, nil, choose, f.where),
		widget.NewLabel("File name"),
		f.name,
	)
	dl := dialog.NewCustomConfirm("Save "+name, "Save", "Cancel", form, func(ok bool) {
		if ok {
			f.submit()
		}
	}, w)
	reopen := func() { dl.Show() }
	f.tell = func(title, msg string) {
		d := dialog.NewInformation(title, msg, w)
		d.SetOnClosed(reopen)
		d.Show()
	}
	f.confirm = func(title, msg string, answer func(bool)) {
		c := dialog.NewConfirm(title, msg, func(yes bool) {
			answer(yes)
			if !yes {
				reopen()
			}
		}, w)
		c.SetConfirmText("Replace")
		c.SetDismissText("Keep it")
		c.Show()
	}
	f.pickFolder = func(done func(string)) {
		dl := dialog.NewFolderOpen(func(u fyne.ListableURI, err error) {
			if err != nil || u == nil {
				return
			}
			done(u.Path())
		}, w)
		dl.Resize(fyne.NewSize(820, 580))
		dl.Show()
	}
	f.name.OnSubmitted = func(string) { dl.Hide(); f.submit() }
	dl.Resize(fyne.NewSize(620, 260))
	dl.Show()
	w.Canvas().Focus(f.name)
}
