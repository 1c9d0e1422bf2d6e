package cli

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// safe makes text from a vault or a file safe to print on a terminal: control
// characters (C0, DEL, C1), escape sequences and the Unicode bidirectional
// controls are shown escaped, as \x1b or \u202e, so that a file named
// "invoice\u202etxt.exe" cannot show as "invoiceexe.txt" and a note cannot
// move the cursor, recolour the screen or set the window title. Invalid
// UTF-8 is shown as \xNN. Tabs and newlines are escaped too: in a line of
// tab-separated fields they would split it.
func safe(s string) string { return escapeTerm(s, false) }

// termMsg is safe for a whole message, which may run over several lines.
func termMsg(s string) string { return escapeTerm(s, true) }

func escapeTerm(s string, keepNewlines bool) string {
	clean := true
	for i, r := range s {
		if unsafeRune(r) || (r == utf8.RuneError && isInvalidAt(s, i)) {
			if !(keepNewlines && r == '\n') {
				clean = false
				break
			}
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case keepNewlines && r == '\n':
			b.WriteByte('\n')
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case unsafeRune(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

func isInvalidAt(s string, i int) bool {
	_, n := utf8.DecodeRuneInString(s[i:])
	return n == 1
}

// unsafeRune reports the characters a terminal must not be given raw:
// controls, and the bidirectional embeddings, overrides, isolates and marks
// that can reorder what is shown.
func unsafeRune(r rune) bool {
	switch {
	case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f:
		return true
	case r == 0x061c, r == 0x200e, r == 0x200f, r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}
