package ui

import (
	"bytes"
	"context"
	"errors"
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
	maxThumbed = 2000 // pages beyond this get no thumbnail (the list still pages through them)
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
	s      *shell
	caseID string
	doc    casefile.Document
	epoch  int

	data  []byte         // the document, decrypted in memory
	pages int            // its page count
	texts map[int]string // each page's text as read on import
	page  int            // the page shown, from 1
	zoom  float32
	marks []string // words to mark on the page
	// words holds each page's words with their boxes, once read (nil for
	// a page whose words cannot be read, such as a scan without OCR).
	words  map[int][]documents.Word
	thumbs map[int]image.Image
	seq    int // increases with every page render, so stale renders are dropped
	gone   atomic.Bool

	thumbList *widget.List
	img       *canvas.Image
	marked    *fyne.Container // the page image with the marks over it
	markLay   *markLayout
	imgBox    *fyne.Container
	imgScroll *container.Scroll
	pageLabel *widget.Label
	zoomLabel *widget.Label
	find      *field
	findNote  *widget.Label
	text      *widget.RichText
	cite      *widget.Button
	content   *fyne.Container
}

// newPageView loads doc in the background and shows page (from 1) with the
// words marked.
func newPageView(s *shell, caseID string, doc casefile.Document, page int, marks []string) *pageView {
	p := &pageView{s: s, caseID: caseID, doc: doc, epoch: s.d.epoch, page: max(page, 1), zoom: 0.8, marks: marks,
		texts: map[int]string{}, thumbs: map[int]image.Image{}, words: map[int][]documents.Word{}}
	p.content = container.NewStack(container.NewCenter(container.NewVBox(widget.NewLabel("Opening the pages…"),
		container.New(&fixedWidthMin{240}, widget.NewProgressBarInfinite()))))
	v, ctx, reader := s.vault(), s.ctx(), s.d.reader
	type loaded struct {
		data  []byte
		pages int
		texts []store.PageText
		err   error
	}
	kit.Background(func() loaded {
		rc, err := v.OpenDocument(ctx, caseID, doc.ID)
		if err != nil {
			return loaded{err: err}
		}
		data, err := io.ReadAll(io.LimitReader(rc, maxViewDoc+1))
		rc.Close()
		if err != nil {
			return loaded{err: err}
		}
		n, err := reader.PageCount(ctx, doc.Name, doc.Type, data)
		if err != nil {
			return loaded{err: err}
		}
		texts, err := v.PageTexts(ctx, caseID, doc.ID)
		return loaded{data: data, pages: n, texts: texts, err: err}
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
	v, ctx, caseID, docID := p.s.vault(), p.s.ctx(), p.caseID, p.doc.ID
	kit.Background(func() []store.PageText {
		texts, _ := v.PageTexts(ctx, caseID, docID)
		return texts
	}, func(texts []store.PageText) {
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
func (p *pageView) live() bool { return !p.gone.Load() && p.s.alive(p.epoch) }

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
	p.cite = widget.NewButtonWithIcon("Use as evidence for…", theme.ConfirmIcon(), func() { p.s.docs.onCite(p) })
	p.cite.Importance = widget.HighImportance
	bar := container.NewHBox(prev, p.pageLabel, next, widget.NewSeparator(), out, p.zoomLabel, in, layout.NewSpacer(), p.cite)
	findRow := container.NewBorder(nil, nil, nil, p.findNote, p.find)
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
	p.loadThumbs()
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
	box.Objects[1].(*fyne.Container).Objects[0].(*widget.Label).SetText(fmt.Sprintf("Page %d", i+1))
}

// loadThumbs fetches or renders the thumbnails in page order, off the UI
// goroutine, each kept sealed in the vault for next time.
func (p *pageView) loadThumbs() {
	v, ctx, reader := p.s.vault(), p.s.ctx(), p.s.d.reader
	data, doc, caseID, n := p.data, p.doc, p.caseID, min(p.pages, maxThumbed)
	type thumb struct {
		page int
		img  image.Image
	}
	kit.Background(func() []thumb {
		var out []thumb
		for pg := 1; pg <= n; pg++ {
			if p.gone.Load() { // read without the lock: at worst one more page is rendered
				return out
			}
			b, err := thumbnail(ctx, v, reader, caseID, doc, data, pg)
			if err != nil {
				continue
			}
			img, err := png.Decode(bytes.NewReader(b))
			if err != nil {
				continue
			}
			out = append(out, thumb{pg, img})
			if len(out)%8 == 0 { // show them as they come
				batch := append([]thumb(nil), out...)
				kit.OnUI(func() {
					for _, t := range batch {
						p.thumbs[t.page] = t.img
					}
					if p.live() {
						p.thumbList.Refresh()
					}
				})
			}
		}
		return out
	}, func(all []thumb) {
		for _, t := range all {
			p.thumbs[t.page] = t.img
		}
		if p.live() {
			p.thumbList.Refresh()
		}
	})
}

// thumbnail is the PNG thumbnail of a page: the one kept in the vault, or
// one rendered from the bytes in memory and kept (sealed) for next time.
func thumbnail(ctx context.Context, v *store.Vault, r *documents.Reader, caseID string, doc casefile.Document, data []byte, page int) ([]byte, error) {
	if b, err := v.Thumbnail(ctx, caseID, doc.ID, page); err == nil {
		return b, nil
	} else if !errors.Is(err, casefile.ErrNotFound) {
		return nil, err
	}
	img, err := r.RenderPage(ctx, doc.Name, doc.Type, data, page, thumbW*2, thumbH*2)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, err
	}
	if err := v.PutThumbnail(ctx, caseID, doc.ID, page, buf.Bytes()); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
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
	scale := p.s.d.win.Canvas().Scale()
	w := float32(viewWidth) * p.zoom
	px := int(w * scale)
	ctx, reader, data, doc := p.s.ctx(), p.s.d.reader, p.data, p.doc
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
		p.showMarks(true)
	})
}

// setMarks marks words on the page and says on which pages they are.
func (p *pageView) setMarks(words []string, jump bool) {
	p.marks = words
	p.showText()
	p.showMarks(false)
	if len(words) == 0 {
		p.findNote.SetText("")
		return
	}
	on := pagesWith(p.texts, p.pages, words)
	switch {
	case len(on) == 0:
		p.findNote.SetText("Not found")
	case len(on) == 1:
		p.findNote.SetText(fmt.Sprintf("On page %d", on[0]))
	default:
		p.findNote.SetText(fmt.Sprintf("On %d pages; Enter for the next", len(on)))
	}
	if jump {
		p.findNext()
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
	v, ctx, reader, caseID, doc, data := p.s.vault(), p.s.ctx(), p.s.d.reader, p.caseID, p.doc, p.data
	kit.Background(func() []documents.Word {
		words, err := casework.PageWordsOf(ctx, v, reader, caseID, doc, data, page)
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
