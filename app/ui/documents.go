package ui

import (
	"context"
	"fmt"
	"image"
	_ "image/gif" // previews
	_ "image/jpeg"
	_ "image/png"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/redress-app/redress/app/casework/pack"
	"github.com/redress-app/redress/app/ui/kit"
	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/store"
)

// maxPreview is the largest picture shown in the app (decrypted in memory).
const maxPreview = 32 << 20

// sources are the sources offered for a document; any other can be typed.
var sources = []string{"The council", "Us (the family)", "School or nursery", "GP or health visitor", "Hospital",
	"Police", "Court", "Solicitor", "Other"}

// documentsTab lists the case's documents with their type, date, source and
// evidential hash; imports files with a progress bar; previews pictures in
// memory; and opens a document in another program only after a warning.
type documentsTab struct {
	listDetail[casefile.Document]
	docs     []casefile.Document
	count    *widget.Label
	bar      *widget.ProgressBar
	barLabel *widget.Label
	barBox   *fyne.Container
	previewN int
	pages    *pageView // the page viewer of the selected document, if any
	wantPage int       // the page to show when the wanted document opens
	wantMark []string  // the words to mark on it

	// The metadata form of the selected document.
	docName *field
	docDate *dateField
	docFrom *comboField
}

func newDocumentsTab(s *shell) *documentsTab {
	t := &documentsTab{}
	t.init(s, "Choose a document to see its details and a preview.", func() int { return len(t.docs) }, newDocRow, t.fillRow, t.showDoc)
	t.all, t.idOf = func() []casefile.Document { return t.docs }, func(d *casefile.Document) string { return d.ID }
	t.rowID = func(i int) string { return t.docs[i].ID }
	t.onHint = func() { t.docName, t.docDate, t.docFrom = nil, nil, nil }
	imp := widget.NewButtonWithIcon("Import files…", theme.UploadIcon(), t.onImport)
	imp.Importance = widget.HighImportance
	t.count = small("")
	t.bar = widget.NewProgressBar()
	t.barLabel = small("")
	t.barBox = container.NewVBox(t.barLabel, t.bar)
	t.barBox.Hide()
	t.layout(container.NewVBox(container.NewBorder(nil, nil, nil, imp, t.count), t.barBox, s.reading.box, s.reading.noOCR), emptyList("Documents",
		"Keep letters, emails, reports, minutes and photos here. Each file is locked in the vault as it is, "+
			"with a fingerprint (its hash) that shows later that it was never changed. You can also drag files onto the window.",
		"Import the first document", theme.UploadIcon(), t.onImport), 0.3)
	return t
}

func newDocRow() fyne.CanvasObject {
	name := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	name.Truncation = fyne.TextTruncateEllipsis
	return container.NewBorder(nil, nil, widget.NewIcon(theme.FileIcon()), nil, container.NewVBox(name, small("")))
}

func (t *documentsTab) fillRow(i widget.ListItemID, o fyne.CanvasObject) {
	if i < 0 || i >= len(t.docs) {
		return
	}
	d := t.docs[i]
	box := o.(*fyne.Container)
	var texts *fyne.Container
	for _, obj := range box.Objects {
		if c, ok := obj.(*fyne.Container); ok {
			texts = c
		}
		if ic, ok := obj.(*widget.Icon); ok {
			ic.SetResource(docIcon(d.Type))
		}
	}
	texts.Objects[0].(*widget.Label).SetText(d.Name)
	texts.Objects[1].(*widget.Label).SetText(docFacts(d))
}

// docFacts is a document's line: type, date, source, size and short hash.
func docFacts(d casefile.Document) string {
	parts := []string{docTypeWords(d.Type)}
	if !d.Date.IsZero() {
		parts = append(parts, d.Date.Time().Format("2 Jan 2006"))
	}
	if d.Source != "" {
		parts = append(parts, "from "+d.Source)
	}
	parts = append(parts, sizeWords(d.Size), shortHash(d.SHA256))
	if pack.IsOwnID(d.ID) {
		parts = append(parts, "your own document, kept apart from the family's record")
	}
	return strings.Join(parts, "  ·  ")
}

func docIcon(typ string) fyne.Resource {
	switch {
	case strings.HasPrefix(typ, "image/"):
		return theme.FileImageIcon()
	case strings.HasPrefix(typ, "audio/"):
		return theme.FileAudioIcon()
	case strings.HasPrefix(typ, "video/"):
		return theme.FileVideoIcon()
	case strings.HasPrefix(typ, "text/"), typ == "message/rfc822":
		return theme.FileTextIcon()
	}
	return theme.FileIcon()
}

