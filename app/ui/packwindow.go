package ui

import (
	"context"
	"errors"
	"fmt"
	"image"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/redress-app/redress/app/casework"
	"github.com/redress-app/redress/app/casework/pack"
	"github.com/redress-app/redress/app/ui/kit"
	"github.com/redress-app/redress/assets"
	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/checks"
	"github.com/redress-app/redress/documents"
	"github.com/redress-app/redress/letters"
	"github.com/redress-app/redress/store"
)

// A hand-over pack opened read-only, with no vault (issue 17 section 1):
// `redress open FILE.redress`, or a .redress file dropped on the window. The
// pack is decrypted and checked in memory by pack.Open (nothing of it is
// written to disk); the window shows the family's record (overview,
// timeline, events, journal, checks with their findings, documents and
// letters) under a banner saying whose record it is and its checkpoint, and
// "Add to my vault" imports it (pack.Import) as a case marked with where it
// came from; a newer pack of the same case updates that copy and says what
// changed.

// packWindow is one opened pack.
type packWindow struct {
	win      fyne.Window
	p        *pack.Pack
	file     string // the pack's file name, for the banner and the record
	cat      *checks.Catalogue
	now      func() time.Time
	asOf     casefile.Date
	findings []casefile.Finding

	// desk returns the desk whose vault "Add to my vault" adds to, opening
	// it when there is none yet (redress open): it may return a desk whose
	// vault is still locked.
	desk   func() *desk
	addBtn *widget.Button
	tabs   *container.AppTabs
	banner *widget.Label
	said   string // the last message, for tests

	// The documents' pages are drawn in memory only, by a reader of the
	// window's own, started on the first page shown and closed with the
	// window.
	ctx    context.Context
	stop   context.CancelFunc
	reader *documents.Reader
	closed bool
	pages  *pageView // the document's pages shown, if any
}

func newPackWindow(a fyne.App, p *pack.Pack, file string, cat *checks.Catalogue, now func() time.Time, desk func() *desk) *packWindow {
	pw := &packWindow{p: p, file: file, cat: cat, now: now, desk: desk}
	pw.ctx, pw.stop = context.WithCancel(context.Background())
	pw.asOf = casefile.Today(now())
	pw.findings = checks.Run(cat, p.Case, pw.asOf)
	// The window's title says nothing of the case (UI.md, Safety).
	pw.win = a.NewWindow("Redress: a hand-over pack, read-only")
	pw.win.SetContent(pw.build())
	pw.win.Resize(fyne.NewSize(1180, 780))
	pw.win.SetOnClosed(pw.close)
	return pw
}

// close lets go of the pages shown and the reader that drew them.
func (pw *packWindow) close() {
	pw.closed = true
	pw.stop()
	if pw.pages != nil {
		pw.pages.close()
		pw.pages = nil
	}
	if pw.reader != nil {
		pw.reader.Close()
		pw.reader = nil
	}
}

// docReader is the window's document reader, started when first needed.
func (pw *packWindow) docReader() *documents.Reader {
	if pw.reader == nil {
		pw.reader = documents.New(documents.Options{})
	}
	return pw.reader
}

// pageSource shows the pages of the pack's document doc as the vault's
// Documents tab does, from the bytes the pack holds in memory: nothing is
// written anywhere, not even the thumbnails.
func (pw *packWindow) pageSource(doc casefile.Document) pageSource {
	ctx, data := pw.ctx, pw.p.Originals[doc.ID]
	reader := pw.docReader()
	return pageSource{
		ctx:    ctx,
		alive:  func() bool { return !pw.closed },
		reader: func() *documents.Reader { return reader },
		scale:  func() float32 { return pw.win.Canvas().Scale() },
		load:   func() ([]byte, error) { return data, nil },
		texts:  func() []store.PageText { return pw.p.Texts[doc.ID] },
		thumbs: func(r *documents.Reader, data []byte, pages []int) map[int]image.Image {
			return drawThumbs(ctx, r, doc, data, pages)
		},
		words: func(r *documents.Reader, data []byte, page int) ([]documents.Word, error) {
			return r.PageWords(ctx, doc.Name, doc.Type, data, page)
		},
	}
}

