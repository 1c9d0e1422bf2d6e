package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/redress-app/redress/app/casework"
	"github.com/redress-app/redress/app/ui/internal/uitest"
	"github.com/redress-app/redress/app/ui/kit"
	"github.com/redress-app/redress/casefile"
)

func TestSharingWarnedAsksThenLetsThroughOnce(t *testing.T) {
	r := uitest.RecordSharingWarnings(t)
	w := test.NewTempApp(t).NewWindow("x")
	procs := &casefile.Case{Events: []casefile.Event{{ID: "cp", Kind: casefile.KindCareProceedingsIssue, Date: casefile.MustDate("2026-03-02")}}}
	ran := 0
	var export func()
	export = func() {
		if kit.SharingWarned(w, procs, "the chronology", export) {
			return
		}
		ran++
	}
	export()
	if ran != 0 || len(r.Headings) != 1 || !strings.Contains(r.Headings[0], "care proceedings") || r.Whats[0] != "the chronology" {
		t.Fatalf("before the answer: ran %d, asked %v", ran, r.Headings)
	}
	r.Answer(false)
	if ran != 0 {
		t.Fatal("Cancel went on")
	}
	export()
	r.Answer(true)
	if ran != 1 {
		t.Fatalf("Go on: ran %d", ran)
	}
	export() // asked again: the last answer was for that export only
	if ran != 1 || len(r.Headings) != 3 {
		t.Fatalf("the next export was not asked: ran %d, asked %d", ran, len(r.Headings))
	}
	// No proceedings and no conference: nothing to ask.
	if kit.SharingWarned(w, &casefile.Case{}, "x", nil) {
		t.Error("a warning for a case with nothing to warn about")
	}
}

// TestSharingWarningView: the dialog's words are casework's, with every
// source's status and verification said.
func TestSharingWarningView(t *testing.T) {
	c := &casefile.Case{Events: []casefile.Event{{ID: "cp", Kind: casefile.KindCareProceedingsIssue, Date: casefile.MustDate("2026-03-02")}}}
	wn, _ := casework.WarningBeforeSharing(c)
	test.NewTempApp(t)
	said := allText(kit.SharingWarningView(wn))
	for _, want := range []string{
		"Administration of Justice Act 1960, section 12(1)(a) and 12(2); statute; checked against the official text (verified-primary)",
		"Practice Direction 12G, paragraph 2.1",
		"The Ombudsman: not seen; not verified (unverified)",
		"REFERENCE.md section 13.8",
		"not a block",
	} {
		if !strings.Contains(said, want) {
			t.Errorf("the warning lacks %q:\n%s", want, said)
		}
	}
}
