package ui

import (
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/redress-app/redress/casefile"
)

// enumWords gives the plain words for each enum attribute's values, from the
// attribute specs in casefile (which forms and summaries share).
var enumWords = func() map[string]map[string]string {
	out := map[string]map[string]string{}
	for _, k := range casefile.Kinds() {
		for _, spec := range k.Attrs {
			if spec.Type != casefile.AttrEnum && spec.Type != casefile.AttrList {
				continue
			}
			m := map[string]string{}
			for _, v := range spec.Values {
				m[v] = spec.ValueLabel(v)
			}
			out[spec.Name] = m
		}
	}
	return out
}()

// problem is something missing or wrong in a form, said as a sentence for
// the person filling it in.
type problem string

func (p problem) Error() string { return string(p) }

const (
	wordYes         = "Yes"
	wordNo          = "No"
	wordNotRecorded = "Not recorded"
	wordAllChildren = "All the children"
)

// factStatuses are the fact statuses, in the order offered.
var factStatuses = []struct {
	s     casefile.FactStatus
	label string
}{
	{casefile.FactUndisputed, "Not disputed"},
	{casefile.FactDisputed, "Disputed"},
	{casefile.FactLARecord, "The council's record"},
}

func factStatusLabel(s casefile.FactStatus) string {
	for _, f := range factStatuses {
		if f.s == s {
			return f.label
		}
	}
	return factStatuses[0].label
}

// eventDraft is an event being recorded or amended, kept in memory only.
type eventDraft struct {
	amending string
	base     *casefile.Event
	kind     casefile.Kind
	date     string
	clock    string
	approx   bool
	child    string
	detail   string
	attrs    map[string]string // attribute name -> the words chosen or typed
	status   casefile.FactStatus
	evidence []string
}

func (d *eventDraft) amends() string { return d.amending }

func (d *eventDraft) hasWriting() bool {
	if d == nil {
		return false
	}
	if d.base != nil {
		e, err := d.event(casefile.Date{})
		return err != nil || !eventsEqual(e, *d.base)
	}
	return strings.TrimSpace(d.detail) != "" || strings.TrimSpace(d.date) != "" || len(d.evidence) > 0 || len(d.attrs) > 0
}

func eventsEqual(a, b casefile.Event) bool {
	if a.Kind != b.Kind || a.Date != b.Date || a.Time != b.Time || a.Approx() != b.Approx() || a.Detail != b.Detail ||
		a.Child != b.Child || !slices.Equal(a.Evidence, b.Evidence) || statusOf(a) != statusOf(b) {
		return false
	}
	info, _ := casefile.LookupKind(a.Kind)
	for _, spec := range info.Attrs {
		if attrValue(a.Attrs, spec) != attrValue(b.Attrs, spec) {
			return false
		}
	}
	return true
}

// attrValue is an attribute's canonical value with a true default filled in,
// so that "complete" left out and "complete": true compare equal.
func attrValue(a casefile.Attrs, spec casefile.AttrSpec) string {
	v := a.Value(spec.Name)
	if v == "" && spec.DefaultTrue {
		return "true"
	}
	return v
}

func statusOf(e casefile.Event) casefile.FactStatus {
	if e.Status == "" {
		return casefile.FactUndisputed
	}
	return e.Status
}

// event builds the event the draft describes. today is for "today" and
// "yesterday"; the zero Date reads them as unknown.
func (d *eventDraft) event(today casefile.Date) (casefile.Event, error) {
	info, ok := casefile.LookupKind(d.kind)
	if !ok {
		return casefile.Event{}, problem("Choose what happened first.")
	}
	date, err := parseDay(d.date, today)
	if err != nil {
		return casefile.Event{}, problem("The date: " + err.Error() + ".")
	}
	if date.IsZero() {
		return casefile.Event{}, problem("Give the date it happened. If you do not know the day, give your best guess and tick “The date is approximate”.")
	}
	clock, err := parseTimeOfDay(d.clock)
	if err != nil {
		return casefile.Event{}, problem("The time: " + err.Error() + ".")
	}
	e := casefile.Event{ID: d.amending, Kind: d.kind, Date: date, Time: clock, Detail: strings.TrimSpace(d.detail),
		Child: d.child, Evidence: slices.Clone(d.evidence), Status: d.status}
	if d.approx {
		e.Certainty = casefile.CertaintyApprox
	}
	if e.Status == casefile.FactUndisputed {
		e.Status = ""
	}
	for _, spec := range info.Attrs {
		v := strings.TrimSpace(d.attrs[spec.Name])
		if err := setAttr(&e.Attrs, spec, v, today); err != nil {
			return casefile.Event{}, err
		}
	}
	return e, nil
}

