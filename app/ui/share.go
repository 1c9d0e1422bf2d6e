package ui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync/atomic"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/redress-app/redress/app/casework"
	"github.com/redress-app/redress/app/casework/pack"
	"github.com/redress-app/redress/app/ui/kit"
	"github.com/redress-app/redress/app/ui/redaction"
	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/documents"
	"github.com/redress-app/redress/letters/redact"
)

// "Share with a solicitor..." (issue 17 section 1): the open case as one
// encrypted hand-over pack (app/casework/pack), to a passphrase the family
// passes on separately or to the receiver's age key. The warning before
// sharing comes first; the file goes where the app's own save form says
// (never Fyne's save dialog); the packing shows its progress and can be
// cancelled, leaving no file.

// shareWorkFactor is the scrypt work factor of passphrase packs; 0 is age's
// default. Tests lower it.
var shareWorkFactor = 0

// shareStarted is called off the UI goroutine as packing starts; tests use
// it to hold the packing until they cancel it.
var shareStarted = func(ctx context.Context) {}

// Share modes.
const (
	shareByPassphrase = "With a passphrase you give them separately"
	shareByKey        = "With their own age key (they send you a public key starting age1…)"
)

// shareForm is the dialog's state.
type shareForm struct {
	s      *shell
	caseID string
	c      *casefile.Case

	mode      *widget.RadioGroup
	pass1     *widget.Entry
	pass2     *widget.Entry
	strength  *widget.Label
	passBox   *fyne.Container
	recipient *widget.Entry
	keyBox    *fyne.Container
	where     *widget.Label
	choose    *widget.Button
	scroll    *container.Scroll
	path      string
	msg       *widget.Label
	makeBtn   *widget.Button
	content   fyne.CanvasObject
	form      fyne.CanvasObject // the form, to come back to from a preview
	dlg       dialog.Dialog

	// A redacted copy: the choice, and once the preview is shown, what it
	// lists and how to go on (tests call previewSave for the button).
	redact      *widget.Check
	previewed   []casework.RedactChange
	previewSave func()

	// While packing: the progress and how to stop it.
	progress *widget.ProgressBar
	doing    *widget.Label
	stop     context.CancelFunc
	result   string // what the last attempt ended with, for tests
}

// packFileName is the name offered for a pack: never anything from the case,
// which a shared computer's recent-files list could show.
func (s *shell) packFileName() string { return "case-" + s.d.today().String() + ".redress" }

// onShare is "Share with a solicitor…".
func (s *shell) onShare() {
	if !s.caseReady() || kit.SharingWarned(s.d.win, s.cur.c, "the whole case", s.onShare) {
		return
	}
	f := newShareForm(s, s.cur.info.ID, s.cur.c)
	f.dlg = dialog.NewCustomWithoutButtons("Share with a solicitor or advocate", f.content, s.d.win)
	f.dlg.Resize(fyne.NewSize(700, 640))
	f.dlg.Show()
	s.d.win.Canvas().Focus(f.pass1)
	s.share = f
}

