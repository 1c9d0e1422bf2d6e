package store

import (
	"context"
	"database/sql"
	"encoding/json"
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
	// Hold off writes: between a new case's commit and its arrival in
	// memory, the case list's MAC on disk is ahead of the cases loaded.
	v.wmu.Lock()
	defer v.wmu.Unlock()
	v.mu.RLock()
	defer v.mu.RUnlock()
	if err := v.unlocked(); err != nil {
		return nil, err
	}
	if v.st.settingsErr != nil {
		return nil, fmt.Errorf("read settings: %w", v.st.settingsErr)
	}
	return readSettings(ctx, v.db, v.keys, v.st.ids())
}

// readSettings reads the settings and checks them against the case list's
// MAC, which covers them (settingsauth.go): deleted settings, or an older
// copy put back, are an error, not an empty or old map.
func readSettings(ctx context.Context, q rowQuerier, k *keys, ids []string) (map[string]string, error) {
	sealed, err := readSealedSettings(ctx, q)
	if err != nil {
		return nil, err
	}
	if err := checkSettings(ctx, q, k, ids, sealed); err != nil {
		return nil, err
	}
	if sealed == nil {
		return map[string]string{}, nil
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
	if err := v.refuseReadOnly(); err != nil {
		return fmt.Errorf("save setting %q: %w", key, err)
	}
	v.mu.RLock()
	if err := v.unlocked(); err != nil {
		v.mu.RUnlock()
		return err
	}
	k := *v.keys
	ids := v.st.ids()
	settingsErr := v.st.settingsErr
	v.mu.RUnlock()
	defer k.wipe()
	if settingsErr != nil {
		return fmt.Errorf("save setting %q: %w", key, settingsErr)
	}
	err := inTx(ctx, v.db, func(tx *sql.Tx) error {
		m, err := readSettings(ctx, tx, &k, ids)
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
		sealed := k.sealTo(nil, plain, k.ad(adSettings))
		if _, err = tx.ExecContext(ctx, "INSERT INTO settings (id, data) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET data = excluded.data", sealed); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, "UPDATE meta SET value = ? WHERE name = 'cases'", k.casesValue(ids, sealed))
		return err
	})
	if err != nil {
		return fmt.Errorf("save setting %q: %w", key, err)
	}
	v.kickCheckpointer()
	return nil
}
