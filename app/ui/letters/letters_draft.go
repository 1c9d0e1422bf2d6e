package letters

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/redress-app/redress/app/casework"
	"github.com/redress-app/redress/app/ui/kit"
	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/checks"
	"github.com/redress-app/redress/letters"
	"github.com/redress-app/redress/store"
)

// draftPage is one letter: read it as it will look (Preview), change its
// words (Edit the text: saving makes a new version), see and reuse earlier
// versions, export it, and mark it sent. Edits not yet saved stay in the
// page's editor, in memory, until they are saved or thrown away.
type draftPage struct {
	lc       *letterCase
	id       string
	d        *casework.Draft // the latest saved version; nil until loaded
	saved    string          // d.Text(), to tell whether the editor holds changes
	notes    []string        // what drafting it said: placeholders, warnings
	noSender bool

	content   *fyne.Container
	title     *widget.Label
	meta      *widget.Label
	deadline  *widget.Label
	jrBox     *fyne.Container // a letter before claim's time facts
	notesBox  *fyne.Container
	tabs      *container.AppTabs
	preview   *fyne.Container // the paper, with a note when it shows unsaved changes
	prevNote  *widget.Label
	editor    *kit.Field
	editNote  *widget.Label
	saveBtn   *widget.Button
	undoBtn   *widget.Button
	export    *widget.Button
	sent      *widget.Button
	improve   *widget.Button
	versions  *widget.List
	verList   []*casework.Draft // newest first
	verShow   *fyne.Container
	busy      bool
	loadSeq   int
	previewOf string // the text the preview was drawn from
}

func newDraftPage(lc *letterCase, id string, notes []string) *draftPage {
	p := &draftPage{lc: lc, id: id, notes: notes}
	p.title = widget.NewLabel("Loading the letter…")
	p.title.TextStyle.Bold = true
	p.title.SizeName = theme.SizeNameSubHeadingText
	p.title.Wrapping = fyne.TextWrapWord
	p.meta = kit.Quiet("")
	p.deadline = kit.Wrapped("")
	p.notesBox = container.NewVBox()
	p.jrBox = container.NewVBox()

	back := widget.NewButtonWithIcon("Letters", theme.NavigateBackIcon(), lc.backToList)
	back.Importance = widget.LowImportance
	p.export = widget.NewButtonWithIcon("Export…", theme.DownloadIcon(), p.onExport)
	p.sent = widget.NewButtonWithIcon("Mark as sent…", theme.MailSendIcon(), p.onMarkSent)
	p.improve = widget.NewButtonWithIcon("Improve the wording…", theme.ViewRefreshIcon(), p.onImprove)
	p.improve.Hide()
	actions := container.NewHBox(p.improve, p.export, p.sent)

	// Preview.
	p.prevNote = kit.Quiet("")
	p.prevNote.Hide()
	p.preview = container.NewStack()
	prevTab := container.NewBorder(p.prevNote, nil, nil, nil, p.preview)

	// Edit the text.
	p.editor = kit.NewTextArea("", 3)
	p.editor.Wrapping = fyne.TextWrapWord
	p.editor.OnChanged = func(string) { p.edited() }
	p.editNote = kit.Wrapped("")
	p.saveBtn = widget.NewButtonWithIcon("Save as a new version", theme.DocumentSaveIcon(), p.onSave)
	p.saveBtn.Importance = widget.HighImportance
	p.undoBtn = widget.NewButtonWithIcon("Undo my changes", theme.ContentUndoIcon(), p.onUndo)
	p.undoBtn.Importance = widget.LowImportance
	help := kit.Quiet("Change any words. Lines starting with @ shape the letter: @title is its heading, @h a heading, @point … @end a numbered point, " +
		"@label a bold lead-in, @li a list item, @check a part for a solicitor to check, @sign your name. A blank line starts a new paragraph. " +
		"Keep each point's Source line: it is what makes the letter checkable.")
	editBar := container.NewBorder(nil, nil, nil, container.NewHBox(p.undoBtn, p.saveBtn), p.editNote)
	editTab := container.NewBorder(help, container.NewPadded(editBar), nil, nil, p.editor)

	// Versions.
	p.versions = widget.NewList(func() int { return len(p.verList) }, func() fyne.CanvasObject {
		l := widget.NewLabel("")
		l.Truncation = fyne.TextTruncateEllipsis
		return l
	}, func(i widget.ListItemID, o fyne.CanvasObject) {
		if i >= 0 && i < len(p.verList) {
			o.(*widget.Label).SetText(versionWords(p.verList[i]))
		}
	})
	// A label that does not wrap: a wrapped one in a centre reports the
	// height of one word a line, which would make the window grow.
	choose := widget.NewLabel("Choose a version to read it.")
	choose.SizeName = theme.SizeNameCaptionText
	p.verShow = container.NewStack(container.NewCenter(choose))
	p.versions.OnSelected = func(i widget.ListItemID) {
		if i >= 0 && i < len(p.verList) {
			p.showVersion(p.verList[i])
		}
	}
	verSplit := container.NewHSplit(p.versions, p.verShow)
	verSplit.SetOffset(0.3)

	p.tabs = container.NewAppTabs(
		container.NewTabItemWithIcon("Preview", theme.VisibilityIcon(), prevTab),
		container.NewTabItemWithIcon("Edit the text", theme.DocumentCreateIcon(), editTab),
		container.NewTabItemWithIcon("Versions", theme.HistoryIcon(), verSplit),
	)
	p.tabs.OnSelected = func(ti *container.TabItem) {
		switch ti.Text {
		case "Preview":
			p.drawPreview()
		case "Versions":
			p.loadVersions()
		}
	}
	said := container.NewVBox(p.jrBox, p.notesBox)
	head := container.NewVBox(
		container.NewBorder(nil, nil, back, actions),
		p.title, p.meta, p.deadline, container.New(&cappedLayout{inner: said, limit: 260}, container.NewVScroll(said)))
	p.content = container.NewBorder(container.NewPadded(head), nil, nil, nil, p.tabs)
	return p
}

