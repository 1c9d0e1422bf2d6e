package casework

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"strings"
	"testing"

	"codeberg.org/go-pdf/fpdf"
	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"

	"github.com/redress-app/redress/assets"
	"github.com/redress-app/redress/documents"
	"github.com/redress-app/redress/store"
)

// scannedPDF is a PDF of image-only pages, each a picture of its line.
func scannedPDF(t *testing.T, lines []string) []byte {
	f, err := opentype.Parse(assets.SansRegular)
	if err != nil {
		t.Fatal(err)
	}
	face, _ := opentype.NewFace(f, &opentype.FaceOptions{Size: 30, DPI: 72})
	pdf := fpdf.New("P", "mm", "A4", "")
	for i, l := range lines {
		img := image.NewGray(image.Rect(0, 0, 1240, 400))
		draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
		d := &font.Drawer{Dst: img, Src: image.NewUniform(color.Black), Face: face, Dot: fixed.P(100, 200)}
		d.DrawString(l)
		var b bytes.Buffer
		png.Encode(&b, img)
		name := "p" + string(rune('a'+i))
		pdf.AddPage()
		pdf.RegisterImageOptionsReader(name, fpdf.ImageOptions{ImageType: "PNG"}, &b)
		pdf.ImageOptions(name, 0, 0, 210, 0, false, fpdf.ImageOptions{ImageType: "PNG"}, 0, "")
	}
	var out bytes.Buffer
	if err := pdf.Output(&out); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// TestReadDocumentOCRResumes: without tesseract the scan is kept with its
// pages pending and a clear problem; with it, OCR stopped after the first
// page resumes at the second on the next call, and search finds both.
func TestReadDocumentOCRResumes(t *testing.T) {
	ctx := context.Background()
	v := newVault(t)
	ci, err := v.CreateCase(ctx, "Scan", "Council")
	if err != nil {
		t.Fatal(err)
	}
	d, err := v.ImportDocument(ctx, ci.ID, bytes.NewReader(scannedPDF(t, []string{"Strategy discussion outcome", "Parents were not informed"})),
		store.DocumentInfo{Name: "disclosure.pdf"})
	if err != nil {
		t.Fatal(err)
	}
	none := documents.New(documents.Options{Tesseract: "/nonexistent/tesseract"})
	defer none.Close()
	res, err := ReadDocument(ctx, v, none, ci.ID, d.ID, nil)
	if err != nil || !errors.Is(res.Problem, documents.ErrNoOCR) || len(res.OCRPending) != 2 || res.Pages != 2 {
		t.Fatalf("without tesseract: %+v %v", res, err)
	}
	r := documents.New(documents.Options{})
	defer r.Close()
	if _, err := r.Tesseract(); err != nil {
		t.Skipf("OCR not tried: %v", err)
	}
	cctx, cancel := context.WithCancel(ctx)
	res, err = ReadDocument(cctx, v, r, ci.ID, d.ID, func(done, total int) {
		if done == 1 {
			cancel() // as if the app were closed after the first page
		}
	})
	if !errors.Is(err, context.Canceled) || len(res.OCRPending) != 1 || res.OCRPending[0] != 2 {
		t.Fatalf("cancelled: %+v %v", res, err)
	}
	info, _, _ := v.DerivedInfo(ctx, ci.ID, d.ID)
	if len(info.OCRPending) != 1 {
		t.Fatalf("kept progress: %+v", info)
	}
	var seen []int
	res, err = ReadDocument(ctx, v, r, ci.ID, d.ID, func(done, total int) { seen = append(seen, done) })
	if err != nil || len(res.OCRPending) != 0 || res.Read != 2 || len(seen) != 1 {
		t.Fatalf("resumed: %+v %v (progress %v)", res, err, seen)
	}
	pages, _ := v.PageTexts(ctx, ci.ID, d.ID)
	if len(pages) != 2 || !pages[1].OCR || !strings.Contains(pages[1].Text, "not informed") {
		t.Fatalf("pages: %+v", pages)
	}
	hits, _ := v.Search(ctx, "parents informed", ci.ID)
	if len(hits) != 1 || hits[0].Page != 2 {
		t.Fatalf("search: %+v", hits)
	}
	png, err := Thumbnail(ctx, v, r, ci.ID, d.ID, 1, 120, 170)
	if err != nil || !bytes.HasPrefix(png, []byte("\x89PNG")) {
		t.Fatalf("thumbnail: %v", err)
	}
	if again, _ := v.Thumbnail(ctx, ci.ID, d.ID, 1); !bytes.Equal(again, png) {
		t.Error("the thumbnail was not kept")
	}
}
