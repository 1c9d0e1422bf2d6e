package documents

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"github.com/klippa-app/go-pdfium"
)

// Options set a Reader's limits. Zero values take the defaults.
type Options struct {
	// CacheDir holds PDFium's compiled code (about 21 MB; no user data) so
	// that a process starts reading in a tenth of a second instead of
	// seconds. "" means the user's cache folder; "-" means no cache.
	CacheDir string
	// Workers is how many PDFium instances read at once (default: the
	// number of CPUs, at most 4). A long PDF is split between them.
	Workers int
	// Timeout bounds reading one document (default 2 minutes).
	Timeout time.Duration
	// MemoryMB bounds each PDFium instance's memory (default 512).
	MemoryMB int
	// MaxPages refuses documents with more pages (default 5,000).
	MaxPages int
	// MaxBytes refuses larger files (default 512 MB).
	MaxBytes int64
	// MaxPixels bounds an image, decoded or rendered (default 60 million).
	MaxPixels int
	// Tesseract is the tesseract program; "" looks for it on PATH.
	Tesseract string
}

func (o *Options) defaults() {
	if o.Workers <= 0 {
		o.Workers = min(runtime.NumCPU(), 4)
	}
	if o.Timeout <= 0 {
		o.Timeout = 2 * time.Minute
	}
	if o.MemoryMB <= 0 {
		o.MemoryMB = 512
	}
	if o.MaxPages <= 0 {
		o.MaxPages = 5000
	}
	if o.MaxBytes <= 0 {
		o.MaxBytes = 512 << 20
	}
	if o.MaxPixels <= 0 {
		o.MaxPixels = 60_000_000
	}
}

// Reader reads documents. It is safe for concurrent use; PDFium starts on
// the first PDF. Close it when done.
type Reader struct {
	opts Options

	once    sync.Once
	pool    pdfium.Pool
	initErr error
	closed  bool
	mu      sync.Mutex
}

// New returns a Reader with the given limits.
func New(opts Options) *Reader {
	opts.defaults()
	return &Reader{opts: opts}
}

// Close stops PDFium.
func (r *Reader) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.closed = true
	if r.pool != nil {
		err := r.pool.Close()
		r.pool = nil
		return err
	}
	return nil
}

// cacheDir is where PDFium's compiled code is kept, or "".
func (r *Reader) cacheDir() string {
	switch r.opts.CacheDir {
	case "-":
		return ""
	case "":
		d, err := os.UserCacheDir()
		if err != nil {
			return ""
		}
		return filepath.Join(d, "redress", "pdfium")
	}
	return r.opts.CacheDir
}

// Extract reads the text of each page of a file called name, of media type
// mediaType (either may be empty). Image-only pages come back with NeedsOCR
// set: OCR is slow, so the caller runs OCRPage for each, in the background.
// An email's attachments come back in Attachments.
func (r *Reader) Extract(ctx context.Context, name, mediaType string, data []byte) (*Text, error) {
	return r.extract(ctx, name, mediaType, data, false)
}

// ExtractWords is Extract that also reads, for each page of a PDF with a
// text layer, its words and their boxes (Page.Words, as PageWords gives
// them), in the same pass of PDFium as its text: import keeps them so that
// the bundle's page stamp knows where a page's words are without reading
// the PDF again. Other pages and other kinds of file come back as Extract
// gives them, HasWords unset (a scan's words come from OCRPageWords).
func (r *Reader) ExtractWords(ctx context.Context, name, mediaType string, data []byte) (*Text, error) {
	return r.extract(ctx, name, mediaType, data, true)
}

func (r *Reader) extract(ctx context.Context, name, mediaType string, data []byte, withWords bool) (*Text, error) {
	if int64(len(data)) > r.opts.MaxBytes {
		return nil, fmt.Errorf("read %q: %d MB is over the %d MB limit: %w", name, len(data)>>20, r.opts.MaxBytes>>20, ErrTooBig)
	}
	kind := KindOf(name, mediaType)
	t := &Text{Kind: kind}
	var err error
	switch kind {
	case KindPDF:
		t.Pages, err = r.pdfText(ctx, data, withWords)
	case KindImage:
		var n int
		if n, err = r.imagePages(data); err == nil {
			err = r.checkImage(data)
		}
		for p := 1; p <= n && err == nil; p++ {
			t.Pages = append(t.Pages, Page{Number: p, NeedsOCR: true})
		}
	case KindDOCX:
		t.Pages, err = ReadDOCX(data)
	case KindEmail:
		var e *Email
		if e, err = ReadEmail(data); err == nil {
			t.Pages, t.Attachments = []Page{{Number: 1, Text: e.Text}}, e.Attachments
		}
	case KindHTML:
		t.Pages = []Page{{Number: 1, Text: HTMLText(DecodeCharset(data, ""))}}
	case KindText:
		var s string
		if s, err = PlainText(data); err == nil {
			t.Pages = []Page{{Number: 1, Text: s}}
		}
	default:
		err = ErrUnsupported
	}
	if err != nil {
		return nil, fmt.Errorf("read %q: %w", name, err)
	}
	return t, nil
}

// PageCount is how many pages a file has for RenderPage and OCRPage: a
// PDF's pages, a TIFF's pages, one for another image, 0 for anything else.
func (r *Reader) PageCount(ctx context.Context, name, mediaType string, data []byte) (int, error) {
	switch KindOf(name, mediaType) {
	case KindPDF:
		return r.pdfPageCount(ctx, data)
	case KindImage:
		n, err := r.imagePages(data)
		if err != nil {
			return 0, fmt.Errorf("read %q: %w", name, err)
		}
		return n, nil
	}
	return 0, nil
}

// errLimit is the cause of a context ended by the time limit.
var errLimit = errors.New("time limit")

// withLimit bounds ctx by the per-document time limit.
func (r *Reader) withLimit(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeoutCause(ctx, r.opts.Timeout, errLimit)
}

// ctxErr is why ctx ended: ErrTimeout for our limit, else the caller's
// cancellation; nil while it runs.
func ctxErr(ctx context.Context) error {
	if ctx.Err() == nil {
		return nil
	}
	if errors.Is(context.Cause(ctx), errLimit) {
		return ErrTimeout
	}
	return ctx.Err()
}
