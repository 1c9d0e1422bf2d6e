package store

import (
	"bytes"
	"context"
	"crypto/cipher"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"sync"
	"syscall"
	"time"

	"github.com/redress-app/redress/casefile"
)

// Files inside a vault folder.
const (
	dbName   = "vault.db"
	lockName = "lock"
)

// FormatName is the value of the meta row "format" in every vault.
const FormatName = "redress-vault/1"

// DefaultChunkSize is the size of the plaintext chunks documents are sealed in.
const DefaultChunkSize = 256 << 10

// Chunk sizes a vault accepts when reading (FORMAT.md section 5).
const (
	minChunkSize = 16
	maxChunkSize = 16 << 20
)

// Option adjusts Create, Open and Restore.
type Option func(*options)

type options struct {
	now       func() time.Time
	kdf       *KDFParams
	insecure  bool
	onKDF     func(KDFParams)
	chunkSize int
	plain     bool // benchmark peer only: set by an in-package test helper
	readOnly  bool // WithReadOnly
}

// WithClock sets the clock that stamps journal records and notes' recorded-at
// times (the default is time.Now).
func WithClock(now func() time.Time) Option { return func(o *options) { o.now = now } }

// WithKDF makes Create (and ChangePassphrase) use p instead of calibrating.
// Parameters below MinKDF are refused unless WithInsecureKDF is also given.
func WithKDF(p KDFParams) Option { return func(o *options) { o.kdf = &p } }

// WithInsecureKDF allows KDF parameters below MinKDF, such as TestKDF. It is
// for tests: a vault made with it is easy to brute-force.
func WithInsecureKDF() Option { return func(o *options) { o.insecure = true } }

// OnKDF registers f to be called with the parameters each time Argon2id is
// about to run (to show progress, or in tests to count runs).
func OnKDF(f func(KDFParams)) Option { return func(o *options) { o.onKDF = f } }

// WithChunkSize sets the plaintext chunk size for documents imported from now
// on (tests use tiny chunks). It must be between 16 bytes and 16 MiB.
func WithChunkSize(n int) Option { return func(o *options) { o.chunkSize = n } }

func buildOptions(opts []Option) (options, error) {
	o := options{now: time.Now, chunkSize: DefaultChunkSize}
	for _, f := range opts {
		f(&o)
	}
	if o.chunkSize < minChunkSize || o.chunkSize > maxChunkSize {
		return o, fmt.Errorf("chunk size %d is outside %d..%d", o.chunkSize, minChunkSize, maxChunkSize)
	}
	return o, nil
}

// Vault is an open vault. Its methods are safe for concurrent use; writes are
// serialised (one writer), reads are served from memory.
type Vault struct {
	dir  string
	opts options
	lock *os.File // nil for a read-only vault
	db   *sql.DB
	// readOnly is set when the vault was opened read-only (readonly.go).
	readOnly *readOnlyError

	wmu sync.Mutex   // held for the whole of every write: one writer
	mu  sync.RWMutex // guards everything below

	closed bool
	keys   *keys // nil when locked
	st     *state
	index  *searchIndex // built after unlocking, or on first search
	gen    uint64       // counts writes applied to st

	ckDB   *sql.DB // the background checkpointer's connection
	kick   chan struct{}
	ckDone chan struct{}
}

// state is the decrypted vault, held only while unlocked.
type state struct {
	cases map[string]*caseState
	order []*caseState
	// legacy is set when the case list's MAC is the older one that does not
	// cover the settings (upgraded at unlock when the vault can be written).
	legacy bool
	// settingsErr is set when the settings do not verify against the case
	// list's MAC: the cases are still readable; the settings are not.
	settingsErr error
}

// ids returns the loaded cases' IDs.
func (st *state) ids() []string {
	ids := make([]string, 0, len(st.order))
	for _, cs := range st.order {
		ids = append(ids, cs.id)
	}
	return ids
}

// Path returns the vault's folder.
func (v *Vault) Path() string { return v.dir }

