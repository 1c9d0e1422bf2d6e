package ui

import (
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/redress-app/redress/app/ui/kit"
	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/store"
)

// searchBox is the search at the top of the window: it searches the open case,
// or every case, as you type, and a result opens the entry, event or document
// it found.
type searchBox struct {
	s       *shell
	entry   *field
	scope   *widget.RadioGroup
	hits    []store.Hit
	titles  map[string]string // case titles, for results from every case
	list    *widget.List
	note    *widget.Label
	results *fyne.Container // shown under the search row while there is a query
	back    *canvas.Rectangle
	drop    *fyne.Container // the results laid over the window, under the search row
	top     fyne.CanvasObject
	seq     int
	content fyne.CanvasObject
}

// warmingWords is shown while the search index is still being built after
// unlocking (the documents' text is read into it in the background).
const warmingWords = "Search is still getting ready: Redress is reading the text of your documents. Results follow in a moment."

const (
	scopeCase = "This case"
	scopeAll  = "All cases"
)

func newSearchBox(s *shell) *searchBox {
	b := &searchBox{s: s, titles: map[string]string{}}
	b.entry = newField("Search  (Ctrl+F)")
	b.entry.ActionItem = widget.NewIcon(theme.SearchIcon())
	b.entry.OnChanged = func(string) { b.run() }
	b.entry.OnEscape = func() bool {
		if b.entry.Text == "" {
			return false
		}
		b.entry.SetText("")
		return true
	}
	b.entry.OnSubmitted = func(string) {
		if len(b.hits) > 0 {
			b.open(b.hits[0])
		}
	}
	b.scope = widget.NewRadioGroup([]string{scopeCase, scopeAll}, func(string) { b.run() })
	b.scope.Horizontal = true
	b.scope.Required = true
	b.scope.SetSelected(scopeCase)
	b.list = widget.NewList(func() int { return len(b.hits) }, newHitRow, b.fillRow)
	b.list.OnSelected = func(i widget.ListItemID) {
		b.list.UnselectAll()
		if i >= 0 && i < len(b.hits) {
			b.open(b.hits[i])
		}
	}
	b.note = small("")
	closeBtn := widget.NewButtonWithIcon("", theme.CancelIcon(), func() { b.hide() })
	closeBtn.Importance = widget.LowImportance
	b.back = canvas.NewRectangle(theme.Color(theme.ColorNameOverlayBackground))
	b.back.StrokeWidth = 1
	b.results = container.NewStack(b.back, container.NewPadded(container.NewBorder(
		container.NewBorder(nil, nil, nil, closeBtn, b.note), nil, nil, nil, b.list)))
	b.results.Hide()
	b.drop = container.New(&dropLayout{b: b}, b.results)
	b.content = container.NewBorder(nil, nil, nil, b.scope, b.entry)
	return b
}

func newHitRow() fyne.CanvasObject {
	title := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.Truncation = fyne.TextTruncateEllipsis
	return container.NewVBox(title, small(""))
}

func (b *searchBox) fillRow(i widget.ListItemID, o fyne.CanvasObject) {
	if i < 0 || i >= len(b.hits) {
		return
	}
	h := b.hits[i]
	cells := o.(*fyne.Container).Objects
	title := hitKindWords(h.Type) + ": " + hitTitle(h)
	if h.Type == store.TypeDocument && h.Page > 0 && !strings.HasSuffix(h.Title, ", page "+strconv.Itoa(h.Page)) {
		title += ", page " + strconv.Itoa(h.Page) // the store names the page; say it if it did not
	}
	if b.scope.Selected == scopeAll {
		if t := b.titles[h.CaseID]; t != "" {
			title += "  ·  " + t
		}
	}
	cells[0].(*widget.Label).SetText(title)
	cells[1].(*widget.Label).SetText(hitSnippet(h))
}

func hitKindWords(typ string) string {
	switch typ {
	case store.TypeNote:
		return "Journal"
	case store.TypeEvent:
		return "Event"
	case store.TypeDocument:
		return "Document"
	}
	return "Item"
}

func (b *searchBox) focus() {
	b.s.d.win.Canvas().Focus(b.entry)
}

