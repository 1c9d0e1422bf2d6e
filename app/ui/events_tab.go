package ui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/redress-app/redress/app/ui/kit"
	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/store"
)

// eventsTab is the Events tab: what the council did (and the family's
// complaints and requests), in date order, each linked to its evidence.
type eventsTab struct {
	masterDetail[casefile.Event, *eventDraft]
	events   []casefile.Event
	versions []store.Version // of the selected event, oldest first
	version  int
	histSeq  int
	form     *eventForm
	count    *widget.Label

	showArchived *widget.Check
	archived     map[string]bool // IDs of the archived events listed
	archSeq      int
}

func newEventsTab(s *shell) *eventsTab {
	t := &eventsTab{}
	t.init(s, "Choose an event to see everything recorded about it, or press Ctrl+E to record one.",
		func() int { return len(t.events) }, newEventRow, func(i widget.ListItemID, o fyne.CanvasObject) {
			if i >= 0 && i < len(t.events) && t.cs != nil {
				fillEventRow(o, &t.events[i], t.cs.c, t.archived[t.events[i].ID])
			}
		}, t.showEvent)
	t.all, t.idOf = func() []casefile.Event { return t.events }, func(e *casefile.Event) string { return e.ID }
	t.rowID = func(i int) string { return t.events[i].ID }
	newBtn := widget.NewButtonWithIcon("Record what happened  (Ctrl+E)", theme.ContentAddIcon(), t.onNew)
	newBtn.Importance = widget.HighImportance
	t.count = small("")
	t.count.Truncation = fyne.TextTruncateOff
	t.archived = map[string]bool{}
	t.showArchived = widget.NewCheck("Show archived", func(bool) {
		if t.cs != nil {
			t.show(t.cs)
		}
	})
	t.form = newEventForm(t)
	t.drafts("event", "Saving the event", t.form, func() *eventDraft { return &eventDraft{attrs: map[string]string{}} },
		t.prepareEvent, addEvent, (*store.Vault).AmendEvent)
	t.saved = func() { t.versions = nil }
	t.layout(container.NewBorder(nil, nil, nil, newBtn, container.NewHBox(t.count, t.showArchived)), emptyList("What the council did",
		"Record each step children's services took, or should have taken: the referral, strategy discussions, "+
			"visits, conferences, letters, and your complaints and requests. Redress checks them against the time limits.",
		"Record the first event  (Ctrl+E)", theme.ContentAddIcon(), t.onNew), 0.45)
	return t
}

// newEventRow is a row of the events list: the date, what happened and the
// detail, and whether it is disputed.
func newEventRow() fyne.CanvasObject {
	date := widget.NewLabel("")
	kind := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	kind.Truncation = fyne.TextTruncateEllipsis
	detail := small("")
	status := small("")
	status.Truncation = fyne.TextTruncateOff
	return container.NewBorder(nil, nil, container.New(&fixedWidthMin{118}, date), status, container.NewVBox(kind, detail))
}

func fillEventRow(o fyne.CanvasObject, e *casefile.Event, c *casefile.Case, archived bool) {
	var date, status *widget.Label
	var texts *fyne.Container
	for _, obj := range o.(*fyne.Container).Objects {
		switch v := obj.(type) {
		case *widget.Label:
			status = v
		case *fyne.Container:
			if l, ok := v.Objects[0].(*widget.Label); ok && len(v.Objects) == 1 {
				date = l
			} else {
				texts = v
			}
		}
	}
	date.SetText(shortDate(e))
	texts.Objects[0].(*widget.Label).SetText(e.Kind.Label())
	texts.Objects[1].(*widget.Label).SetText(kit.OneLine(eventSummary(e, c)))
	var words []string
	if own := ownWords(e.ID); own != "" {
		words = append(words, own)
	}
	switch s := statusOf(*e); {
	case archived:
		words = append(words, "Archived")
	case s != casefile.FactUndisputed:
		words = append(words, factStatusWords(s))
	}
	status.SetText(strings.Join(words, " · "))
}

