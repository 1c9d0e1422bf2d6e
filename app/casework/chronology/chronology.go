// Package chronology writes a case's chronology as a spreadsheet (CSV or
// XLSX): one row per event and per note of the family's, in date order, with
// who, the fact status, the source documents and pages, and the findings of
// the checks that the entry triggered or satisfied. A cell starting with = +
// - @ (or a tab or carriage return) is neutralised so that no spreadsheet
// reads it as a formula.
package chronology

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/checks"
)

// Header is the first row.
var Header = []string{"Date", "Time", "What happened", "Who", "Fact status", "Source document and page", "Findings", "Entry"}

// Row is one entry of the chronology.
type Row struct {
	Date     string // YYYY-MM-DD, with " (approx.)" when the date is approximate
	Time     string // HH:MM, or empty
	What     string
	Who      string
	Status   string // undisputed, disputed, council's record, family's note
	Sources  string // "minutes.pdf p3; note n2"
	Findings string // "icpc-15wd: breach, 2 working days late; ..."
	Entry    string // "event e4", "note n2"

	sort casefile.Date
	at   string
}

// Cells returns the row in Header's order.
func (r Row) Cells() []string {
	return []string{r.Date, r.Time, r.What, r.Who, r.Status, r.Sources, r.Findings, r.Entry}
}

// Build makes the chronology of c: its events and its notes (not archived),
// by date and time, with the findings of cat's rules as of asOf.
func Build(c *casefile.Case, cat *checks.Catalogue, asOf casefile.Date) []Row {
	findings := checks.Run(cat, c, asOf)
	docs := map[string]string{}
	for _, d := range c.Documents {
		docs[d.ID] = d.Name
	}
	children := map[string]string{}
	for _, ch := range c.Children {
		children[ch.ID] = ch.Name
	}
	people := map[string]casefile.Person{}
	for _, p := range c.People {
		people[p.ID] = p
	}
	var rows []Row
	for _, e := range c.Events {
		r := Row{Date: e.Date.String(), What: eventWords(e), Status: statusWords(e.Status), Entry: "event " + e.ID, sort: e.Date}
		if e.Approx() {
			r.Date += " (approx.)"
		}
		if !e.Time.IsZero() {
			r.Time = e.Time.String()
		}
		var who []string
		if e.Attrs.Agency != "" {
			who = append(who, e.Attrs.Agency)
		}
		if e.Child != "" {
			who = append(who, "child: "+cmp.Or(children[e.Child], e.Child))
		}
		r.Who = strings.Join(who, "; ")
		r.Sources = sourceWords(e.Evidence, docs)
		r.Findings = findingWords(findings, e.ID)
		r.at = r.Time
		rows = append(rows, r)
	}
	for _, n := range c.Notes {
		if n.Archived {
			continue
		}
		at := n.Occurred.In(checks.London)
		d := casefile.DateOf(at)
		r := Row{Date: d.String(), Time: at.Format("15:04"), What: noteWords(n), Status: "family's note", Entry: "note " + n.ID, sort: d, at: at.Format("15:04")}
		var who []string
		for _, id := range n.People {
			p, ok := people[id]
			if !ok {
				who = append(who, id)
				continue
			}
			s := p.Name
			if p.Role != "" {
				s += " (" + p.Role + ")"
			}
			who = append(who, s)
		}
		r.Who = strings.Join(who, "; ")
		r.Sources = sourceWords(n.Documents, docs)
		rows = append(rows, r)
	}
	slices.SortStableFunc(rows, func(a, b Row) int {
		if c := a.sort.Compare(b.sort); c != 0 {
			return c
		}
		return strings.Compare(a.at, b.at)
	})
	return rows
}

func statusWords(s casefile.FactStatus) string {
	switch s {
	case casefile.FactDisputed:
		return "disputed"
	case casefile.FactLARecord:
		return "council's record"
	}
	return "undisputed"
}

func eventWords(e casefile.Event) string {
	label := string(e.Kind)
	if k, ok := casefile.LookupKind(e.Kind); ok && k.Label != "" {
		label = k.Label
	}
	if e.Kind == casefile.KindDecision && e.Attrs.Description != "" {
		label += ": " + e.Attrs.Description
	}
	if e.Kind == casefile.KindOther && strings.TrimSpace(e.Detail) != "" {
		return e.Detail
	}
	if e.Detail != "" {
		return label + ": " + e.Detail
	}
	return label
}

func noteWords(n casefile.Note) string {
	s := "Family's note"
	if n.Kind != "" {
		s += " (" + string(n.Kind) + ")"
	}
	if len(n.Versions) > 0 {
		s += ", amended " + times(len(n.Versions))
	}
	return s + ": " + n.Text
}

// sourceWords turns evidence references ("d1#p3", "n2") into names and pages.
func sourceWords(refs []string, docs map[string]string) string {
	var out []string
	for _, ref := range refs {
		id, page, err := casefile.ParseEvidence(ref)
		if err != nil {
			out = append(out, ref)
			continue
		}
		s := "note " + id
		if name, ok := docs[id]; ok {
			s = name
		}
		if page > 0 {
			s += fmt.Sprintf(" p%d", page)
		}
		out = append(out, s)
	}
	return strings.Join(out, "; ")
}

// findingWords lists the findings an event triggered or satisfied.
func findingWords(fs []casefile.Finding, eventID string) string {
	var out []string
	for _, f := range fs {
		if f.Trigger != eventID && f.Done != eventID {
			continue
		}
		s := f.Rule + ": " + string(f.Status)
		if f.WorkingDaysLate > 0 {
			s += ", " + workingDays(f.WorkingDaysLate) + " late"
		}
		if f.Trigger == eventID && !f.Due.IsZero() {
			s += ", due " + f.Due.String()
		}
		out = append(out, s)
	}
	return strings.Join(out, "; ")
}

// Neutralise returns s so that no spreadsheet reads it as a formula: a cell
// starting with =, +, -, @, a tab or a carriage return gets a leading
// apostrophe (OWASP's advice for CSV injection).
func Neutralise(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// dangerous reports whether Neutralise would change s.
func dangerous(s string) bool { return s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) }

// times says how many times: "once", "2 times".
func times(n int) string {
	if n == 1 {
		return "once"
	}
	return fmt.Sprintf("%d times", n)
}

func workingDays(n int) string {
	if n == 1 {
		return "1 working day"
	}
	return fmt.Sprintf("%d working days", n)
}
