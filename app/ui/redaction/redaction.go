// Package redaction is the desktop's room for taking names and details out
// of a copy before it is shared: the form that asks what to take out, the
// preview of every change page by page, and the chronology's redacted rows.
// The Bundle tab and the Letters room call it; the record is never changed.
package redaction

import (
	"errors"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/redress-app/redress/app/casework"
	"github.com/redress-app/redress/app/casework/chronology"
	"github.com/redress-app/redress/app/ui/kit"
	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/letters/redact"
)

// redactForm asks what to take out of a copy for sharing: tick boxes for
// the kinds of detail, a box for words the person marks, and the style.
type redactForm struct {
	checks []*widget.Check
	cats   []redact.Category
	words  *widget.Entry
	bar    *widget.Check
	box    fyne.CanvasObject
}

// redactChoices are the tick boxes, in the order shown, with their words.
var redactChoices = []struct {
	cat   redact.Category
	label string
	on    bool
}{
	{redact.OtherChildren, "Names of other children in the record", true},
	{redact.OtherAdults, "Names of other adults (social workers, teachers, anyone not in the family)", true},
	{redact.Addresses, "Addresses and postcodes", true},
	{redact.Phones, "Phone numbers", true},
	{redact.Emails, "Email addresses", true},
	{redact.Births, "Dates of birth", true},
	{redact.Family, "Your family's own names too", false},
}

func newRedactForm() *redactForm {
	f := &redactForm{}
	var rows []fyne.CanvasObject
	for _, c := range redactChoices {
		ch := widget.NewCheck(c.label, nil)
		ch.SetChecked(c.on)
		f.checks, f.cats = append(f.checks, ch), append(f.cats, c.cat)
		rows = append(rows, ch)
	}
	f.words = widget.NewMultiLineEntry()
	f.words.SetPlaceHolder("Other words to take out, one per line (a school, a street, a nickname)")
	f.words.SetMinRowsVisible(3)
	f.bar = widget.NewCheck("Show a black bar instead of the word [redacted]", nil)
	f.box = container.NewVBox(
		kit.Wrapped("Choose what to take out of the copy you share. Your record is not changed: only the file you save is."),
		container.NewVBox(rows...),
		f.words, f.bar,
		kit.Quiet("You will see every change, page by page, before anything is saved."),
	)
	return f
}

// spec is what the form asks for.
func (f *redactForm) spec() (redact.Spec, error) {
	var s redact.Spec
	for i, ch := range f.checks {
		if ch.Checked {
			s.Categories = append(s.Categories, f.cats[i])
		}
	}
	for _, line := range strings.Split(f.words.Text, "\n") {
		for _, w := range strings.Split(line, ",") {
			if w = strings.Join(strings.Fields(w), " "); w != "" {
				s.Words = append(s.Words, w)
			}
		}
	}
	s.Style = redact.StyleText
	if f.bar.Checked {
		s.Style = redact.StyleBar
	}
	if s.Empty() {
		return s, errors.New("nothing is ticked and no words are written: choose something to take out")
	}
	return s, nil
}

// Ask shows the form; done is called with the spec chosen.
func Ask(win fyne.Window, done func(redact.Spec)) {
	f := newRedactForm()
	dlg := dialog.NewCustomConfirm("Take out names and details", "Preview the changes…", "Cancel", f.box, func(ok bool) {
		if !ok {
			return
		}
		s, err := f.spec()
		if err != nil {
			dialog.ShowInformation("Nothing to take out", kit.PlainError(err), win)
			return
		}
		done(s)
	}, win)
	dlg.Resize(fyne.NewSize(620, 520))
	dlg.Show()
}

// previewPage is one page of the preview: the changes on one page of the
// copy (or one part of a letter or chronology).
type previewPage struct {
	label   string
	changes []casework.RedactChange
}

// groupChanges puts the changes in pages, in the order first seen.
func groupChanges(changes []casework.RedactChange) []previewPage {
	var pages []previewPage
	at := map[string]int{}
	for _, c := range changes {
		i, ok := at[c.Page]
		if !ok {
			i = len(pages)
			at[c.Page] = i
			pages = append(pages, previewPage{label: c.Page})
		}
		pages[i].changes = append(pages[i].changes, c)
	}
	return pages
}

// redactPreview shows the changes a redaction makes, page by page: where,
// what is taken out, and the words around it before and after.
type redactPreview struct {
	pages   []previewPage
	at      int
	heading *widget.Label
	where   *widget.Label
	list    *fyne.Container
	prev    *widget.Button
	next    *widget.Button
	box     fyne.CanvasObject
}

func newRedactPreview(changes []casework.RedactChange) *redactPreview {
	p := &redactPreview{pages: groupChanges(changes)}
	p.heading = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	p.where = widget.NewLabel("")
	p.list = container.NewVBox()
	p.prev = widget.NewButtonWithIcon("Previous page", theme.NavigateBackIcon(), func() { p.show(p.at - 1) })
	p.next = widget.NewButtonWithIcon("Next page", theme.NavigateNextIcon(), func() { p.show(p.at + 1) })
	p.next.IconPlacement = widget.ButtonIconTrailingText
	total := len(changes)
	summary := kit.Wrapped(fmt.Sprintf("%s on %s will be taken out. Check each page: on the left the words as they are, with what is taken out in red; on the right the copy you will share.",
		kit.Plural(total, "thing", "things"), kit.Plural(len(p.pages), "page", "pages")))
	if total == 0 {
		summary = kit.Wrapped("Nothing in this copy matches what you chose, so nothing would be taken out. Check the words you wrote, or save it as it is.")
	}
	nav := container.NewBorder(nil, nil, p.prev, p.next, container.NewCenter(p.where))
	p.box = container.NewBorder(container.NewVBox(summary, widget.NewSeparator(), nav, p.heading), nil, nil, nil,
		container.NewVScroll(p.list))
	p.show(0)
	return p
}

