package bundleview

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"

	"github.com/redress-app/redress/app/casework"
	"github.com/redress-app/redress/app/ui/internal/uitest"
	"github.com/redress-app/redress/app/ui/kit"
	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/letters/bundle"
	"github.com/redress-app/redress/letters/bundle/bundletest"
	"github.com/redress-app/redress/store"
)

// bundleFixture is the Bundle tab in a window over a test vault.
type bundleFixture struct {
	t     *testing.T
	v     *store.Vault
	bv    *View
	w     fyne.Window
	saves []string // where exports were saved
	dir   string
	oc    uitest.Case
}

func newBundleFixture(t *testing.T) *bundleFixture {
	t.Helper()
	a := uitest.NewTestApp(t, theme.VariantLight)
	fx := &bundleFixture{t: t, v: uitest.NewVault(t), dir: t.TempDir()}
	fx.w = a.NewWindow("Bundle")
	fx.bv = New(fx.w, fx.v, nil, uitest.Clock)
	fx.bv.Pick = func(_ fyne.Window, name string, _ []string, done func(string)) {
		p := filepath.Join(fx.dir, name)
		fx.saves = append(fx.saves, p)
		done(p)
	}
	fx.w.SetContent(fx.bv.content)
	fx.w.Resize(fyne.NewSize(1100, 800))
	uitest.HoldUI(t)
	return fx
}

// bundleDoc is a document the bundle tests put in the vault.
type bundleTestDoc struct {
	id, name, date, source string
	data                   []byte
}

// bundleDocs are real documents of three kinds: two PDFs from the council,
// one from the family and a photograph.
func bundleDocs(t testing.TB) []bundleTestDoc {
	return []bundleTestDoc{
		{"d1", "strategy-discussion.pdf", "2026-02-06", "council", bundletest.TextPDF(t, "Strategy discussion record", 2, false)},
		{"d2", "outcome-letter.pdf", "2026-02-27", "council", bundletest.TextPDF(t, "Outcome of section 47 enquiries", 1, false)},
		{"d3", "our-complaint.pdf", "2026-03-02", "family", bundletest.TextPDF(t, "Our complaint", 1, false)},
		{"d4", "bruise-photo.jpg", "2026-02-02", "family", bundletest.JPEG(t, bundletest.Photo(640, 480), 1)},
	}
}

// open imports the checks-before-enquiry example with docs and shows it.
func (fx *bundleFixture) open(docs []bundleTestDoc) {
	fx.t.Helper()
	oc := uitest.ImportCase(fx.t, fx.v, examples, "checks-before-enquiry")
	for _, d := range docs {
		info := store.DocumentInfo{ID: d.id, Name: d.name, Source: d.source}
		if d.date != "" {
			info.Date = casefile.MustDate(d.date)
		}
		if _, err := fx.v.ImportDocument(context.Background(), oc.ID, bytes.NewReader(d.data), info); err != nil {
			fx.t.Fatal(err)
		}
	}
	fx.oc = uitest.LoadCase(fx.t, fx.v, oc.ID)
	fx.show(fx.oc)
}

func (fx *bundleFixture) show(oc uitest.Case) {
	fx.bv.SetCase(oc.ID, oc.C, oc.Findings, oc.AsOf)
	uitest.Settle()
}

// row is the list's row i as it is on screen (scrolled to).
func (fx *bundleFixture) row(i int) *bundleRowObject {
	fx.t.Helper()
	if i < 0 || i >= len(fx.bv.rows) {
		fx.t.Fatalf("no row %d (%d rows)", i, len(fx.bv.rows))
	}
	fx.bv.list.ScrollTo(i)
	var found *bundleRowObject
	uitest.WalkShown(fx.bv.list, func(o fyne.CanvasObject) {
		if r, ok := o.(*bundleRowObject); ok && found == nil && r.row == fx.bv.rows[i] {
			found = r
		}
	})
	if found == nil {
		fx.t.Fatalf("row %d is not on screen", i)
	}
	return found
}

