package ui

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"regexp"
	"strings"
	"sync/atomic"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/redress-app/redress/app/casework"
	"github.com/redress-app/redress/app/ui/kit"
	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/documents"
	"github.com/redress-app/redress/store"
)

// The page viewer's sizes, in Fyne units (about pixels at normal size).
const (
	viewWidth  = 560 // a page's width at 100%
	thumbW     = 96
	thumbH     = 136
	maxViewDoc = 512 << 20
)

// viewable reports whether the page viewer shows a document: PDFs, scans
// and photos.
func viewable(d casefile.Document) bool {
	k := documents.KindOf(d.Name, d.Type)
	return (k == documents.KindPDF || k == documents.KindImage) && d.Size <= maxViewDoc
}

// pageView shows a PDF's or a picture's pages: thumbnails down the side, the
// page at a chosen zoom, and the page's text with the words looked for
// marked. The document is decrypted into memory only, never to disk; the
// thumbnails are kept sealed in the vault (derived records).
type pageView struct {
	src    pageSource
	caseID string // the vault's case ("" for a pack's document)
	doc    casefile.Document

	data  []byte         // the document, decrypted in memory
	pages int            // its page count
	texts map[int]string // each page's text as read on import
	page  int            // the page shown, from 1
	zoom  float32
	marks []string // words to mark on the page
	// words holds each page's words with their boxes, once read (nil for
	// a page whose words cannot be read, such as a scan without OCR).
	words  map[int][]documents.Word
	thumbs map[int]image.Image // decoded thumbnails, by page
	// thumbWait are the pages asked for and not yet drawn; thumbQ those
	// still to start, oldest first; thumbBusy says the worker is drawing.
	thumbWait map[int]bool
	thumbQ    []int
	thumbBusy bool
	seq       int // increases with every page render, so stale renders are dropped
	gone      atomic.Bool

	thumbList *widget.List
	img       *canvas.Image
	marked    *fyne.Container // the page image with the marks over it
	markLay   *markLayout
	// markScroll: the page has just changed, so its first mark is
	// scrolled into view once drawn.
	markScroll bool
	imgBox     *fyne.Container
	imgScroll  *container.Scroll
	pageLabel  *widget.Label
	zoomLabel  *widget.Label
	find       *field
	findNote   *widget.Label
	findRow    *fyne.Container
	text       *widget.RichText
	cite       *widget.Button
	content    *fyne.Container
}

// pageSource is where a page viewer's document comes from and where what
// it draws is kept: a case in the vault (the Documents tab: thumbnails and
// words kept sealed in the vault, "Use as evidence for…") or a pack opened
// read-only (the pack window: everything in memory only). Its functions
// other than alive, reader and scale run off the UI goroutine.
type pageSource struct {
	ctx    context.Context
	alive  func() bool              // the screen still shows what the viewer was opened for
	reader func() *documents.Reader // reads and draws the pages
	scale  func() float32           // the canvas's scale, for sharp pages
	load   func() ([]byte, error)   // the document's bytes, in memory
	texts  func() []store.PageText  // each page's text as read before
	thumbs func(r *documents.Reader, data []byte, pages []int) map[int]image.Image
	words  func(r *documents.Reader, data []byte, page int) ([]documents.Word, error)
	cite   func(p *pageView) // nil: no "Use as evidence for…"
}

// vaultPages is the page source of document doc of case caseID in the
// shell's vault.
func vaultPages(s *shell, caseID string, doc casefile.Document) pageSource {
	v, ctx, epoch := s.vault(), s.ctx(), s.d.epoch
	return pageSource{
		ctx:    ctx,
		alive:  func() bool { return s.alive(epoch) },
		reader: func() *documents.Reader { return s.d.reader },
		scale:  func() float32 { return s.d.win.Canvas().Scale() },
		load: func() ([]byte, error) {
			rc, err := v.OpenDocument(ctx, caseID, doc.ID)
			if err != nil {
				return nil, err
			}
			defer rc.Close()
			return io.ReadAll(io.LimitReader(rc, maxViewDoc+1))
		},
		texts: func() []store.PageText {
			texts, _ := v.PageTexts(ctx, caseID, doc.ID)
			return texts
		},
		thumbs: func(r *documents.Reader, data []byte, pages []int) map[int]image.Image {
			return thumbnails(ctx, v, r, caseID, doc, data, pages)
		},
		words: func(r *documents.Reader, data []byte, page int) ([]documents.Word, error) {
			return casework.PageWordsOf(ctx, v, r, caseID, doc, data, page)
		},
		cite: func(p *pageView) { s.docs.onCite(p) },
	}
}

