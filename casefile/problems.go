package casefile

import (
	"fmt"
	"strings"
)

// Problem is one thing wrong with a case file, located precisely enough for a
// person to find and fix it.
type Problem struct {
	File  string // the file's name as the user gave it
	Where string // "events[3] (id \"e4\")", or "" for the top level
	Msg   string // plain English, naming the field
}

func (p *Problem) Error() string {
	var b strings.Builder
	if p.File != "" {
		b.WriteString(p.File)
		b.WriteString(": ")
	}
	if p.Where != "" {
		b.WriteString(p.Where)
		b.WriteString(": ")
	}
	b.WriteString(p.Msg)
	return b.String()
}

// Unwrap lets errors.Is(err, ErrInvalidCase) recognise every problem.
func (p *Problem) Unwrap() error { return ErrInvalidCase }

// Problems is every problem found in one case file, in the order they occur.
// It is the error Decode returns; its message is one line per problem.
type Problems []*Problem

// maxProblems caps how many problems are reported for one file, so a file of the
// wrong kind does not produce thousands of lines.
const maxProblems = 20

func (ps Problems) Error() string {
	lines := make([]string, 0, len(ps)+1)
	for i, p := range ps {
		if i == maxProblems {
			lines = append(lines, fmt.Sprintf("... and %d more problems", len(ps)-maxProblems))
			break
		}
		lines = append(lines, p.Error())
	}
	return strings.Join(lines, "\n")
}

// Unwrap lets errors.Is and errors.As see each problem.
func (ps Problems) Unwrap() []error {
	out := make([]error, len(ps))
	for i, p := range ps {
		out[i] = p
	}
	return out
}

// suggest returns the candidate closest to s, if it is close enough to be a
// likely typo, for "did you mean" hints.
func suggest(s string, candidates []string) string {
	best, bestD := "", 1<<30
	ls := strings.ToLower(s)
	for _, c := range candidates {
		d := editDistance(ls, strings.ToLower(c))
		if d < bestD {
			best, bestD = c, d
		}
	}
	limit := len(s) / 3
	if limit < 2 {
		limit = 2
	}
	if bestD == 0 && best != s {
		return best // differs only in case
	}
	if bestD > 0 && bestD <= limit {
		return best
	}
	return sameFirstWord(ls, candidates)
}

// sameFirstWord suggests the only candidate whose first hyphenated word matches
// s's first word (allowing one typo), as in "strategy-meting" for
// "strategy-discussion", where the words differ too much for edit distance.
func sameFirstWord(s string, candidates []string) string {
	first, _, ok := strings.Cut(s, "-")
	if !ok || len(first) < 4 {
		return ""
	}
	found := ""
	for _, c := range candidates {
		cf, _, _ := strings.Cut(strings.ToLower(c), "-")
		if editDistance(first, cf) <= 1 {
			if found != "" {
				return ""
			}
			found = c
		}
	}
	return found
}

func didYouMean(s string, candidates []string) string {
	if g := suggest(s, candidates); g != "" {
		return fmt.Sprintf(" (did you mean %q?)", g)
	}
	return ""
}

// editDistance is the Levenshtein distance between a and b, counted in bytes;
// inputs longer than 64 bytes are not compared (they are never typos of a name).
func editDistance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		return 1 << 20
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
