package ui

import (
	"context"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/redress-app/redress/store"
)

// listDetail is what the Journal, Events and Documents tabs share: a list on
// the left, the chosen item (or a hint) on the right, and an item to show
// once its case has loaded. Each tab supplies its rows and its view.
type listDetail[T any] struct {
	s        *shell
	cs       *caseState
	list     *widget.List
	right    *fyne.Container // the item, the form, or a hint
	selected string          // the item shown on the right
	want     string          // an item to show once the case has loaded
	listArea *fyne.Container // the list, or the empty state when the case has none
	empty    fyne.CanvasObject
	content  fyne.CanvasObject

	hint   string             // the words on the right when nothing is chosen
	all    func() []T         // every item of the case, to find one by ID
	idOf   func(*T) string    // an item's ID
	rowID  func(i int) string // the ID of the item in row i of the list
	open   func(id string)    // shows a saved item on the right
	onHint func()             // if not nil, called before the hint is shown
}

// init makes the list (rows long, of rows made by create and filled by fill)
// and the right pane, which open fills and shows hint when nothing is chosen.
func (m *listDetail[T]) init(s *shell, hint string, rows func() int, create func() fyne.CanvasObject,
	fill func(widget.ListItemID, fyne.CanvasObject), open func(id string)) {
	m.s, m.hint, m.open = s, hint, open
	m.list = widget.NewList(rows, create, fill)
	m.list.OnSelected = func(i widget.ListItemID) {
		if i >= 0 && i < rows() {
			s.d.touch()
			m.open(m.rowID(i))
		}
	}
	m.right = container.NewStack()
}

// layout puts top above the list on the left and the right pane beside it,
// offset across; empty is shown instead of the list when the case has none.
func (m *listDetail[T]) layout(top, empty fyne.CanvasObject, offset float64) {
	m.empty = empty
	m.listArea = container.NewStack(m.list)
	left := container.NewBorder(top, nil, nil, nil, m.listArea)
	m.showHint()
	split := container.NewHSplit(container.NewPadded(left), container.NewPadded(m.right))
	split.SetOffset(offset)
	m.content = split
}

// emptyList is what a tab shows instead of its list when the case has nothing
// in it yet: a heading, a paragraph and a button to add the first item.
func emptyList(title, words, button string, icon fyne.Resource, onTap func()) fyne.CanvasObject {
	b := widget.NewButtonWithIcon(button, icon, onTap)
	b.Importance = widget.HighImportance
	return container.NewVScroll(container.NewVBox(layoutSpacer(24), heading(title), para(words), container.NewHBox(b)))
}

// versionNav is the line that steps through an item's versions: Earlier and
// Later around which (the words for version i of count, from 0), then, on an
// earlier version, a warning that it stays in the record asWhat ("as it was").
// step is called with -1 or +1.
func versionNav(i, count int, which, asWhat string, step func(int)) []fyne.CanvasObject {
	earlier := widget.NewButtonWithIcon("Earlier version", theme.NavigateBackIcon(), func() { step(-1) })
	later := widget.NewButtonWithIcon("Later version", theme.NavigateNextIcon(), func() { step(1) })
	if i == 0 {
		earlier.Disable()
	}
	if i >= count-1 {
		later.Disable()
	}
	items := []fyne.CanvasObject{container.NewBorder(nil, nil, earlier, later, widget.NewLabelWithStyle(which, fyne.TextAlignCenter, fyne.TextStyle{}))}
	if i < count-1 {
		b := para("This is an earlier version. It was amended later; it stays in the record " + asWhat + ".")
		b.Importance = widget.WarningImportance
		items = append(items, b)
	}
	return items
}

// refRow is a row for something an item refers to (a document, a note): body
// with left before it, a button that opens it, and, when onRemove is not nil,
// one that takes it off the draft.
func refRow(left, body fyne.CanvasObject, onOpen, onRemove func()) fyne.CanvasObject {
	open := widget.NewButtonWithIcon("", theme.VisibilityIcon(), onOpen)
	open.Importance = widget.LowImportance
	right := []fyne.CanvasObject{open}
	if onRemove != nil {
		rm := widget.NewButtonWithIcon("", theme.ContentRemoveIcon(), onRemove)
		rm.Importance = widget.LowImportance
		right = append(right, rm)
	}
	return container.NewBorder(nil, nil, left, container.NewHBox(right...), body)
}

