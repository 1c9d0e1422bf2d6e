package store

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/redress-app/redress/casefile"
)

// TestTamperSettings: settings deleted, or an older copy put back, are named
// in plain words by Settings, SetSetting, Verify and a fresh open, while the
// cases stay readable (issue 16.3).
func TestTamperSettings(t *testing.T) {
	for _, tc := range []struct {
		name   string
		tamper func(t *testing.T, v *Vault, dir string)
	}{
		{"deleted", func(t *testing.T, v *Vault, dir string) {
			_, err := rawDB(t, dir).Exec("DELETE FROM settings")
			must(t, err)
		}},
		{"rolled back", func(t *testing.T, v *Vault, dir string) {
			db := rawDB(t, dir)
			var old []byte
			must(t, db.QueryRow("SELECT data FROM settings").Scan(&old))
			must(t, v.SetSetting(context.Background(), "k", "newer"))
			_, err := db.Exec("UPDATE settings SET data = ?", old)
			must(t, err)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, dir, caseID := smallVault(t)
			ctx := context.Background()
			tc.tamper(t, v, dir)
			const want = "settings do not verify: they were deleted, replaced by an older copy or altered outside Redress"
			if _, err := v.Settings(ctx); !errors.Is(err, casefile.ErrTampered) || !strings.Contains(err.Error(), want) {
				t.Fatalf("Settings = %v", err)
			}
			if err := v.Verify(ctx); !errors.Is(err, casefile.ErrTampered) || !strings.Contains(err.Error(), want) {
				t.Fatalf("Verify = %v", err)
			}
			if err := v.SetSetting(ctx, "k", "x"); !errors.Is(err, casefile.ErrTampered) {
				t.Fatalf("SetSetting over tampered settings = %v", err)
			}
			// A new case must not bless the tampered settings with a new MAC.
			if _, err := v.CreateCase(ctx, "New", ""); !errors.Is(err, casefile.ErrTampered) {
				t.Fatalf("CreateCase over tampered settings = %v", err)
			}
			v.Close()
			v2, err := Open(ctx, dir, testPass, testOpts()...)
			if err != nil {
				t.Fatalf("Open: %v (the cases are intact and should open)", err)
			}
			defer v2.Close()
			if _, err := v2.LoadCase(ctx, caseID); err != nil {
				t.Fatalf("the case is not readable: %v", err)
			}
			if _, err := v2.Settings(ctx); !errors.Is(err, casefile.ErrTampered) || !strings.Contains(err.Error(), want) {
				t.Fatalf("Settings after reopening = %v", err)
			}
			if err := v2.Verify(ctx); !errors.Is(err, casefile.ErrTampered) {
				t.Fatalf("Verify after reopening = %v", err)
			}
		})
	}
}

// TestLegacyCaseListUpgrades: a vault with the older 32-byte case-list MAC
// opens and is upgraded to the one covering the settings; cutting the new
// value back to 32 bytes does not pass as an old vault.
func TestLegacyCaseListUpgrades(t *testing.T) {
	v, dir, _ := smallVault(t)
	ctx := context.Background()
	db := rawDB(t, dir)
	var ids []string
	for _, cs := range v.st.order {
		ids = append(ids, cs.id)
	}
	var val []byte
	must(t, db.QueryRow("SELECT value FROM meta WHERE name = 'cases'").Scan(&val))
	if len(val) != 64 {
		t.Fatalf("the case list's MAC is %d bytes, want 64", len(val))
	}
	// Cut to 32 bytes: refused.
	_, err := db.Exec("UPDATE meta SET value = ? WHERE name = 'cases'", val[:32])
	must(t, err)
	v.Close()
	if _, err := Open(ctx, dir, testPass, testOpts()...); !errors.Is(err, casefile.ErrTampered) {
		t.Fatalf("Open with the new MAC cut to 32 bytes = %v, want ErrTampered", err)
	}
	// The genuine old value: opens, and is upgraded.
	k := deriveTestKeys(t, dir)
	_, err = db.Exec("UPDATE meta SET value = ? WHERE name = 'cases'", k.casesMAC(ids))
	must(t, err)
	v2, err := Open(ctx, dir, testPass, testOpts()...)
	if err != nil {
		t.Fatalf("Open an older vault: %v", err)
	}
	defer v2.Close()
	if m, err := v2.Settings(ctx); err != nil || m["k"] != "v" {
		t.Fatalf("Settings of an older vault = %v, %v", m, err)
	}
	must(t, db.QueryRow("SELECT value FROM meta WHERE name = 'cases'").Scan(&val))
	if len(val) != 64 {
		t.Fatalf("the older vault was not upgraded: %d bytes", len(val))
	}
	must(t, v2.Verify(ctx))
}

// deriveTestKeys unwraps the data key of the vault in dir with testPass.
func deriveTestKeys(t *testing.T, dir string) *keys {
	t.Helper()
	var raw []byte
	must(t, rawDB(t, dir).QueryRow("SELECT header FROM keyslot WHERE id = 1").Scan(&raw))
	h, err := parseHeader(raw)
	must(t, err)
	dk, err := h.unwrap(deriveKEK(testPass, h, nil))
	must(t, err)
	k, err := deriveKeys(dk, h.VaultID)
	must(t, err)
	return k
}
