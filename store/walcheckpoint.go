// The background WAL checkpointer: SQLite moving committed pages from the
// write-ahead log into the database file. Not the record checkpoint printed
// on letters, which is in checkpoint.go.

package store

import (
	"database/sql"
	"net/url"
	"os"
)

// walCheckpointBytes is the WAL size above which the background checkpointer
// copies the WAL into the database file: SQLite's own default is 1,000
// pages, about 4 MB.
const walCheckpointBytes = 4 << 20

// startCheckpointer turns off SQLite's automatic checkpoint, which runs inside
// the commit that crosses the threshold (so a 200 MB import would wait for a
// second 200 MB write and fsync), and runs checkpoints instead on a second
// connection in the background. A commit is durable once the WAL is fsynced
// (synchronous=FULL); the checkpoint only moves committed pages into the
// database file, and SQLite recovers the WAL after a crash either way. Close
// stops it and closes the writer last, which checkpoints everything.
func (v *Vault) startCheckpointer(path string) error {
	if _, err := v.db.Exec("PRAGMA wal_autocheckpoint = 0"); err != nil {
		return dbErr("set up checkpoints", err)
	}
	ck, err := sql.Open("sqlite3", "file:"+(&url.URL{Path: path}).EscapedPath()+"?_busy_timeout=5000&_journal_mode=WAL")
	if err != nil {
		return err
	}
	ck.SetMaxOpenConns(1)
	v.ckDB = ck
	v.kick = make(chan struct{}, 1)
	v.ckDone = make(chan struct{})
	wal := path + "-wal"
	go func() {
		defer close(v.ckDone)
		for range v.kick {
			if st, err := os.Stat(wal); err == nil && st.Size() >= walCheckpointBytes {
				// PASSIVE never blocks the writer; what it cannot copy now it copies next time.
				_, _ = ck.Exec("PRAGMA wal_checkpoint(PASSIVE)")
			}
		}
	}()
	return nil
}

// kickCheckpointer asks for a checkpoint after a commit, without waiting.
func (v *Vault) kickCheckpointer() {
	if v.kick == nil {
		return
	}
	select {
	case v.kick <- struct{}{}:
	default:
	}
}

// stopCheckpointer ends the background checkpoints and closes their connection.
func (v *Vault) stopCheckpointer() {
	if v.kick == nil {
		return
	}
	close(v.kick)
	<-v.ckDone
	v.ckDB.Close()
	v.kick = nil
}
