package store

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/redress-app/redress/casefile"
)

// fillCase makes a case with one of everything: children, people, events
// (one amended), notes (one amended, one archived, one purged), documents
// (one purged), letters with versions.
func fillCase(t testing.TB, v *Vault) CaseInfo {
	t.Helper()
	ctx := context.Background()
	ci, err := v.CreateCase(ctx, "Smith family", "Example Borough Council")
	must(t, err)
	_, err = v.PutChild(ctx, ci.ID, casefile.Child{Name: "Baby A", Born: casefile.MustDate("2025-09-15"), Mobility: casefile.MobilityPreMobile})
	must(t, err)
	_, err = v.PutPerson(ctx, ci.ID, casefile.Person{Name: "Ms Social Worker", Role: "social worker"})
	must(t, err)
	e1, err := v.AddEvent(ctx, ci.ID, casefile.Event{Kind: "referral-received", Date: casefile.MustDate("2026-03-02"), Detail: "Referral from GP"})
	must(t, err)
	must(t, v.AmendEvent(ctx, ci.ID, casefile.Event{ID: e1, Kind: "referral-received", Date: casefile.MustDate("2026-03-02"), Time: casefile.NewClock(10, 15), Detail: "Referral from GP (amended)"}))
	_, err = v.AddEvent(ctx, ci.ID, casefile.Event{Kind: "strategy-discussion", Date: casefile.MustDate("2026-03-03"), Child: "c1", Attrs: casefile.Attrs{S47: casefile.Bool(true)}})
	must(t, err)
	d1, err := v.ImportDocument(ctx, ci.ID, strings.NewReader(strings.Repeat("minutes of the strategy discussion. ", 20)), DocumentInfo{Name: "minutes.txt", Source: "council", Date: casefile.MustDate("2026-03-03")})
	must(t, err)
	d2, err := v.ImportDocument(ctx, ci.ID, strings.NewReader("%PDF-1.4 a letter to purge"), DocumentInfo{Name: "wrong.pdf"})
	must(t, err)
	occurred := time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)
	n1, err := v.AddNote(ctx, ci.ID, casefile.Note{Occurred: occurred, Kind: casefile.NoteCall, People: []string{"p1"}, Text: "She said it was routine.", Events: []string{e1}, Documents: []string{d1.ID}, Tags: []string{"first contact"}})
	must(t, err)
	must(t, v.AmendNote(ctx, ci.ID, casefile.Note{ID: n1, Occurred: occurred, Kind: casefile.NoteCall, People: []string{"p1"}, Text: "She said it was routine checks.", Tags: []string{"first contact"}}))
	n2, err := v.AddNote(ctx, ci.ID, casefile.Note{Kind: casefile.NoteVisit, Text: "Home visit, archived later"})
	must(t, err)
	must(t, v.Archive(ctx, ci.ID, TypeNote, n2))
	n3, err := v.AddNote(ctx, ci.ID, casefile.Note{Kind: casefile.NoteObservation, Text: "Typed into the wrong case"})
	must(t, err)
	must(t, v.Purge(ctx, ci.ID, TypeNote, n3))
	must(t, v.Purge(ctx, ci.ID, TypeDocument, d2.ID))
	l, err := v.SaveLetter(ctx, ci.ID, Letter{Kind: "stage1", Title: "Stage 1 complaint", Content: []byte("Dear Sir or Madam, draft 1")})
	must(t, err)
	l.Content = []byte("Dear Sir or Madam, draft 2")
	l.Status, l.Sent = LetterSent, casefile.MustDate("2026-04-01")
	_, err = v.SaveLetter(ctx, ci.ID, l)
	must(t, err)
	return ci
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func readDoc(t testing.TB, v *Vault, caseID, docID string) string {
	t.Helper()
	r, err := v.OpenDocument(context.Background(), caseID, docID)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestCaseLifecycle(t *testing.T) {
	ctx := context.Background()
	v, _ := newTestVault(t, WithChunkSize(64))
	ci := fillCase(t, v)
	for _, stage := range []string{"written", "reopened"} {
		if stage == "reopened" {
			v = reopen(t, v, WithChunkSize(64))
		}
		t.Run(stage, func(t *testing.T) {
			c, err := v.LoadCase(ctx, ci.ID)
			must(t, err)
			if len(c.Events) != 2 || c.Events[0].Detail != "Referral from GP (amended)" || c.Events[0].Time.String() != "10:15" {
				t.Errorf("events: %+v", c.Events)
			}
			if len(c.Notes) != 2 {
				t.Fatalf("notes: %+v (want n1 and archived n2; n3 purged)", c.Notes)
			}
			n1 := c.Notes[0]
			if n1.Text != "She said it was routine checks." || len(n1.Versions) != 1 || n1.Versions[0].Text != "She said it was routine." {
				t.Errorf("n1 = %+v", n1)
			}
			if !n1.Recorded.After(n1.Versions[0].Recorded) {
				t.Errorf("amendment recorded %v, not after the original %v", n1.Recorded, n1.Versions[0].Recorded)
			}
			if !c.Notes[1].Archived {
				t.Errorf("n2 not archived")
			}
			if len(c.Documents) != 1 || c.Documents[0].Type != "text/plain" || c.Documents[0].Size != 720 {
				t.Errorf("documents: %+v", c.Documents)
			}
			if got := readDoc(t, v, ci.ID, "d1"); got != strings.Repeat("minutes of the strategy discussion. ", 20) {
				t.Errorf("document read back as %q", got)
			}
			if _, err := v.OpenDocument(ctx, ci.ID, "d2"); !errors.Is(err, casefile.ErrNotFound) {
				t.Errorf("purged document opens: %v", err)
			}
			hist, _, purged, err := v.History(ctx, ci.ID, TypeNote, "n3")
			must(t, err)
			if !purged || len(hist) != 1 || hist[0].Content != nil {
				t.Errorf("purged note history: %+v purged=%v", hist, purged)
			}
			hist, _, _, err = v.History(ctx, ci.ID, TypeEvent, "e1")
			must(t, err)
			if len(hist) != 2 || hist[0].Event.Detail != "Referral from GP" {
				t.Errorf("event history: %+v", hist)
			}
			ls, err := v.Letters(ctx, ci.ID)
			must(t, err)
			if len(ls) != 1 || ls[0].Version != 2 || ls[0].Status != LetterSent || string(ls[0].Content) != "Dear Sir or Madam, draft 2" {
				t.Errorf("letters: %+v", ls)
			}
			lh, err := v.LetterHistory(ctx, ci.ID, ls[0].ID)
			must(t, err)
			if len(lh) != 2 || string(lh[0].Content) != "Dear Sir or Madam, draft 1" {
				t.Errorf("letter history: %+v", lh)
			}
			recs, err := v.Journal(ctx, ci.ID)
			must(t, err)
			cp, err := v.Checkpoint(ci.ID)
			must(t, err)
			if err := VerifyChain(recs, cp); err != nil {
				t.Errorf("VerifyChain: %v", err)
			}
			must(t, v.Verify(ctx))
		})
	}
}

func TestLockUnlock(t *testing.T) {
	ctx := context.Background()
	v, _ := newTestVault(t)
	ci := fillCase(t, v)
	v.Lock()
	if !v.Locked() {
		t.Fatal("not locked")
	}
	calls := []struct {
		name string
		call func() error
	}{
		{"Cases", func() error { _, err := v.Cases(ctx); return err }},
		{"LoadCase", func() error { _, err := v.LoadCase(ctx, ci.ID); return err }},
		{"AddNote", func() error { _, err := v.AddNote(ctx, ci.ID, casefile.Note{Text: "x"}); return err }},
		{"Search", func() error { _, err := v.Search(ctx, "routine", ""); return err }},
		{"OpenDocument", func() error { _, err := v.OpenDocument(ctx, ci.ID, "d1"); return err }},
		{"Settings", func() error { _, err := v.Settings(ctx); return err }},
		{"Verify", func() error { return v.Verify(ctx) }},
		{"Backup", func() error { return v.Backup(ctx, t.TempDir()+"/b") }},
		{"Checkpoint", func() error { _, err := v.Checkpoint(ci.ID); return err }},
	}
	for _, c := range calls {
		if err := c.call(); !errors.Is(err, casefile.ErrLocked) {
			t.Errorf("%s while locked: %v, want ErrLocked", c.name, err)
		}
	}
	if err := v.Unlock(ctx, []byte("wrong")); !errors.Is(err, casefile.ErrWrongPassphrase) {
		t.Fatalf("Unlock with the wrong passphrase: %v", err)
	}
	must(t, v.Unlock(ctx, testPass))
	if _, err := v.LoadCase(ctx, ci.ID); err != nil {
		t.Fatal(err)
	}
}

func TestDocumentReaderLockedMidway(t *testing.T) {
	ctx := context.Background()
	v, _ := newTestVault(t, WithChunkSize(16))
	ci, _ := v.CreateCase(ctx, "x", "")
	d, err := v.ImportDocument(ctx, ci.ID, bytes.NewReader(bytes.Repeat([]byte("abcdefgh"), 10)), DocumentInfo{Name: "a.bin"})
	must(t, err)
	r, err := v.OpenDocument(ctx, ci.ID, d.ID)
	must(t, err)
	buf := make([]byte, 16)
	if _, err := io.ReadFull(r, buf); err != nil {
		t.Fatal(err)
	}
	v.Lock()
	if _, err := io.ReadAll(r); !errors.Is(err, casefile.ErrLocked) {
		t.Fatalf("read after lock: %v", err)
	}
}

func TestSettings(t *testing.T) {
	ctx := context.Background()
	v, _ := newTestVault(t)
	must(t, v.SetSetting(ctx, "ai.endpoint", "http://localhost:8080/v1"))
	must(t, v.SetSetting(ctx, "ai.key", "sk-secret"))
	must(t, v.SetSetting(ctx, "ai.endpoint", ""))
	v = reopen(t, v)
	got, ok, err := v.Setting(ctx, "ai.key")
	if err != nil || !ok || got != "sk-secret" {
		t.Fatalf("ai.key = %q %v %v", got, ok, err)
	}
	if _, ok, _ := v.Setting(ctx, "ai.endpoint"); ok {
		t.Fatal("deleted setting still there")
	}
}

func TestSearch(t *testing.T) {
	ctx := context.Background()
	v, _ := newTestVault(t)
	ci := fillCase(t, v)
	other, _ := v.CreateCase(ctx, "Other", "")
	_, err := v.AddNote(ctx, other.ID, casefile.Note{Text: "Routine visit by the health visitor — café"})
	must(t, err)
	tests := []struct {
		name, query, caseID string
		want                []string // type/id
	}{
		{"word in a note", "routine", ci.ID, []string{"note/n1"}},
		{"prefix, any case", "ROUT", "", []string{"note/n1", "note/n1"}},
		{"all words", "routine checks", "", []string{"note/n1"}},
		{"amended text only", "checks", ci.ID, []string{"note/n1"}},
		{"accents folded", "cafe", "", []string{"note/n1"}},
		{"event detail", "referral gp", ci.ID, []string{"event/e1"}},
		{"document name", "minutes", ci.ID, []string{"document/d1"}},
		{"archived not found", "archived", ci.ID, nil},
		{"purged not found", "wrong", ci.ID, nil},
		{"nothing", "zebra", "", nil},
		{"empty query", "  ", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hits, err := v.Search(ctx, tt.query, tt.caseID)
			must(t, err)
			var got []string
			for _, h := range hits {
				got = append(got, h.Type+"/"+h.ID)
			}
			if strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Errorf("Search(%q) = %v, want %v", tt.query, got, tt.want)
			}
		})
	}
	// The index follows writes.
	_, err = v.AddNote(ctx, ci.ID, casefile.Note{Text: "zebra crossing"})
	must(t, err)
	hits, _ := v.Search(ctx, "zebra", ci.ID)
	if len(hits) != 1 || !strings.Contains(hits[0].Snippet, "zebra") {
		t.Errorf("new note not found: %+v", hits)
	}
}

