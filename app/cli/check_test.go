package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/redress-app/redress/casefile"
)

const complaintCase = `{
  "format": "redress-case/1",
  "title": "Stage 1 answered late; stage 2 under way; records requested",
  "authority": "Example County Council",
  "children": [{"id": "c1", "name": "Child C", "born": "2016-03-12"}],
  "events": [
    {"id": "k1", "kind": "complaint-made", "date": "2026-04-01", "attrs": {"stage": 1}},
    {"id": "k1r", "kind": "complaint-response", "date": "2026-04-24", "attrs": {"stage": 1}},
    {"id": "q1", "kind": "sar-made", "date": "2026-04-10"},
    {"id": "q1r", "kind": "sar-response", "date": "2026-05-15"},
    {"id": "k2", "kind": "complaint-made", "date": "2026-05-11", "attrs": {"stage": 2}},
    {"id": "k2x", "kind": "complaint-extension", "date": "2026-05-20", "attrs": {"stage": 2}},
    {"id": "d1", "kind": "decision", "date": "2026-05-29", "attrs": {"description": "Refused; to review, \"see notes\""}}
  ]
}`

// testEnv returns an Env whose clock reads now and whose output is captured.
func testEnv(now time.Time) (*Env, *bytes.Buffer, *bytes.Buffer) {
	var out, errb bytes.Buffer
	return &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" },
		Now: func() time.Time { return now }}, &out, &errb
}

func writeFile(t *testing.T, name, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestCheckJSON(t *testing.T) {
	path := writeFile(t, "c.case.json", complaintCase)
	env, out, errb := testEnv(time.Date(2026, 6, 30, 23, 30, 0, 0, time.UTC)) // 00:30 on 1 July in London
	if code := Main(env, []string{"check", "--json", path}); code != 0 {
		t.Fatalf("exit %d: %s", code, errb)
	}
	var doc struct {
		Format   string             `json:"format"`
		AsOf     string             `json:"as_of"`
		Findings []casefile.Finding `json:"findings"`
	}
	dec := json.NewDecoder(bytes.NewReader(out.Bytes()))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		t.Fatal(err)
	}
	if doc.Format != "redress-findings/1" || doc.AsOf != "2026-07-01" {
		t.Fatalf("format %q as_of %q (the default as-of is today in Europe/London)", doc.Format, doc.AsOf)
	}
	got := map[string]casefile.Finding{}
	for _, f := range doc.Findings {
		got[f.Rule+"/"+f.Trigger] = f
	}
	if f := got["complaint-stage1-10wd/k1"]; f.Status != "breach" || f.Due.String() != "2026-04-17" || f.WorkingDaysLate != 5 {
		t.Errorf("stage 1: %+v", f)
	}
	if f := got["sar-1m/q1"]; f.Status != "breach" || f.Due.String() != "2026-05-11" {
		t.Errorf("sar: %+v", f)
	}
	if strings.Contains(out.String(), "null") {
		t.Error("empty fields must be omitted, never null")
	}
	// Nothing found is still an array, and check exits 0 whatever it finds.
	empty := writeFile(t, "e.case.json", `{"format": "redress-case/1", "events": []}`)
	env, out, _ = testEnv(time.Now())
	if code := Main(env, []string{"check", "--json", "--as-of", "2026-01-01", empty}); code != 0 || !strings.Contains(out.String(), `"findings": []`) {
		t.Fatalf("exit %d, output %s", code, out)
	}
}

