package letters

import (
	"regexp"
	"strings"
	"testing"

	"github.com/redress-app/redress/casefile"
)

// jrRequest is the golden letter before claim, dated d, with the findings
// given (grounds and jr-3m limits), its reply date 14 days after d.
func jrRequest(t *testing.T, d string, fs []casefile.Finding) Request {
	t.Helper()
	var req Request
	for _, nr := range goldenRequests(t) {
		if nr.name == "jr-lbc" {
			req = nr.req
		}
	}
	req.Date = casefile.MustDate(d)
	req.Deadline = ruleDeadline(t, "jr-response-14d", req.Date)
	req.Findings = fs
	return req
}

// jrLimit is a jr-3m finding for the event id of case c, due 3 months after it.
func jrLimit(t *testing.T, c *casefile.Case, id string) casefile.Finding {
	t.Helper()
	e, ok := c.EventByID(id)
	if !ok {
		t.Fatalf("no event %s", id)
	}
	return casefile.Finding{Rule: "jr-3m", Trigger: id, TriggerDate: e.Date, Due: e.Date.AddMonths(3), Status: casefile.StatusDue,
		Title: "Judicial review claim promptly and within 3 months",
		Citations: []casefile.Citation{{Source: "Civil Procedure Rules", Where: "rule 54.5(1)", LegalStatus: "rules-of-court", Verification: "verified-primary",
			URL: "https://www.gov.uk/guidance/pre-action-protocol-for-judicial-review"}}}
}

// TestJRLimitEarliest: the letter states the earliest time limit among all
// the acts it challenges, whatever order the findings come in and whichever
// jr-3m findings the checks give (today only the start of the enquiries;
// after issue 12 also the checks without consent), and each ground states its
// own date and limit.
func TestJRLimitEarliest(t *testing.T) {
	chk, chkF := loadFixture(t, "checks-before-enquiry")
	grounds := pick(t, chkF, "checks-before-s47:t1", "checks-before-s47:t2")
	sd1 := pick(t, chkF, "jr-3m:sd1")[0]
	// A decision a week before the checks, chosen as a time limit with no ground of its own.
	early := *chk
	early.Events = append(append([]casefile.Event(nil), chk.Events...), casefile.Event{ID: "d0", Kind: casefile.KindDecision, Date: casefile.MustDate("2026-01-27"),
		Attrs: casefile.Attrs{Description: "to record the family as a child protection case"}})
	d0 := jrLimit(t, &early, "d0")

	tests := []struct {
		name     string
		c        *casefile.Case
		findings []casefile.Finding
		limit    string
		ground   int
		counted  bool
		several  bool
	}{
		{"today's findings: grounds counted from their own dates, earlier than the strategy discussion's limit",
			chk, append(append([]casefile.Finding(nil), grounds...), sd1), "2026-05-03", 1, true, true},
		{"the limit given last is not the one stated",
			chk, []casefile.Finding{grounds[1], grounds[0], sd1}, "2026-05-03", 1, true, true},
		{"jr-3m findings for the checks themselves",
			chk, []casefile.Finding{grounds[0], grounds[1], sd1, jrLimit(t, chk, "t1"), jrLimit(t, chk, "t2")}, "2026-05-03", 1, false, true},
		{"an earlier act chosen only as a time limit",
			&early, []casefile.Finding{grounds[0], sd1, d0}, "2026-04-27", 0, false, true},
		{"one ground only",
			chk, []casefile.Finding{grounds[0]}, "2026-05-03", 1, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := jrRequest(t, "2026-03-24", tt.findings)
			req.Case = tt.c
			text, l := letterText(t, req)
			if l.JR == nil {
				t.Fatal("no time limit worked out")
			}
			if l.JR.Limit != casefile.MustDate(tt.limit) || l.JR.Ground != tt.ground || l.JR.Counted != tt.counted {
				t.Errorf("limit %s (ground %d, counted %v), want %s (ground %d, counted %v)", l.JR.Limit, l.JR.Ground, l.JR.Counted, tt.limit, tt.ground, tt.counted)
			}
			lim := casefile.MustDate(tt.limit).Long()
			want := "the 3-month period ends on " + lim
			if tt.several {
				want = "the earliest of the 3-month periods for the acts challenged ends on " + lim
			}
			if !strings.Contains(text, want) {
				t.Errorf("the letter does not say %q:\n%s", want, text)
			}
			if strings.Contains(text, "ends on 6 May 2026:") {
				t.Errorf("the letter states the strategy discussion's later limit as the time limit:\n%s", text)
			}
			// Each ground gives its own act's date and limit.
			for i, f := range l.Body {
				_ = i
				if f.Kind != Point {
					continue
				}
				found := false
				for _, in := range f.Body {
					if in.Label == "Date and time limit:" && strings.Contains(in.Text, "3 February 2026") && strings.Contains(in.Text, "ends on 3 May 2026") {
						found = true
					}
				}
				if !found {
					t.Errorf("ground %d does not give its own date and limit: %+v", f.Number, f.Body)
				}
			}
			if tt.counted && !hasWarning(l, "the checks give no judicial review time limit") {
				t.Errorf("a counted limit is not warned about: %q", l.Warnings)
			}
		})
	}
}

