package casework

import (
	"context"
	"fmt"
	"slices"
	"sort"

	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/checks"
	"github.com/redress-app/redress/letters"
	"github.com/redress-app/redress/store"
)

// NextStep is the next letter to offer because the council's deadline for a
// letter the family sent has passed with no answer in the record.
type NextStep struct {
	// Finding is the finding whose deadline passed (a breach with no
	// completing event).
	Finding casefile.Finding
	// Kind and Procedure are the letter to draft; Kind is "" when the next
	// step is not a letter Redress drafts (a complaint to the Information
	// Commissioner's Office, or a claim).
	Kind      letters.Kind
	Procedure letters.Procedure
	// Text says it in plain English: "No stage 1 response by 17 April 2026:
	// draft the stage 2 request?"
	Text string
	// Draft is an unsent draft of that letter already in the vault, if any.
	Draft string
	// Challenge is, for a letter before claim, the act it would challenge
	// (Options.Challenge).
	Challenge []string
	// Family marks one of the family's own time limits, not a step the
	// council missed.
	Family bool
}

// nextSteps says, for each rule that tracks a letter the family sent, what
// that letter was and what to say when the council's deadline passes.
var nextSteps = map[string]struct {
	sent    letters.Kind
	missing string // "No stage 1 response"
	offer   string // "draft the stage 2 request?"
}{
	"complaint-stage1-10wd": {letters.Stage1, "No stage 1 response", "draft the stage 2 request?"},
	"complaint-stage2-25wd": {letters.Stage2, "No stage 2 response", "draft the request for a stage 3 review panel?"},
	"panel-30wd":            {letters.Stage3, "The review panel had not met", "draft a complaint to the Ombudsman?"},
	"panel-report-5wd":      {letters.Stage3, "No review panel report", "draft a complaint to the Ombudsman?"},
	"panel-response-15wd":   {letters.Stage3, "No council response to the review panel", "draft a complaint to the Ombudsman?"},
	"sar-1m":                {letters.SAR, "No answer to your subject access request", "send the chaser? It follows up the request; it is not a new one."},
	"jr-response-14d":       {letters.JRLetter, "No reply to your letter before claim", "ask your solicitor about issuing the claim without waiting longer."},
}

// SuggestNext returns the next letters to offer for case c from its findings
// (checks.Run as of today): one for each deadline a letter set that has passed
// with no answer recorded, unless the next step is already in the record (a
// stage 2 request after an unanswered stage 1 complaint, say). The
// complaints rules follow the statutory procedure only; a council's own
// procedure sets local timescales the checks cannot know.
func SuggestNext(c *casefile.Case, findings []casefile.Finding) []NextStep {
	var out []NextStep
	for _, f := range findings {
		step, ok := nextSteps[f.Rule]
		if !ok || f.Status != casefile.StatusBreach || f.Done != "" || f.Due.IsZero() {
			continue
		}
		ns := NextStep{Finding: f, Text: fmt.Sprintf("%s by %s: %s", step.missing, f.Due.Long(), step.offer)}
		if step.sent == letters.SAR {
			ns.Kind = letters.SARChase
			if !f.TriggerDate.IsZero() {
				ns.Text = fmt.Sprintf("%s of %s by %s: %s", step.missing, f.TriggerDate.Long(), f.Due.Long(), step.offer)
			}
		} else if k, ok := step.sent.Next(letters.Statutory); ok {
			ns.Kind = k
			if k.Staged() {
				ns.Procedure = letters.Statutory
			}
		}
		if ns.Kind != "" && taken(c, ns.Kind, f.TriggerDate) {
			continue
		}
		out = append(out, ns)
	}
	return out
}