func newShareForm(s *shell, caseID string, c *casefile.Case) *shareForm {
	f := &shareForm{s: s, caseID: caseID, c: c}
	f.pass1 = widget.NewPasswordEntry()
	f.pass1.SetPlaceHolder("Passphrase: four or more unrelated words")
	f.pass2 = widget.NewPasswordEntry()
	f.pass2.SetPlaceHolder("The same passphrase again")
	f.strength = kit.Wrapped("")
	f.pass1.OnChanged = func(string) { f.showStrength() }
	f.showStrength()
	sendNote := kit.Wrapped(pack.SendSeparately + " Anyone with the file and the passphrase can read the whole case.")
	f.passBox = container.NewVBox(f.pass1, f.pass2, f.strength,
		kit.NoticeBox(theme.InfoIcon(), theme.ColorNamePrimary, sendNote))
	f.recipient = widget.NewEntry()
	f.recipient.SetPlaceHolder("age1…")
	f.keyBox = container.NewVBox(f.recipient, kit.Quiet("Only the person holding the matching secret key can open the file: no passphrase to pass on. "+
		"Ask them for their public key (it starts age1) by a way you trust."))
	f.mode = widget.NewRadioGroup([]string{shareByPassphrase, shareByKey}, func(string) { f.showMode() })
	f.mode.Required = true
	f.mode.SetSelected(shareByPassphrase)
	f.where = kit.Wrapped("Not chosen yet.")
	f.choose = widget.NewButtonWithIcon("Choose where to save…", theme.FolderOpenIcon(), f.chooseWhere)
	f.msg = kit.Wrapped("")
	f.msg.Importance = widget.DangerImportance
	f.msg.Hide()
	f.redact = redaction.Check()
	f.redact.OnChanged = func(on bool) {
		if on {
			sendNote.SetText(pack.SendSeparately + " Anyone with the file and the passphrase can read everything left in it.")
		} else {
			sendNote.SetText(pack.SendSeparately + " Anyone with the file and the passphrase can read the whole case.")
		}
	}
	f.makeBtn = widget.NewButtonWithIcon("Make the pack", theme.ConfirmIcon(), f.onMake)
	f.makeBtn.Importance = widget.HighImportance
	cancel := widget.NewButton("Cancel", func() { f.close() })
	// The form scrolls; its right edge stays clear of the scroll bar, which
	// is drawn over the content and would cover the entries' ends and the
	// "Choose where to save…" button.
	f.scroll = container.NewVScroll(container.New(layout.NewCustomPaddedLayout(0, 0, 0, theme.ScrollBarSize()+theme.Padding()), container.NewVBox(
		kit.Wrapped("This makes one encrypted file holding this case's whole record: every entry with its history, the documents, "+
			"the letters, and a checkpoint that proves it is your record. Whoever you give it to can read it with Redress, "+
			"without a vault, and can change nothing in it."),
		kit.Subheading("How will they open it?"), f.mode, f.passBox, f.keyBox,
		kit.Subheading("Names and details"),
		f.redact,
		kit.Quiet("A redacted pack is a copy with what you choose taken out of every entry, letter and document. Documents are drawn again "+
			"as pictures with black boxes; a recording cannot be redacted, so it is left out. The checkpoint still shows which record the copy came from. "+
			"They can read and check it, but not add it to their vault as your record."),
		kit.Subheading("Where the file goes"),
		container.NewBorder(nil, nil, nil, f.choose, f.where),
		kit.Quiet("The file is encrypted: without the passphrase or key nobody can read it. Send it by email, a file-sharing link or a USB stick."),
	)))
	f.content = container.NewBorder(nil, container.NewVBox(f.msg, container.NewHBox(layoutSpacerH(), cancel, f.makeBtn)), nil, nil, f.scroll)
	f.form = f.content
	return f
}

// layoutSpacerH pushes what follows it to the right of an HBox.
func layoutSpacerH() fyne.CanvasObject { return layout.NewSpacer() }

func (f *shareForm) showMode() {
	if f.mode.Selected == shareByKey {
		f.passBox.Hide()
		f.keyBox.Show()
	} else {
		f.keyBox.Hide()
		f.passBox.Show()
	}
}

func (f *shareForm) showStrength() {
	if f.pass1.Text == "" {
		f.strength.SetText("Passphrase strength: type one to see.")
		return
	}
	f.strength.SetText("Passphrase strength: " + pack.PassphraseStrength([]byte(f.pass1.Text)).Words() + ".")
}

func (f *shareForm) chooseWhere() {
	f.s.d.files.saveFile(f.s.d.win, f.s.packFileName(), func(path string) {
		f.path = withExt(path, ".redress", []string{".redress"})
		f.where.SetText(f.path)
	})
}

func (f *shareForm) fail(msg string) {
	f.msg.SetText(msg)
	f.msg.Show()
}

// options checks the form and says what to pack with.
func (f *shareForm) options() (pack.Options, bool) {
	opt := pack.Options{Now: f.s.d.now(), WorkFactor: shareWorkFactor}
	if f.mode.Selected == shareByKey {
		r := strings.TrimSpace(f.recipient.Text)
		if r == "" || pack.CheckRecipient(r) != nil {
			f.fail("That is not an age public key. It starts age1 and is one long line; ask them to send it again, or use a passphrase.")
			return opt, false
		}
		opt.Recipient = r
	} else {
		switch {
		case f.pass1.Text == "":
			f.fail("Type a passphrase for the pack.")
			return opt, false
		case f.pass1.Text != f.pass2.Text:
			f.fail("The two passphrases are not the same. Type them again.")
			return opt, false
		}
		opt.Passphrase = []byte(f.pass1.Text)
	}
	if f.path == "" {
		f.fail("Choose where to save the file first.")
		return opt, false
	}
	return opt, true
}

