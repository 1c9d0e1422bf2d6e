package letters

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/redress-app/redress/casefile"
)

// baseRequest is a valid stage 1 request on the complaint example, for tests
// that change one thing.
func baseRequest(t *testing.T) Request {
	t.Helper()
	c, fs := loadFixture(t, "complaint")
	return Request{
		Case: c, Kind: Stage1,
		Findings: pick(t, fs, "complaint-stage1-10wd:k1"),
		From:     Party{Name: "Alex Example"},
		To:       Party{Name: "The Complaints Manager"},
		Date:     casefile.MustDate("2026-07-01"),
		Deadline: Deadline{Date: casefile.MustDate("2026-07-15"), Rule: "10 working days under regulation 14 of the 2006 Regulations",
			Citation: casefile.Citation{Source: "SI 2006/1738", Where: "regulation 14", LegalStatus: "regulation", Verification: "verified-secondary"}},
	}
}

func letterText(t *testing.T, req Request) (string, *Letter) {
	t.Helper()
	l, err := Build(req)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteText(&buf, l); err != nil {
		t.Fatal(err)
	}
	return normWS(buf.String()), l
}

// TestUnverifiedShownAsUnverified: a citation that is unverified, from the
// seed notes only, or whose paragraph number is not verified, never reads as
// certain, in the body or in the schedule, and the drafter is warned.
func TestUnverifiedShownAsUnverified(t *testing.T) {
	tests := []struct {
		name       string
		cite       casefile.Citation
		inline     string // what the point's Source line must say
		schedule   string // what the schedule must say
		warned     bool
		notCertain bool
	}{
		{"unverified",
			casefile.Citation{Source: "Children Act 1989 Representations Procedure (England) Regulations 2006 (SI 2006/1738)", Where: "regulation 9", LegalStatus: "regulation", Verification: "unverified"},
			"Children Act 1989 Representations Procedure (England) Regulations 2006 (SI 2006/1738), regulation 9 (regulation; unverified: check before relying on it)",
			"Verification: unverified: check before relying on it.", true, true},
		{"seed",
			casefile.Citation{Source: "Working Together to Safeguard Children 2013", Where: "chapter 1, paragraph 38", LegalStatus: "statutory-guidance", Verification: "seed"},
			"Working Together to Safeguard Children 2013, chapter 1, paragraph 38 (statutory guidance; from seed notes only, unverified: check before relying on it)",
			"Verification: from seed notes only: unverified, check before relying on it.", true, true},
		{"paragraph number not verified",
			casefile.Citation{Source: "Working Together to Safeguard Children 2023", Where: "chapter 3, \"Initial child protection conferences\" (paragraph number not verified)", LegalStatus: "statutory-guidance", Verification: "verified-secondary"},
			"Working Together to Safeguard Children 2023, chapter 3, \"Initial child protection conferences\" (statutory guidance; paragraph number not verified)",
			"Working Together to Safeguard Children 2023, chapter 3, \"Initial child protection conferences\" (paragraph number not verified)", true, true},
		{"paragraph UNVERIFIED in capitals",
			casefile.Citation{Source: "Working Together to Safeguard Children 2018", Where: "chapter 1 (para UNVERIFIED)", LegalStatus: "statutory-guidance", Verification: "verified-secondary"},
			"Working Together to Safeguard Children 2018, chapter 1 (statutory guidance; para UNVERIFIED)",
			"chapter 1 (para UNVERIFIED)", true, true},
		{"unknown verification is unverified",
			casefile.Citation{Source: "Some guidance", Where: "section 2", LegalStatus: "statutory-guidance", Verification: "checked"},
			"Some guidance, section 2 (statutory guidance; unverified: check before relying on it)",
			"Verification: unverified: check before relying on it.", true, true},
		{"verified primary",
			casefile.Citation{Source: "Children Act 1989", Where: "section 47(1)", LegalStatus: "statute", Verification: "verified-primary"},
			"Children Act 1989, section 47(1) (statute)",
			"Verification: checked against the primary source.", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := baseRequest(t)
			req.Findings[0].Citations = []casefile.Citation{tt.cite}
			text, l := letterText(t, req)
			if !strings.Contains(text, "Source: "+tt.inline+".") {
				t.Errorf("the letter does not cite it as %q:\n%s", tt.inline, text)
			}
			if !strings.Contains(text, tt.schedule) {
				t.Errorf("the schedule does not say %q:\n%s", tt.schedule, text)
			}
			warned := false
			for _, w := range l.Warnings {
				if strings.Contains(w, tt.cite.Source) && strings.Contains(w, "not fully verified") {
					warned = true
				}
			}
			if warned != tt.warned {
				t.Errorf("warned = %v, want %v (warnings %q)", warned, tt.warned, l.Warnings)
			}
			if got := uncertain(tt.cite, false); got != tt.notCertain {
				t.Errorf("uncertain = %v, want %v", got, tt.notCertain)
			}
		})
	}
}

