package ui

import (
	"context"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"github.com/redress-app/redress/app/ui/kit"
	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/checks"
	"github.com/redress-app/redress/documents"
	"github.com/redress-app/redress/store"
)

// desk is the desktop app over a vault: the one main window, the vault open
// in it, and what the window shows (the way in while no vault is unlocked,
// the shell once one is). It owns what outlives a screen: the unsaved
// writing kept in memory while the vault is locked, the idle lock, the
// temporary folder and the dialogs that Esc closes.
type desk struct {
	app    fyne.App
	win    fyne.Window
	prefs  uiPrefs
	cat    *checks.Catalogue
	now    func() time.Time
	opts   []store.Option // for Create, Open and Restore; tests pass a cheap KDF
	files  chooser
	temp   *tempFiles
	reader *documents.Reader // reads documents' text and pages; one per session
	ctx    context.Context
	cancel context.CancelFunc

	vault *store.Vault // nil when none is open; locked or not
	epoch int          // increases whenever the vault opens, locks or closes

	root     *fyne.Container // the window's content, inside the activity layer
	gate     *gate           // the way in: welcome, create, unlock
	shell    *shell          // the open vault; nil while locked
	held     *heldWork       // unsaved writing kept in memory while locked
	idle     *idleWatch
	router   *keyRouter
	dialogs  dialogStack
	settings *settingsWindow
	closing  bool
}

// deskConfig is what the desk needs from outside: tests give a cheap KDF, a
// fixed clock, a private temporary folder and a fake file chooser.
type deskConfig struct {
	storeOpts []store.Option
	now       func() time.Time
	files     chooser
	tempRoot  string // "" means the system's temporary folder
	docs      documents.Options
}

func newDesk(a fyne.App, cfg deskConfig) *desk {
	d := &desk{app: a, prefs: uiPrefs{a.Preferences()}, cat: checks.Default(), now: cfg.now,
		opts: cfg.storeOpts, files: cfg.files}
	if d.now == nil {
		d.now = time.Now
	}
	if d.files == nil {
		d.files = fyneChooser{}
	}
	d.ctx, d.cancel = context.WithCancel(context.Background())
	d.reader = documents.New(cfg.docs) // one per session: PDFium starts on the first PDF
	d.temp = newTempFiles(cfg.tempRoot)
	d.temp.clean() // leftovers of a run that crashed
	applyLook(a, d.prefs)

	d.win = a.NewWindow(d.prefs.title())
	d.router = &keyRouter{Activity: d.touch, Escape: d.dialogs.closeTop}
	routeKeys(d.win.Canvas(), d.router)
	d.idle = newIdleWatch(d.now, d.lockAfter(), d.onIdleTick, d.onIdleLock)
	d.bindKeys()

	d.root = container.NewStack()
	d.win.SetContent(newActivityLayer(d.root, d.touch))
	d.win.Resize(fyne.NewSize(1180, 760))
	d.win.SetCloseIntercept(d.onCloseWindow)
	d.win.SetOnDropped(d.onDropped)
	d.gate = newGate(d)
	d.showWayIn()
	return d
}

// today is the date in England now.
func (d *desk) today() casefile.Date { return casefile.Today(d.now()) }

func (d *desk) lockAfter() time.Duration { return time.Duration(d.prefs.lockMinutes()) * time.Minute }

func (d *desk) touch() { d.idle.touch() }

// bindKeys sets the window's shortcuts (UI.md "Keyboard").
func (d *desk) bindKeys() {
	c := d.win.Canvas()
	withShell := func(f func(s *shell)) func() {
		return func() {
			if d.shell != nil {
				f(d.shell)
			}
		}
	}
	d.router.AddShortcut(c, fyne.KeyN, withShell((*shell).onNewNote))
	d.router.AddShortcut(c, fyne.KeyE, withShell((*shell).onNewEvent))
	d.router.AddShortcut(c, fyne.KeyF, withShell((*shell).focusSearch))
	d.router.AddShortcut(c, fyne.KeyS, withShell((*shell).save))
	d.router.AddShortcut(c, fyne.KeyL, d.lockNow)
	for i, k := range []fyne.KeyName{fyne.Key1, fyne.Key2, fyne.Key3, fyne.Key4, fyne.Key5, fyne.Key6, fyne.Key7, fyne.Key8} {
		id := tabID(i)
		d.router.AddShortcut(c, k, withShell(func(s *shell) { s.showTab(id) }))
	}
	c.SetOnTypedKey(func(k *fyne.KeyEvent) {
		d.touch()
		if k.Name == fyne.KeyEscape {
			d.dialogs.closeTop()
		}
	})
	c.SetOnTypedRune(func(rune) { d.touch() })
}

