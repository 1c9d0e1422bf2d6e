package aihelp

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"

	"github.com/redress-app/redress/app/ui/kit"
	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/letters/polish"
	"github.com/redress-app/redress/store"
)

// AI help reads the text of text documents and emails only: Go has no PDF
// text extraction in this module's dependencies, and a photo has no text.

// errNoText says that a document is of a kind Redress cannot read text from.
var errNoText = errors.New("no text Redress can read in this kind of document")

// maxDocumentBytes bounds what is read of a document for AI help: an email
// with attachments can be large, but only its text is kept.
const maxDocumentBytes = 8 << 20

// documentText reads the text of document doc of case caseID from the
// vault: a text file as it is, an email's headers and text, an HTML page's
// words. Other kinds of document give errNoText.
func documentText(ctx context.Context, v *store.Vault, caseID string, doc casefile.Document) (string, error) {
	if docTextKind(doc) == "" {
		return "", errNoText
	}
	r, err := v.OpenDocument(ctx, caseID, doc.ID)
	if err != nil {
		return "", err
	}
	defer r.Close()
	return textOfDocument(r, doc)
}

// docTextKind says how a document's text is read: "text", "email", "html",
// or "" when it is not read.
func docTextKind(doc casefile.Document) string {
	t := strings.ToLower(strings.TrimSpace(doc.Type))
	if i := strings.IndexByte(t, ';'); i >= 0 {
		t = strings.TrimSpace(t[:i])
	}
	switch t {
	case "message/rfc822":
		return "email"
	case "text/html", "application/xhtml+xml":
		return "html"
	case "text/plain", "text/markdown", "text/csv":
		return "text"
	}
	switch strings.ToLower(filepath.Ext(doc.Name)) {
	case ".eml":
		return "email"
	case ".html", ".htm":
		return "html"
	case ".txt", ".text", ".md", ".csv":
		return "text"
	}
	if strings.HasPrefix(t, "text/") {
		return "text"
	}
	return ""
}

// textOfDocument reads a document's text from r. It takes untrusted bytes:
// it never panics, and anything it cannot read is an error.
func textOfDocument(r io.Reader, doc casefile.Document) (string, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxDocumentBytes+1))
	if err != nil {
		return "", err
	}
	if len(data) > maxDocumentBytes {
		return "", polish.ErrTooLong
	}
	var text string
	switch docTextKind(doc) {
	case "email":
		text, err = emailText(data)
	case "html":
		text = htmlText(decodeCharset(data, ""))
	case "text":
		if bytes.IndexByte(data, 0) >= 0 {
			return "", errNoText
		}
		text = decodeCharset(data, "")
	default:
		return "", errNoText
	}
	if err != nil {
		return "", err
	}
	text = strings.TrimSpace(strings.ReplaceAll(text, "\r\n", "\n"))
	if text == "" {
		return "", polish.ErrNothingToSend
	}
	if utf8.RuneCountInString(text) > polish.MaxInput {
		return "", polish.ErrTooLong
	}
	return text, nil
}

// emailText is an email's main headers and its text: the plain text part,
// or failing that the words of the HTML part. Attachments are left out.
func emailText(data []byte) (string, error) {
	msg, err := mail.ReadMessage(bufio.NewReader(bytes.NewReader(data)))
	if err != nil {
		return "", fmt.Errorf("read the email: %w", errNoText)
	}
	var b strings.Builder
	dec := new(mime.WordDecoder)
	for _, h := range []string{"From", "To", "Cc", "Date", "Subject"} {
		v := msg.Header.Get(h)
		if v == "" {
			continue
		}
		if d, err := dec.DecodeHeader(v); err == nil {
			v = d
		}
		if !utf8.ValidString(v) {
			v = decodeCharset([]byte(v), "") // raw 8-bit header bytes
		}
		fmt.Fprintf(&b, "%s: %s\n", h, strings.Join(strings.Fields(v), " "))
	}
	body, err := partText(msg.Header.Get("Content-Type"), msg.Header.Get("Content-Transfer-Encoding"), msg.Body, 0)
	if err != nil {
		return "", err
	}
	b.WriteString("\n")
	b.WriteString(body)
	return b.String(), nil
}

