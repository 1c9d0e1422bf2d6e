package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// A vault opened read-only (a backup on a DVD, a locked USB stick, a folder
// this user cannot write) can be read, searched, exported and backed up, but
// not changed. The shell says so plainly above the status bar, and the
// buttons that would change the record explain instead of opening a form
// whose words could not be saved (issue 16 item 12).

// readOnly reports whether the open vault is read-only, and why.
func (s *shell) readOnly() (bool, string) {
	if s.d.vault == nil {
		return false, ""
	}
	return s.d.vault.ReadOnly()
}

// readOnlyBanner is the line above the status bar, or nil when the vault
// can be written.
func (s *shell) readOnlyBanner() fyne.CanvasObject {
	ro, why := s.readOnly()
	if !ro {
		return nil
	}
	l := widget.NewLabel(readOnlyBannerText(why))
	l.Wrapping = fyne.TextWrapWord
	l.Importance = widget.WarningImportance
	return container.NewBorder(nil, nil, widget.NewIcon(theme.WarningIcon()), nil, l)
}

func readOnlyBannerText(why string) string {
	return "This vault is read-only (" + why + "). You can read, search, export and back it up, but nothing can be added or changed. " +
		"To change it, copy the whole vault folder to a disk you can write to, and open the copy."
}

// refuseReadOnly is the first step of every button that changes the record:
// on a read-only vault it explains and returns true, before any form opens.
func (s *shell) refuseReadOnly(what string) bool {
	ro, why := s.readOnly()
	if !ro {
		return false
	}
	s.d.showMessage(what+" is not possible here",
		"This vault is read-only ("+why+"), so nothing can be added or changed in it. "+
			"To change it, copy the whole vault folder to a disk you can write to, and open the copy from Redress.")
	return true
}
