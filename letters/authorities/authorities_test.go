package authorities

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"codeberg.org/go-pdf/fpdf"

	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/letters"
	"github.com/redress-app/redress/letters/authorities/authoritiestest"
	"github.com/redress-app/redress/letters/bundle"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func TestKey(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Children Act 1989", "children-act-1989"},
		{"The Children Act 1989 Representations Procedure (England) Regulations 2006 (SI 2006/1738)", "children-act-1989-representations-procedure-england-si-2006-1738"},
		{"R (AB and CD) v London Borough of Haringey [2013] EWHC 416 (Admin)", "r-ab-and-cd-v-london-ewhc-416-admin"},
		{"children-act-1989-representations-procedure-england-si-2006-1738", "children-act-1989-representations-procedure-england-si-2006-1738"},
		{"The", "the"},
		{"  Working Together to Safeguard Children 2023 ", "working-together-to-safeguard-children-2023"},
		{"O'Connor v Bar Standards Board [2017] UKSC 78", "o-connor-v-bar-standards-board-2017-uksc-78"},
		{"Thé café", "thé-café"},
		{"---", ""},
		{"", ""},
	}
	for _, tc := range tests {
		if got := Key(tc.in); got != tc.want {
			t.Errorf("Key(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestKeyOfSource(t *testing.T) {
	tests := []struct {
		in   string
		want string
		ok   bool
	}{
		{"authority:children-act-1989", "children-act-1989", true},
		{"Authority: Children Act 1989", "children-act-1989", true},
		{"authority:", "", false},
		{"council", "", false},
		{"authorities", "", false},
		{"", "", false},
	}
	for _, tc := range tests {
		got, ok := KeyOfSource(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("KeyOfSource(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func src(source, where, url, status, verification string) letters.Source {
	return letters.Source{Citation: casefile.Citation{Source: source, Where: where, URL: url, LegalStatus: status, Verification: verification}}
}

var (
	s47 = src("Children Act 1989", "section 47(1)(b), the duty to make enquiries", "https://www.legislation.gov.uk/ukpga/1989/41/section/47", "statute", "verified-primary")
	wt  = src("Working Together to Safeguard Children 2023", "chapter 3, initial child protection conferences; paragraph number not verified", "https://example.org/wt", "statutory-guidance", "verified-secondary")
	hcy = src("R (AB and CD) v London Borough of Haringey [2013] EWHC 416 (Admin)", "checks without consent (a passage believed to be paragraph 76; paragraph number not verified)", "https://example.org/haringey", "case-law", "verified-secondary")
	rep = src("Working Together to Safeguard Children 2023", "sharing the report before the conference; the 2023 wording was not seen", "", "statutory-guidance", "unverified")
)

func reliances() []Reliance {
	return []Reliance{
		{What: "the finding “Late: initial child protection conference” (icpc-15wd), from 13 October 2025", Sources: []letters.Source{wt}},
		{What: "the finding “Out of order: strategy discussion before section 47 enquiries” (strategy-before-s47), from 13 October 2025", Sources: []letters.Source{wt, s47, hcy}},
		{What: "the finding “Need more information: conference report shared” (icpc-report-shared), from 6 November 2025", Sources: []letters.Source{rep}},
		{What: "the letter “Stage 1 complaint” (sent 20 November 2025)", Sources: []letters.Source{s47, wt}},
		{What: "the letter “Stage 1 complaint” (sent 20 November 2025)", Sources: []letters.Source{s47}},
	}
}

func TestCollect(t *testing.T) {
	got := Collect(reliances())
	var keys []string
	for _, a := range got {
		keys = append(keys, a.Key)
	}
	want := "children-act-1989 working-together-to-safeguard-children-2023 r-ab-and-cd-v-london-ewhc-416-admin"
	if strings.Join(keys, " ") != want {
		t.Fatalf("order %v, want statute, statutory guidance, case law: %s", keys, want)
	}
	if n := len(got[0].Pinpoints); n != 1 {
		t.Fatalf("the Children Act has %d places, want 1", n)
	}
	if by := got[0].Pinpoints[0].By; len(by) != 2 {
		t.Errorf("section 47 relied on by %q: want the finding and the letter, each once", by)
	}
	if n := len(got[1].Pinpoints); n != 2 {
		t.Errorf("Working Together has %d places, want 2 (the conference and the report)", n)
	}
}

// TestCollectKeyClash: two sources whose short keys are the same keep
// apart, the second under its full key.
func TestCollectKeyClash(t *testing.T) {
	a := src("One two three four five six seven eight x y z", "", "", "statute", "verified-primary")
	b := src("One two three four five six nine ten x y z", "", "", "statute", "verified-primary")
	got := Collect([]Reliance{{What: "p", Sources: []letters.Source{a, b}}})
	if len(got) != 2 || got[0].Key == got[1].Key {
		t.Fatalf("%+v", got)
	}
	keys := got[0].Key + " " + got[1].Key
	if !strings.Contains(keys, "one-two-three-four-five-six-x-y-z") || !strings.Contains(keys, "one-two-three-four-five-six-nine-ten-x-y-z") {
		t.Errorf("keys %s", keys)
	}
}

// fixedTime is when the test bundles are made.
var fixedTime = time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC)

// textPDF makes a PDF of n pages whose first line is title, the same bytes
// every time (so that the golden index's SHA-256s do not move).
func textPDF(t testing.TB, title string, n int, _ bool) []byte {
	t.Helper()
	f := fpdf.New("P", "mm", "A4", "")
	f.SetCreationDate(fixedTime)
	f.SetModificationDate(fixedTime)
	f.SetFont("Helvetica", "", 14)
	for i := 1; i <= n; i++ {
		f.AddPage()
		f.Cell(0, 10, fmt.Sprintf("%s, page %d", title, i))
	}
	var buf bytes.Buffer
	if err := f.Output(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func textItem(t testing.TB, id, name string, data []byte) *bundle.Item {
	t.Helper()
	sum := sha256.Sum256(data)
	return &bundle.Item{ID: id, Name: name, Title: name, Type: "application/pdf", SHA256: hex.EncodeToString(sum[:]), Size: int64(len(data)),
		Source: "authority:x", Open: func(context.Context) (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil }}
}

// testSpec is a case citing three authorities: the Children Act's text
// imported (3 pages), Working Together's in two files (2 and 1 pages), the
// Haringey judgment not imported, and a text imported that nothing cites.
func testSpec(t testing.TB) *Spec {
	auths := Collect(reliances())
	texts := map[string][]*bundle.Item{
		"children-act-1989": {textItem(t, "d1", "children-act-1989-s47.pdf", textPDF(t, "Children Act 1989 section 47", 3, false))},
		"working-together-to-safeguard-children-2023": {
			textItem(t, "d2", "wt2023-part1.pdf", textPDF(t, "Working Together part one", 2, false)),
			textItem(t, "d3", "wt2023-part2.pdf", textPDF(t, "Working Together part two", 1, false)),
		},
		"nice-cg89": {textItem(t, "d4", "nice-cg89.pdf", textPDF(t, "NICE CG89", 1, false))},
	}
	return &Spec{Title: "Example family: authorities", Case: "Example family", Authority: "Example Borough Council", CaseRef: "c1",
		Date: casefile.MustDate("2026-12-04"), Created: fixedTime, AsOf: casefile.MustDate("2026-12-04"),
		Checkpoint: "12-7KQ2-M9XD-PA4T-ZB3H-W6RC", Authorities: Attach(auths, texts)}
}

func build(t *testing.T, s *Spec) ([]byte, *Built, *bundle.Result) {
	t.Helper()
	b, err := Prepare(context.Background(), s, bundle.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	res, err := b.Write(context.Background(), &buf)
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), b, res
}

func TestIndexGolden(t *testing.T) {
	_, b, _ := build(t, testSpec(t))
	got := b.Index()
	golden := filepath.Join("testdata", "index.golden")
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("index differs from %s (run with -update if the change is intended):\n%s", golden, got)
	}
}

func TestPagesFollowTheirEntries(t *testing.T) {
	_, b, res := build(t, testSpec(t))
	want := map[string]string{"d1": "B1–B3", "d2": "B4–B5", "d3": "B6", "d4": "B7"}
	for id, w := range want {
		if b.Pages[id] != w {
			t.Errorf("%s on %q, want %q (the texts in the table's order)", id, b.Pages[id], w)
		}
	}
	if res.Labels[0] != "A1" || res.Labels[len(res.Labels)-1] != "B7" {
		t.Errorf("labels run %s to %s", res.Labels[0], res.Labels[len(res.Labels)-1])
	}
	// The Haringey judgment is not imported: its entry says the user must add it.
	idx := b.Index()
	for _, w := range []string{
		MustAddWords + ": import it with its source set to authority:r-ab-and-cd-v-london-ewhc-416-admin",
		"redress import --vault VAULT --case c1 --source authority:KEY FILE",
		"## " + citedHeading,
		"paragraph number not verified",
		"[statutory-guidance; unverified]",
	} {
		if !strings.Contains(idx, w) {
			t.Errorf("index lacks %q:\n%s", w, idx)
		}
	}
}

func TestNothingImported(t *testing.T) {
	s := &Spec{Title: "Example family: authorities", Date: casefile.MustDate("2026-12-04"), Created: fixedTime, Authorities: Collect(reliances())}
	pdf, b, res := build(t, s)
	if len(MustAdd(s.Authorities)) != 3 || len(b.Pages) != 0 {
		t.Fatalf("must add %d, pages %v", len(MustAdd(s.Authorities)), b.Pages)
	}
	if res.Pages < 2 || len(pdf) == 0 {
		t.Fatalf("%d pages", res.Pages)
	}
	if !strings.Contains(b.Index(), "3 authorities; 0 with their text in section B; 3 whose text you must add") {
		t.Errorf("index:\n%s", b.Index())
	}
}

// TestReadBack reads the PDF back as a court's software would: pdftotext for
// the words, qpdf --json for the links and bookmarks.
func TestReadBack(t *testing.T) {
	pdf, _, res := build(t, testSpec(t))
	dir := t.TempDir()
	if d := os.Getenv("AUTH_KEEP"); d != "" {
		dir = d
	}
	path := filepath.Join(dir, "authorities.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	rb := authoritiestest.ReadBack(t, path)
	for _, w := range []string{
		"Table of authorities", "AUTHORITIES BUNDLE", "Children Act 1989", "https://www.legislation.gov.uk/ukpga/1989/41/section/47",
		"verified-primary", "verified-secondary", "paragraph number not verified", MustAddWords,
		"authority:r-ab-and-cd-v-london-ewhc-416-admin", "Children Act 1989 section 47",
	} {
		if !strings.Contains(rb.Flat, w) {
			t.Errorf("pdftotext lacks %q", w)
		}
	}
	// Every text's first page carries its own words, on the page its label says.
	for i, l := range res.Labels {
		if rb.Labels != nil && rb.Labels[i] != l {
			t.Errorf("page %d labelled %q in the PDF, %q by the bundle", i+1, rb.Labels[i], l)
		}
	}
	at := func(label string) int {
		for i, l := range res.Labels {
			if l == label {
				return i + 1
			}
		}
		t.Fatalf("no page %s", label)
		return 0
	}
	if !strings.Contains(rb.Pages[at("B1")-1], "Children Act 1989 section 47") || !strings.Contains(rb.Pages[at("B4")-1], "Working Together part one") {
		t.Errorf("the texts are not on the pages the table gives")
	}
	// Bookmarks: the table and every text, each pointing at its first page.
	want := map[string]int{"Table of authorities": at("A2"), "Children Act 1989": at("B1"),
		"Working Together to Safeguard Children 2023 (1 of 2)": at("B4"), "Working Together to Safeguard Children 2023 (2 of 2)": at("B6")}
	for title, page := range want {
		got, ok := 0, false
		for bm, pg := range rb.Bookmarks {
			if strings.HasSuffix(bm, "  "+title) {
				got, ok = pg, true
			}
		}
		if !ok {
			t.Errorf("no bookmark %q in %v", title, rb.Bookmarks)
		} else if got != page {
			t.Errorf("bookmark %q goes to page %d, want %d", title, got, page)
		}
	}
	// The index's links land on the texts' first pages.
	for _, p := range []int{at("A2"), at("B1"), at("B4"), at("B6"), at("B7")} {
		if !rb.LinkTargets[p] {
			t.Errorf("no link from the index to page %d (targets %v)", p, rb.LinkTargets)
		}
	}
}

// TestAttachByEitherKey: a text marked with the citation in full, with the
// short key or with a clashing authority's full key goes to the right one.
func TestAttachByEitherKey(t *testing.T) {
	long := src("The Children Act 1989 Representations Procedure (England) Regulations 2006 (SI 2006/1738)", "regulation 14", "", "regulation", "verified-primary")
	a := src("One two three four five six seven eight x y z", "", "", "statute", "verified-primary")
	b := src("One two three four five six nine ten x y z", "", "", "statute", "verified-primary")
	auths := Collect([]Reliance{{What: "p", Sources: []letters.Source{long, a, b}}})
	item := func(id string) *bundle.Item { return &bundle.Item{ID: id, Name: id + ".pdf"} }
	texts := map[string][]*bundle.Item{}
	for id, source := range map[string]string{
		"t1": "authority: The Children Act 1989 Representations Procedure (England) Regulations 2006 (SI 2006/1738)",
		"t2": "authority:children-act-1989-representations-procedure-england-si-2006-1738",
		"t3": "authority:one-two-three-four-five-six-nine-ten-x-y-z",
		"t4": "authority:one-two-three-four-five-six-x-y-z",
		"t5": "authority:something else",
	} {
		k, ok := KeyOfSource(source)
		if !ok {
			t.Fatalf("%s: not an authority", source)
		}
		texts[k] = append(texts[k], item(id))
	}
	got := map[string]string{}
	for _, a := range Attach(auths, texts) {
		for _, t := range a.Texts {
			got[t.ID] = a.Key
		}
	}
	want := map[string]string{
		"t1": "children-act-1989-representations-procedure-england-si-2006-1738",
		"t2": "children-act-1989-representations-procedure-england-si-2006-1738",
		"t3": "one-two-three-four-five-six-nine-ten-x-y-z",
		"t4": "one-two-three-four-five-six-x-y-z",
		"t5": "something-else",
	}
	for id, k := range want {
		if got[id] != k {
			t.Errorf("%s went to %q, want %q", id, got[id], k)
		}
	}
}

// FuzzKey: a key is its own key, has no empty word, and KeyOfSource never
// panics on what a user types as a document's source.
func FuzzKey(f *testing.F) {
	for _, s := range []string{"Children Act 1989", "The the Act", "the", "authority:the", "a b c d e f g h i j k l", "—", "Thé café", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k := Key(s)
		if Key(k) != k {
			t.Errorf("Key(%q) = %q, whose key is %q", s, k, Key(k))
		}
		if strings.Contains(k, "--") || strings.HasPrefix(k, "-") || strings.HasSuffix(k, "-") {
			t.Errorf("Key(%q) = %q", s, k)
		}
		if full, ok := KeyOfSource(SourcePrefix + s); ok && Key(full) != k {
			t.Errorf("KeyOfSource(%q) = %q, shortened %q, not %q", s, full, Key(full), k)
		}
	})
}

// TestOddVerificationNeverCertain: a citation whose verification is missing
// or unknown is printed as unverified, in words and in the raw status.
func TestOddVerificationNeverCertain(t *testing.T) {
	odd := src("Some Act 2000", "section 1(2)", "", "statute", "verified-by-me")
	none := src("Other Act 2001", "section 3", "", "", "")
	widget := src("A Widget", "part 1", "", "widget", "seed")
	s := &Spec{Title: "t", Authorities: Collect([]Reliance{{What: "p", Sources: []letters.Source{odd, none, widget}}})}
	idx := s.indexText(nil)
	for _, w := range []string{"[statute; unverified]", "[legal status not stated; unverified]", "Verification: unverified: check before relying on it.",
		"A Widget", "[widget; seed]", "from seed notes only"} {
		if !strings.Contains(idx, w) {
			t.Errorf("index lacks %q:\n%s", w, idx)
		}
	}
	if strings.Contains(idx, "verified-by-me") {
		t.Error("an unknown verification is printed as given")
	}
}
