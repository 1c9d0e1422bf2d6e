package pack

import "testing"

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
