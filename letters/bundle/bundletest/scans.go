package bundletest

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"io"
	"os"
	"path/filepath"
	"strconv"
)

// ScanDPI is the resolution of the pages ScanPage makes: an A4 page at
// 150 dpi, the lowest resolution a council's scanner usually uses.
const ScanDPI = 150

// A4 at ScanDPI, in pixels.
const (
	ScanW = 1240
	ScanH = 1754
)

// ScanPage makes a grey page image like a page of a scan at 150 dpi: paper
// with grain (noise in every pixel, which is what makes a scan compress
// far worse than a drawing) and lines of dark marks where the text was.
// seed chooses the page; the same seed gives the same page.
func ScanPage(seed uint64) *image.Gray {
	w, h := ScanW, ScanH
	img := image.NewGray(image.Rect(0, 0, w, h))
	s := seed*0x9E3779B97F4A7C15 + 1
	next := func() uint64 { s ^= s << 13; s ^= s >> 7; s ^= s << 17; return s }
	lineH := h / 60
	for y := 0; y < h; y++ {
		row := img.Pix[y*img.Stride : y*img.Stride+w]
		for x := range row {
			row[x] = uint8(233 + int(next()&7)) // paper and its grain
		}
		if y <= h/10 || y >= h*9/10 || (y/lineH)%2 != 0 || y%lineH <= 2 {
			continue
		}
		// A line of "words": dark marks of varied widths, the same for
		// every row of the line.
		lr := seed ^ uint64(y/lineH+1)*0x5851F42D4C957F2D
		for x := w / 10; x < w*9/10; {
			lr ^= lr << 13
			lr ^= lr >> 7
			lr ^= lr << 17
			ww := 8 + int(lr%40)
			for i := x; i < min(x+ww, w*9/10); i++ {
				row[i] = uint8(40 + int(next()&15))
			}
			x += ww + 6 + int((lr>>20)%10)
		}
	}
	return img
}

// ScanJPEG encodes a page from ScanPage as a scanner would (quality 60).
func ScanJPEG(seed uint64) ([]byte, error) {
	var b bytes.Buffer
	if err := jpeg.Encode(&b, ScanPage(seed), &jpeg.Options{Quality: 60}); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// WriteScannedPDF writes a PDF of n A4 pages, page i (from 0) the JPEG
// jpegOf(i) of a ScanW x ScanH grey image filling the page, stored as it is
// (DCTDecode), one image object per page: the shape of a scanner's PDF.
func WriteScannedPDF(w io.Writer, n int, jpegOf func(i int) ([]byte, error)) error {
	bw := bufio.NewWriter(w)
	var off int64
	var offsets []int64
	write := func(s string) { n, _ := bw.WriteString(s); off += int64(n) }
	obj := func(body string) {
		offsets = append(offsets, off)
		write(strconv.Itoa(len(offsets)) + " 0 obj\n" + body + "\nendobj\n")
	}
	write("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	// 1 catalogue, 2 page tree; each page is 3 objects from 3: page, content, image.
	obj("<< /Type /Catalog /Pages 2 0 R >>")
	kids := make([]byte, 0, n*12)
	for i := 0; i < n; i++ {
		kids = fmt.Appendf(kids, "%d 0 R ", 3+3*i)
	}
	obj(fmt.Sprintf("<< /Type /Pages /Count %d /Kids [ %s] >>", n, kids))
	content := "q 595.28 0 0 841.89 0 0 cm /Im0 Do Q\n"
	for i := 0; i < n; i++ {
		p := 3 + 3*i
		obj(fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.28 841.89] /Resources << /XObject << /Im0 %d 0 R >> >> /Contents %d 0 R >>", p+2, p+1))
		obj(fmt.Sprintf("<< /Length %d >>\nstream\n%sendstream", len(content), content))
		img, err := jpegOf(i)
		if err != nil {
			return err
		}
		offsets = append(offsets, off)
		write(fmt.Sprintf("%d 0 obj\n<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode /Length %d >>\nstream\n", p+2, ScanW, ScanH, len(img)))
		m, _ := bw.Write(img)
		off += int64(m)
		write("\nendstream\nendobj\n")
	}
	xref := off
	write(fmt.Sprintf("xref\n0 %d\n0000000000 65535 f \n", len(offsets)+1))
	for _, o := range offsets {
		write(fmt.Sprintf("%010d 00000 n \n", o))
	}
	write(fmt.Sprintf("trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(offsets)+1, xref))
	return bw.Flush()
}

// ScanSet describes a set of scanned PDFs: how many pages each has.
type ScanSet []int

// Pages is the number of pages in the set.
func (s ScanSet) Pages() int {
	n := 0
	for _, c := range s {
		n += c
	}
	return n
}

// Scans returns the files of a set of scanned PDFs kept in dir, making
// those that are missing (every page a different image, from ScanJPEG).
// Generating takes about a minute for a thousand pages, so the files are
// kept: dir is meant to be a cache folder (see ScanCacheDir). File i of the
// set is the same file whatever set it is in, so a smaller set that is the
// start of a larger one shares its files.
func Scans(dir string, set ScanSet) ([]string, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	var names []string
	seed := uint64(1)
	for i, n := range set {
		name := filepath.Join(dir, fmt.Sprintf("scan%02d-%dp.pdf", i+1, n))
		names = append(names, name)
		first := seed
		seed += uint64(n)
		if _, err := os.Stat(name); err == nil {
			continue
		} else if !errors.Is(err, os.ErrNotExist) {
			return nil, err
		}
		f, err := os.CreateTemp(dir, ".scan*.part")
		if err != nil {
			return nil, err
		}
		err = WriteScannedPDF(f, n, func(p int) ([]byte, error) { return ScanJPEG(first + uint64(p)) })
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err == nil {
			err = os.Rename(f.Name(), name)
		}
		if err != nil {
			os.Remove(f.Name())
			return nil, fmt.Errorf("make %s: %w", name, err)
		}
	}
	return names, nil
}

// ScanCacheDir is the folder where Scans keeps its files: under the user's
// cache folder when there is one, else under fallback (a test's temp
// folder).
func ScanCacheDir(fallback string) string {
	if d, err := os.UserCacheDir(); err == nil {
		return filepath.Join(d, "redress-bench", "scans-v1")
	}
	return filepath.Join(fallback, "scans-v1")
}

// The scan sets the bundle benchmarks use: 12 PDFs of 365 pages, and 40 of
// 1,207 (the first 12 of which are the 12 of the smaller set). At about
// 170 KB a page they are 62 MB and 207 MB, the sizes of the disclosures
// issue 15 measured.
var (
	Scans365  = ScanSet{18, 42, 25, 36, 30, 12, 48, 27, 33, 21, 45, 28}
	Scans1207 = func() ScanSet {
		s := append(ScanSet{}, Scans365...)
		for i := 12; i < 39; i++ {
			s = append(s, 20+(i*13)%21)
		}
		return append(s, 1207-s.Pages())
	}()
)
