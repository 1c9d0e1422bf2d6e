package casework

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"image"
	"image/color"
	"image/draw"
	"strings"
	"testing"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"

	"github.com/redress-app/redress/assets"
	"github.com/redress-app/redress/documents"
	"github.com/redress-app/redress/store"
)

// twoPageTIFF is a scanner's TIFF of two pages, each a line of text:
// uncompressed grey, one strip a page, the first page's directory linked
// to the second's.
func twoPageTIFF(t *testing.T, lines [2]string) []byte {
	f, err := opentype.Parse(assets.SansRegular)
	if err != nil {
		t.Fatal(err)
	}
	face, _ := opentype.NewFace(f, &opentype.FaceOptions{Size: 30, DPI: 72})
	le := binary.LittleEndian
	var b bytes.Buffer
	b.WriteString("II*\x00\x00\x00\x00\x00")
	link := 4
	for _, l := range lines {
		img := image.NewGray(image.Rect(0, 0, 1240, 400))
		draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
		d := &font.Drawer{Dst: img, Src: image.NewUniform(color.Black), Face: face, Dot: fixed.P(100, 200)}
		d.DrawString(l)
		pix := b.Len()
		b.Write(img.Pix)
		le.PutUint32(b.Bytes()[link:], uint32(b.Len()))
		tags := [][3]uint32{{256, 4, 1240}, {257, 4, 400}, {258, 3, 8}, {259, 3, 1}, {262, 3, 1},
			{273, 4, uint32(pix)}, {277, 3, 1}, {278, 4, 400}, {279, 4, 1240 * 400}}
		binary.Write(&b, le, uint16(len(tags)))
		for _, tg := range tags {
			binary.Write(&b, le, uint16(tg[0]))
			binary.Write(&b, le, uint16(tg[1]))
			binary.Write(&b, le, uint32(1))
			binary.Write(&b, le, tg[2])
		}
		link = b.Len()
		binary.Write(&b, le, uint32(0))
	}
	return b.Bytes()
}

// TestReadMultiPageTIFF: a two-page TIFF imported is read as two pages:
// both pending OCR without tesseract; with it, each page's own text and
// words, and search names the page.
func TestReadMultiPageTIFF(t *testing.T) {
	ctx := context.Background()
	v := newVault(t)
	ci, err := v.CreateCase(ctx, "Scan", "Council")
	if err != nil {
		t.Fatal(err)
	}
	d, err := v.ImportDocument(ctx, ci.ID, bytes.NewReader(twoPageTIFF(t, [2]string{"Referral received from school", "Strategy discussion held by phone"})),
		store.DocumentInfo{Name: "scan.tif"})
	if err != nil {
		t.Fatal(err)
	}
	none := documents.New(documents.Options{Tesseract: "/nonexistent/tesseract"})
	defer none.Close()
	res, err := ReadDocument(ctx, v, none, ci.ID, d.ID, nil)
	if err != nil || res.Pages != 2 || len(res.OCRPending) != 2 || !errors.Is(res.Problem, documents.ErrNoOCR) {
		t.Fatalf("without tesseract: %+v %v", res, err)
	}
	r := documents.New(documents.Options{})
	defer r.Close()
	if _, err := r.Tesseract(); err != nil {
		t.Skipf("OCR not tried (tesseract is not installed): %v", err)
	}
	res, err = ReadDocument(ctx, v, r, ci.ID, d.ID, nil)
	if err != nil || res.Read != 2 || len(res.OCRPending) != 0 {
		t.Fatalf("with tesseract: %+v %v", res, err)
	}
	texts, err := v.PageTexts(ctx, ci.ID, d.ID)
	if err != nil || len(texts) != 2 || !strings.Contains(texts[0].Text, "Referral") || strings.Contains(texts[0].Text, "Strategy") ||
		!strings.Contains(texts[1].Text, "Strategy discussion") {
		t.Fatalf("texts %+v %v", texts, err)
	}
	if hits, err := v.Search(ctx, "strategy discussion", ""); err != nil || len(hits) != 1 || hits[0].Page != 2 {
		t.Fatalf("search: %+v %v", hits, err)
	}
	if words, ok, err := v.PageWords(ctx, ci.ID, d.ID, 2); err != nil || !ok || len(words) != 5 || words[0].Text != "Strategy" {
		t.Fatalf("page 2's words: %+v %v %v", words, ok, err)
	}
}
