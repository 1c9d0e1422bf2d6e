package store

import (
	"bytes"
	"context"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/redress-app/redress/casefile"
)

const (
	canaryChildEnv = "REDRESS_CANARY_CHILD" // "close" or "abandon"
	canaryDirEnv   = "REDRESS_CANARY_DIR"
	canaryTagEnv   = "REDRESS_CANARY_TAG"
)

// canaries returns a unique string for every kind of field.
func canaries(tag string) map[string]string {
	fields := []string{"title", "authority", "childname", "personname", "role", "organisation",
		"detail", "description", "agency", "notetext", "amendedtext", "tag", "docname", "docsource",
		"docbytes", "docid", "lettertitle", "letterbody", "settingkey", "settingvalue", "evidence", "passphrase",
		"pagetext", "ocrtext", "thumbnail", "problem", "pageword"}
	m := map[string]string{}
	for _, f := range fields {
		m[f] = "CANARY" + f + tag
	}
	return m
}

// canaryChild writes every canary into a vault, searches, backs up and
// changes the passphrase; then closes the vault or just exits (leaving the
// WAL behind), as REDRESS_CANARY_CHILD says.
func canaryChild() int {
	ctx := context.Background()
	base := os.Getenv(canaryDirEnv)
	c := canaries(os.Getenv(canaryTagEnv))
	fail := func(err error) int { fmt.Fprintln(os.Stderr, err); return 3 }
	v, err := Create(ctx, filepath.Join(base, "vault"), []byte(c["passphrase"]), WithKDF(TestKDF), WithInsecureKDF(), WithChunkSize(64))
	if err != nil {
		return fail(err)
	}
	ci, err := v.CreateCase(ctx, c["title"], c["authority"])
	if err != nil {
		return fail(err)
	}
	steps := []func() error{
		func() error {
			_, err := v.PutChild(ctx, ci.ID, casefile.Child{Name: c["childname"]})
			return err
		},
		func() error {
			_, err := v.PutPerson(ctx, ci.ID, casefile.Person{Name: c["personname"], Role: c["role"], Organisation: c["organisation"]})
			return err
		},
		func() error {
			_, err := v.ImportDocument(ctx, ci.ID, strings.NewReader(strings.Repeat(c["docbytes"]+" ", 50)),
				DocumentInfo{ID: c["docid"], Name: c["docname"], Source: c["docsource"]})
			return err
		},
		func() error {
			_, err := v.AddEvent(ctx, ci.ID, casefile.Event{Kind: "decision", Date: casefile.MustDate("2026-03-02"), Detail: c["detail"],
				Attrs: casefile.Attrs{Description: c["description"]}, Evidence: []string{c["docid"]}})
			return err
		},
		func() error {
			_, err := v.AddEvent(ctx, ci.ID, casefile.Event{Kind: "third-party-checks", Date: casefile.MustDate("2026-03-02"),
				Attrs: casefile.Attrs{Agency: c["agency"], Consent: casefile.Bool(false)}})
			return err
		},
		func() error {
			id, err := v.AddNote(ctx, ci.ID, casefile.Note{Text: c["notetext"], Tags: []string{c["tag"]}, Documents: []string{c["docid"]}})
			if err != nil {
				return err
			}
			return v.AmendNote(ctx, ci.ID, casefile.Note{ID: id, Occurred: time.Now(), Text: c["amendedtext"]})
		},
		func() error {
			_, err := v.SaveLetter(ctx, ci.ID, Letter{Title: c["lettertitle"], Content: []byte(c["letterbody"])})
			return err
		},
		func() error { return v.SetSetting(ctx, c["settingkey"], c["settingvalue"]) },
		func() error {
			return v.PutPageTexts(ctx, ci.ID, c["docid"], []PageText{{Page: 1, Text: c["pagetext"]}, {Page: 2, Text: c["ocrtext"], OCR: true}})
		},
		func() error {
			return v.PutThumbnail(ctx, ci.ID, c["docid"], 1, []byte(strings.Repeat(c["thumbnail"], 20)))
		},
		func() error {
			words := []Word{{Text: c["pageword"], X0: 0.1, Y0: 0.2, X1: 0.3, Y1: 0.25}, {Text: c["ocrtext"], X0: 0.4, Y0: 0.2, X1: 0.6, Y1: 0.25}}
			if err := v.PutPageWords(ctx, ci.ID, c["docid"], 2, words); err != nil {
				return err
			}
			if got, ok, err := v.PageWords(ctx, ci.ID, c["docid"], 2); err != nil || !ok || len(got) != 2 || got[0].Text != c["pageword"] {
				return fmt.Errorf("page words read back as %+v %v %v", got, ok, err)
			}
			return nil
		},
		func() error {
			return v.PutDerivedInfo(ctx, ci.ID, c["docid"], DerivedInfo{Kind: "pdf", Pages: 2, Problem: c["problem"]})
		},
		func() error { _, err := v.Search(ctx, c["notetext"], ""); return err },
		func() error {
			hits, err := v.Search(ctx, c["pagetext"], "")
			if err == nil && (len(hits) != 1 || hits[0].Page != 1) {
				err = fmt.Errorf("searching the page text found %+v", hits)
			}
			return err
		},
		func() error { return v.Backup(ctx, filepath.Join(base, "backups", "backup-1")) },
		func() error { return v.Purge(ctx, ci.ID, TypeLetter, "l1") },
		func() error { return v.Verify(ctx) },
		func() error { return v.ChangePassphrase(ctx, []byte(c["passphrase"]), []byte(c["passphrase"]+"2")) },
		func() error { return v.Backup(ctx, filepath.Join(base, "backups", "backup-2")) },
	}
	for i, s := range steps {
		if err := s(); err != nil {
			return fail(fmt.Errorf("step %d: %w", i, err))
		}
	}
	if os.Getenv(canaryChildEnv) == "close" {
		if err := v.Close(); err != nil {
			return fail(err)
		}
		// Restore too, so its files are scanned.
		if err := Restore(ctx, filepath.Join(base, "backups", "backup-2"), filepath.Join(base, "restored"), []byte(c["passphrase"]+"2"), WithKDF(TestKDF), WithInsecureKDF()); err != nil {
			return fail(err)
		}
	}
	return 0 // "abandon": exit with the vault open, WAL and shm left behind
}

