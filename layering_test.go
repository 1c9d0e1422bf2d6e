package main

import (
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/redress-app/redress/app/cli"
	"github.com/redress-app/redress/app/ui"
)

const module = "github.com/redress-app/redress"

// allowed lists, for each layer, the project packages it may import (besides
// its own subpackages and assets), following DESIGN section 1:
// main -> app/{ui,cli} -> app/casework -> {letters, checks, store, documents}
// -> casefile; letters may read checks; only main imports app. Every edge
// listed here is used by the code (TestLayering fails on one that is not), so
// the list is also a map of what depends on what.
var allowed = map[string][]string{
	"casefile": {},
	"assets":   {},
	"checks":   {"casefile"},
	"store":    {"casefile"},
	"letters":  {"casefile", "checks", "documents"},
	// documents reads imported files: text per page, page images, OCR.
	"documents": {},
	// app/casework holds what the command line and the desktop app both do
	// with a vault: draft and send letters, build bundles; app/casework/pack
	// writes, opens and imports the hand-over pack (its PACK.md).
	"app/casework": {"casefile", "checks", "store", "letters", "documents"},
	"app/cli":      {"casefile", "checks", "store", "letters", "documents", "app/casework"},
	"app/ui":       {"casefile", "checks", "store", "letters", "documents", "app/casework"},
	".":            {"app/cli", "app/ui"},
}

// anyMay is the layer every package may import (DESIGN section 1).
const anyMay = "assets"

// planned are the layers DESIGN section 1 names that are not written yet:
// their edges are allowed, and not yet required to be used, while their
// directory does not exist.
var planned = map[string]bool{"documents": true}

// onlyFrom narrows an edge to some packages of a layer: within letters,
// only letters/bundle and letters/redact may use documents (page images and
// word boxes for redaction).
var onlyFrom = map[string][]string{"documents": {"letters/bundle", "letters/redact"}}

// apart are packages in one layer that do not import each other: the
// evidence bundle and the authorities bundle (letters/authorities, which
// builds on letters/bundle's exported API) never reach AI polishing.
var apart = [][2]string{{"letters/bundle", "letters/polish"}, {"letters/authorities", "letters/polish"}}

// shell is the desktop app's shell; the rooms below it (app/ui/...) do not
// import it: it imports them and wires them together.
const shell = "app/ui"

// testsOnly are packages only tests may import: the desktop's shared test
// helpers are never built into the app.
var testsOnly = map[string]bool{"app/ui/internal/uitest": true}

// checkTestsOnly says what is wrong when file imports ip, a package only
// tests may use, and file is not a test.
func checkTestsOnly(file, ip string) string {
	rest, ok := strings.CutPrefix(ip, module+"/")
	if ok && testsOnly[rest] && !strings.HasSuffix(file, "_test.go") {
		return "only tests import " + rest
	}
	return ""
}

// stdlibOnly layers may import nothing outside the standard library.
var stdlibOnly = map[string]bool{"casefile": true, "assets": true}

// fyneOK are the only layers that may import fyne.io/...
var fyneOK = map[string]bool{"app/ui": true, ".": true}

// layerOf maps a package directory to its layer ("app/ui/foo" -> "app/ui").
func layerOf(dir string) string {
	if dir == "." {
		return "."
	}
	parts := strings.Split(dir, "/")
	if parts[0] == "app" && len(parts) > 1 {
		return "app/" + parts[1]
	}
	return parts[0]
}

