package ui

import (
	"context"
	"os"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/redress-app/redress/app/casework"
	"github.com/redress-app/redress/app/ui/kit"
	"github.com/redress-app/redress/casefile"
)

// sharingAsked records the warnings shown before sharing and holds their
// answer until the test gives it.
type sharingAsked struct {
	headings []string
	whats    []string
	answer   func(bool)
}

func recordSharingWarnings(t *testing.T) *sharingAsked {
	r := &sharingAsked{}
	old := kit.ShowSharingWarning
	kit.ShowSharingWarning = func(_ fyne.Window, w casework.SharingWarning, what string, answer func(bool)) {
		r.headings = append(r.headings, w.Heading)
		r.whats = append(r.whats, what)
		r.answer = answer
	}
	t.Cleanup(func() { kit.ShowSharingWarning = old })
	return r
}

func TestSharingWarnedAsksThenLetsThroughOnce(t *testing.T) {
	r := recordSharingWarnings(t)
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
	if ran != 0 || len(r.headings) != 1 || !strings.Contains(r.headings[0], "care proceedings") || r.whats[0] != "the chronology" {
		t.Fatalf("before the answer: ran %d, asked %v", ran, r.headings)
	}
	r.answer(false)
	if ran != 0 {
		t.Fatal("Cancel went on")
	}
	export()
	r.answer(true)
	if ran != 1 {
		t.Fatalf("Go on: ran %d", ran)
	}
	export() // asked again: the last answer was for that export only
	if ran != 1 || len(r.headings) != 3 {
		t.Fatalf("the next export was not asked: ran %d, asked %d", ran, len(r.headings))
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

// TestBundleExportWarnsFirst: the Bundle tab's export of a case with care
// proceedings shows the warning before asking where to save; Cancel saves
// nothing, Go on exports.
func TestBundleExportWarnsFirst(t *testing.T) {
	r := recordSharingWarnings(t)
	fx := newBundleFixture(t)
	fx.open(bundleDocs(t))
	if _, err := fx.v.AddEvent(context.Background(), fx.oc.id, casefile.Event{Kind: casefile.KindCareProceedingsIssue, Date: casefile.MustDate("2026-03-02")}); err != nil {
		t.Fatal(err)
	}
	fx.oc = loadCase(t, fx.v, fx.oc.id)
	fx.show(fx.oc)
	tapNamed(t, fx.bv.content, "Export bundle")
	if len(r.headings) != 1 || len(fx.saves) != 0 {
		t.Fatalf("asked %v, saved %v", r.headings, fx.saves)
	}
	r.answer(false)
	settle()
	if len(fx.saves) != 0 {
		t.Fatal("Cancel saved")
	}
	tapNamed(t, fx.bv.content, "Export bundle")
	r.answer(true)
	settle()
	if len(fx.saves) != 1 {
		t.Fatalf("Go on did not save: %v", fx.saves)
	}
	if _, err := os.Stat(fx.saves[0]); err != nil {
		t.Errorf("the bundle was not written: %v", err)
	}
}
