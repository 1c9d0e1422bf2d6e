package polish

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/redress-app/redress/casefile"
)

// Limits on a suggestions reply.
const (
	MaxSuggestions  = 100  // more are dropped
	MaxDetailLength = 1000 // characters in a suggestion's detail or quote
)

// Suggestion is an event the AI found in a document. It is only a
// suggestion: nothing is recorded until the person confirms it.
type Suggestion struct {
	Kind   casefile.Kind
	Date   casefile.Date
	Time   casefile.Clock // zero when not given
	Detail string         // with personal details restored
	Quote  string         // the document's own words, restored; "" when not given
}

// DroppedSuggestion is a suggestion that failed a check, with the reasons.
type DroppedSuggestion struct {
	Index   int    // its place in the reply, from 0
	Raw     string // the suggestion as the AI wrote it (restored), shortened
	Reasons []string
}

// SuggestionSet is the outcome of a suggestions reply.
type SuggestionSet struct {
	Suggestions []Suggestion
	Dropped     []DroppedSuggestion
	// Err is set when the reply as a whole could not be read; then there are
	// no suggestions.
	Err error
}

// ErrBadSuggestions marks a suggestions reply that is not the JSON asked for.
var ErrBadSuggestions = errors.New("the AI's suggestions are not in the form asked for")

// RawSuggestion is a suggestion as read from the reply, before it is checked
// against the document.
type RawSuggestion struct {
	Index  int
	Kind   casefile.Kind
	Date   casefile.Date
	Time   casefile.Clock
	Detail string
	Quote  string
	Raw    string
}

var suggestionFields = []string{"kind", "date", "time", "detail", "quote"}

// ParseSuggestions reads a suggestions reply strictly: one JSON object
// {"events": [...]} (a single Markdown code fence around it is allowed),
// nothing before or after it. Each event needs a known kind, a real date
// written YYYY-MM-DD, and a detail; it may have a 24-hour "time" and a
// "quote". An event that breaks a rule is dropped with its reasons; a reply
// that is not such an object is an error.
func ParseSuggestions(reply string) ([]RawSuggestion, []DroppedSuggestion, error) {
	body := stripFence(reply)
	dec := json.NewDecoder(strings.NewReader(body))
	dec.UseNumber()
	var top map[string]json.RawMessage
	if err := dec.Decode(&top); err != nil {
		return nil, nil, fmt.Errorf("%w: it is not a JSON object", ErrBadSuggestions)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, nil, fmt.Errorf("%w: there is more after the JSON object", ErrBadSuggestions)
	}
	if top == nil {
		return nil, nil, fmt.Errorf("%w: it is not a JSON object", ErrBadSuggestions)
	}
	var extra []string
	for k := range top {
		if k != "events" {
			extra = append(extra, k)
		}
	}
	if len(extra) > 0 {
		sort.Strings(extra)
		return nil, nil, fmt.Errorf("%w: unexpected field %q", ErrBadSuggestions, extra[0])
	}
	rawEvents, ok := top["events"]
	if !ok {
		return nil, nil, fmt.Errorf("%w: there is no \"events\" list", ErrBadSuggestions)
	}
	var events []json.RawMessage
	if err := json.Unmarshal(rawEvents, &events); err != nil || bytes.Equal(bytes.TrimSpace(rawEvents), []byte("null")) {
		return nil, nil, fmt.Errorf("%w: \"events\" is not a list", ErrBadSuggestions)
	}
	var good []RawSuggestion
	var dropped []DroppedSuggestion
	for i, raw := range events {
		s, reasons := parseSuggestion(raw)
		s.Index = i
		s.Raw = shortenRunes(string(raw), 300)
		if i >= MaxSuggestions {
			reasons = append(reasons, fmt.Sprintf("There are more than %d suggestions; the rest were left out.", MaxSuggestions))
		}
		if len(reasons) > 0 {
			dropped = append(dropped, DroppedSuggestion{Index: i, Raw: s.Raw, Reasons: reasons})
			continue
		}
		good = append(good, s)
	}
	return good, dropped, nil
}

