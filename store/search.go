package store

import (
	"context"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Hit is one search result.
type Hit struct {
	CaseID  string
	Type    string // TypeNote, TypeEvent or TypeDocument
	ID      string
	Title   string // "call, 2 March 2026", "Strategy discussion, 3 March 2026", a file name
	Snippet string // the matching text around the first match
	Date    string // YYYY-MM-DD, for sorting and display
	Page    int    // for a document's text: the page it is on (from 1); 0 otherwise
}

// MaxHits is the most hits Search returns, newest first.
const MaxHits = 500

// Search finds notes, events and documents (their descriptions, not their
// bytes) containing every word of query, each as a word or the start of one,
// ignoring case and accents. caseID "" searches every case. It works from
// memory: the index is built on the first search after unlocking (about 0.1 s
// for 10,000 notes), kept up to date by writes, and never written to disk.
// Archived and purged objects are not found.
func (v *Vault) Search(ctx context.Context, query, caseID string) ([]Hit, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if err := v.unlocked(); err != nil {
		return nil, err
	}
	if caseID != "" {
		cs := v.st.cases[caseID]
		if cs == nil {
			return nil, casefileNotFound("case", caseID)
		}
		if cs.err != nil {
			return nil, cs.err
		}
	}
	if v.index == nil {
		v.index = buildIndex(v.st)
		v.indexPageTexts(ctx, v.index, v.st)
	}
	return v.index.search(query, caseID), nil
}

type searchEntry struct {
	caseID, typ, id string
	title, date     string
	text            string // what is indexed: the object's own words first, then its labels and tags
	shown           int    // how much of text, from its start, is the object's own words (for snippets)
	alive           bool
	page            int // a page of a document's text (search_docs.go); 0 otherwise
}

// ownWords is the part of the entry's text a snippet may show: the note's,
// event's or document page's own words, not the labels indexed with them.
func (e *searchEntry) ownWords() string { return e.text[:e.shown] }

type searchIndex struct {
	entries  []searchEntry
	tokens   map[string]int32 // token -> index into postings
	postings [][]int32        // entry numbers, ascending
	vocab    []string         // sorted tokens; nil when stale
	byDate   []int32          // entry numbers, newest first (ties in entry order); nil when stale
	byObj    map[string]int32
	docPages map[string][]int // "case/id" of a document -> its indexed pages
	dead     int
	buf      []byte
}

func newIndex() *searchIndex {
	return &searchIndex{tokens: map[string]int32{}, byObj: map[string]int32{}, docPages: map[string][]int{}}
}

func buildIndex(st *state) *searchIndex {
	ix := newIndex()
	for _, cs := range st.order {
		if cs.err != nil {
			continue
		}
		for _, o := range cs.order {
			ix.add(cs, o)
		}
	}
	return ix
}

// update re-indexes one object after a write.
func (ix *searchIndex) update(cs *caseState, typ, id string) {
	key := cs.id + "/" + typ + "/" + id
	if i, ok := ix.byObj[key]; ok {
		ix.entries[i].alive = false
		delete(ix.byObj, key)
		ix.dead++
	}
	if o := cs.get(typ, id); o != nil {
		ix.add(cs, o)
	}
	if typ == TypeDocument {
		ix.docChanged(cs, id)
	}
	if ix.dead > 1000 && ix.dead > len(ix.entries)/2 {
		ix.compact()
	}
}

func (ix *searchIndex) compact() {
	old := ix.entries
	*ix = *newIndex()
	for _, e := range old {
		if e.alive {
			ix.insert(e)
		}
	}
}

func (ix *searchIndex) add(cs *caseState, o *object) {
	cur := o.current()
	if cur == nil || o.archived {
		return
	}
	e := searchEntry{caseID: cs.id, typ: o.typ, id: o.id, alive: true}
	// parts[0] is what a snippet shows; the rest (kinds, labels, tags) are
	// found by search but never shown as if they were the user's words.
	var parts []string
	switch c := cur.(type) {
	case *noteContent:
		e.date = c.Occurred.Format("2006-01-02")
		kind := string(c.Kind)
		if kind == "" {
			kind = "note"
		}
		e.title = kind + ", " + c.Occurred.Format("2 January 2006")
		parts = append(append(parts, c.Text, string(c.Kind)), c.Tags...)
	case *eventContent:
		e.date = c.Date.String()
		e.title = c.Kind.Label() + ", " + c.Date.Long()
		var description, agency string
		if c.Attrs != nil {
			description, agency = c.Attrs.Description, c.Attrs.Agency
		}
		if c.Detail != "" {
			parts = append(parts, c.Detail, description)
		} else {
			parts = append(parts, description)
		}
		parts = append(parts, c.Kind.Label(), string(c.Kind), agency)
	case *docContent:
		e.date = c.Date.String()
		e.title = c.Name
		parts = append(parts, c.Name, c.Source, c.Type)
	default:
		return
	}
	e.text = strings.Join(parts, " ")
	e.shown = len(parts[0])
	ix.insert(e)
}

func (ix *searchIndex) insert(e searchEntry) {
	n := int32(len(ix.entries))
	ix.entries = append(ix.entries, e)
	ix.byDate = nil
	ix.byObj[e.key()] = n
	ix.buf = tokenBytes(e.text, ix.buf[:0], func(tok []byte) {
		id, ok := ix.tokens[string(tok)] // no allocation for a lookup
		if !ok {
			id = int32(len(ix.postings))
			ix.tokens[string(tok)] = id
			ix.postings = append(ix.postings, nil)
			ix.vocab = nil
		}
		if p := ix.postings[id]; len(p) > 0 && p[len(p)-1] == n {
			return // already listed for this entry
		}
		ix.postings[id] = append(ix.postings[id], n)
	})
}

// forTokens calls fn with each word of s, lower-cased and with accents removed.
func forTokens(s string, fn func(string)) {
	tokenBytes(s, nil, func(t []byte) { fn(string(t)) })
}

// tokenBytes calls fn with each token of s, built in buf (reused: fn must not
// keep it); it returns buf for the next call.
func tokenBytes(s string, buf []byte, fn func([]byte)) []byte {
	b := buf[:0]
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			switch {
			case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
				b = append(b, c)
			case 'A' <= c && c <= 'Z':
				b = append(b, c+'a'-'A')
			default:
				if len(b) > 0 {
					fn(b)
					b = b[:0]
				}
			}
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b = append(b, fold(unicode.ToLower(r))...)
		} else if len(b) > 0 {
			fn(b)
			b = b[:0]
		}
	}
	if len(b) > 0 {
		fn(b)
	}
	return b
}