// Create makes a new vault in the folder dir, which must not exist or be
// empty, protected by passphrase. Without WithKDF it calibrates Argon2id to
// take about 0.5 to 1 second here, never less than MinKDF.
func Create(ctx context.Context, dir string, passphrase []byte, opts ...Option) (v *Vault, err error) {
	o, err := buildOptions(opts)
	if err != nil {
		return nil, err
	}
	if len(passphrase) == 0 {
		return nil, errors.New("create vault: the passphrase is empty")
	}
	params := KDFParams{}
	if o.kdf != nil {
		params = *o.kdf
	}
	if o.kdf != nil {
		if err := params.checkCreatable(o.insecure); err != nil {
			return nil, fmt.Errorf("create vault: %w", err)
		}
	}
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return nil, fmt.Errorf("create vault %s: the folder is not empty: %w", dir, casefile.ErrExists)
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, plainPath("create vault", dir, err)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, plainPath("create vault", dir, err)
	}
	lock, err := lockFile(filepath.Join(dir, lockName))
	if err != nil {
		return nil, fmt.Errorf("create vault: %w", err)
	}
	defer func() {
		if err != nil {
			lock.Close()
		}
	}()
	dbPath := filepath.Join(dir, dbName)
	f, err := os.OpenFile(dbPath, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, fmt.Errorf("create vault: %w", err)
	}
	f.Close()
	db, err := openDB(dbPath)
	if err != nil {
		return nil, fmt.Errorf("create vault: %w", err)
	}
	defer func() {
		if err != nil {
			db.Close()
		}
	}()
	if err := migrate(ctx, db); err != nil {
		return nil, fmt.Errorf("create vault: %w", err)
	}
	if o.kdf == nil {
		params = calibrate(o.onKDF)
	}
	var vaultID [vaultIDSize]byte
	copy(vaultID[:], randomBytes(vaultIDSize))
	dataKey := randomBytes(dataKeySize)
	defer clear(dataKey)
	h, err := newHeader(passphrase, dataKey, vaultID, params, o.onKDF)
	if err != nil {
		return nil, fmt.Errorf("create vault: %w", err)
	}
	k, err := deriveKeys(dataKey, vaultID)
	if err != nil {
		return nil, err
	}
	k.plain = o.plain
	err = inTx(ctx, db, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "INSERT INTO meta (name, value) VALUES ('format', ?)", []byte(FormatName)); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO meta (name, value) VALUES ('cases', ?)", k.casesValue(nil, nil)); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, "INSERT INTO keyslot (id, header) VALUES (1, ?)", h.marshal())
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("create vault: %w", err)
	}
	if err := syncDir(dir); err != nil {
		return nil, fmt.Errorf("create vault: %w", err)
	}
	v = &Vault{dir: dir, opts: o, lock: lock, db: db, keys: k, st: &state{cases: map[string]*caseState{}}}
	if err := v.startCheckpointer(dbPath); err != nil {
		return nil, fmt.Errorf("create vault: %w", err)
	}
	return v, nil
}

