package ui

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/redress-app/redress/app/casework"
	letterroom "github.com/redress-app/redress/app/ui/letters"
	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/letters"
)

// TestCanaryNothingFromACaseReachesTheDisk drives the app with a unique
// string in every field and a document, opens the document outside (which
// writes a temporary copy), locks and quits; then it scans the preferences,
// the temporary folder (the test app's storage root too) and every file the
// vault left for any of the strings. It first checks that the scan can see
// a canary where one is expected (the temporary copy before locking).
func TestCanaryNothingFromACaseReachesTheDisk(t *testing.T) {
	src := t.TempDir() // outside the scanned folder: the document's original
	root := t.TempDir()
	t.Setenv("TMPDIR", root) // the test app's storage root and the temporary copies

	tag := fmt.Sprintf("%x", os.Getpid())
	c := func(field string) string { return "CANARY" + field + tag }

	a := test.NewTempApp(t)
	td := newTestDeskOn(t, a, "")
	d := td.d
	td.createVault(filepath.Join(root, "vault"), c("passphrase"))
	s := d.shell

	// The first case.
	p := s.newCase
	test.Type(p.title, c("title"))
	test.Type(p.council.entry, c("council"))
	test.Type(p.children[0].name, c("child"))
	test.Type(p.children[0].born.entry, "1/9/2026")
	test.Type(p.firstDate.entry, "20/11/2026")
	test.Type(p.firstWhat, c("firstevent"))
	test.Tap(p.saveBtn)
	td.wait()
	if !s.caseReady() {
		t.Fatal("case not made")
	}

	// A person.
	s.showDetails()
	dp := findDetails(t, s)
	dp.addPerson(casefile.Person{})
	r := dp.people[len(dp.people)-1]
	test.Type(r.name, c("person"))
	r.role.SetText(c("role"))
	test.Type(r.org, c("organisation"))
	test.Tap(dp.saveBtn)
	td.wait()

	// A note, then an amendment.
	td.writeNote("Phone call", c("notetext"))
	s.journal.onAmend(s.journal.selected)
	s.journal.ed.text.SetText(s.journal.ed.text.Text + " " + c("amended"))
	test.Tap(s.journal.ed.save)
	td.wait()

	// An event with attributes and evidence.
	s.onNewEvent()
	f := s.events.form
	f.setKind(casefile.KindThirdPartyChecks)
	test.Type(f.date.entry, "3/2/2026")
	test.Type(findEntryAfter(t, f.attrs, "Which agency"), c("agency"))
	test.Type(f.detail, c("eventdetail"))
	test.Tap(f.save)
	td.wait()
	s.onNewEvent()
	f.setKind(casefile.KindDecision)
	test.Type(f.date.entry, "4/2/2026")
	test.Type(findEntryAfter(t, f.attrs, "What was decided"), c("decision"))
	test.Tap(f.save)
	td.wait()
	if f.msg.Visible() {
		t.Fatalf("event not saved: %q", f.msg.Text)
	}

	// A document, described, opened outside.
	doc := filepath.Join(src, c("docname")+".txt")
	if err := os.WriteFile(doc, []byte(strings.Repeat(c("docbytes")+"\n", 100)), 0o600); err != nil {
		t.Fatal(err)
	}
	s.showTab(tabDocuments)
	s.docs.importPaths([]string{doc}, nil)
	td.wait()
	if len(s.cur.c.Documents) != 1 {
		t.Fatal("document not imported")
	}
	s.docs.showDoc(s.cur.c.Documents[0].ID)
	s.docs.docFrom.SetText(c("source"))
	s.docs.onSave()
	td.wait()
	s.docs.openOutside(s.cur.c.Documents[0])
	td.wait()

	// A PDF, read in the background (its text sealed in the vault), shown
	// in the page viewer with its thumbnails, and found on the page.
	pdfPath := filepath.Join(src, "report.pdf")
	if err := os.WriteFile(pdfPath, pagesPDF(t, "Page one.", "The words "+c("pdftext")+" are on page two."), 0o600); err != nil {
		t.Fatal(err)
	}
	s.docs.importPaths([]string{pdfPath}, nil)
	td.wait()
	s.docs.showDoc(s.cur.c.Documents[len(s.cur.c.Documents)-1].ID)
	td.wait()
	if pv := s.docs.pages; pv == nil || len(pv.thumbs) != 2 {
		t.Fatal("the page viewer did not show the PDF")
	} else {
		pv.find.SetText(c("pdftext"))
		pv.findNext()
		td.wait()
		if pv.page != 2 || pv.img.Image == nil {
			t.Fatalf("find on page: page %d", pv.page)
		}
	}

	// Search, and AI settings (kept in the vault).
	test.Type(s.search.entry, c("notetext"))
	td.wait()
	if len(s.search.hits) == 0 {
		t.Error("search found nothing")
	}
	d.showSettings()
	td.wait()
	w := d.settings
	w.aiOn.SetChecked(true)
	w.aiEndpoint.SetText("http://" + strings.ToLower(c("aihost")) + ".local/v1")
	w.aiModel.SetText(c("model"))
	w.aiKey.SetText(c("apikey"))
	w.onAISave()
	td.wait()
	if !strings.HasPrefix(w.aiResult.Text, "Saved") {
		t.Fatalf("AI settings: %q", w.aiResult.Text)
	}

	// The sender's details, a letter (drafted, its text changed and saved,
	// exported) and an evidence bundle (exported). The exports go where the
	// person chose, outside the scanned folder: anything they leave in the
	// temporary folder or the app's storage is a leak.
	s.showTab(tabLetters)
	td.wait()
	lp := s.letters.Probe()
	lp.OpenSender()
	td.wait()
	name, address := lp.SenderFields()
	name.SetText(c("sendername"))
	address.SetText(c("senderaddress"))
	lp.SaveSender()
	td.wait()
	lp.OpenForm(letters.Stage1, letters.Corporate, nil)
	for _, fd := range s.cur.findings {
		lp.AddFinding(fd)
	}
	lp.Compose()
	td.wait()
	lp.Create()
	td.wait()
	var page letterroom.DraftProbe
	for _, p := range lp.Drafts() {
		page = p
	}
	if page.Draft() == nil {
		t.Fatalf("no letter drafted: %s", lp.FormStatus())
	}
	if !strings.Contains(page.Editor().Text, c("sendername")) {
		t.Error("the letter is not signed with the sender's name")
	}
	page.Editor().SetText(page.Editor().Text + "\n\n" + c("lettertext"))
	page.Save()
	td.wait()
	td.files.saves = append(td.files.saves, filepath.Join(src, "letter.pdf"), filepath.Join(src, "bundle.pdf"))
	page.ExportTo(casework.PDF, ".pdf")
	td.wait()
	if _, err := os.Stat(filepath.Join(src, "letter.pdf")); err != nil {
		t.Errorf("the letter was not exported: %v", err)
	}
	s.showTab(tabBundle)
	td.wait()
	tapNamed(t, s.bundle.Content(), "Export bundle")
	if _, err := os.Stat(filepath.Join(src, "bundle.pdf")); err != nil {
		t.Errorf("the bundle was not exported: %v", err)
	}
	dismissAll(d.win)

	canaries := []string{"sendername", "senderaddress", "lettertext", "passphrase", "title", "council", "child", "firstevent", "person", "role", "organisation",
		"notetext", "amended", "agency", "eventdetail", "decision", "docname", "docbytes", "source", "pdftext", "aihost", "model", "apikey"}

	// The scan works: the temporary copy holds the document's bytes.
	if hits := scanFolder(t, root, []string{c("docbytes")}); len(hits) == 0 {
		t.Fatal("the scan did not see the temporary copy; it would miss a leak")
	}

	d.lockNow()
	d.quit()
	td.wait()

	var all []string
	for _, k := range canaries {
		all = append(all, c(k), strings.ToLower(c(k)))
	}
	for _, h := range scanFolder(t, root, all) {
		t.Errorf("case data on disk: %s", h)
	}
	type valuesReader interface{ ReadValues(func(map[string]any)) }
	prefs, ok := a.Preferences().(valuesReader)
	if !ok {
		t.Fatal("cannot read the test app's preferences")
	}
	prefs.ReadValues(func(m map[string]any) {
		dump := fmt.Sprint(m)
		for _, k := range all {
			if strings.Contains(dump, k) {
				t.Errorf("case data in the preferences: %s", k)
			}
		}
	})
}

// scanFolder returns "file: canary" for every canary found in any file under root.
func scanFolder(t *testing.T, root string, canaries []string) []string {
	t.Helper()
	var hits []string
	err := filepath.WalkDir(root, func(path string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		for _, k := range canaries {
			if strings.Contains(path, k) {
				hits = append(hits, path+": file name "+k)
			}
		}
		if e.IsDir() {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, k := range canaries {
			if bytes.Contains(data, []byte(k)) {
				hits = append(hits, path+": "+k)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return hits
}

// findDetails returns the details page the shell shows.
func findDetails(t *testing.T, s *shell) *detailsPage {
	t.Helper()
	if s.details == nil {
		t.Fatal("no details page")
	}
	return s.details
}
