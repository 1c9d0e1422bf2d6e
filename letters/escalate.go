package letters

import (
	"fmt"
	"strings"

	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/checks"
)

// challengeRule marks, among a builder's points, a ground drawn from an act
// the family names (Request.Challenge) rather than from a finding.
const challengeRule = "challenge"

// CiteV returns the inline citation of the template source id, always with
// its legal status and verification in words, and adds it to the schedule:
// the grounds of a letter before claim say how far each authority was checked.
func (v *view) CiteV(id string) (string, error) {
	s, ok := fixedSources[id]
	if !ok {
		return "", fmt.Errorf("unknown source %q", id)
	}
	v.b.sources.add(s.Citation, s.NotInReference)
	v.b.used(s.Citation, s.NotInReference)
	parts := []string{legalStatusWords(s.LegalStatus), verificationWords(normVerification(s.Verification))}
	parts = append(parts, citeFlags(s.Citation, s.NotInReference)...)
	return cleanText(s.Short + " (" + strings.Join(parts, "; ") + ")"), nil
}

// challengeArgs is what the "challenge" template sees: the letter and one ground.
type challengeArgs struct {
	V *view
	P pointView
}

// challengePoints puts the acts the family challenges first among the
// points, in date order, each as a ground; findings about a challenged act
// become its facts, and the other findings stay grounds of their own.
func (b *builder) challengePoints() {
	c := b.req.Case
	chosen := map[string]bool{}
	for _, id := range b.req.Challenge {
		chosen[id] = true
	}
	var acts []casefile.Finding
	for _, e := range sortedEvents(c.Events) {
		if !chosen[e.ID] {
			continue
		}
		title := e.Kind.Label() + " on " + dateWords(e)
		if e.Kind == casefile.KindDecision && strings.TrimSpace(e.Attrs.Description) != "" {
			title = "The decision on " + dateWords(e) + ": " + strings.TrimSuffix(strings.TrimSpace(e.Attrs.Description), ".")
		}
		acts = append(acts, casefile.Finding{Rule: challengeRule, Trigger: e.ID, TriggerDate: e.Date, Title: title})
	}
	var rest []casefile.Finding
	for _, f := range b.points {
		if !chosen[f.Trigger] && !(f.Done != "" && chosen[f.Done]) {
			rest = append(rest, f)
		}
	}
	b.points = append(acts, rest...)
}

// challengePoint is the ground for the act a challenge finding names.
func (b *builder) challengePoint(n int, act casefile.Finding) pointView {
	c := b.req.Case
	e, _ := c.EventByID(act.Trigger)
	p := pointView{Number: n, Title: cleanText(act.Title), Challenge: true}
	p.Happened = eventLine(c, e) + "."
	for _, f := range b.req.Findings {
		if familyTimeLimits[f.Rule] || (f.Trigger != act.Trigger && f.Done != act.Trigger) {
			continue
		}
		if s := cleanText(letterExplanation(f.Explanation)); s != "" {
			if !strings.HasSuffix(s, ".") {
				s += "."
			}
			p.Facts = append(p.Facts, factView{Text: s, Citations: f.Citations})
		}
		for _, ci := range f.Citations {
			if ci.LegalStatus == "statutory-guidance" {
				p.Guidance = true
			}
		}
	}
	switch e.Kind {
	case casefile.KindS47Started:
		p.S47Decision = true
	case casefile.KindStrategyDiscussion:
		p.S47Decision = e.Attrs.S47 != nil && *e.Attrs.S47
	case casefile.KindThirdPartyChecks:
		p.ChecksNoConsent = e.Attrs.Consent != nil && !*e.Attrs.Consent
	}
	return p
}

// sarView is the subject access request a chaser or a complaint to the
// Information Commissioner follows up.
type sarView struct {
	Made     string // the day the council received it
	Due      string // when its response was due
	DueRule  string
	Extended string // the council's notice extending the time, if recorded
	Overdue  string // "20 days" late on the letter's date; "" when not yet due
	Response string // the day of the latest response in the record, if any
	Partial  bool   // that response did not include everything (complete: false)
	Late     string // a complete response's lateness ("12 days"), for a complaint of delay
	Chased   string // the day the family followed the request up
	Request  string // "my subject access request" (on my child's behalf, ...)
	Data     string // whose data it asked for: "my personal data", "my child’s personal data", ...
}

