package casework

import (
	"testing"

	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/checks"
)

// The words the desktop and the command line show (Ownership.Words).
const (
	ownTriggerWords = "Worked out from your own event, not the family's record."
	ownPartlyWords  = "Worked out partly from your own event, not the family's record."
)

// ownCase is a case added from a pack with the family's events and the
// receiver's own ("own-1", ...): a stage 1 complaint of the family's that
// was never answered, a subject access request of the family's that the
// receiver recorded as answered (own-2), and a strategy discussion that only
// the receiver recorded (own-1). t1 (the family's) and own-3 (the
// receiver's) are checks with other agencies on the same day, each starting
// the same judicial review time limit.
func ownCase() *casefile.Case {
	return &casefile.Case{Title: "Copy from a pack", Authority: "Example County Council",
		Children: []casefile.Child{{ID: "c1", Name: "Child C"}},
		Events: []casefile.Event{
			{ID: "k1", Kind: casefile.KindComplaintMade, Date: casefile.MustDate("2026-04-01"), Attrs: casefile.Attrs{Stage: 1}},
			{ID: "q1", Kind: casefile.KindSARMade, Date: casefile.MustDate("2026-04-10")},
			{ID: "own-2", Kind: casefile.KindSARResponse, Date: casefile.MustDate("2026-04-20")},
			{ID: "own-1", Kind: casefile.KindStrategyDiscussion, Date: casefile.MustDate("2026-04-13"), Attrs: casefile.Attrs{S47: casefile.Bool(true)}},
			{ID: "t1", Kind: casefile.KindThirdPartyChecks, Date: casefile.MustDate("2026-04-14"), Attrs: casefile.Attrs{Agency: "GP", Consent: casefile.Bool(false)}},
			{ID: "own-3", Kind: casefile.KindThirdPartyChecks, Date: casefile.MustDate("2026-04-14"), Attrs: casefile.Attrs{Agency: "school", Consent: casefile.Bool(false)}},
		}}
}

// TestOwnEventWords: a finding started by the receiver's own event says it
// was worked out from it; one of the family's done by the receiver's event
// says "partly"; the family's own say nothing; a deadlines line that folds
// the family's and the receiver's findings together says "partly".
func TestOwnEventWords(t *testing.T) {
	asOf := date("2026-05-01")
	fs := checks.Run(cat, ownCase(), asOf)
	seen := map[string]bool{}
	for _, f := range fs {
		want := ""
		switch {
		case f.Trigger == "own-1" || f.Trigger == "own-3":
			want = ownTriggerWords
		case f.Done == "own-2":
			want = ownPartlyWords
		}
		if got := OwnEventWords(f); got != want {
			t.Errorf("%s from %s (done %q): %q, want %q", f.Rule, f.Trigger, f.Done, got, want)
		}
		seen[f.Trigger] = true
		if f.Done != "" {
			seen["done "+f.Done] = true
		}
	}
	for _, want := range []string{"k1", "q1", "own-1", "own-3", "done own-2"} {
		if !seen[want] {
			t.Errorf("no finding with %s: the test case no longer tests what it says (%d findings)", want, len(fs))
		}
	}
	var folded bool
	for _, d := range Duties(fs, asOf, WhoseAll) {
		if d.Finding.Rule != "jr-3m" || len(d.Also) == 0 {
			if got, want := d.OwnEventWords(), OwnEventWords(d.Finding); got != want {
				t.Errorf("the line of %v: %q, want %q", d.Triggers(), got, want)
			}
			continue
		}
		folded = true
		if got := d.OwnEventWords(); got != ownPartlyWords {
			t.Errorf("the line of %v folds the family's t1 and the receiver's own-3: %q, want %q", d.Triggers(), got, ownPartlyWords)
		}
	}
	if !folded {
		t.Error("no deadlines line folds t1 and own-3: the test case no longer tests what it says")
	}
	if got := OwnEventWords(casefile.Finding{Rule: "x", Trigger: "own-", Done: "own-x1"}); got != "" {
		t.Errorf("IDs that only look like the receiver's: %q", got)
	}
}
