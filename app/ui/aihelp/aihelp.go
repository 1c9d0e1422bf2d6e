// Package aihelp is the desktop app's optional AI help with wording
// (letters/polish): improving a letter's or a note's wording, summarising a
// document and suggesting events from it, each shown before anything is
// sent and checked before anything is offered. The shell (app/ui) makes one
// Help and hands it to the tabs that offer it.
package aihelp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/redress-app/redress/app/casework"
	"github.com/redress-app/redress/app/casework/pack"
	"github.com/redress-app/redress/app/ui/kit"
	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/checks"
	"github.com/redress-app/redress/letters/polish"
	"github.com/redress-app/redress/store"
)

// Help is the optional AI help with wording (letters/polish): improving the
// wording of a letter or a note, summarising a document, and suggesting
// events from a document. It is off unless the vault's AI settings say it is
// on; then nothing is ever sent before the person has seen exactly what
// would go, with names and personal details replaced by placeholders (the
// table of what was hidden stays on screen, and never leaves the computer),
// and where it would go, and pressed Send. The reply streams in with a Cancel
// button; it is checked (the guard) before anything is offered, and a reply
// that fails is shown with its reasons and cannot be used as it is. Events
// are suggested one by one and each is recorded only when the person clicks.
type Help struct {
	win      fyne.Window
	v        *store.Vault
	settings func() (polish.Settings, bool)
	cat      *checks.Catalogue
	// Options say how the client connects; tests inject a dialer.
	Options []polish.Option

	// OnRecorded, if set, is called on the UI goroutine after an event
	// suggested from a document was recorded, so the app can reload the case.
	OnRecorded func(caseID string)

	last *Session // the dialog shown last
}

// New makes the AI help for vault v. settings returns the AI settings
// as the vault holds them (polish.DecodeSettings of the stored value) and
// whether they could be read; help is off unless they could and say Enabled.
func New(win fyne.Window, v *store.Vault, settings func() (polish.Settings, bool)) *Help {
	return &Help{win: win, v: v, settings: settings, cat: checks.Default()}
}

// Enabled reports whether AI help is turned on.
func (a *Help) Enabled() bool {
	if a == nil || a.settings == nil {
		return false
	}
	s, ok := a.settings()
	return ok && s.Enabled
}

// off says that AI help is off, and is what every use shows then: no client
// is made, so nothing can be sent.
func (a *Help) off() bool {
	if a.Enabled() {
		return false
	}
	dialog.ShowInformation("AI help is turned off",
		"AI help is off, so nothing is sent anywhere. You can turn it on in Settings, with a model on this computer or a service you choose.", a.win)
	return true
}

// allCitations are the catalogue's citations as the guard takes them: a
// note or a summary may cite what the rules cite, nothing else.
func (a *Help) allCitations() []string {
	var cs []casefile.Citation
	for _, r := range a.cat.Rules {
		for _, rc := range r.Citations {
			cs = append(cs, rc.Citation())
		}
	}
	return polish.CatalogueCitations(cs)
}

// senderHidden is the sender's name and address, to hide them too.
func (a *Help) senderHidden() (names, addresses []string) {
	s, err := casework.LoadSender(context.Background(), a.v)
	if err != nil {
		return nil, nil
	}
	if n := strings.TrimSpace(s.Name); n != "" {
		names = append(names, n)
	}
	if ad := strings.TrimSpace(s.Address); ad != "" {
		addresses = append(addresses, strings.Join(strings.Fields(strings.ReplaceAll(ad, "\n", ", ")), " "))
		for _, l := range strings.Split(ad, "\n") {
			if l = strings.TrimSpace(l); l != "" {
				addresses = append(addresses, l)
			}
		}
	}
	return names, addresses
}

