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
	"strconv"
	"strings"
	"testing"

	"github.com/redress-app/redress/app/cli"
	"github.com/redress-app/redress/app/ui"
)

const module = "github.com/redress-app/redress"

// allowed lists, for each layer, the project packages it may import (besides
// its own subpackages), following DESIGN section 1:
// main -> app -> {letters, checks, store} -> casefile; letters may read checks;
// anything may import assets; only main imports app.
var allowed = map[string][]string{
	"casefile": {},
	"assets":   {},
	"checks":   {"casefile", "assets"},
	"store":    {"casefile", "assets"},
	"letters":  {"casefile", "assets", "checks"},
	// documents reads imported files (text per page, page images, OCR).
	"documents": {"casefile", "assets"},
	// app/casework holds what the command line and the desktop app both do
	// with a vault: draft and send letters, build bundles.
	"app/casework": {"casefile", "assets", "checks", "store", "letters", "documents"},
	"app/cli":      {"casefile", "assets", "checks", "store", "letters", "documents", "app/casework"},
	"app/ui":       {"casefile", "assets", "checks", "store", "letters", "app/casework"},
	".":            {"casefile", "assets", "checks", "store", "letters", "app/cli", "app/ui"},
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
			if msg := checkImport(layer, ip, rules); msg != "" {
				t.Errorf("%s imports %q: %s", p, ip, msg)
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
}

func checkImport(layer, ip string, rules []string) string {
	if strings.HasPrefix(ip, "fyne.io/") && !fyneOK[layer] {
		return "only app/ui and main may import Fyne"
	}
	if rest, ok := strings.CutPrefix(ip, module+"/"); ok {
		target := layerOf(rest)
		if target == layer {
			return ""
		}
		for _, a := range rules {
			if a == target {
				return ""
			}
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
	}
	for _, tc := range tests {
		msg := checkImport(tc.layer, tc.ip, allowed[tc.layer])
		if (msg != "") != tc.bad {
			t.Errorf("%s importing %s: got %q, want bad=%v", tc.layer, tc.ip, msg, tc.bad)
		}
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
