package ui

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"codeberg.org/go-pdf/fpdf"
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/redress-app/redress/app/casework/pack"
	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/checks"
	"github.com/redress-app/redress/store"
)

// TestPackWindowReadOnlyAndAdd: a pack dropped on the window asks for its
// passphrase (a wrong one, or a changed byte, is refused in words), opens
// read-only with the banner saying whose record it is and its checkpoint,
// shows the family's documents' text and journal, and "Add to my vault" adds
// it; a newer pack updates the copy and says what changed.
func TestPackWindowReadOnlyAndAdd(t *testing.T) {
	dir := t.TempDir()
	canary := "CANARYpackwin"
	fam, caseID := familyVault(t, dir, canary, true)
	b, _ := packOf(t, fam, caseID)
	path := filepath.Join(dir, "from-family.redress")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	td := newTestDesk(t)
	td.createVault(filepath.Join(dir, "mine"), "my own vault passphrase")
	d := td.d

	txt := filepath.Join(dir, "note.txt")
	os.WriteFile(txt, []byte("hello"), 0o600)
	if d.openDroppedPacks([]fyne.URI{storage.NewFileURI(txt)}) {
		t.Error("a text file taken for a pack")
	}
	if !d.openDroppedPacks([]fyne.URI{storage.NewFileURI(path)}) {
		t.Error("a dropped pack not taken for one")
	}
	dismissAll(d.win)
	td.files.files = []string{path}
	d.shell.onOpenPack() // Share or export, Open a hand-over pack sent to you
	if !strings.Contains(overlayText(d.win.Canvas()), "from-family.redress is a hand-over pack") {
		t.Errorf("Open a hand-over pack did not ask for its passphrase: %s", overlayText(d.win.Canvas()))
	}
	dismissAll(d.win)

	f := d.askPackKey(path)
	f.pass.SetText("not the passphrase")
	f.open()
	td.wait()
	if f.opened != nil || !strings.Contains(f.msg.Text, "does not open") {
		t.Fatalf("a wrong passphrase: %q", f.msg.Text)
	}
	bad := append([]byte(nil), b...)
	bad[len(bad)/2] ^= 1
	badPath := filepath.Join(dir, "changed.redress")
	os.WriteFile(badPath, bad, 0o600)
	fb := d.askPackKey(badPath)
	fb.pass.SetText(sharePass)
	fb.open()
	td.wait()
	if fb.opened != nil || !strings.Contains(fb.msg.Text, "damaged or was changed") {
		t.Fatalf("a changed pack: %q", fb.msg.Text)
	}
	dismissAll(d.win)

	f.pass.SetText(sharePass)
	f.open()
	td.wait()
	pw := f.opened
	if pw == nil {
		t.Fatalf("not opened: %q", f.msg.Text)
	}
	cp := pw.p.Manifest.Checkpoint
	for _, want := range []string{"Read-only", "family's own record", pw.p.Case.Title, cp, "from-family.redress"} {
		if !strings.Contains(pw.banner.Text, want) {
			t.Errorf("the banner lacks %q: %s", want, pw.banner.Text)
		}
	}
	if strings.Contains(pw.win.Title(), pw.p.Case.Title) {
		t.Error("the window's title names the case")
	}
	var names []string
	for _, it := range pw.tabs.Items {
		names = append(names, it.Text)
	}
	if got := strings.Join(names, ","); got != "Overview,Timeline,Events,Journal,Checks,Documents,Letters" {
		t.Errorf("tabs %s", got)
	}
	pw.tabs.SelectIndex(3)
	if !strings.Contains(allText(pw.tabs.Items[3].Content), canary) {
		t.Error("the journal does not show the family's note")
	}
	pw.tabs.SelectIndex(5)
	docs := pw.tabs.Items[5].Content
	var list *widget.List
	walkShown(docs, func(o fyne.CanvasObject) {
		if l, ok := o.(*widget.List); ok && list == nil {
			list = l
		}
	})
	list.Select(0)
	if !strings.Contains(allText(docs), canary) {
		t.Errorf("the document's text is not shown: %s", allText(docs))
	}

	pw.onAdd()
	td.wait()
	if !strings.Contains(pw.said, "Added to your vault") || !strings.Contains(pw.said, cp) {
		t.Fatalf("add: %s", pw.said)
	}
	ctx := context.Background()
	infos, err := d.vault.Cases(ctx)
	if err != nil || len(infos) != 1 {
		t.Fatalf("cases in my vault: %v %v", infos, err)
	}
	o, ok, err := pack.OriginOf(ctx, d.vault, infos[0].ID)
	if err != nil || !ok || o.Checkpoint != cp || o.From != "from-family.redress" {
		t.Fatalf("the copy's origin: %+v %v %v", o, ok, err)
	}

	// A newer pack of the same case updates the copy and says what changed.
	id, err := fam.AddNote(ctx, caseID, casefile.Note{Text: "a later note"})
	if err != nil {
		t.Fatal(err)
	}
	_, p2 := packOf(t, fam, caseID)
	pw2 := newPackWindow(td.app, p2, "newer.redress", d.cat, d.now, func() *desk { return d })
	pw2.onAdd()
	td.wait()
	if !strings.Contains(pw2.said, "Your copy is up to date") || !strings.Contains(pw2.said, "Added journal entry "+id) {
		t.Errorf("update: %s", pw2.said)
	}
}

