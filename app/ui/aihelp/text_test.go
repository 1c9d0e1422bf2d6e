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

const testEmail = "From: =?UTF-8?Q?Priya_Patel?= <p.patel@example.gov.uk>\r\n" +
	"To: Sarah <sarah@example.org>\r\n" +
	"Date: Fri, 20 Feb 2026 10:00:00 +0000\r\n" +
	"Subject: Outcome of the enquiry\r\n" +
	"MIME-Version: 1.0\r\n" +
	"Content-Type: multipart/mixed; boundary=\"outer\"\r\n\r\n" +
	"--outer\r\n" +
	"Content-Type: multipart/alternative; boundary=\"inner\"\r\n\r\n" +
	"--inner\r\n" +
	"Content-Type: text/plain; charset=utf-8\r\n" +
	"Content-Transfer-Encoding: quoted-printable\r\n\r\n" +
	"The enquiry ended with no further action =E2=80=94 see attached.\r\n" +
	"--inner\r\n" +
	"Content-Type: text/html\r\n\r\n" +
	"<p>The HTML part</p>\r\n" +
	"--inner--\r\n" +
	"--outer\r\n" +
	"Content-Type: text/plain\r\n" +
	"Content-Disposition: attachment; filename=\"secret.txt\"\r\n\r\n" +
	"ATTACHED TEXT\r\n" +
	"--outer--\r\n"

func TestTextOfDocument(t *testing.T) {
	for _, tc := range []struct {
		name, file, typ, in string
		want                []string // each must be in the text
		not                 []string // none may be
		err                 error
	}{
		{"plain text", "note.txt", "text/plain", "Hello\r\nthere\n", []string{"Hello\nthere"}, nil, nil},
		{"by extension", "minutes.md", "", "# Minutes", []string{"# Minutes"}, nil, nil},
		{"windows-1252", "old.txt", "text/plain", "caf\xe9 \x93quoted\x94", []string{"café “quoted”"}, nil, nil},
		{"html", "page.html", "text/html", "<html><head><title>Page title</title><style>p{}</style></head><body><p>One</p><p>Two  words</p><script>x()</script></body></html>",
			[]string{"One\n", "Two words"}, []string{"p{}", "x()", "Page title"}, nil},
		{"html in windows-1252", "page.htm", "", "<p>caf\xe9</p>", []string{"café"}, nil, nil},
		{"email", "mail.eml", "message/rfc822", testEmail,
			[]string{"From: Priya Patel <p.patel@example.gov.uk>", "Subject: Outcome of the enquiry", "no further action — see attached"},
			[]string{"ATTACHED TEXT", "The HTML part"}, nil},
		{"email, html only", "mail.eml", "", "Subject: x\r\nContent-Type: text/html\r\nContent-Transfer-Encoding: base64\r\n\r\nPGI+Qm9sZDwvYj4gd29yZA==\r\n",
			[]string{"Bold word"}, nil, nil},
		{"not an email", "mail.eml", "", "no headers at all", nil, nil, errNoText},
		{"pdf", "scan.pdf", "application/pdf", "%PDF-1.4", nil, nil, errNoText},
		{"photo", "photo.jpg", "image/jpeg", "\xff\xd8\xff", nil, nil, errNoText},
		{"binary called text", "x.txt", "text/plain", "a\x00b", nil, nil, errNoText},
		{"empty", "empty.txt", "text/plain", " \n\t ", nil, nil, polish.ErrNothingToSend},
		{"too long", "long.txt", "text/plain", strings.Repeat("word ", polish.MaxInput/4), nil, nil, polish.ErrTooLong},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := textOfDocument(strings.NewReader(tc.in), casefile.Document{Name: tc.file, Type: tc.typ})
			if tc.err != nil {
				if !errors.Is(err, tc.err) {
					t.Fatalf("err = %v, want %v", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("the text lacks %q:\n%s", w, got)
				}
			}
			for _, n := range tc.not {
				if strings.Contains(got, n) {
					t.Errorf("the text holds %q:\n%s", n, got)
				}
			}
		})
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