// newPageView loads doc in the background and shows page (from 1) with the
// words marked.
func newPageView(s *shell, caseID string, doc casefile.Document, page int, marks []string) *pageView {
	p := newPageViewFrom(vaultPages(s, caseID, doc), doc, page, marks)
	p.caseID = caseID
	return p
}

// newPageViewFrom is newPageView for any page source.
func newPageViewFrom(src pageSource, doc casefile.Document, page int, marks []string) *pageView {
	p := &pageView{src: src, doc: doc, page: max(page, 1), zoom: 0.8, marks: marks,
		texts: map[int]string{}, thumbs: map[int]image.Image{}, thumbWait: map[int]bool{}, words: map[int][]documents.Word{}}
	p.content = container.NewStack(container.NewCenter(container.NewVBox(widget.NewLabel("Opening the pages…"),
		container.New(&fixedWidthMin{240}, widget.NewProgressBarInfinite()))))
	ctx, reader := src.ctx, src.reader()
	type loaded struct {
		data  []byte
		pages int
		texts []store.PageText
		err   error
	}
	kit.Background(func() loaded {
		data, err := src.load()
		if err != nil {
			return loaded{err: err}
		}
		n, err := reader.PageCount(ctx, doc.Name, doc.Type, data)
		if err != nil {
			return loaded{err: err}
		}
		return loaded{data: data, pages: n, texts: src.texts()}
	}, func(l loaded) {
		if !p.live() {
			return
		}
		if l.err != nil {
			p.content.Objects = []fyne.CanvasObject{hint("Redress cannot show the pages of this file: " + kit.Sentence(l.err))}
			p.content.Refresh()
			return
		}
		p.data, p.pages = l.data, l.pages
		for _, t := range l.texts {
			p.texts[t.Page] = t.Text
		}
		p.build()
	})
	return p
}

// refreshTexts reads the pages' text again (the reading in the background
// may have finished since the viewer opened).
func (p *pageView) refreshTexts() {
	if p.thumbList == nil {
		return
	}
	kit.Background(p.src.texts, func(texts []store.PageText) {
		if !p.live() || len(texts) == 0 {
			return
		}
		for _, t := range texts {
			p.texts[t.Page] = t.Text
		}
		for n, w := range p.words {
			if w == nil { // a scan's words may have been read since
				delete(p.words, n)
			}
		}
		p.setMarks(p.marks, false)
	})
}

// live reports whether the viewer is still on screen.
func (p *pageView) live() bool { return !p.gone.Load() && p.src.alive() }

// close forgets the document's bytes (another document was chosen).
func (p *pageView) close() {
	p.gone.Store(true)
	p.data = nil
}

