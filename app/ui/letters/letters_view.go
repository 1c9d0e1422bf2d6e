package letters

import (
	"context"
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/redress-app/redress/app/casework"
	"github.com/redress-app/redress/app/casework/pack"
	"github.com/redress-app/redress/app/ui/aihelp"
	"github.com/redress-app/redress/app/ui/kit"
	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/checks"
	"github.com/redress-app/redress/letters"
	"github.com/redress-app/redress/store"
)

// View is the Letters tab: the case's letters (drafts and sent), the
// next step when the council has not answered in time, and the pages to
// draft a new letter and to read, edit, export and send one.
//
// Each case keeps its own pages while the app runs, so that what was typed
// (a letter's text, the outcomes of a letter being set up) stays in memory
// across tab and case switches until it is saved or thrown away; Unsaved
// reports whether there is any.
type View struct {
	win fyne.Window
	v   *store.Vault
	cat *checks.Catalogue
	now func() time.Time
	ai  *aihelp.Help // nil: AI help is not offered

	// Pick asks where to save an exported letter: the shell's own save form
	// (never over a vault). The shell sets it before the tab is shown; the
	// letter is written there by kit.WriteExport.
	Pick kit.SavePicker

	// OnChanged, if set, is called on the UI goroutine after the Letters tab
	// changed the case's record (marking a letter sent records an event), so
	// that the app can load the case again and call SetCase.
	OnChanged func(caseID string)

	content *fyne.Container
	empty   fyne.CanvasObject
	cases   map[string]*letterCase
	cur     *letterCase
	sender  *senderForm
}

// New makes the Letters tab for the vault v. now is the clock
// (today's date for new letters and for the date a letter is sent).
func New(win fyne.Window, v *store.Vault, cat *checks.Catalogue, now func() time.Time) *View {
	if cat == nil {
		cat = checks.Default()
	}
	lv := &View{win: win, v: v, cat: cat, now: now, cases: map[string]*letterCase{}}
	msg := kit.Wrapped("Letters are drafted from a case's record and its checks. Open a case to see its letters.")
	msg.Alignment = fyne.TextAlignCenter
	lv.empty = container.NewCenter(container.NewGridWrap(fyne.NewSize(480, 120), container.NewVBox(kit.Subheading("Letters"), msg)))
	lv.content = container.NewStack(lv.empty)
	return lv
}

// SetAIHelp offers AI help with the wording of letters, through a. nil takes
// the offer away.
func (lv *View) SetAIHelp(a *aihelp.Help) {
	lv.ai = a
	for _, lc := range lv.cases {
		for _, p := range lc.drafts {
			p.refresh()
		}
	}
}

// SetCase shows the letters of case caseID (c, with its findings as of asOf).
// caseID "" (or a nil c) means no case is open. Calling it again for the same
// case, after the case changed, keeps every page and what was typed in it.
func (lv *View) SetCase(caseID string, c *casefile.Case, findings []casefile.Finding, asOf casefile.Date) {
	if caseID == "" || c == nil {
		lv.cur = nil
		lv.show(lv.empty)
		return
	}
	lc := lv.cases[caseID]
	if lc == nil {
		lc = newLetterCase(lv, caseID)
		lv.cases[caseID] = lc
	}
	lc.c, lc.findings, lc.asOf = c, findings, asOf
	lv.cur = lc
	if lc.form != nil {
		lc.form.setCase()
	}
	lc.reload()
	lv.show(lc.page)
}

