package redaction

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/redress-app/redress/app/casework"
	"github.com/redress-app/redress/app/casework/chronology"
	"github.com/redress-app/redress/app/ui/internal/uitest"
	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/letters/redact"
)

// previewChanges are the changes a real redaction makes to a chronology
// and a page of an imported letter.
func previewChanges(t *testing.T) []casework.RedactChange {
	t.Helper()
	c := &casefile.Case{
		Children: []casefile.Child{{ID: "c1", Name: "Lily Smith"}},
		People: []casefile.Person{{ID: "p1", Name: "Karen Whitfield", Role: "social worker"},
			{ID: "p2", Name: "Tom Baker", Role: "child at the nursery"}},
	}
	s, err := redact.ParseSpec("default")
	if err != nil {
		t.Fatal(err)
	}
	red, err := casework.RedactorFor(c, s)
	if err != nil {
		t.Fatal(err)
	}
	_, changes := casework.RedactRows(red, []chronology.Row{
		{Entry: "event e1", What: "Referral received: Karen Whitfield rang the family on 07700 900123 about Lily"},
		{Entry: "event e3", What: "Strategy discussion: Tom Baker's mother told the nursery; write to karen.whitfield@example.gov.uk"},
	})
	for _, ch := range red.Changes("Contact: 07700 900123 or 12 Acacia Avenue, Exampletown EX1 2AB.") {
		changes = append(changes, casework.RedactChange{Page: "C3 (visit.pdf, page 3)", Category: ch.Category, Text: ch.Text, Before: ch.Before, After: ch.After})
	}
	return changes
}

// TestRedactPreview: the preview goes page by page, says what is taken out
// with the words before and after, and shows in a dialog at 1000 x 660
// (saved with -pngs to look at).
func TestRedactPreview(t *testing.T) {
	a := uitest.NewTestApp(t, theme.VariantLight)
	changes := previewChanges(t)
	p := newRedactPreview(changes)
	if len(p.pages) != 3 || p.heading.Text != "chronology: event e1" || !p.prev.Disabled() || p.next.Disabled() {
		t.Fatalf("first page: %d pages, %q", len(p.pages), p.heading.Text)
	}
	test.Tap(p.next)
	test.Tap(p.next)
	if p.heading.Text != "C3 (visit.pdf, page 3)" || !p.next.Disabled() || p.where.Text != "Page 3 of 3" {
		t.Errorf("last page: %q %q", p.heading.Text, p.where.Text)
	}
	if n := len(p.list.Objects); n != 3 {
		t.Errorf("page C3 shows %d changes, want 3 (phone, address, postcode)", n)
	}
	for _, c := range p.pages[2].changes {
		if strings.Contains(c.After, c.Text) || !strings.Contains(c.Before, c.Text) {
			t.Errorf("change %+v: the words after still hold it, or the words before do not", c)
		}
	}
	empty := newRedactPreview(nil)
	if !empty.next.Disabled() || !empty.prev.Disabled() {
		t.Error("an empty preview offers pages")
	}

	w := a.NewWindow("Redress")
	w.SetContent(widget.NewLabel("The Bundle tab"))
	w.Resize(fyne.NewSize(1000, 660))
	saved := false
	ShowPreview(w, changes, func() { saved = true })
	uitest.Settle()
	if saved {
		t.Error("saved before anyone chose to")
	}
}

// TestRedactForm: the form's default is everyone else's details, never the
// family's; marked words are read one per line or comma; nothing ticked is
// refused.
func TestRedactForm(t *testing.T) {
	uitest.NewTestApp(t, theme.VariantLight)
	f := newRedactForm()
	f.words.SetText("Riverside Nursery\nAcacia,  Oak  Lane ")
	f.bar.SetChecked(true)
	s, err := f.spec()
	if err != nil {
		t.Fatal(err)
	}
	if got := s.String(); got != "children,adults,addresses,phones,emails,dob,word:Riverside Nursery,word:Acacia,word:Oak Lane,style:bar" {
		t.Errorf("spec %q", got)
	}
	for _, ch := range f.checks {
		ch.SetChecked(false)
	}
	f.words.SetText("")
	if _, err := f.spec(); err == nil {
		t.Error("nothing chosen was accepted")
	}
}

// TestRedactChronology: the chronology export's call asks what to take
// out, previews it and gives back the rows redacted only when saved.
func TestRedactChronology(t *testing.T) {
	a := uitest.NewTestApp(t, theme.VariantLight)
	w := a.NewWindow("Redress")
	w.SetContent(widget.NewLabel("Chronology"))
	w.Resize(fyne.NewSize(1000, 660))
	c := &casefile.Case{People: []casefile.Person{{ID: "p1", Name: "Karen Whitfield", Role: "social worker"}}}
	rows := []chronology.Row{{Entry: "event e1", What: "Karen Whitfield visited", Date: "2026-03-02"}}
	var got []chronology.Row
	Chronology(w, c, rows, func(r []chronology.Row) { got = r })
	test.Tap(uitest.ButtonNamed(w.Canvas().Overlays().Top(), "Preview the changes…"))
	uitest.Settle()
	if got != nil {
		t.Fatal("rows given back before the preview was saved")
	}
	test.Tap(uitest.ButtonNamed(w.Canvas().Overlays().Top(), "Save the redacted copy…"))
	uitest.Settle()
	if len(got) != 1 || got[0].What != "[redacted] visited" || got[0].Date != "2026-03-02" || rows[0].What != "Karen Whitfield visited" {
		t.Errorf("rows %+v (the original %+v)", got, rows)
	}
}
