package casefile

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// Evidence can be a bare reference ("d1", "d1#p4") or an object holding the
// words relied on: {"ref": "d1#p4", "quote": "..."} (DESIGN section 3).
// Event.Evidence keeps every reference, so code that reads only references
// is unchanged; Event.Quotes, parallel to it, keeps the words.

// MaxQuote bounds a quotation's length in characters.
const MaxQuote = 4000

// EvidenceQuote returns the words relied on for e.Evidence[i], "" if none.
func (e *Event) EvidenceQuote(i int) string {
	if i < 0 || i >= len(e.Quotes) {
		return ""
	}
	return e.Quotes[i]
}

// AddEvidence adds a reference ("ID" or "ID#pN") with the words relied on
// (quote may be ""). The same reference with the same words is not added
// twice; it reports whether it added one.
func (e *Event) AddEvidence(ref, quote string) bool {
	quote = strings.TrimSpace(quote)
	for i, r := range e.Evidence {
		if r == ref && e.EvidenceQuote(i) == quote {
			return false
		}
	}
	if quote != "" || e.Quotes != nil {
		for len(e.Quotes) < len(e.Evidence) {
			e.Quotes = append(e.Quotes, "")
		}
		e.Quotes = append(e.Quotes, quote)
	}
	e.Evidence = append(e.Evidence, ref)
	return true
}

// PageRef is the evidence reference of page page of document id: "d1#p4".
func PageRef(id string, page int) string {
	if page < 1 {
		return id
	}
	return id + "#p" + strconv.Itoa(page)
}

// ParsePageRef reads "DOC#pN" or "DOC:N" (as typed on the command line)
// as a document ID and a page number (0 when none is given).
func ParsePageRef(s string) (id string, page int, err error) {
	if i := strings.LastIndexByte(s, ':'); i > 0 && !strings.Contains(s, "#") {
		if n, perr := strconv.Atoi(s[i+1:]); perr == nil {
			if n < 1 {
				return "", 0, fmt.Errorf("%q: pages are numbered from 1", s)
			}
			return ParseEvidence(PageRef(s[:i], n))
		}
	}
	return ParseEvidence(s)
}

// evidenceList reads an event's "evidence": strings and {"ref", "quote"}
// objects, in order.
func (d *decoder) evidenceList(where string, raw json.RawMessage) (refs, quotes []string, ok bool) {
	items, ok := d.array(where, "evidence", raw)
	if !ok {
		return nil, nil, false
	}
	anyQuote := false
	for i, it := range items {
		name := fmt.Sprintf("evidence[%d]", i)
		var ref, quote string
		if isObject(it) {
			fields, ok := d.object(where, name, it)
			if !ok {
				return nil, nil, false
			}
			for _, f := range fields {
				switch f.key {
				case "ref":
					ref, _ = d.str(where, name+".ref", f.raw)
				case "quote":
					quote, _ = d.str(where, name+".quote", f.raw)
				default:
					d.unknownField(where+" "+name, f.key, []string{"ref", "quote"})
				}
			}
			if ref == "" {
				d.add(where, "%s needs a \"ref\": the document or note it cites, such as \"d1#p4\"", name)
				continue
			}
			if len([]rune(quote)) > MaxQuote {
				d.add(where, "%s.quote is over %d characters; quote the words that matter", name, MaxQuote)
			}
			anyQuote = anyQuote || quote != ""
		} else {
			s, ok := d.str(where, name, it)
			if !ok {
				continue
			}
			ref = s
		}
		if _, _, err := ParseEvidence(ref); err != nil {
			d.add(where, "evidence: %v", err)
		}
		refs = append(refs, ref)
		quotes = append(quotes, quote)
	}
	if !anyQuote {
		quotes = nil
	}
	return refs, quotes, true
}

// wireEvidence is one evidence entry as written: a string, or an object
// when it carries words.
type wireEvidence struct {
	Ref   string `json:"ref"`
	Quote string `json:"quote,omitempty"`
}

// MarshalJSON writes a bare reference as a string, as before quotes were.
func (w wireEvidence) MarshalJSON() ([]byte, error) {
	if w.Quote == "" {
		return json.Marshal(w.Ref)
	}
	type plain wireEvidence
	return json.Marshal(plain(w))
}

func wireEvidenceOf(e Event) []wireEvidence {
	if len(e.Evidence) == 0 {
		return nil
	}
	out := make([]wireEvidence, len(e.Evidence))
	for i, r := range e.Evidence {
		out[i] = wireEvidence{Ref: r, Quote: e.EvidenceQuote(i)}
	}
	return out
}
