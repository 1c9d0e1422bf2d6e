package kit

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/checks"
)

// StatusKind is how a finding is presented: the engine's status, with the
// family's own time limits told apart from the council's steps. It is
// checks.Look, the one table of status words and groups, with the icon and
// colour the desktop gives each.
type StatusKind checks.Look

// The kinds, in the order the Checks tab shows their groups.
const (
	StatusBreach       = StatusKind(checks.LookBreach)       // the council was late or missed a step
	StatusConcern      = StatusKind(checks.LookConcern)      // something in the record needs attention
	StatusNeedsInfo    = StatusKind(checks.LookNeedsInfo)    // the record cannot answer the question
	StatusDue          = StatusKind(checks.LookDue)          // the council's step is still due
	StatusFamilyDue    = StatusKind(checks.LookFamilyDue)    // the family's own time limit is running
	StatusFamilyPassed = StatusKind(checks.LookFamilyPassed) // the family's own time limit has passed
	StatusMet          = StatusKind(checks.LookMet)          // done in time
)

// StatusLook is everything that shows a status: its own icon shape, a word and
// a colour. The colour is extra; the icon and the word carry the meaning.
type StatusLook struct {
	Word   string
	Icon   fyne.Resource // coloured with colour, so it changes with the theme
	Colour fyne.ThemeColorName
}

// KindOf says how finding f is presented; family reports whether it is about
// a time limit on the family (f.Family, for a finding from the checks).
func KindOf(f casefile.Finding, family bool) StatusKind {
	f.Family = family
	return StatusKind(checks.LookOf(f))
}

// Look returns how status k is shown.
func (k StatusKind) Look() StatusLook { return statusLooks[k] }

var statusLooks = func() [StatusMet + 1]StatusLook {
	mk := func(k StatusKind, icon fyne.Resource, c fyne.ThemeColorName) StatusLook {
		return StatusLook{Word: checks.Look(k).Word(), Icon: theme.NewColoredResource(icon, c), Colour: c}
	}
	return [...]StatusLook{
		StatusBreach:       mk(StatusBreach, iconClockCross, theme.ColorNameError),
		StatusConcern:      mk(StatusConcern, iconTriangle, theme.ColorNameWarning),
		StatusNeedsInfo:    mk(StatusNeedsInfo, iconQuestion, ColorNameStatusInfo),
		StatusDue:          mk(StatusDue, iconHourglass, ColorNameStatusDue),
		StatusFamilyDue:    mk(StatusFamilyDue, iconCalendar, ColorNameStatusFamily),
		StatusFamilyPassed: mk(StatusFamilyPassed, iconCalendarCross, ColorNameStatusPassed),
		StatusMet:          mk(StatusMet, iconCircleTick, theme.ColorNameSuccess),
	}
}()

// TimeWords says how much time is left or how late a step was, in plain words
// with the count: "5 working days left", "due today", "3 working days late",
// "passed on 12 October 2026". It is "" when there is nothing to say.
func TimeWords(f casefile.Finding, r *checks.Rule, cal *checks.Calendar, asOf casefile.Date) string {
	switch f.Status {
	case casefile.StatusBreach:
		if f.WorkingDaysLate > 0 {
			return Plural(f.WorkingDaysLate, "working day", "working days") + " late"
		}
		if !f.Due.IsZero() && f.Due.Before(f.DoneDate) {
			return Plural(f.Due.DaysUntil(f.DoneDate), "day", "days") + " late"
		}
		if !f.Due.IsZero() && f.DoneDate.IsZero() && f.Due.Before(asOf) {
			return "not done by " + f.Due.Long()
		}
	case casefile.StatusDue:
		if f.Due.IsZero() || asOf.IsZero() {
			return ""
		}
		if f.Due == asOf {
			return "due today"
		}
		if f.Due.Before(asOf) {
			return "was due on " + f.Due.Long()
		}
		if r != nil && r.Limit.WorkingDays != 0 && cal != nil {
			return Plural(cal.WorkingDaysBetween(asOf, f.Due), "working day", "working days") + " left"
		}
		return Plural(asOf.DaysUntil(f.Due), "day", "days") + " left"
	case casefile.StatusExpired:
		if !f.Due.IsZero() {
			return "passed on " + f.Due.Long()
		}
	}
	return ""
}

// StatusLine is the status word with the time words, for a card or a row:
// "Late or missed · 3 working days late".
func StatusLine(k StatusKind, when string) string {
	if when == "" {
		return k.Look().Word
	}
	return k.Look().Word + " · " + when
}

