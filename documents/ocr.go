package documents

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"os"
	"os/exec"
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
	bin, err := r.Tesseract()
	if err != nil {
		return "", err
	}
	var img []byte
	switch KindOf(name, mediaType) {
	case KindPDF:
		pic, err := r.renderPDF(ctx, data, page, ocrWidth, ocrHeight)
		if err != nil {
			return "", fmt.Errorf("read page %d of %q: %w", page, name, err)
		}
		var buf bytes.Buffer
		if err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&buf, pic); err != nil {
			return "", err
		}
		img = buf.Bytes()
	case KindImage:
		if page != 1 {
			return "", fmt.Errorf("read page %d of %q: an image has one page", page, name)
		}
		if err := r.checkImage(data); err != nil {
			return "", fmt.Errorf("read %q: %w", name, err)
		}
		img = data
	default:
		return "", fmt.Errorf("read %q: %w", name, ErrUnsupported)
	}
	ctx, cancel := r.withLimit(ctx)
	defer cancel()
	return runTesseract(ctx, bin, img)
}

// runTesseract reads the words of an image given on stdin.
func runTesseract(ctx context.Context, bin string, img []byte) (string, error) {
	cmd := exec.CommandContext(ctx, bin, "stdin", "stdout", "-l", "eng", "--psm", "3")
	cmd.Stdin = bytes.NewReader(img)
	// One thread: tesseract's own threads fight the rest of the app for
	// two cores and make it slower overall.
	cmd.Env = append(os.Environ(), "OMP_THREAD_LIMIT=1")
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		if e := ctxErr(ctx); e != nil {
			return "", e
		}
		msg := strings.TrimSpace(stderr.String())
		if strings.Contains(msg, "Failed loading language") || strings.Contains(msg, "eng.traineddata") {
			return "", fmt.Errorf("tesseract has no English data (%s): %w", firstLine(msg), ErrNoOCR)
		}
		return "", fmt.Errorf("tesseract: %v: %s", err, firstLine(msg))
	}
	text := strings.ReplaceAll(out.String(), "\f", "\n\n")
	return strings.TrimSpace(DecodeCharset([]byte(text), "utf-8")), nil
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}
