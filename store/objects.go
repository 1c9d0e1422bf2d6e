package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/redress-app/redress/casefile"
)

// validateEvent checks e by the case file format's rules against the case's children.
func validateEvent(cs *caseState, e casefile.Event) error {
	return checkWithCodec("event "+e.ID, &casefile.Case{Children: cs.children(), Events: []casefile.Event{e}})
}

// AddEvent adds an event (a new ID is chosen when e.ID is empty) and returns its ID.
func (v *Vault) AddEvent(ctx context.Context, caseID string, e casefile.Event) (string, error) {
	_, err := v.write(ctx, caseID, func(b *batch, tx *sql.Tx) error {
		if e.ID == "" {
			e.ID = b.cs.nextID("e", TypeEvent)
		}
		if err := validateEvent(b.cs, e); err != nil {
			return err
		}
		return b.add(OpCreate, TypeEvent, e.ID, fromEvent(e))
	})
	if err != nil {
		return "", fmt.Errorf("add event: %w", err)
	}
	return e.ID, nil
}

// AmendEvent records a new version of the event e.ID. The old version stays
// in the journal, readable with History.
func (v *Vault) AmendEvent(ctx context.Context, caseID string, e casefile.Event) error {
	_, err := v.write(ctx, caseID, func(b *batch, tx *sql.Tx) error {
		if err := validateEvent(b.cs, e); err != nil {
			return err
		}
		return b.add(OpAmend, TypeEvent, e.ID, fromEvent(e))
	})
	if err != nil {
		return fmt.Errorf("amend event %s: %w", e.ID, err)
	}
	return nil
}

func (b *batch) validateNote(n casefile.Note) error {
	if err := checkID("note", n.ID); err != nil {
		return err
	}
	if b.exists(TypeDocument, n.ID) {
		return fmt.Errorf("note id %q is a document's id: %w", n.ID, casefile.ErrExists)
	}
	if n.Kind != "" && !slices.Contains(casefile.NoteKinds, n.Kind) {
		return fmt.Errorf("note kind %q is not one of %v: %w", n.Kind, casefile.NoteKinds, casefile.ErrInvalidCase)
	}
	for _, list := range []struct {
		typ string
		ids []string
	}{{TypePerson, n.People}, {TypeEvent, n.Events}, {TypeDocument, n.Documents}} {
		for _, id := range list.ids {
			if !b.exists(list.typ, id) {
				return fmt.Errorf("the note names %s %q, which the case does not have: %w", list.typ, id, casefile.ErrNotFound)
			}
		}
	}
	return nil
}

// AddNote adds a journal note. Its recorded-at time is now, by the vault's
// clock; a zero Occurred means now too. A new ID is chosen when n.ID is empty.
func (v *Vault) AddNote(ctx context.Context, caseID string, n casefile.Note) (string, error) {
	_, err := v.write(ctx, caseID, func(b *batch, tx *sql.Tx) error {
		if n.ID == "" {
			n.ID = b.cs.nextID("n", TypeNote, TypeDocument)
		}
		n.Recorded = b.now
		if n.Occurred.IsZero() {
			n.Occurred = b.now
		}
		if err := b.validateNote(n); err != nil {
			return err
		}
		return b.add(OpCreate, TypeNote, n.ID, fromNote(n.ID, noteVersionOf(n)))
	})
	if err != nil {
		return "", fmt.Errorf("add note: %w", err)
	}
	return n.ID, nil
}

// AmendNote records a new version of note n.ID, recorded now. The earlier
// versions stay readable (LoadCase lists them in Note.Versions).
func (v *Vault) AmendNote(ctx context.Context, caseID string, n casefile.Note) error {
	_, err := v.write(ctx, caseID, func(b *batch, tx *sql.Tx) error {
		n.Recorded = b.now
		if n.Occurred.IsZero() {
			return fmt.Errorf("the amended note has no occurred-at time: %w", casefile.ErrInvalidCase)
		}
		if err := b.validateNote(n); err != nil {
			return err
		}
		return b.add(OpAmend, TypeNote, n.ID, fromNote(n.ID, noteVersionOf(n)))
	})
	if err != nil {
		return fmt.Errorf("amend note %s: %w", n.ID, err)
	}
	return nil
}

// Archive hides an object (a TypeEvent, TypeNote, TypeDocument, TypeChild,
// TypePerson or TypeLetter) from the case without removing anything; the
// journal records it and Unarchive brings it back.
func (v *Vault) Archive(ctx context.Context, caseID, typ, id string) error {
	_, err := v.write(ctx, caseID, func(b *batch, tx *sql.Tx) error { return b.add(OpArchive, typ, id, nil) })
	if err != nil {
		return fmt.Errorf("archive %s %s: %w", typ, id, err)
	}
	return nil
}

// Unarchive undoes Archive.
func (v *Vault) Unarchive(ctx context.Context, caseID, typ, id string) error {
	_, err := v.write(ctx, caseID, func(b *batch, tx *sql.Tx) error { return b.add(OpUnarchive, typ, id, nil) })
	if err != nil {
		return fmt.Errorf("unarchive %s %s: %w", typ, id, err)
	}
	return nil
}

