package ui

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/redress-app/redress/app/ui/kit"
	"github.com/redress-app/redress/casefile"
)

// caseViewer shows a case file read-only: who it is about, then every event in
// date order. A solicitor sent a case file can read it with nothing else.
type caseViewer struct {
	win     fyne.Window
	content *fyne.Container // swapped between the empty state and the case

	file   string // base name of the open file, "" when none
	c      *casefile.Case
	events []casefile.Event // in date order
	loadID int              // increases with every load, so stale results are dropped

	title    *widget.Label
	meta     *widget.Label
	children *widget.Label
	list     *widget.List
	detail   *widget.RichText

	checks readOnlyChecks // the Checks tab (readonly.go)
}

func newCaseViewer(win fyne.Window) *caseViewer {
	v := &caseViewer{win: win, content: container.NewStack()}
	v.content.Objects = []fyne.CanvasObject{v.emptyState()}
	return v
}

func (v *caseViewer) emptyState() fyne.CanvasObject {
	heading := widget.NewLabelWithStyle("Read a case file", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	heading.SizeName = theme.SizeNameSubHeadingText
	body := widget.NewLabel("A case file is a Redress export of one family's case (a .json file). " +
		"Open one to read its chronology. Nothing in it can be changed here.")
	body.Wrapping = fyne.TextWrapWord
	body.Alignment = fyne.TextAlignCenter
	open := widget.NewButtonWithIcon("Open a case file…", theme.FolderOpenIcon(), v.onOpen)
	open.Importance = widget.HighImportance
	box := container.NewVBox(heading, body, container.NewCenter(open))
	return container.NewCenter(container.NewGridWrap(fyne.NewSize(460, 170), box))
}

func (v *caseViewer) onOpen() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			v.showError("The file could not be opened", err.Error())
			return
		}
		if r == nil {
			return // cancelled
		}
		path := r.URI().Path()
		r.Close()
		v.openPath(path)
	}, v.win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".json"}))
	d.Resize(fyne.NewSize(800, 560))
	d.Show()
}

// openPath reads and decodes a case file off the UI goroutine, then shows it.
func (v *caseViewer) openPath(path string) {
	v.loadID++
	id := v.loadID
	type result struct {
		c   *casefile.Case
		err error
	}
	kit.Background(func() result {
		c, err := casefile.ReadFile(path)
		return result{c, err}
	}, func(r result) {
		if id != v.loadID {
			return // a newer file was opened meanwhile
		}
		if r.err != nil {
			v.showLoadError(path, r.err)
			return
		}
		v.show(filepath.Base(path), r.c)
	})
}

func (v *caseViewer) showLoadError(path string, err error) {
	var ps casefile.Problems
	if errors.As(err, &ps) {
		v.showError("This is not a case file Redress can read",
			fmt.Sprintf("%s has these problems:\n\n%s\n\nFix them in a text editor, or ask whoever sent the file for a fresh export.",
				filepath.Base(path), ps.Error()))
		return
	}
	v.showError("The file could not be opened",
		fmt.Sprintf("Redress could not read %s (%v). Check that the file exists and that you can open it.", filepath.Base(path), err))
}

func (v *caseViewer) showError(title, msg string) {
	l := widget.NewLabel(msg)
	l.Wrapping = fyne.TextWrapWord
	scroll := container.NewVScroll(l)
	scroll.SetMinSize(fyne.NewSize(520, 160))
	dialog.NewCustom(title, "Close", scroll, v.win).Show()
}

// show replaces what is on screen with case c, read from a file named file.
func (v *caseViewer) show(file string, c *casefile.Case) {
	v.file, v.c = file, c
	v.events = sortedEvents(c.Events)
	if v.list == nil {
		v.build()
	}
	title := c.Title
	if title == "" {
		title = file
	}
	v.title.SetText(title)
	authority := c.Authority
	if authority == "" {
		authority = "not recorded"
	}
	v.meta.SetText(fmt.Sprintf("Council: %s  ·  %d events  ·  read-only copy from %s", authority, len(c.Events), file))
	v.children.SetText(childrenLine(c.Children))
	v.list.UnselectAll()
	v.list.Refresh()
	v.list.ScrollToTop()
	v.detail.ParseMarkdown("*Choose an entry to see everything recorded about it.*")
	v.showChecks()
	v.win.SetTitle("Redress")
}