// setAttr sets one attribute from the words chosen in the form: Yes or No,
// an enum's plain words, a stage number, a date as people type it, or a
// list's values joined by commas. today is for "today" in a date.
func setAttr(a *casefile.Attrs, spec casefile.AttrSpec, v string, today casefile.Date) error {
	if v == wordNotRecorded {
		v = ""
	}
	switch spec.Type {
	case casefile.AttrBool:
		switch {
		case v == wordYes && spec.DefaultTrue:
			v = "" // the default: nothing to record
		case v == wordYes:
			v = "true"
		case v == wordNo:
			v = "false"
		default:
			v = ""
		}
	case casefile.AttrStage:
		n, _ := strconv.Atoi(v)
		if n < 1 || n > 3 {
			if spec.Required {
				return problem("Choose the stage of the complaint: 1, 2 or 3.")
			}
			v = ""
		}
	case casefile.AttrDate:
		d, err := parseDay(v, today)
		if err != nil {
			return problem(spec.Label + ": " + err.Error() + ".")
		}
		v = ""
		if !d.IsZero() {
			v = d.String()
		}
	}
	if err := a.SetValue(spec, v); err != nil {
		return problem(spec.Label + ": that is not one of the choices.")
	}
	return nil
}

// attrText says an event's attribute in the form's words.
func attrText(a casefile.Attrs, spec casefile.AttrSpec) string {
	v := a.Value(spec.Name)
	switch spec.Type {
	case casefile.AttrBool:
		switch {
		case v == "true" || (v == "" && spec.DefaultTrue):
			return wordYes
		case v == "false":
			return wordNo
		}
		return wordNotRecorded
	case casefile.AttrEnum:
		if v == "" {
			if spec.Default != "" {
				return spec.ValueLabel(spec.Default)
			}
			return wordNotRecorded
		}
		return spec.ValueLabel(v)
	case casefile.AttrDate:
		if d, err := casefile.ParseDate(v); err == nil {
			return d.Long()
		}
	}
	return v
}

func draftOfEvent(e casefile.Event) *eventDraft {
	d := &eventDraft{amending: e.ID, base: &e, kind: e.Kind, date: e.Date.Long(), clock: e.Time.String(), approx: e.Approx(),
		child: e.Child, detail: e.Detail, status: statusOf(e), evidence: slices.Clone(e.Evidence), attrs: map[string]string{}}
	info, _ := casefile.LookupKind(e.Kind)
	for _, spec := range info.Attrs {
		if v := attrText(e.Attrs, spec); v != "" && v != wordNotRecorded {
			d.attrs[spec.Name] = v
		}
	}
	return d
}

// kindItem is a row of the kind picker: an area's heading or a kind.
type kindItem struct {
	area string
	info casefile.KindInfo
}

// eventForm is the form an event is recorded in: the kind (grouped, each
// with a line saying what it is), then the date, the child, the kind's
// details, what happened, whether it is disputed, and the evidence.
type eventForm struct {
	formControls
	t        *eventsTab
	c        *casefile.Case
	kind     casefile.Kind
	picker   *widget.List
	find     *field
	items    []kindItem
	chosen   *widget.Label
	explain  *widget.Label
	date     *dateField
	at       *field
	approx   *widget.Check
	child    *widget.Select
	childRow fyne.CanvasObject
	attrs    *fyne.Container
	attrGet  map[string]func() string
	detail   *field
	status   *widget.RadioGroup
	evidence []string
	evBox    *fyne.Container
	pickPage fyne.CanvasObject
	formPage fyne.CanvasObject
	body     *fyne.Container
	content  fyne.CanvasObject
}

