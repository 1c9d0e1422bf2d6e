package redact

import (
	"strings"
	"unicode"

	"github.com/redress-app/redress/casefile"
)

// Names are the names the case record holds, sorted into the family's and
// everyone else's, with the children's dates of birth.
type Names struct {
	Family   []string        // the case's children and the people whose role is the family's
	Children []string        // other children (a person whose role says child, son ...)
	Adults   []string        // everyone else in the record
	Births   []casefile.Date // the case's children's dates of birth
}

// familyRoles are words of a role that make a person one of the family.
var familyRoles = []string{"mother", "father", "parent", "mum", "mom", "dad", "step", "grand", "guardian",
	"aunt", "uncle", "sibling", "brother", "sister", "family", "partner", "wife", "husband", "self", "me", "carer", "kinship"}

// childRoles are words of a role that make a person (not the family's) a child.
var childRoles = []string{"child", "son", "daughter", "pupil", "baby", "infant", "boy", "girl", "teenager", "nephew", "niece", "cousin", "friend's child", "classmate"}

// NamesOf sorts the names of c's record: the case's children are the
// family's; a person is the family's when their role says so (mother,
// father, grandparent, sibling ...), another child when it says child, son,
// daughter, pupil ..., and another adult otherwise (a social worker, a
// teacher, a neighbour, someone with no role recorded).
func NamesOf(c *casefile.Case) Names {
	var n Names
	for _, ch := range c.Children {
		if ch.Name != "" {
			n.Family = append(n.Family, ch.Name)
		}
		if !ch.Born.IsZero() {
			n.Births = append(n.Births, ch.Born)
		}
	}
	for _, p := range c.People {
		if strings.TrimSpace(p.Name) == "" {
			continue
		}
		role := " " + strings.ToLower(p.Role) + " "
		switch {
		case roleHas(role, familyRoles):
			n.Family = append(n.Family, p.Name)
		case roleHas(role, childRoles):
			n.Children = append(n.Children, p.Name)
		default:
			n.Adults = append(n.Adults, p.Name)
		}
	}
	return n
}

// roleHas reports whether role holds one of words at the start of a word
// ("grandmother" has "grand"; "stepfather" has "step"; "school" has no "son").
func roleHas(role string, words []string) bool {
	for _, w := range words {
		for i := 0; ; {
			j := strings.Index(role[i:], w)
			if j < 0 {
				break
			}
			at := i + j
			if at == 0 || !unicode.IsLetter(rune(role[at-1])) {
				return true
			}
			i = at + 1
		}
	}
	return false
}

// titles are words before a name that are not part of it.
var titles = map[string]bool{"mr": true, "mrs": true, "ms": true, "miss": true, "mx": true, "dr": true, "prof": true,
	"professor": true, "sir": true, "dame": true, "cllr": true, "councillor": true, "rev": true, "revd": true, "lord": true, "lady": true}

// common are words that appear in names as written in a record ("Child A",
// "Health Visitor", "Social worker 1") and are not names: they are never
// taken out alone.
var common = map[string]bool{"child": true, "baby": true, "mother": true, "father": true, "mum": true, "dad": true,
	"the": true, "and": true, "of": true, "social": true, "worker": true, "nurse": true, "doctor": true, "teacher": true,
	"health": true, "visitor": true, "police": true, "officer": true, "family": true, "unknown": true, "team": true,
	"manager": true, "school": true, "head": true, "gp": true, "sw": true, "hv": true, "boy": true, "girl": true,
	"son": true, "daughter": true, "parent": true, "carer": true, "person": true, "council": true, "services": true}

// parts returns the words of a name that can be taken out alone: its
// words of two letters or more that start with a capital, are not a title,
// an initial or a common word.
func parts(name string) []string {
	ws := strings.FieldsFunc(name, func(r rune) bool { return unicode.IsSpace(r) || r == ',' })
	if len(ws) < 2 {
		return nil
	}
	var out []string
	for _, w := range ws {
		w = strings.Trim(w, ".()\"“”")
		lw := strings.ToLower(w)
		r := []rune(w)
		if len(r) < 2 || titles[lw] || common[lw] || !unicode.IsUpper(r[0]) {
			continue
		}
		out = append(out, w)
	}
	return out
}
