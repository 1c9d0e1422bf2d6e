package casefile

import (
	"errors"
	"strings"
	"testing"
)

func TestEvidenceObjects(t *testing.T) {
	in := minimal(`{"id":"e1","kind":"icpc","date":"2026-03-02",
	  "evidence":["d1", {"ref":"d1#p4","quote":"the chair decided a plan was needed"}, {"ref":"d2"}]}`)
	c, err := Decode("case.json", []byte(in))
	if err != nil {
		t.Fatal(err)
	}
	e := c.Events[0]
	if strings.Join(e.Evidence, ",") != "d1,d1#p4,d2" || e.EvidenceQuote(1) != "the chair decided a plan was needed" || e.EvidenceQuote(0) != "" || e.EvidenceQuote(2) != "" {
		t.Fatalf("evidence %q quotes %q", e.Evidence, e.Quotes)
	}
	out, err := Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), `"d1",`) || !strings.Contains(string(out), `{
          "ref": "d1#p4",
          "quote": "the chair decided a plan was needed"
        }`) {
		t.Errorf("written as:\n%s", out)
	}
	back, err := Decode("case.json", out)
	if err != nil || strings.Join(back.Events[0].Quotes, "|") != strings.Join(e.Quotes, "|") {
		t.Fatalf("round trip: %v %q", err, back.Events[0].Quotes)
	}

	// Old files (strings only) read as before, with no quotes.
	old, err := Decode("case.json", []byte(minimal(`{"id":"e1","kind":"icpc","date":"2026-03-02","evidence":["d1#p3"]}`)))
	if err != nil || old.Events[0].Quotes != nil || old.Events[0].Evidence[0] != "d1#p3" {
		t.Fatalf("old file: %v %+v", err, old.Events)
	}

	for _, tc := range []struct{ name, ev, want string }{
		{"unknown key", `[{"ref":"d1","qoute":"x"}]`, `unknown field "qoute" (did you mean "quote"?)`},
		{"no ref", `[{"quote":"x"}]`, `evidence[0] needs a "ref"`},
		{"bad page", `[{"ref":"d1#p0","quote":"x"}]`, `the part after # must be p and a page number`},
		{"number", `[4]`, `"evidence[0]" must be text in quotes`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Decode("case.json", []byte(minimal(`{"id":"e1","kind":"icpc","date":"2026-03-02","evidence":`+tc.ev+`}`)))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want %q", err, tc.want)
			}
		})
	}
}

func TestAddEvidenceAndPageRefs(t *testing.T) {
	var e Event
	e.AddEvidence("d1", "")
	if e.Quotes != nil {
		t.Fatalf("a bare reference made quotes: %q", e.Quotes)
	}
	e.AddEvidence("d2#p3", "words")
	if !e.AddEvidence("d2#p3", "other words") || e.AddEvidence("d2#p3", "words") {
		t.Error("duplicates")
	}
	if len(e.Quotes) != 3 || e.EvidenceQuote(1) != "words" || e.EvidenceQuote(0) != "" {
		t.Fatalf("%q %q", e.Evidence, e.Quotes)
	}
	for _, tc := range []struct {
		in   string
		id   string
		page int
		bad  bool
	}{{"d1#p4", "d1", 4, false}, {"d1:4", "d1", 4, false}, {"d1", "d1", 0, false}, {"d1:0", "", 0, true}, {"d1#4", "", 0, true}} {
		id, page, err := ParsePageRef(tc.in)
		if (err != nil) != tc.bad || id != tc.id || page != tc.page {
			t.Errorf("ParsePageRef(%q) = %q %d %v", tc.in, id, page, err)
		}
	}
}

// FuzzEvidence: evidence entries, strings and {"ref", "quote"} objects,
// decode or fail with ErrInvalidCase, and what decodes writes back the same.
func FuzzEvidence(f *testing.F) {
	for _, ev := range []string{`["d1"]`, `[{"ref":"d1#p4","quote":"the words"}]`, `["d1", {"ref":"d1#p2"}, {"ref":"d1#p3","quote":"x"}]`,
		`[{"ref":"d1","qoute":"x"}]`, `[{"quote":"x"}]`, `[{}]`, `[4]`, `{"ref":"d1"}`} {
		f.Add(ev)
	}
	f.Fuzz(func(t *testing.T, ev string) {
		c, err := Decode("case.json", []byte(minimal(`{"id":"e1","kind":"icpc","date":"2026-03-02","evidence":`+ev+`}`)))
		if err != nil {
			if !errors.Is(err, ErrInvalidCase) {
				t.Fatalf("error does not wrap ErrInvalidCase: %v", err)
			}
			return
		}
		e := c.Events[0]
		if e.Quotes != nil && len(e.Quotes) != len(e.Evidence) {
			t.Fatalf("%d quotes for %d references", len(e.Quotes), len(e.Evidence))
		}
		roundTrip(t, c)
	})
}