func newEventForm(t *eventsTab) *eventForm {
	f := &eventForm{t: t, attrGet: map[string]func() string{}}
	f.formControls = newFormControls("event", "Record what happened", "Amending an event", t.onSave, t.onDiscard)
	f.find = newField("Type to find, for example conference")
	f.find.OnChanged = func(string) { f.filterKinds() }
	f.picker = widget.NewList(func() int { return len(f.items) }, newKindRow, f.fillKindRow)
	f.picker.OnSelected = func(i widget.ListItemID) {
		f.picker.UnselectAll()
		if i >= 0 && i < len(f.items) && f.items[i].area == "" {
			f.setKind(f.items[i].info.Kind)
		}
	}
	f.filterKinds()
	cancelPick := widget.NewButton("Cancel", t.onDiscard)
	cancelPick.Importance = widget.LowImportance
	f.pickPage = container.NewBorder(container.NewVBox(widget.NewLabelWithStyle("What happened?", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), f.find),
		container.NewHBox(cancelPick), nil, nil, f.picker)

	f.chosen = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	f.explain = small("")
	f.explain.Truncation = fyne.TextTruncateOff
	f.explain.Wrapping = fyne.TextWrapWord
	change := widget.NewButton("Change…", func() { f.setKind("") })
	f.date = newDateField(t.s.d.today)
	f.at = newField("optional, 14:30")
	f.approx = widget.NewCheck("The date is approximate", nil)
	f.child = widget.NewSelect(nil, nil)
	f.childRow = formRow("Which child", f.child)
	f.attrs = container.NewVBox()
	f.detail = newTextArea("What happened, in a sentence or two", 3)
	var labels []string
	for _, s := range factStatuses {
		labels = append(labels, s.label)
	}
	f.status = widget.NewRadioGroup(labels, nil)
	f.status.Required = true
	f.evBox = container.NewVBox()
	addEv := widget.NewButtonWithIcon("Link evidence…", theme.ContentAddIcon(), f.onAddEvidence)
	when := container.NewBorder(nil, nil, nil, container.New(&fixedWidthMin{110}, f.at), f.date.content)
	f.formPage = container.NewVScroll(shrinkable(container.NewVBox(
		f.banner,
		container.NewBorder(nil, nil, nil, change, f.chosen), f.explain,
		formRow("When", container.NewVBox(when, f.approx)),
		f.childRow,
		f.attrs,
		formRow("What happened", f.detail),
		formRow("Do you accept it happened like this?", container.NewVBox(f.status,
			hint("Disputed: you do not accept it happened as recorded. The council's record: it is what the council's own records say."))),
		formRow("Evidence", container.NewVBox(f.evBox, container.NewHBox(addEv))),
		f.msg)))
	// Save stays in view below the form, however long it is.
	f.formPage = container.NewBorder(nil, container.NewVBox(widget.NewSeparator(),
		container.NewHBox(f.discard, layout.NewSpacer(), f.save)), nil, nil, f.formPage)
	f.body = container.NewStack(f.pickPage)
	f.content = container.NewBorder(f.title, nil, nil, nil, f.body)
	return f
}

func newKindRow() fyne.CanvasObject {
	l := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	ex := small("")
	return container.NewVBox(l, ex)
}

func (f *eventForm) fillKindRow(i widget.ListItemID, o fyne.CanvasObject) {
	if i < 0 || i >= len(f.items) {
		return
	}
	it := f.items[i]
	cells := o.(*fyne.Container).Objects
	l, ex := cells[0].(*widget.Label), cells[1].(*widget.Label)
	if it.area != "" {
		l.SetText(it.area)
		l.Importance = widget.HighImportance
		ex.SetText("")
		ex.Hide()
	} else {
		l.SetText(it.info.Label)
		l.Importance = widget.MediumImportance
		ex.SetText(it.info.Explain)
		ex.Show()
	}
	l.Refresh()
}

// filterKinds lists the kinds whose words match what is typed, by area.
func (f *eventForm) filterKinds() {
	words := strings.Fields(strings.ToLower(f.find.Text))
	f.items = f.items[:0]
	area := ""
	for _, k := range casefile.Kinds() {
		hay := strings.ToLower(k.Label + " " + k.Explain + " " + string(k.Kind))
		ok := true
		for _, w := range words {
			if !strings.Contains(hay, w) {
				ok = false
			}
		}
		if !ok {
			continue
		}
		if string(k.Area) != area {
			area = string(k.Area)
			f.items = append(f.items, kindItem{area: area})
		}
		f.items = append(f.items, kindItem{info: k})
	}
	f.picker.Refresh()
	head := widget.NewLabel("").MinSize().Height
	for i, it := range f.items {
		if it.area != "" {
			f.picker.SetItemHeight(i, head)
		} else {
			f.picker.SetItemHeight(i, newKindRow().MinSize().Height)
		}
	}
}

