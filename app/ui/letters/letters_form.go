package letters

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/redress-app/redress/app/casework"
	"github.com/redress-app/redress/app/ui/kit"
	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/checks"
	"github.com/redress-app/redress/letters"
)

// letterForm is the page that sets up a new letter: its kind, the complaints
// procedure, the findings it raises, the chronology entries it lists, what it
// asks for, and its date. Each change drafts the letter again in the
// background (casework.Compose), to suggest the chronology and the outcomes
// and to see whether the findings can go in one letter; what the person
// changed by hand is never replaced by a suggestion.
type letterForm struct {
	lc      *letterCase
	content fyne.CanvasObject
	dirty   bool // the person chose or typed something

	kind                                letters.Kind
	forChild                            bool         // a subject access request on the child's behalf too
	choices                             []kindChoice // the kinds of letter offered, as the radio lists them
	proc                                letters.Procedure
	procTouched, findTouched, evTouched bool
	outTouched                          bool
	setting                             bool // widgets are being set by the form itself
	seq                                 int
	drafted                             *casework.Drafted
	composeErr                          error
	creating                            bool
	kinds                               *widget.RadioGroup
	kindNote                            *widget.Label
	procSection                         *fyne.Container
	procs                               *widget.RadioGroup
	procNote                            *widget.Label
	findSection, evSection, outSection  *fyne.Container
	findNote, evNote, outTitle, outNote *widget.Label
	leftOut                             *widget.Label
	findList, evList                    *widget.List
	routeBox                            *fyne.Container
	outBox                              *fyne.Container
	outcomes                            []*kit.Field
	date                                *dayEntry
	theirRef, ourRef                    *kit.Field
	status                              *widget.Label
	create, cancel                      *widget.Button
	cands                               []casefile.Finding // breaches and concerns, oldest first
	chosen                              map[string]bool    // by letters.FindingKey
	events                              []casefile.Event   // the chronology, in date order
	evOn                                map[string]bool
	findHeight, evHeight                *fyne.Container

	// The acts a letter before claim challenges (Options.Challenge).
	acts      []casefile.Event // the council's recorded decisions and acts, in date order
	challenge map[string]bool  // by event ID
	chSection *fyne.Container
	chNote    *widget.Label
	chList    *widget.List
	chHeight  *fyne.Container
}

// findingRowHeight and eventRowHeight size the pickers' lists.
const (
	findingRowHeight = 58
	eventRowHeight   = 38
)

// newLetterForm makes the form for a letter of kind k under procedure p
// ("" for the defaults) with findings fs chosen (nil: those that fit).
func newLetterForm(lc *letterCase, k letters.Kind, p letters.Procedure, fs []casefile.Finding) *letterForm {
	f := &letterForm{lc: lc, kind: k, proc: p, chosen: map[string]bool{}, evOn: map[string]bool{}, challenge: map[string]bool{}}
	if f.kind == "" {
		f.kind = letters.Stage1
	}
	if p != "" {
		f.procTouched = true
	}
	for _, fd := range fs {
		f.chosen[letters.FindingKey(fd)] = true
		f.findTouched = true
	}
	f.dirty = fs != nil
	f.build()
	f.setCase()
	return f
}

