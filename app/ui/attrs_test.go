package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/redress-app/redress/casefile"
)

func findCheckGroup(o fyne.CanvasObject) *widget.CheckGroup {
	var found *widget.CheckGroup
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch v := o.(type) {
		case *widget.CheckGroup:
			if found == nil {
				found = v
			}
		case *fyne.Container:
			for _, c := range v.Objects {
				walk(c)
			}
		}
	}
	walk(o)
	return found
}

// TestEventFormsTakeTheNewAttributes records, through the forms, every
// attribute added for issue 12 (who took part in a strategy discussion, when
// a conference report reached the parents, what the subject access request
// showed about checks, an acknowledgement, an incomplete reply, whose records
// were asked for) and reads them back from the saved events and their
// summaries.
func TestEventFormsTakeTheNewAttributes(t *testing.T) {
	td := openDesk(t)
	s := td.d.shell
	subject := casefile.AttrSpec{}
	if info, ok := casefile.LookupKind(casefile.KindSARMade); ok {
		subject, _ = info.Attr("subject")
	}
	steps := []struct {
		kind  casefile.Kind
		date  string
		attrs map[string]string
		want  map[string]string
	}{
		{casefile.KindStrategyDiscussion, "2/3/2026", map[string]string{"s47": wordYes, "agencies": "childrens-social-care,referrer"},
			map[string]string{"s47": "true", "agencies": "childrens-social-care,referrer"}},
		{casefile.KindICPC, "24/3/2026", map[string]string{"plan": wordNo, "report_shared": "23/3/2026", "parents_invited": wordYes},
			map[string]string{"plan": "false", "report_shared": "2026-03-23", "parents_invited": "true"}},
		{casefile.KindThirdPartyChecks, "27/2/2026", map[string]string{"agency": "GP", "consent": wordNo, "exception_recorded": wordNo, "accurate": wordNo},
			map[string]string{"consent": "false", "exception_recorded": "false", "accurate": "false"}},
		{casefile.KindComplaintAck, "9/4/2026", map[string]string{"stage": "1"}, map[string]string{"stage": "1"}},
		{casefile.KindComplaintResponse, "24/4/2026", map[string]string{"stage": "1", "complete": wordNo},
			map[string]string{"stage": "1", "complete": "false"}},
		{casefile.KindSARResponse, "27/4/2026", nil, map[string]string{"complete": ""}},
		{casefile.KindSARMade, "1/4/2026", map[string]string{"subject": subject.ValueLabel("both")}, map[string]string{"subject": "both"}},
	}
	for _, st := range steps {
		td.recordEvent(st.kind, st.date, st.attrs, "")
	}
	for _, st := range steps {
		var e *casefile.Event
		for i := range s.cur.c.Events {
			if s.cur.c.Events[i].Kind == st.kind {
				e = &s.cur.c.Events[i]
			}
		}
		if e == nil {
			t.Fatalf("no %s saved", st.kind)
		}
		for name, v := range st.want {
			if got := e.Attrs.Value(name); got != v {
				t.Errorf("%s: %s = %q, want %q", st.kind, name, got, v)
			}
		}
		// Opening the event to amend it and saving at once changes nothing.
		got, err := draftOfEvent(*e).event(e.Date)
		if err != nil || !eventsEqual(got, *e) {
			t.Errorf("%s: the form does not read back what was saved (%v): %+v, saved %+v", st.kind, err, got.Attrs, e.Attrs)
		}
	}
	var sd, ic *casefile.Event
	for i := range s.cur.c.Events {
		switch s.cur.c.Events[i].Kind {
		case casefile.KindStrategyDiscussion:
			sd = &s.cur.c.Events[i]
		case casefile.KindICPC:
			ic = &s.cur.c.Events[i]
		}
	}
	words := strings.Join(append(attrWords(sd), attrWords(ic)...), "\n")
	for _, want := range []string{"Who took part: Children's social care; Whoever made the referral",
		"Date the social worker's report reached the parents: 23 March 2026", "The parents were invited: yes"} {
		if !strings.Contains(words, want) {
			t.Errorf("the summary does not say %q:\n%s", want, words)
		}
	}
}

// TestSetAttrSaysWhatIsWrong: a date the form cannot read is a problem said
// in words, naming the field.
func TestSetAttrSaysWhatIsWrong(t *testing.T) {
	info, _ := casefile.LookupKind(casefile.KindICPC)
	spec, _ := info.Attr("report_shared")
	var a casefile.Attrs
	err := setAttr(&a, spec, "31/2/2026", casefile.MustDate("2026-03-01"))
	if err == nil || !strings.HasPrefix(err.Error(), spec.Label) {
		t.Errorf("error %v, want one naming %q", err, spec.Label)
	}
	if err := setAttr(&a, spec, "", casefile.MustDate("2026-03-01")); err != nil || !a.ReportShared.IsZero() {
		t.Errorf("an empty date: %v, %v", err, a.ReportShared)
	}
}

// TestCaseDetailsTakeTheCouncilsOwnTimescales: the council's published
// corporate complaints timescales are entered on the case details page, and
// the checks then use them.
func TestCaseDetailsTakeTheCouncilsOwnTimescales(t *testing.T) {
	td := openDesk(t)
	s := td.d.shell
	s.showDetails()
	p := s.details
	p.stage1.SetText("20")
	if p.onSave(); !p.msg.Visible() || !strings.Contains(p.msg.Text, "published") {
		t.Fatalf("saved without saying where the procedure is published (message %q)", p.msg.Text)
	}
	p.ltSource.SetText("https://www.example.gov.uk/complaints")
	p.stage2.SetText("twenty")
	if p.onSave(); !p.msg.Visible() || !strings.Contains(p.msg.Text, "stage 2") {
		t.Fatalf("a timescale in words was accepted (message %q)", p.msg.Text)
	}
	p.stage2.SetText("25")
	if !p.changed() {
		t.Fatal("the timescales are not seen as a change")
	}
	p.onSave()
	td.wait()
	lt := s.cur.c.LocalTimescales
	if lt == nil || lt.Stage1WD != 20 || lt.Stage2WD != 25 || lt.Source != "https://www.example.gov.uk/complaints" {
		t.Fatalf("local timescales after saving: %+v", lt)
	}
	s.showDetails()
	if p := s.details; p.stage1.Text != "20" || p.stage2.Text != "25" || p.changed() {
		t.Errorf("the page does not show the saved timescales: %q %q changed=%v", p.stage1.Text, p.stage2.Text, p.changed())
	}
}
