package store

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
)

// readBack reads the batch's records and the case's head back inside the
// write's transaction, before it commits, and checks them through the chain:
// each record decrypts in its place, has the hash that was written and links
// to the one before, none is missing or extra, and the head is the one
// written. Something that changes or deletes rows as they are written (a
// trigger added outside Redress while the vault was open, a broken disk
// cache) fails the write, which rolls back, instead of a note being
// "recorded" and then lost.
func (b *batch) readBack(ctx context.Context, tx *sql.Tx) error {
	if len(b.recs) == 0 {
		return nil
	}
	lost := func(format string, args ...any) error {
		return &RecordError{Case: b.cs.id, Reason: "what was written could not be read back as written (" +
			fmt.Sprintf(format, args...) + "): the database is being changed by something other than Redress; nothing was saved"}
	}
	first := b.recs[0].rec.Seq
	rows, err := tx.QueryContext(ctx, "SELECT seq, hash, record, content FROM journal WHERE case_id = ? AND seq >= ? ORDER BY seq", b.cs.id, int64(first))
	if err != nil {
		return err
	}
	defer rows.Close()
	i := 0
	prev := b.recs[0].rec.Prev
	for rows.Next() {
		var seq int64
		var hash, rec, content []byte
		if err := rows.Scan(&seq, &hash, &rec, &content); err != nil {
			return err
		}
		if i >= len(b.recs) {
			return lost("record %d is there, which was not written", seq)
		}
		p := b.recs[i]
		if uint64(seq) != p.rec.Seq {
			return lost("record %d is missing", p.rec.Seq)
		}
		r, _, err := openRow(b.k, nil, b.cs.id, seq, hash, rec, content)
		if err != nil {
			return lost("record %d: %v", seq, err)
		}
		if r.Hash != p.rec.Hash || r.ComputeHash() != p.rec.Hash || r.Prev != prev || (content != nil) != (p.content != nil) {
			return lost("record %d is not the one written", seq)
		}
		prev = r.Hash
		i++
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if i < len(b.recs) {
		return lost("record %d is missing", b.recs[i].rec.Seq)
	}
	var head []byte
	if err := tx.QueryRowContext(ctx, "SELECT head FROM cases WHERE id = ?", b.cs.id).Scan(&head); err != nil {
		return lost("the case's head cannot be read: %v", err)
	}
	if !bytes.Equal(head, b.k.headBlob(b.cs.id, b.seq, b.head)) {
		return lost("the case's head is not the one written")
	}
	return nil
}
