package bundleview

import (
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/redress-app/redress/app/casework"
	"github.com/redress-app/redress/app/ui/kit"
	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/checks"
	"github.com/redress-app/redress/letters/bundle"
)

// bundleModel is one case's bundle as arranged by hand.
type bundleModel struct {
	sections    []*bundleSection
	title       string
	titleEdited bool
	attach      bool
	style       bundle.Style        // who the bundle is for: how its pages are numbered, what it is checked against
	split       int64               // bytes a volume may have at most; 0 keeps the bundle in one file
	report      []fyne.CanvasObject // the last check's or export's words
	checked     *bundleChecked
	// notes are the family's journal notes the "notes" part can hold (not
	// archived, in the order they happened); leaveOut those left out, by ID
	// (casework.BundleOptions.LeaveOutNotes).
	notes    []casefile.Note
	leaveOut map[string]bool
	// writing are the pictures last known to be pages of writing
	// (casework.PagesOfText), so that one whose text is read after it was
	// placed can leave the photographs.
	writing map[string]bool
}

// bundleChecked is a pre-flight that can be written as it is, if nothing
// changed since (a Plan can be written once).
type bundleChecked struct {
	key  string
	job  *casework.BundleJob
	c    *casefile.Case // the case as it stood when checked
	asOf casefile.Date
	sink *progressSink // where the plan's progress goes (it is reported by Write too)
}

// progressSink is where a bundle job's progress is shown; it is changed
// (on the UI goroutine) when a checked plan is written by an export, so the
// export's dialog shows the writing.
type progressSink struct{ show func(bundle.Progress) }

type bundleSection struct {
	title  string
	origin int // its place in casework.DefaultSections, for documents added later
	parts  []bundlePart
	docs   []bundleDoc
}

// bundlePart is a page or pages Redress makes: cover, index, chronology,
// findings, letters.
type bundlePart struct {
	kind string
	on   bool
}

type bundleDoc struct {
	doc casefile.Document
	on  bool
}

// partWords name the pages Redress makes.
var partWords = map[string]string{
	"cover":      "Cover page",
	"index":      "Index, with links to every page",
	"chronology": "Chronology of events, pointing at the pages that show them",
	"findings":   "Schedule of findings: what the checks found, with sources",
	"letters":    "Letters you sent (as PDFs; drafts stay out)",
	"notes":      "Your journal notes, each with when it happened and when it was written, earlier versions shown",
}

type bundleRowKind int

const (
	bundleRowSection bundleRowKind = iota
	bundleRowPart
	bundleRowDoc
	bundleRowEmpty
	bundleRowNote // one journal note under the "notes" part; item is its place in bundleModel.notes
)

// bundleRow is one row of the list: a section's heading, a part, a document,
// or the note in an empty section.
type bundleRow struct {
	kind    bundleRowKind
	section int
	item    int
}

func newBundleModel(c *casefile.Case, writing map[string]bool) *bundleModel {
	specs, _ := casework.ParseSections(casework.DefaultSections)
	placed, _ := casework.PlaceDocuments(c, specs, writing)
	m := &bundleModel{leaveOut: map[string]bool{}, writing: writing}
	m.setNotes(c)
	for i, s := range specs {
		sec := &bundleSection{title: s.Title, origin: i}
		for _, it := range s.Items {
			if _, ok := partWords[it.Kind]; ok {
				sec.parts = append(sec.parts, bundlePart{kind: it.Kind, on: true})
			}
		}
		for _, d := range placed[i] {
			sec.docs = append(sec.docs, bundleDoc{doc: d, on: true})
		}
		m.sections = append(m.sections, sec)
	}
	return m
}

// setNotes takes the case's journal notes as they now stand; a note left
// out stays left out.
func (m *bundleModel) setNotes(c *casefile.Case) {
	m.notes = m.notes[:0]
	for _, n := range c.Notes {
		if !n.Archived {
			m.notes = append(m.notes, n)
		}
	}
	slices.SortStableFunc(m.notes, func(x, y casefile.Note) int { return x.Occurred.Compare(y.Occurred) })
}

