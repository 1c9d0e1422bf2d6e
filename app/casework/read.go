package casework

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image/png"
	"io"
	"slices"

	"github.com/redress-app/redress/app/casework/pack"
	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/documents"
	"github.com/redress-app/redress/store"
)

// maxReadBytes is the largest document whose text is read (the
// documents package's own default limit).
const maxReadBytes = 512 << 20

var errTooBigToRead = errors.New("too big to read")

// ReadResult is what ReadDocument did.
type ReadResult struct {
	Pages       int                 // the document's pages
	Read        int                 // pages with text now
	OCRPending  []int               // pages still to be read by OCR
	Attachments []casefile.Document // an email's attachments, imported as documents of their own
	// Problem is why some pages could not be read (no tesseract, a damaged
	// page); the document itself is imported and kept either way.
	Problem error
}

// Progress is told how many pages of a document's OCR are done.
type Progress func(done, total int)

// ReadDocument reads a document's text into the vault (sealed, page by
// page) so that search finds it and a page can be cited. The text layer
// comes first; then OCR of image-only pages, one page at a time, each kept
// as soon as it is read, so cancelling (ctx) loses at most the page in
// hand and calling ReadDocument again resumes. An email's attachments are
// imported as documents of their own (their source names the email) and
// read too. A document already read is left alone. The returned error is
// for the vault failing; what cannot be read of the file is in Problem.
func ReadDocument(ctx context.Context, v *store.Vault, r *documents.Reader, caseID, docID string, progress Progress) (ReadResult, error) {
	return readDocument(ctx, v, r, caseID, docID, progress, 0)
}

func readDocument(ctx context.Context, v *store.Vault, r *documents.Reader, caseID, docID string, progress Progress, depth int) (ReadResult, error) {
	var res ReadResult
	doc, err := documentOf(ctx, v, caseID, docID)
	if err != nil {
		return res, err
	}
	if documents.KindOf(doc.Name, doc.Type) == documents.KindNone {
		return res, nil // a recording, a spreadsheet: nothing to read
	}
	info, ok, err := v.DerivedInfo(ctx, caseID, docID)
	if err != nil {
		return res, err
	}
	var data []byte
	load := func() error {
		if data != nil {
			return nil
		}
		rc, err := v.OpenDocument(ctx, caseID, docID)
		if err != nil {
			return err
		}
		defer rc.Close()
		// The reader refuses more than this anyway; reading it all first
		// would hold a huge recording or archive in memory for nothing.
		data, err = io.ReadAll(io.LimitReader(rc, maxReadBytes+1))
		if err == nil && len(data) > maxReadBytes {
			data = nil
			return errTooBigToRead
		}
		return err
	}
	if !ok {
		if err := load(); errors.Is(err, errTooBigToRead) {
			res.Problem = fmt.Errorf("%s is over %d MB: %w", doc.Name, maxReadBytes>>20, documents.ErrTooBig)
			return res, v.PutDerivedInfo(ctx, caseID, docID, store.DerivedInfo{Problem: res.Problem.Error()})
		} else if err != nil {
			return res, err
		}
		// A text PDF's words and their boxes are read in the same pass as
		// its text and kept, so that the bundle's page stamp knows where
		// they are without reading the PDF again (a scan's come from OCR).
		text, xerr := r.ExtractWords(ctx, doc.Name, doc.Type, data)
		if xerr != nil {
			if ctx.Err() != nil {
				return res, ctx.Err()
			}
			res.Problem = xerr
			return res, v.PutDerivedInfo(ctx, caseID, docID, store.DerivedInfo{Kind: string(documents.KindOf(doc.Name, doc.Type)), Problem: xerr.Error()})
		}
		var pages []store.PageText
		info = store.DerivedInfo{Kind: string(text.Kind), Pages: len(text.Pages)}
		for _, p := range text.Pages {
			if p.NeedsOCR {
				info.OCRPending = append(info.OCRPending, p.Number)
			}
			pages = append(pages, store.PageText{Page: p.Number, Text: p.Text})
		}
		if err := v.PutPageTexts(ctx, caseID, docID, pages); err != nil {
			return res, err
		}
		var words []store.PageWordBoxes
		for _, p := range text.Pages {
			if p.HasWords {
				words = append(words, store.PageWordBoxes{Page: p.Number, Words: toStore(p.Words)})
			}
		}
		if len(words) > 0 {
			if err := v.PutPagesWords(ctx, caseID, docID, words); err != nil {
				return res, err
			}
		}
		if err := v.PutDerivedInfo(ctx, caseID, docID, info); err != nil {
			return res, err
		}
		if depth < 2 {
			for _, a := range text.Attachments {
				own, err := pack.OwnIDFor(ctx, v, caseID)
				if err != nil {
					return res, err
				}
				d, err := v.ImportDocument(ctx, caseID, bytes.NewReader(a.Data), store.DocumentInfo{
					ID: own, Name: a.Name, Date: doc.Date, Source: fmt.Sprintf("attachment to %s (%s)", doc.ID, doc.Name)})
				if err != nil {
					return res, err
				}
				res.Attachments = append(res.Attachments, d)
				sub, err := readDocument(ctx, v, r, caseID, d.ID, nil, depth+1)
				if err != nil {
					return res, err
				}
				res.Attachments = append(res.Attachments, sub.Attachments...)
			}
		}
	}
	res.Pages = info.Pages
	if len(info.OCRPending) > 0 {
		if _, err := r.Tesseract(); err != nil {
			res.Problem = err
		} else if err := load(); err != nil {
			return res, err
		} else {
			total := len(info.OCRPending)
			for done := 1; len(info.OCRPending) > 0 && ctx.Err() == nil; done++ {
				p := info.OCRPending[0]
				// One run of tesseract gives the page's text and its words'
				// boxes (for marking search hits on the page): both are kept.
				text, words, oerr := r.OCRPageWords(ctx, doc.Name, doc.Type, data, p)
				if ctx.Err() != nil {
					break // the page stays pending: the next call reads it
				}
				if oerr != nil {
					res.Problem = fmt.Errorf("page %d: %w", p, oerr)
					info.Problem = res.Problem.Error()
				} else if err := v.PutPageWords(ctx, caseID, docID, p, toStore(words)); err != nil {
					return res, err
				} else if err := v.PutPageTexts(ctx, caseID, docID, []store.PageText{{Page: p, Text: text, OCR: true}}); err != nil {
					return res, err
				}
				info.OCRPending = slices.Delete(info.OCRPending, 0, 1)
				if err := v.PutDerivedInfo(context.WithoutCancel(ctx), caseID, docID, info); err != nil {
					return res, err
				}
				if progress != nil {
					progress(done, total)
				}
			}
		}
	}
	res.OCRPending = info.OCRPending
	pages, err := v.PageTexts(ctx, caseID, docID)
	if err != nil {
		return res, err
	}
	for _, p := range pages {
		if p.Text != "" {
			res.Read++
		}
	}
	if ctx.Err() != nil {
		return res, ctx.Err()
	}
	return res, nil
}

