package redact

import (
	"errors"
	"image"
	"image/color"
	"strings"
	"testing"

	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/documents"
)

func testCase(t *testing.T) *casefile.Case {
	t.Helper()
	born, err := casefile.ParseDate("2025-01-05")
	if err != nil {
		t.Fatal(err)
	}
	return &casefile.Case{
		Title:    "Smith family",
		Children: []casefile.Child{{ID: "c1", Name: "Lily Smith", Born: born}},
		People: []casefile.Person{
			{ID: "p1", Name: "Anna Smith", Role: "mother"},
			{ID: "p2", Name: "Karen O'Neill", Role: "social worker", Organisation: "Example Borough Council"},
			{ID: "p3", Name: "Tom Baker", Role: "child at the same nursery"},
			{ID: "p4", Name: "Dr Priya Shah", Role: "GP"},
			{ID: "p5", Name: "Child B", Role: "other child"},
			{ID: "p6", Name: "Jane Smith", Role: "health visitor"},
			{ID: "p7", Name: "Grace Hill", Role: "grandmother"},
		},
	}
}

func TestNamesOf(t *testing.T) {
	n := NamesOf(testCase(t))
	want := Names{
		Family:   []string{"Lily Smith", "Anna Smith", "Grace Hill"},
		Children: []string{"Tom Baker", "Child B"},
		Adults:   []string{"Karen O'Neill", "Dr Priya Shah", "Jane Smith"},
	}
	if strings.Join(n.Family, "|") != strings.Join(want.Family, "|") ||
		strings.Join(n.Children, "|") != strings.Join(want.Children, "|") ||
		strings.Join(n.Adults, "|") != strings.Join(want.Adults, "|") || len(n.Births) != 1 {
		t.Errorf("NamesOf = %+v, want %+v", n, want)
	}
}

