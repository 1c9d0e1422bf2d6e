package polish

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the golden file (run go test -update if the change is intended):\n%s", name, firstDiff(string(want), got))
	}
}

func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < max(len(w), len(g)); i++ {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			return fmt.Sprintf("line %d:\nwant %q\n got %q", i+1, a, b)
		}
	}
	return ""
}

// TestPreviewGolden fixes exactly what is sent for each task for the rich
// case: the instructions and the pseudonymised text. A change here changes
// what leaves the computer, so it must be looked at.
func TestPreviewGolden(t *testing.T) {
	c := richCase(t)
	in := Input{Case: c, Text: letterFor(c), Citations: testCatalogue, Names: []string{"Sarah Thompson"}, Addresses: []string{"9 Wharf Road, Leeds LS1 4AP"}}
	for name, prep := range map[string]func(Input) (*Prepared, error){"improve": PrepareImprove, "summarise": PrepareSummary, "suggest-events": PrepareSuggestions} {
		t.Run(name, func(t *testing.T) {
			p, err := prep(in)
			if err != nil {
				t.Fatal(err)
			}
			pv := p.Preview()
			var b strings.Builder
			fmt.Fprintf(&b, "# task: %s\n# system:\n%s\n# user:\n%s\n# hidden (never sent):\n", pv.Task, pv.System, pv.User)
			for _, h := range pv.Hidden {
				fmt.Fprintf(&b, "%s\t%s\t%s\n", h.Placeholder, h.Kind, h.Original)
			}
			golden(t, "preview-"+name+".golden", b.String())
		})
	}
}
