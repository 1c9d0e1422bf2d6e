package redact

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/redress-app/redress/casefile"
)

// Match is one thing found to take out of a text: text[Start:End] (byte
// offsets), of a category.
type Match struct {
	Start, End int
	Category   Category
}

// Redactor finds and replaces what a Spec takes out. It is safe for
// concurrent use.
type Redactor struct {
	spec  Spec
	terms *regexp.Regexp // names and marked words, longest first
	kinds map[string]Category
	pats  []pattern
	keep  []string // the family's names when they are kept, never taken out as parts
}

type pattern struct {
	re  *regexp.Regexp
	cat Category
	// group is the submatch that is taken out (0: all of it).
	group int
}

// New compiles spec with the names of the case record.
func New(spec Spec, names Names) (*Redactor, error) {
	if spec.Style == "" {
		spec.Style = StyleText
	}
	r := &Redactor{spec: spec, kinds: map[string]Category{}}
	if !spec.Has(Family) {
		r.keep = names.Family
	}
	kept := map[string]bool{}
	for _, n := range r.keep {
		kept[strings.ToLower(n)] = true
		for _, p := range parts(n) {
			kept[strings.ToLower(p)] = true
		}
	}
	addName := func(name string, c Category, alone bool) {
		name = strings.Join(strings.Fields(name), " ")
		if name == "" {
			return
		}
		if _, ok := r.kinds[strings.ToLower(name)]; !ok {
			r.kinds[strings.ToLower(name)] = c
		}
		if !alone {
			return
		}
		for _, p := range parts(name) {
			if kept[strings.ToLower(p)] {
				continue
			}
			if _, ok := r.kinds[strings.ToLower(p)]; !ok {
				r.kinds[strings.ToLower(p)] = c
			}
		}
	}
	for _, c := range []struct {
		cat   Category
		names []string
	}{{OtherChildren, names.Children}, {OtherAdults, names.Adults}, {Family, names.Family}} {
		if !spec.Has(c.cat) {
			continue
		}
		for _, n := range c.names {
			addName(n, c.cat, true)
		}
	}
	for _, w := range spec.Words {
		addName(w, Marked, false)
	}
	if len(r.kinds) > 0 {
		terms := make([]string, 0, len(r.kinds))
		for t := range r.kinds {
			terms = append(terms, t)
		}
		// Longest first, so that "Jane Doe" is taken whole before "Jane".
		slices.SortFunc(terms, func(a, b string) int {
			if d := len(b) - len(a); d != 0 {
				return d
			}
			return strings.Compare(a, b)
		})
		alts := make([]string, len(terms))
		for i, t := range terms {
			alts[i] = termPattern(t)
		}
		re, err := regexp.Compile(`(?i)(?:` + strings.Join(alts, "|") + `)`)
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrSpec, err)
		}
		r.terms = re
	}
	if spec.Has(Emails) {
		r.pats = append(r.pats, pattern{re: emailRE, cat: Emails})
	}
	if spec.Has(Phones) {
		r.pats = append(r.pats, pattern{re: phoneRE, cat: Phones})
	}
	if spec.Has(Addresses) {
		r.pats = append(r.pats, pattern{re: streetRE, cat: Addresses})
	}
	if spec.Has(Addresses) || spec.Has(Postcodes) {
		r.pats = append(r.pats, pattern{re: postcodeRE, cat: Addresses})
	}
	if spec.Has(Births) {
		r.pats = append(r.pats, pattern{re: bornRE, cat: Births, group: 1})
		if len(names.Births) > 0 {
			var alts []string
			for _, d := range names.Births {
				alts = append(alts, dateForms(d)...)
			}
			re, err := regexp.Compile(`(?i)(?:` + strings.Join(alts, "|") + `)`)
			if err != nil {
				return nil, fmt.Errorf("%w: %v", ErrSpec, err)
			}
			r.pats = append(r.pats, pattern{re: re, cat: Births})
		}
	}
	return r, nil
}

// Spec returns the spec r was made with.
func (r *Redactor) Spec() Spec { return r.spec }

// Mark is what every match is replaced with.
func (r *Redactor) Mark() string { return r.spec.Mark() }

