package checks

import (
	"fmt"
	"io"
	"strings"

	"github.com/redress-app/redress/casefile"
)

// Conventions returns the date conventions every deadline follows, one
// paragraph each, for reports, letters and the catalogue.
func (c *Catalogue) Conventions() []string {
	first, last := c.Calendar.Covered()
	return []string{
		"A working day is any day except Saturday, Sunday, Christmas Day, Boxing Day, Good Friday and the England and Wales bank holidays, including substitute days and one-off holidays such as 19 September 2022 and 8 May 2023 (the definition in regulation 2 of SI 2006/1738, used for every working-day rule). " +
			fmt.Sprintf("Redress uses %s; outside %d to %d it applies the standing rules (New Year's Day, Good Friday, Easter Monday, the first Monday in May, the last Mondays in May and August, Christmas Day and Boxing Day, with substitute days), so it cannot know a future one-off holiday. A newer gov.uk bank-holidays.json can be loaded.", c.Calendar.Source(), first, last),
		"\"Within N working days of D\": the deadline is the Nth working day after D; D itself is not counted.",
		"\"Within N months of D\": the same day of the month N months later, or the last day of that month if it has no such day. For subject access requests only (the ICO's method), a deadline that falls on a weekend or bank holiday moves to the next working day.",
		"\"N weeks beginning with D\" ends on D + 7N - 1 days (26 weeks: D + 181 days); \"N months beginning with D\" ends the day before the same date N months later.",
		"A step is met if it happened on or before the deadline. Events are compared by date, and by time only when both have one. Events dated after the as-of date are ignored. An approximate date that could change the answer if it were 7 days earlier or later makes the finding \"need more information\".",
		"The edition of Working Together cited is the one in force on the date of the event that started the timescale; where the day an edition took effect is not known (2010, 2015, 2018 and 2026 editions, known only to the month), both editions are cited for that month.",
	}
}

// RuleInfo describes a rule for the catalogue (redress rules --json).
type RuleInfo struct {
	ID          string         `json:"id"`
	Kind        Kind           `json:"kind"`
	Area        Area           `json:"area"`
	Title       string         `json:"title"`
	Family      bool           `json:"family,omitempty"`
	Routes      []Route        `json:"routes"`
	Limit       string         `json:"limit,omitempty"`
	Extension   string         `json:"extension,omitempty"`
	AppliesFrom casefile.Date  `json:"applies_from,omitzero"`
	AppliesTo   casefile.Date  `json:"applies_until,omitzero"`
	Uncertain   []Period       `json:"uncertain,omitempty"`
	Explanation string         `json:"explanation"`
	LegalTest   string         `json:"legal_test"`
	Remedies    []string       `json:"remedies"`
	Notes       string         `json:"notes,omitempty"`
	Citations   []CitationInfo `json:"citations"`
}

// CitationInfo is a rule's citation with the dates its edition was in force.
type CitationInfo struct {
	casefile.Citation
	Edition      string        `json:"edition,omitempty"`
	InForceFrom  casefile.Date `json:"in_force_from,omitzero"`
	InForceUntil casefile.Date `json:"in_force_until,omitzero"`
	FromNote     string        `json:"in_force_note,omitempty"`
}

// Info describes the rule for the catalogue.
func (r *Rule) Info() RuleInfo {
	in := RuleInfo{ID: r.ID, Kind: r.Kind, Area: r.Area, Title: r.Title, Family: r.Family(), Routes: r.Routes,
		Limit: r.Limit.String(), AppliesFrom: r.Applies.From, AppliesTo: r.Applies.Until, Uncertain: r.Applies.Uncertain,
		Explanation: oneLine(r.Explanation), LegalTest: oneLine(r.LegalTest), Remedies: r.Remedies, Notes: oneLine(r.Notes)}
	for i := range in.Uncertain {
		in.Uncertain[i].Why = oneLine(in.Uncertain[i].Why)
	}
	if r.Extension != nil {
		if r.Kind == KindDuration {
			in.Extension = fmt.Sprintf("once, by up to %s", r.Extension.Limit)
		} else {
			in.Extension = fmt.Sprintf("%s in all if notified within %s", r.Extension.Limit, r.notifyWords())
		}
	}
	for _, c := range r.Citations {
		ci := CitationInfo{Citation: c.Citation(), Edition: c.Edition}
		if e, i, ok := r.edition(c.Edition); ok {
			ci.InForceFrom = e.From
			if !e.UncertainUntil.IsZero() {
				ci.FromNote = fmt.Sprintf("the exact first day is not known: between %s and %s", e.From.Long(), e.UncertainUntil.Long())
			}
			if i+1 < len(r.cat.Editions) {
				ci.InForceUntil = r.cat.Editions[i+1].From.AddDays(-1)
			}
		}
		in.Citations = append(in.Citations, ci)
	}
	return in
}

// Infos describes every rule, in catalogue order.
func (c *Catalogue) Infos() []RuleInfo {
	out := make([]RuleInfo, 0, len(c.Rules))
	for _, r := range c.Rules {
		out = append(out, r.Info())
	}
	return out
}

// CitationText formats a citation for people: source, where, status and
// verification in words, then the address.
func CitationText(c casefile.Citation) string {
	s := c.Source
	if c.Where != "" {
		s += ", " + c.Where
	}
	return fmt.Sprintf("%s (%s; %s). %s", s, strings.ReplaceAll(c.LegalStatus, "-", " "), strings.ReplaceAll(c.Verification, "-", " "), c.URL)
}