func (v *caseViewer) build() {
	v.title = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	v.title.SizeName = theme.SizeNameHeadingText
	v.title.Truncation = fyne.TextTruncateEllipsis
	v.meta = widget.NewLabel("")
	v.meta.Truncation = fyne.TextTruncateEllipsis
	v.children = widget.NewLabel("")
	v.children.Wrapping = fyne.TextWrapWord
	another := widget.NewButtonWithIcon("Open another…", theme.FolderOpenIcon(), v.onOpen)
	header := container.NewBorder(nil, nil, nil, container.NewVBox(another),
		container.NewVBox(v.title, v.meta, v.children))

	v.list = widget.NewList(
		func() int { return len(v.events) },
		newChronologyRow,
		func(i widget.ListItemID, o fyne.CanvasObject) { fillChronologyRow(o, &v.events[i], v.c) },
	)
	v.detail = widget.NewRichText()
	v.detail.Wrapping = fyne.TextWrapWord
	v.list.OnSelected = func(i widget.ListItemID) {
		if i >= 0 && i < len(v.events) {
			v.detail.ParseMarkdown(eventMarkdown(&v.events[i], v.c))
		}
	}
	columns := chronologyHeader()
	listPane := container.NewBorder(columns, nil, nil, nil, v.list)
	detailPane := container.NewVScroll(container.NewPadded(v.detail))

	v.content.Objects = []fyne.CanvasObject{container.NewBorder(
		container.NewVBox(container.NewPadded(header), widget.NewSeparator()), nil, nil, nil,
		container.NewPadded(v.readOnlyTabs(listPane, detailPane)))}
	v.content.Refresh()
}

// Column widths of the chronology, shared by the header and every row.
const (
	colDate   = 150
	colKind   = 270
	colStatus = 150
)

func chronologyHeader() fyne.CanvasObject {
	bold := fyne.TextStyle{Bold: true}
	return container.New(&rowLayout{},
		widget.NewLabelWithStyle("Date", fyne.TextAlignLeading, bold),
		widget.NewLabelWithStyle("What happened", fyne.TextAlignLeading, bold),
		widget.NewLabelWithStyle("Detail", fyne.TextAlignLeading, bold),
		widget.NewLabelWithStyle("Status", fyne.TextAlignLeading, bold))
}

func newChronologyRow() fyne.CanvasObject {
	date := widget.NewLabel("")
	kind := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	kind.Truncation = fyne.TextTruncateEllipsis
	detail := widget.NewLabel("")
	detail.Truncation = fyne.TextTruncateEllipsis
	status := widget.NewLabel("")
	return container.New(&rowLayout{}, date, kind, detail, status)
}

func fillChronologyRow(o fyne.CanvasObject, e *casefile.Event, c *casefile.Case) {
	cells := o.(*fyne.Container).Objects
	cells[0].(*widget.Label).SetText(shortDate(e))
	cells[1].(*widget.Label).SetText(e.Kind.Label())
	detail := kit.OneLine(eventSummary(e, c))
	if own := ownWords(e.ID); own != "" {
		// A case file exported from a copy added from a pack holds the
		// receiver's events too; the status column is too narrow to say so.
		detail = own + " event · " + detail
	}
	cells[2].(*widget.Label).SetText(detail)
	cells[3].(*widget.Label).SetText(factStatusWords(e.Status))
}

// rowLayout lays out the four chronology columns: fixed date, kind and status
// columns, with the detail taking the rest.
type rowLayout struct{}

func (l *rowLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	h := size.Height
	x := float32(0)
	detailW := size.Width - colDate - colKind - colStatus
	if detailW < 60 {
		detailW = 60
	}
	for i, w := range []float32{colDate, colKind, detailW, colStatus} {
		objs[i].Move(fyne.NewPos(x, 0))
		objs[i].Resize(fyne.NewSize(w, h))
		x += w
	}
}