// load reads the letter's latest version, off the UI goroutine.
func (p *draftPage) load() {
	p.loadSeq++
	seq := p.loadSeq
	v, caseID := p.lc.lv.v, p.lc.id
	type result struct {
		d   *casework.Draft
		err error
	}
	kit.Background(func() result {
		d, err := casework.LoadDraft(context.Background(), v, caseID, p.id)
		return result{d, err}
	}, func(r result) {
		if seq != p.loadSeq {
			return
		}
		if r.err != nil {
			p.title.SetText("This letter could not be opened")
			p.meta.SetText(kit.PlainError(r.err))
			return
		}
		p.setDraft(r.d)
	})
}

// reloadIfClean reads the letter again unless the editor holds changes.
func (p *draftPage) reloadIfClean() {
	if p.d != nil && !p.dirty() {
		p.load()
	}
}

// setDraft shows d, the letter as saved, keeping any unsaved changes in the
// editor.
func (p *draftPage) setDraft(d *casework.Draft) {
	keep := p.d != nil && p.dirty()
	p.d = d
	p.saved = d.Text()
	if !keep {
		p.editor.SetText(p.saved)
	}
	p.refresh()
	p.drawPreview()
	p.verList = nil
	p.versions.Refresh()
}

// dirty reports whether the editor holds changes not saved.
func (p *draftPage) dirty() bool { return p.d != nil && p.editor.Text != p.saved }

func (p *draftPage) senderMissing(missing bool) {
	p.noSender = missing
	p.refresh()
}