// partText is the text of one MIME part: a text part decoded, a multipart's
// best text (plain before HTML), "" for anything else.
func partText(contentType, encoding string, body io.Reader, depth int) (string, error) {
	if depth > 8 {
		return "", nil
	}
	mt, params, err := mime.ParseMediaType(contentType)
	if err != nil || mt == "" {
		mt, params = "text/plain", map[string]string{}
	}
	if strings.HasPrefix(mt, "multipart/") {
		boundary := params["boundary"]
		if boundary == "" {
			return "", nil
		}
		mr := multipart.NewReader(body, boundary)
		var plain, htmlPart, nested string
		for {
			p, err := mr.NextPart()
			if err == io.EOF {
				break
			}
			if err != nil {
				break // a damaged part ends what can be read
			}
			if disp, _, _ := mime.ParseMediaType(p.Header.Get("Content-Disposition")); disp == "attachment" {
				continue
			}
			pt, _, _ := mime.ParseMediaType(p.Header.Get("Content-Type"))
			t, err := partText(p.Header.Get("Content-Type"), p.Header.Get("Content-Transfer-Encoding"), p, depth+1)
			if err != nil || t == "" {
				continue
			}
			switch {
			case pt == "" || pt == "text/plain":
				if plain == "" {
					plain = t
				}
			case pt == "text/html":
				if htmlPart == "" {
					htmlPart = t
				}
			case strings.HasPrefix(pt, "multipart/"):
				if nested == "" {
					nested = t
				}
			}
		}
		for _, t := range []string{plain, nested, htmlPart} {
			if t != "" {
				return t, nil
			}
		}
		return "", nil
	}
	if mt != "text/plain" && mt != "text/html" {
		return "", nil
	}
	var r io.Reader = body
	switch strings.ToLower(strings.TrimSpace(encoding)) {
	case "quoted-printable":
		r = quotedprintable.NewReader(body)
	case "base64":
		r = base64.NewDecoder(base64.StdEncoding, body)
	}
	raw, err := io.ReadAll(io.LimitReader(r, maxDocumentBytes))
	if err != nil && len(raw) == 0 {
		return "", nil
	}
	if mt == "text/html" {
		return htmlText(decodeCharset(raw, params["charset"])), nil
	}
	return decodeCharset(raw, params["charset"]), nil
}

// decodeCharset turns bytes in charset into text: UTF-8 as it is (a bad
// sequence becomes U+FFFD), ISO-8859-1 and Windows-1252 byte by byte. Bytes
// that are not UTF-8 and name no charset are taken as Windows-1252, as old
// emails and files from Windows often are.
func decodeCharset(b []byte, charset string) string {
	cs := strings.ToLower(strings.TrimSpace(charset))
	latin := cs == "iso-8859-1" || cs == "latin1" || cs == "windows-1252" || cs == "cp1252" || cs == "us-ascii" && !utf8.Valid(b)
	if !latin && (cs == "" || cs == "us-ascii") && !utf8.Valid(b) {
		latin = true
	}
	if latin {
		var sb strings.Builder
		for _, c := range b {
			if r, ok := cp1252[c]; ok {
				sb.WriteRune(r)
			} else {
				sb.WriteRune(rune(c))
			}
		}
		return sb.String()
	}
	return strings.ToValidUTF8(string(b), "\uFFFD")
}

// cp1252 are the Windows-1252 characters that differ from ISO-8859-1.
var cp1252 = map[byte]rune{
	0x80: '€', 0x82: '‚', 0x83: 'ƒ', 0x84: '„', 0x85: '…', 0x86: '†', 0x87: '‡', 0x88: 'ˆ', 0x89: '‰', 0x8a: 'Š',
	0x8b: '‹', 0x8c: 'Œ', 0x8e: 'Ž', 0x91: '‘', 0x92: '’', 0x93: '“', 0x94: '”', 0x95: '•', 0x96: '–', 0x97: '—',
	0x98: '˜', 0x99: '™', 0x9a: 'š', 0x9b: '›', 0x9c: 'œ', 0x9e: 'ž', 0x9f: 'Ÿ',
}

// htmlText is the words of an HTML document, a line for each block. The
// document is taken as text already decoded from its character set (bytes
// that are not UTF-8 would otherwise pass straight through to the AI and
// the checks).
func htmlText(doc string) string {
	z := html.NewTokenizer(strings.NewReader(doc))
	var sb strings.Builder
	skip := 0
	for {
		switch z.Next() {
		case html.ErrorToken:
			return tidyLines(sb.String())
		case html.TextToken:
			if skip == 0 {
				sb.Write(z.Text())
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "script", "style", "head", "title":
				skip++
			case "br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "table":
				sb.WriteString("\n")
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "script", "style", "head", "title":
				if skip > 0 {
					skip--
				}
			case "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "table":
				sb.WriteString("\n")
			}
		}
	}
}

// tidyLines collapses runs of spaces in each line and of blank lines.
func tidyLines(s string) string {
	var out []string
	blank := false
	for _, l := range strings.Split(s, "\n") {
		l = strings.Join(strings.Fields(l), " ")
		if l == "" {
			if !blank && len(out) > 0 {
				out = append(out, "")
			}
			blank = true
			continue
		}
		blank = false
		out = append(out, l)
	}
	return strings.TrimSpace(strings.Join(out, "\n"))
}

// documentTextWords says why AI help cannot read a document, and what works.
func documentTextWords(err error, doc casefile.Document) string {
	switch {
	case errors.Is(err, errNoText):
		what := "this kind of document"
		t := strings.ToLower(doc.Type)
		switch {
		case t == "application/pdf" || strings.HasSuffix(strings.ToLower(doc.Name), ".pdf"):
			what = "PDFs"
		case strings.HasPrefix(t, "image/"):
			what = "photos and scans"
		}
		return "AI help works with text documents and emails for now. Redress cannot read the text of " + what + " yet. " +
			"If you have the same letter as an email or a text file, import that and try again."
	case errors.Is(err, polish.ErrTooLong):
		return fmt.Sprintf("This document is too long to send in one go: the most is about %d characters. "+
			"Copy the part you need into a journal note, and ask for help with that.", polish.MaxInput)
	case errors.Is(err, polish.ErrNothingToSend):
		return "This document has no text in it to send."
	}
	return kit.PlainError(err)
}
