package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/redress-app/redress/casefile"
)

// A batch is the records one write appends to one case's journal, built
// against the case as it stands and committed in one transaction.
type batch struct {
	k     *keys // a copy, wiped after the write: Lock may wipe the vault's at any time
	cs    *caseState
	isNew bool
	ids   []string // every case ID, for a new case's list MAC
	seq   uint64
	head  Hash
	over  map[string]*chainObj
	recs  []*pending
	now   time.Time
	after []func(*caseState) // changes to memory beyond the records, once committed
	purge []uint64           // rows whose content a purge removes
}

type pending struct {
	rec     Record
	value   any
	salt    []byte
	content []byte
}

func (b *batch) obj(typ, id string) *chainObj {
	key := objKey(typ, id)
	if o, ok := b.over[key]; ok {
		return o
	}
	if o := b.cs.chain.objs[key]; o != nil {
		c := *o
		b.over[key] = &c
		return &c
	}
	return nil
}

// exists reports whether a live (not purged) object exists, counting records
// already added to this batch.
func (b *batch) exists(typ, id string) bool {
	o := b.obj(typ, id)
	return o != nil && !o.purged
}

// add appends one record. value is the new content for create and amend.
func (b *batch) add(op, typ, id string, value any) error {
	o := b.obj(typ, id)
	what := typ + " " + id
	r := Record{Case: b.cs.id, Seq: b.seq + 1, Prev: b.head, Time: b.now.UTC().Format(time.RFC3339Nano),
		Op: op, Type: typ, Object: id}
	if op != OpCreate {
		if o == nil {
			return fmt.Errorf("%s: %w", what, casefile.ErrNotFound)
		}
		if o.purged {
			return fmt.Errorf("%s was purged: %w", what, casefile.ErrNotFound)
		}
	}
	switch op {
	case OpCreate:
		if o != nil {
			return fmt.Errorf("%s: %w", what, casefile.ErrExists)
		}
		r.Version = 1
		o = &chainObj{}
		b.over[objKey(typ, id)] = o
	case OpAmend:
		r.Version, r.Replaces = o.version+1, o.last
	case OpArchive:
		if o.archived {
			return fmt.Errorf("%s is already archived", what)
		}
		r.Version = o.version
		o.archived = true
	case OpUnarchive:
		if !o.archived {
			return fmt.Errorf("%s is not archived", what)
		}
		r.Version = o.version
		o.archived = false
	case OpPurge:
		r.Version = o.version
		o.purged = true
		if cur := b.cs.objs[objKey(typ, id)]; cur != nil {
			for _, v := range cur.versions {
				b.purge = append(b.purge, v.seq)
			}
		}
		for _, p := range b.recs {
			if p.rec.Type == typ && p.rec.Object == id {
				return fmt.Errorf("%s: cannot be created and purged in one step", what)
			}
		}
	}
	p := &pending{value: value}
	if op == OpCreate || op == OpAmend {
		p.content = marshalContent(value)
		p.salt = randomBytes(saltSize)
		r.ContentHash = ContentCommitment(p.salt, p.content)
	}
	r.Hash = r.ComputeHash()
	if op == OpCreate || op == OpAmend {
		o.version, o.last = r.Version, r.Hash
	}
	p.rec = r
	b.recs = append(b.recs, p)
	b.seq, b.head = r.Seq, r.Hash
	return nil
}

// flush writes the batch's records and the case's new head.
func (b *batch) flush(ctx context.Context, tx *sql.Tx) error {
	if len(b.recs) == 0 {
		return nil
	}
	k := b.k
	if b.isNew {
		if _, err := tx.ExecContext(ctx, "INSERT INTO cases (id, head) VALUES (?, ?)", b.cs.id, []byte{}); err != nil {
			return err
		}
		sealed, err := readSealedSettings(ctx, tx)
		if err != nil {
			return err
		}
		// The new MAC must not bless a case list or settings changed
		// outside Redress: check the old one first.
		if err := checkSettings(ctx, tx, k, b.ids, sealed); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE meta SET value = ? WHERE name = 'cases'", k.casesValue(append(b.ids, b.cs.id), sealed)); err != nil {
			return err
		}
	}
	stmt, err := tx.PrepareContext(ctx, "INSERT INTO journal (case_id, seq, hash, record, content) VALUES (?, ?, ?, ?, ?)")
	if err != nil {
		return err
	}
	defer stmt.Close()
	for _, p := range b.recs {
		r := &p.rec
		seq := u64(r.Seq)
		sealed := k.sealTo(nil, r.Encode(), k.ad(adRecord, []byte(r.Case), seq))
		var content []byte
		if p.content != nil {
			body := append(append(make([]byte, 0, saltSize+len(p.content)), p.salt...), p.content...)
			content = k.sealTo(nil, body, k.ad(adContent, []byte(r.Case), seq))
			clear(body)
		}
		if _, err := stmt.ExecContext(ctx, r.Case, int64(r.Seq), r.Hash[:], sealed, content); err != nil {
			return err
		}
	}
	for _, seq := range b.purge {
		if _, err := tx.ExecContext(ctx, "UPDATE journal SET content = NULL WHERE case_id = ? AND seq = ?", b.cs.id, int64(seq)); err != nil {
			return err
		}
	}
	res, err := tx.ExecContext(ctx, "UPDATE cases SET head = ? WHERE id = ?", k.headBlob(b.cs.id, b.seq, b.head), b.cs.id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return fmt.Errorf("case %s is missing from the list of cases", b.cs.id)
	}
	return nil
}