// refresh shows the letter's facts, its notes and the actions it allows.
func (p *draftPage) refresh() {
	d := p.d
	if d == nil {
		return
	}
	lv := p.lc.lv
	p.title.SetText(d.Letter.Title)
	meta := fmt.Sprintf("%s · dated %s · version %d, saved %s", kindName(d.Request.Kind, d.Letter.Procedure),
		d.Request.Date.Long(), d.Version, d.Saved.In(checks.London).Format("2 January 2006 at 15:04"))
	if d.Polished {
		meta += " · worded with AI help"
	}
	sent := d.Status == store.LetterSent
	if sent {
		meta = fmt.Sprintf("%s · dated %s · sent on %s", kindName(d.Request.Kind, d.Letter.Procedure), d.Request.Date.Long(), d.Sent.Long())
	}
	p.meta.SetText(meta)
	p.deadline.SetText(p.deadlineWords())

	p.jrBox.Objects = nil
	if jr := d.Letter.JR; jr != nil {
		icon, colour := theme.InfoIcon(), theme.ColorNameForeground
		if jr.Expired || jr.ShortReply {
			icon, colour = theme.WarningIcon(), theme.ColorNameWarning
		}
		p.jrBox.Objects = []fyne.CanvasObject{kit.NoticeBox(icon, colour, container.NewVBox(
			widget.NewLabelWithStyle("The time limit for a claim", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
			kit.Wrapped(jrWords(jr, d.Request.Date, p.lc.c))))}
	}
	p.jrBox.Refresh()

	var notes []fyne.CanvasObject
	if sent {
		notes = append(notes, kit.NoticeBox(theme.ConfirmIcon(), theme.ColorNameSuccess,
			kit.Wrapped("This letter was sent, so it stays exactly as it was sent. To say more, draft a new letter.")))
	} else {
		var lines []string
		seen := map[string]bool{}
		// What drafting said, then the letter's own warnings, which the
		// saved draft keeps, so that they are still shown after reloading.
		for _, n := range append(slices.Clone(p.notes), d.Letter.Warnings...) {
			w := p.plainWarning(n)
			if !seen[w] {
				seen[w] = true
				lines = append(lines, "• "+w)
			}
		}
		if strings.Contains(p.saved, casework.NamePlaceholder) || strings.Contains(p.saved, casework.AddressPlaceholder) ||
			strings.Contains(d.Letter.From.Name, casework.NamePlaceholder) || strings.Contains(strings.Join(d.Letter.From.Lines, "\n"), casework.AddressPlaceholder) {
			if !containsLine(lines, "placeholder") {
				lines = append(lines, "• The letter has a placeholder where your name or address goes. Add your details, then draft the letter again, or write them in before sending.")
			}
		}
		if len(lines) > 0 {
			body := []fyne.CanvasObject{widget.NewLabelWithStyle("Before you send it", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), kit.Wrapped(strings.Join(lines, "\n"))}
			if p.noSender {
				add := widget.NewButtonWithIcon("Add my details…", theme.AccountIcon(), func() {
					showSenderDialog(lv.win, lv.senderForm())
				})
				body = append(body, container.NewHBox(add))
			}
			notes = append(notes, kit.NoticeBox(theme.InfoIcon(), theme.ColorNameWarning, container.NewVBox(body...)))
		}
	}
	p.notesBox.Objects = notes
	p.notesBox.Refresh()
	// The head grew or shrank: lay the page out again so the notes do not
	// overlap the tabs.
	if p.content != nil {
		p.content.Refresh()
	}

	if sent {
		p.editor.Disable()
		p.saveBtn.Hide()
		p.undoBtn.Hide()
		p.sent.Disable()
		p.editNote.SetText("A sent letter cannot be changed.")
	} else {
		p.editor.Enable()
		p.saveBtn.Show()
		p.undoBtn.Show()
		if p.busy {
			p.sent.Disable()
		} else {
			p.sent.Enable()
		}
		p.edited()
	}
	if lv.ai != nil && lv.ai.Enabled() && !sent {
		p.improve.Show()
	} else {
		p.improve.Hide()
	}
}

// plainWarning says a warning from drafting in plain words: a finding as
// its title rather than its RULE:TRIGGER key, a kind of letter by the name
// the tab gives it, and a capital letter to start.
func (p *draftPage) plainWarning(w string) string {
	for _, f := range p.lc.findings {
		if key := letters.FindingKey(f); strings.Contains(w, key) {
			w = strings.ReplaceAll(w, key, "“"+f.Title+"”")
		}
	}
	for _, k := range letters.Kinds() {
		name := "“" + kindName(k, "") + "”"
		if k.Staged() {
			name = "“" + kindInfo(k).label + "”"
		}
		w = strings.ReplaceAll(w, "(a "+string(k)+" letter)", "(the letter "+name+")")
		w = strings.ReplaceAll(w, "a "+string(k)+" letter", "a letter "+name)
	}
	return kit.Capitalise(strings.TrimSpace(w))
}

// jrWords says a letter before claim's time facts in plain words: the
// earliest time limit for a claim among the acts it challenges, which act
// that is, and the reply it asks for, measured against that limit.
func jrWords(jr *letters.JRTime, date casefile.Date, c *casefile.Case) string {
	var b strings.Builder
	act := ""
	switch {
	case jr.Act != "":
		act = "the act recorded as event " + jr.Act
		if c != nil {
			for i := range c.Events {
				if e := &c.Events[i]; e.ID == jr.Act {
					act = actWords(e)
				}
			}
		}
		if !jr.ActDate.IsZero() {
			act += " on " + jr.ActDate.Long()
		}
	case !jr.ActDate.IsZero():
		act = "the act of " + jr.ActDate.Long()
	}
	if act != "" && jr.Ground > 0 {
		act += fmt.Sprintf(" (ground %d)", jr.Ground)
	}
	fmt.Fprintf(&b, "A claim for judicial review must be made promptly, and at the latest by %s. That is the earliest time limit among the acts this letter challenges", jr.Limit.Long())
	if act != "" {
		b.WriteString(": three months from " + act)
	} else if jr.Ground > 0 {
		fmt.Fprintf(&b, " (ground %d)", jr.Ground)
	}
	b.WriteString(".")
	if jr.Counted {
		b.WriteString(" The checks gave no time limit for that act, so Redress counted the three months from its date: check when the grounds first arose.")
	}
	if jr.Expired {
		fmt.Fprintf(&b, " That date is before the letter's date (%s): take legal advice before sending it.", date.Long())
	}
	if !jr.Reply.IsZero() {
		fmt.Fprintf(&b, "\nThe Pre-Action Protocol usually gives the council 14 days to reply: by %s.", jr.Reply.Long())
	}
	if jr.ShortReply {
		live := jr.LiveLimit
		if live.IsZero() {
			live = jr.Limit
		}
		by := "as soon as possible"
		if !jr.ReplyBy.IsZero() {
			by = "by " + jr.ReplyBy.Long()
		}
		fmt.Fprintf(&b, " That is less than 14 days before the time limit of %s, so the letter asks for a reply %s. "+
			"Take legal advice now: the claim may have to be filed without waiting for the council's answer.", live.Long(), by)
	}
	return b.String()
}

// actWords names an act a letter before claim challenges by what the record
// says of it, in quotation marks: the decision's own description, else the
// event's detail, cut to a line or two; its kind and what was recorded about
// it only when neither was written. Several acts can be of one kind
// ("Decision") on one day, and the family knows them by what they were.
func actWords(e *casefile.Event) string {
	words := kit.OneLine(e.Attrs.Description)
	if words == "" {
		words = kit.OneLine(e.Detail)
	}
	if words == "" {
		words = string(e.Kind)
		if ki, ok := casefile.LookupKind(e.Kind); ok {
			words = ki.Label
		}
		if a := kit.AttrWords(e); len(a) > 0 {
			words += " (" + strings.Join(a, "; ") + ")"
		}
	}
	if r := []rune(words); len(r) > actWordsMax {
		words = strings.TrimSpace(string(r[:actWordsMax-1])) + "…"
	}
	return "“" + words + "”"
}

// actWordsMax is the most characters of an act's description that jrWords
// quotes.
const actWordsMax = 140

// cappedLayout gives its one object the height inner needs, but at most
// limit: the letter's notes scroll rather than push the letter off the page.
type cappedLayout struct {
	inner fyne.CanvasObject
	limit float32
}

func (l *cappedLayout) Layout(objs []fyne.CanvasObject, s fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(s)
	}
}

