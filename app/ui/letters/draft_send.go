package letters

// A letter's page: exporting it and marking it sent.

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/redress-app/redress/app/casework"
	"github.com/redress-app/redress/app/ui/kit"
	"github.com/redress-app/redress/app/ui/redaction"
	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/letters"
	"github.com/redress-app/redress/store"
)

// exportFormats are the formats a letter can be saved in.
var exportFormats = []struct {
	label string
	f     casework.Format
	ext   string
}{
	{"PDF, to print or attach to an email", casework.PDF, ".pdf"},
	{"Word document (.docx), to change in Word or LibreOffice", casework.DOCX, ".docx"},
	{"Plain text, to paste into an email or the council's web form", casework.Text, ".txt"},
}

func (p *draftPage) onExport() {
	if p.d == nil || kit.SharingWarned(p.lc.lv.win, p.lc.c, "this letter", p.onExport) {
		return
	}
	p.needSaved("Exporting", func() {
		var labels []string
		for _, ef := range exportFormats {
			labels = append(labels, ef.label)
		}
		choice := widget.NewRadioGroup(labels, nil)
		choice.Required = true
		choice.SetSelected(labels[0])
		warn := kit.NoticeBox(theme.WarningIcon(), theme.ColorNameWarning, kit.Wrapped(
			"The file you save is not encrypted: anyone who can open that folder can read it. "+
				"Save it somewhere private, and delete it once it is sent if you do not need it."))
		redacted := redaction.Check()
		dlg := dialog.NewCustomConfirm("Export the letter", "Choose where to save…", "Cancel",
			container.NewVBox(kit.Wrapped("Save this letter as:"), choice, redacted, warn), func(ok bool) {
				if !ok {
					return
				}
				for _, ef := range exportFormats {
					if ef.label == choice.Selected && redacted.Checked {
						p.exportRedacted(ef.f, ef.ext)
					} else if ef.label == choice.Selected {
						p.exportTo(ef.f, ef.ext)
					}
				}
			}, p.lc.lv.win)
		dlg.Resize(fyne.NewSize(560, 360))
		dlg.Show()
	})
}

// exportFileName is the name offered for an exported letter: its kind and
// date, never anything from the case.
func exportFileName(d *casework.Draft, ext string) string {
	kind := strings.ReplaceAll(string(d.Request.Kind), "-", "")
	return fmt.Sprintf("letter-%s-%s%s", kind, d.Request.Date.String(), ext)
}

// exportTo asks where to save the letter in format f and writes it there,
// in the background, with a progress dialog.
func (p *draftPage) exportTo(f casework.Format, ext string) {
	d := p.d
	lv := p.lc.lv
	lv.Pick(lv.win, exportFileName(d, ext), []string{ext}, func(path string) {
		path = kit.WithExt(path, ext, []string{ext})
		bar := widget.NewProgressBarInfinite()
		prog := dialog.NewCustomWithoutButtons("Saving the letter", container.NewVBox(kit.Wrapped("Writing "+strings.ToUpper(strings.TrimPrefix(ext, "."))+"…"), bar), lv.win)
		prog.Show()
		kit.Background(func() error {
			var buf bytes.Buffer
			if err := d.Render(&buf, f); err != nil {
				return err
			}
			return kit.WriteExport(context.Background(), path, func(_ context.Context, w io.Writer) error {
				_, err := w.Write(buf.Bytes())
				return err
			})
		}, func(err error) {
			bar.Stop()
			prog.Hide()
			if err != nil {
				dialog.ShowInformation("The letter was not saved", kit.PlainError(err), lv.win)
				return
			}
			dialog.ShowInformation("Letter saved", fmt.Sprintf("The letter is saved as %s.\n\nThat file is not encrypted. "+
				"Keep it somewhere private, and delete it once it is sent if you do not need it.", kit.BaseName(path)), lv.win)
		})
	})
}

