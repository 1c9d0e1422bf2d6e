package ui

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"github.com/redress-app/redress/app/casework/pack"
	"github.com/redress-app/redress/app/ui/internal/uitest"
	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/store"
)

// shareDesk is a desk with a vault whose case (the complaint example, with
// care proceedings when procs, a note and a document holding canary) is
// open.
func shareDesk(t *testing.T, root, canary string, procs bool) *testDesk {
	t.Helper()
	return shareDeskOn(t, newTestDesk(t), root, canary, procs)
}

func shareDeskOn(t *testing.T, td *testDesk, root, canary string, procs bool) *testDesk {
	t.Helper()
	td.createVault(filepath.Join(root, "vault"), "desk passphrase words")
	s := td.d.shell
	ctx := context.Background()
	v := td.d.vault
	c, err := casefile.ReadFile("../../examples/complaint.case.json")
	if err != nil {
		t.Fatal(err)
	}
	ci, err := v.ImportCase(ctx, c)
	if err != nil {
		t.Fatal(err)
	}
	if procs {
		if _, err := v.AddEvent(ctx, ci.ID, casefile.Event{Kind: casefile.KindCareProceedingsIssue, Date: casefile.MustDate("2026-03-02")}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := v.AddNote(ctx, ci.ID, casefile.Note{Text: "a note " + canary}); err != nil {
		t.Fatal(err)
	}
	if _, err := v.ImportDocument(ctx, ci.ID, strings.NewReader("letter from the council "+canary+"\n"), store.DocumentInfo{Name: "letter.txt", Source: "council"}); err != nil {
		t.Fatal(err)
	}
	s.cases.refresh(nil)
	s.openCase(ci.ID)
	td.wait()
	if !s.caseReady() {
		t.Fatal("the case is not open")
	}
	return td
}

func lowWorkFactor(t *testing.T) {
	shareWorkFactor = 10
	t.Cleanup(func() { shareWorkFactor = 0 })
}

// TestShareWithASolicitor: the share dialog warns first (care proceedings),
// shows the passphrase's strength and the advice to send it separately,
// refuses two different passphrases, saves where the save form says, and the
// pack opens with the passphrase and holds the case; nothing of the case is
// on disk in plaintext except nowhere (the pack is encrypted).
func TestShareWithASolicitor(t *testing.T) {
	lowWorkFactor(t)
	r := uitest.RecordSharingWarnings(t)
	root := t.TempDir()
	canary := "CANARYshare7f3a"
	td := shareDesk(t, root, canary, true)
	s := td.d.shell
	s.onShare()
	if len(r.Headings) != 1 || s.share != nil {
		t.Fatalf("the warning did not come first: %v", r.Headings)
	}
	r.Answer(true)
	f := s.share
	if f == nil {
		t.Fatal("no share dialog after Go on")
	}
	said := allText(f.content)
	for _, want := range []string{"never in the same email", "Passphrase strength", "Where the file goes", "encrypted"} {
		if !strings.Contains(said, want) {
			t.Errorf("the dialog lacks %q:\n%s", want, said)
		}
	}
	f.pass1.SetText("password1")
	if !strings.Contains(f.strength.Text, "weak") {
		t.Errorf("strength of password1: %q", f.strength.Text)
	}
	f.pass1.SetText(sharePass)
	if !strings.Contains(f.strength.Text, "strong") {
		t.Errorf("strength of %s: %q", sharePass, f.strength.Text)
	}
	f.pass2.SetText("something else")
	out := filepath.Join(t.TempDir(), "for-solicitor")
	td.files.saves = []string{out}
	f.chooseWhere()
	if f.path != out+".redress" {
		t.Fatalf("path %q", f.path)
	}
	f.onMake()
	if !f.msg.Visible() || !strings.Contains(f.msg.Text, "not the same") {
		t.Fatalf("two passphrases: %q", f.msg.Text)
	}
	f.pass2.SetText(sharePass)
	f.onMake()
	td.wait()
	if f.result != "made" {
		t.Fatalf("result %q", f.result)
	}
	if !strings.Contains(allText(f.content), "The checkpoint") {
		t.Errorf("the done view: %s", allText(f.content))
	}
	b, err := os.ReadFile(f.path)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(b, []byte(canary)) {
		t.Error("the pack holds the case in plaintext")
	}
	p, err := pack.Open(bytes.NewReader(b), pack.Key{Passphrase: []byte(sharePass)})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Case.Notes) != 1 || !strings.Contains(p.Case.Notes[0].Text, canary) || len(p.Originals) != 1 {
		t.Errorf("the pack's case: %d notes, %d documents", len(p.Case.Notes), len(p.Originals))
	}
	if f.pass1.Text != "" || f.pass2.Text != "" {
		t.Error("the passphrase stays in the form")
	}
}

// TestShareToAKeyAndCancel: an age key is checked before any work; a pack
// cancelled while it is made leaves no file behind.
func TestShareToAKeyAndCancel(t *testing.T) {
	lowWorkFactor(t)
	td := shareDesk(t, t.TempDir(), "CANARYkey", false)
	s := td.d.shell
	s.onShare()
	f := s.share
	f.mode.SetSelected(shareByKey)
	if f.passBox.Visible() || !f.keyBox.Visible() {
		t.Error("the key mode still shows the passphrase")
	}
	dir := t.TempDir()
	td.files.saves = []string{filepath.Join(dir, "x.redress")}
	f.chooseWhere()
	f.recipient.SetText("age1notakey")
	f.onMake()
	if !strings.Contains(f.msg.Text, "not an age public key") {
		t.Fatalf("a bad key: %q", f.msg.Text)
	}
	f.recipient.SetText("age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p")
	held := make(chan struct{})
	shareStarted = func(ctx context.Context) { close(held); <-ctx.Done() }
	t.Cleanup(func() { shareStarted = func(context.Context) {} })
	f.onMake()
	<-held
	f.stop() // the Cancel button
	td.wait()
	if f.result != "cancelled" {
		t.Fatalf("result %q", f.result)
	}
	if es, _ := os.ReadDir(dir); len(es) != 0 {
		t.Errorf("a cancelled pack left %v", es)
	}
}

// TestChronologyExport: the chronology button writes CSV and XLSX where the
// save form says, after the warning.
func TestChronologyExport(t *testing.T) {
	r := uitest.RecordSharingWarnings(t)
	td := shareDesk(t, t.TempDir(), "CANARYchrono", true)
	s := td.d.shell
	dir := t.TempDir()
	for _, xlsx := range []bool{false, true} {
		name := filepath.Join(dir, "c")
		td.files.saves = []string{name}
		s.saveChronology(xlsx, nil)
		td.wait()
		ext := ".csv"
		if xlsx {
			ext = ".xlsx"
		}
		b, err := os.ReadFile(name + ext)
		if err != nil {
			t.Fatal(err)
		}
		if !xlsx && !strings.Contains(string(b), "CANARYchrono") {
			t.Errorf("the CSV lacks the note:\n%s", b)
		}
		if xlsx && !bytes.HasPrefix(b, []byte("PK")) {
			t.Error("the XLSX is not a zip")
		}
	}
	s.onChronology()
	if len(r.Headings) != 1 {
		t.Errorf("the chronology did not warn first: %v", r.Headings)
	}
	dismissAll(td.d.win)
}

// TestShareDialogClearOfScrollBar: at the normal and the largest text, in
// the window size of the screenshots, the share dialog's form scrolls and
// its right edge (the entries, "Choose where to save…") stays clear of the
// scroll bar, which is drawn over the content.
func TestShareDialogClearOfScrollBar(t *testing.T) {
	for _, size := range []string{"normal", "larger"} {
		t.Run(size, func(t *testing.T) {
			r := uitest.RecordSharingWarnings(t)
			td := shareDesk(t, t.TempDir(), "x", true)
			td.d.prefs.setTextSize(size)
			applyLook(td.app, td.d.prefs)
			td.d.win.Resize(fyne.NewSize(1180, 760))
			s := td.d.shell
			s.onShare()
			r.Answer(true)
			f := s.share
			if f == nil {
				t.Fatal("no share dialog")
			}
			f.redact.SetChecked(true)
			f.scroll.ScrollToBottom()
			drv := fyne.CurrentApp().Driver()
			sp, bp := drv.AbsolutePositionForObject(f.scroll), drv.AbsolutePositionForObject(f.choose)
			if f.scroll.Content.MinSize().Height <= f.scroll.Size().Height {
				t.Logf("the form fits without scrolling (%v in %v)", f.scroll.Content.MinSize().Height, f.scroll.Size().Height)
			}
			barLeft := sp.X + f.scroll.Size().Width - theme.ScrollBarSize()
			if right := bp.X + f.choose.Size().Width; right > barLeft || f.choose.Size().Width < f.choose.MinSize().Width {
				t.Errorf("the button ends at %v (%v wide, needs %v); the scroll bar starts at %v", right, f.choose.Size().Width, f.choose.MinSize().Width, barLeft)
			}
			if bottom := bp.Y + f.choose.Size().Height; bottom > sp.Y+f.scroll.Size().Height || bp.Y < sp.Y {
				t.Errorf("the button (%v to %v) is not shown in the scroll (%v to %v)", bp.Y, bottom, sp.Y, sp.Y+f.scroll.Size().Height)
			}
		})
	}
}