// TestDeadlineCitationUnverified: an unverified deadline rule is shown as such
// next to the deadline.
func TestDeadlineCitationUnverified(t *testing.T) {
	req := baseRequest(t)
	req.Deadline.Citation.Verification = "unverified"
	text, _ := letterText(t, req)
	want := "I expect your response by 15 July 2026 (10 working days under regulation 14 of the 2006 Regulations). Source: SI 2006/1738, regulation 14 (regulation; unverified: check before relying on it)."
	if !strings.Contains(text, want) {
		t.Errorf("want %q in:\n%s", want, text)
	}
}

func TestBuildErrors(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Request)
		is     error
		msg    string
	}{
		{"no case", func(r *Request) { r.Case = nil }, ErrRequest, "no case"},
		{"unknown kind", func(r *Request) { r.Kind = "stage4" }, ErrRequest, "unknown letter kind"},
		{"unknown procedure", func(r *Request) { r.Procedure = "informal" }, ErrRequest, "unknown complaints procedure"},
		{"procedure on a SAR", func(r *Request) { r.Kind, r.Procedure = SAR, Corporate }, ErrRequest, "takes no complaints procedure"},
		{"no date", func(r *Request) { r.Date = casefile.Date{} }, ErrRequest, "no date"},
		{"no sender", func(r *Request) { r.From.Name = "  " }, ErrRequest, "no sender"},
		{"no recipient", func(r *Request) { r.To.Name = "" }, ErrRequest, "no recipient"},
		{"no findings", func(r *Request) { r.Findings = nil }, ErrRequest, "needs at least one finding"},
		{"only a time limit", func(r *Request) {
			r.Kind = JRLetter
			r.Findings = []casefile.Finding{{Rule: "jr-3m", Status: casefile.StatusDue, Trigger: "k1"}}
		}, ErrRequest, "needs at least one finding"},
		{"finding twice", func(r *Request) { r.Findings = append(r.Findings, r.Findings[0]) }, ErrRequest, "chosen twice"},
		{"finding about a missing event", func(r *Request) { r.Findings[0].Trigger = "nope" }, casefile.ErrNotFound, "trigger event \"nope\""},
		{"finding done by a missing event", func(r *Request) { r.Findings[0].Done = "nope" }, casefile.ErrNotFound, "event \"nope\""},
		{"missing chronology entry", func(r *Request) { r.Events = []string{"k1", "zz"} }, casefile.ErrNotFound, "chronology entry \"zz\""},
		{"deadline without a rule", func(r *Request) { r.Deadline.Rule = "" }, ErrRequest, "does not say what rule"},
		{"rectification with nothing to correct", func(r *Request) { r.Kind, r.Findings = Rectification, nil }, ErrRequest, "needs at least one correction"},
		{"correction without a record", func(r *Request) {
			r.Kind, r.Findings = Rectification, nil
			r.Corrections = []Correction{{Says: "x"}}
		}, ErrRequest, "must name the record"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := baseRequest(t)
			tt.change(&req)
			l, err := Build(req)
			if err == nil {
				t.Fatalf("no error; letter %q", l.Title)
			}
			if !errors.Is(err, tt.is) {
				t.Errorf("error %q is not %v", err, tt.is)
			}
			if !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("error %q does not say %q", err, tt.msg)
			}
			if err.Error() != strings.ToLower(err.Error()[:1])+err.Error()[1:] {
				t.Errorf("error %q starts with a capital", err)
			}
		})
	}
}

