package bundleview

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/redress-app/redress/app/ui/internal/uitest"
	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/checks"
)

// TestBundleJournalNotes: the family's journal notes are a part of the
// bundle (section item "notes") with one row per note; a note unticked is
// passed as BundleOptions.LeaveOutNotes and is not in the exported bundle,
// the choice is kept per case, and a note added since is included.
func TestBundleJournalNotes(t *testing.T) {
	fx := newBundleFixture(t)
	fx.open(bundleDocs(t))
	ctx := context.Background()
	at := func(day string) time.Time {
		d, err := time.ParseInLocation("2006-01-02 15:04", day+" 09:30", checks.London)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	keep, err := fx.v.AddNote(ctx, fx.oc.ID, casefile.Note{Occurred: at("2026-02-04"), Kind: casefile.NoteCall, Text: "The social worker rang: checks with the GP already done"})
	if err != nil {
		t.Fatal(err)
	}
	drop, err := fx.v.AddNote(ctx, fx.oc.ID, casefile.Note{Occurred: at("2026-02-06"), Kind: casefile.NoteCall, Text: "Private worry I do not want in the bundle"})
	if err != nil {
		t.Fatal(err)
	}
	fx.oc = uitest.LoadCase(t, fx.v, fx.oc.ID)
	fx.show(fx.oc)
	bv := fx.bv

	var noteRows []int
	for i, r := range bv.rows {
		if r.kind == bundleRowNote {
			noteRows = append(noteRows, i)
		}
	}
	if len(noteRows) != 2 {
		t.Fatalf("%d note rows, want 2: %q", len(noteRows), fx.listed())
	}
	listed := strings.Join(fx.listed(), "\n")
	for _, want := range []string{"Your journal notes", "2 notes of 2 in", "The social worker rang", "Happened 4 Feb 2026 09:30 · written"} {
		if !strings.Contains(listed, want) {
			t.Errorf("the bundle list lacks %q:\n%s", want, listed)
		}
	}
	// Leave the second note out.
	row := fx.row(noteRows[1])
	if !row.check.Checked || row.check.Disabled() {
		t.Fatal("a note is not ticked, or cannot be unticked")
	}

	tapCentre(row.check)
	uitest.Settle()
	if got := bv.m.leftOutNotes(); !slices.Equal(got, []string{drop}) {
		t.Fatalf("left out %v, want %v", got, []string{drop})
	}
	spec, _ := bv.m.spec()
	if opt := bv.options(spec, &progressSink{}); !slices.Equal(opt.LeaveOutNotes, []string{drop}) || !strings.Contains(spec, "notes") {
		t.Errorf("options leave out %v with sections %q", opt.LeaveOutNotes, spec)
	}
	if !strings.Contains(strings.Join(fx.listed(), "\n"), "1 note of 2 in") {
		t.Error("the notes part does not count the notes left in")
	}

	// Another case and back: the choice is kept.
	other := uitest.ImportCase(t, fx.v, examples, "complaint")
	fx.show(other)
	fx.show(fx.oc)
	if got := bv.m.leftOutNotes(); !slices.Equal(got, []string{drop}) {
		t.Errorf("after switching cases, left out %v", got)
	}

	test.Tap(uitest.ButtonNamed(bv.content, "Export bundle"))
	uitest.Settle()
	if len(fx.saves) != 1 {
		t.Fatalf("saves %v\n%s", fx.saves, uitest.OverlayText(fx.w.Canvas()))
	}
	if text := pdfText(t, fx.saves[0]); text != "" {
		flat := strings.Join(strings.Fields(text), " ")
		if !strings.Contains(flat, "checks with the GP already done") {
			t.Error("the bundle lacks the note left in")
		}
		if strings.Contains(flat, "Private worry") {
			t.Error("the bundle has the note left out")
		}
	}
	if bv.m.leaveOut[keep] {
		t.Error("the note left in is marked left out")
	}
}