// UseFinding starts a new letter of the current case with finding f chosen,
// of the kind and under the procedure that f's route fits. It is what the
// Checks tab's "Use in a letter" button calls.
func (lv *View) UseFinding(f casefile.Finding) {
	lc := lv.cur
	if lc == nil {
		return
	}
	route := f.MainRoute()
	kind, proc, ok := casework.LetterFor(route, letters.Stage1)
	if !ok {
		dialog.ShowInformation("Redress does not draft this letter",
			fmt.Sprintf("“%s” is a matter for %s. Redress does not draft that kind of letter yet. "+
				"The finding's card in the Checks tab says what you can do.", f.Title, casework.RouteWords(route)), lv.win)
		return
	}
	start := func() {
		lc.openForm(kind, proc, []casefile.Finding{f})
	}
	if lc.form != nil && lc.form.dirty {
		dialog.ShowCustomConfirm("You are setting up a letter already", "Start again with this finding", "Add it to that letter",
			kit.Wrapped("You have started setting up a letter and not created it yet. Start a new one with only this finding, "+
				"or add this finding to the one you started?"), func(again bool) {
				if again {
					start()
					return
				}
				lc.form.addFinding(f)
				lc.showPage(lc.form.content)
			}, lv.win)
		return
	}
	start()
}

// Unsaved reports whether any letter holds typing that is not saved (a
// letter's edited text, or a letter being set up), so that the app can ask
// before closing.
func (lv *View) Unsaved() bool {
	for _, lc := range lv.cases {
		if lc.form != nil && lc.form.dirty {
			return true
		}
		for _, p := range lc.drafts {
			if p.dirty() {
				return true
			}
		}
	}
	return false
}

func (lv *View) show(o fyne.CanvasObject) {
	lv.content.Objects = []fyne.CanvasObject{o}
	lv.content.Refresh()
}

func (lv *View) senderForm() *senderForm {
	if lv.sender == nil {
		lv.sender = newSenderForm(lv.v, func(casework.Sender) {
			for _, lc := range lv.cases {
				lc.reload()
			}
		})
	}
	lv.sender.Load()
	return lv.sender
}

func (lv *View) changed(caseID string) {
	if lv.OnChanged != nil {
		lv.OnChanged(caseID)
	}
}

func (lv *View) today() casefile.Date { return kit.Today(lv.now) }

// Content is the tab's content, for the shell to place.
func (lv *View) Content() fyne.CanvasObject { return lv.content }

// Vault is the vault the tab drafts letters in.
func (lv *View) Vault() *store.Vault { return lv.v }

// letterCase is one case's letters and its pages.
type letterCase struct {
	lv       *View
	id       string
	c        *casefile.Case
	findings []casefile.Finding
	asOf     casefile.Date

	rows    []letterRow
	steps   []casework.NextStep
	missing bool // the sender's name or address is not in the vault
	loadSeq int
	loaded  bool

	page     fyne.CanvasObject // what the tab shows for this case
	listPage fyne.CanvasObject
	prompts  *fyne.Container
	body     *fyne.Container // the list or the empty state
	emptyMsg fyne.CanvasObject
	list     *widget.List
	summary  *widget.Label

	form   *letterForm
	drafts map[string]*draftPage
}

// letterRow is one letter in the list.
type letterRow struct {
	info  casework.DraftInfo
	draft *casework.Draft // nil when it could not be read
	when  string          // about its reply: "Reply due by 14 April 2026"
}

func newLetterCase(lv *View, id string) *letterCase {
	lc := &letterCase{lv: lv, id: id, drafts: map[string]*draftPage{}}
	newBtn := widget.NewButtonWithIcon("New letter…", theme.ContentAddIcon(), func() { lc.openForm("", "", nil) })
	newBtn.Importance = widget.HighImportance
	lc.summary = kit.Wrapped("Letters drafted from this case: complaints, requests for your records and more, each built from your record and the checks, with its sources cited.")
	head := container.NewBorder(nil, nil, nil, container.NewVBox(newBtn), container.NewVBox(kit.Subheading("Letters"), lc.summary))
	lc.prompts = container.NewVBox()
	lc.list = widget.NewList(func() int { return len(lc.rows) }, newLetterRowObject, func(i widget.ListItemID, o fyne.CanvasObject) {
		if i >= 0 && i < len(lc.rows) {
			lc.fillRow(o, &lc.rows[i])
		}
	})
	lc.list.OnSelected = func(i widget.ListItemID) {
		lc.list.UnselectAll()
		if i >= 0 && i < len(lc.rows) && lc.rows[i].draft != nil {
			lc.openDraft(lc.rows[i].info.ID, nil)
		}
	}
	msg := kit.Wrapped("No letters yet. Choose New letter: pick the kind of letter and what it is about, and Redress drafts it from your record, " +
		"with each point's source. You can read it, change the words and save it as a PDF, a Word document or text for an email.")
	msg.Alignment = fyne.TextAlignCenter
	lc.emptyMsg = container.NewCenter(container.NewGridWrap(fyne.NewSize(520, 130), msg))
	lc.body = container.NewStack(lc.emptyMsg)
	lc.listPage = container.NewBorder(container.NewVBox(container.NewPadded(head), lc.prompts, widget.NewSeparator()), nil, nil, nil, lc.body)
	lc.page = lc.listPage
	return lc
}

