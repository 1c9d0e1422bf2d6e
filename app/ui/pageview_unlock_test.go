package ui

import (
	"testing"

	"fyne.io/fyne/v2/test"
)

// TestSearchHitAfterUnlockOpensThePage: in a shell fresh from unlocking,
// while the documents are read again in the background, a hit still opens
// its page with the words marked.
func TestSearchHitAfterUnlockOpensThePage(t *testing.T) {
	td := openDesk(t)
	importFile(td, "conference report.pdf", pagesPDF(t, reportPages...))
	td.d.lockNow()
	td.unlock(testPass)
	s := td.d.shell
	test.Type(s.search.entry, "threshold plan")
	td.wait()
	s.search.entry.OnSubmitted(s.search.entry.Text)
	td.wait()
	p := s.docs.pages
	if p.page != 3 || len(p.marks) != 2 || p.find.Text != "threshold plan" {
		t.Errorf("page %d marks %v find %q", p.page, p.marks, p.find.Text)
	}
}
