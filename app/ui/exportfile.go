package ui

import (
	"fyne.io/fyne/v2"

	"github.com/redress-app/redress/app/ui/kit"
)

// savePicker is kit.SavePicker under the shell's name.
type savePicker = kit.SavePicker

// fyneSavePicker is the desktop's save form (savefile.go): it opens and
// creates nothing; exports write through writeExport (kit.WriteExport).
func fyneSavePicker(win fyne.Window, name string, _ []string, done func(path string)) {
	fyneChooser{}.saveFile(win, name, done)
}
