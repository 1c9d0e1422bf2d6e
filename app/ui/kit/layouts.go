package kit

import "fyne.io/fyne/v2"

// ReadableWidth caps the width of a row of text, so that lines stay short
// enough to read on a wide window.
const ReadableWidth = 960

// ReadableLayout stacks its objects at most ReadableWidth wide, on the left.
type ReadableLayout struct{}

// Layout gives each object the whole height, at most ReadableWidth wide.
func (l *ReadableLayout) Layout(objs []fyne.CanvasObject, s fyne.Size) {
	w := min(s.Width, ReadableWidth)
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(fyne.NewSize(w, s.Height))
	}
}

// MinSize is the largest minimum of the shown objects.
func (l *ReadableLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var m fyne.Size
	for _, o := range objs {
		if o.Visible() {
			m = m.Max(o.MinSize())
		}
	}
	return m
}

// StackedLabels lays two labels one above the other, closer than a VBox.
type StackedLabels struct{}

// Layout puts each label 6 px into the one above.
func (StackedLabels) Layout(objs []fyne.CanvasObject, s fyne.Size) {
	y := float32(0)
	for _, o := range objs {
		h := o.MinSize().Height - 6
		o.Move(fyne.NewPos(0, y))
		o.Resize(fyne.NewSize(s.Width, o.MinSize().Height))
		y += h
	}
}

// MinSize is the widest label by the stacked heights.
func (StackedLabels) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var w, h float32
	for _, o := range objs {
		m := o.MinSize()
		w = max(w, m.Width)
		h += m.Height - 6
	}
	return fyne.NewSize(w, h+6)
}