func hasWarning(l *Letter, s string) bool {
	for _, w := range l.Warnings {
		if strings.Contains(w, s) {
			return true
		}
	}
	return false
}

// TestJRShortReply: when the 14-day reply date falls less than 14 days before
// the earliest time limit that has not passed, the letter asks for a reply
// sooner (or as soon as possible) and the person drafting is warned; otherwise
// it asks for the usual 14 days.
func TestJRShortReply(t *testing.T) {
	_, chkF := loadFixture(t, "checks-before-enquiry")
	fs := pick(t, chkF, "checks-before-s47:t1", "checks-before-s47:t2", "jr-3m:sd1")
	tests := []struct {
		name    string
		date    string
		short   bool
		replyBy string // "" with short: as soon as possible
		says    string
		expired bool
	}{
		{"14 days leave time", "2026-03-24", false, "", "Please reply by 7 April 2026", false},
		{"exactly 14 days before the limit", "2026-04-05", false, "", "Please reply by 19 April 2026", false},
		{"a day too late", "2026-04-06", true, "2026-04-19", "The claimant therefore asks you to reply by 19 April 2026.", false},
		{"reply due after the limit", "2026-04-10", true, "2026-04-19", "A reply on 24 April 2026 would come less than 14 days before the time limit for a claim ends on 3 May 2026.", false},
		{"no room left", "2026-04-25", true, "", "The claimant therefore asks you to reply as soon as possible", false},
		{"earliest limit passed, the next one near", "2026-05-04", true, "", "ends on 6 May 2026", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text, l := letterText(t, jrRequest(t, tt.date, fs))
			if l.JR == nil {
				t.Fatal("no time limit worked out")
			}
			if l.JR.ShortReply != tt.short {
				t.Errorf("ShortReply = %v, want %v (reply %s, limit %s)", l.JR.ShortReply, tt.short, l.JR.Reply, l.JR.LiveLimit)
			}
			var want casefile.Date
			if tt.replyBy != "" {
				want = casefile.MustDate(tt.replyBy)
			}
			if l.JR.ReplyBy != want {
				t.Errorf("ReplyBy = %s, want %s", l.JR.ReplyBy, want)
			}
			if !strings.Contains(text, tt.says) {
				t.Errorf("the letter does not say %q:\n%s", tt.says, text)
			}
			if warned := hasWarning(l, "so the letter asks for a reply"); warned != tt.short {
				t.Errorf("warned = %v, want %v: %q", warned, tt.short, l.Warnings)
			}
			if l.JR.Expired != tt.expired || hasWarning(l, "passed on 3 May 2026") != tt.expired {
				t.Errorf("expired = %v, want %v: %q", l.JR.Expired, tt.expired, l.Warnings)
			}
			if tt.short && !strings.Contains(text, CheckLabel+" The reply period asked for is shorter") {
				t.Errorf("the shorter reply is not marked for the solicitor to check:\n%s", text)
			}
		})
	}
}

// annexA are the headings of Annex A of the Pre-Action Protocol for Judicial
// Review, in order, as the secondary sources give them (REFERENCE.md sections
// 12 and 13.5: webstersystems.co.uk/preaction.htm, LexisNexis).
var annexA = []string{
	"To",
	"The claimant",
	"The defendant’s reference details",
	"The details of the claimant’s legal advisers, if any",
	"The details of the matter being challenged",
	"The details of any interested parties",
	"The issue",
	"The details of the action that the defendant is expected to take",
	"ADR proposals",
	"The details of any information sought",
	"The details of any documents that are considered relevant and necessary",
	"The address for reply and service of court documents",
	"Proposed reply date",
}

func TestJRAnnexAHeadings(t *testing.T) {
	_, chkF := loadFixture(t, "checks-before-enquiry")
	l, err := Build(jrRequest(t, "2026-03-24", pick(t, chkF, "checks-before-s47:t1")))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, b := range l.Body {
		if b.Kind == Heading {
			got = append(got, b.Text)
		}
	}
	next := 0
	for _, h := range got {
		if next < len(annexA) && h == annexA[next] {
			next++
		}
	}
	if next != len(annexA) {
		t.Errorf("the headings %q lack Annex A's %q (in order)", got, annexA[next])
	}
}

// instrumentKey says which schedule entries are the same source at the same
// place, however the source is named: "UK GDPR", "UK GDPR, as amended" and
// "UK GDPR, with the ICO's guidance" are one instrument.
func instrumentKey(s Source) string {
	src := strings.ToLower(strings.TrimSpace(s.Source))
	if i := strings.IndexAny(src, ",("); i > 0 {
		src = strings.TrimSpace(src[:i])
	}
	src = strings.TrimPrefix(src, "the ")
	rest, _ := splitWhere(s.Where)
	where := strings.ToLower(strings.TrimSpace(parenthetical.ReplaceAllString(rest, "")))
	if m := provision.FindString(where); m != "" {
		where = m
	}
	return src + "\x00" + where
}

