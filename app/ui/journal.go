package ui

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/store"
)

// noteKindWords are the note kinds in plain words, in the order offered.
var noteKindWords = map[casefile.NoteKind]string{
	casefile.NoteCall:        "Phone call",
	casefile.NoteVisit:       "Visit",
	casefile.NoteMeeting:     "Meeting",
	casefile.NoteLetter:      "Letter",
	casefile.NoteEmail:       "Email",
	casefile.NoteObservation: "Something I saw",
}

func noteKindLabel(k casefile.NoteKind) string {
	if w, ok := noteKindWords[k]; ok {
		return w
	}
	return "Note"
}

func noteKindOf(label string) casefile.NoteKind {
	for k, w := range noteKindWords {
		if w == label {
			return k
		}
	}
	return ""
}

func noteKindLabels() []string {
	var out []string
	for _, k := range casefile.NoteKinds {
		out = append(out, noteKindWords[k])
	}
	return out
}

// noteDraft is a journal entry being written or amended. It lives in memory
// only: across tab switches, case switches and a lock, never on disk.
type noteDraft struct {
	amending  string         // the note being amended, "" for a new entry
	base      *casefile.Note // that note as it was when the amendment began
	date      string         // as typed
	clock     string
	kind      casefile.NoteKind
	people    []string // person IDs
	text      string
	documents []string // document IDs
	events    []string
}

// hasWriting reports whether losing the draft would lose something typed.
func (d *noteDraft) hasWriting() bool {
	if d == nil {
		return false
	}
	if d.base != nil {
		return d.text != d.base.Text || !slices.Equal(d.documents, d.base.Documents) ||
			d.kind != d.base.Kind || !slices.Equal(d.people, d.base.People)
	}
	return strings.TrimSpace(d.text) != "" || len(d.documents) > 0
}

func (d *noteDraft) amends() string { return d.amending }

// journalTab is the Journal: the family's own notes, written at the time,
// each showing when it was recorded forever after; amendments keep every
// earlier version one click away.
type journalTab struct {
	masterDetail[casefile.Note, *noteDraft]
	notes  []casefile.Note  // the case's notes, newest first
	lower  []string         // their texts in lower case, for finding
	shown  []*casefile.Note // after the filters
	docsBy map[string]casefile.Document

	kindFilter   *widget.Select
	personFilter *widget.Select
	find         *field
	showArchived *widget.Check
	count        *widget.Label

	version int // the version shown: len(Versions) is the current one
	ed      *noteEditor
}

const (
	anyKind   = "Any kind"
	anyPerson = "Anyone"
)

func newJournalTab(s *shell) *journalTab {
	t := &journalTab{}
	t.init(s, "Choose an entry to read it, or press Ctrl+N to write a new one.",
		func() int { return len(t.shown) }, newNoteRow, t.fillRow, t.showNote)
	t.all, t.rowID = func() []casefile.Note { return t.notes }, func(i int) string { return t.shown[i].ID }
	t.idOf = func(n *casefile.Note) string { return n.ID }
	t.kindFilter = widget.NewSelect(append([]string{anyKind}, noteKindLabels()...), func(string) { t.applyFilters() })
	t.kindFilter.SetSelected(anyKind)
	t.personFilter = widget.NewSelect([]string{anyPerson}, func(string) { t.applyFilters() })
	t.personFilter.SetSelected(anyPerson)
	t.find = newField("Find in the journal")
	t.find.OnChanged = func(string) { t.applyFilters() }
	t.showArchived = widget.NewCheck("Show archived", func(bool) { t.applyFilters() })
	t.count = small("")
	newBtn := widget.NewButtonWithIcon("New entry  (Ctrl+N)", theme.ContentAddIcon(), t.onNew)
	newBtn.Importance = widget.HighImportance
	filters := container.NewGridWithColumns(2, t.kindFilter, t.personFilter)
	top := container.NewVBox(container.NewBorder(nil, nil, nil, newBtn, t.count),
		t.find, container.NewBorder(nil, nil, nil, t.showArchived, filters))
	t.ed = newNoteEditor(t)
	t.drafts("entry", "Saving the entry", t.ed, func() *noteDraft { return &noteDraft{} }, t.noteFrom,
		addJournalNote, (*store.Vault).AmendNote)
	t.layout(top, emptyList("Your journal",
		"Write down what you saw, heard and were told, as soon as you can: phone calls, visits, meetings, letters. "+
			"Each entry keeps the time it was recorded. Notes written at the time carry weight later.",
		"Write the first entry  (Ctrl+N)", theme.ContentAddIcon(), t.onNew), 0.38)
	return t
}