func (p *pageView) build() {
	p.thumbList = widget.NewList(func() int { return p.pages }, newThumbRow, p.fillThumb)
	p.thumbList.OnSelected = func(i widget.ListItemID) { p.goTo(i + 1) }
	p.img = canvas.NewImageFromImage(nil)
	p.img.FillMode = canvas.ImageFillContain
	p.img.ScaleMode = canvas.ImageScaleSmooth
	p.markLay = &markLayout{}
	p.marked = container.New(p.markLay, p.img)
	p.imgBox = container.NewCenter(p.marked)
	prev := widget.NewButtonWithIcon("", theme.NavigateBackIcon(), func() { p.goTo(p.page - 1) })
	next := widget.NewButtonWithIcon("", theme.NavigateNextIcon(), func() { p.goTo(p.page + 1) })
	p.pageLabel = widget.NewLabel("")
	out := widget.NewButtonWithIcon("", theme.ZoomOutIcon(), func() { p.setZoom(p.zoom / 1.25) })
	in := widget.NewButtonWithIcon("", theme.ZoomInIcon(), func() { p.setZoom(p.zoom * 1.25) })
	p.zoomLabel = widget.NewLabel("")
	p.find = newField("Find on this page")
	p.find.ActionItem = widget.NewIcon(theme.SearchIcon())
	p.find.OnChanged = func(q string) { p.setMarks(strings.Fields(q), false) }
	p.find.OnSubmitted = func(string) { p.findNext() }
	p.findNote = small("")
	p.findNote.Truncation = fyne.TextTruncateOff
	p.text = widget.NewRichText()
	p.text.Wrapping = fyne.TextWrapWord
	p.cite = widget.NewButtonWithIcon("Use as evidence for…", theme.ConfirmIcon(), func() { p.src.cite(p) })
	p.cite.Importance = widget.HighImportance
	if p.src.cite == nil {
		p.cite.Hide()
	}
	bar := container.NewHBox(prev, p.pageLabel, next, widget.NewSeparator(), out, p.zoomLabel, in, layout.NewSpacer(), p.cite)
	p.findRow = container.NewBorder(nil, nil, nil, p.findNote, p.find)
	findRow := p.findRow
	pageText := container.NewBorder(small("Text of this page, as Redress read it (the words looked for are marked)"), nil, nil, nil,
		container.NewVScroll(p.text))
	p.imgScroll = container.NewScroll(p.imgBox)
	centre := container.NewVSplit(p.imgScroll, pageText)
	centre.SetOffset(0.68)
	side := container.New(&fixedWidthMin{thumbW + 24}, p.thumbList)
	p.content.Objects = []fyne.CanvasObject{container.NewBorder(container.NewVBox(bar, findRow), nil, side, nil, centre)}
	p.content.Refresh()
	if len(p.marks) > 0 {
		p.find.SetText(strings.Join(p.marks, " "))
	}
	p.goTo(min(p.page, p.pages))
}

func newThumbRow() fyne.CanvasObject {
	img := canvas.NewImageFromImage(nil)
	img.FillMode = canvas.ImageFillContain
	img.SetMinSize(fyne.NewSize(thumbW, thumbH))
	l := small("")
	l.Truncation = fyne.TextTruncateOff
	return container.NewVBox(img, container.NewCenter(l))
}

func (p *pageView) fillThumb(i widget.ListItemID, o fyne.CanvasObject) {
	box := o.(*fyne.Container)
	img := box.Objects[0].(*canvas.Image)
	img.Image = p.thumbs[i+1]
	img.Refresh()
	if img.Image == nil {
		p.wantThumb(i + 1) // the row is on screen: draw its page
	}
	box.Objects[1].(*fyne.Container).Objects[0].(*widget.Label).SetText(fmt.Sprintf("Page %d", i+1))
}

// Thumbnails are made as their rows come into view, a few at a time, the
// pages asked for last first (those on screen after a scroll), by one
// worker off the UI goroutine: a 2,000-page disclosure opens at once and
// renders only what is looked at. Each is kept sealed in the vault.
const (
	thumbBatch  = 4   // pages rendered in one go (the PDF loaded once for them)
	thumbQueue  = 48  // pages waiting; older requests (scrolled past) are dropped
	thumbCached = 240 // decoded thumbnails held in memory; the farthest go first
)

// wantThumb asks for page's thumbnail, if it is not there or coming.
func (p *pageView) wantThumb(page int) {
	if p.thumbs[page] != nil || p.thumbWait[page] || page < 1 || page > p.pages {
		return
	}
	p.thumbWait[page] = true
	p.thumbQ = append(p.thumbQ, page)
	if over := len(p.thumbQ) - thumbQueue; over > 0 {
		for _, old := range p.thumbQ[:over] {
			delete(p.thumbWait, old)
		}
		p.thumbQ = append(p.thumbQ[:0], p.thumbQ[over:]...)
	}
	p.pumpThumbs()
}

// pumpThumbs starts the worker on the next batch, newest requests first.
func (p *pageView) pumpThumbs() {
	if p.thumbBusy || len(p.thumbQ) == 0 || !p.live() {
		return
	}
	n := min(thumbBatch, len(p.thumbQ))
	batch := make([]int, 0, n)
	for i := len(p.thumbQ) - 1; i >= len(p.thumbQ)-n; i-- {
		batch = append(batch, p.thumbQ[i])
	}
	p.thumbQ = p.thumbQ[:len(p.thumbQ)-n]
	p.thumbBusy = true
	reader, data, thumbs := p.src.reader(), p.data, p.src.thumbs
	kit.Background(func() map[int]image.Image {
		if p.gone.Load() { // read without the lock: at worst one batch more
			return nil
		}
		return thumbs(reader, data, batch)
	}, func(got map[int]image.Image) {
		p.thumbBusy = false
		for _, pg := range batch {
			delete(p.thumbWait, pg)
		}
		if !p.live() {
			return
		}
		for pg, img := range got {
			p.keepThumb(pg, img)
			p.thumbList.RefreshItem(pg - 1)
		}
		p.pumpThumbs()
	})
}

