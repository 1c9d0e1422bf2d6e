package ui

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/store"
)

//go:embed councils.txt
var councilsText string

// council is one council with children's services.
type council struct{ common, name string }

// councils is the embedded list (councils.txt says where it comes from).
var councils = func() []council {
	var out []council
	for _, line := range strings.Split(councilsText, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		common, name, _ := strings.Cut(line, "|")
		out = append(out, council{common, name})
	}
	return out
}()

// matchCouncils returns the councils whose names contain every word typed.
func matchCouncils(q string) []council {
	words := strings.Fields(strings.ToLower(q))
	var out []council
	for _, c := range councils {
		hay := strings.ToLower(c.common + " " + c.name)
		ok := true
		for _, w := range words {
			if !strings.Contains(hay, w) {
				ok = false
				break
			}
		}
		if ok {
			out = append(out, c)
		}
	}
	return out
}

// councilPicker is the council: type to find it in the list, or type its
// name if it is not there.
type councilPicker struct {
	entry   *field
	list    *widget.List
	matches []council
	content fyne.CanvasObject
}

func newCouncilPicker() *councilPicker {
	p := &councilPicker{entry: newField("Start typing, for example Leeds"), matches: councils}
	p.list = widget.NewList(func() int { return len(p.matches) },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if i >= 0 && i < len(p.matches) {
				o.(*widget.Label).SetText(p.matches[i].name)
			}
		})
	p.list.OnSelected = func(i widget.ListItemID) {
		if i >= 0 && i < len(p.matches) {
			name := p.matches[i].name
			p.list.UnselectAll()
			p.entry.SetText(name)
		}
	}
	p.entry.OnChanged = func(s string) {
		p.matches = matchCouncils(s)
		p.list.Refresh()
		p.list.ScrollToTop()
	}
	hint := small(fmt.Sprintf("The %d councils in England with children's services. Type yours if it is not listed.", len(councils)))
	hint.Truncation = fyne.TextTruncateOff
	hint.Wrapping = fyne.TextWrapWord
	p.content = container.NewVBox(p.entry, container.New(&minHeight{150}, p.list), hint)
	return p
}

func (p *councilPicker) text() string { return strings.TrimSpace(p.entry.Text) }

// mobilityChoices are the words for a baby's mobility, in order.
var mobilityChoices = []struct {
	m     casefile.Mobility
	label string
}{
	{casefile.MobilityPreMobile, "Not moving on their own yet"},
	{casefile.MobilityRolling, "Rolls over"},
	{casefile.MobilityMobile, "Crawls or walks"},
}

// childRow is one child on a case page.
type childRow struct {
	id       string // "" for a new child
	name     *field
	born     *dateField
	mobility *widget.RadioGroup
	orig     casefile.Child
	content  fyne.CanvasObject
}

func newChildRow(today func() casefile.Date, ch casefile.Child, onRemove func(*childRow)) *childRow {
	r := &childRow{id: ch.ID, orig: ch, name: newField("Name or initials"), born: newDateField(today)}
	var labels []string
	for _, c := range mobilityChoices {
		labels = append(labels, c.label)
	}
	r.mobility = widget.NewRadioGroup(labels, nil)
	r.mobility.Horizontal = true
	r.name.SetText(ch.Name)
	r.born.set(ch.Born)
	for _, c := range mobilityChoices {
		if c.m == ch.Mobility {
			r.mobility.SetSelected(c.label)
		}
	}
	remove := widget.NewButtonWithIcon("Remove", theme.DeleteIcon(), func() { onRemove(r) })
	remove.Importance = widget.LowImportance
	r.content = widget.NewCard("", "", container.NewVBox(
		container.NewGridWithColumns(2, formRow("Name or initials", r.name), formRow("Date of birth", r.born.content)),
		formRow("Can the baby roll, crawl or walk yet?", container.NewVBox(r.mobility,
			hint("This matters for a baby. Leave it empty for an older child."))),
		container.NewHBox(layout.NewSpacer(), remove)))
	return r
}

// child reads the row; ok is false when the row is blank.
func (r *childRow) child() (ch casefile.Child, ok bool, err error) {
	born, err := r.born.date()
	if err != nil {
		return ch, false, fmt.Errorf("date of birth: %w", err)
	}
	ch = casefile.Child{ID: r.id, Name: strings.TrimSpace(r.name.Text), Born: born}
	for _, c := range mobilityChoices {
		if c.label == r.mobility.Selected {
			ch.Mobility = c.m
		}
	}
	if ch.Name == "" && ch.Born.IsZero() {
		return ch, false, nil
	}
	if ch.Name == "" {
		return ch, false, errors.New("give each child a name or initials")
	}
	return ch, true, nil
}

