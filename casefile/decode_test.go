package casefile

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// minimal wraps event JSON in a valid case with one child c1.
func minimal(events string) string {
	return `{"format": "redress-case/1", "title": "T", "authority": "A",
  "children": [{"id": "c1", "name": "Baby A", "born": "2025-09-15", "mobility": "pre-mobile"}],
  "events": [` + events + `]}`
}

var badCases = []struct {
	name, in, want string
}{
	{"misspelt kind",
		minimal(`{"id":"e1","kind":"referral-received","date":"2026-03-02"},
		{"id":"e2","kind":"referral-decision","date":"2026-03-02"},
		{"id":"e3","kind":"s47-started","date":"2026-03-02"},
		{"id":"e4","kind":"strategy-meting","date":"2026-03-03"}`),
		`case.json: events[3] (id "e4"): unknown kind "strategy-meting" (did you mean "strategy-discussion"?)`},
	{"unknown top-level field",
		`{"format":"redress-case/1","titel":"T","events":[]}`,
		`case.json: unknown field "titel" (did you mean "title"?)`},
	{"unknown event field",
		minimal(`{"id":"e1","kind":"icpc","date":"2026-03-02","dte":"x"}`),
		`case.json: events[0] (id "e1"): unknown field "dte" (did you mean "date"?)`},
	{"impossible date",
		minimal(`{"id":"e1","kind":"icpc","date":"2026-02-30"}`),
		`case.json: events[0] (id "e1"): date: "2026-02-30" is not a real date`},
	{"UK-style date",
		minimal(`{"id":"e1","kind":"icpc","date":"02/03/2026"}`),
		`case.json: events[0] (id "e1"): date: "02/03/2026" is not a date in the form YYYY-MM-DD`},
	{"bad time",
		minimal(`{"id":"e1","kind":"icpc","date":"2026-03-02","time":"25:00"}`),
		`case.json: events[0] (id "e1"): time: "25:00" is not a time in the form HH:MM (24-hour)`},
	{"attribute of the wrong type",
		minimal(`{"id":"t1","kind":"third-party-checks","date":"2026-03-02","attrs":{"consent":"no"}}`),
		`case.json: events[0] (id "t1"): "attrs.consent" must be true or false, not text "no"`},
	{"attribute for the wrong kind",
		minimal(`{"id":"e1","kind":"icpc","date":"2026-03-02","attrs":{"stage":1}}`),
		`case.json: events[0] (id "e1"): attrs: "stage" is not used with kind "icpc" (it belongs to complaint-made, complaint-acknowledged, complaint-extension, complaint-response)`},
	{"attribute unknown everywhere",
		minimal(`{"id":"e1","kind":"icpc","date":"2026-03-02","attrs":{"plann":true}}`),
		`case.json: events[0] (id "e1"): attrs: unknown attribute "plann" for kind "icpc" (did you mean "plan"?) (it takes plan, report_shared, parents_invited)`},
	{"enum attribute misspelt",
		minimal(`{"id":"e1","kind":"s47-concluded","date":"2026-03-02","attrs":{"outcome":"ncpc"}}`),
		`case.json: events[0] (id "e1"): attrs.outcome "ncpc" is not one of nfa, cin, icpc (did you mean "icpc"?)`},
	{"stage out of range",
		minimal(`{"id":"k1","kind":"complaint-made","date":"2026-03-02","attrs":{"stage":4}}`),
		`case.json: events[0] (id "k1"): attrs.stage must be the number 1, 2 or 3, not the number 4`},
	{"stage missing",
		minimal(`{"id":"k1","kind":"complaint-response","date":"2026-03-02"}`),
		`case.json: events[0] (id "k1"): kind "complaint-response" needs attrs.stage (stage (1, 2 or 3))`},
	{"duplicate event id",
		minimal(`{"id":"e1","kind":"icpc","date":"2026-03-02"},{"id":"e1","kind":"core-group","date":"2026-03-09"}`),
		`case.json: events[1] (id "e1"): id "e1" is already used by events[0]`},
	{"unknown child",
		minimal(`{"id":"e1","kind":"child-seen","date":"2026-03-02","child":"c2"}`),
		`case.json: events[0] (id "e1"): child "c2" is not one of the case's children (c1)`},
	{"missing date",
		minimal(`{"id":"e1","kind":"icpc"}`),
		`case.json: events[0] (id "e1"): the event has no "date" (YYYY-MM-DD; use "certainty": "approx" if you are not sure of the day)`},
	{"missing id",
		minimal(`{"kind":"icpc","date":"2026-03-02"}`),
		`case.json: events[0]: the event has no "id"`},
	{"bad certainty",
		minimal(`{"id":"e1","kind":"icpc","date":"2026-03-02","certainty":"aprox"}`),
		`case.json: events[0] (id "e1"): certainty "aprox" must be "exact" or "approx" (did you mean "approx"?)`},
	{"bad fact status",
		minimal(`{"id":"e1","kind":"icpc","date":"2026-03-02","status":"LA record"}`),
		`case.json: events[0] (id "e1"): status "LA record" is not one of undisputed, disputed, la-record (did you mean "la-record"?)`},
	{"bad evidence page",
		minimal(`{"id":"e1","kind":"icpc","date":"2026-03-02","evidence":["doc-7#page3"]}`),
		`case.json: events[0] (id "e1"): evidence: "doc-7#page3": the part after # must be p and a page number, such as doc-7#p3`},
	{"wrong format",
		`{"format":"redress-case/2","events":[]}`,
		`case.json: format is "redress-case/2", but this version of Redress reads "redress-case/1"`},
	{"no format",
		`{"title":"T","events":[]}`,
		`case.json: the "format" field is missing; a case file starts with "format": "redress-case/1"`},
	{"syntax error",
		"{\"format\": \"redress-case/1\",\n \"events\": [\n {\"id\": \"e1\" \"kind\": \"icpc\"}]}",
		`case.json: line 3, column 15: this is not valid JSON (invalid character '"' after object key:value pair); check for a missing comma, quote or bracket`},
	{"events not a list",
		`{"format":"redress-case/1","events":{"id":"e1"}}`,
		`case.json: "events" must be a list [...], not an object`},
	{"bad mobility",
		`{"format":"redress-case/1","children":[{"id":"c1","mobility":"crawling"}],"events":[]}`,
		`case.json: children[0] (id "c1"): mobility "crawling" is not one of pre-mobile, rolling, mobile`},
	{"duplicate key",
		minimal(`{"id":"e1","kind":"icpc","date":"2026-03-02","date":"2026-03-03"}`),
		`case.json: events[0] (id "e1"): field "date" appears twice; keep one`},
	{"evidence to unknown document",
		`{"format":"redress-case/1","events":[{"id":"e1","kind":"icpc","date":"2026-03-02","evidence":["d9"]}],
		 "documents":[{"id":"d1","name":"letter.pdf"}]}`,
		`case.json: events[0] (id "e1"): evidence "d9" is not one of the case's notes or documents`},
	{"note time not RFC 3339",
		`{"format":"redress-case/1","events":[],"notes":[{"id":"n1","occurred":"2026-03-02 10:15","recorded":"2026-03-02T10:20:00Z","text":"x"}]}`,
		`case.json: notes[0] (id "n1"): occurred "2026-03-02 10:15" is not an RFC 3339 time such as "2026-03-02T10:15:00Z"`},
	{"bad sha256",
		`{"format":"redress-case/1","events":[],"documents":[{"id":"d1","sha256":"ABC"}]}`,
		`case.json: documents[0] (id "d1"): sha256 must be 64 lower-case hexadecimal characters`},
	{"id with a space",
		minimal(`{"id":"e 1","kind":"icpc","date":"2026-03-02"}`),
		`case.json: events[0]: id "e 1" must be 1 to 64 letters, digits, '.', '_', ':' or '-', starting with a letter or digit`},
	{"agency misspelt",
		minimal(`{"id":"sd1","kind":"strategy-discussion","date":"2026-03-02","attrs":{"agencies":["police","helth"]}}`),
		`case.json: events[0] (id "sd1"): attrs.agencies: "helth" is not one of childrens-social-care, police, health, education, referrer, other (did you mean "health"?)`},
	{"agencies not a list",
		minimal(`{"id":"sd1","kind":"strategy-discussion","date":"2026-03-02","attrs":{"agencies":"police"}}`),
		`case.json: events[0] (id "sd1"): "attrs.agencies" must be a list [...], not text "police"`},
	{"agencies empty",
		minimal(`{"id":"sd1","kind":"strategy-discussion","date":"2026-03-02","attrs":{"agencies":[]}}`),
		`case.json: events[0] (id "sd1"): attrs.agencies is an empty list: name at least one, or leave "agencies" out if it was not recorded`},
	{"agency twice",
		minimal(`{"id":"sd1","kind":"strategy-discussion","date":"2026-03-02","attrs":{"agencies":["police","police"]}}`),
		`case.json: events[0] (id "sd1"): attrs.agencies: "police" appears twice; keep one`},
	{"new attribute misspelt",
		minimal(`{"id":"sd1","kind":"strategy-discussion","date":"2026-03-02","attrs":{"agencys":["police"]}}`),
		`case.json: events[0] (id "sd1"): attrs: unknown attribute "agencys" for kind "strategy-discussion" (did you mean "agencies"?) (it takes s47, agencies)`},
	{"report date not a date",
		minimal(`{"id":"ic1","kind":"icpc","date":"2026-03-02","attrs":{"report_shared":"1/3/2026"}}`),
		`case.json: events[0] (id "ic1"): attrs.report_shared: "1/3/2026" is not a date in the form YYYY-MM-DD`},
	{"report date on the wrong kind",
		minimal(`{"id":"c1","kind":"core-group","date":"2026-03-02","attrs":{"report_shared":"2026-03-01"}}`),
		`case.json: events[0] (id "c1"): attrs: "report_shared" is not used with kind "core-group" (it belongs to icpc, review-conference)`},
	{"exception not a bool",
		minimal(`{"id":"t1","kind":"third-party-checks","date":"2026-03-02","attrs":{"exception_recorded":"no"}}`),
		`case.json: events[0] (id "t1"): "attrs.exception_recorded" must be true or false, not text "no"`},
	{"accurate on the wrong kind",
		minimal(`{"id":"k1","kind":"complaint-made","date":"2026-03-02","attrs":{"stage":1,"accurate":true}}`),
		`case.json: events[0] (id "k1"): attrs: "accurate" is not used with kind "complaint-made" (it belongs to third-party-checks)`},
	{"acknowledgement without a stage",
		minimal(`{"id":"k1a","kind":"complaint-acknowledged","date":"2026-03-02"}`),
		`case.json: events[0] (id "k1a"): kind "complaint-acknowledged" needs attrs.stage (stage (1, 2 or 3))`},
	{"acknowledgement misspelt",
		minimal(`{"id":"k1a","kind":"complaint-acknowledge","date":"2026-03-02","attrs":{"stage":1}}`),
		`case.json: events[0] (id "k1a"): unknown kind "complaint-acknowledge" (did you mean "complaint-acknowledged"?)`},
	{"sar subject misspelt",
		minimal(`{"id":"q1","kind":"sar-made","date":"2026-03-02","attrs":{"subject":"childs"}}`),
		`case.json: events[0] (id "q1"): attrs.subject "childs" is not one of self, child, both (did you mean "child"?)`},
	{"complete on the wrong kind",
		minimal(`{"id":"k1","kind":"complaint-made","date":"2026-03-02","attrs":{"stage":1,"complete":true}}`),
		`case.json: events[0] (id "k1"): attrs: "complete" is not used with kind "complaint-made" (it belongs to complaint-response, sar-response)`},
	{"local timescales misspelt",
		`{"format":"redress-case/1","local_timescales":{"corporate_stage1":20,"source":"x"},"events":[]}`,
		`case.json: local_timescales: unknown field "corporate_stage1" (did you mean "corporate_stage1_wd"?)`},
	{"local timescales not a number",
		`{"format":"redress-case/1","local_timescales":{"corporate_stage1_wd":"20","source":"x"},"events":[]}`,
		`case.json: local_timescales: corporate_stage1_wd must be a whole number of working days from 1 to 200, not text "20"`},
	{"local timescales without a source",
		`{"format":"redress-case/1","local_timescales":{"corporate_stage2_wd":25},"events":[]}`,
		`case.json: local_timescales: "source" is missing: say where the council's procedure is published (a web address or the document's title)`},
	{"local timescales without days",
		`{"format":"redress-case/1","local_timescales":{"source":"leaflet"},"events":[]}`,
		`case.json: local_timescales: give corporate_stage1_wd, corporate_stage2_wd or both (the working days in the council's published procedure)`},
	{"local timescales misspelt at the top",
		`{"format":"redress-case/1","local_timescale":{},"events":[]}`,
		`case.json: unknown field "local_timescale" (did you mean "local_timescales"?)`},
	{"note with a document's id",
		`{"format":"redress-case/1","events":[],"documents":[{"id":"d1","name":"letter.pdf"}],"notes":[{"id":"d1","occurred":"2026-03-02T10:15:00Z","recorded":"2026-03-02T10:20:00Z","text":"x"}]}`,
		`case.json: notes[0] (id "d1"): id "d1" is also a document's id; evidence references need notes and documents to have different ids`},
	{"two children with one id",
		`{"format":"redress-case/1","events":[],"children":[{"id":"c1"},{"id":"c1"},{"name":"no id"}]}`,
		`case.json: children[1] (id "c1"): id "c1" is already used by children[0]` + "\n" + `case.json: children[2]: the child has no "id"`},
	{"not an object",
		`[1,2,3]`,
		`case.json: the case file must be a JSON object {...}, not a list`},
}

