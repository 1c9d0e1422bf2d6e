package letters

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

func TestGoldenText(t *testing.T) {
	reqs := goldenRequests(t)
	seen := map[Kind]bool{}
	for _, nr := range reqs {
		t.Run(nr.name, func(t *testing.T) {
			l, err := Build(nr.req)
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := WriteText(&buf, l); err != nil {
				t.Fatal(err)
			}
			checkGolden(t, filepath.Join("testdata", "golden", nr.name+".txt"), buf.Bytes())
		})
		seen[nr.req.Kind] = true
	}
	for _, k := range Kinds() {
		if !seen[k] {
			t.Errorf("no golden letter of kind %s", k)
		}
	}
}

func checkGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (go test -update rewrites it); got:\n%s", path, got)
	}
}
