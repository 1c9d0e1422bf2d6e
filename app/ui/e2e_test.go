package ui

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	letterroom "github.com/redress-app/redress/app/ui/letters"
	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/checks"
	"github.com/redress-app/redress/letters"
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
		case casefile.AttrString, casefile.AttrDate:
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
		if g := findCheckGroup(o); g != nil && findLabel(o, spec.Label) != nil {
			var labels []string
			for _, val := range strings.Split(v, ",") {
				labels = append(labels, spec.ValueLabel(val))
			}
			g.SetSelected(labels)
			return
		}
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

// TestRecordingTheExampleFindsTheTwoChecks records the events of
// examples/checks-before-enquiry.case.json through the forms, and checks that
// the vault's case gives the findings the example expects, that the Overview
// names the two checks made before the enquiries, and that they are still
// there after locking and unlocking.
func TestRecordingTheExampleFindsTheTwoChecks(t *testing.T) {
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
		AsOf     string `json:"as_of"`
		Findings []struct {
			Rule, Due string
			Status    json.RawMessage // a status, or a list of which any is accepted
		} `json:"findings"`
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
		var statuses []string
		if json.Unmarshal(f.Status, &statuses) != nil {
			var one string
			if err := json.Unmarshal(f.Status, &one); err != nil {
				t.Fatalf("%s: status must be text or a list", f.Rule)
			}
			statuses = []string{one}
		}
		found := false
		for _, g := range got {
			for _, st := range statuses {
				if strings.HasPrefix(g, f.Rule+" "+st+" ") && strings.HasSuffix(g, " "+f.Due) {
					found = true
				}
			}
		}
		if !found {
			t.Errorf("expected finding %s %v (due %q) missing", f.Rule, statuses, f.Due)
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

	// The person adds their name and address for letters (the Letters tab
	// asks for them), then, from the Checks tab, drafts a stage 1 complaint
	// about the checks and exports it as a PDF, as a person would.
	s.showTab(tabLetters)
	settle()
	lp := s.letters.Probe()
	tapNamed(t, lp.Prompts(), "Add my details")
	settle()
	name, address := lp.SenderFields()
	name.SetText("Sam Okafor")
	address.SetText("22 Linden Row\nExample City")
	tapNamed(t, td.d.win.Canvas(), "Save my details")
	dismissAll(td.d.win)

	s.showTab(tabChecks)
	settle()
	use := buttonNamed(s.findings.content, "Use in a letter")
	if use == nil {
		t.Fatalf("the Checks tab offers no Use in a letter:\n%s", screenText(td.d.win.Canvas()))
	}
	test.Tap(use)
	settle()
	if sel := s.tabs.Selected(); sel != s.tabItems[tabLetters] {
		t.Fatalf("Use in a letter showed the %q tab", sel.Text)
	}
	kind, proc, ok := lp.Form()
	if !ok {
		t.Fatalf("Use in a letter did not open the new-letter form:\n%s", overlayText(td.d.win.Canvas()))
	}
	if kind != letters.Stage1 || proc != letters.Corporate {
		t.Errorf("the form is for %s/%s, want a stage 1 complaint under the council's own procedure", kind, proc)
	}
	for _, f := range s.cur.findings {
		if f.Rule == "checks-before-s47" {
			lp.AddFinding(f)
		}
	}
	lp.Compose()
	settle()
	if n := len(lp.ChosenFindings()); n != 2 {
		t.Errorf("%d findings chosen, want the two checks made before the enquiries", n)
	}
	tapNamed(t, td.d.win.Canvas(), "Create the draft")
	var page letterroom.DraftProbe
	for _, p := range lp.Drafts() {
		page = p
	}
	if page.Draft() == nil {
		t.Fatal("no draft page opened")
	}
	// No tab or page asks for more room than the window has: a content
	// taller than its minimum would make the real window grow off the screen.
	for _, tb := range s.tabList {
		if h := tb.content.MinSize().Height; h > 600 {
			t.Errorf("the %s tab needs %.0f px of height", tb.title, h)
		}
	}
	if h := td.d.win.Content().MinSize().Height; h > 750 {
		t.Errorf("the window's content needs %.0f px of height with a letter open", h)
	}
	preview := allText(page.Preview())
	for _, want := range []string{"Sam Okafor", "22 Linden Row", "The Complaints Manager", "section 47"} {
		if !strings.Contains(preview, want) {
			t.Errorf("the letter's preview lacks %q", want)
		}
	}
	pdfPath := filepath.Join(t.TempDir(), "stage-1-complaint.pdf")
	td.files.saves = append(td.files.saves, pdfPath)
	tapNamed(t, page.Content(), "Export")
	tapNamed(t, td.d.win.Canvas(), "Choose where to save")
	pdf, err := os.ReadFile(pdfPath)
	if err != nil {
		t.Fatalf("the PDF was not written: %v", err)
	}
	if !bytes.HasPrefix(pdf, []byte("%PDF")) {
		t.Fatalf("the export is not a PDF: %q", pdf[:min(20, len(pdf))])
	}
	if out, err := exec.Command("pdftotext", pdfPath, "-").Output(); err == nil {
		text := strings.Join(strings.Fields(string(out)), " ")
		for _, want := range []string{"stage 1", "Sam Okafor", "section 47"} {
			if !strings.Contains(text, want) {
				t.Errorf("the PDF's text lacks %q", want)
			}
		}
	} else {
		t.Logf("pdftotext could not read the PDF (%v): its text was not checked", err)
	}
	dismissAll(td.d.win)
	letterID := page.Draft().ID
	// A change to the letter's words, not saved yet, when the vault locks.
	const unsaved = "I would also like a copy of the referral."
	page.Editor().SetText(page.Editor().Text + "\n\n" + unsaved)

	s.showTab(tabOverview)
	td.d.lockNow()
	if text := screenText(td.d.win.Canvas()); strings.Contains(text, "checks with other agencies") || strings.Contains(text, "Sam Okafor") {
		t.Fatal("the case is still on screen after locking")
	}
	td.unlock(testPass)
	s = td.d.shell
	s.showTab(tabOverview)
	checkOverview()

	// The letter is still there after unlocking.
	s.showTab(tabLetters)
	settle()
	found := false
	lp = s.letters.Probe()
	for _, id := range lp.Rows() {
		if id == letterID {
			found = true
		}
	}
	if !found {
		t.Errorf("the letter %s is not in the Letters tab after unlocking", letterID)
	}
	// The unsaved words came back with it (kept in memory only while locked).
	if p, ok := lp.Drafts()[letterID]; !ok || !strings.Contains(p.Editor().Text, unsaved) || !s.hasUnsaved() {
		t.Error("the letter's unsaved words were lost when the vault locked")
	}
}
