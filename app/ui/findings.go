package ui

import (
	"fmt"
	"net/url"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/redress-app/redress/app/casework"
	"github.com/redress-app/redress/app/ui/kit"
	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/checks"
)

// findingsView is the Checks tab: what the checks engine found for one case,
// grouped by status, most urgent first, each finding a card with its
// explanation, why it matters, its sources and what to do with it. The cards
// live in one widget.List with a height per row, so a case with thousands of
// findings scrolls as smoothly as one with five.
type findingsView struct {
	cat           *checks.Catalogue
	onUseInLetter func(casefile.Finding)
	onShowEvents  func(casefile.Finding)
	onAddEvent    func()
	openURL       func(*url.URL) error // the browser; tests replace it
	noLetters     bool                 // no letter can be drafted here (a read-only case file)

	content  *fyne.Container // the empty state or the list
	empty    *fyne.Container
	emptyMsg *widget.Label
	list     *widget.List
	watch    *widthWatcher

	rows []findingsRow
	asOf casefile.Date

	// glossaryOpen: the intro shows the words used here; folded at first,
	// so that the findings fill the first screen (issue 15 section 7).
	glossaryOpen bool
}

// newFindingsView makes the Checks tab. onUseInLetter and onShowEvents are
// called with the finding whose button was pressed; onAddEvent, if not nil,
// is offered in the empty state.
func newFindingsView(cat *checks.Catalogue, onUseInLetter, onShowEvents func(casefile.Finding), onAddEvent func()) *findingsView {
	v := &findingsView{cat: cat, onUseInLetter: onUseInLetter, onShowEvents: onShowEvents, onAddEvent: onAddEvent}
	v.openURL = func(u *url.URL) error { return fyne.CurrentApp().OpenURL(u) }
	v.list = widget.NewList(func() int { return len(v.rows) }, v.newRow, v.updateRow)
	v.list.HideSeparators = true
	v.watch = newWidthWatcher(v.list, func() { v.list.Refresh() })
	v.empty = v.emptyState()
	v.content = container.NewStack(v.empty)
	return v
}

