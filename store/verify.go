package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
)

// Checkpoint returns the case's checkpoint: its latest record's number and
// the first 100 bits of that record's chain hash, such as
// "12-7KQ2-M9XD-PA4T-ZB3H-W6RC". Printed on letters and bundles, it lets
// anyone shown it once detect a later rewrite of the history up to it.
func (v *Vault) Checkpoint(caseID string) (string, error) {
	var cp string
	err := v.readCase(caseID, func(cs *caseState) error {
		cp = FormatCheckpoint(cs.chain.seq, cs.chain.head)
		return nil
	})
	return cp, err
}

// VerifyCheckpoint checks that an earlier checkpoint of the case names a
// record of its journal as it now stands. It fails, matching
// casefile.ErrTampered, when the history up to it has been rewritten, even
// by someone who had the key and recomputed every hash.
func (v *Vault) VerifyCheckpoint(ctx context.Context, caseID, checkpoint string) error {
	return v.readCase(caseID, func(cs *caseState) error {
		return checkCheckpoint(caseID, checkpoint, func(seq uint64) (Hash, bool) {
			if seq == 0 || seq > uint64(len(cs.hashes)) {
				return Hash{}, false
			}
			return cs.hashes[seq-1], true
		})
	})
}

// Journal returns the case's journal records, read from disk and decrypted,
// with their chain hashes, salts and content (nil once purged): what a bundle
// manifest carries and VerifyChain checks.
func (v *Vault) Journal(ctx context.Context, caseID string) ([]Record, error) {
	var out []Record
	err := v.readCase(caseID, func(cs *caseState) error {
		var head []byte
		if err := v.db.QueryRowContext(ctx, "SELECT head FROM cases WHERE id = ?", caseID).Scan(&head); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return &RecordError{Case: caseID, Reason: "the case is missing from the list of cases"}
			}
			return dbErr("read journal", err) // a cancelled context, a busy disk: not tampering
		}
		check := newCaseState(caseID)
		rows, err := v.db.QueryContext(ctx, "SELECT seq, hash, record, content FROM journal WHERE case_id = ? ORDER BY seq", caseID)
		if err != nil {
			return dbErr("read journal", err)
		}
		defer rows.Close()
		for rows.Next() {
			var seq int64
			var hash, rec, content []byte
			if err := rows.Scan(&seq, &hash, &rec, &content); err != nil {
				return dbErr("read journal", err)
			}
			r, _, err := openRow(v.keys, nil, caseID, seq, hash, rec, content)
			if err != nil {
				return &RecordError{Case: caseID, Seq: uint64(seq), Reason: err.Error()}
			}
			if err := check.apply(&r, nil, content != nil); err != nil {
				return err
			}
			out = append(out, r)
		}
		if err := rows.Err(); err != nil {
			return dbErr("read journal", err)
		}
		// The same end-of-journal checks as loading: the head, purges.
		check.finish(v.keys, head)
		if check.err != nil {
			return check.err
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read journal: %w", err)
	}
	return out, nil
}

// Verify checks the whole vault on disk: SQLite's integrity check, the key
// header, the list of cases, every journal record's MAC, hash, chain link and
// content commitment, every chain head, every document chunk's MAC and every
// document's SHA-256, the settings, and that no chunk is orphaned. It returns
// nil or an error naming the first bad record (a *RecordError matching
// casefile.ErrTampered).
func (v *Vault) Verify(ctx context.Context) error {
	v.wmu.Lock()
	defer v.wmu.Unlock()
	v.mu.RLock()
	if err := v.unlocked(); err != nil {
		v.mu.RUnlock()
		return err
	}
	k := *v.keys
	v.mu.RUnlock()
	defer k.wipe()
	if err := verifyDB(ctx, v.db, &k); err != nil {
		return fmt.Errorf("verify: %w", err)
	}
	return nil
}

