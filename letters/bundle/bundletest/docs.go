// Package bundletest makes the documents bundle tests need, in memory:
// generated PDFs with text, a scanned-style PDF of images only, photographs
// (with an EXIF orientation), a broken PDF and encrypted ones.
package bundletest

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"testing"

	"codeberg.org/go-pdf/fpdf"
	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
)

// textPDF makes a PDF of n pages of text, the first headed title.
func TextPDF(t testing.TB, title string, n int, landscape bool) []byte {
	t.Helper()
	orient := "P"
	if landscape {
		orient = "L"
	}
	f := fpdf.New(orient, "mm", "A4", "")
	f.SetFont("Helvetica", "", 11)
	for i := 1; i <= n; i++ {
		f.AddPage()
		f.SetFont("Helvetica", "B", 14)
		f.Cell(0, 10, fmt.Sprintf("%s - page %d", title, i))
		f.Ln(12)
		f.SetFont("Helvetica", "", 11)
		f.MultiCell(0, 5.5, fmt.Sprintf("This is page %d of %q. The council wrote to the family about the section 47 enquiry. "+
			"Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore.", i, title), "", "L", false)
	}
	var b bytes.Buffer
	if err := f.Output(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// Photo makes a w x h picture with a gradient and a dark bar along its top
// edge, so that its orientation can be seen.
func Photo(w, h int) image.Image {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			c := color.RGBA{uint8(60 + 150*x/w), uint8(90 + 120*y/h), 170, 255}
			if y < h/8 {
				c = color.RGBA{30, 30, 40, 255}
			}
			img.Set(x, y, c)
		}
	}
	return img
}

// JPEG encodes img, with an EXIF orientation tag when orientation > 1.
func JPEG(t testing.TB, img image.Image, orientation int) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 85}); err != nil {
		t.Fatal(err)
	}
	data := b.Bytes()
	if orientation > 1 {
		// Insert an APP1 Exif segment with the orientation tag after SOI.
		tiff := []byte{'M', 'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, byte(orientation), 0, 0, 0, 0, 0, 0}
		seg := append([]byte("Exif\x00\x00"), tiff...)
		app1 := []byte{0xFF, 0xE1, byte((len(seg) + 2) >> 8), byte(len(seg) + 2)}
		app1 = append(app1, seg...)
		data = append(append(append([]byte{}, data[:2]...), app1...), data[2:]...)
	}
	return data
}

// PNG encodes img.
func PNG(t testing.TB, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// ScanPDF makes an image-only PDF of n pages, like a scanner's.
func ScanPDF(t testing.TB, n int) []byte {
	t.Helper()
	f := fpdf.New("P", "mm", "A4", "")
	img := JPEG(t, Photo(400, 560), 1)
	f.RegisterImageOptionsReader("scan", fpdf.ImageOptions{ImageType: "JPG"}, bytes.NewReader(img))
	for i := 0; i < n; i++ {
		f.AddPage()
		f.ImageOptions("scan", 10, 10, 190, 266, false, fpdf.ImageOptions{ImageType: "JPG"}, 0, "")
	}
	var b bytes.Buffer
	if err := f.Output(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// BrokenPDF is the start of a PDF and then rubbish.
func BrokenPDF(t testing.TB) []byte {
	good := TextPDF(t, "Broken", 2, false)
	return append(append([]byte{}, good[:len(good)/3]...), []byte("\n%%garbage that is not a PDF at all\x00\x01")...)
}

// EncryptedPDF is a PDF that needs a user password.
func EncryptedPDF(t testing.TB, userPW, ownerPW string) []byte {
	t.Helper()
	conf := model.NewAESConfiguration(userPW, ownerPW, 256)
	var out bytes.Buffer
	if err := api.Encrypt(bytes.NewReader(TextPDF(t, "Secret", 1, false)), &out, conf); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// RotatedPDF is a text PDF whose pages carry /Rotate by degrees (90, 180
// or 270), as scanners and some viewers save turned pages.
func RotatedPDF(t testing.TB, title string, n, degrees int) []byte {
	t.Helper()
	var out bytes.Buffer
	if err := api.Rotate(bytes.NewReader(TextPDF(t, title, n, false)), &out, degrees, nil, model.NewDefaultConfiguration()); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}
