// Package authorities lays out an authorities bundle: the statutes,
// regulations, rules, guidance, cases and other sources a case's findings
// and letters cite, as a PDF of its own. Its index gives, for every
// authority, its citation, each place in it that is relied on with its URL,
// legal status and verification exactly as the rule data give them, what in
// the record relies on it (which finding, which letter, in plain words), and
// where its text is in the bundle, or, when the user has not imported the
// text, that they must add it and how. Redress has no internet: the texts are
// the files the user imported and marked as an authority (a document whose
// source is "authority:KEY", see SourcePrefix).
//
// The PDF is an evidence bundle made with letters/bundle, through its
// exported API only: section A holds the linked index and the table of
// authorities, section B the imported texts in the table's order, each
// bookmarked, with page labels and a stamp on every page (A1, B1 ...) and the
// manifest that `redress verify` checks. The package knows nothing of the
// vault: app/casework gathers the findings, letters and texts.
package authorities

import (
	"cmp"
	"slices"
	"strings"
	"unicode"

	"github.com/redress-app/redress/letters"
	"github.com/redress-app/redress/letters/bundle"
)

// SourcePrefix starts the source of a document that is an authority's text:
// "authority:KEY", where KEY is the authority's key (Key). The rest is
// matched through Key as well, so "authority: Children Act 1989" names the
// same authority as "authority:children-act-1989".
const SourcePrefix = "authority:"

// Reliance is one thing in the record that relies on sources: a finding or
// a letter, said in plain words, with the citations it gives.
type Reliance struct {
	What    string // "the finding “Late: initial child protection conference” (icpc-15wd), from 13 October 2025"
	Sources []letters.Source
}

// Pinpoint is one place in an authority that is relied on, with its URL,
// legal status and verification exactly as the rule data give them, and
// what relies on it.
type Pinpoint struct {
	letters.Source
	By []string // Reliance.What of everything that cites it, in the order given, each once
}

// Authority is one source: a statute, a regulation, a piece of guidance, a
// case ... with the places in it that are relied on and its imported text.
type Authority struct {
	Key       string // Key(Citation): what the user marks an imported text with
	Citation  string // the source as the rule data name it: "Children Act 1989"
	Pinpoints []Pinpoint
	// Texts are the documents the user imported as this authority's text, in
	// the order they go in the bundle; none when the user must add it.
	Texts []*bundle.Item
	// Uncited marks an authority the user imported that no finding or
	// letter in the record cites.
	Uncited bool
}

// LegalStatus is the legal status of the authority: that of its pinpoints
// when they agree, else the first's.
func (a *Authority) LegalStatus() string {
	if len(a.Pinpoints) == 0 {
		return ""
	}
	return a.Pinpoints[0].LegalStatus
}

// Key returns the key an authority is known by: its source in lower case,
// with every run of characters that are not letters or digits turned into
// one hyphen and a leading "the" dropped; a source of more than nine words
// keeps its first six and last three, so that the key stays short enough to
// type ("The Children Act 1989 Representations Procedure (England)
// Regulations 2006 (SI 2006/1738)" ->
// "children-act-1989-representations-procedure-england-si-2006-1738").
// A key is its own key, so that a user may give either.
func Key(source string) string {
	words := fullKeyWords(source)
	if len(words) > 9 {
		words = append(words[:6:6], words[len(words)-3:]...)
	}
	return strings.Join(words, "-")
}

// fullKey is the key of a source without shortening, used when two sources
// would share a short key.
func fullKey(source string) string { return strings.Join(fullKeyWords(source), "-") }

