package aihelp

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/letters/polish"
	"github.com/redress-app/redress/store"
)

// testEmail is a short email with an attachment. How emails, web pages and
// text files are read (charsets, MIME parts, HTML) is the documents
// package's, tested there; these tests hold what AI help adds: which reader
// each document goes to, the errors it says in words, and the length checks.
const testEmail = "From: Priya Patel <p.patel@example.gov.uk>\r\n" +
	"Subject: Outcome of the enquiry\r\n" +
	"Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n" +
	"--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" +
	"The enquiry ended with no further action.\r\n" +
	"--b\r\nContent-Type: text/plain\r\nContent-Disposition: attachment; filename=\"secret.txt\"\r\n\r\n" +
	"ATTACHED TEXT\r\n--b--\r\n"

// TestTextOfDocument: each kind of document goes to its reader, and what
// cannot be sent is said as AI help's own errors.
func TestTextOfDocument(t *testing.T) {
	type doc = casefile.Document
	for _, tc := range []struct {
		name     string
		doc      doc
		in       string
		has, not string // in the text, and never in it
		err      error
	}{
		{name: "plain text", doc: doc{Name: "note.txt", Type: "text/plain"}, in: "Hello\r\nthere\n", has: "Hello\nthere"},
		{name: "html", doc: doc{Name: "page.html", Type: "text/html"}, in: "<p>One</p><script>x()</script>", has: "One", not: "x()"},
		{name: "email", doc: doc{Name: "mail.eml", Type: "message/rfc822"}, in: testEmail, has: "Subject: Outcome of the enquiry", not: "ATTACHED TEXT"},
		{name: "email's sender", doc: doc{Name: "mail.eml"}, in: testEmail, has: "From: Priya Patel <p.patel@example.gov.uk>"},
		{name: "not an email", doc: doc{Name: "mail.eml"}, in: "no headers at all", err: errNoText},
		{name: "pdf", doc: doc{Name: "scan.pdf", Type: "application/pdf"}, in: "%PDF-1.4", err: errNoText},
		{name: "photo", doc: doc{Name: "photo.jpg", Type: "image/jpeg"}, in: "\xff\xd8\xff", err: errNoText},
		{name: "binary called text", doc: doc{Name: "x.txt", Type: "text/plain"}, in: "a\x00b", err: errNoText},
		{name: "empty", doc: doc{Name: "empty.txt", Type: "text/plain"}, in: " \n\t ", err: polish.ErrNothingToSend},
		{name: "too long", doc: doc{Name: "long.txt", Type: "text/plain"}, in: strings.Repeat("word ", polish.MaxInput/4), err: polish.ErrTooLong},
	} {
		got, err := textOfDocument(strings.NewReader(tc.in), tc.doc)
		switch {
		case tc.err != nil && !errors.Is(err, tc.err):
			t.Errorf("%s: err = %v, want %v", tc.name, err, tc.err)
		case tc.err == nil && err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case !strings.Contains(got, tc.has) || (tc.not != "" && strings.Contains(got, tc.not)):
			t.Errorf("%s: the text should hold %q and not %q:\n%s", tc.name, tc.has, tc.not, got)
		}
	}
}

func TestDocumentTextWords(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  error
		doc  casefile.Document
		want string
	}{
		{"no text", errNoText, casefile.Document{Name: "a.pdf", Type: "application/pdf"}, "could not read any text"},
		{"not read yet", errNotRead, casefile.Document{Name: "a.jpg", Type: "image/jpeg"}, "install tesseract-ocr"},
		{"too long", polish.ErrTooLong, casefile.Document{}, "too long to send in one go"},
		{"empty", polish.ErrNothingToSend, casefile.Document{}, "no text in it"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := documentTextWords(tc.err, tc.doc); !strings.Contains(got, tc.want) {
				t.Errorf("%q lacks %q", got, tc.want)
			}
		})
	}
}

// FuzzTextOfDocument: a document's bytes are untrusted; reading its text
// never panics, and what it gives is valid UTF-8 and not too long.
func FuzzTextOfDocument(f *testing.F) {
	for _, s := range []string{testEmail, "<p>x</p>", "plain", "Subject: a\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\nx\r\n--b--",
		"Content-Type: text/plain; charset=iso-8859-1\r\n\r\n\xe9", "\xff\xfe"} {
		for _, name := range []string{"a.eml", "a.html", "a.txt"} {
			f.Add([]byte(s), name)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte, name string) {
		got, err := textOfDocument(bytes.NewReader(data), casefile.Document{Name: name})
		if err != nil {
			return
		}
		if !utf8.ValidString(got) || utf8.RuneCountInString(got) > polish.MaxInput || strings.TrimSpace(got) == "" {
			t.Fatalf("text %q", got)
		}
	})
}

// TestDocumentTextFromPages: a PDF's or scan's text is its pages as read on
// import (v.PageTexts), joined; a scan not read yet, or a document with no
// text, says so; the length checks hold.
func TestDocumentTextFromPages(t *testing.T) {
	ctx := context.Background()
	v, err := store.Create(ctx, filepath.Join(t.TempDir(), "v"), []byte("correct horse battery staple"),
		store.WithKDF(store.TestKDF), store.WithInsecureKDF())
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	c, err := v.CreateCase(ctx, "Test", "Council")
	if err != nil {
		t.Fatal(err)
	}
	imp := func(name string) casefile.Document {
		d, err := v.ImportDocument(ctx, c.ID, strings.NewReader("%PDF-1.4 "+name), store.DocumentInfo{Name: name})
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	report, scan, blank, long := imp("report.pdf"), imp("scan.png"), imp("blank.pdf"), imp("long.pdf")
	put := func(d casefile.Document, info store.DerivedInfo, pages ...store.PageText) {
		if err := v.PutPageTexts(ctx, c.ID, d.ID, pages); err != nil {
			t.Fatal(err)
		}
		if err := v.PutDerivedInfo(ctx, c.ID, d.ID, info); err != nil {
			t.Fatal(err)
		}
	}
	put(report, store.DerivedInfo{Kind: "pdf", Pages: 2}, store.PageText{Page: 1, Text: "Page one words."}, store.PageText{Page: 2, Text: "Page two words."})
	put(scan, store.DerivedInfo{Kind: "image", Pages: 1, OCRPending: []int{1}}, store.PageText{Page: 1})
	put(blank, store.DerivedInfo{Kind: "pdf", Pages: 1, Problem: "page 1: " + errNoText.Error()}, store.PageText{Page: 1})
	put(long, store.DerivedInfo{Kind: "pdf", Pages: 1}, store.PageText{Page: 1, Text: strings.Repeat("word ", polish.MaxInput/4)})

	got, err := documentText(ctx, v, c.ID, report)
	if err != nil || got != "Page one words.\n\nPage two words." {
		t.Errorf("report: %q, %v", got, err)
	}
	for _, tc := range []struct {
		doc  casefile.Document
		want error
	}{{scan, errNotRead}, {blank, errNoText}, {long, polish.ErrTooLong}} {
		if _, err := documentText(ctx, v, c.ID, tc.doc); !errors.Is(err, tc.want) {
			t.Errorf("%s: err = %v, want %v", tc.doc.Name, err, tc.want)
		}
	}
}