// rowOf is the index of the row of document id, or of the heading of the
// section titled title (id "").
func (fx *bundleFixture) rowOf(id, title string) int {
	fx.t.Helper()
	for i, r := range fx.bv.rows {
		s := fx.bv.m.sections[r.section]
		switch {
		case id == "" && r.kind == bundleRowSection && s.title == title:
			return i
		case id != "" && r.kind == bundleRowDoc && s.docs[r.item].doc.ID == id:
			return i
		}
	}
	fx.t.Fatalf("no row for %q %q", id, title)
	return -1
}

// listed is the text of every row, as the rows show it.
func (fx *bundleFixture) listed() []string {
	var out []string
	for i := range fx.bv.rows {
		text := strings.Join(strings.Fields(uitest.AllText(fx.row(i))), " ")
		out = append(out, text)
	}
	return out
}

// tap taps button b of a row.
func (fx *bundleFixture) tap(b *widget.Button, what string) {
	fx.t.Helper()
	if !b.Visible() || b.Disabled() {
		fx.t.Fatalf("%s cannot be tapped (shown %v, disabled %v)", what, b.Visible(), b.Disabled())
	}
	test.Tap(b)
	uitest.Settle()
}

// tapCentre taps o in the middle of what it shows, where a person would (a
// tick box ignores a tap outside its box and label).
func tapCentre(o interface {
	fyne.Tappable
	fyne.CanvasObject
}) {
	w := min(o.Size().Width, o.MinSize().Width)
	test.TapAt(o, fyne.NewPos(w/2, o.Size().Height/2))
	uitest.Settle()
}

// docOrder is the IDs of the documents in the model's sections, "|"
// between sections, with "-" before a document left out.
func docOrder(m *bundleModel) string {
	var secs []string
	for _, s := range m.sections {
		var ids []string
		for _, d := range s.docs {
			if !d.on {
				ids = append(ids, "-"+d.doc.ID)
			} else {
				ids = append(ids, d.doc.ID)
			}
		}
		secs = append(secs, strings.Join(ids, ","))
	}
	return strings.Join(secs, "|")
}

func TestBundleEmpty(t *testing.T) {
	fx := newBundleFixture(t)
	fx.bv.SetCase("", nil, nil, casefile.Date{})
	uitest.Settle()
	if !strings.Contains(uitest.AllText(fx.bv.content), "Open a case to make its bundle") {
		t.Error("the no-case state does not say what the tab is for")
	}
	if fx.bv.Busy() {
		t.Error("Busy with nothing open")
	}
	// Nothing can be checked or exported with no case.
	if b := uitest.ButtonNamed(fx.bv.content, "Export bundle"); b != nil {
		t.Error("Export is offered with no case open")
	}
	uitest.GoldenImage(t, fx.w, "bundle/empty")
}

