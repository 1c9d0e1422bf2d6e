package ui

import (
	"context"
	"sort"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/redress-app/redress/app/casework"
	"github.com/redress-app/redress/app/ui/kit"
	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/checks"
	"github.com/redress-app/redress/store"
)

// caseList is the left of the window: the vault's cases, each with its
// council and its next deadline in small text, a "New case" button, and at
// the bottom the lock button.
type caseList struct {
	s        *shell
	infos    []store.CaseInfo
	known    map[string]caseSummary // by case ID
	selected string
	seq      int

	list      *widget.List
	deadlines *widget.Button
	content   fyne.CanvasObject
}

// caseSummary is what the list says about a case besides its title, worked
// out off the UI goroutine from the case's findings.
type caseSummary struct {
	records int // the case's journal length when worked out: changes mean work it out again
	next    string
	open    []deadlineEntry // every finding of the case, for the Deadlines view
}

// deadlineEntry is one finding of one case, for the Deadlines view.
type deadlineEntry struct {
	CaseID    string
	CaseTitle string
	Authority string
	Finding   casefile.Finding
}

func newCaseList(s *shell) *caseList {
	l := &caseList{s: s, known: map[string]caseSummary{}}
	l.list = widget.NewList(func() int { return len(l.infos) }, newCaseRow, l.fillRow)
	l.list.OnSelected = func(i widget.ListItemID) {
		if i >= 0 && i < len(l.infos) && l.infos[i].ID != s.curID {
			s.openCase(l.infos[i].ID)
		}
	}
	newCase := widget.NewButtonWithIcon("New case", theme.ContentAddIcon(), func() { s.showNewCase(false) })
	lock := widget.NewButtonWithIcon("Lock now  (Ctrl+L)", theme.VisibilityOffIcon(), s.d.lockNow)
	bottom := []fyne.CanvasObject{widget.NewSeparator()}
	if v := s.deadlinesView(); v != nil {
		l.deadlines = widget.NewButtonWithIcon("Deadlines in every case", theme.CalendarIcon(), func() { l.showDeadlines(v) })
		bottom = append(bottom, l.deadlines)
	}
	bottom = append(bottom, lock)
	head := container.NewBorder(nil, nil, widget.NewLabelWithStyle("Cases", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), nil)
	l.content = container.NewBorder(container.NewVBox(head, newCase), container.NewVBox(bottom...), nil, nil, l.list)
	return l
}

func newCaseRow() fyne.CanvasObject {
	title := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.Truncation = fyne.TextTruncateEllipsis
	council := small("")
	next := small("")
	next.TextStyle.Italic = true
	return container.NewVBox(title, council, next)
}

func (l *caseList) fillRow(i widget.ListItemID, o fyne.CanvasObject) {
	if i < 0 || i >= len(l.infos) {
		return
	}
	in := l.infos[i]
	cells := o.(*fyne.Container).Objects
	cells[0].(*widget.Label).SetText(in.Title)
	council := in.Authority
	if council == "" {
		council = "Council not recorded yet"
	}
	cells[1].(*widget.Label).SetText(council)
	next := cells[2].(*widget.Label)
	next.Importance = widget.MediumImportance
	switch sum, ok := l.known[in.ID]; {
	case in.Err != nil:
		next.Importance = widget.DangerImportance
		next.SetText("Its record does not verify: restore from a backup")
	case ok:
		next.SetText(sum.next)
	default:
		next.SetText("Checking…")
	}
	next.Refresh()
}

// refresh lists the cases again and works out the summaries that changed,
// off the UI goroutine; then done, if not nil, runs with the list.
func (l *caseList) refresh(done func([]store.CaseInfo)) {
	if l.s.closed || l.s.vault() == nil {
		return
	}
	l.seq++
	seq, epoch := l.seq, l.s.d.epoch
	v, ctx, cat, asOf := l.s.vault(), l.s.ctx(), l.s.d.cat, l.s.d.today()
	known := make(map[string]caseSummary, len(l.known))
	for k, sm := range l.known {
		known[k] = sm
	}
	type result struct {
		infos []store.CaseInfo
		sums  map[string]caseSummary
		err   error
	}
	kit.Background(func() result {
		infos, err := v.Cases(ctx)
		if err != nil {
			return result{err: err}
		}
		sums := map[string]caseSummary{}
		for _, in := range infos {
			if in.Err != nil {
				continue
			}
			if sm, ok := known[in.ID]; ok && sm.records == in.Records {
				sums[in.ID] = sm
				continue
			}
			sums[in.ID] = summarise(ctx, v, cat, in, asOf)
		}
		sort.SliceStable(infos, func(i, j int) bool { return infos[i].Updated.After(infos[j].Updated) })
		return result{infos: infos, sums: sums}
	}, func(r result) {
		if !l.s.alive(epoch) || seq != l.seq {
			return
		}
		if r.err != nil {
			l.s.d.showError("The cases could not be listed", r.err)
			return
		}
		l.infos, l.known = r.infos, r.sums
		l.list.Refresh()
		l.markSelected(l.selected)
		if done != nil {
			done(r.infos)
		}
	})
}