// run searches for what is typed, off the UI goroutine.
func (b *searchBox) run() {
	b.seq++
	q := strings.TrimSpace(b.entry.Text)
	if q == "" || b.s.closed {
		b.hits = nil
		b.hide()
		return
	}
	caseID := ""
	if b.scope.Selected == scopeCase {
		caseID = b.s.curID
	}
	seq, epoch := b.seq, b.s.d.epoch
	v, ctx := b.s.vault(), b.s.ctx()
	type result struct {
		hits    []store.Hit
		titles  map[string]string
		skipped []string // cases that could not be searched: they do not verify
		err     error
	}
	kit.Background(func() result {
		if !v.SearchReady() {
			kit.OnUI(func() {
				if b.s.alive(epoch) && seq == b.seq {
					b.note.SetText(warmingWords)
					b.hits = nil
					b.list.Refresh()
					b.showPop()
				}
			})
		}
		hits, err := v.Search(ctx, q, caseID)
		if err != nil {
			return result{err: err}
		}
		titles := map[string]string{}
		var skipped []string
		if caseID == "" {
			if infos, err := v.Cases(ctx); err == nil {
				for _, in := range infos {
					titles[in.ID] = in.Title
					if in.Err != nil {
						skipped = append(skipped, in.ID)
					}
				}
			}
		}
		return result{hits: hits, titles: titles, skipped: skipped}
	}, func(r result) {
		if !b.s.alive(epoch) || seq != b.seq {
			return
		}
		if r.err != nil {
			b.hits = nil
			b.note.SetText(kit.Sentence(r.err))
		} else {
			b.hits, b.titles = r.hits, r.titles
			switch n := len(r.hits); {
			case n == 0:
				b.note.SetText("Nothing found for “" + q + "”.")
			case n >= store.MaxHits:
				b.note.SetText("The newest 500 results. Add a word to narrow it down.")
			case n == 1:
				b.note.SetText("1 result. Press Enter to open it.")
			default:
				b.note.SetText(countWords(n, "result", "results") + ". Press Enter to open the first.")
			}
			if len(r.skipped) > 0 {
				// A damaged case is not searched: say so, or fewer results
				// would pass for all of them.
				b.note.SetText(b.note.Text + " " + skippedWords(r.skipped))
			}
		}
		b.list.Refresh()
		b.list.ScrollToTop()
		b.showPop()
	})
}

// showPop shows the results under the search row. They are part of the
// window, not a pop-up, so the cursor stays in the search field while typing.
func (b *searchBox) showPop() {
	b.back.FillColor = theme.Color(theme.ColorNameOverlayBackground)
	b.back.StrokeColor = theme.Color(theme.ColorNameSeparator)
	b.results.Show()
	b.drop.Refresh()
}

// dropLayout lays the results over the window just under the search row,
// as tall as the window allows and never taller: they take no room of
// their own, so the window never grows past the screen for them (at
// 1280x800 and at the larger text size alike).
type dropLayout struct{ b *searchBox }

func (l *dropLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	top := float32(0)
	if l.b.top != nil {
		top = l.b.top.Size().Height
	}
	pad := theme.Padding()
	h := min(max(size.Height*0.6, 200), size.Height-top-pad)
	for _, o := range objs {
		o.Move(fyne.NewPos(pad*2, top))
		o.Resize(fyne.NewSize(max(size.Width-pad*4, 0), max(h, 0)))
	}
}

func (l *dropLayout) MinSize([]fyne.CanvasObject) fyne.Size { return fyne.Size{} }

func (b *searchBox) hide() {
	if b.results != nil {
		b.results.Hide()
	}
}

// open shows what a result points at.
func (b *searchBox) open(h store.Hit) {
	b.hide()
	s := b.s
	if h.CaseID != s.curID {
		s.openCase(h.CaseID)
	}
	switch h.Type {
	case store.TypeNote:
		s.showTab(tabJournal)
		s.journal.reveal(h.ID)
	case store.TypeEvent:
		s.openEvent(h.ID)
	case store.TypeDocument:
		s.showTab(tabDocuments)
		if h.Page > 0 {
			s.docs.revealPage(h.ID, h.Page, strings.Fields(strings.TrimSpace(b.entry.Text)))
		} else {
			s.docs.reveal(h.ID)
		}
	}
}

// close forgets the query and the results (for locking).
func (b *searchBox) close() {
	b.seq++
	b.hide()
	b.hits = nil
	b.entry.SetText("")
}

// countWords says "1 entry" or "3 entries".
func countWords(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// hitTitle is a result's title in the app's words: a note's kind as the
// journal says it ("Phone call, 2 March 2026").
func hitTitle(h store.Hit) string {
	if h.Type != store.TypeNote {
		return h.Title
	}
	kind, rest, ok := strings.Cut(h.Title, ", ")
	if !ok {
		return h.Title
	}
	return noteKindLabel(casefile.NoteKind(kind)) + ", " + rest
}

// hitSnippet is the text around the match on one line: the object's own
// words only (the store leaves out the kinds and labels it also indexes).
func hitSnippet(h store.Hit) string { return kit.OneLine(h.Snippet) }

// skippedWords names the cases a search could not look in.
func skippedWords(ids []string) string {
	if len(ids) == 1 {
		return "Case " + ids[0] + " could not be searched: it does not check out. Restore it from a backup."
	}
	return countWords(len(ids), "case", "cases") + " could not be searched (" + strings.Join(ids, ", ") + "): they do not check out. Restore them from a backup."
}
