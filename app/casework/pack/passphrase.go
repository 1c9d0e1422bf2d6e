package pack

import (
	"strings"
	"unicode"
)

// Strength is a rough estimate of how hard a pack's passphrase is to guess.
type Strength int

// The strengths, weakest first.
const (
	Weak Strength = iota
	Fair
	Strong
)

// PassphraseStrength estimates the strength of a pack passphrase from its
// length, its words (runs of letters) and its kinds of character. It is a
// hint, not a guarantee: a long quotation is weaker than it looks.
func PassphraseStrength(p []byte) Strength {
	s := string(p)
	words := len(strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) }))
	classes := 0
	for _, f := range []func(rune) bool{unicode.IsLower, unicode.IsUpper, unicode.IsDigit, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }} {
		if strings.IndexFunc(s, f) >= 0 {
			classes++
		}
	}
	n := len([]rune(s))
	switch {
	case n >= 20 && words >= 4, n >= 16 && classes >= 3:
		return Strong
	case n >= 12:
		return Fair
	}
	return Weak
}

// Words says the strength in plain words, with what to do when it is not
// strong.
func (s Strength) Words() string {
	switch s {
	case Strong:
		return "strong"
	case Fair:
		return "fair: longer is safer (four or more unrelated words)"
	}
	return "weak: anyone who gets the file could guess it; use four or more unrelated words"
}

// SendSeparately is the advice given with every passphrase pack.
const SendSeparately = "Send the passphrase separately from the file: by phone, text message or in person, never in the same email."