func (l *cappedLayout) MinSize([]fyne.CanvasObject) fyne.Size {
	return fyne.NewSize(0, min(l.inner.MinSize().Height, l.limit))
}

func containsLine(lines []string, word string) bool {
	for _, l := range lines {
		if strings.Contains(strings.ToLower(l), word) {
			return true
		}
	}
	return false
}

// deadlineWords says which deadline the letter sets or set.
func (p *draftPage) deadlineWords() string {
	d := p.d
	cat := p.lc.lv.cat
	if d.Status == store.LetterSent {
		if w := replyWords(cat, d, p.lc.findings); w != "" {
			return w + "."
		}
		return ""
	}
	dl := d.Request.Deadline
	if jr := d.Letter.JR; jr != nil && jr.ShortReply {
		return "Because the time limit for a claim is close, the letter asks the council for a reply sooner than the usual 14 days (see below). Marking the letter as sent records it in your record."
	}
	if dl.Date.IsZero() {
		if d.Request.Kind == letters.SARChase {
			return "This letter follows up your request: it does not start a new time limit. The council's time to answer still runs from your request, as the letter says."
		}
		if d.Request.Kind == letters.Rectification {
			return "When it is sent, the council must answer without undue delay; the letter sets out the time limit with its source."
		}
		switch d.Request.Kind {
		case letters.ICO:
			return "A complaint to the Information Commissioner sets no date for a reply, so the letter sets none."
		case letters.LGSCO:
			return "A complaint to the Ombudsman sets no date for a reply, so the letter sets none."
		}
		return "The law sets no fixed time for the reply to this letter: it asks the council to say when it will answer."
	}
	return fmt.Sprintf("If the council receives it on %s, it must reply by %s (%s). Marking the letter as sent starts the clock in your record.",
		d.Request.Date.Long(), dl.Date.Long(), dl.Rule)
}