func TestWarnings(t *testing.T) {
	cmp, cmpF := loadFixture(t, "complaint")
	baby, babyF := loadFixture(t, "bruised-baby")
	tests := []struct {
		name   string
		change func(*Request)
		want   string
	}{
		{"stage 3 with no stage 2 response", func(r *Request) { r.Kind = Stage3 }, "no stage 2 response in the record"},
		{"ombudsman before the procedure ends", func(r *Request) { r.Kind, r.Deadline = LGSCO, Deadline{} }, "not complete in the record"},
		{"a finding that is only due", func(r *Request) { r.Findings = pick(t, cmpF, "complaint-stage2-25wd:k2") }, "is not late yet"},
		{"a met finding", func(r *Request) {
			r.Case, r.Findings = baby, pick(t, babyF, "assessment-45wd:r1")
		}, "status \"met\""},
		{"a time limit in a complaint", func(r *Request) {
			r.Case, r.Findings = baby, pick(t, babyF, "icpc-15wd:s1", "jr-3m:s1")
		}, "your own time limit"},
		{"an expired judicial review time limit", func(r *Request) {
			r.Case, r.Kind, r.Findings = baby, JRLetter, pick(t, babyF, "strategy-before-s47:s1", "jr-3m:s1")
		}, "passed on 13 January 2026"},
		{"no deadline", func(r *Request) { r.Deadline = Deadline{} }, "no response deadline"},
		{"findings in a SAR", func(r *Request) { r.Kind = SAR }, "does not list findings"},
		{"a third corporate stage", func(r *Request) { r.Kind, r.Procedure = Stage3, Corporate }, "usually has two stages"},
		{"a complaint more than a year late", func(r *Request) {
			r.Case, r.Findings = baby, pick(t, babyF, "icpc-15wd:s1")
			r.Date = casefile.MustDate("2026-11-20")
		}, "more than a year ago"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := baseRequest(t)
			req.Case = cmp
			tt.change(&req)
			l, err := Build(req)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range l.Warnings {
				if strings.Contains(w, tt.want) {
					return
				}
			}
			t.Errorf("no warning saying %q in %q", tt.want, l.Warnings)
		})
	}
	// A clean request warns about nothing.
	req := baseRequest(t)
	req.Findings[0].Citations[0].Verification = "verified-primary"
	req.Findings[0].Citations[0].Where = "regulation 14"
	req.Deadline.Citation.Verification = "verified-primary"
	req.Deadline.Citation.Where = "regulation 14"
	l, err := Build(req)
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Warnings) != 0 {
		t.Errorf("unexpected warnings %q", l.Warnings)
	}
}

// TestOverAYear: a statutory complaint about matters more than a year old
// cites the presumption in favour of accepting it.
func TestOverAYear(t *testing.T) {
	baby, babyF := loadFixture(t, "bruised-baby")
	req := baseRequest(t)
	req.Case, req.Findings, req.Date = baby, pick(t, babyF, "icpc-15wd:s1"), casefile.MustDate("2026-11-20")
	text, _ := letterText(t, req)
	for _, want := range []string{"Some of these matters began on 13 October 2025, more than a year before this letter.",
		"presumption in favour of accepting a complaint", "paragraph 3.3.1 of Getting the Best from Complaints"} {
		if !strings.Contains(text, want) {
			t.Errorf("want %q in:\n%s", want, text)
		}
	}
	req.Date = casefile.MustDate("2026-10-13")
	if text, _ := letterText(t, req); strings.Contains(text, "more than a year") {
		t.Error("a complaint exactly a year on says it is more than a year late")
	}
}

// TestProcedures: each stage and procedure opens with its own words and cites its own sources.
func TestProcedures(t *testing.T) {
	tests := []struct {
		kind Kind
		proc Procedure
		want []string
		not  []string
	}{
		{Stage1, Statutory, []string{"stage 1 (local resolution)", "the Children Act 1989 Representations Procedure (England) Regulations 2006 (SI 2006/1738)", "within up to 20 working days", "complaints manager"}, []string{"corporate"}},
		{Stage1, Corporate, []string{"corporate complaints procedure", "section 47 is not listed"}, []string{"At stage 1 the council should respond", "Working days are counted"}},
		{Stage1, Conference, []string{"conference’s decision stands", "Safeguarding partnerships’ procedures"}, []string{"At stage 1 the council should respond", "Working days are counted"}},
		{Stage2, Statutory, []string{"Investigating Officer and an Independent Person", "no more than 65 working days", "Why stage 1 did not resolve this:"}, nil},
		{Stage2, Corporate, []string{"next stage of your corporate complaints procedure"}, []string{"Investigating Officer"}},
		{Stage3, Statutory, []string{"convene a review panel", "regulation 19(4) of the 2006 Regulations", "bring an advocate", "Why stage 2 did not resolve this:"}, nil},
		{Stage3, Conference, []string{"final stage of your procedure"}, []string{"review panel"}},
	}
	for _, tt := range tests {
		t.Run(string(tt.kind)+"/"+string(tt.proc), func(t *testing.T) {
			req := baseRequest(t)
			req.Kind, req.Procedure = tt.kind, tt.proc
			text, l := letterText(t, req)
			if l.Procedure != tt.proc {
				t.Errorf("procedure %q, want %q", l.Procedure, tt.proc)
			}
			for _, w := range tt.want {
				if !strings.Contains(text, w) {
					t.Errorf("want %q in:\n%s", w, text)
				}
			}
			for _, w := range tt.not {
				if strings.Contains(text, w) {
					t.Errorf("did not want %q in:\n%s", w, text)
				}
			}
		})
	}
}