func (f *eventForm) setCase(c *casefile.Case) {
	f.c = c
	opts := []string{wordAllChildren}
	for _, ch := range c.Children {
		opts = append(opts, childName(&ch))
	}
	sel := f.child.Selected
	f.child.SetOptions(opts)
	if !slices.Contains(opts, sel) {
		f.child.SetSelected(wordAllChildren)
	}
	if len(c.Children) > 1 {
		f.childRow.Show()
	} else {
		f.childRow.Hide()
	}
	f.refreshEvidence()
}

// setKind shows the form for a kind, or the picker for "".
func (f *eventForm) setKind(k casefile.Kind) {
	kept := f.readAttrs()
	f.kind = k
	info, ok := casefile.LookupKind(k)
	if !ok {
		f.body.Objects = []fyne.CanvasObject{f.pickPage}
		f.body.Refresh()
		f.t.s.d.win.Canvas().Focus(f.find)
		return
	}
	f.chosen.SetText(info.Label)
	f.explain.SetText(info.Explain)
	f.buildAttrs(info, kept)
	f.body.Objects = []fyne.CanvasObject{f.formPage}
	f.body.Refresh()
	f.t.s.d.win.Canvas().Focus(f.date.entry)
}

// buildAttrs makes a field for each of the kind's attributes.
func (f *eventForm) buildAttrs(info casefile.KindInfo, values map[string]string) {
	f.attrs.RemoveAll()
	f.attrGet = map[string]func() string{}
	for _, spec := range info.Attrs {
		v := values[spec.Name]
		var w fyne.CanvasObject
		switch spec.Type {
		case casefile.AttrBool:
			opts, none := []string{wordYes, wordNo, wordNotRecorded}, wordNotRecorded
			if spec.DefaultTrue {
				opts, none = []string{wordYes, wordNo}, wordYes
			}
			r := widget.NewRadioGroup(opts, nil)
			r.Horizontal = true
			r.Required = true
			if v == "" {
				v = none
			}
			r.SetSelected(v)
			f.attrGet[spec.Name] = func() string { return r.Selected }
			w = r
		case casefile.AttrEnum:
			var opts []string
			for _, val := range spec.Values {
				opts = append(opts, spec.ValueLabel(val))
			}
			if spec.Default == "" {
				opts = append(opts, wordNotRecorded)
			}
			s := widget.NewSelect(opts, nil)
			if v == "" {
				if spec.Default != "" {
					v = spec.ValueLabel(spec.Default)
				} else {
					v = wordNotRecorded
				}
			}
			s.SetSelected(v)
			f.attrGet[spec.Name] = func() string { return s.Selected }
			w = s
		case casefile.AttrStage:
			r := widget.NewRadioGroup([]string{"1", "2", "3"}, nil)
			r.Horizontal = true
			r.SetSelected(v)
			f.attrGet[spec.Name] = func() string { return r.Selected }
			w = container.NewVBox(r, hint("Stage 1: the council answers. Stage 2: an investigation. Stage 3: a review panel."))
		case casefile.AttrList:
			labels := make([]string, len(spec.Values))
			for i, val := range spec.Values {
				labels[i] = spec.ValueLabel(val)
			}
			g := widget.NewCheckGroup(labels, nil)
			var sel []string
			for _, val := range strings.Split(v, ",") {
				if val != "" {
					sel = append(sel, spec.ValueLabel(val))
				}
			}
			g.SetSelected(sel)
			f.attrGet[spec.Name] = func() string {
				var vals []string
				for i, l := range labels {
					if slices.Contains(g.Selected, l) {
						vals = append(vals, spec.Values[i])
					}
				}
				return strings.Join(vals, ",")
			}
			w = container.NewVBox(g, hint("Tick everyone recorded as taking part. Leave them all unticked if you do not know."))
		case casefile.AttrDate:
			e := newField("For example 23/3/2026")
			e.SetText(v)
			f.attrGet[spec.Name] = func() string { return e.Text }
			w = container.NewVBox(e, hint("Leave it empty if you do not know."))
		default:
			e := newField("")
			e.SetText(v)
			f.attrGet[spec.Name] = func() string { return e.Text }
			w = e
		}
		f.attrs.Add(formRow(spec.Label, w))
	}
}

func (f *eventForm) readAttrs() map[string]string {
	out := map[string]string{}
	for name, get := range f.attrGet {
		if v := strings.TrimSpace(get()); v != "" && v != wordNotRecorded {
			out[name] = v
		}
	}
	return out
}

