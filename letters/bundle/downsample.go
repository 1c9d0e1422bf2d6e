package bundle

import (
	"bytes"
	"image"
	"image/jpeg"
	"image/png"
	"math"

	"golang.org/x/image/draw"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// The judiciary's guidance asks for a resolution no higher than 300 dpi. An
// image finer than that is scaled down to 300 dpi for the bundle only: the
// original in the vault, its SHA-256 and any attached copy are untouched.
const (
	maxDPI     = 300.0
	overDPI    = maxDPI + 0.5 // what counts as finer (rounding)
	jpegReduce = 85           // JPEG quality of a scaled-down image
)

// scaleTo returns the size, in pixels, of an image of w x h shown at dpi
// once brought down to maxDPI.
func scaleTo(w, h int, dpi float64) (int, int) {
	k := maxDPI / dpi
	return max(1, int(math.Round(float64(w)*k))), max(1, int(math.Round(float64(h)*k)))
}

// resample draws img at w x h.
func resample(img image.Image, w, h int) image.Image {
	r := image.Rect(0, 0, w, h)
	var dst draw.Image
	switch img.(type) {
	case *image.Gray:
		dst = image.NewGray(r)
	default:
		dst = image.NewRGBA(r)
	}
	// Bilinear (the tent kernel, widened as it shrinks): each new pixel
	// averages the old ones under it, so fine print does not alias.
	draw.BiLinear.Scale(dst, r, img, img.Bounds(), draw.Src, nil)
	return dst
}

// downsamplePicture returns a picture's bytes scaled down to 300 dpi at
// the size it is shown (dpi), in its own format, with its new pixel size;
// ok is false when it is not finer than 300 dpi or cannot be scaled (it is
// then kept as it is).
func downsamplePicture(data []byte, format string, dpi float64) (out []byte, w, h int, ok bool) {
	if dpi <= overDPI || (format != "jpeg" && format != "png") {
		return nil, 0, 0, false
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, 0, 0, false
	}
	b := img.Bounds()
	w, h = scaleTo(b.Dx(), b.Dy(), dpi)
	small := resample(img, w, h)
	var buf bytes.Buffer
	if format == "jpeg" {
		err = jpeg.Encode(&buf, small, &jpeg.Options{Quality: jpegReduce})
	} else {
		err = png.Encode(&buf, small)
	}
	if err != nil {
		return nil, 0, 0, false
	}
	return buf.Bytes(), w, h, true
}

// scalableImage reports whether an image XObject can be scaled down here:
// a baseline 8-bit grey or RGB JPEG (DCTDecode alone), with no decode
// array, mask or soft mask that would have to be scaled with it.
func scalableImage(xt *model.XRefTable, sd *types.StreamDict) bool {
	if len(sd.FilterPipeline) != 1 || sd.FilterPipeline[0].Name != "DCTDecode" {
		return false
	}
	for _, k := range []string{"Decode", "SMask", "Mask", "ImageMask", "SMaskInData"} {
		if _, ok := sd.Dict.Find(k); ok {
			return false
		}
	}
	if bpc, ok := number(xt, sd.Dict["BitsPerComponent"]); !ok || bpc != 8 {
		return false
	}
	cs, ok := sd.Dict["ColorSpace"].(types.Name)
	return ok && (cs == "DeviceGray" || cs == "DeviceRGB")
}

// downsamplePage scales down, in the parsed exhibit, every image the page
// draws directly that is finer than 300 dpi (taking it as filling the
// page's longer side, as a scan does) and can be scaled; done holds the
// images already seen. It returns how many it scaled.
func downsamplePage(xt *model.XRefTable, pg page, done map[int]bool) int {
	vb := pg.visible(xt)
	long := max(vb.w(), vb.h())
	if long <= 0 {
		return 0
	}
	n := 0
	for _, o := range dict(xt, dict(xt, pg.res)["XObject"]) {
		ref, ok := o.(types.IndirectRef)
		if !ok || done[ref.ObjectNumber.Value()] {
			continue
		}
		done[ref.ObjectNumber.Value()] = true
		sd, _, err := xt.DereferenceStreamDict(ref)
		if err != nil || sd == nil {
			continue
		}
		if st := sd.Dict.NameEntry("Subtype"); st == nil || *st != "Image" {
			continue
		}
		w, _ := number(xt, sd.Dict["Width"])
		h, _ := number(xt, sd.Dict["Height"])
		dpi := max(w, h) / (long / 72)
		if dpi <= overDPI || !scalableImage(xt, sd) {
			continue
		}
		img, err := jpeg.Decode(bytes.NewReader(sd.Raw))
		if err != nil {
			continue
		}
		b := img.Bounds()
		nw, nh := scaleTo(b.Dx(), b.Dy(), dpi)
		var buf bytes.Buffer
		if jpeg.Encode(&buf, resample(img, nw, nh), &jpeg.Options{Quality: jpegReduce}) != nil {
			continue
		}
		d := types.Dict{}
		for k, v := range sd.Dict {
			d[k] = v
		}
		d["Width"], d["Height"] = types.Integer(nw), types.Integer(nh)
		if _, gray := img.(*image.Gray); gray {
			d["ColorSpace"] = types.Name("DeviceGray")
		} else {
			d["ColorSpace"] = types.Name("DeviceRGB")
		}
		delete(d, "Length")
		delete(d, "DecodeParms")
		e, ok := xt.FindTableEntryLight(ref.ObjectNumber.Value())
		if !ok {
			continue
		}
		e.Object = types.StreamDict{Dict: d, FilterPipeline: sd.FilterPipeline, Raw: buf.Bytes()}
		n++
	}
	return n
}

// pictureDPI is the resolution a picture is shown at on its A4 page: its
// pixels over the size it is drawn (see imagePage).
func pictureDPI(pic *picture) float64 {
	dw, dh := float64(pic.w), float64(pic.h)
	if pic.orientation >= 5 {
		dw, dh = dh, dw
	}
	areaW := (a4W - 2*marginLR) * ptPerMM
	areaH := (a4H-marginTop-marginBot)*ptPerMM - 3*captionSize*1.35
	sc := min(areaW/dw, areaH/dh, 2)
	return 72 / sc
}
