package documents

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // photos
	_ "image/png"  // screenshots
	"io"

	xdraw "golang.org/x/image/draw"
	"golang.org/x/image/tiff" // scans, page by page
)

// checkImage refuses an image that is not one, or whose pixels would not
// fit the limit once decoded (a small file can claim a huge size). A TIFF
// is checked page by page.
func (r *Reader) checkImage(data []byte) error {
	n, err := r.imagePages(data)
	if err != nil {
		return err
	}
	for page := 1; page <= n; page++ {
		if err := r.checkImagePage(data, page); err != nil {
			return err
		}
	}
	return nil
}

// checkImagePage checks one page (from 1) of an image.
func (r *Reader) checkImagePage(data []byte, page int) error {
	var cfg image.Config
	var err error
	if isTIFF(data) {
		var src io.Reader
		if src, err = r.tiffPage(data, page); err == nil {
			cfg, err = tiff.DecodeConfig(src)
		}
	} else {
		cfg, _, err = image.DecodeConfig(bytes.NewReader(data))
	}
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

// imagePages is how many pages an image has: a TIFF's pages, else one.
func (r *Reader) imagePages(data []byte) (int, error) {
	if !isTIFF(data) {
		return 1, nil
	}
	ifds, err := r.tiffIFDs(data)
	if err != nil {
		return 0, err
	}
	return len(ifds), nil
}

// decodeImagePage decodes page (from 1) of an image, after checking it.
func (r *Reader) decodeImagePage(data []byte, page int) (image.Image, error) {
	n, err := r.imagePages(data)
	if err != nil {
		return nil, err
	}
	if page < 1 || page > n {
		return nil, fmt.Errorf("page %d: the image has %d", page, n)
	}
	if err := r.checkImagePage(data, page); err != nil {
		return nil, err
	}
	var img image.Image
	if isTIFF(data) {
		src, err := r.tiffPage(data, page)
		if err != nil {
			return nil, err
		}
		img, err = tiff.Decode(src)
		if err != nil {
			return nil, fmt.Errorf("read page %d of the image: %w", page, ErrDamaged)
		}
		return img, nil
	}
	img, _, err = image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("read the image: %w", ErrDamaged)
	}
	return img, nil
}

// isTIFF reports whether data starts as a TIFF (Intel or Motorola order).
func isTIFF(data []byte) bool {
	return len(data) >= 4 && (string(data[:4]) == "II*\x00" || string(data[:4]) == "MM\x00*")
}

// tiffIFDs walks a TIFF's chain of image directories (one a page) and
// returns their offsets. A chain that loops, leaves the file or is longer
// than MaxPages is refused.
func (r *Reader) tiffIFDs(data []byte) ([]uint32, error) {
	if len(data) < 8 {
		return nil, fmt.Errorf("read the TIFF: %w", ErrDamaged)
	}
	var bo binary.ByteOrder = binary.LittleEndian
	if data[0] == 'M' {
		bo = binary.BigEndian
	}
	var out []uint32
	seen := map[uint32]bool{}
	for off := bo.Uint32(data[4:8]); off != 0; {
		if seen[off] {
			return nil, fmt.Errorf("read the TIFF: its pages loop: %w", ErrDamaged)
		}
		if uint64(off)+2 > uint64(len(data)) {
			return nil, fmt.Errorf("read the TIFF: page %d is outside the file: %w", len(out)+1, ErrDamaged)
		}
		if len(out) == r.opts.MaxPages {
			return nil, fmt.Errorf("the TIFF has more than %d pages, the most Redress reads: %w", r.opts.MaxPages, ErrTooBig)
		}
		seen[off] = true
		out = append(out, off)
		entries := uint64(bo.Uint16(data[off : off+2]))
		next := uint64(off) + 2 + 12*entries
		if next+4 > uint64(len(data)) {
			if next <= uint64(len(data)) {
				break // no link after the last directory: some writers end so
			}
			return nil, fmt.Errorf("read the TIFF: page %d is cut short: %w", len(out), ErrDamaged)
		}
		off = bo.Uint32(data[next : next+4])
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("read the TIFF: it has no pages: %w", ErrDamaged)
	}
	return out, nil
}

// tiffPage is the TIFF read as if page (from 1) were its first: the file
// as it is (offsets inside it stay right) with the header pointing at that
// page's directory, without copying the file.
func (r *Reader) tiffPage(data []byte, page int) (*tiffView, error) {
	ifds, err := r.tiffIFDs(data)
	if err != nil {
		return nil, err
	}
	if page < 1 || page > len(ifds) {
		return nil, fmt.Errorf("page %d: the TIFF has %d", page, len(ifds))
	}
	v := &tiffView{data: data}
	copy(v.head[:], data[:8])
	if data[0] == 'M' {
		binary.BigEndian.PutUint32(v.head[4:], ifds[page-1])
	} else {
		binary.LittleEndian.PutUint32(v.head[4:], ifds[page-1])
	}
	return v, nil
}

// tiffView reads data with its first 8 bytes replaced by head. The TIFF
// decoder reads through ReadAt.
type tiffView struct {
	data []byte
	head [8]byte
	pos  int64
}

func (v *tiffView) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 {
		return 0, errors.New("negative offset")
	}
	if off >= int64(len(v.data)) {
		return 0, io.EOF
	}
	n := copy(p, v.data[off:])
	if off < 8 {
		copy(p, v.head[off:min(8, off+int64(n))])
	}
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

func (v *tiffView) Read(p []byte) (int, error) {
	n, err := v.ReadAt(p, v.pos)
	v.pos += int64(n)
	return n, err
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
		src, err := r.decodeImagePage(data, page)
		if err != nil {
			return nil, fmt.Errorf("render page %d of %q: %w", page, name, err)
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