func (v *findingsView) emptyState() *fyne.Container {
	heading := widget.NewLabelWithStyle("Checks", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	heading.SizeName = theme.SizeNameSubHeadingText
	v.emptyMsg = widget.NewLabel("")
	v.emptyMsg.Wrapping = fyne.TextWrapWord
	v.emptyMsg.Alignment = fyne.TextAlignCenter
	box := container.NewVBox(heading, v.emptyMsg)
	if v.onAddEvent != nil {
		add := widget.NewButtonWithIcon("Record what the council did…", theme.ContentAddIcon(), v.onAddEvent)
		add.Importance = widget.HighImportance
		box.Add(container.NewCenter(add))
	}
	return container.NewCenter(container.NewGridWrap(fyne.NewSize(520, 200), box))
}

type rowKind int

const (
	rowIntro rowKind = iota
	rowGroup
	rowCard
)

// findingsRow is one row of the list: the introduction, a group's heading or
// a finding's card.
type findingsRow struct {
	kind  rowKind
	text  string // rowGroup: the heading
	note  string // rowGroup: what the group means
	icon  kit.StatusKind
	f     casefile.Finding
	rule  *checks.Rule
	terms []term // rowIntro: the words explained
}

// SetCase shows the findings fds of case c, checked as of asOf. c may be nil
// when no case is open.
func (v *findingsView) SetCase(c *casefile.Case, fds []casefile.Finding, asOf casefile.Date) {
	v.asOf = asOf
	v.rows = v.rows[:0]
	if len(fds) == 0 {
		switch {
		case c == nil:
			v.emptyMsg.SetText("Checks compare what the council did with the steps and time limits in law and guidance. Open a case to see its checks.")
		case len(c.Events) == 0:
			v.emptyMsg.SetText("Checks compare what the council did with the steps and time limits in law and guidance. " +
				"Record what happened, in the order it happened, and the checks appear here by themselves.")
		default:
			v.emptyMsg.SetText(fmt.Sprintf("No rule applies to the %s recorded so far (checked as of %s). "+
				"Checks compare what the council did with the steps and time limits in law and guidance; "+
				"as you record more of what happened, they appear here.", kit.Plural(len(c.Events), "event", "events"), asOf.Long()))
		}
		v.content.Objects = []fyne.CanvasObject{v.empty}
		v.content.Refresh()
		return
	}
	type item struct {
		f     casefile.Finding
		r     *checks.Rule
		k     kit.StatusKind
		group int // in checks.Groups
	}
	items := make([]item, len(fds))
	var text strings.Builder
	for i, f := range fds {
		r, _ := v.cat.Rule(f.Rule)
		items[i] = item{f, r, kit.KindOf(f, f.Family), checks.GroupOf(f)}
		text.WriteString(f.Title + " " + f.Explanation + " ")
		for _, ct := range f.Citations {
			text.WriteString(legalStatusWords(ct.LegalStatus) + " ")
		}
	}
	sort.SliceStable(items, func(i, j int) bool {
		a, b := items[i].f, items[j].f
		if c := a.TriggerDate.Compare(b.TriggerDate); c != 0 {
			return c < 0
		}
		return a.Due.Before(b.Due)
	})
	v.rows = append(v.rows, findingsRow{kind: rowIntro, terms: termsIn(text.String())})
	var counts []string
	for gi, g := range checks.Groups {
		n := len(v.rows)
		for _, it := range items {
			if it.group == gi {
				v.rows = append(v.rows, findingsRow{kind: rowCard, f: it.f, rule: it.r, icon: it.k})
			}
		}
		if k := len(v.rows) - n; k > 0 {
			counts = append(counts, kit.Plural(k, g.One, g.Many))
			head := findingsRow{kind: rowGroup, text: fmt.Sprintf("%s (%d)", g.Title, k), note: g.Note, icon: kit.StatusKind(g.Look)}
			v.rows = append(v.rows[:n], append([]findingsRow{head}, v.rows[n:]...)...)
		}
	}
	v.rows[0].text = strings.Join(counts, ", ")
	v.content.Objects = []fyne.CanvasObject{v.watch}
	v.content.Refresh()
	v.list.UnselectAll()
	v.list.Refresh()
	v.list.ScrollToTop()
}

// Reveal scrolls to the card of the finding for rule and trigger, if shown.
func (v *findingsView) Reveal(rule, trigger string) bool {
	for i, r := range v.rows {
		if r.kind == rowCard && r.f.Rule == rule && r.f.Trigger == trigger {
			v.list.ScrollTo(i)
			return true
		}
	}
	return false
}

// findingCard is one reusable list row. It shows whichever of the three row
// kinds it is given; the others are hidden.
type findingCard struct {
	widget.BaseWidget
	root *fyne.Container

	intro   *widget.RichText
	introBg *canvas.Rectangle

	group     *fyne.Container
	groupIcon *widget.Icon
	groupHead *widget.Label
	groupNote *widget.Label

	card       *fyne.Container
	bg         *canvas.Rectangle
	strip      *canvas.Rectangle
	icon       *widget.Icon
	title      *widget.Label
	status     *widget.RichText
	body       *widget.RichText
	useLetter  *widget.Button
	showEvents *widget.Button
	buttons    *fyne.Container

	f casefile.Finding
}

func (v *findingsView) newRow() fyne.CanvasObject {
	c := &findingCard{}
	c.intro = widget.NewRichText()
	c.intro.Wrapping = fyne.TextWrapWord

	c.groupIcon = widget.NewIcon(nil)
	c.groupHead = widget.NewLabel("")
	c.groupHead.TextStyle.Bold = true
	c.groupHead.SizeName = theme.SizeNameSubHeadingText
	c.groupNote = widget.NewLabel("")
	c.groupNote.Wrapping = fyne.TextWrapWord
	c.group = container.NewVBox(container.NewHBox(c.groupIcon, c.groupHead), c.groupNote)

	c.bg = canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground))
	c.bg.CornerRadius = 6
	c.bg.StrokeWidth = 1
	c.strip = canvas.NewRectangle(theme.Color(theme.ColorNameError))
	c.strip.SetMinSize(fyne.NewSize(5, 5))
	c.strip.CornerRadius = 2
	c.icon = widget.NewIcon(nil)
	c.title = widget.NewLabel("")
	c.title.TextStyle.Bold = true
	c.title.Wrapping = fyne.TextWrapWord
	c.status = widget.NewRichText()
	c.status.Wrapping = fyne.TextWrapWord
	c.body = widget.NewRichText()
	c.body.Wrapping = fyne.TextWrapWord
	c.useLetter = widget.NewButtonWithIcon("Use in a letter", theme.MailComposeIcon(), func() {
		if v.onUseInLetter != nil {
			v.onUseInLetter(c.f)
		}
	})
	c.showEvents = widget.NewButtonWithIcon("Show the events", theme.ListIcon(), func() {
		if v.onShowEvents != nil {
			v.onShowEvents(c.f)
		}
	})
	head := container.NewBorder(nil, nil, container.NewVBox(c.icon), nil, c.title)
	c.buttons = container.NewHBox(c.useLetter, c.showEvents)
	inner := container.NewVBox(head, c.status, c.body, c.buttons)
	c.card = container.NewStack(c.bg, container.NewBorder(nil, nil, c.strip, nil, container.NewPadded(inner)))

	c.introBg = canvas.NewRectangle(theme.Color(theme.ColorNameHover))
	c.introBg.CornerRadius = 6
	intro := container.New(&insetLayout{inset: 4}, container.NewStack(c.introBg, container.NewPadded(c.intro)))
	c.root = container.New(&readableLayout{}, container.NewPadded(intro), container.NewPadded(c.group), container.New(&insetLayout{inset: 4}, c.card))
	c.ExtendBaseWidget(c)
	return c
}