// keepThumb holds a decoded thumbnail, letting go of the one farthest from
// it when too many are held.
func (p *pageView) keepThumb(page int, img image.Image) {
	p.thumbs[page] = img
	if len(p.thumbs) <= thumbCached {
		return
	}
	far, dist := 0, -1
	for pg := range p.thumbs {
		if d := max(pg-page, page-pg); d > dist && pg != p.page {
			far, dist = pg, d
		}
	}
	delete(p.thumbs, far)
}

// thumbnails returns the thumbnails of pages: those kept in the vault, and
// the others rendered together from the bytes in memory and kept (sealed)
// for next time. A page that cannot be drawn is left out.
func thumbnails(ctx context.Context, v *store.Vault, r *documents.Reader, caseID string, doc casefile.Document, data []byte, pages []int) map[int]image.Image {
	out := map[int]image.Image{}
	var missing []int
	for _, pg := range pages {
		b, err := v.Thumbnail(ctx, caseID, doc.ID, pg)
		if err != nil {
			missing = append(missing, pg)
			continue
		}
		if img, err := png.Decode(bytes.NewReader(b)); err == nil {
			out[pg] = img
		} else {
			missing = append(missing, pg) // kept but unreadable: made again
		}
	}
	if len(missing) == 0 {
		return out
	}
	for pg, img := range drawThumbs(ctx, r, doc, data, missing) {
		var buf bytes.Buffer
		if png.Encode(&buf, img) != nil {
			continue
		}
		out[pg] = img
		_ = v.PutThumbnail(ctx, caseID, doc.ID, pg, buf.Bytes()) // not kept (read-only, locked): made again next time
	}
	return out
}

// drawThumbs renders the thumbnails of pages together from the bytes in
// memory. A page that cannot be drawn is left out.
func drawThumbs(ctx context.Context, r *documents.Reader, doc casefile.Document, data []byte, pages []int) map[int]image.Image {
	out := map[int]image.Image{}
	drawn, err := r.RenderPages(ctx, doc.Name, doc.Type, data, pages, thumbW*2, thumbH*2)
	if err != nil {
		return out
	}
	for _, d := range drawn {
		if d.Err == nil {
			out[d.Page] = d.Image
		}
	}
	return out
}

// goTo shows page n (from 1).
func (p *pageView) goTo(n int) {
	if p.thumbList == nil || n < 1 || n > p.pages {
		return
	}
	p.page = n
	p.pageLabel.SetText(fmt.Sprintf("Page %d of %d", n, p.pages))
	p.thumbList.ScrollTo(n - 1)
	p.showText()
	p.setMarkBoxes(nil) // the last page's marks go with it
	p.markScroll = true
	p.render()
}

func (p *pageView) setZoom(z float32) {
	p.zoom = min(max(z, 0.4), 4)
	p.render()
}

// render draws the page at the zoom, off the UI goroutine.
func (p *pageView) render() {
	p.seq++
	seq, page := p.seq, p.page
	p.zoomLabel.SetText(fmt.Sprintf("%d%%", int(p.zoom*100+0.5)))
	scale := p.src.scale()
	w := float32(viewWidth) * p.zoom
	px := int(w * scale)
	ctx, reader, data, doc := p.src.ctx, p.src.reader(), p.data, p.doc
	type result struct {
		img image.Image
		err error
	}
	kit.Background(func() result {
		img, err := reader.RenderPage(ctx, doc.Name, doc.Type, data, page, px, px*2)
		return result{img, err}
	}, func(r result) {
		if !p.live() || seq != p.seq {
			return
		}
		if r.err != nil {
			p.imgBox.Objects = []fyne.CanvasObject{hint("This page cannot be shown: " + kit.Sentence(r.err))}
			p.imgBox.Refresh()
			return
		}
		b := r.img.Bounds()
		p.img.Image = r.img
		p.img.SetMinSize(fyne.NewSize(float32(b.Dx())/scale, float32(b.Dy())/scale))
		p.imgBox.Objects = []fyne.CanvasObject{p.marked}
		p.imgBox.Refresh()
		p.img.Refresh()
		p.showMarks(p.markScroll) // a new page: its first mark in view; a new zoom: left where it is
		p.markScroll = false
	})
}

