package ui

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/redress-app/redress/app/casework"
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
			w.Resize(fyne.NewSize(1000, 600))
			var items []deadlineItem
			if !tc.empty {
				items = exampleDeadlines(t, "2026-04-20")
			}
			v.SetItems(items, casefile.MustDate("2026-04-20"))
			test.AssertImageMatches(t, "deadlines/"+tc.name+".png", w.Canvas().Capture())
		})
	}
}

// TestDeadlinesPerCase: case by case, what the council owes and is overdue
// comes first, beside the family's own limits open and passed, in the words
// of casework.Duties (the Overview's and redress deadlines'); the case where
// the council is overdue comes first; a line opens its case.
func TestDeadlinesPerCase(t *testing.T) {
	a := newTestApp(t, theme.VariantLight)
	w := a.NewWindow("Deadlines")
	var gotCase string
	var gotF casefile.Finding
	v := newDeadlinesView(w, checks.Default(), func(id string, f casefile.Finding) { gotCase, gotF = id, f })
	w.SetContent(v.content)
	w.Resize(fyne.NewSize(1000, 600))
	asOf := casefile.MustDate("2026-04-20")
	v.SetItems(exampleDeadlines(t, "2026-04-20"), asOf)

	// The rows are each case's heading then casework.Duties, word for word.
	var want []string
	for _, name := range []string{"complaint", "bruised-baby"} { // the overdue case first
		c, fds, _ := exampleCase(t, name, "2026-04-20")
		want = append(want, "# "+c.Title)
		for _, d := range casework.Duties(fds, asOf, casework.WhoseAll) {
			want = append(want, dutyWord(d.State)+" "+d.Text)
		}
	}
	var got []string
	for _, r := range v.rows {
		if r.head != "" {
			got = append(got, "# "+r.caseTitle)
			continue
		}
		got = append(got, dutyWord(r.duty.State)+" "+r.duty.Text)
	}
	if !slices.Equal(got, want) {
		t.Errorf("rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	text := strings.Join(got, "\n")
	for _, s := range []string{
		"Overdue The council owes you: stage 1 complaint response. It was due by 17 April 2026, 3 days ago.",
		"Open The council must: subject access response, by 11 May 2026 (in 21 days).",
		"Open Your time limit: Human Rights Act claim, by 12 October 2026 (in 175 days).",
		"Passed Your time limit passed on 13 January 2026 (97 days ago): judicial review claim.",
	} {
		if !strings.Contains(text, s) {
			t.Errorf("the view lacks %q:\n%s", s, text)
		}
	}
	if strings.Count(text, "passed on 13 January 2026") != 1 {
		t.Errorf("the limit of 13 January 2026 (two acts on one day) is not said once:\n%s", text)
	}
	if s := v.summary.Text; !strings.Contains(s, "the council is overdue with 1 thing it owes you") || !strings.Contains(s, "3 have passed") {
		t.Errorf("summary %q", s)
	}

	// A row shows its state word and words as drawn.
	row := v.list.CreateItem()
	v.list.UpdateItem(1, row)
	if s := collectText(row); !strings.Contains(s, "Overdue") || !strings.Contains(s, "It was due by 17 April 2026") {
		t.Errorf("the first duty row shows %q", s)
	}
	v.list.Select(1)
	if gotCase != "complaint" || gotF.Rule != "complaint-stage1-10wd" {
		t.Errorf("onOpen got %s %s, want the complaint case's stage 1 reply", gotCase, gotF.Rule)
	}
	if words := richText(v.words); !strings.Contains(words, "Subject access request") || !strings.Contains(words, "The Ombudsman") {
		t.Errorf("the terms in the rows are not explained:\n%s", words)
	}
}

// TestDeadlinesNeverNoneWhileOverdue: a vault whose only duty is overdue
// shows it, never the empty page; the empty page says so as casework does.
func TestDeadlinesNeverNoneWhileOverdue(t *testing.T) {
	a := newTestApp(t, theme.VariantLight)
	w := a.NewWindow("Deadlines")
	v := newDeadlinesView(w, checks.Default(), nil)
	w.SetContent(v.content)
	w.Resize(fyne.NewSize(1000, 600))
	asOf := casefile.MustDate("2026-04-20")
	var overdue []deadlineItem
	for _, it := range exampleDeadlines(t, "2026-04-20") {
		if it.Finding.Rule == "complaint-stage1-10wd" && it.Finding.Status == casefile.StatusBreach && it.Finding.Done == "" {
			overdue = append(overdue, it)
		}
	}
	if len(overdue) != 1 {
		t.Fatalf("%d overdue stage 1 replies in the examples, want 1", len(overdue))
	}
	v.SetItems(overdue, asOf)
	shown := collectText(v.content)
	if v.content.Objects[0] != v.body || strings.Contains(shown, "nothing the council owes") || strings.Contains(shown, "No deadlines") {
		t.Errorf("an overdue duty is hidden behind the empty page:\n%s", shown)
	}
	if v.export.Disabled() != true {
		t.Error("the calendar export is offered with nothing ahead to put in it")
	}
	v.SetItems(nil, asOf)
	if v.content.Objects[0] != v.empty || !strings.Contains(v.emptyMsg.Text, casework.NoDutiesText(casework.WhoseAll, asOf)) {
		t.Errorf("the empty page says %q", v.emptyMsg.Text)
	}
}

// TestDeadlinesRowsWrap: a duty's words wrap inside their row at any width,
// never cut, and a narrower window gives taller rows.
func TestDeadlinesRowsWrap(t *testing.T) {
	a := newTestApp(t, theme.VariantLight)
	w := a.NewWindow("Deadlines")
	v := newDeadlinesView(w, checks.Default(), nil)
	w.SetContent(v.content)
	v.SetItems(exampleDeadlines(t, "2026-04-20"), casefile.MustDate("2026-04-20"))
	heights := func(width float32) []float32 {
		w.Resize(fyne.NewSize(width, 700))
		var hs []float32
		for i := range v.rows {
			row := v.list.CreateItem()
			v.list.UpdateItem(i, row)
			h := v.list.Size().Width // rows are as wide as the list
			row.Resize(fyne.NewSize(h, 10))
			hs = append(hs, v.heights[i])
			text := row.(*fyne.Container).Objects[2]
			if v.rows[i].head == "" {
				text.Resize(fyne.NewSize(max(h-dutyIconW-dutyStateW, 80), 10))
				if need := text.MinSize().Height; need > hs[i]+0.5 {
					t.Errorf("width %.0f: row %d is %.0f high, its words need %.0f", width, i, hs[i], need)
				}
			}
		}
		return hs
	}
	wide, narrow := heights(1200), heights(560)
	taller := false
	for i := range wide {
		if narrow[i] < wide[i] {
			t.Errorf("row %d is shorter in a narrower window (%.0f < %.0f)", i, narrow[i], wide[i])
		}
		taller = taller || narrow[i] > wide[i]
	}
	if !taller {
		t.Error("no row grew taller in a narrow window: the words are not wrapped")
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
