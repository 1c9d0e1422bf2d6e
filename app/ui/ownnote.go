package ui

import (
	"context"

	"github.com/redress-app/redress/app/casework"
	"github.com/redress-app/redress/app/casework/pack"
	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/store"
)

// addJournalNote adds a new journal entry. In a case added from a hand-over
// pack, the receiver's entry gets an ID of its own ("own-1", pack.NoteIDFor),
// so that it never takes the ID of a note a newer pack of the family's
// brings: the receiver's notes stay apart from the family's record.
func addJournalNote(v *store.Vault, ctx context.Context, caseID string, n casefile.Note) (string, error) {
	if n.ID == "" {
		if _, imported, err := pack.OriginOf(ctx, v, caseID); err != nil {
			return "", err
		} else if imported {
			c, err := v.LoadCase(ctx, caseID)
			if err != nil {
				return "", err
			}
			if n.ID, err = pack.NoteIDFor(ctx, v, caseID, c); err != nil {
				return "", err
			}
		}
	}
	return v.AddNote(ctx, caseID, n)
}

// addEvent adds a new event. In a case added from a hand-over pack, the
// receiver's event gets an ID of its own ("own-1", pack.OwnIDFor), as a
// note does: it is shown as theirs and never taken for the family's.
func addEvent(v *store.Vault, ctx context.Context, caseID string, e casefile.Event) (string, error) {
	if e.ID == "" {
		id, err := pack.OwnIDFor(ctx, v, caseID)
		if err != nil {
			return "", err
		}
		e.ID = id
	}
	return v.AddEvent(ctx, caseID, e)
}

// ownWords marks, in the events list, an event the receiver added to a
// copy added from a pack: its checks are worked out with the family's
// events, so the receiver must see which are theirs.
func ownWords(id string) string {
	if pack.IsOwnID(id) {
		return "Your own"
	}
	return ""
}

// ownNoteWords marks, in the journal, a note the receiver wrote in a copy
// added from a pack, so that it is never taken for the family's.
func ownNoteWords(n *casefile.Note) string {
	if pack.IsOwnNoteID(n.ID) {
		return "  ·  your own note, kept apart from the family's record"
	}
	return ""
}

// ownBarWords are the words a timeline bar's label gives a finding worked
// out from the receiver's own event, shorter than casework.OwnEventWords
// (which the Checks tab shows) so that the bar's label still fits: "from
// your own event" when it started the clock, "partly from your own event"
// when it only did the step.
func ownBarWords(f casefile.Finding) string {
	switch casework.OwnershipOf(f) {
	case casework.FromOwn:
		return "from your own event"
	case casework.PartlyOwn:
		return "partly from your own event"
	}
	return ""
}