// docTypeWords says a media type in words.
func docTypeWords(typ string) string {
	switch {
	case typ == "application/pdf":
		return "PDF"
	case typ == "image/jpeg":
		return "Photo (JPEG)"
	case typ == "image/png":
		return "Picture (PNG)"
	case strings.HasPrefix(typ, "image/"):
		return "Picture"
	case typ == "message/rfc822":
		return "Email"
	case strings.HasPrefix(typ, "text/"):
		return "Text"
	case strings.Contains(typ, "wordprocessingml"), typ == "application/msword":
		return "Word document"
	case strings.Contains(typ, "spreadsheetml"), typ == "application/vnd.ms-excel":
		return "Spreadsheet"
	case strings.HasPrefix(typ, "audio/"):
		return "Sound recording"
	case strings.HasPrefix(typ, "video/"):
		return "Video"
	}
	return "File"
}

// sizeWords says a size the way people read it: "840 bytes", "1.2 MB".
func sizeWords(n int64) string {
	switch {
	case n < 1000:
		return fmt.Sprintf("%d bytes", n)
	case n < 1000*1000:
		return fmt.Sprintf("%.0f kB", float64(n)/1000)
	case n < 1000*1000*1000:
		return fmt.Sprintf("%.1f MB", float64(n)/1e6)
	}
	return fmt.Sprintf("%.1f GB", float64(n)/1e9)
}

// shortHash is the first 12 hex digits of a SHA-256, enough to tell files apart.
func shortHash(h string) string {
	if len(h) > 12 {
		h = h[:12]
	}
	return "SHA-256 " + h + "…"
}

func (t *documentsTab) show(cs *caseState) {
	changed := t.switched(cs)
	t.docs = append(t.docs[:0], cs.c.Documents...)
	if len(t.docs) == 0 {
		t.count.SetText("")
	} else {
		t.count.SetText(countWords(len(t.docs), "document", "documents"))
	}
	t.showRows(len(t.docs) == 0)
	if changed {
		t.selected = ""
		t.showHint()
	}
	switch {
	case t.want != "":
		id := t.want
		t.want = ""
		t.showDoc(id)
	case t.selected != "":
		if d := t.item(t.selected); d == nil {
			t.selected = ""
			t.showHint()
		} else if t.pages != nil {
			t.pages.refreshTexts()
		}
	}
}

// showDoc shows a document's details, and a preview of a picture.
func (t *documentsTab) showDoc(id string) {
	d := t.item(id)
	if d == nil {
		return
	}
	if t.selected == id && t.docName != nil {
		return
	}
	t.selected = id
	t.markSelected()
	t.docName = newField("")
	t.docName.SetText(d.Name)
	t.docDate = newDateField(t.s.d.today)
	t.docDate.set(d.Date)
	t.docFrom = newComboField(sources, "Choose or type")
	t.docFrom.SetText(d.Source)
	save := widget.NewButtonWithIcon("Save details", theme.DocumentSaveIcon(), t.onSave)
	hash := widget.NewLabel(d.SHA256)
	hash.Wrapping = fyne.TextWrapBreak
	hash.TextStyle.Monospace = true
	sum := d.SHA256
	copyHash := widget.NewButtonWithIcon("Copy", theme.ContentCopyIcon(), func() {
		t.s.d.app.Clipboard().SetContent(sum)
		t.s.status.note("Copied the fingerprint")
	})
	copyHash.Importance = widget.LowImportance
	open := widget.NewButtonWithIcon("Open with the system viewer…", theme.ComputerIcon(), func() { t.onOpenOutside(id) })
	summarise := widget.NewButtonWithIcon("Summarise it (AI)…", theme.DocumentIcon(), func() { t.onSummarise(id) })
	summarise.Importance = widget.LowImportance
	suggest := widget.NewButtonWithIcon("Suggest events from it (AI)…", theme.ListIcon(), func() { t.onSuggest(id) })
	suggest.Importance = widget.LowImportance
	page, marks := t.wantPage, t.wantMark
	t.wantPage, t.wantMark = 0, nil
	if t.pages != nil {
		if page == 0 && t.pages.doc.ID == id { // shown again: stay on the page
			page, marks = t.pages.page, t.pages.marks
		}
		t.pages.close()
		t.pages = nil
	}
	preview := container.NewStack()
	if viewable(*d) {
		preview = nil
	} else if strings.HasPrefix(d.Type, "image/") && d.Size <= maxPreview {
		preview.Objects = []fyne.CanvasObject{container.NewCenter(widget.NewProgressBarInfinite())}
		t.loadPreview(*d, preview)
	} else {
		preview.Objects = []fyne.CanvasObject{hint("Redress shows pictures here. Open other files with the system viewer.")}
	}
	facts := small(docTypeWords(d.Type) + "  ·  " + sizeWords(d.Size))
	details := container.NewVBox(
		heading(d.Name), facts,
		formRow("Date of the document", t.docDate.content),
		formRow("Who it came from", t.docFrom),
		formRow("Name", t.docName),
		container.NewHBox(save, layout.NewSpacer(), open),
		formRow("Fingerprint (SHA-256 of the file as imported)", container.NewBorder(nil, nil, nil, copyHash, hash)),
		hint("If the file is ever questioned, anyone can compute this fingerprint from the original and compare."),
		container.NewHBox(summarise, suggest))
	if preview == nil {
		t.pages = newPageView(t.s, t.cs.info.ID, *d, page, marks)
		tabs := container.NewAppTabs(
			container.NewTabItemWithIcon("Pages", theme.FileImageIcon(), t.pages.content),
			container.NewTabItemWithIcon("Details", theme.InfoIcon(), container.NewVScroll(shrinkable(details))))
		t.setRight(tabs)
		return
	}
	details.Add(widget.NewSeparator())
	details.Add(preview)
	t.setRight(container.NewVScroll(shrinkable(details)))
}