func fullKeyWords(source string) []string {
	words := strings.FieldsFunc(strings.ToLower(source), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	for len(words) > 1 && words[0] == "the" {
		words = words[1:]
	}
	return words
}

// KeyOfSource returns the key a document's source marks it with (in full,
// never shortened: Attach matches it with an authority's key either way),
// and whether it is an authority's text at all.
func KeyOfSource(source string) (string, bool) {
	s := strings.TrimSpace(source)
	if len(s) < len(SourcePrefix) || !strings.EqualFold(s[:len(SourcePrefix)], SourcePrefix) {
		return "", false
	}
	k := fullKey(s[len(SourcePrefix):])
	return k, k != ""
}

// statusRank orders authorities as a court's list of authorities does:
// legislation first, then rules of court, guidance, cases, and the rest.
var statusRank = map[string]int{
	"statute": 1, "regulation": 2, "rules-of-court": 3, "protocol": 4,
	"statutory-guidance": 5, "case-law": 6, "non-statutory-guidance": 7,
	"local-procedure": 8, "clinical-guidance": 9, "research": 10,
}

// Groups are the headings of the table of authorities, in order, with the
// legal statuses under each.
var Groups = []struct {
	Title    string
	Statuses []string
}{
	{"Statutes", []string{"statute"}},
	{"Regulations", []string{"regulation"}},
	{"Rules of court and protocols", []string{"rules-of-court", "protocol"}},
	{"Statutory guidance", []string{"statutory-guidance"}},
	{"Cases", []string{"case-law"}},
	{"Other guidance, local procedures and research", []string{"non-statutory-guidance", "local-procedure", "clinical-guidance", "research", ""}},
}

func rank(status string) int {
	if r, ok := statusRank[status]; ok {
		return r
	}
	return 99
}

// Collect groups the citations of everything that relies on sources into
// authorities, one per source (by Key), each place in it once with
// everything that relies on it; ordered by legal status (statutes first)
// and then by name.
func Collect(rel []Reliance) []Authority {
	var out []Authority
	at := map[string]int{}
	for _, r := range rel {
		for _, c := range r.Sources {
			k := Key(c.Source)
			if k == "" {
				continue
			}
			if i, ok := at[k]; ok && !strings.EqualFold(out[i].Citation, strings.TrimSpace(c.Source)) {
				k = fullKey(c.Source) // another source has the short key
			}
			i, ok := at[k]
			if !ok {
				i = len(out)
				at[k] = i
				out = append(out, Authority{Key: k, Citation: strings.TrimSpace(c.Source)})
			}
			a := &out[i]
			j := slices.IndexFunc(a.Pinpoints, func(p Pinpoint) bool { return p.Source == c })
			if j < 0 {
				a.Pinpoints = append(a.Pinpoints, Pinpoint{Source: c})
				j = len(a.Pinpoints) - 1
			}
			if r.What != "" && !slices.Contains(a.Pinpoints[j].By, r.What) {
				a.Pinpoints[j].By = append(a.Pinpoints[j].By, r.What)
			}
		}
	}
	slices.SortStableFunc(out, func(x, y Authority) int {
		return cmp.Or(cmp.Compare(rank(x.LegalStatus()), rank(y.LegalStatus())), cmp.Compare(x.Key, y.Key))
	})
	return out
}

// Attach gives each authority the texts imported for it, by the key their
// source gives (KeyOfSource): a text goes to the authority whose key is
// that key, else to the one whose key is that key shortened (Key), so that
// the citation in full and the key printed both name it. Texts that name no
// authority cited are added at the end as authorities of their own, marked
// Uncited and named by what was imported.
func Attach(auths []Authority, texts map[string][]*bundle.Item) []Authority {
	out := slices.Clone(auths)
	at := map[string]int{}
	for i := range out {
		out[i].Texts = nil
		at[out[i].Key] = i
	}
	keys := make([]string, 0, len(texts))
	for k := range texts {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var extra []string
	for _, k := range keys {
		i, ok := at[k]
		if !ok {
			i, ok = at[Key(k)]
		}
		if !ok {
			extra = append(extra, k)
			continue
		}
		out[i].Texts = append(out[i].Texts, texts[k]...)
	}
	for _, k := range extra {
		if len(texts[k]) > 0 {
			out = append(out, Authority{Key: k, Citation: texts[k][0].Label(), Texts: texts[k], Uncited: true})
		}
	}
	return out
}

// MustAdd returns the authorities whose text the user has not imported.
func MustAdd(auths []Authority) []Authority {
	var out []Authority
	for _, a := range auths {
		if len(a.Texts) == 0 {
			out = append(out, a)
		}
	}
	return out
}
