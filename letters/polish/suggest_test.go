package polish

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/redress-app/redress/casefile"
)

func TestParseSuggestions(t *testing.T) {
	for _, tc := range []struct {
		name    string
		in      string
		good    int
		dropped []string // the first reason of each dropped suggestion, in order
		err     bool
	}{
		{"empty list", `{"events": []}`, 0, nil, false},
		{"one", `{"events": [{"kind": "s47-started", "date": "2026-01-15", "detail": "Enquiries began."}]}`, 1, nil, false},
		{"with time and quote", `{"events": [{"kind": "icpc", "date": "2026-02-01", "time": "10:30", "detail": "Conference.", "quote": "the conference"}]}`, 1, nil, false},
		{"code fence", "```json\n{\"events\": [{\"kind\": \"other\", \"date\": \"2026-01-15\", \"detail\": \"x\"}]}\n```", 1, nil, false},
		{"unknown kind", `{"events": [{"kind": "s47-begun", "date": "2026-01-15", "detail": "x"}]}`, 0,
			[]string{`Its kind "s47-begun" is not one of Redress's event kinds.`}, false},
		{"bad date", `{"events": [{"kind": "other", "date": "15/01/2026", "detail": "x"}]}`, 0,
			[]string{`Its date "15/01/2026" is not a real date written YYYY-MM-DD.`}, false},
		{"impossible date", `{"events": [{"kind": "other", "date": "2026-02-30", "detail": "x"}]}`, 0,
			[]string{`Its date "2026-02-30" is not a real date written YYYY-MM-DD.`}, false},
		{"bad time", `{"events": [{"kind": "other", "date": "2026-02-03", "time": "25:00", "detail": "x"}]}`, 0,
			[]string{`Its time "25:00" is not a time written HH:MM.`}, false},
		{"missing date", `{"events": [{"kind": "other", "detail": "x"}]}`, 0, []string{"It has no date."}, false},
		{"missing kind", `{"events": [{"date": "2026-02-03", "detail": "x"}]}`, 0, []string{"It has no kind."}, false},
		{"empty detail", `{"events": [{"kind": "other", "date": "2026-02-03", "detail": " "}]}`, 0,
			[]string{"It says nothing about what happened (no detail)."}, false},
		{"number as text", `{"events": [{"kind": "other", "date": 20260203, "detail": "x"}]}`, 0, []string{`Its "date" is not text.`}, false},
		{"extra field", `{"events": [{"kind": "other", "date": "2026-02-03", "detail": "x", "confidence": 0.9}]}`, 0,
			[]string{`It has a field "confidence" that was not asked for.`}, false},
		{"not an object", `{"events": ["s47 on 3 Feb"]}`, 0, []string{"The suggestion is not a JSON object."}, false},
		{"mixed", `{"events": [{"kind": "other", "date": "2026-02-03", "detail": "x"}, {"kind": "nope", "date": "2026-02-03", "detail": "y"}]}`, 1,
			[]string{`Its kind "nope" is not one of Redress's event kinds.`}, false},
		{"prose", `Here are the events: none.`, 0, nil, true},
		{"prose before JSON", `Sure! {"events": []}`, 0, nil, true},
		{"JSON then prose", `{"events": []} Hope this helps.`, 0, nil, true},
		{"two objects", `{"events": []}{"events": []}`, 0, nil, true},
		{"top-level list", `[{"kind": "other"}]`, 0, nil, true},
		{"no events key", `{"items": []}`, 0, nil, true},
		{"events not a list", `{"events": {}}`, 0, nil, true},
		{"events null", `{"events": null}`, 0, nil, true},
		{"extra top-level field", `{"events": [], "note": "x"}`, 0, nil, true},
		{"null", `null`, 0, nil, true},
		{"empty", ``, 0, nil, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			good, dropped, err := ParseSuggestions(tc.in)
			if (err != nil) != tc.err {
				t.Fatalf("err = %v, want error %v", err, tc.err)
			}
			if err != nil && !errors.Is(err, ErrBadSuggestions) {
				t.Errorf("err = %v, not ErrBadSuggestions", err)
			}
			if len(good) != tc.good {
				t.Errorf("%d good suggestions, want %d", len(good), tc.good)
			}
			var first []string
			for _, d := range dropped {
				first = append(first, d.Reasons[0])
			}
			if strings.Join(first, "|") != strings.Join(tc.dropped, "|") {
				t.Errorf("dropped reasons %q, want %q", first, tc.dropped)
			}
		})
	}
}