// bannerText says whose record this is and its checkpoint.
func (pw *packWindow) bannerText() string {
	m, c := pw.p.Manifest, pw.p.Case
	council := c.Authority
	if council == "" {
		council = "council not recorded"
	}
	made := m.Created
	if t, err := time.Parse(time.RFC3339, m.Created); err == nil {
		made = londonTime(t).Format("2 January 2006 at 15:04")
	}
	if pw.p.RedactedCopy() {
		r := m.Redaction
		t := fmt.Sprintf("Read-only: “%s” (%s), from the file %s. %s "+
			"Names and details were taken out of %s and %s when it was made: they are redacted copies, not changes. Everything else is the family's record exactly.",
			c.Title, council, pw.file, casework.CopyHeadline(m), countWords(len(r.Records), "entry", "entries"), countWords(len(r.Documents), "document", "documents"))
		if n := len(r.Withheld); n > 0 {
			t += fmt.Sprintf(" %s could not be redacted, so only %s here.", kit.Capitalise(countWords(n, "document", "documents")),
				map[bool]string{true: "its description is", false: "their descriptions are"}[n == 1])
		}
		if len(m.LeftOut) > 0 {
			t += " Notes written by someone who received the record before are left out."
		}
		return t + " Ask the family to read their checkpoint out to you: if it is the same, this copy was made from their record up to then."
	}
	t := fmt.Sprintf("Read-only: this is the family's own record of “%s” (%s), packed on %s, from the file %s. "+
		"Nothing here can be changed. Record checkpoint: %s. Ask the family to read their checkpoint out to you: "+
		"if it is the same, this is their record up to then, unchanged.", c.Title, council, made, pw.file, m.Checkpoint)
	if len(m.LeftOut) > 0 {
		t += " Notes written by someone who received the record before are left out: only the family's record is here."
	}
	return t
}

func (pw *packWindow) build() fyne.CanvasObject {
	pw.banner = kit.Wrapped(pw.bannerText())
	pw.addBtn = widget.NewButtonWithIcon("Add to my vault", theme.ContentAddIcon(), pw.onAdd)
	pw.addBtn.Importance = widget.HighImportance
	if pw.p.RedactedCopy() {
		// It only explains: a redacted copy is not added (pack.ErrRedactedCopy).
		pw.addBtn.SetText("Why can't I add this?")
		pw.addBtn.SetIcon(theme.QuestionIcon())
		pw.addBtn.Importance = widget.MediumImportance
	}
	top := kit.NoticeBox(theme.InfoIcon(), theme.ColorNamePrimary,
		container.NewBorder(nil, nil, nil, container.NewVBox(pw.addBtn), pw.banner))

	tl := newTimelineView(pw.cat, func(string) { pw.tabs.SelectIndex(2) }, nil)
	tl.SetCase(pw.p.Case, pw.findings, pw.asOf)
	fv := newFindingsView(pw.cat, func(casefile.Finding) {
		pw.tell("Letters are written in your own vault", "Add this pack to your vault first (the button at the top), then write letters from your copy.")
	}, func(casefile.Finding) { pw.tabs.SelectIndex(2) }, nil)
	fv.SetCase(pw.p.Case, pw.findings, pw.asOf)
	pw.tabs = container.NewAppTabs(
		container.NewTabItemWithIcon("Overview", theme.HomeIcon(), pw.overview()),
		container.NewTabItemWithIcon("Timeline", theme.HistoryIcon(), tl.content),
		container.NewTabItemWithIcon("Events", theme.ListIcon(), pw.events()),
		container.NewTabItemWithIcon("Journal", theme.DocumentCreateIcon(), pw.journal()),
		container.NewTabItemWithIcon("Checks", theme.WarningIcon(), fv.content),
		container.NewTabItemWithIcon("Documents", theme.FileIcon(), pw.documents()),
		container.NewTabItemWithIcon("Letters", theme.MailComposeIcon(), pw.letters()),
	)
	return container.NewBorder(container.NewPadded(top), nil, nil, nil, pw.tabs)
}