// show shows page i of the preview.
func (p *redactPreview) show(i int) {
	if len(p.pages) == 0 {
		p.heading.SetText("")
		p.where.SetText("")
		p.prev.Disable()
		p.next.Disable()
		return
	}
	i = max(0, min(i, len(p.pages)-1))
	p.at = i
	pg := p.pages[i]
	p.where.SetText(fmt.Sprintf("Page %d of %d", i+1, len(p.pages)))
	p.heading.SetText(pg.label)
	p.list.RemoveAll()
	for _, c := range pg.changes {
		before := widget.NewRichText(marked(c.Before, c.Text)...)
		before.Wrapping = fyne.TextWrapWord
		after := widget.NewRichText(&widget.TextSegment{Text: c.After, Style: widget.RichTextStyle{TextStyle: fyne.TextStyle{Bold: true}}})
		after.Wrapping = fyne.TextWrapWord
		what := kit.Quiet(fmt.Sprintf("Taken out: “%s” (%s)", c.Text, categoryWords(c.Category)))
		p.list.Add(container.NewVBox(what, container.NewGridWithColumns(2,
			container.NewVBox(kit.Quiet("Now"), before), container.NewVBox(kit.Quiet("In the copy"), after)), widget.NewSeparator()))
	}
	if i == 0 {
		p.prev.Disable()
	} else {
		p.prev.Enable()
	}
	if i == len(p.pages)-1 {
		p.next.Disable()
	} else {
		p.next.Enable()
	}
}

// categoryWords says what kind of detail a match is, in plain words.
func categoryWords(c redact.Category) string {
	switch c {
	case redact.OtherChildren:
		return "another child's name"
	case redact.OtherAdults:
		return "another adult's name"
	case redact.Family:
		return "your family's name"
	case redact.Addresses, redact.Postcodes:
		return "an address"
	case redact.Phones:
		return "a phone number"
	case redact.Emails:
		return "an email address"
	case redact.Births:
		return "a date of birth"
	case redact.Marked:
		return "words you marked"
	case casework.WithheldCategory:
		return "it cannot be redacted"
	}
	return "hidden in the page"
}

// ShowPreview shows the preview; save is called when the person
// chooses to save the redacted copy.
func ShowPreview(win fyne.Window, changes []casework.RedactChange, save func()) {
	p := newRedactPreview(changes)
	dlg := dialog.NewCustomConfirm("Preview: what will be taken out", "Save the redacted copy…", "Cancel", p.box, func(ok bool) {
		if ok {
			save()
		}
	}, win)
	dlg.Resize(fyne.NewSize(900, 620))
	dlg.Show()
}

// Button is the Bundle tab's "Export a redacted copy…" button.
func Button(tapped func()) *widget.Button {
	b := widget.NewButtonWithIcon("Export a redacted copy…", theme.VisibilityOffIcon(), tapped)
	b.Importance = widget.LowImportance
	return b
}

// Check is the export dialogs' choice to take out names and details.
func Check() *widget.Check {
	return widget.NewCheck("Take out names and details first (you will see every change)", nil)
}

// marked is text as rich text segments with the words taken out, what, in
// red and bold (each place they are).
func marked(text, what string) []widget.RichTextSegment {
	what = strings.Join(strings.Fields(what), " ")
	style := widget.RichTextStyle{Inline: true, ColorName: theme.ColorNameError, TextStyle: fyne.TextStyle{Bold: true}}
	var segs []widget.RichTextSegment
	for what != "" {
		i := strings.Index(text, what)
		if i < 0 {
			break
		}
		if i > 0 {
			segs = append(segs, &widget.TextSegment{Text: text[:i], Style: widget.RichTextStyleInline})
		}
		segs = append(segs, &widget.TextSegment{Text: what, Style: style})
		text = text[i+len(what):]
	}
	if text != "" || len(segs) == 0 {
		segs = append(segs, &widget.TextSegment{Text: text, Style: widget.RichTextStyleInline})
	}
	return segs
}

// Chronology asks what to take out of the chronology rows of case c,
// shows the preview of every change, and calls done with the redacted rows
// when the person chooses to save them: the one call a chronology export
// makes to offer a redacted copy.
func Chronology(win fyne.Window, c *casefile.Case, rows []chronology.Row, done func([]chronology.Row)) {
	Ask(win, func(s redact.Spec) {
		red, err := casework.RedactorFor(c, s)
		if err != nil {
			dialog.ShowInformation("Cannot take those out", kit.PlainError(err), win)
			return
		}
		out, changes := casework.RedactRows(red, rows)
		ShowPreview(win, changes, func() { done(out) })
	})
}
