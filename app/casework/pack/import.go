package pack

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/store"
)

// settingPrefix names the vault setting (encrypted, like all settings) that
// records where an imported case came from: settingPrefix + the family's
// case ID.
const settingPrefix = "pack-origin:"

// Origin is where an imported case came from: the family's case, the
// checkpoint of the last pack added, and which objects are the family's (the
// rest of the case is the receiver's own, kept apart and never changed by a
// newer pack).
type Origin struct {
	FamilyCase string    `json:"family_case"`
	LocalCase  string    `json:"local_case"`
	Title      string    `json:"title"`
	Checkpoint string    `json:"checkpoint"`
	Packed     string    `json:"packed"` // the pack's Created
	From       string    `json:"from"`   // the pack's file name
	Imported   time.Time `json:"imported"`
	Family     []string  `json:"family"` // "type/id" of every object from the family
}

// IsFamily reports whether the object (store.TypeNote and its ID, say) came
// from the family's pack rather than from the receiver.
func (o *Origin) IsFamily(typ, id string) bool { return slices.Contains(o.Family, typ+"/"+id) }

// OriginOf returns where a case in v came from, if it was added from a pack.
func OriginOf(ctx context.Context, v *store.Vault, localCase string) (*Origin, bool, error) {
	var o Origin
	ok, err := originSettingOf(ctx, v, localCase, &o)
	if !ok || err != nil {
		return nil, ok, err
	}
	return &o, true, nil
}

// originSettingOf finds the pack-origin setting of the case localCase and
// decodes it into out (an *Origin, or an *originSetting to have the
// family's journal too); false when the case was not added from a pack.
func originSettingOf(ctx context.Context, v *store.Vault, localCase string, out any) (bool, error) {
	all, err := v.Settings(ctx)
	if err != nil {
		return false, err
	}
	for k, val := range all {
		if !strings.HasPrefix(k, settingPrefix) {
			continue
		}
		var probe struct {
			LocalCase string `json:"local_case"`
		}
		if json.Unmarshal([]byte(val), &probe) == nil && probe.LocalCase == localCase {
			return json.Unmarshal([]byte(val), out) == nil, nil
		}
	}
	return false, nil
}

// Change is one thing a pack added or changed in the receiver's copy.
type Change struct {
	What string // "added", "changed", "archived", "not added"
	Type string // store.TypeEvent, ...
	ID   string
	Why  string // for "not added"
}

// ImportResult says what adding a pack did.
type ImportResult struct {
	Case    store.CaseInfo
	Updated bool   // an earlier pack of the same case was already in the vault
	Before  string // the checkpoint of that earlier pack
	Origin  Origin
	Changes []Change
}

// ErrOlder means the pack is not newer than (does not extend) the copy
// already in the vault.
var ErrOlder = errors.New("this pack does not continue the record already in your vault")

