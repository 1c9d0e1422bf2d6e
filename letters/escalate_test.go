package letters

import (
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/redress-app/redress/casefile"
)

func golden(t *testing.T, name string) Request {
	t.Helper()
	for _, nr := range goldenRequests(t) {
		if nr.name == name {
			return nr.req
		}
	}
	t.Fatalf("no golden request %s", name)
	return Request{}
}

// TestSARChase: the chaser cites the original request's date and how overdue
// the reply is, says it is not a new request, and records no second request.
func TestSARChase(t *testing.T) {
	text, l := letterText(t, golden(t, "sar-chase"))
	for _, want := range []string{"On 10 April 2026 you received my subject access request", "This is not a new request",
		"your response was due by 11 May 2026", "On 20 May 2026, 9 days after that date, I have had no response.",
		"This letter is that follow-up."} {
		if !strings.Contains(text, want) {
			t.Errorf("the chaser lacks %q", want)
		}
	}
	if _, _, ok := SARChase.SentEvent(""); ok {
		t.Error("sending a chaser would record an event: it must not record a second sar-made")
	}
	if l.Kind != SARChase || len(l.Sources) == 0 {
		t.Errorf("kind %s, %d sources", l.Kind, len(l.Sources))
	}

	// Without a request in the record there is nothing to chase.
	req := golden(t, "sar-chase")
	c := *req.Case
	c.Events = nil
	req.Case = &c
	if _, err := Build(req); !errors.Is(err, ErrRequest) {
		t.Errorf("chaser with no sar-made: %v, want ErrRequest", err)
	}
	// Without the date the response was due, it cannot say how late it is.
	req = golden(t, "sar-chase")
	req.Due = Deadline{}
	if _, err := Build(req); !errors.Is(err, ErrRequest) {
		t.Errorf("chaser with no due date: %v, want ErrRequest", err)
	}
}

// TestICO: the complaint to the Information Commissioner gives the request,
// the due date and the follow-up, and the drafter is told the three-month
// limit and, without a follow-up, to send the chaser first.
func TestICO(t *testing.T) {
	text, l := letterText(t, golden(t, "ico"))
	for _, want := range []string{"on 10 April 2026", "was due by 11 May 2026", "35 days after that date",
		"I followed my request up with the council in writing on 20 May 2026"} {
		if !strings.Contains(text, want) {
			t.Errorf("the complaint lacks %q", want)
		}
	}
	if !hasWarning(l, "by 20 August 2026") {
		t.Errorf("no warning of the three-month limit from the chaser: %q", l.Warnings)
	}
	if hasWarning(l, "send the chaser") {
		t.Error("told to send a chaser that was sent")
	}
	req := golden(t, "ico")
	req.Chased = casefile.Date{}
	text, l = letterText(t, req)
	if !hasWarning(l, "send the chaser") {
		t.Errorf("no warning to send the chaser first: %q", l.Warnings)
	}
	if strings.Contains(text, "followed my request up") {
		t.Error("the complaint claims a follow-up that was not made")
	}
	if _, _, ok := ICO.SentEvent(""); ok {
		t.Error("a complaint to the Commissioner has no event kind")
	}
}

// TestSARForChild: a request on the child's behalf rests on parental
// responsibility and the child's understanding, never on an age of 12.
func TestSARForChild(t *testing.T) {
	text, _ := letterText(t, golden(t, "sar-child"))
	if !strings.Contains(text, "as a person with parental responsibility") || !strings.Contains(text, "level of understanding") {
		t.Error("the request on the child's behalf lacks parental responsibility or the child's understanding")
	}
	// The schedule of sources may describe the Scottish presumption; the
	// letter itself never relies on an age of 12.
	body, _, _ := strings.Cut(text, "Schedule of sources")
	if regexp.MustCompile(`\b(aged|age of|age) 12\b|\b12 or over\b|\b12 years\b`).MatchString(body) {
		t.Error("the request mentions an age of 12, a Scottish presumption")
	}
	req := golden(t, "sar-child")
	req.Kind = Rectification
	if _, err := Build(req); !errors.Is(err, ErrRequest) {
		t.Errorf("ForChild on a rectification request: %v, want ErrRequest", err)
	}
}

// TestJRChallenge: a letter before claim against acts the family names, with
// no finding routed to judicial review, frames public-law grounds, each
// authority with its verification and each ground for a solicitor to check,
// never the app's own labels.
func TestJRChallenge(t *testing.T) {
	text, l := letterText(t, golden(t, "jr-lbc-challenge"))
	for _, bad := range []string{"Concern:", "Out of order:", "Breach:"} {
		if strings.Contains(text, bad) {
			t.Errorf("the letter uses the app's label %q", bad)
		}
	}
	for _, want := range []string{
		"1. Checks with other agencies on 3 February 2026", "2. Strategy discussion on 6 February 2026",
		"Munjaz v Ashworth Hospital Authority [2005] UKHL 58, paragraph 21 (Lord Bingham) (case law; checked against a reliable secondary source, not the primary text)",
		"“from which it should depart only if it has cogent reasons for doing so”",
		"British Oxygen Co Ltd v Minister of Technology [1971] AC 610 (Lord Reid) (case law; checked against a reliable secondary source",
		"No reasonable basis for section 47 enquiries (public-law ground):",
		"Information sought from other agencies without consent or a lawful basis (public-law ground):",
		"ends on 3 May 2026",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the letter lacks %q", want)
		}
	}
	if n := strings.Count(text, "(public-law ground):"); strings.Count(text, CheckLabel) < n {
		t.Errorf("%d grounds but only %d parts to check", n, strings.Count(text, CheckLabel))
	}
	if l.Points() != 2 {
		t.Errorf("%d points, want one per act challenged", l.Points())
	}

	// No finding at all: the acts alone are enough.
	req := golden(t, "jr-lbc-challenge")
	req.Findings = nil
	if _, err := Build(req); err != nil {
		t.Errorf("challenge with no findings: %v", err)
	}
	req.Challenge = []string{"nope"}
	if _, err := Build(req); !errors.Is(err, casefile.ErrNotFound) {
		t.Errorf("challenge of an unknown event: %v, want ErrNotFound", err)
	}
	req.Challenge = []string{"t1", "t1"}
	if _, err := Build(req); !errors.Is(err, ErrRequest) {
		t.Errorf("the same act twice: %v, want ErrRequest", err)
	}
	req = golden(t, "sar")
	req.Challenge = []string{"t1"}
	if _, err := Build(req); !errors.Is(err, ErrRequest) {
		t.Errorf("challenge on a sar letter: %v, want ErrRequest", err)
	}
}

