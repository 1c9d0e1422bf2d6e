package documents

import (
	"context"
	"errors"
	"fmt"
	"image"
	"image/draw"
	"os"
	"strings"
	"sync"

	"github.com/klippa-app/go-pdfium"
	pdferrors "github.com/klippa-app/go-pdfium/errors"
	"github.com/klippa-app/go-pdfium/references"
	"github.com/klippa-app/go-pdfium/requests"
	"github.com/klippa-app/go-pdfium/webassembly"
	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"
)

// minPagesPerWorker: a PDF shorter than this is read by one instance (each
// extra instance loads the whole document again).
const minPagesPerWorker = 24

// start starts PDFium once: the WebAssembly module compiled (or loaded from
// the cache), with no file system and a memory limit.
func (r *Reader) start() (pdfium.Pool, error) {
	r.once.Do(func() {
		rc := wazero.NewRuntimeConfig().
			WithCoreFeatures(api.CoreFeaturesV2 | experimental.CoreFeaturesExceptionHandling).
			WithMemoryLimitPages(uint32(r.opts.MemoryMB) * 16) // 64 KiB pages
		// Not WithCloseOnContextDone: the checks it compiles into every loop
		// made reading text seven times slower (measured). The time limit
		// is kept by within instead: the caller stops waiting at the limit,
		// and the instance is thrown away once its call returns.
		if dir := r.cacheDir(); dir != "" {
			if err := os.MkdirAll(dir, 0o700); err == nil {
				if cache, err := wazero.NewCompilationCacheWithDir(dir); err == nil {
					rc = rc.WithCompilationCache(cache)
				}
			}
		}
		r.pool, r.initErr = webassembly.Init(webassembly.Config{
			MinIdle:       0,
			MaxIdle:       r.opts.Workers,
			MaxTotal:      r.opts.Workers,
			ReuseWorkers:  true,
			FSConfig:      wazero.NewFSConfig(), // nothing mounted: a PDF reaches no file
			RuntimeConfig: rc,
			Stdout:        discard{},
			Stderr:        discard{},
		})
		if r.initErr != nil {
			r.initErr = fmt.Errorf("start the PDF reader: %w", r.initErr)
		}
	})
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return nil, errors.New("the document reader is closed")
	}
	return r.pool, r.initErr
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

// pdfDoc is one PDF open in one PDFium instance.
type pdfDoc struct {
	ctx   context.Context
	inst  pdfium.Pdfium
	doc   references.FPDF_DOCUMENT
	pages int
	// broken: PDFium trapped or panicked, or the time ran out while it
	// worked; the instance is thrown away, not reused.
	broken bool
}

// within runs fn in a goroutine of its own and waits for it, or for ctx to
// end: a PDFium call cannot be interrupted, so at the time limit the
// caller stops waiting (ErrTimeout) while fn finishes its current call,
// sees ctx has ended, and throws its instance away. The pool's size bounds
// how many such instances can be busy at once.
func within(ctx context.Context, fn func() error) error {
	done := make(chan error, 1)
	go func() { done <- fn() }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return ctxErr(ctx)
	}
}

// openPDF takes an instance from the pool and loads data into it. Call it
// inside within.
func (r *Reader) openPDF(ctx context.Context, data []byte) (_ *pdfDoc, err error) {
	pool, err := r.start()
	if err != nil {
		return nil, err
	}
	inst, err := pool.GetInstanceWithContext(ctx)
	if err != nil {
		if e := ctxErr(ctx); e != nil {
			return nil, e
		}
		return nil, fmt.Errorf("start the PDF reader: %w", err)
	}
	d := &pdfDoc{ctx: ctx, inst: inst}
	defer func() {
		if err != nil {
			d.close()
		}
	}()
	err = guard(ctx, d, func() error {
		res, err := inst.FPDF_LoadMemDocument(&requests.FPDF_LoadMemDocument{Data: &data})
		if err != nil {
			return pdfErr(err)
		}
		d.doc = res.Document
		n, err := inst.FPDF_GetPageCount(&requests.FPDF_GetPageCount{Document: d.doc})
		if err != nil {
			return pdfErr(err)
		}
		d.pages = n.PageCount
		return nil
	})
	if err != nil {
		return nil, err
	}
	if d.pages < 1 {
		return nil, fmt.Errorf("the PDF has no pages: %w", ErrDamaged)
	}
	if d.pages > r.opts.MaxPages {
		return nil, fmt.Errorf("the PDF has %d pages; the most Redress reads is %d: %w", d.pages, r.opts.MaxPages, ErrTooBig)
	}
	return d, nil
}

