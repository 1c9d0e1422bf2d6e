package cli

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/redress-app/redress/casefile"
)

// ownCase is a case exported from a copy added from a hand-over pack: the
// family's unanswered stage 1 complaint (k1) and a strategy discussion only
// the receiver recorded (own-1, pack.OwnIDFor).
const ownCase = `{
  "format": "redress-case/1",
  "title": "Copy from a pack",
  "authority": "Example County Council",
  "children": [{"id": "c1", "name": "Child C", "born": "2016-03-12"}],
  "events": [
    {"id": "k1", "kind": "complaint-made", "date": "2026-04-01", "attrs": {"stage": 1}},
    {"id": "own-1", "kind": "strategy-discussion", "date": "2026-04-13", "attrs": {"s47": true}}
  ]
}`

const ownWords = "Worked out from your own event, not the family's record."

// TestCheckTextMarksOwnEvents: redress check says which findings were worked
// out from the receiver's own event and not the family's record, and only
// those; redress deadlines says it under each line; the findings JSON (a
// contract, DESIGN section 4) gains no field and no words.
func TestCheckTextMarksOwnEvents(t *testing.T) {
	path := writeFile(t, "own.case.json", ownCase)
	env, out, errb := testEnv(time.Now())
	if code := Main(env, []string{"check", "--as-of", "2026-05-01", path}); code != 0 {
		t.Fatalf("exit %d: %s", code, errb)
	}
	var own, family int
	for _, block := range strings.Split(out.String(), "\n\n") {
		marked := strings.Contains(block, ownWords)
		switch {
		case strings.Contains(block, "(own-1)"):
			own++
			if !marked {
				t.Errorf("a finding from the receiver's own-1 is not marked:\n%s", block)
			}
		case strings.Contains(block, "(k1)"):
			family++
			if marked {
				t.Errorf("a finding from the family's k1 is marked as the receiver's:\n%s", block)
			}
		case marked:
			t.Errorf("marked, but from neither event:\n%s", block)
		}
	}
	if own == 0 || family == 0 {
		t.Fatalf("%d findings from own-1 and %d from k1 in the report, want some of each:\n%s", own, family, out)
	}

	env, out, errb = testEnv(time.Now())
	if code := Main(env, []string{"deadlines", "--as-of", "2026-05-01", path}); code != 0 {
		t.Fatalf("exit %d: %s", code, errb)
	}
	lines := strings.Split(out.String(), "\n")
	var marked int
	for i, l := range lines {
		next := ""
		if i+1 < len(lines) {
			next = lines[i+1]
		}
		switch {
		case strings.Contains(l, " own-1]") && strings.TrimSpace(next) != ownWords:
			t.Errorf("the line %q is not followed by %q", l, ownWords)
		case strings.Contains(l, " k1]") && strings.Contains(next, "your own event"):
			t.Errorf("the family's line %q is marked as the receiver's", l)
		case strings.TrimSpace(l) == ownWords:
			marked++
		}
	}
	if marked == 0 || !strings.Contains(out.String(), " k1]") {
		t.Errorf("deadlines: %d lines marked, want some, and the family's k1 listed:\n%s", marked, out)
	}

	env, out, errb = testEnv(time.Now())
	if code := Main(env, []string{"check", "--json", "--as-of", "2026-05-01", path}); code != 0 {
		t.Fatalf("exit %d: %s", code, errb)
	}
	if strings.Contains(strings.ToLower(out.String()), "your own") {
		t.Errorf("the findings JSON says the words of the report:\n%s", out)
	}
	var doc struct {
		Format   string             `json:"format"`
		AsOf     string             `json:"as_of"`
		Findings []casefile.Finding `json:"findings"`
	}
	dec := json.NewDecoder(bytes.NewReader(out.Bytes()))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("the findings JSON gained a field: %v", err)
	}
}