// TestJournalCancelledIsNotTampering: a cancelled read is reported as the
// context's error, never as damage to the vault.
func TestJournalCancelledIsNotTampering(t *testing.T) {
	v, _ := newTestVault(t)
	ci, err := v.CreateCase(context.Background(), "Cancelled", "Example Council")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = v.Journal(ctx, ci.ID)
	if err == nil || errors.Is(err, casefile.ErrTampered) || !errors.Is(err, context.Canceled) {
		t.Fatalf("Journal with a cancelled context: %v", err)
	}
}

// TestSnippetsShowOwnWords: a search that matches an object's kind, label
// or tag finds it, but the snippet shows only the object's own words,
// never the labels indexed with them (issue 14's gap).
func TestSnippetsShowOwnWords(t *testing.T) {
	ctx := context.Background()
	v, _ := newTestVault(t)
	ci, err := v.CreateCase(ctx, "Smith", "Example Council")
	must(t, err)
	_, err = v.AddNote(ctx, ci.ID, casefile.Note{Text: "Rang the duty desk about the visit", Kind: casefile.NoteKind("call"), Tags: []string{"strategy"}})
	must(t, err)
	_, err = v.AddEvent(ctx, ci.ID, casefile.Event{ID: "e1", Kind: casefile.KindStrategyDiscussion, Date: casefile.MustDate("2026-03-02")})
	must(t, err)
	for _, tc := range []struct{ query, want string }{
		{"strategy", "Rang the duty desk about the visit"}, // the note's tag; the event has no words of its own
		{"duty", "Rang the duty desk about the visit"},
		{"call", "Rang the duty desk about the visit"},
	} {
		hits, err := v.Search(ctx, tc.query, ci.ID)
		must(t, err)
		if len(hits) == 0 {
			t.Fatalf("Search(%q) found nothing", tc.query)
		}
		for _, h := range hits {
			if h.Type == TypeNote && h.Snippet != tc.want {
				t.Errorf("Search(%q): note snippet %q, want %q", tc.query, h.Snippet, tc.want)
			}
			if h.Type == TypeEvent && h.Snippet != "" {
				t.Errorf("Search(%q): an event with no detail has snippet %q, want none (not its label)", tc.query, h.Snippet)
			}
		}
	}
	if hits, _ := v.Search(ctx, "strategy", ci.ID); len(hits) != 2 {
		t.Errorf("Search(strategy) = %+v, want the note (its tag) and the event (its kind)", hits)
	}
}
