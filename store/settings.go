package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"maps"

	"github.com/redress-app/redress/casefile"
)

func casefileNotFound(what, id string) error {
	return fmt.Errorf("%s %q: %w", what, id, casefile.ErrNotFound)
}

// Settings returns the vault's settings (the AI endpoint, model and key, and
// the like): a small key/value map kept sealed in the vault, never in plaintext.
func (v *Vault) Settings(ctx context.Context) (map[string]string, error) {
	v.mu.RLock()
	defer v.mu.RUnlock()
	if err := v.unlocked(); err != nil {
		return nil, err
	}
	return readSettings(ctx, v.db, v.keys)
}

func readSettings(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}, k *keys) (map[string]string, error) {
	var sealed []byte
	err := q.QueryRowContext(ctx, "SELECT data FROM settings WHERE id = 1").Scan(&sealed)
	if errors.Is(err, sql.ErrNoRows) {
		return map[string]string{}, nil
	}
	if err != nil {
		return nil, dbErr("read settings", err)
	}
	plain, err := k.openBlob(sealed, k.ad(adSettings))
	if err != nil {
		return nil, &RecordError{Reason: "the settings do not decrypt: they were altered"}
	}
	m := map[string]string{}
	if err := json.Unmarshal(plain, &m); err != nil {
		return nil, &RecordError{Reason: "the settings are malformed"}
	}
	return m, nil
}

// Setting returns one setting and whether it is set.
func (v *Vault) Setting(ctx context.Context, key string) (string, bool, error) {
	m, err := v.Settings(ctx)
	if err != nil {
		return "", false, err
	}
	val, ok := m[key]
	return val, ok, nil
}

// SetSetting sets (or, with an empty value, removes) one setting.
func (v *Vault) SetSetting(ctx context.Context, key, value string) error {
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
	err := inTx(ctx, v.db, func(tx *sql.Tx) error {
		m, err := readSettings(ctx, tx, &k)
		if err != nil {
			return err
		}
		m = maps.Clone(m)
		if value == "" {
			delete(m, key)
		} else {
			m[key] = value
		}
		plain, _ := json.Marshal(m)
		defer clear(plain)
		_, err = tx.ExecContext(ctx, "INSERT INTO settings (id, data) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET data = excluded.data",
			k.sealTo(nil, plain, k.ad(adSettings)))
		return err
	})
	if err != nil {
		return fmt.Errorf("save setting %q: %w", key, err)
	}
	v.kickCheckpointer()
	return nil
}