// Import adds an opened pack to v as a case marked with where it came from,
// or, when a pack of the same family case was added before, brings that copy
// up to date: what the family added is added, what they amended is amended,
// and what the receiver wrote in the copy is left as it is. A pack that does
// not extend the earlier one (its history up to the earlier checkpoint is
// different) is refused. from is the pack's file name, for the record.
func Import(ctx context.Context, v *store.Vault, p *Pack, from string, now time.Time) (*ImportResult, error) {
	if p.Case == nil {
		return nil, errors.New("the pack has not been opened and checked")
	}
	if p.RedactedCopy() {
		return nil, ErrRedactedCopy
	}
	key := settingPrefix + p.Manifest.Case
	res := &ImportResult{}
	prev, ok, err := v.Setting(ctx, key)
	if err != nil {
		return nil, fmt.Errorf("add pack: %w", err)
	}
	var o Origin
	var kept *familyRecord // the family's journal of the pack added before
	var current *casefile.Case
	var letters []store.Letter
	if ok {
		var stored originSetting
		if err := json.Unmarshal([]byte(prev), &stored); err != nil {
			return nil, fmt.Errorf("add pack: the record of the earlier pack is unreadable: %w", err)
		}
		o, kept = stored.Origin, stored.Journal
		if err := store.VerifyChain(p.Records, o.Checkpoint); err != nil {
			return nil, fmt.Errorf("%w (your copy is at checkpoint %s): %v", ErrOlder, o.Checkpoint, err)
		}
		res.Updated, res.Before = true, o.Checkpoint
		if current, err = v.LoadCase(ctx, o.LocalCase); err != nil {
			return nil, fmt.Errorf("add pack: your copy of the case: %w", err)
		}
		if letters, err = v.Letters(ctx, o.LocalCase); err != nil {
			return nil, fmt.Errorf("add pack: %w", err)
		}
	} else {
		// The case's details, and the documents the pack describes without
		// their bytes (only a case import can add those), in one step.
		c := p.Case
		first := &casefile.Case{Title: c.Title, Authority: c.Authority, LocalTimescales: c.LocalTimescales}
		for _, d := range c.Documents {
			if _, ok := p.Originals[d.ID]; !ok {
				first.Documents = append(first.Documents, d)
			}
		}
		ci, err := v.ImportCase(ctx, first)
		if err != nil {
			return nil, fmt.Errorf("add pack: %w", err)
		}
		o = Origin{FamilyCase: p.Manifest.Case, LocalCase: ci.ID, Family: []string{store.TypeCase + "/case"}}
		for _, d := range first.Documents {
			o.Family = append(o.Family, store.TypeDocument+"/"+d.ID)
		}
		current = &casefile.Case{Documents: first.Documents}
	}
	imp := &importer{ctx: ctx, v: v, p: p, caseID: o.LocalCase, o: &o, cur: current, res: res}
	imp.run(letters)
	o.Title, o.Checkpoint, o.Packed, o.From, o.Imported = p.Case.Title, p.Manifest.Checkpoint, p.Manifest.Created, from, now.UTC()
	if imp.err != nil {
		// Record what was added so far, so that the next attempt updates
		// rather than duplicates, but keep the earlier checkpoint (and the
		// family's journal that goes with it).
		if ok {
			o.Checkpoint = res.Before
		} else {
			o.Checkpoint = ""
		}
	} else {
		kept = &familyRecord{Records: p.Records, LeftOut: p.Manifest.LeftOut}
	}
	// The family's journal is kept beside the origin, in the same
	// (encrypted) setting, so that the two are always written together.
	b, err := json.Marshal(originSetting{Origin: o, Journal: kept})
	if err != nil {
		return nil, err
	}
	if err := v.SetSetting(ctx, key, string(b)); err != nil {
		return nil, fmt.Errorf("add pack: %w", err)
	}
	if imp.err != nil {
		return nil, fmt.Errorf("add pack: %w", imp.err)
	}
	ci, err := v.FindCase(ctx, o.LocalCase)
	if err != nil {
		return nil, fmt.Errorf("add pack: %w", err)
	}
	res.Case, res.Origin = ci, o
	return res, nil
}

type importer struct {
	ctx    context.Context
	v      *store.Vault
	p      *Pack
	caseID string
	o      *Origin
	cur    *casefile.Case
	res    *ImportResult
	err    error
}

func (im *importer) note(what, typ, id, why string) {
	im.res.Changes = append(im.res.Changes, Change{What: what, Type: typ, ID: id, Why: why})
}

// slot decides what to do with a family object: "add" when the copy has no
// object of that ID, "amend" when it has the family's, "" (with a change
// noted) when the ID is taken by the receiver's own object.
func (im *importer) slot(typ, id string, exists bool) string {
	fam := im.o.IsFamily(typ, id)
	switch {
	case !exists:
		if !fam {
			im.o.Family = append(im.o.Family, typ+"/"+id)
		}
		return "add"
	case fam:
		return "amend"
	}
	im.note("not added", typ, id, "your own "+typ+" in this copy already has that ID; the family's is in the pack")
	return ""
}

