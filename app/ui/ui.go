// Package ui is Redress's desktop app, built with Fyne: the shell that wires
// the rooms below it together (app/ui/aihelp, app/ui/internal/timeline), with
// what they share in app/ui/kit; the rooms never import the shell. It and its
// rooms are the only packages besides main that import Fyne. Each screen is
// one unexported struct holding its widgets and dependencies; work that may
// take longer than a moment runs off the UI goroutine (kit.Background) and
// reaches widgets only through fyne.Do.
package ui

import (
	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"

	// Imported for its init, which must run before Fyne reads the locale.
	_ "github.com/redress-app/redress/app/ui/internal/cleanlocale"
	"github.com/redress-app/redress/assets"
)

// AppID is the desktop app's unique identifier (also in FyneApp.toml).
const AppID = "org.redress.desktop"

// Run opens the desktop app and blocks until its window closes: the way into
// a vault, then the vault's cases. When path is not empty, the case file at
// path is shown read-only instead, with no vault. version is shown in the
// About box and recorded in the app's metadata.
func Run(path, version string) error {
	a := newFyneApp(version)
	if path != "" {
		w := newMainWindow(a)
		w.viewer.openPath(path)
		w.win.ShowAndRun()
		return nil
	}
	d := newDesk(a, deskConfig{})
	d.idle.run()
	defer d.idle.stopRunning()
	d.win.SetMaster()
	d.win.ShowAndRun()
	// The windows are gone by now (closed, or the app was told to quit by
	// the system): close the vault and remove temporary copies only.
	d.settings = nil
	d.closeVault()
	d.reader.Close()
	d.temp.clean()
	return nil
}

// newFyneApp makes the Fyne app, with the same metadata `fyne package`
// would build in from FyneApp.toml, so that `go run .` behaves like a
// packaged app (including the fyne.Do checks).
func newFyneApp(version string) fyne.App {
	icon := fyne.NewStaticResource("icon.png", assets.Icon)
	fyneapp.SetMetadata(fyne.AppMetadata{ID: AppID, Name: "Redress", Version: version, Build: 1,
		Icon: icon, Migrations: map[string]bool{"fyneDo": true}})
	a := fyneapp.NewWithID(AppID)
	a.SetIcon(icon)
	return a
}

// mainWindow is the app's one window.
type mainWindow struct {
	app    fyne.App
	win    fyne.Window
	viewer *caseViewer
}

func newMainWindow(a fyne.App) *mainWindow {
	a.Settings().SetTheme(newCalmTheme())
	w := a.NewWindow("Redress")
	m := &mainWindow{app: a, win: w}
	m.viewer = newCaseViewer(w)
	w.SetContent(m.viewer.content)
	w.Resize(fyne.NewSize(1100, 720))
	return m
}
