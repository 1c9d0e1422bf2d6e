package cli

import (
	"os"
	"strings"
	"testing"
	"time"
)

// TestDeadlinesSameStepOnce: two acts on one day start the same judicial
// review limit; redress deadlines says it once, naming both events.
func TestDeadlinesSameStepOnce(t *testing.T) {
	data, err := os.ReadFile("../../examples/checks-before-enquiry.case.json")
	if err != nil {
		t.Fatal(err)
	}
	path := writeFile(t, "c.case.json", string(data))
	env, out, errb := testEnv(time.Now())
	if code := Main(env, []string{"deadlines", "--as-of", "2026-04-20", path}); code != 0 {
		t.Fatalf("exit %d: %s", code, errb)
	}
	s := out.String()
	if n := strings.Count(s, "by 3 May 2026"); n != 1 {
		t.Errorf("the limit of 3 May 2026 is said %d times, want once:\n%s", n, s)
	}
	if !strings.Contains(s, "[jr-3m t1, t2]") {
		t.Errorf("the line does not name both acts:\n%s", s)
	}
}