// edited updates the editor's buttons and note after typing.
func (p *draftPage) edited() {
	if p.d == nil || p.d.Status == store.LetterSent {
		return
	}
	if p.dirty() {
		p.saveBtn.Enable()
		p.undoBtn.Enable()
		p.editNote.SetText("Changes not saved yet. They stay here until you save them or undo them.")
	} else {
		p.saveBtn.Disable()
		p.undoBtn.Disable()
		p.editNote.SetText(fmt.Sprintf("Saved as version %d.", p.d.Version))
	}
}

// drawPreview draws the letter as it stands in the editor when its text can
// be read (saying so when it differs from the saved version), or as saved.
func (p *draftPage) drawPreview() {
	if p.d == nil {
		return
	}
	text := p.editor.Text
	if text == p.previewOf && len(p.preview.Objects) > 0 {
		return
	}
	l := p.d.Letter
	switch {
	case !p.dirty():
		p.prevNote.Hide()
	default:
		nl := *p.d.Letter
		if err := nl.SetMarkup(text); err != nil {
			p.prevNote.SetText("This shows the letter as last saved: the text you are editing has a mistake. " + kit.PlainError(err))
		} else {
			l = &nl
			p.prevNote.SetText("This shows your changes, which are not saved yet.")
		}
		p.prevNote.Show()
	}
	p.previewOf = text
	p.preview.Objects = []fyne.CanvasObject{kit.LetterPaper(l)}
	p.preview.Refresh()
}

func (p *draftPage) onUndo() {
	dialog.ShowConfirm("Undo your changes?", "The text goes back to the saved version. The changes you made since are thrown away.", func(yes bool) {
		if yes {
			p.editor.SetText(p.saved)
			p.drawPreview()
		}
	}, p.lc.lv.win)
}

// onSave saves the editor's text as a new version of the letter.
func (p *draftPage) onSave() {
	if p.d == nil || !p.dirty() {
		return
	}
	nd, err := p.typed()
	if err != nil {
		p.tabs.SelectIndex(1)
		return
	}
	p.saveDraft(nd, "")
}

// typed is a copy of the letter holding the editor's text, not yet saved;
// when the text cannot be read as a letter, the editor's note says why.
func (p *draftPage) typed() (*casework.Draft, error) {
	nd := *p.d
	l := *p.d.Letter
	nd.Letter = &l
	if err := nd.SetText(p.editor.Text); err != nil {
		p.editNote.SetText(kit.PlainError(err))
		return nil, err
	}
	return &nd, nil
}