// CreateRenderer is part of fyne.Widget.
func (c *findingCard) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(c.root) }

func (v *findingsView) updateRow(i widget.ListItemID, o fyne.CanvasObject) {
	c, ok := o.(*findingCard)
	if !ok || i < 0 || i >= len(v.rows) {
		return
	}
	row := &v.rows[i]
	parts := c.root.Objects
	for j, p := range parts {
		if rowKind(j) == row.kind {
			p.Show()
		} else {
			p.Hide()
		}
	}
	switch row.kind {
	case rowIntro:
		c.introBg.FillColor = v.list.Theme().Color(theme.ColorNameHover, fyne.CurrentApp().Settings().ThemeVariant())
		c.introBg.Refresh()
		c.intro.Segments = introSegments(row, v.asOf, v.glossaryOpen, v.toggleGlossary)
		c.intro.Refresh()
	case rowGroup:
		c.groupIcon.SetResource(row.icon.Look().Icon)
		c.groupHead.SetText(row.text)
		c.groupNote.SetText(row.note)
	case rowCard:
		c.f = row.f
		th := v.list.Theme()
		variant := fyne.CurrentApp().Settings().ThemeVariant()
		look := row.icon.Look()
		c.bg.FillColor = th.Color(theme.ColorNameInputBackground, variant)
		c.bg.StrokeColor = th.Color(theme.ColorNameSeparator, variant)
		c.bg.Refresh()
		c.strip.FillColor = th.Color(look.Colour, variant)
		c.strip.Refresh()
		c.icon.SetResource(look.Icon)
		c.title.SetText(row.f.Title)
		c.status.Segments = statusSegments(row.icon, kit.TimeWords(row.f, row.rule, v.cat.Calendar, v.asOf))
		c.status.Refresh()
		c.body.Segments = v.cardSegments(row)
		c.body.Refresh()
		c.useLetter.Enable()
		if v.noLetters { // a read-only case file: no letters
			c.useLetter.Hide()
		}
		if row.f.Status == casefile.StatusMet {
			// A step taken in time is rarely a letter's point, but an
			// advocate may still want it in a chronology, so it stays.
			c.useLetter.Importance = widget.LowImportance
		} else {
			c.useLetter.Importance = widget.MediumImportance
		}
		c.useLetter.Refresh()
	}
	// A reused row may keep its size while what is in it changes shape, and
	// containers lay themselves out again only when their size changes.
	relayout(c.root)
	v.fitHeight(i, o)
}