func (f *eventForm) load(d *eventDraft) {
	f.amending(d.amending != "")
	f.attrGet = map[string]func() string{}
	f.date.entry.SetText(d.date)
	f.at.SetText(d.clock)
	f.approx.SetChecked(d.approx)
	f.child.SetSelected(wordAllChildren)
	if f.c != nil {
		for _, ch := range f.c.Children {
			if ch.ID == d.child {
				f.child.SetSelected(childName(&ch))
			}
		}
	}
	f.detail.SetText(d.detail)
	f.status.SetSelected(factStatusLabel(d.status))
	f.evidence = slices.Clone(d.evidence)
	f.refreshEvidence()
	f.msg.Hide()
	f.find.SetText("")
	f.kind = ""
	if d.kind != "" {
		f.attrGet = map[string]func() string{}
		info, _ := casefile.LookupKind(d.kind)
		f.kind = d.kind
		f.chosen.SetText(info.Label)
		f.explain.SetText(info.Explain)
		f.buildAttrs(info, d.attrs)
		f.body.Objects = []fyne.CanvasObject{f.formPage}
	} else {
		f.body.Objects = []fyne.CanvasObject{f.pickPage}
	}
	f.body.Refresh()
}

func (f *eventForm) read() *eventDraft {
	d := &eventDraft{kind: f.kind, date: f.date.entry.Text, clock: f.at.Text, approx: f.approx.Checked,
		detail: f.detail.Text, attrs: f.readAttrs(), evidence: slices.Clone(f.evidence), status: casefile.FactUndisputed}
	for _, s := range factStatuses {
		if s.label == f.status.Selected {
			d.status = s.s
		}
	}
	if f.c != nil {
		for _, ch := range f.c.Children {
			if childName(&ch) == f.child.Selected {
				d.child = ch.ID
			}
		}
	}
	if f.t.draft != nil {
		d.amending, d.base = f.t.draft.amending, f.t.draft.base
	}
	return d
}

func (f *eventForm) focus() {
	target := fyne.Focusable(f.find)
	if f.kind != "" {
		target = f.date.entry
	}
	f.t.s.d.win.Canvas().Focus(target)
}

func (f *eventForm) view() fyne.CanvasObject { return f.content }

func (f *eventForm) saving(on bool) {
	if on {
		f.save.Disable()
	} else {
		f.save.Enable()
	}
}

func (f *eventForm) refreshEvidence() {
	if f.c == nil || f.t.cs == nil {
		f.evBox.RemoveAll()
		return
	}
	removableRows(f.evBox, &f.evidence, f.t.evidenceRow)
}

// onAddEvidence links a journal entry or a document, with an optional page.
func (f *eventForm) onAddEvidence() {
	if f.c == nil {
		return
	}
	var ids, labels []string
	for _, d := range f.c.Documents {
		ids = append(ids, d.ID)
		labels = append(labels, "Document: "+d.Name)
	}
	for _, n := range f.c.Notes {
		if n.Archived {
			continue
		}
		ids = append(ids, n.ID)
		labels = append(labels, "Journal: "+noteKindLabel(n.Kind)+", "+occurredWords(n.Occurred)+": "+firstLine(n.Text))
	}
	if len(ids) == 0 {
		f.t.s.d.showMessage("Nothing to link yet", "Evidence is a document you have imported or an entry in your journal. "+
			"Import the letter or email in Documents, or write a journal entry, then link it here.")
		return
	}
	pick := widget.NewSelect(labels, nil)
	pick.PlaceHolder = "Choose a document or journal entry"
	page := newField("optional")
	content := container.NewVBox(formRow("What shows it", pick), formRow("Page", container.New(&fixedWidthMin{120}, page)))
	dl := dialog.NewForm("Link evidence", "Link", "Cancel", []*widget.FormItem{widget.NewFormItem("", content)}, func(ok bool) {
		if !ok || pick.SelectedIndex() < 0 {
			return
		}
		ref := ids[pick.SelectedIndex()]
		if p := strings.TrimSpace(page.Text); p != "" {
			n, err := strconv.Atoi(p)
			if err != nil || n < 1 {
				f.fail("The page must be a number, such as 3.")
				return
			}
			ref += "#p" + strconv.Itoa(n)
		}
		if !slices.Contains(f.evidence, ref) {
			f.evidence = append(f.evidence, ref)
		}
		f.refreshEvidence()
	}, f.t.s.d.win)
	dl.Resize(fyne.NewSize(620, 260))
	f.t.s.d.dialogs.show(dl)
}
