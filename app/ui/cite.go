package ui

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/redress-app/redress/app/casework"
	"github.com/redress-app/redress/app/ui/kit"
	"github.com/redress-app/redress/casefile"
)

// citeTarget is an event or a journal entry a page can be evidence for.
type citeTarget struct {
	id, label string
	day       casefile.Date
	event     bool
}

// citeTargets lists a case's live events and notes, those of day first (the
// document's date), then newest first.
func citeTargets(c *casefile.Case, day casefile.Date) []citeTarget {
	var out []citeTarget
	for _, e := range c.Events {
		out = append(out, citeTarget{id: e.ID, event: true, day: e.Date,
			label: "Event, " + e.Date.Time().Format("2 Jan 2006") + ": " + kit.OneLine(eventSummary(&e, c))})
	}
	for _, n := range c.Notes {
		if n.Archived {
			continue
		}
		d := casefile.DateOf(n.Occurred)
		out = append(out, citeTarget{id: n.ID, day: d,
			label: "Journal, " + noteKindLabel(n.Kind) + ", " + occurredWords(n.Occurred) + ": " + kit.OneLine(n.Text)})
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].day == day, out[j].day == day
		if a != b {
			return a
		}
		return out[i].day.String() > out[j].day.String()
	})
	for i := range out {
		if r := []rune(out[i].label); len(r) > 110 {
			out[i].label = string(r[:109]) + "…"
		}
	}
	return out
}

// onCite asks which event or journal entry the page shown is evidence for,
// and the words relied on, then records the citation (casework.LinkEvidence).
func (t *documentsTab) onCite(p *pageView) {
	if t.cs == nil || t.cs.c == nil {
		return
	}
	targets := citeTargets(t.cs.c, p.doc.Date)
	if len(targets) == 0 {
		t.s.d.showMessage("Nothing to cite it for yet", "Record the event (or write the journal entry) this page is evidence for, then come back.")
		return
	}
	labels := make([]string, len(targets))
	for i, x := range targets {
		labels[i] = x.label
	}
	which := widget.NewSelect(labels, nil)
	which.SetSelectedIndex(0)
	quote := widget.NewMultiLineEntry()
	quote.Wrapping = fyne.TextWrapWord
	quote.SetPlaceHolder("The words on this page you rely on (leave empty to cite the whole page)")
	quote.SetMinRowsVisible(3)
	pageText := widget.NewMultiLineEntry()
	pageText.Wrapping = fyne.TextWrapWord
	orig := p.texts[p.page]
	pageText.SetText(orig)
	pageText.OnChanged = func(s string) { // selectable, not editable
		if s != orig {
			pageText.SetText(orig)
		}
	}
	pageText.SetMinRowsVisible(8)
	useSel := widget.NewButtonWithIcon("Quote the selected words", theme.ContentCopyIcon(), func() {
		if s := strings.TrimSpace(pageText.SelectedText()); s != "" {
			quote.SetText(strings.Join(strings.Fields(s), " "))
		}
	})
	if len(p.marks) > 0 {
		quote.SetText(strings.Join(p.marks, " "))
	}
	var dlg dialog.Dialog
	body := container.NewVBox(
		para(fmt.Sprintf("Page %d of “%s” will be listed as evidence, with the words you quote. "+
			"The events and entries of the document's day come first.", p.page, p.doc.Name)),
		formRow("Evidence for", which),
		formRow("Select words on the page", pageText),
		container.NewHBox(useSel),
		formRow("Words quoted", quote))
	dlg = dialog.NewCustomConfirm("Use this page as evidence", "Use as evidence", "Cancel", container.New(&fixedWidthMin{640}, body), func(ok bool) {
		if !ok {
			return
		}
		i := which.SelectedIndex()
		if i < 0 || i >= len(targets) {
			return
		}
		t.cite(p, targets[i], strings.TrimSpace(quote.Text))
	}, t.s.d.win)
	dlg.Resize(fyne.NewSize(720, 640))
	t.s.d.dialogs.show(dlg)
}

// cite records the citation off the UI goroutine and says what it did.
func (t *documentsTab) cite(p *pageView, target citeTarget, quote string) {
	caseID, docID, page := t.cs.info.ID, p.doc.ID, p.page
	if !target.event {
		page, quote = 0, "" // a journal entry lists documents, not pages
	}
	epoch, v, ctx := t.s.d.epoch, t.s.vault(), t.s.ctx()
	t.s.d.touch()
	type result struct {
		res casework.LinkResult
		err error
	}
	kit.Background(func() result {
		res, err := casework.LinkEvidence(ctx, v, caseID, target.id, docID, page, quote)
		return result{res, err}
	}, func(r result) {
		if !t.s.alive(epoch) {
			return
		}
		switch {
		case errors.Is(r.err, casework.ErrCitation):
			msg, _, _ := strings.Cut(r.err.Error(), ": "+casework.ErrCitation.Error())
			t.s.d.showMessage("This citation was not recorded", capitalFirst(msg)+
				". Quote the words exactly as they are in the page's text, or leave the words empty to cite the whole page.")
			return
		case r.err != nil:
			t.s.d.showError("Recording the evidence did not work", r.err)
			return
		case !r.res.Added:
			t.s.status.note("That citation was already there")
		case target.event:
			t.s.status.saved(t.s.d.now())
			t.s.status.note(fmt.Sprintf("Page %d is now evidence for the event", page))
		default:
			t.s.status.saved(t.s.d.now())
			t.s.status.note("The document is now listed in the journal entry (entries list documents, not pages)")
		}
		t.s.reload()
	})
}

// quoteLabel shows the words an event relies on, under its evidence row.
func quoteLabel(q string) fyne.CanvasObject {
	l := widget.NewLabelWithStyle("“"+q+"”", fyne.TextAlignLeading, fyne.TextStyle{Italic: true})
	l.Wrapping = fyne.TextWrapWord
	return container.NewPadded(l)
}
