package polish

import (
	"regexp"
	"sort"
	"strings"
)

// CiteKind says what a citation points at.
type CiteKind string

// Citation kinds.
const (
	CiteSection    CiteKind = "section"    // section 47, s47(4), s.17, ss 44 and 45
	CiteRegulation CiteKind = "regulation" // regulation 14, reg 17, reg. 19(4)
	CiteArticle    CiteKind = "article"    // Article 8, Art 15, Art. 12(3)
	CiteParagraph  CiteKind = "paragraph"  // paragraph 82, para 3.3.1
	CiteSchedule   CiteKind = "schedule"   // Schedule 1, Sch 5A
	CiteChapter    CiteKind = "chapter"    // chapter 3, ch.1
	CitePart       CiteKind = "part"       // Part III, Part 4
	CiteRule       CiteKind = "rule"       // CPR 54.5(1), rule 54.5
	CiteSI         CiteKind = "si"         // SI 2006/1738
	CiteInstrument CiteKind = "instrument" // Children Act 1989, Working Together to Safeguard Children 2023
	CiteCase       CiteKind = "case"       // Williams v Hackney [2018] UKSC 37
)

// Citation is a reference to law, guidance or a court decision found in text.
type Citation struct {
	Kind       CiteKind
	Text       string // as written
	Start, End int
	// Number is the section, regulation, article, paragraph, schedule, chapter,
	// part or rule number ("47", "31ZA", "3.3.1", "III"); for an SI, "2006/1738".
	Number string
	// Sub is the subdivisions that follow the number: ["1", "b"] for s47(1)(b).
	Sub []string
	// Name is an instrument's name without its year, in lower case
	// ("children act"), "working together" for every edition of Working
	// Together, or a case's party names as written.
	Name string
	// Year is an instrument's year, 0 when not given.
	Year int
	// Report is a case's law-report or neutral citation, normalised
	// ("[2018] UKSC 37"), "" when none is given.
	Report string
}

// label is how a reason names the citation: as written, without line breaks.
func (c Citation) label() string {
	if c.Kind == CiteCase && c.Name != "" && c.Report != "" {
		return c.Name + " " + c.Report
	}
	return strings.Join(strings.Fields(plainForMatching(c.Text)), " ")
}

const (
	reNum  = `(\d{1,3}(?:[A-Z]{1,3})?)\b`
	reSub  = `((?:\s?\(\s?[0-9A-Za-z]{1,4}\s?\))*)`
	reJoin = `\s*(?:,|and|or|&|to|-|–)\s*`
)

// pluralLead returns a test for lead words that introduce a list ("sections
// 44 and 45"), ignoring case and a final full stop.
func pluralLead(words ...string) func(string) bool {
	return func(lead string) bool {
		l := strings.TrimSuffix(strings.ToLower(lead), ".")
		for _, w := range words {
			if l == w {
				return true
			}
		}
		return false
	}
}

type numberedForm struct {
	kind   CiteKind
	lead   *regexp.Regexp // the lead word and the first number
	plural func(lead string) bool
}

func leadRe(words, num string) *regexp.Regexp {
	return regexp.MustCompile(`(?i)\b(` + words + `)\s?` + num + reSub)
}

var (
	listNext    = regexp.MustCompile(`^` + reJoin + `(\d{1,3}(?:\.\d{1,3}){0,3}(?:[A-Z]{1,3})?)\b` + reSub)
	reSubPart   = regexp.MustCompile(`\(\s?([0-9A-Za-z]{1,4})\s?\)`)
	paraNum     = `(\d{1,3}(?:\.\d{1,3}){0,3}[A-Za-z]?)\b`
	numberedFns = []numberedForm{
		{CiteSection, leadRe(`sections?|ss?\.?`, reNum), pluralLead("sections", "ss")},
		{CiteRegulation, leadRe(`regulations?|regs?\.?`, reNum), pluralLead("regulations", "regs")},
		{CiteArticle, leadRe(`articles?|arts?\.?`, reNum), pluralLead("articles", "arts")},
		{CiteParagraph, leadRe(`paragraphs?|paras?\.?`, paraNum), pluralLead("paragraphs", "paras")},
		{CiteSchedule, leadRe(`schedules?|sch\.?`, `(\d{1,2}[A-Z]?)\b`), pluralLead()},
		{CiteChapter, leadRe(`chapters?|ch\.?`, `(\d{1,2})\b`), pluralLead("chapters")},
	}
	rePart = regexp.MustCompile(`\bPart\s+([IVX]{1,6}|\d{1,2}[A-Z]?)\b` + reSub)
	reCPR  = regexp.MustCompile(`(?i)\b(?:CPR\s+(?:r\.?\s?|rule\s+|part\s+)?|rule\s+)(\d{1,3}\.\d{1,3}|\d{1,3})\b` + reSub)
	reSI   = regexp.MustCompile(`(?i)\b(?:SI|S\.I\.)\s?(?:No\.?\s?)?(\d{4})/(\d{1,5})\b`)
)

