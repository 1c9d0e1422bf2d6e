package kit

import (
	"fmt"
	"sort"
	"strings"

	"github.com/redress-app/redress/casefile"
)

// SortedEvents is a copy of in in date order, then by time where both have one.
func SortedEvents(in []casefile.Event) []casefile.Event {
	out := make([]casefile.Event, len(in))
	copy(out, in)
	sort.SliceStable(out, func(i, j int) bool {
		if c := out[i].Date.Compare(out[j].Date); c != 0 {
			return c < 0
		}
		ti, tj := out[i].Time, out[j].Time
		if !ti.IsZero() && !tj.IsZero() {
			return ti.Minutes() < tj.Minutes()
		}
		return false
	})
	return out
}

// EventSummary is the one-line detail: what was written, or the attributes in words.
func EventSummary(e *casefile.Event, c *casefile.Case) string {
	if e.Detail != "" {
		return e.Detail
	}
	if a := AttrWords(e); len(a) > 0 {
		return strings.Join(a, "; ")
	}
	return ""
}

func yesNo(b *bool) string {
	if b == nil {
		return "not recorded"
	}
	if *b {
		return "yes"
	}
	return "no"
}

var outcomeWords = map[string]string{
	"nfa":  "no further action",
	"cin":  "support as a child in need",
	"icpc": "an initial child protection conference",
}

var procedureWords = map[string]string{
	"statutory":  "the Children Act 1989 complaints procedure",
	"corporate":  "the council's own (corporate) complaints procedure",
	"conference": "the safeguarding partnership's conference complaints procedure",
}

// AttrWords says an event's attributes in plain words.
func AttrWords(e *casefile.Event) []string {
	info, _ := casefile.LookupKind(e.Kind)
	a := e.Attrs
	var out []string
	for _, spec := range info.Attrs {
		switch spec.Name {
		case "type":
			if a.Type != "" {
				out = append(out, "Type of assessment: "+a.Type)
			}
		case "s47":
			if a.S47 != nil {
				out = append(out, "Section 47 enquiries started at this discussion: "+yesNo(a.S47))
			}
		case "outcome":
			if a.Outcome != "" {
				out = append(out, "Outcome: "+outcomeWords[a.Outcome])
			}
		case "agency":
			if a.Agency != "" {
				out = append(out, "Agency: "+a.Agency)
			}
		case "consent":
			if a.Consent != nil {
				out = append(out, "Parents agreed: "+yesNo(a.Consent))
			}
		case "alone":
			if a.Alone != nil {
				out = append(out, "Seen alone: "+yesNo(a.Alone))
			}
		case "plan":
			if a.Plan != nil {
				out = append(out, spec.Label+": "+yesNo(a.Plan))
			}
		case "stage":
			if a.Stage != 0 {
				out = append(out, fmt.Sprintf("Stage %d", a.Stage))
			}
		case "procedure":
			if e.Kind == casefile.KindComplaintMade {
				out = append(out, "Under "+procedureWords[a.ComplaintProcedure()])
			}
		case "description":
			if a.Description != "" {
				out = append(out, "Decision: "+a.Description)
			}
		default:
			if w := attrDisplay(a, spec); w != "" {
				out = append(out, spec.Label+": "+w)
			}
		}
	}
	return out
}

// attrDisplay says any attribute's recorded value in plain words, or ""
// when it is not recorded (or is only its default).
func attrDisplay(a casefile.Attrs, spec casefile.AttrSpec) string {
	v := a.Value(spec.Name)
	if v == "" {
		return ""
	}
	switch spec.Type {
	case casefile.AttrBool:
		if v == "true" {
			return "yes"
		}
		return "no"
	case casefile.AttrEnum:
		return spec.ValueLabel(v)
	case casefile.AttrList:
		var words []string
		for _, val := range strings.Split(v, ",") {
			words = append(words, spec.ValueLabel(val))
		}
		return strings.Join(words, "; ")
	case casefile.AttrDate:
		d, err := casefile.ParseDate(v)
		if err != nil {
			return v
		}
		return d.Long()
	}
	return v
}
