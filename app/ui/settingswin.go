package ui

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/redress-app/redress/app/ui/kit"
	"github.com/redress-app/redress/assets"
	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/letters/polish"
	"github.com/redress-app/redress/store"
)

// lockChoices are the idle times offered, in minutes.
var lockChoices = []int{1, 2, 5, 10, 15, 30, 60}

// settingsWindow is Settings, in its own window: safety, appearance, the
// vault (passphrase, backup, restore, verify) and AI drafting help. It closes
// when the vault locks.
type settingsWindow struct {
	d       *desk
	win     fyne.Window
	dialogs dialogStack
	router  *keyRouter

	lockAfter *widget.Select
	neutral   *widget.Check
	remember  *widget.Check
	textSize  *widget.Select
	variant   *widget.Select

	aiOn       *widget.Check
	aiEndpoint *field
	aiModel    *field
	aiKey      *field
	aiWhere    *widget.Label
	aiResult   *widget.Label
	aiTest     *widget.Button
	aiSave     *widget.Button
	aiLoaded   polish.Settings

	busy    *widget.Label
	busyBar *widget.ProgressBarInfinite
	busyBox *fyne.Container
}

// showSettings opens the settings window, or brings it forward.
func (d *desk) showSettings() {
	if d.settings != nil {
		d.settings.win.RequestFocus()
		return
	}
	d.settings = newSettingsWindow(d)
	d.settings.win.Show()
}

func newSettingsWindow(d *desk) *settingsWindow {
	w := &settingsWindow{d: d}
	w.win = d.app.NewWindow(settingsTitle)
	w.router = &keyRouter{Activity: d.touch, Escape: w.dialogs.closeTop}
	routeKeys(w.win.Canvas(), w.router)
	w.win.Canvas().SetOnTypedKey(func(k *fyne.KeyEvent) {
		d.touch()
		if k.Name == fyne.KeyEscape && !w.dialogs.closeTop() {
			w.close()
		}
	})
	w.win.SetOnClosed(func() {
		unrouteKeys(w.win.Canvas())
		if d.settings == w {
			d.settings = nil
		}
	})
	w.busy = small("")
	w.busyBar = widget.NewProgressBarInfinite()
	w.busyBox = container.NewVBox(w.busy, w.busyBar)
	w.busyBox.Hide()
	b := assets.Build()
	about := small("Redress " + b.Version + " (" + b.Short() + ")")
	body := container.NewVBox(w.safetyCard(), w.lookCard(), w.vaultCard(), w.aiCard(), w.busyBox, about)
	w.win.SetContent(newActivityLayer(container.NewVScroll(container.NewPadded(body)), d.touch))
	w.win.Resize(fyne.NewSize(720, 760))
	w.loadAI()
	return w
}

func (w *settingsWindow) close() {
	w.dialogs.closeAll()
	w.win.Close()
}

func (w *settingsWindow) safetyCard() fyne.CanvasObject {
	p := w.d.prefs
	var opts []string
	for _, m := range lockChoices {
		opts = append(opts, minutesWords(m))
	}
	w.lockAfter = widget.NewSelect(opts, func(s string) {
		for _, m := range lockChoices {
			if minutesWords(m) == s {
				p.setLockMinutes(m)
				w.d.idle.limit = w.d.lockAfter()
			}
		}
	})
	w.lockAfter.SetSelected(minutesWords(p.lockMinutes()))
	w.neutral = widget.NewCheck("Call the window “Notes” instead of “Redress”", func(on bool) {
		p.setNeutral(on)
		w.d.win.SetTitle(p.title())
	})
	w.neutral.SetChecked(p.neutral())
	w.remember = widget.NewCheck("Remember which vaults were opened on this computer", func(on bool) { p.setRemember(on) })
	w.remember.SetChecked(p.remember())
	return widget.NewCard("Safety", "", container.NewVBox(
		formRow("Lock the vault after this long without use", w.lockAfter),
		hint("Locking hides everything and needs your passphrase to come back. Ctrl+L locks at once."),
		w.neutral,
		hint("For a computer you share: the window's title then gives nothing away. Nothing about a case is ever put in a window title."),
		w.remember,
		hint("Redress remembers only where vaults are, never what is in them. Turn this off to forget the list."),
	))
}

