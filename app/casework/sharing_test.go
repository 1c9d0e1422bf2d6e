package casework

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/redress-app/redress/casefile"
)

func TestSharingWarning(t *testing.T) {
	c := example(t, "complaint")
	if _, ok := SharingWarningFor(c); ok {
		t.Fatal("a warning for a case without care proceedings")
	}
	c.Events = append(c.Events, casefile.Event{ID: "cp", Kind: casefile.KindCareProceedingsIssue, Date: date("2026-06-01")})
	w, ok := SharingWarningFor(c)
	if !ok {
		t.Fatal("no warning for a case with care proceedings")
	}
	text := w.Text()
	// The labels of REFERENCE.md section 13.8, exactly.
	for _, want := range []string{
		"Administration of Justice Act 1960, section 12(1)(a) and 12(2); statute; verified-primary",
		"rule 12.73(1)(a) (2013 version); rules of court; verified-primary",
		"Practice Direction 12G, paragraph 2.1; practice direction; verified-primary",
		"18 March 2014 (the Practice Direction's row not seen); Parliament (Hansard); verified-secondary",
		"The Ombudsman: not seen; unverified",
		"REFERENCE.md section 13.8 (fam-s12-pd12g)",
		"not a block",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the warning lacks %q:\n%s", want, text)
		}
	}
	// Every URL is one REFERENCE.md section 13.8 lists.
	ref, err := os.ReadFile(filepath.Join("..", "..", "..", "shared", "domain", "REFERENCE.md"))
	if err != nil {
		t.Skip("REFERENCE.md not found:", err)
	}
	s := string(ref)
	i := strings.Index(s, "### 13.8")
	j := strings.Index(s, "### 13.9")
	if i < 0 || j < i {
		t.Fatal("REFERENCE.md has no section 13.8")
	}
	sec := s[i:j]
	for _, src := range w.Sources {
		if src.URL != "" && !strings.Contains(sec, src.URL) {
			t.Errorf("%s is not a URL of REFERENCE.md 13.8", src.URL)
		}
	}
	for _, quote := range []string{"A lay adviser, a McKenzie Friend, an Independent Domestic Violence Adviser or Independent Sexual Violence Adviser, or a person arranging or providing pro bono legal services"} {
		if !strings.Contains(sec, quote) || !strings.Contains(strings.Join(strings.Fields(text), " "), strings.ToLower(quote[:1])+quote[1:]) {
			t.Errorf("the PD 12G words differ from REFERENCE.md: %q", quote)
		}
	}
}

func TestWarningBeforeSharing(t *testing.T) {
	conf := casefile.Event{ID: "c1", Kind: casefile.KindICPC, Date: date("2026-05-01")}
	procs := casefile.Event{ID: "cp", Kind: casefile.KindCareProceedingsIssue, Date: date("2026-06-01")}
	for _, tc := range []struct {
		name   string
		events []casefile.Event
		want   string // the heading, or "" for no warning
	}{
		{"nothing to warn about", nil, ""},
		{"a conference, no proceedings", []casefile.Event{conf}, confidentialityWarning.Heading},
		{"proceedings", []casefile.Event{procs}, sharingWarning.Heading},
		{"a conference, then proceedings", []casefile.Event{conf, procs}, sharingWarning.Heading},
		{"a review conference", []casefile.Event{{ID: "r", Kind: casefile.KindReviewConference, Date: date("2026-07-01")}}, confidentialityWarning.Heading},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := &casefile.Case{Events: tc.events}
			w, ok := WarningBeforeSharing(c)
			if ok != (tc.want != "") || w.Heading != tc.want {
				t.Fatalf("got %q %v, want %q", w.Heading, ok, tc.want)
			}
			if _, ok := ConfidentialityWarningFor(c); ok != (tc.want == confidentialityWarning.Heading) {
				t.Errorf("ConfidentialityWarningFor: %v", ok)
			}
		})
	}
	// The local warning cites nothing as verified, and says so.
	text := confidentialityWarning.Text()
	for _, want := range []string{"local procedure; unverified", "not a block", "has not checked"} {
		if !strings.Contains(text, want) {
			t.Errorf("the local warning lacks %q:\n%s", want, text)
		}
	}
	if _, ok := WarningBeforeSharing(nil); ok {
		t.Error("a warning for no case")
	}
}