// TestLGSCONeverArguesAgainstItself: before the council's procedure is
// complete, the complaint gives the council's own delays with their dates and
// working days, or (with none) the drafter is told to wait and until when;
// the letter never says the procedure is incomplete.
func TestLGSCONeverArguesAgainstItself(t *testing.T) {
	text, l := letterText(t, golden(t, "lgsco"))
	if !strings.Contains(text, "The stage 1 response was due by 17 April 2026 (counted from 1 April 2026) and came on 24 April 2026, 5 working days late.") {
		t.Error("the complaint lacks the council's delay at stage 1 with its dates and working days")
	}
	if !strings.Contains(text, "I ask the Ombudsman to consider my complaint now") {
		t.Error("the complaint does not ask the Ombudsman to act now")
	}
	text2, l2 := letterText(t, golden(t, "lgsco-wait"))
	if !hasWarning(l2, "wait until 17 April 2026") {
		t.Errorf("no warning to wait until the stage 1 response is due: %q", l2.Warnings)
	}
	for _, s := range []string{text, text2} {
		for _, bad := range []string{"not yet complete", "not complete", "incomplete"} {
			if strings.Contains(s, bad) {
				t.Errorf("the complaint says %q", bad)
			}
		}
	}
	_ = l
}

// withSAREvents returns req with its case's sar-made given subject and the
// events added.
func withSAREvents(req Request, subject string, add ...casefile.Event) Request {
	c := *req.Case
	c.Events = nil
	for _, e := range req.Case.Events {
		if e.Kind == casefile.KindSARMade {
			e.Attrs.Subject = subject
		}
		c.Events = append(c.Events, e)
	}
	c.Events = append(c.Events, add...)
	req.Case = &c
	return req
}

// TestSARResponseComplete: the chaser and the complaint read the response's
// "complete" and the request's "subject" instead of treating any response
// as partial and any request as the parent's own.
func TestSARResponseComplete(t *testing.T) {
	no, yes := false, true
	partial := casefile.Event{ID: "q1p", Kind: casefile.KindSARResponse, Date: casefile.MustDate("2026-05-15"), Attrs: casefile.Attrs{Complete: &no}}
	full := casefile.Event{ID: "q1f", Kind: casefile.KindSARResponse, Date: casefile.MustDate("2026-05-15"), Attrs: casefile.Attrs{Complete: &yes}}
	fullInTime := casefile.Event{ID: "q1f", Kind: casefile.KindSARResponse, Date: casefile.MustDate("2026-05-08")}

	// A partial answer: the rest is still owed, and the chaser names whose data.
	text, _ := letterText(t, withSAREvents(golden(t, "sar-chase"), "child", partial))
	for _, want := range []string{"you received my subject access request on my child’s behalf",
		"I have had only part of my child’s personal data: your response of 15 May 2026 did not include all of it",
		"the rest is still owed"} {
		if !strings.Contains(text, want) {
			t.Errorf("the chaser after a partial answer lacks %q", want)
		}
	}
	text, _ = letterText(t, withSAREvents(golden(t, "ico"), "both", partial))
	if !strings.Contains(text, "did not include all my personal data and my child’s") {
		t.Errorf("the complaint after a partial answer does not name both: %s", text)
	}

	// A complete answer leaves nothing to chase.
	if _, err := Build(withSAREvents(golden(t, "sar-chase"), "", full)); !errors.Is(err, ErrRequest) {
		t.Errorf("chaser after a complete answer: %v, want ErrRequest", err)
	}
	// A complete answer in time leaves nothing to complain of either.
	if _, err := Build(withSAREvents(golden(t, "ico"), "", fullInTime)); !errors.Is(err, ErrRequest) {
		t.Errorf("complaint after a complete answer in time: %v, want ErrRequest", err)
	}
	// A complete answer after the due date: a complaint of the delay only.
	text, l := letterText(t, withSAREvents(golden(t, "ico"), "", full))
	if !strings.Contains(text, "The council responded only on 15 May 2026, 4 days after that date.") {
		t.Errorf("the complaint of a late complete answer does not say so: %s", text)
	}
	if strings.Contains(text, "did not include all") || strings.Contains(text, "send me all the personal data") {
		t.Error("the complaint claims data is missing after a complete answer")
	}
	if !hasWarning(l, "about the delay only") {
		t.Errorf("no warning that the complaint is about the delay only: %q", l.Warnings)
	}
	// The parent's own request, with no subject recorded, stays "my".
	text, _ = letterText(t, withSAREvents(golden(t, "sar-chase"), "", partial))
	if !strings.Contains(text, "only part of my personal data") {
		t.Error("the chaser for the parent's own request does not say \"my personal data\"")
	}
}