func minutesWords(m int) string {
	if m == 1 {
		return "1 minute"
	}
	if m == 60 {
		return "1 hour"
	}
	return strconv.Itoa(m) + " minutes"
}

func (w *settingsWindow) lookCard() fyne.CanvasObject {
	p := w.d.prefs
	var sizes []string
	for _, s := range textScales {
		sizes = append(sizes, s.label)
	}
	w.textSize = widget.NewSelect(sizes, func(label string) {
		for _, s := range textScales {
			if s.label == label && s.key != p.textSize() {
				p.setTextSize(s.key)
				applyLook(w.d.app, p)
			}
		}
	})
	for _, s := range textScales {
		if s.key == p.textSize() {
			w.textSize.SetSelected(s.label)
		}
	}
	var variants []string
	for _, c := range themeChoices {
		variants = append(variants, c.label)
	}
	w.variant = widget.NewSelect(variants, func(label string) {
		for _, c := range themeChoices {
			if c.label == label && c.key != p.themeVariant() {
				p.setThemeVariant(c.key)
				applyLook(w.d.app, p)
			}
		}
	})
	for _, c := range themeChoices {
		if c.key == p.themeVariant() {
			w.variant.SetSelected(c.label)
		}
	}
	return widget.NewCard("Appearance", "", container.NewGridWithColumns(2,
		formRow("Text size", w.textSize), formRow("Light or dark", w.variant)))
}

func (w *settingsWindow) vaultCard() fyne.CanvasObject {
	name := "No vault is open."
	if w.d.vault != nil {
		name = "This vault: " + w.d.vault.Path()
	}
	pass := widget.NewButtonWithIcon("Change passphrase…", theme.AccountIcon(), w.onChangePassphrase)
	backup := widget.NewButtonWithIcon("Back up…", theme.DownloadIcon(), w.onBackup)
	restore := widget.NewButtonWithIcon("Restore a backup…", theme.UploadIcon(), w.onRestore)
	verify := widget.NewButtonWithIcon("Check the vault", theme.ConfirmIcon(), w.onVerify)
	l := small(name)
	l.Wrapping = fyne.TextWrapBreak
	l.Truncation = fyne.TextTruncateOff
	return widget.NewCard("Vault", "", container.NewVBox(l,
		container.NewGridWithColumns(2, pass, verify, backup, restore),
		hint("A backup is one file, as locked as the vault, that opens with the passphrase you use now. "+
			"Keep one somewhere other than this computer. Restoring makes a new vault from it; it never overwrites one.")))
}

func (w *settingsWindow) working(what string) {
	w.busy.SetText(what)
	w.busyBox.Show()
}

func (w *settingsWindow) done() { w.busyBox.Hide() }

func (w *settingsWindow) message(title, msg string) {
	w.dialogs.show(dialog.NewCustom(title, "Close", sizedPara(msg, 460), w.win))
}