// WriteMarkdown writes the catalogue as Markdown: the conventions, then every
// rule with its test, remedies and citations. docs/RULES.md is this output.
func (c *Catalogue) WriteMarkdown(w io.Writer) error {
	var b strings.Builder
	b.WriteString("# Redress rules\n\n")
	b.WriteString("Generated from `checks/rules/*.yaml` by `go test ./checks -update`; do not edit by hand.\n")
	b.WriteString("Every rule names a kind implemented in Go (`checks/rule.go`), its sources, their legal status and how far\n")
	b.WriteString("each was verified. A paragraph number marked \"not verified\" must be checked before it is relied on.\n\n")
	b.WriteString("This is not legal advice.\n\n## Date conventions\n\n")
	for _, p := range c.Conventions() {
		fmt.Fprintf(&b, "- %s\n", p)
	}
	b.WriteString("\n## Statuses\n\n")
	b.WriteString("- **met**: the step happened on or before the deadline.\n")
	b.WriteString("- **breach** (late or missed): it happened later, or there is no record of it and the deadline has passed. The explanation says \"there is no record that ...\", never that it certainly did not happen.\n")
	b.WriteString("- **due**: it has not happened yet and the deadline has not passed.\n")
	b.WriteString("- **needs-info**: the record cannot tell; the explanation says what to record.\n")
	b.WriteString("- **concern**: a practice issue the record supports raising that is not a breach of a fixed timescale.\n")
	b.WriteString("- **expired**: a time limit on the family (never a breach) has passed.\n\n")
	b.WriteString("## Working Together editions\n\n| edition | in force from | note |\n|---|---|---|\n")
	for _, e := range c.Editions {
		from := e.From.Long()
		if !e.UncertainUntil.IsZero() {
			from = fmt.Sprintf("%s (exact day not known; %s to %s)", e.From.Time().Format("January 2006"), e.From.Long(), e.UncertainUntil.Long())
		}
		fmt.Fprintf(&b, "| %s | %s | %s |\n", e.Name, from, oneLine(e.Note))
	}
	b.WriteString("\n## Rules\n\nThe main citation is the first one a rule lists; findings cite the editions in force on their dates.\n\n| id | kind | limit | main citation | verification |\n|---|---|---|---|---|\n")
	for _, r := range c.Rules {
		main := r.Citations[0]
		lim := r.Limit.String()
		if lim == "" {
			lim = "-"
		}
		fmt.Fprintf(&b, "| [`%s`](#%s) | %s | %s | %s | %s |\n", r.ID, r.ID, r.Kind, lim, main.Source, main.Verification)
	}
	area := Area("")
	for _, r := range c.Rules {
		if r.Area != area {
			area = r.Area
			fmt.Fprintf(&b, "\n## %s\n", strings.ToUpper(string(area[:1]))+string(area[1:]))
		}
		in := r.Info()
		fmt.Fprintf(&b, "\n### %s\n\n**%s**\n\n", r.ID, r.Title)
		fmt.Fprintf(&b, "- Kind: `%s`%s\n", r.Kind, map[bool]string{true: " (the family's own time limit: due or expired, never a breach)"}[r.Family()])
		if in.Limit != "" {
			fmt.Fprintf(&b, "- Limit: %s\n", in.Limit)
		}
		if in.Extension != "" {
			fmt.Fprintf(&b, "- Extension: %s\n", in.Extension)
		}
		var rs []string
		for _, rt := range r.Routes {
			rs = append(rs, string(rt))
		}
		fmt.Fprintf(&b, "- Routes: %s\n", strings.Join(rs, ", "))
		switch {
		case !in.AppliesFrom.IsZero() && !in.AppliesTo.IsZero():
			fmt.Fprintf(&b, "- Applies to triggers from %s to %s\n", in.AppliesFrom.Long(), in.AppliesTo.Long())
		case !in.AppliesFrom.IsZero():
			fmt.Fprintf(&b, "- Applies to triggers from %s\n", in.AppliesFrom.Long())
		case !in.AppliesTo.IsZero():
			fmt.Fprintf(&b, "- Applies to triggers until %s\n", in.AppliesTo.Long())
		}
		for _, u := range in.Uncertain {
			fmt.Fprintf(&b, "- Uncertain from %s to %s (a breach there is reported as needs-info): %s\n", u.From.Long(), u.Until.Long(), u.Why)
		}
		fmt.Fprintf(&b, "\n%s\n\n**Legal test.** %s\n\n**What you can ask for.**\n\n", in.Explanation, in.LegalTest)
		for _, m := range in.Remedies {
			fmt.Fprintf(&b, "- %s\n", m)
		}
		if in.Notes != "" {
			fmt.Fprintf(&b, "\n**Note.** %s\n", in.Notes)
		}
		b.WriteString("\n**Citations.**\n\n")
		for _, ci := range in.Citations {
			line := CitationText(ci.Citation)
			if ci.Edition != "" {
				span := "in force from " + ci.InForceFrom.Long()
				if ci.FromNote != "" {
					span += " (" + ci.FromNote + ")"
				}
				if !ci.InForceUntil.IsZero() {
					span += " until the next edition (from " + ci.InForceUntil.AddDays(1).Long() + ")"
				}
				line += " — " + span
			}
			fmt.Fprintf(&b, "- %s\n", line)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}
