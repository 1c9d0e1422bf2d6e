package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/redress-app/redress/casefile"
)

func rawDB(t testing.TB, dir string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+filepath.Join(dir, dbName)+"?_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	return db
}

// region is one BLOB cell of the database that the vault seals or hashes.
type region struct {
	table, column string
	rowid         int64
}

func (r region) String() string { return fmt.Sprintf("%s.%s row %d", r.table, r.column, r.rowid) }

func regions(t testing.TB, db *sql.DB) []region {
	var out []region
	for _, tc := range []struct{ table, column string }{
		{"journal", "record"}, {"journal", "content"}, {"journal", "hash"},
		{"chunks", "data"}, {"chunks", "blob"}, {"cases", "head"}, {"settings", "data"}, {"meta", "value"},
	} {
		rows, err := db.Query(fmt.Sprintf("SELECT rowid FROM %s WHERE %s IS NOT NULL", tc.table, tc.column))
		must(t, err)
		for rows.Next() {
			var id int64
			must(t, rows.Scan(&id))
			out = append(out, region{tc.table, tc.column, id})
		}
		rows.Close()
	}
	return out
}

func getBlob(t testing.TB, db *sql.DB, r region) []byte {
	var b []byte
	must(t, db.QueryRow(fmt.Sprintf("SELECT %s FROM %s WHERE rowid = ?", r.column, r.table), r.rowid).Scan(&b))
	return b
}

func setBlob(t testing.TB, db *sql.DB, r region, b []byte) {
	_, err := db.Exec(fmt.Sprintf("UPDATE %s SET %s = ? WHERE rowid = ?", r.table, r.column), b, r.rowid)
	must(t, err)
}

// smallVault is the vault the tamper tests flip every byte of.
func smallVault(t testing.TB) (*Vault, string, string) {
	v, dir := newTestVault(t, WithChunkSize(16))
	ctx := context.Background()
	ci, err := v.CreateCase(ctx, "T", "A")
	must(t, err)
	_, err = v.AddEvent(ctx, ci.ID, casefile.Event{Kind: "s47-started", Date: casefile.MustDate("2026-03-02"), Detail: "enquiry"})
	must(t, err)
	_, err = v.AddNote(ctx, ci.ID, casefile.Note{Text: "the original note"})
	must(t, err)
	_, err = v.ImportDocument(ctx, ci.ID, strings.NewReader("forty bytes of a document, in 3 chunks."), DocumentInfo{Name: "d.txt"})
	must(t, err)
	must(t, v.SetSetting(ctx, "k", "v"))
	must(t, v.Verify(ctx))
	return v, dir, ci.ID
}

// checkAllFail checks that the damage is detected everywhere the vault reads
// from disk, that the error is ErrTampered, and that no altered plaintext comes out.
func checkAllFail(t *testing.T, v *Vault, caseID, what string, wantJournal []Record, wantDoc string) {
	t.Helper()
	ctx := context.Background()
	if err := v.Verify(ctx); !errors.Is(err, casefile.ErrTampered) {
		t.Fatalf("%s: Verify = %v, want ErrTampered", what, err)
	}
	if recs, err := v.Journal(ctx, caseID); err == nil {
		for i := range recs {
			if i >= len(wantJournal) || recs[i].Hash != wantJournal[i].Hash || !bytes.Equal(recs[i].Content, wantJournal[i].Content) {
				t.Fatalf("%s: Journal returned altered record %d", what, i+1)
			}
		}
	} else if !errors.Is(err, casefile.ErrTampered) {
		t.Fatalf("%s: Journal = %v, want ErrTampered", what, err)
	}
	r, err := v.OpenDocument(ctx, caseID, "d1")
	must(t, err)
	got, err := io.ReadAll(r)
	if !strings.HasPrefix(wantDoc, string(got)) {
		t.Fatalf("%s: document read back altered: %q", what, got)
	}
	if err != nil && !errors.Is(err, casefile.ErrTampered) {
		t.Fatalf("%s: document read = %v, want ErrTampered", what, err)
	}
}

func TestTamperEveryByte(t *testing.T) {
	v, dir, caseID := smallVault(t)
	ctx := context.Background()
	db := rawDB(t, dir)
	journal, err := v.Journal(ctx, caseID)
	must(t, err)
	const doc = "forty bytes of a document, in 3 chunks."
	flips := 0
	for _, r := range regions(t, db) {
		if r.table == "meta" {
			if string(getBlob(t, db, r)) == FormatName {
				continue // the plaintext format marker: tested in TestOpenBadFiles
			}
		}
		orig := getBlob(t, db, r)
		for i := range orig {
			b := bytes.Clone(orig)
			b[i] ^= 0x01 << (i % 8)
			setBlob(t, db, r, b)
			checkAllFail(t, v, caseID, fmt.Sprintf("%v byte %d", r, i), journal, doc)
			flips++
		}
		for _, cut := range []int{0, len(orig) - 1, len(orig) / 2} {
			setBlob(t, db, r, orig[:cut])
			checkAllFail(t, v, caseID, fmt.Sprintf("%v cut to %d", r, cut), journal, doc)
		}
		setBlob(t, db, r, orig)
	}
	must(t, v.Verify(ctx))
	t.Logf("%d single-byte flips, all detected", flips)
}