func (r *childRow) typed() bool {
	return strings.TrimSpace(r.name.Text) != "" || strings.TrimSpace(r.born.entry.Text) != ""
}

// newCasePage is the first-case flow of UI.md: the council, the children and
// "What happened first?", which becomes the first event.
type newCasePage struct {
	s         *shell
	first     bool
	title     *field
	council   *councilPicker
	children  []*childRow
	childBox  *fyne.Container
	firstDate *dateField
	firstWhat *field
	saveBtn   *widget.Button
	msg       *widget.Label
	content   fyne.CanvasObject
}

// showNewCase shows the new-case page; what was typed on it before stays
// until the case is made.
func (s *shell) showNewCase(first bool) {
	if !first && s.refuseReadOnly("A new case") {
		return
	}
	if s.newCase == nil || s.newCase.first != first {
		s.newCase = newNewCasePage(s, first)
	}
	s.cases.list.UnselectAll()
	s.showPage(s.newCase.content, s.newCase.onSave, s.newCase.typed)
	s.d.win.Canvas().Focus(s.newCase.council.entry)
}

func newNewCasePage(s *shell, first bool) *newCasePage {
	p := &newCasePage{s: s, first: first}
	p.title = newField("For example: Baby A, 2026")
	p.council = newCouncilPicker()
	p.childBox = container.NewVBox()
	p.addChild()
	addChild := widget.NewButtonWithIcon("Add another child", theme.ContentAddIcon(), p.addChild)
	p.firstDate = newDateField(s.d.today)
	p.firstWhat = newField("One sentence, for example: The health visitor saw two small bruises and called the GP")
	p.msg = para("")
	p.msg.Importance = widget.DangerImportance
	p.msg.Hide()
	p.saveBtn = widget.NewButtonWithIcon("Create the case  (Ctrl+S)", theme.ConfirmIcon(), p.onSave)
	p.saveBtn.Importance = widget.HighImportance
	cancel := widget.NewButton("Cancel", p.onCancel)
	head := "New case"
	intro := "A case is one family's dealings with one council. You can change all of this later."
	if first {
		head = "Your first case"
		intro = "Tell Redress a little about what is happening. You can change all of this later, and add more as you go."
	}
	buttons := container.NewHBox(layout.NewSpacer(), p.saveBtn)
	if !first {
		buttons = container.NewHBox(cancel, layout.NewSpacer(), p.saveBtn)
	}
	form := container.NewVBox(
		heading(head), para(intro),
		formRow("Which council is involved?", p.council.content),
		formRow("The children", container.NewVBox(p.childBox, container.NewHBox(addChild))),
		formRow("What happened first?", container.NewVBox(
			hint("The date and one sentence. It becomes the first event of the case."),
			container.NewBorder(nil, nil, container.New(&fixedWidthMin{220}, p.firstDate.content), nil, p.firstWhat))),
		formRow("A name for this case (only you see it)", p.title),
		p.msg, buttons)
	p.content = container.NewVScroll(container.NewPadded(narrow(720, form)))
	return p
}

func (p *newCasePage) addChild() {
	r := newChildRow(p.s.d.today, casefile.Child{}, func(r *childRow) {
		for i, c := range p.children {
			if c == r {
				p.children = append(p.children[:i], p.children[i+1:]...)
			}
		}
		p.childBox.Remove(r.content)
	})
	p.children = append(p.children, r)
	p.childBox.Add(r.content)
}

func (p *newCasePage) typed() bool {
	if p.title.Text != "" || p.council.text() != "" || p.firstWhat.Text != "" {
		return true
	}
	for _, c := range p.children {
		if c.typed() {
			return true
		}
	}
	return false
}

func (p *newCasePage) fail(msg string) {
	p.msg.SetText(msg)
	p.msg.Show()
}

func (p *newCasePage) onCancel() {
	p.s.newCase = nil
	p.s.closePage()
}

