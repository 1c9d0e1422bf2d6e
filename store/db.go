package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"syscall"

	"github.com/mattn/go-sqlite3"
	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/store/internal/osfile"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// openDB opens the SQLite database with the vault's settings: WAL,
// synchronous=FULL (a commit is on disk when it returns), foreign keys, a busy
// timeout, secure_delete (purged ciphertext is overwritten, not left in free
// pages), temp_store=MEMORY (no temp files) and one connection (one writer).
func openDB(path string) (*sql.DB, error) {
	q := url.Values{}
	q.Set("_journal_mode", "WAL")
	q.Set("_synchronous", "FULL")
	q.Set("_foreign_keys", "on")
	q.Set("_busy_timeout", "5000")
	q.Set("_secure_delete", "on")
	q.Set("_txlock", "immediate")
	q.Set("cache", "private")
	dsn := "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
	db, err := sql.Open("sqlite3", dsn)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	db.SetConnMaxLifetime(0)
	db.SetConnMaxIdleTime(0)
	if _, err := db.Exec("PRAGMA temp_store = MEMORY; PRAGMA journal_size_limit = 67108864"); err != nil {
		db.Close()
		return nil, dbErr("set up database", err)
	}
	var mode string
	if err := db.QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil {
		db.Close()
		return nil, dbErr("read journal mode", err)
	}
	if mode != "wal" {
		db.Close()
		return nil, fmt.Errorf("database is in %s mode, not WAL", mode)
	}
	return db, nil
}

// migrate applies the embedded numbered migrations above PRAGMA user_version.
func migrate(ctx context.Context, db *sql.DB) error {
	names, err := fs.Glob(migrationFiles, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	return inTx(ctx, db, func(tx *sql.Tx) error {
		var have int
		if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&have); err != nil {
			return err
		}
		if have > len(names) {
			return fmt.Errorf("vault schema version %d is newer than this Redress understands (%d); update Redress", have, len(names))
		}
		for i, name := range names {
			n, err := strconv.Atoi(strings.SplitN(strings.TrimPrefix(name, "migrations/"), "_", 2)[0])
			if err != nil || n != i+1 {
				return fmt.Errorf("migration %s is out of sequence", name)
			}
			if n <= have {
				continue
			}
			body, err := migrationFiles.ReadFile(name)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, string(body)); err != nil {
				return fmt.Errorf("migration %s: %w", name, err)
			}
			if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", n)); err != nil {
				return err
			}
		}
		return nil
	})
}

// schemaVersion is the user_version the embedded migrations reach.
func schemaVersion() int {
	names, _ := fs.Glob(migrationFiles, "migrations/*.sql")
	return len(names)
}

// inTx runs fn in a transaction (BEGIN IMMEDIATE, from the DSN) and returns
// the commit's error: a write is acknowledged only when it is on disk.
func inTx(ctx context.Context, db *sql.DB, fn func(*sql.Tx) error) (err error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return dbErr("begin", err)
	}
	defer func() {
		if err != nil {
			_ = tx.Rollback()
		}
	}()
	if err = fn(tx); err != nil {
		return dbErr("write", err)
	}
	if err = tx.Commit(); err != nil {
		return dbErr("commit", err)
	}
	return nil
}

// errDiskFull is what a full disk (SQLITE_FULL) becomes. It matches
// syscall.ENOSPC so the app can say what to do.
var errDiskFull = fmt.Errorf("the disk is full or the vault reached its size limit: %w", syscall.ENOSPC)

// dbErr maps SQLite errors to the sentinels callers test for.
func dbErr(what string, err error) error {
	if err == nil {
		return nil
	}
	var se sqlite3.Error
	if errors.As(err, &se) {
		switch se.Code {
		case sqlite3.ErrFull:
			return fmt.Errorf("%s: %w", what, errDiskFull)
		case sqlite3.ErrCorrupt, sqlite3.ErrNotADB:
			return fmt.Errorf("%s: %w", what, &RecordError{Reason: "the database file is damaged: " + se.Error()})
		case sqlite3.ErrBusy, sqlite3.ErrLocked:
			return fmt.Errorf("%s: %w", what, casefile.ErrAlreadyOpen)
		}
		if se.Code == sqlite3.ErrIoErr && se.ExtendedCode == sqlite3.ErrIoErrWrite {
			return fmt.Errorf("%s: write failed: %w", what, err)
		}
	}
	if osfile.DiskFull(err) {
		return fmt.Errorf("%s: %w", what, errDiskFull)
	}
	if strings.HasPrefix(err.Error(), what+":") {
		return err
	}
	return fmt.Errorf("%s: %w", what, err)
}