// relayout lays out c and every container in it at their current sizes.
func relayout(c *fyne.Container) {
	if c.Layout != nil {
		c.Layout.Layout(c.Objects, c.Size())
	}
	for _, o := range c.Objects {
		if cc, ok := o.(*fyne.Container); ok && cc.Visible() {
			relayout(cc)
		}
	}
}

// fitHeight tells the list the height row i needs at the list's width: the
// rows wrap their text, so the height depends on the width.
func (v *findingsView) fitHeight(i widget.ListItemID, o fyne.CanvasObject) {
	w := v.list.Size().Width
	if w <= 0 {
		return
	}
	if o.Size().Width != w {
		o.Resize(fyne.NewSize(w, max(o.Size().Height, 1)))
	}
	v.list.SetItemHeight(i, o.MinSize().Height)
}

// toggleGlossary opens or folds the words used here.
func (v *findingsView) toggleGlossary() {
	v.glossaryOpen = !v.glossaryOpen
	v.list.Refresh()
}

// introSegments is the Checks tab's first row: what Redress compared, and
// the words used here, folded behind a link unless open.
func introSegments(row *findingsRow, asOf casefile.Date, open bool, toggle func()) []widget.RichTextSegment {
	segs := []widget.RichTextSegment{
		&widget.TextSegment{Style: widget.RichTextStyleParagraph, Text: fmt.Sprintf(
			"Redress compared what is recorded with the steps and time limits in law and guidance, as of %s: %s. "+
				"Most urgent first. This is not legal advice; where the record is thin, it says so.",
			asOf.Long(), row.text)},
	}
	if len(row.terms) > 0 && !open {
		segs = append(segs, &widget.HyperlinkSegment{Text: fmt.Sprintf("Show what the words used here mean (%d)", len(row.terms)), OnTapped: toggle})
	}
	if len(row.terms) > 0 && open {
		segs = append(segs, &widget.HyperlinkSegment{Text: "Hide the words used here", OnTapped: toggle},
			&widget.TextSegment{Style: widget.RichTextStyleParagraph},
			&widget.TextSegment{Style: widget.RichTextStyleStrong, Text: "Words used here"},
			&widget.TextSegment{Style: widget.RichTextStyleParagraph})
		for _, t := range row.terms {
			segs = append(segs,
				&widget.TextSegment{Style: widget.RichTextStyleStrong, Text: t.word},
				&widget.TextSegment{Style: widget.RichTextStyleParagraph, Text: ": " + t.meaning})
		}
	}
	return segs
}

