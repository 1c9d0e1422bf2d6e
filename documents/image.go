package documents

import (
	"bytes"
	"context"
	"fmt"
	"image"
	_ "image/jpeg" // photos
	_ "image/png"  // screenshots

	xdraw "golang.org/x/image/draw"
	_ "golang.org/x/image/tiff" // scans
)

// checkImage refuses an image that is not one, or whose pixels would not
// fit the limit once decoded (a small file can claim a huge size).
func (r *Reader) checkImage(data []byte) error {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("read the image: %w", ErrDamaged)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return fmt.Errorf("read the image: it has no pixels: %w", ErrDamaged)
	}
	if int64(cfg.Width)*int64(cfg.Height) > int64(r.opts.MaxPixels) {
		return fmt.Errorf("the image is %d x %d pixels; the most is %d million: %w", cfg.Width, cfg.Height, r.opts.MaxPixels/1_000_000, ErrTooBig)
	}
	return nil
}

// RenderPage draws page (from 1) of a PDF or an image to fit within width x
// height pixels, for thumbnails and the page viewer. Nothing is written to
// disk.
func (r *Reader) RenderPage(ctx context.Context, name, mediaType string, data []byte, page, width, height int) (image.Image, error) {
	if width <= 0 || height <= 0 || int64(width)*int64(height) > int64(r.opts.MaxPixels) {
		return nil, fmt.Errorf("render page %d at %d x %d: %w", page, width, height, ErrTooBig)
	}
	switch KindOf(name, mediaType) {
	case KindPDF:
		img, err := r.renderPDF(ctx, data, page, width, height)
		if err != nil {
			return nil, fmt.Errorf("render page %d of %q: %w", page, name, err)
		}
		return img, nil
	case KindImage:
		if page != 1 {
			return nil, fmt.Errorf("render page %d of %q: an image has one page", page, name)
		}
		if err := r.checkImage(data); err != nil {
			return nil, err
		}
		src, _, err := image.Decode(bytes.NewReader(data))
		if err != nil {
			return nil, fmt.Errorf("read the image %q: %w", name, ErrDamaged)
		}
		return fit(src, width, height), nil
	}
	return nil, fmt.Errorf("render %q: %w", name, ErrUnsupported)
}

// fit scales src down (never up) to fit within width x height.
func fit(src image.Image, width, height int) image.Image {
	b := src.Bounds()
	w, h := b.Dx(), b.Dy()
	if w <= width && h <= height {
		return src
	}
	scale := min(float64(width)/float64(w), float64(height)/float64(h))
	dw, dh := max(1, int(float64(w)*scale)), max(1, int(float64(h)*scale))
	dst := image.NewRGBA(image.Rect(0, 0, dw, dh))
	xdraw.CatmullRom.Scale(dst, dst.Bounds(), src, b, xdraw.Src, nil)
	return dst
}