// onMake packs the case into the chosen file, off the UI goroutine, with
// progress and a Cancel button.
func (f *shareForm) onMake() {
	if f.stop != nil {
		return
	}
	f.msg.Hide()
	opt, ok := f.options()
	if !ok {
		return
	}
	if f.redact.Checked {
		redaction.Ask(f.s.d.win, func(spec redact.Spec) { f.previewRedacted(spec, opt) })
		return
	}
	f.makePack(opt)
}

// previewRedacted finds everything a redacted pack with spec takes out,
// off the UI goroutine, and shows the preview of every change; saving it
// makes the pack.
func (f *shareForm) previewRedacted(spec redact.Spec, opt pack.Options) {
	red, err := casework.RedactorFor(f.c, spec)
	if err != nil {
		f.fail("Those cannot be taken out: " + kit.PlainError(err))
		return
	}
	s := f.s
	ctx, stop := context.WithCancel(s.ctx())
	f.stop = stop
	bar := widget.NewProgressBarInfinite()
	cancel := widget.NewButtonWithIcon("Cancel", theme.CancelIcon(), stop)
	f.showContent(container.NewVBox(kit.Wrapped("Finding what to take out: Redress reads every entry, letter and page. Scanned pages take longer."),
		bar, container.NewHBox(layoutSpacerH(), cancel)))
	v, caseID, epoch := s.vault(), f.caseID, s.d.epoch
	type found struct {
		changes []casework.RedactChange
		err     error
	}
	kit.Background(func() found {
		r := documents.New(documents.Options{})
		defer r.Close()
		pr := &casework.PackRedacter{Redactor: red, Reader: r, Vault: v, Case: caseID}
		if _, err := pack.Redact(ctx, v, caseID, pr); err != nil {
			return found{err: err}
		}
		return found{changes: pr.PreviewChanges()}
	}, func(r found) {
		stop()
		f.stop = nil
		if !s.alive(epoch) {
			return
		}
		bar.Stop()
		f.showContent(f.form)
		switch {
		case errors.Is(r.err, context.Canceled):
			return
		case r.err != nil:
			f.fail("The redacted copy could not be made: " + kit.PlainError(r.err))
			return
		}
		f.previewed = r.changes
		f.previewSave = func() {
			opt.Redact = &casework.PackRedacter{Redactor: red, Vault: v, Case: caseID}
			f.makePack(opt)
		}
		redaction.ShowPreview(s.d.win, r.changes, f.previewSave)
	})
}

// makePack writes the pack with opt to the chosen file.
func (f *shareForm) makePack(opt pack.Options) {
	path := f.path
	s := f.s
	ctx, stop := context.WithCancel(s.ctx())
	f.stop = stop
	f.doing = kit.Wrapped("Packing the case…")
	if opt.Redact != nil {
		f.doing.SetText("Taking out what you chose, and drawing the documents again as pictures with black boxes. Long or scanned documents take a while…")
	}
	f.progress = widget.NewProgressBar()
	cancel := widget.NewButtonWithIcon("Cancel", theme.CancelIcon(), stop)
	f.showContent(container.NewVBox(f.doing, f.progress, container.NewHBox(layoutSpacerH(), cancel)))
	total := packSize(f.c)
	var written atomic.Int64
	var shown atomic.Int64
	report := func(n int64) {
		w := written.Add(n)
		if w-shown.Load() < total/50+1 {
			return
		}
		shown.Store(w)
		kit.Later(func() {
			if f.stop != nil && f.progress != nil {
				f.progress.SetValue(min(0.99, float64(w)/float64(total)))
				f.doing.SetText(fmt.Sprintf("Packing the case: %s of about %s written…", sizeWords(w), sizeWords(total)))
			}
		})
	}
	v, caseID := s.vault(), f.caseID
	epoch := s.d.epoch
	type result struct {
		m   *pack.Manifest
		err error
	}
	kit.Background(func() result {
		defer clear(opt.Passphrase)
		var m *pack.Manifest
		shareStarted(ctx)
		if pr, ok := opt.Redact.(*casework.PackRedacter); ok && pr.Reader == nil {
			pr.Reader = documents.New(documents.Options{})
			defer pr.Reader.Close()
		}
		err := writeExport(ctx, path, func(ctx context.Context, w io.Writer) error {
			var err error
			m, err = pack.Write(ctx, &progressWriter{w: w, ctx: ctx, add: report}, v, caseID, opt)
			return err
		})
		return result{m, err}
	}, func(r result) {
		stop()
		f.stop = nil
		if !s.alive(epoch) {
			return
		}
		f.pass1.SetText("")
		f.pass2.SetText("")
		switch {
		case r.err == nil:
			f.result = "made"
			f.showContent(f.doneView(path, r.m, opt.Recipient != ""))
		case errors.Is(r.err, context.Canceled):
			f.result = "cancelled"
			f.close()
			s.d.showMessage("The pack was not made", "You cancelled it. No file was left behind.")
		default:
			f.result = "failed"
			f.close()
			s.d.showError("The pack was not made", r.err)
		}
	})
}

