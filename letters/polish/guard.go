package polish

import (
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/redress-app/redress/casefile"
)

// ProblemKind says which check a reply failed.
type ProblemKind string

// Problem kinds.
const (
	ProblemCitation    ProblemKind = "citation"    // a section, regulation, article, paragraph or instrument not allowed
	ProblemCase        ProblemKind = "case"        // case law not in the reference, or not in the catalogue or draft
	ProblemDate        ProblemKind = "date"        // a date not in the record or the draft
	ProblemName        ProblemKind = "name"        // a name not in the record or the draft
	ProblemPlaceholder ProblemKind = "placeholder" // a placeholder that was never sent
	ProblemTimescale   ProblemKind = "timescale"   // a period ("20 working days") not in the draft or the catalogue
	ProblemPoints      ProblemKind = "points"      // more numbered points, or a number the draft does not have
	ProblemSuggestion  ProblemKind = "suggestion"  // a suggested event that was dropped
	ProblemCaveat      ProblemKind = "caveat"      // a warning that a source is not verified was dropped
)

// Problem is one reason a reply cannot be accepted as it is.
type Problem struct {
	Kind   ProblemKind
	Found  string // the words in the reply, as written
	Reason string // a sentence for the person reading it
}

// ErrRejected is returned (wrapped in a *RejectedError) when a reply failed
// the guard and its text is asked for.
var ErrRejected = errors.New("the AI reply did not pass the checks")

// RejectedError carries the reasons a reply was rejected.
type RejectedError struct {
	Problems []Problem
}

// Error lists the reasons, one sentence each.
func (e *RejectedError) Error() string {
	reasons := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		reasons[i] = p.Reason
	}
	return ErrRejected.Error() + ": " + strings.Join(reasons, " ")
}

// Unwrap makes errors.Is(err, ErrRejected) true.
func (e *RejectedError) Unwrap() error { return ErrRejected }

// Result is a reply after the guard. Only the guard decides whether it is
// accepted: the field is unexported, so no caller can accept a reply that
// failed.
type Result struct {
	Task     Task
	Raw      string    // the reply as it came back, with placeholders
	Text     string    // the reply with the personal details restored
	Problems []Problem // why it cannot be accepted; empty when accepted
	accepted bool
}

// Accepted reports whether the reply passed every check and may be offered
// as it is.
func (r *Result) Accepted() bool { return r != nil && r.accepted }

// AcceptedText returns the restored reply if it passed every check, and a
// *RejectedError listing the reasons if it did not.
func (r *Result) AcceptedText() (string, error) {
	if r == nil {
		return "", ErrRejected
	}
	if !r.accepted {
		return "", &RejectedError{Problems: r.Problems}
	}
	return r.Text, nil
}

// Reasons returns the problems' sentences.
func (r *Result) Reasons() []string {
	out := make([]string, len(r.Problems))
	for i, p := range r.Problems {
		out[i] = p.Reason
	}
	return out
}

// Guard checks replies against what is allowed: the citations of the rule
// catalogue and the draft; the dates and names of the record and the draft;
// the timescales of the draft and the catalogue; and the draft's numbered
// points.
type Guard struct {
	cites      citeSet
	dates      *dateSet
	nameWords  map[string]bool // words of recorded names, of extra names, and every word of the draft
	vocab      map[string]bool // every word of the record, the draft and the catalogue
	recorded   map[string]bool // words of recorded and extra names only
	timescales map[timescale]bool
	points     *pointSet // nil when numbered points are not checked
	caveats    int       // warnings in the draft that a source is not verified
	// draftBrackets are the placeholder-like words of the draft ("[Appendix 2]").
	draftBrackets map[string]bool
	draftName     string // how reasons name the draft: "your draft" or "the document"
}