// verifyDB checks a vault database (the live one, or a backup) with keys k.
func verifyDB(ctx context.Context, db *sql.DB, k *keys) error {
	var res []string
	rows, err := db.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
		return dbErr("integrity check", err)
	}
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			rows.Close()
			return dbErr("integrity check", err)
		}
		res = append(res, s)
	}
	rows.Close()
	if len(res) != 1 || res[0] != "ok" {
		return &RecordError{Reason: "the database file is damaged: " + strings.Join(res, "; ")}
	}
	if err := checkSchema(ctx, db); err != nil {
		return err
	}
	var raw []byte
	if err := db.QueryRowContext(ctx, "SELECT header FROM keyslot WHERE id = 1").Scan(&raw); err != nil {
		return &RecordError{Reason: "the key header is missing"}
	}
	h, err := parseHeader(raw)
	if err != nil {
		return err
	}
	if h.VaultID != k.vaultID {
		return &RecordError{Reason: "the key header belongs to another vault"}
	}
	st, err := load(ctx, db, k)
	if err != nil {
		return err
	}
	blobs := map[string]bool{}
	for _, cs := range st.order {
		if cs.err != nil {
			return cs.err
		}
		for _, o := range cs.order {
			d, ok := o.current().(*docContent)
			if !ok || d.Blob == "" {
				continue
			}
			blobs[d.Blob] = true
			if err := verifyDocument(ctx, db, k, cs.id, d); err != nil {
				return err
			}
		}
	}
	if st.settingsErr != nil {
		return st.settingsErr
	}
	if _, err := readSettings(ctx, db, k, st.ids()); err != nil {
		return err
	}
	rows, err = db.QueryContext(ctx, "SELECT blob, COUNT(*), MAX(idx) FROM chunks GROUP BY blob")
	if err != nil {
		return dbErr("read chunks", err)
	}
	defer rows.Close()
	for rows.Next() {
		var blob []byte
		var n, maxIdx int64
		if err := rows.Scan(&blob, &n, &maxIdx); err != nil {
			return dbErr("read chunks", err)
		}
		if !blobs[hex.EncodeToString(blob)] {
			return &RecordError{Reason: fmt.Sprintf("%d document chunks belong to no document", n)}
		}
		if n != maxIdx+1 {
			return &RecordError{Reason: fmt.Sprintf("a document has chunks out of sequence (%d chunks, last numbered %d)", n, maxIdx)}
		}
	}
	return dbErr("read chunks", rows.Err())
}

func verifyDocument(ctx context.Context, db *sql.DB, k *keys, caseID string, d *docContent) error {
	// The reason names the document (its ID and file name): a RecordError
	// with no record number prints no Object.
	bad := func(reason string) error {
		what := "document " + d.ID
		if d.Name != "" {
			what += fmt.Sprintf(" (%q)", d.Name)
		}
		return &RecordError{Case: caseID, Object: "document " + d.ID, Reason: what + ": " + reason}
	}
	blob, err := blobID(d.Blob)
	if err != nil || d.ChunkSize < minChunkSize || d.ChunkSize > maxChunkSize || d.Chunks < 1 {
		return bad("its chunk layout is malformed")
	}
	rows, err := db.QueryContext(ctx, "SELECT idx, data FROM chunks WHERE blob = ? ORDER BY idx", blob)
	if err != nil {
		return dbErr("read chunks", err)
	}
	defer rows.Close()
	sum := sha256.New()
	var total, want int64
	for rows.Next() {
		var idx int64
		var sealed []byte
		if err := rows.Scan(&idx, &sealed); err != nil {
			return dbErr("read chunks", err)
		}
		if idx != want {
			return bad(fmt.Sprintf("chunk %d of %d is missing", want+1, d.Chunks))
		}
		if idx >= d.Chunks {
			return bad(fmt.Sprintf("it has more than its %d chunks", d.Chunks))
		}
		final := idx == d.Chunks-1
		plain, err := k.openBlob(sealed, chunkAD(k, blob, idx, final))
		if err != nil {
			return bad(fmt.Sprintf("chunk %d of %d does not decrypt: it was altered, moved or swapped", idx+1, d.Chunks))
		}
		sum.Write(plain)
		total += int64(len(plain))
		want++
	}
	if err := rows.Err(); err != nil {
		return dbErr("read chunks", err)
	}
	if want != d.Chunks {
		return bad(fmt.Sprintf("chunk %d of %d is missing", want+1, d.Chunks))
	}
	if hex.EncodeToString(sum.Sum(nil)) != d.SHA256 || total != d.Size {
		return bad("its bytes do not match the SHA-256 recorded at import")
	}
	return nil
}