// FindCitations returns every citation in text, in order. It is strict: it
// reads only the forms listed with the CiteKind constants, and a word such as
// "section" without a number is not a citation.
func FindCitations(text string) []Citation {
	clean := plainForMatching(text)
	var out []Citation
	for _, f := range numberedFns {
		for _, ix := range f.lead.FindAllStringSubmatchIndex(clean, -1) {
			lead := clean[ix[2]:ix[3]]
			if f.kind == CiteSection && !sectionLeadOK(clean, ix[2], lead) {
				continue
			}
			out = append(out, Citation{Kind: f.kind, Start: ix[0], End: ix[1], Number: normNumber(clean[ix[4]:ix[5]]),
				Sub: subParts(clean[ix[6]:ix[7]])})
			if !f.plural(lead) {
				continue
			}
			// "sections 44 and 45", "regs 20, 21 and 22", "paras 3.9-3.11"
			at := ix[1]
			for {
				m := listNext.FindStringSubmatchIndex(clean[at:])
				if m == nil {
					break
				}
				out = append(out, Citation{Kind: f.kind, Start: at + m[2], End: at + m[1],
					Number: normNumber(clean[at+m[2] : at+m[3]]), Sub: subParts(clean[at+m[4] : at+m[5]])})
				at += m[1]
			}
		}
	}
	for _, ix := range rePart.FindAllStringSubmatchIndex(clean, -1) {
		out = append(out, Citation{Kind: CitePart, Start: ix[0], End: ix[1], Number: clean[ix[2]:ix[3]], Sub: subParts(clean[ix[4]:ix[5]])})
	}
	for _, ix := range reCPR.FindAllStringSubmatchIndex(clean, -1) {
		out = append(out, Citation{Kind: CiteRule, Start: ix[0], End: ix[1], Number: clean[ix[2]:ix[3]], Sub: subParts(clean[ix[4]:ix[5]])})
	}
	for _, ix := range reSI.FindAllStringSubmatchIndex(clean, -1) {
		out = append(out, Citation{Kind: CiteSI, Start: ix[0], End: ix[1], Number: clean[ix[2]:ix[3]] + "/" + clean[ix[4]:ix[5]]})
	}
	out = append(out, findInstruments(clean)...)
	out = append(out, FindCases(text)...)
	for i := range out {
		out[i].Text = text[out[i].Start:out[i].End]
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Start != out[j].Start {
			return out[i].Start < out[j].Start
		}
		return out[i].End > out[j].End
	})
	return dropContained(out)
}

// dropContained removes a citation found inside a longer one of the same
// kind, or inside a case citation, such as the "Children Act 1989" inside a
// case name. The input is sorted by start, longer first.
func dropContained(in []Citation) []Citation {
	var out []Citation
	maxEnd := map[CiteKind]int{}
	for _, c := range in {
		if e, ok := maxEnd[c.Kind]; ok && e >= c.End {
			continue
		}
		if e, ok := maxEnd[CiteCase]; ok && e >= c.End {
			continue
		}
		out = append(out, c)
		maxEnd[c.Kind] = max(maxEnd[c.Kind], c.End)
	}
	return out
}

// plainForMatching blanks out Markdown emphasis so that "*Williams v
// Hackney*" reads like "Williams v Hackney". It keeps every byte offset.
func plainForMatching(s string) string {
	if !strings.ContainsAny(s, "*_`") {
		return s
	}
	b := []byte(s)
	for i, c := range b {
		if c == '*' || c == '_' || c == '`' {
			b[i] = ' '
		}
	}
	return string(b)
}

