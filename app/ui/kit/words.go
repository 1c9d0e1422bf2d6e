package kit

import (
	"fmt"
	"strings"
)

// Capitalise puts a capital letter at the start of s.
func Capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// Plural is n with the word for one or for many: "1 day", "3 days".
func Plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// OneLine puts s on one line, with single spaces.
func OneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