// showPage makes o this case's page, and shows it if the case is open.
func (lc *letterCase) showPage(o fyne.CanvasObject) {
	lc.page = o
	if lc.lv.cur == lc {
		lc.lv.show(o)
	}
}

// backToList shows the list of letters.
func (lc *letterCase) backToList() {
	lc.reload()
	lc.showPage(lc.listPage)
}

// reload reads the case's letters and the sender's details, off the UI
// goroutine, and shows them with the next steps.
func (lc *letterCase) reload() {
	lc.loadSeq++
	seq := lc.loadSeq
	v, cat, c, findings := lc.lv.v, lc.lv.cat, lc.c, lc.findings
	type result struct {
		rows    []letterRow
		steps   []casework.NextStep
		missing bool
		err     error
	}
	kit.Background(func() result {
		ctx := context.Background()
		var r result
		ls, err := v.Letters(ctx, lc.id)
		if err != nil {
			return result{err: err}
		}
		for _, sl := range ls {
			if sl.Archived {
				continue
			}
			row := letterRow{info: casework.DraftInfo{ID: sl.ID, Kind: letters.Kind(sl.Kind), Title: sl.Title, Status: sl.Status,
				Sent: sl.Sent, Version: sl.Version}}
			if d, err := casework.DecodeDraft(sl); err == nil {
				row.draft = d
				row.info.Date, row.info.Deadline = d.Request.Date, d.Request.Deadline.Date
				row.when = replyWords(cat, d, findings)
			}
			r.rows = append(r.rows, row)
		}
		if c != nil {
			r.steps = casework.SuggestNext(c, findings)
			for i := range r.steps {
				for _, row := range r.rows {
					if row.info.Kind == r.steps[i].Kind && row.info.Status == store.LetterDraft {
						r.steps[i].Draft = row.info.ID
					}
				}
			}
		}
		s, err := casework.LoadSender(ctx, v)
		if err != nil {
			return result{err: err}
		}
		r.missing = !senderDetails(s).complete()
		return r
	}, func(r result) {
		if seq != lc.loadSeq {
			return
		}
		if r.err != nil {
			lc.summary.SetText(kit.PlainError(r.err))
			return
		}
		lc.loaded = true
		// Newest first: the letter being worked on is usually the latest.
		for i, j := 0, len(r.rows)-1; i < j; i, j = i+1, j-1 {
			r.rows[i], r.rows[j] = r.rows[j], r.rows[i]
		}
		lc.rows, lc.steps, lc.missing = r.rows, r.steps, r.missing
		lc.fillPrompts()
		if len(lc.rows) == 0 {
			lc.body.Objects = []fyne.CanvasObject{lc.emptyMsg}
		} else {
			lc.body.Objects = []fyne.CanvasObject{lc.list}
		}
		lc.body.Refresh()
		lc.list.Refresh()
		for _, p := range lc.drafts {
			p.senderMissing(r.missing)
		}
	})
}