// saveDraft saves nd as the letter's next version, then shows it; said, if
// not empty, is said once saved.
func (p *draftPage) saveDraft(nd *casework.Draft, said string) {
	v, caseID := p.lc.lv.v, p.lc.id
	p.saveBtn.Disable()
	p.editNote.SetText("Saving…")
	text := p.editor.Text
	kit.Background(func() error {
		return casework.SaveDraft(context.Background(), v, caseID, nd)
	}, func(err error) {
		if err != nil {
			p.editNote.SetText(kit.PlainError(err))
			p.edited()
			p.editNote.SetText(kit.PlainError(err))
			return
		}
		if p.editor.Text == text {
			// What was saved is what the editor shows.
			p.d = nil
		}
		p.setDraft(nd)
		if said != "" {
			p.editNote.SetText(said)
		}
		p.lc.reload()
	})
}

// needSaved runs then once the editor holds nothing unsaved: at once, or
// after asking to save the changes first.
func (p *draftPage) needSaved(what string, then func()) {
	if !p.dirty() {
		then()
		return
	}
	dialog.ShowCustomConfirm("Save your changes first?", "Save and continue", "Not now",
		kit.Wrapped("The text has changes that are not saved. "+what+" uses the saved letter, so save the changes first."), func(yes bool) {
			if !yes {
				return
			}
			nd := *p.d
			l := *p.d.Letter
			nd.Letter = &l
			if err := nd.SetText(p.editor.Text); err != nil {
				p.editNote.SetText(kit.PlainError(err))
				p.tabs.SelectIndex(1)
				return
			}
			v, caseID := p.lc.lv.v, p.lc.id
			kit.Background(func() error { return casework.SaveDraft(context.Background(), v, caseID, &nd) }, func(err error) {
				if err != nil {
					p.editNote.SetText(kit.PlainError(err))
					return
				}
				p.d = nil
				p.setDraft(&nd)
				p.lc.reload()
				then()
			})
		}, p.lc.lv.win)
}

func (p *draftPage) onImprove() {
	lv := p.lc.lv
	if lv.ai == nil || p.d == nil {
		return
	}
	p.needSaved("Improving the wording", func() {
		lv.ai.ImproveLetter(p.lc.id, p.d, func(nd *casework.Draft) {
			p.editor.SetText(nd.Text())
			p.saveDraft(nd, "Saved the new wording as a new version. Earlier versions are under Versions.")
		})
	})
}

// loadVersions reads every version of the letter, newest first.
func (p *draftPage) loadVersions() {
	v, caseID := p.lc.lv.v, p.lc.id
	type result struct {
		ds  []*casework.Draft
		err error
	}
	kit.Background(func() result {
		ds, err := casework.DraftVersions(context.Background(), v, caseID, p.id)
		return result{ds, err}
	}, func(r result) {
		if r.err != nil {
			p.verShow.Objects = []fyne.CanvasObject{kit.Wrapped(kit.PlainError(r.err))}
			p.verShow.Refresh()
			return
		}
		p.verList = p.verList[:0]
		for i := len(r.ds) - 1; i >= 0; i-- {
			p.verList = append(p.verList, r.ds[i])
		}
		p.versions.UnselectAll()
		p.versions.Refresh()
	})
}

func versionWords(d *casework.Draft) string {
	s := fmt.Sprintf("Version %d · %s", d.Version, d.Saved.In(checks.London).Format("2 Jan 2006 15:04"))
	switch {
	case d.Status == store.LetterSent:
		s += " · as sent"
	case d.Polished:
		s += " · AI wording"
	case d.Edited:
		s += " · edited"
	}
	return s
}

// showVersion shows an earlier version, with a way to bring its text back
// into the editor.
func (p *draftPage) showVersion(d *casework.Draft) {
	objs := []fyne.CanvasObject{}
	if p.d != nil && p.d.Status != store.LetterSent && d.Version != p.d.Version {
		use := widget.NewButtonWithIcon("Put this version's text in the editor", theme.ContentPasteIcon(), func() {
			p.editor.SetText(d.Text())
			p.tabs.SelectIndex(1)
			p.editNote.SetText(fmt.Sprintf("The text of version %d is in the editor. Save it to make it the latest version.", d.Version))
		})
		objs = append(objs, container.NewHBox(use))
	}
	p.verShow.Objects = []fyne.CanvasObject{container.NewBorder(container.NewVBox(objs...), nil, nil, nil, kit.LetterPaper(d.Letter))}
	p.verShow.Refresh()
}
