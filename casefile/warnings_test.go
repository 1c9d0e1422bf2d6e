package casefile

import (
	"strings"
	"testing"
)

// TestWarnings: implausible dates, children born in the future and evidence
// that cannot be followed are warned about (issue 16.6); a clean file has none.
func TestWarnings(t *testing.T) {
	today := MustDate("2026-06-01")
	c, err := Decode("full.case.json", full(t))
	if err != nil {
		t.Fatal(err)
	}
	if ws := Warnings("full.case.json", c, today); len(ws) != 0 {
		t.Fatalf("warnings for a clean file: %v", ws)
	}
	data := []byte(`{"format": "redress-case/1",
		"children": [{"id": "c1", "name": "A", "born": "2027-01-01"}],
		"events": [
			{"id": "e1", "kind": "other", "date": "2062-03-02"},
			{"id": "e2", "kind": "other", "date": "1926-03-02", "evidence": ["d9#p2"]}
		]}`)
	c, err = Decode("x.json", data)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, w := range Warnings("x.json", c, today) {
		got = append(got, w.Error())
	}
	all := strings.Join(got, "\n")
	for _, want := range []string{
		`children[0] (id "c1"): born 2027-01-01, which is after today`,
		`events[0] (id "e1"): date 2062-03-02 looks like a typing slip`,
		`events[1] (id "e2"): date 1926-03-02 looks like a typing slip`,
		`events[1] (id "e2"): evidence "d9#p2" names a document or note this file does not include`,
	} {
		if !strings.Contains(all, want) {
			t.Errorf("no warning %q in:\n%s", want, all)
		}
	}
}