func TestDecodeBadCases(t *testing.T) {
	for _, tc := range badCases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Decode("case.json", []byte(tc.in))
			if err == nil {
				t.Fatalf("Decode succeeded, want error %q", tc.want)
			}
			if !errors.Is(err, ErrInvalidCase) {
				t.Errorf("error does not wrap ErrInvalidCase: %v", err)
			}
			if got := err.Error(); got != tc.want {
				t.Errorf("error:\n got  %s\n want %s", got, tc.want)
			}
		})
	}
}

func TestDecodeReportsEveryProblem(t *testing.T) {
	in := minimal(`{"id":"e1","kind":"icpc","date":"2026-02-30"},{"id":"e2","kind":"icpcc","date":"2026-03-02"}`)
	_, err := Decode("x.json", []byte(in))
	var ps Problems
	if !errors.As(err, &ps) || len(ps) != 2 {
		t.Fatalf("want 2 problems, got %v", err)
	}
	if !strings.Contains(ps[1].Error(), `events[1] (id "e2")`) {
		t.Errorf("second problem not located: %v", ps[1])
	}
}

func exampleFiles(t testing.TB) []string {
	files, _ := filepath.Glob("../examples/*.case.json")
	files2, _ := filepath.Glob("testdata/*.case.json")
	files = append(files, files2...)
	if len(files) == 0 {
		t.Fatal("no example case files found")
	}
	return files
}