func TestSuggestionsCheckedAgainstDocument(t *testing.T) {
	doc := `Minutes. A strategy discussion was held on 15 January 2026 with Ms Patel and the police.
Section 47 enquiries were started. Noah was seen at home on 16/01/2026.`
	p, err := PrepareSuggestions(Input{Case: richCase(t), Text: doc})
	if err != nil {
		t.Fatal(err)
	}
	sent := p.Preview().User
	if strings.Contains(sent, "Patel") || strings.Contains(sent, "Noah") {
		t.Fatalf("names were sent: %s", sent)
	}
	reply := `{"events": [
 {"kind": "strategy-discussion", "date": "2026-01-15", "detail": "Strategy discussion with Ms [PERSON-3] and the police.", "quote": "A strategy discussion was held on 15 January 2026"},
 {"kind": "child-seen", "date": "2026-01-16", "detail": "[CHILD-2] was seen at home."},
 {"kind": "icpc", "date": "2026-02-05", "detail": "Conference held."},
 {"kind": "s47-started", "date": "2026-01-15", "detail": "Enquiries started.", "quote": "enquiries were started by Mr Hughes"},
 {"kind": "other", "date": "2026-01-15", "detail": "Mrs Jenkins attended under section 52."}
]}`
	set := p.Suggestions(reply)
	if set.Err != nil {
		t.Fatal(set.Err)
	}
	if len(set.Suggestions) != 2 {
		t.Fatalf("%d suggestions offered, want 2: %+v", len(set.Suggestions), set.Suggestions)
	}
	s := set.Suggestions[0]
	if s.Kind != casefile.KindStrategyDiscussion || s.Date != casefile.MustDate("2026-01-15") || s.Detail != "Strategy discussion with Ms Patel and the police." {
		t.Errorf("first suggestion %+v", s)
	}
	if set.Suggestions[1].Detail != "Noah was seen at home." {
		t.Errorf("second suggestion %+v", set.Suggestions[1])
	}
	want := [][]string{
		{"Its date, 5 February 2026, is not a date the document or the record gives."},
		{"Its quote is not in the document."},
		{`The reply mentions "Mrs Jenkins", which looks like a name that is not in the record or the document.`,
			`The reply mentions "section 52", which is not in the rule catalogue or the document.`},
	}
	if len(set.Dropped) != len(want) {
		t.Fatalf("dropped %+v", set.Dropped)
	}
	for i, d := range set.Dropped {
		if strings.Join(d.Reasons, "|") != strings.Join(want[i], "|") {
			t.Errorf("dropped %d: %q, want %q", i, d.Reasons, want[i])
		}
	}
	// Through the client, with a fake server returning the same reply.
	f := newFakeServer(t)
	f.reply = func(w http.ResponseWriter, r *http.Request, req chatRequest) {
		writeCompletion(w, "```json\n"+reply+"\n```")
	}
	got, err := newClient(t, f.settings()).SuggestEvents(context.Background(), p, nil)
	if err != nil || len(got.Suggestions) != 2 || len(got.Dropped) != 3 {
		t.Errorf("SuggestEvents: %+v, %v", got, err)
	}
	if _, err := newClient(t, f.settings()).SuggestEvents(context.Background(), prepared(t), nil); err == nil {
		t.Error("SuggestEvents accepted a request prepared for improving a letter")
	}
}

func FuzzParseSuggestions(f *testing.F) {
	for _, s := range []string{`{"events": []}`, `{"events": [{"kind": "s47-started", "date": "2026-01-15", "detail": "x", "time": "09:00", "quote": "q"}]}`,
		"```json\n{\"events\": [{}]}\n```", `{"events": [1, "a", null, [], {"kind": null}]}`, `{"events": [{"kind": "other", "date": "2026-02-29", "detail": "x"}]}`,
		`{"events":`, `{"events": [{"date": "2026-01-01", "date": "bad", "kind": "other", "detail": "d"}]}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		good, dropped, err := ParseSuggestions(s)
		if err != nil {
			if len(good) != 0 || len(dropped) != 0 {
				t.Fatal("suggestions returned with an error")
			}
			return
		}
		for _, g := range good {
			if !g.Kind.Valid() || g.Date.IsZero() || strings.TrimSpace(g.Detail) == "" {
				t.Fatalf("invalid suggestion passed: %+v", g)
			}
		}
		for _, d := range dropped {
			if len(d.Reasons) == 0 {
				t.Fatalf("dropped without a reason: %+v", d)
			}
		}
	})
}