func (pw *packWindow) overview() fyne.CanvasObject {
	c := pw.p.Case
	title := heading(c.Title)
	title.SizeName = theme.SizeNameHeadingText
	box := container.NewVBox(title,
		kit.Wrapped(fmt.Sprintf("Council: %s  ·  %s  ·  %s  ·  %s  ·  %s", c.Authority,
			countWords(len(c.Notes), "journal entry", "journal entries"), countWords(len(c.Events), "event", "events"),
			countWords(len(c.Documents), "document", "documents"), countWords(len(pw.p.Letters), "letter", "letters"))),
		kit.Wrapped(childrenLine(c.Children)),
		widget.NewSeparator())
	for _, o := range overviewSections(pw.cat, &caseState{c: c, findings: pw.findings, asOf: pw.asOf}) {
		box.Add(o)
	}
	return container.NewVScroll(container.NewPadded(box))
}

func (pw *packWindow) events() fyne.CanvasObject {
	evs := sortedEvents(pw.p.Case.Events)
	detail := widget.NewRichText()
	detail.Wrapping = fyne.TextWrapWord
	detail.ParseMarkdown("*Choose an entry to see everything recorded about it.*")
	list := widget.NewList(func() int { return len(evs) }, newChronologyRow,
		func(i widget.ListItemID, o fyne.CanvasObject) { fillChronologyRow(o, &evs[i], pw.p.Case) })
	list.OnSelected = func(i widget.ListItemID) { detail.ParseMarkdown(eventMarkdown(&evs[i], pw.p.Case)) }
	split := container.NewVSplit(container.NewBorder(chronologyHeader(), nil, nil, nil, list), container.NewVScroll(container.NewPadded(detail)))
	split.SetOffset(0.65)
	return container.NewPadded(split)
}

