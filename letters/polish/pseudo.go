package polish

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/redress-app/redress/casefile"
)

// Placeholder kinds.
const (
	KindChild    = "CHILD"    // a child of the case
	KindPerson   = "PERSON"   // a parent, professional or anyone else named
	KindName     = "NAME"     // a first name or surname shared by more than one person
	KindEmail    = "EMAIL"    // an email address
	KindPhone    = "PHONE"    // a UK phone number
	KindAddress  = "ADDRESS"  // a street address
	KindPostcode = "POSTCODE" // a UK postcode on its own
	KindDOB      = "DOB"      // a child's date of birth
)

// Hidden is one thing the pseudonymiser hides, and what stands for it.
type Hidden struct {
	Placeholder string // "[PERSON-2]"
	Kind        string // one of the Kind constants
	Original    string // what the placeholder is restored to
}

type entry struct {
	Hidden
	surname string          // for names: the last word, used after a title ("Ms [PERSON-2]" -> "Ms Patel")
	forms   map[string]bool // the forms replaced so far, in their recorded spelling
}

// nameForm is one way a name can be written: the whole name, or one part.
type nameForm struct {
	words    []string // lower case
	spelling string   // as recorded
	e        *entry
	exact    bool // match only with the recorded capitalisation (or all capitals), never at a sentence start
	strict   bool // exact, and match only with the recorded capitalisation
}

// Mapping replaces personal details with placeholders and puts them back. It
// is built from a case and stays in memory: nothing in it is ever sent. The
// same case gives the same placeholders every time, so that the person sees
// stable names such as [CHILD-1] across requests. A Mapping is not safe for
// concurrent use: Pseudonymise records what it replaced.
type Mapping struct {
	entries   []*entry
	byKey     map[string]*entry
	byHolder  map[string]*entry
	forms     []nameForm
	dobs      []dobEntry
	literals  []literal
	counts    map[string]int
	maxWords  int
	formIndex map[string][]int // first word -> forms starting with it
}

type dobEntry struct {
	date casefile.Date
	e    *entry
}

type literal struct {
	re *regexp.Regexp
	e  *entry
}

// NewMapping builds the mapping for a case: its children ([CHILD-n], in the
// case's order, with their dates of birth as [DOB-n]), its people
// ([PERSON-n]), the extra names given (such as the sender's, also
// [PERSON-n]) and extra addresses ([ADDRESS-n]). Emails, phone numbers,
// postcodes and street addresses in the case's own notes and event details
// are numbered first, so their placeholders do not depend on the text sent.
func NewMapping(c *casefile.Case, extraNames, extraAddresses []string) *Mapping {
	m := &Mapping{byKey: map[string]*entry{}, byHolder: map[string]*entry{}, counts: map[string]int{}, formIndex: map[string][]int{}}
	type named struct {
		kind, name string
	}
	var people []named
	if c != nil {
		for _, ch := range c.Children {
			people = append(people, named{KindChild, ch.Name})
		}
		for _, p := range c.People {
			people = append(people, named{KindPerson, p.Name})
		}
	}
	for _, n := range extraNames {
		people = append(people, named{KindPerson, n})
	}
	// Which parts belong to more than one person?
	owners := map[string]map[string]bool{}
	var all []*entry
	for _, p := range people {
		ws := nameWords(p.name)
		if len(ws) == 0 {
			all = append(all, nil)
			continue
		}
		key := p.kind + ":" + lower(strings.Join(ws, " "))
		e := m.byKey[key]
		if e == nil {
			e = m.add(p.kind, key, strings.Join(ws, " "))
			e.surname = ws[len(ws)-1]
		}
		all = append(all, e)
		for _, part := range nameParts(ws) {
			l := lower(part)
			if owners[l] == nil {
				owners[l] = map[string]bool{}
			}
			owners[l][e.Placeholder] = true
		}
	}
	shared := map[string]*entry{}
	for i, p := range people {
		e := all[i]
		if e == nil {
			continue
		}
		ws := nameWords(p.name)
		generic := true
		for _, w := range ws {
			if !genericNameWords[lower(w)] && utf8.RuneCountInString(w) > 1 {
				generic = false
			}
		}
		m.addForm(ws, e, generic, generic)
		if len(ws) > 2 {
			m.addForm([]string{ws[0], ws[len(ws)-1]}, e, generic, generic)
		}
		for _, part := range nameParts(ws) {
			l := lower(part)
			if genericNameWords[l] || utf8.RuneCountInString(part) < 2 {
				continue
			}
			target := e
			if len(owners[l]) > 1 {
				target = shared[l]
				if target == nil {
					target = m.add(KindName, "name:"+l, part)
					shared[l] = target
				}
			}
			everyday := everydayNames[l] || commonWords[l]
			m.addForm([]string{part}, target, everyday, false)
		}
	}
	sort.SliceStable(m.forms, func(i, j int) bool { return len(m.forms[i].words) > len(m.forms[j].words) })
	for i, f := range m.forms {
		m.formIndex[f.words[0]] = append(m.formIndex[f.words[0]], i)
		if len(f.words) > m.maxWords {
			m.maxWords = len(f.words)
		}
	}
	if c != nil {
		for _, ch := range c.Children {
			if ch.Born.IsZero() {
				continue
			}
			e := m.add(KindDOB, "dob:"+ch.Born.String(), ch.Born.Long())
			m.dobs = append(m.dobs, dobEntry{ch.Born, e})
		}
	}
	if c != nil {
		for _, t := range caseTexts(c) {
			m.Pseudonymise(t) // registers emails, phones and addresses in a fixed order
		}
		for _, e := range m.entries {
			e.forms = map[string]bool{}
		}
	}
	for _, a := range extraAddresses {
		m.addAddressLiteral(a)
	}
	return m
}

