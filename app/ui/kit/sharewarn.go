package kit

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/redress-app/redress/app/casework"
	"github.com/redress-app/redress/casefile"
)

// The warning before sharing (issue 17 section 3). Every path by which a
// case leaves the vault on the desktop (the bundle, a letter's export, the
// chronology, a case file, the hand-over pack) starts with one line:
//
//	if kit.SharingWarned(win, c, "the bundle", onExport) { return }
//
// When the case records care proceedings, the person first reads what the
// law allows to be shared, with its sources labelled as REFERENCE.md labels
// them; before proceedings, a case with a conference gets the local
// confidentiality warning. The words are casework.WarningBeforeSharing's,
// the same the command line prints. Nothing is blocked: "Go on" does what
// was asked.

// goingOn marks the windows whose person has just chosen "Go on": the next
// SharingWarned there lets the export through once. It is touched on the UI
// goroutine only.
var goingOn = map[fyne.Window]bool{}

// ShowSharingWarning shows the warning w before what leaves the vault and
// calls answer with whether the person goes on. Tests replace it.
var ShowSharingWarning = func(win fyne.Window, w casework.SharingWarning, what string, answer func(goOn bool)) {
	d := dialog.NewCustomConfirm("Before you share "+what, "Go on", "Cancel", SharingWarningView(w), answer, win)
	d.Resize(fyne.NewSize(680, 560))
	d.Show()
}

// SharingWarned shows the warning before sharing case c, when it has one,
// and returns true: the caller returns, and again runs if the person chooses
// to go on (then SharingWarned lets it through). It returns false, and the
// caller goes on at once, when the case has nothing to warn about or the
// person has just chosen to go on. what names the export ("the bundle").
func SharingWarned(win fyne.Window, c *casefile.Case, what string, again func()) bool {
	if goingOn[win] {
		delete(goingOn, win)
		return false
	}
	w, ok := casework.WarningBeforeSharing(c)
	if !ok {
		return false
	}
	ShowSharingWarning(win, w, what, func(goOn bool) {
		if !goOn {
			return
		}
		goingOn[win] = true
		again()
		delete(goingOn, win) // again did not get as far as asking
	})
	return true
}

// SharingWarningView is the warning as the desktop shows it: the heading,
// the plain words, then each source with its legal status and verification.
func SharingWarningView(w casework.SharingWarning) fyne.CanvasObject {
	box := container.NewVBox(Subheading(w.Heading))
	for _, p := range w.Paragraphs {
		box.Add(Wrapped(p))
	}
	box.Add(widget.NewLabelWithStyle("Sources ("+w.Reference+")", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	for _, s := range w.Sources {
		box.Add(Quiet(SourceLine(s)))
	}
	body := container.NewVScroll(box)
	body.SetMinSize(fyne.NewSize(620, 420))
	return NoticeBox(theme.WarningIcon(), theme.ColorNameWarning, body)
}

// SourceLine is one source in words: the citation, its status and how it
// was verified ("unverified" said as such), and where it was read.
func SourceLine(s casework.SharingSource) string {
	line := s.Cite
	if s.Status != "" {
		line += "; " + s.Status
	}
	switch s.Verification {
	case "verified-primary":
		line += "; checked against the official text"
	case "verified-secondary":
		line += "; checked against a reliable secondary source"
	default:
		line += "; not verified"
	}
	line += " (" + s.Verification + ")"
	if s.URL != "" {
		line += ": " + s.URL
	}
	return line
}