// sarView finds the latest subject access request in the record on the
// letter's date and what has happened to it since.
func (b *builder) sarView() (*sarView, error) {
	req, c := b.req, b.req.Case
	made := latestEvent(c, req.Date, func(e *casefile.Event) bool { return e.Kind == casefile.KindSARMade })
	if made == nil {
		return nil, requestErr("a %s letter follows up a subject access request, and the record has none (a sar-made event) on or before %s", req.Kind, req.Date.Long())
	}
	sv := &sarView{Made: dateWords(made)}
	if req.Due.Date.IsZero() {
		return nil, requestErr("a %s letter needs the date the response to the request of %s was due", req.Kind, made.Date.Long())
	}
	sv.Due, sv.DueRule = req.Due.Date.Long(), cleanText(req.Due.Rule)
	if late := req.Due.Date.DaysUntil(req.Date); late > 0 {
		sv.Overdue = plural(late, "day")
	} else {
		b.warn("the response to the subject access request of %s is not due until %s, so it is not overdue yet.", made.Date.Long(), req.Due.Date.Long())
	}
	var resp *casefile.Event
	for _, e := range sortedEvents(c.Events) {
		if e.Date.Before(made.Date) || e.Date.After(req.Date) {
			continue
		}
		switch e.Kind {
		case casefile.KindSARExtension:
			sv.Extended = dateWords(e)
		case casefile.KindSARResponse:
			resp = e
		}
	}
	if resp != nil {
		// Whether the response was complete is the sar-response's
		// "complete" attribute (DESIGN section 3; absent means complete).
		sv.Response = dateWords(resp)
		sv.Partial = !resp.Attrs.IsComplete()
		if !sv.Partial {
			late := req.Due.Date.DaysUntil(resp.Date)
			if req.Kind != ICO || late <= 0 {
				return nil, requestErr("the record shows the council answered the subject access request of %s in full on %s, so there is nothing to %s; if its answer left out data you asked for, record that response as not complete, then draft this letter",
					made.Date.Long(), resp.Date.Long(), map[Kind]string{ICO: "complain of", SARChase: "chase"}[req.Kind])
			}
			sv.Late = plural(late, "day")
			b.warn("the record shows the council answered in full on %s, %s late: the complaint is about the delay only. If its answer left out data you asked for, record that response as not complete.", resp.Date.Long(), sv.Late)
		}
	}
	if !req.Chased.IsZero() {
		sv.Chased = req.Chased.Long()
	}
	if req.Kind == ICO {
		if req.Chased.IsZero() {
			b.warn("the Information Commissioner expects you to follow the request up with the council before complaining: send the chaser (a sar-chase letter) first, and complain if it gets no answer.")
		}
		last := made.Date
		if req.Chased.After(last) {
			last = req.Chased
		}
		if r := latestEvent(c, req.Date, func(e *casefile.Event) bool { return e.Kind == casefile.KindSARResponse }); r != nil && r.Date.After(last) {
			last = r.Date
		}
		by := last.AddMonths(3)
		b.warn("the Information Commissioner asks for a complaint within three months of your last contact with the council (%s): by %s.", last.Long(), by.Long())
		if by.Before(req.Date) {
			b.warn("that was before this letter's date: the Commissioner may still consider it, but say why it is late.")
		}
	}
	// Whose data the request asked for is the sar-made's "subject" attribute
	// (DESIGN section 3): the parent's own (the default), the child's, or both.
	switch made.Attrs.Subject {
	case "child":
		sv.Request, sv.Data = "my subject access request on my child’s behalf", "my child’s personal data"
	case "both":
		sv.Request, sv.Data = "my subject access request for my own and, on their behalf, my child’s personal data", "my personal data and my child’s"
	default:
		sv.Request, sv.Data = "my subject access request", "my personal data"
	}
	return sv, nil
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// complaintSteps are the rules whose deadlines are the council's own steps in
// a complaints procedure, with what each step is in words.
var complaintSteps = map[string]string{
	"complaint-stage1-10wd": "the stage 1 response",
	"complaint-stage2-25wd": "the stage 2 response",
	"panel-30wd":            "the review panel meeting",
	"panel-report-5wd":      "the review panel’s report",
	"panel-response-15wd":   "the council’s response to the review panel",
}

// premature returns, for an Ombudsman complaint made before the council's
// procedure is complete, the council's own delays in that procedure on the
// letter's date, each with its dates and the working days it was late: the
// reasons the Ombudsman may look at the complaint now. With none, it warns
// the person to wait, and until when.
func (b *builder) premature(v *view) []string {
	req, c := b.req, b.req.Case
	cal := checks.DefaultCalendar()
	var delays []string
	var wait casefile.Date
	var waitFor string
	for _, f := range checks.Run(checks.Default(), c, req.Date) {
		what, ok := complaintSteps[f.Rule]
		if !ok || f.Due.IsZero() {
			continue
		}
		from := ""
		if e, ok := c.EventByID(f.Trigger); ok {
			from = " (counted from " + dateWords(e) + ")"
		}
		switch f.Status {
		case casefile.StatusBreach:
			if e, ok := c.EventByID(f.Done); ok && f.Done != "" {
				delays = append(delays, fmt.Sprintf("%s was due by %s%s and came on %s, %s late.",
					capitalise(what), f.Due.Long(), from, dateWords(e), plural(cal.WorkingDaysBetween(f.Due, e.Date), "working day")))
			} else {
				delays = append(delays, fmt.Sprintf("%s was due by %s%s and had not come by %s, %s later.",
					capitalise(what), f.Due.Long(), from, req.Date.Long(), plural(cal.WorkingDaysBetween(f.Due, req.Date), "working day")))
			}
		case casefile.StatusDue:
			if wait.IsZero() || f.Due.Before(wait) {
				wait, waitFor = f.Due, what
			}
		}
	}
	switch {
	case len(delays) > 0:
		b.warn("the council's complaints procedure is not complete in the record: the letter asks the Ombudsman to act now because of the council's own delays, which it lists. The Ombudsman may still ask you to finish the procedure first.")
	case !wait.IsZero():
		b.warn("the council's complaints procedure is not complete, and its next step (%s) is not due until %s. The Ombudsman normally expects the procedure to be finished: wait until %s, and send this complaint only if the council has not kept to it, or once the procedure is complete.", waitFor, wait.Long(), wait.Long())
	default:
		b.warn("the council's complaints procedure is not complete in the record, and the record shows no step of it that is late. The Ombudsman normally expects the procedure to be finished first: ask for the next stage, or record the council's responses, before sending this.")
	}
	return delays
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
