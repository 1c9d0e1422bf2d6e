package documents

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// maxDOCXXML bounds the uncompressed size of word/document.xml: a zip bomb
// stops here, however small the file.
const maxDOCXXML = 64 << 20

// ReadDOCX reads a Word document's text, page by page where the file marks
// page breaks (a hard break, or where Word last laid out a new page); a
// file without them is one page.
func ReadDOCX(data []byte) ([]Page, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("read the word file: %w", ErrDamaged)
	}
	var doc *zip.File
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			doc = f
			break
		}
	}
	if doc == nil {
		return nil, fmt.Errorf("read the word file: it has no word/document.xml: %w", ErrDamaged)
	}
	if doc.UncompressedSize64 > maxDOCXXML {
		return nil, fmt.Errorf("read the word file: its text is over %d MB: %w", maxDOCXXML>>20, ErrTooBig)
	}
	rc, err := doc.Open()
	if err != nil {
		return nil, fmt.Errorf("read the word file: %w", ErrDamaged)
	}
	defer rc.Close()
	lr := &io.LimitedReader{R: rc, N: maxDOCXXML + 1}
	pages, err := docxPages(lr)
	if lr.N <= 0 {
		return nil, fmt.Errorf("read the word file: its text is over %d MB: %w", maxDOCXXML>>20, ErrTooBig)
	}
	if err != nil {
		return nil, fmt.Errorf("read the word file: %v: %w", err, ErrDamaged)
	}
	return pages, nil
}

func docxPages(r io.Reader) ([]Page, error) {
	dec := xml.NewDecoder(r)
	dec.Strict = false
	var pages []Page
	var cur, para strings.Builder
	inText := false
	newPage := func() {
		pages = append(pages, Page{Number: len(pages) + 1, Text: strings.TrimSpace(cur.String())})
		cur.Reset()
	}
	endPara := func() {
		if s := strings.TrimRight(para.String(), " \t"); s != "" {
			cur.WriteString(s)
		}
		cur.WriteString("\n")
		para.Reset()
	}
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "t":
				inText = true
			case "tab":
				para.WriteString("\t")
			case "br", "cr":
				pageBreak := false
				for _, a := range t.Attr {
					if a.Name.Local == "type" && a.Value == "page" {
						pageBreak = true
					}
				}
				if pageBreak {
					endPara()
					newPage()
				} else {
					para.WriteString("\n")
				}
			case "lastRenderedPageBreak":
				if para.Len() > 0 || cur.Len() > 0 {
					endPara()
					newPage()
				}
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "t":
				inText = false
			case "p":
				endPara()
			}
		case xml.CharData:
			if inText {
				para.Write(t)
			}
		}
	}
	endPara()
	newPage()
	return pages, nil
}