// leftOutNotes are the IDs of the notes left out that the case still has, in
// the order they happened.
func (m *bundleModel) leftOutNotes() []string {
	var out []string
	for _, n := range m.notes {
		if m.leaveOut[n.ID] {
			out = append(out, n.ID)
		}
	}
	return out
}

// merge takes the case's documents and notes as they now stand. A new
// document goes to the end of the section it belongs in; so does a picture
// still among the photographs whose text has been read since as a page of
// writing (its OCR runs after import).
func (m *bundleModel) merge(c *casefile.Case, writing map[string]bool) {
	before := len(m.notes)
	m.setNotes(c)
	if len(m.notes) != before {
		m.checked = nil
	}
	specs, _ := casework.ParseSections(casework.DefaultSections)
	images := casework.ImagesSection(specs)
	now := map[string]casefile.Document{}
	for _, d := range c.Documents {
		now[d.ID] = d
	}
	seen, off := map[string]bool{}, map[string]bool{}
	for _, s := range m.sections {
		keep := s.docs[:0]
		for _, bd := range s.docs {
			d, ok := now[bd.doc.ID]
			if ok && s.origin == images && writing[d.ID] && !m.writing[d.ID] {
				off[d.ID] = !bd.on
				continue // placed again below, by who sent it
			}
			if ok {
				bd.doc = d
				keep = append(keep, bd)
				seen[d.ID] = true
			}
		}
		s.docs = keep
	}
	m.writing = writing
	var fresh []casefile.Document
	for _, d := range c.Documents {
		if !seen[d.ID] {
			fresh = append(fresh, d)
		}
	}
	if len(fresh) == 0 {
		return
	}
	placed, _ := casework.PlaceDocuments(&casefile.Case{Authority: c.Authority, Documents: fresh}, specs, writing)
	for i, docs := range placed {
		for _, s := range m.sections {
			if s.origin == i {
				for _, d := range docs {
					s.docs = append(s.docs, bundleDoc{doc: d, on: !off[d.ID]})
				}
			}
		}
	}
	m.checked = nil
}

// labels are the sections' letters: A, B, C… in order, skipping sections
// with nothing in them ("" for those, which the bundle leaves out).
func (m *bundleModel) labels() []string {
	out := make([]string, len(m.sections))
	next := 'A'
	for i, s := range m.sections {
		if s.count(len(m.notes)-len(m.leftOutNotes())) > 0 {
			out[i] = string(next)
			next++
		}
	}
	return out
}

// count is how many parts and documents the section has that are included;
// notes is how many journal notes are in, as the notes part is empty (and
// left out of the bundle) without them.
func (s *bundleSection) count(notes int) int {
	n := 0
	for _, p := range s.parts {
		if p.on && (p.kind != "notes" || notes > 0) {
			n++
		}
	}
	for _, d := range s.docs {
		if d.on {
			n++
		}
	}
	return n
}

// spec is the sections as casework.ParseSections reads them, with every
// document named (doc:ID) in its hand order, and the documents left out.
func (m *bundleModel) spec() (string, []casefile.Document) {
	labels := m.labels()
	var parts []string
	var out []casefile.Document
	for i, s := range m.sections {
		var items []string
		for _, p := range s.parts {
			if p.on {
				items = append(items, p.kind)
			}
		}
		for _, d := range s.docs {
			if d.on {
				items = append(items, "doc:"+d.doc.ID)
			} else {
				out = append(out, d.doc)
			}
		}
		if labels[i] == "" {
			continue
		}
		parts = append(parts, fmt.Sprintf("%s(%s)=%s", labels[i], specTitle(s.title), strings.Join(items, ",")))
	}
	return strings.Join(parts, ";"), out
}