// onMarkSent asks the day the letter was sent, records it (the event that
// starts the council's clock) and says which deadline now runs.
func (p *draftPage) onMarkSent() {
	if p.d == nil || p.d.Status == store.LetterSent {
		return
	}
	lv := p.lc.lv
	p.needSaved("Marking the letter as sent", func() {
		d := p.d
		day := newDayEntry(lv.today, lv.today())
		what := "Redress records in the case that you sent it"
		if kind, _, ok := d.Request.Kind.SentEvent(d.Letter.Procedure); ok {
			if ki, ok := casefile.LookupKind(kind); ok {
				what += fmt.Sprintf(" (an event: “%s”)", ki.Label)
			}
			what += ", and the checks count the council's time to reply from that day."
		} else {
			what += "."
		}
		body := container.NewVBox(
			kit.Wrapped("When did you send it? For an email or the council's web form, the day you sent it is the day the council received it."),
			day.Field, day.hint,
			kit.Quiet(what+" The letter then stays exactly as it was sent."))
		dlg := dialog.NewCustomConfirm("Mark the letter as sent", "Mark as sent", "Cancel", body, func(ok bool) {
			if !ok {
				return
			}
			sentOn, err := day.Day()
			if err != nil {
				dialog.ShowInformation("Which day was it sent?", "Write the date like 6 November 2025 or 06/11/2025, then try again.", lv.win)
				return
			}
			p.markSent(sentOn)
		}, lv.win)
		dlg.Resize(fyne.NewSize(520, 300))
		dlg.Show()
	})
}

func (p *draftPage) markSent(on casefile.Date) {
	lv := p.lc.lv
	d := p.d
	p.busy = true
	p.sent.Disable()
	type result struct {
		s    *casework.Sending
		rule string
		err  error
	}
	kit.Background(func() result {
		s, err := casework.MarkSent(context.Background(), lv.v, p.lc.id, p.id, on, lv.cat)
		if err != nil {
			return result{err: err}
		}
		r := result{s: s}
		if dl, _, err := casework.CaseResponseDeadline(lv.cat, d.Request.Case, d.Request.Kind, d.Letter.Procedure, on); err == nil {
			r.rule = dl.Rule
		}
		return r
	}, func(r result) {
		p.busy = false
		if r.err != nil {
			p.refresh()
			dialog.ShowInformation("The letter was not marked as sent", kit.PlainError(r.err), lv.win)
			return
		}
		p.d = nil
		p.setDraft(r.s.Draft)
		msg := sentWords(r.s, d.Request.Kind, r.rule, on)
		dialog.ShowInformation("Marked as sent", msg, lv.win)
		p.lc.reload()
		lv.changed(p.lc.id)
	})
}

// sentWords says what marking a letter sent did: what was recorded and
// which deadline now runs, until when.
func sentWords(s *casework.Sending, kind letters.Kind, rule string, on casefile.Date) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Recorded: you sent this letter on %s.", on.Long())
	if s.Event != "" {
		b.WriteString(" The case's events now include it, so the checks count the council's time from that day.")
	}
	if !s.Deadline.IsZero() {
		fmt.Fprintf(&b, "\n\nThe council's deadline to reply now runs until %s", s.Deadline.Long())
		if rule != "" {
			fmt.Fprintf(&b, " (%s)", rule)
		}
		b.WriteString(". If no reply comes by then, Redress will suggest the next step.")
	} else {
		b.WriteString("\n\n" + noDeadlineSent(kind))
	}
	for _, n := range s.Notes {
		b.WriteString("\n\n" + n)
	}
	return b.String()
}

// noDeadlineSent says, once a letter that sets no deadline is sent, what to
// watch for instead: the council's own timescale, or the regulator's.
func noDeadlineSent(kind letters.Kind) string {
	switch kind {
	case letters.ICO:
		return "A complaint to the Information Commissioner sets no date for a reply, so none is counted. Note what the Commissioner's office says about its timescale when it answers."
	case letters.LGSCO:
		return "A complaint to the Ombudsman sets no date for a reply, so none is counted. Note what the Ombudsman says about its timescale when it answers."
	}
	return "The law sets no fixed time for the reply to this letter. Note the timescale the council gives when it answers."
}