func TestCheckText(t *testing.T) {
	path := writeFile(t, "c.case.json", complaintCase)
	env, out, errb := testEnv(time.Now())
	if code := Main(env, []string{"check", "--as-of", "2026-07-01", path}); code != 0 {
		t.Fatalf("exit %d: %s", code, errb)
	}
	s := out.String()
	for _, want := range []string{"Late or missed (", "Late: stage 1 complaint response", "17 April 2026", "5 working days late",
		"Source: The Children Act 1989 Representations Procedure", "How dates are counted", "Your deadlines (", "Due (1)",
		"\"Within N working days of D\""} {
		if !strings.Contains(s, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	if strings.Index(s, "Late or missed") > strings.Index(s, "Due (1)") {
		t.Error("breaches should come before due steps")
	}
}

func TestCheckBadInput(t *testing.T) {
	bad := writeFile(t, "bad.case.json", `{"format": "redress-case/1", "events": [{"id": "e1", "kind": "strategy-meting", "date": "2026-13-01"}]}`)
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"located problems", []string{"check", bad}, []string{"bad.case.json: events[0] (id \"e1\")", "strategy-meting", "not a real date"}},
		{"missing file", []string{"check", filepath.Join(t.TempDir(), "nope.json")}, []string{"no such file"}},
		{"bad as-of", []string{"check", "--as-of", "1 May", bad}, []string{"--as-of"}},
		{"no file", []string{"check"}, []string{"needs one case file"}},
		{"two files", []string{"deadlines", bad, bad}, []string{"needs one case file"}},
		{"bad holidays file", []string{"check", "--holidays", bad, bad}, []string{"bank holidays file"}},
		{"rules with an argument", []string{"rules", "x"}, []string{"no arguments"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			env, out, errb := testEnv(time.Now())
			if code := Main(env, tc.args); code != ExitUsage {
				t.Fatalf("exit %d, want %d; stderr %s", code, ExitUsage, errb)
			}
			if out.Len() != 0 {
				t.Errorf("stdout should be empty, got %q", out)
			}
			for _, w := range tc.want {
				if !strings.Contains(errb.String(), w) {
					t.Errorf("stderr %q lacks %q", errb, w)
				}
			}
		})
	}
}

func TestCheckHolidaysFile(t *testing.T) {
	path := writeFile(t, "c.case.json", complaintCase)
	hol := writeFile(t, "bank-holidays.json", `{"england-and-wales": {"division": "england-and-wales", "events": [
	  {"title": "Good Friday", "date": "2026-04-03", "notes": "", "bunting": false},
	  {"title": "Easter Monday", "date": "2026-04-06", "notes": "", "bunting": true},
	  {"title": "An extra day", "date": "2026-04-08", "notes": "", "bunting": true}]}}`)
	env, out, errb := testEnv(time.Now())
	if code := Main(env, []string{"check", "--json", "--as-of", "2026-07-01", "--holidays", hol, path}); code != 0 {
		t.Fatalf("exit %d: %s", code, errb)
	}
	if !strings.Contains(out.String(), `"due": "2026-04-20"`) {
		t.Errorf("an extra holiday should move the stage 1 deadline to 20 April:\n%s", out)
	}
}

func TestRulesCommand(t *testing.T) {
	env, out, _ := testEnv(time.Now())
	if code := Main(env, []string{"rules"}); code != 0 || !strings.HasPrefix(out.String(), "# Redress rules") {
		t.Fatalf("exit %d: %.100s", code, out)
	}
	env, out, _ = testEnv(time.Now())
	if code := Main(env, []string{"rules", "--json"}); code != 0 {
		t.Fatalf("exit %d", code)
	}
	var doc struct {
		Format string `json:"format"`
		Rules  []struct {
			ID        string `json:"id"`
			Citations []struct {
				URL          string `json:"url"`
				Verification string `json:"verification"`
			} `json:"citations"`
		} `json:"rules"`
	}
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Format != "redress-rules/1" || len(doc.Rules) < 25 {
		t.Fatalf("format %q, %d rules", doc.Format, len(doc.Rules))
	}
	for _, r := range doc.Rules {
		if len(r.Citations) == 0 || r.Citations[0].URL == "" || r.Citations[0].Verification == "" {
			t.Errorf("%s: citation without url or verification", r.ID)
		}
	}
}

func TestDeadlinesText(t *testing.T) {
	path := writeFile(t, "c.case.json", complaintCase)
	env, out, errb := testEnv(time.Now())
	if code := Main(env, []string{"deadlines", "--as-of", "2026-07-01", path}); code != 0 {
		t.Fatalf("exit %d: %s", code, errb)
	}
	s := out.String()
	for _, want := range []string{"What the council owes you, as of 1 July 2026:",
		"The council must: stage 2 complaint response, by 11 August 2026 (in 41 days).",
		"Your time limits, as of 1 July 2026:", "Your time limit: judicial review claim, by 29 August 2026 (in 59 days)."} {
		if !strings.Contains(s, want) {
			t.Errorf("deadlines lack %q:\n%s", want, s)
		}
	}
	if strings.Contains(s, "stage 1") {
		t.Errorf("a step done late is not something the council still owes:\n%s", s)
	}
}

