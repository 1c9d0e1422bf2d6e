package letters

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/redress-app/redress/casefile"
)

// fixedSource is a source a letter template cites by id, from sources.json.
type fixedSource struct {
	ID    string `json:"id"`
	Short string `json:"short"` // how the letter names it inline
	casefile.Citation
	// Reference is the id of the item in REFERENCE.md the source comes from.
	Reference      string `json:"reference,omitempty"`
	NotInReference bool   `json:"not_in_reference,omitempty"`
}

//go:embed sources.json
var sourcesJSON []byte

var fixedSources = mustLoadSources(sourcesJSON)

func mustLoadSources(data []byte) map[string]fixedSource {
	m, err := loadSources(data)
	if err != nil {
		panic(err) // the embedded file is checked by tests
	}
	return m
}

// loadSources decodes and checks the template sources strictly.
func loadSources(data []byte) (map[string]fixedSource, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var list []fixedSource
	if err := dec.Decode(&list); err != nil {
		return nil, fmt.Errorf("sources.json: %w", err)
	}
	m := make(map[string]fixedSource, len(list))
	for i, s := range list {
		where := fmt.Sprintf("sources.json item %d (%q)", i+1, s.ID)
		switch {
		case s.ID == "":
			return nil, fmt.Errorf("%s: no id", where)
		case s.Short == "" || s.Source == "":
			return nil, fmt.Errorf("%s: needs short and source", where)
		case !slices.Contains(casefile.LegalStatuses, s.LegalStatus):
			return nil, fmt.Errorf("%s: unknown legal_status %q", where, s.LegalStatus)
		case !slices.Contains(casefile.Verifications, s.Verification):
			return nil, fmt.Errorf("%s: unknown verification %q", where, s.Verification)
		case s.NotInReference && s.Verification != "unverified" && s.URL == "":
			return nil, fmt.Errorf("%s: a source not in the reference must be unverified, or give the URL it was verified at (listed in docs/VERIFIED.md)", where)
		case !s.NotInReference && s.Reference == "":
			return nil, fmt.Errorf("%s: names no reference item", where)
		}
		if _, dup := m[s.ID]; dup {
			return nil, fmt.Errorf("%s: duplicate id", where)
		}
		m[s.ID] = s
	}
	return m, nil
}

func legalStatusWords(s string) string {
	switch s {
	case "rules-of-court":
		return "rules of court"
	case "case-law":
		return "case law"
	case "non-statutory-guidance":
		return "non-statutory guidance"
	case "":
		return "not stated"
	}
	return strings.ReplaceAll(s, "-", " ")
}

func verificationWords(v string) string {
	switch v {
	case "verified-primary":
		return "checked against the primary source"
	case "verified-secondary":
		return "checked against a reliable secondary source, not the primary text"
	case "seed":
		return "from seed notes only: unverified, check before relying on it"
	}
	return "unverified: check before relying on it"
}

// normVerification treats anything but the four known values as unverified, so
// that a malformed citation is never printed as certain.
func normVerification(v string) string {
	if slices.Contains(casefile.Verifications, v) {
		return v
	}
	return "unverified"
}

// parenthetical matches a bracketed note after a space, allowing one level
// of brackets inside it: " (the wording of paragraphs (a) and (b) not verified)".
var parenthetical = regexp.MustCompile(`\s+\(((?:[^()]|\([^()]*\))*)\)`)

// doubtful reports whether a note says something is not verified, or that
// the primary text was not seen ("regulation text not seen"): either way the
// letter must say so where it cites it, not only in the schedule.
func doubtful(note string) bool {
	low := strings.ToLower(note)
	return strings.Contains(low, "not verified") || strings.Contains(low, "unverified") ||
		strings.Contains(low, "not seen")
}

// splitClauses splits s at the semicolons outside brackets.
func splitClauses(s string) []string {
	var out []string
	depth, start := 0, 0
	for i, r := range s {
		switch r {
		case '(':
			depth++
		case ')':
			if depth > 0 {
				depth--
			}
		case ';':
			if depth == 0 {
				out = append(out, s[start:i])
				start = i + 1
			}
		}
	}
	return append(out, s[start:])
}

// splitWhere separates from a citation's where the notes that say something
// is not verified, so that they can be printed as flags, and returns what is
// left. A note is a bracket ("(paragraph number not verified)") or a clause
// after a semicolon ("...; paragraph number not verified").
func splitWhere(where string) (rest string, flags []string) {
	rest = parenthetical.ReplaceAllStringFunc(where, func(m string) string {
		inner := parenthetical.FindStringSubmatch(m)[1]
		if doubtful(inner) {
			flags = append(flags, strings.TrimSpace(inner))
			return ""
		}
		return m
	})
	var kept []string
	for _, c := range splitClauses(rest) {
		switch c = strings.TrimSpace(c); {
		case c == "":
		case doubtful(c):
			flags = append(flags, c)
		default:
			kept = append(kept, c)
		}
	}
	return strings.Join(kept, "; "), flags
}

// citeName is a citation's name as the body of a letter prints it: the source
// and where in it, without the notes in brackets, which the schedule of sources
// gives in full. What is not verified is printed as flags (see citeFlags).
func citeName(c casefile.Citation) string {
	rest, _ := splitWhere(c.Where)
	where := strings.TrimSpace(parenthetical.ReplaceAllString(rest, ""))
	if where == "" {
		return c.Source
	}
	return c.Source + ", " + where
}

