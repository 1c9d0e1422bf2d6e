package polish

import (
	"regexp"
	"strings"
	"testing"

	"github.com/redress-app/redress/casefile"
)

func richCase(t testing.TB) *casefile.Case {
	t.Helper()
	c, err := casefile.ReadFile("testdata/rich.case.json")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestPseudonymise(t *testing.T) {
	c := richCase(t)
	m := NewMapping(c, []string{"Sarah Thompson"}, []string{"Flat 2, 9 Wharf Road, Leeds LS1 4AP"})
	// The case's order fixes the numbers: children, then people, then extra names.
	for _, tc := range []struct {
		name, in, want string
	}{
		{"full name", "Sarah Thompson called.", "[PERSON-1] called."},
		{"possessive", "Sarah Thompson's son", "[PERSON-1]'s son"},
		{"curly possessive", "Priya Patel’s notes", "[PERSON-3]’s notes"},
		{"title kept", "Ms Patel visited", "Ms [PERSON-3] visited"},
		{"title with dot", "Dr. Whitfield said", "Dr. [PERSON-5] said"},
		{"title from record dropped", "Dr Ann Whitfield", "Dr [PERSON-5]"},
		{"capitals", "SARAH THOMPSON and sarah thompson", "[PERSON-1] and [PERSON-1]"},
		{"first name alone", "I told Priya that", "I told [PERSON-3] that"},
		{"lower-case first name", "i told priya", "i told [PERSON-3]"},
		{"surname alone", "Hughes agreed", "[PERSON-4] agreed"},
		{"inside a longer word", "the Annual review and Annabel", "the Annual review and Annabel"},
		{"name inside a word", "Patelli and Hughesworth", "Patelli and Hughesworth"},
		{"first name of GP", "Ann said", "[PERSON-5] said"},
		{"hyphenated surname", "Lily Thompson-Okafor is 6", "[CHILD-1] is 6"},
		{"child first name", "Lily and Noah", "[CHILD-1] and [CHILD-2]"},
		{"shared surname", "Mr Okafor and Ms Thompson", "Mr [NAME-2] and Ms [NAME-1]"},
		{"apostrophe in name", "Marguerite O'Sullivan and O’Sullivan", "[PERSON-6] and [PERSON-6]"},
		{"name across a line break", "Priya\nPatel", "[PERSON-3]"},
		{"dob long", "Lily was born on 3 April 2019.", "[CHILD-1] was born on [DOB-1]."},
		{"dob numeric", "DOB 03/04/2019 and 3/4/19", "DOB [DOB-1] and [DOB-1]"},
		{"dob iso", "born 2024-11-20", "born [DOB-2]"},
		{"dob ordinal with weekday", "Wednesday 20th November 2024", "[DOB-2]"},
		{"birthday without year after born", "born on 20 November", "born on [DOB-2]"},
		{"day-month without year elsewhere", "we met on 20 November", "we met on 20 November"},
		{"other date", "on 3 April 2026", "on 3 April 2026"},
		{"email", "write to Daniel.Okafor@Example.com please", "write to [EMAIL-2] please"},
		{"new email", "or x.y@test.org.uk", "or [EMAIL-3]"},
		{"phone", "call 07700 900123 or +44 7700 900123", "call [PHONE-2] or [PHONE-2]"},
		{"landline", "0113 496 0000", "[PHONE-1]"},
		{"phone with brackets", "(01943) 123456", "[PHONE-3]"},
		{"not a phone", "case 21 008 828 and 0.6%", "case 21 008 828 and 0.6%"},
		{"address and postcode", "14 Mill Lane, Otley LS21 1AB", "[ADDRESS-1]"},
		{"postcode alone", "near LS21 1AB", "near [POSTCODE-1]"},
		{"extra address", "Flat 2, 9 Wharf Road, Leeds LS1 4AP", "[ADDRESS-3]"},
		{"extra address street line", "at 9 Wharf Road today", "at [ADDRESS-2] today"},
		{"new street address", "moved to 221B Baker Street", "moved to [ADDRESS-4]"},
		{"citations untouched", "section 47 of the Children Act 1989", "section 47 of the Children Act 1989"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := m.Pseudonymise(tc.in); got != tc.want {
				t.Errorf("Pseudonymise(%q)\n got %q\nwant %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestPseudonymiseEverydayAndGenericNames(t *testing.T) {
	c := &casefile.Case{
		Children: []casefile.Child{{ID: "c1", Name: "Baby A"}, {ID: "c2", Name: "Grace Brown"}},
		People:   []casefile.Person{{ID: "p1", Name: "Ms Social Worker"}, {ID: "p2", Name: "Will Okoro"}},
	}
	m := NewMapping(c, nil, nil)
	for _, tc := range []struct{ name, in, want string }{
		{"generic name exact", "Baby A was seen", "[CHILD-1] was seen"},
		{"generic name other case", "the baby a social worker saw", "the baby a social worker saw"},
		{"generic parts alone", "the baby and the child", "the baby and the child"},
		{"generic person", "Ms Social Worker rang", "Ms [PERSON-1] rang"},
		{"generic person lower case", "a social worker rang", "a social worker rang"},
		{"everyday name lower case", "by the grace of brown bread", "by the grace of brown bread"},
		{"everyday name capitalised mid-sentence", "I saw Grace and Ms Brown", "I saw [CHILD-2] and Ms [CHILD-2]"},
		{"everyday name at sentence start", "Will you reply? Hope so.", "Will you reply? Hope so."},
		{"everyday full name any case", "WILL OKORO and will okoro", "[PERSON-2] and [PERSON-2]"},
		{"verb will", "the council will reply", "the council will reply"},
		{"not everyday part any case", "okoro said", "[PERSON-2] said"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := m.Pseudonymise(tc.in); got != tc.want {
				t.Errorf("Pseudonymise(%q)\n got %q\nwant %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestRestore(t *testing.T) {
	c := richCase(t)
	for _, tc := range []struct {
		name, sent, reply, want string
	}{
		{"single form comes back as written", "Priya rang.", "[PERSON-3] telephoned.", "Priya telephoned."},
		{"full name", "Priya Patel rang.", "[PERSON-3] rang.", "Priya Patel rang."},
		{"mixed forms: title gives surname", "Priya Patel rang. Priya said no.", "Ms [PERSON-3] rang.", "Ms Patel rang."},
		{"mixed forms: no title gives full name", "Priya Patel rang. Priya said no.", "[PERSON-3] said no.", "Priya Patel said no."},
		{"lower-case placeholder", "Noah", "[child-2] is well", "Noah is well"},
		{"underscore and space", "Noah and Lily", "[CHILD_2] and [CHILD 1]", "Noah and Lily"},
		{"bare placeholder", "Noah", "CHILD-2 is well", "Noah is well"},
		{"unknown placeholder kept", "Noah", "[PERSON-9] and [CHILD-2]", "[PERSON-9] and Noah"},
		{"email literal", "mail P.Patel@example-council.gov.uk", "mail [EMAIL-1]", "mail P.Patel@example-council.gov.uk"},
		{"dob restored as written", "born 03/04/2019", "born [DOB-1]", "born 03/04/2019"},
		{"dob in two forms restored as a date", "born 03/04/2019 (3/4/19)", "born [DOB-1]", "born 3 April 2019"},
		{"possessive", "Sarah Thompson's", "[PERSON-1]'s view", "Sarah Thompson's view"},
		{"shared surname", "Mr Okafor", "Mr [NAME-2]", "Mr Okafor"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := NewMapping(c, nil, nil)
			m.Pseudonymise(tc.sent)
			if got := m.Restore(tc.reply); got != tc.want {
				t.Errorf("Restore(%q) = %q, want %q", tc.reply, got, tc.want)
			}
		})
	}
}

func TestMappingIsStable(t *testing.T) {
	c := richCase(t)
	a := NewMapping(c, []string{"Jo Bloggs"}, nil)
	b := NewMapping(c, []string{"Jo Bloggs"}, nil)
	text := "Jo Bloggs, Priya Patel, a@b.com, 07700 900123, 3 April 2019, 14 Mill Lane"
	if x, y := a.Pseudonymise(text), b.Pseudonymise(text); x != y {
		t.Errorf("two mappings of one case differ:\n%s\n%s", x, y)
	}
	// Details in the case's own notes are numbered before the text, so the
	// text's order does not change them.
	c1 := NewMapping(c, nil, nil).Pseudonymise("daniel.okafor@example.com then p.patel@example-council.gov.uk")
	if c1 != "[EMAIL-2] then [EMAIL-1]" {
		t.Errorf("emails from the case's notes were not numbered first: %q", c1)
	}
}

func TestRoundTrip(t *testing.T) {
	c := richCase(t)
	text := "Lily and Noah. Sarah Thompson (sarah@example.com, 07700 900123) lives at 14 Mill Lane, Otley LS21 1AB. Dr Whitfield; Gareth Hughes."
	m := NewMapping(c, nil, nil)
	sent := m.Pseudonymise(text)
	for _, secret := range []string{"Lily", "Noah", "Sarah", "Thompson", "sarah@", "07700", "Mill Lane", "LS21", "Whitfield", "Gareth", "Hughes"} {
		if strings.Contains(sent, secret) {
			t.Errorf("sent text still contains %q: %s", secret, sent)
		}
	}
	if back := m.Restore(sent); back != text {
		t.Errorf("round trip changed the text:\n got %s\nwant %s", back, text)
	}
}

func TestRestoreStream(t *testing.T) {
	c := richCase(t)
	m := NewMapping(c, nil, nil)
	m.Pseudonymise("Noah and Priya")
	var got strings.Builder
	rs := &restoreStream{m: m, emit: func(s string) { got.WriteString(s) }}
	for _, piece := range []string{"[CHI", "LD-2] saw [", "PERSON-3", "]. [unclosed"} {
		rs.write(piece)
	}
	rs.flush()
	if want := "Noah saw Priya. [unclosed"; got.String() != want {
		t.Errorf("streamed restore = %q, want %q", got.String(), want)
	}
}

// fuzzSecrets are details of the rich case that must not survive as whole
// words (a figure string such as "107700 900123" is not a phone number).
var fuzzSecrets = []*regexp.Regexp{regexp.MustCompile(`\bPriya\s+Patel\b`), regexp.MustCompile(`\bSarah\s+Thompson\b`),
	regexp.MustCompile(`\bWhitfield\b`), regexp.MustCompile(`(?:^|[^0-9])07700 900123(?:$|[^0-9])`), regexp.MustCompile(`\bLS21 1AB\b`)}

func FuzzPseudonymise(f *testing.F) {
	for _, s := range []string{"Priya Patel's note on 3 April 2019", "SARAH THOMPSON, 07700 900123, a@b.co", "14 Mill Lane, Otley LS21 1AB",
		"born on 20 November", "Lily Thompson-Okafor", "O'Sullivan’s", "+44 (0)20 7946 0000", "Annual Ann", "[PERSON-1] PERSON-2"} {
		f.Add(s)
	}
	c, err := casefile.ReadFile("testdata/rich.case.json")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m := NewMapping(c, []string{"Jo Bloggs"}, []string{"9 Wharf Road, Leeds LS1 4AP"})
		once := m.Pseudonymise(s)
		if twice := m.Pseudonymise(once); twice != once {
			t.Fatalf("pseudonymising twice changed the text:\n%q\n%q\n%q", s, once, twice)
		}
		for _, secret := range fuzzSecrets {
			if secret.MatchString(s) && secret.MatchString(once) && !strings.Contains(s, "[") {
				t.Fatalf("%q survived in %q", secret, once)
			}
		}
		_ = m.Restore(once)
	})
}