// TestBundleArrange lists the sections and documents, then moves a section
// and documents, leaves one out and moves one to another section, each
// through the row's own buttons, as a person would.
func TestBundleArrange(t *testing.T) {
	fx := newBundleFixture(t)
	fx.open(bundleDocs(t))
	bv := fx.bv
	rows := fx.listed()
	joined := strings.Join(rows, "\n")
	for _, want := range []string{
		"Section A: Index and chronology", "Cover page", "Index, with links to every page",
		"Section B: Findings and letters", "Schedule of findings",
		"Section C: The council's documents 2 documents", "strategy-discussion.pdf 6 February 2026 · from council",
		"outcome-letter.pdf 27 February 2026 · from council",
		"Section D: The family's and others' documents 1 document", "our-complaint.pdf",
		"Section E: Photographs 1 document", "bruise-photo.jpg",
	} {
		if !strings.Contains(joined, want) {
			t.Errorf("the list lacks %q:\n%s", want, joined)
		}
	}
	if got, want := docOrder(bv.m), "||d1,d2|d3|d4"; got != want {
		t.Fatalf("documents placed %s, want %s", got, want)
	}
	bv.list.ScrollToTop()
	uitest.Settle()
	uitest.GoldenImage(t, fx.w, "bundle/arranged")

	// The cover and the index cannot be left out; the chronology can.
	cover := fx.row(1)
	if cover.name.Text != "Cover page" || !cover.check.Disabled() || !cover.check.Checked {
		t.Errorf("cover row %q: disabled %v, ticked %v", cover.name.Text, cover.check.Disabled(), cover.check.Checked)
	}
	if cover.tools.Visible() {
		t.Error("a part Redress makes can be moved")
	}

	// Documents down and up within their section.
	first := fx.row(fx.rowOf("d1", ""))
	if !first.up.Disabled() {
		t.Error("the first document can be moved up")
	}
	fx.tap(first.down, "d1 down")
	if got, want := docOrder(bv.m), "||d2,d1|d3|d4"; got != want {
		t.Fatalf("after moving d1 down: %s, want %s", got, want)
	}
	last := fx.row(fx.rowOf("d1", ""))
	if !last.down.Disabled() {
		t.Error("the last document can be moved down")
	}
	fx.tap(last.up, "d1 up")
	if got, want := docOrder(bv.m), "||d1,d2|d3|d4"; got != want {
		t.Fatalf("after moving d1 back up: %s, want %s", got, want)
	}

	// Sections down and up: C goes after D, and the letters follow.
	head := fx.row(fx.rowOf("", "The council's documents"))
	fx.tap(head.secDown, "section C down")
	if got, want := docOrder(bv.m), "||d3|d1,d2|d4"; got != want {
		t.Fatalf("after moving the council's section down: %s, want %s", got, want)
	}
	if got := strings.Join(fx.listed(), "\n"); !strings.Contains(got, "Section C: The family's and others' documents") ||
		!strings.Contains(got, "Section D: The council's documents") {
		t.Errorf("the sections are not lettered in their new order:\n%s", got)
	}
	spec, _ := bv.m.spec()
	if !regexp.MustCompile(`C\(The family's and others' documents\)=notes,doc:d3;D\(The council's documents\)=doc:d1,doc:d2;`).MatchString(spec) {
		t.Errorf("spec %s", spec)
	}
	if top := fx.row(0); !top.secUp.Disabled() {
		t.Error("the first section can be moved up")
	}

	// Leave our-complaint.pdf out: its section is then empty and left out,
	// and the later sections' letters close up.
	d3 := fx.row(fx.rowOf("d3", ""))
	tapCentre(d3.check)
	if got, want := docOrder(bv.m), "||-d3|d1,d2|d4"; got != want {
		t.Fatalf("after unticking d3: %s, want %s", got, want)
	}
	got := strings.Join(fx.listed(), "\n")
	for _, want := range []string{"The family's and others' documents (empty: left out) 0 documents", "Section C: The council's documents", "Section D: Photographs"} {
		if !strings.Contains(got, want) {
			t.Errorf("after unticking, the list lacks %q:\n%s", want, got)
		}
	}
	spec, out := bv.m.spec()
	if strings.Contains(spec, "d3") || len(out) != 1 || out[0].ID != "d3" {
		t.Errorf("spec %s, left out %v", spec, out)
	}

	// Move the photograph into the council's section with "Move to".
	photo := fx.row(fx.rowOf("d4", ""))
	if !photo.tools.Visible() {
		t.Fatal("no Move to on a document")
	}
	photo.move.SetSelected("C: The council's documents")
	uitest.Settle()
	if got, want := docOrder(bv.m), "||-d3|d1,d2,d4|"; got != want {
		t.Fatalf("after moving the photo: %s, want %s", got, want)
	}

	bv.list.ScrollToBottom()
	uitest.Settle()
	uitest.GoldenImage(t, fx.w, "bundle/rearranged")

	// The arrangement is kept while another case is looked at.
	other := uitest.ImportCase(t, fx.v, examples, "bruised-baby")
	fx.show(other)
	if bv.m == nil || docOrder(bv.m) == "||-d3|d1,d2,d4|" {
		t.Fatal("the other case shows this case's arrangement")
	}
	fx.show(fx.oc)
	if got, want := docOrder(bv.m), "||-d3|d1,d2,d4|"; got != want {
		t.Fatalf("after looking at another case: %s, want %s", got, want)
	}
}

