package checks

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/redress-app/redress/casefile"
)

// want is one finding a golden case must contain, worked out by hand with the
// conventions of DESIGN section 4 and the England and Wales bank holidays.
type want struct {
	rule, trigger string
	status        casefile.Status
	due           string // "" = not checked
	late          int    // working days late; -1 = not checked
}

type goldenCase struct {
	name   string // golden file name
	file   string // case file name, without .case.json
	asOf   string
	want   []want
	absent []string // "rule/trigger" that must not appear
	check  func(t *testing.T, fs []casefile.Finding)
}

var goldenCases = []goldenCase{
	{name: "stage1-last-day", asOf: "2026-07-01", want: []want{
		{"complaint-stage1-10wd", "k1", "met", "2026-04-17", 0}}},
	{name: "stage1-one-day-late", asOf: "2026-07-01", want: []want{
		{"complaint-stage1-10wd", "k1", "breach", "2026-04-17", 1}}},
	{name: "stage1-extension-in-time", asOf: "2026-07-01", want: []want{
		{"complaint-stage1-10wd", "k1", "met", "2026-05-01", 0}}},
	{name: "stage1-extension-too-late", asOf: "2026-07-01", want: []want{
		{"complaint-stage1-10wd", "k1", "breach", "2026-04-17", 9}}},
	{name: "stage2-over-christmas", asOf: "2026-01-09", want: []want{
		{"complaint-stage2-25wd", "k2", "breach", "2026-01-08", 1}}},
	{name: "stage2-over-christmas-last-day", file: "stage2-over-christmas", asOf: "2026-01-08", want: []want{
		{"complaint-stage2-25wd", "k2", "due", "2026-01-08", 0}}},
	{name: "sar-bank-holiday-roll-forward", asOf: "2026-07-01", want: []want{
		{"sar-1m", "q1", "met", "2026-05-26", 0}}},
	{name: "sar-month-end", asOf: "2026-03-02", want: []want{
		{"sar-1m", "q1", "due", "2026-03-02", 0}}},
	{name: "sar-month-end-late", file: "sar-month-end", asOf: "2026-03-03", want: []want{
		{"sar-1m", "q1", "breach", "2026-03-02", 0}}},
	{name: "sar-extension-too-late", asOf: "2026-07-01", want: []want{
		{"sar-1m", "q1", "breach", "2026-04-02", 0},
		{"sar-extension-1m", "q1x", "breach", "2026-04-02", 0}}},
	{name: "sar-extension-in-time", asOf: "2026-07-01", want: []want{
		{"sar-1m", "q1", "met", "2026-06-02", 0},
		{"sar-extension-1m", "q1x", "met", "2026-04-02", 0}}},
	{name: "sar-partial-disclosure", asOf: "2026-12-01", want: []want{
		{"sar-1m", "q1", "breach", "2026-04-02", 0},
		{"sar-1m", "q2", "breach", "2026-10-01", 0}},
		check: func(t *testing.T, fs []casefile.Finding) {
			for _, f := range fs {
				if f.Rule != "sar-1m" {
					continue
				}
				// A partial answer neither completes the request nor goes unsaid.
				want := map[string]string{"q1": "answered in part on 20 March 2026", "q2": "answered in part on 25 September 2026"}[f.Trigger]
				if !strings.Contains(f.Explanation, want) || !strings.Contains(f.Explanation, "did not complete the request") {
					t.Errorf("%s: the explanation does not say the council answered in part (%q): %s", f.Trigger, want, f.Explanation)
				}
				// Only a request still unanswered has something still owed.
				said, _, _ := strings.Cut(f.Explanation, "Why it matters")
				if owed := strings.Contains(said, "the rest is still owed"); owed != (f.Trigger == "q2") {
					t.Errorf("%s: says the rest is still owed: %v, want %v", f.Trigger, owed, f.Trigger == "q2")
				}
			}
		}},
	{name: "referrals-at-year-end", asOf: "2027-01-15", want: []want{
		{"referral-decision-1wd", "r1", "met", "2025-12-29", 0},
		{"referral-decision-1wd", "r2", "breach", "2026-12-29", 1},
		{"assessment-45wd", "r1", "met", "2026-03-02", 0}}},
	{name: "two-referrals-one-assessment", asOf: "2026-06-01", want: []want{
		{"assessment-45wd", "r1", "met", "2026-03-09", 0},
		{"assessment-45wd", "r2", "needs-info", "2026-03-16", 0},
		{"referral-decision-1wd", "r1", "breach", "2026-01-06", -1},
		{"referral-decision-1wd", "r2", "breach", "2026-01-13", -1}}},
	{name: "assessment-not-finished", asOf: "2026-06-01", want: []want{
		{"assessment-45wd", "r1", "breach", "2026-03-09", 56},
		{"referral-decision-1wd", "r1", "met", "2026-01-06", 0}}},
	{name: "icpc-initiating-discussion", asOf: "2026-02-13", want: []want{
		{"icpc-15wd", "sd2", "met", "2026-01-29", 0},
		{"child-seen-s47", "sd2", "breach", "", 0},
		{"core-group-10wd", "ic1", "breach", "2026-02-12", 1},
		{"review-conference-3m", "ic1", "due", "2026-04-29", 0},
		{"jr-3m", "sd2", "due", "2026-04-08", 0}},
		absent: []string{"strategy-before-s47/sd2", "icpc-15wd/sd1"}},
	{name: "icpc-one-day-late", asOf: "2026-07-01", want: []want{
		{"icpc-15wd", "s1", "breach", "2026-06-15", 1},
		{"strategy-before-s47", "s1", "breach", "", 0},
		{"child-seen-s47", "s1", "met", "", 0}},
		absent: []string{"core-group-10wd/ic1", "review-conference-3m/ic1"}},
	{name: "icpc-outcome-not-recorded", asOf: "2026-03-23", want: []want{
		{"icpc-15wd", "sd1", "due", "2026-03-23", 0},
		{"child-seen-s47", "sd1", "due", "", 0}}},
	{name: "icpc-outcome-not-recorded-after", file: "icpc-outcome-not-recorded", asOf: "2026-03-24", want: []want{
		{"icpc-15wd", "sd1", "needs-info", "2026-03-23", 0}}},
	{name: "icpc-nfa", asOf: "2026-06-01", want: []want{
		{"child-seen-s47", "sd1", "met", "", 0}},
		absent: []string{"icpc-15wd/sd1"}},
	{name: "review-chain", asOf: "2026-11-01", want: []want{
		{"core-group-10wd", "ic1", "met", "2026-01-29", 0},
		{"review-conference-3m", "ic1", "met", "2026-04-15", 0},
		{"review-conference-6m", "rv1", "breach", "2026-10-15", 0}},
		absent: []string{"review-conference-6m/rv2"}},
	{name: "review-plan-ended", asOf: "2026-06-01", want: []want{
		{"core-group-10wd", "ic1", "breach", "2026-01-29", -1}},
		absent: []string{"review-conference-3m/ic1"}},
	{name: "review-month-end", asOf: "2026-06-01", want: []want{
		{"review-conference-3m", "ic1", "breach", "2026-02-28", 0},
		{"core-group-10wd", "ic1", "met", "2025-12-12", 0},
		{"review-conference-6m", "rv1", "due", "2026-09-02", 0}}},
	{name: "checks-consent-and-times", asOf: "2026-03-01", want: []want{
		{"checks-before-s47", "t1", "concern", "", 0},
		{"checks-before-s47", "t2", "met", "", 0},
		{"checks-before-s47", "t3", "needs-info", "", 0}},
		absent: []string{"checks-before-s47/t4"}},
	{name: "approximate-dates", asOf: "2026-07-01", want: []want{
		{"complaint-stage1-10wd", "k1", "needs-info", "2026-04-17", 0},
		{"referral-decision-1wd", "r1", "breach", "2026-01-06", -1}}},
	{name: "events-out-of-order", asOf: "2026-03-02", want: []want{
		{"complaint-stage1-10wd", "k1", "breach", "2026-02-16", 10},
		{"referral-decision-1wd", "r1", "met", "2026-02-04", 0}}},
	{name: "police-protection-clock", asOf: "2026-06-01", want: []want{
		{"police-protection-72h", "pp1", "breach", "2026-03-05", 0},
		{"police-protection-72h", "pp2", "needs-info", "2026-03-05", 0},
		{"police-protection-72h", "pp3", "met", "2026-03-30", 0},
		{"police-protection-72h", "pp4", "met", "2026-03-05", 0}}},
	{name: "emergency-protection-orders", asOf: "2026-09-01", want: []want{
		{"epo-8d", "epo1", "met", "2026-06-16", 0},
		{"epo-8d", "epo2", "breach", "2026-07-09", 0},
		{"epo-8d", "epo3", "breach", "", 0},
		{"police-protection-72h", "pp1", "met", "2026-06-04", 0}}},
	{name: "section-20-objection", asOf: "2026-03-01", want: []want{
		{"s20-objection", "o1", "met", "2026-02-11", 0},
		{"s20-objection", "o2", "breach", "2026-02-11", 0},
		{"s20-objection", "o4", "needs-info", "2026-02-11", 0}},
		absent: []string{"s20-objection/o3"}},
	{name: "care-proceedings", asOf: "2026-08-01", want: []want{
		{"care-proceedings-26w", "cp1", "met", "2026-07-05", 0},
		{"care-proceedings-26w", "cp2", "needs-info", "2026-07-05", 0}}},
	{name: "pre-2013-regime", asOf: "2012-12-01", want: []want{
		{"initial-assessment-10wd", "r1", "breach", "2012-03-15", 1},
		{"core-assessment-35wd", "ca1", "met", "2012-05-09", 0},
		{"core-assessment-35wd", "ca2", "breach", "2012-07-11", 1},
		{"icpc-15wd", "sd1", "met", "2012-06-26", 0},
		{"icpc-15wd", "sd2", "needs-info", "2012-06-26", 0}},
		absent: []string{"assessment-45wd/r1", "initial-assessment-7wd/r1"}},
	{name: "working-together-2026-cutover", asOf: "2026-06-01", want: []want{
		{"referral-decision-1wd", "r1", "met", "2026-03-02", 0},
		{"referral-decision-1wd", "r2", "met", "2026-03-11", 0},
		{"referral-decision-1wd", "r3", "met", "2026-04-13", 0}},
		check: func(t *testing.T, fs []casefile.Finding) {
			eds := map[string]string{}
			for _, f := range fs {
				if f.Rule == "referral-decision-1wd" {
					var s []string
					for _, c := range f.Citations {
						s = append(s, c.Source)
					}
					eds[f.Trigger] = strings.Join(s, "|")
				}
			}
			for trig, wantEds := range map[string][]string{"r1": {"2023"}, "r2": {"2023", "2026"}, "r3": {"2026"}} {
				for _, y := range []string{"2023", "2026"} {
					has := strings.Contains(eds[trig], "Working Together to Safeguard Children "+y)
					if has != strings.Contains(strings.Join(wantEds, ","), y) {
						t.Errorf("%s cites %q; want editions %v", trig, eds[trig], wantEds)
					}
				}
			}
		}},
	{name: "march-2010-uncertain", asOf: "2010-06-01", want: []want{
		{"referral-decision-1wd", "r1", "needs-info", "2010-03-16", 0},
		{"initial-assessment-7wd", "r1", "needs-info", "2010-03-24", 0},
		{"initial-assessment-10wd", "r1", "met", "2010-03-29", 0}}},
	{name: "family-time-limits", asOf: "2026-04-30", want: []want{
		{"jr-3m", "d1", "due", "2026-04-30", 0},
		{"complaint-1y", "d1", "due", "2027-01-31", 0},
		{"lgsco-12m", "d1", "due", "2027-01-30", 0},
		{"hra-1y", "d1", "due", "2027-01-30", 0}},
		check: func(t *testing.T, fs []casefile.Finding) {
			for _, f := range fs {
				if f.Rule == "jr-3m" && f.WarnFrom.String() != "2026-03-14" {
					t.Errorf("jr-3m warn_from = %s, want 2026-03-14", f.WarnFrom)
				}
			}
		}},
	{name: "family-time-limits-expired", file: "family-time-limits", asOf: "2026-05-01", want: []want{
		{"jr-3m", "d1", "expired", "2026-04-30", 0}}},
	{name: "stage3-chain", asOf: "2026-08-12", want: []want{
		{"stage3-request-20wd", "k2r", "met", "2026-06-02", 0},
		{"panel-30wd", "k3", "met", "2026-07-14", 0},
		{"panel-report-5wd", "p1", "breach", "2026-07-21", 1},
		{"panel-response-15wd", "p1r", "due", "2026-08-12", 0}}},
	{name: "corporate-and-statutory", asOf: "2026-06-01", want: []want{
		{"complaint-stage1-10wd", "ks", "met", "2026-03-18", 0}},
		absent: []string{"complaint-stage1-10wd/kc"}},
	{name: "child-seen-same-day", asOf: "2026-06-01", want: []want{
		{"child-seen-s47", "s1", "met", "", 0},
		{"child-seen-s47", "s2", "breach", "", 0},
		{"strategy-before-s47", "s1", "met", "", 0},
		{"strategy-before-s47", "s2", "met", "", 0}}},
	{name: "jr-letter-responses", asOf: "2026-06-01", want: []want{
		{"jr-response-14d", "l1", "met", "2026-01-19", 0},
		{"jr-response-14d", "l2", "breach", "2026-03-16", 0}}},
	{name: "bruising-premobile-blanket", asOf: "2026-04-01", want: []want{
		{"premobile-bruising-appraisal", "s1", "concern", "", 0},
		{"strategy-before-s47", "s1", "breach", "", 0}}},
	{name: "assessment-framework-2005", asOf: "2005-06-01", want: []want{
		{"initial-assessment-7wd", "r1", "breach", "2005-04-01", 1}},
		absent: []string{"initial-assessment-10wd/r1", "referral-decision-1wd/r1", "assessment-45wd/r1"}},
	{name: "bruising-mobility-unknown", asOf: "2026-04-01", want: []want{
		{"premobile-bruising-appraisal", "s1", "needs-info", "", 0}}},
	{name: "bruising-rolling-with-medical", asOf: "2026-04-01",
		absent: []string{"premobile-bruising-appraisal/s1"}},
	{name: "strategy-attendance", asOf: "2026-05-20", want: []want{
		{"strategy-attendance", "sd1", "breach", "", 0},
		{"strategy-attendance", "sd2", "met", "", 0},
		{"strategy-attendance", "sd3", "breach", "", 0},
		{"strategy-attendance", "sd4", "needs-info", "", 0}},
		absent: []string{"strategy-attendance/sd5"},
		check: explains(map[string][]string{
			"strategy-attendance/sd1": {"There is no record that the police and health took part", "assumed unchanged from 2023"},
			"strategy-attendance/sd3": {"There is no record that health took part"},
		})},
	{name: "bruising-strategy-without-health", asOf: "2026-04-15", want: []want{
		{"premobile-bruising-appraisal", "sd1", "concern", "", 0},
		{"strategy-attendance", "sd1", "breach", "", 0},
		{"icpc-report-shared", "ic1", "concern", "2026-03-20", 0},
		{"icpc-15wd", "sd1", "breach", "2026-03-23", 1}},
		check: explains(map[string][]string{
			"premobile-bruising-appraisal/sd1": {"health is not recorded as taking part"},
			"icpc-report-shared/ic1":           {"23 March 2026, 1 working day before it"},
		})},
	{name: "checks-without-consent", asOf: "2026-03-01", want: []want{
		{"checks-before-s47", "t1", "breach", "", 0},
		{"checks-before-s47", "t2", "breach", "", 0},
		{"checks-before-s47", "t3", "concern", "", 0},
		{"checks-before-s47", "t4", "concern", "", 0},
		{"checks-before-s47", "t5", "met", "", 0}},
		check: explains(map[string][]string{
			"checks-before-s47/t1": {"no manager recorded a reason"},
			"checks-before-s47/t2": {"the agency was told something inaccurate"},
			"checks-before-s47/t4": {"produce that manager's recorded reason"},
		})},
	{name: "report-shared", asOf: "2026-12-01", want: []want{
		{"icpc-report-shared", "ic1", "met", "2026-05-20", 0},
		{"icpc-report-shared", "rv1", "concern", "2026-08-18", 0},
		{"icpc-report-shared", "rv2", "needs-info", "2026-11-17", 0}}},
	{name: "corporate-code", asOf: "2026-07-01", want: []want{
		{"corporate-stage1-code", "k1", "breach", "2026-04-23", 1},
		{"corporate-stage2-code", "k2", "concern", "2026-06-11", 0},
		{"corporate-stage1-code", "k3", "breach", "2026-06-22", 7},
		{"corporate-stage1-code", "k4", "breach", "2026-07-06", 3}},
		absent: []string{"complaint-stage1-10wd/k1", "complaint-stage2-25wd/k2"}},
	{name: "corporate-before-code", asOf: "2026-06-01", want: []want{
		{"corporate-stage1-code", "k1", "needs-info", "", 0},
		{"corporate-stage2-code", "k2", "needs-info", "", 0},
		{"corporate-stage2-code", "k3", "needs-info", "", 0}},
		check: explains(map[string][]string{
			"corporate-stage1-code/k1": {"Enter your council's timescale"},
			"corporate-stage2-code/k3": {"has two stages"},
		})},
	{name: "corporate-local-timescales", asOf: "2026-06-01", want: []want{
		{"corporate-stage1-code", "k1", "met", "2026-02-09", 0},
		{"corporate-stage2-code", "k2", "breach", "2026-05-19", 8}},
		check: func(t *testing.T, fs []casefile.Finding) {
			for _, f := range fs {
				if !strings.HasPrefix(f.Rule, "corporate-") {
					continue
				}
				last := f.Citations[len(f.Citations)-1]
				if last.LegalStatus != "local-procedure" || last.Verification != "unverified" || last.URL != "https://www.example.gov.uk/complaints/corporate-procedure" {
					t.Errorf("%s/%s: the council's own procedure is not cited as entered: %+v", f.Rule, f.Trigger, last)
				}
			}
		}},
	{name: "icpc-latest-discussion", asOf: "2026-03-01", want: []want{
		{"icpc-15wd", "sd2", "breach", "2026-02-02", 1},
		{"strategy-before-s47", "s1", "met", "", 0},
		{"child-seen-s47", "s1", "met", "", 0}},
		absent: []string{"icpc-15wd/s1", "icpc-15wd/sd1"},
		check: explains(map[string][]string{
			"icpc-15wd/sd2": {"the latest one before they started (not from the later start of the enquiries), held on 12 January 2026"},
		})},
	{name: "jr-every-act", asOf: "2026-06-10", want: []want{
		{"jr-3m", "t1", "expired", "2026-06-02", 0},
		{"jr-3m", "sd1", "expired", "2026-06-04", 0},
		{"jr-3m", "s1", "expired", "2026-06-05", 0},
		{"jr-3m", "ic1", "due", "2026-06-25", 0}},
		absent: []string{"jr-3m/t2", "jr-3m/rv1", "jr-3m/d1"},
		check: func(t *testing.T, fs []casefile.Finding) {
			for _, f := range fs {
				if f.Rule != "child-seen-s47" {
					continue
				}
				var srcs []string
				for _, c := range f.Citations {
					srcs = append(srcs, c.Source)
				}
				all := strings.Join(srcs, "|")
				if !strings.Contains(all, "Working Together to Safeguard Children 2026") || strings.Contains(all, "2018") {
					t.Errorf("child-seen-s47 for a trigger in March 2026 cites %s", all)
				}
				for _, c := range f.Citations {
					if strings.HasPrefix(c.Source, "Working Together") && !strings.HasSuffix(c.Source, "2023") && !strings.HasSuffix(c.Source, "2026") {
						t.Errorf("child-seen-s47 cites an edition not in force: %s", c.Source)
					}
				}
			}
		}},
}

