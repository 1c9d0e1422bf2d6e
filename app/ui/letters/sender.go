package letters

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/redress-app/redress/app/casework"
	"github.com/redress-app/redress/app/ui/kit"
	"github.com/redress-app/redress/store"
)

// senderForm edits who letters are from: the name that signs them, the
// address the council replies to, and an email address. They are kept in the
// vault's encrypted settings (casework.SaveSender), never in preferences.
// The form keeps what was typed until it is saved, even when its dialog is
// closed, so nothing typed is lost.
type senderForm struct {
	v       *store.Vault
	onSaved func(casework.Sender)

	content fyne.CanvasObject
	name    *kit.Field
	address *kit.Field
	email   *kit.Field
	save    *widget.Button
	status  *widget.Label

	saved   casework.Sender // as last loaded or saved
	loaded  bool
	loadSeq int
}

// newSenderForm makes the form. onSaved, if not nil, is called (on the UI
// goroutine) after the details are saved. Call Load to fill it from the vault.
func newSenderForm(v *store.Vault, onSaved func(casework.Sender)) *senderForm {
	f := &senderForm{v: v, onSaved: onSaved}
	f.name = kit.NewField("")
	f.name.SetPlaceHolder("Your full name, as you sign letters")
	f.address = kit.NewTextArea("", 4)
	f.address.SetPlaceHolder("House number and street\nTown\nPostcode")
	f.address.SetMinRowsVisible(4)
	f.email = kit.NewField("")
	f.email.SetPlaceHolder("Optional: the council can reply by email")
	f.status = widget.NewLabel("")
	f.status.SizeName = theme.SizeNameCaptionText
	f.save = widget.NewButtonWithIcon("Save my details", theme.DocumentSaveIcon(), f.onSave)
	f.save.Importance = widget.HighImportance
	for _, e := range []*kit.Field{f.name, f.address, f.email} {
		e.OnChanged = func(string) { f.changed() }
	}
	intro := kit.Wrapped("Letters are signed with your name and show your address, so that the council can reply. " +
		"These details are kept in this vault, encrypted, and printed only on the letters you make.")
	form := widget.NewForm(
		widget.NewFormItem("Your name", f.name),
		widget.NewFormItem("Your address", f.address),
		widget.NewFormItem("Email", f.email),
	)
	f.content = container.NewVBox(kit.Subheading("Your details for letters"), intro, form,
		container.NewBorder(nil, nil, nil, f.save, f.status))
	f.changed()
	return f
}

// Load fills the form from the vault's settings, off the UI goroutine. What
// has been typed and not saved is kept.
func (f *senderForm) Load() {
	f.loadSeq++
	seq := f.loadSeq
	type result struct {
		s   casework.Sender
		err error
	}
	kit.Background(func() result {
		s, err := casework.LoadSender(context.Background(), f.v)
		return result{s, err}
	}, func(r result) {
		if seq != f.loadSeq {
			return
		}
		if r.err != nil {
			f.status.SetText(kit.PlainError(r.err))
			return
		}
		typed := f.dirty()
		f.saved, f.loaded = r.s, true
		if !typed {
			f.name.SetText(r.s.Name)
			f.address.SetText(r.s.Address)
			f.email.SetText(r.s.Email)
		}
		f.changed()
	})
}

func (f *senderForm) typed() casework.Sender {
	return casework.Sender{Name: strings.TrimSpace(f.name.Text), Address: strings.TrimSpace(f.address.Text), Email: strings.TrimSpace(f.email.Text)}
}

// dirty reports whether the form holds typing that is not saved.
func (f *senderForm) dirty() bool {
	t := f.typed()
	return t.Name != strings.TrimSpace(f.saved.Name) || t.Address != strings.TrimSpace(f.saved.Address) || t.Email != strings.TrimSpace(f.saved.Email)
}

func (f *senderForm) changed() {
	if f.dirty() {
		f.save.Enable()
		f.status.SetText("Not saved yet.")
	} else {
		f.save.Disable()
		if f.loaded && (f.saved.Name == "" || f.saved.Address == "") {
			f.status.SetText("Letters show a placeholder where anything is missing.")
		} else if f.loaded {
			f.status.SetText("Saved.")
		} else {
			f.status.SetText("")
		}
	}
}

func (f *senderForm) onSave() {
	s := f.typed()
	f.save.Disable()
	f.status.SetText("Saving…")
	kit.Background(func() error {
		return casework.SaveSender(context.Background(), f.v, s)
	}, func(err error) {
		if err != nil {
			f.status.SetText(kit.PlainError(err))
			f.save.Enable()
			return
		}
		f.saved, f.loaded = s, true
		f.changed()
		if f.onSaved != nil {
			f.onSaved(s)
		}
	})
}

// complete reports whether the saved details have a name and an address.
func (s senderDetails) complete() bool {
	return strings.TrimSpace(s.Name) != "" && strings.TrimSpace(s.Address) != ""
}

// senderDetails is casework.Sender with the test letters need.
type senderDetails casework.Sender

// showSenderDialog shows form f in a dialog over win. Closing the dialog
// keeps what was typed in the form.
func showSenderDialog(win fyne.Window, f *senderForm) dialog.Dialog {
	d := dialog.NewCustom("Your details for letters", "Close", container.NewPadded(f.content), win)
	d.Resize(fyne.NewSize(620, 440))
	d.Show()
	return d
}