// revealPage shows page (from 1) of a document with words marked (a search
// result in the document's text).
func (t *documentsTab) revealPage(id string, page int, words []string) {
	if t.selected == id && t.pages != nil {
		t.pages.setMarks(words, false)
		if len(words) > 0 {
			t.pages.find.SetText(strings.Join(words, " "))
		}
		if t.pages.thumbList == nil {
			t.pages.page = page // shown when the pages have loaded
		}
		t.pages.goTo(page)
		return
	}
	t.wantPage, t.wantMark = page, words
	t.selected = "" // show it afresh, on that page
	t.docName = nil
	t.reveal(id)
}

// loadPreview decrypts a picture into memory only and shows it.
func (t *documentsTab) loadPreview(d casefile.Document, into *fyne.Container) {
	t.previewN++
	n, epoch, caseID := t.previewN, t.s.d.epoch, t.cs.info.ID
	v, ctx := t.s.vault(), t.s.ctx()
	kit.Background(func() image.Image {
		r, err := v.OpenDocument(ctx, caseID, d.ID)
		if err != nil {
			return nil
		}
		defer r.Close()
		img, _, err := image.Decode(io.LimitReader(r, maxPreview))
		if err != nil {
			return nil
		}
		return img
	}, func(img image.Image) {
		if !t.s.alive(epoch) || n != t.previewN || t.selected != d.ID {
			return
		}
		if img == nil {
			into.Objects = []fyne.CanvasObject{hint("This picture could not be shown. Open it with the system viewer instead.")}
		} else {
			c := canvas.NewImageFromImage(img)
			c.FillMode = canvas.ImageFillContain
			c.SetMinSize(fyne.NewSize(200, 320))
			into.Objects = []fyne.CanvasObject{c}
		}
		into.Refresh()
	})
}

// onSave saves the selected document's description (Ctrl+S).
func (t *documentsTab) onSave() {
	d := t.item(t.selected)
	if d == nil || t.docName == nil {
		return
	}
	date, err := t.docDate.date()
	if err != nil {
		t.s.d.showMessage("Check the date", capitalFirst(err.Error())+".")
		return
	}
	nd := *d
	nd.Name = strings.TrimSpace(t.docName.Text)
	if nd.Name == "" {
		nd.Name = d.Name
	}
	nd.Date, nd.Source = date, strings.TrimSpace(t.docFrom.Text)
	if nd == *d {
		return
	}
	caseID := t.cs.info.ID
	t.s.write("Saving the document's details", func(ctx context.Context, v *store.Vault) error {
		return v.UpdateDocument(ctx, caseID, nd)
	}, func() { t.docName = nil; t.want = nd.ID })
}

func (t *documentsTab) onImport() {
	t.s.d.files.openFile(t.s.d.win, nil, func(p string) { t.importPaths([]string{p}, nil) })
}

// importPaths imports files with the tab's progress bar.
func (t *documentsTab) importPaths(paths []string, done func([]casefile.Document)) {
	t.importPathsWith(paths, t.bar, done)
}