// replyWords says where a letter's reply stands: for a sent letter, from the
// checks (due, answered, or not answered in time), or from the deadline the
// letter set; for a draft, the deadline it will set.
func replyWords(cat *checks.Catalogue, d *casework.Draft, findings []casefile.Finding) string {
	if d.Status != store.LetterSent {
		return ""
	}
	if d.SentEvent != "" {
		for _, f := range findings {
			if f.Trigger != d.SentEvent {
				continue
			}
			if f.Family {
				continue
			}
			switch f.Status {
			case casefile.StatusMet:
				return "Answered on " + f.DoneDate.Long()
			case casefile.StatusDue:
				return "Reply due by " + f.Due.Long()
			case casefile.StatusBreach:
				if f.Done != "" {
					return "Answered late, on " + f.DoneDate.Long()
				}
				return "No reply recorded by " + f.Due.Long()
			}
		}
	}
	if dl, _, err := casework.CaseResponseDeadline(cat, d.Request.Case, d.Request.Kind, d.Letter.Procedure, d.Sent); err == nil && !dl.Date.IsZero() {
		return "Reply due by " + dl.Date.Long()
	}
	return "No fixed deadline: ask the council for its timescale"
}

// fillPrompts shows the sender prompt and the next steps above the list.
func (lc *letterCase) fillPrompts() {
	var objs []fyne.CanvasObject
	if lc.missing {
		add := widget.NewButtonWithIcon("Add my details…", theme.AccountIcon(), func() {
			showSenderDialog(lc.lv.win, lc.lv.senderForm())
		})
		objs = append(objs, container.NewPadded(kit.NoticeBox(theme.InfoIcon(), theme.ColorNamePrimary,
			container.NewBorder(nil, nil, nil, container.NewVBox(add), kit.Wrapped("Add your name and address so letters are ready to send. "+
				"Until then, letters show a placeholder where they go.")))))
	}
	for _, ns := range lc.steps {
		ns := ns
		var btn *widget.Button
		switch {
		case ns.Draft != "":
			btn = widget.NewButtonWithIcon("Open the draft", theme.DocumentIcon(), func() { lc.openDraft(ns.Draft, nil) })
		case ns.Kind != "":
			btn = widget.NewButtonWithIcon("Draft it…", theme.MailComposeIcon(), func() { lc.openForm(ns.Kind, ns.Procedure, nil) })
		}
		var right fyne.CanvasObject
		if btn != nil {
			right = container.NewVBox(btn)
		}
		objs = append(objs, container.NewPadded(kit.NoticeBox(theme.HistoryIcon(), kit.ColorNameStatusDue,
			container.NewBorder(nil, nil, nil, right, kit.Wrapped(ns.Text)))))
	}
	lc.prompts.Objects = objs
	lc.prompts.Refresh()
	// The list page's top grew or shrank: lay the page out again, or the
	// prompts overlap what is below them.
	if c, ok := lc.listPage.(*fyne.Container); ok {
		c.Refresh()
	}
}

func newLetterRowObject() fyne.CanvasObject {
	icon := widget.NewIcon(theme.DocumentIcon())
	title := widget.NewLabel("")
	title.TextStyle.Bold = true
	title.Truncation = fyne.TextTruncateEllipsis
	detail := widget.NewLabel("")
	detail.Truncation = fyne.TextTruncateEllipsis
	detail.SizeName = theme.SizeNameCaptionText
	when := widget.NewLabel("")
	when.Alignment = fyne.TextAlignTrailing
	text := container.New(&kit.StackedLabels{}, title, detail)
	return container.NewBorder(nil, nil, container.NewVBox(icon), container.NewVBox(when), text)
}

