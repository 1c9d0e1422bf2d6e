package ui

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/redress-app/redress/app/casework/pack"
	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/store"
)

// TestReceiversOwnMarked: in a case added from a pack, the journal entry,
// event and document the receiver adds through the desktop get IDs of their
// own and are shown as theirs (the event in the events list, where the
// checks worked out with it are the family's case's), the family's are
// not, and a pack of the copy holds none of them and verifies at the
// family's checkpoint; the share dialog says so.
func TestReceiversOwnMarked(t *testing.T) {
	test.NewTempApp(t)
	ctx := context.Background()
	dir := t.TempDir()
	const secret = "RECEIVERownCANARY"
	fam, caseID := familyVault(t, dir, "x", false)
	_, p := packOf(t, fam, caseID)
	v, err := store.Create(ctx, filepath.Join(dir, "mine"), []byte("mine pass"), store.WithKDF(store.TestKDF), store.WithInsecureKDF())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { v.Close() })
	res, err := pack.Import(ctx, v, p, "family.redress", startTime)
	if err != nil {
		t.Fatal(err)
	}
	local := res.Case.ID
	noteID, err := addJournalNote(v, ctx, local, casefile.Note{Text: secret + " note"})
	if err != nil {
		t.Fatal(err)
	}
	eventID, err := addEvent(v, ctx, local, casefile.Event{Kind: casefile.KindOther, Date: casefile.MustDate("2026-03-03"), Detail: secret + " event"})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "advice.txt")
	if err := os.WriteFile(path, []byte(secret+" document\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	doc, err := importOne(ctx, v, local, path, &atomic.Int64{})
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{noteID, eventID, doc.ID} {
		if !pack.IsOwnID(id) {
			t.Errorf("the receiver's %s does not have an ID of their own", id)
		}
	}
	c, err := v.LoadCase(ctx, local)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range c.Events {
		row := newEventRow()
		fillEventRow(row, &e, c, false)
		if got, own := strings.Contains(allText(row), "Your own"), e.ID == eventID; got != own {
			t.Errorf("event %s (%s): marked as the receiver's %v", e.ID, allText(row), got)
		}
	}
	for _, d := range c.Documents {
		if got, own := strings.Contains(docFacts(d), "your own document"), d.ID == doc.ID; got != own {
			t.Errorf("document %s: marked as the receiver's %v", d.ID, got)
		}
	}
	for _, n := range c.Notes {
		if got, own := ownNoteWords(&n) != "", n.ID == noteID; got != own {
			t.Errorf("note %s: marked as the receiver's %v", n.ID, got)
		}
	}
	// In a case of the family's own, nothing is marked.
	if id, err := addEvent(fam, ctx, caseID, casefile.Event{Kind: casefile.KindOther, Date: casefile.MustDate("2026-03-04")}); err != nil || pack.IsOwnID(id) {
		t.Errorf("the family's event: %q %v", id, err)
	}

	var buf bytes.Buffer
	m, err := pack.Write(ctx, &buf, v, local, pack.Options{Passphrase: []byte(sharePass), WorkFactor: 10})
	if err != nil {
		t.Fatal(err)
	}
	p2, err := pack.Open(&buf, pack.Key{Passphrase: []byte(sharePass)}, p.Manifest.Checkpoint)
	if err != nil {
		t.Fatalf("the copy's pack at the family's checkpoint: %v", err)
	}
	if len(p2.Case.Events) != len(p.Case.Events) || len(p2.Case.Notes) != len(p.Case.Notes) || len(p2.Case.Documents) != len(p.Case.Documents) {
		t.Errorf("the copy's pack: %d events, %d notes, %d documents", len(p2.Case.Events), len(p2.Case.Notes), len(p2.Case.Documents))
	}
	f := &shareForm{caseID: local}
	if got := allText(f.doneView("x.redress", m, false)); !strings.Contains(got, "what you added to your copy") || !strings.Contains(got, "the family's own checkpoint") {
		t.Errorf("the share dialog's last page: %s", got)
	}
}