func TestParseSpec(t *testing.T) {
	tests := []struct {
		in   string
		want string // Spec.String, or the error's text
		bad  bool
	}{
		{in: "default", want: "children,adults,addresses,phones,emails,dob"},
		{in: "adults, phones ,word:Riverside  Primary,style:bar", want: "adults,phones,word:Riverside Primary,style:bar"},
		{in: "word:Acacia,words:Acacia,emails,emails", want: "word:Acacia,emails"[len("word:Acacia,"):] + ",word:Acacia"},
		{in: "family,dates-of-birth", want: "family,dob"},
		{in: "", bad: true},
		{in: "style:bar", bad: true},
		{in: "word:", bad: true},
		{in: "names", bad: true},
		{in: "adults:x", bad: true},
		{in: "style:pink,adults", bad: true},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			s, err := ParseSpec(tc.in)
			if tc.bad {
				if !errors.Is(err, ErrSpec) {
					t.Fatalf("ParseSpec(%q) = %v, %v; want ErrSpec", tc.in, s, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := s.String(); got != tc.want {
				t.Errorf("ParseSpec(%q).String() = %q, want %q", tc.in, got, tc.want)
			}
			again, err := ParseSpec(s.String())
			if err != nil || again.String() != s.String() {
				t.Errorf("round trip: %v %v", again, err)
			}
		})
	}
}

func TestReplace(t *testing.T) {
	c := testCase(t)
	def, _ := ParseSpec("default,word:Riverside Nursery")
	fam, _ := ParseSpec("family")
	bar, _ := ParseSpec("phones,style:bar")
	tests := []struct {
		name string
		spec Spec
		in   string
		want string
	}{
		{"full name", def, "Karen O'Neill visited.", "[redacted] visited."},
		{"curly apostrophe and spaces", def, "Karen  O’Neill\nvisited.", "[redacted] visited."[0:len("[redacted]")] + "\nvisited."},
		{"part of a name", def, "Karen called; Ms O'Neill said", "[redacted] called; Ms [redacted] said"},
		{"any case, possessive", def, "KAREN's notes", "[redacted]'s notes"},
		{"not inside a word", def, "Karenina and Bakery", "Karenina and Bakery"},
		{"the family's names kept", def, "Anna Smith and Lily spoke to Jane Smith", "Anna Smith and Lily spoke to [redacted]"},
		{"a family surname is not taken alone", def, "Mrs Smith", "Mrs Smith"},
		{"family asked", fam, "Anna Smith and Lily", "[redacted] and [redacted]"},
		{"common words of a placeholder name", def, "Child B's mother; the child", "[redacted]'s mother; the child"},
		{"title dropped", def, "Dr Shah and Priya", "Dr [redacted] and [redacted]"},
		{"phones", def, "Call 07700 900123 or +44 (0)20 7946 0958 or 0161-496-0000.", "Call [redacted] or [redacted] or [redacted]."},
		{"not a date or a reference", def, "On 2026-03-02 at 10:15, ref 12345678901234", "On 2026-03-02 at 10:15, ref 12345678901234"},
		{"emails", def, "Write to karen.oneill@example.gov.uk today", "Write to [redacted] today"},
		{"address and postcode", def, "She lives at 12 Acacia Avenue, Exampletown EX1 2AB.", "She lives at [redacted], Exampletown [redacted]."},
		{"dob recorded", def, "Lily (5 January 2025; 05/01/2025; 2025-01-05; Jan 5th, 2025)", "Lily ([redacted]; [redacted]; [redacted]; [redacted])"},
		{"dob labelled", def, "Tom, date of birth: 3rd March 2019, DOB 04/05/2018", "[redacted], date of birth: [redacted], DOB [redacted]"},
		{"other dates kept", def, "The conference on 5 February 2025", "The conference on 5 February 2025"},
		{"marked words", def, "at riverside  nursery", "at [redacted]"},
		{"bar", bar, "on 07700 900123.", "on ██████."},
		{"a mark is not a match", mustSpec(t, "word:redacted,word:Karen"), "Karen redacted it", "[redacted] [redacted] it"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := New(tc.spec, NamesOf(c))
			if err != nil {
				t.Fatal(err)
			}
			if got := r.Replace(tc.in); got != tc.want {
				t.Errorf("Replace(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestFindCategoriesAndChanges(t *testing.T) {
	s, _ := ParseSpec("default,word:Acacia")
	r, err := New(s, NamesOf(testCase(t)))
	if err != nil {
		t.Fatal(err)
	}
	text := "Tom Baker's mother rang Karen on 07700 900123 about Acacia."
	ms := r.Find(text)
	var got []string
	for _, m := range ms {
		got = append(got, string(m.Category)+"="+text[m.Start:m.End])
	}
	if want := "children=Tom Baker|adults=Karen|phones=07700 900123|words=Acacia"; strings.Join(got, "|") != want {
		t.Errorf("Find = %v, want %s", got, want)
	}
	ch := r.Changes(text)
	if len(ch) != 4 || ch[1].Text != "Karen" || !strings.Contains(ch[1].Before, "rang Karen on") || strings.Contains(ch[1].After, "Karen") || strings.Contains(ch[1].After, "Tom") {
		t.Errorf("Changes = %+v", ch)
	}
}

func TestBoxesAndBlack(t *testing.T) {
	s, _ := ParseSpec("adults")
	r, _ := New(s, NamesOf(testCase(t)))
	words := []documents.Word{
		{Text: "Seen", X0: 0.1, Y0: 0.1, X1: 0.2, Y1: 0.12},
		{Text: "by", X0: 0.21, Y0: 0.1, X1: 0.25, Y1: 0.12},
		{Text: "Karen", X0: 0.8, Y0: 0.1, X1: 0.9, Y1: 0.12},
		{Text: "O'Neill,", X0: 0.1, Y0: 0.2, X1: 0.2, Y1: 0.22}, // the next line
		{Text: "today", X0: 0.21, Y0: 0.2, X1: 0.3, Y1: 0.22},
	}
	boxes, ms := r.Boxes(words)
	if len(ms) != 1 || len(boxes) != 2 || boxes[0].X0 != 0.8 || boxes[1].Y0 != 0.2 {
		t.Fatalf("Boxes = %v, %v", boxes, ms)
	}
	img := image.NewRGBA(image.Rect(0, 0, 100, 100))
	for i := range img.Pix {
		img.Pix[i] = 255
	}
	Black(img, boxes)
	if c := img.RGBAAt(85, 11); c != (color.RGBA{0, 0, 0, 255}) {
		t.Errorf("inside the box: %v", c)
	}
	if c := img.RGBAAt(50, 50); c != (color.RGBA{255, 255, 255, 255}) {
		t.Errorf("outside the boxes: %v", c)
	}
}

func TestStrings(t *testing.T) {
	s, _ := ParseSpec("adults")
	r, _ := New(s, NamesOf(testCase(t)))
	type inner struct{ Text string }
	type kind string
	type rec struct {
		Kind  kind
		Title string
		Items []inner
		Ptr   *inner
		priv  string
	}
	orig := rec{Kind: "Karen", Title: "Karen O'Neill", Items: []inner{{"by Karen"}}, Ptr: &inner{"Priya"}, priv: "Karen"}
	cp := orig
	var n int
	r.Strings(&cp, func(before, after string) { n++ })
	if cp.Title != "[redacted]" || cp.Items[0].Text != "by [redacted]" || cp.Ptr.Text != "[redacted]" || cp.Kind != "Karen" || cp.priv != "Karen" || n != 3 {
		t.Errorf("Strings: %+v (%d changes)", cp, n)
	}
	if orig.Items[0].Text != "by Karen" || orig.Ptr.Text != "Priya" {
		t.Errorf("the original was changed: %+v", orig)
	}
}

func FuzzFind(f *testing.F) {
	for _, s := range []string{"Karen O'Neill, 07700 900123", "12 Acacia Avenue EX1 2AB", "DOB 1/2/2020", "", "\xff\xfeK"} {
		f.Add(s)
	}
	s, _ := ParseSpec("default,word:Acacia")
	born, _ := casefile.ParseDate("2020-02-01")
	names := Names{Adults: []string{"Karen O'Neill"}, Births: []casefile.Date{born}}
	r, err := New(s, names)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string) {
		ms := r.Find(text)
		last := 0
		for _, m := range ms {
			if m.Start < last || m.End <= m.Start || m.End > len(text) {
				t.Fatalf("bad match %+v in %q", m, text)
			}
			last = m.End
		}
		out := r.Replace(text)
		if len(r.Find(out)) != 0 && !strings.Contains(text, "[redacted]") {
			t.Errorf("Replace(%q) = %q still has matches", text, out)
		}
	})
}

// FuzzParseSpec: any SPEC is read or refused with ErrSpec, never a panic,
// and what is read writes back to the same spec.
func FuzzParseSpec(f *testing.F) {
	for _, s := range []string{"default", "adults,word:Acacia,style:bar", "word:", ",,,", "style:x", "word:a,b:c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		s, err := ParseSpec(in)
		if err != nil {
			if !errors.Is(err, ErrSpec) {
				t.Fatalf("ParseSpec(%q): %v", in, err)
			}
			return
		}
		again, err := ParseSpec(s.String())
		if err != nil || again.String() != s.String() {
			t.Errorf("ParseSpec(%q) = %q, read again %q, %v", in, s.String(), again.String(), err)
		}
		if _, err := New(s, Names{Adults: []string{in}}); err != nil {
			t.Errorf("New with %q: %v", in, err)
		}
	})
}

func mustSpec(t *testing.T, s string) Spec {
	t.Helper()
	sp, err := ParseSpec(s)
	if err != nil {
		t.Fatal(err)
	}
	return sp
}