// close closes the document and returns the instance to the pool, or
// throws the instance away (the pool makes a new one) when it broke or
// the time ran out.
func (d *pdfDoc) close() {
	defer func() { _ = recover() }()
	if d.broken || d.ctx.Err() != nil {
		_ = d.inst.Kill()
		return
	}
	if d.doc != "" {
		_, _ = d.inst.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: d.doc})
	}
	_ = d.inst.Close()
}

// guard runs fn, turning a panic in PDFium's bindings into an error and a
// killed instance into the reason ctx ended.
func guard(ctx context.Context, d *pdfDoc, fn func() error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("the PDF reader failed (%v): %w", p, ErrDamaged)
			d.broken = true
		}
		if err != nil {
			if e := ctxErr(ctx); e != nil {
				err = e
			} else if isMemoryErr(err) {
				err = fmt.Errorf("the PDF needs more memory than the limit: %w", ErrTooBig)
				d.broken = true
			} else if strings.Contains(err.Error(), "wasm error") {
				// PDFium aborted (a trap): most often memory running out
				// on a hostile stream. Its instance is not reused.
				msg, _, _ := strings.Cut(err.Error(), "wasm error")
				err = fmt.Errorf("%sthe PDF reader stopped on this file (it is damaged, or needs more memory than the limit): %w", msg, ErrDamaged)
				d.broken = true
			}
		}
	}()
	return fn()
}

func isMemoryErr(err error) bool {
	s := err.Error()
	return strings.Contains(s, "out of memory") || strings.Contains(s, "memory limit") || strings.Contains(s, "out of bounds memory")
}

// pdfErr maps PDFium's load errors to ours.
func pdfErr(err error) error {
	switch {
	case errors.Is(err, pdferrors.ErrPassword), errors.Is(err, pdferrors.ErrSecurity):
		return ErrEncrypted
	case errors.Is(err, pdferrors.ErrFormat), errors.Is(err, pdferrors.ErrFile), errors.Is(err, pdferrors.ErrPage),
		errors.Is(err, pdferrors.ErrUnknown):
		return fmt.Errorf("%v: %w", err, ErrDamaged)
	}
	return err
}

// readPage reads the text of page i (from 0) and, when withWords is set and
// the page has a text layer, its words (hasText false for a page with
// none): the page and its text page loaded once for both.
func (d *pdfDoc) readPage(ctx context.Context, i int, withWords bool) (text string, words []Word, hasText bool, err error) {
	p, err := d.inst.FPDF_LoadPage(&requests.FPDF_LoadPage{Document: d.doc, Index: i})
	if err != nil {
		return "", nil, false, pdfErr(err)
	}
	defer d.inst.FPDF_ClosePage(&requests.FPDF_ClosePage{Page: p.Page})
	tp, err := d.inst.FPDFText_LoadPage(&requests.FPDFText_LoadPage{Page: requests.Page{ByReference: &p.Page}})
	if err != nil {
		return "", nil, false, pdfErr(err)
	}
	defer d.inst.FPDFText_ClosePage(&requests.FPDFText_ClosePage{TextPage: tp.TextPage})
	n, err := d.inst.FPDFText_CountChars(&requests.FPDFText_CountChars{TextPage: tp.TextPage})
	if err != nil {
		return "", nil, false, pdfErr(err)
	}
	if n.Count <= 0 {
		return "", nil, false, nil
	}
	t, err := d.inst.FPDFText_GetText(&requests.FPDFText_GetText{TextPage: tp.TextPage, StartIndex: 0, Count: n.Count})
	if err != nil {
		return "", nil, false, pdfErr(err)
	}
	text = strings.ReplaceAll(strings.ReplaceAll(t.Text, "\r\n", "\n"), "\x00", "")
	if strings.TrimSpace(text) == "" {
		return text, nil, false, nil
	}
	if withWords {
		words, err = d.textWords(ctx, p.Page, tp.TextPage, t.Text, n.Count)
		if err != nil {
			return "", nil, false, err
		}
	}
	return text, words, true, nil
}

