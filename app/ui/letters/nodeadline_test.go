package letters

import (
	"strings"
	"testing"

	"github.com/redress-app/redress/app/casework"
	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/letters"
)

// TestNoDeadlineNamesWhoAnswers: a letter to the Information Commissioner
// or the Ombudsman that sets no deadline never says the council will answer
// it; a letter to the council still does.
func TestNoDeadlineNamesWhoAnswers(t *testing.T) {
	on := casefile.MustDate("2026-03-30")
	for _, tc := range []struct {
		kind      letters.Kind
		want, not string
	}{
		{letters.ICO, "Information Commissioner", "council"},
		{letters.LGSCO, "Ombudsman", "council"},
		{letters.Stage1, "the council gives", "Commissioner"},
	} {
		got := sentWords(&casework.Sending{}, tc.kind, "", on)
		if !strings.Contains(got, tc.want) || strings.Contains(got, tc.not) {
			t.Errorf("%s: %q (want %q, not %q)", tc.kind, got, tc.want, tc.not)
		}
	}
}