func (t *eventsTab) show(cs *caseState) {
	changed := t.switched(cs)
	t.events = sortedEvents(cs.c.Events)
	if t.showArchived.Checked {
		t.loadArchived(cs)
	} else {
		t.archived = map[string]bool{}
	}
	if len(t.events) == 0 {
		t.count.SetText("")
	} else {
		t.count.SetText(countWords(len(t.events), "event", "events"))
	}
	t.showRows(len(t.events) == 0)
	t.form.setCase(cs.c)
	if changed {
		t.resume()
	}
	t.showPending()
}

// loadArchived finds the case's archived events from its journal, off the UI
// goroutine, and adds them to the list, marked.
func (t *eventsTab) loadArchived(cs *caseState) {
	t.archSeq++
	seq, epoch, caseID := t.archSeq, t.s.d.epoch, cs.info.ID
	v, ctx := t.s.vault(), t.s.ctx()
	kit.Background(func() []casefile.Event {
		recs, err := v.Journal(ctx, caseID)
		if err != nil {
			return nil
		}
		seen := map[string]bool{}
		var out []casefile.Event
		for _, r := range recs {
			if r.Type != store.TypeEvent || r.Op != store.OpArchive || seen[r.Object] {
				continue
			}
			seen[r.Object] = true
			vs, archived, purged, err := v.History(ctx, caseID, store.TypeEvent, r.Object)
			if err != nil || !archived || purged || len(vs) == 0 || vs[len(vs)-1].Event == nil {
				continue
			}
			out = append(out, *vs[len(vs)-1].Event)
		}
		return out
	}, func(evs []casefile.Event) {
		if !t.s.alive(epoch) || seq != t.archSeq || t.cs != cs || !t.showArchived.Checked {
			return
		}
		t.archived = map[string]bool{}
		for _, e := range evs {
			t.archived[e.ID] = true
		}
		t.events = sortedEvents(append(append([]casefile.Event{}, cs.c.Events...), evs...))
		t.count.SetText(countWords(len(cs.c.Events), "event", "events") + fmt.Sprintf(", %d archived", len(evs)))
		t.showRows(len(t.events) == 0)
		t.markSelected()
	})
}

// showEvent shows an event, then loads its versions off the UI goroutine.
func (t *eventsTab) showEvent(id string) {
	shown := t.pick(id, func(e *casefile.Event, other bool) fyne.CanvasObject {
		if other {
			t.versions = nil
			t.version = 0
		}
		return t.eventView(e)
	})
	if !shown {
		return
	}
	t.histSeq++
	seq, epoch, caseID := t.histSeq, t.s.d.epoch, t.cs.info.ID
	v, ctx := t.s.vault(), t.s.ctx()
	kit.Background(func() []store.Version {
		vs, _, _, err := v.History(ctx, caseID, store.TypeEvent, id)
		if err != nil {
			return nil
		}
		return vs
	}, func(vs []store.Version) {
		if !t.s.alive(epoch) || seq != t.histSeq || t.editing || t.selected != id {
			return
		}
		t.versions = vs
		t.version = len(vs) - 1
		if e := t.item(id); e != nil {
			t.setRight(t.eventView(e))
		}
	})
}