// caseTexts are the free texts of a case, in a fixed order.
func caseTexts(c *casefile.Case) []string {
	var out []string
	for _, e := range c.Events {
		out = append(out, e.Detail, e.Attrs.Description, e.Attrs.Agency)
	}
	for _, n := range c.Notes {
		out = append(out, n.Text)
		for _, v := range n.Versions {
			out = append(out, v.Text)
		}
	}
	for _, d := range c.Documents {
		out = append(out, d.Name)
	}
	return out
}

func (m *Mapping) add(kind, key, original string) *entry {
	m.counts[kind]++
	e := &entry{Hidden: Hidden{Placeholder: fmt.Sprintf("[%s-%d]", kind, m.counts[kind]), Kind: kind, Original: original},
		forms: map[string]bool{}}
	m.entries = append(m.entries, e)
	m.byKey[key] = e
	m.byHolder[e.Placeholder] = e
	return e
}

func (m *Mapping) addForm(ws []string, e *entry, exact, strict bool) {
	if len(ws) == 0 {
		return
	}
	l := make([]string, len(ws))
	for i, w := range ws {
		l[i] = lower(w)
	}
	for _, f := range m.forms {
		if f.e == e && strings.Join(f.words, " ") == strings.Join(l, " ") {
			return
		}
	}
	m.forms = append(m.forms, nameForm{words: l, spelling: strings.Join(ws, " "), e: e, exact: exact, strict: strict})
}

// nameWords returns the words of a name without titles in front.
func nameWords(name string) []string {
	var out []string
	for _, w := range words(name) {
		if len(out) == 0 && titles[lower(w.text)] {
			continue
		}
		out = append(out, w.text)
	}
	return out
}

// nameParts returns the single words of a name that may be used alone: each
// word, and each half of a hyphenated surname.
func nameParts(ws []string) []string {
	var out []string
	for _, w := range ws {
		out = append(out, w)
		if strings.Contains(w, "-") {
			out = append(out, strings.Split(w, "-")...)
		}
	}
	return out
}

func (m *Mapping) addAddressLiteral(a string) {
	parts := strings.FieldsFunc(a, func(r rune) bool { return r == ',' || r == '\n' || r == ';' })
	var quoted []string
	for _, p := range parts {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		quoted = append(quoted, strings.ReplaceAll(regexp.QuoteMeta(p), ` `, `\s+`))
		if strings.ContainsAny(p, "0123456789") && !rePostcode.MatchString(p) && len(strings.Fields(p)) > 1 && !reFlat.MatchString(p) {
			m.literals = append(m.literals, literal{regexp.MustCompile(`(?i)\b` + strings.ReplaceAll(regexp.QuoteMeta(p), ` `, `\s+`) + `\b`),
				m.entryFor(KindAddress, p)})
		}
	}
	if len(quoted) > 1 {
		re := regexp.MustCompile(`(?i)\b` + strings.Join(quoted, `[\s,;]+`) + `\b`)
		m.literals = append([]literal{{re, m.entryFor(KindAddress, strings.Join(strings.Fields(a), " "))}}, m.literals...)
	}
}