// importPathsWith imports files into the open case off the UI goroutine,
// showing progress on bar, then calls done with what was imported.
func (t *documentsTab) importPathsWith(paths []string, bar *widget.ProgressBar, done func([]casefile.Document)) {
	if t.s.cur == nil || t.s.cur.c == nil {
		return
	}
	caseID, epoch := t.s.cur.info.ID, t.s.d.epoch
	v, ctx := t.s.vault(), t.s.ctx()
	var total int64
	for _, p := range paths {
		if fi, err := os.Stat(p); err == nil {
			total += fi.Size()
		}
	}
	var read atomic.Int64
	bar.SetValue(0)
	bar.Show()
	if bar == t.bar {
		t.barLabel.SetText("Importing " + countWords(len(paths), "file", "files") + "…")
		t.barBox.Show()
	}
	stop := make(chan struct{})
	kit.Inflight.Add(1)
	go func() { // progress, at most ten times a second
		defer kit.Inflight.Done()
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				if total > 0 {
					f := float64(read.Load()) / float64(total)
					kit.OnUI(func() { bar.SetValue(f) })
				}
			}
		}
	}()
	type result struct {
		docs   []casefile.Document
		failed []string
		err    error
	}
	kit.Background(func() result {
		defer close(stop)
		var r result
		for _, p := range paths {
			d, err := importOne(ctx, v, caseID, p, &read)
			if err != nil {
				r.failed = append(r.failed, filepath.Base(p))
				r.err = err
				continue
			}
			r.docs = append(r.docs, d)
		}
		return r
	}, func(r result) {
		bar.Hide()
		t.barBox.Hide()
		if !t.s.alive(epoch) {
			return
		}
		if len(r.docs) > 0 {
			t.s.status.saved(t.s.d.now())
			t.s.reading.read(caseID, r.docs) // text and scans, in the background
			if done != nil {
				done(r.docs)
			} else {
				t.want = r.docs[len(r.docs)-1].ID
			}
			t.s.reload()
			t.s.cases.refresh(nil)
		}
		if len(r.failed) > 0 {
			t.s.d.showMessage("Some files were not imported",
				"These were not imported: "+strings.Join(r.failed, ", ")+". "+kit.Sentence(r.err))
		}
	})
}

// importOne streams one file into the vault, counting bytes read.
func importOne(ctx context.Context, v *store.Vault, caseID, path string, read *atomic.Int64) (casefile.Document, error) {
	f, err := os.Open(path)
	if err != nil {
		return casefile.Document{}, err
	}
	defer f.Close()
	id, err := pack.OwnIDFor(ctx, v, caseID) // "" unless the case was added from a pack
	if err != nil {
		return casefile.Document{}, err
	}
	return v.ImportDocument(ctx, caseID, &countingReader{r: f, n: read}, store.DocumentInfo{ID: id, Name: filepath.Base(path)})
}

type countingReader struct {
	r io.Reader
	n *atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// onOpenOutside opens a document in another program, after saying what that
// means: an unlocked copy on disk until the vault is locked or Redress closes.
func (t *documentsTab) onOpenOutside(id string) {
	d := t.item(id)
	if d == nil {
		return
	}
	doc := *d
	t.s.d.confirm("Open this file in another program?",
		"To do that, Redress must put an unlocked copy of "+doc.Name+" in a private temporary folder on this computer. "+
			"While it is there, anyone who can use this computer account could read it, and the other program may keep its own copies "+
			"(for example in a list of recent files). Redress deletes its copy when you lock the vault or close Redress.",
		"Open it", "Cancel", func(ok bool) {
			if ok {
				t.openOutside(doc)
			}
		})
}

func (t *documentsTab) openOutside(doc casefile.Document) {
	caseID, epoch := t.cs.info.ID, t.s.d.epoch
	v, ctx, temp := t.s.vault(), t.s.ctx(), t.s.d.temp
	type result struct {
		path string
		err  error
	}
	kit.Background(func() result {
		r, err := v.OpenDocument(ctx, caseID, doc.ID)
		if err != nil {
			return result{err: err}
		}
		defer r.Close()
		p, err := temp.write(doc.Name, r)
		return result{p, err}
	}, func(r result) {
		if !t.s.alive(epoch) {
			temp.clean()
			return
		}
		if r.err != nil {
			t.s.d.showError("The file could not be opened", r.err)
			return
		}
		u := &url.URL{Scheme: "file", Path: filepath.ToSlash(r.path)}
		if err := t.s.d.app.OpenURL(u); err != nil {
			t.s.d.showError("The file could not be opened", err)
		}
	})
}

// onSummarise offers an AI summary of a document for the record; if the
// person uses it, a new journal entry holds it with the document attached,
// to read and save (nothing is saved without that).
func (t *documentsTab) onSummarise(id string) {
	d := t.item(id)
	if d == nil || t.cs == nil || t.cs.c == nil || t.s.ai == nil {
		return
	}
	doc := *d
	t.s.ai.Summarise(t.cs.info.ID, t.cs.c, doc, func(text string) {
		t.s.showTab(tabJournal)
		t.s.journal.startWith(doc.Date, "Summary of “"+doc.Name+"”: "+text, []string{doc.ID})
	})
}

// onSuggest offers events found in a document by AI help, each recorded only
// when the person clicks to record it.
func (t *documentsTab) onSuggest(id string) {
	d := t.item(id)
	if d == nil || t.cs == nil || t.cs.c == nil || t.s.ai == nil {
		return
	}
	t.s.ai.SuggestEvents(t.cs.info.ID, t.cs.c, *d)
}