// ImproveLetter offers to improve the wording of draft d of case caseID. If
// the person uses the new wording, apply is called (on the UI goroutine) with
// a copy of d holding it, not yet saved; d itself is never changed.
func (a *Help) ImproveLetter(caseID string, d *casework.Draft, apply func(*casework.Draft)) {
	if a.off() || d == nil {
		return
	}
	dc := *d
	type prepared struct {
		pol *casework.Polishing
		err error
	}
	kit.Background(func() prepared {
		c, err := a.v.LoadCase(context.Background(), caseID)
		if err != nil {
			return prepared{err: err}
		}
		pol, err := casework.PreparePolish(&dc, c)
		return prepared{pol, err}
	}, func(p prepared) {
		if p.err != nil {
			dialog.ShowInformation("AI help could not start", kit.PlainError(p.err), a.win)
			return
		}
		var polished *casework.Draft
		s := a.newSession("Improve the wording of the letter", p.pol.Preview(),
			func(ctx context.Context, cl *polish.Client, onChunk func(string)) (any, error) {
				res, err := cl.Run(ctx, p.pol.Prepared(), onChunk)
				if err != nil {
					return nil, err
				}
				// Apply works on the copy: the draft shown stays as it is
				// until the person chooses the new wording.
				if err := p.pol.Apply(res); err != nil {
					return err, nil
				}
				nd := dc
				polished = &nd
				return res, nil
			})
		s.done = func(out any) {
			if rej, ok := out.(error); ok {
				s.showRejected(reasonsOf(rej), "")
				return
			}
			// Each side as the letter will look: its plain text is wrapped
			// for a file at 72 columns, and wrapped again here it reads
			// in broken lines.
			s.showCompare("Your letter", kit.LetterPaper(d.Letter), "With the new wording", kit.LetterPaper(polished.Letter), "Use this wording", func() { apply(polished) })
		}
		s.show()
	})
}

// ImproveNote offers to improve the wording of a note's text, for case c.
// If the person uses the new wording, apply is called with it.
func (a *Help) ImproveNote(caseID string, c *casefile.Case, text string, apply func(string)) {
	if a.off() {
		return
	}
	a.start("Improve the wording of the note", func() (*polish.Prepared, error) { return a.prepare(c, text, polish.PrepareImprove) }, runChecked,
		func(s *Session, out any) {
			res := out.(*polish.Result)
			got, err := res.AcceptedText()
			if err != nil {
				s.showRejected(res.Reasons(), res.Text)
				return
			}
			s.showCompare("Your note", textScroll(text), "Suggested wording", textScroll(got), "Use this wording", func() { apply(got) })
		})
}

// Summarise offers a summary of document doc of case c for the chronology.
// It works for text documents and emails; for others it says so. If the
// person uses the summary, apply is called with it.
func (a *Help) Summarise(caseID string, c *casefile.Case, doc casefile.Document, apply func(string)) {
	if a.off() {
		return
	}
	a.withDocumentText(caseID, doc, func(text string) {
		a.start("Summarise “"+doc.Name+"”", func() (*polish.Prepared, error) { return a.prepare(c, text, polish.PrepareSummary) }, runChecked,
			func(s *Session, out any) {
				res := out.(*polish.Result)
				got, err := res.AcceptedText()
				if err != nil {
					s.showRejected(res.Reasons(), res.Text)
					return
				}
				s.showSummary(got, func() { apply(got) })
			})
	})
}

// SuggestEvents offers events found in document doc of case c, one by one:
// each is recorded (v.AddEvent, with the document as its evidence) only when
// the person clicks to record it.
func (a *Help) SuggestEvents(caseID string, c *casefile.Case, doc casefile.Document) {
	if a.off() {
		return
	}
	a.withDocumentText(caseID, doc, func(text string) {
		a.start("Suggest events from “"+doc.Name+"”", func() (*polish.Prepared, error) { return a.prepare(c, text, polish.PrepareSuggestions) },
			func(ctx context.Context, cl *polish.Client, p *polish.Prepared, onChunk func(string)) (any, error) {
				return cl.SuggestEvents(ctx, p, onChunk)
			},
			func(s *Session, out any) {
				set := out.(*polish.SuggestionSet)
				if set.Err != nil {
					s.showError(set.Err)
					return
				}
				s.showSuggestions(caseID, doc, set)
			})
	})
}