// sectionLeadOK rejects "s" and "ss" that are not abbreviations of
// "section": the end of a possessive ("the council's 20 days").
func sectionLeadOK(text string, at int, lead string) bool {
	l := strings.ToLower(lead)
	if !strings.HasPrefix(l, "s") || strings.HasPrefix(l, "section") {
		return true
	}
	if at > 0 {
		switch text[at-1] {
		case '\'':
			return false
		}
		if at >= 3 && text[at-3:at] == "’" {
			return false
		}
	}
	return true
}

func normNumber(s string) string { return strings.ToUpper(s) }

func subParts(s string) []string {
	var out []string
	for _, m := range reSubPart.FindAllStringSubmatch(s, -1) {
		out = append(out, strings.ToLower(m[1]))
	}
	return out
}

// Instruments.

var abbreviations = map[string]string{
	"ca":   "children act",
	"cfa":  "children and families act",
	"hra":  "human rights act",
	"dpa":  "data protection act",
	"lga":  "local government act",
	"cwsa": "children's wellbeing and schools act",
}

// namedGuidance are instruments cited by title without a generic suffix.
var namedGuidance = []string{
	"getting the best from complaints",
	"pre-action protocol for judicial review",
	"public law outline",
	"information sharing advice",
	"framework for the assessment of children in need and their families",
	"european convention on human rights",
	"uk gdpr",
	"gdpr",
	"echr",
	"nice cg89",
	"cg89",
	"ng76",
	"civil procedure rules",
	"family procedure rules",
}

var (
	reAbbrevAct = regexp.MustCompile(`\b(CA|CFA|HRA|DPA|LGA|CWSA)\s?(\d{4})\b`)
	reWT        = regexp.MustCompile(`(?i)\b(?:working\s+together(?:\s+to\s+safeguard\s+children)?|WT)\b(?:\s*[(,]?\s*(\d{4})\)?)?`)
	// A run of capitalised words (with small joining words) ending in a word
	// that names a kind of instrument, optionally followed by a year.
	reGenericInstrument = regexp.MustCompile(`\b((?:[A-Z][A-Za-z'’-]*\s+(?:(?:and|of|the|for|to|on|in|from)\s+)*(?:\((?:England|Wales|Northern Ireland|Scotland)\)\s+)?)+)` +
		`(Act|Regulations|Rules|Order|Measure|Guidance|Framework|Protocol|Directions|Code of Practice)\b(?:\s+(\d{4})\b)?`)
	reNamedGuidance = func() *regexp.Regexp {
		alts := make([]string, len(namedGuidance))
		for i, n := range namedGuidance {
			alts[i] = strings.ReplaceAll(regexp.QuoteMeta(n), " ", `\s+`)
		}
		return regexp.MustCompile(`(?i)\b(` + strings.Join(alts, "|") + `)\b`)
	}()
)

// leadingNoise are capitalised words that start a sentence or a phrase and are
// not part of an instrument's name ("Under the Children Act 1989").
var leadingNoise = map[string]bool{"under": true, "the": true, "in": true, "see": true, "as": true, "by": true, "per": true,
	"and": true, "of": true, "to": true, "for": true, "with": true, "from": true, "a": true, "an": true, "this": true, "that": true,
	"following": true, "also": true, "both": true, "its": true, "their": true, "our": true, "my": true, "your": true, "on": true,
	"section": true, "sections": true, "regulation": true, "regulations": true, "paragraph": true, "schedule": true, "part": true}

func findInstruments(text string) []Citation {
	var out []Citation
	for _, ix := range reAbbrevAct.FindAllStringSubmatchIndex(text, -1) {
		out = append(out, Citation{Kind: CiteInstrument, Start: ix[0], End: ix[1],
			Name: abbreviations[strings.ToLower(text[ix[2]:ix[3]])], Year: atoi(text[ix[4]:ix[5]])})
	}
	for _, ix := range reWT.FindAllStringSubmatchIndex(text, -1) {
		c := Citation{Kind: CiteInstrument, Start: ix[0], End: ix[1], Name: "working together"}
		if ix[2] >= 0 {
			c.Year = atoi(text[ix[2]:ix[3]])
		}
		if strings.EqualFold(strings.TrimSpace(text[ix[0]:ix[0]+2]), "WT") && c.Year == 0 {
			continue // "WT" alone is too short to be sure of
		}
		out = append(out, c)
	}
	for _, ix := range reNamedGuidance.FindAllStringSubmatchIndex(text, -1) {
		out = append(out, Citation{Kind: CiteInstrument, Start: ix[0], End: ix[1], Name: normName(text[ix[2]:ix[3]])})
	}
	for _, ix := range reGenericInstrument.FindAllStringSubmatchIndex(text, -1) {
		suffix := text[ix[4]:ix[5]]
		year := 0
		if ix[6] >= 0 {
			year = atoi(text[ix[6]:ix[7]])
		}
		if year == 0 && (suffix == "Regulations" || suffix == "Rules" || suffix == "Order" || suffix == "Measure") {
			continue // "an Emergency Protection Order" is a kind of order, not an instrument
		}
		start, name := instrumentName(text, ix[2], ix[3])
		if name == "" {
			continue
		}
		name = normName(name + " " + suffix)
		if strings.HasPrefix(name, "working together") {
			continue
		}
		out = append(out, Citation{Kind: CiteInstrument, Start: start, End: ix[1], Name: name, Year: year})
	}
	return out
}