// Open opens the vault in dir with passphrase. A wrong passphrase gives
// casefile.ErrWrongPassphrase and changes nothing; a vault open elsewhere
// gives casefile.ErrAlreadyOpen; a damaged key header, case list or schema
// gives an error matching casefile.ErrTampered. A case whose journal does not
// verify still opens with the others: that case's calls return the error.
func Open(ctx context.Context, dir string, passphrase []byte, opts ...Option) (v *Vault, err error) {
	o, err := buildOptions(opts)
	if err != nil {
		return nil, err
	}
	dbPath := filepath.Join(dir, dbName)
	if _, err := os.Stat(dbPath); err != nil {
		if errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) {
			if st, serr := os.Stat(dir); serr == nil && !st.IsDir() {
				return nil, fmt.Errorf("open vault %s: that is a file, not a vault folder: %w", dir, casefile.ErrNotFound)
			}
			return nil, fmt.Errorf("open vault %s: there is no vault there: %w", dir, casefile.ErrNotFound)
		}
		return nil, plainPath("open vault", dir, err)
	}
	ro := writeProbe(dir, dbPath)
	if o.readOnly && ro == nil {
		ro = &readOnlyError{reason: "it was opened read-only"}
	}
	var lock *os.File
	if ro == nil {
		lock, err = lockFile(filepath.Join(dir, lockName))
		if err != nil {
			return nil, fmt.Errorf("open vault: %w", err)
		}
	}
	defer func() {
		if err != nil && lock != nil {
			lock.Close()
		}
	}()
	var db *sql.DB
	if ro == nil {
		db, err = openDB(dbPath)
	} else {
		db, err = openDBReadOnly(dir, dbPath)
	}
	if err != nil {
		return nil, fmt.Errorf("open vault: %w", err)
	}
	defer func() {
		if err != nil {
			db.Close()
		}
	}()
	var format []byte
	if err := db.QueryRowContext(ctx, "SELECT value FROM meta WHERE name = 'format'").Scan(&format); err != nil {
		if errors.Is(err, sql.ErrNoRows) || isNoTable(err) {
			return nil, fmt.Errorf("open vault: %w", &RecordError{Reason: "this is not a Redress vault (no format marker)"})
		}
		return nil, fmt.Errorf("open vault: %w", dbErr("read format", err))
	}
	if string(format) != FormatName {
		return nil, fmt.Errorf("open vault: %w", &RecordError{Reason: fmt.Sprintf("format %q is not %s", format, FormatName)})
	}
	var ver int
	if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&ver); err != nil {
		return nil, fmt.Errorf("open vault: %w", dbErr("read schema version", err))
	}
	if ver != schemaVersion() {
		if ver > schemaVersion() {
			return nil, fmt.Errorf("open vault: it was written by a newer Redress (schema %d); update Redress", ver)
		}
		if ro != nil {
			return nil, fmt.Errorf("open vault %s: it was written by an older Redress and must be upgraded, which cannot be done because %w; copy the folder to a writable disk and open the copy", dir, ro)
		}
		if err := migrate(ctx, db); err != nil {
			return nil, fmt.Errorf("open vault: %w", err)
		}
	}
	if err := checkSchema(ctx, db); err != nil {
		return nil, fmt.Errorf("open vault: %w", err)
	}
	v = &Vault{dir: dir, opts: o, lock: lock, db: db, readOnly: ro}
	if err := v.Unlock(ctx, passphrase); err != nil {
		return nil, err
	}
	if ro != nil {
		return v, nil // no checkpoints: nothing is written
	}
	if err := v.startCheckpointer(dbPath); err != nil {
		return nil, fmt.Errorf("open vault: %w", err)
	}
	return v, nil
}

func isNoTable(err error) bool {
	return err != nil && bytes.Contains([]byte(err.Error()), []byte("no such table"))
}

func (v *Vault) readHeader(ctx context.Context) (*header, []byte, error) {
	var raw []byte
	if err := v.db.QueryRowContext(ctx, "SELECT header FROM keyslot WHERE id = 1").Scan(&raw); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, nil, &RecordError{Reason: "the key header is missing"}
		}
		return nil, nil, dbErr("read key header", err)
	}
	h, err := parseHeader(raw)
	if err != nil {
		return nil, nil, err
	}
	return h, raw, nil
}

// Unlock derives the key from passphrase and loads the vault into memory. On
// an open vault it checks the passphrase and changes nothing.
func (v *Vault) Unlock(ctx context.Context, passphrase []byte) error {
	v.wmu.Lock()
	defer v.wmu.Unlock()
	if v.isClosed() {
		return errClosed
	}
	h, _, err := v.readHeader(ctx)
	if err != nil {
		return fmt.Errorf("unlock vault: %w", err)
	}
	kek := deriveKEK(passphrase, h, v.opts.onKDF)
	defer clear(kek)
	dataKey, err := h.unwrap(kek)
	if err != nil {
		return fmt.Errorf("unlock vault: %w", err)
	}
	defer clear(dataKey)
	k, err := deriveKeys(dataKey, h.VaultID)
	if err != nil {
		return err
	}
	k.plain = v.opts.plain
	v.mu.RLock()
	already := v.keys != nil
	v.mu.RUnlock()
	if already {
		k.wipe()
		return nil
	}
	st, err := load(ctx, v.db, k)
	if err != nil {
		k.wipe()
		return fmt.Errorf("unlock vault: %w", err)
	}
	if st.legacy && v.readOnly == nil && v.upgradeCasesValue(ctx, k, st.ids()) == nil {
		st.legacy = false
	}
	v.mu.Lock()
	v.keys, v.st, v.index = k, st, nil
	gen := v.gen
	v.mu.Unlock()
	go v.warmIndex(st, gen)
	return nil
}