// showRows shows the list again, or the empty state when none is set.
func (m *listDetail[T]) showRows(none bool) {
	want := fyne.CanvasObject(m.list)
	if none {
		want = m.empty
	}
	if len(m.listArea.Objects) != 1 || m.listArea.Objects[0] != want {
		m.listArea.Objects = []fyne.CanvasObject{want}
		m.listArea.Refresh()
	}
	m.list.Refresh()
}

// pick makes id the selected item and shows it on the right as view makes
// it (told whether it is another item than before), and marks it in the
// list. It reports false, showing nothing, when there is no such item or
// while a draft is being written: never lose a word, reading another item
// keeps the draft; the list selection follows but the form stays until saved
// or discarded.
func (m *masterDetail[T, D]) pick(id string, view func(it *T, other bool) fyne.CanvasObject) bool {
	it := m.item(id)
	if it == nil {
		return false
	}
	if m.editing {
		m.selected = id
		return false
	}
	other := m.selected != id
	m.selected = id
	m.setRight(view(it, other))
	m.markSelected()
	return true
}

// item finds an item of the case by ID, nil if there is none.
func (m *listDetail[T]) item(id string) *T {
	all := m.all()
	for i := range all {
		if m.idOf(&all[i]) == id {
			return &all[i]
		}
	}
	return nil
}

// reveal shows an item, now or once its case has loaded.
func (m *listDetail[T]) reveal(id string) {
	if m.cs != nil && m.cs.info.ID == m.s.curID && m.item(id) != nil {
		m.open(id)
		return
	}
	m.want = id
}

func (m *listDetail[T]) setRight(o fyne.CanvasObject) {
	m.right.Objects = []fyne.CanvasObject{o}
	m.right.Refresh()
}

func (m *listDetail[T]) showHint() {
	if m.onHint != nil {
		m.onHint()
	}
	m.setRight(container.NewCenter(sizedPara(m.hint, 300)))
}

// markSelected selects the selected item's row in the list, if it is listed.
func (m *listDetail[T]) markSelected() {
	for i := range m.list.Length() {
		if m.rowID(i) == m.selected {
			m.list.Select(i)
			return
		}
	}
	m.list.UnselectAll()
}

// switched notes the case shown and reports whether it is another case than before.
func (m *listDetail[T]) switched(cs *caseState) bool {
	changed := m.cs == nil || m.cs.info.ID != cs.info.ID
	m.cs = cs
	return changed
}

// formControls are what every draft form has: a title, a banner shown while
// amending, the words saying what is wrong, and Save and Discard.
type formControls struct {
	title, banner *widget.Label
	msg           *widget.Label
	save          *widget.Button
	discard       *widget.Button
	newTitle      string // the title of a new item's form
	amendTitle    string // the title while amending
}

// newFormControls makes them; noun names an item in the banner.
func newFormControls(noun, newTitle, amendTitle string, onSave, onDiscard func()) formControls {
	c := formControls{title: heading(newTitle), newTitle: newTitle, amendTitle: amendTitle,
		banner: para("You are amending this " + noun + ". The original stays in the record, marked as amended.")}
	c.banner.Importance = widget.WarningImportance
	c.banner.TextStyle.Bold = true
	c.msg = para("")
	c.msg.Importance = widget.DangerImportance
	c.msg.Hide()
	c.save = widget.NewButtonWithIcon("Save  (Ctrl+S)", theme.DocumentSaveIcon(), onSave)
	c.save.Importance = widget.HighImportance
	c.discard = widget.NewButton("Discard", onDiscard)
	c.discard.Importance = widget.LowImportance
	return c
}

// amending sets the title and the banner for a draft that amends (or not).
func (c *formControls) amending(on bool) {
	if on {
		c.title.SetText(c.amendTitle)
		c.banner.Show()
	} else {
		c.title.SetText(c.newTitle)
		c.banner.Hide()
	}
}

// fail says what is wrong with the draft.
func (c *formControls) fail(msg string) {
	c.msg.SetText(msg)
	c.msg.Show()
}

