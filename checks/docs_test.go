package checks

import (
	"bytes"
	"os"
	"testing"
)

const rulesDoc = "../docs/RULES.md"

// TestRulesDoc keeps docs/RULES.md equal to the catalogue generated from the
// rule data (go test ./checks -update rewrites it).
func TestRulesDoc(t *testing.T) {
	var buf bytes.Buffer
	if err := Default().WriteMarkdown(&buf); err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.MkdirAll("../docs", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(rulesDoc, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(rulesDoc)
	if err != nil {
		t.Fatalf("%v (run go test ./checks -update)", err)
	}
	if !bytes.Equal(got, buf.Bytes()) {
		t.Fatal("docs/RULES.md is out of date; run go test ./checks -update")
	}
}
