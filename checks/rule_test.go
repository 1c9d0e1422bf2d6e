package checks

import (
	"testing"

)

func TestEveryRuleLoads(t *testing.T) {
	cat, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if len(cat.Rules) < 25 {
		t.Fatalf("only %d rules loaded", len(cat.Rules))
	}
	for _, r := range cat.Rules {
		t.Logf("%-32s %-17s %s", r.ID, r.Kind, r.Limit)
	}
}
