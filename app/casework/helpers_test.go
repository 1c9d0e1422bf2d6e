package casework

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/checks"
	"github.com/redress-app/redress/letters"
	"github.com/redress-app/redress/store"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

const testPass = "mangrove-kettle-9"

// fixedNow is the vault's clock in the tests, so that journal times are fixed.
var fixedNow = time.Date(2026, 7, 1, 9, 0, 0, 0, time.UTC)

// newVault makes a vault with store's cheap test KDF.
func newVault(t testing.TB) *store.Vault {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "vault")
	v, err := store.Create(context.Background(), dir, []byte(testPass),
		store.WithKDF(store.TestKDF), store.WithInsecureKDF(), store.WithClock(func() time.Time { return fixedNow }))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { v.Close() })
	return v
}

// example reads ../../examples/NAME.case.json.
func example(t testing.TB, name string) *casefile.Case {
	t.Helper()
	c, err := casefile.ReadFile(filepath.Join("..", "..", "examples", name+".case.json"))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// importExample imports an example case into v and returns its ID.
func importExample(t testing.TB, v *store.Vault, name string) string {
	t.Helper()
	ci, err := v.ImportCase(context.Background(), example(t, name))
	if err != nil {
		t.Fatal(err)
	}
	return ci.ID
}

func textOf(t *testing.T, l *letters.Letter) string {
	t.Helper()
	var buf bytes.Buffer
	if err := letters.WriteText(&buf, l); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func normWS(s string) string { return strings.Join(strings.Fields(s), " ") }

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

func keysOf(fs []casefile.Finding) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = letters.FindingKey(f)
	}
	return out
}

func date(s string) casefile.Date { return casefile.MustDate(s) }

var cat = checks.Default()
