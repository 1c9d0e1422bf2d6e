package ui

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/redress-app/redress/app/ui/kit"
	"github.com/redress-app/redress/store"
)

// gate is the way into a vault: the welcome on first run, creating a vault,
// and unlocking one. Each screen is built afresh when shown, so a passphrase
// never stays in a widget once it has been used.
type gate struct {
	d   *desk
	seq int // increases with every screen shown; late results are dropped

	// Create a vault.
	createDir string
	where     *widget.Label
	pass1     *field
	pass2     *field
	strength  *widget.Label
	createBtn *widget.Button

	// Unlock a vault.
	unlockPath string
	existing   bool // the vault is open and locked (not yet opened)
	pass       *field
	unlockBtn  *widget.Button

	msg      *widget.Label // what went wrong, in words
	progress *fyne.Container
	working  *widget.Label
}

func newGate(d *desk) *gate { return &gate{d: d} }

// clear drops the gate's widgets, passphrases included.
func (g *gate) clear() {
	g.seq++
	for _, f := range []*field{g.pass, g.pass1, g.pass2} {
		if f != nil {
			f.SetText("")
		}
	}
	g.pass, g.pass1, g.pass2 = nil, nil, nil
}

func (g *gate) show(o fyne.CanvasObject) {
	g.d.setScreen(container.NewVScroll(container.NewPadded(narrow(560, container.NewVBox(layoutSpacer(40), o)))))
}

func layoutSpacer(h float32) fyne.CanvasObject {
	r := widget.NewLabel("")
	r.Hide()
	return container.New(&fixedHeight{h}, r)
}

type fixedHeight struct{ h float32 }

func (l *fixedHeight) Layout([]fyne.CanvasObject, fyne.Size) {}
func (l *fixedHeight) MinSize([]fyne.CanvasObject) fyne.Size { return fyne.NewSize(0, l.h) }

func (g *gate) newStatus() fyne.CanvasObject {
	g.msg = para("")
	g.msg.Importance = widget.DangerImportance
	g.msg.Hide()
	g.working = para("")
	bar := widget.NewProgressBarInfinite()
	g.progress = container.NewVBox(g.working, bar)
	g.progress.Hide()
	return container.NewVBox(g.msg, g.progress)
}

func (g *gate) fail(err error) {
	g.progress.Hide()
	g.msg.SetText(kit.Sentence(err))
	g.msg.Show()
}

func (g *gate) busy(what string) {
	g.msg.Hide()
	g.working.SetText(what)
	g.progress.Show()
}

