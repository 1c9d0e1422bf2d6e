package ui

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/redress-app/redress/app/ui/kit"
	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/letters/polish"
	"github.com/redress-app/redress/store"
)

func TestParseDay(t *testing.T) {
	today := casefile.MustDate("2026-11-25")
	tests := []struct {
		name, in, want string
		bad            bool
	}{
		{"empty", "", "", false},
		{"today", "Today", "2026-11-25", false},
		{"yesterday", "yesterday", "2026-11-24", false},
		{"iso", "2025-11-06", "2025-11-06", false},
		{"long", "6 November 2025", "2025-11-06", false},
		{"short month", "6 Nov 2025", "2025-11-06", false},
		{"ordinal and weekday", "Thursday 6th November 2025", "2025-11-06", false},
		{"sept", "1 Sept 2026", "2026-09-01", false},
		{"no year", "3 March", "2026-03-03", false},
		{"slashes", "06/11/2025", "2025-11-06", false},
		{"short slashes", "6/11/25", "2025-11-06", false},
		{"dots", "6.11.2025", "2025-11-06", false},
		{"two-digit year in the future is last century", "6/11/99", "1999-11-06", false},
		{"no such day", "31/4/2026", "", true},
		{"29 February in a common year", "29 February 2026", "", true},
		{"American order is not guessed", "11/31/2025", "", true},
		{"words", "last Tuesday", "", true},
		{"month first", "November 6 2025", "", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, err := parseDay(tc.in, today)
			if tc.bad {
				if err == nil {
					t.Fatalf("parseDay(%q) = %s, want an error", tc.in, d)
				}
				if strings.ContainsAny(err.Error(), "%{}") {
					t.Errorf("error %q is not a sentence", err)
				}
				return
			}
			if err != nil || d.String() != tc.want {
				t.Errorf("parseDay(%q) = %s, %v; want %s", tc.in, d, err, tc.want)
			}
		})
	}
}

func FuzzParseDay(f *testing.F) {
	for _, s := range []string{"6 November 2025", "06/11/2025", "today", "31/4/2026", "Thursday 6th Nov", "9/9/9", "1.1.1"} {
		f.Add(s)
	}
	today := casefile.MustDate("2026-11-25")
	f.Fuzz(func(t *testing.T, s string) {
		d, err := parseDay(s, today)
		if err == nil && !d.IsZero() {
			// A date read must survive the round trip through its long form.
			back, err := parseDay(d.Long(), today)
			if err != nil || back != d {
				t.Fatalf("%q -> %s -> %q -> %s, %v", s, d, d.Long(), back, err)
			}
		}
	})
}

func TestParseTimeOfDay(t *testing.T) {
	tests := []struct {
		in, want string
		bad      bool
	}{
		{"", "", false}, {"21:14", "21:14", false}, {"9:05", "09:05", false}, {"9.05", "09:05", false},
		{"24:00", "", true}, {"12:60", "", true}, {"9", "", true}, {"9:5", "", true}, {"noon", "", true},
	}
	for _, tc := range tests {
		c, err := parseTimeOfDay(tc.in)
		if (err != nil) != tc.bad || (!tc.bad && c.String() != tc.want) {
			t.Errorf("parseTimeOfDay(%q) = %q, %v", tc.in, c.String(), err)
		}
	}
}

func TestStrengthHint(t *testing.T) {
	tests := []struct{ pass, want string }{
		{"", "Use at least 8 characters."},
		{"abc", "Too short"},
		{"password123", "Easy to guess"},
		{"aaaaaaaaaaaa", "Easy to guess"},
		{"sunflower", "Weak"},
		{"sunflowers12", "Fair"},
		{"Red kettle 42!", "Strong."},
		{"correct horse battery staple", "Very strong."},
	}
	for _, tc := range tests {
		if got := strengthHint(tc.pass); !strings.HasPrefix(got, tc.want) {
			t.Errorf("strengthHint(%q) = %q, want it to start %q", tc.pass, got, tc.want)
		}
	}
}

// TestSentenceNeverShowsAGoError checks that every error becomes a sentence
// with no trace of the Go error's own words.
// TestSkippedWords: a search across cases names a case it could not look in
// (issue 16.4).
func TestSkippedWords(t *testing.T) {
	if got := skippedWords([]string{"abc"}); got != "Case abc could not be searched: it does not check out. Restore it from a backup." {
		t.Errorf("one: %q", got)
	}
	if got := skippedWords([]string{"a", "b"}); !strings.Contains(got, "(a, b)") || !strings.Contains(got, "could not be searched") {
		t.Errorf("two: %q", got)
	}
}

