package store

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"database/sql"
	"errors"
	"sort"
)

// The settings are authenticated with the list of cases (FORMAT.md section
// 4): the meta row 'cases' holds two HMACs, 64 bytes,
//
//	HMAC(MAC key, "redress/cases/v2\x00" || vault ID || u64(n) || id_1 || 0x00 || ... || id_n || 0x00 || settings digest)
//	HMAC(MAC key, "redress/case-ids/v2\x00" || vault ID || u64(n) || id_1 || 0x00 || ... || id_n || 0x00)
//
// where the settings digest is the SHA-256 of the sealed settings blob (32
// zero bytes when there is none). The first detects settings deleted, put
// back from an older copy or altered; the second tells that apart from a case
// added or removed. A vault written before this has the 32-byte
// "redress/cases/v1" value; it is accepted and upgraded when it is next
// opened for writing. Truncating the new value gives no valid old one (its
// domains differ), so the upgrade cannot be undone without an old copy of
// the row.
const (
	macCasesV2 = "redress/cases/v2\x00"
	macCaseIDs = "redress/case-ids/v2\x00"
)

// settingsDigest is the SHA-256 of the sealed settings blob, or zeros when
// there are no settings.
func settingsDigest(sealed []byte) []byte {
	if sealed == nil {
		return make([]byte, 32)
	}
	s := sha256.Sum256(sealed)
	return s[:]
}

func idParts(ids []string) [][]byte {
	s := append([]string(nil), ids...)
	sort.Strings(s)
	parts := [][]byte{u64(uint64(len(s)))}
	for _, id := range s {
		parts = append(parts, []byte(id), []byte{0})
	}
	return parts
}

// casesValue is the meta 'cases' value for these cases and settings.
func (k *keys) casesValue(ids []string, sealedSettings []byte) []byte {
	parts := idParts(ids)
	withSettings := k.macOf(macCasesV2, append(parts, settingsDigest(sealedSettings))...)
	return append(withSettings, k.macOf(macCaseIDs, parts...)...)
}

var (
	errCasesChanged = &RecordError{Reason: "the list of cases does not verify: a case was added or removed outside Redress"}
	// errSettingsChanged names what the user sees: settings gone or old.
	errSettingsChanged = &RecordError{Reason: "the vault's settings do not verify: they were deleted, replaced by an older copy or altered outside Redress"}
)

// checkCasesValue checks the meta 'cases' value against the cases and the
// sealed settings. legacy is set for a vault's older 32-byte value, which
// covers the cases only.
func (k *keys) checkCasesValue(val []byte, ids []string, sealedSettings []byte) (legacy bool, err error) {
	switch len(val) {
	case 32:
		if subtle.ConstantTimeCompare(val, k.casesMAC(ids)) != 1 {
			return false, errCasesChanged
		}
		return true, nil
	case 64:
		want := k.casesValue(ids, sealedSettings)
		if subtle.ConstantTimeCompare(val[32:], want[32:]) != 1 {
			return false, errCasesChanged
		}
		if subtle.ConstantTimeCompare(val[:32], want[:32]) != 1 {
			return false, errSettingsChanged
		}
		return false, nil
	}
	return false, errCasesChanged
}

type rowQuerier interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}

// readSealedSettings returns the sealed settings blob, nil when there is none.
func readSealedSettings(ctx context.Context, q rowQuerier) ([]byte, error) {
	var sealed []byte
	err := q.QueryRowContext(ctx, "SELECT data FROM settings WHERE id = 1").Scan(&sealed)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, dbErr("read settings", err)
	}
	if sealed == nil {
		sealed = []byte{}
	}
	return sealed, nil
}

func readCasesValue(ctx context.Context, q rowQuerier) ([]byte, error) {
	var val []byte
	if err := q.QueryRowContext(ctx, "SELECT value FROM meta WHERE name = 'cases'").Scan(&val); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, &RecordError{Reason: "the list of cases is missing its authentication code"}
		}
		return nil, dbErr("read cases", err)
	}
	return val, nil
}

// checkSettings checks the sealed settings against the meta 'cases' value
// for the cases ids (the ones loaded, which are authenticated).
func checkSettings(ctx context.Context, q rowQuerier, k *keys, ids []string, sealed []byte) error {
	val, err := readCasesValue(ctx, q)
	if err != nil {
		return err
	}
	_, err = k.checkCasesValue(val, ids, sealed)
	return err
}

// upgradeCasesValue rewrites an older vault's 32-byte case-list MAC as the
// 64-byte value that also covers the settings. A vault that cannot be
// written (read-only) keeps the old value; it is read as it is.
func (v *Vault) upgradeCasesValue(ctx context.Context, k *keys, ids []string) error {
	return inTx(ctx, v.db, func(tx *sql.Tx) error {
		sealed, err := readSealedSettings(ctx, tx)
		if err != nil {
			return err
		}
		val, err := readCasesValue(ctx, tx)
		if err != nil {
			return err
		}
		if legacy, err := k.checkCasesValue(val, ids, sealed); err != nil || !legacy {
			return err
		}
		_, err = tx.ExecContext(ctx, "UPDATE meta SET value = ? WHERE name = 'cases'", k.casesValue(ids, sealed))
		return err
	})
}
