package polish

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

func citeString(c Citation) string {
	switch c.Kind {
	case CiteInstrument:
		return fmt.Sprintf("instrument:%s:%d", c.Name, c.Year)
	case CiteCase:
		return fmt.Sprintf("case:%s:%s", c.Name, c.Report)
	}
	s := string(c.Kind) + ":" + c.Number
	for _, p := range c.Sub {
		s += "(" + p + ")"
	}
	return s
}

func TestFindCitations(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   string
		want []string
	}{
		{"section", "under section 47", []string{"section:47"}},
		{"section with subsections", "section 47(1)(b)", []string{"section:47(1)(b)"}},
		{"s with number", "s47", []string{"section:47"}},
		{"s dot", "s.17", []string{"section:17"}},
		{"s space", "s 20", []string{"section:20"}},
		{"capital S", "S47(4)", []string{"section:47(4)"}},
		{"letters in a section", "s31ZA(6) and s38A", []string{"section:31ZA(6)", "section:38A"}},
		{"spaced subsection", "s47 (4)", []string{"section:47(4)"}},
		{"plural list", "sections 44 and 45", []string{"section:44", "section:45"}},
		{"ss list", "ss 17, 20 and 47", []string{"section:17", "section:20", "section:47"}},
		{"singular does not take a list", "s47 and 31 children", []string{"section:47"}},
		{"possessive is not a section", "the council's 20 days", nil},
		{"curly possessive", "the council’s 20 days", nil},
		{"word inside", "this 5 and class 6", nil},
		{"regulation", "regulation 14", []string{"regulation:14"}},
		{"reg", "reg 17 and reg. 19(4)", []string{"regulation:17", "regulation:19(4)"}},
		{"regs list", "regs 20, 21", []string{"regulation:20", "regulation:21"}},
		{"article", "Article 8", []string{"article:8"}},
		{"art", "Art 15 and Art. 12(3)", []string{"article:15", "article:12(3)"}},
		{"article with letters", "Art 6(1)(e)", []string{"article:6(1)(e)"}},
		{"paragraph", "paragraph 82", []string{"paragraph:82"}},
		{"para dotted", "para 3.3.1", []string{"paragraph:3.3.1"}},
		{"paras range", "paras 3.9–3.11", []string{"paragraph:3.9", "paragraph:3.11"}},
		{"schedule", "Schedule 1 and Sch 5A", []string{"schedule:1", "schedule:5A"}},
		{"chapter", "chapter 3 and ch.1", []string{"chapter:3", "chapter:1"}},
		{"part", "Part III and Part 4", []string{"part:III", "part:4"}},
		{"lower-case part is a word", "part 3 of the letter", nil},
		{"cpr", "CPR 54.5(1)", []string{"rule:54.5(1)"}},
		{"rule", "rule 54.5", []string{"rule:54.5"}},
		{"si", "SI 2006/1738 and S.I. 2006/1738", []string{"si:2006/1738", "si:2006/1738"}},
		{"act", "the Children Act 1989", []string{"instrument:children act:1989"}},
		{"act without year", "the Human Rights Act", []string{"instrument:human rights act:0"}},
		{"act after a part", "Under Part III of the Children Act 1989", []string{"part:III", "instrument:children act:1989"}},
		{"abbreviated act", "CA 1989 and HRA 1998", []string{"instrument:children act:1989", "instrument:human rights act:1998"}},
		{"long act", "Children and Families Act 2014", []string{"instrument:children and families act:2014"}},
		{"regulations", "the Children Act 1989 Representations Procedure (England) Regulations 2006",
			[]string{"instrument:children act:1989", "instrument:representations procedure (england) regulations:2006"}},
		{"an order is not an instrument", "an Emergency Protection Order was made", nil},
		{"working together", "Working Together to Safeguard Children 2023", []string{"instrument:working together:2023"}},
		{"working together short", "Working Together (2018)", []string{"instrument:working together:2018"}},
		{"working together no year", "Working Together says", []string{"instrument:working together:0"}},
		{"wt with year", "WT 2026", []string{"instrument:working together:2026"}},
		{"wt alone", "WT says", nil},
		{"named guidance", "Getting the Best from Complaints", []string{"instrument:getting the best from complaints:0"}},
		{"gdpr", "UK GDPR Art 12(3)", []string{"instrument:uk gdpr:0", "article:12(3)"}},
		{"case with citation", "Williams v Hackney [2018] UKSC 37", []string{"case:Williams v Hackney:[2018] UKSC 37"}},
		{"case in italics", "*AB & CD v Haringey* [2013] EWHC 416 (Admin)", []string{"case:AB & CD v Haringey:[2013] EWHC 416 (Admin)"}},
		{"case R (X)", "R (S) v Swindon BC [2001] EWHC Admin 334", []string{"case:R (S) v Swindon BC:[2001] EWHC Admin 334"}},
		{"case ex p", "R v Islington LBC ex p Rixon [1998] 1 CCLR 119", []string{"case:R v Islington LBC ex p Rixon:[1998] 1 CCLR 119"}},
		{"case re", "Re B (A Child) [2013] UKSC 33", []string{"case:Re B (A Child):[2013] UKSC 33"}},
		{"case name alone", "as in Smith v Jones.", []string{"case:Smith v Jones:"}},
		{"citation alone", "see [2025] EWCA Civ 470", []string{"case::[2025] EWCA Civ 470"}},
		{"bracketed year is not a case", "[2026] The council", nil},
		{"plain text", "The council did not reply.", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, c := range FindCitations(tc.in) {
				got = append(got, citeString(c))
			}
			if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("FindCitations(%q)\n got %q\nwant %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestCitationAllowed(t *testing.T) {
	var s citeSet
	s.addText("Children Act 1989, s47(1)(b); Working Together to Safeguard Children 2023, chapter 3; SI 2006/1738 reg 14; " +
		"UK GDPR Art 12(3); R (AB and CD) v London Borough of Haringey [2013] EWHC 416 (Admin)")
	for _, tc := range []struct {
		name string
		in   string
		ok   bool
	}{
		{"same", "s47(1)(b)", true},
		{"less specific", "section 47", true},
		{"part of the path", "s47(1)", true},
		{"other subsection", "s47(4)", false},
		{"other section", "section 52", false},
		{"same regulation", "regulation 14", true},
		{"other regulation", "reg 17", false},
		{"article", "Article 12(3)", true},
		{"article less specific", "Art 12", true},
		{"other article", "Article 8", false},
		{"instrument same", "the Children Act 1989", true},
		{"instrument abbreviated", "CA 1989", true},
		{"instrument no year", "the Children Act", true},
		{"instrument other year", "the Children Act 2004", false},
		{"instrument other", "the Human Rights Act 1998", false},
		{"wt same edition", "Working Together 2023", true},
		{"wt no edition", "Working Together", true},
		{"wt other edition", "Working Together 2018", false},
		{"chapter", "chapter 3", true},
		{"other chapter", "chapter 4", false},
		{"si", "SI 2006/1738", true},
		{"case short name", "AB & CD v Haringey", true},
		{"case citation", "[2013] EWHC 416 (Admin)", true},
		{"other case", "Williams v Hackney", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cs := FindCitations(tc.in)
			if len(cs) != 1 {
				t.Fatalf("FindCitations(%q) found %d citations", tc.in, len(cs))
			}
			if got := s.allows(cs[0]); got != tc.ok {
				t.Errorf("allows(%q) = %v, want %v", tc.in, got, tc.ok)
			}
		})
	}
}

// findReference finds REFERENCE.md: in ../shared/domain beside the
// repository (as in CI and the worktrees), or where REDRESS_REFERENCE says.
func findReference(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("REDRESS_REFERENCE"); p != "" {
		return p
	}
	dir, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	for {
		for _, p := range []string{filepath.Join(dir, "shared", "domain", "REFERENCE.md"), filepath.Join(dir, "docs", "REFERENCE.md")} {
			if _, err := os.Stat(p); err == nil {
				return p
			}
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("REFERENCE.md not found beside the repository; set REDRESS_REFERENCE to its path")
		}
		dir = parent
	}
}

// TestReferenceCasesMatchReference proves the embedded list of cases is the
// reference's: every case the reference mentions is in the list, and every
// case in the list is mentioned in the reference with its citation.
func TestReferenceCasesMatchReference(t *testing.T) {
	data, err := os.ReadFile(findReference(t))
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	mentions := FindCases(text)
	if len(mentions) < len(referenceCases) {
		t.Fatalf("found only %d case mentions in the reference", len(mentions))
	}
	seen := map[string]bool{}
	for _, c := range mentions {
		refs := lookupReference(c)
		if len(refs) == 0 {
			t.Errorf("the reference mentions %q (%s), which is not in referenceCases", c.label(), c.Report)
		}
		if c.Report != "" {
			seen[c.Report] = true
		}
	}
	for _, rc := range referenceCases {
		for _, r := range rc.Citations {
			if !seen[r] {
				t.Errorf("referenceCases has %s %s, which the reference does not cite", rc.Name, r)
			}
		}
		if !strings.Contains(text, strings.SplitN(rc.Name, " (on the application", 2)[0]) {
			t.Errorf("the reference does not name %q", rc.Name)
		}
	}
	var cites []string
	for r := range seen {
		cites = append(cites, r)
	}
	sort.Strings(cites)
	t.Logf("reference cites %d decisions: %s", len(cites), strings.Join(cites, "; "))
}

func FuzzFindCitations(f *testing.F) {
	for _, s := range []string{"section 47(1)(b) of the Children Act 1989", "ss 44 and 45", "paras 3.9–3.11", "R (AB and CD) v London Borough of Haringey [2013] EWHC 416 (Admin)",
		"*Re B (A Child)* [2013] UKSC 33", "Under Part III of the Children Act 1989", "the council's 20 days", "[2026] The", "s(((", "v v v", "CPR 54.5(1)(a)(b)",
		"Working Together (2023)", "SI 2006/1738", "A v B [1998] 1 CCLR 119"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, c := range FindCitations(s) {
			if c.Start < 0 || c.Start > c.End || c.End > len(s) || s[c.Start:c.End] != c.Text {
				t.Fatalf("bad span %+v in %q", c, s)
			}
			if c.Kind == "" {
				t.Fatalf("citation without a kind: %+v", c)
			}
		}
		var set citeSet
		set.addText(s)
		for _, c := range FindCitations(s) {
			if !set.allows(c) {
				t.Fatalf("a text does not allow its own citation %+v", c)
			}
		}
	})
}
