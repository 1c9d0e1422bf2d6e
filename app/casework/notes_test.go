package casework

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/letters/bundle"
)

// TestBundleJournal: the family's notes are a section of the bundle, each
// with when it happened and when it was written, an amendment's earlier
// version shown, each in the chronology with its bundle page; a note left
// out is not printed; an "other" event prints its own description.
func TestBundleJournal(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext is not installed (Debian: poppler-utils)")
	}
	ctx := context.Background()
	v := newVault(t)
	id := importExample(t, v, "complaint")
	occurred := time.Date(2026, 4, 2, 9, 30, 0, 0, time.UTC)
	kept, err := v.AddNote(ctx, id, casefile.Note{Occurred: occurred, Kind: casefile.NoteCall,
		Text: "The social worker rang and said the complaint would be answered by Friday."})
	if err != nil {
		t.Fatal(err)
	}
	if err := v.AmendNote(ctx, id, casefile.Note{ID: kept, Occurred: occurred, Kind: casefile.NoteCall,
		Text: "The social worker (Ms Example) rang and said the complaint would be answered by Friday 10 April."}); err != nil {
		t.Fatal(err)
	}
	left, err := v.AddNote(ctx, id, casefile.Note{Occurred: occurred.Add(48 * time.Hour), Kind: casefile.NoteObservation,
		Text: "A private worry the family chose not to share."})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := v.AddEvent(ctx, id, casefile.Event{Kind: casefile.KindOther, Date: casefile.MustDate("2026-04-03"),
		Detail: "The school asked to see the complaint letter"}); err != nil {
		t.Fatal(err)
	}

	job, err := PrepareBundle(ctx, v, id, BundleOptions{AsOf: casefile.MustDate("2026-07-01"), Now: func() time.Time { return fixedNow },
		LeaveOutNotes: []string{left}})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if _, err := job.Plan.Write(ctx, &out); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "b.pdf")
	if err := os.WriteFile(path, out.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	raw, err := exec.Command("pdftotext", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(raw)), " ")
	for _, want := range []string{
		"The family’s notes",
		"Happened: 2 Apr 2026, 10:30", // 09:30 UTC is 10:30 in London (BST)
		"Written:",
		"phone call",
		"The social worker (Ms Example) rang and said the complaint would be answered by Friday 10 April.",
		"Earlier version 1 of 1, written",
		"The social worker rang and said the complaint would be answered by Friday.",
		"The family’s note (phone call), written",
		"amended (1 earlier version shown)",
		"The family’s notes (journal), D",
		"The school asked to see the complaint letter",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the bundle lacks %q", want)
		}
	}
	if strings.Contains(text, "A private worry") {
		t.Error("the note left out is in the bundle")
	}
	if strings.Contains(text, "Something else") {
		t.Error("an other event is printed as “Something else”, not in its own words")
	}
	if _, err := bundle.Verify(bytes.NewReader(out.Bytes())); err != nil {
		t.Errorf("the bundle does not verify: %v", err)
	}

	// Leaving out a note the journal does not have is an error, not silence.
	if _, err := PrepareBundle(ctx, v, id, BundleOptions{Now: func() time.Time { return fixedNow }, LeaveOutNotes: []string{"n999"}}); !errors.Is(err, ErrSections) {
		t.Errorf("leaving out an unknown note: %v", err)
	}
}