func (p *newCasePage) onSave() {
	if p.saveBtn.Disabled() {
		return
	}
	p.msg.Hide()
	var kids []casefile.Child
	for _, r := range p.children {
		ch, ok, err := r.child()
		if err != nil {
			p.fail("One of the children: " + capitalFirst(err.Error()) + ".")
			return
		}
		if ok {
			kids = append(kids, ch)
		}
	}
	date, err := p.firstDate.date()
	if err != nil {
		p.fail("What happened first: " + capitalFirst(err.Error()) + ".")
		return
	}
	what := strings.TrimSpace(p.firstWhat.Text)
	if what != "" && date.IsZero() {
		p.fail("Give the date of what happened first, or leave the sentence empty.")
		return
	}
	if date.After(p.s.d.today()) {
		p.fail("What happened first is dated after today. Check the date.")
		return
	}
	council := p.council.text()
	title := strings.TrimSpace(p.title.Text)
	if title == "" {
		title = defaultCaseTitle(kids, council, p.s.d.today())
	}
	p.saveBtn.Disable()
	var id string
	p.s.writeOr("Creating the case", func(ctx context.Context, v *store.Vault) error {
		info, err := v.CreateCase(ctx, title, council)
		if err != nil {
			return err
		}
		id = info.ID
		for _, ch := range kids {
			if _, err := v.PutChild(ctx, id, ch); err != nil {
				return err
			}
		}
		if !date.IsZero() {
			detail := what
			if detail == "" {
				detail = "What happened first"
			}
			if _, err := v.AddEvent(ctx, id, casefile.Event{Kind: casefile.KindOther, Date: date, Detail: detail}); err != nil {
				return err
			}
		}
		return nil
	}, func() {
		p.s.newCase = nil
		p.s.page, p.s.pageSave, p.s.pageWork = nil, nil, nil
		p.s.openCase(id)
		p.s.showTab(tabOverview)
	}, func() { p.saveBtn.Enable() })
}

// defaultCaseTitle names a case when the person gave no name.
func defaultCaseTitle(kids []casefile.Child, council string, today casefile.Date) string {
	var names []string
	for _, k := range kids {
		names = append(names, k.Name)
	}
	y, _, _ := today.YMD()
	switch {
	case len(names) > 0:
		return strings.Join(names, " and ") + fmt.Sprintf(", %d", y)
	case council != "":
		return council + fmt.Sprintf(", %d", y)
	}
	return fmt.Sprintf("Case started %s", today.Long())
}

func capitalFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// minHeight gives its objects all its space, and asks for at least h.
type minHeight struct{ h float32 }

func (l *minHeight) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Resize(size)
		o.Move(fyne.NewPos(0, 0))
	}
}

func (l *minHeight) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		s = s.Max(o.MinSize())
	}
	return fyne.NewSize(s.Width, max(s.Height, l.h))
}

// fixedWidthMin gives its object at least a width.
type fixedWidthMin struct{ w float32 }

func (l *fixedWidthMin) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Resize(size)
		o.Move(fyne.NewPos(0, 0))
	}
}

func (l *fixedWidthMin) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		s = s.Max(o.MinSize())
	}
	return fyne.NewSize(max(s.Width, l.w), s.Height)
}

// roles are the roles offered for people; any other can be typed.
var roles = []string{"Social worker", "Team manager", "Health visitor", "GP", "Paediatrician", "Midwife",
	"Police officer", "Teacher", "Conference chair", "Independent reviewing officer", "Family member",
	"Friend", "Solicitor", "Advocate", "Other"}

// personRow is one person on the case details page.
type personRow struct {
	id      string
	name    *field
	role    *comboField
	org     *field
	orig    casefile.Person
	content fyne.CanvasObject
}

func newPersonRow(p casefile.Person, onRemove func(*personRow)) *personRow {
	r := &personRow{id: p.ID, orig: p, name: newField("Name"), org: newField("For example: Children's services, the GP surgery")}
	r.role = newComboField(roles, "Choose or type")
	r.name.SetText(p.Name)
	r.role.SetText(p.Role)
	r.org.SetText(p.Organisation)
	remove := widget.NewButtonWithIcon("", theme.DeleteIcon(), func() { onRemove(r) })
	remove.Importance = widget.LowImportance
	r.content = container.NewBorder(nil, nil, nil, remove,
		container.NewGridWithColumns(3, r.name, r.role, r.org))
	return r
}

func (r *personRow) person() (casefile.Person, bool) {
	p := casefile.Person{ID: r.id, Name: strings.TrimSpace(r.name.Text), Role: strings.TrimSpace(r.role.Text),
		Organisation: strings.TrimSpace(r.org.Text)}
	return p, p.Name != ""
}

