package kit

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Wrapped is a label that wraps its text.
func Wrapped(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	return l
}

// Subheading is a bold heading one size up.
func Subheading(text string) *widget.Label {
	l := widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.SizeName = theme.SizeNameSubHeadingText
	return l
}

// Quiet is a label in the caption size, for notes under a field (the
// caption size, not a paler colour, so it stays easy to read).
func Quiet(text string) *widget.Label {
	l := Wrapped(text)
	l.SizeName = theme.SizeNameCaptionText
	return l
}

// NoticeBox is a tinted box with an icon: for warnings and prompts that
// need to be seen but should not alarm.
func NoticeBox(icon fyne.Resource, colour fyne.ThemeColorName, body fyne.CanvasObject) *fyne.Container {
	bg := newTintRect(colour)
	ic := widget.NewIcon(theme.NewColoredResource(icon, colour))
	return container.NewStack(bg, container.NewPadded(container.NewBorder(nil, nil, container.NewVBox(ic), nil, body)))
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

// FormRow is a label above its field, the way a calm form reads.
func FormRow(label string, field fyne.CanvasObject) fyne.CanvasObject {
	l := widget.NewLabelWithStyle(label, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	return container.NewVBox(l, field)
}