// setMarks marks words on the page and says on which pages they are.
func (p *pageView) setMarks(words []string, jump bool) {
	p.marks = words
	p.showText()
	p.showMarks(false)
	if len(words) == 0 {
		p.setFindNote("")
		return
	}
	on := pagesWith(p.texts, p.pages, words)
	switch {
	case len(on) == 0:
		p.setFindNote("Not found")
	case len(on) == 1:
		p.setFindNote(fmt.Sprintf("On page %d", on[0]))
	default:
		p.setFindNote(fmt.Sprintf("On %d pages; Enter for the next", len(on)))
	}
	if jump {
		p.findNext()
	}
}

// setFindNote says where the words are, and lays the find row out again
// for the note's new width (a label's new text does not, and the note was
// cut off at the window's edge).
func (p *pageView) setFindNote(s string) {
	p.findNote.SetText(s)
	if p.findRow != nil {
		p.findRow.Refresh()
	}
}

// findNext goes to the next page (after the one shown, round to the first)
// with every word looked for.
func (p *pageView) findNext() {
	on := pagesWith(p.texts, p.pages, p.marks)
	if len(on) == 0 {
		return
	}
	for _, n := range on {
		if n > p.page {
			p.goTo(n)
			return
		}
	}
	if on[0] != p.page {
		p.goTo(on[0])
	}
}

// pagesWith lists the pages whose text holds every word.
func pagesWith(texts map[int]string, pages int, words []string) []int {
	var on []int
	for n := 1; n <= pages; n++ {
		low := strings.ToLower(texts[n])
		all := len(words) > 0
		for _, w := range words {
			if !strings.Contains(low, strings.ToLower(w)) {
				all = false
				break
			}
		}
		if all {
			on = append(on, n)
		}
	}
	return on
}

// showText shows the page's text with the words looked for marked.
func (p *pageView) showText() {
	t := p.texts[p.page]
	if strings.TrimSpace(t) == "" {
		t = "(Redress has no text for this page: a scan not read yet, or a page of pictures.)"
	}
	p.text.Segments = markedSegments(t, p.marks)
	p.text.Refresh()
}

// markedSegments splits text into plain runs and marked runs: each
// occurrence of a word, ignoring case.
func markedSegments(text string, words []string) []widget.RichTextSegment {
	plain := func(s string) widget.RichTextSegment {
		return &widget.TextSegment{Text: s, Style: widget.RichTextStyleInline}
	}
	var parts []string
	for _, w := range words {
		if w = strings.TrimSpace(w); w != "" {
			parts = append(parts, regexp.QuoteMeta(w))
		}
	}
	if len(parts) == 0 {
		return []widget.RichTextSegment{&widget.TextSegment{Text: text, Style: widget.RichTextStyleParagraph}}
	}
	re := regexp.MustCompile("(?i)" + strings.Join(parts, "|"))
	var segs []widget.RichTextSegment
	last := 0
	for _, m := range re.FindAllStringIndex(text, -1) {
		if m[0] > last {
			segs = append(segs, plain(text[last:m[0]]))
		}
		segs = append(segs, &widget.TextSegment{Text: text[m[0]:m[1]], Style: widget.RichTextStyle{Inline: true,
			ColorName: theme.ColorNamePrimary, TextStyle: fyne.TextStyle{Bold: true}}})
		last = m[1]
	}
	if last < len(text) {
		segs = append(segs, plain(text[last:]))
	}
	return segs
}

