package casefile

import (
	"bytes"
	"fmt"
	"unicode/utf8"
)

// Limits on what Decode reads. Case files come from other people ("redress
// open" reads what a solicitor or a council sends), so the work a file can
// cause is bounded before it is decoded: a real case has hundreds of events
// and a few thousand notes, and fits in a few megabytes.
const (
	// MaxCaseFileSize is the largest case file accepted (32 MB).
	MaxCaseFileSize = 32 << 20
	// MaxEvents is the most events a case file may list.
	MaxEvents = 20_000
	// MaxListItems is the most items any other list may have (notes,
	// documents, people, children, a note's versions, evidence...).
	MaxListItems = 100_000
	// MaxStringBytes is the longest text a single field may hold (1 MB, a
	// book's worth).
	MaxStringBytes = 1 << 20
	// MaxNesting is the deepest nesting of objects and lists allowed; a
	// case file needs five levels.
	MaxNesting = 32
)

// utf8BOM starts files saved "as UTF-8 with BOM" by some Windows editors.
var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// prescan reads the file once, in linear time and constant memory, before
// it is decoded: it strips a UTF-8 byte-order mark, names UTF-16 and UTF-32,
// and enforces the limits above. Inside strings it checks the UTF-8 and the
// \u escapes: encoding/json would silently replace invalid bytes and lone
// surrogates with U+FFFD, changing what a person wrote. Each problem names
// the line and column. It returns the data to decode (without a BOM).
func prescan(name string, data []byte) ([]byte, Problems) {
	prob := func(format string, args ...any) Problems {
		return Problems{&Problem{File: name, Msg: fmt.Sprintf(format, args...)}}
	}
	if len(data) > MaxCaseFileSize {
		return nil, prob("the file is %d MB; Redress reads case files of up to %d MB (a real case is a few MB). Check it is the right file", len(data)>>20, MaxCaseFileSize>>20)
	}
	if enc := wideEncoding(data); enc != "" {
		return nil, prob("the file is saved as %s; Redress reads case files in UTF-8. Save it again as \"UTF-8\" (without BOM) and try again", enc)
	}
	data = bytes.TrimPrefix(data, utf8BOM)
	s := scanner{data: data}
	if msg, off := s.run(); msg != "" {
		line, col := lineCol(data, int64(off))
		return nil, prob("line %d, column %d: %s", line, col, msg)
	}
	return data, nil
}

// wideEncoding names UTF-16 or UTF-32 from a byte-order mark or the zero
// bytes a JSON file in them starts with.
func wideEncoding(b []byte) string {
	switch {
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE, 0, 0}), bytes.HasPrefix(b, []byte{0, 0, 0xFE, 0xFF}):
		return "UTF-32"
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}):
		return "UTF-16 (little-endian, \"Unicode\" in Windows Notepad)"
	case bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		return "UTF-16 (big-endian)"
	case len(b) >= 4 && b[0] == 0 && b[1] == 0 && b[2] == 0 && b[3] != 0,
		len(b) >= 4 && b[0] != 0 && b[1] == 0 && b[2] == 0 && b[3] == 0:
		return "UTF-32"
	case len(b) >= 2 && b[0] == 0 && b[1] != 0:
		return "UTF-16 (big-endian)"
	case len(b) >= 2 && b[0] != 0 && b[1] == 0:
		return "UTF-16 (little-endian, \"Unicode\" in Windows Notepad)"
	}
	return ""
}

// scanner walks the JSON text's structure: brackets and strings. It does
// not check the grammar (Decode does); it only has to be linear and to see
// every string and every list.
type scanner struct {
	data []byte
	pos  int
	// stack holds, for each open list, its item count and whether it is the
	// top-level "events" list; objects push a marker.
	stack []frame
	// lastKey is the last string read as an object key at depth 1.
	lastKey string
}

type frame struct {
	list   bool
	events bool
	items  int
	empty  bool // no item started yet
}

