package ui

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"regexp"
	"strings"
	"syscall"
	"time"

	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/redress-app/redress/app/casework"
	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/checks"
	"github.com/redress-app/redress/letters"
	"github.com/redress-app/redress/letters/bundle"
	"github.com/redress-app/redress/letters/polish"
)

// This file holds the words and small widgets the Letters, Bundle and AI help
// components share: the kinds of letter and the complaints procedures in
// plain words, errors as sentences, and reading a date as people type it.

// letterKind is a kind of letter as the Letters tab offers it.
type letterKind struct {
	kind  letters.Kind
	label string // what the choice says
	note  string // one sentence on when to use it
}

// letterKinds are the letters Redress drafts, in the order they are offered.
var letterKinds = []letterKind{
	{letters.Stage1, "Stage 1 complaint",
		"Your complaint to the council, point by point, saying what went wrong and what you are asking for."},
	{letters.Stage2, "Ask for a stage 2 investigation",
		"When the answer to your stage 1 complaint did not put things right, or did not come in time."},
	{letters.Stage3, "Ask for a review panel (stage 3)",
		"When stage 2 did not put things right: a panel with independent members looks at your complaint. Only the Children Act 1989 procedure has this stage."},
	{letters.LGSCO, "Complaint to the Ombudsman",
		"To the Local Government and Social Care Ombudsman, normally once the council's own complaints process has finished."},
	{letters.SAR, "Ask for your records (subject access request)",
		"Asks the council for a copy of the personal information it holds about you."},
	{letters.Rectification, "Ask for records to be corrected",
		"When the council's records about you say something wrong or leave something out."},
	{letters.JRLetter, "Letter before claim (judicial review) — for a solicitor to check",
		"The formal letter that comes before a claim asking the High Court to review a decision. Have a solicitor check it before it is sent."},
}

// kindInfo returns how kind k is offered.
func kindInfo(k letters.Kind) letterKind {
	for _, lk := range letterKinds {
		if lk.kind == k {
			return lk
		}
	}
	return letterKind{kind: k, label: k.Label()}
}

// kindName is a kind of letter as a list names it: "Stage 1 complaint".
func kindName(k letters.Kind, p letters.Procedure) string {
	name := kindInfo(k).label
	if i := strings.Index(name, " — "); i >= 0 {
		name = name[:i]
	}
	if k.Staged() {
		switch p {
		case letters.Corporate:
			name += " (council's own procedure)"
		case letters.Conference:
			name += " (conference complaints)"
		default:
			name += " (Children Act 1989 procedure)"
		}
	}
	return name
}

// letterProcedure is a complaints procedure as the Letters tab offers it.
type letterProcedure struct {
	proc  letters.Procedure
	label string
	note  string // one sentence on what it is for
}

// letterProcedures are the three complaints procedures (DESIGN section 6;
// REFERENCE.md section 4), each explained in one sentence.
var letterProcedures = []letterProcedure{
	{letters.Corporate, "The council's own complaints procedure",
		"Where complaints about section 47 enquiries and other child protection work go: the Children Act 1989 procedure does not cover them."},
	{letters.Statutory, "The Children Act 1989 complaints procedure",
		"For children's services' work such as assessments and services for children in need: three stages, with time limits set in regulations."},
	{letters.Conference, "The safeguarding partnership's conference complaints procedure",
		"For complaints about a child protection conference, how it was run or what it decided. Time limits vary from area to area."},
}

func procedureInfo(p letters.Procedure) letterProcedure {
	if p == "" {
		p = letters.Statutory
	}
	for _, lp := range letterProcedures {
		if lp.proc == p {
			return lp
		}
	}
	return letterProcedure{proc: p, label: string(p)}
}

// today is the date in England now, by the clock now.
func today(now func() time.Time) casefile.Date {
	return casefile.DateOf(now().In(checks.London))
}