// entryFor returns the entry for a literal detail (an email, a phone number,
// an address), adding it the first time it is seen.
func (m *Mapping) entryFor(kind, text string) *entry {
	key := kind + ":" + identity(kind, text)
	if e := m.byKey[key]; e != nil {
		return e
	}
	return m.add(kind, key, text)
}

func identity(kind, text string) string {
	switch kind {
	case KindPhone:
		return phoneDigits(text)
	case KindPostcode:
		return strings.ToUpper(strings.ReplaceAll(text, " ", ""))
	}
	return lower(strings.Join(strings.Fields(text), " "))
}

var (
	reFlat     = regexp.MustCompile(`(?i)^(?:flat|apartment|apt|unit)\b`)
	reEmail    = regexp.MustCompile(`(?i)\b[a-z0-9._%+'-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}\b`)
	rePostcode = regexp.MustCompile(`(?i)\b(?:GIR\s?0AA|[A-PR-UWYZ][A-HK-Y]?[0-9][0-9A-HJKMNPR-Y]?\s?[0-9][ABD-HJLNP-UW-Z]{2})\b`)
	reStreet   = regexp.MustCompile(`\b(?:(?:Flat|Apartment|Apt|Unit)\s+\d+[A-Za-z]?,?\s+)?\d{1,4}[A-Za-z]?,?\s+(?:[A-Z][a-z'’-]+\s+){1,3}` +
		`(?:Road|Rd|Street|St|Lane|Ln|Avenue|Ave|Close|Cl|Drive|Dr|Way|Crescent|Cres|Court|Ct|Place|Pl|Gardens|Gdns|Terrace|Terr|` +
		`Grove|Gr|Walk|Hill|Square|Sq|Mews|Rise|Row|Parade|Park|Green|View|Vale|Wharf|Yard|Gate|Mount|Heights|Meadow|Meadows|Fold|Croft|Approach)\b\.?` +
		`(?:,?\s+[A-Z][a-z'’-]+\b(?:\s+[A-Z][a-z'’-]+\b){0,2}(?:,?\s+` + `(?:GIR\s?0AA|[A-PR-UWYZ][A-HK-Y]?[0-9][0-9A-HJKMNPR-Y]?\s?[0-9][ABD-HJLNP-UW-Z]{2})` + `)?)?`)
	rePhone = regexp.MustCompile(`(?:(?:\+|00)\s?44\s?(?:\(0\)\s?)?|\(?0)\d{2,4}\)?(?:[ -]?\d{2,4}){1,3}`)
)

// phoneDigits returns a UK number's digits in national form (07700900123).
func phoneDigits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	d := b.String()
	switch {
	case strings.HasPrefix(d, "0044"):
		d = d[4:]
	case strings.HasPrefix(d, "44") && strings.Contains(s, "44") && (strings.HasPrefix(strings.TrimSpace(s), "+") || strings.HasPrefix(strings.TrimSpace(s), "44")):
		d = d[2:]
	default:
		return d
	}
	d = strings.TrimPrefix(d, "0") // +44 (0) 20 ...
	return "0" + d
}

// validPhone reports whether digits are a plausible UK number: 10 or 11
// figures starting 01, 02, 03, 05, 07 or 08.
func validPhone(d string) bool {
	if len(d) != 10 && len(d) != 11 || d[0] != '0' {
		return false
	}
	return strings.ContainsRune("123578", rune(d[1]))
}

// span is a piece of text to replace.
type span struct {
	start, end int
	e          *entry
	form       string // the recorded spelling of what was replaced
}

// Pseudonymise returns text with every personal detail the mapping knows or
// recognises replaced by its placeholder. New emails, phone numbers,
// postcodes and addresses get new placeholders.
func (m *Mapping) Pseudonymise(text string) string {
	// A replacement can expose a detail that was glued to a name
	// ("Priya3 April 2019"): go again until nothing changes.
	for range 3 {
		next := m.pseudonymiseOnce(text)
		if next == text {
			break
		}
		text = next
	}
	return text
}

