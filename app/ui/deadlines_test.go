package ui

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/checks"
)

// exampleDeadlines are the open deadlines of two example cases as of asOf.
func exampleDeadlines(t testing.TB, asOf string) []deadlineItem {
	var items []deadlineItem
	for _, name := range []string{"bruised-baby", "complaint"} {
		c, fds, _ := exampleCase(t, name, asOf)
		for _, f := range fds {
			items = append(items, deadlineItem{CaseID: name, CaseTitle: c.Title, Authority: c.Authority, Finding: f})
		}
	}
	return items
}

func TestDeadlinesLook(t *testing.T) {
	for _, tc := range []struct {
		name    string
		variant fyne.ThemeVariant
		empty   bool
	}{{"light", theme.VariantLight, false}, {"dark", theme.VariantDark, false}, {"empty", theme.VariantLight, true}} {
		t.Run(tc.name, func(t *testing.T) {
			a := newTestApp(t, tc.variant)
			w := a.NewWindow("Deadlines")
			v := newDeadlinesView(w, checks.Default(), func(string, casefile.Finding) {})
			w.SetContent(v.content)
			w.Resize(fyne.NewSize(1000, 420))
			var items []deadlineItem
			if !tc.empty {
				items = exampleDeadlines(t, "2026-04-20")
			}
			v.SetItems(items, casefile.MustDate("2026-04-20"))
			test.AssertImageMatches(t, "deadlines/"+tc.name+".png", w.Canvas().Capture())
		})
	}
}

func TestDeadlinesSoonestFirstAndOpen(t *testing.T) {
	a := newTestApp(t, theme.VariantLight)
	w := a.NewWindow("Deadlines")
	var gotCase string
	var gotF casefile.Finding
	v := newDeadlinesView(w, checks.Default(), func(id string, f casefile.Finding) { gotCase, gotF = id, f })
	w.SetContent(v.content)
	w.Resize(fyne.NewSize(1000, 420))
	asOf := casefile.MustDate("2026-04-20")
	v.SetItems(exampleDeadlines(t, "2026-04-20"), asOf)
	if len(v.items) < 3 {
		t.Fatalf("%d deadlines, want at least 3", len(v.items))
	}
	for i, it := range v.items {
		if it.Finding.Status != casefile.StatusDue {
			t.Errorf("row %d has status %s", i, it.Finding.Status)
		}
		if i > 0 && it.Finding.Due.Before(v.items[i-1].Finding.Due) {
			t.Errorf("row %d (%s) comes before row %d (%s)", i, it.Finding.Due, i-1, v.items[i-1].Finding.Due)
		}
	}
	row := v.list.CreateItem()
	v.list.UpdateItem(0, row)
	text := collectText(row)
	first := v.items[0].Finding
	for _, want := range []string{first.Due.Long(), v.items[0].CaseTitle, "left"} {
		if !strings.Contains(text, want) {
			t.Errorf("first row lacks %q:\n%s", want, text)
		}
	}
	if words := richText(v.words); !strings.Contains(words, "Subject access request") || !strings.Contains(words, "The Ombudsman") {
		t.Errorf("the terms in the rows are not explained:\n%s", words)
	}
	v.list.Select(1)
	if gotCase != v.items[1].CaseID || gotF.Rule != v.items[1].Finding.Rule || gotF.Trigger != v.items[1].Finding.Trigger {
		t.Errorf("onOpen got %s %s/%s, want %s %s/%s", gotCase, gotF.Rule, gotF.Trigger,
			v.items[1].CaseID, v.items[1].Finding.Rule, v.items[1].Finding.Trigger)
	}
}

func TestDeadlinesCalendarUsesChecksWriter(t *testing.T) {
	a := newTestApp(t, theme.VariantLight)
	w := a.NewWindow("Deadlines")
	v := newDeadlinesView(w, checks.Default(), nil)
	now := time.Date(2026, 4, 20, 9, 0, 0, 0, time.UTC)
	v.now = func() time.Time { return now }
	v.version = "1.2.3"
	asOf := casefile.MustDate("2026-04-20")
	v.SetItems(exampleDeadlines(t, "2026-04-20"), asOf)
	got := v.calendar()
	items := make([]checks.ICSItem, len(v.items))
	for i, it := range v.items {
		items[i] = checks.ICSItem{CaseTitle: it.CaseTitle, Authority: it.Authority, Label: it.CaseTitle, Finding: it.Finding}
	}
	var want bytes.Buffer
	if err := checks.WriteICS(&want, "1.2.3", items, now); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want.Bytes()) {
		t.Error("the view's calendar differs from checks.WriteICS")
	}
	if n := strings.Count(string(got), "BEGIN:VEVENT"); n != len(v.items) {
		t.Errorf("%d calendar events, want %d", n, len(v.items))
	}
	if !strings.Contains(strings.ReplaceAll(string(got), "\r\n ", ""), "(Two small bruises on a four-week-old)") {
		t.Error("calendar events do not name their case")
	}
}

func TestDeadlinesExportShowsSaveDialog(t *testing.T) {
	a := newTestApp(t, theme.VariantLight)
	w := a.NewWindow("Deadlines")
	v := newDeadlinesView(w, checks.Default(), nil)
	w.SetContent(v.content)
	w.Resize(fyne.NewSize(1000, 600))
	v.SetItems(exampleDeadlines(t, "2026-04-20"), casefile.MustDate("2026-04-20"))
	test.Tap(v.export)
	if w.Canvas().Overlays().Top() == nil {
		t.Fatal("Export to calendar… did not open a dialog")
	}
}

func TestDeadlinesSaveWritesTheCalendar(t *testing.T) {
	a := newTestApp(t, theme.VariantLight)
	w := a.NewWindow("Deadlines")
	v := newDeadlinesView(w, checks.Default(), nil)
	w.SetContent(v.content)
	w.Resize(fyne.NewSize(1000, 600))
	now := time.Date(2026, 4, 20, 9, 0, 0, 0, time.UTC)
	v.now = func() time.Time { return now }
	v.SetItems(exampleDeadlines(t, "2026-04-20"), casefile.MustDate("2026-04-20"))
	path := filepath.Join(t.TempDir(), "deadlines.ics")
	v.save = func(_ fyne.Window, name string, _ []string, done func(string)) {
		if name != "redress-deadlines.ics" {
			t.Errorf("offered name %q", name)
		}
		done(path)
	}
	v.onExport()
	var shown string
	waitFor(t, "the saved message", func() bool {
		if top := w.Canvas().Overlays().Top(); top != nil {
			shown = collectText(top)
		}
		return strings.Contains(shown, "Calendar file saved")
	})
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, v.calendar()) {
		t.Error("the saved file is not the calendar")
	}
	if !strings.Contains(shown, "deadlines.ics is saved") {
		t.Errorf("message %q", shown)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("the calendar file's permissions are %v (%v), want 0600", fi.Mode().Perm(), err)
	}
}