// fold removes the accents of common Latin letters.
func fold(r rune) string {
	const from, to = "àáâãäåçèéêëìíîïñòóôõöøùúûüýÿ", "aaaaaaceeeeiiiinoooooouuuuyy"
	if i := strings.IndexRune(from, r); i >= 0 {
		return string(to[utf8.RuneCountInString(from[:i])])
	}
	switch r {
	case 'ß':
		return "ss"
	case 'æ':
		return "ae"
	case 'œ':
		return "oe"
	}
	return string(r)
}

func (ix *searchIndex) search(query, caseID string) []Hit {
	var terms []string
	forTokens(query, func(t string) { terms = append(terms, t) })
	if len(terms) == 0 {
		return nil
	}
	if ix.vocab == nil {
		ix.vocab = make([]string, 0, len(ix.tokens))
		for t := range ix.tokens {
			ix.vocab = append(ix.vocab, t)
		}
		sort.Strings(ix.vocab)
	}
	words := (len(ix.entries) + 63) / 64
	var acc []uint64
	for _, t := range terms {
		set := make([]uint64, words)
		i := sort.SearchStrings(ix.vocab, t)
		for ; i < len(ix.vocab) && strings.HasPrefix(ix.vocab[i], t); i++ {
			for _, n := range ix.postings[ix.tokens[ix.vocab[i]]] {
				set[n/64] |= 1 << (n % 64)
			}
		}
		if acc == nil {
			acc = set
		} else {
			for w := range acc {
				acc[w] &= set[w]
			}
		}
	}
	if ix.byDate == nil {
		ix.byDate = make([]int32, len(ix.entries))
		for i := range ix.byDate {
			ix.byDate[i] = int32(i)
		}
		slices.SortStableFunc(ix.byDate, func(a, b int32) int { return strings.Compare(ix.entries[b].date, ix.entries[a].date) })
	}
	// Walk the entries newest first and keep the first MaxHits that match:
	// no Hit is made for a match that would be cut.
	var hits []Hit
	for _, n := range ix.byDate {
		if acc[n/64]&(1<<(n%64)) == 0 {
			continue
		}
		e := &ix.entries[n]
		if !e.alive || (caseID != "" && e.caseID != caseID) {
			continue
		}
		hits = append(hits, Hit{CaseID: e.caseID, Type: e.typ, ID: e.id, Title: e.title, Date: e.date, Snippet: e.ownWords(), Page: e.page})
		if len(hits) == MaxHits {
			break
		}
	}
	for i := range hits {
		hits[i].Snippet = snippet(hits[i].Snippet, terms[0])
	}
	return hits
}

// snippet returns about 100 characters of text around the first word that
// starts with term.
func snippet(text, term string) string {
	const width = 100
	at := -1
	var buf []byte
	for i := 0; i < len(text) && at < 0; {
		c := text[i]
		if c < utf8.RuneSelf && !isASCIIWord(c) {
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(text[i:])
		if c >= utf8.RuneSelf && !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			i += n
			continue
		}
		// A word starts at i: find its end.
		j := i + n
		for j < len(text) {
			if b := text[j]; b < utf8.RuneSelf {
				if !isASCIIWord(b) {
					break
				}
				j++
				continue
			}
			r2, n2 := utf8.DecodeRuneInString(text[j:])
			if !unicode.IsLetter(r2) && !unicode.IsDigit(r2) {
				break
			}
			j += n2
		}
		// Most words differ from the term in their first ASCII letter:
		// skip those without folding them.
		if t0 := term[0]; c < utf8.RuneSelf && t0 < utf8.RuneSelf && c|0x20 != t0 && c != t0 {
			i = j
			continue
		}
		buf = tokenBytes(text[i:j], buf[:0], func(t []byte) {
			if at < 0 && strings.HasPrefix(string(t), term) { // no allocation: the conversion is only compared
				at = i
			}
		})
		i = j
	}
	if at < 0 {
		at = 0
	}
	start := max(0, at-width/3)
	for start > 0 && !utf8.RuneStart(text[start]) {
		start--
	}
	end := min(len(text), start+width)
	for end < len(text) && !utf8.RuneStart(text[end]) {
		end++
	}
	s := strings.Join(strings.Fields(text[start:end]), " ")
	if start > 0 {
		s = "…" + s
	}
	if end < len(text) {
		s += "…"
	}
	return s
}

// isASCIIWord reports whether c is an ASCII letter or digit.
func isASCIIWord(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// SearchReady reports whether the search index is built, so that a search
// answers at once; false while it is still being built after unlocking
// (the documents' text can take seconds), when the next Search waits for it.
func (v *Vault) SearchReady() bool {
	v.mu.RLock()
	defer v.mu.RUnlock()
	return v.index != nil
}