// warmIndex builds the search index in the background after an unlock, so
// the first search does not wait for it. The build reads the state under the
// read lock; a write or lock meanwhile makes it stale, and it is dropped (the
// next search builds it).
func (v *Vault) warmIndex(st *state, gen uint64) {
	v.mu.RLock()
	if v.st != st || v.gen != gen {
		v.mu.RUnlock()
		return
	}
	ix := buildIndex(st)
	docs := docsToIndex(st)
	k := *v.keys
	v.mu.RUnlock()
	// Documents' text is read and indexed without the lock (it can take
	// seconds for a large disclosure), so writes and locking do not wait.
	// A lock or a write meanwhile makes the build stale: it stops at the
	// next document rather than decrypting seconds more of text (with a
	// copy of the keys) for nothing.
	stale := func() bool {
		v.mu.RLock()
		defer v.mu.RUnlock()
		return v.st != st || v.gen != gen
	}
	v.addPageTexts(context.Background(), ix, &k, docs, stale)
	k.wipe()
	v.mu.Lock()
	if v.st == st && v.gen == gen && v.index == nil {
		v.index = ix
	}
	v.mu.Unlock()
}

var errClosed = errors.New("the vault is closed")

func (v *Vault) isClosed() bool {
	v.mu.RLock()
	defer v.mu.RUnlock()
	return v.closed
}

// Lock drops the keys (zeroing them) and the decrypted state. Every later call
// but Unlock and Close returns casefile.ErrLocked. Go strings already handed
// out cannot be zeroed; the vault keeps no reference to them.
func (v *Vault) Lock() {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.keys != nil {
		v.keys.wipe()
	}
	v.keys, v.st, v.index = nil, nil, nil
}

// Locked reports whether the vault is locked.
func (v *Vault) Locked() bool {
	v.mu.RLock()
	defer v.mu.RUnlock()
	return v.keys == nil
}

// Close locks the vault, closes the database (SQLite checkpoints the WAL into
// the database file) and releases the lock file.
func (v *Vault) Close() error {
	v.wmu.Lock()
	defer v.wmu.Unlock()
	v.Lock()
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.closed {
		return nil
	}
	v.closed = true
	v.stopCheckpointer()
	err := v.db.Close() // the last connection: SQLite checkpoints and removes the WAL
	if v.lock != nil {
		if lerr := v.lock.Close(); err == nil {
			err = lerr
		}
	}
	return err
}

// unlocked returns the keys and state, or ErrLocked. Call with v.mu held.
func (v *Vault) unlocked() error {
	if v.closed {
		return errClosed
	}
	if v.keys == nil {
		return casefile.ErrLocked
	}
	return nil
}

// caseMAC and casesMAC authenticate the chain heads and the set of cases, so
// that removing a case or the last records of a journal is detected.
func (k *keys) headBlob(caseID string, seq uint64, h Hash) []byte {
	b := binary.BigEndian.AppendUint64(nil, seq)
	b = append(b, h[:]...)
	return append(b, k.macOf(macHead, []byte(caseID), u64(seq), h[:])...)
}

func (k *keys) casesMAC(ids []string) []byte {
	s := append([]string(nil), ids...)
	sort.Strings(s)
	parts := [][]byte{u64(uint64(len(s)))}
	for _, id := range s {
		parts = append(parts, []byte(id), []byte{0})
	}
	return k.macOf(macCases, parts...)
}

