package pack

import (
	"testing"

	"github.com/redress-app/redress/casefile"
)

func TestPassphraseStrength(t *testing.T) {
	for _, tc := range []struct {
		pass string
		want Strength
	}{
		{"", Weak},
		{"password1", Weak},
		{"correcthorse", Fair},
		{"otter-quilt-marble-seven", Strong},
		{"Tr0ub4dor&3xyzab", Strong},
		{"aaaaaaaaaaaaaaaaaaaaaaaa", Fair},
	} {
		if got := PassphraseStrength([]byte(tc.pass)); got != tc.want {
			t.Errorf("%q: %v, want %v (%s)", tc.pass, got, tc.want, got.Words())
		}
	}
}

func TestIsOwnNoteID(t *testing.T) {
	for id, want := range map[string]bool{"own-1": true, "own-12": true, "own-": false, "n1": false, "own-x": false, "xown-1": false} {
		if IsOwnNoteID(id) != want {
			t.Errorf("%q: %v", id, !want)
		}
	}
	c := &casefile.Case{Notes: []casefile.Note{{ID: "own-1"}}}
	if id := OwnNoteID(c); !IsOwnNoteID(id) || id != "own-2" {
		t.Errorf("OwnNoteID gave %q", id)
	}
}