// TestUnresolvedDefaults: a stage 2 point with no reason given says, from the
// record, that the stage 1 response did not put it right, or that there is none.
func TestUnresolvedDefaults(t *testing.T) {
	req := baseRequest(t)
	req.Kind = Stage2
	text, _ := letterText(t, req)
	if !strings.Contains(text, "Why stage 1 did not resolve this: The stage 1 response of 24 April 2026 did not put this right.") {
		t.Errorf("no default reason from the record:\n%s", text)
	}
	req.Date = casefile.MustDate("2026-04-20") // before the response
	text, _ = letterText(t, req)
	for _, want := range []string{"I have not received a response to my stage 1 complaint.", "There is no record of a stage 1 response on this point."} {
		if !strings.Contains(text, want) {
			t.Errorf("want %q in:\n%s", want, text)
		}
	}
}

// TestEscaping: text from the case or the person drafting is printed as
// written, and can never add headings, points or checks to a letter.
func TestEscaping(t *testing.T) {
	req := baseRequest(t)
	req.Outcomes = []string{"@h Injected heading", "line one\n\n@point Injected point\n@end"}
	req.From.Name = "@sign Mallory"
	req.Unresolved = map[string]string{"complaint-stage1-10wd:k1": "\\@check not a check"}
	req.Kind = Stage2
	c := *req.Case
	c.Events = append([]casefile.Event(nil), c.Events...)
	for i := range c.Events {
		if c.Events[i].ID == "k1r" {
			c.Events[i].Detail = "@title Not a title\n@li not an item\x00\x1b[31m"
		}
	}
	req.Case = &c
	req.Events = []string{"k1r"}
	text, l := letterText(t, req)
	for _, b := range l.Body {
		for _, s := range append([]string{b.Text, b.Title}, b.Items...) {
			if strings.Contains(s, "\x00") || strings.Contains(s, "\x1b") {
				t.Errorf("a control character reached the letter: %q", s)
			}
		}
		if b.Kind == Heading && strings.Contains(b.Text, "Injected") {
			t.Errorf("outcome text became a heading: %q", b.Text)
		}
	}
	if l.Points() != 1 {
		t.Errorf("%d points, want 1", l.Points())
	}
	for _, want := range []string{"- @h Injected heading", "- line one @point Injected point @end", "@sign Mallory",
		"Why stage 1 did not resolve this: \\@check not a check", "@title Not a title @li not an item"} {
		if !strings.Contains(text, want) {
			t.Errorf("want %q, as written, in:\n%s", want, text)
		}
	}
}

// TestChronologyOrder: chronology entries print in date order whatever order
// they are chosen in, each once, with their attributes in words.
func TestChronologyOrder(t *testing.T) {
	baby, babyF := loadFixture(t, "bruised-baby")
	req := baseRequest(t)
	req.Case, req.Findings = baby, pick(t, babyF, "icpc-15wd:s1")
	req.Events = []string{"ic1", "sd1", "t1", "r1", "ic1"}
	_, l := letterText(t, req)
	var items []string
	for _, b := range l.Body {
		if b.Kind == Bullets && len(b.Items) > 0 && strings.Contains(b.Items[0], "—") {
			items = b.Items
			break
		}
	}
	want := []string{
		"13 October 2025 — Referral received: Health visitor saw two 2cm bruises on the forearm; parents could not explain them (as the council’s records say)",
		"13 October 2025 — Checks with other agencies (GP; without the parents’ consent)",
		"15 October 2025 — Strategy discussion (section 47 enquiries not started at it)",
		"6 November 2025 — Initial child protection conference (no plan made): No plan; social worker later saw the baby suck his arm hard enough to mark it",
	}
	if strings.Join(items, "\n") != strings.Join(want, "\n") {
		t.Errorf("chronology:\n%s\nwant:\n%s", strings.Join(items, "\n"), strings.Join(want, "\n"))
	}
}

