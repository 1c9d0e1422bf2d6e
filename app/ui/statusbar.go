package ui

import (
	"fmt"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// statusBar is the line at the bottom of the window (UI.md "Shape of the
// window"): "Saved 21:14" after every write, the vault's name, and the lock
// countdown when the idle lock is near.
type statusBar struct {
	d         *desk
	savedAt   *widget.Label
	vaultName *widget.Label
	countdown *widget.Label
	content   fyne.CanvasObject
}

func newStatusBar(d *desk) *statusBar {
	b := &statusBar{d: d}
	b.savedAt = small("")
	b.vaultName = small("")
	if d.vault != nil {
		b.vaultName.SetText("Vault: " + filepath.Base(d.vault.Path()))
	}
	b.savedAt.Truncation = fyne.TextTruncateOff
	b.vaultName.Truncation = fyne.TextTruncateOff
	b.countdown = small("")
	b.countdown.Importance = widget.WarningImportance
	b.countdown.Alignment = fyne.TextAlignTrailing
	icon := widget.NewIcon(theme.StorageIcon())
	b.content = container.NewBorder(nil, nil, container.NewHBox(icon, b.vaultName, b.savedAt), b.countdown)
	return b
}

// saved says that a write has just been made.
func (b *statusBar) saved(at time.Time) {
	b.savedAt.SetText("·  Saved " + londonTime(at).Format("15:04"))
}

// note says something briefly where "Saved" goes.
func (b *statusBar) note(what string) { b.savedAt.SetText("·  " + what) }

// showCountdown shows the time left before the idle lock, or hides it
// (left < 0).
func (b *statusBar) showCountdown(left time.Duration) {
	if left < 0 {
		b.countdown.SetText("")
		return
	}
	secs := int(left.Round(time.Second) / time.Second)
	b.countdown.SetText(fmt.Sprintf("Locking in %d seconds. Move the mouse or press a key to stay.", secs))
}