// write runs fn to build a batch for caseID ("" makes a new case) and commits
// it with any extra statements fn ran on tx, all in one transaction. Memory
// changes only after the commit succeeds.
func (v *Vault) write(ctx context.Context, caseID string, fn func(b *batch, tx *sql.Tx) error) (*caseState, error) {
	v.wmu.Lock()
	defer v.wmu.Unlock()
	if err := v.refuseReadOnly(); err != nil {
		return nil, err
	}
	v.mu.RLock()
	if err := v.unlocked(); err != nil {
		v.mu.RUnlock()
		return nil, err
	}
	k := *v.keys
	defer k.wipe()
	st := v.st
	b := &batch{k: &k, over: map[string]*chainObj{}, now: v.opts.now()}
	if caseID == "" {
		id := newCaseID()
		for st.cases[id] != nil {
			id = newCaseID()
		}
		b.cs, b.isNew = newCaseState(id), true
		for _, cs := range st.order {
			b.ids = append(b.ids, cs.id)
		}
	} else {
		b.cs = st.cases[caseID]
	}
	v.mu.RUnlock()
	if b.cs == nil {
		return nil, fmt.Errorf("case %q: %w", caseID, casefile.ErrNotFound)
	}
	if b.cs.err != nil {
		return nil, b.cs.err
	}
	b.seq, b.head = b.cs.chain.seq, b.cs.chain.head
	err := inTx(ctx, v.db, func(tx *sql.Tx) error {
		if err := fn(b, tx); err != nil {
			return err
		}
		if err := b.flush(ctx, tx); err != nil {
			return err
		}
		return b.readBack(ctx, tx)
	})
	if err != nil {
		return nil, err
	}
	if len(b.purge) > 0 {
		// Push the overwritten pages out of the WAL into the database file now.
		_, _ = v.db.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)")
	} else {
		v.kickCheckpointer()
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.st != st {
		return b.cs, nil // locked meanwhile: the write is on disk and the next unlock loads it
	}
	v.gen++
	for _, p := range b.recs {
		if err := b.cs.apply(&p.rec, p.value, p.content != nil); err != nil {
			// A bug, not tampering: the batch was built against this state.
			b.cs.err = err
			return nil, fmt.Errorf("internal error applying a write: %w", err)
		}
		if v.index != nil {
			v.index.update(b.cs, p.rec.Type, p.rec.Object)
		}
	}
	for _, f := range b.after {
		f(b.cs)
	}
	if b.isNew {
		st.cases[b.cs.id] = b.cs
		st.order = append(st.order, b.cs)
	}
	return b.cs, nil
}

func newCaseID() string {
	b := randomBytes(10)
	out := make([]byte, 16)
	for i := range out {
		out[i] = "0123456789abcdefghjkmnpqrstvwxyz"[fiveBits(append(b, 0), i)]
	}
	return string(out)
}

// read runs fn with the state under the read lock.
func (v *Vault) read(fn func(st *state) error) error {
	v.mu.RLock()
	defer v.mu.RUnlock()
	if err := v.unlocked(); err != nil {
		return err
	}
	return fn(v.st)
}

// readCase runs fn with a case that loaded cleanly.
func (v *Vault) readCase(caseID string, fn func(cs *caseState) error) error {
	return v.read(func(st *state) error {
		cs := st.cases[caseID]
		if cs == nil {
			return fmt.Errorf("case %q: %w", caseID, casefile.ErrNotFound)
		}
		if cs.err != nil {
			return cs.err
		}
		return fn(cs)
	})
}
