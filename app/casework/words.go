package casework

import (
	"context"
	"errors"
	"fmt"
	"io"

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
