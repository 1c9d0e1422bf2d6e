package ui

import (
	"context"
	"image"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/documents"
)

// openReport imports the three-page conference report and shows it.
func openReport(t *testing.T) (*testDesk, *pageView, casefile.Document) {
	td := openDesk(t)
	s := td.d.shell
	importFile(td, "conference report.pdf", pagesPDF(t, reportPages...))
	d := s.cur.c.Documents[0]
	s.docs.showDoc(d.ID)
	td.wait()
	p := s.docs.pages
	if p == nil || p.pages != 3 {
		t.Fatalf("no page viewer: %+v", p)
	}
	return td, p, d
}

// segmentsText is the page text shown, its runs of white space made single.
func segmentsText(p *pageView) string {
	var b strings.Builder
	for _, seg := range p.text.Segments {
		if ts, ok := seg.(*widget.TextSegment); ok {
			b.WriteString(ts.Text)
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// markedWords are the marked runs of the page text shown.
func markedWords(p *pageView) []string {
	var out []string
	for _, seg := range p.text.Segments {
		if ts, ok := seg.(*widget.TextSegment); ok && ts.Style.TextStyle.Bold {
			out = append(out, ts.Text)
		}
	}
	return out
}

// TestPageViewerShowsThumbnailsPagesAndFinds: the Documents tab shows a
// PDF's thumbnails (kept sealed in the vault), a page at a zoom, paging,
// and find on page marking the words in the page's text.
func TestPageViewerShowsThumbnailsPagesAndFinds(t *testing.T) {
	td, p, d := openReport(t)
	if len(p.thumbs) != 3 {
		t.Fatalf("%d thumbnails", len(p.thumbs))
	}
	if _, err := td.d.vault.Thumbnail(context.Background(), p.caseID, d.ID, 3); err != nil {
		t.Errorf("thumbnail not kept in the vault: %v", err)
	}
	if p.img.Image == nil || p.pageLabel.Text != "Page 1 of 3" {
		t.Fatalf("page 1 not shown: %q", p.pageLabel.Text)
	}
	w1 := p.img.Image.Bounds().Dx()
	p.setZoom(p.zoom * 1.25)
	td.wait()
	if p.zoomLabel.Text != "100%" || p.img.Image.Bounds().Dx() <= w1 {
		t.Errorf("zoom: %q, %d px (was %d)", p.zoomLabel.Text, p.img.Image.Bounds().Dx(), w1)
	}
	p.thumbList.Select(1)
	td.wait()
	if p.page != 2 || !strings.Contains(segmentsText(p), "warm and clean") {
		t.Fatalf("page 2 not shown: page %d: %q", p.page, segmentsText(p))
	}
	test.Type(p.find, "threshold")
	if p.findNote.Text != "On page 3" {
		t.Errorf("find says %q", p.findNote.Text)
	}
	p.find.OnSubmitted(p.find.Text)
	td.wait()
	if p.page != 3 || strings.Join(markedWords(p), "|") != "threshold" {
		t.Errorf("page %d, marked %q", p.page, markedWords(p))
	}
	p.goTo(4) // no such page: nothing happens
	if p.page != 3 {
		t.Errorf("page %d", p.page)
	}
}

// TestSearchHitOpensThePageWithTheWordsMarked: a search hit in a document
// names the document and the page; opening it shows that page in the
// viewer with the words marked in its text.
func TestSearchHitOpensThePageWithTheWordsMarked(t *testing.T) {
	td := openDesk(t)
	s := td.d.shell
	importFile(td, "conference report.pdf", pagesPDF(t, reportPages...))
	s.showTab(tabOverview)
	test.Type(s.search.entry, "warm clean")
	td.wait()
	if len(s.search.hits) != 1 || s.search.hits[0].Page != 2 {
		t.Fatalf("hits %+v", s.search.hits)
	}
	row := newHitRow()
	s.search.fillRow(0, row)
	if got := collectText(row); !strings.Contains(got, "conference report.pdf, page 2") {
		t.Errorf("hit row %q does not name the document and the page", got)
	}
	s.search.entry.OnSubmitted(s.search.entry.Text)
	td.wait()
	p := s.docs.pages
	if s.tabs.Selected() != s.tabItems[tabDocuments] || p == nil || p.page != 2 {
		t.Fatalf("the hit did not open page 2: %+v", p)
	}
	if got := strings.Join(markedWords(p), "|"); got != "warm|clean" {
		t.Errorf("marked %q", got)
	}
}

// TestSearchResultsFitTheWindow: the results lie over the window under the
// search row and never make it taller, at 1280x800 and the largest text.
func TestSearchResultsFitTheWindow(t *testing.T) {
	for _, size := range []string{"normal", "larger"} {
		t.Run(size, func(t *testing.T) {
			td := openDesk(t)
			td.d.prefs.setTextSize(size)
			applyLook(td.app, td.d.prefs)
			td.d.win.Resize(fyne.NewSize(1280, 800))
			s := td.d.shell
			for i := 0; i < 30; i++ {
				td.writeNote("Meeting", "The core group met again about the plan.")
			}
			test.Type(s.search.entry, "core")
			td.wait()
			if len(s.search.hits) < 30 || !s.search.results.Visible() {
				t.Fatalf("%d hits", len(s.search.hits))
			}
			win := td.d.win.Canvas().Size()
			if m := td.d.win.Content().MinSize(); m.Height > 800 {
				t.Errorf("the window needs %v high", m.Height)
			}
			pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(s.search.results)
			bottom := pos.Y + s.search.results.Size().Height
			if bottom > win.Height || s.search.results.Size().Height < 150 {
				t.Errorf("results from %v to %v in a window %v high", pos.Y, bottom, win.Height)
			}
		})
	}
}

// TestCiteThePage: from the viewer, a passage of the page shown is evidence
// for an event (with the page and the words, shown in the event), a journal
// entry lists the document, and words not on the page are refused.
func TestCiteThePage(t *testing.T) {
	td, _, d := openReport(t)
	s := td.d.shell
	td.writeNote("Meeting", "The conference.")
	s.showTab(tabDocuments)
	s.docs.showDoc(d.ID)
	td.wait()
	p := s.docs.pages
	p.goTo(2)
	td.wait()
	targets := citeTargets(s.cur.c, p.doc.Date)
	var ev, note citeTarget
	for _, x := range targets {
		if x.event && ev.id == "" {
			ev = x
		}
		if !x.event && note.id == "" {
			note = x
		}
	}
	if ev.id == "" || note.id == "" {
		t.Fatalf("targets %+v", targets)
	}
	s.docs.onCite(p) // the dialog opens
	if td.d.win.Canvas().Overlays().Top() == nil {
		t.Error("no dialog")
	}
	dismissAll(td.d.win)
	s.docs.cite(p, ev, "warm and  clean")
	td.wait()
	var e *casefile.Event
	for i := range s.cur.c.Events {
		if s.cur.c.Events[i].ID == ev.id {
			e = &s.cur.c.Events[i]
		}
	}
	want := casefile.PageRef(d.ID, 2)
	if e == nil || len(e.Evidence) != 1 || e.Evidence[0] != want || e.EvidenceQuote(0) != "warm and clean" {
		t.Fatalf("event evidence %+v", e)
	}
	s.showTab(tabEvents)
	view := collectText(s.events.eventView(e))
	if !strings.Contains(view, "conference report.pdf, page 2") || !strings.Contains(view, "“warm and clean”") {
		t.Errorf("the event does not show the page and the words: %q", view)
	}
	s.docs.cite(p, ev, "words that are not there")
	td.wait()
	if top := td.d.win.Canvas().Overlays().Top(); top == nil || !strings.Contains(collectText(top), "not on page 2") {
		var got string
		if top != nil {
			got = collectText(top)
		}
		t.Errorf("a wrong quotation was not refused with a reason: %q", got)
	}
	dismissAll(td.d.win)
	s.docs.cite(p, note, "ignored for a note")
	td.wait()
	for _, n := range s.cur.c.Notes {
		if n.ID == note.id && (len(n.Documents) != 1 || n.Documents[0] != d.ID) {
			t.Errorf("note documents %v", n.Documents)
		}
	}
}

// TestSearchHitMarksThePageImage: opening a search hit marks the words on
// the page image itself, from the page's word boxes: one highlight per
// word, laid over the image where the word's ink is, and kept sealed in
// the vault; another page has no marks; find on page marks its word.
func TestSearchHitMarksThePageImage(t *testing.T) {
	td := openDesk(t)
	s := td.d.shell
	importFile(td, "conference report.pdf", pagesPDF(t, reportPages...))
	s.showTab(tabOverview)
	test.Type(s.search.entry, "warm clean")
	td.wait()
	s.search.entry.OnSubmitted(s.search.entry.Text)
	td.wait()
	p := s.docs.pages
	if p == nil || p.page != 2 {
		t.Fatalf("the hit did not open page 2: %+v", p)
	}
	boxes := p.markLay.boxes
	if len(boxes) != 2 || boxes[0].Text != "warm" || boxes[1].Text != "clean" {
		t.Fatalf("marks on the image: %+v", boxes)
	}
	if d := boxes[0].Y0 - boxes[1].Y0; d > 0.002 || d < -0.002 || boxes[1].X0 <= boxes[0].X1 {
		t.Errorf("warm and clean are not side by side on one line: %+v", boxes)
	}
	// Each mark is a highlight over its word on the image.
	if len(p.marked.Objects) != 3 {
		t.Fatalf("%d objects over the page", len(p.marked.Objects))
	}
	size := p.marked.Size()
	for i, b := range boxes {
		r, ok := p.marked.Objects[i+1].(*canvas.Rectangle)
		if !ok || !r.Visible() {
			t.Fatalf("mark %d is not a visible rectangle", i)
		}
		pos, sz := markRect(b, size)
		if r.Position() != pos || r.Size() != sz || sz.Width < 10 || sz.Height < 5 {
			t.Errorf("mark %d at %v %v, want %v %v", i, r.Position(), r.Size(), pos, sz)
		}
		if got := inkIn(p.img.Image, b); got < 0.08 {
			t.Errorf("mark %d (%q) covers %.0f%% ink: not over the word", i, b.Text, got*100)
		}
	}
	// Beside the words, right of the line's end, there is no ink: the
	// test above can fail.
	blank := documents.Word{X0: 0.9, Y0: boxes[0].Y0, X1: 0.97, Y1: boxes[0].Y1}
	if got := inkIn(p.img.Image, blank); got > 0.01 {
		t.Errorf("%.0f%% ink right of the line", got*100)
	}
	if kept, ok, err := td.d.vault.PageWords(context.Background(), p.caseID, p.doc.ID, 2); err != nil || !ok || len(kept) < 10 {
		t.Errorf("the page's words are not kept in the vault: %d %v %v", len(kept), ok, err)
	}

	p.goTo(1)
	td.wait()
	if len(p.markLay.boxes) != 0 || len(p.marked.Objects) != 1 {
		t.Errorf("page 1 has marks: %+v", p.markLay.boxes)
	}
	p.goTo(3)
	td.wait()
	p.find.SetText("threshold")
	td.wait()
	if len(p.markLay.boxes) != 1 || p.markLay.boxes[0].Text != "threshold" || inkIn(p.img.Image, p.markLay.boxes[0]) < 0.08 {
		t.Errorf("find on page 3 marked %+v", p.markLay.boxes)
	}
	p.find.SetText("")
	if len(p.markLay.boxes) != 0 {
		t.Errorf("marks left after the find was cleared: %+v", p.markLay.boxes)
	}
}

// inkIn is the share of dark pixels of img inside box (fractions).
func inkIn(img image.Image, box documents.Word) float64 {
	b := img.Bounds()
	x0, x1 := b.Min.X+int(box.X0*float64(b.Dx())), b.Min.X+int(box.X1*float64(b.Dx()))
	y0, y1 := b.Min.Y+int(box.Y0*float64(b.Dy())), b.Min.Y+int(box.Y1*float64(b.Dy()))
	var dark, all int
	for y := y0; y < y1; y++ {
		for x := x0; x < x1; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if (r+g+bl)/3 < 0x8000 {
				dark++
			}
			all++
		}
	}
	if all == 0 {
		return 0
	}
	return float64(dark) / float64(all)
}

func TestMarkBoxes(t *testing.T) {
	words := []documents.Word{{Text: "The"}, {Text: "Neglect,"}, {Text: "threshold"}, {Text: "held"}}
	for _, tc := range []struct {
		marks []string
		want  string
	}{
		{nil, ""},
		{[]string{"neglect"}, "Neglect,"},
		{[]string{" THRESH ", "the"}, "The threshold"},
		{[]string{"", "  "}, ""},
		{[]string{"absent"}, ""},
	} {
		var got []string
		for _, w := range markBoxes(words, tc.marks) {
			got = append(got, w.Text)
		}
		if strings.Join(got, " ") != tc.want {
			t.Errorf("markBoxes(%q) = %q, want %q", tc.marks, got, tc.want)
		}
	}
}