func TestExamplesDecodeAndRoundTrip(t *testing.T) {
	for _, f := range exampleFiles(t) {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			c, err := Decode(filepath.Base(f), data)
			if err != nil {
				t.Fatalf("decode: %v", err)
			}
			if len(c.Events) == 0 {
				t.Fatal("no events decoded")
			}
			roundTrip(t, c)
		})
	}
}

// roundTrip checks decode -> encode -> decode -> encode is stable.
func roundTrip(t *testing.T, c *Case) {
	t.Helper()
	b1, err := Marshal(c)
	if err != nil {
		t.Fatalf("marshal: %v", err)
	}
	c2, err := Decode("re-encoded", b1)
	if err != nil {
		t.Fatalf("re-decode of our own output failed: %v\n%s", err, b1)
	}
	b2, err := Marshal(c2)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b1, b2) {
		t.Fatalf("encoding is not stable:\n%s\n---\n%s", b1, b2)
	}
}

func TestFullCaseRoundTrip(t *testing.T) {
	data, err := os.ReadFile("testdata/full.case.json")
	if err != nil {
		t.Fatal(err)
	}
	c, err := Decode("full.case.json", data)
	if err != nil {
		t.Fatal(err)
	}
	out, err := Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out, data) {
		t.Errorf("the canonical file does not encode back to itself:\n%s", out)
	}
	if n := c.Notes[0]; len(n.Versions) != 1 || n.Versions[0].Text == n.Text {
		t.Errorf("note versions not kept: %+v", n)
	}
}