func (m *Mapping) pseudonymiseOnce(text string) string {
	var spans []span
	used := make([]bool, len(text)) // bytes already inside a span
	taken := func(s, e int) bool {
		for i := s; i < e; i++ {
			if used[i] {
				return true
			}
		}
		return false
	}
	// addSpan takes the entry lazily, so that a detail inside a span already
	// taken does not get a placeholder number it never uses.
	addSpan := func(start, end int, kind, form string, e *entry) {
		if taken(start, end) {
			return
		}
		if e == nil {
			e = m.entryFor(kind, form)
		}
		spans = append(spans, span{start, end, e, form})
		for i := start; i < end; i++ {
			used[i] = true
		}
	}
	for _, l := range m.literals {
		for _, ix := range l.re.FindAllStringIndex(text, -1) {
			addSpan(ix[0], ix[1], "", l.e.Original, l.e)
		}
	}
	for _, ix := range reEmail.FindAllStringIndex(text, -1) {
		addSpan(ix[0], ix[1], KindEmail, text[ix[0]:ix[1]], nil)
	}
	for _, ix := range reStreet.FindAllStringIndex(text, -1) {
		s := strings.TrimRight(text[ix[0]:ix[1]], " ,")
		addSpan(ix[0], ix[0]+len(s), KindAddress, s, nil)
	}
	for _, ix := range rePostcode.FindAllStringIndex(text, -1) {
		addSpan(ix[0], ix[1], KindPostcode, text[ix[0]:ix[1]], nil)
	}
	for _, ix := range rePhone.FindAllStringIndex(text, -1) {
		// A run of figures may hold a number with a figure too many at either
		// end ("07700 900123 2", "007700 900123"): try shorter pieces.
		if ix[0] > 0 && isDigit(text[ix[0]-1]) {
			continue // the tail of a longer figure
		}
		starts := []int{ix[0]}
		if text[ix[0]] == '0' && ix[0]+1 < ix[1] && text[ix[0]+1] == '0' {
			starts = append(starts, ix[0]+1)
		}
	phone:
		for _, start := range starts {
			end := ix[1]
			for end > start {
				s := text[start:end]
				if validPhone(phoneDigits(s)) {
					addSpan(start, end, KindPhone, s, nil)
					break phone
				}
				cut := strings.LastIndexAny(s, " -")
				if cut <= 0 {
					break
				}
				end = start + cut
			}
		}
	}
	for _, d := range FindDates(text) {
		for _, dob := range m.dobs {
			y, mo, day := dob.date.YMD()
			if d.Day != day || d.Month != mo {
				continue
			}
			if d.Year == y || (d.Year == 0 && bornBefore(text, d.Start)) {
				addSpan(d.Start, d.End, "", d.Text, dob.e)
			}
		}
	}
	spans = append(spans, m.nameSpans(text, taken)...)
	if len(spans) == 0 {
		return text
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].start < spans[j].start })
	var b strings.Builder
	at := 0
	for _, sp := range spans {
		if sp.start < at {
			continue
		}
		b.WriteString(text[at:sp.start])
		b.WriteString(sp.e.Placeholder)
		sp.e.forms[sp.form] = true
		at = sp.end
	}
	b.WriteString(text[at:])
	return b.String()
}

var reBornBefore = regexp.MustCompile(`(?i)(?:born|birth|birthday|dob|d\.o\.b\.?)\s*(?:on|is|was|:|-)?\s*(?:the\s+)?$`)

func bornBefore(text string, at int) bool {
	from := max(0, at-30)
	return reBornBefore.MatchString(text[from:at])
}

// nameSpans finds every name form in text, longest first, on whole words.
func (m *Mapping) nameSpans(text string, taken func(s, e int) bool) []span {
	ws := words(text)
	var out []span
	for i := 0; i < len(ws); i++ {
		first := lower(ws[i].text)
		for _, fi := range m.formIndex[first] {
			f := m.forms[fi]
			if i+len(f.words) > len(ws) {
				continue
			}
			ok := true
			for k, fw := range f.words {
				w := ws[i+k]
				if lower(w.text) != fw {
					ok = false
					break
				}
				if k > 0 && !onlySpace(text[ws[i+k-1].end:w.start]) {
					ok = false
					break
				}
			}
			if !ok {
				continue
			}
			start, end := ws[i].start, ws[i+len(f.words)-1].end
			if f.exact && !f.capitalisedAsRecorded(text[start:end]) {
				continue
			}
			if f.exact && len(f.words) == 1 && !f.strict && sentenceStart(text, start) {
				continue
			}
			if taken(start, end) {
				continue
			}
			out = append(out, span{start, end, f.e, f.spelling})
			i += len(f.words) - 1
			break
		}
	}
	return out
}

func onlySpace(s string) bool { return strings.TrimSpace(s) == "" && s != "" }