// removableRows fills box with a row for each of refs, made by row with a
// button that takes it off refs and fills the box again.
func removableRows(box *fyne.Container, refs *[]string, row func(ref string, onRemove func()) fyne.CanvasObject) {
	box.RemoveAll()
	for _, ref := range *refs {
		box.Add(row(ref, func() {
			*refs = slices.DeleteFunc(*refs, func(s string) bool { return s == ref })
			removableRows(box, refs, row)
		}))
	}
}

// drafter is a draft: kept in memory only, across tab switches, case
// switches and a lock, never on disk.
type drafter interface {
	comparable
	hasWriting() bool // losing it would lose something typed
	amends() string   // the ID of the item it amends, "" for a new one
}

// masterDetail is a listDetail whose items are written in a form: a draft
// being written (or amending a saved item) is kept while the person reads
// other items, parked when they go to another case, handed over while the
// app is locked, and saved or discarded only when they say so.
type masterDetail[T any, D drafter] struct {
	listDetail[T]
	editing bool
	draft   D            // the draft in the form while editing
	parked  map[string]D // drafts of other cases, by case ID

	noun    string // "entry", "event": for the discard question
	saving  string // what the status bar says while saving
	editor  draftEditor[D]
	blank   func() D // an empty draft, to clear the form
	prepare func(D) (T, string)
	add     func(v *store.Vault, ctx context.Context, caseID string, it T) (string, error)
	amend   func(v *store.Vault, ctx context.Context, caseID string, it T) error
	saved   func() // if not nil, called when a draft was saved, before the form closes
}

// draftEditor is the form a tab's drafts are written in.
type draftEditor[D drafter] interface {
	view() fyne.CanvasObject
	load(D)
	read() D
	focus()
	fail(msg string) // says what is wrong with the draft
	saving(on bool)
}

// drafts sets up the form: noun names an item in questions, saving is what
// the status bar says while saving; prepare turns a draft into the item to
// write, or says what is wrong with it, and add and amend write it.
func (m *masterDetail[T, D]) drafts(noun, saving string, ed draftEditor[D], blank func() D, prepare func(D) (T, string),
	add func(*store.Vault, context.Context, string, T) (string, error), amend func(*store.Vault, context.Context, string, T) error) {
	m.parked = map[string]D{}
	m.noun, m.saving, m.editor, m.blank, m.prepare, m.add, m.amend = noun, saving, ed, blank, prepare, add, amend
}

// write is the writing of draft d as item it: an amendment or a new item.
func (m *masterDetail[T, D]) write(d D, it T) func(context.Context, *store.Vault, string) (string, error) {
	return func(ctx context.Context, v *store.Vault, caseID string) (string, error) {
		if id := d.amends(); id != "" {
			return id, m.amend(v, ctx, caseID, it)
		}
		return m.add(v, ctx, caseID, it)
	}
}

// resume, after the case changed, clears the selection and brings back the
// draft parked for the case, if any.
func (m *masterDetail[T, D]) resume() {
	m.selected = ""
	var none D
	if d := m.parked[m.cs.info.ID]; d != none {
		delete(m.parked, m.cs.info.ID)
		m.edit(d)
	} else if !m.editing {
		m.showHint()
	}
}

// showPending shows the item waiting for its case to load, or shows the
// selected item again with what the case now holds.
func (m *masterDetail[T, D]) showPending() {
	switch {
	case m.want != "":
		id := m.want
		m.want = ""
		if !m.editing {
			m.selected = "" // show its current version
		}
		m.open(id)
	case m.selected != "" && !m.editing:
		m.open(m.selected)
	}
}

// newDraft opens the form on a new draft made by fresh, unless a draft is
// already open: it is kept, never replaced, and refocus puts the cursor back in it.
func (m *masterDetail[T, D]) newDraft(refocus bool, fresh func() D) {
	if m.cs == nil {
		return
	}
	if m.editing {
		if refocus {
			m.editor.focus()
		}
		return
	}
	m.edit(fresh())
}

func (m *masterDetail[T, D]) edit(d D) {
	m.editing = true
	m.draft = d
	m.editor.load(d)
	m.setRight(m.editor.view())
	m.editor.focus()
}

// stopEditing leaves the form (after saving or discarding).
func (m *masterDetail[T, D]) stopEditing() {
	var none D
	m.editing = false
	m.draft = none
	m.editor.load(m.blank())
	m.showHint()
	if m.selected != "" {
		m.open(m.selected)
	}
}