// plainError turns an error from the letters, bundles or AI help into what a
// person reads: what happened and what to do next. A Go error string never
// reaches the screen, except the sentences the letters and casework packages
// write for people (a bad date, a line of the letter's text that cannot be
// read), which are passed on in their own words.
func plainError(err error) string {
	var re *casework.RouteError
	var pe *polish.Error
	var pr *casework.PolishRejected
	switch {
	case err == nil:
		return ""
	case errors.Is(err, context.Canceled), errors.Is(err, polish.ErrCanceled):
		return "Stopped before it finished. Nothing was changed."
	case errors.As(err, &pr):
		return "The AI's wording was not used, because it does not pass Redress's checks: " + strings.Join(pr.Reasons, " ")
	case errors.Is(err, casework.ErrSent):
		return "This letter has been sent, so it stays exactly as it was sent. To say more, draft a new letter."
	case errors.As(err, &re):
		return routeSentence(re)
	case errors.Is(err, casefile.ErrLocked):
		return "The vault is locked. Unlock it with your passphrase and try again."
	case errors.Is(err, casefile.ErrTampered):
		return "Part of this case's record does not check out: it may have been damaged, or changed outside Redress. " +
			"Nothing has been changed. Use Verify in Settings to see what is wrong."
	case errors.Is(err, casefile.ErrExists):
		return "That was done already. The screen now shows it as it stands."
	case errors.Is(err, casefile.ErrNotFound):
		return "Something this needs is no longer in the case: it may have been archived. Open the case again and try again."
	case errors.Is(err, casefile.ErrInvalidCase):
		return "This letter's saved form could not be read. Nothing was changed. Draft the letter again, or restore the vault from a backup."
	case errors.Is(err, syscall.ENOSPC):
		return "The disk is full, so the file was not saved. Free some space and try again."
	case errors.Is(err, fs.ErrPermission):
		return "Redress is not allowed to save in that folder. Choose another folder, such as your Documents folder."
	case errors.Is(err, fs.ErrNotExist):
		return "That folder is not there any more. Choose another place to save."
	case errors.Is(err, casework.ErrSections), errors.Is(err, bundle.ErrSpec):
		return "The bundle's sections could not be put together. Check that every section has something in it, then try again."
	case errors.Is(err, polish.ErrDisabled):
		return "AI help is turned off. You can turn it on in Settings."
	case errors.Is(err, polish.ErrBadSettings):
		return "The AI settings are not complete. In Settings, give the server's address (starting http://, https:// or unix://) and the model's name."
	case errors.Is(err, polish.ErrUnreachable):
		return "The AI server could not be reached. Check that it is running and that the address in Settings is right, then try again."
	case errors.Is(err, polish.ErrTimeout):
		return "The AI server took too long to answer, so Redress stopped waiting. Try again, or try a smaller model."
	case errors.As(err, &pe) && pe.Kind == polish.ErrHTTPStatus && (pe.Status == http.StatusUnauthorized || pe.Status == http.StatusForbidden):
		return "The AI server refused the API key. Check the key in Settings and try again."
	case errors.As(err, &pe) && pe.Kind == polish.ErrHTTPStatus && pe.Status == http.StatusNotFound:
		return "The AI server does not know this address or this model. Check both in Settings and try again."
	case errors.Is(err, polish.ErrHTTPStatus):
		return "The AI server answered with an error. Try again later, or check the settings."
	case errors.Is(err, polish.ErrMalformedReply), errors.Is(err, polish.ErrEmptyReply), errors.Is(err, polish.ErrBadSuggestions):
		return "The AI server's answer could not be read. Try again, or try another model: some small models do not follow the instructions."
	case errors.Is(err, polish.ErrTooLong):
		return fmt.Sprintf("This text is too long to send in one go: the most is %d characters.", polish.MaxInput)
	case errors.Is(err, polish.ErrNothingToSend):
		return "There is no text to send."
	case errors.Is(err, letters.ErrRequest):
		return requestSentence(err)
	}
	return "Something went wrong and this step did not finish. What you saved before is safe. Try again; if it keeps happening, restart Redress."
}

// routeSentence says why findings need separate letters.
func routeSentence(re *casework.RouteError) string {
	if re.All && len(re.Groups) == 0 {
		return fmt.Sprintf("The checks find nothing late, missed or of concern in this case as of %s, so there is nothing for this letter to raise.", re.AsOf.Long())
	}
	if re.All {
		return "None of the case's findings goes to " + casework.RouteWords(string(re.Route)) + ". Choose the findings yourself, or another kind of letter."
	}
	return "The findings you chose go to different places, so they need separate letters."
}

var markupLine = regexp.MustCompile(`letter markup line (\d+): `)

// requestSentence passes on the sentence a letters or casework error ends
// with, which is written for people, with a capital letter; a mistake in a
// letter's text names its line.
func requestSentence(err error) string {
	msg := err.Error()
	if m := markupLine.FindStringSubmatchIndex(msg); m != nil {
		line := msg[m[2]:m[3]]
		rest := strings.TrimSuffix(msg[m[1]:], ".")
		return fmt.Sprintf("Line %s of the letter's text: %s. Correct it and save again.", line, rest)
	}
	if strings.Contains(msg, "letter markup") {
		_, rest, _ := strings.Cut(msg, "letter markup")
		return "The letter's text cannot be read" + strings.TrimSuffix(rest, ".") + ". Correct it and save again."
	}
	if _, rest, ok := strings.Cut(msg, letters.ErrRequest.Error()+": "); ok {
		msg = rest
	}
	return capitalise(strings.TrimSuffix(msg, ".")) + "."
}

var errDayWords = errors.New("write the date like 6 November 2025 or 06/11/2025")

// readDay reads a day as people type it: "6 November 2025", "6 Nov 2025",
// "Thursday 6th November 2025", "06/11/2025", "6/11/25", "2025-11-06",
// "today" or "yesterday". Numbers are day first, as in England. It is the
// app's one date reader (parseDay), with an empty field an error too.
func readDay(s string, today casefile.Date) (casefile.Date, error) {
	if strings.TrimSpace(s) == "" {
		return casefile.Date{}, errDayWords
	}
	d, err := parseDay(s, today)
	if err != nil {
		return casefile.Date{}, fmt.Errorf("%v: %w", err, errDayWords)
	}
	return d, nil
}

