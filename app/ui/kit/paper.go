package kit

import (
	"fmt"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/redress-app/redress/letters"
)

// The letter preview is a sheet of paper: dark ink on white in light and dark
// themes alike, laid out as the PDF is (the sender top right, the recipient,
// the date, the title with a rule under it, numbered points, the parts a
// solicitor must check in a tinted box, the schedule of sources, and the
// record checkpoint at the foot), so that what is read here is what is sent.

// paperWidth is the width of the sheet: about an A4 page at reading size.
const paperWidth = 760

// paperTheme is the app's theme pinned to its light variant, with the letter
// PDF's navy for headings and its ink for text.
type paperTheme struct{ fyne.Theme }

var (
	paperInk   = color.NRGBA{R: 33, G: 37, B: 41, A: 0xff}
	paperNavy  = color.NRGBA{R: 24, G: 52, B: 92, A: 0xff}
	paperMuted = color.NRGBA{R: 100, G: 106, B: 112, A: 0xff}
	paperNote  = color.NRGBA{R: 196, G: 140, B: 20, A: 0xff}
)

func (t paperTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	switch n {
	case theme.ColorNameForeground:
		return paperInk
	case theme.ColorNamePrimary, theme.ColorNameHyperlink:
		return paperNavy
	case theme.ColorNameBackground, theme.ColorNameInputBackground:
		return color.White
	case theme.ColorNameDisabled, theme.ColorNamePlaceHolder:
		return paperMuted
	case theme.ColorNameWarning:
		return paperNote
	}
	return t.Theme.Color(n, theme.VariantLight)
}

// LetterPaper draws letter l as a sheet of paper, in a scroll.
func LetterPaper(l *letters.Letter) fyne.CanvasObject {
	var parts []fyne.CanvasObject
	add := func(o ...fyne.CanvasObject) { parts = append(parts, o...) }

	for i, line := range append([]string{l.From.Name}, l.From.Lines...) {
		lb := widget.NewLabel(line)
		lb.Alignment = fyne.TextAlignTrailing
		lb.Wrapping = fyne.TextWrapWord
		lb.TextStyle.Bold = i == 0
		add(tight(lb))
	}
	add(Gap(10))
	for i, line := range append([]string{l.To.Name}, l.To.Lines...) {
		lb := Wrapped(line)
		lb.TextStyle.Bold = i == 0
		add(tight(lb))
	}
	add(Gap(8), tight(Wrapped(l.DateLine())))
	if l.Reference != "" {
		add(tight(Wrapped("Reference: " + l.Reference)))
	}
	add(Gap(8))
	title := Wrapped(l.Title)
	title.TextStyle.Bold = true
	title.SizeName = theme.SizeNameSubHeadingText
	title.Importance = widget.HighImportance
	add(title, widget.NewSeparator(), Gap(4))

	for _, b := range l.Body {
		add(paperBlock(b)...)
	}
	if len(l.Enclosures) > 0 {
		add(paperHeading(letters.EnclosuresHeading))
		for _, e := range l.Enclosures {
			add(bullet(e))
		}
	}
	if len(l.Sources) > 0 {
		add(paperHeading(letters.SourcesHeading))
		for i, s := range l.Sources {
			add(paperSource(i+1, s))
		}
	}
	if f := l.Footer(); f != "" {
		foot := Wrapped(f)
		foot.SizeName = theme.SizeNameCaptionText
		foot.Importance = widget.LowImportance
		add(Gap(12), widget.NewSeparator(), foot)
	}

	sheet := canvas.NewRectangle(color.White)
	sheet.StrokeColor = color.NRGBA{R: 200, G: 204, B: 210, A: 0xff}
	sheet.StrokeWidth = 1
	page := container.NewStack(sheet, container.New(layout.NewCustomPaddedLayout(36, 40, 48, 48), container.NewVBox(parts...)))
	paper := container.NewThemeOverride(page, paperTheme{Theme: theme.DefaultTheme()})
	holder := container.New(capWidthLayout{w: paperWidth}, paper)
	return container.NewVScroll(container.NewPadded(holder))
}