// GuardInput is what a reply may draw on.
type GuardInput struct {
	Case *casefile.Case
	// Draft is the text the person wrote (or the document being summarised):
	// its citations, dates, names and timescales are allowed.
	Draft string
	// Citations are the rule catalogue's citations as text, such as "Children
	// Act 1989, s47(1)(b)" or "Working Together to Safeguard Children 2023,
	// chapter 3". Their citations and timescales are allowed.
	Citations []string
	// Names are names that may appear besides the record's: the sender's.
	Names []string
	// Points turns on the numbered-points check (for letters and notes).
	Points bool
	// DraftName is how reasons name Draft: "your draft" when empty, or, for
	// a document being summarised, "the document".
	DraftName string
}

// NewGuard builds a guard.
func NewGuard(in GuardInput) *Guard {
	g := &Guard{dates: newDateSet(), nameWords: map[string]bool{}, vocab: map[string]bool{}, recorded: map[string]bool{},
		timescales: map[timescale]bool{}, draftName: in.DraftName}
	if g.draftName == "" {
		g.draftName = "your draft"
	}
	addWords := func(m map[string]bool, text string) {
		for _, w := range words(text) {
			m[lower(w.text)] = true
			for _, p := range strings.Split(lower(w.text), "-") {
				m[p] = true
			}
		}
	}
	var names []string
	if c := in.Case; c != nil {
		for _, ch := range c.Children {
			names = append(names, ch.Name)
			g.dates.addDate(ch.Born)
		}
		for _, p := range c.People {
			names = append(names, p.Name)
			addWords(g.vocab, p.Role+" "+p.Organisation)
		}
		addWords(g.vocab, c.Title+" "+c.Authority)
		for _, e := range c.Events {
			g.dates.addDate(e.Date)
			g.dates.addText(e.Detail)
			addWords(g.vocab, e.Detail+" "+e.Attrs.Description+" "+e.Attrs.Agency)
		}
		for _, n := range c.Notes {
			g.dates.addDate(casefile.DateOf(n.Occurred))
			g.dates.addDate(casefile.DateOf(n.Recorded))
			g.dates.addText(n.Text)
			addWords(g.vocab, n.Text)
			for _, v := range n.Versions {
				g.dates.addDate(casefile.DateOf(v.Occurred))
				g.dates.addText(v.Text)
				addWords(g.vocab, v.Text)
			}
		}
		for _, d := range c.Documents {
			g.dates.addDate(d.Date)
		}
	}
	names = append(names, in.Names...)
	for _, n := range names {
		addWords(g.recorded, n)
		addWords(g.nameWords, n)
		addWords(g.vocab, n)
	}
	addWords(g.nameWords, in.Draft)
	addWords(g.vocab, in.Draft)
	g.dates.addText(in.Draft)
	g.cites.addText(in.Draft)
	for _, t := range findTimescales(in.Draft) {
		g.timescales[t.timescale] = true
	}
	for _, c := range in.Citations {
		g.cites.addText(c)
		addWords(g.vocab, c)
		for _, t := range findTimescales(c) {
			g.timescales[t.timescale] = true
		}
	}
	if in.Points {
		g.points = findPoints(in.Draft)
	}
	g.caveats = len(reCaveat.FindAllStringIndex(in.Draft, -1))
	g.draftBrackets = map[string]bool{}
	for _, b := range reLikePlaceholder.FindAllString(in.Draft, -1) {
		g.draftBrackets[b] = true
	}
	return g
}

