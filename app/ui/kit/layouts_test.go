package kit

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
)

// TestColumns: buttons go side by side while the widest fits, and one
// above the other when it would not, asking for the height of the rows
// they then make, so their words never run into each other.
func TestColumns(t *testing.T) {
	test.NewTempApp(t)
	box := func(w float32) fyne.CanvasObject {
		r := canvas.NewRectangle(nil)
		r.SetMinSize(fyne.NewSize(w, 30))
		return r
	}
	objs := []fyne.CanvasObject{box(150), box(180), box(120), box(100)}
	c := Columns(2, objs...)
	c.Resize(fyne.NewSize(400, 200))
	if p := objs[1].Position(); p.Y != 0 || p.X < 180 {
		t.Errorf("at 400 wide the second is at %v, want beside the first", p)
	}
	if h := c.MinSize().Height; h > 70 {
		t.Errorf("two rows of two ask for %v high", h)
	}
	c.Resize(fyne.NewSize(300, 200))
	for i, o := range objs {
		if o.Position().X != 0 || o.Size().Width != 300 {
			t.Errorf("at 300 wide, %d is at %v, %v wide: want one column", i, o.Position(), o.Size().Width)
		}
		if i > 0 && o.Position().Y <= objs[i-1].Position().Y+29 {
			t.Errorf("%d overlaps the one above", i)
		}
	}
	if h := c.MinSize().Height; h < 4*30 {
		t.Errorf("four rows ask for only %v high", h)
	}
	if w := c.MinSize().Width; w != 180 {
		t.Errorf("min width %v, want the widest's 180", w)
	}
}