func TestLGSCOEnclosesResponses(t *testing.T) {
	// The council's responses are enclosed only when they are in the record
	// as documents: here none is, so only the family's own enclosures are
	// listed and the letter does not say the responses are enclosed.
	req := baseRequest(t)
	req.Kind, req.Deadline = LGSCO, Deadline{}
	req.Enclosures = []string{"My chronology", "The council’s stage 1 response of 24 April 2026"}
	text, l := letterText(t, req)
	want := []string{"My chronology", "The council’s stage 1 response of 24 April 2026"}
	if strings.Join(l.Enclosures, "|") != strings.Join(want, "|") {
		t.Errorf("enclosures %q, want %q", l.Enclosures, want)
	}
	if strings.Contains(text, "responses are enclosed") {
		t.Error("the letter says the responses are enclosed, but none is in the record as a document")
	}

	// With the stage 1 response in the record as a document, it is enclosed.
	c := *req.Case
	c.Documents = append(append([]casefile.Document(nil), c.Documents...), casefile.Document{ID: "doc-k1r", Name: "Stage 1 response.pdf"})
	c.Events = append([]casefile.Event(nil), c.Events...)
	for i := range c.Events {
		if c.Events[i].ID == "k1r" {
			c.Events[i].Evidence = []string{"doc-k1r#p1"}
		}
	}
	req.Case = &c
	text, l = letterText(t, req)
	want = []string{"The council’s stage 1 response of 24 April 2026 (Stage 1 response.pdf, page 1)", "My chronology", "The council’s stage 1 response of 24 April 2026"}
	if strings.Join(l.Enclosures, "|") != strings.Join(want, "|") {
		t.Errorf("enclosures %q, want %q", l.Enclosures, want)
	}
	if !strings.Contains(text, "The council’s responses are enclosed.") {
		t.Error("the letter does not say the response in the record is enclosed")
	}
}

func TestKinds(t *testing.T) {
	for _, k := range Kinds() {
		if got, err := ParseKind(string(k)); err != nil || got != k {
			t.Errorf("ParseKind(%q) = %q, %v", k, got, err)
		}
		if templates.Lookup(string(k)) == nil {
			t.Errorf("no template for %s", k)
		}
		if k.Label() == string(k) {
			t.Errorf("%s has no label", k)
		}
	}
	if _, err := ParseKind("stage4"); err == nil {
		t.Error("ParseKind accepted stage4")
	}
	sent := []struct {
		kind  Kind
		proc  Procedure
		event casefile.Kind
		attrs casefile.Attrs
		ok    bool
	}{
		{Stage1, "", casefile.KindComplaintMade, casefile.Attrs{Stage: 1}, true},
		{Stage2, Corporate, casefile.KindComplaintMade, casefile.Attrs{Stage: 2, Procedure: "corporate"}, true},
		{Stage3, Statutory, casefile.KindComplaintMade, casefile.Attrs{Stage: 3}, true},
		{LGSCO, "", casefile.KindLGSCOComplaint, casefile.Attrs{}, true},
		{SAR, "", casefile.KindSARMade, casefile.Attrs{}, true},
		{JRLetter, "", casefile.KindJRLetterBeforeClaim, casefile.Attrs{}, true},
		{Rectification, "", "", casefile.Attrs{}, false},
	}
	for _, s := range sent {
		ev, attrs, ok := s.kind.SentEvent(s.proc)
		if ev != s.event || attrs != s.attrs || ok != s.ok {
			t.Errorf("%s.SentEvent(%q) = %q, %+v, %v", s.kind, s.proc, ev, attrs, ok)
		}
		if ok && !ev.Valid() {
			t.Errorf("%s.SentEvent gives an unknown event kind %q", s.kind, ev)
		}
	}
	next := []struct {
		kind Kind
		proc Procedure
		want Kind
		ok   bool
	}{
		{Stage1, Statutory, Stage2, true}, {Stage2, Statutory, Stage3, true}, {Stage2, Corporate, LGSCO, true},
		{Stage3, Statutory, LGSCO, true}, {SAR, "", "", false}, {JRLetter, "", "", false},
	}
	for _, n := range next {
		if got, ok := n.kind.Next(n.proc); got != n.want || ok != n.ok {
			t.Errorf("%s.Next(%q) = %q, %v; want %q, %v", n.kind, n.proc, got, ok, n.want, n.ok)
		}
	}
}