// load reads, decrypts and verifies every case's journal.
func load(ctx context.Context, db *sql.DB, k *keys) (*state, error) {
	st := &state{cases: map[string]*caseState{}}
	casesMAC, err := readCasesValue(ctx, db)
	if err != nil {
		return nil, err
	}
	sealedSettings, err := readSealedSettings(ctx, db)
	if err != nil {
		return nil, err
	}
	rows, err := db.QueryContext(ctx, "SELECT id, head FROM cases ORDER BY rowid")
	if err != nil {
		return nil, dbErr("read cases", err)
	}
	var ids []string
	heads := map[string][]byte{}
	for rows.Next() {
		var id string
		var head []byte
		if err := rows.Scan(&id, &head); err != nil {
			rows.Close()
			return nil, dbErr("read cases", err)
		}
		ids = append(ids, id)
		heads[id] = head
	}
	if err := rows.Err(); err != nil {
		return nil, dbErr("read cases", err)
	}
	rows.Close()
	st.legacy, err = k.checkCasesValue(casesMAC, ids, sealedSettings)
	if errors.Is(err, errSettingsChanged) {
		st.settingsErr = err
	} else if err != nil {
		return nil, err
	}
	for _, id := range ids {
		cs := newCaseState(id)
		st.cases[id] = cs
		st.order = append(st.order, cs)
	}
	// Read every row, then decrypt and decode them on every core, then apply
	// them in order: decoding JSON dominates loading, and it parallelises.
	type row struct {
		caseID             string
		seq                int64
		hash, rec, content []byte
		r                  Record
		value              any
		err                error
	}
	var all []row
	rows, err = db.QueryContext(ctx, "SELECT case_id, seq, hash, record, content FROM journal ORDER BY case_id, seq")
	if err != nil {
		return nil, dbErr("read journal", err)
	}
	for rows.Next() {
		var rw row
		var hash, rec, content sql.RawBytes // copied once below, not twice by Scan
		if err := rows.Scan(&rw.caseID, &rw.seq, &hash, &rec, &content); err != nil {
			rows.Close()
			return nil, dbErr("read journal", err)
		}
		buf := make([]byte, len(hash)+len(rec)+len(content))
		rw.hash = buf[:copy(buf, hash):len(hash)]
		rw.rec = buf[len(hash) : len(hash)+copy(buf[len(hash):], rec) : len(hash)+len(rec)]
		if content != nil {
			rw.content = buf[len(hash)+len(rec):]
			copy(rw.content, content)
		}
		all = append(all, rw)
	}
	if err := rows.Err(); err != nil {
		rows.Close()
		return nil, dbErr("read journal", err)
	}
	rows.Close()
	workers := min(runtime.GOMAXPROCS(0), 1+len(all)/256)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			aead := k.opener()
			for i := w; i < len(all); i += workers {
				rw := &all[i]
				hasContent := rw.content != nil
				rw.r, rw.value, rw.err = openRow(k, aead, rw.caseID, rw.seq, rw.hash, rw.rec, rw.content)
				rw.hash, rw.rec = nil, nil
				if hasContent {
					rw.content = []byte{} // remember it was there
				}
			}
		}()
	}
	wg.Wait()
	for i := range all {
		rw := &all[i]
		cs := st.cases[rw.caseID]
		if cs == nil {
			return nil, &RecordError{Reason: fmt.Sprintf("the journal has records for case %q, which is not in the list of cases", rw.caseID)}
		}
		if cs.err != nil {
			continue
		}
		err := rw.err
		if err == nil {
			err = cs.apply(&rw.r, rw.value, rw.content != nil)
		}
		if err != nil {
			cs.fail(err, uint64(rw.seq))
		}
		all[i] = row{}
	}
	for _, cs := range st.order {
		if cs.err == nil {
			cs.finish(k, heads[cs.id])
		}
	}
	return st, nil
}

// openRow decrypts and decodes one journal row and checks it against itself:
// its place (seq, case), its stored hash and its content commitment.
func openRow(k *keys, aead cipher.AEAD, caseID string, seq int64, hash, rec, content []byte) (Record, any, error) {
	if seq <= 0 {
		return Record{}, nil, fmt.Errorf("bad sequence number %d", seq)
	}
	plain, err := k.openWith(aead, rec, k.ad(adRecord, []byte(caseID), u64(uint64(seq))))
	if err != nil {
		return Record{}, nil, errors.New("the record does not decrypt: it was altered, moved or swapped")
	}
	r, err := decodeRecord(plain)
	if err != nil {
		return Record{}, nil, err
	}
	if r.Case != caseID || r.Seq != uint64(seq) {
		return Record{}, nil, errors.New("the record is not in its place")
	}
	if len(hash) != 32 {
		return Record{}, nil, errors.New("the stored chain hash is malformed")
	}
	copy(r.Hash[:], hash)
	if content == nil {
		return r, nil, nil
	}
	pc, err := k.openWith(aead, content, k.ad(adContent, []byte(caseID), u64(uint64(seq))))
	if err != nil {
		return Record{}, nil, errors.New("the content does not decrypt: it was altered, moved or swapped")
	}
	if len(pc) < saltSize {
		return Record{}, nil, errors.New("the content is too short")
	}
	r.Salt, r.Content = pc[:saltSize], pc[saltSize:]
	if ContentCommitment(r.Salt, r.Content) != r.ContentHash {
		return Record{}, nil, errors.New("the content does not match its content hash")
	}
	value, err := decodeContent(r.Type, r.Content)
	if err != nil {
		return Record{}, nil, err
	}
	if contentID(value) != r.Object {
		return Record{}, nil, fmt.Errorf("the content is for %q, not %q", contentID(value), r.Object)
	}
	return r, value, nil
}
