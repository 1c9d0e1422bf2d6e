package ui

import (
	"bytes"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"os"
	"os/exec"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"

	"github.com/redress-app/redress/assets"
)

// scanImage is a photo of a letter: lines of text drawn in the test.
func scanImage(t *testing.T, lines []string) []byte {
	t.Helper()
	f, err := opentype.Parse(assets.SansRegular)
	if err != nil {
		t.Fatal(err)
	}
	face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: 30, DPI: 72, Hinting: font.HintingFull})
	if err != nil {
		t.Fatal(err)
	}
	img := image.NewGray(image.Rect(0, 0, 1240, 1754))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	d := &font.Drawer{Dst: img, Src: image.NewUniform(color.Black), Face: face}
	for i, l := range lines {
		d.Dot = fixed.P(120, 300+i*70)
		d.DrawString(l)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestScanHitMarkedOnTheImage: a photo of a letter is read by OCR on
// import, keeping its words' boxes from the same run; a search hit in it
// opens the picture with the word marked where it was drawn. Skipped, with
// the reason, without tesseract.
func TestScanHitMarkedOnTheImage(t *testing.T) {
	if _, err := exec.LookPath("tesseract"); err != nil {
		t.Skipf("OCR not tried (tesseract is not installed): %v", err)
	}
	td := openDesk(t)
	td.d.win.Resize(fyne.NewSize(1280, 800))
	s := td.d.shell
	importFile(td, "letter.png", scanImage(t, []string{"Dear Ms Smith,", "The strategy discussion decided", "no further action will be taken."}))
	s.showTab(tabOverview)
	test.Type(s.search.entry, "strategy")
	td.wait()
	if len(s.search.hits) != 1 {
		t.Fatalf("hits %+v", s.search.hits)
	}
	s.search.entry.OnSubmitted(s.search.entry.Text)
	td.wait()
	p := s.docs.pages
	if p == nil || len(p.markLay.boxes) != 1 || p.markLay.boxes[0].Text != "strategy" {
		t.Fatalf("marks %+v", p)
	}
	b := p.markLay.boxes[0]
	base := 370.0 / 1754 // the second line's baseline
	// The line starts at x=120 of 1240 pixels; "strategy" comes after "The ".
	if b.Y0 > base || b.Y1 < base-0.01 || b.X0 < 0.12 || b.X0 > 0.3 {
		t.Errorf("strategy marked at %+v, drawn on the baseline at %.3f", b, base)
	}
	if ink := inkIn(p.img.Image, b); ink < 0.08 {
		t.Errorf("the mark covers %.0f%% ink", ink*100)
	}
	if out := os.Getenv("REDRESS_SHOT"); out != "" {
		f, _ := os.Create(out)
		png.Encode(f, td.d.win.Canvas().Capture())
		f.Close()
	}
}
