package casework

import (
	"os"
	"path/filepath"
	"testing"
)

func TestCheckOutPath(t *testing.T) {
	root := t.TempDir()
	vault := filepath.Join(root, "vault")
	if err := os.MkdirAll(filepath.Join(vault, "sub"), 0o700); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(vault, VaultDBName)
	if err := os.WriteFile(db, append([]byte("SQLite format 3\x00"), 1, 2, 3), 0o600); err != nil {
		t.Fatal(err)
	}
	backup := filepath.Join(root, "backup.redress")
	if err := os.WriteFile(backup, []byte("SQLite format 3\x00 and more"), 0o600); err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(root, "letter.pdf")
	if err := os.WriteFile(other, []byte("%PDF-1.7"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		path string
		want OutKind
	}{
		{db, OutInVault},
		{filepath.Join(vault, "new.pdf"), OutInVault},
		{filepath.Join(vault, "sub", "new.pdf"), OutInVault},
		{backup, OutVaultFile},
		{other, OutExists},
		{filepath.Join(root, "new.pdf"), OutNew},
		{root, OutFolder},
	} {
		got, err := CheckOutPath(tc.path)
		if err != nil {
			t.Fatalf("%s: %v", tc.path, err)
		}
		if got.Kind != tc.want {
			t.Errorf("%s: kind %d, want %d", tc.path, got.Kind, tc.want)
		}
		if tc.want == OutInVault && got.Vault != vault {
			t.Errorf("%s: vault %q, want %q", tc.path, got.Vault, vault)
		}
	}
	if b, _ := os.ReadFile(db); len(b) != 19 {
		t.Errorf("the check changed vault.db: %d bytes", len(b))
	}
}
