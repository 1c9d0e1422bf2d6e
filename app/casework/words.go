package casework

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/documents"
	"github.com/redress-app/redress/store"
)

// PageWords returns a document page's words, from the vault's sealed
// derived record when it is there, otherwise computed with the reader and
// stored (sealed) for next time. A scanned page's words are stored when
// its text is read by OCR (ReadDocument), so OCR runs once per page; a
// page of a PDF with a text layer is read here, in a fraction of a second.
// A vault opened read-only gives the words without keeping them.
func PageWords(ctx context.Context, v *store.Vault, r *documents.Reader, caseID, docID string, page int) ([]documents.Word, error) {
	if page < 1 {
		return nil, fmt.Errorf("words of page %d: not a page number", page)
	}
	if kept, ok, err := v.PageWords(ctx, caseID, docID, page); err != nil {
		return nil, err
	} else if ok {
		return fromStore(kept), nil
	}
	doc, err := documentOf(ctx, v, caseID, docID)
	if err != nil {
		return nil, err
	}
	data, err := documentBytes(ctx, v, caseID, docID)
	if err != nil {
		return nil, err
	}
	return readPageWords(ctx, v, r, caseID, doc, data, page)
}

// PageWordsOf is PageWords for a document whose bytes are already in
// memory (the page viewer holds them), so they are not decrypted again.
func PageWordsOf(ctx context.Context, v *store.Vault, r *documents.Reader, caseID string, doc casefile.Document, data []byte, page int) ([]documents.Word, error) {
	if page < 1 {
		return nil, fmt.Errorf("words of page %d: not a page number", page)
	}
	if kept, ok, err := v.PageWords(ctx, caseID, doc.ID, page); err != nil {
		return nil, err
	} else if ok {
		return fromStore(kept), nil
	}
	return readPageWords(ctx, v, r, caseID, doc, data, page)
}

// readPageWords reads a page's words and keeps them.
func readPageWords(ctx context.Context, v *store.Vault, r *documents.Reader, caseID string, doc casefile.Document, data []byte, page int) ([]documents.Word, error) {
	docID := doc.ID
	words, err := r.PageWords(ctx, doc.Name, doc.Type, data, page)
	if err != nil {
		return nil, err
	}
	if err := v.PutPageWords(ctx, caseID, docID, page, toStore(words)); err != nil && !errors.Is(err, store.ErrReadOnly) {
		return nil, err
	}
	return words, nil
}

// documentBytes reads a document's bytes, refusing one over the reader's
// size limit without holding it all in memory.
func documentBytes(ctx context.Context, v *store.Vault, caseID, docID string) ([]byte, error) {
	rc, err := v.OpenDocument(ctx, caseID, docID)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, maxReadBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxReadBytes {
		return nil, fmt.Errorf("document %s is over %d MB: %w", docID, maxReadBytes>>20, documents.ErrTooBig)
	}
	return data, nil
}

func toStore(ws []documents.Word) []store.Word {
	out := make([]store.Word, len(ws))
	for i, w := range ws {
		out[i] = store.Word(w)
	}
	return out
}

func fromStore(ws []store.Word) []documents.Word {
	out := make([]documents.Word, len(ws))
	for i, w := range ws {
		out[i] = documents.Word(w)
	}
	return out
}

// TextWordsResult is what KeepTextWords did.
type TextWordsResult struct {
	Documents int // text PDFs whose words were read and kept
	Pages     int // pages whose words were kept
	// Skipped are the documents whose words could not be read (a damaged
	// PDF, one that took too long), each with why: their pages are shrunk
	// in the bundle to leave room for the stamp, as before.
	Skipped []SkippedDocument
}

// SkippedDocument is a document KeepTextWords left as it was, and why.
type SkippedDocument struct {
	Document casefile.Document
	Reason   error
}

// unreadableWords remembers, while Redress runs, the documents (by the
// SHA-256 of their bytes, which never change in the vault) whose words
// KeepTextWords could not read and why, so that a damaged PDF, or one that
// took textWordsLimit, is not read again at every bundle check and export.
// It is kept in memory only; a restart tries each once more.
var unreadableWords sync.Map // string -> error

// extractWords reads a PDF's text and words; a test counts the reads.
var extractWords = (*documents.Reader).ExtractWords

// textWordsLimit bounds the time KeepTextWords spends on one document.
const textWordsLimit = 45 * time.Second