// TestBundleCheckReportsProblems: the pre-flight says, for a damaged PDF,
// an undated document and a photograph with no text, what is wrong and what
// to do; a damaged document never stops the check.
func TestBundleCheckReportsProblems(t *testing.T) {
	fx := newBundleFixture(t)
	docs := append(bundleDocs(t),
		bundleTestDoc{"d5", "disclosure-corrupt.pdf", "2026-03-01", "council", bundletest.BrokenPDF(t)},
		bundleTestDoc{"d6", "growth-chart.pdf", "", "council", bundletest.TextPDF(t, "Growth chart", 1, false)},
	)
	fx.open(docs)
	// Leave one out, so the report says so.
	fx.bv.m.sections[3].docs[0].on = false
	fx.bv.changed()
	uitest.TapNamed(t, fx.bv.content, "Check the bundle")
	if fx.bv.m.checked == nil {
		t.Fatalf("the check did not finish:\n%s", uitest.AllText(fx.bv.report))
	}
	report := strings.Join(strings.Fields(uitest.AllText(fx.bv.report)), " ")
	for _, want := range []string{
		"The bundle will have", "with 5 documents",
		"Section C · disclosure-corrupt.pdf", "disclosure-corrupt.pdf is a damaged or invalid PDF: it is left out and a page says so.",
		"What to do: Open the original file and save a fresh copy",
		"growth-chart.pdf", "Add the document's date in the Documents tab",
		"bruise-photo.jpg",
		"Left out, as you chose: our-complaint.pdf.",
	} {
		if !strings.Contains(report, want) {
			t.Errorf("the report lacks %q:\n%s", want, report)
		}
	}
	for _, not := range []string{"match no section", "xref", "Disclosure-corrupt.pdf", "Bruise-photo.jpg"} {
		if strings.Contains(report, not) {
			t.Errorf("the report says %q:\n%s", not, report)
		}
	}
	if fx.bv.progBox.Visible() || fx.bv.checkBtn.Disabled() {
		t.Error("the progress is still shown after the check")
	}
	pages := fx.bv.m.checked.job.Plan.Report().Pages
	if !strings.Contains(report, "The bundle will have "+kit.Plural(pages, "page", "pages")) {
		t.Errorf("the report does not give the page count %d", pages)
	}
	uitest.GoldenImage(t, fx.w, "bundle/preflight")

	// Exporting it still works: the damaged document is a page that says
	// why, not a failure.
	uitest.TapNamed(t, fx.bv.content, "Export bundle")
	if len(fx.saves) != 1 {
		t.Fatalf("saves %v", fx.saves)
	}
	n := pdfPages(t, fx.saves[0])
	if n != pages {
		t.Errorf("the bundle has %d pages, the check said %d", n, pages)
	}
	if text := strings.Join(strings.Fields(pdfText(t, fx.saves[0])), " "); text != "" {
		if strings.Contains(text, "our-complaint.pdf") || strings.Contains(text, "Our complaint") {
			t.Error("the document left out is in the bundle")
		}
		if !strings.Contains(text, "disclosure-corrupt.pdf") || !strings.Contains(text, "growth-chart.pdf") {
			t.Error("the damaged or undated document is not in the bundle's index")
		}
	}
}

// pdfPages checks that path is a PDF and returns its page count.
func pdfPages(t *testing.T, path string) int {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(data, []byte("%PDF")) {
		t.Fatalf("the export is not a PDF: %q", data[:min(20, len(data))])
	}
	ctx, err := api.ReadContext(bytes.NewReader(data), model.NewDefaultConfiguration())
	if err != nil {
		t.Fatal(err)
	}
	if err := api.ValidateContext(ctx); err != nil {
		t.Errorf("pdfcpu validate: %v", err)
	}
	return ctx.PageCount
}