func (f *letterForm) build() {
	lv := f.lc.lv
	// 1. The kind of letter.
	f.choices = kindChoices(f.lc.c, f.lc.asOf)
	f.kinds = widget.NewRadioGroup(choiceLabels(f.choices), func(s string) {
		if f.setting || s == "" {
			if s == "" && !f.setting { // a radio group can be emptied by a second tap
				f.selectKind()
			}
			return
		}
		for _, ch := range f.choices {
			if ch.label == s {
				f.kind, f.forChild = ch.kind, ch.forChild
			}
		}
		f.touch()
		f.kindChanged()
	})
	f.kinds.Required = true
	f.kindNote = kit.Quiet("")

	// 2. The procedure.
	var labels []string
	for _, lp := range letterProcedures {
		labels = append(labels, lp.label)
	}
	f.procs = widget.NewRadioGroup(labels, func(s string) {
		if f.setting || s == "" {
			if s == "" && !f.setting {
				f.setting = true
				f.procs.SetSelected(procedureInfo(f.proc).label)
				f.setting = false
			}
			return
		}
		for _, lp := range letterProcedures {
			if lp.label == s {
				f.proc = lp.proc
			}
		}
		f.procTouched = true
		f.touch()
		f.compose()
	})
	f.procs.Required = true
	f.procNote = kit.Wrapped("")
	f.procSection = container.NewVBox(kit.Subheading("Which complaints procedure?"), f.procs, f.procNote)

	// 3a. The acts a letter before claim challenges.
	f.chNote = kit.Wrapped("")
	f.chList = widget.NewList(func() int { return len(f.acts) }, f.newEventRow, f.fillActRow)
	f.chHeight = container.New(fixedHeightLayout{h: eventRowHeight}, f.chList)
	f.chSection = container.NewVBox(kit.Subheading("Challenge these decisions and acts"), f.chNote, f.chHeight)

	// 3. The findings.
	f.findNote = kit.Quiet("")
	f.findList = widget.NewList(func() int { return len(f.cands) }, f.newFindingRow, f.fillFindingRow)
	f.findList.HideSeparators = true
	f.findHeight = container.New(fixedHeightLayout{h: findingRowHeight}, f.findList)
	f.routeBox = container.NewVBox()
	f.leftOut = kit.Quiet("")
	f.findSection = container.NewVBox(kit.Subheading("What the letter raises"), f.findNote, f.findHeight, f.routeBox, f.leftOut)

	// 4. The chronology.
	f.evNote = kit.Quiet("")
	f.evList = widget.NewList(func() int { return len(f.events) }, f.newEventRow, f.fillEventRow)
	f.evHeight = container.New(fixedHeightLayout{h: eventRowHeight}, f.evList)
	f.evSection = container.NewVBox(kit.Subheading("Chronology: what happened"), f.evNote, f.evHeight)

	// 5. The outcomes.
	f.outTitle = kit.Subheading("What you are asking for")
	f.outNote = kit.Quiet("")
	f.outBox = container.NewVBox()
	add := widget.NewButtonWithIcon("Add another", theme.ContentAddIcon(), func() {
		e := f.addOutcome("")
		f.outTouched = true
		f.touch()
		lv.win.Canvas().Focus(e)
	})
	add.Importance = widget.LowImportance
	f.outSection = container.NewVBox(f.outTitle, f.outNote, f.outBox, container.NewHBox(add))

	// 6. Date and references.
	f.date = newDayEntry(lv.today, lv.today())
	f.date.Entry.OnChanged = func(string) { f.date.check(); f.touch(); f.compose() }
	f.theirRef = kit.NewField("")
	f.theirRef.SetPlaceHolder("Optional: the council's reference, if it gave one")
	f.ourRef = kit.NewField("")
	f.ourRef.SetPlaceHolder("Optional: your own reference")
	for _, e := range []*kit.Field{f.theirRef, f.ourRef} {
		e.OnChanged = func(string) { f.touch() }
	}
	dates := widget.NewForm(
		widget.NewFormItem("Date of the letter", container.NewVBox(f.date.Field, f.date.hint)),
		widget.NewFormItem("Their reference", f.theirRef),
		widget.NewFormItem("Your reference", f.ourRef),
	)
	dateNote := kit.Quiet("The council's time to reply is counted from the day it receives the letter. " +
		"A letter sent by email or through the council's web form is received the day it is sent.")

	f.status = kit.Wrapped("")
	f.create = widget.NewButtonWithIcon("Create the draft", theme.DocumentCreateIcon(), f.onCreate)
	f.create.Importance = widget.HighImportance
	f.cancel = widget.NewButton("Cancel", f.onCancel)

	intro := kit.Wrapped("Choose what the letter is and what it raises. Redress drafts it from your record, with the source of every point; " +
		"you can read it and change any words before you send it.")
	form := container.NewVBox(
		container.NewVBox(kit.Subheading("What kind of letter?"), f.kinds, f.kindNote),
		widget.NewSeparator(), f.procSection,
		f.chSection,
		f.findSection,
		widget.NewSeparator(), f.evSection,
		widget.NewSeparator(), f.outSection,
		widget.NewSeparator(), kit.Subheading("Date"), dates, dateNote,
	)
	back := widget.NewButtonWithIcon("Letters", theme.NavigateBackIcon(), f.lc.backToList)
	back.Importance = widget.LowImportance
	head := container.NewVBox(container.NewHBox(back), kit.Subheading("New letter"), intro)
	page := container.New(&kit.ReadableLayout{}, container.NewPadded(container.NewVBox(head, widget.NewSeparator(), form)))
	bar := container.NewBorder(nil, nil, nil, container.NewHBox(f.cancel, f.create), f.status)
	f.content = container.NewBorder(nil, container.NewVBox(widget.NewSeparator(), container.NewPadded(bar)), nil, nil,
		container.NewVScroll(page))
	f.selectKind()
}