func (pw *packWindow) journal() fyne.CanvasObject {
	notes := append([]casefile.Note(nil), pw.p.Case.Notes...)
	sort.SliceStable(notes, func(i, j int) bool { return notes[i].Occurred.After(notes[j].Occurred) })
	box := container.NewVBox()
	if len(notes) == 0 {
		box.Add(kit.Wrapped("The family's journal has no entries in this pack."))
	}
	for _, n := range notes {
		head := noteKindLabel(n.Kind) + "  ·  " + occurredWords(n.Occurred) + "  ·  " + recordedLine(&n)
		if len(n.Versions) > 0 {
			head += fmt.Sprintf("  ·  amended (%s kept)", countWords(len(n.Versions), "earlier version", "earlier versions"))
		}
		if n.Archived {
			head += "  ·  archived"
		}
		box.Add(widget.NewLabelWithStyle(head, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		box.Add(kit.Wrapped(n.Text))
		box.Add(widget.NewSeparator())
	}
	return container.NewVScroll(container.NewPadded(box))
}

func (pw *packWindow) documents() fyne.CanvasObject {
	docs := pw.p.Case.Documents
	detail := container.NewVBox(kit.Wrapped("Choose a document to read the text Redress read from it."))
	if len(docs) == 0 {
		detail.Objects[0].(*widget.Label).SetText("There are no documents in this pack.")
	}
	list := widget.NewList(func() int { return len(docs) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return container.NewVBox(widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), l)
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			d := docs[i]
			cells := o.(*fyne.Container).Objects
			cells[0].(*widget.Label).SetText(d.Name)
			cells[1].(*widget.Label).SetText(pw.docLine(d))
		})
	textView := container.NewVScroll(container.NewPadded(detail))
	right := container.NewStack(textView)
	list.OnSelected = func(i widget.ListItemID) {
		d := docs[i]
		if pw.pages != nil {
			pw.pages.close()
			pw.pages = nil
		}
		head := container.NewVBox(kit.Subheading(d.Name), kit.Quiet(pw.docLine(d)+"  ·  SHA-256 "+d.SHA256))
		if _, ok := pw.p.Originals[d.ID]; ok && viewable(d) {
			// A PDF, scan or photo: its pages, as in the vault's Documents tab.
			pw.pages = newPageViewFrom(pw.pageSource(d), d, 1, nil)
			right.Objects = []fyne.CanvasObject{container.NewPadded(container.NewBorder(head, nil, nil, nil, pw.pages.content))}
			right.Refresh()
			return
		}
		right.Objects = []fyne.CanvasObject{textView}
		right.Refresh()
		detail.Objects = []fyne.CanvasObject{head}
		pages := pw.p.Texts[d.ID]
		if _, ok := pw.p.Originals[d.ID]; !ok {
			detail.Add(kit.Wrapped("The pack describes this document but does not hold it: ask the family for it."))
		} else if len(pages) == 0 {
			detail.Add(kit.Wrapped("Redress had not read any text from this document when it was packed (a picture, or not read yet). Add the pack to your vault to see its pages."))
		}
		for _, pg := range pages {
			detail.Add(widget.NewLabelWithStyle(fmt.Sprintf("Page %d", pg.Page), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
			detail.Add(kit.Wrapped(pg.Text))
		}
		detail.Refresh()
	}
	split := container.NewHSplit(list, right)
	split.SetOffset(0.35)
	return container.NewPadded(split)
}

func (pw *packWindow) docLine(d casefile.Document) string {
	parts := []string{}
	if !d.Date.IsZero() {
		parts = append(parts, d.Date.Long())
	}
	if d.Source != "" {
		parts = append(parts, "from "+d.Source)
	}
	parts = append(parts, sizeWords(d.Size))
	if n := len(pw.p.Texts[d.ID]); n > 0 {
		parts = append(parts, "text of "+countWords(n, "page", "pages"))
	}
	return strings.Join(parts, "  ·  ")
}

func (pw *packWindow) letters() fyne.CanvasObject {
	ls := pw.p.Letters
	detail := container.NewVBox(kit.Wrapped("Choose a letter to read it."))
	if len(ls) == 0 {
		detail.Objects[0].(*widget.Label).SetText("The family had written no letters in Redress when this pack was made.")
	}
	list := widget.NewList(func() int { return len(ls) },
		func() fyne.CanvasObject {
			return container.NewVBox(widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), widget.NewLabel(""))
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			cells := o.(*fyne.Container).Objects
			cells[0].(*widget.Label).SetText(ls[i].Title)
			cells[1].(*widget.Label).SetText(letterStatusWords(ls[i].Status, ls[i].Sent))
		})
	list.OnSelected = func(i widget.ListItemID) {
		l := ls[i]
		detail.Objects = []fyne.CanvasObject{kit.Subheading(l.Title), kit.Quiet(letterStatusWords(l.Status, l.Sent))}
		st, err := letters.DecodeStored(l.Content)
		if err != nil || st.Letter == nil {
			detail.Add(kit.Wrapped("This letter was saved in a form this version of Redress cannot show."))
		} else {
			detail.Add(kit.Wrapped(st.Letter.Markup()))
		}
		detail.Refresh()
	}
	split := container.NewHSplit(list, container.NewVScroll(container.NewPadded(detail)))
	split.SetOffset(0.35)
	return container.NewPadded(split)
}

func letterStatusWords(status string, sent casefile.Date) string {
	if !sent.IsZero() {
		return "Sent on " + sent.Long()
	}
	if status == "" {
		return "Draft"
	}
	return kit.Capitalise(status)
}

func (pw *packWindow) tell(title, msg string) {
	pw.said = title + ": " + msg
	dialog.NewCustom(title, "Close", sizedPara(msg, 460), pw.win).Show()
}

// onAdd is "Add to my vault".
func (pw *packWindow) onAdd() {
	if pw.p.RedactedCopy() {
		pw.tell("A redacted copy cannot be added", "Names and details were taken out of this pack when it was made, so it is not the family's record "+
			"and cannot be kept in your vault as theirs: a newer pack of the record could not be matched with it. You can read it and check it here. "+
			"To keep the case in your vault, ask the family for a pack that is not redacted.")
		return
	}
	var d *desk
	if pw.desk != nil {
		d = pw.desk()
	}
	if d == nil || d.vault == nil || d.shell == nil {
		pw.tell("Unlock your vault first", "Open (or create) your own vault in the Redress window, then press Add to my vault again. "+
			"The family's record is added as a case of its own, marked with where it came from.")
		return
	}
	if ro, why := d.vault.ReadOnly(); ro {
		pw.tell("Your vault is read-only", "Your vault cannot be written ("+why+"), so nothing can be added to it.")
		return
	}
	v, ctx, epoch, p, file, now := d.vault, d.ctx, d.epoch, pw.p, pw.file, d.now()
	pw.addBtn.Disable()
	type result struct {
		res *pack.ImportResult
		err error
	}
	kit.Background(func() result {
		r, err := pack.Import(ctx, v, p, file, now)
		return result{r, err}
	}, func(r result) {
		pw.addBtn.Enable()
		switch {
		case r.err != nil && errors.Is(r.err, pack.ErrOlder):
			pw.tell("Not added", "This pack does not continue the copy already in your vault: it is older, or the family's record differs from the one you added before. "+
				"Your copy was not changed. Ask the family for their newest pack.")
			return
		case r.err != nil:
			pw.tell("Not added", "The pack could not be added to your vault: "+kit.Sentence(r.err))
			return
		}
		if d.shell != nil && d.epoch == epoch {
			d.shell.cases.refresh(nil)
			d.shell.openCase(r.res.Case.ID)
		}
		pw.tell(addedTitle(r.res), addedWords(r.res, p.Manifest.Checkpoint, file))
	})
}

func addedTitle(r *pack.ImportResult) string {
	if r.Updated {
		return "Your copy is up to date"
	}
	return "Added to your vault"
}

// addedWords says what adding a pack did, and what changed when it updated
// an earlier copy.
func addedWords(r *pack.ImportResult, checkpoint, file string) string {
	if !r.Updated {
		return fmt.Sprintf("The family's case is now in your vault as “%s”, marked as coming from %s at checkpoint %s. "+
			"Your own journal entries in it are kept apart from the family's record.", r.Case.Title, file, checkpoint)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Your copy was brought from checkpoint %s to %s.", r.Before, checkpoint)
	if len(r.Changes) == 0 {
		b.WriteString(" Nothing changed: the family's record is as it was.")
		return b.String()
	}
	b.WriteString(" What changed:\n")
	for _, c := range r.Changes {
		what := c.Type
		if c.Type == store.TypeNote {
			what = "journal entry"
		} else if c.Type == store.TypeCase {
			what, c.ID = "the case's details", ""
		}
		line := strings.TrimSpace(fmt.Sprintf("\n- %s %s %s", kit.Capitalise(c.What), what, c.ID))
		if c.Why != "" {
			line += ": " + c.Why
		}
		b.WriteString("\n" + line)
	}
	b.WriteString("\n\nWhat you wrote in your copy was not changed.")
	return b.String()
}

// isPackFile reports whether the file at path is a hand-over pack (an age
// file).
func isPackFile(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 32)
	n, _ := f.Read(head)
	return pack.Encrypted(head[:n])
}

// RunPack opens the desktop app on a pack already opened and checked by the
// command line (redress open FILE.redress): the pack's read-only window,
// and, when the person presses "Add to my vault", the way into their own
// vault. It blocks until the pack's window closes.
func RunPack(p *pack.Pack, file string) error {
	a := newFyneApp(assets.Version)
	applyLook(a, uiPrefs{a.Preferences()}) // the person's text size and light or dark
	var d *desk
	pw := newPackWindow(a, p, file, checks.Default(), time.Now, func() *desk {
		if d == nil {
			d = newDesk(a, deskConfig{})
			d.idle.run()
			d.win.Show()
		}
		return d
	})
	// Closing the pack's window quits only while the vault's window is not
	// open; once it is, that window decides (it asks about unsaved writing).
	pw.win.SetCloseIntercept(func() {
		if d == nil {
			a.Quit()
			return
		}
		pw.win.Close()
	})
	pw.win.ShowAndRun()
	if d != nil {
		d.idle.stopRunning()
		d.settings = nil
		d.closeVault()
		d.reader.Close()
		d.temp.clean()
	}
	return nil
}

// openDroppedPacks opens, read-only, every hand-over pack among the files
// dropped on the window, and reports whether there was one (then the other
// files are not imported: a pack is never a document of the open case).
func (d *desk) openDroppedPacks(uris []fyne.URI) bool {
	found := false
	for _, u := range uris {
		if u.Scheme() == "file" && isPackFile(u.Path()) {
			found = true
			d.askPackKey(u.Path())
		}
	}
	return found
}

// packKeyForm asks for what opens a pack: its passphrase, or an age
// identity file.
type packKeyForm struct {
	d        *desk
	path     string
	pass     *widget.Entry
	identity string // the identity file's text, when one was chosen
	idLabel  *widget.Label
	msg      *widget.Label
	dlg      dialog.Dialog
	opened   *packWindow // the window it opened, for tests
}

// askPackKey asks for the pack's passphrase or identity, then opens it.
func (d *desk) askPackKey(path string) *packKeyForm {
	f := &packKeyForm{d: d, path: path}
	f.pass = widget.NewPasswordEntry()
	f.pass.SetPlaceHolder("The passphrase the family gave you")
	f.pass.OnSubmitted = func(string) { f.open() }
	f.idLabel = kit.Quiet("")
	f.msg = kit.Wrapped("")
	f.msg.Importance = widget.DangerImportance
	useID := widget.NewButtonWithIcon("Use my age identity file instead…", theme.AccountIcon(), func() {
		d.files.openFile(d.win, nil, func(p string) {
			b, err := os.ReadFile(p)
			if err != nil {
				f.msg.SetText("Redress could not read " + filepath.Base(p) + ": " + kit.PlainError(err))
				return
			}
			f.identity = string(b)
			f.idLabel.SetText("Using the identity in " + filepath.Base(p) + ".")
		})
	})
	body := container.NewVBox(kit.Wrapped(filepath.Base(path)+" is a hand-over pack: a family's case, encrypted. "+
		"Type the passphrase they gave you (separately from the file), or use your age identity file if they made it for your key. "+
		"It opens read-only, in its own window; nothing is written to disk."), f.pass, useID, f.idLabel, f.msg)
	f.dlg = dialog.NewCustomConfirm("Open a hand-over pack", "Open", "Cancel", container.New(&fixedWidth{520}, body), func(ok bool) {
		if ok {
			f.open()
		}
	}, d.win)
	f.dlg.Show()
	d.win.Canvas().Focus(f.pass)
	return f
}

// open decrypts and checks the pack off the UI goroutine, then shows it.
func (f *packKeyForm) open() {
	key := pack.Key{Passphrase: []byte(f.pass.Text), Identities: f.identity}
	f.pass.SetText("")
	d, path := f.d, f.path
	type result struct {
		p   *pack.Pack
		err error
	}
	kit.Background(func() result {
		defer clear(key.Passphrase)
		r, err := os.Open(path)
		if err != nil {
			return result{nil, err}
		}
		defer r.Close()
		p, err := pack.Open(r, key)
		return result{p, err}
	}, func(r result) {
		if r.err != nil {
			f.msg.SetText(packOpenError(filepath.Base(path), r.err, f.identity != ""))
			f.dlg.Show()
			return
		}
		f.opened = newPackWindow(d.app, r.p, filepath.Base(path), d.cat, d.now, func() *desk { return d })
		f.opened.win.Show()
	})
}

// packOpenError says why a pack did not open, and what to do.
func packOpenError(name string, err error, identity bool) string {
	switch {
	case errors.Is(err, pack.ErrWrongKey) && identity:
		return name + " cannot be opened with that identity: it was made for someone else's key (or a passphrase). Ask the family to make it again for your key."
	case errors.Is(err, pack.ErrWrongKey):
		return "That passphrase does not open " + name + ". Check it with the family (by phone), or use your identity file if they made it for your key."
	case errors.Is(err, pack.ErrDamaged):
		return name + " is damaged or was changed after it was made. Nothing in it was shown. Ask the family for a new copy."
	case errors.Is(err, os.ErrNotExist):
		return name + " is not there any more."
	}
	return name + " does not check out (" + kit.PlainError(err) + "). Nothing in it was shown. Ask the family for a new copy."
}
