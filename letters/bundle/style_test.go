package bundle

import (
	"bytes"
	"strconv"
	"strings"
	"testing"
)

// TestStylesNumberPages builds the same bundle in each style: the court's
// pages are numbered 1..N (the labels, the manifest and the PDF's own page
// labels agree), the others by section; each verifies, and the manifest
// says the style unless it is the default.
func TestStylesNumberPages(t *testing.T) {
	sectioned := "A1 A2 A3 A4 B1 C1 C2 C3 C4 C5 C6 C7 C8 C9 C10 D1 D2 D3 D4 D5 D6 E1 E2 E3"
	var numbered []string
	for i := 1; i <= 24; i++ {
		numbered = append(numbered, strconv.Itoa(i))
	}
	for _, tc := range []struct {
		style    Style
		labels   string
		manifest Style
	}{
		{"", sectioned, ""},
		{StyleOmbudsman, sectioned, ""},
		{StyleFamily, sectioned, StyleFamily},
		{StyleCourt, strings.Join(numbered, " "), StyleCourt},
	} {
		t.Run(string(tc.style), func(t *testing.T) {
			b := testBundle(t)
			b.Style = tc.style
			data, _, res := buildTest(t, b)
			if got := strings.Join(res.Labels, " "); got != tc.labels {
				t.Errorf("labels %s, want %s", got, tc.labels)
			}
			if res.Manifest.Style != tc.manifest {
				t.Errorf("manifest style %q, want %q", res.Manifest.Style, tc.manifest)
			}
			v, err := Verify(bytes.NewReader(data))
			if err != nil || !v.OK() || v.PagesChecked != 24 {
				t.Fatalf("verify: %v %+v", err, v)
			}
			if got := strings.Join(labelsOf(v.Manifest), " "); got != tc.labels {
				t.Errorf("verified labels %s", got)
			}
		})
	}
}

func labelsOf(m *Manifest) []string {
	var out []string
	for _, p := range m.Pages {
		out = append(out, p.Label)
	}
	return out
}

func TestParseStyle(t *testing.T) {
	for in, want := range map[string]Style{"": StyleOmbudsman, "ombudsman": StyleOmbudsman, "court": StyleCourt, "family": StyleFamily} {
		if got, err := ParseStyle(in); err != nil || got != want {
			t.Errorf("ParseStyle(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := ParseStyle("Court"); err == nil {
		t.Error("ParseStyle(Court): no error")
	}
}