// paperBlock draws one block of a letter's body.
func paperBlock(b letters.Block) []fyne.CanvasObject {
	switch b.Kind {
	case letters.Heading:
		return []fyne.CanvasObject{paperHeading(b.Text)}
	case letters.Paragraph:
		return []fyne.CanvasObject{paperPara(b.Label, b.Text)}
	case letters.Check:
		return []fyne.CanvasObject{paperCheck(b.Text)}
	case letters.Bullets:
		var out []fyne.CanvasObject
		for _, it := range b.Items {
			out = append(out, bullet(it))
		}
		return out
	case letters.Signature:
		return []fyne.CanvasObject{Gap(28), tight(Wrapped(b.Text))}
	case letters.Point:
		num := widget.NewLabelWithStyle(fmt.Sprintf("%d.", b.Number), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		title := Wrapped(b.Title)
		title.TextStyle.Bold = true
		body := []fyne.CanvasObject{title}
		for _, in := range b.Body {
			body = append(body, paperBlock(in)...)
		}
		numCol := container.New(FixedWidthLayout{W: 30}, num)
		return []fyne.CanvasObject{container.NewBorder(nil, nil, container.NewVBox(numCol), nil, container.NewVBox(body...))}
	}
	return nil
}

func paperHeading(text string) fyne.CanvasObject {
	h := Wrapped(text)
	h.TextStyle.Bold = true
	h.Importance = widget.HighImportance
	return container.NewVBox(Gap(4), h)
}

// paperPara is a paragraph with its bold lead-in, if any, on the same line.
func paperPara(label, text string) fyne.CanvasObject {
	rt := widget.NewRichText()
	rt.Wrapping = fyne.TextWrapWord
	if label != "" {
		rt.Segments = append(rt.Segments, &widget.TextSegment{Style: widget.RichTextStyleStrong, Text: label + " "})
	}
	rt.Segments = append(rt.Segments, &widget.TextSegment{Style: widget.RichTextStyleParagraph, Text: text})
	return rt
}

// paperCheck is a part a solicitor must check: a tinted box with an edge,
// as the PDF prints it.
func paperCheck(text string) fyne.CanvasObject {
	rt := widget.NewRichText(
		&widget.TextSegment{Style: widget.RichTextStyleStrong, Text: letters.CheckLabel + " "},
		&widget.TextSegment{Style: widget.RichTextStyleParagraph, Text: text})
	rt.Wrapping = fyne.TextWrapWord
	return container.NewStack(newTintRect(theme.ColorNameWarning), container.NewPadded(rt))
}

func bullet(text string) fyne.CanvasObject {
	dot := widget.NewLabel("•")
	return container.NewBorder(nil, nil, container.NewVBox(dot), nil, Wrapped(text))
}

func paperSource(n int, s letters.Source) fyne.CanvasObject {
	name := Wrapped(s.Name())
	status := Wrapped(s.Status())
	status.SizeName = theme.SizeNameCaptionText
	status.Importance = widget.LowImportance
	rows := []fyne.CanvasObject{tight(name), tight(status)}
	if s.URL != "" {
		u := Wrapped(s.URL)
		u.SizeName = theme.SizeNameCaptionText
		u.Importance = widget.HighImportance
		u.Wrapping = fyne.TextWrapBreak
		rows = append(rows, tight(u))
	}
	num := widget.NewLabel(fmt.Sprintf("%d.", n))
	return container.NewBorder(nil, nil, container.NewVBox(container.New(FixedWidthLayout{W: 30}, num)), nil, container.NewVBox(rows...))
}

// Gap is empty vertical space.
func Gap(h float32) fyne.CanvasObject {
	r := canvas.NewRectangle(color.Transparent)
	r.SetMinSize(fyne.NewSize(1, h))
	return r
}

// tight takes the label's own padding away from above and below it, so that
// the lines of an address sit together as they do on paper.
func tight(o fyne.CanvasObject) fyne.CanvasObject {
	return container.New(layout.NewCustomPaddedLayout(-3, -3, 0, 0), o)
}

// FixedWidthLayout gives its objects a fixed width.
type FixedWidthLayout struct{ W float32 }

// Layout is part of fyne.Layout.
func (l FixedWidthLayout) Layout(objs []fyne.CanvasObject, s fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(fyne.NewSize(l.W, s.Height))
	}
}

// MinSize is part of fyne.Layout.
func (l FixedWidthLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var h float32
	for _, o := range objs {
		h = max(h, o.MinSize().Height)
	}
	return fyne.NewSize(l.W, h)
}