func (l *rowLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	h := float32(0)
	for _, o := range objs {
		h = max(h, o.MinSize().Height)
	}
	return fyne.NewSize(colDate+colKind+colStatus+60, h)
}

func shortDate(e *casefile.Event) string {
	s := e.Date.Time().Format("2 Jan 2006")
	if !e.Time.IsZero() {
		s += " " + e.Time.String()
	}
	if e.Approx() {
		s = "about " + s
	}
	return s
}

func childrenLine(children []casefile.Child) string {
	if len(children) == 0 {
		return "Children: none recorded"
	}
	parts := make([]string, 0, len(children))
	for _, ch := range children {
		p := ch.Name
		if p == "" {
			p = ch.ID
		}
		var extra []string
		if !ch.Born.IsZero() {
			extra = append(extra, "born "+ch.Born.Long())
		}
		if m := mobilityWords(ch.Mobility); m != "" {
			extra = append(extra, m)
		}
		if len(extra) > 0 {
			p += " (" + strings.Join(extra, ", ") + ")"
		}
		parts = append(parts, p)
	}
	label := "Child: "
	if len(children) > 1 {
		label = "Children: "
	}
	return label + strings.Join(parts, "; ")
}

func mobilityWords(m casefile.Mobility) string {
	switch m {
	case casefile.MobilityPreMobile:
		return "not yet moving on their own"
	case casefile.MobilityRolling:
		return "rolling"
	case casefile.MobilityMobile:
		return "crawling or walking"
	}
	return ""
}

func factStatusWords(s casefile.FactStatus) string {
	switch s {
	case casefile.FactDisputed:
		return "Disputed"
	case casefile.FactLARecord:
		return "Council's record"
	}
	return "Not disputed"
}

// eventMarkdown is everything recorded about one event, for the detail pane.
func eventMarkdown(e *casefile.Event, c *casefile.Case) string {
	var b strings.Builder
	info, _ := casefile.LookupKind(e.Kind)
	fmt.Fprintf(&b, "## %s\n\n", md(info.Label))
	when := e.Date.Long()
	if !e.Time.IsZero() {
		when += " at " + e.Time.String()
	}
	if e.Approx() {
		when = "About " + when + " (the exact day is not certain)"
	}
	fmt.Fprintf(&b, "**%s**  ·  %s  ·  %s\n\n", md(when), md(childWords(e.Child, c)), md(factStatusWords(e.Status)))
	fmt.Fprintf(&b, "*%s*\n\n", md(info.Explain))
	if e.Detail != "" {
		fmt.Fprintf(&b, "%s\n\n", md(e.Detail))
	}
	for _, a := range attrWords(e) {
		fmt.Fprintf(&b, "- %s\n", md(a))
	}
	if len(e.Evidence) > 0 {
		fmt.Fprintf(&b, "\n**Evidence:** %s\n", md(strings.Join(e.Evidence, ", ")))
	}
	fmt.Fprintf(&b, "\nEntry id: %s\n", md(e.ID))
	return b.String()
}

func childWords(id string, c *casefile.Case) string {
	if id == "" {
		if len(c.Children) == 1 {
			return childName(&c.Children[0])
		}
		return "All children"
	}
	if ch, ok := c.ChildByID(id); ok {
		return childName(ch)
	}
	return id
}

func childName(ch *casefile.Child) string {
	if ch.Name != "" {
		return ch.Name
	}
	return ch.ID
}

// md escapes text so that RichText shows it literally rather than as Markdown.
func md(s string) string {
	r := strings.NewReplacer(`\`, `\\`, "*", `\*`, "_", `\_`, "#", `\#`, "[", `\[`, "]", `\]`, "`", "\\`", "<", `\<`, ">", `\>`)
	return r.Replace(s)
}

var _ fyne.Layout = (*rowLayout)(nil)
