package kit

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
)

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

// Shrinkable lets content inside a vertical scroll take the scroll's width
// even when its widest row would like more, so that nothing is cut off at the
// right edge: entries and wrapped text simply get narrower.
func Shrinkable(o fyne.CanvasObject) fyne.CanvasObject {
	return container.New(&shrinkLayout{scrollRoom: true}, o)
}

// FitWidth gives o the width it is given, however wide it would like to be:
// a single-line entry asks for the width of its whole text, and a long one
// would otherwise push its column past the window's edge. The entry scrolls
// its text instead.
func FitWidth(o fyne.CanvasObject) fyne.CanvasObject { return container.New(&shrinkLayout{}, o) }

// shrinkLayout sizes its objects to its width (less room for a scroll bar
// with scrollRoom) and asks for little width of its own.
type shrinkLayout struct{ scrollRoom bool }

func (l *shrinkLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	w := size.Width
	if l.scrollRoom {
		// Leave room on the right for the scroll bar, which is drawn over the content.
		w -= theme.Size(theme.SizeNameScrollBar) + theme.Padding()
	}
	for _, o := range objs {
		o.Resize(fyne.NewSize(w, size.Height))
		o.Move(fyne.NewPos(0, 0))
	}
}

func (l *shrinkLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	h := float32(0)
	for _, o := range objs {
		h = max(h, o.MinSize().Height)
	}
	return fyne.NewSize(120, h)
}

// Columns lays objects (buttons) out in rows of up to max columns of equal
// width: as many columns as the widest object fits at its minimum width,
// so that in a narrow pane, or with larger text, they go one above the
// other instead of their words running into each other.
func Columns(max int, objs ...fyne.CanvasObject) *fyne.Container {
	return container.New(&columnsLayout{max: max, cols: max}, objs...)
}

// columnsLayout is Columns' layout. cols is the number of columns the last
// width given fitted: MinSize asks for the height of that many, and a
// window's canvas lays the parent out again when it changes.
type columnsLayout struct{ max, cols int }

// columnRows are the shown objects in rows of cols, each with its height
// (the tallest minimum in it), and the widest minimum width of them all.
func columnRows(objs []fyne.CanvasObject, cols int) (rows [][]fyne.CanvasObject, heights []float32, widest float32) {
	var shown []fyne.CanvasObject
	for _, o := range objs {
		if o.Visible() {
			shown = append(shown, o)
			widest = max(widest, o.MinSize().Width)
		}
	}
	for i := 0; i < len(shown); i += cols {
		row := shown[i:min(i+cols, len(shown))]
		h := float32(0)
		for _, o := range row {
			h = max(h, o.MinSize().Height)
		}
		rows, heights = append(rows, row), append(heights, h)
	}
	return rows, heights, widest
}

func (l *columnsLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	pad := theme.Padding()
	_, _, widest := columnRows(objs, 1)
	l.cols = 1
	for c := l.max; c > 1; c-- {
		if float32(c)*widest+float32(c-1)*pad <= size.Width {
			l.cols = c
			break
		}
	}
	w := (size.Width - float32(l.cols-1)*pad) / float32(l.cols)
	rows, heights, _ := columnRows(objs, l.cols)
	y := float32(0)
	for i, row := range rows {
		for j, o := range row {
			o.Move(fyne.NewPos(float32(j)*(w+pad), y))
			o.Resize(fyne.NewSize(w, heights[i]))
		}
		y += heights[i] + pad
	}
}

func (l *columnsLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	_, heights, widest := columnRows(objs, max(l.cols, 1))
	h := float32(0)
	for i, rh := range heights {
		if i > 0 {
			h += theme.Padding()
		}
		h += rh
	}
	return fyne.NewSize(widest, h)
}