// detailsPage edits a case's name, council, children and people. Each change
// is an amendment in the case's record.
type detailsPage struct {
	s        *shell
	caseID   string
	orig     *casefile.Case
	title    *field
	council  *councilPicker
	children []*childRow
	childBox *fyne.Container
	people   []*personRow
	gone     []string // IDs of children and people removed: "child:ID" or "person:ID"
	peopleBx *fyne.Container
	stage1   *field // the council's own corporate procedure: stage 1 working days
	stage2   *field
	ltSource *field // where the family found the procedure
	msg      *widget.Label
	saveBtn  *widget.Button
	content  fyne.CanvasObject
}

// showDetails shows the details page of the open case.
func (s *shell) showDetails() {
	if s.refuseReadOnly("Editing the case details") {
		return
	}
	if !s.caseReady() {
		return
	}
	p := newDetailsPage(s, s.cur)
	s.details = p
	s.showPage(p.content, p.onSave, p.changed)
}

func newDetailsPage(s *shell, cs *caseState) *detailsPage {
	p := &detailsPage{s: s, caseID: cs.info.ID, orig: cs.c}
	p.title = newField("")
	p.title.SetText(cs.c.Title)
	p.council = newCouncilPicker()
	p.council.entry.SetText(cs.c.Authority)
	p.childBox = container.NewVBox()
	for _, ch := range cs.c.Children {
		p.addChild(ch)
	}
	p.peopleBx = container.NewVBox()
	for _, pe := range cs.c.People {
		p.addPerson(pe)
	}
	p.stage1, p.stage2 = newField("For example 20"), newField("For example 25")
	p.ltSource = newField("The web address of the procedure, or the leaflet's title")
	if lt := cs.c.LocalTimescales; lt != nil {
		p.stage1.SetText(wdText(lt.Stage1WD))
		p.stage2.SetText(wdText(lt.Stage2WD))
		p.ltSource.SetText(lt.Source)
	}
	addChild := widget.NewButtonWithIcon("Add a child", theme.ContentAddIcon(), func() { p.addChild(casefile.Child{}) })
	addPerson := widget.NewButtonWithIcon("Add a person", theme.ContentAddIcon(), func() { p.addPerson(casefile.Person{}) })
	p.msg = para("")
	p.msg.Importance = widget.DangerImportance
	p.msg.Hide()
	p.saveBtn = widget.NewButtonWithIcon("Save changes  (Ctrl+S)", theme.DocumentSaveIcon(), p.onSave)
	p.saveBtn.Importance = widget.HighImportance
	cancel := widget.NewButton("Back to the case", func() { s.closePage() })
	peopleHead := container.NewGridWithColumns(3, small("Name"), small("Role"), small("Organisation"))
	form := container.NewVBox(
		heading("Case details"),
		para("Changes are recorded as amendments: the earlier details stay in the case's record."),
		formRow("Name of the case", p.title),
		formRow("Council", p.council.content),
		formRow("Children", container.NewVBox(p.childBox, container.NewHBox(addChild))),
		formRow("People involved", container.NewVBox(
			hint("Social workers, managers, health visitors, family: anyone you may mention in your notes."),
			peopleHead, p.peopleBx, container.NewHBox(addPerson))),
		formRow("Council's own complaints timescales", container.NewVBox(
			hint("Complaints about child protection enquiries usually go through the council's own (corporate) complaints procedure. If you have found it published, enter its timescales: Redress checks your complaints against them."),
			container.NewGridWithColumns(2, formRow("Stage 1 reply within (working days)", p.stage1), formRow("Stage 2 reply within (working days)", p.stage2)),
			formRow("Where it is published", p.ltSource))),
		p.msg, container.NewHBox(cancel, layout.NewSpacer(), p.saveBtn))
	p.content = container.NewVScroll(container.NewPadded(narrow(760, form)))
	return p
}

func (p *detailsPage) addChild(ch casefile.Child) {
	r := newChildRow(p.s.d.today, ch, func(r *childRow) {
		if r.id != "" {
			p.gone = append(p.gone, "child:"+r.id)
		}
		for i, c := range p.children {
			if c == r {
				p.children = append(p.children[:i], p.children[i+1:]...)
			}
		}
		p.childBox.Remove(r.content)
	})
	p.children = append(p.children, r)
	p.childBox.Add(r.content)
}