func parseSuggestion(raw json.RawMessage) (RawSuggestion, []string) {
	var s RawSuggestion
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(raw, &fields); err != nil || fields == nil {
		return s, []string{"The suggestion is not a JSON object."}
	}
	var reasons []string
	str := func(name string) (string, bool) {
		v, ok := fields[name]
		if !ok {
			return "", false
		}
		var out string
		if err := json.Unmarshal(v, &out); err != nil {
			reasons = append(reasons, fmt.Sprintf("Its %q is not text.", name))
			return "", false
		}
		return out, true
	}
	var unknown []string
	for k := range fields {
		known := false
		for _, f := range suggestionFields {
			if k == f {
				known = true
			}
		}
		if !known {
			unknown = append(unknown, k)
		}
	}
	sort.Strings(unknown)
	for _, k := range unknown {
		reasons = append(reasons, fmt.Sprintf("It has a field %q that was not asked for.", k))
	}
	if k, ok := str("kind"); !ok {
		if _, present := fields["kind"]; !present {
			reasons = append(reasons, "It has no kind.")
		}
	} else if !casefile.Kind(k).Valid() {
		reasons = append(reasons, fmt.Sprintf("Its kind %q is not one of Redress's event kinds.", shortenRunes(k, 40)))
	} else {
		s.Kind = casefile.Kind(k)
	}
	if d, ok := str("date"); !ok {
		if _, present := fields["date"]; !present {
			reasons = append(reasons, "It has no date.")
		}
	} else if v, err := casefile.ParseDate(d); err != nil {
		reasons = append(reasons, fmt.Sprintf("Its date %q is not a real date written YYYY-MM-DD.", shortenRunes(d, 40)))
	} else {
		s.Date = v
	}
	if t, ok := str("time"); ok && t != "" {
		if v, err := casefile.ParseClock(t); err != nil {
			reasons = append(reasons, fmt.Sprintf("Its time %q is not a time written HH:MM.", shortenRunes(t, 40)))
		} else {
			s.Time = v
		}
	}
	if d, ok := str("detail"); !ok || strings.TrimSpace(d) == "" {
		if _, present := fields["detail"]; !present || ok {
			reasons = append(reasons, "It says nothing about what happened (no detail).")
		}
	} else if utf8.RuneCountInString(d) > MaxDetailLength {
		reasons = append(reasons, fmt.Sprintf("Its detail is longer than %d characters.", MaxDetailLength))
	} else {
		s.Detail = strings.TrimSpace(d)
	}
	if q, ok := str("quote"); ok {
		if utf8.RuneCountInString(q) > MaxDetailLength {
			reasons = append(reasons, fmt.Sprintf("Its quote is longer than %d characters.", MaxDetailLength))
		} else {
			s.Quote = strings.TrimSpace(q)
		}
	}
	return s, reasons
}

// stripFence removes one Markdown code fence around a reply (```json ... ```).
func stripFence(s string) string {
	t := strings.TrimSpace(s)
	if !strings.HasPrefix(t, "```") {
		return t
	}
	nl := strings.IndexByte(t, '\n')
	if nl < 0 || !strings.HasSuffix(t, "```") || len(t) < 6 {
		return t
	}
	return strings.TrimSpace(t[nl+1 : len(t)-3])
}

func shortenRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "..."
}

// Suggestions reads a suggestions reply and checks each suggestion against
// the document: its date must be a date the document gives (or one in the
// record), its quote (if any) must be the document's own words, and its
// detail must pass the guard (no citation, date or name that is not in the
// document or the record). Suggestions that fail are dropped with their
// reasons; the others are offered one by one for the person to confirm.
func (p *Prepared) Suggestions(reply string) *SuggestionSet {
	raw, dropped, err := ParseSuggestions(stripThinking(reply))
	if err != nil {
		return &SuggestionSet{Err: err}
	}
	set := &SuggestionSet{Dropped: dropped}
	for i := range set.Dropped {
		set.Dropped[i].Raw = p.mapping.Restore(set.Dropped[i].Raw)
	}
	docDates := newDateSet()
	docDates.addText(p.source)
	plainDoc := normSpace(p.source)
	for _, r := range raw {
		s := Suggestion{Kind: r.Kind, Date: r.Date, Time: r.Time, Detail: p.mapping.Restore(r.Detail), Quote: p.mapping.Restore(r.Quote)}
		var reasons []string
		if !docDates.full[s.Date] && !p.guard.dates.full[s.Date] {
			reasons = append(reasons, fmt.Sprintf("Its date, %s, is not a date the document or the record gives.", s.Date.Long()))
		}
		if s.Quote != "" && !strings.Contains(plainDoc, normSpace(s.Quote)) {
			reasons = append(reasons, "Its quote is not in the document.")
		}
		for _, pr := range p.guard.Check(s.Detail) {
			reasons = append(reasons, pr.Reason)
		}
		if len(reasons) > 0 {
			set.Dropped = append(set.Dropped, DroppedSuggestion{Index: r.Index, Raw: p.mapping.Restore(r.Raw), Reasons: reasons})
			continue
		}
		set.Suggestions = append(set.Suggestions, s)
	}
	sort.SliceStable(set.Dropped, func(i, j int) bool { return set.Dropped[i].Index < set.Dropped[j].Index })
	return set
}

// normSpace lower-cases text and folds runs of space and typographic quotes,
// so that a quote survives a line break or a curly apostrophe.
func normSpace(s string) string {
	s = strings.NewReplacer("’", "'", "‘", "'", "“", `"`, "”", `"`).Replace(strings.ToLower(s))
	return strings.Join(strings.Fields(s), " ")
}