// KeepTextWords reads and keeps (sealed) the words of every page of the
// case's text PDFs whose words were not kept when it was imported (before
// import kept them): the bundle's page stamp then shrinks only the pages
// whose own words reach its foot. Each document is read once, in at most
// textWordsLimit; one that cannot be read is skipped with its reason, not
// an error, and is not read again while Redress runs. A document whose
// words are all kept is not read. The error is for the vault failing or
// ctx ending; a vault open read-only keeps nothing and says so in Skipped.
func KeepTextWords(ctx context.Context, v *store.Vault, r *documents.Reader, caseID string) (TextWordsResult, error) {
	var res TextWordsResult
	c, err := v.LoadCase(ctx, caseID)
	if err != nil {
		return res, err
	}
	for _, d := range c.Documents {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		if documents.KindOf(d.Name, d.Type) != documents.KindPDF {
			continue
		}
		info, ok, err := v.DerivedInfo(ctx, caseID, d.ID)
		if err != nil {
			return res, err
		}
		if !ok || info.Kind != string(documents.KindPDF) {
			continue // not read yet (ReadDocument keeps its words) or not read as a PDF
		}
		if reason, ok := unreadableWords.Load(d.SHA256); ok && d.SHA256 != "" {
			res.Skipped = append(res.Skipped, SkippedDocument{Document: d, Reason: reason.(error)})
			continue
		}
		missing, err := wordsMissing(ctx, v, caseID, d.ID)
		if err != nil {
			return res, err
		}
		if len(missing) == 0 {
			continue
		}
		n, docErr, err := keepDocWords(ctx, v, r, caseID, d, missing)
		if errors.Is(err, store.ErrReadOnly) {
			res.Skipped = append(res.Skipped, SkippedDocument{Document: d, Reason: fmt.Errorf("the vault is open read-only, so the words of %s were not kept: %w", d.Name, err)})
			return res, nil
		} else if err != nil {
			return res, err
		}
		if ctx.Err() != nil {
			return res, ctx.Err()
		}
		if docErr != nil {
			if d.SHA256 != "" {
				unreadableWords.Store(d.SHA256, docErr)
			}
			res.Skipped = append(res.Skipped, SkippedDocument{Document: d, Reason: docErr})
			continue
		}
		res.Documents++
		res.Pages += n
	}
	return res, nil
}

// wordsMissing lists the pages of a document that have a text layer (text
// read, not by OCR) but no words kept.
func wordsMissing(ctx context.Context, v *store.Vault, caseID, docID string) (map[int]bool, error) {
	pages, err := v.PageTexts(ctx, caseID, docID)
	if err != nil {
		return nil, err
	}
	missing := map[int]bool{}
	for _, p := range pages {
		if p.OCR || strings.TrimSpace(p.Text) == "" {
			continue
		}
		if _, ok, err := v.PageWords(ctx, caseID, docID, p.Page); err != nil {
			return nil, err
		} else if !ok {
			missing[p.Page] = true
		}
	}
	return missing, nil
}

// keepDocWords reads a text PDF's words once and keeps those of the
// missing pages: n is how many pages' words it kept, docErr why the
// document could not be read, err the vault failing.
func keepDocWords(ctx context.Context, v *store.Vault, r *documents.Reader, caseID string, d casefile.Document, missing map[int]bool) (n int, docErr, err error) {
	data, err := documentBytes(ctx, v, caseID, d.ID)
	if errors.Is(err, documents.ErrTooBig) {
		return 0, err, nil
	} else if err != nil {
		return 0, nil, err
	}
	lctx, cancel := context.WithTimeout(ctx, textWordsLimit)
	defer cancel()
	t, xerr := extractWords(r, lctx, d.Name, d.Type, data)
	clear(data)
	if xerr != nil {
		if ctx.Err() == nil && lctx.Err() != nil {
			return 0, fmt.Errorf("reading the words of %s took more than %s: %w", d.Name, textWordsLimit, documents.ErrTimeout), nil
		}
		return 0, fmt.Errorf("read the words of %s: %w", d.Name, xerr), nil
	}
	var words []store.PageWordBoxes
	for _, p := range t.Pages {
		if p.HasWords && missing[p.Number] {
			words = append(words, store.PageWordBoxes{Page: p.Number, Words: toStore(p.Words)})
		}
	}
	if len(words) == 0 {
		return 0, nil, nil
	}
	if err := v.PutPagesWords(ctx, caseID, d.ID, words); err != nil {
		return 0, nil, err
	}
	return len(words), nil, nil
}
