package documents

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"path"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// This file is the email, HTML and character-set reader that was in
// app/ui/aitext.go, moved here so the command line, search and AI help
// share it. Emails also give their attachments.

// maxPartBytes bounds one decoded MIME part.
const maxPartBytes = 64 << 20

// maxAttachments bounds how many attachments one email gives.
const maxAttachments = 200

// Email is what ReadEmail found: the main headers and text, and the
// attachments as files of their own.
type Email struct {
	Text        string
	Attachments []Attachment
}

// ReadEmail reads an email (RFC 5322 with MIME): its From, To, Cc, Date and
// Subject headers and its text (the plain part, or failing that the words
// of the HTML part), and every attachment, including the parts of a
// forwarded message/rfc822 as one attachment. It takes untrusted bytes and
// never panics.
func ReadEmail(data []byte) (*Email, error) {
	msg, err := mail.ReadMessage(bufio.NewReader(bytes.NewReader(data)))
	if err != nil {
		return nil, fmt.Errorf("read the email: %w", ErrDamaged)
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
			v = DecodeCharset([]byte(v), "") // raw 8-bit header bytes
		}
		fmt.Fprintf(&b, "%s: %s\n", h, strings.Join(strings.Fields(v), " "))
	}
	e := &Email{}
	body := partText(msg.Header.Get("Content-Type"), msg.Header.Get("Content-Transfer-Encoding"), msg.Body, 0, e)
	b.WriteString("\n")
	b.WriteString(body)
	e.Text = strings.TrimSpace(strings.ReplaceAll(b.String(), "\r\n", "\n"))
	return e, nil
}

// partText is the text of one MIME part: a text part decoded, a multipart's
// best text (plain before HTML), "" for anything else. Attachments found on
// the way are added to e.
func partText(contentType, encoding string, body io.Reader, depth int, e *Email) string {
	if depth > 8 {
		return ""
	}
	mt, params, err := mime.ParseMediaType(contentType)
	if err != nil || mt == "" {
		mt, params = "text/plain", map[string]string{}
	}
	if strings.HasPrefix(mt, "multipart/") {
		boundary := params["boundary"]
		if boundary == "" {
			return ""
		}
		mr := multipart.NewReader(body, boundary)
		var plain, htmlPart, nested string
		for {
			p, err := mr.NextPart()
			if err != nil {
				break // the end, or a damaged part ends what can be read
			}
			disp, dparams, _ := mime.ParseMediaType(p.Header.Get("Content-Disposition"))
			pt, pparams, _ := mime.ParseMediaType(p.Header.Get("Content-Type"))
			name := dparams["filename"]
			if name == "" {
				name = pparams["name"]
			}
			if disp == "attachment" || (name != "" && disp != "inline") ||
				(!strings.HasPrefix(pt, "text/") && !strings.HasPrefix(pt, "multipart/") && pt != "") {
				addAttachment(e, name, pt, p.Header.Get("Content-Transfer-Encoding"), p)
				continue
			}
			t := partText(p.Header.Get("Content-Type"), p.Header.Get("Content-Transfer-Encoding"), p, depth+1, e)
			if t == "" {
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
				return t
			}
		}
		return ""
	}
	if mt != "text/plain" && mt != "text/html" {
		return ""
	}
	raw, err := io.ReadAll(io.LimitReader(decoded(encoding, body), maxPartBytes))
	if err != nil && len(raw) == 0 {
		return ""
	}
	if mt == "text/html" {
		return HTMLText(DecodeCharset(raw, params["charset"]))
	}
	return DecodeCharset(raw, params["charset"])
}

// decoded undoes a part's Content-Transfer-Encoding.
func decoded(encoding string, body io.Reader) io.Reader {
	switch strings.ToLower(strings.TrimSpace(encoding)) {
	case "quoted-printable":
		return quotedprintable.NewReader(body)
	case "base64":
		return base64.NewDecoder(base64.StdEncoding, newlineDropper{body})
	}
	return body
}

// newlineDropper drops CR and LF, which base64 bodies carry between lines
// (encoding/base64 skips them too; this also drops stray spaces).
type newlineDropper struct{ r io.Reader }

func (n newlineDropper) Read(p []byte) (int, error) {
	for {
		k, err := n.r.Read(p)
		j := 0
		for _, c := range p[:k] {
			if c != '\r' && c != '\n' && c != ' ' && c != '\t' {
				p[j] = c
				j++
			}
		}
		if j > 0 || err != nil {
			return j, err
		}
	}
}

func addAttachment(e *Email, name, mediaType, encoding string, body io.Reader) {
	if len(e.Attachments) >= maxAttachments {
		return
	}
	data, err := io.ReadAll(io.LimitReader(decoded(encoding, body), maxPartBytes+1))
	if (err != nil && len(data) == 0) || len(data) > maxPartBytes || len(data) == 0 {
		return
	}
	name = path.Base(strings.ReplaceAll(strings.TrimSpace(name), "\\", "/"))
	if dec, err := new(mime.WordDecoder).DecodeHeader(name); err == nil {
		name = dec
	}
	if !utf8.ValidString(name) {
		name = DecodeCharset([]byte(name), "")
	}
	if name == "" || name == "." || name == "/" {
		name = fmt.Sprintf("attachment %d", len(e.Attachments)+1)
		if mediaType == "message/rfc822" {
			name += ".eml"
		}
	}
	e.Attachments = append(e.Attachments, Attachment{Name: name, Type: mediaType, Data: data})
}

// DecodeCharset turns bytes in charset into text: UTF-8 as it is (a bad
// sequence becomes U+FFFD), ISO-8859-1 and Windows-1252 byte by byte. Bytes
// that are not UTF-8 and name no charset are taken as Windows-1252, as old
// emails and files from Windows often are.
func DecodeCharset(b []byte, charset string) string {
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

// HTMLText is the words of an HTML document, a line for each block. The
// document is taken as text already decoded from its character set (see
// DecodeCharset): bytes that are not UTF-8 would otherwise pass straight on.
func HTMLText(doc string) string {
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

// PlainText reads a text file: its character set decoded, line ends
// normalised. A file with NUL bytes is not text (ErrUnsupported).
func PlainText(data []byte) (string, error) {
	if bytes.IndexByte(data, 0) >= 0 {
		return "", ErrUnsupported
	}
	return strings.ReplaceAll(DecodeCharset(data, ""), "\r\n", "\n"), nil
}