// pdfText is the text of the PDF at path, with spaces closed up; "" when
// pdftotext is not installed.
func pdfText(t *testing.T, path string) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Log("pdftotext not found: the PDF's text was not checked")
		return ""
	}
	out, err := exec.Command("pdftotext", "-layout", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// TestBundleExport exports the arranged bundle: a real PDF, private to the
// user, its index listing the documents in the order arranged by hand, every
// page numbered, and the tab saying what was made and how to check it.
func TestBundleExport(t *testing.T) {
	fx := newBundleFixture(t)
	fx.open(bundleDocs(t))
	bv := fx.bv
	// Hand order: the outcome letter before the strategy discussion.
	fx.tap(fx.row(fx.rowOf("d1", "")).down, "d1 down")
	bv.title.SetText("Child B: bundle for the Ombudsman")
	test.Tap(uitest.ButtonNamed(bv.content, "Export bundle"))
	if !bv.Busy() {
		t.Error("Busy is false while the export runs")
	}
	if !strings.Contains(uitest.OverlayText(fx.w.Canvas()), "Redress is putting the bundle together") {
		t.Error("no progress dialog while the export runs")
	}
	if !bv.exportBtn.Disabled() || !bv.checkBtn.Disabled() {
		t.Error("Export or Check can be tapped again during an export")
	}
	uitest.Settle()
	if bv.Busy() {
		t.Error("Busy after the export finished")
	}
	if len(fx.saves) != 1 {
		t.Fatalf("saves %v", fx.saves)
	}
	path := fx.saves[0]
	if base := filepath.Base(path); base != "evidence-bundle-2026-03-30.pdf" {
		t.Errorf("file name %q", base)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatalf("no file: %v\n%s", err, uitest.OverlayText(fx.w.Canvas()))
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("the bundle's permissions are %v, want 0600", fi.Mode().Perm())
	}
	if left, _ := filepath.Glob(filepath.Join(fx.dir, ".redress-export-*")); len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}
	pages := pdfPages(t, path)
	said := strings.Join(strings.Fields(uitest.AllText(bv.report)), " ")
	checkpoint, err := fx.v.Checkpoint(fx.oc.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"Bundle saved as evidence-bundle-2026-03-30.pdf (" + kit.Plural(pages, "page", "pages") + ", ",
		"Redress found no published size limit for sending a bundle to the Ombudsman",
		"not encrypted", "Record checkpoint", checkpoint,
		"redress verify --checkpoint " + checkpoint + " evidence-bundle-2026-03-30.pdf",
		"Checked just now: all " + kit.Plural(pages, "page", "pages") + " match the manifest.",
	} {
		if !strings.Contains(said, want) {
			t.Errorf("after the export the tab does not say %q:\n%s", want, said)
		}
	}
	if f, err := os.Open(path); err != nil {
		t.Fatal(err)
	} else {
		check, err := casework.VerifyBundle(f, checkpoint)
		f.Close()
		if err != nil || !check.OK() || !check.GivenChecked {
			t.Errorf("redress verify: %+v, %v", check, err)
		}
	}
	if text := pdfText(t, path); text != "" {
		flat := strings.Join(strings.Fields(text), " ")
		for _, want := range []string{"Child B: bundle for the Ombudsman", "strategy-discussion.pdf", "outcome-letter.pdf", "our-complaint.pdf", "bruise-photo.jpg"} {
			if !strings.Contains(flat, want) {
				t.Errorf("the bundle's text lacks %q", want)
			}
		}
		// The index lists the council's documents in the hand order.
		if i, j := strings.Index(flat, "outcome-letter.pdf"), strings.Index(flat, "strategy-discussion.pdf"); i < 0 || j < i {
			t.Errorf("the index does not list the outcome letter before the strategy discussion")
		}
		// Every page carries its label: A1 ... in order.
		pageTexts := strings.Split(text, "\f")
		labelled := 0
		for _, pt := range pageTexts {
			if regexp.MustCompile(`\b[A-E][0-9]+\b`).MatchString(pt) {
				labelled++
			}
		}
		if labelled != pages {
			t.Errorf("%d of %d pages carry a page label", labelled, pages)
		}
		if !strings.Contains(pageTexts[0], "A1") {
			t.Errorf("the first page is not A1:\n%s", pageTexts[0])
		}
	}
	if _, err := exec.LookPath("pdfinfo"); err == nil {
		out, err := exec.Command("pdfinfo", path).Output()
		if err != nil {
			t.Fatal(err)
		}
		if m := regexp.MustCompile(`Pages:\s+(\d+)`).FindSubmatch(out); m == nil || string(m[1]) != strconv.Itoa(pages) {
			t.Errorf("pdfinfo says %s; pdfcpu %d pages", out, pages)
		}
	}
	// The checkpoint differs with every vault (its keys are random): the
	// golden shows a fixed one of the same shape.
	uitest.WalkShown(bv.report, func(o fyne.CanvasObject) {
		if l, ok := o.(*widget.Label); ok && strings.Contains(l.Text, checkpoint) {
			l.SetText(strings.ReplaceAll(l.Text, checkpoint, "15-AB12-CD34-EF56-GH78-JK90"))
		}
	})
	uitest.GoldenImage(t, fx.w, "bundle/exported")
}