// specTitle keeps a section title to what a specification can carry.
func specTitle(s string) string {
	s = strings.Map(func(r rune) rune {
		if strings.ContainsRune(";=(),", r) {
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// relist rebuilds the list's rows from the model.
func (bv *View) relist() {
	bv.rows = bv.rows[:0]
	if bv.m == nil {
		bv.list.Refresh()
		return
	}
	for si, s := range bv.m.sections {
		bv.rows = append(bv.rows, bundleRow{kind: bundleRowSection, section: si})
		for pi, p := range s.parts {
			bv.rows = append(bv.rows, bundleRow{kind: bundleRowPart, section: si, item: pi})
			if p.kind == "notes" && p.on {
				for ni := range bv.m.notes {
					bv.rows = append(bv.rows, bundleRow{kind: bundleRowNote, section: si, item: ni})
				}
			}
		}
		for di := range s.docs {
			bv.rows = append(bv.rows, bundleRow{kind: bundleRowDoc, section: si, item: di})
		}
		if len(s.parts)+len(s.docs) == 0 {
			bv.rows = append(bv.rows, bundleRow{kind: bundleRowEmpty, section: si})
		}
	}
	bv.list.Refresh()
}

// changed is called after any change to the arrangement.
func (bv *View) changed() {
	bv.m.checked = nil
	bv.relist()
}

// bundleRowObject is one reusable row of the list.
type bundleRowObject struct {
	widget.BaseWidget
	root *fyne.Container

	sec      *fyne.Container
	secTitle *widget.Label
	secNote  *widget.Label
	secUp    *widget.Button
	secDown  *widget.Button

	item     *fyne.Container
	tools    *fyne.Container // a document's arrows and "Move to"
	check    *widget.Check
	icon     *widget.Icon
	name     *widget.Label
	meta     *widget.Label
	up, down *widget.Button
	move     *widget.Select

	empty *widget.Label

	row bundleRow
}

func (bv *View) newRow() fyne.CanvasObject {
	o := &bundleRowObject{}
	o.secTitle = widget.NewLabel("")
	o.secTitle.TextStyle.Bold = true
	o.secTitle.Truncation = fyne.TextTruncateEllipsis
	o.secNote = kit.Quiet("")
	o.secNote.Wrapping = fyne.TextWrapOff
	o.secUp = widget.NewButtonWithIcon("", theme.MoveUpIcon(), func() { bv.moveSection(o.row.section, -1) })
	o.secDown = widget.NewButtonWithIcon("", theme.MoveDownIcon(), func() { bv.moveSection(o.row.section, 1) })
	for _, b := range []*widget.Button{o.secUp, o.secDown} {
		b.Importance = widget.LowImportance
	}
	// The heading sits at the bottom of its row, just above what it holds.
	o.sec = container.NewVBox(layout.NewSpacer(),
		container.NewBorder(nil, nil, nil, container.NewHBox(container.NewCenter(o.secNote), o.secUp, o.secDown), o.secTitle))

	o.check = widget.NewCheck("", nil)
	o.icon = widget.NewIcon(nil)
	o.name = widget.NewLabel("")
	o.name.Truncation = fyne.TextTruncateEllipsis
	o.meta = widget.NewLabel("")
	o.meta.Truncation = fyne.TextTruncateEllipsis
	o.meta.SizeName = theme.SizeNameCaptionText
	o.up = widget.NewButtonWithIcon("", theme.MoveUpIcon(), func() { bv.moveDoc(o.row, -1) })
	o.down = widget.NewButtonWithIcon("", theme.MoveDownIcon(), func() { bv.moveDoc(o.row, 1) })
	for _, b := range []*widget.Button{o.up, o.down} {
		b.Importance = widget.LowImportance
	}
	o.move = widget.NewSelect(nil, nil)
	o.move.PlaceHolder = "Move to…"
	text := container.New(&kit.StackedLabels{}, o.name, o.meta)
	o.tools = container.NewHBox(container.NewCenter(o.up), container.NewCenter(o.down), container.NewCenter(container.New(kit.FixedWidthLayout{W: 150}, o.move)))
	o.item = container.NewBorder(nil, nil, container.NewHBox(kit.Gap(18), o.check, container.NewCenter(o.icon)), o.tools, text)
	o.empty = kit.Quiet("Nothing in this section. Use “Move to” on a document to put it here, or leave the section empty: it is then left out.")
	o.empty.Wrapping = fyne.TextWrapOff
	o.empty.Truncation = fyne.TextTruncateEllipsis
	o.root = container.NewStack(o.sec, o.item, container.NewBorder(nil, nil, kit.Gap(18), nil, o.empty))
	o.ExtendBaseWidget(o)
	return o
}

// CreateRenderer is part of fyne.Widget.
func (o *bundleRowObject) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(o.root)
}

func (bv *View) fillRow(i widget.ListItemID, co fyne.CanvasObject) {
	o, ok := co.(*bundleRowObject)
	if !ok || i < 0 || i >= len(bv.rows) || bv.m == nil {
		return
	}
	row := bv.rows[i]
	o.row = row
	// The root holds the section heading, the item (a part or a document)
	// and the empty-section note; the row shows one of them.
	shown := map[bundleRowKind]int{bundleRowSection: 0, bundleRowPart: 1, bundleRowDoc: 1, bundleRowNote: 1, bundleRowEmpty: 2}[row.kind]
	for j, part := range o.root.Objects {
		if j == shown {
			part.Show()
		} else {
			part.Hide()
		}
	}
	s := bv.m.sections[row.section]
	switch row.kind {
	case bundleRowSection:
		label := bv.m.labels()[row.section]
		if label == "" {
			o.secTitle.SetText(s.title + " (empty: left out)")
		} else {
			o.secTitle.SetText("Section " + label + ": " + s.title)
		}
		n := 0
		for _, d := range s.docs {
			if d.on {
				n++
			}
		}
		if len(s.docs) == 0 && len(s.parts) > 0 {
			o.secNote.SetText("") // pages Redress makes, listed below
		} else {
			o.secNote.SetText(kit.Plural(n, "document", "documents"))
		}
		enableIf(o.secUp, row.section > 0)
		enableIf(o.secDown, row.section < len(bv.m.sections)-1)
		o.sec.Refresh() // the note's width changed: lay the heading out again
	case bundleRowPart:
		p := s.parts[row.item]
		o.icon.SetResource(theme.DocumentIcon())
		o.name.SetText(partWords[p.kind])
		o.meta.SetText("Made by Redress from the record")
		if p.kind == "notes" {
			n := len(bv.m.notes) - len(bv.m.leftOutNotes())
			o.meta.SetText(fmt.Sprintf("Made by Redress from your journal: %s of %d in. Untick a note below to leave it out.", kit.Plural(n, "note", "notes"), len(bv.m.notes)))
			if len(bv.m.notes) == 0 {
				o.meta.SetText("Your journal has no notes yet, so this part is left out.")
			}
		}
		o.check.OnChanged = nil
		o.check.SetChecked(p.on)
		fixed := p.kind == "cover" || p.kind == "index"
		enableIf(o.check, !fixed)
		o.check.OnChanged = func(on bool) {
			bv.m.sections[row.section].parts[row.item].on = on
			bv.changed()
		}
		o.tools.Hide()
	case bundleRowNote:
		n := bv.m.notes[row.item]
		o.icon.SetResource(theme.DocumentCreateIcon())
		o.name.SetText(kit.OneLine(n.Text))
		o.meta.SetText(noteFacts(n))
		o.check.OnChanged = nil
		o.check.SetChecked(!bv.m.leaveOut[n.ID])
		o.check.Enable()
		id := n.ID
		o.check.OnChanged = func(on bool) {
			if on {
				delete(bv.m.leaveOut, id)
			} else {
				bv.m.leaveOut[id] = true
			}
			bv.changed()
		}
		o.tools.Hide()
	case bundleRowDoc:
		d := s.docs[row.item]
		o.icon.SetResource(bundleDocIcon(d.doc))
		o.name.SetText(d.doc.Name)
		o.meta.SetText(bundleDocFacts(d.doc))
		o.check.OnChanged = nil
		o.check.SetChecked(d.on)
		o.check.Enable()
		o.check.OnChanged = func(on bool) {
			bv.m.sections[row.section].docs[row.item].on = on
			bv.changed()
		}
		o.tools.Show()
		enableIf(o.up, row.item > 0)
		enableIf(o.down, row.item < len(s.docs)-1)
		labels := bv.m.labels()
		var opts []string
		for si, other := range bv.m.sections {
			if si != row.section {
				opts = append(opts, sectionChoice(labels[si], other.title))
			}
		}
		o.move.OnChanged = nil
		o.move.Options = opts
		o.move.ClearSelected()
		o.move.OnChanged = func(choice string) {
			if choice == "" {
				return
			}
			for si, other := range bv.m.sections {
				if si != row.section && sectionChoice(labels[si], other.title) == choice {
					bv.moveDocTo(row, si)
					return
				}
			}
		}
	}
	if row.kind == bundleRowDoc || row.kind == bundleRowPart || row.kind == bundleRowNote {
		o.item.Refresh()
	}
}

// noteFacts says when a journal note's event happened and when it was
// written, and whether it was amended.
func noteFacts(n casefile.Note) string {
	s := "Happened " + n.Occurred.In(checks.London).Format("2 Jan 2006 15:04") + " · written " + n.Recorded.In(checks.London).Format("2 Jan 2006 15:04")
	if len(n.Versions) > 0 {
		s += " · amended: " + kit.Plural(len(n.Versions), "earlier version", "earlier versions") + " shown"
	}
	return s
}

func sectionChoice(label, title string) string {
	if label == "" {
		return title
	}
	return label + ": " + title
}

func enableIf(w fyne.Disableable, on bool) {
	if on {
		w.Enable()
	} else {
		w.Disable()
	}
}

func bundleDocIcon(d casefile.Document) fyne.Resource {
	t := strings.ToLower(d.Type)
	switch {
	case strings.HasPrefix(t, "image/"):
		return theme.FileImageIcon()
	case t == "application/pdf":
		return theme.DocumentIcon()
	case strings.HasPrefix(t, "text/"), t == "message/rfc822":
		return theme.FileTextIcon()
	}
	return theme.FileIcon()
}

// bundleDocFacts is a document's date and source in words.
func bundleDocFacts(d casefile.Document) string {
	date := "no date"
	if !d.Date.IsZero() {
		date = d.Date.Long()
	}
	if d.Source == "" {
		return date
	}
	return date + " · from " + d.Source
}

func (bv *View) moveSection(i, by int) {
	j := i + by
	if bv.m == nil || j < 0 || j >= len(bv.m.sections) {
		return
	}
	ss := bv.m.sections
	ss[i], ss[j] = ss[j], ss[i]
	bv.changed()
}

func (bv *View) moveDoc(r bundleRow, by int) {
	if bv.m == nil {
		return
	}
	docs := bv.m.sections[r.section].docs
	j := r.item + by
	if j < 0 || j >= len(docs) {
		return
	}
	docs[r.item], docs[j] = docs[j], docs[r.item]
	bv.changed()
}

// moveDocTo moves a document to the end of section to.
func (bv *View) moveDocTo(r bundleRow, to int) {
	from := bv.m.sections[r.section]
	d := from.docs[r.item]
	from.docs = append(from.docs[:r.item], from.docs[r.item+1:]...)
	bv.m.sections[to].docs = append(bv.m.sections[to].docs, d)
	bv.changed()
}