// SubjectOf is a finding's subject with a capital letter, "Initial child
// protection conference", from its rule; the finding's title without its
// status word when the rule is unknown.
func SubjectOf(f casefile.Finding, r *checks.Rule) string {
	s := ""
	if r != nil {
		s = r.Subject
	}
	if s == "" {
		s = f.Title
		if i := strings.Index(s, ": "); i >= 0 {
			s = s[i+2:]
		}
	}
	if s == "" {
		s = f.Rule
	}
	return Capitalise(s)
}

// The status icons: filled shapes only (Fyne recolours fills, not strokes),
// each a different outline so that no two statuses differ only by colour.
// Holes are subpaths drawn the other way round (non-zero winding).
var (
	iconClockCross = svgIcon("status-late.svg",
		`<path d="M2,9.5 A7.5,7.5 0 1 1 17,9.5 A7.5,7.5 0 1 1 2,9.5 Z M3.9,9.5 A5.6,5.6 0 1 0 15.1,9.5 A5.6,5.6 0 1 0 3.9,9.5 Z"/>`+
			`<rect x="8.6" y="5" width="1.8" height="5.4"/><rect x="8.6" y="8.6" width="4" height="1.8"/>`+
			`<polygon points="15.17,16.94 20.26,22.03 22.03,20.26 16.94,15.17"/>`+
			`<polygon points="16.94,22.03 22.03,16.94 20.26,15.17 15.17,20.26"/>`)
	iconTriangle = svgIcon("status-concern.svg",
		`<path d="M12,2 L23,21 L1,21 Z M12,6 L4.5,19 L19.5,19 Z"/>`+
			`<rect x="11" y="9.5" width="2" height="5"/><rect x="11" y="16" width="2" height="2"/>`)
	iconHourglass = svgIcon("status-due.svg",
		`<rect x="5" y="2" width="14" height="2.2"/><rect x="5" y="19.8" width="14" height="2.2"/>`+
			`<path d="M6.5,4.2 L17.5,4.2 L12.9,12 L17.5,19.8 L6.5,19.8 L11.1,12 Z M9,6 L11.9,11 L12.1,11 L15,6 Z"/>`)
	iconCalendar = svgIcon("status-your-deadline.svg",
		`<path d="M3,4 H21 V21 H3 Z M5,9 V19 H19 V9 Z"/>`+
			`<rect x="7" y="2" width="2" height="4"/><rect x="15" y="2" width="2" height="4"/>`+
			`<rect x="12.5" y="12.5" width="4.5" height="4.5"/>`)
	iconCalendarCross = svgIcon("status-deadline-passed.svg",
		`<path d="M3,4 H21 V21 H3 Z M5,9 V19 H19 V9 Z"/>`+
			`<rect x="7" y="2" width="2" height="4"/><rect x="15" y="2" width="2" height="4"/>`+
			`<polygon points="8.89,12.44 13.56,17.11 15.11,15.56 10.44,10.89"/>`+
			`<polygon points="10.44,17.11 15.11,12.44 13.56,10.89 8.89,15.56"/>`)
	// iconQuestion is Material Design's "help outline" (Apache License 2.0),
	// as Fyne bundles it; a copy, so that nothing asks the theme at start-up.
	iconQuestion = svgIcon("status-need-information.svg",
		`<path d="M11,18h2v-2h-2V18z M12,2C6.48,2,2,6.48,2,12s4.48,10,10,10s10-4.48,10-10S17.52,2,12,2z M12,20c-4.41,0-8-3.59-8-8`+
			` s3.59-8,8-8s8,3.59,8,8S16.41,20,12,20z M12,6c-2.21,0-4,1.79-4,4h2c0-1.1,0.9-2,2-2s2,0.9,2,2c0,2-3,1.75-3,5h2c0-2.25,3-2.5,3-5`+
			` C16,7.79,14.21,6,12,6z"/>`)
	iconCircleTick = svgIcon("status-met.svg",
		`<path d="M2,12 A10,10 0 1 1 22,12 A10,10 0 1 1 2,12 Z M4,12 A8,8 0 1 0 20,12 A8,8 0 1 0 4,12 Z"/>`+
			`<polygon points="6.6,12.6 8.1,11.1 10.5,13.5 15.9,8.1 17.4,9.6 10.5,16.5"/>`)
)

func svgIcon(name, body string) fyne.Resource {
	return fyne.NewStaticResource(name, []byte(`<svg xmlns="http://www.w3.org/2000/svg" width="24" height="24" viewBox="0 0 24 24">`+body+`</svg>`))
}

// Colour names for finding statuses that Fyne's theme lacks; the app's
// theme gives them their light and dark values.
const (
	ColorNameStatusDue    fyne.ThemeColorName = "redressStatusDue"
	ColorNameStatusInfo   fyne.ThemeColorName = "redressStatusInfo"
	ColorNameStatusFamily fyne.ThemeColorName = "redressStatusFamily"
	ColorNameStatusPassed fyne.ThemeColorName = "redressStatusPassed"
)