// doneView says where the pack is and how the receiver checks it.
func (f *shareForm) doneView(path string, m *pack.Manifest, toKey bool) fyne.CanvasObject {
	cp := widget.NewEntry()
	cp.SetText(m.Checkpoint)
	cp.Disable()
	how := pack.SendSeparately
	if toKey {
		how = "Only the holder of that age key can open it."
	}
	closeBtn := widget.NewButton("Close", f.close)
	closeBtn.Importance = widget.HighImportance
	what := kit.Wrapped(fmt.Sprintf("Saved in %s: the whole case, %s and %s, encrypted.", path,
		countWords(m.Records, "record", "records"), countWords(len(m.Documents), "document", "documents")))
	if r := m.Redaction; r != nil {
		words := fmt.Sprintf("Saved in %s: a redacted copy of the case, encrypted. Names and details were taken out of %s and %s.", path,
			countWords(len(r.Records), "entry", "entries"), countWords(len(r.Documents), "document", "documents"))
		if n := len(r.Withheld); n > 0 {
			words += fmt.Sprintf(" %s could not be redacted, so only %s in it, redacted.", kit.Capitalise(countWords(n, "document", "documents")),
				map[bool]string{true: "its description is", false: "their descriptions are"}[n == 1])
		}
		what = kit.Wrapped(words + " Your own record is not changed.")
	}
	// A case added from a pack is packed as the family's record, exactly
	// as their latest pack carried it (so under their case ID, not this
	// vault's): what the receiver added is never in it.
	fromPack := m.Case != f.caseID
	if fromPack {
		what.SetText(what.Text + " It is the family's record as their latest pack to you carried it: " +
			"what you added to your copy (your own notes, events, letters and documents) is left out.")
	}
	return container.NewVBox(
		kit.Subheading("The pack is ready"),
		what,
		kit.Wrapped(how),
		kit.Subheading("The checkpoint"),
		cp,
		kit.Wrapped(checkpointAdvice(m, fromPack)),
		container.NewHBox(layoutSpacerH(), closeBtn))
}

func (f *shareForm) showContent(o fyne.CanvasObject) {
	f.content = o
	if f.dlg != nil {
		f.dlg.Hide()
		f.dlg = dialog.NewCustomWithoutButtons("Share with a solicitor or advocate", o, f.s.d.win)
		f.dlg.Resize(fyne.NewSize(700, 520))
		f.dlg.Show()
	}
}

func (f *shareForm) close() {
	if f.stop != nil {
		f.stop()
	}
	f.pass1.SetText("")
	f.pass2.SetText("")
	if f.dlg != nil {
		f.dlg.Hide()
	}
}

// packSize is about how many bytes the pack of c holds: its documents and
// a little for the record.
func packSize(c *casefile.Case) int64 {
	n := int64(64 << 10)
	for _, d := range c.Documents {
		n += d.Size
	}
	n += int64(len(c.Events)+len(c.Notes)) * 2048
	return n
}

// progressWriter counts what is written and stops with ctx.
type progressWriter struct {
	w   io.Writer
	ctx context.Context
	add func(int64)
}

func (p *progressWriter) Write(b []byte) (int, error) {
	if err := p.ctx.Err(); err != nil {
		return 0, err
	}
	n, err := p.w.Write(b)
	p.add(int64(n))
	return n, err
}

// checkpointAdvice says what the checkpoint proves to the person the pack
// is sent to: a redacted copy was made from the record, not that it is it.
func checkpointAdvice(m *pack.Manifest, fromPack bool) string {
	const read = "Read the checkpoint out to the person you send it to (by phone, not in the same email). When they open the pack, Redress shows them the same checkpoint: "
	if fromPack && m.Redaction == nil {
		return "This is the family's own checkpoint, the one their pack showed you. " + read +
			"if it matches the one the family gives them, it is the family's record, unchanged."
	}
	if m.Redaction != nil {
		return read + "if it matches, the copy was made from your record up to today. What you took out is shown to them as redacted, not as changed."
	}
	return read + "if it matches, it is your record up to today, unchanged."
}