func newNoteRow() fyne.CanvasObject {
	head := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	head.Truncation = fyne.TextTruncateEllipsis
	text := widget.NewLabel("")
	text.Truncation = fyne.TextTruncateEllipsis
	return container.NewVBox(head, text, small(""))
}

func (t *journalTab) fillRow(i widget.ListItemID, o fyne.CanvasObject) {
	if i < 0 || i >= len(t.shown) {
		return
	}
	n := t.shown[i]
	cells := o.(*fyne.Container).Objects
	cells[0].(*widget.Label).SetText(noteKindLabel(n.Kind) + "  ·  " + occurredWords(n.Occurred))
	cells[1].(*widget.Label).SetText(clip(firstLine(n.Text), rowChars))
	cells[2].(*widget.Label).SetText(recordedLine(n))
}

// occurredWords is when something happened: "Tue 25 Nov 2026, 21:14".
func occurredWords(t time.Time) string { return londonTime(t).Format("Mon 2 Jan 2006, 15:04") }

// recordedLine is the small line under an entry: when it was written.
func recordedLine(n *casefile.Note) string {
	first := n.Recorded
	if len(n.Versions) > 0 {
		first = n.Versions[0].Recorded
	}
	s := "recorded " + stamp(first) + ownNoteWords(n)
	if len(n.Versions) > 0 {
		s += "  ·  amended " + stamp(n.Recorded)
	}
	if n.Archived {
		s += "  ·  archived"
	}
	if len(n.Documents) > 0 {
		s += "  ·  " + countWords(len(n.Documents), "attachment", "attachments")
	}
	return s
}

// rowChars is more than a list row can show at any width: the label truncates
// the rest, and shaping a whole note for every row would make scrolling slow.
const rowChars = 160

// clip shortens s to at most n runes.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n])
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return s
}

// show is called with the case as loaded.
func (t *journalTab) show(cs *caseState) {
	changed := t.switched(cs.prepare())
	t.notes, t.lower = cs.notes, cs.lower
	t.docsBy = map[string]casefile.Document{}
	for _, d := range cs.c.Documents {
		t.docsBy[d.ID] = d
	}
	people := []string{anyPerson}
	for _, p := range cs.c.People {
		people = append(people, personLabel(p))
	}
	t.personFilter.SetOptions(people)
	if !slices.Contains(people, t.personFilter.Selected) {
		t.personFilter.SetSelected(anyPerson)
	}
	t.ed.setPeople(cs.c.People)
	if changed {
		t.resume()
	}
	t.applyFilters()
	t.showPending()
	if t.editing {
		t.ed.refreshAttachments()
	}
}

// journalOrder returns the notes newest first, and their texts in lower case.
func journalOrder(notes []casefile.Note) ([]casefile.Note, []string) {
	all := make([]casefile.Note, len(notes))
	copy(all, notes)
	sort.SliceStable(all, func(i, j int) bool { return all[i].Occurred.After(all[j].Occurred) })
	lower := make([]string, len(all))
	for i := range all {
		lower[i] = strings.ToLower(all[i].Text)
	}
	return all, lower
}

func personLabel(p casefile.Person) string {
	if p.Role != "" {
		return p.Name + " (" + p.Role + ")"
	}
	return p.Name
}

// applyFilters shows the notes that match the kind, person and words chosen.
func (t *journalTab) applyFilters() {
	if t.cs == nil {
		return
	}
	kind := noteKindOf(t.kindFilter.Selected)
	person := ""
	for _, p := range t.cs.c.People {
		if personLabel(p) == t.personFilter.Selected {
			person = p.ID
		}
	}
	words := strings.Fields(strings.ToLower(t.find.Text))
	t.shown = t.shown[:0]
	archived := 0
	for i := range t.notes {
		n := &t.notes[i]
		if n.Archived {
			archived++
			if !t.showArchived.Checked {
				continue
			}
		}
		if kind != "" && n.Kind != kind {
			continue
		}
		if person != "" && !slices.Contains(n.People, person) {
			continue
		}
		if len(words) > 0 {
			text := t.lower[i]
			ok := true
			for _, w := range words {
				if !strings.Contains(text, w) {
					ok = false
					break
				}
			}
			if !ok {
				continue
			}
		}
		t.shown = append(t.shown, n)
	}
	total := len(t.notes) - archived
	switch {
	case len(t.notes) == 0:
		t.count.SetText("")
	case len(t.shown) == total && !t.showArchived.Checked:
		t.count.SetText(countWords(total, "entry", "entries"))
	default:
		t.count.SetText(fmt.Sprintf("%d of %s", len(t.shown), countWords(total, "entry", "entries")))
	}
	t.showRows(len(t.notes) == 0)
	t.markSelected()
}