var searchLink = regexp.MustCompile(`cgi-bin|[?&]q(uery)?=`)

// TestScheduleOnce: no letter lists a source twice, nor a link to a search
// result instead of the document.
func TestScheduleOnce(t *testing.T) {
	for _, nr := range goldenRequests(t) {
		t.Run(nr.name, func(t *testing.T) {
			l := buildGolden(t, nr)
			seen := map[string]string{}
			for _, s := range l.Sources {
				k := instrumentKey(s)
				if prev, ok := seen[k]; ok {
					t.Errorf("listed twice: %q and %q", prev, s.Name())
				}
				seen[k] = s.Name()
				if searchLink.MatchString(s.URL) {
					t.Errorf("%s links to a search result: %s", s.Name(), s.URL)
				}
			}
		})
	}
}

func verifiedClass(v string, notInRef bool) string {
	switch normVerification(v) {
	case "verified-primary", "verified-secondary":
		return "verified"
	}
	return "unverified"
}

// TestBodyScheduleAgree: wherever the body of a letter cites a source, it
// gives the same verification as the schedule: never "unverified" beside a
// schedule entry that says it was checked, nor silence beside one that says
// it was not.
func TestBodyScheduleAgree(t *testing.T) {
	for _, nr := range goldenRequests(t) {
		t.Run(nr.name, func(t *testing.T) {
			l := buildGolden(t, nr)
			byKey := map[string]Source{}
			for _, s := range l.Sources {
				byKey[scheduleKey(s.Citation)] = s
			}
			if len(l.cites) == 0 {
				t.Fatal("the letter recorded no citations")
			}
			for _, u := range l.cites {
				c := u.Citation
				c.URL = cleanURL(c.URL)
				s, ok := byKey[scheduleKey(c)]
				if !ok {
					t.Errorf("%s %s is cited in the body but not in the schedule", c.Source, c.Where)
					continue
				}
				body := "verified"
				for _, f := range u.Flags {
					if strings.Contains(f, "unverified") {
						body = "unverified"
					}
				}
				if want := verifiedClass(s.Verification, s.NotInReference); body != want {
					t.Errorf("%s: the body says %s (%q), the schedule %s (%s)", s.Name(), body, u.Flags, want, s.Verification)
				}
			}
		})
	}
}

func TestCleanURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"http://www.bailii.org/cgi-bin/markup.cgi?doc=/ew/cases/EWHC/Admin/2013/416.html&query=%2522sylvia+and+chew%2522&method=boolean",
			"http://www.bailii.org/ew/cases/EWHC/Admin/2013/416.html"},
		{"https://www.bailii.org/cgi-bin/format.cgi?doc=/uk/cases/UKHL/2005/58.html&query=munjaz", "https://www.bailii.org/uk/cases/UKHL/2005/58.html"},
		{"http://www.bailii.org/ew/cases/EWHC/Admin/2013/416.html", "http://www.bailii.org/ew/cases/EWHC/Admin/2013/416.html"},
		{"http://www.bailii.org/cgi-bin/markup.cgi?doc=../../etc/passwd.html", "http://www.bailii.org/cgi-bin/markup.cgi?doc=../../etc/passwd.html"},
		{"https://standards.esd.org.uk/?uri=duty%2f3565", "https://standards.esd.org.uk/?uri=duty%2f3565"},
		{"https://ico.org.uk/for-organisations/uk-gdpr-guidance-and-resources/individual-rights/right-of-access/what-should-we-consider-when-responding-to-a-request/?q=documents",
			"https://ico.org.uk/for-organisations/uk-gdpr-guidance-and-resources/individual-rights/right-of-access/what-should-we-consider-when-responding-to-a-request/"},
		{"https://ico.org.uk/global/sar-checklist-for-smes/i-need-to-complete-a-sar", "https://ico.org.uk/global/sar-checklist-for-smes/i-need-to-complete-a-sar"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := cleanURL(tt.in); got != tt.want {
			t.Errorf("cleanURL(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestGroundTitle: a ground of a letter before claim is headed by what was
// wrong, never by the checks' own status labels.
func TestGroundTitle(t *testing.T) {
	for in, want := range map[string]string{
		"Concern: checks with other agencies before section 47 enquiries": "Checks with other agencies before section 47 enquiries",
		"Late: initial child protection conference":                       "Initial child protection conference: not done within the time set",
		"Missed: child seen during the enquiries":                         "Child seen during the enquiries: not done",
		"Out of order: strategy discussion before section 47 enquiries":   "Strategy discussion before section 47 enquiries: not done in the order required",
		"Not followed: the council's own procedure":                       "The council's own procedure: not followed",
		"Departure from statutory guidance (public-law ground)":           "Departure from statutory guidance (public-law ground)",
		"Note: something": "Note: something",
	} {
		if got := groundTitle(in); got != want {
			t.Errorf("groundTitle(%q) = %q, want %q", in, got, want)
		}
	}
}
