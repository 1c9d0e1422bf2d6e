package ui

import (
	"context"

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

// ownNoteWords marks, in the journal, a note the receiver wrote in a copy
// added from a pack, so that it is never taken for the family's.
func ownNoteWords(n *casefile.Note) string {
	if pack.IsOwnNoteID(n.ID) {
		return "  ·  your own note, kept apart from the family's record"
	}
	return ""
}
