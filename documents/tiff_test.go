package documents

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"image"
	"image/png"
	"strings"
	"testing"
)

// multiTIFF writes grey pages as one TIFF (little-endian, uncompressed,
// one strip a page, each page's directory linked to the next), as a
// scanner's multi-page TIFF is.
func multiTIFF(t testing.TB, pages []*image.Gray) []byte {
	t.Helper()
	var b bytes.Buffer
	le := binary.LittleEndian
	b.WriteString("II*\x00")
	binary.Write(&b, le, uint32(0)) // patched below
	link := 4                       // where the offset of the next directory goes
	for _, pg := range pages {
		w, h := pg.Rect.Dx(), pg.Rect.Dy()
		pix := b.Len()
		for y := range h {
			b.Write(pg.Pix[y*pg.Stride : y*pg.Stride+w])
		}
		if b.Len()%2 == 1 {
			b.WriteByte(0)
		}
		ifd := b.Len()
		out := b.Bytes()
		le.PutUint32(out[link:], uint32(ifd))
		entries := []struct {
			tag, typ uint16
			val      uint32
		}{
			{256, 4, uint32(w)}, {257, 4, uint32(h)}, {258, 3, 8}, {259, 3, 1}, {262, 3, 1},
			{273, 4, uint32(pix)}, {277, 3, 1}, {278, 4, uint32(h)}, {279, 4, uint32(w * h)},
		}
		binary.Write(&b, le, uint16(len(entries)))
		for _, e := range entries {
			binary.Write(&b, le, e.tag)
			binary.Write(&b, le, e.typ)
			binary.Write(&b, le, uint32(1))
			binary.Write(&b, le, e.val) // a SHORT sits in the first two bytes, little-endian
		}
		link = b.Len()
		binary.Write(&b, le, uint32(0))
	}
	return b.Bytes()
}

// grayOf decodes a PNG made by scanPNG, at a size.
func grayOf(t testing.TB, pngData []byte, w, h int) *image.Gray {
	t.Helper()
	src, err := png.Decode(bytes.NewReader(pngData))
	if err != nil {
		t.Fatal(err)
	}
	g := image.NewGray(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			g.Set(x, y, src.At(x, y))
		}
	}
	return g
}

// TestMultiPageTIFF: a three-page TIFF (a scanner's) is read as three
// pages of different sizes, each rendered and, with tesseract, read on
// its own.
func TestMultiPageTIFF(t *testing.T) {
	pages := []*image.Gray{
		grayOf(t, scanPNG(t, []string{"First page of the disclosure"}), 1240, 600),
		grayOf(t, scanPNG(t, []string{"Second page: strategy discussion notes"}), 1240, 800),
		grayOf(t, scanPNG(t, []string{"Third page: the case was closed"}), 1240, 1000),
	}
	tif := multiTIFF(t, pages)
	ctx := context.Background()
	if n, err := testReader.PageCount(ctx, "scan.tif", "image/tiff", tif); err != nil || n != 3 {
		t.Fatalf("PageCount = %d, %v", n, err)
	}
	got, err := testReader.Extract(ctx, "scan.tif", "image/tiff", tif)
	if err != nil || len(got.Pages) != 3 || !got.Pages[2].NeedsOCR || got.Pages[2].Number != 3 {
		t.Fatalf("Extract = %+v, %v", got, err)
	}
	for i, h := range []int{600, 800, 1000} {
		img, err := testReader.RenderPage(ctx, "scan.tif", "image/tiff", tif, i+1, 2000, 2000)
		if err != nil {
			t.Fatalf("page %d: %v", i+1, err)
		}
		if b := img.Bounds(); b.Dx() != 1240 || b.Dy() != h {
			t.Errorf("page %d is %v, want 1240 x %d", i+1, b, h)
		}
	}
	if _, err := testReader.RenderPage(ctx, "scan.tif", "image/tiff", tif, 4, 100, 100); err == nil {
		t.Error("page 4 of 3 rendered")
	}
	// A one-page TIFF, as x/image/tiff writes it, is one page.
	one := multiTIFF(t, pages[:1])
	if n, err := testReader.PageCount(ctx, "one.tiff", "", one); err != nil || n != 1 {
		t.Errorf("one page: %d %v", n, err)
	}

	if _, err := testReader.Tesseract(); err != nil {
		t.Skipf("OCR not tried (tesseract is not installed): %v", err)
	}
	for i, want := range []string{"First page", "strategy discussion", "case was closed"} {
		text, err := testReader.OCRPage(ctx, "scan.tif", "image/tiff", tif, i+1)
		if err != nil {
			t.Fatalf("page %d: %v", i+1, err)
		}
		flat := strings.Join(strings.Fields(text), " ")
		if !strings.Contains(flat, want) || strings.Count(flat, "page") > 1 {
			t.Errorf("page %d read %q, want %q alone", i+1, flat, want)
		}
	}
	words, err := testReader.PageWords(ctx, "scan.tif", "image/tiff", tif, 2)
	if err != nil {
		t.Fatal(err)
	}
	if w, ok := findWord(words, "strategy"); !ok || w.Y1 > 0.5 || w.Y0 < 0.15 {
		t.Errorf("page 2's word strategy at %+v (baseline at %.3f)", w, 200.0/800)
	}
}