func TestCanary(t *testing.T) {
	exe, err := os.Executable()
	must(t, err)
	for _, mode := range []string{"close", "abandon"} {
		t.Run(mode, func(t *testing.T) {
			base := t.TempDir()
			tmp := filepath.Join(base, "tmp")
			must(t, os.MkdirAll(filepath.Join(base, "backups"), 0o700))
			must(t, os.MkdirAll(tmp, 0o700))
			tag := hex.EncodeToString(randomBytes(6))
			cmd := exec.Command(exe, "-test.run=^$")
			cmd.Env = append(os.Environ(), canaryChildEnv+"="+mode, canaryDirEnv+"="+base, canaryTagEnv+"="+tag,
				"TMPDIR="+tmp, "SQLITE_TMPDIR="+tmp)
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("child: %v\n%s", err, out)
			}
			c := canaries(tag)
			var files, total int
			err = filepath.WalkDir(base, func(path string, d fs.DirEntry, err error) error {
				if err != nil || d.IsDir() {
					return err
				}
				b, err := os.ReadFile(path)
				if err != nil {
					return err
				}
				files++
				total += len(b)
				lower := bytes.ToLower(b)
				for field, s := range c {
					if bytes.Contains(b, []byte(s)) || bytes.Contains(lower, []byte(strings.ToLower(s))) || bytes.Contains(b, utf16(s)) {
						t.Errorf("%s: the %s canary is in plaintext", path, field)
					}
				}
				return nil
			})
			must(t, err)
			if mode == "abandon" {
				if _, err := os.Stat(filepath.Join(base, "vault", dbName+"-wal")); err != nil {
					t.Errorf("the abandoned vault has no WAL to scan: %v", err)
				}
			}
			if files < 4 || total == 0 {
				t.Fatalf("scanned only %d files", files)
			}
			t.Logf("scanned %d files, %d bytes", files, total)
		})
	}
}

func utf16(s string) []byte {
	var b []byte
	for _, r := range s {
		b = append(b, byte(r), 0)
	}
	return b
}