// Check returns every reason the reply cannot be accepted, in the order they
// appear in it. The reply must already have its placeholders restored.
func (g *Guard) Check(reply string) []Problem {
	type placed struct {
		at int
		p  Problem
	}
	var probs []placed
	add := func(at int, p Problem) {
		p.Found = strings.Join(strings.Fields(p.Found), " ")
		probs = append(probs, placed{at, p})
	}
	cites := FindCitations(reply)
	for _, c := range cites {
		switch c.Kind {
		case CiteCase:
			if p, bad := g.checkCase(c); bad {
				add(c.Start, p)
			}
		default:
			if !g.cites.allows(c) {
				add(c.Start, Problem{Kind: ProblemCitation, Found: c.Text,
					Reason: fmt.Sprintf("The reply mentions %q, which is not in the rule catalogue or %s.", c.label(), g.draftName)})
			}
		}
	}
	for _, d := range FindDates(reply) {
		if why := g.dates.check(d, g.draftName); why != "" {
			add(d.Start, Problem{Kind: ProblemDate, Found: d.Text,
				Reason: fmt.Sprintf("The reply mentions the date %q, which %s.", oneLine(d.Text), why)})
		}
	}
	for _, ix := range reLikePlaceholder.FindAllStringIndex(reply, -1) {
		s := reply[ix[0]:ix[1]]
		if g.draftBrackets[s] {
			continue // "[Appendix 2]" in the draft is the person's own
		}
		add(ix[0], Problem{Kind: ProblemPlaceholder, Found: s,
			Reason: fmt.Sprintf("The reply contains %s, a placeholder that was not in the text sent: the AI may have made up a person or detail.", s)})
	}
	inCitation := func(at int) bool {
		for _, c := range cites {
			if at >= c.Start && at < c.End {
				return true
			}
		}
		return false
	}
	for _, n := range g.findNames(reply) {
		if inCitation(n.start) {
			continue
		}
		add(n.start, Problem{Kind: ProblemName, Found: n.text,
			Reason: fmt.Sprintf("The reply mentions %q, which looks like a name that is not in the record or %s.", oneLine(n.text), g.draftName)})
	}
	for _, t := range findTimescales(reply) {
		if !g.timescales[t.timescale] {
			add(t.start, Problem{Kind: ProblemTimescale, Found: t.text,
				Reason: fmt.Sprintf("The reply mentions the period %q, which is not in the rule catalogue or %s.", oneLine(t.text), g.draftName)})
		}
	}
	if g.points != nil {
		got := findPoints(reply)
		if got.items > g.points.items {
			add(len(reply), Problem{Kind: ProblemPoints, Found: fmt.Sprintf("%d numbered points", got.items),
				Reason: fmt.Sprintf("The reply has %d numbered points; your draft has %d. Points may not be added.", got.items, g.points.items)})
		}
		for _, n := range got.sortedNumbers() {
			if !g.points.numbers[n] {
				add(got.at[n], Problem{Kind: ProblemPoints, Found: strconv.Itoa(n),
					Reason: fmt.Sprintf("The reply has a point numbered %d, which your draft does not have.", n)})
			}
		}
	}
	if n := len(reCaveat.FindAllStringIndex(reply, -1)); n < g.caveats {
		add(len(reply), Problem{Kind: ProblemCaveat, Found: fmt.Sprintf("%d of %d warnings", n, g.caveats),
			Reason: fmt.Sprintf("The reply leaves out %d of the warnings in %s that a source or paragraph number is not verified.", g.caveats-n, g.draftName)})
	}
	sort.SliceStable(probs, func(a, b int) bool { return probs[a].at < probs[b].at })
	out := make([]Problem, len(probs))
	for i, p := range probs {
		out[i] = p.p
	}
	return out
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func (g *Guard) checkCase(c Citation) (Problem, bool) {
	label := c.label()
	refs := lookupReference(c)
	if len(refs) == 0 {
		if c.Report != "" && c.Name != "" && len(lookupReference(Citation{Report: c.Report})) > 0 {
			return Problem{Kind: ProblemCase, Found: c.Text, Reason: fmt.Sprintf(
				"The reply cites %q, but in Redress's legal reference %s is a different case.", label, c.Report)}, true
		}
		return Problem{Kind: ProblemCase, Found: c.Text, Reason: fmt.Sprintf(
			"The reply cites the case %q, which is not in Redress's legal reference. A case that cannot be checked must not be cited.", label)}, true
	}
	if c.Report == "" {
		// A name alone is fine if one of its citations is allowed.
		for _, rc := range refs {
			for _, r := range rc.Citations {
				if g.cites.allows(Citation{Kind: CiteCase, Report: r}) {
					return Problem{}, false
				}
			}
		}
	}
	if !g.cites.allows(c) {
		return Problem{Kind: ProblemCase, Found: c.Text, Reason: fmt.Sprintf(
			"The reply cites %q, which is in Redress's legal reference but not in the rule catalogue or %s.", label, g.draftName)}, true
	}
	for _, rc := range refs {
		if !rc.Checked {
			return Problem{Kind: ProblemCase, Found: c.Text, Reason: fmt.Sprintf(
				"The reply cites %q, which Redress's legal reference marks as not checked: do not cite it until it has been.", label)}, true
		}
	}
	return Problem{}, false
}

// findNames returns the names in text that are not allowed: words after a
// title ("Ms Jones", "dr patel"), and capitalised words that are in neither
// the record, the draft, the catalogue nor the list of common words, when
// they stand in the middle of a sentence or next to a recorded name.
func (g *Guard) findNames(text string) []word {
	ws := words(plainForMatching(text))
	var out []word
	skip := map[int]bool{}
	for i := 0; i < len(ws); i++ {
		t := ws[i].text
		lt := lower(t)
		if !titles[lt] || !(isCapitalised(t) || shortTitles[lt]) {
			continue
		}
		// Title words may follow one another: "Mr Justice Wilkie".
		j := i + 1
		for j < len(ws) && titles[lower(ws[j].text)] && isCapitalised(ws[j].text) && gapOK(text, ws[j-1].end, ws[j].start) {
			skip[j] = true
			j++
		}
		var unknown []string
		first, last := -1, -1
		for k := j; k < len(ws) && k < j+3 && gapOK(text, ws[k-1].end, ws[k].start); k++ {
			w := ws[k].text
			capital := isCapitalised(w)
			if !capital && !(shortTitles[lt] && !isCapitalised(t) && k == j && !commonWords[lower(w)]) {
				break // "the Dr visited" has no name; "ms jones" has one
			}
			if functionWords[lower(w)] {
				break // "Dear Sir Or Madam"
			}
			if first < 0 {
				first = k
			}
			last = k
			skip[k] = true
			if !g.nameWords[lower(w)] {
				unknown = append(unknown, w)
			}
			if !capital {
				break
			}
		}
		if first >= 0 && len(unknown) > 0 {
			out = append(out, word{text[ws[i].start:ws[last].end], ws[i].start, ws[last].end})
		}
		if last > i {
			i = last
		}
	}
	headings := headingLines(text)
	var newlines []int
	for i := 0; i < len(text); i++ {
		if text[i] == '\n' {
			newlines = append(newlines, i)
		}
	}
	for i, w := range ws {
		if skip[i] || !isCapitalised(w.text) || isAllCaps(w.text) || len(w.text) < 2 || headings[sort.SearchInts(newlines, w.start)] {
			continue
		}
		l := lower(w.text)
		if commonWords[l] || titles[l] || g.vocab[l] || g.nameWords[l] || placeholderWord(w.text) {
			continue
		}
		if strings.Contains(l, "-") {
			known := true
			for _, p := range strings.Split(l, "-") {
				if !g.vocab[p] && !commonWords[p] {
					known = false
				}
			}
			if known {
				continue
			}
		}
		midSentence := !sentenceStart(text, w.start)
		nextToName := i+1 < len(ws) && g.recorded[lower(ws[i+1].text)] && isCapitalised(ws[i+1].text) && gapOK(text, w.end, ws[i+1].start)
		if midSentence || nextToName {
			out = append(out, w)
		}
	}
	sort.Slice(out, func(a, b int) bool { return out[a].start < out[b].start })
	return out
}

// headingLines returns the numbers of the lines written in title case
// ("Failure To Follow The Procedure"), where a capitalised word says nothing
// about whether it is a name.
func headingLines(text string) map[int]bool {
	out := map[int]bool{}
	for n, line := range strings.Split(text, "\n") {
		caps, long := 0, 0
		for _, w := range words(line) {
			if len(w.text) < 4 {
				continue
			}
			long++
			if isCapitalised(w.text) {
				caps++
			}
		}
		if long >= 2 && long <= 12 && caps*4 >= long*3 && !strings.HasSuffix(strings.TrimSpace(line), ".") {
			out[n] = true
		}
	}
	return out
}

// gapOK reports whether two words are separated by spaces only (or a full
// stop after an abbreviated title: "Dr. Patel").
func gapOK(text string, end, start int) bool {
	gap := strings.TrimPrefix(text[end:start], ".")
	return gap != "" && strings.TrimSpace(gap) == "" && !strings.Contains(gap, "\n\n")
}

func placeholderWord(w string) bool {
	switch w {
	case KindChild, KindPerson, KindName, KindEmail, KindPhone, KindAddress, KindPostcode, KindDOB:
		return true
	}
	return false
}

// Timescales.

type timescale struct {
	n    int
	unit string // "working day", "day", "week", "month", "year", "hour"
}

type timescaleMention struct {
	timescale
	text  string
	start int
}

var numberWords = map[string]int{"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
	"nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
	"seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
	"seventy": 70, "eighty": 80, "ninety": 90}

var reTimescale = regexp.MustCompile(`(?i)\b(\d{1,3}|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)` +
	`[\s-]+(working[\s-]+days?|business[\s-]+days?|calendar[\s-]+days?|clear[\s-]+days?|days?|weeks?|months?|years?|hours?|wd)\b`)

func findTimescales(text string) []timescaleMention {
	var out []timescaleMention
	for _, ix := range reTimescale.FindAllStringSubmatchIndex(text, -1) {
		g := groups(text, ix)
		n := parseNumber(g[1])
		if n <= 0 {
			continue
		}
		unit := strings.ToLower(strings.Join(strings.FieldsFunc(g[2], func(r rune) bool { return r == ' ' || r == '-' || r == '\n' || r == '\t' }), " "))
		unit = strings.TrimSuffix(unit, "s")
		switch unit {
		case "working day", "business day", "wd":
			unit = "working day"
		case "calendar day", "clear day":
			unit = "day"
		}
		out = append(out, timescaleMention{timescale{n, unit}, g[0], ix[0]})
	}
	return out
}

func parseNumber(s string) int {
	if n, err := strconv.Atoi(s); err == nil {
		return n
	}
	total := 0
	for _, p := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return r == ' ' || r == '-' }) {
		total += numberWords[p]
	}
	return total
}

