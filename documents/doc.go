// Package documents reads imported files: the text of each page and images
// of pages, for search, for citing a page as evidence and for AI help.
//
// It reads PDFs with PDFium compiled to WebAssembly (go-pdfium's webassembly
// mode, run by wazero: no cgo, no system library, the same on Windows),
// sandboxed with no file system, a memory limit per instance and a time limit
// per document. Pages with no text (scans) and photos (JPEG, PNG, TIFF, a
// multi-page TIFF page by page) are read by the tesseract program when it
// is installed. PageWords gives a page's words with their boxes (for
// marking search hits on the page, and for the bundle and redaction): from
// PDFium's character boxes for a page with a text layer, from tesseract's
// TSV for a scan, read in the same run as its text. Word files (.docx),
// emails (.eml, whose attachments come back as documents of their own), HTML
// and plain text are read in Go.
//
// Every input is untrusted: a broken, encrypted or hostile file gives an
// error matching one of the sentinel errors below, never a panic or a hang.
// Nothing is written to disk but the compiled PDFium code cache, which holds
// no user data.
package documents

import (
	"errors"
	"path/filepath"
	"strings"
)

// Sentinel errors; app/ turns them into sentences.
var (
	// ErrUnsupported: Redress does not read text from this kind of file.
	ErrUnsupported = errors.New("no text Redress can read in this kind of document")
	// ErrDamaged: the file is not a readable file of its kind.
	ErrDamaged = errors.New("the file is damaged or not what its name says")
	// ErrEncrypted: the PDF needs a password to open.
	ErrEncrypted = errors.New("the PDF is protected by a password")
	// ErrTooBig: the file is over a limit (size, pages, pixels, memory).
	ErrTooBig = errors.New("the file is over a limit Redress sets for safety")
	// ErrTimeout: reading took longer than the limit for one document.
	ErrTimeout = errors.New("reading the file took too long")
	// ErrNoOCR: a scan needs OCR and tesseract is not installed.
	ErrNoOCR = errors.New("reading scans needs tesseract: install tesseract-ocr and tesseract-ocr-eng")
)

// Page is the text of one page (numbered from 1). A file with no pages of
// its own (an email, a text file) is one page.
type Page struct {
	Number int
	Text   string
	// OCR is true when the text was read from the page's image.
	OCR bool
	// NeedsOCR is true for a page with no text layer that has not been read
	// by OCR yet (an image-only PDF page or a photo).
	NeedsOCR bool
	// Words are the page's words with their boxes, as PageWords gives them,
	// when HasWords is set: ExtractWords reads them for a PDF page with a
	// text layer in the same pass as its text. Extract leaves them out.
	Words    []Word
	HasWords bool
}

// Attachment is a file inside another (an email's attachment), returned to
// be imported as a document of its own.
type Attachment struct {
	Name string
	Type string // media type as the email gave it, or detected
	Data []byte
}

// Text is what Extract read from a file.
type Text struct {
	Kind        Kind
	Pages       []Page
	Attachments []Attachment
}

// All is every page's text, pages separated by a blank line.
func (t *Text) All() string {
	var parts []string
	for _, p := range t.Pages {
		if s := strings.TrimSpace(p.Text); s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, "\n\n")
}

// Kind is how a file is read.
type Kind string

// The kinds of file Redress reads.
const (
	KindPDF   Kind = "pdf"
	KindImage Kind = "image"
	KindDOCX  Kind = "docx"
	KindEmail Kind = "email"
	KindHTML  Kind = "html"
	KindText  Kind = "text"
	KindNone  Kind = ""
)

// KindOf says how a file of media type mediaType called name is read; the
// type decides, the name's extension when the type is vague.
func KindOf(name, mediaType string) Kind {
	t := strings.ToLower(strings.TrimSpace(mediaType))
	if i := strings.IndexByte(t, ';'); i >= 0 {
		t = strings.TrimSpace(t[:i])
	}
	switch t {
	case "application/pdf":
		return KindPDF
	case "image/jpeg", "image/png", "image/tiff":
		return KindImage
	case "application/vnd.openxmlformats-officedocument.wordprocessingml.document":
		return KindDOCX
	case "message/rfc822":
		return KindEmail
	case "text/html", "application/xhtml+xml":
		return KindHTML
	case "text/plain", "text/markdown", "text/csv":
		return KindText
	}
	switch strings.ToLower(filepath.Ext(name)) {
	case ".pdf":
		return KindPDF
	case ".jpg", ".jpeg", ".png", ".tif", ".tiff":
		return KindImage
	case ".docx":
		return KindDOCX
	case ".eml":
		return KindEmail
	case ".html", ".htm":
		return KindHTML
	case ".txt", ".text", ".md", ".csv":
		return KindText
	}
	if strings.HasPrefix(t, "text/") {
		return KindText
	}
	return KindNone
}