func FuzzDecode(f *testing.F) {
	for _, tc := range badCases {
		f.Add([]byte(tc.in))
	}
	for _, p := range exampleFiles(f) {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Decode("fuzz.json", data)
		if err != nil {
			if !errors.Is(err, ErrInvalidCase) {
				t.Fatalf("error does not wrap ErrInvalidCase: %v", err)
			}
			if err.Error() == "" {
				t.Fatal("empty error message")
			}
			return
		}
		roundTrip(t, c)
	})
}

// TestNewAttributesCanonical: a file using every attribute added to
// redress-case/1 after its first release decodes to what it says and encodes
// back to the same bytes.
func TestNewAttributesCanonical(t *testing.T) {
	data, err := os.ReadFile("testdata/new-attributes.case.json")
	if err != nil {
		t.Fatal(err)
	}
	c, err := Decode("new-attributes.case.json", data)
	if err != nil {
		t.Fatal(err)
	}
	out, err := Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out, data) {
		t.Errorf("the canonical file does not encode back to itself:\n%s", out)
	}
	if lt := c.LocalTimescales; lt == nil || lt.Stage1WD != 20 || lt.Stage2WD != 25 || lt.Source == "" {
		t.Errorf("local_timescales = %+v", c.LocalTimescales)
	}
	want := map[string]map[string]string{
		"sd1": {"s47": "true", "agencies": "childrens-social-care,police,health"},
		"t1":  {"consent": "false", "exception_recorded": "false", "accurate": "false", "agency": "GP"},
		"ic1": {"plan": "true", "report_shared": "2026-02-19", "parents_invited": "true"},
		"rv1": {"report_shared": "2026-05-08", "parents_invited": "false"},
		"k1a": {"stage": "1"},
		"k1r": {"stage": "1", "complete": "false"},
		"q1":  {"subject": "both"},
		"q1r": {"complete": "true"},
	}
	for id, attrs := range want {
		e, ok := c.EventByID(id)
		if !ok {
			t.Fatalf("no event %s", id)
		}
		for name, v := range attrs {
			if got := e.Attrs.Value(name); got != v {
				t.Errorf("%s: %s = %q, want %q", id, name, got, v)
			}
		}
	}
	sd, _ := c.EventByID("sd1")
	if !sd.Attrs.Agencies.Has("police") || sd.Attrs.Agencies.Has("education") {
		t.Errorf("agencies = %v", sd.Attrs.Agencies.Names())
	}
	r, _ := c.EventByID("k1r")
	if r.Attrs.IsComplete() {
		t.Error("a response recorded as incomplete reads as complete")
	}
	if (Attrs{}).IsComplete() != true {
		t.Error("a response with nothing recorded should read as complete")
	}
}