// showWelcome is the first screen of a first run.
func (g *gate) showWelcome() {
	g.clear()
	title := heading("Welcome to Redress")
	title.SizeName = theme.SizeNameHeadingText
	body := para("Redress helps you keep a careful record of what happened with children's services, " +
		"check it against the steps and time limits the council must follow, and write letters that cite them.")
	where := para("Everything is kept in a vault: a folder on this computer, locked with a passphrase only you know. " +
		"Nothing you write leaves this computer.")
	create := widget.NewButtonWithIcon("Create a new vault", theme.ContentAddIcon(), g.showCreate)
	create.Importance = widget.HighImportance
	open := widget.NewButtonWithIcon("Open a vault…", theme.FolderOpenIcon(), g.onOpenOther)
	items := []fyne.CanvasObject{title, body, where, layoutSpacer(8), container.NewHBox(create, open)}
	if recent := g.d.prefs.recent(); len(recent) > 0 {
		items = append(items, layoutSpacer(16), widget.NewLabelWithStyle("Vaults used on this computer", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		for _, p := range recent {
			p := p
			b := widget.NewButtonWithIcon(filepath.Base(p), theme.FolderIcon(), func() { g.showUnlock(p, false) })
			b.Alignment = widget.ButtonAlignLeading
			items = append(items, container.NewBorder(nil, nil, nil, small(filepath.Dir(p)), b))
		}
	}
	g.show(container.NewVBox(items...))
}

// showCreate asks where to keep a new vault and for its passphrase.
func (g *gate) showCreate() {
	g.clear()
	g.createDir = defaultVaultDir()
	g.where = widget.NewLabel(g.createDir)
	g.where.Wrapping = fyne.TextWrapBreak
	change := widget.NewButton("Change…", g.onChooseFolder)
	g.pass1 = newSecretField("")
	g.pass2 = newSecretField("")
	g.strength = para(strengthHint(""))
	g.strength.TextStyle.Italic = true
	g.pass1.OnChanged = func(string) { g.onPassChanged() }
	g.pass2.OnChanged = func(string) { g.onPassChanged() }
	g.pass2.OnSubmitted = func(string) { g.onCreate() }
	warn := para("Nobody can recover a forgotten passphrase, not even the people who make Redress. " +
		"Write it down and keep it somewhere safe, away from this computer.")
	warn.Importance = widget.WarningImportance
	warn.TextStyle.Bold = true
	back := widget.NewButton("Back", g.d.showWayIn)
	g.createBtn = widget.NewButtonWithIcon("Create the vault", theme.ConfirmIcon(), g.onCreate)
	g.createBtn.Importance = widget.HighImportance
	g.createBtn.Disable()
	status := g.newStatus()
	g.show(container.NewVBox(
		heading("Create a new vault"),
		para("Choose where to keep it and a passphrase. A few unrelated words make a passphrase that is strong and easy to remember."),
		formRow("Where to keep it", container.NewBorder(nil, nil, nil, change, g.where)),
		formRow("Passphrase", g.pass1),
		formRow("Type it again", g.pass2),
		g.strength,
		warn,
		container.NewHBox(back, layout.NewSpacer(), g.createBtn),
		status,
	))
	if c := g.d.win.Canvas(); c != nil {
		c.Focus(g.pass1)
	}
}

func (g *gate) onChooseFolder() {
	g.d.files.openFolder(g.d.win, func(dir string) {
		if empty, _ := dirEmpty(dir); !empty {
			dir = uniqueDir(filepath.Join(dir, defaultVaultName))
		}
		g.createDir = dir
		g.where.SetText(dir)
	})
}

func (g *gate) onPassChanged() {
	p1, p2 := g.pass1.Text, g.pass2.Text
	hint := strengthHint(p1)
	ok := len([]rune(p1)) >= minPassphrase
	if ok && p2 != "" && p1 != p2 {
		hint += " The two passphrases are not the same yet."
		ok = false
	}
	if p2 == "" {
		ok = false
	}
	g.strength.SetText(hint)
	if ok {
		g.createBtn.Enable()
	} else {
		g.createBtn.Disable()
	}
}

func (g *gate) onCreate() {
	if g.createBtn.Disabled() || g.pass1 == nil {
		return
	}
	pass := []byte(g.pass1.Text)
	dir := g.createDir
	g.createBtn.Disable()
	g.busy("Making your vault. Redress turns the passphrase into a key slowly on purpose, so that guessing it takes a very long time. This takes a few seconds.")
	g.seq++
	seq := g.seq
	type result struct {
		v   *store.Vault
		err error
	}
	opts := append(append([]store.Option{}, g.d.opts...), store.OnKDF(func(p store.KDFParams) {
		kit.Later(func() {
			if seq == g.seq && g.working != nil {
				g.working.SetText(fmt.Sprintf("Turning the passphrase into a key (%s). This takes a few seconds on purpose.", p))
			}
		})
	}))
	ctx := g.d.ctx
	kit.Background(func() result {
		if err := os.MkdirAll(filepath.Dir(dir), 0o700); err != nil {
			return result{nil, err}
		}
		v, err := store.Create(ctx, dir, pass, opts...)
		clear(pass)
		return result{v, err}
	}, func(r result) {
		if seq != g.seq {
			if r.v != nil {
				r.v.Close()
			}
			return
		}
		if r.err != nil {
			g.fail(r.err)
			g.createBtn.Enable()
			return
		}
		g.d.opened(r.v)
	})
}

// showUnlock asks for the passphrase of the vault at path. existing says the
// vault is already open in this window and only locked.
func (g *gate) showUnlock(path string, existing bool) {
	g.clear()
	g.unlockPath, g.existing = path, existing
	g.pass = newSecretField("Passphrase")
	g.pass.OnSubmitted = func(string) { g.onUnlock() }
	g.unlockBtn = widget.NewButtonWithIcon("Unlock", theme.LoginIcon(), g.onUnlock)
	g.unlockBtn.Importance = widget.HighImportance
	name := widget.NewLabelWithStyle(filepath.Base(path), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	place := small(filepath.Dir(path))
	intro := "Type your passphrase to open your vault."
	if existing {
		intro = "The vault is locked. Type your passphrase to carry on where you were."
	}
	other := widget.NewButtonWithIcon("Open a different vault…", theme.FolderOpenIcon(), g.onOpenOther)
	other.Importance = widget.LowImportance
	create := widget.NewButtonWithIcon("Create a new vault", theme.ContentAddIcon(), g.onCreateOther)
	create.Importance = widget.LowImportance
	status := g.newStatus()
	g.show(container.NewVBox(
		heading("Unlock your vault"),
		para(intro),
		container.NewHBox(widget.NewIcon(theme.FolderIcon()), name),
		place,
		container.NewBorder(nil, nil, nil, g.unlockBtn, g.pass),
		status,
		layoutSpacer(24),
		container.NewHBox(other, create),
	))
	g.d.win.Canvas().Focus(g.pass)
}

func (g *gate) onUnlock() {
	if g.pass == nil || g.unlockBtn.Disabled() {
		return
	}
	if g.pass.Text == "" {
		g.fail(errors.New("empty"))
		g.msg.SetText("Type your passphrase first.")
		return
	}
	pass := []byte(g.pass.Text)
	g.pass.SetText("")
	g.unlockBtn.Disable()
	g.busy("Checking the passphrase. This takes a moment on purpose, so that guessing it is slow.")
	g.seq++
	seq := g.seq
	path, existing, vault := g.unlockPath, g.existing, g.d.vault
	ctx := g.d.ctx
	opts := g.d.opts
	type result struct {
		v   *store.Vault
		err error
	}
	kit.Background(func() result {
		defer clear(pass)
		if existing && vault != nil {
			return result{vault, vault.Unlock(ctx, pass)}
		}
		v, err := store.Open(ctx, path, pass, opts...)
		return result{v, err}
	}, func(r result) {
		if seq != g.seq {
			if r.v != nil && r.v != vault {
				r.v.Close()
			}
			return
		}
		if r.err != nil {
			g.fail(r.err)
			g.unlockBtn.Enable()
			g.d.win.Canvas().Focus(g.pass)
			return
		}
		g.d.opened(r.v)
	})
}

// leaveLocked closes the locked vault before another is opened or created,
// asking first if writing is kept in memory for it.
func (g *gate) leaveLocked(then func()) {
	if g.d.vault == nil {
		then()
		return
	}
	if g.d.held != nil && g.d.held.hasWriting() {
		g.d.confirm("Leave this vault?", "You have writing that is not saved yet, kept in memory while this vault is locked. "+
			"If you open another vault now, it is lost.", "Lose it and go on", "Stay here", func(ok bool) {
			if ok {
				g.d.closeVault()
				then()
			}
		})
		return
	}
	g.d.closeVault()
	then()
}

func (g *gate) onOpenOther() {
	g.d.files.openFolder(g.d.win, func(dir string) {
		if !vaultExists(dir) {
			g.d.showMessage("That folder is not a vault",
				"A Redress vault is a folder with a file named vault.db in it. Choose the vault's folder, or create a new vault.")
			return
		}
		g.leaveLocked(func() { g.showUnlock(dir, false) })
	})
}

func (g *gate) onCreateOther() { g.leaveLocked(g.showCreate) }

// minPassphrase is the shortest passphrase a new vault accepts.
const minPassphrase = 8

// strengthHint says in plain words how hard a passphrase would be to guess.
func strengthHint(p string) string {
	n := len([]rune(p))
	words := len(strings.FieldsFunc(p, func(r rune) bool { return !unicode.IsLetter(r) }))
	var classes int
	for _, f := range []func(rune) bool{unicode.IsLower, unicode.IsUpper, unicode.IsDigit, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}} {
		if strings.IndexFunc(p, f) >= 0 {
			classes++
		}
	}
	lower := strings.ToLower(p)
	switch {
	case n == 0:
		return fmt.Sprintf("Use at least %d characters. Four or more unrelated words are strong and easy to remember.", minPassphrase)
	case n < minPassphrase:
		return fmt.Sprintf("Too short: use at least %d characters. A few unrelated words are easiest to remember.", minPassphrase)
	case strings.Count(lower, string([]rune(lower)[0])) == n || strings.Contains(lower, "password") ||
		strings.Contains(lower, "123456") || strings.Contains(lower, "qwerty"):
		return "Easy to guess. Avoid common words and patterns; choose a few unrelated words instead."
	case n >= 20 && words >= 4, n >= 24:
		return "Very strong."
	case n >= 14 && (words >= 3 || classes >= 3):
		return "Strong."
	case n >= 12:
		return "Fair. Adding another word would make it much stronger."
	}
	return "Weak: it could be guessed. Add a word or two."
}

// defaultVaultDir is where a new vault goes unless the person chooses: a new
// folder in their Documents folder (or home folder).
func defaultVaultDir() string {
	return uniqueDir(filepath.Join(store.DefaultParent(), defaultVaultName))
}

// uniqueDir returns path, or path with " 2", " 3"... if something non-empty is there.
func uniqueDir(path string) string {
	for i := 1; ; i++ {
		p := path
		if i > 1 {
			p = fmt.Sprintf("%s %d", path, i)
		}
		if empty, err := dirEmpty(p); err != nil || empty {
			return p
		}
	}
}

// dirEmpty reports whether dir does not exist or is an empty folder. The
// error is set when dir exists but is not a folder.
func dirEmpty(dir string) (bool, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return true, nil
	}
	if err != nil {
		return false, err
	}
	return len(entries) == 0, nil
}

var _ = context.Background
