package letters

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/redress-app/redress/casefile"
)

var markupTests = []struct {
	name  string
	src   string
	title string
	body  []Block
	err   string
}{
	{name: "title only", src: "@title A letter", title: "A letter"},
	{name: "paragraphs join lines", src: "@title T\none\ntwo  three\n\nfour\n", title: "T",
		body: []Block{{Kind: Paragraph, Text: "one two three"}, {Kind: Paragraph, Text: "four"}}},
	{name: "heading and list", src: "@title T\n@h Head\n@li a\n@li b\n\n@li c\ntext", title: "T",
		body: []Block{{Kind: Heading, Text: "Head"}, {Kind: Bullets, Items: []string{"a", "b", "c"}}, {Kind: Paragraph, Text: "text"}}},
	{name: "point", src: "@title T\n@point First\n@label What:\nit\nhappened\n@check look\nat this\n\nplain\n@end\n@point Second\n@end", title: "T",
		body: []Block{
			{Kind: Point, Number: 1, Title: "First", Body: []Block{
				{Kind: Paragraph, Label: "What:", Text: "it happened"}, {Kind: Check, Text: "look at this"}, {Kind: Paragraph, Text: "plain"}}},
			{Kind: Point, Number: 2, Title: "Second"}}},
	{name: "escaped directive", src: "@title T\n\\@h not a heading\n\\\\x", title: "T",
		body: []Block{{Kind: Paragraph, Text: "@h not a heading \\x"}}},
	{name: "signature", src: "@title T\nYours,\n@sign A B", title: "T",
		body: []Block{{Kind: Paragraph, Text: "Yours,"}, {Kind: Signature, Text: "A B"}}},
	{name: "control characters and CRLF", src: "@title T\r\na\x00b\tc\r\n", title: "T", body: []Block{{Kind: Paragraph, Text: "a b c"}}},
	{name: "invalid UTF-8", src: "@title T\n\xffok", title: "T", body: []Block{{Kind: Paragraph, Text: "\uFFFDok"}}},
	{name: "label waits over blank lines", src: "@title T\n@label L:\n\ntext", title: "T", body: []Block{{Kind: Paragraph, Label: "L:", Text: "text"}}},

	{name: "no title", src: "text", err: "no @title"},
	{name: "two titles", src: "@title A\n@title B", err: "line 2: a second @title"},
	{name: "empty title", src: "@title ", err: "@title has no text"},
	{name: "unknown directive", src: "@title T\n@bold x", err: "line 2: unknown directive @bold"},
	{name: "end without point", src: "@title T\n@end", err: "@end without @point"},
	{name: "nested point", src: "@title T\n@point a\n@point b", err: "line 3: @point inside the point"},
	{name: "unclosed point", src: "@title T\n@point a\ntext", err: "has no @end"},
	{name: "heading in point", src: "@title T\n@point a\n@h x\n@end", err: "@h inside a point"},
	{name: "list in point", src: "@title T\n@point a\n@li x\n@end", err: "@li inside a point"},
	{name: "label before heading", src: "@title T\n@label L\n@h x", err: "@label is followed by @h"},
	{name: "label at the end", src: "@title T\n@label L", err: "line 2: @label is not followed"},
	{name: "label before check", src: "@title T\n@label L\n@check x", err: "@label is followed by @check"},
	{name: "end with text", src: "@title T\n@point a\n@end now", err: "@end takes no text"},
	{name: "empty heading", src: "@title T\n@h", err: "@h has no text"},
	{name: "empty sign", src: "@title T\n@sign", err: "@sign has no name"},
	{name: "too big", src: "@title T\n" + strings.Repeat("x", maxMarkup), err: "more than the"},
}

func TestParseMarkup(t *testing.T) {
	for _, tt := range markupTests {
		t.Run(tt.name, func(t *testing.T) {
			title, body, err := parseMarkup(tt.src)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want one saying %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if title != tt.title || !reflect.DeepEqual(body, tt.body) {
				t.Errorf("got %q %#v\nwant %q %#v", title, body, tt.title, tt.body)
			}
			checkRoundTrip(t, title, body)
		})
	}
}