var reWordSpan = regexp.MustCompile(`\(?[A-Za-z'’-]+\)?`)
var reRoman = regexp.MustCompile(`^[IVXLC]+$`)

// instrumentName reads an instrument's name backwards from the word before
// its suffix, keeping capitalised words and the small words that join them
// ("Children and Families"), and stopping at anything else ("Under Part III
// of the Children" gives "Children").
func instrumentName(text string, from, to int) (int, string) {
	spans := reWordSpan.FindAllStringIndex(text[from:to], -1)
	first := len(spans)
loop:
	for i := len(spans) - 1; i >= 0; i-- {
		w := text[from+spans[i][0] : from+spans[i][1]]
		switch {
		case strings.HasPrefix(w, "("): // (England)
		case w[0] >= 'a' && w[0] <= 'z':
			if !smallWords[w] {
				break loop
			}
		case reRoman.MatchString(w) || leadingNoise[strings.ToLower(w)]:
			break loop
		}
		first = i
	}
	// Drop joining words and bracketed words at the front.
	for first < len(spans) {
		w := text[from+spans[first][0] : from+spans[first][1]]
		if w[0] >= 'A' && w[0] <= 'Z' {
			break
		}
		first++
	}
	if first >= len(spans) {
		return 0, ""
	}
	start := from + spans[first][0]
	return start, text[start:to]
}

func normName(s string) string {
	s = strings.ToLower(strings.Join(strings.Fields(s), " "))
	return strings.ReplaceAll(s, "’", "'")
}

// Matching citations against what is allowed.

// citeSet is the citations a reply may use: those in the rule catalogue and
// the draft.
type citeSet struct {
	cites []Citation
}

func (s *citeSet) addText(text string) {
	s.cites = append(s.cites, FindCitations(text)...)
}

// allows reports whether c is covered by an allowed citation: the same kind
// and number, with subdivisions that are a prefix of an allowed citation's
// (section 47 is covered by s47(1)(b); s47(4) is not covered by s47).
func (s *citeSet) allows(c Citation) bool {
	for _, a := range s.cites {
		if a.Kind != c.Kind {
			continue
		}
		switch c.Kind {
		case CiteInstrument:
			if instrumentCovers(a, c) {
				return true
			}
		case CiteCase:
			if caseCovers(a, c) {
				return true
			}
		default:
			if a.Number == c.Number && isPrefix(c.Sub, a.Sub) {
				return true
			}
		}
	}
	return false
}

func isPrefix(p, of []string) bool {
	if len(p) > len(of) {
		return false
	}
	for i := range p {
		if p[i] != of[i] {
			return false
		}
	}
	return true
}

// instrumentCovers: the same year (when the reply gives one) and every
// significant word of the reply's name in the allowed name.
func instrumentCovers(a, c Citation) bool {
	if c.Year != 0 && a.Year != c.Year {
		return false
	}
	if a.Name == c.Name {
		return true
	}
	aw := significantWords(a.Name)
	cw := significantWords(c.Name)
	if len(cw) == 0 {
		return false
	}
	for w := range cw {
		if !aw[w] {
			return false
		}
	}
	return true
}

var smallWords = map[string]bool{"the": true, "of": true, "and": true, "to": true, "for": true, "on": true, "in": true, "from": true, "a": true, "&": true}

func significantWords(s string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return r == ' ' || r == '(' || r == ')' || r == ',' || r == '.'
	}) {
		if !smallWords[w] {
			out[w] = true
		}
	}
	return out
}
