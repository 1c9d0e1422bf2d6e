package pack

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"slices"

	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/store"
)

// familyRecord is the family's journal as the last pack added carried it,
// kept (encrypted, in the same vault setting as the case's Origin) so that a
// pack made from the receiver's copy is the family's record exactly: their
// chain, verifying at their checkpoints, with nothing of the receiver's in
// it (PACK.md section 5).
type familyRecord struct {
	Records []store.Record `json:"records"`
	LeftOut []uint64       `json:"left_out,omitempty"` // as in the pack added
}

// originSetting is the value of a pack-origin setting: the Origin, and the
// family's journal beside it. OriginOf reads only the Origin.
type originSetting struct {
	Origin
	Journal *familyRecord `json:"journal,omitempty"`
}

// ErrNoFamilyRecord means a case added from a pack by an older Redress,
// which did not keep the family's journal with it, was asked to be packed.
var ErrNoFamilyRecord = errors.New("this case was added from a pack before Redress kept the family's record with it: add the family's latest pack to your vault again (Add to my vault, or redress case import), then pack it")

// familyRecordOf returns the family's journal kept for a case added from a
// pack, and whether the case was added from a pack at all.
func familyRecordOf(ctx context.Context, v *store.Vault, localCase string) (*familyRecord, bool, error) {
	var o originSetting
	ok, err := originSettingOf(ctx, v, localCase, &o)
	return o.Journal, ok, err
}

// source is what a pack is written from: the vault's own journal of a case,
// or, for a case added from a pack, the family's journal kept with it (the
// receiver's own notes, events, letters, documents and changes are in the
// vault's journal only, so they are never in it).
type source struct {
	local    string // the case in this vault (its documents' bytes)
	family   string // the case ID the pack's manifest names
	recs     []store.Record
	leftOut  map[uint64]bool
	imported bool
	docs     map[string]casefile.Document // the copy's documents, by ID
}

func sourceOf(ctx context.Context, v *store.Vault, caseID string) (*source, error) {
	fr, imported, err := familyRecordOf(ctx, v, caseID)
	if err != nil {
		return nil, fmt.Errorf("pack: where the case came from: %w", err)
	}
	s := &source{local: caseID, family: caseID, leftOut: map[uint64]bool{}, imported: imported}
	if !imported {
		if s.recs, err = v.Journal(ctx, caseID); err != nil {
			return nil, fmt.Errorf("pack: %w", err)
		}
		return s, nil
	}
	if fr == nil || len(fr.Records) == 0 {
		return nil, ErrNoFamilyRecord
	}
	s.recs = slices.Clone(fr.Records)
	s.family = s.recs[0].Case
	if s.leftOut, err = seqSet(fr.LeftOut, len(s.recs)); err != nil {
		return nil, fmt.Errorf("pack: the family's record kept with the case: %w", err)
	}
	c, err := v.LoadCase(ctx, caseID)
	if err != nil {
		return nil, fmt.Errorf("pack: %w", err)
	}
	s.docs = map[string]casefile.Document{}
	for _, d := range c.Documents {
		s.docs[d.ID] = d
	}
	return s, nil
}

// caseOf rebuilds the case the source's journal records.
func (s *source) caseOf() (*casefile.Case, error) {
	if len(s.leftOut) > 0 {
		c, _, err := copyCase(s.recs, s.leftOut, nil)
		return c, err
	}
	c, _, err := store.CaseFromRecords(s.recs)
	return c, err
}

// hasBytes reports whether the vault holds the bytes of the family's
// document d: in a copy added from a pack, only bytes with the SHA-256 and
// size the family's record gives (a document of the receiver's that took
// the same ID is not the family's).
func (s *source) hasBytes(ctx context.Context, v *store.Vault, d casefile.Document) (bool, error) {
	rc, err := v.OpenDocument(ctx, s.local, d.ID)
	if errors.Is(err, casefile.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("pack: document %s: %w", d.ID, err)
	}
	defer rc.Close()
	if !s.imported {
		return true, nil
	}
	if ld, ok := s.docs[d.ID]; ok {
		return ld.SHA256 == d.SHA256 && ld.Size == d.Size, nil
	}
	h := sha256.New()
	n, err := io.Copy(h, rc)
	if err != nil {
		return false, fmt.Errorf("pack: document %s: %w", d.ID, err)
	}
	return n == d.Size && hex.EncodeToString(h.Sum(nil)) == d.SHA256, nil
}

// OwnIDFor is the ID a new note, event, letter or document written by this
// vault's user in case localCase should get: in a case added from a pack,
// "own-1", "own-2", ... (the first no object of the case has ever had), so
// that it never takes the ID of one a newer pack of the family's brings and
// is shown as the receiver's own; otherwise "" (the vault numbers it as
// usual). Every place that adds to a case calls it.
func OwnIDFor(ctx context.Context, v *store.Vault, localCase string) (string, error) {
	_, ok, err := OriginOf(ctx, v, localCase)
	if err != nil {
		return "", fmt.Errorf("where the case came from: %w", err)
	}
	if !ok {
		return "", nil
	}
	recs, err := v.Journal(ctx, localCase)
	if err != nil {
		return "", fmt.Errorf("the case's journal: %w", err)
	}
	used := map[string]bool{}
	for _, r := range recs {
		used[r.Object] = true
	}
	for i := 1; ; i++ {
		if id := fmt.Sprintf("own-%d", i); !used[id] {
			return id, nil
		}
	}
}

// IsOwnID reports whether id is one OwnIDFor (or OwnNoteID) gives: a note,
// event, letter or document the receiver added to a copy added from a
// pack, not the family's.
func IsOwnID(id string) bool { return IsOwnNoteID(id) }