// capitalisedAsRecorded reports whether s is written as the form was
// recorded, or in capitals, or (for a form that is not strict) with a
// capital first letter on each word.
func (f nameForm) capitalisedAsRecorded(s string) bool {
	joined := strings.Join(strings.Fields(s), " ")
	if joined == f.spelling || joined == strings.ToUpper(f.spelling) {
		return true
	}
	if f.strict {
		return false
	}
	for _, w := range strings.Fields(s) {
		if !isCapitalised(w) {
			return false
		}
	}
	return true
}

// Hidden returns what the mapping hides, placeholder by placeholder, for the
// person to see before anything is sent.
func (m *Mapping) Hidden() []Hidden {
	out := make([]Hidden, 0, len(m.entries))
	for _, e := range m.entries {
		out = append(out, e.Hidden)
	}
	return out
}

// Used returns what was hidden in the texts pseudonymised so far.
func (m *Mapping) Used() []Hidden {
	var out []Hidden
	for _, e := range m.entries {
		if len(e.forms) > 0 {
			out = append(out, e.Hidden)
		}
	}
	return out
}

// rePlaceholder finds placeholders as the model may write them back:
// [PERSON-2], [person-2], [PERSON_2], [PERSON 2], or PERSON-2 without brackets.
var rePlaceholder = regexp.MustCompile(`\[\s*((?i:child|person|name|email|phone|address|postcode|dob))[-_ ]?(\d{1,4})\s*\]|\b(CHILD|PERSON|NAME|EMAIL|PHONE|ADDRESS|POSTCODE|DOB)[-_](\d{1,4})\b`)

// reLikePlaceholder finds anything a model may have meant as a placeholder,
// including kinds Redress never uses ([DATE-1]).
var reLikePlaceholder = regexp.MustCompile(`\[\s*[A-Za-z]{2,12}[-_ ]?\d{1,4}\s*\]|\b[A-Z]{3,12}[-_]\d{1,4}\b`)

var reTitleBefore = regexp.MustCompile(`(?i)\b(?:mr|mrs|ms|miss|mx|dr|prof|professor|sir|dame|lady|lord|judge|cllr|councillor|rev|revd)\.?\s+$`)

// Restore returns text with every placeholder the mapping made put back.
// A name is restored to the form that was replaced when only one form was
// (so "Sarah" comes back as "Sarah"); otherwise to the surname after a title
// ("Ms [PERSON-2]" gives "Ms Patel") and to the full name elsewhere. A
// placeholder the mapping did not make is left as it is, for the guard to
// report.
func (m *Mapping) Restore(text string) string {
	var b strings.Builder
	at := 0
	for _, ix := range rePlaceholder.FindAllStringSubmatchIndex(text, -1) {
		e := m.lookup(text, ix)
		if e == nil {
			continue
		}
		b.WriteString(text[at:ix[0]])
		b.WriteString(e.restoreAt(reTitleBefore.MatchString(text[max(0, ix[0]-16):ix[0]])))
		at = ix[1]
	}
	b.WriteString(text[at:])
	return b.String()
}

func (m *Mapping) lookup(text string, ix []int) *entry {
	g := groups(text, ix)
	kind, num := g[1], g[2]
	if kind == "" {
		kind, num = g[3], g[4]
	}
	return m.byHolder[fmt.Sprintf("[%s-%s]", strings.ToUpper(kind), strings.TrimLeft(num, "0"))]
}

func (e *entry) restoreAt(afterTitle bool) string {
	if len(e.forms) == 1 {
		for f := range e.forms {
			return f
		}
	}
	if afterTitle && e.surname != "" {
		return e.surname
	}
	return e.Original
}

// restoreStream restores placeholders in a reply arriving in pieces, holding
// back a piece that may be the start of a placeholder.
type restoreStream struct {
	m       *Mapping
	pending string
	emit    func(string)
}

func (r *restoreStream) write(chunk string) {
	r.pending += chunk
	cut := len(r.pending)
	if i := strings.LastIndexByte(r.pending, '['); i >= 0 && !strings.Contains(r.pending[i:], "]") && len(r.pending)-i < 24 {
		cut = i
	}
	if cut == 0 {
		return
	}
	r.emit(r.m.Restore(r.pending[:cut]))
	r.pending = r.pending[cut:]
}

func (r *restoreStream) flush() {
	if r.pending != "" {
		r.emit(r.m.Restore(r.pending))
		r.pending = ""
	}
}
