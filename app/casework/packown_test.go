package casework

import (
	"bytes"
	"context"
	"testing"

	"github.com/redress-app/redress/app/casework/pack"
	"github.com/redress-app/redress/checks"
	"github.com/redress-app/redress/letters"
)

// TestLetterInAPackCopyIsOwn: in a case added from a pack, a letter the
// receiver drafts and marks as sent, and the event that records the
// sending, get IDs of their own (pack.OwnIDFor); in the family's own case
// they are numbered as usual; a pack of the copy holds neither and
// verifies at the family's checkpoint.
func TestLetterInAPackCopyIsOwn(t *testing.T) {
	ctx := context.Background()
	fam := newVault(t)
	famID := importExample(t, fam, "complaint")
	const pass = "otter-quilt-marble-seven"
	var buf bytes.Buffer
	if _, err := pack.Write(ctx, &buf, fam, famID, pack.Options{Passphrase: []byte(pass), WorkFactor: 10}); err != nil {
		t.Fatal(err)
	}
	p, err := pack.Open(&buf, pack.Key{Passphrase: []byte(pass)})
	if err != nil {
		t.Fatal(err)
	}
	v := newVault(t)
	res, err := pack.Import(ctx, v, p, "family.redress", fixedNow)
	if err != nil {
		t.Fatal(err)
	}
	as := date("2026-05-11")
	local := res.Case.ID
	dr, err := DraftLetter(ctx, v, local, Options{Kind: letters.Stage2, AsOf: as})
	if err != nil {
		t.Fatal(err)
	}
	if err := SaveDraft(ctx, v, local, dr.Draft); err != nil {
		t.Fatal(err)
	}
	sending, err := MarkSent(ctx, v, local, dr.Draft.ID, as, checks.Default())
	if err != nil {
		t.Fatal(err)
	}
	if !pack.IsOwnID(dr.Draft.ID) || !pack.IsOwnID(sending.Event) {
		t.Errorf("the receiver's letter %q and its event %q are not their own", dr.Draft.ID, sending.Event)
	}
	famDr, err := DraftLetter(ctx, fam, famID, Options{Kind: letters.Stage2, AsOf: as})
	if err != nil {
		t.Fatal(err)
	}
	if err := SaveDraft(ctx, fam, famID, famDr.Draft); err != nil || pack.IsOwnID(famDr.Draft.ID) {
		t.Errorf("the family's letter: %q %v", famDr.Draft.ID, err)
	}
	buf.Reset()
	if _, err := pack.Write(ctx, &buf, v, local, pack.Options{Passphrase: []byte(pass), WorkFactor: 10}); err != nil {
		t.Fatal(err)
	}
	p2, err := pack.Open(&buf, pack.Key{Passphrase: []byte(pass)}, p.Manifest.Checkpoint)
	if err != nil {
		t.Fatalf("the copy's pack at the family's checkpoint: %v", err)
	}
	if len(p2.Letters) != len(p.Letters) || len(p2.Case.Events) != len(p.Case.Events) {
		t.Errorf("the copy's pack has %d letters and %d events; the family's %d and %d", len(p2.Letters), len(p2.Case.Events), len(p.Letters), len(p.Case.Events))
	}
	for _, e := range p2.Case.Events {
		if e.ID == sending.Event {
			t.Errorf("the receiver's event is in the pack: %+v", e)
		}
	}
}
