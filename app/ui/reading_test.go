package ui

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"codeberg.org/go-pdf/fpdf"
	"fyne.io/fyne/v2/test"

	"github.com/redress-app/redress/documents"
	"github.com/redress-app/redress/letters/bundle/bundletest"
	"github.com/redress-app/redress/store"
)

// pagesPDF is a text PDF made with fpdf, one page per string.
func pagesPDF(t testing.TB, pages ...string) []byte {
	t.Helper()
	f := fpdf.New("P", "mm", "A4", "")
	for i, p := range pages {
		f.AddPage()
		f.SetFont("Helvetica", "B", 16)
		f.Cell(0, 10, "Child protection conference report - page "+string(rune('1'+i)))
		f.Ln(14)
		f.SetFont("Helvetica", "", 12)
		f.MultiCell(0, 6, p, "", "L", false)
	}
	var b bytes.Buffer
	if err := f.Output(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// reportPages are the pages of the conference report the tests import.
var reportPages = []string{
	"The conference was held on 3 March 2026. Present: the chair, the social worker, the health visitor and both parents.",
	"The social worker said the home was warm and clean and the baby was well cared for.",
	"The chair decided that the threshold for a child protection plan was not met and the case would close.",
}

// importFile imports a file through the Documents tab's button and waits
// for the import and the reading after it.
func importFile(td *testDesk, name string, data []byte) {
	td.t.Helper()
	src := filepath.Join(td.t.TempDir(), name)
	if err := os.WriteFile(src, data, 0o600); err != nil {
		td.t.Fatal(err)
	}
	s := td.d.shell
	s.showTab(tabDocuments)
	td.files.files = []string{src}
	test.Tap(findButton(s.docs.content, "Import files"))
	td.wait()
}

// TestImportReadsTheTextAndSearchNamesThePage: an imported PDF is read in
// the background (off the UI goroutine) and search finds a phrase of page 3
// as page 3 of that document.
func TestImportReadsTheTextAndSearchNamesThePage(t *testing.T) {
	td := openDesk(t)
	s := td.d.shell
	importFile(td, "conference report.pdf", pagesPDF(t, reportPages...))
	if len(s.cur.c.Documents) != 1 {
		t.Fatalf("%d documents", len(s.cur.c.Documents))
	}
	d := s.cur.c.Documents[0]
	pages, err := td.d.vault.PageTexts(context.Background(), s.curID, d.ID)
	if err != nil || len(pages) != 3 || !strings.Contains(pages[2].Text, "threshold for a child protection plan") {
		t.Fatalf("page texts %+v, %v", pages, err)
	}
	if s.reading.box.Visible() || s.reading.running {
		t.Error("the reading bar is still shown after reading")
	}
	test.Type(s.search.entry, "threshold for a child")
	td.wait()
	var hit *store.Hit
	for i, h := range s.search.hits {
		if h.Type == store.TypeDocument && h.ID == d.ID {
			hit = &s.search.hits[i]
		}
	}
	if hit == nil || hit.Page != 3 {
		t.Fatalf("hits %+v", s.search.hits)
	}
}

// TestWithoutTesseractTheAppSaysWhatToInstall: a scan imported on a computer
// without tesseract is kept, the Documents tab says what to install, and a
// text PDF is still read.
func TestWithoutTesseractTheAppSaysWhatToInstall(t *testing.T) {
	td := openDesk(t)
	td.d.reader.Close()
	td.d.reader = documents.New(documents.Options{Tesseract: filepath.Join(t.TempDir(), "no-tesseract")})
	s := td.d.shell
	importFile(td, "scan.png", bundletest.PNG(t, bundletest.Photo(300, 400)))
	if len(s.cur.c.Documents) != 1 {
		t.Fatalf("%d documents", len(s.cur.c.Documents))
	}
	if !s.reading.noOCR.Visible() || !strings.Contains(collectText(s.reading.noOCR), "tesseract-ocr-eng") {
		t.Fatalf("no advice to install tesseract: %q", collectText(s.reading.noOCR))
	}
	importFile(td, "report.pdf", pagesPDF(t, reportPages...))
	test.Type(s.search.entry, "warm and clean")
	td.wait()
	if len(s.search.hits) != 1 || s.search.hits[0].Page != 2 {
		t.Fatalf("hits %+v", s.search.hits)
	}
}

// TestReadingStopsAndResumesAfterUnlock: OCR of a scan can be stopped; the
// pages not read stay pending, and unlocking again reads them.
func TestReadingStopsAndResumesAfterUnlock(t *testing.T) {
	if _, err := documents.New(documents.Options{}).Tesseract(); err != nil {
		t.Skip("tesseract is not installed: ", err)
	}
	td := openDesk(t)
	s := td.d.shell
	ctx := context.Background()
	v := td.d.vault
	doc, err := v.ImportDocument(ctx, s.curID, bytes.NewReader(bundletest.ScanPDF(t, 3)), store.DocumentInfo{Name: "disclosure.pdf"})
	if err != nil {
		t.Fatal(err)
	}
	s.reading.read(s.curID, nil) // nothing: an empty list is no job
	if s.reading.running {
		t.Fatal("an empty read started a job")
	}
	s.reading.add(readJob{caseID: s.curID, docs: []string{doc.ID}})
	s.reading.onStop()
	td.wait()
	info, ok, err := v.DerivedInfo(ctx, s.curID, doc.ID)
	if err != nil {
		t.Fatal(err)
	}
	if ok && len(info.OCRPending) == 0 {
		t.Fatalf("stopped reading finished anyway: %+v", info)
	}
	if !strings.Contains(s.status.savedAt.Text, "Stopped reading") {
		t.Errorf("status %q", s.status.savedAt.Text)
	}
	td.d.lockNow()
	td.unlock(testPass)
	info, ok, err = td.d.vault.DerivedInfo(ctx, td.d.shell.curID, doc.ID)
	if err != nil || !ok || len(info.OCRPending) != 0 || info.Pages != 3 {
		t.Fatalf("after unlock: %+v, %v, %v", info, ok, err)
	}
}