// kindChoice is one kind of letter the form offers.
type kindChoice struct {
	kind     letters.Kind
	forChild bool
	label    string
	note     string
}

// kindChoices are the letters offered for case c on asOf: every kind, with
// the subject access letters those casework.SAROptions gives (once the
// record has a request, the chaser and the complaint to the Information
// Commissioner instead of a new request; a request on the child's behalf
// when the case names a child).
func kindChoices(c *casefile.Case, asOf casefile.Date) []kindChoice {
	var sar []casework.SAROption
	if c != nil {
		sar = casework.SAROptions(c, asOf)
	} else {
		sar = []casework.SAROption{{Kind: letters.SAR, Label: kindInfo(letters.SAR).label}}
	}
	var out []kindChoice
	for _, lk := range letterKinds {
		switch lk.kind {
		case letters.SARChase, letters.ICO:
			continue // offered by SAROptions, in the request's place
		case letters.SAR:
			for _, o := range sar {
				note := kindInfo(o.Kind).note
				if o.ForChild {
					note = "Asks for your child's records as well as yours. With parental responsibility you can ask on your child's behalf; " +
						"a child old enough to understand has their own right to decide, as the Information Commissioner describes."
				}
				out = append(out, kindChoice{kind: o.Kind, forChild: o.ForChild, label: o.Label, note: note})
			}
			continue
		}
		out = append(out, kindChoice{kind: lk.kind, label: lk.label, note: lk.note})
	}
	return out
}

func choiceLabels(cs []kindChoice) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.label)
	}
	return out
}

// choice is the offered choice the form is set to; a new request once the
// record has one becomes the chaser.
func (f *letterForm) choice() kindChoice {
	for _, ch := range f.choices {
		if ch.kind == f.kind && ch.forChild == f.forChild {
			return ch
		}
	}
	for _, ch := range f.choices {
		if f.kind == letters.SAR && ch.kind == letters.SARChase {
			return ch
		}
	}
	lk := kindInfo(f.kind)
	return kindChoice{kind: f.kind, label: lk.label, note: lk.note}
}

// selectKind sets the kind radio to the form's kind.
func (f *letterForm) selectKind() {
	ch := f.choice()
	f.kind, f.forChild = ch.kind, ch.forChild
	f.setting = true
	f.kinds.SetSelected(ch.label)
	f.setting = false
}

// touch records that the person changed something.
func (f *letterForm) touch() {
	if !f.setting {
		f.dirty = true
	}
}