func (im *importer) run(letters []store.Letter) {
	ctx, v, c, cur := im.ctx, im.v, im.p.Case, im.cur
	do := func(err error) bool {
		if err != nil && im.err == nil {
			im.err = err
		}
		return im.err == nil
	}
	if im.res.Updated {
		old, err := v.LoadCase(ctx, im.caseID)
		if !do(err) {
			return
		}
		if old.Title != c.Title || old.Authority != c.Authority {
			if do(v.UpdateCase(ctx, im.caseID, c.Title, c.Authority)) {
				im.note("changed", store.TypeCase, "case", "")
			}
		}
	}
	for _, ch := range c.Children {
		i := slices.IndexFunc(cur.Children, func(x casefile.Child) bool { return x.ID == ch.ID })
		switch im.slot(store.TypeChild, ch.ID, i >= 0) {
		case "add":
			if _, err := v.PutChild(ctx, im.caseID, ch); do(err) {
				im.note("added", store.TypeChild, ch.ID, "")
			}
		case "amend":
			if cur.Children[i] != ch {
				if _, err := v.PutChild(ctx, im.caseID, ch); do(err) {
					im.note("changed", store.TypeChild, ch.ID, "")
				}
			}
		}
	}
	for _, pe := range c.People {
		i := slices.IndexFunc(cur.People, func(x casefile.Person) bool { return x.ID == pe.ID })
		switch im.slot(store.TypePerson, pe.ID, i >= 0) {
		case "add":
			if _, err := v.PutPerson(ctx, im.caseID, pe); do(err) {
				im.note("added", store.TypePerson, pe.ID, "")
			}
		case "amend":
			if !reflect.DeepEqual(cur.People[i], pe) {
				if _, err := v.PutPerson(ctx, im.caseID, pe); do(err) {
					im.note("changed", store.TypePerson, pe.ID, "")
				}
			}
		}
	}
	for _, d := range c.Documents {
		if im.err != nil {
			return
		}
		i := slices.IndexFunc(cur.Documents, func(x casefile.Document) bool { return x.ID == d.ID })
		switch im.slot(store.TypeDocument, d.ID, i >= 0) {
		case "add":
			b, ok := im.p.Originals[d.ID]
			if !ok {
				im.note("not added", store.TypeDocument, d.ID, "the pack has only its description, not its bytes")
				continue
			}
			if _, err := v.ImportDocument(ctx, im.caseID, bytes.NewReader(b), store.DocumentInfo{ID: d.ID, Name: d.Name, Type: d.Type, Date: d.Date, Source: d.Source}); !do(err) {
				return
			}
			if pages := im.p.Texts[d.ID]; len(pages) > 0 {
				do(v.PutPageTexts(ctx, im.caseID, d.ID, pages))
			}
			im.note("added", store.TypeDocument, d.ID, "")
		case "amend":
			if cur.Documents[i] != d {
				if do(v.UpdateDocument(ctx, im.caseID, d)) {
					im.note("changed", store.TypeDocument, d.ID, "")
				}
			}
		}
	}
	for _, e := range c.Events {
		i := slices.IndexFunc(cur.Events, func(x casefile.Event) bool { return x.ID == e.ID })
		switch im.slot(store.TypeEvent, e.ID, i >= 0) {
		case "add":
			if _, err := v.AddEvent(ctx, im.caseID, e); do(err) {
				im.note("added", store.TypeEvent, e.ID, "")
			}
		case "amend":
			if !reflect.DeepEqual(cur.Events[i], e) {
				if do(v.AmendEvent(ctx, im.caseID, e)) {
					im.note("changed", store.TypeEvent, e.ID, "")
				}
			}
		}
	}
	for _, n := range c.Notes {
		i := slices.IndexFunc(cur.Notes, func(x casefile.Note) bool { return x.ID == n.ID })
		var have int // versions of the note the copy already has
		switch im.slot(store.TypeNote, n.ID, i >= 0) {
		case "":
			continue
		case "amend":
			have = len(cur.Notes[i].Versions) + 1
		}
		all := append(slices.Clone(n.Versions), noteVersion(n))
		if have > len(all) {
			have = len(all)
		}
		for k := have; k < len(all); k++ {
			nv := all[k]
			nn := casefile.Note{ID: n.ID, Occurred: nv.Occurred, Kind: nv.Kind, People: nv.People, Text: nv.Text, Events: nv.Events, Documents: nv.Documents, Tags: nv.Tags}
			var err error
			if k == 0 {
				_, err = v.AddNote(ctx, im.caseID, nn)
			} else {
				err = v.AmendNote(ctx, im.caseID, nn)
			}
			if !do(err) {
				return
			}
		}
		if have < len(all) {
			what := "changed"
			if have == 0 {
				what = "added"
			}
			im.note(what, store.TypeNote, n.ID, "")
		}
		wasArchived := i >= 0 && cur.Notes[i].Archived
		if n.Archived && !wasArchived {
			if do(v.Archive(ctx, im.caseID, store.TypeNote, n.ID)) {
				im.note("archived", store.TypeNote, n.ID, "")
			}
		} else if !n.Archived && wasArchived && im.o.IsFamily(store.TypeNote, n.ID) {
			if do(v.Unarchive(ctx, im.caseID, store.TypeNote, n.ID)) {
				im.note("changed", store.TypeNote, n.ID, "")
			}
		}
	}
	for _, l := range im.p.Letters {
		i := slices.IndexFunc(letters, func(x store.Letter) bool { return x.ID == l.ID })
		switch im.slot(store.TypeLetter, l.ID, i >= 0) {
		case "add", "amend":
			if i >= 0 && letters[i].Kind == l.Kind && letters[i].Title == l.Title && letters[i].Status == l.Status && letters[i].Sent == l.Sent && bytes.Equal(letters[i].Content, l.Content) {
				continue
			}
			what := "added"
			if i >= 0 {
				what = "changed"
			}
			if _, err := v.SaveLetter(ctx, im.caseID, store.Letter{ID: l.ID, Kind: l.Kind, Title: l.Title, Status: l.Status, Sent: l.Sent, Content: l.Content}); do(err) {
				im.note(what, store.TypeLetter, l.ID, "")
			}
		}
	}
	// What the family archived since (events, documents, people, children
	// no longer in their case) is archived in the copy too, never deleted.
	for _, e := range cur.Events {
		if im.o.IsFamily(store.TypeEvent, e.ID) && !slices.ContainsFunc(c.Events, func(x casefile.Event) bool { return x.ID == e.ID }) {
			if do(v.Archive(ctx, im.caseID, store.TypeEvent, e.ID)) {
				im.note("archived", store.TypeEvent, e.ID, "")
			}
		}
	}
}