func (w *settingsWindow) onChangePassphrase() {
	if w.d.vault == nil {
		return
	}
	old := newSecretField("")
	p1 := newSecretField("")
	p2 := newSecretField("")
	hint := para(strengthHint(""))
	hint.TextStyle.Italic = true
	update := func(string) {
		h := strengthHint(p1.Text)
		if p2.Text != "" && p1.Text != p2.Text {
			h += " The two new passphrases are not the same yet."
		}
		hint.SetText(h)
	}
	p1.OnChanged, p2.OnChanged = update, update
	warn := para("Nobody can recover a forgotten passphrase. Backups made before this change still open with the old passphrase.")
	content := container.NewVBox(formRow("Your passphrase now", old), formRow("New passphrase", p1),
		formRow("Type the new one again", p2), hint, warn)
	dl := dialog.NewCustomConfirm("Change passphrase", "Change it", "Cancel", container.New(&fixedWidth{460}, content), func(ok bool) {
		if !ok {
			return
		}
		switch {
		case len([]rune(p1.Text)) < minPassphrase:
			w.message("The new passphrase is too short", fmt.Sprintf("Use at least %d characters. Nothing was changed.", minPassphrase))
			return
		case p1.Text != p2.Text:
			w.message("The new passphrases are not the same", "Type the new passphrase the same way twice. Nothing was changed.")
			return
		}
		oldB, newB := []byte(old.Text), []byte(p1.Text)
		old.SetText("")
		p1.SetText("")
		p2.SetText("")
		w.working("Changing the passphrase. This takes a few seconds on purpose.")
		v, ctx := w.d.vault, w.d.ctx
		kit.Background(func() error {
			defer clear(oldB)
			defer clear(newB)
			return v.ChangePassphrase(ctx, oldB, newB)
		}, func(err error) {
			w.done()
			if err != nil {
				w.message("The passphrase was not changed", kit.Sentence(err))
				return
			}
			w.message("Passphrase changed", "From now on the vault opens with the new passphrase. Write it down somewhere safe.")
		})
	}, w.win)
	w.dialogs.show(dl)
}

func (w *settingsWindow) onBackup() {
	if w.d.vault == nil {
		return
	}
	name := "Redress backup " + w.d.today().String() + ".redress-backup"
	w.d.files.saveFile(w.win, name, func(path string) {
		w.working("Making the backup and checking every record in it…")
		v, ctx := w.d.vault, w.d.ctx
		kit.Background(func() error { return v.Backup(ctx, path) }, func(err error) {
			w.done()
			if err != nil {
				w.message("The backup was not made", kit.Sentence(err))
				return
			}
			w.message("Backup made", "The backup is in "+path+". It is as locked as the vault and opens with the passphrase you use now. "+
				"Keep a copy somewhere other than this computer.")
		})
	})
}

func (w *settingsWindow) onRestore() {
	w.d.files.openFile(w.win, nil, func(from string) {
		w.message("Choose where the restored vault goes", "Next, choose an empty folder (or a place for a new one). "+
			"The backup is made into a new vault there; nothing existing is overwritten.")
		w.d.files.openFolder(w.win, func(dir string) {
			if empty, err := dirEmpty(dir); err != nil || !empty {
				dir = uniqueDir(filepath.Join(dir, "Restored vault"))
			}
			pass := newSecretField("")
			content := container.NewVBox(para("Type the passphrase the backup was made with."), pass)
			dl := dialog.NewCustomConfirm("Restore the backup", "Restore", "Cancel", container.New(&fixedWidth{420}, content), func(ok bool) {
				if !ok {
					return
				}
				pb := []byte(pass.Text)
				pass.SetText("")
				w.working("Restoring the backup and checking every record in it…")
				ctx, opts := w.d.ctx, w.d.opts
				kit.Background(func() error {
					defer clear(pb)
					return store.Restore(ctx, from, dir, pb, opts...)
				}, func(err error) {
					w.done()
					if err != nil {
						w.message("The backup was not restored", kit.Sentence(err))
						return
					}
					w.d.prefs.addRecent(dir)
					w.message("Backup restored", "The backup is now a vault in "+dir+". To use it, lock this vault, choose "+
						"“Open a different vault…” and choose that folder.")
				})
			}, w.win)
			w.dialogs.show(dl)
		})
	})
}

func (w *settingsWindow) onVerify() {
	if w.d.vault == nil {
		return
	}
	w.working("Checking every record and document in the vault…")
	v, ctx := w.d.vault, w.d.ctx
	type result struct {
		infos []store.CaseInfo
		err   error
	}
	kit.Background(func() result {
		err := v.Verify(ctx)
		infos, _ := v.Cases(ctx)
		return result{infos, err}
	}, func(r result) {
		w.done()
		w.message("Vault check", verifyReport(r.infos, r.err))
	})
}