// setScreen replaces what the window shows.
func (d *desk) setScreen(o fyne.CanvasObject) {
	d.root.Objects = []fyne.CanvasObject{o}
	d.root.Refresh()
}

// showWayIn shows the unlock screen for the vault last used, or the welcome.
func (d *desk) showWayIn() {
	if d.vault != nil {
		d.gate.showUnlock(d.vault.Path(), true)
		return
	}
	for _, p := range d.prefs.recent() {
		if vaultExists(p) {
			d.gate.showUnlock(p, false)
			return
		}
		d.prefs.forgetRecent(p) // moved or deleted: nothing to offer
	}
	d.gate.showWelcome()
}

// opened is called on the UI goroutine once a vault is open and unlocked.
func (d *desk) opened(v *store.Vault) {
	if d.vault != nil && d.vault != v {
		d.vault.Close()
	}
	d.vault = v
	d.epoch++
	d.prefs.addRecent(v.Path())
	d.gate.clear()
	d.shell = newShell(d)
	d.setScreen(d.shell.content)
	if d.held != nil {
		d.shell.restore(d.held)
		d.held = nil
	} else {
		d.shell.start()
	}
	d.idle.restart(d.lockAfter())
}

// lockNow locks at once (Ctrl+L, the lock button, the idle lock): the screen
// is cleared first, then the keys are dropped. Unsaved writing stays in
// memory only, to be put back after unlocking.
func (d *desk) lockNow() {
	if d.vault == nil || d.shell == nil {
		return
	}
	d.held = d.shell.takeWork()
	d.shell.close()
	d.shell = nil
	d.dialogs.closeAll()
	for _, o := range d.win.Canvas().Overlays().List() {
		d.win.Canvas().Overlays().Remove(o)
	}
	if d.settings != nil {
		d.settings.close()
	}
	d.epoch++
	d.vault.Lock()
	d.temp.clean()
	d.idle.stop()
	d.gate.showUnlock(d.vault.Path(), true)
}

// closeVault closes the open vault and goes back to the way in.
func (d *desk) closeVault() {
	if d.shell != nil {
		d.shell.close()
		d.shell = nil
	}
	if d.settings != nil {
		d.settings.close()
	}
	d.held = nil
	d.epoch++
	if d.vault != nil {
		d.vault.Close()
		d.vault = nil
	}
	d.temp.clean()
	d.idle.stop()
}

// onIdleTick shows how long is left before the idle lock, when it is close.
func (d *desk) onIdleTick(left time.Duration) {
	if d.shell != nil {
		d.shell.status.showCountdown(left)
	}
}

// onIdleLock is the idle lock. While an evidence bundle is being written the
// person is waiting for it, not away: the lock waits until it is done (the
// vault could not be read once locked, and the export would fail).
func (d *desk) onIdleLock() {
	if d.shell != nil && d.shell.bundle != nil && d.shell.bundle.Busy() {
		d.idle.restart(d.lockAfter()) // the tick disarmed the watch: arm it again
		return
	}
	d.lockNow()
}

// onCloseWindow asks before losing unsaved writing, then closes everything.
func (d *desk) onCloseWindow() {
	if d.closing {
		return
	}
	if d.shell != nil && d.shell.bundle != nil && d.shell.bundle.Busy() {
		d.confirm("An evidence bundle is being made",
			"If you close Redress now, the bundle is not finished and no file is left. Wait for it, or stop it and close.",
			"Stop it and close", "Wait for it", func(ok bool) {
				if ok && d.shell != nil {
					d.shell.bundle.CancelExport()
					d.quit()
				}
			})
		return
	}
	unsaved := d.held != nil && d.held.hasWriting()
	if d.shell != nil {
		unsaved = d.shell.hasUnsaved()
	}
	if !unsaved {
		d.quit()
		return
	}
	if d.shell == nil {
		d.confirm("You have writing that is not saved",
			"It is kept only in memory while the vault is locked. Unlock the vault to save it. If you close Redress now, it is lost.",
			"Close and lose it", "Keep Redress open", func(ok bool) {
				if ok {
					d.quit()
				}
			})
		return
	}
	msg := para("You have writing you have not saved yet: a journal entry, an event or a letter. Save it before closing?")
	var dlg *dialog.CustomDialog
	save := widget.NewButton("Save and close", func() {
		dlg.Hide()
		d.shell.saveAll(func(ok bool) {
			if ok {
				d.quit()
			}
		})
	})
	save.Importance = widget.HighImportance
	discard := widget.NewButton("Close without saving", func() { dlg.Hide(); d.quit() })
	keep := widget.NewButton("Keep writing", func() { dlg.Hide() })
	dlg = dialog.NewCustomWithoutButtons("Close Redress?", container.NewVBox(msg,
		container.NewHBox(keep, discard, save)), d.win)
	d.dialogs.show(dlg)
}

