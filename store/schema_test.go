package store

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/redress-app/redress/casefile"
)

// TestTamperSchema: a database whose tables, indexes, triggers or views are
// not the ones Redress makes neither opens nor verifies (issue 16.2: a
// trigger that deleted each new journal row passed verify, and the next note
// was "recorded" and lost).
func TestTamperSchema(t *testing.T) {
	for _, tc := range []struct{ name, sql, want string }{
		{"trigger eating journal rows", "CREATE TRIGGER eat AFTER INSERT ON journal BEGIN DELETE FROM journal WHERE rowid = new.rowid; END", `extra trigger "eat"`},
		{"extra table", "CREATE TABLE leak (x TEXT)", `extra table "leak"`},
		{"extra index", "CREATE INDEX j_hash ON journal (hash)", `extra index "j_hash"`},
		{"view", "CREATE VIEW v AS SELECT * FROM journal", `extra view "v"`},
		{"table changed", "DROP TABLE settings; CREATE TABLE settings (id INTEGER PRIMARY KEY, data BLOB)", `table "settings" is not as Redress made it`},
		{"table missing", "DROP TABLE settings", `table "settings" is missing`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, dir, _ := smallVault(t)
			ctx := context.Background()
			db := rawDB(t, dir)
			if _, err := db.Exec(tc.sql); err != nil {
				t.Fatal(err)
			}
			// Verify on the open vault sees it.
			if err := v.Verify(ctx); !errors.Is(err, casefile.ErrTampered) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Verify = %v, want ErrTampered naming %s", err, tc.want)
			}
			v.Close()
			db.Close()
			_, err := Open(ctx, dir, testPass, testOpts()...)
			if !errors.Is(err, casefile.ErrTampered) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Open = %v, want ErrTampered naming %s", err, tc.want)
			}
		})
	}
}

// TestWriteReadBack: a write is acknowledged only once it has been read back
// through the chain. A trigger added while the vault is open makes the write
// fail and roll back, instead of "recorded" and lost.
func TestWriteReadBack(t *testing.T) {
	v, dir, caseID := smallVault(t)
	ctx := context.Background()
	db := rawDB(t, dir)
	if _, err := db.Exec("CREATE TRIGGER eat AFTER INSERT ON journal BEGIN DELETE FROM journal WHERE rowid = new.rowid; END"); err != nil {
		t.Fatal(err)
	}
	_, err := v.AddNote(ctx, caseID, casefile.Note{Text: "this must not be lost"})
	if !errors.Is(err, casefile.ErrTampered) || !strings.Contains(err.Error(), "could not be read back") {
		t.Fatalf("AddNote with a trigger eating rows = %v, want ErrTampered", err)
	}
	c, err := v.LoadCase(ctx, caseID)
	must(t, err)
	for _, n := range c.Notes {
		if n.Text == "this must not be lost" {
			t.Fatal("the note is shown as recorded although it was not kept")
		}
	}
	// An AFTER INSERT trigger that rewrites the record is caught the same way.
	_, err = db.Exec("DROP TRIGGER eat; CREATE TRIGGER swap AFTER INSERT ON journal BEGIN UPDATE journal SET hash = zeroblob(32) WHERE rowid = new.rowid; END")
	must(t, err)
	if _, err := v.AddNote(ctx, caseID, casefile.Note{Text: "another"}); !errors.Is(err, casefile.ErrTampered) {
		t.Fatalf("AddNote with a trigger rewriting rows = %v, want ErrTampered", err)
	}
	_, err = db.Exec("DROP TRIGGER swap")
	must(t, err)
	must(t, v.Verify(ctx))
	if _, err := v.AddNote(ctx, caseID, casefile.Note{Text: "after the trigger is gone"}); err != nil {
		t.Fatalf("AddNote after the trigger was dropped: %v", err)
	}
	must(t, v.Verify(ctx))
}