// TestHostileTIFF: a TIFF whose pages loop, leave the file or are too
// many is refused with the package's errors, never a panic.
func TestHostileTIFF(t *testing.T) {
	small := image.NewGray(image.Rect(0, 0, 8, 8))
	good := multiTIFF(t, []*image.Gray{small, small, small})
	loop := bytes.Clone(good)
	// The last directory links back to the first.
	r := New(Options{CacheDir: "-"})
	ifds, err := r.tiffIFDs(good)
	if err != nil || len(ifds) != 3 {
		t.Fatalf("ifds %v %v", ifds, err)
	}
	last := ifds[2]
	binary.LittleEndian.PutUint32(loop[last+2+12*9:], ifds[0])
	outside := bytes.Clone(good)
	binary.LittleEndian.PutUint32(outside[4:], uint32(len(good)+100))
	cut := good[:ifds[2]+10]
	many := New(Options{CacheDir: "-", MaxPages: 2})
	for _, tc := range []struct {
		name string
		r    *Reader
		data []byte
		want error
	}{
		{"loop", r, loop, ErrDamaged},
		{"outside", r, outside, ErrDamaged},
		{"cut", r, cut, ErrDamaged},
		{"too many pages", many, good, ErrTooBig},
		{"header only", r, []byte("II*\x00"), ErrDamaged},
	} {
		if _, err := tc.r.Extract(context.Background(), "x.tif", "", tc.data); !errors.Is(err, tc.want) {
			t.Errorf("%s: Extract: %v, want %v", tc.name, err, tc.want)
		}
		if _, err := tc.r.PageCount(context.Background(), "x.tif", "", tc.data); !errors.Is(err, tc.want) {
			t.Errorf("%s: PageCount: %v, want %v", tc.name, err, tc.want)
		}
	}
	// A page claiming a huge size is refused before it is decoded.
	huge := bytes.Clone(good)
	binary.LittleEndian.PutUint32(huge[ifds[1]+2+8:], 1_000_000)    // width of page 2
	binary.LittleEndian.PutUint32(huge[ifds[1]+2+12+8:], 1_000_000) // and its height
	if _, err := r.RenderPage(context.Background(), "x.tif", "", huge, 2, 100, 100); !errors.Is(err, ErrTooBig) {
		t.Errorf("huge page: %v", err)
	}
}

func FuzzTIFFPages(f *testing.F) {
	small := image.NewGray(image.Rect(0, 0, 4, 4))
	f.Add(multiTIFF(f, []*image.Gray{small, small}))
	f.Add([]byte("MM\x00*\x00\x00\x00\x08\x00\x00\x00\x00\x00\x00"))
	r := New(Options{CacheDir: "-", MaxPages: 50, MaxPixels: 1 << 20})
	f.Fuzz(func(t *testing.T, data []byte) {
		n, err := r.PageCount(context.Background(), "x.tif", "image/tiff", data)
		if err != nil {
			return
		}
		for p := 1; p <= min(n, 3); p++ {
			_, _ = r.RenderPage(context.Background(), "x.tif", "image/tiff", data, p, 64, 64)
		}
	})
}
