package ui

import (
	"bytes"
	"context"
	"fmt"
	"io"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/redress-app/redress/app/casework/chronology"
	"github.com/redress-app/redress/app/ui/kit"
	"github.com/redress-app/redress/app/ui/redaction"
)

// The chronology as a spreadsheet on the desktop (issue 17 section 4), the
// same rows as redress chronology: date, time, what happened, who, fact
// status, source document and page, findings; CSV or Excel, with formula
// injection neutralised by app/casework/chronology.

// Chronology formats offered.
const (
	chronoCSV  = "CSV (opens in any spreadsheet)"
	chronoXLSX = "Excel workbook (.xlsx)"
)

// caseMenuButton is the case's Share and export menu beside Settings:
// "Share with a solicitor…", the chronology, and opening a pack someone
// sent.
func (s *shell) caseMenuButton() fyne.CanvasObject {
	var b *widget.Button
	b = widget.NewButtonWithIcon("Share or export", theme.MailForwardIcon(), func() {
		needCase := func(f func()) func() {
			return func() {
				if !s.caseReady() {
					s.d.showMessage("Choose a case first", "Open a case on the left, then share or export it from here.")
					return
				}
				f()
			}
		}
		m := fyne.NewMenu("",
			fyne.NewMenuItem("Share with a solicitor…", needCase(s.onShare)),
			fyne.NewMenuItem("Export the chronology (spreadsheet)…", needCase(s.onChronology)),
			fyne.NewMenuItemSeparator(),
			fyne.NewMenuItem("Open a hand-over pack sent to you…", s.onOpenPack))
		c := fyne.CurrentApp().Driver().CanvasForObject(b)
		if c == nil {
			return
		}
		pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(b).Add(fyne.NewPos(0, b.Size().Height))
		widget.ShowPopUpMenuAtPosition(m, c, pos)
	})
	b.Importance = widget.LowImportance
	return b
}

// onOpenPack asks for a .redress file, then its passphrase, and opens it
// read-only (packwindow.go), as dropping it on the window does.
func (s *shell) onOpenPack() {
	s.d.files.openFile(s.d.win, []string{".redress"}, func(path string) { s.d.askPackKey(path) })
}

// onChronology asks CSV or Excel, then where, then writes the chronology.
func (s *shell) onChronology() {
	if !s.caseReady() || kit.SharingWarned(s.d.win, s.cur.c, "the chronology", s.onChronology) {
		return
	}
	choice := widget.NewRadioGroup([]string{chronoCSV, chronoXLSX}, nil)
	choice.Required = true
	choice.SetSelected(chronoCSV)
	warn := kit.NoticeBox(theme.WarningIcon(), theme.ColorNameWarning, kit.Wrapped(
		"The file you save is not encrypted: anyone who can open that folder can read it. "+
			"Save it somewhere private, and delete it once it is sent if you do not need it."))
	redacted := redaction.Check()
	dlg := dialog.NewCustomConfirm("Export the chronology", "Choose where to save…", "Cancel",
		container.NewVBox(kit.Wrapped("Every event and journal entry in date order: when, what happened, who, whether it is disputed, "+
			"the source document and page, and what the checks found."), choice, redacted, warn), func(ok bool) {
			if !ok {
				return
			}
			xlsx := choice.Selected == chronoXLSX
			if !redacted.Checked {
				s.saveChronology(xlsx, nil)
				return
			}
			cs := s.cur
			rows := chronology.Build(cs.c, s.d.cat, cs.asOf)
			redaction.Chronology(s.d.win, cs.c, rows, func(out []chronology.Row) {
				if out == nil {
					out = []chronology.Row{}
				}
				s.saveChronology(xlsx, out)
			})
		}, s.d.win)
	dlg.Resize(fyne.NewSize(620, 360))
	dlg.Show()
}

// saveChronology asks where, then writes the chronology: the rows given (a
// redacted copy, never nil then), or the case's rows built afresh when rows
// is nil.
func (s *shell) saveChronology(xlsx bool, rows []chronology.Row) {
	ext := ".csv"
	if xlsx {
		ext = ".xlsx"
	}
	cs := s.cur
	name := "chronology-" + s.d.today().String() + ext
	if rows != nil {
		name = "redacted-" + name
	}
	s.d.files.saveFile(s.d.win, name, func(path string) {
		path = withExt(path, ext, []string{ext})
		cat, epoch := s.d.cat, s.d.epoch
		type result struct {
			n   int
			err error
		}
		kit.Background(func() result {
			if rows == nil {
				rows = chronology.Build(cs.c, cat, cs.asOf)
			}
			var buf bytes.Buffer
			var err error
			if xlsx {
				err = chronology.WriteXLSX(&buf, rows)
			} else {
				err = chronology.WriteCSV(&buf, rows)
			}
			if err == nil {
				err = writeExport(context.Background(), path, func(_ context.Context, w io.Writer) error {
					_, err := w.Write(buf.Bytes())
					return err
				})
			}
			return result{len(rows), err}
		}, func(r result) {
			if !s.alive(epoch) {
				return
			}
			if r.err != nil {
				s.d.showError("The chronology was not saved", r.err)
				return
			}
			s.d.showMessage("Chronology saved", fmt.Sprintf("%s: %s, saved in %s. It is not encrypted: keep it somewhere private.",
				map[bool]string{true: "Excel workbook", false: "CSV file"}[xlsx], countWords(r.n, "entry", "entries"), path))
		})
	})
}