// taken reports whether the record already has the letter of kind k (sent
// under the statutory procedure) on or after from.
func taken(c *casefile.Case, k letters.Kind, from casefile.Date) bool {
	kind, attrs, ok := k.SentEvent(letters.Statutory)
	if !ok {
		return false
	}
	for _, e := range c.Events {
		if e.Kind != kind || e.Date.Before(from) {
			continue
		}
		if kind != casefile.KindComplaintMade || (e.Attrs.Stage == attrs.Stage && e.Attrs.ComplaintProcedure() == string(letters.Statutory)) {
			return true
		}
	}
	return false
}

// familySteps are the family's own time limits that have a next step, with
// the letter Redress drafts for it ("" when it drafts none).
var familySteps = map[string]struct {
	kind letters.Kind
	text string // with the deadline's date, then the trigger's
}{
	"stage3-request-20wd": {letters.Stage3, "Your request for a stage 3 review panel is due by %s (20 working days after the stage 2 response of %s): draft it?"},
	"lgsco-12m":           {letters.LGSCO, "The Ombudsman's time limit is %s (12 months from %s): complain to the Ombudsman by then if the council has not put things right."},
	"jr-3m":               {letters.JRLetter, "The time limit for a judicial review claim about the act of %[2]s ends on %[1]s: take legal advice now, and draft a letter before claim?"},
	"hra-1y":              {"", "The time limit for a Human Rights Act claim about the act of %[2]s ends on %[1]s: take legal advice before then."},
}

// WhatNext returns the next concrete steps for case c as of asOf, from its
// findings: the steps the council's missed deadlines call for (SuggestNext;
// for an unanswered subject access request the chaser, or, when one was
// sent on chased, a complaint to the Information Commissioner with the date
// to complain by), then the family's own time limits still open, each with
// its date, earliest first.
func WhatNext(c *casefile.Case, findings []casefile.Finding, asOf, chased casefile.Date) []NextStep {
	out := SuggestNext(c, findings)
	for i, ns := range out {
		if ns.Kind == letters.SARChase && !chased.IsZero() && !chased.Before(ns.Finding.TriggerDate) {
			by := chased.AddMonths(3)
			out[i].Kind = letters.ICO
			out[i].Text = fmt.Sprintf("You chased your subject access request of %s on %s and still have no answer: complain to the Information Commissioner, who asks for complaints within three months of your last contact with the council (by %s)?",
				ns.Finding.TriggerDate.Long(), chased.Long(), by.Long())
		}
	}
	var fam []NextStep
	for _, f := range findings {
		step, ok := familySteps[f.Rule]
		if !ok || f.Status != casefile.StatusDue || f.Due.IsZero() || f.Due.Before(asOf) {
			continue
		}
		ns := NextStep{Finding: f, Kind: step.kind, Family: true, Text: fmt.Sprintf(step.text, f.Due.Long(), f.TriggerDate.Long())}
		switch {
		case step.kind == letters.Stage3:
			ns.Procedure = letters.Statutory
			if taken(c, letters.Stage3, f.TriggerDate) {
				continue
			}
		case step.kind == letters.JRLetter && f.Trigger != "":
			ns.Challenge = []string{f.Trigger}
		}
		fam = append(fam, ns)
	}
	sort.SliceStable(fam, func(i, j int) bool { return fam[i].Finding.Due.Before(fam[j].Finding.Due) })
	return append(out, fam...)
}

// NextSteps runs the checks on the case caseID as of asOf and returns the
// next letters to offer (SuggestNext), each with the ID of an unsent draft of
// that letter already in the vault, if there is one.
func NextSteps(ctx context.Context, v *store.Vault, caseID string, asOf casefile.Date, cat *checks.Catalogue) ([]NextStep, error) {
	if cat == nil {
		cat = checks.Default()
	}
	c, err := v.LoadCase(ctx, caseID)
	if err != nil {
		return nil, err
	}
	chased, err := lastChaser(ctx, v, caseID, asOf)
	if err != nil {
		return nil, err
	}
	all := WhatNext(c, checks.Run(cat, c, asOf), asOf, chased)
	var steps []NextStep
	for _, s := range all {
		if !s.Family {
			steps = append(steps, s)
		}
	}
	return withDrafts(ctx, v, caseID, steps)
}

