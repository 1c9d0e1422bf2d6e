// Package redact takes names, addresses, phone numbers, dates of birth,
// email addresses and words the user marks out of what Redress writes for
// sharing: the text of letters, the chronology and a bundle's generated
// pages (replaced before layout), and the words of imported pages (found
// with their boxes, so that the page can be drawn again with black boxes
// over them and no text layer).
//
// A Spec says what to take out; New compiles it with the names of the case
// record (NamesOf) into a Redactor, which finds every match in a text with
// its position (Find), replaces them all the same way (Replace: "[redacted]"
// or a black bar), lists them with their context for a preview (Changes),
// and finds them among a page's words (Boxes).
package redact

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Category is a kind of thing to take out.
type Category string

// The categories a Spec can name.
const (
	OtherChildren Category = "children"  // children in the record who are not the family's
	OtherAdults   Category = "adults"    // adults in the record who are not the family
	Family        Category = "family"    // the family's own names: kept unless asked
	Addresses     Category = "addresses" // street addresses and postcodes
	Postcodes     Category = "postcodes" // postcodes only
	Phones        Category = "phones"    // UK phone numbers
	Emails        Category = "emails"    // email addresses
	Births        Category = "dob"       // dates of birth
	Marked        Category = "words"     // words the user marks
)

// Style is how a match is replaced.
type Style string

// The styles. Every match is replaced by the same words, whatever it was,
// so that the length of what was removed is not given away.
const (
	StyleText Style = "text" // "[redacted]"
	StyleBar  Style = "bar"  // a black bar of full blocks
)

// Replacement texts.
const (
	TextMark = "[redacted]"
	BarMark  = "██████"
)

// Default is what "--redact default" takes out: everyone else's names and
// contact details, never the family's own names.
var Default = []Category{OtherChildren, OtherAdults, Addresses, Phones, Emails, Births}

// Spec says what to take out.
type Spec struct {
	Categories []Category // in the order given, without repeats
	Words      []string   // words or phrases the user marks
	Style      Style      // StyleText when empty
}

// Has reports whether s takes out c.
func (s Spec) Has(c Category) bool { return slices.Contains(s.Categories, c) }

// Empty reports whether s takes nothing out.
func (s Spec) Empty() bool { return len(s.Categories) == 0 && len(s.Words) == 0 }

// Mark is the replacement text of s's style.
func (s Spec) Mark() string {
	if s.Style == StyleBar {
		return BarMark
	}
	return TextMark
}

// ErrSpec reports a SPEC that cannot be read.
var ErrSpec = errors.New("invalid redaction spec")

// SpecHelp describes the SPEC syntax of --redact for people.
const SpecHelp = `SPEC is a list separated by commas of what to take out:
  children    names of children in the record who are not the family's
              (people whose role says child, son, daughter, pupil ...)
  adults      names of the other adults in the record (social workers,
              teachers, anyone whose role is not the family's)
  family      the family's own names (the case's children, parents and
              relatives): kept unless asked
  addresses   street addresses (a number and a street) and postcodes
  postcodes   postcodes only
  phones      UK phone numbers
  emails      email addresses
  dob         dates of birth: the children's recorded dates, in any common
              form, and any date after "date of birth", "DOB" or "born"
  word:TEXT   a word or phrase you mark (any case; repeat for more)
  default     children, adults, addresses, phones, emails, dob
  style:bar   replace with a black bar instead of "[redacted]"
Every match is replaced the same way, whatever its length. Example:
  --redact 'default,word:Riverside Primary,word:Acacia'`

// ParseSpec reads a SPEC (SpecHelp).
func ParseSpec(spec string) (Spec, error) {
	var s Spec
	add := func(c Category) {
		if !s.Has(c) {
			s.Categories = append(s.Categories, c)
		}
	}
	for _, item := range strings.Split(spec, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		key, arg, hasArg := strings.Cut(item, ":")
		key = strings.ToLower(strings.TrimSpace(key))
		switch {
		case key == "word" || key == "words":
			w := strings.Join(strings.Fields(arg), " ")
			if !hasArg || w == "" {
				return Spec{}, fmt.Errorf("%w: %q needs the words after the colon (word:TEXT)", ErrSpec, item)
			}
			if !slices.Contains(s.Words, w) {
				s.Words = append(s.Words, w)
			}
		case key == "style":
			switch st := Style(strings.ToLower(strings.TrimSpace(arg))); st {
			case StyleText, StyleBar:
				s.Style = st
			default:
				return Spec{}, fmt.Errorf("%w: style %q (want style:text or style:bar)", ErrSpec, arg)
			}
		case hasArg:
			return Spec{}, fmt.Errorf("%w: %q takes no value", ErrSpec, item)
		case key == "default" || key == "all":
			for _, c := range Default {
				add(c)
			}
		default:
			switch c := Category(key); c {
			case OtherChildren, OtherAdults, Family, Addresses, Postcodes, Phones, Emails, Births:
				add(c)
			case "dates-of-birth", "birthdays":
				add(Births)
			default:
				return Spec{}, fmt.Errorf("%w: unknown item %q (see redress help)", ErrSpec, item)
			}
		}
	}
	if s.Empty() {
		return Spec{}, fmt.Errorf("%w: it names nothing to take out", ErrSpec)
	}
	if s.Style == "" {
		s.Style = StyleText
	}
	return s, nil
}

// String writes s back as a SPEC that ParseSpec reads as s.
func (s Spec) String() string {
	var parts []string
	for _, c := range s.Categories {
		parts = append(parts, string(c))
	}
	for _, w := range s.Words {
		parts = append(parts, "word:"+strings.ReplaceAll(w, ",", " "))
	}
	if s.Style == StyleBar {
		parts = append(parts, "style:bar")
	}
	return strings.Join(parts, ",")
}