// termPattern matches a name or marked phrase: any run of spaces between
// its words, either apostrophe.
func termPattern(t string) string {
	var b strings.Builder
	for i, w := range strings.Fields(t) {
		if i > 0 {
			b.WriteString(`[\s\p{Zs}]+`)
		}
		q := regexp.QuoteMeta(w)
		q = strings.NewReplacer("'", "['’]", "’", "['’]").Replace(q)
		b.WriteString(q)
	}
	return b.String()
}

var (
	emailRE = regexp.MustCompile(`[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}`)
	// A UK number: +44 or 0, then 9 or 10 digits with single spaces,
	// hyphens or brackets between them.
	phoneRE = regexp.MustCompile(`(?:\+44[\s\-]?(?:\(0\)[\s\-]?)?|\(?0)\d(?:[\s\-\)]{0,2}\d){8,9}`)
	// A UK postcode ("SW1A 1AA", "M1 1AE", "b33 8th").
	postcodeRE = regexp.MustCompile(`(?i)\b(?:GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?[0-9][A-Z0-9]? ?[0-9][ABD-HJLNP-UW-Z]{2})\b`)
	// A street address: a house number and up to four capitalised words
	// ending in a kind of street ("12 Acacia Avenue", "3a Mill Lane").
	streetRE = regexp.MustCompile(`\b(?:(?:Flat|Apartment|Unit)\s+\d+[A-Za-z]?,?\s+)?\d{1,4}[A-Za-z]?,?\s+(?:[A-Z][\p{L}'’\-]*\s+){1,4}(?:Road|Rd|Street|St|Avenue|Ave|Lane|Ln|Close|Drive|Dr|Way|Crescent|Cres|Court|Ct|Place|Pl|Gardens|Gdns|Terrace|Grove|Hill|Park|Square|Sq|Row|Walk|Mews|View|Rise|Green|Parade|Gate|Vale|Yard|Wharf)\b\.?`)
	// A date after words that say it is a date of birth.
	bornRE = regexp.MustCompile(`(?i)\b(?:date\s+of\s+birth|d\.?o\.?b\.?|born(?:\s+on)?)\s*[:\-]?\s*((?:\d{1,2}(?:st|nd|rd|th)?\s+(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?,?\s+\d{4})|(?:\d{4}-\d{2}-\d{2})|(?:\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}))`)
)

// dateForms are the ways a date is commonly written, as patterns.
func dateForms(d casefile.Date) []string {
	y, m, day := d.YMD()
	month := m.String()
	forms := []string{
		fmt.Sprintf(`%04d-%02d-%02d`, y, int(m), day),
		fmt.Sprintf(`0?%d(?:st|nd|rd|th)?\s+(?:of\s+)?(?:%s|%s)\.?,?\s+%d`, day, month, month[:3], y),
		fmt.Sprintf(`(?:%s|%s)\.?\s+0?%d(?:st|nd|rd|th)?,?\s+%d`, month, month[:3], day, y),
		fmt.Sprintf(`0?%d[/.\-]0?%d[/.\-](?:%d|%02d)\b`, day, int(m), y, y%100),
	}
	return forms
}

// Find returns every match in text, in order, overlapping matches joined
// into one. Names and marked words match whole words only, in any case.
func (r *Redactor) Find(text string) []Match {
	var ms []Match
	if r.terms != nil {
		for at := 0; at < len(text); {
			loc := r.terms.FindStringIndex(text[at:])
			if loc == nil {
				break
			}
			s, e := at+loc[0], at+loc[1]
			if wordEdge(text, s, e) {
				ms = append(ms, Match{s, e, r.kinds[strings.ToLower(strings.Join(strings.Fields(text[s:e]), " "))]})
				at = e
				continue
			}
			_, n := utf8.DecodeRuneInString(text[s:])
			at = s + max(n, 1)
		}
		for i := range ms {
			if ms[i].Category == "" {
				ms[i].Category = r.categoryOf(text[ms[i].Start:ms[i].End])
			}
		}
	}
	for _, p := range r.pats {
		for _, loc := range p.re.FindAllStringSubmatchIndex(text, -1) {
			s, e := loc[2*p.group], loc[2*p.group+1]
			if s < 0 {
				continue
			}
			if p.cat == Phones && !phoneEdge(text, s, e) {
				continue
			}
			ms = append(ms, Match{s, e, p.cat})
		}
	}
	// What was put in place of a match is never a match itself (a word
	// marked "redacted" would otherwise be found in "[redacted]").
	ms = slices.DeleteFunc(ms, func(m Match) bool { return insideMark(text, m, r.Mark()) })
	if len(ms) == 0 {
		return nil
	}
	slices.SortFunc(ms, func(a, b Match) int {
		if a.Start != b.Start {
			return a.Start - b.Start
		}
		return b.End - a.End
	})
	out := ms[:1]
	for _, m := range ms[1:] {
		last := &out[len(out)-1]
		if m.Start < last.End {
			last.End = max(last.End, m.End)
			continue
		}
		out = append(out, m)
	}
	return out
}