// runChecked sends a prepared request and returns the checked reply.
func runChecked(ctx context.Context, cl *polish.Client, p *polish.Prepared, onChunk func(string)) (any, error) {
	return cl.Run(ctx, p, onChunk)
}

// withDocumentText reads a document's text in the background, then calls
// then with it; a document Redress cannot read text from is said in words.
func (a *Help) withDocumentText(caseID string, doc casefile.Document, then func(string)) {
	type result struct {
		text string
		err  error
	}
	kit.Background(func() result {
		t, err := documentText(context.Background(), a.v, caseID, doc)
		return result{t, err}
	}, func(r result) {
		if r.err != nil {
			dialog.ShowInformation("AI help cannot read this document", documentTextWords(r.err, doc), a.win)
			return
		}
		then(r.text)
	})
}

// prepare prepares a request about text, hiding the sender's details too.
func (a *Help) prepare(c *casefile.Case, text string, how func(polish.Input) (*polish.Prepared, error)) (*polish.Prepared, error) {
	names, addrs := a.senderHidden()
	return how(polish.Input{Case: c, Text: text, Citations: a.allCitations(), Names: names, Addresses: addrs})
}

// start prepares a request in the background, shows what will be sent, and
// on Send runs it and hands what came back to done.
func (a *Help) start(title string, prep func() (*polish.Prepared, error),
	run func(context.Context, *polish.Client, *polish.Prepared, func(string)) (any, error), done func(*Session, any)) {
	type prepared struct {
		p   *polish.Prepared
		err error
	}
	kit.Background(func() prepared {
		p, err := prep()
		return prepared{p, err}
	}, func(r prepared) {
		if r.err != nil {
			dialog.ShowInformation("AI help could not start", kit.PlainError(r.err), a.win)
			return
		}
		s := a.newSession(title, r.p.Preview(), func(ctx context.Context, cl *polish.Client, onChunk func(string)) (any, error) {
			return run(ctx, cl, r.p, onChunk)
		})
		s.done = func(out any) { done(s, out) }
		s.show()
	})
}

func reasonsOf(err error) []string {
	var pr *casework.PolishRejected
	if errors.As(err, &pr) {
		return pr.Reasons
	}
	return []string{kit.PlainError(err)}
}

// Session is one use of AI help, in one dialog: what will be sent, then
// the reply as it streams in, then the checked result or what went wrong.
type Session struct {
	a       *Help
	title   string
	preview polish.Preview
	run     func(ctx context.Context, cl *polish.Client, onChunk func(string)) (any, error)
	done    func(out any)

	dlg  dialog.Dialog
	body *fyne.Container

	// The buttons of the stage shown, for tests: nil when not shown.
	send, cancel, use, keep, retry, closeBtn *widget.Button
	record, skip, back                       *widget.Button
	streamed                                 *widget.Label
	stage                                    string // "preview", "sending", "result", "rejected", "error", "suggestion", "suggestions-done"

	stop    context.CancelFunc
	mu      sync.Mutex
	buf     strings.Builder
	pending bool
}

func (a *Help) newSession(title string, pv polish.Preview, run func(context.Context, *polish.Client, func(string)) (any, error)) *Session {
	s := &Session{a: a, title: title, preview: pv, run: run, body: container.NewStack()}
	a.last = s
	return s
}

func (s *Session) show() {
	s.dlg = dialog.NewCustomWithoutButtons(s.title, s.body, s.a.win)
	size := s.a.win.Canvas().Size()
	s.dlg.Resize(fyne.NewSize(min(980, max(size.Width-60, 600)), min(700, max(size.Height-60, 460))))
	s.showPreview()
	s.dlg.Show()
}

