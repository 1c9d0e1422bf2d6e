//go:build sqlite_fts5

package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
)

// The FTS5 peer of BenchmarkSearchDocuments: the same notes and document
// pages in plaintext in one FTS5 table (a row per note and per page),
// queried as AND of prefix terms, newest first, at most MaxHits, with a
// snippet: what Search does.
func init() {
	fts5DocsPeer = func(b *testing.B, c *docCorpus) {
		db, err := sql.Open("sqlite3", "file:"+filepath.Join(b.TempDir(), "fts.db")+"?_journal_mode=WAL")
		if err != nil {
			b.Fatal(err)
		}
		defer db.Close()
		db.SetMaxOpenConns(1)
		if _, err := db.Exec(`CREATE VIRTUAL TABLE items USING fts5(text, title, date UNINDEXED, page UNINDEXED, tokenize = 'unicode61 remove_diacritics 2')`); err != nil {
			b.Fatal(err)
		}
		tx, _ := db.Begin()
		for _, n := range c.notes {
			if _, err := tx.Exec("INSERT INTO items (text, title, date, page) VALUES (?, ?, ?, 0)", n.Text+" "+string(n.Kind)+" "+strings.Join(n.Tags, " "), string(n.Kind), n.Occurred.Format("2006-01-02")); err != nil {
				b.Fatal(err)
			}
		}
		for i, d := range c.docs {
			for _, p := range c.pages[i] {
				if _, err := tx.Exec("INSERT INTO items (text, title, date, page) VALUES (?, ?, ?, ?)", p.Text, d.Name, d.Date.String(), p.Page); err != nil {
					b.Fatal(err)
				}
			}
		}
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
		ctx := context.Background()
		stmt, err := db.PrepareContext(ctx, `SELECT rowid, date, page, snippet(items, 0, '', '', '…', 16) FROM items WHERE items MATCH ? ORDER BY date DESC LIMIT 500`)
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
				var id, page int64
				var date, snip string
				rows.Scan(&id, &date, &page, &snip)
				n++
			}
			rows.Close()
			return n
		})
	}
}