// citeFlags lists what the letter must say about how far c can be relied on.
func citeFlags(c casefile.Citation, notInRef bool) []string {
	_, flags := splitWhere(c.Where)
	v := normVerification(c.Verification)
	switch {
	case notInRef && (v == "verified-primary" || v == "verified-secondary"):
		// Verified since the reference was compiled (docs/VERIFIED.md): the
		// body says so in the schedule's words, never "unverified".
		flags = append(flags, "not in Redress’s legal reference; "+verificationWords(v))
	case notInRef:
		flags = append(flags, "unverified: not in Redress’s legal reference, check before relying on it")
	case v == "unverified":
		flags = append(flags, "unverified: check before relying on it")
	case v == "seed":
		flags = append(flags, "from seed notes only, unverified: check before relying on it")
	}
	return flags
}

// inlineCite is a citation as printed in the body of a letter:
// "Working Together to Safeguard Children 2023, chapter 3 (statutory guidance;
// paragraph number not verified)".
func inlineCite(name string, c casefile.Citation, notInRef bool) string {
	parts := append([]string{legalStatusWords(c.LegalStatus)}, citeFlags(c, notInRef)...)
	return name + " (" + strings.Join(parts, "; ") + ")"
}

// uncertain reports whether c must be checked before anyone relies on it.
func uncertain(c casefile.Citation, notInRef bool) bool {
	return len(citeFlags(c, notInRef)) > 0
}

var verificationRank = map[string]int{"unverified": 0, "seed": 1, "verified-secondary": 2, "verified-primary": 3}

// schedule collects the sources a letter cites, once each, in the order first cited.
type schedule struct {
	list  []Source
	index map[string]int
}

// provision matches a numbered provision at the start of a citation's where:
// "regulation 17", "section 47(1)(b)", "Article 12(3)", "paragraph 3.3.1".
var provision = regexp.MustCompile(`(?i)^(?:regulation|section|article|paragraph|rule)s?\s+[0-9][0-9A-Za-z.]*(?:\([0-9A-Za-z]+\))*`)

// scheduleKey says which citations the schedule lists as one entry: the same
// source (ignoring a leading "The" and case), the same address, and the same
// place in it. The place is the numbered provision the where starts with when
// there is one (a template's "regulation 17 (stage 2 ...)" and a rule's
// "regulation 17, stage 2 within ..." are one entry), or else the whole where
// without its notes in brackets.
func scheduleKey(c casefile.Citation) string {
	src := strings.ToLower(strings.TrimSpace(c.Source))
	src = strings.TrimPrefix(src, "the ")
	rest, _ := splitWhere(c.Where)
	where := strings.TrimSpace(parenthetical.ReplaceAllString(rest, ""))
	if m := provision.FindString(where); m != "" {
		if len(m) == len(where) || strings.ContainsRune(" ,;", rune(where[len(m)])) {
			where = m
		}
	}
	return src + "\x00" + strings.ToLower(where) + "\x00" + c.URL
}

// add puts c in the schedule. Citations of the same place in the same source
// (see scheduleKey) are one entry: it keeps the longer where, every "not
// verified" note, and the weaker verification.
func (s *schedule) add(c casefile.Citation, notInRef bool) {
	c.Verification = normVerification(c.Verification)
	c.URL = cleanURL(c.URL)
	key := scheduleKey(c)
	if s.index == nil {
		s.index = map[string]int{}
	}
	if i, ok := s.index[key]; ok {
		old := &s.list[i]
		if verificationRank[c.Verification] < verificationRank[old.Verification] {
			old.Verification = c.Verification
		}
		old.NotInReference = old.NotInReference || notInRef
		long, short := old.Where, c.Where
		if len(short) > len(long) {
			long, short = short, long
		}
		_, longFlags := splitWhere(long)
		_, shortFlags := splitWhere(short)
		for _, f := range shortFlags {
			if !slices.Contains(longFlags, f) {
				long += " (" + f + ")"
			}
		}
		old.Where = long
		return
	}
	s.index[key] = len(s.list)
	s.list = append(s.list, Source{Citation: c, NotInReference: notInRef})
}

// SourceCitation returns the citation of a source the templates cite by id
// (sources.json), such as "uk-gdpr-art12-3", with its legal status and
// verification, for callers that state a deadline it sets.
func SourceCitation(id string) (casefile.Citation, bool) {
	s, ok := fixedSources[id]
	if !ok {
		return casefile.Citation{}, false
	}
	c := s.Citation
	if s.NotInReference {
		c.Verification = "unverified"
	}
	return c, true
}

// cleanURL returns the address of the document itself for a link to a search
// result: the ICO's pages with "?q=WORD", and BAILII's markup.cgi?doc=/ew/cases/...&query=... shows the judgment
// with the search words highlighted, and its clean address is the document
// path on the same host (REFERENCE.md section 13.6 gives
// http://www.bailii.org/ew/cases/EWHC/Admin/2013/416.html for AB & CD v
// Haringey). Any other address is returned unchanged.
func cleanURL(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" {
		return raw
	}
	host := strings.ToLower(u.Hostname())
	if host == "ico.org.uk" || strings.HasSuffix(host, ".ico.org.uk") {
		// The ICO's "?q=documents" only highlights a search word on the page.
		q := u.Query()
		if !q.Has("q") {
			return raw
		}
		q.Del("q")
		u.RawQuery = q.Encode()
		return u.String()
	}
	if host != "bailii.org" && !strings.HasSuffix(host, ".bailii.org") {
		return raw
	}
	if !strings.HasPrefix(u.Path, "/cgi-bin/") {
		return raw
	}
	doc := u.Query().Get("doc")
	if !strings.HasPrefix(doc, "/") || strings.Contains(doc, "..") || !strings.HasSuffix(doc, ".html") {
		return raw
	}
	return (&url.URL{Scheme: u.Scheme, Host: u.Host, Path: doc}).String()
}