func (s *scanner) run() (msg string, off int) {
	d := s.data
	for s.pos < len(d) {
		c := d[s.pos]
		switch c {
		case '{', '[':
			s.item()
			if len(s.stack) >= MaxNesting {
				return fmt.Sprintf("the lists and objects are nested more than %d deep; a case file needs five levels. Check it is the right file", MaxNesting), s.pos
			}
			f := frame{list: c == '[', empty: true}
			f.events = c == '[' && len(s.stack) == 1 && !s.stack[0].list && s.lastKey == "events"
			s.stack = append(s.stack, f)
			s.pos++
		case '}', ']':
			if len(s.stack) > 0 {
				s.stack = s.stack[:len(s.stack)-1]
			}
			s.pos++
		case '"':
			start := s.pos
			isKey := s.isKeyPosition()
			s.item()
			text, msg, off := s.str()
			if msg != "" {
				return msg, off
			}
			if len(text) > MaxStringBytes {
				return fmt.Sprintf("a text is %d KB long; Redress reads texts of up to %d KB in one field", len(text)>>10, MaxStringBytes>>10), start
			}
			if isKey && len(s.stack) == 1 {
				s.lastKey = string(text)
			}
		case ',':
			if n := len(s.stack); n > 0 && s.stack[n-1].list {
				s.stack[n-1].empty = true
			}
			s.pos++
		default:
			if c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != ':' {
				s.item()
			}
			s.pos++
		}
		if n := len(s.stack); n > 0 && s.stack[n-1].list {
			f := &s.stack[n-1]
			if f.events && f.items > MaxEvents {
				return fmt.Sprintf("the case file lists more than %d events; Redress reads up to %d (a real case has hundreds). Check it is the right file", MaxEvents, MaxEvents), s.pos
			}
			if f.items > MaxListItems {
				return fmt.Sprintf("a list has more than %d items; Redress reads lists of up to %d. Check it is the right file", MaxListItems, MaxListItems), s.pos
			}
		}
	}
	return "", 0
}

// item counts a new item in the innermost list, once per item.
func (s *scanner) item() {
	if n := len(s.stack); n > 0 && s.stack[n-1].list && s.stack[n-1].empty {
		s.stack[n-1].items++
		s.stack[n-1].empty = false
	}
}

// isKeyPosition reports whether a string at s.pos is an object's key: inside
// an object, after '{' or ','.
func (s *scanner) isKeyPosition() bool {
	n := len(s.stack)
	if n == 0 || s.stack[n-1].list {
		return false
	}
	for i := s.pos - 1; i >= 0; i-- {
		switch s.data[i] {
		case ' ', '\t', '\n', '\r':
			continue
		case '{', ',':
			return true
		}
		return false
	}
	return false
}

// str reads a string at s.pos, checking its UTF-8 and escapes. It returns
// the raw text between the quotes (escapes undecoded), or a message and
// where the problem is.
func (s *scanner) str() (text []byte, msg string, off int) {
	d := s.data
	start := s.pos + 1
	i := start
	for i < len(d) {
		c := d[i]
		switch {
		case c == '"':
			s.pos = i + 1
			return d[start:i], "", 0
		case c == '\\':
			if i+1 < len(d) && d[i+1] == 'u' {
				r, ok := hex4(d, i+2)
				if !ok {
					i += 2
					continue // Decode reports the bad escape
				}
				switch {
				case r >= 0xD800 && r <= 0xDBFF:
					r2, ok2 := rune(0), false
					if i+7 < len(d) && d[i+6] == '\\' && d[i+7] == 'u' {
						r2, ok2 = hex4(d, i+8)
					}
					if !ok2 || r2 < 0xDC00 || r2 > 0xDFFF {
						return nil, fmt.Sprintf("the escape \\u%04x is half of a character (a lone surrogate) with nothing to pair with; the text was damaged when it was saved. Remove it or replace it with the character meant", r), i
					}
					i += 12
					continue
				case r >= 0xDC00 && r <= 0xDFFF:
					return nil, fmt.Sprintf("the escape \\u%04x is half of a character (a lone surrogate) with nothing to pair with; the text was damaged when it was saved. Remove it or replace it with the character meant", r), i
				}
				i += 6
				continue
			}
			i += 2
		case c < utf8.RuneSelf:
			i++
		default:
			r, n := utf8.DecodeRune(d[i:])
			if r == utf8.RuneError && n <= 1 {
				return nil, fmt.Sprintf("byte 0x%02x is not UTF-8 text; the file may have been saved in another encoding (such as Windows-1252). Save it again as \"UTF-8\" and try again", c), i
			}
			i += n
		}
	}
	s.pos = len(d)
	return d[start:], "", 0 // unterminated: Decode reports it
}

func hex4(d []byte, i int) (rune, bool) {
	if i+4 > len(d) {
		return 0, false
	}
	var r rune
	for _, c := range d[i : i+4] {
		r <<= 4
		switch {
		case c >= '0' && c <= '9':
			r |= rune(c - '0')
		case c >= 'a' && c <= 'f':
			r |= rune(c-'a') + 10
		case c >= 'A' && c <= 'F':
			r |= rune(c-'A') + 10
		default:
			return 0, false
		}
	}
	return r, true
}