// categoryOf finds the category of a matched term whose spaces or
// apostrophes differ from the term's.
func (r *Redactor) categoryOf(s string) Category {
	for t, c := range r.kinds {
		if regexp.MustCompile(`(?i)^` + termPattern(t) + `$`).MatchString(s) {
			return c
		}
	}
	return Marked
}

// wordEdge reports whether text[s:e] is a whole word or words: no letter
// or digit touches it on either side.
func wordEdge(text string, s, e int) bool {
	if s > 0 {
		r, _ := utf8.DecodeLastRuneInString(text[:s])
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return false
		}
	}
	if e < len(text) {
		r, _ := utf8.DecodeRuneInString(text[e:])
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// phoneEdge reports whether a phone number stands alone (no letter or
// digit touches it; a "+" or "(" it starts with is its own edge).
func phoneEdge(text string, s, e int) bool {
	if text[s] == '+' || text[s] == '(' {
		// The sign is its own edge: only what is before it counts.
		if s > 0 {
			r, _ := utf8.DecodeLastRuneInString(text[:s])
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				return false
			}
		}
		return wordEdge(text[s+1:], 0, e-s-1)
	}
	return wordEdge(text, s, e)
}

// Replace returns text with every match replaced by r's mark. A
// replacement can leave a name standing alone that was joined to what was
// taken out ("Karen07700 900123"), so it is done again until nothing is found.
func (r *Redactor) Replace(text string) string {
	for range 4 {
		out := r.replaceOnce(text)
		if out == text {
			break
		}
		text = out
	}
	return text
}

func (r *Redactor) replaceOnce(text string) string {
	ms := r.Find(text)
	if len(ms) == 0 {
		return text
	}
	var b strings.Builder
	last := 0
	for _, m := range ms {
		b.WriteString(text[last:m.Start])
		b.WriteString(r.Mark())
		last = m.End
	}
	b.WriteString(text[last:])
	return b.String()
}

// Change is one match with its context, for a preview: Before is the words
// around it as they are, After the same words with every match in them
// replaced.
type Change struct {
	Match
	Text   string // what is taken out
	Before string
	After  string
}

// contextRunes is how much of the text either side a Change shows.
const contextRunes = 40

// Changes lists every match in text with its context.
func (r *Redactor) Changes(text string) []Change {
	ms := r.Find(text)
	out := make([]Change, 0, len(ms))
	for _, m := range ms {
		s, e := widen(text, m.Start, m.End, contextRunes)
		before := text[s:e]
		out = append(out, Change{Match: m, Text: text[m.Start:m.End], Before: oneLine(before), After: oneLine(r.Replace(before))})
	}
	return out
}

// widen moves s back and e on by about n runes, to the edges of words.
func widen(text string, s, e, n int) (int, int) {
	for i := 0; i < n && s > 0; i++ {
		_, k := utf8.DecodeLastRuneInString(text[:s])
		s -= k
	}
	for s > 0 {
		r, k := utf8.DecodeLastRuneInString(text[:s])
		if unicode.IsSpace(r) {
			break
		}
		s -= k
	}
	for i := 0; i < n && e < len(text); i++ {
		_, k := utf8.DecodeRuneInString(text[e:])
		e += k
	}
	for e < len(text) {
		r, k := utf8.DecodeRuneInString(text[e:])
		if unicode.IsSpace(r) {
			break
		}
		e += k
	}
	return s, e
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// insideMark reports whether m lies within an occurrence of mark in text.
func insideMark(text string, m Match, mark string) bool {
	lo := max(0, m.Start-len(mark))
	hi := min(len(text), m.End+len(mark))
	window := text[lo:hi]
	for i := 0; ; {
		j := strings.Index(window[i:], mark)
		if j < 0 {
			return false
		}
		s := lo + i + j
		if s <= m.Start && m.End <= s+len(mark) {
			return true
		}
		i += j + 1
	}
}
