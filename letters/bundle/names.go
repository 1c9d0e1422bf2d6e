package bundle

import (
	"strings"
	"unicode/utf8"
)

// cleanName strips from a file name what could make it show as something it
// is not: control characters (C0, DEL, C1) and the Unicode bidirectional
// embeddings, overrides, isolates and marks. "invoice\u202etxt.exe" shows as
// "invoiceexe.txt" in a viewer's attachment list; stripped, it is
// "invoicetxt.exe", which is what it is. Invalid UTF-8 is dropped too.
func cleanName(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == utf8.RuneError, r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f,
			r == 0x061c, r == 0x200e, r == 0x200f, r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
			return -1
		}
		return r
	}, s)
}