// showNote shows a saved note on the right, at its current version.
func (t *journalTab) showNote(id string) {
	t.pick(id, func(n *casefile.Note, other bool) fyne.CanvasObject {
		if other {
			t.version = len(n.Versions)
		}
		t.version = min(t.version, len(n.Versions))
		return t.noteView(n)
	})
}

// versionOf returns version i of n (len(n.Versions) is the current one).
func versionOf(n *casefile.Note, i int) casefile.NoteVersion {
	if i < len(n.Versions) {
		return n.Versions[i]
	}
	return casefile.NoteVersion{Occurred: n.Occurred, Recorded: n.Recorded, Kind: n.Kind, People: n.People,
		Text: n.Text, Events: n.Events, Documents: n.Documents, Tags: n.Tags}
}

func (t *journalTab) noteView(n *casefile.Note) fyne.CanvasObject {
	v := versionOf(n, t.version)
	items := []fyne.CanvasObject{heading(noteKindLabel(v.Kind) + ", " + londonTime(v.Occurred).Format("Monday 2 January 2006 at 15:04"))}
	first := versionOf(n, 0).Recorded
	items = append(items, small("recorded "+stamp(first)))
	if len(n.Versions) > 0 {
		count := len(n.Versions) + 1
		which := fmt.Sprintf("Version %d of %d", t.version+1, count)
		if t.version == len(n.Versions) {
			which += ", the current one, amended " + stamp(v.Recorded)
		} else {
			which += ", written " + stamp(v.Recorded)
		}
		items = append(items, versionNav(t.version, count, which, "as it was written",
			func(d int) { t.version += d; t.showNote(n.ID) })...)
	}
	if n.Archived {
		b := para("This entry is archived: it is hidden from the journal, but it stays in the record.")
		b.Importance = widget.WarningImportance
		items = append(items, b)
	}
	if len(v.People) > 0 {
		var names []string
		for _, id := range v.People {
			names = append(names, t.personName(id))
		}
		items = append(items, widget.NewLabel("People there: "+strings.Join(names, ", ")))
	}
	text := widget.NewLabel(v.Text)
	text.Wrapping = fyne.TextWrapWord
	items = append(items, widget.NewSeparator(), text)
	if len(v.Documents) > 0 {
		items = append(items, widget.NewSeparator(), widget.NewLabelWithStyle("Attached", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		for _, id := range v.Documents {
			items = append(items, t.attachmentRow(id, nil))
		}
	}
	copyText := widget.NewButtonWithIcon("Copy", theme.ContentCopyIcon(), func() {
		t.s.d.app.Clipboard().SetContent(v.Text)
		t.s.status.note("Copied the entry's text")
	})
	copyText.Importance = widget.LowImportance
	amend := widget.NewButtonWithIcon("Amend", theme.DocumentCreateIcon(), func() { t.onAmend(n.ID) })
	attach := widget.NewButtonWithIcon("Attach files…", theme.MailAttachmentIcon(), func() { t.onAttachTo(n.ID) })
	var archive *widget.Button
	if n.Archived {
		archive = widget.NewButtonWithIcon("Bring back", theme.ContentUndoIcon(), func() { t.onUnarchive(n.ID) })
	} else {
		archive = widget.NewButtonWithIcon("Archive", theme.DeleteIcon(), func() { t.onArchive(n.ID) })
	}
	archive.Importance = widget.LowImportance
	items = append(items, widget.NewSeparator(), container.NewHBox(amend, attach, copyText, layout.NewSpacer(), archive))
	return container.NewVScroll(shrinkable(container.NewVBox(items...)))
}

func (t *journalTab) personName(id string) string {
	if t.cs != nil {
		for _, p := range t.cs.c.People {
			if p.ID == id {
				return personLabel(p)
			}
		}
	}
	return "someone no longer listed"
}

// attachmentRow shows one attached document: name, size and a short hash.
func (t *journalTab) attachmentRow(id string, onRemove func()) fyne.CanvasObject {
	d, ok := t.docsBy[id]
	if !ok {
		return small("A document that is no longer in the case")
	}
	label := widget.NewLabel(d.Name)
	label.Truncation = fyne.TextTruncateEllipsis
	meta := small(sizeWords(d.Size) + "  ·  " + shortHash(d.SHA256))
	return refRow(widget.NewIcon(theme.FileIcon()), container.NewVBox(label, meta), func() {
		t.s.showTab(tabDocuments)
		t.s.docs.reveal(id)
	}, onRemove)
}

// onNew opens a new entry (Ctrl+N): the cursor in the text, the time set to
// now. A draft already being written is kept, never replaced.
func (t *journalTab) onNew() {
	if t.s.refuseReadOnly("A new journal entry") {
		return
	}
	t.newDraft(true, func() *noteDraft {
		now := londonTime(t.s.d.now())
		return &noteDraft{date: casefile.DateOf(now).Long(), clock: now.Format("15:04")}
	})
}

// onAmend opens a saved entry for amendment.
func (t *journalTab) onAmend(id string) {
	if t.s.refuseReadOnly("Amending an entry") {
		return
	}
	n := t.item(id)
	if n == nil {
		return
	}
	if t.editing && t.draft.hasWriting() {
		t.s.d.showMessage("Finish the entry you are writing first",
			"Save the entry you are writing, or discard it, before amending another.")
		return
	}
	base := *n
	occ := londonTime(n.Occurred)
	t.edit(&noteDraft{amending: id, base: &base, date: casefile.DateOf(occ).Long(), clock: occ.Format("15:04"),
		kind: n.Kind, people: slices.Clone(n.People), text: n.Text, documents: slices.Clone(n.Documents),
		events: slices.Clone(n.Events)})
}

// noteFrom turns a draft into a note, or says what is missing.
func (t *journalTab) noteFrom(d *noteDraft) (casefile.Note, string) {
	if strings.TrimSpace(d.text) == "" && len(d.documents) == 0 {
		return casefile.Note{}, "Write what happened first, or attach a file."
	}
	day, err := parseDay(d.date, t.s.d.today())
	if err != nil {
		return casefile.Note{}, "When it happened: " + err.Error() + "."
	}
	if day.IsZero() {
		return casefile.Note{}, "Give the date it happened."
	}
	clock, err := parseTimeOfDay(d.clock)
	if err != nil {
		return casefile.Note{}, "The time: " + err.Error() + "."
	}
	y, m, dd := day.YMD()
	occ := time.Date(y, m, dd, clock.Minutes()/60, clock.Minutes()%60, 0, 0, londonTime(t.s.d.now()).Location())
	if occ.After(t.s.d.now().Add(5 * time.Minute)) {
		return casefile.Note{}, "When it happened is in the future. Check the date and the time."
	}
	n := casefile.Note{ID: d.amending, Occurred: occ, Kind: d.kind, People: d.people, Text: strings.TrimRight(d.text, " \n"),
		Documents: d.documents, Events: d.events}
	if d.base != nil {
		n.Tags = d.base.Tags
	}
	return n, ""
}

func (t *journalTab) onArchive(id string) {
	if t.s.refuseReadOnly("Archiving an entry") {
		return
	}
	t.archive(store.TypeNote, id, "It will be hidden from the journal but stays in the record. "+
		"Tick “Show archived” to see it again and bring it back.", "Archiving the entry", nil)
}

func (t *journalTab) onUnarchive(id string) {
	if t.s.refuseReadOnly("Bringing an entry back") {
		return
	}
	t.unarchive(store.TypeNote, id, "Bringing the entry back")
}

// onAttachTo attaches files to a saved entry: an amendment that adds them.
func (t *journalTab) onAttachTo(id string) {
	if t.s.refuseReadOnly("Attaching files") {
		return
	}
	t.s.d.files.openFile(t.s.d.win, nil, func(path string) { t.attachToSaved(id, []string{path}) })
}

func (t *journalTab) attachToSaved(id string, paths []string) {
	n := t.item(id)
	if n == nil {
		return
	}
	base := *n
	caseID := t.cs.info.ID
	t.s.docs.importPaths(paths, func(docs []casefile.Document) {
		amended := base
		for _, d := range docs {
			amended.Documents = append(slices.Clone(amended.Documents), d.ID)
		}
		t.s.write("Attaching the files", func(ctx context.Context, v *store.Vault) error {
			return v.AmendNote(ctx, caseID, amended)
		}, nil)
	})
}

// acceptDrop attaches dropped files to the entry being written or shown.
func (t *journalTab) acceptDrop(paths []string) bool {
	switch {
	case t.editing:
		t.ed.attach(paths)
		return true
	case t.selected != "":
		t.attachToSaved(t.selected, paths)
		return true
	}
	return false
}

// saveAllDrafts saves the draft in the editor (others need their case open:
// the close dialog says so by offering to keep writing).
func (t *journalTab) saveAllDrafts(done func(bool)) {
	t.masterDetail.saveAllDrafts(done, func() bool { return !anyWriting(t.parked) })
}

// noteEditor is the form a journal entry is written in.
type noteEditor struct {
	formControls
	t         *journalTab
	when      *dateField
	at        *field
	kind      *choice
	people    *widget.CheckGroup
	peopleBy  map[string]string // label -> person ID
	peopleRow *fyne.Container
	pending   string // a person just added, to tick once the case reloads
	addName   *field // the add-someone dialog's fields, kept if Esc closes it
	addRole   *comboField
	text      *field
	docs      []string
	docsBox   *fyne.Container
	progress  *widget.ProgressBar
	content   fyne.CanvasObject
}

func newNoteEditor(t *journalTab) *noteEditor {
	e := &noteEditor{t: t, peopleBy: map[string]string{}}
	e.formControls = newFormControls("entry", "New entry", "Amending an entry", t.onSave, t.onDiscard)
	e.when = newDateField(t.s.d.today)
	e.at = newField("21:14")
	now := widget.NewButton("Now", func() {
		n := londonTime(t.s.d.now())
		e.when.set(casefile.DateOf(n))
		e.at.SetText(n.Format("15:04"))
	})
	e.kind = newChoice(noteKindLabels(), 3, true)
	e.people = widget.NewCheckGroup(nil, nil)
	addPerson := widget.NewButtonWithIcon("Add someone…", theme.ContentAddIcon(), e.onAddPerson)
	addPerson.Importance = widget.LowImportance
	e.peopleRow = container.NewVBox(formRow("Who was there", container.NewVBox(e.people, container.NewHBox(addPerson))))
	e.text = newTextArea("What happened, in your own words. Who said what, and when.", 10)
	e.docsBox = container.NewVBox()
	attach := widget.NewButtonWithIcon("Attach files…", theme.MailAttachmentIcon(), func() {
		t.s.d.files.openFile(t.s.d.win, nil, func(p string) { e.attach([]string{p}) })
	})
	e.progress = widget.NewProgressBar()
	e.progress.Hide()
	improve := widget.NewButtonWithIcon("Improve the wording (AI)…", theme.DocumentCreateIcon(), e.onImprove)
	improve.Importance = widget.LowImportance
	when := container.NewBorder(nil, nil, nil, container.NewHBox(container.New(&fixedWidthMin{80}, e.at), now), e.when.content)
	// The buttons stay in view below the form, so Save is always there
	// however long the entry grows.
	form := container.NewVScroll(shrinkable(container.NewVBox(
		e.title, e.banner,
		formRow("When it happened", when),
		formRow("What kind of thing", e.kind.content),
		e.peopleRow,
		formRow("What happened", e.text),
		container.NewBorder(nil, nil, nil, attach, hint("Drag files onto the window to attach them.")),
		e.docsBox, e.progress, e.msg,
	)))
	bar := container.NewVBox(widget.NewSeparator(), container.NewHBox(e.discard, layout.NewSpacer(), improve, e.save))
	e.content = container.NewBorder(nil, bar, nil, nil, form)
	return e
}

func (e *noteEditor) setPeople(people []casefile.Person) {
	e.peopleBy = map[string]string{}
	var labels []string
	for _, p := range people {
		l := personLabel(p)
		e.peopleBy[l] = p.ID
		labels = append(labels, l)
	}
	sel := e.people.Selected
	e.people.Options = labels
	e.people.SetSelected(slices.DeleteFunc(slices.Clone(sel), func(s string) bool { return !slices.Contains(labels, s) }))
	e.people.Refresh()
	if e.pending != "" {
		for label, id := range e.peopleBy {
			if id == e.pending {
				e.people.SetSelected(append(e.people.Selected, label))
			}
		}
		e.pending = ""
	}
}

// load puts a draft into the form.
func (e *noteEditor) load(d *noteDraft) {
	e.amending(d.amending != "")
	e.when.entry.SetText(d.date)
	e.at.SetText(d.clock)
	e.kind.set(noteKindWords[d.kind])
	var sel []string
	for label, id := range e.peopleBy {
		if slices.Contains(d.people, id) {
			sel = append(sel, label)
		}
	}
	sort.Strings(sel)
	e.people.SetSelected(sel)
	e.text.SetText(d.text)
	e.docs = slices.Clone(d.documents)
	e.msg.Hide()
	e.refreshAttachments()
}

// read takes the draft out of the form.
func (e *noteEditor) read() *noteDraft {
	d := &noteDraft{date: e.when.entry.Text, clock: e.at.Text, kind: noteKindOf(e.kind.selected),
		text: e.text.Text, documents: slices.Clone(e.docs)}
	if e.t.draft != nil {
		d.amending, d.base, d.events = e.t.draft.amending, e.t.draft.base, e.t.draft.events
	}
	for _, label := range e.people.Selected {
		if id, ok := e.peopleBy[label]; ok {
			d.people = append(d.people, id)
		}
	}
	sort.Strings(d.people)
	if d.base != nil && len(d.people) == 0 && len(d.base.People) == 0 {
		d.people = d.base.People
	}
	return d
}

func (e *noteEditor) focusText() {
	e.t.s.d.win.Canvas().Focus(e.text)
}

func (e *noteEditor) view() fyne.CanvasObject { return e.content }

func (e *noteEditor) focus() { e.focusText() }

func (e *noteEditor) saving(on bool) {
	if on {
		e.save.Disable()
		e.msg.Hide()
	} else {
		e.save.Enable()
	}
}

func (e *noteEditor) refreshAttachments() {
	removableRows(e.docsBox, &e.docs, e.t.attachmentRow)
}

// attach imports files into the vault at once (encrypted, like everything
// else) and adds them to the draft; the entry links them when saved.
func (e *noteEditor) attach(paths []string) {
	e.t.s.docs.importPathsWith(paths, e.progress, func(docs []casefile.Document) {
		for _, d := range docs {
			e.docs = append(e.docs, d.ID)
			e.t.docsBy[d.ID] = d
		}
		e.refreshAttachments()
	})
}

// onAddPerson adds someone to the case from the editor, and ticks them.
func (e *noteEditor) onAddPerson() {
	if e.t.cs == nil {
		return
	}
	if e.addName == nil {
		e.addName = newField("Name")
		e.addRole = newComboField(roles, "Role: choose or type")
	}
	name, role := e.addName, e.addRole
	caseID := e.t.cs.info.ID
	d := e.t.s.d
	dl := dialog.NewForm("Add someone to the case", "Add", "Cancel", []*widget.FormItem{
		widget.NewFormItem("Name", name), widget.NewFormItem("Role", role)}, func(ok bool) {
		n := strings.TrimSpace(name.Text)
		if !ok || n == "" {
			return
		}
		p := casefile.Person{Name: n, Role: strings.TrimSpace(role.Text)}
		var id string
		e.t.s.write("Adding the person", func(ctx context.Context, v *store.Vault) error {
			var err error
			id, err = v.PutPerson(ctx, caseID, p)
			return err
		}, func() {
			e.pending = id
			name.SetText("")
			role.SetText("")
		})
	}, d.win)
	dl.Resize(fyne.NewSize(460, 220))
	d.dialogs.show(dl)
	d.win.Canvas().Focus(name)
}

// onImprove offers AI help with the wording of the entry's text (off unless
// turned on in Settings; the person sees what is sent and chooses whether to
// use the reply).
func (e *noteEditor) onImprove() {
	t := e.t
	if t.cs == nil || t.cs.c == nil || t.s.ai == nil {
		return
	}
	if strings.TrimSpace(e.text.Text) == "" {
		e.fail("Write the entry first: AI help improves the wording of what you wrote.")
		return
	}
	t.s.ai.ImproveNote(t.cs.info.ID, t.cs.c, e.text.Text, func(text string) {
		e.text.SetText(text)
		e.focusText()
	})
}

// startWith opens a new entry holding text, with documents attached (for a
// document's summary from AI help). An entry already being written is kept:
// the person is asked to finish it first.
func (t *journalTab) startWith(on casefile.Date, text string, documents []string) {
	if t.cs == nil {
		return
	}
	if t.editing && t.draft != nil && t.ed.read().hasWriting() {
		t.s.d.showMessage("Finish the entry you are writing first",
			"Save the entry you are writing, or discard it, then use the summary again.")
		return
	}
	now := londonTime(t.s.d.now())
	if on.IsZero() {
		on = casefile.DateOf(now)
	}
	t.edit(&noteDraft{date: on.Long(), clock: now.Format("15:04"), text: text, documents: slices.Clone(documents)})
}