// verifyReport is the check's result in words: each case, then the verdict.
func verifyReport(infos []store.CaseInfo, err error) string {
	var b strings.Builder
	if err == nil {
		b.WriteString("Everything checks out: the vault's files, every record of every case and every document are as Redress wrote them.\n\n")
	} else {
		b.WriteString("A problem was found. ")
		var re *store.RecordError
		if errors.As(err, &re) {
			where := "the vault's own structure"
			for _, in := range infos {
				if in.ID == re.Case && re.Case != "" {
					where = "the case “" + in.Title + "”"
				}
			}
			if re.Seq > 0 {
				fmt.Fprintf(&b, "Record number %d of %s does not verify", re.Seq, where)
			} else {
				b.WriteString("Part of " + where + " does not verify")
			}
			if re.Object != "" {
				b.WriteString(" (it is about " + objectWords(re.Object) + ")")
			}
			b.WriteString(". ")
		}
		if errors.Is(err, casefile.ErrTampered) || errors.As(err, &re) {
			b.WriteString("It may have been damaged, or changed outside Redress. Nothing has been changed by this check. " +
				"Restore from a backup made before the problem, and keep this vault as it is in case it is needed.\n\n")
		} else {
			b.WriteString(kit.Sentence(err) + "\n\n")
		}
	}
	for _, in := range infos {
		state := "verifies"
		if in.Err != nil {
			state = "does NOT verify"
		}
		fmt.Fprintf(&b, "• %s: %s, %s\n", in.Title, countWords(in.Records, "record", "records"), state)
	}
	return strings.TrimSpace(b.String())
}

// objectWords says "note n4" as "a journal entry".
func objectWords(obj string) string {
	kind, _, _ := strings.Cut(obj, " ")
	switch kind {
	case store.TypeNote:
		return "a journal entry"
	case store.TypeEvent:
		return "an event"
	case store.TypeDocument:
		return "a document"
	case store.TypeChild:
		return "a child"
	case store.TypePerson:
		return "a person"
	case store.TypeLetter:
		return "a letter"
	case store.TypeCase:
		return "the case's details"
	}
	return "an item"
}

func (w *settingsWindow) aiCard() fyne.CanvasObject {
	w.aiOn = widget.NewCheck("Use AI help for drafting", func(bool) { w.aiChanged() })
	w.aiEndpoint = newField("http://localhost:11434/v1")
	w.aiModel = newField("for example llama3.1:8b")
	w.aiKey = newSecretField("empty for most programs on this computer")
	w.aiWhere = para("")
	w.aiWhere.TextStyle.Bold = true
	w.aiResult = para("")
	w.aiEndpoint.OnChanged = func(string) { w.aiChanged() }
	w.aiModel.OnChanged = func(string) { w.aiChanged() }
	w.aiKey.OnChanged = func(string) { w.aiChanged() }
	w.aiTest = widget.NewButtonWithIcon("Test connection", theme.MediaPlayIcon(), w.onAITest)
	w.aiSave = widget.NewButtonWithIcon("Save AI settings", theme.DocumentSaveIcon(), w.onAISave)
	w.aiSave.Importance = widget.HighImportance
	intro := para("Off unless you turn it on. When it is on, Redress can send the text of a letter or note to an AI program to improve the wording. " +
		"You see exactly what would be sent first; names and contact details are replaced before anything is sent, and a reply that adds a date, a name or a legal citation that is not in your record is refused.")
	return widget.NewCard("AI drafting help", "", container.NewVBox(intro, w.aiOn,
		formRow("Address of the AI program (OpenAI-compatible)", w.aiEndpoint),
		container.NewGridWithColumns(2, formRow("Model", w.aiModel), formRow("API key", w.aiKey)),
		w.aiWhere, container.NewHBox(w.aiTest, layout.NewSpacer(), w.aiSave), w.aiResult,
		hint("These settings are kept locked inside the vault, never in Redress's preferences.")))
}