func (lc *letterCase) fillRow(o fyne.CanvasObject, r *letterRow) {
	b := o.(*fyne.Container)
	text := b.Objects[0].(*fyne.Container)
	icon := b.Objects[1].(*fyne.Container).Objects[0].(*widget.Icon)
	when := b.Objects[2].(*fyne.Container).Objects[0].(*widget.Label)
	title, detail := text.Objects[0].(*widget.Label), text.Objects[1].(*widget.Label)

	if r.draft == nil {
		icon.SetResource(theme.ErrorIcon())
		title.SetText(r.info.Title)
		detail.SetText("This letter's saved form could not be read.")
		when.SetText("")
		return
	}
	d := r.draft
	title.SetText(d.Letter.Title)
	parts := kindName(d.Request.Kind, d.Letter.Procedure) + " · dated " + d.Request.Date.Long()
	if d.Status == store.LetterSent {
		icon.SetResource(theme.MailSendIcon())
		parts += " · sent on " + d.Sent.Long()
		when.SetText(r.when)
	} else {
		icon.SetResource(theme.MailComposeIcon())
		parts += fmt.Sprintf(" · draft, version %d", d.Version)
		if p := lc.drafts[d.ID]; p != nil && p.dirty() {
			parts += " · changes not saved"
		}
		when.SetText("Not sent yet")
	}
	if pack.IsOwnID(d.ID) {
		parts += " · your own letter, kept apart from the family's record"
	}
	detail.SetText(parts)
}

// openForm shows the page that sets up a new letter: of kind k under
// procedure p ("" for the defaults), with findings fs chosen (nil: those the
// letter would take by default). It replaces a form not yet used.
func (lc *letterCase) openForm(k letters.Kind, p letters.Procedure, fs []casefile.Finding) {
	if lc.form != nil && lc.form.dirty && k == "" && fs == nil {
		lc.showPage(lc.form.content) // carry on where it was left
		return
	}
	lc.form = newLetterForm(lc, k, p, fs)
	lc.showPage(lc.form.content)
}

// openDraft shows the letter letterID; notes, if any, are what drafting it
// said (placeholders to fill in, warnings).
func (lc *letterCase) openDraft(letterID string, notes []string) {
	if p := lc.drafts[letterID]; p != nil {
		if notes != nil {
			p.notes = notes
			p.refresh()
		}
		p.reloadIfClean()
		lc.showPage(p.content)
		return
	}
	p := newDraftPage(lc, letterID, notes)
	lc.drafts[letterID] = p
	lc.showPage(p.content)
	p.load()
}

// SaveShown is Ctrl+S in the Letters tab: it saves the text of the letter being
// shown, if it was changed.
func (lv *View) SaveShown() {
	lc := lv.cur
	if lc == nil {
		return
	}
	for _, p := range lc.drafts {
		if lc.page == fyne.CanvasObject(p.content) {
			p.onSave()
			return
		}
	}
}

// SaveAll saves the changed words of every letter, in every case, then calls
// done (on the UI goroutine) with whether nothing is left unsaved. A letter
// still being set up cannot be saved as it is: done gets false, and the
// Letters tab is left to show it.
func (lv *View) SaveAll(done func(bool)) {
	type job struct {
		p    *draftPage
		nd   *casework.Draft
		text string
	}
	var jobs []job
	setting := false
	for _, lc := range lv.cases {
		if lc.form != nil && lc.form.dirty {
			setting = true
		}
		for _, p := range lc.drafts {
			if !p.dirty() {
				continue
			}
			nd, err := p.typed()
			if err != nil {
				done(false)
				return
			}
			jobs = append(jobs, job{p, nd, p.editor.Text})
		}
	}
	if len(jobs) == 0 {
		done(!setting)
		return
	}
	v := lv.v
	kit.Background(func() []error {
		errs := make([]error, len(jobs))
		for i, j := range jobs {
			errs[i] = casework.SaveDraft(context.Background(), v, j.p.lc.id, j.nd)
		}
		return errs
	}, func(errs []error) {
		ok := !setting
		for i, j := range jobs {
			if errs[i] != nil {
				j.p.editNote.SetText(kit.PlainError(errs[i]))
				ok = false
				continue
			}
			if j.p.editor.Text == j.text {
				j.p.d = nil // what was saved is what the editor shows
			}
			j.p.setDraft(j.nd)
			j.p.lc.reload()
		}
		done(ok)
	})
}