// TestDeadlinesWhose: an overdue council duty is listed as overdue, never
// "no deadlines"; --whose shows one side or the other.
func TestDeadlinesWhose(t *testing.T) {
	path := writeFile(t, "c.case.json", complaintCase)
	run := func(asOf string, args ...string) string {
		t.Helper()
		env, out, errb := testEnv(time.Now())
		if code := Main(env, append([]string{"deadlines", "--as-of", asOf}, append(args, path)...)); code != 0 {
			t.Fatalf("exit %d: %s", code, errb)
		}
		return out.String()
	}
	all := run("2026-04-20")
	if !strings.Contains(all, "OVERDUE  The council owes you: stage 1 complaint response. It was due by 17 April 2026, 3 days ago.") {
		t.Errorf("the unanswered stage 1 complaint is not overdue:\n%s", all)
	}
	if strings.Contains(strings.ToLower(all), "no open deadlines") || strings.Contains(all, "nothing the council owes") {
		t.Errorf("says nothing is open while something is overdue:\n%s", all)
	}
	council := run("2026-04-20", "--whose", "council")
	if !strings.Contains(council, "OVERDUE") || strings.Contains(council, "Your time limits") {
		t.Errorf("--whose council:\n%s", council)
	}
	family := run("2026-07-01", "--whose", "family")
	if strings.Contains(family, "council owes") || !strings.Contains(family, "Your time limits") {
		t.Errorf("--whose family:\n%s", family)
	}
	env, _, errb := testEnv(time.Now())
	if code := Main(env, []string{"deadlines", "--whose", "mine", path}); code != ExitUsage {
		t.Errorf("--whose mine: exit %d, want %d (%s)", code, ExitUsage, errb)
	}
}

// python finds a Python 3 with the icalendar module (Debian: python3-icalendar).
func python(t *testing.T) string {
	for _, p := range []string{"python3", "/usr/bin/python3"} {
		path, err := exec.LookPath(p)
		if err != nil {
			continue
		}
		if exec.Command(path, "-c", "import icalendar").Run() == nil {
			return path
		}
	}
	t.Skip("python3 with the icalendar module is not installed (apt-get install -y python3-icalendar)")
	return ""
}

func TestDeadlinesICS(t *testing.T) {
	path := writeFile(t, "c.case.json", complaintCase)
	env, out, errb := testEnv(time.Date(2026, 7, 1, 9, 30, 0, 0, time.UTC))
	if code := Main(env, []string{"deadlines", "--ics", path}); code != 0 {
		t.Fatalf("exit %d: %s", code, errb)
	}
	ics := out.String()
	if strings.Count(ics, "\r\n") != strings.Count(ics, "\n") {
		t.Fatal("every line must end with CRLF")
	}
	for i, l := range strings.Split(ics, "\r\n") {
		if len(l) > 75 {
			t.Fatalf("line %d is %d octets: %q", i, len(l), l)
		}
	}
	if !strings.Contains(ics, "DTSTAMP:20260701T093000Z\r\n") {
		t.Error("DTSTAMP must come from Env.Now")
	}
	// Deterministic: the same input gives the same file.
	env2, out2, _ := testEnv(time.Date(2026, 7, 1, 9, 30, 0, 0, time.UTC))
	Main(env2, []string{"deadlines", "--ics", path})
	if out2.String() != ics {
		t.Error("two runs gave different files")
	}
	py := python(t)
	script := `
import sys, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
evs = [c for c in cal.walk() if c.name == 'VEVENT']
uids = set()
for e in evs:
    for k in ('UID', 'DTSTAMP', 'DTSTART', 'DTEND', 'SUMMARY', 'DESCRIPTION'):
        assert k in e, k
    uids.add(str(e['UID']))
    print(e.decoded('DTSTART').isoformat(), str(e['SUMMARY']))
assert len(uids) == len(evs), 'UIDs must be unique'
print(len(evs), 'events')
`
	file := writeFile(t, "d.ics", ics)
	outp, err := exec.Command(py, "-c", script, file).CombinedOutput()
	if err != nil {
		t.Fatalf("icalendar could not read the file: %v\n%s", err, outp)
	}
	got := string(outp)
	for _, want := range []string{"2026-08-11 Due: stage 2 complaint response", "2026-08-29 Your deadline: judicial review claim", "5 events"} {
		if !strings.Contains(got, want) {
			t.Errorf("parsed calendar lacks %q:\n%s", want, got)
		}
	}
}
