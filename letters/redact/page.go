package redact

import (
	"image"
	"image/color"
	"image/draw"
	"math"
	"strings"

	"github.com/redress-app/redress/documents"
)

// Box is a rectangle on a page to black out, as fractions (0..1) of the
// page's width and height, origin at the top left (as documents.Word).
type Box struct {
	X0, Y0, X1, Y1 float64
}

// PageText joins a page's words with single spaces, as Boxes searches
// them, and returns where each word starts in it.
func PageText(words []documents.Word) (string, []int) {
	var b strings.Builder
	starts := make([]int, len(words))
	for i, w := range words {
		if i > 0 {
			b.WriteByte(' ')
		}
		starts[i] = b.Len()
		b.WriteString(w.Text)
	}
	return b.String(), starts
}

// Boxes finds every match among a page's words (joined as PageText joins
// them, so a name split over two words or two lines is found) and returns
// the box of every word a match touches, a word touched in part boxed
// whole, with the matches themselves.
func (r *Redactor) Boxes(words []documents.Word) ([]Box, []Match) {
	text, starts := PageText(words)
	ms := r.Find(text)
	if len(ms) == 0 {
		return nil, nil
	}
	var boxes []Box
	seen := map[int]bool{}
	for _, m := range ms {
		for i, w := range words {
			s, e := starts[i], starts[i]+len(w.Text)
			if e <= m.Start || s >= m.End || seen[i] {
				continue
			}
			seen[i] = true
			boxes = append(boxes, Box{w.X0, w.Y0, w.X1, w.Y1})
		}
	}
	return boxes, ms
}

// Black draws a black box over img for each of boxes, each grown by a
// little (a fifth of its height, at least 2 pixels) so that no edge of a
// letter shows.
func Black(img draw.Image, boxes []Box) {
	b := img.Bounds()
	w, h := float64(b.Dx()), float64(b.Dy())
	for _, x := range boxes {
		pad := max(2, (x.Y1-x.Y0)*h/5)
		r := image.Rect(
			b.Min.X+int(math.Floor(x.X0*w-pad)), b.Min.Y+int(math.Floor(x.Y0*h-pad)),
			b.Min.X+int(math.Ceil(x.X1*w+pad)), b.Min.Y+int(math.Ceil(x.Y1*h+pad)),
		).Intersect(b)
		draw.Draw(img, r, image.NewUniform(color.Black), image.Point{}, draw.Src)
	}
}