// Numbered points.

type pointSet struct {
	items   int          // numbered lines
	numbers map[int]bool // every number used for a point
	at      map[int]int  // where each number first appears
}

var (
	reNumberedLine = regexp.MustCompile(`(?m)^[ \t>*-]*\(?(\d{1,2})[.)]\s+\S`)
	rePointRef     = regexp.MustCompile(`(?i)\b(?:complaint\s+point|point|ground|issue)\s+(?:no\.?\s*|number\s+)?(\d{1,2})\b`)
)

func findPoints(text string) *pointSet {
	p := &pointSet{numbers: map[int]bool{}, at: map[int]int{}}
	note := func(n, at int) {
		if !p.numbers[n] {
			p.numbers[n] = true
			p.at[n] = at
		}
	}
	for _, ix := range reNumberedLine.FindAllStringSubmatchIndex(text, -1) {
		p.items++
		note(atoi(text[ix[2]:ix[3]]), ix[2])
	}
	for _, ix := range rePointRef.FindAllStringSubmatchIndex(text, -1) {
		note(atoi(text[ix[2]:ix[3]]), ix[2])
	}
	return p
}

func (p *pointSet) sortedNumbers() []int {
	out := make([]int, 0, len(p.numbers))
	for n := range p.numbers {
		out = append(out, n)
	}
	sort.Ints(out)
	return out
}

// reCaveat finds the warnings letters print beside a citation that has not
// been checked ("paragraph number not verified", "UNVERIFIED").
var reCaveat = regexp.MustCompile(`(?i)\bnot\s+(?:yet\s+)?verified\b|\bunverified\b|\bnot\s+(?:yet\s+)?checked\b`)

// functionWords end a name after a title.
var functionWords = setOf(`the a an and or of in on at to for with from by as is was are were has had have
i'm i've i'd i'll who which that this`)