// Purge removes the content of every version of an object (and a
// document's bytes) for good. The journal keeps a tombstone: the records and
// their content hashes stay, so the chain still verifies. Backups made before
// the purge still hold the content.
func (v *Vault) Purge(ctx context.Context, caseID, typ, id string) error {
	_, err := v.write(ctx, caseID, func(b *batch, tx *sql.Tx) error {
		if typ == TypeDocument {
			if d, ok := b.cs.get(typ, id).current().(*docContent); ok && d.Blob != "" {
				blob, err := blobID(d.Blob)
				if err != nil {
					return err
				}
				if _, err := tx.ExecContext(ctx, "DELETE FROM chunks WHERE blob = ?", blob); err != nil {
					return err
				}
			}
			if d, ok := b.cs.get(typ, id).current().(*docContent); ok {
				if err := deleteDerived(ctx, tx, b.k, d.SHA256); err != nil {
					return err
				}
			}
		}
		return b.add(OpPurge, typ, id, nil)
	})
	if err != nil {
		return fmt.Errorf("purge %s %s: %w", typ, id, err)
	}
	return nil
}

// Version is one version of an object, as History returns it.
type Version struct {
	Version uint64
	Seq     uint64    // the journal record that made it
	Saved   time.Time // when it was recorded, by the vault's clock
	Hash    Hash      // that record's chain hash
	// Content is the version's JSON (FORMAT.md section 7), re-encoded; nil once
	// purged. Journal returns the exact bytes the content hash commits to.
	Content json.RawMessage
	// Event is set for events, Note for notes.
	Event *casefile.Event
	Note  *casefile.NoteVersion
}

// History returns every version of an object, oldest first, with whether it
// is archived or purged now.
func (v *Vault) History(ctx context.Context, caseID, typ, id string) (versions []Version, archived, purged bool, err error) {
	err = v.readCase(caseID, func(cs *caseState) error {
		o := cs.get(typ, id)
		if o == nil {
			return fmt.Errorf("%s %s: %w", typ, id, casefile.ErrNotFound)
		}
		archived, purged = o.archived, o.purged
		for _, ver := range o.versions {
			out := Version{Version: ver.num, Seq: ver.seq, Saved: ver.time, Hash: ver.hash}
			if ver.value != nil {
				out.Content = marshalContent(ver.value)
				switch c := ver.value.(type) {
				case *eventContent:
					e := c.event()
					out.Event = &e
				case *noteContent:
					n := c.version()
					out.Note = &n
				}
			}
			versions = append(versions, out)
		}
		return nil
	})
	return versions, archived, purged, err
}

// Letter statuses.
const (
	LetterDraft = "draft"
	LetterSent  = "sent"
)

// Letter is a letter draft: opaque content (the letters package decides what
// it holds) and a little metadata. Each save is a new version.
type Letter struct {
	ID       string
	Kind     string // stage1, stage2, ..., jr-lbc
	Title    string
	Status   string // LetterDraft or LetterSent
	Sent     casefile.Date
	Content  []byte
	Version  uint64    // set by the vault
	Saved    time.Time // set by the vault: when this version was saved
	Archived bool
}

func letterOf(o *object, ver *version) Letter {
	c := ver.value.(*letterContent)
	return Letter{ID: c.ID, Kind: c.Kind, Title: c.Title, Status: c.Status, Sent: c.Sent,
		Content: slices.Clone(c.Content), Version: ver.num, Saved: ver.time, Archived: o.archived}
}

// SaveLetter saves a new letter (a new ID is chosen when l.ID is empty) or a
// new version of letter l.ID, and returns it as saved.
func (v *Vault) SaveLetter(ctx context.Context, caseID string, l Letter) (Letter, error) {
	if l.Status == "" {
		l.Status = LetterDraft
	}
	if l.Status != LetterDraft && l.Status != LetterSent {
		return Letter{}, fmt.Errorf("save letter: status %q is not %q or %q: %w", l.Status, LetterDraft, LetterSent, casefile.ErrInvalidCase)
	}
	cs, err := v.write(ctx, caseID, func(b *batch, tx *sql.Tx) error {
		if l.ID == "" {
			l.ID = b.cs.nextID("l", TypeLetter)
		}
		if err := checkID("letter", l.ID); err != nil {
			return err
		}
		op := OpCreate
		if b.obj(TypeLetter, l.ID) != nil {
			op = OpAmend
		}
		return b.add(op, TypeLetter, l.ID, &letterContent{ID: l.ID, Kind: l.Kind, Title: l.Title, Status: l.Status, Sent: l.Sent, Content: l.Content})
	})
	if err != nil {
		return Letter{}, fmt.Errorf("save letter: %w", err)
	}
	v.mu.RLock()
	defer v.mu.RUnlock()
	o := cs.get(TypeLetter, l.ID)
	if o == nil || len(o.versions) == 0 {
		return l, nil // locked meanwhile
	}
	return letterOf(o, o.versions[len(o.versions)-1]), nil
}

// Letters lists the case's letters (latest versions, archived ones marked),
// in the order they were started.
func (v *Vault) Letters(ctx context.Context, caseID string) ([]Letter, error) {
	var out []Letter
	err := v.readCase(caseID, func(cs *caseState) error {
		for _, o := range cs.order {
			if o.typ == TypeLetter && !o.purged {
				out = append(out, letterOf(o, o.versions[len(o.versions)-1]))
			}
		}
		return nil
	})
	return out, err
}

// LetterHistory returns every version of a letter, oldest first.
func (v *Vault) LetterHistory(ctx context.Context, caseID, letterID string) ([]Letter, error) {
	var out []Letter
	err := v.readCase(caseID, func(cs *caseState) error {
		o := cs.get(TypeLetter, letterID)
		if o == nil || o.purged {
			return fmt.Errorf("letter %s: %w", letterID, casefile.ErrNotFound)
		}
		for _, ver := range o.versions {
			out = append(out, letterOf(o, ver))
		}
		return nil
	})
	return out, err
}