// setCase takes the case as it now stands: the findings a letter can raise
// and the chronology. Choices already made are kept.
func (f *letterForm) setCase() {
	lc := f.lc
	f.cands = f.cands[:0]
	for _, fd := range lc.findings {
		if (fd.Status == casefile.StatusBreach || fd.Status == casefile.StatusConcern) && !fd.Family {
			f.cands = append(f.cands, fd)
		}
	}
	// A finding chosen from the Checks tab that is not a breach or a concern
	// (a step met in time, say) is still offered, so it can be unticked.
	for _, fd := range lc.findings {
		if f.chosen[letters.FindingKey(fd)] && !slices.ContainsFunc(f.cands, func(c casefile.Finding) bool { return letters.FindingKey(c) == letters.FindingKey(fd) }) {
			f.cands = append(f.cands, fd)
		}
	}
	sort.SliceStable(f.cands, func(i, j int) bool { return f.cands[i].TriggerDate.Before(f.cands[j].TriggerDate) })
	f.events = kit.SortedEvents(lc.c.Events)
	f.acts = f.acts[:0]
	for _, e := range f.events {
		if challengeable(e.Kind) {
			f.acts = append(f.acts, e)
		}
	}
	f.chHeight.Layout = fixedHeightLayout{h: float32(min(max(len(f.acts), 1), 6)) * eventRowHeight}
	f.chHeight.Refresh()
	f.chList.Refresh()
	f.choices = kindChoices(lc.c, lc.asOf)
	f.kinds.Options = choiceLabels(f.choices)
	f.selectKind()
	f.kinds.Refresh()
	f.findHeight.Layout = fixedHeightLayout{h: float32(min(max(len(f.cands), 1), 5)) * findingRowHeight}
	f.evHeight.Layout = fixedHeightLayout{h: float32(min(max(len(f.events), 1), 7)) * eventRowHeight}
	f.findHeight.Refresh()
	f.evHeight.Refresh()
	f.findList.Refresh()
	f.evList.Refresh()
	f.kindChanged()
}

// addFinding ticks finding fd too.
func (f *letterForm) addFinding(fd casefile.Finding) {
	if !f.findTouched {
		// The ticks so far were suggestions; they become the person's choice.
		f.findTouched = true
	}
	f.chosen[letters.FindingKey(fd)] = true
	f.dirty = true
	f.setCase()
}

// kindChanged shows the sections the kind of letter has, then drafts again.
func (f *letterForm) kindChanged() {
	ch := f.choice()
	f.kind, f.forChild = ch.kind, ch.forChild
	f.kindNote.SetText(ch.note)
	switch {
	case f.kind == letters.Stage3:
		f.proc = letters.Statutory
		f.procSection.Hide()
	case f.kind.Staged():
		if !f.procTouched {
			f.proc = f.suggestProcedure()
		}
		f.procSection.Show()
	default:
		f.procSection.Hide()
	}
	if f.kind.Staged() {
		f.setting = true
		f.procs.SetSelected(procedureInfo(f.proc).label)
		f.setting = false
	}
	f.showChallenge()
	switch f.kind {
	case letters.SARChase, letters.ICO:
		f.outTitle.SetText("What you are asking for")
		f.outNote.SetText("Leave this empty for the usual words. Add a line for anything in particular.")
		f.evNote.SetText("Optional: tick events the letter should mention.")
	case letters.SAR:
		f.outTitle.SetText("Which records you are asking for")
		f.outNote.SetText("Leave this empty to ask for every record about you, in the usual words. Add a line for anything in particular.")
		f.evNote.SetText("Optional: tick events whose records you particularly want.")
	case letters.Rectification:
		f.outTitle.SetText("What you are asking for")
		f.outNote.SetText("Optional. The letter lists the events you marked as disputed in the record; you can change its words after it is drafted.")
		f.evNote.SetText("Tick the events whose records are wrong. Events you marked as disputed are ticked for you.")
	default:
		f.outTitle.SetText("What you are asking for")
		f.outNote.SetText("Suggested from the rules the findings come from. Change them, remove any, or add your own.")
		f.evNote.SetText("The events the letter lists, in date order. Those the findings are about are ticked for you.")
	}
	f.compose()
}

// suggestProcedure is the complaints procedure most of the chosen findings
// (or, with none chosen, most of the candidates) go by.
func (f *letterForm) suggestProcedure() letters.Procedure {
	counts := map[letters.Procedure]int{}
	pick := f.chosenFindings()
	if len(pick) == 0 {
		pick = f.cands
	}
	for _, fd := range pick {
		switch r := checks.Route(fd.MainRoute()); r {
		case checks.RouteStatutory, checks.RouteCorporate, checks.RouteConference:
			counts[letters.Procedure(r)]++
		}
	}
	best, n := letters.Corporate, 0
	for _, lp := range letterProcedures {
		if counts[lp.proc] > n {
			best, n = lp.proc, counts[lp.proc]
		}
	}
	if n == 0 && len(pick) > 0 {
		return letters.Statutory
	}
	return best
}