// quit closes the vault, removes temporary copies and ends the app.
func (d *desk) quit() {
	d.closing = true
	d.closeVault()
	d.cancel()
	d.reader.Close()
	unrouteKeys(d.win.Canvas())
	if d.settings != nil {
		d.settings.close()
	}
	d.win.Close()
	d.app.Quit()
}

// onDropped hands files dropped on the window to the screen showing.
func (d *desk) onDropped(_ fyne.Position, uris []fyne.URI) {
	d.touch()
	if d.openDroppedPacks(uris) { // a hand-over pack opens read-only (packwindow.go)
		return
	}
	if d.shell == nil {
		return
	}
	var paths []string
	for _, u := range uris {
		if u.Scheme() == "file" {
			paths = append(paths, u.Path())
		}
	}
	if len(paths) > 0 {
		d.shell.onDropped(paths)
	}
}

// showError shows what went wrong, in words, with what to do next.
func (d *desk) showError(title string, err error) {
	d.showMessage(title, kit.Sentence(err))
}

func (d *desk) showMessage(title, msg string) {
	d.dialogs.show(dialog.NewCustom(title, "Close", sizedPara(msg, 460), d.win))
}

// confirm asks a yes-or-no question with plain button words.
func (d *desk) confirm(title, msg, yes, no string, done func(bool)) {
	c := dialog.NewCustomConfirm(title, yes, no, sizedPara(msg, 460), done, d.win)
	d.dialogs.show(c)
}

// sizedPara is a paragraph that wraps at width inside a dialog.
func sizedPara(msg string, width float32) fyne.CanvasObject {
	l := para(msg)
	return container.New(&fixedWidth{width}, l)
}

// fixedWidth gives its object a fixed width and the height it needs there.
type fixedWidth struct{ width float32 }

func (l *fixedWidth) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Resize(size)
		o.Move(fyne.NewPos(0, 0))
	}
}

func (l *fixedWidth) MinSize(objs []fyne.CanvasObject) fyne.Size {
	h := float32(0)
	for _, o := range objs {
		o.Resize(fyne.NewSize(l.width, o.MinSize().Height))
		h = max(h, o.MinSize().Height)
	}
	return fyne.NewSize(l.width, h)
}

// dialogStack remembers the open dialogs, so that Esc closes the top one and
// locking closes them all. A dialog's fields belong to the screen that made
// it, so closing one with Esc loses nothing typed.
type dialogStack struct{ open []dialog.Dialog }

func (s *dialogStack) show(dl dialog.Dialog) {
	s.open = append(s.open, dl)
	dl.SetOnClosed(func() { s.remove(dl) })
	dl.Show()
}

func (s *dialogStack) remove(dl dialog.Dialog) {
	for i, o := range s.open {
		if o == dl {
			s.open = append(s.open[:i], s.open[i+1:]...)
			return
		}
	}
}

func (s *dialogStack) closeTop() bool {
	if len(s.open) == 0 {
		return false
	}
	s.open[len(s.open)-1].Dismiss()
	return true
}

func (s *dialogStack) closeAll() {
	for len(s.open) > 0 {
		n := len(s.open)
		s.open[n-1].Dismiss()
		if len(s.open) == n { // a dialog that did not report closing
			s.open = s.open[:n-1]
		}
	}
}

// chooser picks files and folders. The real one uses Fyne's dialogs; tests
// answer at once.
type chooser interface {
	openFile(w fyne.Window, exts []string, done func(path string))
	saveFile(w fyne.Window, name string, done func(path string))
	openFolder(w fyne.Window, done func(path string))
}

type fyneChooser struct{}

func (fyneChooser) openFile(w fyne.Window, exts []string, done func(string)) {
	dl := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		path := r.URI().Path()
		r.Close()
		done(path)
	}, w)
	if len(exts) > 0 {
		dl.SetFilter(storage.NewExtensionFileFilter(exts))
	}
	dl.Resize(fyne.NewSize(820, 580))
	dl.Show()
}

// saveFile asks where to save with Redress's own save form (savefile.go),
// never with Fyne's save dialog, which empties the chosen file.
func (fyneChooser) saveFile(w fyne.Window, name string, done func(string)) {
	showSaveForm(w, name, done)
}

func (fyneChooser) openFolder(w fyne.Window, done func(string)) {
	dl := dialog.NewFolderOpen(func(u fyne.ListableURI, err error) {
		if err != nil || u == nil {
			return
		}
		done(u.Path())
	}, w)
	dl.Resize(fyne.NewSize(820, 580))
	dl.Show()
}

// vaultExists reports whether path looks like a vault folder.
func vaultExists(path string) bool { return fileExists(filepath.Join(path, "vault.db")) }