// explains returns a check that each finding "rule/trigger" says every phrase.
func explains(want map[string][]string) func(*testing.T, []casefile.Finding) {
	return func(t *testing.T, fs []casefile.Finding) {
		t.Helper()
		for key, phrases := range want {
			found := false
			for _, f := range fs {
				if f.Rule+"/"+f.Trigger != key {
					continue
				}
				found = true
				for _, p := range phrases {
					if !strings.Contains(f.Explanation, p) {
						t.Errorf("%s does not say %q:\n%s", key, p, f.Explanation)
					}
				}
			}
			if !found {
				t.Errorf("no finding %s", key)
			}
		}
	}
}

// TestGoldenCasesCoverEveryRule fails if some rule is never exercised by a
// golden case.
func TestGoldenCasesCoverEveryRule(t *testing.T) {
	seen := map[string]bool{}
	for _, gc := range goldenCases {
		for _, w := range gc.want {
			seen[w.rule] = true
		}
	}
	for _, r := range Default().Rules {
		if !seen[r.ID] {
			t.Errorf("no golden case expects a finding of %s", r.ID)
		}
	}
}

func runGolden(t *testing.T, gc goldenCase) ([]byte, []casefile.Finding) {
	t.Helper()
	file := gc.file
	if file == "" {
		file = gc.name
	}
	c, err := casefile.ReadFile(filepath.Join("testdata", "cases", file+".case.json"))
	if err != nil {
		t.Fatal(err)
	}
	asOf := casefile.MustDate(gc.asOf)
	fs := Run(Default(), c, asOf)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	doc := struct {
		Format   string             `json:"format"`
		AsOf     casefile.Date      `json:"as_of"`
		Findings []casefile.Finding `json:"findings"`
	}{"redress-findings/1", asOf, fs}
	if err := enc.Encode(doc); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), fs
}