// WhatNextIn is WhatNext for the case caseID in the vault as of asOf, with
// the day of the latest chaser sent from the vault, and each step's unsent
// draft if there is one: what the Overview's "What to do next" shows.
func WhatNextIn(ctx context.Context, v *store.Vault, caseID string, asOf casefile.Date, cat *checks.Catalogue) ([]NextStep, error) {
	if cat == nil {
		cat = checks.Default()
	}
	c, err := v.LoadCase(ctx, caseID)
	if err != nil {
		return nil, err
	}
	chased, err := lastChaser(ctx, v, caseID, asOf)
	if err != nil {
		return nil, err
	}
	return withDrafts(ctx, v, caseID, WhatNext(c, checks.Run(cat, c, asOf), asOf, chased))
}

func withDrafts(ctx context.Context, v *store.Vault, caseID string, steps []NextStep) ([]NextStep, error) {
	if len(steps) == 0 {
		return steps, nil
	}
	drafts, err := Drafts(ctx, v, caseID)
	if err != nil {
		return nil, err
	}
	for i := range steps {
		for _, d := range drafts {
			if d.Kind == steps[i].Kind && d.Kind != "" && d.Status == store.LetterDraft && !d.Archived {
				steps[i].Draft = d.ID
			}
		}
	}
	return steps, nil
}

// SAROption is one subject access letter to offer.
type SAROption struct {
	Kind     letters.Kind
	ForChild bool // Options.ForChild
	Label    string
}

// SAROptions returns the subject access letters to offer for case c on
// asOf. Once the record has a request (sar-made) not answered in full (no
// sar-response, or one with complete: false), they are the chaser, which
// cites that request and does not start a new month; the complaint to the
// Information Commissioner, who expects the chaser first; and a request on
// the child's behalf. After a complete answer, a new request and a complaint
// of the delay. Before any request, a request, and one on the child's behalf
// too when the case names a child.
func SAROptions(c *casefile.Case, asOf casefile.Date) []SAROption {
	evs := make([]*casefile.Event, len(c.Events))
	for i := range c.Events {
		evs[i] = &c.Events[i]
	}
	slices.SortStableFunc(evs, func(a, b *casefile.Event) int { return a.Date.Compare(b.Date) })
	var made, resp *casefile.Event
	for _, e := range evs {
		if e.Date.After(asOf) {
			continue
		}
		switch {
		case e.Kind == casefile.KindSARMade && (made == nil || !e.Date.Before(made.Date)):
			made, resp = e, nil
		case e.Kind == casefile.KindSARResponse && made != nil && !e.Date.Before(made.Date) && (resp == nil || !e.Date.Before(resp.Date)):
			resp = e
		}
	}
	var out []SAROption
	switch {
	case made != nil && resp != nil && resp.Attrs.IsComplete():
		// Answered in full: nothing to chase. A new request stays possible,
		// and a complaint of the delay, which the letter checks was late.
		out = append(out,
			SAROption{Kind: letters.SAR, Label: "Ask for your records again (a new subject access request)"},
			SAROption{Kind: letters.ICO, Label: "Complain to the Information Commissioner that the answer was late"})
	case made != nil:
		out = append(out,
			SAROption{Kind: letters.SARChase, Label: "Chase the request you made (it is not a new request)"},
			SAROption{Kind: letters.ICO, Label: "Complain to the Information Commissioner (after the chaser)"})
	default:
		out = append(out, SAROption{Kind: letters.SAR, Label: "Ask for your records (subject access request)"})
	}
	if len(c.Children) > 0 {
		out = append(out, SAROption{Kind: letters.SAR, ForChild: true, Label: "Ask for your child's records too, on their behalf"})
	}
	return out
}