// Stop stops the request being sent, if any, and closes the dialog (for
// locking: nothing of the case goes on being sent once the vault is locked).
func (a *Help) Stop() {
	if a != nil && a.last != nil {
		a.last.close()
	}
}

func (s *Session) close() {
	if s.stop != nil {
		s.stop()
	}
	s.dlg.Hide()
}

func (s *Session) set(stage string, o fyne.CanvasObject, buttons ...fyne.CanvasObject) {
	s.stage = stage
	bar := container.NewHBox(buttons...)
	s.body.Objects = []fyne.CanvasObject{container.NewBorder(nil, container.NewVBox(widget.NewSeparator(), container.NewBorder(nil, nil, nil, bar)), nil, nil, o)}
	s.body.Refresh()
}

func (s *Session) clearButtons() {
	s.send, s.cancel, s.use, s.keep, s.retry, s.closeBtn = nil, nil, nil, nil, nil, nil
	s.record, s.skip, s.back = nil, nil, nil
}

// showPreview is the first stage: exactly what will be sent, what was
// hidden, and where it goes. Nothing is sent before Send.
func (s *Session) showPreview() {
	s.clearButtons()
	settings, _ := s.a.settings()
	dest, err := polish.Where(settings.Endpoint)
	var where fyne.CanvasObject
	if err != nil {
		where = kit.NoticeBox(theme.ErrorIcon(), theme.ColorNameError, kit.Wrapped("The AI server's address in Settings cannot be used. "+kit.PlainError(polish.ErrBadSettings)))
	} else {
		colour, icon := theme.ColorNameSuccess, theme.ComputerIcon()
		if dest.Place.ThirdParty() {
			colour, icon = theme.ColorNameWarning, theme.WarningIcon()
		}
		where = kit.NoticeBox(icon, colour, container.NewVBox(
			widget.NewLabelWithStyle("Where it goes", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
			kit.Wrapped(dest.Statement+" Model: "+settings.Model+".")))
	}
	text := kit.Wrapped(s.preview.User)
	textScroll := container.NewVScroll(container.NewPadded(text))
	instr := kit.Wrapped(s.preview.System)
	sent := container.NewAppTabs(
		container.NewTabItem("The text that will be sent", textScroll),
		container.NewTabItem("The instructions sent with it", container.NewVScroll(container.NewPadded(instr))),
	)
	hidden := container.NewVBox(widget.NewLabelWithStyle("Hidden before sending", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		kit.Quiet("These stay on this computer. The reply is given back with them put back in."))
	if len(s.preview.Hidden) == 0 {
		hidden.Add(kit.Quiet("No names or personal details were found in the text."))
	} else {
		// The placeholders' column is as wide as the widest; the originals
		// have the rest (two equal columns cut long names short).
		grid := container.New(layout.NewFormLayout())
		for _, h := range s.preview.Hidden {
			ph := widget.NewLabelWithStyle(h.Placeholder, fyne.TextAlignLeading, fyne.TextStyle{Monospace: true})
			orig := widget.NewLabel(h.Original)
			orig.Truncation = fyne.TextTruncateEllipsis
			grid.Add(ph)
			grid.Add(orig)
		}
		hidden.Add(grid)
	}
	split := container.NewHSplit(sent, container.NewVScroll(hidden))
	split.SetOffset(0.66)
	top := container.NewVBox(where, kit.Wrapped("Read what will be sent. Names, addresses, dates of birth, phone numbers and emails are replaced by placeholders such as [CHILD-1]. "+
		"Nothing leaves this computer until you press Send."))
	s.send = widget.NewButtonWithIcon("Send", theme.MailSendIcon(), s.onSend)
	s.send.Importance = widget.HighImportance
	if err != nil {
		s.send.Disable()
	}
	s.cancel = widget.NewButton("Cancel", s.close)
	s.set("preview", container.NewBorder(top, nil, nil, nil, split), s.cancel, s.send)
}

// onSend sends the request and streams the reply, with a Cancel button.
func (s *Session) onSend() {
	settings, ok := s.a.settings()
	if !ok || !settings.Enabled {
		s.showError(polish.ErrDisabled)
		return
	}
	cl, err := polish.New(settings, s.a.Options...)
	if err != nil {
		s.showError(err)
		return
	}
	ctx, stop := context.WithCancel(context.Background())
	s.stop = stop
	s.clearButtons()
	s.mu.Lock()
	s.buf.Reset()
	s.mu.Unlock()
	s.streamed = kit.Wrapped("")
	bar := widget.NewProgressBarInfinite()
	waitWords := fmt.Sprintf("Waiting for the reply from %s. Redress stops waiting after %s.", cl.Destination().Host, durationWords(settings.Timeout()))
	s.cancel = widget.NewButtonWithIcon("Cancel", theme.CancelIcon(), func() { stop() })
	s.set("sending", container.NewBorder(container.NewVBox(kit.Wrapped(waitWords), bar,
		kit.Quiet("The reply appears here as it arrives. It is checked before anything is offered.")), nil, nil, nil,
		container.NewVScroll(container.NewPadded(s.streamed))), s.cancel)
	onChunk := func(piece string) {
		s.mu.Lock()
		s.buf.WriteString(piece)
		if s.pending {
			s.mu.Unlock()
			return
		}
		s.pending = true
		s.mu.Unlock()
		// later, not fyne.Do: the piece comes from the network goroutine,
		// and what it shows must go through the UI goroutine's lock.
		kit.Later(func() {
			s.mu.Lock()
			text := s.buf.String()
			s.pending = false
			s.mu.Unlock()
			if s.stage == "sending" {
				s.streamed.SetText(text)
			}
		})
	}
	type result struct {
		out any
		err error
	}
	kit.Background(func() result {
		out, err := s.run(ctx, cl, onChunk)
		return result{out, err}
	}, func(r result) {
		bar.Stop()
		stop()
		s.stop = nil
		if r.err != nil {
			s.showError(r.err)
			return
		}
		s.done(r.out)
	})
}

func durationWords(d interface{ Seconds() float64 }) string {
	sec := int(d.Seconds())
	if sec%60 == 0 && sec >= 60 {
		return kit.Plural(sec/60, "minute", "minutes")
	}
	return kit.Plural(sec, "second", "seconds")
}

// showError says what went wrong and what to do, with Try again.
func (s *Session) showError(err error) {
	s.clearButtons()
	s.retry = widget.NewButtonWithIcon("Try again", theme.ViewRefreshIcon(), s.showPreview)
	s.closeBtn = widget.NewButton("Close", s.close)
	if errors.Is(err, polish.ErrCanceled) || errors.Is(err, context.Canceled) {
		// The person stopped it: not an error, and nothing to alarm.
		s.set("error", container.NewVBox(kit.NoticeBox(theme.InfoIcon(), theme.ColorNamePrimary, kit.Wrapped("You stopped the request. Nothing was changed."))),
			s.closeBtn, s.retry)
		return
	}
	s.set("error", container.NewVBox(kit.NoticeBox(theme.ErrorIcon(), theme.ColorNameError, kit.Wrapped(kit.PlainError(err))),
		kit.Quiet("Nothing was changed.")), s.closeBtn, s.retry)
}

// showRejected shows why a reply cannot be used. There is no way to use it
// as it is: the person can try again or keep their own words.
func (s *Session) showRejected(reasons []string, reply string) {
	s.clearButtons()
	var lines []string
	for _, r := range reasons {
		lines = append(lines, "• "+r)
	}
	objs := []fyne.CanvasObject{
		kit.NoticeBox(theme.WarningIcon(), theme.ColorNameWarning, container.NewVBox(
			widget.NewLabelWithStyle("The reply was not used", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
			kit.Wrapped("Redress checks every reply so that nothing is added that is not in your record: no rule, case, date, name or time limit it does not have. "+
				"This reply did not pass, so it cannot be used as it is:"),
			kit.Wrapped(strings.Join(lines, "\n")))),
		kit.Quiet("Your own words are unchanged. You can try again (a reply differs each time), or keep your words."),
	}
	if reply != "" {
		r := kit.Wrapped(reply)
		r.SizeName = theme.SizeNameCaptionText
		acc := widget.NewAccordion(widget.NewAccordionItem("What the AI wrote (not used)", r))
		objs = append(objs, acc)
	}
	s.retry = widget.NewButtonWithIcon("Try again", theme.ViewRefreshIcon(), s.showPreview)
	s.keep = widget.NewButton("Keep mine", s.close)
	s.set("rejected", container.NewVScroll(container.NewPadded(container.NewVBox(objs...))), s.retry, s.keep)
}

// showCompare shows the person's words beside the checked new wording, to
// use or not.
func (s *Session) showCompare(leftTitle string, left fyne.CanvasObject, rightTitle string, right fyne.CanvasObject, useWords string, use func()) {
	s.clearButtons()
	col := func(title string, o fyne.CanvasObject) fyne.CanvasObject {
		return container.NewBorder(widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), nil, nil, nil, o)
	}
	ok := passedBanner("The reply passed Redress's checks: it adds no rule, case, date, name or time limit that is not in your record.")
	split := container.NewHSplit(col(leftTitle, left), col(rightTitle, right))
	s.use = widget.NewButtonWithIcon(useWords, theme.ConfirmIcon(), func() {
		s.close()
		use()
	})
	s.use.Importance = widget.HighImportance
	s.keep = widget.NewButton("Keep mine", s.close)
	s.set("result", container.NewBorder(ok, nil, nil, nil, split), s.keep, s.use)
}

// textScroll is text to read, wrapped, in a scroll.
func textScroll(text string) fyne.CanvasObject {
	return container.NewVScroll(container.NewPadded(kit.Wrapped(text)))
}

// passedBanner says that a reply passed the checks, beside a tick. The
// words take the width left by the icon (in an HBox a wrapped label would
// get none, and stand one letter a line).
func passedBanner(words string) fyne.CanvasObject {
	ic := widget.NewIcon(theme.NewColoredResource(theme.ConfirmIcon(), theme.ColorNameSuccess))
	return container.NewBorder(nil, nil, container.NewVBox(ic), nil, kit.Wrapped(words))
}

func (s *Session) showSummary(text string, use func()) {
	s.clearButtons()
	ok := passedBanner("The summary passed Redress's checks: every date, name and rule in it is in the document or your record.")
	s.use = widget.NewButtonWithIcon("Use this summary", theme.ConfirmIcon(), func() {
		s.close()
		use()
	})
	s.use.Importance = widget.HighImportance
	s.keep = widget.NewButton("Close", s.close)
	s.set("result", container.NewBorder(ok, nil, nil, nil, container.NewVScroll(container.NewPadded(kit.Wrapped(text)))), s.keep, s.use)
}

// suggestion states.
const (
	suggestPending = iota
	suggestRecorded
	suggestSkipped
)

// showSuggestions offers the suggested events one by one.
func (s *Session) showSuggestions(caseID string, doc casefile.Document, set *polish.SuggestionSet) {
	states := make([]int, len(set.Suggestions))
	idx := 0
	var showOne func()
	finish := func() {
		s.clearButtons()
		rec, skipped := 0, 0
		for _, st := range states {
			switch st {
			case suggestRecorded:
				rec++
			case suggestSkipped:
				skipped++
			}
		}
		objs := []fyne.CanvasObject{kit.Wrapped(fmt.Sprintf("You recorded %s from this document and skipped %d. Recorded events are in the Events tab, with the document as their evidence.",
			kit.Plural(rec, "event", "events"), skipped))}
		objs = append(objs, droppedObjects(set.Dropped)...)
		s.closeBtn = widget.NewButton("Close", s.close)
		if len(states) > 0 {
			s.back = widget.NewButtonWithIcon("Back to the suggestions", theme.NavigateBackIcon(), func() { idx = 0; showOne() })
			s.set("suggestions-done", container.NewVScroll(container.NewVBox(objs...)), s.back, s.closeBtn)
			return
		}
		s.set("suggestions-done", container.NewVScroll(container.NewVBox(objs...)), s.closeBtn)
	}
	showOne = func() {
		if idx >= len(set.Suggestions) {
			finish()
			return
		}
		s.clearButtons()
		sg := set.Suggestions[idx]
		i := idx
		label, explain := string(sg.Kind), ""
		if ki, ok := casefile.LookupKind(sg.Kind); ok {
			label, explain = ki.Label, ki.Explain
		}
		when := sg.Date.Weekday().String() + " " + sg.Date.Long()
		if !sg.Time.IsZero() {
			when += " at " + sg.Time.String()
		}
		title := widget.NewLabelWithStyle(label, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		title.SizeName = theme.SizeNameSubHeadingText
		objs := []fyne.CanvasObject{
			kit.Quiet(fmt.Sprintf("Suggestion %d of %d. Nothing is recorded unless you choose “Record this event”.", i+1, len(set.Suggestions))),
			title,
		}
		if explain != "" {
			objs = append(objs, kit.Quiet(explain))
		}
		objs = append(objs, widget.NewForm(
			widget.NewFormItem("When", widget.NewLabel(when)),
			widget.NewFormItem("What happened", kit.Wrapped(sg.Detail)),
		))
		if sg.Quote != "" {
			q := kit.Wrapped("“" + sg.Quote + "”")
			q.TextStyle.Italic = true
			objs = append(objs, widget.NewLabelWithStyle("The document says", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), q)
		}
		switch states[i] {
		case suggestRecorded:
			objs = append(objs, kit.NoticeBox(theme.ConfirmIcon(), theme.ColorNameSuccess, kit.Wrapped("Recorded.")))
		case suggestSkipped:
			objs = append(objs, kit.Quiet("Skipped: not recorded."))
		}
		if len(set.Dropped) > 0 {
			objs = append(objs, kit.Quiet(fmt.Sprintf("%s did not pass the checks and %s not offered; the reasons are listed at the end.",
				kit.Capitalise(kit.Plural(len(set.Dropped), "other suggestion", "other suggestions")), map[bool]string{true: "is", false: "are"}[len(set.Dropped) == 1])))
		}
		s.record = widget.NewButtonWithIcon("Record this event", theme.ConfirmIcon(), func() {
			s.recordSuggestion(caseID, doc, sg, func() {
				states[i] = suggestRecorded
				idx = i + 1
				showOne()
			})
		})
		s.record.Importance = widget.HighImportance
		if states[i] == suggestRecorded {
			s.record.Disable()
		}
		s.skip = widget.NewButton("Skip", func() {
			if states[i] != suggestRecorded {
				states[i] = suggestSkipped
			}
			idx = i + 1
			showOne()
		})
		s.back = widget.NewButtonWithIcon("Previous", theme.NavigateBackIcon(), func() { idx = i - 1; showOne() })
		if i == 0 {
			s.back.Disable()
		}
		s.closeBtn = widget.NewButton("Close", s.close)
		s.set("suggestion", container.NewVScroll(container.NewVBox(objs...)), s.closeBtn, s.back, s.skip, s.record)
	}
	if len(set.Suggestions) == 0 {
		s.clearButtons()
		objs := []fyne.CanvasObject{kit.Wrapped("The AI found no events in this document that pass Redress's checks.")}
		objs = append(objs, droppedObjects(set.Dropped)...)
		s.closeBtn = widget.NewButton("Close", s.close)
		s.set("suggestions-done", container.NewVScroll(container.NewVBox(objs...)), s.closeBtn)
		return
	}
	showOne()
}

// droppedObjects lists the suggestions that failed the checks, with why.
func droppedObjects(ds []polish.DroppedSuggestion) []fyne.CanvasObject {
	if len(ds) == 0 {
		return nil
	}
	objs := []fyne.CanvasObject{widget.NewLabelWithStyle("Not offered, because they did not pass the checks", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})}
	for _, d := range ds {
		objs = append(objs, kit.Wrapped("• "+droppedWords(d.Raw)+"\n   "+strings.Join(d.Reasons, " ")))
	}
	return objs
}

// droppedWords says in words what a suggestion that failed the checks said:
// its date, its kind and what happened, as the AI wrote them, or failing
// that the AI's own words on one line. The AI's words are shown as they
// are, never taken as a kind or a date Redress knows.
func droppedWords(raw string) string {
	var f map[string]any
	if err := json.Unmarshal([]byte(raw), &f); err != nil {
		return "The AI wrote: " + kit.OneLine(raw)
	}
	field := func(k string) string {
		v, _ := f[k].(string)
		return kit.OneLine(v)
	}
	var parts []string
	if d := field("date"); d != "" {
		if day, err := casefile.ParseDate(d); err == nil {
			d = day.Long()
		}
		parts = append(parts, d)
	}
	if k := field("kind"); k != "" {
		if ki, ok := casefile.LookupKind(casefile.Kind(k)); ok {
			k = ki.Label
		} else {
			k = "“" + k + "”"
		}
		parts = append(parts, k)
	}
	what := strings.Join(parts, ", ")
	if d := field("detail"); d != "" {
		if what != "" {
			what += ": "
		}
		what += d
	}
	if what == "" {
		return "The AI wrote: " + kit.OneLine(raw)
	}
	return what
}

// recordSuggestion records a suggested event, with the document as its
// evidence, then calls then.
func (s *Session) recordSuggestion(caseID string, doc casefile.Document, sg polish.Suggestion, then func()) {
	a := s.a
	if s.record != nil {
		s.record.Disable()
	}
	e := casefile.Event{Kind: sg.Kind, Date: sg.Date, Time: sg.Time, Detail: sg.Detail, Evidence: []string{doc.ID}}
	kit.Background(func() error {
		ctx := context.Background()
		id, err := pack.OwnIDFor(ctx, a.v, caseID) // the receiver's own, in a case added from a pack
		if err != nil {
			return err
		}
		e.ID = id
		_, err = a.v.AddEvent(ctx, caseID, e)
		return err
	}, func(err error) {
		if err != nil {
			dialog.ShowInformation("The event was not recorded", kit.PlainError(err), a.win)
			if s.record != nil {
				s.record.Enable()
			}
			return
		}
		if a.OnRecorded != nil {
			a.OnRecorded(caseID)
		}
		then()
	})
}

// Last is the dialog shown last, nil before the first: for tests, which drive it.
func (a *Help) Last() *Session { return a.last }

// Stage is the stage the dialog shows: "preview", "sending", "result",
// "rejected", "error", "suggestion" or "suggestions-done".
func (s *Session) Stage() string { return s.stage }

// Title is the dialog's title.
func (s *Session) Title() string { return s.title }

// Body is what the dialog shows.
func (s *Session) Body() *fyne.Container { return s.body }

// Preview is what would be sent.
func (s *Session) Preview() polish.Preview { return s.preview }

// Streamed is the reply as it streams in, nil when not shown.
func (s *Session) Streamed() *widget.Label { return s.streamed }

// Button is the button of the stage shown named name ("send", "cancel",
// "use", "keep", "retry", "close", "record", "skip", "back"), nil when it is
// not shown.
func (s *Session) Button(name string) *widget.Button {
	return map[string]*widget.Button{"send": s.send, "cancel": s.cancel, "use": s.use, "keep": s.keep, "retry": s.retry,
		"close": s.closeBtn, "record": s.record, "skip": s.skip, "back": s.back}[name]
}