// summarise loads one case and checks it.
func summarise(ctx context.Context, v *store.Vault, cat *checks.Catalogue, in store.CaseInfo, asOf casefile.Date) caseSummary {
	c, err := v.LoadCase(ctx, in.ID)
	if err != nil {
		return caseSummary{records: in.Records, next: "Could not be checked"}
	}
	return summaryOf(cat, in, c, checks.Run(cat, c, asOf))
}

func summaryOf(cat *checks.Catalogue, in store.CaseInfo, c *casefile.Case, fds []casefile.Finding) caseSummary {
	sm := caseSummary{records: in.Records}
	// The Deadlines view works out from all of them what the council owes
	// and the family's own limits (casework.Duties), overdue and passed too.
	for _, f := range fds {
		sm.open = append(sm.open, deadlineEntry{CaseID: in.ID, CaseTitle: c.Title, Authority: c.Authority, Finding: f})
	}
	sm.next = "No deadlines open"
	open := openFindings(fds)
	if len(open) > 0 {
		sm.next = nextWords(cat, open[0])
	}
	// What the council owes and is overdue comes first: never "No
	// deadlines open" while something is overdue (issue 15 section 6);
	// with nothing open, the family's own limits that have passed are said.
	// Only the states are used, so the as-of date (for the days) is not needed.
	overdue, passed := 0, 0
	for _, d := range casework.Duties(fds, casefile.Date{}, casework.WhoseAll) {
		switch d.State {
		case casework.Overdue: // the council's
			overdue++
		case casework.Passed: // the family's own
			passed++
		}
	}
	switch {
	case overdue > 0:
		sm.next = "Overdue: the council owes you " + countWords(overdue, "thing", "things")
	case len(open) > 0: // the next deadline, said above
	case passed == 1:
		sm.next = "One of your time limits has passed"
	case passed > 1:
		sm.next = strconv.Itoa(passed) + " of your time limits have passed"
	}
	return sm
}

// openFindings are the findings still due, soonest first.
func openFindings(fds []casefile.Finding) []casefile.Finding {
	var open []casefile.Finding
	for _, f := range fds {
		if f.Status == casefile.StatusDue && !f.Due.IsZero() {
			open = append(open, f)
		}
	}
	sort.SliceStable(open, func(i, j int) bool { return open[i].Due.Before(open[j].Due) })
	return open
}

// nextWords is the case list's line about the next deadline.
func nextWords(cat *checks.Catalogue, f casefile.Finding) string {
	what := f.Title
	family := false
	if r, ok := cat.Rule(f.Rule); ok {
		family = r.Family()
		if r.Subject != "" {
			what = r.Subject
		}
	}
	by := f.Due.Time().Format("2 Jan 2006")
	if family {
		return "Your deadline: " + what + ", " + by
	}
	return "Next: " + what + " by " + by
}

// updateNext takes a freshly loaded case's summary, so the list is current
// without checking the case twice.
func (l *caseList) updateNext(id string, cs *caseState) {
	if cs.c == nil {
		return
	}
	l.known[id] = summaryOf(l.s.d.cat, cs.info, cs.c, cs.findings)
	for i := range l.infos {
		if l.infos[i].ID == id {
			l.infos[i].Title, l.infos[i].Authority = cs.c.Title, cs.c.Authority
			l.list.RefreshItem(i)
		}
	}
}

// markSelected highlights the open case without reopening it.
func (l *caseList) markSelected(id string) {
	l.selected = id
	for i, in := range l.infos {
		if in.ID == id {
			l.list.Select(i)
			return
		}
	}
	l.list.UnselectAll()
}

// entries is every finding across the vault's cases, soonest first, for
// the Deadlines view to say what is owed, open and passed.
func (l *caseList) entries() []deadlineEntry {
	var all []deadlineEntry
	for _, in := range l.infos {
		all = append(all, l.known[in.ID].open...)
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].Finding.Due.Before(all[j].Finding.Due) })
	return all
}

func (l *caseList) showDeadlines(v *crossCaseView) {
	l.list.UnselectAll()
	l.s.curID = ""
	l.s.showPage(v.content, nil, nil)
	v.show(l.entries(), l.s.d.today())
}