// cardSegments is a card's body: what happened, what to record (when the
// record is thin), why it matters, and the sources with links.
func (v *findingsView) cardSegments(row *findingsRow) []widget.RichTextSegment {
	what, why := splitWhy(row.f.Explanation)
	var record []string
	if row.f.Status == casefile.StatusNeedsInfo {
		what, record = splitRecord(what)
	}
	var segs []widget.RichTextSegment
	if own := casework.OwnEventWords(row.f); own != "" {
		// First, so that the receiver of a pack never reads a finding
		// of theirs as one of the family's record.
		// In italics, as the card's other asides; the empty paragraph
		// ends the line (a block in italics would be drawn as a quote).
		segs = append(segs, &widget.TextSegment{Style: widget.RichTextStyleEmphasis, Text: own},
			&widget.TextSegment{Style: widget.RichTextStyleParagraph})
	}
	segs = append(segs, &widget.TextSegment{Style: widget.RichTextStyleParagraph, Text: what})
	if len(record) > 0 {
		segs = append(segs,
			&widget.TextSegment{Style: widget.RichTextStyleStrong, Text: "What to record: "},
			&widget.TextSegment{Style: widget.RichTextStyleParagraph, Text: strings.Join(record, " ")})
	}
	if why != "" {
		segs = append(segs,
			&widget.TextSegment{Style: widget.RichTextStyleEmphasis, Text: "Why it matters: "},
			&widget.TextSegment{Style: widget.RichTextStyleParagraph, Text: why})
	}
	for i, ct := range row.f.Citations {
		label := "Source: "
		if i > 0 {
			label = "Also: "
		}
		segs = append(segs,
			&widget.TextSegment{Style: widget.RichTextStyleEmphasis, Text: label},
			&widget.TextSegment{Style: widget.RichTextStyleParagraph, Text: citationWords(ct)})
		if u, err := url.Parse(ct.URL); err == nil && ct.URL != "" && (u.Scheme == "https" || u.Scheme == "http") {
			segs = append(segs, &widget.HyperlinkSegment{Text: "Open it on " + strings.TrimPrefix(u.Hostname(), "www."), URL: u,
				OnTapped: func() { _ = v.openURL(u) }},
				&widget.TextSegment{Style: widget.RichTextStyleParagraph})
		}
	}
	return segs
}

// statusSegments is a status line: the status word in bold, then the time.
func statusSegments(k kit.StatusKind, when string) []widget.RichTextSegment {
	segs := []widget.RichTextSegment{&widget.TextSegment{Style: widget.RichTextStyleStrong, Text: k.Look().Word}}
	if when != "" {
		segs = append(segs, &widget.TextSegment{Style: widget.RichTextStyleInline, Text: " · " + when})
	}
	return segs
}

// splitWhy splits an explanation at "Why it matters: ".
func splitWhy(s string) (what, why string) {
	const mark = "Why it matters: "
	if i := strings.LastIndex(s, mark); i >= 0 {
		return strings.TrimSpace(s[:i]), strings.TrimSpace(s[i+len(mark):])
	}
	return s, ""
}

// splitRecord moves the sentences that ask the family to record something out
// of an explanation, so a card can show them under "What to record". Every
// word stays: the sentences are moved, not dropped.
func splitRecord(s string) (rest string, record []string) {
	var keep []string
	for _, sent := range sentences(s) {
		if strings.HasPrefix(sent, "Record ") {
			record = append(record, sent)
		} else {
			keep = append(keep, sent)
		}
	}
	return strings.Join(keep, " "), record
}

// sentences splits text after ". " where a capital letter follows.
func sentences(s string) []string {
	var out []string
	start := 0
	for i := 0; i+2 < len(s); i++ {
		if s[i] == '.' && s[i+1] == ' ' && s[i+2] >= 'A' && s[i+2] <= 'Z' {
			out = append(out, strings.TrimSpace(s[start:i+1]))
			start = i + 2
		}
	}
	if t := strings.TrimSpace(s[start:]); t != "" {
		out = append(out, t)
	}
	return out
}

// citationWords is a citation for a reader: the source, where in it, and its
// legal status and how far it has been checked, in words.
func citationWords(ct casefile.Citation) string {
	s := ct.Source
	if ct.Where != "" {
		s += ", " + ct.Where
	}
	return fmt.Sprintf("%s (%s; %s).", s, legalStatusWords(ct.LegalStatus), verificationWords(ct.Verification))
}

func legalStatusWords(s string) string {
	switch s {
	case "regulation":
		return "regulations"
	case "rules-of-court":
		return "court rules"
	}
	return strings.ReplaceAll(s, "-", " ")
}

func verificationWords(s string) string {
	switch s {
	case "verified-primary":
		return "checked against the official text"
	case "verified-secondary":
		return "checked against a secondary source"
	case "seed":
		return "not yet checked"
	case "unverified":
		return "not verified"
	}
	return strings.ReplaceAll(s, "-", " ")
}

// term is a legal word explained for a parent.
type term struct {
	word, meaning string
	find          []string // lower-case phrases that show the word is used
}

