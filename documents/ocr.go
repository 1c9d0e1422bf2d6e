package documents

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"os"
	"os/exec"
	"strconv"
	"strings"
)

// OCR renders a scanned PDF page at about 300 dpi (an A4 page is 2480 x
// 3508 pixels).
const ocrWidth, ocrHeight = 2480, 3508

// Tesseract returns the path of the tesseract program, or ErrNoOCR.
func (r *Reader) Tesseract() (string, error) {
	name := r.opts.Tesseract
	if name == "" {
		name = "tesseract"
	}
	p, err := exec.LookPath(name)
	if err != nil {
		return "", ErrNoOCR
	}
	return p, nil
}

// OCRPage reads the words of page (from 1) of a PDF or an image with
// tesseract (English). It takes seconds a page: run it in the background,
// page by page, and keep each page's text as it comes so that the work
// resumes where it stopped. Cancelling ctx stops tesseract. The image goes
// to tesseract through a pipe, never a file.
func (r *Reader) OCRPage(ctx context.Context, name, mediaType string, data []byte, page int) (string, error) {
	text, _, err := r.OCRPageWords(ctx, name, mediaType, data, page)
	return text, err
}

// OCRPageWords is OCRPage giving the words' boxes too, from the same run of
// tesseract: the text is the words joined, a line to a line and a blank
// line between paragraphs.
func (r *Reader) OCRPageWords(ctx context.Context, name, mediaType string, data []byte, page int) (string, []Word, error) {
	bin, err := r.Tesseract()
	if err != nil {
		return "", nil, err
	}
	img, err := r.ocrImage(ctx, name, mediaType, data, page)
	if err != nil {
		return "", nil, err
	}
	ctx, cancel := r.withLimit(ctx)
	defer cancel()
	return runTesseract(ctx, bin, img)
}

// ocrImage is the image of page (from 1) that tesseract reads.
func (r *Reader) ocrImage(ctx context.Context, name, mediaType string, data []byte, page int) ([]byte, error) {
	switch KindOf(name, mediaType) {
	case KindPDF:
		pic, err := r.renderPDF(ctx, data, page, ocrWidth, ocrHeight)
		if err != nil {
			return nil, fmt.Errorf("read page %d of %q: %w", page, name, err)
		}
		var buf bytes.Buffer
		if err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&buf, pic); err != nil {
			return nil, err
		}
		return buf.Bytes(), nil
	case KindImage:
		n, err := r.imagePages(data)
		if err != nil {
			return nil, fmt.Errorf("read %q: %w", name, err)
		}
		if n == 1 && page == 1 {
			if err := r.checkImagePage(data, 1); err != nil {
				return nil, fmt.Errorf("read %q: %w", name, err)
			}
			return data, nil // tesseract reads the file as it is
		}
		// One page of a TIFF, given to tesseract alone (it would read
		// every page from there to the end).
		img, err := r.decodeImagePage(data, page)
		if err != nil {
			return nil, fmt.Errorf("read page %d of %q: %w", page, name, err)
		}
		var buf bytes.Buffer
		if err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&buf, img); err != nil {
			return nil, err
		}
		return buf.Bytes(), nil
	}
	return nil, fmt.Errorf("read %q: %w", name, ErrUnsupported)
}

// runTesseract reads the words of an image given on stdin, with their boxes
// (tesseract's TSV output).
func runTesseract(ctx context.Context, bin string, img []byte) (string, []Word, error) {
	cmd := exec.CommandContext(ctx, bin, "stdin", "stdout", "-l", "eng", "--psm", "3", "tsv")
	cmd.Stdin = bytes.NewReader(img)
	// One thread: tesseract's own threads fight the rest of the app for
	// two cores and make it slower overall.
	cmd.Env = append(os.Environ(), "OMP_THREAD_LIMIT=1")
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		if e := ctxErr(ctx); e != nil {
			return "", nil, e
		}
		msg := strings.TrimSpace(stderr.String())
		if strings.Contains(msg, "Failed loading language") || strings.Contains(msg, "eng.traineddata") {
			return "", nil, fmt.Errorf("tesseract has no English data (%s): %w", firstLine(msg), ErrNoOCR)
		}
		return "", nil, fmt.Errorf("tesseract: %v: %s", err, firstLine(msg))
	}
	text, words := parseTSV(DecodeCharset(out.Bytes(), "utf-8"))
	return text, words, nil
}

// parseTSV reads tesseract's TSV: a header, then one row per page, block,
// paragraph, line and word (level 1 to 5) with its box in pixels. It
// returns the text (words joined by spaces, lines by a line break,
// paragraphs by a blank line) and the words with their boxes as fractions
// of the page (the level 1 row's size). Rows it cannot read are skipped.
func parseTSV(tsv string) (string, []Word) {
	var text strings.Builder
	var words []Word
	var pageW, pageH float64
	var last [3]int // block, paragraph, line of the last word
	for line := range strings.SplitSeq(tsv, "\n") {
		f := strings.Split(strings.TrimRight(line, "\r"), "\t")
		if len(f) < 12 {
			continue
		}
		var n [10]int
		ok := true
		for i := range n {
			v, err := strconv.Atoi(f[i])
			if err != nil {
				ok = false
				break
			}
			n[i] = v
		}
		if !ok {
			continue // the header, or a broken row
		}
		level, left, top, width, height := n[0], n[6], n[7], n[8], n[9]
		switch level {
		case 1:
			if pageW == 0 && width > 0 && height > 0 {
				pageW, pageH = float64(width), float64(height)
			}
			continue
		case 5:
		default:
			continue
		}
		w := strings.TrimSpace(strings.Join(f[11:], " "))
		if w == "" || pageW == 0 || width < 0 || height < 0 || len(words) >= maxWords {
			continue
		}
		at := [3]int{n[2], n[3], n[4]}
		switch {
		case text.Len() == 0:
		case at[0] != last[0] || at[1] != last[1]:
			text.WriteString("\n\n")
		case at[2] != last[2]:
			text.WriteString("\n")
		default:
			text.WriteString(" ")
		}
		last = at
		text.WriteString(w)
		words = append(words, Word{Text: w,
			X0: clamp01(float64(left) / pageW), Y0: clamp01(float64(top) / pageH),
			X1: clamp01(float64(left+width) / pageW), Y1: clamp01(float64(top+height) / pageH)})
	}
	return text.String(), words
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}