func TestSentenceNeverShowsAGoError(t *testing.T) {
	secret := "internal detail /var/lib/x: sqlite3 busy"
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"wrong passphrase", fmt.Errorf("open: %w", casefile.ErrWrongPassphrase), "That passphrase did not open this vault. Check Caps Lock and try again."},
		{"already open", fmt.Errorf("open %s: %w", secret, casefile.ErrAlreadyOpen), "This vault is already open in another Redress window."},
		{"tampered", &store.RecordError{Case: "c", Seq: 3, Reason: secret}, "does not check out"},
		{"locked", casefile.ErrLocked, "The vault is locked."},
		{"not found", fmt.Errorf("%s: %w", secret, casefile.ErrNotFound), "no longer in this case"},
		{"disk full", &fs.PathError{Op: "write", Path: secret, Err: syscall.ENOSPC}, "The disk is full."},
		{"permission", &fs.PathError{Op: "open", Path: secret, Err: fs.ErrPermission}, "not allowed"},
		{"missing", &fs.PathError{Op: "open", Path: secret, Err: fs.ErrNotExist}, "not there any more"},
		{"AI settings", fmt.Errorf("%w: %s", polish.ErrBadSettings, secret), "The AI settings are not complete."},
		{"AI unreachable", &polish.Error{Kind: polish.ErrUnreachable, Detail: secret}, "could not be reached"},
		{"AI key refused", &polish.Error{Kind: polish.ErrHTTPStatus, Status: 401, Detail: secret}, "refused the API key"},
		{"anything else", errors.New(secret), "Something went wrong"},
		{"read-only vault", fmt.Errorf("add note: the vault is read-only (the disk it is on is read-only): %w", store.ErrReadOnly), "This vault is read-only (the disk it is on is read-only), so nothing was changed. To change it, copy the whole vault folder"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := kit.Sentence(tc.err)
			if !strings.Contains(got, tc.want) {
				t.Errorf("sentence = %q, want %q in it", got, tc.want)
			}
			for _, w := range []string{"sqlite3", "/var/lib", "internal detail"} {
				if strings.Contains(got, w) {
					t.Errorf("sentence %q shows the error's own words %q", got, w)
				}
			}
			if got[0] < 'A' || got[0] > 'Z' || !strings.HasSuffix(got, ".") {
				t.Errorf("sentence %q is not a sentence", got)
			}
		})
	}
}

func TestCouncilList(t *testing.T) {
	if len(councils) != 153 {
		t.Errorf("%d councils, want the 153 with children's services", len(councils))
	}
	seen := map[string]bool{}
	for _, c := range councils {
		if c.common == "" || c.name == "" || strings.Contains(c.name, "|") {
			t.Errorf("bad line %+v", c)
		}
		if seen[c.name] {
			t.Errorf("%q twice", c.name)
		}
		seen[c.name] = true
	}
	for _, name := range []string{"Cumberland Council", "Westmorland and Furness Council", "North Yorkshire Council",
		"Somerset Council", "Council of the Isles of Scilly", "City of London Corporation", "London Borough of Hackney"} {
		if !seen[name] {
			t.Errorf("%q missing", name)
		}
	}
	for _, gone := range []string{"Cumbria County Council", "Northamptonshire County Council", "Borough of Poole"} {
		if seen[gone] {
			t.Errorf("%q no longer exists", gone)
		}
	}
	if m := matchCouncils("kingston"); len(m) != 2 {
		t.Errorf("kingston matches %v, want Hull and Kingston upon Thames", m)
	}
}