func (f *letterForm) chosenFindings() []casefile.Finding {
	var out []casefile.Finding
	for _, fd := range f.cands {
		if f.chosen[letters.FindingKey(fd)] {
			out = append(out, fd)
		}
	}
	return out
}

// options are the casework options the form asks for, for drafting.
func (f *letterForm) options() (casework.Options, error) {
	lc := f.lc
	date, err := f.date.Day()
	if err != nil {
		return casework.Options{}, fmt.Errorf("%w: write the letter's date like 6 November 2025", letters.ErrRequest)
	}
	// The findings are the ones the shell checked for the case shown
	// (SetCase): drafting takes them rather than running the checks again.
	opt := casework.Options{Kind: f.kind, AsOf: lc.asOf, Date: date, Catalogue: lc.lv.cat, Checked: lc.findings,
		TheirReference: strings.TrimSpace(f.theirRef.Text), Reference: strings.TrimSpace(f.ourRef.Text),
		ForChild: f.forChild && f.kind == letters.SAR}
	if f.kind.Staged() {
		opt.Procedure = f.proc
	}
	if ids := f.challenged(); f.kind == letters.JRLetter && len(ids) > 0 {
		// The letter takes the findings about the acts chosen, whatever
		// their route, with their time limits (casework.Options.Challenge).
		opt.Challenge = ids
	} else if f.kind.NeedsFindings() && f.findTouched {
		for _, fd := range f.chosenFindings() {
			opt.Findings.Keys = append(opt.Findings.Keys, letters.FindingKey(fd))
		}
		if len(opt.Findings.Keys) == 0 {
			return opt, fmt.Errorf("%w: tick at least one finding for the letter to raise", letters.ErrRequest)
		}
		if f.kind == letters.JRLetter {
			// A letter before claim states the family's own time limit.
			for _, fd := range lc.findings {
				if fd.Family && fd.HasRoute(string(checks.RouteJR)) &&
					(fd.Status == casefile.StatusDue || fd.Status == casefile.StatusExpired) {
					opt.Findings.Keys = append(opt.Findings.Keys, letters.FindingKey(fd))
				}
			}
		}
	}
	if f.outTouched {
		opt.Outcomes = []string{}
		for _, e := range f.outcomes {
			if t := strings.TrimSpace(e.Text); t != "" {
				opt.Outcomes = append(opt.Outcomes, t)
			}
		}
		if (f.kind == letters.SAR || f.kind == letters.SARChase || f.kind == letters.ICO) && len(opt.Outcomes) == 0 {
			opt.Outcomes = nil // the usual words
		}
	}
	return opt, nil
}

// compose drafts the letter again in the background, to update the
// suggestions and see whether the findings can go in one letter.
func (f *letterForm) compose() {
	f.seq++
	seq := f.seq
	opt, err := f.options()
	if err != nil {
		f.applyCompose(nil, err)
		return
	}
	from, _ := casework.Sender{}.Party()
	opt.From = &from
	c := f.lc.c
	f.status.SetText("Drafting…")
	f.create.Disable()
	type result struct {
		d   *casework.Drafted
		err error
	}
	kit.Background(func() result {
		d, err := casework.Compose(c, opt)
		return result{d, err}
	}, func(r result) {
		if seq != f.seq {
			return
		}
		f.applyCompose(r.d, r.err)
	})
}

