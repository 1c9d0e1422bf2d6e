package polish

import (
	"regexp"
	"strings"
)

// ReferenceCase is a court decision named in Redress's legal reference
// (shared/domain/REFERENCE.md). A reply may cite no other case.
type ReferenceCase struct {
	Name      string   // as the reference gives it
	Aliases   []string // other ways the reference names it
	Citations []string // neutral or law-report citations, normalised
	// Checked is false for a case the reference itself marks as not checked
	// ("do not cite without checking").
	Checked bool
}

// referenceCases is every case the reference names, with the citation it
// gives. TestReferenceCasesMatchReference reads REFERENCE.md and fails if a
// case is added there, or removed, without this list following.
var referenceCases = []ReferenceCase{
	{Name: "R v Islington LBC ex p Rixon", Citations: []string{"[1998] 1 CCLR 119"}, Checked: true},
	{Name: "Williams and another v London Borough of Hackney", Aliases: []string{"Williams v Hackney"},
		Citations: []string{"[2018] UKSC 37", "[2017] EWCA Civ 26"}, Checked: true},
	{Name: "Re B (A Child)", Citations: []string{"[2013] UKSC 33"}, Checked: true},
	{Name: "E (Section 37 Direction)", Citations: []string{"[2025] EWCA Civ 470"}, Checked: true},
	{Name: "R (S) v Swindon BC", Citations: []string{"[2001] EWHC Admin 334"}, Checked: false},
	{Name: "R (AB and CD) v London Borough of Haringey", Aliases: []string{"AB & CD v Haringey"},
		Citations: []string{"[2013] EWHC 416 (Admin)"}, Checked: true},
	{Name: "O'Connor v Bar Standards Board", Citations: []string{"[2017] UKSC 78"}, Checked: true},
	{Name: "Re S (A Child)", Citations: []string{"[2014] EWCC"}, Checked: true},
	// Section 13.6 (the grounds of a letter before claim), both VERIFIED-SECONDARY.
	{Name: "British Oxygen Co Ltd v Minister of Technology", Aliases: []string{"British Oxygen v Minister of Technology"},
		Citations: []string{"[1971] AC 610", "[1970] UKHL 4"}, Checked: true},
	{Name: "Munjaz", Aliases: []string{"Munjaz v Ashworth Hospital Authority"}, Citations: []string{"[2005] UKHL 58"}, Checked: true},
	// The reference quotes this one only for the modern form of a title
	// ("The King (on the application of X) v ..."), without its parties.
	{Name: "The King (on the application of ...) v ...", Citations: []string{"[2023] EWHC 2914 (Admin)"}, Checked: true},
}

// ReferenceCases returns the cases in Redress's legal reference.
func ReferenceCases() []ReferenceCase {
	out := make([]ReferenceCase, len(referenceCases))
	copy(out, referenceCases)
	return out
}

const (
	reParty    = `\b[A-Z][\w'’&.-]*`
	reCourtAbb = `UKSC|UKHL|UKPC|UKUT|UKFTT|EWCA\s+Civ|EWCA\s+Crim|EWHC|EWFC|EWCOP|EWCC|AC|QB|KB|Ch|Fam|WLR|All\s?ER|FLR|FCR|CCLR|BLGR|LGR|HRLR|UKHRR|EHRR|[A-Z][A-Za-z]{1,6}`
)

var (
	// [2018] UKSC 37; [2013] EWHC 416 (Admin); [2001] EWHC Admin 334;
	// [1998] 1 CCLR 119; [2014] EWCC; (1998) 1 CCLR 119
	reReport = regexp.MustCompile(`(?:\[(\d{4})\]|\((\d{4})\))\s+(?:(\d{1,3})\s+)?(` + reCourtAbb + `)` +
		`(?:\s+(Admin|Fam|Ch|QB|KB|Comm|TCC|Pat|B))?(?:\s+(\d{1,5}))?(?:\s+\((Admin|Fam|Ch|QB|KB|Comm|TCC|Pat|IPEC)\))?`)
	// X v Y, R (X) v Y, R (on the application of X) v Y, The King (on the application of X) v Y
	reVersus = regexp.MustCompile(`((?:(?:R|The\s+King|The\s+Queen)\s*\([^()\n]{1,80}\)|` + reParty + `)(?:\s+(?:and|&|another|others|` + reParty + `))*)` +
		`\s+(?:v|vs|v\.)\s+(` + reParty + `(?:\s+(?:of|the|and|&|ex\s+p(?:arte)?\.?|` + reParty + `|\([A-Z][\w ]{0,30}\)))*)`)
	// Re B (A Child), In re S
	reRe = regexp.MustCompile(`\b(?:In\s+re|Re)\s+([A-Z]{1,3})\b(?:\s*\([^()\n]{1,40}\))?`)
)