// dayEntry is a field for a date, shown as "6 November 2025".
type dayEntry struct {
	*field
	today func() casefile.Date
	hint  *widget.Label // says what is wrong, or what the date reads as
}

func newDayEntry(today func() casefile.Date, d casefile.Date) *dayEntry {
	e := &dayEntry{field: newField(""), today: today, hint: widget.NewLabel("")}
	e.hint.TextStyle.Italic = true
	e.hint.SizeName = theme.SizeNameCaptionText
	e.Entry.SetPlaceHolder("for example 6 November 2025")
	e.Entry.SetText(d.Long())
	e.Entry.OnChanged = func(string) { e.check() }
	return e
}

// Day returns the date typed, or an error saying how to write it.
func (e *dayEntry) Day() (casefile.Date, error) { return readDay(e.Entry.Text, e.today()) }

func (e *dayEntry) check() {
	d, err := e.Day()
	switch {
	case err != nil:
		e.hint.SetText("Write the date like 6 November 2025 or 06/11/2025.")
		e.hint.Importance = widget.DangerImportance
	case d.Long() != strings.TrimSpace(e.Entry.Text):
		e.hint.SetText(d.Weekday().String() + " " + d.Long())
		e.hint.Importance = widget.MediumImportance
	default:
		e.hint.SetText("")
	}
	e.hint.Refresh()
}

// wrapped is a label that wraps its text.
func wrapped(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	return l
}

// subheading is a bold heading one size up.
func subheading(text string) *widget.Label {
	l := widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.SizeName = theme.SizeNameSubHeadingText
	return l
}

// quiet is a label in the caption size, for notes under a field (the
// caption size, not a paler colour, so it stays easy to read).
func quiet(text string) *widget.Label {
	l := wrapped(text)
	l.SizeName = theme.SizeNameCaptionText
	return l
}

// noticeBox is a tinted box with an icon: for warnings and prompts that
// need to be seen but should not alarm.
func noticeBox(icon fyne.Resource, colour fyne.ThemeColorName, body fyne.CanvasObject) *fyne.Container {
	bg := newTintRect(colour)
	ic := widget.NewIcon(theme.NewColoredResource(icon, colour))
	return container.NewStack(bg, container.NewPadded(container.NewBorder(nil, nil, container.NewVBox(ic), nil, body)))
}

// fixedHeightLayout gives its object a fixed height and the full width.
type fixedHeightLayout struct{ h float32 }

func (l fixedHeightLayout) Layout(objs []fyne.CanvasObject, s fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(s)
	}
}

func (l fixedHeightLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var w float32
	for _, o := range objs {
		w = max(w, o.MinSize().Width)
	}
	return fyne.NewSize(w, l.h)
}

// capWidthLayout centres its objects at most w wide.
type capWidthLayout struct{ w float32 }

func (l capWidthLayout) Layout(objs []fyne.CanvasObject, s fyne.Size) {
	w := min(s.Width, l.w)
	for _, o := range objs {
		o.Move(fyne.NewPos((s.Width-w)/2, 0))
		o.Resize(fyne.NewSize(w, s.Height))
	}
}

func (l capWidthLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var m fyne.Size
	for _, o := range objs {
		m = m.Max(o.MinSize())
	}
	return m
}

// tintRect is a rounded rectangle in a pale tint of a theme colour, with a
// thin edge in the colour itself; it follows the theme (light or dark).
type tintRect struct {
	widget.BaseWidget
	colour fyne.ThemeColorName
}

func newTintRect(colour fyne.ThemeColorName) *tintRect {
	t := &tintRect{colour: colour}
	t.ExtendBaseWidget(t)
	return t
}

// CreateRenderer is part of fyne.Widget.
func (t *tintRect) CreateRenderer() fyne.WidgetRenderer {
	r := &tintRenderer{t: t, rect: canvas.NewRectangle(color.Transparent)}
	r.rect.CornerRadius = 6
	r.rect.StrokeWidth = 1
	r.Refresh()
	return r
}

type tintRenderer struct {
	t    *tintRect
	rect *canvas.Rectangle
}

func (r *tintRenderer) Layout(s fyne.Size)           { r.rect.Resize(s) }
func (r *tintRenderer) MinSize() fyne.Size           { return fyne.NewSize(0, 0) }
func (r *tintRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.rect} }
func (r *tintRenderer) Destroy()                     {}
func (r *tintRenderer) Refresh() {
	c := color.NRGBAModel.Convert(r.t.Theme().Color(r.t.colour, fyne.CurrentApp().Settings().ThemeVariant())).(color.NRGBA)
	fill, edge := c, c
	fill.A, edge.A = 0x1c, 0x66
	r.rect.FillColor, r.rect.StrokeColor = fill, edge
	r.rect.Refresh()
}