// TestBundleExportCancelled: Cancel in the progress dialog stops the export
// and leaves no file, not even a temporary one.
func TestBundleExportCancelled(t *testing.T) {
	fx := newBundleFixture(t)
	fx.open(bundleDocs(t))
	test.Tap(uitest.ButtonNamed(fx.bv.content, "Export bundle"))
	if !fx.bv.Busy() {
		t.Fatal("Busy is false while the export runs")
	}
	uitest.TapNamed(t, fx.w.Canvas(), "Cancel")
	if fx.bv.Busy() {
		t.Error("Busy after the export was cancelled")
	}
	if !strings.Contains(uitest.OverlayText(fx.w.Canvas()), "The bundle was not saved, and no file was left behind") {
		t.Errorf("cancelling says:\n%s", uitest.OverlayText(fx.w.Canvas()))
	}
	left, err := os.ReadDir(fx.dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(left) != 0 {
		t.Errorf("a cancelled export left %v", left)
	}
	if fx.bv.exportBtn.Disabled() || fx.bv.checkBtn.Disabled() {
		t.Error("Export or Check is still disabled after the cancel")
	}
}

// TestBundleExportAfterCheck: an export right after the check writes the
// checked plan, and its dialog shows the writing as it goes.
func TestBundleExportAfterCheck(t *testing.T) {
	fx := newBundleFixture(t)
	fx.open(bundleDocs(t))
	uitest.TapNamed(t, fx.bv.content, "Check the bundle")
	checked := fx.bv.m.checked
	if checked == nil {
		t.Fatal("the check did not finish")
	}
	test.Tap(uitest.ButtonNamed(fx.bv.content, "Export bundle"))
	var bar *widget.ProgressBar
	for _, o := range fx.w.Canvas().Overlays().List() {
		uitest.WalkShown(o, func(x fyne.CanvasObject) {
			if b, ok := x.(*widget.ProgressBar); ok {
				bar = b
			}
		})
	}
	if bar == nil {
		t.Fatal("no progress bar in the export's dialog")
	}
	uitest.Settle()
	if bar.Value != 1 {
		t.Errorf("the dialog's progress bar stopped at %v: the writing's progress went elsewhere", bar.Value)
	}
	if fx.bv.m.checked != nil {
		t.Error("the checked plan is kept after it was written")
	}
	if len(fx.saves) != 1 {
		t.Fatalf("saves %v", fx.saves)
	}
	pdfPages(t, fx.saves[0])
}

// TestBundleCheckThenRecordChanges: a check made before the record changed
// is not what an export writes: the bundle has the record as it stands, with
// its checkpoint.
func TestBundleCheckThenRecordChanges(t *testing.T) {
	fx := newBundleFixture(t)
	fx.open(bundleDocs(t))
	uitest.TapNamed(t, fx.bv.content, "Check the bundle")
	if fx.bv.m.checked == nil {
		t.Fatal("the check did not finish")
	}
	before, err := fx.v.Checkpoint(fx.oc.ID)
	if err != nil {
		t.Fatal(err)
	}
	// Another tab records an event; the shell loads the case again.
	if _, err := fx.v.AddEvent(context.Background(), fx.oc.ID, casefile.Event{Kind: casefile.KindParentsInformed,
		Date: casefile.MustDate("2026-03-03"), Detail: "Letter from the team manager about the outcome"}); err != nil {
		t.Fatal(err)
	}
	fx.oc = uitest.LoadCase(t, fx.v, fx.oc.ID)
	fx.show(fx.oc)
	now, err := fx.v.Checkpoint(fx.oc.ID)
	if err != nil || now == before {
		t.Fatalf("checkpoint %s, before %s, %v", now, before, err)
	}
	uitest.TapNamed(t, fx.bv.content, "Export bundle")
	if len(fx.saves) != 1 {
		t.Fatalf("saves %v", fx.saves)
	}
	f, err := os.Open(fx.saves[0])
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	check, err := casework.VerifyBundle(f, now)
	if err != nil || !check.OK() || !check.GivenChecked {
		t.Errorf("the bundle does not match the record as it now stands (%s): %+v, %v", now, check, err)
	}
	if said := uitest.AllText(fx.bv.report); !strings.Contains(said, now) || strings.Contains(said, before) {
		t.Errorf("the tab shows the old checkpoint:\n%s", said)
	}
	if text := pdfText(t, fx.saves[0]); text != "" && !strings.Contains(strings.Join(strings.Fields(text), " "), "Letter from the team manager") {
		t.Error("the chronology lacks the event recorded after the check")
	}
}

// TestBundleExportFails: a folder that is not there gives a sentence that
// says what to do, and the tab can export again.
func TestBundleExportFails(t *testing.T) {
	fx := newBundleFixture(t)
	fx.open(bundleDocs(t))
	fx.bv.Pick = func(_ fyne.Window, name string, _ []string, done func(string)) {
		done(filepath.Join(fx.dir, "gone", name))
	}
	uitest.TapNamed(t, fx.bv.content, "Export bundle")
	said := uitest.OverlayText(fx.w.Canvas())
	if !strings.Contains(said, "The bundle was not saved") || !strings.Contains(said, "That folder is not there any more") {
		t.Errorf("a failed export says:\n%s", said)
	}
	if fx.bv.Busy() || fx.bv.exportBtn.Disabled() {
		t.Error("the tab is still busy after a failed export")
	}
}

// TestBundleSwitchCaseDuringExport: while an export runs, showing another
// case does not offer Export or Check again (the export's dialog is still
// up, and the tab would start nothing).
func TestBundleSwitchCaseDuringExport(t *testing.T) {
	fx := newBundleFixture(t)
	fx.open(bundleDocs(t))
	other := uitest.ImportCase(t, fx.v, examples, "bruised-baby")
	test.Tap(uitest.ButtonNamed(fx.bv.content, "Export bundle"))
	fx.bv.SetCase(other.ID, other.C, other.Findings, other.AsOf)
	if !fx.bv.exportBtn.Disabled() || !fx.bv.checkBtn.Disabled() {
		t.Error("Export or Check is offered while an export runs")
	}
	uitest.Settle()
	if fx.bv.Busy() || fx.bv.exportBtn.Disabled() || fx.bv.checkBtn.Disabled() {
		t.Error("Export or Check is not offered again after the export")
	}
	if len(fx.saves) != 1 {
		t.Fatalf("saves %v", fx.saves)
	}
	pdfPages(t, fx.saves[0])
}

// TestBundleAttachOriginals: ticking "Attach the original files" puts every
// document in the bundle's file unchanged, and the choice is kept with the
// case's arrangement.
func TestBundleAttachOriginals(t *testing.T) {
	fx := newBundleFixture(t)
	fx.open(bundleDocs(t))
	for _, attach := range []bool{false, true} {
		if attach {
			tapCentre(fx.bv.attach)
			if !fx.bv.m.attach {
				t.Fatal("ticking Attach did not change the bundle's options")
			}
		}
		fx.saves = nil
		fx.bv.Pick = func(_ fyne.Window, name string, _ []string, done func(string)) {
			p := filepath.Join(fx.dir, strconv.FormatBool(attach)+"-"+name)
			fx.saves = append(fx.saves, p)
			done(p)
		}
		uitest.TapNamed(t, fx.bv.content, "Export bundle")
		if len(fx.saves) != 1 {
			t.Fatalf("saves %v", fx.saves)
		}
		f, err := os.Open(fx.saves[0])
		if err != nil {
			t.Fatal(err)
		}
		check, err := casework.VerifyBundle(f, "")
		f.Close()
		if err != nil || !check.OK() {
			t.Fatalf("verify: %+v, %v", check, err)
		}
		if want := map[bool]int{false: 0, true: 4}[attach]; check.Originals != want {
			t.Errorf("attach %v: %d originals in the bundle, want %d", attach, check.Originals, want)
		}
	}
	other := uitest.ImportCase(t, fx.v, examples, "bruised-baby")
	fx.show(other)
	if fx.bv.attach.Checked {
		t.Error("another case's bundle attaches originals because this one does")
	}
	fx.show(fx.oc)
	if !fx.bv.attach.Checked {
		t.Error("the choice to attach originals was lost")
	}
}

// TestBundleStyleChoice: choosing "a court" in the tab numbers the bundle's
// pages 1, 2, 3… (the manifest's labels), and the check lists the points of
// the courts' guidance, each done or not; the choice is kept with the case.
func TestBundleStyleChoice(t *testing.T) {
	fx := newBundleFixture(t)
	fx.open(bundleDocs(t))
	bv := fx.bv
	if bv.style.Selected != styleWords[bundle.StyleOmbudsman] {
		t.Errorf("the style offered first is %q", bv.style.Selected)
	}
	bv.style.SetSelected(styleWords[bundle.StyleCourt])
	if bv.m.style != bundle.StyleCourt {
		t.Fatalf("the model's style is %q", bv.m.style)
	}
	uitest.TapNamed(t, bv.content, "Check the bundle")
	if bv.m.checked == nil {
		t.Fatalf("the check did not finish:\n%s", uitest.AllText(bv.report))
	}
	report := strings.Join(strings.Fields(uitest.AllText(bv.report)), " ")
	for _, want := range []string{"What the courts' guidance asks", "Done: Pages numbered by computer from 1", "Done: The default view at 100%", "A file small enough to send"} {
		if !strings.Contains(report, want) {
			t.Errorf("the report lacks %q:\n%s", want, report)
		}
	}
	uitest.TapNamed(t, bv.content, "Export bundle")
	if len(fx.saves) != 1 {
		t.Fatalf("saves %v", fx.saves)
	}
	f, err := os.Open(fx.saves[0])
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	v, err := bundle.Verify(f)
	if err != nil || !v.OK() {
		t.Fatalf("verify: %v %+v", err, v)
	}
	if v.Manifest.Style != bundle.StyleCourt || v.Manifest.Pages[0].Label != "1" || v.Manifest.Pages[len(v.Manifest.Pages)-1].Label != fmt.Sprint(len(v.Manifest.Pages)) {
		t.Errorf("the exported bundle's style %q, labels %s…%s", v.Manifest.Style, v.Manifest.Pages[0].Label, v.Manifest.Pages[len(v.Manifest.Pages)-1].Label)
	}
	// The choice stays with the case.
	fx.bv.SetCase("", nil, nil, casefile.Date{})
	fx.show(fx.oc)
	if bv.style.Selected != styleWords[bundle.StyleCourt] {
		t.Errorf("after opening the case again the style is %q", bv.style.Selected)
	}
}

// TestBundleVolumesExport: with a volume size chosen, an export too large
// for it is saved as NAME-volume-N-of-M.pdf, each verifying on its own, and
// the tab lists them. (The tab offers 25 and 50 MB; the test sets a size
// its small bundle goes over.)
func TestBundleVolumesExport(t *testing.T) {
	fx := newBundleFixture(t)
	fx.open(bundleDocs(t))
	bv := fx.bv
	if len(bv.split.Options) != 3 || bv.split.Selected != "Keep it in one file" {
		t.Errorf("split options %q, chosen %q", bv.split.Options, bv.split.Selected)
	}
	bv.split.SetSelected(splitWords[bundle.LimitEmail.Bytes])
	if bv.m.split != 25<<20 {
		t.Fatalf("split %d", bv.m.split)
	}
	bv.m.split = 60 << 10
	uitest.TapNamed(t, bv.content, "Export bundle")
	if len(fx.saves) != 1 {
		t.Fatalf("saves %v", fx.saves)
	}
	said := strings.Join(strings.Fields(uitest.AllText(bv.report)), " ")
	if !strings.Contains(said, "Bundle saved in ") || strings.Contains(said, "NOT confirmed") {
		t.Fatalf("the tab says:\n%s", said)
	}
	files, _ := filepath.Glob(strings.TrimSuffix(fx.saves[0], ".pdf") + "-volume-*-of-*.pdf")
	if len(files) < 2 {
		t.Fatalf("volumes %v", files)
	}
	for _, f := range files {
		r, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		v, err := bundle.Verify(r)
		r.Close()
		if err != nil || !v.OK() || v.Manifest.Volumes != len(files) {
			t.Errorf("%s: %v %+v", filepath.Base(f), err, v)
		}
		if !strings.Contains(said, filepath.Base(f)+": pages ") {
			t.Errorf("the tab does not list %s", filepath.Base(f))
		}
	}
	if _, err := os.Stat(fx.saves[0]); err == nil {
		t.Error("the whole bundle was saved too")
	}
}
