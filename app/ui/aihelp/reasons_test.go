package aihelp

import (
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/redress-app/redress/app/casework"
)

// TestReasonsOfWrappedRejection: the guard's reasons are shown even when the
// rejection comes wrapped (errors.As, not a type assertion).
func TestReasonsOfWrappedRejection(t *testing.T) {
	rej := &casework.PolishRejected{Reasons: []string{"It names a section the rules do not cite."}}
	for _, err := range []error{rej, fmt.Errorf("polishing the letter: %w", rej)} {
		if got := reasonsOf(err); !slices.Equal(got, rej.Reasons) {
			t.Errorf("reasonsOf(%v) = %q, want the guard's reasons", err, got)
		}
	}
	if got := reasonsOf(errors.New("boom")); len(got) != 1 || got[0] == "boom" {
		t.Errorf("an unknown error gives %q, want one plain sentence", got)
	}
}