func (t *eventsTab) eventView(cur *casefile.Event) fyne.CanvasObject {
	e := cur
	var items []fyne.CanvasObject
	if n := len(t.versions); n > 0 {
		first := t.versions[0].Saved
		line := "recorded " + stamp(first)
		if n > 1 {
			line += "  ·  amended " + stamp(t.versions[n-1].Saved)
		}
		items = append(items, small(line))
		if n > 1 {
			if t.version < n-1 && t.versions[t.version].Event != nil {
				e = t.versions[t.version].Event
			}
			which := fmt.Sprintf("Version %d of %d, saved %s", t.version+1, n, stamp(t.versions[t.version].Saved))
			if t.version == n-1 {
				which += " (the current one)"
			}
			items = append(items, versionNav(t.version, n, which, "as it was",
				func(d int) { t.version += d; t.setRight(t.eventView(cur)) })...)
		}
	}
	detail := widget.NewRichTextFromMarkdown(eventMarkdown(e, t.cs.c))
	detail.Wrapping = fyne.TextWrapWord
	items = append(items, detail)
	if len(e.Evidence) > 0 {
		items = append(items, widget.NewLabelWithStyle("Evidence", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		for i, ref := range e.Evidence {
			items = append(items, t.evidenceRow(ref, nil))
			if q := e.EvidenceQuote(i); q != "" {
				items = append(items, quoteLabel(q))
			}
		}
	}
	if t.archived[cur.ID] {
		b := para("This event is archived: it is left out of the events and the checks, but it stays in the record.")
		b.Importance = widget.WarningImportance
		back := widget.NewButtonWithIcon("Bring back", theme.ContentUndoIcon(), func() { t.onUnarchive(cur.ID) })
		items = append(items, widget.NewSeparator(), b, container.NewHBox(back))
	} else {
		amend := widget.NewButtonWithIcon("Amend", theme.DocumentCreateIcon(), func() { t.onAmend(cur.ID) })
		archive := widget.NewButtonWithIcon("Archive", theme.DeleteIcon(), func() { t.onArchive(cur.ID) })
		archive.Importance = widget.LowImportance
		items = append(items, widget.NewSeparator(), container.NewHBox(amend, layout.NewSpacer(), archive))
	}
	return container.NewVScroll(shrinkable(container.NewVBox(items...)))
}

// evidenceWords names what an evidence reference points at.
func evidenceWords(c *casefile.Case, ref string) string {
	id, page, err := casefile.ParseEvidence(ref)
	if err != nil {
		return ref
	}
	at := ""
	if page > 0 {
		at = fmt.Sprintf(", page %d", page)
	}
	for _, d := range c.Documents {
		if d.ID == id {
			return "Document: " + d.Name + at
		}
	}
	for _, n := range c.Notes {
		if n.ID == id {
			return "Journal: " + noteKindLabel(n.Kind) + ", " + occurredWords(n.Occurred) + at
		}
	}
	return "Something no longer in the case (" + ref + ")"
}

func (t *eventsTab) evidenceRow(ref string, onRemove func()) fyne.CanvasObject {
	label := widget.NewLabel(evidenceWords(t.cs.c, ref))
	label.Truncation = fyne.TextTruncateEllipsis
	id, page, _ := casefile.ParseEvidence(ref)
	return refRow(nil, label, func() {
		for _, d := range t.cs.c.Documents {
			if d.ID == id {
				t.s.showTab(tabDocuments)
				if page > 0 {
					t.s.docs.revealPage(id, page, nil)
				} else {
					t.s.docs.reveal(id)
				}
				return
			}
		}
		t.s.showTab(tabJournal)
		t.s.journal.reveal(id)
	}, onRemove)
}

func (t *eventsTab) onNew() {
	if t.s.refuseReadOnly("Recording an event") {
		return
	}
	t.newDraft(false, func() *eventDraft { return &eventDraft{attrs: map[string]string{}, status: casefile.FactUndisputed} })
}

func (t *eventsTab) onAmend(id string) {
	if t.s.refuseReadOnly("Amending an event") {
		return
	}
	e := t.item(id)
	if e == nil {
		return
	}
	t.edit(draftOfEvent(*e))
}

// prepareEvent turns a draft into an event, or says what is wrong.
func (t *eventsTab) prepareEvent(d *eventDraft) (casefile.Event, string) {
	e, err := d.event(t.s.d.today())
	if err != nil {
		return e, err.Error()
	}
	return e, ""
}

func (t *eventsTab) onArchive(id string) {
	if t.s.refuseReadOnly("Archiving an event") {
		return
	}
	t.archive(store.TypeEvent, id, "It will be left out of the events and the checks, but it stays in the case's record.",
		"Archiving the event", func() {
			t.selected = ""
			t.showHint()
		})
}

func (t *eventsTab) onUnarchive(id string) {
	if t.s.refuseReadOnly("Bringing an event back") {
		return
	}
	t.unarchive(store.TypeEvent, id, "Bringing the event back")
}

func (t *eventsTab) saveAllDrafts(done func(bool)) {
	t.masterDetail.saveAllDrafts(done, func() bool { return true })
}
