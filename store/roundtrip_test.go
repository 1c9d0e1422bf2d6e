package store

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/redress-app/redress/casefile"
)

func caseFiles(t *testing.T) []string {
	files, _ := filepath.Glob("../examples/*.case.json")
	if len(files) == 0 {
		t.Fatal("no example case files in ../examples")
	}
	files = append(files, "../casefile/testdata/full.case.json", "../casefile/testdata/new-attributes.case.json")
	return files
}

func TestImportExportRoundTrip(t *testing.T) {
	ctx := context.Background()
	v, _ := newTestVault(t)
	var ids []string
	var want [][]byte
	for _, f := range caseFiles(t) {
		c, err := casefile.ReadFile(f)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		canon, err := casefile.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		ci, err := v.ImportCase(ctx, c)
		if err != nil {
			t.Fatalf("import %s: %v", f, err)
		}
		ids = append(ids, ci.ID)
		want = append(want, canon)
	}
	check := func(v *Vault, stage string) {
		for i, id := range ids {
			c, err := v.ExportCase(ctx, id)
			if err != nil {
				t.Fatalf("%s: export: %v", stage, err)
			}
			got, err := casefile.Marshal(c)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want[i]) {
				t.Errorf("%s: case %d differs after round trip:\n got %s\nwant %s", stage, i, got, want[i])
			}
		}
	}
	check(v, "same session")
	v = reopen(t, v)
	check(v, "after reopening")
	if err := v.Verify(ctx); err != nil {
		t.Fatal(err)
	}
}

func TestFindCase(t *testing.T) {
	ctx := context.Background()
	v, _ := newTestVault(t)
	a, _ := v.CreateCase(ctx, "Smith family", "Example Borough Council")
	v.CreateCase(ctx, "Jones", "")
	v.CreateCase(ctx, "Jones", "")
	tests := []struct {
		name, ref string
		want      string
		err       error
	}{
		{"by id", a.ID, a.ID, nil},
		{"by title", "Smith family", a.ID, nil},
		{"title is exact", "smith family", "", casefile.ErrNotFound},
		{"missing", "nobody", "", casefile.ErrNotFound},
		{"ambiguous", "Jones", "", casefile.ErrAmbiguous},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := v.FindCase(ctx, tt.ref)
			if !errors.Is(err, tt.err) || (tt.err == nil && got.ID != tt.want) {
				t.Fatalf("FindCase(%q) = %v, %v; want %s, %v", tt.ref, got.ID, err, tt.want, tt.err)
			}
		})
	}
}

func TestBackupRestoreIdentical(t *testing.T) {
	ctx := context.Background()
	v, _ := newTestVault(t, WithChunkSize(100))
	fillCase(t, v)
	if err := v.SetSetting(ctx, "ai.key", "sk-123"); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "backup.redress-backup")
	if err := v.Backup(ctx, out); err != nil {
		t.Fatal(err)
	}
	if err := v.Backup(ctx, out); !errors.Is(err, casefile.ErrExists) {
		t.Fatalf("second backup to the same file: %v, want ErrExists", err)
	}
	to := filepath.Join(t.TempDir(), "restored")
	if err := Restore(ctx, out, to, []byte("wrong"), testOpts()...); !errors.Is(err, casefile.ErrWrongPassphrase) {
		t.Fatalf("restore with the wrong passphrase: %v", err)
	}
	if _, err := os.Stat(to); err == nil {
		t.Fatal("a failed restore left a folder behind")
	}
	if err := Restore(ctx, out, to, testPass, testOpts()...); err != nil {
		t.Fatal(err)
	}
	if err := Restore(ctx, out, to, testPass, testOpts()...); !errors.Is(err, casefile.ErrExists) {
		t.Fatalf("restore over a vault: %v, want ErrExists", err)
	}
	r, err := Open(ctx, to, testPass, testOpts()...)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if err := r.Verify(ctx); err != nil {
		t.Fatal(err)
	}
	assertSameVault(t, v, r)
}

// assertSameVault compares everything readable: cases, exports, journals
// (hashes, content), checkpoints, documents' bytes, letters and settings.
func assertSameVault(t *testing.T, a, b *Vault) {
	t.Helper()
	ctx := context.Background()
	ca, _ := a.Cases(ctx)
	cb, _ := b.Cases(ctx)
	if len(ca) != len(cb) {
		t.Fatalf("%d cases, want %d", len(cb), len(ca))
	}
	for i := range ca {
		if ca[i].ID != cb[i].ID || ca[i].Title != cb[i].Title || !ca[i].Updated.Equal(cb[i].Updated) {
			t.Fatalf("case %d: %+v, want %+v", i, cb[i], ca[i])
		}
		id := ca[i].ID
		ea, _ := a.ExportCase(ctx, id)
		eb, _ := b.ExportCase(ctx, id)
		ma, _ := casefile.Marshal(ea)
		mb, _ := casefile.Marshal(eb)
		if !bytes.Equal(ma, mb) {
			t.Errorf("case %s exports differ", id)
		}
		ja, _ := a.Journal(ctx, id)
		jb, _ := b.Journal(ctx, id)
		if len(ja) != len(jb) {
			t.Fatalf("journal lengths %d, %d", len(ja), len(jb))
		}
		for j := range ja {
			if ja[j].Hash != jb[j].Hash || !bytes.Equal(ja[j].Content, jb[j].Content) {
				t.Errorf("journal record %d differs", j+1)
			}
		}
		pa, _ := a.Checkpoint(id)
		pb, _ := b.Checkpoint(id)
		if pa != pb {
			t.Errorf("checkpoints %s, %s", pa, pb)
		}
		for _, d := range ea.Documents {
			if readDoc(t, a, id, d.ID) != readDoc(t, b, id, d.ID) {
				t.Errorf("document %s differs", d.ID)
			}
		}
		la, _ := a.Letters(ctx, id)
		lb, _ := b.Letters(ctx, id)
		if len(la) != len(lb) {
			t.Errorf("letters differ")
		}
	}
	sa, _ := a.Settings(ctx)
	sb, _ := b.Settings(ctx)
	if len(sa) != len(sb) || sa["ai.key"] != sb["ai.key"] {
		t.Errorf("settings %v, want %v", sb, sa)
	}
}