// showMarks marks the words looked for on the page image, from the page's
// word boxes (read once per page, off the UI goroutine: kept sealed in the
// vault, read by OCR on import for a scan). scroll brings the first mark
// into view. A page whose words cannot be read (a scan without tesseract)
// has its words marked in its text only.
func (p *pageView) showMarks(scroll bool) {
	if p.thumbList == nil || p.img.Image == nil {
		return
	}
	if len(p.marks) == 0 {
		p.setMarkBoxes(nil)
		return
	}
	page := p.page
	if words, ok := p.words[page]; ok {
		p.setMarkBoxes(markBoxes(words, p.marks))
		if scroll {
			p.scrollToMark()
		}
		return
	}
	reader, data, wordsOf := p.src.reader(), p.data, p.src.words
	kit.Background(func() []documents.Word {
		words, err := wordsOf(reader, data, page)
		if err != nil {
			return nil // the text beside the page still shows the marks
		}
		return words
	}, func(words []documents.Word) {
		if !p.live() {
			return
		}
		p.words[page] = words
		if p.page == page {
			p.showMarks(true)
		}
	})
}

// setMarkBoxes puts a highlight over each box (fractions of the page).
func (p *pageView) setMarkBoxes(boxes []documents.Word) {
	if p.marked == nil {
		return
	}
	p.markLay.boxes = boxes
	objs := []fyne.CanvasObject{p.img}
	for range boxes {
		r := canvas.NewRectangle(markFill)
		r.StrokeColor = markStroke
		r.StrokeWidth = 1.5
		r.CornerRadius = 2
		objs = append(objs, r)
	}
	p.marked.Objects = objs
	p.marked.Refresh()
}

// scrollToMark scrolls the page so that its first mark is in view, a
// third of the way down.
func (p *pageView) scrollToMark() {
	if len(p.markLay.boxes) == 0 || p.imgScroll == nil {
		return
	}
	first := p.markLay.boxes[0]
	for _, b := range p.markLay.boxes[1:] {
		if b.Y0 < first.Y0 {
			first = b
		}
	}
	size, view := p.img.MinSize(), p.imgScroll.Size()
	y := max(0, min(first.Y0*float64(size.Height)-float64(view.Height)/3, float64(size.Height-view.Height)))
	x := max(0, min(first.X0*float64(size.Width)-float64(view.Width)/3, float64(size.Width-view.Width)))
	p.imgScroll.Offset = fyne.NewPos(float32(x), float32(y))
	p.imgScroll.Refresh()
}

// The marks: a highlighter's yellow, seen through, with an amber edge,
// on the page whatever the theme.
var (
	markFill   = color.NRGBA{R: 255, G: 200, B: 0, A: 90}
	markStroke = color.NRGBA{R: 214, G: 120, B: 0, A: 230}
)

// markBoxes are the boxes of the words holding any of marks, ignoring case
// (as the page's text marks them).
func markBoxes(words []documents.Word, marks []string) []documents.Word {
	var want []string
	for _, m := range marks {
		if m = strings.ToLower(strings.TrimSpace(m)); m != "" {
			want = append(want, m)
		}
	}
	var out []documents.Word
	for _, w := range words {
		low := strings.ToLower(w.Text)
		for _, m := range want {
			if strings.Contains(low, m) {
				out = append(out, w)
				break
			}
		}
	}
	return out
}

// markLayout lays the page image out at its size and each mark over it at
// its box, a little larger than the word.
type markLayout struct {
	boxes []documents.Word // for the objects after the image, in order
}

func (l *markLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	if len(objs) == 0 {
		return
	}
	objs[0].Move(fyne.NewPos(0, 0))
	objs[0].Resize(size)
	for i, o := range objs[1:] {
		if i >= len(l.boxes) {
			o.Hide()
			continue
		}
		pos, sz := markRect(l.boxes[i], size)
		o.Move(pos)
		o.Resize(sz)
		o.Show()
	}
}

func (l *markLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	if len(objs) == 0 {
		return fyne.Size{}
	}
	return objs[0].MinSize()
}

// markRect is where a word's mark goes on a page image of size: its box,
// two units larger all round.
func markRect(b documents.Word, size fyne.Size) (fyne.Position, fyne.Size) {
	const pad = 2
	x0, y0 := float32(b.X0)*size.Width-pad, float32(b.Y0)*size.Height-pad
	x1, y1 := float32(b.X1)*size.Width+pad, float32(b.Y1)*size.Height+pad
	return fyne.NewPos(x0, y0), fyne.NewSize(x1-x0, y1-y0)
}
