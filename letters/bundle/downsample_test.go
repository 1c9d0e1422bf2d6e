package bundle

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/jpeg"
	"os"
	"path/filepath"
	"testing"

	"codeberg.org/go-pdf/fpdf"
	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"

	"github.com/redress-app/redress/letters/bundle/bundletest"
)

// fineScanPDF is a page of 2 by 3 inches holding one grey JPEG of w x h
// pixels drawn over the whole page (600 dpi for 1200 x 1800).
func fineScanPDF(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewGray(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.SetGray(x, y, color.Gray{Y: uint8(200 + (x*7+y*13)%50)})
		}
	}
	var j bytes.Buffer
	if err := jpeg.Encode(&j, img, &jpeg.Options{Quality: 60}); err != nil {
		t.Fatal(err)
	}
	f := fpdf.NewCustom(&fpdf.InitType{UnitStr: "mm", Size: fpdf.SizeType{Wd: 50.8, Ht: 76.2}})
	f.AddPage()
	f.RegisterImageOptionsReader("scan", fpdf.ImageOptions{ImageType: "JPG"}, &j)
	f.ImageOptions("scan", 0, 0, 50.8, 76.2, false, fpdf.ImageOptions{ImageType: "JPG"}, 0, "")
	var out bytes.Buffer
	if err := f.Output(&out); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// bundleImages returns the pixel sizes of the images on every page of a
// bundle.
func bundleImages(t *testing.T, data []byte) [][2]int {
	t.Helper()
	ctx, err := api.ReadAndValidate(bytes.NewReader(data), model.NewDefaultConfiguration())
	if err != nil {
		t.Fatal(err)
	}
	ps, err := pages(ctx.XRefTable)
	if err != nil {
		t.Fatal(err)
	}
	var out [][2]int
	for _, pg := range ps {
		for _, o := range dict(ctx.XRefTable, dict(ctx.XRefTable, pg.res)["XObject"]) {
			sd, _, err := ctx.XRefTable.DereferenceStreamDict(o)
			if err != nil || sd == nil {
				continue
			}
			if st := sd.Dict.NameEntry("Subtype"); st == nil || *st != "Image" {
				continue
			}
			w, _ := number(ctx.XRefTable, sd.Dict["Width"])
			h, _ := number(ctx.XRefTable, sd.Dict["Height"])
			out = append(out, [2]int{int(w), int(h)})
		}
	}
	return out
}

// TestDownsample: a 600 dpi scan and a photograph finer than 300 dpi where
// it is shown are scaled down to 300 dpi in the bundle; the originals
// attached are the bytes imported; the bundle verifies; the pre-flight says
// so; an image at 150 dpi is left alone.
func TestDownsample(t *testing.T) {
	fine := fineScanPDF(t, 1200, 1800)
	photo := bundletest.JPEG(t, bundletest.Photo(3000, 2000), 1)
	b := testBundle(t)
	b.Sections = []Section{
		{Label: "A", Title: "Index", Parts: []Part{{Kind: Cover}, {Kind: Index}}},
		{Label: "C", Title: "Documents", Parts: []Part{
			{Kind: Document, Item: memItem("s1", "Fine scan", "2025-10-20", "council", "fine.pdf", "application/pdf", fine)},
			{Kind: Document, Item: memItem("s2", "Ordinary scan", "2025-10-21", "council", "scan.pdf", "application/pdf", bundletest.ScanPDF(t, 1))},
			{Kind: Document, Item: memItem("p1", "Large photo", "2025-10-22", "family", "photo.jpg", "image/jpeg", photo)},
		}},
	}
	b.Chronology = nil
	plan, err := Prepare(context.Background(), b, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var res300 *GuidancePoint
	for i, g := range plan.Report().Guidance {
		if g.Point == "A resolution no higher than 300 dpi" {
			res300 = &plan.Report().Guidance[i]
		}
	}
	if res300 == nil || res300.Status != GuidanceMet || !bytes.Contains([]byte(res300.Detail), []byte("2 images finer than 300 dpi (up to about 600 dpi) are scaled down")) {
		t.Errorf("the pre-flight's resolution point: %+v", res300)
	}
	var out bytes.Buffer
	res, err := plan.Write(context.Background(), &out)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(keepDir(t), "downsampled.pdf"), out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if res.Downsampled != 2 {
		t.Errorf("%d images scaled down, want 2", res.Downsampled)
	}
	imgs := bundleImages(t, out.Bytes())
	want := map[[2]int]bool{{600, 900}: true} // the 600 dpi scan at 300 dpi
	for _, wh := range imgs {
		if wh == [2]int{1200, 1800} || wh == [2]int{3000, 2000} {
			t.Errorf("an image is still %dx%d", wh[0], wh[1])
		}
		delete(want, wh)
	}
	if len(want) > 0 {
		t.Errorf("images %v, want the scan at 600x900", imgs)
	}
	v, err := Verify(bytes.NewReader(out.Bytes()))
	if err != nil || !v.OK() || v.Originals != 3 {
		t.Fatalf("verify: %v %+v", err, v)
	}
}
