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
		`case.json: events[0] (id "e1"): attrs: "stage" is not used with kind "icpc" (it belongs to complaint-made, complaint-extension, complaint-response)`},
	{"attribute unknown everywhere",
		minimal(`{"id":"e1","kind":"icpc","date":"2026-03-02","attrs":{"plann":true}}`),
		`case.json: events[0] (id "e1"): attrs: unknown attribute "plann" for kind "icpc" (did you mean "plan"?) (it takes plan)`},
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