// loadAI reads the AI settings from the vault.
func (w *settingsWindow) loadAI() {
	if w.d.vault == nil {
		return
	}
	v, ctx := w.d.vault, w.d.ctx
	kit.Background(func() polish.Settings {
		if s, ok := readAISettings(ctx, v); ok {
			return s
		}
		return polish.DefaultSettings()
	}, func(s polish.Settings) {
		w.aiLoaded = s
		w.aiOn.SetChecked(s.Enabled)
		w.aiEndpoint.SetText(s.Endpoint)
		w.aiModel.SetText(s.Model)
		w.aiKey.SetText(s.APIKey)
		w.aiChanged()
	})
}

func (w *settingsWindow) aiSettings() polish.Settings {
	s := w.aiLoaded
	s.Enabled = w.aiOn.Checked
	s.Endpoint = strings.TrimSpace(w.aiEndpoint.Text)
	s.Model = strings.TrimSpace(w.aiModel.Text)
	s.APIKey = strings.TrimSpace(w.aiKey.Text)
	return s
}

// aiChanged says where the text would go, in words, as the address is typed.
func (w *settingsWindow) aiChanged() {
	s := w.aiSettings()
	on := s.Enabled
	for _, o := range []fyne.Disableable{w.aiEndpoint, w.aiModel, w.aiKey, w.aiTest} {
		if on {
			o.Enable()
		} else {
			o.Disable()
		}
	}
	switch {
	case !on:
		w.aiWhere.SetText("AI help is off: nothing is ever sent anywhere.")
	case s.Endpoint == "":
		w.aiWhere.SetText("Give the address of the AI program.")
	default:
		dest, err := polish.Where(s.Endpoint)
		if err != nil {
			w.aiWhere.SetText(kit.Sentence(err))
		} else {
			w.aiWhere.SetText(dest.Statement)
		}
	}
}

func (w *settingsWindow) onAISave() {
	s := w.aiSettings()
	if err := s.Validate(); err != nil {
		w.aiResult.SetText(kit.Sentence(err))
		return
	}
	data, err := json.Marshal(s)
	if err != nil {
		w.aiResult.SetText(kit.Sentence(err))
		return
	}
	v, ctx := w.d.vault, w.d.ctx
	kit.Background(func() error { return v.SetSetting(ctx, aiSettingKey, string(data)) }, func(err error) {
		if err != nil {
			w.aiResult.SetText(kit.Sentence(err))
			return
		}
		w.aiLoaded = s
		if s.Enabled {
			w.aiResult.SetText("Saved. AI help is on.")
		} else {
			w.aiResult.SetText("Saved. AI help is off.")
		}
	})
}

func (w *settingsWindow) onAITest() {
	s := w.aiSettings()
	if err := s.Validate(); err != nil {
		w.aiResult.SetText(kit.Sentence(err))
		return
	}
	c, err := polish.New(s)
	if err != nil {
		w.aiResult.SetText(kit.Sentence(err))
		return
	}
	w.aiResult.SetText("Testing… nothing from your cases is sent.")
	w.working("Asking the AI program whether it is there…")
	ctx := w.d.ctx
	type result struct {
		rep polish.ConnectionReport
		err error
	}
	kit.Background(func() result {
		ctx, cancel := context.WithTimeout(ctx, s.Timeout())
		defer cancel()
		rep, err := c.TestConnection(ctx)
		return result{rep, err}
	}, func(r result) {
		w.done()
		if r.err != nil {
			w.aiResult.SetText(kit.Sentence(r.err))
			return
		}
		w.aiResult.SetText(connectionWords(r.rep, s.Model))
	})
}

// connectionWords says what a connection test found.
func connectionWords(rep polish.ConnectionReport, model string) string {
	switch {
	case rep.ModelListed:
		return "It works: the AI program answered and has the model “" + model + "”."
	case len(rep.Models) > 0:
		shown := rep.Models
		if len(shown) > 5 {
			shown = shown[:5]
		}
		return "The AI program answered, but it does not list the model “" + model + "”. It has: " + strings.Join(shown, ", ") + "."
	case rep.Replied:
		return "It works: the AI program answered."
	}
	return "The AI program answered."
}
