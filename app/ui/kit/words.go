package kit

import (
	"fmt"
	"path/filepath"
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

// BaseName is the last element of path, split at / or \ whatever the
// system (a path typed on Windows is shown the same everywhere).
func BaseName(path string) string {
	if i := strings.LastIndexAny(path, `/\`); i >= 0 {
		return path[i+1:]
	}
	return path
}

// WithExt gives path the extension ext when it has none of exts, so that a
// file saved as "letter" opens as a PDF.
func WithExt(path, ext string, exts []string) string {
	got := strings.ToLower(filepath.Ext(path))
	for _, e := range exts {
		if got == e {
			return path
		}
	}
	return path + ext
}
