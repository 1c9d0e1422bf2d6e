package aihelp

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/letters/polish"
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
		{"pdf", errNoText, casefile.Document{Name: "a.pdf", Type: "application/pdf"}, "cannot read the text of PDFs"},
		{"photo", errNoText, casefile.Document{Name: "a.jpg", Type: "image/jpeg"}, "photos and scans"},
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