// TestPackWindowWithoutAVault: Add to my vault with no vault open says to
// unlock one first.
func TestPackWindowWithoutAVault(t *testing.T) {
	dir := t.TempDir()
	fam, caseID := familyVault(t, dir, "x", false)
	_, p := packOf(t, fam, caseID)
	td := newTestDesk(t)
	pw := newPackWindow(td.app, p, "x.redress", td.d.cat, td.d.now, func() *desk { return td.d })
	pw.onAdd()
	if !strings.Contains(pw.said, "Unlock your vault first") {
		t.Errorf("said %q", pw.said)
	}
}

// plainPDF is a text PDF whose content is not compressed, so that a copy
// of it written anywhere would show its words to a byte scan.
func plainPDF(t *testing.T, pages ...string) []byte {
	t.Helper()
	f := fpdf.New("P", "mm", "A4", "")
	f.SetCompression(false)
	for _, p := range pages {
		f.AddPage()
		f.SetFont("Helvetica", "", 14)
		f.MultiCell(0, 8, p, "", "L", false)
	}
	var b bytes.Buffer
	if err := f.Output(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestPackWindowShowsPages: the read-only window shows a PDF's pages (the
// page, its thumbnails, its text with the words found marked) with the
// vault's page viewer, drawn in memory: no "Use as evidence" (nothing can
// be changed), and once the window is closed nothing of the document is in
// the temporary folder or anywhere under the test's folder.
func TestPackWindowShowsPages(t *testing.T) {
	root := t.TempDir()
	t.Setenv("TMPDIR", root)
	canary := "CANARYpackpages"
	fam, caseID := familyVault(t, root, "x", false)
	ctx := context.Background()
	pdf := plainPDF(t, "The first page of the minutes, "+canary+".", "The second page, where the chair decided.")
	if !bytes.Contains(pdf, []byte(canary)) {
		t.Fatal("the PDF does not hold the canary as plain bytes")
	}
	d, err := fam.ImportDocument(ctx, caseID, bytes.NewReader(pdf), store.DocumentInfo{Name: "minutes.pdf", Source: "council"})
	if err != nil {
		t.Fatal(err)
	}
	if err := fam.PutPageTexts(ctx, caseID, d.ID, []store.PageText{{Page: 1, Text: "The first page of the minutes, " + canary + "."}, {Page: 2, Text: "The second page, where the chair decided."}}); err != nil {
		t.Fatal(err)
	}
	_, p := packOf(t, fam, caseID)
	a := test.NewTempApp(t)
	pw := newPackWindow(a, p, "family.redress", checks.Default(), func() time.Time { return startTime }, func() *desk { return nil })
	pw.tabs.SelectIndex(5)
	var list *widget.List
	walkShown(pw.tabs.Items[5].Content, func(o fyne.CanvasObject) {
		if l, ok := o.(*widget.List); ok && list == nil {
			list = l
		}
	})
	i := slices.IndexFunc(p.Case.Documents, func(x casefile.Document) bool { return x.ID == d.ID })
	list.Select(i)
	settle()
	pv := pw.pages
	if pv == nil || pv.pages != 2 {
		t.Fatalf("no pages shown: %+v", pv)
	}
	settle()
	if pv.img.Image == nil {
		t.Fatal("the first page is not drawn")
	}
	if pv.cite.Visible() {
		t.Error("a read-only pack offers Use as evidence")
	}
	if !strings.Contains(segmentsText(pv), canary) {
		t.Errorf("the page's text: %q", segmentsText(pv))
	}
	pv.find.SetText("chair")
	pv.findNext()
	settle()
	if pv.page != 2 {
		t.Errorf("find went to page %d", pv.page)
	}
	pv.fillThumb(0, newThumbRow())
	settle()
	settle()
	if pv.thumbs[1] == nil {
		t.Error("the first page's thumbnail is not drawn")
	}
	// Another document: the pages are let go.
	list.Select((i + 1) % len(p.Case.Documents))
	settle()
	if !pv.gone.Load() || pw.pages != nil {
		t.Error("the first document's pages are still held")
	}
	pw.win.Close()
	if pw.reader != nil || !pw.closed {
		t.Error("the window's reader is not closed")
	}
	fam.Close()
	for _, h := range scanFolder(t, root, []string{canary, strings.ToLower(canary)}) {
		t.Errorf("plaintext of the pack's document on disk: %s", h)
	}
}