func TestGoldenCases(t *testing.T) {
	if len(goldenCases) < 20 {
		t.Fatalf("only %d golden cases", len(goldenCases))
	}
	for _, gc := range goldenCases {
		t.Run(gc.name, func(t *testing.T) {
			got, fs := runGolden(t, gc)
			for _, w := range gc.want {
				var match []casefile.Finding
				for _, f := range fs {
					if f.Rule == w.rule && f.Trigger == w.trigger {
						match = append(match, f)
					}
				}
				if len(match) != 1 {
					t.Errorf("%s/%s: %d findings, want 1", w.rule, w.trigger, len(match))
					continue
				}
				f := match[0]
				if f.Status != w.status {
					t.Errorf("%s/%s: status %s, want %s\n%s", w.rule, w.trigger, f.Status, w.status, f.Explanation)
				}
				if w.due != "" && f.Due.String() != w.due {
					t.Errorf("%s/%s: due %s, want %s", w.rule, w.trigger, f.Due, w.due)
				}
				if w.late >= 0 && f.WorkingDaysLate != w.late {
					t.Errorf("%s/%s: working_days_late %d, want %d", w.rule, w.trigger, f.WorkingDaysLate, w.late)
				}
			}
			for _, a := range gc.absent {
				for _, f := range fs {
					if f.Rule+"/"+f.Trigger == a {
						t.Errorf("unexpected finding %s (%s)", a, f.Status)
					}
				}
			}
			if gc.check != nil {
				gc.check(t, fs)
			}
			path := filepath.Join("testdata", "golden", gc.name+".golden.json")
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			wantJSON, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./checks -update to create it)", err)
			}
			if !bytes.Equal(got, wantJSON) {
				t.Errorf("findings differ from %s; run go test ./checks -update and review the diff", path)
			}
		})
	}
}