// pdfText reads every page's text. A long PDF is split into runs of pages,
// one per PDFium instance, read at the same time.
func (r *Reader) pdfText(ctx context.Context, data []byte, withWords bool) ([]Page, error) {
	ctx, cancel := r.withLimit(ctx)
	defer cancel()
	var pages []Page
	err := within(ctx, func() error {
		var err error
		pages, err = r.pdfPages(ctx, data, withWords)
		return err
	})
	if err != nil {
		return nil, err
	}
	return pages, nil
}

// pdfPages is pdfText inside within.
func (r *Reader) pdfPages(ctx context.Context, data []byte, withWords bool) ([]Page, error) {
	first, err := r.openPDF(ctx, data)
	if err != nil {
		return nil, err
	}
	n := first.pages
	workers := max(1, min(r.opts.Workers, n/minPagesPerWorker))
	pages := make([]Page, n)
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		lo, hi := n*w/workers, n*(w+1)/workers
		wg.Add(1)
		go func() {
			defer wg.Done()
			d := first
			if w > 0 {
				if d, errs[w] = r.openPDF(ctx, data); errs[w] != nil {
					return
				}
			}
			defer d.close()
			errs[w] = guard(ctx, d, func() error {
				for i := lo; i < hi; i++ {
					if err := ctxErr(ctx); err != nil {
						return err
					}
					t, words, hasText, err := d.readPage(ctx, i, withWords)
					if err != nil {
						return fmt.Errorf("page %d: %w", i+1, err)
					}
					pages[i] = Page{Number: i + 1, Text: t, NeedsOCR: !hasText}
					if withWords && hasText {
						pages[i].Words, pages[i].HasWords = words, true
					}
				}
				return nil
			})
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		for _, e := range errs { // the first one says it best
			if e != nil {
				return nil, e
			}
		}
	}
	return pages, nil
}

func (r *Reader) pdfPageCount(ctx context.Context, data []byte) (int, error) {
	ctx, cancel := r.withLimit(ctx)
	defer cancel()
	var n int
	err := within(ctx, func() error {
		d, err := r.openPDF(ctx, data)
		if err != nil {
			return err
		}
		defer d.close()
		n = d.pages
		return nil
	})
	return n, err
}

// renderPDF draws page (from 1) to fit within width x height pixels.
func (r *Reader) renderPDF(ctx context.Context, data []byte, page, width, height int) (image.Image, error) {
	out, err := r.renderPDFPages(ctx, data, []int{page}, width, height)
	if err != nil {
		return nil, err
	}
	return out[0].Image, out[0].Err
}

// renderPDFPages draws pages (from 1) to fit within width x height pixels,
// the PDF loaded once for all of them; a page that cannot be drawn has its
// error.
func (r *Reader) renderPDFPages(ctx context.Context, data []byte, pages []int, width, height int) ([]Rendered, error) {
	ctx, cancel := r.withLimit(ctx)
	defer cancel()
	out := make([]Rendered, len(pages))
	err := within(ctx, func() error {
		d, err := r.openPDF(ctx, data)
		if err != nil {
			return err
		}
		defer d.close()
		for i, page := range pages {
			if err := ctxErr(ctx); err != nil {
				return err
			}
			out[i].Page = page
			if page < 1 || page > d.pages {
				out[i].Err = fmt.Errorf("page %d: the PDF has %d pages", page, d.pages)
				continue
			}
			out[i].Err = guard(ctx, d, func() error {
				img, err := d.render(page, width, height)
				out[i].Image = img
				return err
			})
			if d.broken {
				return out[i].Err // the instance is not used again
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// render draws page (from 1), copied out of PDFium's memory.
func (d *pdfDoc) render(page, width, height int) (image.Image, error) {
	res, err := d.inst.RenderPageInPixels(&requests.RenderPageInPixels{
		Page:  requests.Page{ByIndex: &requests.PageByIndex{Document: d.doc, Index: page - 1}},
		Width: width, Height: height,
	})
	if err != nil {
		return nil, pdfErr(err)
	}
	defer res.Cleanup()
	src := res.Result.RenderedImage
	if src == nil {
		return nil, fmt.Errorf("page %d did not render: %w", page, ErrDamaged)
	}
	img := image.NewRGBA(src.Bounds())
	draw.Draw(img, img.Bounds(), src, src.Bounds().Min, draw.Src)
	return img, nil
}
