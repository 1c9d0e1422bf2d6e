// Package cleanlocale stops Fyne printing "Error parsing user locale C" on
// every start under LANG=C.UTF-8, the default of many Debian and Ubuntu
// installations and containers, including before command-line output.
//
// Fyne reads the locale in its lang package's init. Go initialises packages in
// import-path order once their imports are ready, so this package (which needs
// only os and strings) runs before golang.org/x/text, and so before Fyne's lang.
// A test checks that the message no longer appears.
package cleanlocale

import (
	"os"
	"strings"
)

func init() {
	if os.Getenv("LANGUAGE") != "" {
		return
	}
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		v := os.Getenv(k)
		if v == "" {
			continue
		}
		base, _, _ := strings.Cut(v, ".")
		if v != base && (base == "C" || base == "POSIX") {
			// "C.UTF-8" means no particular language: say English, as "C" does.
			os.Setenv("LANGUAGE", "en")
		}
		return
	}
}
