package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/redress-app/redress/casefile"
)

// CaseInfo is one line of the case list.
type CaseInfo struct {
	ID        string
	Title     string
	Authority string
	Updated   time.Time // the time of the case's latest journal record
	Records   int       // journal records
	// Err is set when the case's journal does not verify; the case cannot be
	// read or written until it is restored. It matches casefile.ErrTampered.
	Err error
}

func (cs *caseState) info() CaseInfo {
	ci := CaseInfo{ID: cs.id, Updated: cs.updated, Records: cs.nrec, Err: cs.err}
	if cs.err == nil {
		d := cs.details()
		ci.Title, ci.Authority = d.Title, d.Authority
	}
	return ci
}

// Cases lists the vault's cases in the order they were created.
func (v *Vault) Cases(ctx context.Context) ([]CaseInfo, error) {
	var out []CaseInfo
	err := v.read(func(st *state) error {
		for _, cs := range st.order {
			out = append(out, cs.info())
		}
		return nil
	})
	return out, err
}

// FindCase finds a case by its ID or its exact title: casefile.ErrNotFound
// when nothing matches, casefile.ErrAmbiguous when several titles do.
func (v *Vault) FindCase(ctx context.Context, ref string) (CaseInfo, error) {
	var out CaseInfo
	err := v.read(func(st *state) error {
		if cs := st.cases[ref]; cs != nil {
			out = cs.info()
			return nil
		}
		var found []CaseInfo
		for _, cs := range st.order {
			if cs.err == nil && cs.details().Title == ref {
				found = append(found, cs.info())
			}
		}
		switch len(found) {
		case 0:
			return fmt.Errorf("no case has the ID or title %q: %w", ref, casefile.ErrNotFound)
		case 1:
			out = found[0]
			return nil
		}
		ids := make([]string, len(found))
		for i, f := range found {
			ids[i] = f.ID
		}
		return fmt.Errorf("%d cases are titled %q (%s); use an ID: %w", len(found), ref, strings.Join(ids, ", "), casefile.ErrAmbiguous)
	})
	return out, err
}

// CreateCase starts a new, empty case.
func (v *Vault) CreateCase(ctx context.Context, title, authority string) (CaseInfo, error) {
	cs, err := v.write(ctx, "", func(b *batch, tx *sql.Tx) error {
		return b.add(OpCreate, TypeCase, caseObject, &caseContent{Title: title, Authority: authority})
	})
	if err != nil {
		return CaseInfo{}, fmt.Errorf("create case: %w", err)
	}
	return v.caseInfo(cs), nil
}

func (v *Vault) caseInfo(cs *caseState) CaseInfo {
	v.mu.RLock()
	defer v.mu.RUnlock()
	return cs.info()
}

// UpdateCase amends the case's title and authority.
func (v *Vault) UpdateCase(ctx context.Context, caseID, title, authority string) error {
	_, err := v.write(ctx, caseID, func(b *batch, tx *sql.Tx) error {
		d := b.cs.details()
		if d.Title == title && d.Authority == authority {
			return nil
		}
		return b.add(OpAmend, TypeCase, caseObject, &caseContent{Title: title, Authority: authority, LocalTimescales: d.LocalTimescales})
	})
	if err != nil {
		return fmt.Errorf("update case: %w", err)
	}
	return nil
}

// SetLocalTimescales amends the case's record of the council's own corporate
// complaints timescales; nil clears it.
func (v *Vault) SetLocalTimescales(ctx context.Context, caseID string, lt *casefile.LocalTimescales) error {
	var lc *localContent
	if lt != nil {
		if err := lt.Check(); err != nil {
			return fmt.Errorf("set local timescales: %w", err)
		}
		l := localContent(*lt)
		lc = &l
	}
	_, err := v.write(ctx, caseID, func(b *batch, tx *sql.Tx) error {
		d := b.cs.details()
		if (d.LocalTimescales == nil && lc == nil) || (d.LocalTimescales != nil && lc != nil && *d.LocalTimescales == *lc) {
			return nil
		}
		return b.add(OpAmend, TypeCase, caseObject, &caseContent{Title: d.Title, Authority: d.Authority, LocalTimescales: lc})
	})
	if err != nil {
		return fmt.Errorf("set local timescales: %w", err)
	}
	return nil
}

