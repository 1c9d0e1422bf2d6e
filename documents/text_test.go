package documents

import (
	"context"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

// testEmail is the email of app/ui/aitext_test.go, where this reader came from.
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

func TestExtractText(t *testing.T) {
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
		{"raw 8-bit header", "mail.eml", "", "Subject: caf\xe9\r\n\r\nbody", []string{"Subject: café"}, nil, nil},
		{"not an email", "mail.eml", "", "no headers at all", nil, nil, ErrDamaged},
		{"photo called text", "x.bin", "application/octet-stream", "\xff\xd8\xff", nil, nil, ErrUnsupported},
		{"binary called text", "x.txt", "text/plain", "a\x00b", nil, nil, ErrUnsupported},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := testReader.Extract(context.Background(), tc.file, tc.typ, []byte(tc.in))
			if tc.err != nil {
				if !errors.Is(err, tc.err) {
					t.Fatalf("err = %v, want %v", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := res.All()
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
	e, err := ReadEmail([]byte(testEmail))
	if err != nil || len(e.Attachments) != 1 || e.Attachments[0].Name != "secret.txt" || string(e.Attachments[0].Data) != "ATTACHED TEXT" {
		t.Errorf("attachments: %+v, %v", e, err)
	}
}

// textSeeds are the fuzz seeds of app/ui's FuzzTextOfDocument, kept.
var textSeeds = []string{testEmail, "<p>x</p>", "plain", "Subject: a\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\nx\r\n--b--",
	"Content-Type: text/plain; charset=iso-8859-1\r\n\r\n\xe9", "\xff\xfe", "Subject: caf\xe9\r\n\r\nx"}

// FuzzExtractText: an email, HTML or text file's bytes are untrusted;
// reading never panics, and gives valid UTF-8.
func FuzzExtractText(f *testing.F) {
	for _, s := range textSeeds {
		for _, name := range []string{"a.eml", "a.html", "a.txt"} {
			f.Add([]byte(s), name)
		}
	}
	r := New(Options{})
	f.Fuzz(func(t *testing.T, data []byte, name string) {
		if KindOf(name, "") == KindPDF || KindOf(name, "") == KindImage {
			return // FuzzPDF and FuzzImage
		}
		got, err := r.Extract(context.Background(), name, "", data)
		if err != nil {
			return
		}
		for _, p := range got.Pages {
			if !utf8.ValidString(p.Text) {
				t.Fatalf("text %q", p.Text)
			}
		}
		for _, a := range got.Attachments {
			if len(a.Data) == 0 || a.Name == "" {
				t.Fatalf("attachment %+v", a)
			}
		}
	})
}

// FuzzDOCX: a Word file's bytes are untrusted.
func FuzzDOCX(f *testing.F) {
	f.Add(docxFile(f, []string{"one", "\f", "two"}))
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, data []byte) {
		pages, err := ReadDOCX(data)
		if err != nil {
			if !isOurs(err) {
				t.Fatalf("err %v", err)
			}
			return
		}
		if len(pages) == 0 {
			t.Fatal("no pages and no error")
		}
	})
}

// FuzzPDF: a PDF's bytes are untrusted; PDFium in its sandbox gives text or
// one of the package's errors, never a panic.
func FuzzPDF(f *testing.F) {
	f.Add(textPDF(f, [][]string{{"one"}, {"two"}}))
	f.Add(manyPages(3))
	f.Add(pageTreeLoop())
	f.Add([]byte("%PDF-1.4\n1 0 obj << >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF"))
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := testReader.Extract(context.Background(), "f.pdf", "application/pdf", data)
		if err != nil {
			if !isOurs(err) {
				t.Fatalf("err %v", err)
			}
			return
		}
		for _, p := range got.Pages {
			if !utf8.ValidString(p.Text) {
				t.Fatalf("page %d: invalid UTF-8", p.Number)
			}
		}
	})
}

// FuzzImage: an image's bytes are untrusted; checking and rendering it
// never panics or allocates past the pixel limit.
func FuzzImage(f *testing.F) {
	f.Add(scanPNG(f, []string{"x"}))
	f.Add([]byte("\xff\xd8\xff\xe0"))
	r := New(Options{MaxPixels: 4_000_000})
	f.Fuzz(func(t *testing.T, data []byte) {
		if _, err := r.RenderPage(context.Background(), "a.png", "", data, 1, 100, 100); err != nil && !isOurs(err) {
			t.Fatalf("err %v", err)
		}
	})
}