func TestTamperMoves(t *testing.T) {
	const doc = "forty bytes of a document, in 3 chunks."
	tests := []struct {
		name string
		sql  []string
	}{
		{"swap two chunks", []string{
			"UPDATE chunks SET idx = 1000 WHERE blob = @b1 AND idx = 0",
			"UPDATE chunks SET idx = 0 WHERE blob = @b1 AND idx = 1",
			"UPDATE chunks SET idx = 1 WHERE blob = @b1 AND idx = 1000"}},
		{"drop the last chunk", []string{"DELETE FROM chunks WHERE blob = @b1 AND idx = 2"}},
		{"drop a middle chunk", []string{"DELETE FROM chunks WHERE blob = @b1 AND idx = 1"}},
		{"add a chunk", []string{"INSERT INTO chunks (blob, idx, data) SELECT blob, 3, data FROM chunks WHERE blob = @b1 AND idx = 2"}},
		{"chunk from another document", []string{"UPDATE chunks SET data = (SELECT data FROM chunks WHERE blob = @b2 AND idx = 0) WHERE blob = @b1 AND idx = 0"}},
		{"all chunks from another document", []string{"DELETE FROM chunks WHERE blob = @b1", "UPDATE chunks SET blob = @b1 WHERE blob = @b2"}},
		{"swap two records", []string{
			"UPDATE journal SET seq = 1000 WHERE case_id = @c AND seq = 2",
			"UPDATE journal SET seq = 2 WHERE case_id = @c AND seq = 3",
			"UPDATE journal SET seq = 3 WHERE case_id = @c AND seq = 1000"}},
		{"swap two contents", []string{
			"UPDATE journal SET content = (SELECT content FROM journal WHERE case_id = @c AND seq = 3) WHERE case_id = @c AND seq = 2"}},
		{"content from another case", []string{
			"UPDATE journal SET content = (SELECT content FROM journal WHERE case_id = @o AND seq = 2) WHERE case_id = @c AND seq = 3"}},
		{"record moved to another case", []string{
			"UPDATE journal SET case_id = @o, seq = 3 WHERE case_id = @c AND seq = 5"}},
		{"remove content", []string{"UPDATE journal SET content = NULL WHERE case_id = @c AND seq = 3"}},
		{"remove the last record", []string{"DELETE FROM journal WHERE case_id = @c AND seq = (SELECT MAX(seq) FROM journal WHERE case_id = @c)"}},
		{"old head", []string{"UPDATE cases SET head = (SELECT head FROM cases WHERE id = @o) WHERE id = @c"}},
		{"remove a case", []string{"DELETE FROM journal WHERE case_id = @o", "DELETE FROM cases WHERE id = @o"}},
		{"truncate the settings", []string{"UPDATE settings SET data = substr(data, 1, 20)"}},
		{"delete the settings", []string{"DELETE FROM settings"}},
		{"a trigger eating new journal rows", []string{"CREATE TRIGGER eat AFTER INSERT ON journal BEGIN DELETE FROM journal WHERE rowid = new.rowid; END"}},
		{"an extra table", []string{"CREATE TABLE leak (x TEXT)"}},
		{"an extra index", []string{"CREATE INDEX j_hash ON journal (hash)"}},
		{"a view", []string{"CREATE VIEW everything AS SELECT * FROM journal"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, dir, caseID := smallVault(t)
			ctx := context.Background()
			_, err := v.ImportDocument(ctx, caseID, strings.NewReader("another document, of thirty-nine bytes"), DocumentInfo{Name: "e.txt"})
			must(t, err)
			other, err := v.CreateCase(ctx, "Other", "")
			must(t, err)
			_, err = v.AddNote(ctx, other.ID, casefile.Note{Text: "other case's note"})
			must(t, err)
			journal, err := v.Journal(ctx, caseID)
			must(t, err)
			db := rawDB(t, dir)
			var blobs [][]byte
			rows, err := db.Query("SELECT blob FROM chunks GROUP BY blob ORDER BY MIN(rowid)")
			must(t, err)
			for rows.Next() {
				var b []byte
				must(t, rows.Scan(&b))
				blobs = append(blobs, b)
			}
			rows.Close()
			tx, err := db.Begin()
			must(t, err)
			for _, q := range tt.sql {
				if _, err := tx.Exec(q, sql.Named("b1", blobs[0]), sql.Named("b2", blobs[1]), sql.Named("c", caseID), sql.Named("o", other.ID)); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			must(t, tx.Commit())
			checkAllFail(t, v, caseID, tt.name, journal, doc)
			// A fresh open fails closed too: the vault, or the damaged case.
			v.Close()
			v2, err := Open(ctx, dir, testPass, testOpts(WithChunkSize(16))...)
			if err != nil {
				if !errors.Is(err, casefile.ErrTampered) {
					t.Fatalf("reopen: %v, want ErrTampered", err)
				}
				return
			}
			defer v2.Close()
			if err := v2.Verify(ctx); !errors.Is(err, casefile.ErrTampered) {
				t.Fatalf("Verify after reopening = %v", err)
			}
			for _, id := range []string{caseID, other.ID} {
				c, err := v2.LoadCase(ctx, id)
				if err != nil {
					if !errors.Is(err, casefile.ErrTampered) {
						t.Fatalf("LoadCase after reopening = %v", err)
					}
					continue
				}
				if id == caseID && len(c.Notes) == 1 && c.Notes[0].Text != "the original note" {
					t.Fatalf("altered note shown: %q", c.Notes[0].Text)
				}
			}
		})
	}
}

func TestMain(m *testing.M) {
	if child := os.Getenv(crashChildEnv); child != "" {
		os.Exit(crashChild(child))
	}
	if os.Getenv(canaryChildEnv) != "" {
		os.Exit(canaryChild())
	}
	os.Exit(m.Run())
}
