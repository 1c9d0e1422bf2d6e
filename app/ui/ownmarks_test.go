package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/checks"
)

// receiversCopy is a case added from a pack as the receiver sees it: the
// family's unanswered stage 1 complaint (k1) and subject access request
// (q1), the answer to that request as the receiver recorded it (own-2), and
// a strategy discussion only the receiver recorded (own-1). The receiver's
// IDs are those pack.OwnIDFor gives.
func receiversCopy(t *testing.T) (*casefile.Case, []casefile.Finding, casefile.Date) {
	t.Helper()
	c := &casefile.Case{Title: "Copy from a pack", Authority: "Example County Council",
		Children: []casefile.Child{{ID: "c1", Name: "Child C"}},
		Events: []casefile.Event{
			{ID: "k1", Kind: casefile.KindComplaintMade, Date: casefile.MustDate("2026-04-01"), Attrs: casefile.Attrs{Stage: 1}},
			{ID: "q1", Kind: casefile.KindSARMade, Date: casefile.MustDate("2026-04-10")},
			{ID: "own-1", Kind: casefile.KindStrategyDiscussion, Date: casefile.MustDate("2026-04-13"), Attrs: casefile.Attrs{S47: casefile.Bool(true)}},
			{ID: "own-2", Kind: casefile.KindSARResponse, Date: casefile.MustDate("2026-04-20")},
		}}
	asOf := casefile.MustDate("2026-05-01")
	return c, checks.Run(checks.Default(), c, asOf), asOf
}

const (
	ownFromWords   = "Worked out from your own event, not the family's record."
	ownPartlyWords = "Worked out partly from your own event, not the family's record."
)

// ownWant is what a finding of receiversCopy must say of the receiver's
// events: from own-1, from them; done by own-2, partly; the family's alone,
// nothing.
func ownWant(f casefile.Finding) string {
	switch {
	case f.Trigger == "own-1":
		return ownFromWords
	case f.Done == "own-2":
		return ownPartlyWords
	}
	return ""
}

// TestFindingsMarkReceiversOwn: on the Checks tab of a copy added from a
// pack, a finding worked out from the receiver's own event says so on its
// card, one the receiver's event only did says "partly", and the family's
// say nothing of it.
func TestFindingsMarkReceiversOwn(t *testing.T) {
	c, fds, asOf := receiversCopy(t)
	v, _ := showFindings(t, theme.VariantLight, fyne.NewSize(900, 900), c, fds, asOf, nil, nil)
	seen := map[string]int{}
	for i, r := range v.rows {
		if r.kind != rowCard {
			continue
		}
		body := richText(cardFor(t, v, i).body)
		want := ownWant(r.f)
		seen[want]++
		for _, w := range []string{ownFromWords, ownPartlyWords} {
			if has := strings.Contains(body, w); has != (w == want) {
				t.Errorf("%s from %s (done %q): says %q %v, want %q:\n%s", r.f.Rule, r.f.Trigger, r.f.Done, w, has, want, body)
			}
		}
		if want != "" && !strings.HasPrefix(body, want) {
			t.Errorf("%s from %s: the card does not start with %q:\n%s", r.f.Rule, r.f.Trigger, want, body)
		}
	}
	if seen[ownFromWords] == 0 || seen[ownPartlyWords] == 0 || seen[""] == 0 {
		t.Fatalf("cards: %v; want some from own-1, some done by own-2 and some of the family's alone", seen)
	}
}

// TestOverviewMarksReceiversOwn: the Overview's lists of what may have gone
// wrong, what needs more information and the deadlines say which come from
// the receiver's own event, as the Checks tab does. (The Overview lists no
// step done in time, so own-2's "partly" is the Checks tab's to say.)
func TestOverviewMarksReceiversOwn(t *testing.T) {
	test.NewTempApp(t)
	c, fds, asOf := receiversCopy(t)
	seen := map[string]int{}
	for _, f := range fds {
		if f.Status == casefile.StatusMet {
			continue // a step done in time is not on the Overview
		}
		seen[ownWant(f)]++
		cs := &caseState{c: c, findings: []casefile.Finding{f}, asOf: asOf}
		text := allText(container.NewVBox(overviewSections(checks.Default(), cs)...))
		want := ownWant(f)
		for _, w := range []string{ownFromWords, ownPartlyWords} {
			if has := strings.Contains(text, w); has != (w == want) {
				t.Errorf("%s from %s (done %q): the Overview says %q %v, want %q:\n%s", f.Rule, f.Trigger, f.Done, w, has, want, text)
			}
		}
	}
	if seen[ownFromWords] == 0 || seen[""] == 0 {
		t.Fatalf("findings on the Overview: %v; want some from own-1 and some of the family's alone", seen)
	}
}

