package ui

import "fyne.io/fyne/v2"

// savePicker asks where to save a file called name (with one of exts) and
// calls done with the path chosen; it does not call done when the person
// cancels. The Letters and Bundle tabs use fyneSavePicker; tests answer at
// once.
type savePicker func(win fyne.Window, name string, exts []string, done func(path string))

// fyneSavePicker is the desktop's save form (savefile.go): it opens and
// creates nothing; exports write through writeExport (kit.WriteExport).
func fyneSavePicker(win fyne.Window, name string, _ []string, done func(path string)) {
	fyneChooser{}.saveFile(win, name, done)
}
