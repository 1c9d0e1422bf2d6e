//go:build sqlite_fts5

package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
)

// The FTS5 peer of BenchmarkSearch: the same 10,000 notes in plaintext, in an
// FTS5 table, queried as AND of prefix terms (what Search does), newest first,
// at most MaxHits, with a snippet.
func init() {
	fts5Peer = func(b *testing.B, c *corpus) {
		db, err := sql.Open("sqlite3", "file:"+filepath.Join(b.TempDir(), "fts.db")+"?_journal_mode=WAL")
		if err != nil {
			b.Fatal(err)
		}
		defer db.Close()
		db.SetMaxOpenConns(1)
		if _, err := db.Exec(`CREATE VIRTUAL TABLE notes USING fts5(text, kind, tags, date UNINDEXED, tokenize = 'unicode61 remove_diacritics 2')`); err != nil {
			b.Fatal(err)
		}
		tx, _ := db.Begin()
		for _, n := range c.notes {
			if _, err := tx.Exec("INSERT INTO notes (text, kind, tags, date) VALUES (?, ?, ?, ?)", n.Text, string(n.Kind), strings.Join(n.Tags, " "), n.Occurred.Format("2006-01-02")); err != nil {
				b.Fatal(err)
			}
		}
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
		ctx := context.Background()
		stmt, err := db.PrepareContext(ctx, `SELECT rowid, date, snippet(notes, 0, '', '', '…', 16) FROM notes WHERE notes MATCH ? ORDER BY date DESC LIMIT 500`)
		if err != nil {
			b.Fatal(err)
		}
		defer stmt.Close()
		searchLatencies(b, c.queries(), func(q string) int {
			var terms []string
			forTokens(q, func(t string) { terms = append(terms, `"`+t+`"*`) })
			rows, err := stmt.QueryContext(ctx, strings.Join(terms, " "))
			if err != nil {
				b.Fatal(err)
			}
			n := 0
			for rows.Next() {
				var id int64
				var date, snip string
				rows.Scan(&id, &date, &snip)
				n++
			}
			rows.Close()
			return n
		})
	}
}
