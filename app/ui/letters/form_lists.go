package letters

// The new-letter form's lists: the findings, the chronology entries and the
// acts a letter before claim can challenge.

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/redress-app/redress/app/casework"
	"github.com/redress-app/redress/app/ui/kit"
	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/letters"
)

func (f *letterForm) newFindingRow() fyne.CanvasObject {
	check := widget.NewCheck("", nil)
	icon := widget.NewIcon(nil)
	title := widget.NewLabel("")
	title.Truncation = fyne.TextTruncateEllipsis
	title.TextStyle.Bold = true
	status := widget.NewLabel("")
	status.Truncation = fyne.TextTruncateEllipsis
	status.SizeName = theme.SizeNameCaptionText
	return container.NewBorder(nil, nil, container.NewHBox(check, container.NewCenter(icon)), nil, container.New(&kit.StackedLabels{}, title, status))
}

func (f *letterForm) fillFindingRow(i widget.ListItemID, o fyne.CanvasObject) {
	if i < 0 || i >= len(f.cands) {
		return
	}
	fd := f.cands[i]
	b := o.(*fyne.Container)
	text := b.Objects[0].(*fyne.Container)
	left := b.Objects[1].(*fyne.Container)
	check := left.Objects[0].(*widget.Check)
	icon := left.Objects[1].(*fyne.Container).Objects[0].(*widget.Icon)
	cat := f.lc.lv.cat
	r, _ := cat.Rule(fd.Rule)
	k := kit.KindOf(fd, fd.Family)
	icon.SetResource(k.Look().Icon)
	text.Objects[0].(*widget.Label).SetText(fd.Title)
	text.Objects[1].(*widget.Label).SetText(kit.StatusLine(k, kit.TimeWords(fd, r, cat.Calendar, f.lc.asOf)) +
		" · " + kit.Capitalise(casework.RouteWords(fd.MainRoute())))
	key := letters.FindingKey(fd)
	check.OnChanged = nil
	check.SetChecked(f.chosen[key])
	check.OnChanged = func(on bool) {
		f.chosen[key] = on
		f.findTouched = true
		f.touch()
		if !f.procTouched && f.kind.Staged() && f.kind != letters.Stage3 {
			f.proc = f.suggestProcedure()
			f.setting = true
			f.procs.SetSelected(procedureInfo(f.proc).label)
			f.setting = false
		}
		f.compose()
	}
}

func (f *letterForm) newEventRow() fyne.CanvasObject {
	check := widget.NewCheck("", nil)
	label := widget.NewLabel("")
	label.Truncation = fyne.TextTruncateEllipsis
	return container.NewBorder(nil, nil, check, nil, label)
}

func (f *letterForm) fillEventRow(i widget.ListItemID, o fyne.CanvasObject) {
	if i < 0 || i >= len(f.events) {
		return
	}
	e := f.events[i]
	b := o.(*fyne.Container)
	label := b.Objects[0].(*widget.Label)
	check := b.Objects[1].(*widget.Check)
	label.SetText(e.Date.Long() + " — " + kit.OneLine(kit.EventSummary(&e, f.lc.c)))
	check.OnChanged = nil
	check.SetChecked(f.evOn[e.ID])
	id := e.ID
	check.OnChanged = func(on bool) {
		f.evOn[id] = on
		f.evTouched = true
		f.touch()
		f.countEvents()
	}
}

// challengeable reports whether events of kind k are the council's (or a
// panel's, court's or police's) decisions and acts that a letter before claim
// can challenge, rather than the family's own steps.
func challengeable(k casefile.Kind) bool {
	switch k {
	case casefile.KindComplaintMade, casefile.KindLGSCOComplaint, casefile.KindSARMade,
		casefile.KindJRLetterBeforeClaim, casefile.KindS20Objection:
		return false
	}
	return true
}

// challenged are the IDs of the acts ticked to challenge, in date order.
func (f *letterForm) challenged() []string {
	var ids []string
	for _, e := range f.acts {
		if f.challenge[e.ID] {
			ids = append(ids, e.ID)
		}
	}
	return ids
}

// showChallenge shows the picker of acts for a letter before claim, and the
// findings list unless acts are chosen (the letter then takes the findings
// about them).
func (f *letterForm) showChallenge() {
	if f.kind != letters.JRLetter || len(f.acts) == 0 {
		f.chSection.Hide()
		if f.kind.NeedsFindings() {
			f.findSection.Show()
		} else {
			f.findSection.Hide()
		}
		return
	}
	f.chSection.Show()
	n := len(f.challenged())
	if n == 0 {
		f.chNote.SetText("Tick the recorded decisions or acts the letter challenges, even when the checks do not point to judicial review. " +
			"Or leave them all unticked and choose findings below.")
		f.findSection.Show()
		return
	}
	them := "them"
	if n == 1 {
		them = "it"
	}
	f.chNote.SetText(fmt.Sprintf("The letter challenges %s and takes the findings about %s, with the time limit for a claim counted from each. "+
		"Have a solicitor check the grounds before it is sent.", kit.Plural(n, "act", "acts"), them))
	f.findSection.Hide()
}

func (f *letterForm) fillActRow(i widget.ListItemID, o fyne.CanvasObject) {
	if i < 0 || i >= len(f.acts) {
		return
	}
	e := f.acts[i]
	b := o.(*fyne.Container)
	label := b.Objects[0].(*widget.Label)
	check := b.Objects[1].(*widget.Check)
	label.SetText(e.Date.Long() + " — " + kit.OneLine(kit.EventSummary(&e, f.lc.c)))
	check.OnChanged = nil
	check.SetChecked(f.challenge[e.ID])
	id := e.ID
	check.OnChanged = func(on bool) {
		f.challenge[id] = on
		f.touch()
		f.showChallenge()
		f.compose()
	}
}

func (f *letterForm) countEvents() {
	n := 0
	for _, e := range f.events {
		if f.evOn[e.ID] {
			n++
		}
	}
	if len(f.events) == 0 {
		f.evSection.Hide()
		return
	}
	f.evSection.Show()
	base := f.evNote.Text
	if i := strings.Index(base, " ("); i >= 0 {
		base = base[:i]
	}
	f.evNote.SetText(fmt.Sprintf("%s (%d of %d ticked)", base, n, len(f.events)))
}

// chosenEvents are the ticked events' IDs, in date order.
func (f *letterForm) chosenEvents() []string {
	var ids []string
	for _, e := range f.events {
		if f.evOn[e.ID] {
			ids = append(ids, e.ID)
		}
	}
	return ids
}
