package casework

import (
	"context"
	"fmt"

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
	"sar-1m":                {letters.SAR, "No answer to your subject access request", "you can complain to the Information Commissioner's Office."},
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
		if k, ok := step.sent.Next(letters.Statutory); ok {
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
	steps := SuggestNext(c, checks.Run(cat, c, asOf))
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
