package ui

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/checks"
)

// recordEvent records an event through the Events form, as a person would:
// choose the kind, type the date, fill the kind's details and the text.
func (td *testDesk) recordEvent(kind casefile.Kind, date string, attrs map[string]string, detail string) {
	td.t.Helper()
	s := td.d.shell
	s.onNewEvent()
	f := s.events.form
	info, _ := casefile.LookupKind(kind)
	test.Type(f.find, strings.ToLower(info.Label))
	chosen := false
	for i, it := range f.items {
		if it.info.Kind == kind {
			f.picker.Select(i)
			chosen = true
			break
		}
	}
	if !chosen {
		td.t.Fatalf("kind %s not offered for %q", kind, info.Label)
	}
	test.Type(f.date.entry, date)
	for _, spec := range info.Attrs {
		v, ok := attrs[spec.Name]
		if !ok {
			continue
		}
		switch spec.Type {
		case casefile.AttrString:
			test.Type(findEntryAfter(td.t, f.attrs, spec.Label), v)
		default:
			td.setAttrWidget(spec, v)
		}
	}
	test.Type(f.detail, detail)
	test.Tap(f.save)
	td.wait()
	if f.msg.Visible() {
		td.t.Fatalf("%s not saved: %q", kind, f.msg.Text)
	}
}

// setAttrWidget chooses words in a kind's radio or select field.
func (td *testDesk) setAttrWidget(spec casefile.AttrSpec, v string) {
	f := td.d.shell.events.form
	get := f.attrGet[spec.Name]
	if get == nil {
		td.t.Fatalf("no field for %s", spec.Name)
	}
	// The fields were built in order; find the one whose getter changes.
	for _, o := range f.attrs.Objects {
		if r := findRadio(o); r != nil && findLabel(o, spec.Label) != nil {
			r.SetSelected(v)
			return
		}
		if sel := findSelect(o); sel != nil && findLabel(o, spec.Label) != nil {
			sel.SetSelected(v)
			return
		}
	}
	td.t.Fatalf("no widget for %s", spec.Label)
}

// TestRecordingTheExampleFindsTheTwoBreaches records the events of
// examples/checks-before-enquiry.case.json through the forms, and checks that
// the vault's case gives the findings the example expects, that the Overview
// names the two checks made before the enquiries, and that they are still
// there after locking and unlocking.
func TestRecordingTheExampleFindsTheTwoBreaches(t *testing.T) {
	td := newTestDesk(t)
	td.clock.t = time.Date(2026, 3, 20, 10, 0, 0, 0, checks.London)
	td.createVault(filepath.Join(t.TempDir(), "vault"), testPass)
	td.newCase("Example City", "Child B", "1 June 2019", "", "")
	s := td.d.shell

	no, yes := wordNo, wordYes
	steps := []struct {
		kind   casefile.Kind
		date   string
		attrs  map[string]string
		detail string
	}{
		{casefile.KindReferralReceived, "2 February 2026", nil, "Anonymous allegation by telephone"},
		{casefile.KindReferralDecision, "3/2/2026", nil, ""},
		{casefile.KindThirdPartyChecks, "3/2/2026", map[string]string{"agency": "GP", "consent": no}, ""},
		{casefile.KindThirdPartyChecks, "3/2/2026", map[string]string{"agency": "school", "consent": no}, ""},
		{casefile.KindParentsInformed, "4 Feb 2026", nil, "First phone call to the mother"},
		{casefile.KindStrategyDiscussion, "6/2/2026", map[string]string{"s47": yes}, ""},
		{casefile.KindChildSeen, "10/2/2026", map[string]string{"alone": yes}, ""},
		{casefile.KindS47Concluded, "27/2/2026", map[string]string{"outcome": enumWords["outcome"]["nfa"]}, "No concerns; allegation believed malicious"},
		{casefile.KindAssessmentCompleted, "13/3/2026", nil, ""},
	}
	for _, st := range steps {
		td.recordEvent(st.kind, st.date, st.attrs, st.detail)
	}
	if n := len(s.cur.c.Events); n != len(steps) {
		t.Fatalf("%d events recorded, want %d", n, len(steps))
	}

	// The same findings as the example file itself, by rule, status and
	// dates, and among them those the example expects.
	var want struct {
		AsOf     string                               `json:"as_of"`
		Findings []struct{ Rule, Status, Due string } `json:"findings"`
	}
	data, err := os.ReadFile("../../examples/checks-before-enquiry.expected.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &want); err != nil {
		t.Fatal(err)
	}
	example, err := casefile.ReadFile("../../examples/checks-before-enquiry.case.json")
	if err != nil {
		t.Fatal(err)
	}
	c, err := td.d.vault.LoadCase(context.Background(), s.curID)
	if err != nil {
		t.Fatal(err)
	}
	asOf := casefile.MustDate(want.AsOf)
	keys := func(fds []casefile.Finding) []string {
		var out []string
		for _, f := range fds {
			out = append(out, f.Rule+" "+string(f.Status)+" "+f.TriggerDate.String()+" "+f.Due.String())
		}
		sort.Strings(out)
		return out
	}
	got, exp := keys(checks.Run(td.d.cat, c, asOf)), keys(checks.Run(td.d.cat, example, asOf))
	if strings.Join(got, "\n") != strings.Join(exp, "\n") {
		t.Errorf("findings of the recorded case:\n%s\nof the example file:\n%s", strings.Join(got, "\n"), strings.Join(exp, "\n"))
	}
	for _, f := range want.Findings {
		found := false
		for _, g := range got {
			if strings.HasPrefix(g, f.Rule+" "+f.Status+" ") && strings.HasSuffix(g, " "+f.Due) {
				found = true
			}
		}
		if !found {
			t.Errorf("expected finding %s %s (due %q) missing", f.Rule, f.Status, f.Due)
		}
	}

	// The Overview names both breaches.
	s.showTab(tabOverview)
	checkOverview := func() {
		t.Helper()
		text := screenText(td.d.win.Canvas())
		if n := strings.Count(text, "checks with other agencies before section 47 enquiries"); n != 2 {
			t.Errorf("Overview shows %d checks before the enquiries, want 2:\n%s", n, text)
		}
		if !strings.Contains(text, "checks with other agencies before section 47 enquiries") {
			t.Error("Overview does not name the checks made before the enquiries")
		}
		if !strings.Contains(text, "Your deadline:") {
			t.Error("Overview does not show the family's judicial review time limit")
		}
	}
	checkOverview()
	golden(t, td.d.win.Canvas(), "overview_findings")
	s.showTab(tabEvents)
	golden(t, td.d.win.Canvas(), "events_example")
	s.showTab(tabOverview)
	td.d.lockNow()
	if strings.Contains(screenText(td.d.win.Canvas()), "checks with other agencies") {
		t.Fatal("the findings are still on screen after locking")
	}
	td.unlock(testPass)
	s = td.d.shell
	s.showTab(tabOverview)
	checkOverview()
}