// checkRoundTrip: formatting parsed markup and parsing it again gives the same letter.
func checkRoundTrip(t *testing.T, title string, body []Block) {
	t.Helper()
	src := formatMarkup(title, body)
	title2, body2, err := parseMarkup(src)
	if err != nil {
		t.Fatalf("formatted markup does not parse: %v\n%s", err, src)
	}
	if title2 != title || !reflect.DeepEqual(body2, body) {
		t.Fatalf("round trip changed the letter:\n%q %#v\n%q %#v\nmarkup:\n%s", title, body, title2, body2, src)
	}
}

// FuzzParseMarkup: any input either parses or gives an error, never a panic;
// what parses holds only clean text and survives a round trip.
func FuzzParseMarkup(f *testing.F) {
	for _, tt := range markupTests {
		if len(tt.src) < 1<<12 {
			f.Add(tt.src)
		}
	}
	f.Fuzz(func(t *testing.T, src string) {
		title, body, err := parseMarkup(src)
		if err != nil {
			return
		}
		texts := []string{title}
		for _, b := range body {
			texts = append(texts, b.Text, b.Title, b.Label)
			texts = append(texts, b.Items...)
			for _, in := range b.Body {
				texts = append(texts, in.Text, in.Label)
			}
		}
		for _, s := range texts {
			if !utf8.ValidString(s) || s != cleanText(s) {
				t.Fatalf("unclean text %q", s)
			}
		}
		checkRoundTrip(t, title, body)
	})
}

// FuzzRender: whatever a case and the person drafting put into a letter (names,
// event details, outcomes), Build and all three renderers finish without a
// panic, and the DOCX stays well-formed XML.
func FuzzRender(f *testing.F) {
	f.Add("Renée O’Brien", "Response ignored the paragraphs — “quoted”", "£250 – please", "ref/1")
	f.Add("@sign x", "@h y\n@point z", "\\@end", "")
	f.Add("名字 😀", "\x00\x1b\uFFFE\xff", "\u202e", "\t")
	f.Add(strings.Repeat("w", 300), strings.Repeat("long ", 400), "https://example.org/"+strings.Repeat("a", 200), "r")
	c, fs := loadFixture(f, "complaint")
	f.Fuzz(func(t *testing.T, name, detail, outcome, ref string) {
		// Size is not what this explores (BenchmarkStage2PDF does): keep each
		// string short enough for the fuzzer to try many contents.
		for _, s := range []*string{&name, &detail, &outcome, &ref} {
			if len(*s) > 2000 {
				*s = (*s)[:2000]
			}
		}
		cc := *c
		cc.Events = append([]casefile.Event(nil), c.Events...)
		cc.Events[1].Detail = detail // k1r, the stage 1 response
		cc.Children = []casefile.Child{{ID: "c1", Name: name}}
		cc.Authority = name
		req := Request{
			Case: &cc, Kind: Stage2, Findings: fs[:1], Events: []string{"k1", "k1r"},
			From: Party{Name: "x" + name, Lines: []string{name, detail}}, To: Party{Name: "y" + name},
			Date: casefile.MustDate("2026-07-01"), Reference: ref, Outcomes: []string{outcome, name},
			Unresolved: map[string]string{"complaint-stage1-10wd:k1": detail},
			Checkpoint: ref, Enclosures: []string{outcome},
			Deadline: Deadline{Date: casefile.MustDate("2026-07-15"), Rule: outcome + "rule",
				Citation: casefile.Citation{Source: name, Where: detail, URL: outcome, LegalStatus: "regulation", Verification: ref}},
		}
		l, err := Build(req)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := WriteText(&buf, l); err != nil {
			t.Fatal(err)
		}
		buf.Reset()
		if err := WriteDOCX(&buf, l, DOCXOptions{}); err != nil {
			t.Fatal(err)
		}
		checkWellFormed(t, buf.Bytes())
		buf.Reset()
		if err := WritePDF(&buf, l, PDFOptions{}); err != nil {
			t.Fatal(err)
		}
	})
}

func TestPDFSafe(t *testing.T) {
	tests := []struct{ in, want string }{
		{"£250 – “quoted” — é ’", "£250 – “quoted” — é ’"},
		{"名 😀 ok", "? ? ok"},
		{"tab\there", "tab here"},
	}
	for _, tt := range tests {
		if got := pdfSafe(tt.in); got != tt.want {
			t.Errorf("pdfSafe(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