func (m *masterDetail[T, D]) hasWriting() bool {
	if m.editing && m.editor.read().hasWriting() {
		return true
	}
	return anyWriting(m.parked)
}

func anyWriting[D drafter](m map[string]D) bool {
	for _, d := range m {
		if d.hasWriting() {
			return true
		}
	}
	return false
}

// onSave saves the draft being written (Ctrl+S or the button).
func (m *masterDetail[T, D]) onSave() {
	if !m.editing || m.cs == nil {
		return
	}
	d := m.editor.read()
	it, problem := m.prepare(d)
	if problem != "" {
		m.editor.fail(problem)
		return
	}
	write := m.write(d, it)
	caseID := m.cs.info.ID
	var id string
	m.editor.saving(true)
	m.s.writeOr(m.saving, func(ctx context.Context, v *store.Vault) error {
		var err error
		id, err = write(ctx, v, caseID)
		return err
	}, func() {
		m.editor.saving(false)
		m.selected = id
		if m.saved != nil {
			m.saved()
		}
		m.stopEditing()
		m.want = id
	}, func() { m.editor.saving(false) })
}

// saveAllDrafts saves the draft in the form; done is told whether nothing
// typed is left unsaved, othersSaved saying so for the parked drafts (which
// need their case open: the close dialog says so by offering to keep writing).
func (m *masterDetail[T, D]) saveAllDrafts(done func(bool), othersSaved func() bool) {
	if !m.editing || !m.editor.read().hasWriting() {
		done(othersSaved())
		return
	}
	d := m.editor.read()
	it, problem := m.prepare(d)
	if problem != "" {
		m.editor.fail(problem)
		done(false)
		return
	}
	write := m.write(d, it)
	caseID := m.cs.info.ID
	m.s.writeOr(m.saving, func(ctx context.Context, v *store.Vault) error {
		_, err := write(ctx, v, caseID)
		return err
	}, func() { m.stopEditing(); done(othersSaved()) }, func() { done(false) })
}

func (m *masterDetail[T, D]) onDiscard() {
	d := m.editor.read()
	if !d.hasWriting() {
		m.stopEditing()
		return
	}
	title, msg := "Discard this "+m.noun+"?", "What you typed will be lost."
	if d.amends() != "" {
		title, msg = "Stop amending?", "Your changes will be lost. The "+m.noun+" stays as it was."
	}
	m.s.d.confirm(title, msg, "Discard", "Keep writing", func(ok bool) {
		if ok {
			m.stopEditing()
		}
	})
}

// archive asks, then archives item id of type typ; after, if not nil, runs
// once it is done.
func (m *masterDetail[T, D]) archive(typ, id, msg, progress string, after func()) {
	caseID := m.cs.info.ID
	m.s.d.confirm("Archive this "+m.noun+"?", msg, "Archive", "Cancel", func(ok bool) {
		if ok {
			m.s.write(progress, func(ctx context.Context, v *store.Vault) error {
				return v.Archive(ctx, caseID, typ, id)
			}, after)
		}
	})
}

// unarchive brings item id of type typ back.
func (m *masterDetail[T, D]) unarchive(typ, id, progress string) {
	caseID := m.cs.info.ID
	m.s.write(progress, func(ctx context.Context, v *store.Vault) error {
		return v.Unarchive(ctx, caseID, typ, id)
	}, nil)
}

// park keeps the draft of the case being left, to come back to.
func (m *masterDetail[T, D]) park() {
	var none D
	if m.cs != nil && m.editing {
		m.parked[m.cs.info.ID] = m.editor.read()
		m.editing = false
		m.draft = none
		m.editor.load(m.blank())
	}
	m.cs = nil
	m.showHint()
}

// takeDrafts hands every draft over for keeping in memory while locked.
func (m *masterDetail[T, D]) takeDrafts() map[string]D {
	out := map[string]D{}
	for k, d := range m.parked {
		out[k] = d
	}
	if m.cs != nil && m.editing {
		out[m.cs.info.ID] = m.editor.read()
	}
	return out
}

func (m *masterDetail[T, D]) giveDrafts(ds map[string]D) {
	for k, d := range ds {
		m.parked[k] = d
	}
}