func TestTempFilesArePrivateAndCleaned(t *testing.T) {
	base := t.TempDir()
	tf := newTempFiles(base)
	p, err := tf.write("../../etc/passwd", strings.NewReader("secret copy"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(p, base) || filepath.Base(p) != "passwd" {
		t.Errorf("copy at %s escaped its folder", p)
	}
	fi, _ := os.Stat(p)
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("copy mode %v", fi.Mode().Perm())
	}
	root, _ := os.Stat(tf.root)
	if root.Mode().Perm() != 0o700 {
		t.Errorf("folder mode %v", root.Mode().Perm())
	}
	// A folder left by a run that has ended goes at the next start; one of a
	// running process stays.
	dead := filepath.Join(tf.root, "p999999999")
	alive := filepath.Join(tf.root, fmt.Sprintf("p%d", os.Getppid()))
	for _, d := range []string{dead, alive} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	newTempFiles(base).clean()
	if fileExists(p) || fileExists(dead) {
		t.Error("copies left behind after cleaning")
	}
	if !fileExists(alive) {
		t.Error("cleaning removed another running Redress's copies")
	}
}

func TestVerifyReportInWords(t *testing.T) {
	infos := []store.CaseInfo{{ID: "a", Title: "Smith family", Records: 12}, {ID: "b", Title: "Baby A", Records: 3, Err: casefile.ErrTampered}}
	ok := verifyReport(infos[:1], nil)
	if !strings.HasPrefix(ok, "Everything checks out") || !strings.Contains(ok, "Smith family: 12 records, verifies") {
		t.Errorf("report %q", ok)
	}
	bad := verifyReport(infos, &store.RecordError{Case: "b", Seq: 2, Object: "note n4", Reason: "hash mismatch"})
	for _, want := range []string{"Record number 2 of the case “Baby A” does not verify", "a journal entry", "Restore from a backup", "Baby A: 3 records, does NOT verify"} {
		if !strings.Contains(bad, want) {
			t.Errorf("report lacks %q:\n%s", want, bad)
		}
	}
	if strings.Contains(bad, "hash mismatch") {
		t.Error("report shows the Go error")
	}
}

func TestSettingsChangePassphraseBackupRestoreVerify(t *testing.T) {
	td := openDesk(t)
	td.writeNote("Visit", "A visit.")
	d := td.d
	d.showSettings()
	td.wait()
	w := d.settings

	// Neutral title, in the preferences only.
	w.neutral.SetChecked(true)
	if d.win.Title() != "Notes" || !d.prefs.neutral() {
		t.Errorf("title %q", d.win.Title())
	}

	// Verify.
	w.onVerify()
	td.wait()
	if l := findLabel(w.win.Canvas().Overlays().Top(), "Everything checks out"); l == nil {
		t.Fatal("no verify report")
	}
	w.dialogs.closeAll()

	// Backup.
	backup := filepath.Join(t.TempDir(), "backup.redress-backup")
	td.files.saves = []string{backup}
	w.onBackup()
	td.wait()
	if !fileExists(backup) {
		t.Fatal("no backup written")
	}
	w.dialogs.closeAll()

	// Change the passphrase: the old one no longer opens the vault.
	d.vault.Lock()
	if err := d.vault.Unlock(context.Background(), []byte(testPass)); err != nil {
		t.Fatal(err)
	}
	if err := d.vault.ChangePassphrase(context.Background(), []byte(testPass), []byte("a brand new passphrase")); err != nil {
		t.Fatal(err)
	}
	d.vault.Lock()
	if err := d.vault.Unlock(context.Background(), []byte(testPass)); !errors.Is(err, casefile.ErrWrongPassphrase) {
		t.Errorf("old passphrase: %v", err)
	}
	if err := d.vault.Unlock(context.Background(), []byte("a brand new passphrase")); err != nil {
		t.Fatal(err)
	}

	// Restore the backup into a new folder, with the passphrase it was made with.
	dest := filepath.Join(t.TempDir(), "restored")
	if err := store.Restore(context.Background(), backup, dest, []byte(testPass), d.opts...); err != nil {
		t.Fatalf("restore: %v", err)
	}
	v, err := store.Open(context.Background(), dest, []byte(testPass), d.opts...)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	cases, _ := v.Cases(context.Background())
	if len(cases) != 1 || cases[0].Title != "Baby A, 2026" {
		t.Errorf("restored cases %+v", cases)
	}
}

func TestAISettingsLiveInTheVault(t *testing.T) {
	td := openDesk(t)
	d := td.d
	d.showSettings()
	td.wait()
	w := d.settings
	if w.aiEndpoint.Disabled() == false {
		t.Error("AI fields should be off until AI help is turned on")
	}
	w.aiOn.SetChecked(true)
	w.aiEndpoint.SetText("http://localhost:11434/v1")
	if !strings.Contains(w.aiWhere.Text, "Nothing leaves this computer") {
		t.Errorf("statement %q", w.aiWhere.Text)
	}
	w.aiEndpoint.SetText("https://api.example.com/v1")
	if !strings.Contains(w.aiWhere.Text, "third party") {
		t.Errorf("statement %q", w.aiWhere.Text)
	}
	w.onAISave()
	td.wait()
	if !strings.Contains(w.aiResult.Text, "model") {
		t.Errorf("saving without a model: %q", w.aiResult.Text)
	}
	w.aiModel.SetText("llama3.1:8b")
	w.aiKey.SetText("sk-test-key")
	w.onAISave()
	td.wait()
	raw, ok, err := d.vault.Setting(context.Background(), aiSettingKey)
	if err != nil || !ok {
		t.Fatalf("setting not saved: %v", err)
	}
	s, err := polish.DecodeSettings([]byte(raw))
	if err != nil || !s.Enabled || s.Model != "llama3.1:8b" || s.APIKey != "sk-test-key" {
		t.Errorf("stored %v, %v", s, err)
	}
	type valuesReader interface{ ReadValues(func(map[string]any)) }
	td.app.Preferences().(valuesReader).ReadValues(func(m map[string]any) {
		if strings.Contains(fmt.Sprint(m), "sk-test-key") || strings.Contains(fmt.Sprint(m), "example.com") {
			t.Error("AI settings leaked into the preferences")
		}
	})
}

func TestCaseDetailsAmendTheCase(t *testing.T) {
	td := openDesk(t)
	s := td.d.shell
	s.showDetails()
	p := s.details
	p.title.SetText("Baby A and the council")
	p.addPerson(casefile.Person{})
	r := p.people[len(p.people)-1]
	r.name.SetText("Ms Green")
	r.role.SetText("Social worker")
	p.addChild(casefile.Child{})
	p.children[len(p.children)-1].name.SetText("Child C")
	if !p.changed() {
		t.Fatal("changes not noticed")
	}
	p.onSave()
	td.wait()
	c := s.cur.c
	if c.Title != "Baby A and the council" || len(c.People) != 1 || c.People[0].Role != "Social worker" || len(c.Children) != 2 {
		t.Fatalf("case after saving details: %q %+v %+v", c.Title, c.People, c.Children)
	}
	vs, _, _, err := td.d.vault.History(context.Background(), s.curID, store.TypeCase, "case")
	if err != nil || len(vs) != 2 {
		t.Errorf("case history: %d versions, %v", len(vs), err)
	}
	// The new person can be ticked in a journal entry.
	s.onNewNote()
	if len(s.journal.ed.people.Options) != 1 || s.journal.ed.people.Options[0] != "Ms Green (Social worker)" {
		t.Errorf("people offered %v", s.journal.ed.people.Options)
	}
}

func TestDeadlineEntriesAcrossCases(t *testing.T) {
	td := openDesk(t)
	s := td.d.shell
	td.recordEvent(casefile.KindComplaintMade, "20 November 2026", map[string]string{"stage": "1"}, "Stage 1 complaint by email")
	s.cases.refresh(nil)
	td.wait()
	es := s.cases.entries()
	if len(es) == 0 {
		t.Fatal("no open deadlines")
	}
	found := false
	for _, e := range es {
		if e.Finding.Rule == "complaint-stage1-10wd" && e.CaseTitle == "Baby A, 2026" {
			found = true
		}
	}
	if !found {
		t.Errorf("the stage 1 response deadline is not listed: %+v", es)
	}
	row := newCaseRow()
	s.cases.fillRow(0, row)
	if got := collectText(row); !strings.Contains(got, "Next: ") || !strings.Contains(got, "Dec 2026") {
		t.Errorf("case row %q does not give the next deadline", got)
	}
	// The Checks slot's "Show the events" opens the finding's event.
	s.showFindingEvents(es[0].Finding)
	if s.tabs.Selected() != s.tabItems[tabEvents] || s.events.selected != es[0].Finding.Trigger {
		t.Error("showFindingEvents did not show the event")
	}
	// The deadlines slot opens a case at its Overview.
	s.openFinding(s.curID, es[0].Finding)
	if s.tabs.Selected() != s.tabItems[tabOverview] {
		t.Error("openFinding did not show the Overview")
	}
}