// FindCases returns the court decisions mentioned in text: party names ("X v
// Y", "Re B (A Child)") with the citation that follows them, if any, and
// citations on their own ("[2018] UKSC 37").
func FindCases(text string) []Citation {
	clean := plainForMatching(text)
	var names []Citation
	for _, ix := range reVersus.FindAllStringSubmatchIndex(clean, -1) {
		start := ix[0]
		for {
			sp := strings.IndexAny(clean[start:ix[2]+len(clean[ix[2]:ix[3]])], " \t\n")
			if sp < 0 || !caseLeadNoise[clean[start:start+sp]] {
				break
			}
			start += sp + 1
			for start < len(clean) && (clean[start] == ' ' || clean[start] == '\t' || clean[start] == '\n') {
				start++
			}
		}
		end := trimTrailingJoiners(clean, start, ix[1])
		names = append(names, Citation{Kind: CiteCase, Start: start, End: end, Name: strings.Join(strings.Fields(clean[start:end]), " ")})
	}
	for _, ix := range reRe.FindAllStringSubmatchIndex(clean, -1) {
		names = append(names, Citation{Kind: CiteCase, Start: ix[0], End: ix[1], Name: strings.Join(strings.Fields(clean[ix[0]:ix[1]]), " ")})
	}
	var out []Citation
	used := map[int]bool{}
	for _, ix := range reReport.FindAllStringSubmatchIndex(clean, -1) {
		if !knownCourt.MatchString(clean[ix[8]:ix[9]]) && ix[12] < 0 {
			continue // "[2026] The ...": a year in brackets, not a citation
		}
		rep := normReport(clean, ix)
		attached := false
		for i := range names {
			if used[i] {
				continue
			}
			gap := clean[min(names[i].End, ix[0]):ix[0]]
			if names[i].End <= ix[0] && len(gap) <= 4 && strings.Trim(gap, " ,\t\n") == "" {
				names[i].End = ix[1]
				names[i].Report = rep
				used[i] = true
				attached = true
				break
			}
		}
		if !attached {
			out = append(out, Citation{Kind: CiteCase, Start: ix[0], End: ix[1], Report: rep})
		}
	}
	out = append(out, names...)
	for i := range out {
		out[i].Text = text[out[i].Start:out[i].End]
	}
	return out
}

func normReport(text string, ix []int) string {
	g := groups(text, ix)
	var b strings.Builder
	if g[1] != "" {
		b.WriteString("[" + g[1] + "]")
	} else {
		b.WriteString("(" + g[2] + ")")
	}
	for _, p := range []string{g[3], strings.Join(strings.Fields(g[4]), " "), g[5], g[6]} {
		if p != "" {
			b.WriteString(" " + p)
		}
	}
	if g[7] != "" {
		b.WriteString(" (" + g[7] + ")")
	}
	return b.String()
}

var knownCourt = regexp.MustCompile(`^(?:` + strings.ReplaceAll(reCourtAbb, `|[A-Z][A-Za-z]{1,6}`, "") + `)$`)

// trimTrailingJoiners drops small words a case name's pattern may take after
// the parties ("Williams v Hackney the ...").
func trimTrailingJoiners(text string, start, end int) int {
	for {
		s := strings.TrimRight(text[start:end], " \t\n.,;:")
		i := strings.LastIndexAny(s, " \t\n")
		if i < 0 {
			return start + len(s)
		}
		switch s[i+1:] {
		case "of", "the", "and", "&":
			end = start + i
			continue
		}
		return start + len(s)
	}
}

// caseLeadNoise are words that may open a sentence before a case name.
var caseLeadNoise = map[string]bool{"See": true, "In": true, "As": true, "Cf": true, "Per": true, "Following": true, "Under": true,
	"Also": true, "And": true, "But": true, "Unlike": true, "Like": true, "After": true, "Since": true, "Applying": true, "Citing": true}

// partyNoise are words in a case name that do not identify the parties.
var partyNoise = map[string]bool{"r": true, "v": true, "vs": true, "re": true, "in": true, "ex": true, "p": true, "parte": true,
	"on": true, "the": true, "application": true, "of": true, "and": true, "&": true, "another": true, "others": true,
	"london": true, "borough": true, "council": true, "lbc": true, "bc": true, "cc": true, "mbc": true, "city": true, "county": true,
	"a": true, "child": true, "children": true, "king": true, "queen": true, "see": true, "as": true, "per": true, "cf": true,
	"following": true, "also": true, "lady": true, "lord": true, "under": true, "case": true, "law": true}

func partyWords(name string) map[string]bool {
	out := map[string]bool{}
	toks := strings.FieldsFunc(strings.ToLower(name), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '\'' || r == '’')
	})
	for i, w := range toks {
		w = strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s")
		// In "Re A (A Child)" the first letter is the party, however short.
		afterRe := i > 0 && toks[i-1] == "re" && (i == 1 || toks[i-2] == "in")
		if w != "" && (afterRe || !partyNoise[w]) {
			out[w] = true
		}
	}
	return out
}

// subset reports whether every word of a is in b, and a has at least one.
func subset(a, b map[string]bool) bool {
	if len(a) == 0 {
		return false
	}
	for w := range a {
		if !b[w] {
			return false
		}
	}
	return true
}

// caseCovers reports whether the allowed mention a covers the reply's c: the
// same citation, or (when c gives none) the same parties.
func caseCovers(a, c Citation) bool {
	if c.Report != "" {
		return a.Report == c.Report
	}
	if a.Name == "" {
		return false
	}
	if strings.EqualFold(a.Name, c.Name) {
		return true
	}
	return subset(partyWords(c.Name), partyWords(a.Name))
}

// lookupReference finds the reference cases a mention could be. It returns
// the matching cases and, when the mention gives a citation that belongs to a
// case with different parties, reports the clash.
func lookupReference(c Citation) (matches []ReferenceCase) {
	words := partyWords(c.Name)
	for _, rc := range referenceCases {
		byReport := false
		for _, r := range rc.Citations {
			if c.Report != "" && r == c.Report {
				byReport = true
			}
		}
		byName := false
		if c.Name != "" {
			for _, n := range append([]string{rc.Name}, rc.Aliases...) {
				if subset(words, partyWords(n)) {
					byName = true
				}
			}
		}
		switch {
		case c.Report != "" && c.Name != "":
			if byReport && byName {
				matches = append(matches, rc)
			}
		case c.Report != "":
			if byReport {
				matches = append(matches, rc)
			}
		default:
			if byName {
				matches = append(matches, rc)
			}
		}
	}
	return matches
}