func noteVersion(n casefile.Note) casefile.NoteVersion {
	return casefile.NoteVersion{Occurred: n.Occurred, Recorded: n.Recorded, Kind: n.Kind, People: n.People, Text: n.Text, Events: n.Events, Documents: n.Documents, Tags: n.Tags}
}

// OwnNoteID returns an ID for a note the receiver writes in a copy added
// from a pack: "own-1", "own-2", ... (the first not used in c). The family's
// vault numbers its notes "n1", "n2", ..., so a receiver's note given this ID
// never takes the ID of a note a newer pack brings.
func OwnNoteID(c *casefile.Case) string {
	used := map[string]bool{}
	for _, n := range c.Notes {
		used[n.ID] = true
	}
	for _, d := range c.Documents {
		used[d.ID] = true
	}
	for i := 1; ; i++ {
		id := fmt.Sprintf("own-%d", i)
		if !used[id] {
			return id
		}
	}
}

// IsOwnNoteID reports whether id is one OwnNoteID gives: a note the
// receiver wrote in a copy added from a pack, not one of the family's.
func IsOwnNoteID(id string) bool {
	n, ok := strings.CutPrefix(id, "own-")
	if !ok || n == "" {
		return false
	}
	for _, r := range n {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// NoteIDFor is the ID a new note written by this vault's user in case
// localCase should get: OwnNoteID when the case was added from a pack (so
// that the receiver's note never takes the ID of a note a newer pack brings),
// and "" otherwise (the vault numbers it as usual). c is the case as loaded.
// The command line's note add and the desktop's journal both call it.
func NoteIDFor(ctx context.Context, v *store.Vault, localCase string, c *casefile.Case) (string, error) {
	_, ok, err := OriginOf(ctx, v, localCase)
	if err != nil {
		return "", fmt.Errorf("where the case came from: %w", err)
	}
	if !ok {
		return "", nil
	}
	return OwnNoteID(c), nil
}
