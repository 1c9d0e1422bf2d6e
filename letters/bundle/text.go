package bundle

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/checks"
	"github.com/redress-app/redress/letters"
)

// safe replaces characters the embedded fonts cannot draw with "?", so that
// nothing is silently dropped or drawn as an empty box, and tabs and line
// breaks with spaces.
func safe(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "?")
	}
	has := letters.Drawable
	return strings.Map(func(c rune) rune {
		if c == ' ' || has(c) {
			return c
		}
		if c == '\t' || c == '\n' || c == '\r' {
			return ' '
		}
		return '?'
	}, s)
}

// hexUTF16 encodes s (already made safe) as the hex string fpdf's
// Identity-H fonts expect: each character as its UTF-16 code unit, which
// fpdf's CIDToGIDMap maps to the subset's glyph.
func hexUTF16(s string) string {
	return string(appendHexUTF16(make([]byte, 0, 2+4*len(s)), s))
}

// appendHexUTF16 appends hexUTF16(s) to b: the OCR text layers write
// hundreds of words a page, and this spares a string for each.
func appendHexUTF16(b []byte, s string) []byte {
	const digits = "0123456789ABCDEF"
	b = append(b, '<')
	for _, r := range s {
		if r > 0xFFFF {
			r = '?'
		}
		b = append(b, digits[r>>12&0xF], digits[r>>8&0xF], digits[r>>4&0xF], digits[r&0xF])
	}
	return append(b, '>')
}

// shorten cuts s to at most n characters, ending with an ellipsis when cut.
func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

// statusWords says a finding's status in plain words (checks.StatusMeaning,
// the one table of status words).
func statusWords(s string) string { return checks.StatusMeaning(casefile.Status(s)) }

// factStatusWords says what an event's status means.
func factStatusWords(s string) string {
	switch s {
	case "disputed":
		return "disputed by the family"
	case "la-record":
		return "as the council's records say"
	}
	return ""
}

// count says "1 page" or "3 pages".
func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// either is one when n is 1, otherwise many ("is" or "are").
func either(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