func TestLayering(t *testing.T) {
	fset := token.NewFileSet()
	checked := 0
	used := map[string]bool{}
	err := filepath.WalkDir(".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			name := d.Name()
			if p != "." && (strings.HasPrefix(name, ".") || name == "testdata" || name == "docs") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, ".go") {
			return nil
		}
		dir := filepath.ToSlash(filepath.Dir(p))
		layer := layerOf(dir)
		rules, known := allowed[layer]
		if !known {
			t.Errorf("%s: package directory %q is not a layer of DESIGN section 1; add it to the layering test deliberately", p, dir)
			return nil
		}
		f, err := parser.ParseFile(fset, p, nil, parser.ImportsOnly)
		if err != nil {
			t.Errorf("%s: %v", p, err)
			return nil
		}
		checked++
		for _, imp := range f.Imports {
			ip, _ := strconv.Unquote(imp.Path.Value)
			msg := checkImport(layer, ip, rules)
			if msg == "" {
				msg = checkPackage(dir, ip)
			}
			if msg == "" {
				msg = checkTestsOnly(p, ip)
			}
			if msg != "" {
				t.Errorf("%s imports %q: %s", p, ip, msg)
			}
			if rest, ok := strings.CutPrefix(ip, module+"/"); ok {
				used[layer+" -> "+layerOf(rest)] = true
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 10 {
		t.Fatalf("only %d Go files checked; is the test running from the module root?", checked)
	}
	for _, msg := range unusedEdges(used, exists) {
		t.Error(msg)
	}
}

// exists reports whether a layer's directory is there.
func exists(layer string) bool {
	fi, err := os.Stat(layer)
	return err == nil && fi.IsDir()
}

// unusedEdges lists the allowed edges no import uses: each is a dependency
// the design grants that the code does not need, so it is removed from
// allowed (or the code that needed it was lost). An edge to or from a
// planned layer that does not exist yet is not required.
func unusedEdges(used map[string]bool, exists func(string) bool) []string {
	var out []string
	for layer, targets := range allowed {
		for _, target := range targets {
			if used[layer+" -> "+target] {
				continue
			}
			if (planned[target] && !exists(target)) || (planned[layer] && !exists(layer)) {
				continue
			}
			out = append(out, "allowed edge "+layer+" -> "+target+" is used by no import: remove it from allowed")
		}
	}
	sort.Strings(out)
	return out
}

// checkPackage applies the rules finer than layers to package dir importing ip.
func checkPackage(dir, ip string) string {
	rest, ok := strings.CutPrefix(ip, module+"/")
	if !ok {
		return ""
	}
	if strings.HasPrefix(dir, shell+"/") && rest == shell {
		return "the rooms under " + shell + " do not import the shell: it imports them"
	}
	if from, ok := onlyFrom[layerOf(rest)]; ok && layerOf(dir) == layerOf(from[0]) &&
		!slices.ContainsFunc(from, func(f string) bool { return within(dir, f) }) {
		return "within " + layerOf(dir) + " only " + strings.Join(from, " and ") + " may import " + layerOf(rest) + " (DESIGN section 1)"
	}
	for _, pair := range apart {
		for i := range 2 {
			if within(dir, pair[i]) && within(rest, pair[1-i]) {
				return pair[0] + " and " + pair[1] + " are separate rooms that do not import each other (DESIGN section 1)"
			}
		}
	}
	return ""
}

// within reports whether package dir is pkg or below it.
func within(dir, pkg string) bool { return dir == pkg || strings.HasPrefix(dir, pkg+"/") }

func checkImport(layer, ip string, rules []string) string {
	if strings.HasPrefix(ip, "fyne.io/") && !fyneOK[layer] {
		return "only app/ui and main may import Fyne"
	}
	if rest, ok := strings.CutPrefix(ip, module+"/"); ok {
		target := layerOf(rest)
		if target == layer {
			return ""
		}
		if target == anyMay || slices.Contains(rules, target) {
			return ""
		}
		return "layer " + layer + " may not import layer " + target + " (DESIGN section 1)"
	}
	if stdlibOnly[layer] && !isStdlib(ip) {
		return "layer " + layer + " uses the standard library only"
	}
	return ""
}

func isStdlib(ip string) bool {
	first := strings.Split(ip, "/")[0]
	return !strings.Contains(first, ".")
}

func TestCheckImportCatchesViolations(t *testing.T) {
	tests := []struct {
		layer, ip string
		bad       bool
	}{
		{"store", "fyne.io/fyne/v2", true},
		{"app/cli", "fyne.io/fyne/v2/widget", true},
		{"app/ui", "fyne.io/fyne/v2/widget", false},
		{"casefile", module + "/checks", true},
		{"checks", module + "/store", true},
		{"checks", module + "/letters", true},
		{"letters", module + "/checks", false},
		{"store", module + "/app/cli", true},
		{"casefile", "golang.org/x/crypto/argon2", true},
		{"store", "golang.org/x/crypto/argon2", false},
		{"app/cli", module + "/app/ui", true},
		{"app/cli", module + "/app/casework", false},
		{"app/casework", module + "/app/cli", true},
		{"app/casework", "fyne.io/fyne/v2", true},
		{"store", module + "/assets", false},
		{"documents", module + "/assets", false},
		{"documents", module + "/store", true},
		{"documents", "fyne.io/fyne/v2", true},
		{"app/casework", module + "/documents", false},
		{"checks", module + "/documents", true},
	}
	for _, tc := range tests {
		msg := checkImport(tc.layer, tc.ip, allowed[tc.layer])
		if (msg != "") != tc.bad {
			t.Errorf("%s importing %s: got %q, want bad=%v", tc.layer, tc.ip, msg, tc.bad)
		}
	}
}

func TestCheckPackageCatchesViolations(t *testing.T) {
	tests := []struct {
		dir, ip string
		bad     bool
	}{
		{"letters/bundle", module + "/letters/polish", true},
		{"letters/polish", module + "/letters/bundle", true},
		{"letters/polish/internal/x", module + "/letters/bundle", true},
		{"letters/bundle", module + "/letters", false},
		{"letters", module + "/letters/polish", false},
		{"app/ui/internal/timeline", module + "/app/ui", true},
		{"app/ui/kit", module + "/app/ui", true},
		{"app/ui", module + "/app/ui/internal/timeline", false},
		{"app/ui/aihelp", module + "/app/ui/kit", false},
		{"letters/bundle", module + "/documents", false},
		{"letters/authorities", module + "/letters/bundle", false},
		{"letters/authorities", module + "/letters", false},
		{"letters/authorities", module + "/letters/polish", true},
		{"letters/polish", module + "/letters/authorities", true},
		{"letters/authorities", module + "/documents", true},
		{"letters/redact", module + "/documents", false},
		{"letters/polish", module + "/documents", true},
		{"letters", module + "/documents", true},
		{"app/casework", module + "/documents", false},
		{"app/ui", "fyne.io/fyne/v2", false},
		{"app/ui/letters", module + "/app/ui", true},
		{"app/ui/letters", module + "/app/ui/kit", false},
		{"app/ui/bundleview", module + "/app/ui", true},
		{"app/ui/bundleview", module + "/app/ui/kit", false},
		{"app/ui/bundleview", module + "/app/ui/redaction", false},
		{"app/ui/internal/uitest", module + "/app/ui", true},
	}
	for _, tc := range tests {
		msg := checkPackage(tc.dir, tc.ip)
		if (msg != "") != tc.bad {
			t.Errorf("%s importing %s: got %q, want bad=%v", tc.dir, tc.ip, msg, tc.bad)
		}
	}
}

func TestCheckTestsOnly(t *testing.T) {
	uitest := module + "/app/ui/internal/uitest"
	for _, tc := range []struct {
		file, ip string
		bad      bool
	}{
		{"app/ui/letters/letters_view_test.go", uitest, false},
		{"app/ui/letters/letters_view.go", uitest, true},
		{"app/ui/bundleview/bundle_view_test.go", uitest, false},
		{"app/ui/bundleview/bundle_view.go", uitest, true},
		{"app/ui/shell.go", uitest, true},
		{"app/ui/shell.go", module + "/app/ui/kit", false},
	} {
		if msg := checkTestsOnly(tc.file, tc.ip); (msg != "") != tc.bad {
			t.Errorf("%s importing %s: got %q, want bad=%v", tc.file, tc.ip, msg, tc.bad)
		}
	}
}

func TestUnusedEdges(t *testing.T) {
	used := map[string]bool{}
	for layer, targets := range allowed {
		for _, target := range targets {
			used[layer+" -> "+target] = true
		}
	}
	if got := unusedEdges(used, func(string) bool { return true }); len(got) != 0 {
		t.Errorf("every edge used: %v", got)
	}
	delete(used, "checks -> casefile")
	delete(used, "app/casework -> documents")
	got := unusedEdges(used, func(l string) bool { return l != "documents" })
	if len(got) != 1 || !strings.Contains(got[0], "checks -> casefile") {
		t.Errorf("with checks -> casefile unused and documents not written yet: %v", got)
	}
	got = unusedEdges(used, func(string) bool { return true })
	if len(got) != 2 {
		t.Errorf("once documents exists its unused edge counts: %v", got)
	}
}

// TestFyneAppMetadata keeps FyneApp.toml in step with the code.
func TestFyneAppMetadata(t *testing.T) {
	b, err := os.ReadFile("FyneApp.toml")
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	for _, want := range []struct{ key, val string }{
		{"Version", cli.Version}, {"Name", "Redress"}, {"ID", ui.AppID}, {"Icon", "assets/icon.png"}, {"fyneDo", "true"},
	} {
		re := regexp.MustCompile(`(?m)^\s*` + want.key + `\s*=\s*"?([^"\n]*)"?\s*$`)
		m := re.FindStringSubmatch(s)
		if m == nil || m[1] != want.val {
			t.Errorf("FyneApp.toml %s = %v, want %q", want.key, m, want.val)
		}
	}
	if _, err := os.Stat(path.Clean("assets/icon.png")); err != nil {
		t.Error(err)
	}
}

// TestCopiesMatchShared keeps examples/ and docs/REFERENCE.md identical to the
// shared examples and legal reference the project is written against, when
// those are beside the clone (CI may have only the clone).
func TestCopiesMatchShared(t *testing.T) {
	shared, _ := filepath.Glob("../shared/examples/*.json")
	if len(shared) == 0 {
		t.Skip("../shared is not beside this clone")
	}
	pairs := map[string]string{"../shared/domain/REFERENCE.md": "docs/REFERENCE.md"}
	for _, s := range shared {
		pairs[s] = filepath.Join("examples", filepath.Base(s))
	}
	for s, ours := range pairs {
		want, err := os.ReadFile(s)
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(ours)
		if err != nil || string(got) != string(want) {
			t.Errorf("%s differs from %s: copy it again", ours, s)
		}
	}
}

// TestNoLocaleNoiseUnderCUTF8 re-runs this test binary (which links Fyne, as
// the real one does) under LANG=C.UTF-8 and checks Fyne prints nothing at start.
func TestNoLocaleNoiseUnderCUTF8(t *testing.T) {
	cmd := exec.Command(os.Args[0], "-test.run=^TestFyneAppMetadata$")
	cmd.Env = append(os.Environ(), "LANG=C.UTF-8", "LC_ALL=", "LC_MESSAGES=", "LANGUAGE=")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if strings.Contains(string(out), "locale") {
		t.Errorf("Fyne complained about the locale:\n%s", out)
	}
}

// TestReadmeListsEveryPackage: the README's "Where things are" names every
// package of the module, so a newcomer finds each at the first place they
// look.
func TestReadmeListsEveryPackage(t *testing.T) {
	b, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, where, ok := strings.Cut(string(b), "## Where things are")
	if !ok {
		t.Fatal("README.md has no section \"Where things are\"")
	}
	if i := strings.Index(where, "\n## "); i >= 0 {
		where = where[:i]
	}
	dirs := map[string]bool{}
	err = filepath.WalkDir(".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != "." && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata" || d.Name() == "docs") {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(p, ".go") {
			dirs[filepath.ToSlash(filepath.Dir(p))] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for dir := range dirs {
		if !strings.Contains(where, "`"+dir+"`") && !strings.Contains(where, "`"+dir+"/`") {
			t.Errorf("README.md's \"Where things are\" does not list %s", dir)
		}
	}
}
