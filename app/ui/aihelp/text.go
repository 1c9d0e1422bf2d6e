package aihelp

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/redress-app/redress/app/ui/kit"
	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/documents"
	"github.com/redress-app/redress/letters/polish"
	"github.com/redress-app/redress/store"
)

// AI help reads a document's text through the documents package: text
// files, emails and web pages from their bytes here; PDFs, scans and Word
// documents from the text Redress read when they were imported (kept
// sealed in the vault page by page, v.PageTexts).

// errNoText says that a document is of a kind Redress cannot read text from.
var errNoText = errors.New("no text Redress can read in this kind of document")

// errNotRead says that a PDF, scan or Word document has not been read yet
// (OCR still running, or tesseract missing).
var errNotRead = errors.New("the document's text has not been read yet")

// maxDocumentBytes bounds what is read of a document for AI help: an email
// with attachments can be large, but only its text is kept.
const maxDocumentBytes = 8 << 20

// documentText reads the text of document doc of case caseID from the
// vault: a text file as it is, an email's headers and text, an HTML page's
// words, and a PDF's, scan's or Word document's pages as read on import.
// Other kinds of document give errNoText.
func documentText(ctx context.Context, v *store.Vault, caseID string, doc casefile.Document) (string, error) {
	switch documents.KindOf(doc.Name, doc.Type) {
	case documents.KindNone:
		return "", errNoText
	case documents.KindPDF, documents.KindImage, documents.KindDOCX:
		pages, err := v.PageTexts(ctx, caseID, doc.ID)
		if err != nil {
			return "", err
		}
		info, read, err := v.DerivedInfo(ctx, caseID, doc.ID)
		if err != nil {
			return "", err
		}
		return pagesText(pages, info, read)
	}
	r, err := v.OpenDocument(ctx, caseID, doc.ID)
	if err != nil {
		return "", err
	}
	defer r.Close()
	return textOfDocument(r, doc)
}

// pagesText joins the pages' text read on import, with the same checks as
// any other document's text.
func pagesText(pages []store.PageText, info store.DerivedInfo, read bool) (string, error) {
	var parts []string
	for _, p := range pages {
		if s := strings.TrimSpace(p.Text); s != "" {
			parts = append(parts, s)
		}
	}
	if len(parts) == 0 {
		switch {
		case !read || len(info.OCRPending) > 0:
			return "", errNotRead
		case info.Problem != "":
			return "", errNoText
		}
	}
	return checkedText(strings.Join(parts, "\n\n"))
}

// textOfDocument reads a text file's, email's or web page's text from r.
// It takes untrusted bytes: it never panics, and anything it cannot read is
// an error.
func textOfDocument(r io.Reader, doc casefile.Document) (string, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxDocumentBytes+1))
	if err != nil {
		return "", err
	}
	if len(data) > maxDocumentBytes {
		return "", polish.ErrTooLong
	}
	var text string
	switch documents.KindOf(doc.Name, doc.Type) {
	case documents.KindEmail:
		var e *documents.Email
		if e, err = documents.ReadEmail(data); err == nil {
			text = e.Text
		}
	case documents.KindHTML:
		text = documents.HTMLText(documents.DecodeCharset(data, ""))
	case documents.KindText:
		text, err = documents.PlainText(data)
	default:
		return "", errNoText
	}
	if errors.Is(err, documents.ErrUnsupported) || errors.Is(err, documents.ErrDamaged) {
		return "", fmt.Errorf("%w: %w", errNoText, err)
	}
	if err != nil {
		return "", err
	}
	return checkedText(text)
}

// checkedText is text ready for AI help: trimmed, not empty, not too long.
func checkedText(text string) (string, error) {
	text = strings.TrimSpace(strings.ReplaceAll(text, "\r\n", "\n"))
	if text == "" {
		return "", polish.ErrNothingToSend
	}
	if utf8.RuneCountInString(text) > polish.MaxInput {
		return "", polish.ErrTooLong
	}
	return text, nil
}

// documentTextWords says why AI help cannot read a document, and what works.
func documentTextWords(err error, doc casefile.Document) string {
	switch {
	case errors.Is(err, errNotRead):
		return "Redress has not finished reading the text of this document (scans are read page by page in the background, " +
			"and need the free program tesseract: install tesseract-ocr and tesseract-ocr-eng). Try again when it has."
	case errors.Is(err, errNoText):
		return "Redress could not read any text in this document, so AI help has nothing to work with. " +
			"If you have the same letter as an email, a PDF or a text file, import that and try again."
	case errors.Is(err, polish.ErrTooLong):
		return fmt.Sprintf("This document is too long to send in one go: the most is about %d characters. "+
			"Copy the part you need into a journal note, and ask for help with that.", polish.MaxInput)
	case errors.Is(err, polish.ErrNothingToSend):
		return "This document has no text in it to send."
	}
	return kit.PlainError(err)
}
