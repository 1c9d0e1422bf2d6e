package ui

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/redress-app/redress/app/casework/pack"
	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/store"
)

const sharePass = "otter-quilt-marble-seven"

// familyVault makes a vault (in a folder of its own) with the complaint
// example, a conference, a note and a text document holding canary; it
// returns the vault, open, and the case ID.
func familyVault(t *testing.T, dir, canary string, procs bool) (*store.Vault, string) {
	t.Helper()
	ctx := context.Background()
	v, err := store.Create(ctx, filepath.Join(dir, "family"), []byte("family pass"), store.WithKDF(store.TestKDF), store.WithInsecureKDF())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { v.Close() })
	c, err := casefile.ReadFile("../../examples/complaint.case.json")
	if err != nil {
		t.Fatal(err)
	}
	ci, err := v.ImportCase(ctx, c)
	if err != nil {
		t.Fatal(err)
	}
	if procs {
		if _, err := v.AddEvent(ctx, ci.ID, casefile.Event{Kind: casefile.KindCareProceedingsIssue, Date: casefile.MustDate("2026-03-02")}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := v.AddNote(ctx, ci.ID, casefile.Note{Text: "the family's note " + canary}); err != nil {
		t.Fatal(err)
	}
	docID, err := v.ImportDocument(ctx, ci.ID, strings.NewReader("letter from the council "+canary+"\n"), store.DocumentInfo{Name: "letter.txt", Source: "council"})
	if err != nil {
		t.Fatal(err)
	}
	// Its text, as the desktop reads it on import.
	if err := v.PutPageTexts(ctx, ci.ID, docID.ID, []store.PageText{{Page: 1, Text: "letter from the council " + canary}}); err != nil {
		t.Fatal(err)
	}
	return v, ci.ID
}

// packOf packs the case with sharePass (a cheap work factor) and opens it.
func packOf(t *testing.T, v *store.Vault, caseID string) ([]byte, *pack.Pack) {
	t.Helper()
	var buf bytes.Buffer
	if _, err := pack.Write(context.Background(), &buf, v, caseID, pack.Options{Passphrase: []byte(sharePass), WorkFactor: 10}); err != nil {
		t.Fatal(err)
	}
	p, err := pack.Open(bytes.NewReader(buf.Bytes()), pack.Key{Passphrase: []byte(sharePass)})
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), p
}

func TestJournalNoteInAPackCopyHasItsOwnID(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	fam, caseID := familyVault(t, dir, "x", false)
	_, p := packOf(t, fam, caseID)
	mine, err := store.Create(ctx, filepath.Join(dir, "mine"), []byte("my pass"), store.WithKDF(store.TestKDF), store.WithInsecureKDF())
	if err != nil {
		t.Fatal(err)
	}
	defer mine.Close()
	res, err := pack.Import(ctx, mine, p, "case.redress", startTime)
	if err != nil {
		t.Fatal(err)
	}
	id, err := addJournalNote(mine, ctx, res.Case.ID, casefile.Note{Text: "my own note"})
	if err != nil || id != "own-1" {
		t.Fatalf("a note in the copy: %q %v", id, err)
	}
	if got := recordedLine(&casefile.Note{ID: id, Recorded: startTime}); !strings.Contains(got, "your own note") {
		t.Errorf("the journal does not mark the receiver's note: %q", got)
	}
	id, err = addJournalNote(fam, ctx, caseID, casefile.Note{Text: "the family's next note"})
	if err != nil || strings.HasPrefix(id, "own-") {
		t.Fatalf("a note in the family's own case: %q %v", id, err)
	}
	if got := recordedLine(&casefile.Note{ID: id, Recorded: startTime}); strings.Contains(got, "own note") {
		t.Errorf("a family note marked as the receiver's: %q", got)
	}
}
