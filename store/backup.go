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
	f, err := os.CreateTemp(dir, "."+filepath.Base(out)+".partial-*")
	if err != nil {
		return fmt.Errorf("back up: %w", err)
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
		return fmt.Errorf("back up: %w", err)
	}
	if err := verifyBackup(ctx, tmp, &k); err != nil {
		return fmt.Errorf("back up: the copy does not verify: %w", err)
	}
	if _, err := os.Lstat(out); err == nil {
		return fmt.Errorf("back up to %s: the file already exists: %w", out, casefile.ErrExists)
	}
	if err := os.Rename(tmp, out); err != nil {
		return fmt.Errorf("back up: %w", err)
	}
	if err := syncDir(dir); err != nil {
		return fmt.Errorf("back up: %w", err)
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
	if entries, err := os.ReadDir(to); err == nil && len(entries) > 0 {
		return fmt.Errorf("restore into %s: the folder is not empty; choose a new folder: %w", to, casefile.ErrExists)
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("restore: %w", err)
	}
	if _, err := os.Stat(from); err != nil {
		return fmt.Errorf("restore from %s: %w", from, err)
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
		return fmt.Errorf("restore: %w", err)
	}
	lock, err := lockFile(filepath.Join(to, lockName))
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	defer lock.Close()
	dst := filepath.Join(to, dbName)
	if err := copyFile(from, dst+".partial"); err != nil {
		os.Remove(dst + ".partial")
		return fmt.Errorf("restore: %w", err)
	}
	if err := os.Rename(dst+".partial", dst); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	if err := syncDir(to); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	return nil
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
