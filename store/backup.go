package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"github.com/redress-app/redress/casefile"
)

// Backup writes a consistent snapshot of the whole vault, full history
// included, to the single file out (which must not exist). It uses SQLite's
// VACUUM INTO, fsyncs the file, reopens it and verifies every record and
// chunk with the vault's keys, and only then gives it its name. The file is
// as encrypted as the vault and opens with the same passphrase (as it was
// when the backup was taken).
func (v *Vault) Backup(ctx context.Context, out string) (err error) {
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
	if _, err := os.Lstat(out); err == nil {
		return fmt.Errorf("back up to %s: the file already exists: %w", out, casefile.ErrExists)
	}
	dir := filepath.Dir(out)
	removeBackupLeftovers(dir, filepath.Base(out), time.Now())
	f, err := os.CreateTemp(dir, "."+filepath.Base(out)+".partial-*")
	if err != nil {
		return plainPath("back up to", out, err)
	}
	tmp := f.Name()
	f.Close()
	defer func() {
		if err != nil {
			os.Remove(tmp)
		}
	}()
	if _, err := v.db.ExecContext(ctx, "VACUUM INTO ?", tmp); err != nil {
		return fmt.Errorf("back up: %w", dbErr("copy", err))
	}
	if err := syncFile(tmp); err != nil {
		return plainPath("back up to", out, err)
	}
	if err := verifyBackup(ctx, tmp, &k); err != nil {
		return fmt.Errorf("back up: the copy does not verify: %w", err)
	}
	if _, err := os.Lstat(out); err == nil {
		return fmt.Errorf("back up to %s: the file already exists: %w", out, casefile.ErrExists)
	}
	if err := os.Rename(tmp, out); err != nil {
		return plainPath("back up to", out, err)
	}
	if err := syncDir(dir); err != nil {
		return plainPath("back up to", out, err)
	}
	return nil
}

func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// openReadOnly opens a backup file without changing a byte of it.
func openReadOnly(path string) (*sql.DB, error) {
	dsn := "file:" + (&url.URL{Path: path}).EscapedPath() + "?mode=ro&immutable=1"
	db, err := sql.Open("sqlite3", dsn)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	return db, nil
}

func verifyBackup(ctx context.Context, path string, k *keys) error {
	db, err := openReadOnly(path)
	if err != nil {
		return err
	}
	defer db.Close()
	return verifyDB(ctx, db, k)
}

// Restore makes a new vault in the folder to (which must not exist, or be
// empty) from a backup file, after checking that passphrase opens the backup
// and that every record and chunk in it verifies. It never overwrites a vault.
func Restore(ctx context.Context, from, to string, passphrase []byte, opts ...Option) (err error) {
	o, err := buildOptions(opts)
	if err != nil {
		return err
	}
	if err := restorable(to); err != nil {
		return err
	}
	if _, err := os.Stat(from); err != nil {
		return plainPath("restore from", from, err)
	}
	db, err := openReadOnly(from)
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	err = func() error {
		defer db.Close()
		var raw []byte
		if err := db.QueryRowContext(ctx, "SELECT header FROM keyslot WHERE id = 1").Scan(&raw); err != nil {
			return fmt.Errorf("%s is not a Redress backup: %w", from, &RecordError{Reason: "no key header"})
		}
		h, err := parseHeader(raw)
		if err != nil {
			return err
		}
		kek := deriveKEK(passphrase, h, o.onKDF)
		defer clear(kek)
		dataKey, err := h.unwrap(kek)
		if err != nil {
			return err
		}
		k, err := deriveKeys(dataKey, h.VaultID)
		clear(dataKey)
		if err != nil {
			return err
		}
		k.plain = o.plain
		defer k.wipe()
		return verifyDB(ctx, db, k)
	}()
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	if err := os.MkdirAll(to, 0o700); err != nil {
		return plainPath("restore into", to, err)
	}
	lock, err := lockFile(filepath.Join(to, lockName))
	if err != nil {
		return fmt.Errorf("restore into %s: %w", to, err)
	}
	defer lock.Close()
	// With the lock held, check again and clear a killed restore's partial
	// copy: a retry starts over.
	if err := restorable(to); err != nil {
		return err
	}
	dst := filepath.Join(to, dbName)
	if err := os.Remove(dst + ".partial"); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return plainPath("restore into", to, err)
	}
	if err := copyFile(from, dst+".partial"); err != nil {
		os.Remove(dst + ".partial")
		return plainPath("restore into", to, err)
	}
	if err := os.Rename(dst+".partial", dst); err != nil {
		return plainPath("restore into", to, err)
	}
	if err := syncDir(to); err != nil {
		return plainPath("restore into", to, err)
	}
	return nil
}

// restorable checks that the folder to restore into does not exist, is
// empty, or holds only what a killed restore left there.
func restorable(to string) error {
	entries, err := os.ReadDir(to)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return plainPath("restore into", to, err)
	case len(entries) == 0 || onlyRestoreLeftovers(entries):
		return nil
	}
	for _, e := range entries {
		if e.Name() == dbName {
			return fmt.Errorf("restore into %s: there is already a vault in that folder (Redress never overwrites one); choose a new folder: %w", to, casefile.ErrExists)
		}
	}
	return fmt.Errorf("restore into %s: the folder is not empty; choose a new folder: %w", to, casefile.ErrExists)
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// ChangePassphrase re-wraps the data key under newPass (with freshly
// calibrated Argon2id parameters, or those given by WithKDF at Open) after
// checking oldPass. Nothing else is re-encrypted. The key slot is replaced in
// one SQLite transaction, so after a crash at any point exactly one of the two
// passphrases opens the vault, never neither.
func (v *Vault) ChangePassphrase(ctx context.Context, oldPass, newPass []byte) error {
	v.wmu.Lock()
	defer v.wmu.Unlock()
	if err := v.refuseReadOnly(); err != nil {
		return fmt.Errorf("change passphrase: %w", err)
	}
	if err := v.read(func(*state) error { return nil }); err != nil {
		return err
	}
	if len(newPass) == 0 {
		return errors.New("change passphrase: the new passphrase is empty")
	}
	h, _, err := v.readHeader(ctx)
	if err != nil {
		return fmt.Errorf("change passphrase: %w", err)
	}
	kek := deriveKEK(oldPass, h, v.opts.onKDF)
	dataKey, err := h.unwrap(kek)
	clear(kek)
	if err != nil {
		return fmt.Errorf("change passphrase: %w", err)
	}
	defer clear(dataKey)
	params := calibrateOr(v.opts)
	if err := params.checkCreatable(v.opts.insecure); err != nil {
		return fmt.Errorf("change passphrase: %w", err)
	}
	nh, err := newHeader(newPass, dataKey, h.VaultID, params, v.opts.onKDF)
	if err != nil {
		return fmt.Errorf("change passphrase: %w", err)
	}
	err = inTx(ctx, v.db, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "UPDATE keyslot SET header = ? WHERE id = 1", nh.marshal())
		return err
	})
	if err != nil {
		return fmt.Errorf("change passphrase: %w", err)
	}
	return nil
}

func calibrateOr(o options) KDFParams {
	if o.kdf != nil {
		return *o.kdf
	}
	return calibrate(o.onKDF)
}
