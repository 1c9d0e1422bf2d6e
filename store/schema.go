package store

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"sync"
)

// A schemaObject is one row of sqlite_master: a table, index, trigger or view.
type schemaObject struct {
	typ, name, table, sql string
}

func (o schemaObject) what() string { return fmt.Sprintf("%s %q", o.typ, o.name) }

// expectedSchema is what the embedded migrations make, read back from an
// in-memory database they were applied to. Deriving it (rather than writing
// it out again) keeps it exact, including SQLite's automatic indexes, and
// follows every new migration.
var expectedSchema = sync.OnceValues(func() (map[string]schemaObject, error) {
	db, err := sql.Open("sqlite3", "file:schema-reference?mode=memory&cache=private")
	if err != nil {
		return nil, err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	ctx := context.Background()
	if err := migrate(ctx, db); err != nil {
		return nil, fmt.Errorf("apply the migrations in memory: %w", err)
	}
	return readSchema(ctx, db)
})

type querier interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}

func readSchema(ctx context.Context, q querier) (map[string]schemaObject, error) {
	// sqlite_stat tables hold the query planner's statistics (PRAGMA optimize
	// may make them); they can change no result, so they are not compared.
	rows, err := q.QueryContext(ctx, "SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_master WHERE name NOT LIKE 'sqlite_stat%'")
	if err != nil {
		return nil, dbErr("read the schema", err)
	}
	defer rows.Close()
	out := map[string]schemaObject{}
	for rows.Next() {
		var o schemaObject
		if err := rows.Scan(&o.typ, &o.name, &o.table, &o.sql); err != nil {
			return nil, dbErr("read the schema", err)
		}
		out[o.typ+"\x00"+o.name] = o
	}
	return out, dbErr("read the schema", rows.Err())
}

// checkSchema compares the database's tables, indexes, triggers and views
// with the ones Redress makes, and refuses anything else: a trigger could
// delete each new journal row after it is written, a view or an index could
// change what a query returns, and an extra table could hold plaintext. It
// returns a *RecordError (matching casefile.ErrTampered) naming the first
// difference.
func checkSchema(ctx context.Context, q querier) error {
	want, err := expectedSchema()
	if err != nil {
		return fmt.Errorf("check the schema: %w", err)
	}
	have, err := readSchema(ctx, q)
	if err != nil {
		return err
	}
	var problems []string
	for _, k := range sortedKeys(have) {
		h := have[k]
		w, ok := want[k]
		switch {
		case !ok:
			problems = append(problems, fmt.Sprintf("it has an extra %s that Redress did not make", h.what()))
		case h != w:
			problems = append(problems, fmt.Sprintf("its %s is not as Redress made it", h.what()))
		}
	}
	for _, k := range sortedKeys(want) {
		if _, ok := have[k]; !ok {
			problems = append(problems, fmt.Sprintf("its %s is missing", want[k].what()))
		}
	}
	if len(problems) == 0 {
		return nil
	}
	reason := "the database's structure was changed outside Redress: " + problems[0]
	if len(problems) > 1 {
		reason += fmt.Sprintf(" (and %d more differences)", len(problems)-1)
	}
	return &RecordError{Reason: reason}
}

func sortedKeys(m map[string]schemaObject) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