func (p *detailsPage) addPerson(pe casefile.Person) {
	r := newPersonRow(pe, func(r *personRow) {
		if r.id != "" {
			p.gone = append(p.gone, "person:"+r.id)
		}
		for i, c := range p.people {
			if c == r {
				p.people = append(p.people[:i], p.people[i+1:]...)
			}
		}
		p.peopleBx.Remove(r.content)
	})
	p.people = append(p.people, r)
	p.peopleBx.Add(r.content)
}

// wdText is a number of working days for a field, "" for none.
func wdText(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

// localTimescales reads the council's own timescales from the form: nil when
// all three fields are empty.
func (p *detailsPage) localTimescales() (*casefile.LocalTimescales, error) {
	s1, s2, src := strings.TrimSpace(p.stage1.Text), strings.TrimSpace(p.stage2.Text), strings.TrimSpace(p.ltSource.Text)
	if s1 == "" && s2 == "" && src == "" {
		return nil, nil
	}
	lt := &casefile.LocalTimescales{Source: src}
	for _, f := range []struct {
		text string
		n    *int
		name string
	}{{s1, &lt.Stage1WD, "stage 1"}, {s2, &lt.Stage2WD, "stage 2"}} {
		if f.text == "" {
			continue
		}
		n, err := strconv.Atoi(f.text)
		if err != nil || n < 1 || n > 200 {
			return nil, problem("The council's timescale for " + f.name + " should be a number of working days, such as 20.")
		}
		*f.n = n
	}
	if lt.Stage1WD == 0 && lt.Stage2WD == 0 {
		return nil, problem("Give the council's timescale for stage 1, stage 2 or both, in working days.")
	}
	if src == "" {
		return nil, problem("Say where the council's complaints procedure is published (its web address or the leaflet's title), so a letter can cite it.")
	}
	return lt, nil
}

// localChanged reports whether the form's local timescales differ from the case's.
func (p *detailsPage) localChanged() bool {
	lt, err := p.localTimescales()
	if err != nil {
		return true
	}
	o := p.orig.LocalTimescales
	return (lt == nil) != (o == nil) || (lt != nil && *lt != *o)
}

func (p *detailsPage) changed() bool {
	if strings.TrimSpace(p.title.Text) != p.orig.Title || p.council.text() != p.orig.Authority || len(p.gone) > 0 || p.localChanged() {
		return true
	}
	for _, r := range p.children {
		ch, ok, err := r.child()
		if err != nil || (ok && ch != r.orig) || (!ok && r.id != "") {
			return true
		}
	}
	for _, r := range p.people {
		pe, ok := r.person()
		if (ok && pe != r.orig) || (!ok && r.id != "") {
			return true
		}
	}
	return false
}

func (p *detailsPage) onSave() {
	p.msg.Hide()
	title := strings.TrimSpace(p.title.Text)
	if title == "" {
		p.msg.SetText("Give the case a name.")
		p.msg.Show()
		return
	}
	var kids []casefile.Child
	for _, r := range p.children {
		ch, ok, err := r.child()
		if err != nil {
			p.msg.SetText("One of the children: " + capitalFirst(err.Error()) + ".")
			p.msg.Show()
			return
		}
		if ok && ch != r.orig {
			kids = append(kids, ch)
		}
	}
	var people []casefile.Person
	for _, r := range p.people {
		if pe, ok := r.person(); ok && pe != r.orig {
			people = append(people, pe)
		}
	}
	lt, err := p.localTimescales()
	if err != nil {
		p.msg.SetText(err.Error())
		p.msg.Show()
		return
	}
	localChanged := p.localChanged()
	council, gone, id, orig := p.council.text(), p.gone, p.caseID, p.orig
	p.s.write("Saving the case details", func(ctx context.Context, v *store.Vault) error {
		if title != orig.Title || council != orig.Authority {
			if err := v.UpdateCase(ctx, id, title, council); err != nil {
				return err
			}
		}
		if localChanged {
			if err := v.SetLocalTimescales(ctx, id, lt); err != nil {
				return err
			}
		}
		if localChanged {
			if err := v.SetLocalTimescales(ctx, id, lt); err != nil {
				return err
			}
		}
		for _, ch := range kids {
			if _, err := v.PutChild(ctx, id, ch); err != nil {
				return err
			}
		}
		for _, pe := range people {
			if _, err := v.PutPerson(ctx, id, pe); err != nil {
				return err
			}
		}
		for _, g := range gone {
			typ, oid, _ := strings.Cut(g, ":")
			if err := v.Archive(ctx, id, typ, oid); err != nil {
				return err
			}
		}
		return nil
	}, func() { p.s.closePage() })
}