func (f *letterForm) applyCompose(d *casework.Drafted, err error) {
	f.drafted, f.composeErr = d, err
	f.routeBox.Objects = nil
	f.leftOut.SetText("")
	f.leftOut.Hide()
	if f.kind.NeedsFindings() {
		switch {
		case len(f.cands) == 0:
			f.findNote.SetText("The checks find nothing late, missed or of concern in this case yet, so a complaint has nothing to raise. " +
				"Record what the council did in the Events tab and the checks will show what went wrong.")
		case f.kind.Staged():
			f.findNote.SetText("Tick what went wrong that this letter should raise. Each becomes a numbered point with its source.")
		default:
			f.findNote.SetText("Tick what went wrong that this letter should raise.")
		}
	}
	if f.kind.Staged() && f.kind != letters.Stage3 {
		note := procedureInfo(f.proc).note
		if s := f.suggestProcedure(); len(f.cands) > 0 {
			if s == f.proc {
				note += " The findings you chose fit this procedure."
			} else {
				note += " The findings you chose fit " + procedureInfo(s).label + " better."
			}
		}
		f.procNote.SetText(note)
	}
	if err != nil {
		f.create.Disable()
		var re *casework.RouteError
		if errors.As(err, &re) && !re.All && len(re.Groups) > 0 {
			f.status.SetText("These findings need separate letters.")
			f.showSplits(re)
		} else {
			f.status.SetText(kit.PlainError(err))
		}
		f.routeBox.Refresh()
		return
	}
	req := d.Draft.Request
	f.setting = true
	if !f.findTouched {
		clear(f.chosen)
		for _, fd := range req.Findings {
			f.chosen[letters.FindingKey(fd)] = true
		}
		f.findList.Refresh()
	}
	if !f.evTouched {
		clear(f.evOn)
		for _, id := range req.Events {
			f.evOn[id] = true
		}
		f.evList.Refresh()
	}
	if !f.outTouched {
		f.outcomes = nil
		f.outBox.Objects = nil
		for _, o := range req.Outcomes {
			f.addOutcome(o)
		}
		f.outBox.Refresh()
	}
	f.setting = false
	f.countEvents()
	if len(d.LeftOut) > 0 {
		var names []string
		for _, lo := range d.LeftOut {
			names = append(names, fmt.Sprintf("“%s” (%s)", lo.Finding.Title, casework.RouteWords(lo.Route)))
		}
		f.leftOut.SetText(fmt.Sprintf("Left out because they go elsewhere: %s.", strings.Join(names, "; ")))
		f.leftOut.Show()
	}
	f.routeBox.Refresh()
	f.status.SetText("Ready to draft: " + kindName(f.kind, f.procForName()) + ".")
	if !f.creating {
		f.create.Enable()
	}
}

func (f *letterForm) procForName() letters.Procedure {
	if f.kind.Staged() {
		return f.proc
	}
	return ""
}

// showSplits is the mixed-route warning: the findings chosen go by different
// routes, so they need separate letters; each group is offered as its own.
func (f *letterForm) showSplits(re *casework.RouteError) {
	msg := kit.Wrapped("The findings you ticked go to different places, so they cannot go in one letter. " +
		"Complaints about child protection work go through the council's own procedure, for example, while others go through " +
		"the Children Act 1989 procedure or to a court. Draft one letter for each group:")
	rows := []fyne.CanvasObject{msg}
	for _, sp := range re.Splits() {
		sp := sp
		var titles []string
		for _, fd := range sp.Findings {
			titles = append(titles, "• "+fd.Title)
		}
		what := kit.Wrapped(fmt.Sprintf("%s for %s:\n%s", kit.Capitalise(kit.Plural(len(sp.Findings), "finding", "findings")),
			casework.RouteWords(sp.Route), strings.Join(titles, "\n")))
		var right fyne.CanvasObject
		if sp.Kind != "" {
			btn := widget.NewButton("Draft these as a "+strings.ToLower(kindName(sp.Kind, sp.Procedure)), func() {
				f.useSplit(sp)
			})
			right = container.NewVBox(btn)
		} else {
			right = container.NewVBox(kit.Quiet("Redress does not draft this kind of letter yet."))
		}
		rows = append(rows, container.NewBorder(nil, nil, nil, right, what))
	}
	f.routeBox.Objects = []fyne.CanvasObject{kit.NoticeBox(theme.WarningIcon(), theme.ColorNameWarning, container.NewVBox(rows...))}
}