// terms are explained the first time they appear on a screen (UI.md "Words").
var terms = []term{
	{"Section 47 enquiries", "the council's formal investigation when it suspects a child is suffering, or likely to suffer, significant harm (section 47 of the Children Act 1989).",
		[]string{"section 47"}},
	{"Strategy discussion", "a meeting or call in which children's services, the police and health decide whether to start section 47 enquiries.",
		[]string{"strategy discussion"}},
	{"Initial child protection conference", "the first meeting of the family and professionals to decide whether the child needs a child protection plan.",
		[]string{"child protection conference"}},
	{"Core group", "the professionals and family members who carry out a child protection plan between conferences.",
		[]string{"core group"}},
	{"Working days", "every day except Saturdays, Sundays and bank holidays in England and Wales.",
		[]string{"working day"}},
	{"Statutory guidance", "guidance issued by law: the council must follow it unless it has a good reason not to.",
		[]string{"statutory guidance"}},
	{"Section 20", "the council looking after a child with the parents' agreement (section 20 of the Children Act 1989).",
		[]string{"section 20"}},
	{"Emergency protection order", "a court order that lets the council remove a child, or keep them somewhere safe, for up to 8 days.",
		[]string{"emergency protection order"}},
	{"Police protection", "the police's emergency power to remove a child, or keep them somewhere safe, for up to 72 hours.",
		[]string{"police protection"}},
	{"Subject access request", "a request for a copy of the personal information the council holds about you.",
		[]string{"subject access"}},
	{"Judicial review", "a claim asking the High Court to decide whether a public body acted lawfully.",
		[]string{"judicial review"}},
	{"The Ombudsman", "the Local Government and Social Care Ombudsman, who looks into complaints about councils, normally once the council's own complaints process has finished.",
		[]string{"ombudsman"}},
}

// termsIn returns the terms used in text, in the order of terms.
func termsIn(text string) []term {
	low := strings.ToLower(text)
	var out []term
	for _, t := range terms {
		for _, f := range t.find {
			if strings.Contains(low, f) {
				out = append(out, t)
				break
			}
		}
	}
	return out
}

// widthWatcher holds one object and calls changed when its width changes, so
// rows whose height depends on the width can be measured again.
type widthWatcher struct {
	widget.BaseWidget
	child   fyne.CanvasObject
	changed func()
	width   float32
}

func newWidthWatcher(child fyne.CanvasObject, changed func()) *widthWatcher {
	w := &widthWatcher{child: child, changed: changed}
	w.ExtendBaseWidget(w)
	return w
}

func (w *widthWatcher) CreateRenderer() fyne.WidgetRenderer {
	return &widthWatcherRenderer{w: w}
}

type widthWatcherRenderer struct{ w *widthWatcher }

func (r *widthWatcherRenderer) Layout(s fyne.Size) {
	r.w.child.Resize(s)
	if s.Width != r.w.width {
		first := r.w.width == 0
		r.w.width = s.Width
		if !first && r.w.changed != nil {
			r.w.changed()
		}
	}
}
func (r *widthWatcherRenderer) MinSize() fyne.Size           { return r.w.child.MinSize() }
func (r *widthWatcherRenderer) Refresh()                     { r.w.child.Refresh() }
func (r *widthWatcherRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.w.child} }
func (r *widthWatcherRenderer) Destroy()                     {}

// insetLayout gives its objects the whole space less inset on every side.
type insetLayout struct{ inset float32 }

func (l *insetLayout) Layout(objs []fyne.CanvasObject, s fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(l.inset, l.inset))
		o.Resize(s.SubtractWidthHeight(2*l.inset, 2*l.inset))
	}
}

func (l *insetLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var m fyne.Size
	for _, o := range objs {
		if o.Visible() {
			m = m.Max(o.MinSize())
		}
	}
	return m.AddWidthHeight(2*l.inset, 2*l.inset)
}

var _ fyne.Layout = (*insetLayout)(nil)