// TestTimelineMarksReceiversOwn: on the timeline, the receiver's own event
// is labelled "(your own)" and its hover line says it is not the family's
// record; a clock it started says "from your own event", one it did says
// "partly"; the family's events and clocks say neither.
func TestTimelineMarksReceiversOwn(t *testing.T) {
	c, fds, asOf := receiversCopy(t)
	var markers, bars int
	for _, l := range caseLanes(c, fds, checks.Default(), asOf) {
		for _, m := range l.Markers {
			markers++
			own := m.ID == "own-1" || m.ID == "own-2"
			if got := strings.HasSuffix(m.Label, " (your own)"); got != own {
				t.Errorf("event %s: label %q", m.ID, m.Label)
			}
			if got := strings.Contains(m.Detail, "Your own event, not the family's record"); got != own {
				t.Errorf("event %s: hover %q", m.ID, m.Detail)
			}
		}
		for _, b := range l.Bars {
			bars++
			want := ""
			switch {
			case b.Trigger == "own-1":
				want = " · from your own event · "
			case b.Trigger == "q1" && strings.Contains(b.Label, "subject access"):
				want = " · partly from your own event · "
			}
			if got := strings.Contains(b.Label, "your own"); got != (want != "") || !strings.Contains(b.Label+" · ", want) {
				t.Errorf("clock from %s: label %q, want it to say %q", b.Trigger, b.Label, want)
			}
		}
	}
	if markers != len(c.Events) || bars == 0 {
		t.Fatalf("%d markers and %d clocks for %d events", markers, bars, len(c.Events))
	}

	// What the pointer shows over the receiver's event and over its clock.
	a := newTestApp(t, theme.VariantLight)
	v := newTimelineView(checks.Default(), nil, func() {})
	w := a.NewWindow("Timeline")
	w.SetContent(v.content)
	w.Resize(fyne.NewSize(1100, 620))
	v.SetCase(c, fds, asOf)
	v.tl.Fit()
	p, ok := v.tl.EventPoint("own-1")
	if !ok {
		t.Fatal("no marker for own-1")
	}
	v.tl.MouseMoved(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: p}})
	if want := "Strategy discussion, 13 April 2026. Your own event, not the family's record. "; !strings.HasPrefix(v.hover.Text, want) {
		t.Errorf("hover over own-1: %q, want it to start %q", v.hover.Text, want)
	}
	p, ok = v.tl.BarPoint("own-1", "Due: initial child protection conference")
	if !ok {
		t.Fatal("no clock for the conference own-1 started")
	}
	if h, ok := v.tl.HitAt(p); !ok || h.Event != "own-1" || !strings.Contains(h.Text, "initial child protection conference · from your own event") {
		t.Errorf("the conference's clock: %+v %v", h, ok)
	}
	p, _ = v.tl.EventPoint("k1")
	v.tl.MouseMoved(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: p}})
	if strings.Contains(v.hover.Text, "your own") || strings.Contains(v.hover.Text, "Your own") || !strings.Contains(v.hover.Text, "1 April 2026") {
		t.Errorf("hover over the family's k1: %q", v.hover.Text)
	}
}

// TestChronologyMarksReceiversOwn: a case file exported from a copy added
// from a pack, read with redress open, says which events are the
// receiver's own.
func TestChronologyMarksReceiversOwn(t *testing.T) {
	test.NewTempApp(t)
	c, _, _ := receiversCopy(t)
	for i := range c.Events {
		e := &c.Events[i]
		row := newChronologyRow()
		fillChronologyRow(row, e, c)
		own := e.ID == "own-1" || e.ID == "own-2"
		if got := strings.Contains(allText(row), "Your own event"); got != own {
			t.Errorf("event %s: %q", e.ID, allText(row))
		}
	}
}

// TestDeadlinesViewMarksReceiversOwn: the Deadlines view across cases says
// under each duty from the receiver's own event that it is not the family's
// record, and the family's duties say nothing of it; the row is measured
// with those words, so they are never cut.
func TestDeadlinesViewMarksReceiversOwn(t *testing.T) {
	c, fds, asOf := receiversCopy(t)
	a := newTestApp(t, theme.VariantLight)
	w := a.NewWindow("Deadlines")
	v := newDeadlinesView(w, checks.Default(), nil)
	w.SetContent(v.content)
	w.Resize(fyne.NewSize(900, 700))
	var items []deadlineItem
	for _, f := range fds {
		items = append(items, deadlineItem{CaseID: "copy", CaseTitle: c.Title, Authority: c.Authority, Finding: f})
	}
	v.SetItems(items, asOf)
	seen := map[bool]int{}
	for i, r := range v.rows {
		if r.head != "" {
			continue
		}
		row := v.list.CreateItem()
		v.list.UpdateItem(i, row)
		text := row.(*fyne.Container).Objects[2].(*widget.Label).Text
		own := r.duty.Finding.Trigger == "own-1"
		seen[own]++
		if got := strings.HasSuffix(text, " "+ownFromWords); got != own {
			t.Errorf("the duty from %s: %q", r.duty.Finding.Trigger, text)
		}
		v.measure.SetText(text)
		v.measure.Resize(fyne.NewSize(max(v.list.Size().Width-dutyIconW-dutyStateW, 80), 10))
		if need := v.measure.MinSize().Height; need > v.heights[i]+0.5 {
			t.Errorf("the duty from %s: row %.0f high, its words need %.0f", r.duty.Finding.Trigger, v.heights[i], need)
		}
	}
	if seen[true] == 0 || seen[false] == 0 {
		t.Fatalf("duties: %v; want some from own-1 and some of the family's", seen)
	}
}