// useSplit sets the form to one group of a split: its kind, procedure and
// findings.
func (f *letterForm) useSplit(sp casework.Split) {
	f.kind = sp.Kind
	if sp.Procedure != "" {
		f.proc = sp.Procedure
		f.procTouched = true
	}
	clear(f.chosen)
	for _, fd := range sp.Findings {
		f.chosen[letters.FindingKey(fd)] = true
	}
	f.findTouched = true
	f.dirty = true
	f.selectKind()
	f.findList.Refresh()
	f.kindChanged()
}

// addOutcome adds a line to the outcomes and returns its field.
func (f *letterForm) addOutcome(text string) *kit.Field {
	e := kit.NewField("")
	e.Wrapping = fyne.TextWrapWord
	e.MultiLine = true
	e.SetMinRowsVisible(1)
	e.SetText(text)
	e.OnChanged = func(string) {
		if !f.setting {
			f.outTouched = true
			f.touch()
		}
	}
	var row *fyne.Container
	remove := widget.NewButtonWithIcon("", theme.DeleteIcon(), func() {
		for i, o := range f.outcomes {
			if o == e {
				f.outcomes = append(f.outcomes[:i], f.outcomes[i+1:]...)
			}
		}
		f.outBox.Remove(row)
		f.outTouched = true
		f.touch()
	})
	remove.Importance = widget.LowImportance
	row = container.NewBorder(nil, nil, nil, container.NewVBox(remove), e)
	f.outcomes = append(f.outcomes, e)
	f.outBox.Add(row)
	return e
}

func (f *letterForm) onCancel() {
	if !f.dirty {
		f.lc.form = nil
		f.lc.backToList()
		return
	}
	dialog.ShowConfirm("Stop setting up this letter?",
		"What you chose and typed for this letter will be thrown away. Nothing has been saved yet.", func(yes bool) {
			if yes {
				f.lc.form = nil
				f.lc.backToList()
			}
		}, f.lc.lv.win)
}

// onCreate drafts the letter with the sender's details and the case's
// checkpoint, lists the chronology entries ticked, and saves it as the
// letter's first version; then it opens the draft.
func (f *letterForm) onCreate() {
	opt, err := f.options()
	if err != nil {
		f.status.SetText(kit.PlainError(err))
		return
	}
	lc := f.lc
	v := lc.lv.v
	events := f.chosenEvents()
	evTouched := f.evTouched
	f.creating = true
	f.create.Disable()
	f.status.SetText("Drafting and saving…")
	type result struct {
		d      *casework.Drafted
		reused bool
		err    error
	}
	kit.Background(func() result {
		ctx := context.Background()
		d, err := casework.DraftLetter(ctx, v, lc.id, opt)
		if err != nil {
			return result{err: err}
		}
		if evTouched && !slices.Equal(events, d.Draft.Request.Events) {
			c, err := v.LoadCase(ctx, lc.id)
			if err != nil {
				return result{err: err}
			}
			d.Draft.Request.Events = events
			if err := d.Draft.Rebuild(c); err != nil {
				return result{err: err}
			}
		}
		// The same letter drafted again is the letter already saved, not a
		// second one: the Letters list never shows duplicates.
		reused, err := casework.SaveDraftOnce(ctx, v, lc.id, d.Draft)
		if err != nil {
			return result{err: err}
		}
		return result{d: d, reused: reused}
	}, func(r result) {
		f.creating = false
		if r.err != nil {
			f.status.SetText(kit.PlainError(r.err))
			f.create.Enable()
			return
		}
		if lc.form == f {
			lc.form = nil
		}
		notes := r.d.Notes
		if r.reused {
			notes = append([]string{fmt.Sprintf("You had already drafted this letter, word for word: this is that letter (version %d), not a new one.", r.d.Draft.Version)}, notes...)
		}
		for _, lo := range r.d.LeftOut {
			notes = append(notes, fmt.Sprintf("“%s” is not in this letter: it goes to %s.", lo.Finding.Title, casework.RouteWords(lo.Route)))
		}
		lc.reload()
		lc.openDraft(r.d.Draft.ID, notes)
	})
}