// LoadCase returns the case as it stands: current versions of everything in
// the order it was added, notes with their earlier versions (oldest first)
// and archived notes marked; archived events, children, people and documents
// are left out, and purged objects are gone. It is what ExportCase writes.
func (v *Vault) LoadCase(ctx context.Context, caseID string) (*casefile.Case, error) {
	var c *casefile.Case
	err := v.readCase(caseID, func(cs *caseState) error {
		c = cs.export()
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("load case: %w", err)
	}
	return c, nil
}

// ExportCase returns the case for writing as a redress-case/1 file (with
// casefile.Marshal); it is LoadCase under the name the command line uses.
func (v *Vault) ExportCase(ctx context.Context, caseID string) (*casefile.Case, error) {
	return v.LoadCase(ctx, caseID)
}

// checkWithCodec validates c by the case file format's own strict rules.
func checkWithCodec(name string, c *casefile.Case) error {
	b, err := casefile.Marshal(c)
	if err != nil {
		return err
	}
	_, err = casefile.Decode(name, b)
	return err
}

// ImportCase adds c as a new case, losslessly: exporting it gives c back.
// Notes keep their recorded-at times and earlier versions (as amendments);
// documents become metadata-only until their bytes are imported.
func (v *Vault) ImportCase(ctx context.Context, c *casefile.Case) (CaseInfo, error) {
	if err := checkWithCodec(c.Title, c); err != nil {
		return CaseInfo{}, fmt.Errorf("import case: %w", err)
	}
	cs, err := v.write(ctx, "", func(b *batch, tx *sql.Tx) error {
		cc := &caseContent{Title: c.Title, Authority: c.Authority}
		if lt := c.LocalTimescales; lt != nil {
			l := localContent(*lt)
			cc.LocalTimescales = &l
		}
		if err := b.add(OpCreate, TypeCase, caseObject, cc); err != nil {
			return err
		}
		for _, ch := range c.Children {
			if err := b.add(OpCreate, TypeChild, ch.ID, &childContent{ID: ch.ID, Name: ch.Name, Born: ch.Born, Mobility: ch.Mobility}); err != nil {
				return err
			}
		}
		for _, p := range c.People {
			if err := b.add(OpCreate, TypePerson, p.ID, (*personContent)(&p)); err != nil {
				return err
			}
		}
		for _, d := range c.Documents {
			dc := &docContent{ID: d.ID, Name: d.Name, Type: d.Type, Date: d.Date, Source: d.Source, SHA256: d.SHA256, Size: d.Size}
			if err := b.add(OpCreate, TypeDocument, d.ID, dc); err != nil {
				return err
			}
		}
		for _, e := range c.Events {
			if err := b.add(OpCreate, TypeEvent, e.ID, fromEvent(e)); err != nil {
				return err
			}
		}
		for _, n := range c.Notes {
			vs := append(slices.Clone(n.Versions), noteVersionOf(n))
			for i, nv := range vs {
				op := OpAmend
				if i == 0 {
					op = OpCreate
				}
				if err := b.add(op, TypeNote, n.ID, fromNote(n.ID, nv)); err != nil {
					return err
				}
			}
			if n.Archived {
				if err := b.add(OpArchive, TypeNote, n.ID, nil); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return CaseInfo{}, fmt.Errorf("import case: %w", err)
	}
	return v.caseInfo(cs), nil
}

func checkID(what, id string) error {
	if !idPattern.MatchString(id) {
		return fmt.Errorf("%s id %q must be 1 to 64 letters, digits, '.', '_', ':' or '-', starting with a letter or digit: %w", what, id, casefile.ErrInvalidCase)
	}
	return nil
}

// children returns the case's live children, for validating events.
func (cs *caseState) children() []casefile.Child {
	var out []casefile.Child
	for _, o := range cs.order {
		if c, ok := o.current().(*childContent); ok && !o.archived {
			out = append(out, casefile.Child{ID: c.ID, Name: c.Name, Born: c.Born, Mobility: c.Mobility})
		}
	}
	return out
}

// PutChild adds the child (a new ID is chosen when ch.ID is empty) or, when
// the case already has a child with ch.ID, amends it. It returns the ID.
func (v *Vault) PutChild(ctx context.Context, caseID string, ch casefile.Child) (string, error) {
	_, err := v.write(ctx, caseID, func(b *batch, tx *sql.Tx) error {
		if ch.ID == "" {
			ch.ID = b.cs.nextID("c", TypeChild)
		}
		if err := checkWithCodec("child "+ch.ID, &casefile.Case{Children: []casefile.Child{ch}}); err != nil {
			return err
		}
		op := OpCreate
		if b.exists(TypeChild, ch.ID) {
			op = OpAmend
		}
		return b.add(op, TypeChild, ch.ID, &childContent{ID: ch.ID, Name: ch.Name, Born: ch.Born, Mobility: ch.Mobility})
	})
	if err != nil {
		return "", fmt.Errorf("save child: %w", err)
	}
	return ch.ID, nil
}

// PutPerson adds the person (a new ID is chosen when p.ID is empty) or, when
// the case already has a person with p.ID, amends them. It returns the ID.
func (v *Vault) PutPerson(ctx context.Context, caseID string, p casefile.Person) (string, error) {
	_, err := v.write(ctx, caseID, func(b *batch, tx *sql.Tx) error {
		if p.ID == "" {
			p.ID = b.cs.nextID("p", TypePerson)
		}
		if err := checkWithCodec("person "+p.ID, &casefile.Case{People: []casefile.Person{p}}); err != nil {
			return err
		}
		op := OpCreate
		if b.exists(TypePerson, p.ID) {
			op = OpAmend
		}
		return b.add(op, TypePerson, p.ID, (*personContent)(&p))
	})
	if err != nil {
		return "", fmt.Errorf("save person: %w", err)
	}
	return p.ID, nil
}