func TestSuggestOutcomes(t *testing.T) {
	fs := []casefile.Finding{{Rule: "icpc-15wd"}, {Rule: "strategy-before-s47"}, {Rule: "icpc-15wd", Trigger: "x"}, {Rule: "none"}}
	remedies := map[string][]string{
		"icpc-15wd":           {"An apology for the delay.", "An explanation of the delay."},
		"strategy-before-s47": {"An apology for the delay.", " A review of the decision to start section 47 enquiries. "},
	}
	got := SuggestOutcomes(fs, remedies)
	want := []string{"An apology for the delay.", "An explanation of the delay.", "A review of the decision to start section 47 enquiries."}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("SuggestOutcomes = %q, want %q", got, want)
	}
}

// referencePath finds REFERENCE.md: the repository's copy in docs/, or the
// shared folder beside the repository.
func referencePath() string {
	for _, p := range []string{
		filepath.Join("..", "docs", "REFERENCE.md"),
		filepath.Join("..", "..", "shared", "domain", "REFERENCE.md"),
		filepath.Join("..", "..", "..", "shared", "domain", "REFERENCE.md"),
		"/work/shared/domain/REFERENCE.md",
	} {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	return ""
}

// TestSourcesFromReference: every source a template cites comes from the
// legal reference (its item id and its URL appear there), except those marked
// as not in it, which must be unverified.
func TestSourcesFromReference(t *testing.T) {
	if _, err := loadSources(sourcesJSON); err != nil {
		t.Fatal(err)
	}
	path := referencePath()
	if path == "" {
		t.Skip("REFERENCE.md not found beside the repository")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	ref := string(data)
	// Sources verified after the reference was compiled are listed, with
	// what was read and when, in docs/VERIFIED.md.
	since, err := os.ReadFile(filepath.Join("..", "docs", "VERIFIED.md"))
	if err != nil {
		t.Fatal(err)
	}
	scheme := regexp.MustCompile(`^https?://`)
	known := func(url string) bool {
		u := scheme.ReplaceAllString(url, "")
		return strings.Contains(ref, u) || strings.Contains(string(since), u)
	}
	check := func(what, url string) {
		if url != "" && !known(url) {
			t.Errorf("%s: URL %s is in neither REFERENCE.md nor docs/VERIFIED.md", what, url)
		}
	}
	for id, s := range fixedSources {
		if s.NotInReference {
			if s.Verification != "unverified" && (s.URL == "" || !strings.Contains(string(since), scheme.ReplaceAllString(s.URL, ""))) {
				t.Errorf("%s is not in the reference but is %s without an entry in docs/VERIFIED.md", id, s.Verification)
			}
			continue
		}
		if !strings.Contains(ref, "`"+s.Reference+"`") {
			t.Errorf("%s: reference item %q is not in REFERENCE.md", id, s.Reference)
		}
		check(id, s.URL)
	}
	for _, name := range []string{"bruised-baby", "checks-before-enquiry", "complaint"} {
		_, fs := loadFixture(t, name)
		for _, f := range fs {
			for _, c := range f.Citations {
				check(name+" "+FindingKey(f), c.URL)
			}
		}
	}
}

func TestSourcesJSONStrict(t *testing.T) {
	bad := []struct{ name, json, msg string }{
		{"unknown field", `[{"id":"a","short":"a","source":"a","legal_status":"statute","verification":"verified-primary","reference":"x","extra":1}]`, "unknown field"},
		{"bad status", `[{"id":"a","short":"a","source":"a","legal_status":"law","verification":"verified-primary","reference":"x"}]`, "legal_status"},
		{"bad verification", `[{"id":"a","short":"a","source":"a","legal_status":"statute","verification":"sure","reference":"x"}]`, "verification"},
		{"duplicate", `[{"id":"a","short":"a","source":"a","legal_status":"statute","verification":"seed","reference":"x"},{"id":"a","short":"a","source":"a","legal_status":"statute","verification":"seed","reference":"x"}]`, "duplicate"},
		{"not in reference but verified", `[{"id":"a","short":"a","source":"a","legal_status":"statute","verification":"seed","not_in_reference":true}]`, "must be unverified"},
		{"not in reference, verified with a URL", `[{"id":"a","short":"a","source":"a","legal_status":"statute","verification":"verified-primary","not_in_reference":true,"url":"https://x"}]`, ""},
		{"no reference", `[{"id":"a","short":"a","source":"a","legal_status":"statute","verification":"seed"}]`, "names no reference"},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			_, err := loadSources([]byte(tt.json))
			if tt.msg == "" {
				if err != nil {
					t.Errorf("refused: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("error %v, want one saying %q", err, tt.msg)
			}
		})
	}
}

func TestWrap(t *testing.T) {
	tests := []struct {
		name, text  string
		width       int
		first, rest string
		want        []string
	}{
		{"short", "a b c", 72, "", "", []string{"a b c"}},
		{"exact", "aaaa bbbb", 9, "", "", []string{"aaaa bbbb"}},
		{"break", "aaaa bbbb cc", 9, "", "", []string{"aaaa bbbb", "cc"}},
		{"hanging", "aaaa bbbb cc dd", 10, "1. ", "   ", []string{"1. aaaa", "   bbbb cc", "   dd"}},
		{"long word stays whole", "see https://example.org/a/very/long/path ok", 10, "", "", []string{"see", "https://example.org/a/very/long/path", "ok"}},
		{"runes, not bytes", "£££ ééé", 7, "", "", []string{"£££ ééé"}},
		{"empty", "", 10, "- ", "", []string{"- "}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := wrap(tt.text, tt.width, tt.first, tt.rest); strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("wrap = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestSplitByRoute(t *testing.T) {
	routes := map[string][]string{"a": {"statutory"}, "b": {"corporate", "lgsco"}, "c": {"statutory"}, "d": {"ico"}}
	fs := []casefile.Finding{{Rule: "a"}, {Rule: "b"}, {Rule: "c"}, {Rule: "d"}, {Rule: "a", Trigger: "2"}}
	for i := range fs {
		fs[i].Routes = routes[fs[i].Rule]
	}
	for _, tc := range []struct{ route, want string }{
		{"", "statutory=a:,c:,a:2|corporate=b:|ico=d:"},
		{"statutory", "statutory=a:,c:,a:2|corporate=b:|ico=d:"},
		{"lgsco", "statutory=a:,c:,a:2|lgsco=b:|ico=d:"},
	} {
		var s []string
		for _, g := range SplitByRoute(fs, tc.route) {
			var keys []string
			for _, f := range g.Findings {
				keys = append(keys, FindingKey(f))
			}
			s = append(s, g.Route+"="+strings.Join(keys, ","))
		}
		if got := strings.Join(s, "|"); got != tc.want {
			t.Errorf("SplitByRoute(%q) = %s, want %s", tc.route, got, tc.want)
		}
	}
	if g := SplitByRoute(nil, ""); len(g) != 0 {
		t.Errorf("no findings gave %d groups", len(g))
	}
}

// TestQuotedEvidence: a passage an event cites with its words is said in the
// letter with its document and page; a reference without words, or to a
// document not in the case, adds nothing.
func TestQuotedEvidence(t *testing.T) {
	req := baseRequest(t)
	c := *req.Case
	c.Documents = append(append([]casefile.Document(nil), c.Documents...),
		casefile.Document{ID: "doc-k1", Name: "Our complaint letter.pdf"}, casefile.Document{ID: "doc-x", Name: "Photo.jpg"})
	c.Events = append([]casefile.Event(nil), c.Events...)
	for i := range c.Events {
		if c.Events[i].ID == "k1" {
			e := &c.Events[i]
			e.Evidence, e.Quotes = nil, nil
			e.AddEvidence("doc-x", "")
			e.AddEvidence("doc-k1#p4", "I ask for a full  reply to\neach point")
			e.AddEvidence("doc-gone#p2", "words from a document not in the case")
		}
	}
	req.Case = &c
	text, _ := letterText(t, req)
	if !strings.Contains(text, "(Our complaint letter says, at page 4: “I ask for a full reply to each point”); 24 April 2026") {
		t.Errorf("the letter does not quote the passage with its page:\n%s", text)
	}
	if strings.Contains(text, "Photo") || strings.Contains(text, "not in the case") {
		t.Error("the letter quotes a reference without words, or a document not in the case")
	}
}