// TestOldFilesUnchanged: a file written before the new attributes decodes to
// events with none of them set.
func TestOldFilesUnchanged(t *testing.T) {
	data, err := os.ReadFile("testdata/full.case.json")
	if err != nil {
		t.Fatal(err)
	}
	c, err := Decode("full.case.json", data)
	if err != nil {
		t.Fatal(err)
	}
	if c.LocalTimescales != nil {
		t.Error("local_timescales appeared from nowhere")
	}
	for _, e := range c.Events {
		a := e.Attrs
		if a.Agencies.Recorded() || !a.ReportShared.IsZero() || a.ParentsInvited != nil || a.ExceptionRecorded != nil ||
			a.Accurate != nil || a.Complete != nil || a.Subject != "" {
			t.Errorf("%s: new attributes set on an old file: %+v", e.ID, a)
		}
	}
}

// TestAttrValueRoundTrip: for every attribute of every kind, SetValue then
// Value gives the canonical text back, and plain words are accepted for enums.
func TestAttrValueRoundTrip(t *testing.T) {
	sample := map[AttrType]string{AttrBool: "false", AttrString: "a GP", AttrStage: "2", AttrDate: "2026-03-04"}
	for _, k := range Kinds() {
		for _, spec := range k.Attrs {
			v := sample[spec.Type]
			switch spec.Type {
			case AttrEnum:
				v = spec.Values[len(spec.Values)-1]
			case AttrList:
				v = spec.Values[0] + "," + spec.Values[2]
			}
			var a Attrs
			if err := a.SetValue(spec, v); err != nil {
				t.Fatalf("%s.%s: %v", k.Kind, spec.Name, err)
			}
			if got := a.Value(spec.Name); got != v {
				t.Errorf("%s.%s: Value = %q after SetValue(%q)", k.Kind, spec.Name, got, v)
			}
			if err := a.SetValue(spec, ""); err != nil || a.Value(spec.Name) != "" || !a.IsZero() {
				t.Errorf("%s.%s: clearing left %q (%v)", k.Kind, spec.Name, a.Value(spec.Name), err)
			}
			if len(spec.ValueLabels) > 0 {
				if len(spec.ValueLabels) != len(spec.Values) {
					t.Errorf("%s.%s: %d labels for %d values", k.Kind, spec.Name, len(spec.ValueLabels), len(spec.Values))
				}
				for i, l := range spec.ValueLabels {
					if strings.Contains(l, ",") && spec.Type == AttrList {
						t.Errorf("%s.%s: label %q has a comma, which SetValue would split", k.Kind, spec.Name, l)
					}
					var b Attrs
					if err := b.SetValue(spec, l); err != nil || (spec.Type == AttrEnum && b.Value(spec.Name) != spec.Values[i]) {
						t.Errorf("%s.%s: plain words %q: %v, %q", k.Kind, spec.Name, l, err, b.Value(spec.Name))
					}
				}
			} else if spec.Type == AttrEnum || spec.Type == AttrList {
				t.Errorf("%s.%s: no plain words for its values", k.Kind, spec.Name)
			}
		}
	}
	var a Attrs
	if err := a.SetValue(AttrSpec{Name: "agencies", Type: AttrList, Values: AgencyValues}, "police,helth"); err == nil {
		t.Error("an unknown agency was accepted")
	}
	if err := a.SetValue(AttrSpec{Name: "report_shared", Type: AttrDate}, "31/2/2026"); err == nil {
		t.Error("a bad date was accepted")
	}
}