// ReadPending reads every document of a case that has not been read, or
// whose OCR stopped part-way (after a restart): the desktop calls it in the
// background after unlocking.
func ReadPending(ctx context.Context, v *store.Vault, r *documents.Reader, caseID string, progress func(doc casefile.Document, done, total int)) error {
	c, err := v.LoadCase(ctx, caseID)
	if err != nil {
		return err
	}
	for _, d := range c.Documents {
		info, ok, err := v.DerivedInfo(ctx, caseID, d.ID)
		if err != nil {
			return err
		}
		if ok && len(info.OCRPending) == 0 {
			continue
		}
		var p Progress
		if progress != nil {
			p = func(done, total int) { progress(d, done, total) }
		}
		if _, err := ReadDocument(ctx, v, r, caseID, d.ID, p); err != nil {
			return err
		}
	}
	return nil
}

// Thumbnail returns a PNG of page (from 1) of a document, at most width x
// height pixels: the one kept in the vault, or a new one rendered (never
// through a file on disk) and kept.
func Thumbnail(ctx context.Context, v *store.Vault, r *documents.Reader, caseID, docID string, page, width, height int) ([]byte, error) {
	if img, err := v.Thumbnail(ctx, caseID, docID, page); err == nil {
		return img, nil
	} else if !errors.Is(err, casefile.ErrNotFound) {
		return nil, err
	}
	doc, err := documentOf(ctx, v, caseID, docID)
	if err != nil {
		return nil, err
	}
	rc, err := v.OpenDocument(ctx, caseID, docID)
	if err != nil {
		return nil, err
	}
	data, err := io.ReadAll(rc)
	rc.Close()
	if err != nil {
		return nil, err
	}
	img, err := r.RenderPage(ctx, doc.Name, doc.Type, data, page, width, height)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, err
	}
	if err := v.PutThumbnail(ctx, caseID, docID, page, buf.Bytes()); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// documentOf returns the description of document docID of a case.
func documentOf(ctx context.Context, v *store.Vault, caseID, docID string) (casefile.Document, error) {
	c, err := v.LoadCase(ctx, caseID)
	if err != nil {
		return casefile.Document{}, err
	}
	for _, d := range c.Documents {
		if d.ID == docID {
			return d, nil
		}
	}
	return casefile.Document{}, fmt.Errorf("document %s: %w", docID, casefile.ErrNotFound)
}
