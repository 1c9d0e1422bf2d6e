package cli

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/redress-app/redress/app/casework"
	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/checks"
)

// FindingsFormat is the value of "format" in redress check --json.
const FindingsFormat = "redress-findings/1"

// findingsDoc is the JSON of redress check --json (DESIGN section 4).
type findingsDoc struct {
	Format   string             `json:"format"`
	AsOf     casefile.Date      `json:"as_of"`
	Findings []casefile.Finding `json:"findings"`
}

// caseFlags are the flags check and deadlines share.
type caseFlags struct {
	asOf     string
	holidays string
}

func (cf *caseFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&cf.asOf, "as-of", "", "check as of this date (YYYY-MM-DD); default today in England")
	fs.StringVar(&cf.holidays, "holidays", "", "a gov.uk bank-holidays.json to use instead of the built-in list for the years it covers")
}

// load reads the case file and works out the as-of date and the catalogue.
func (cf *caseFlags) load(env *Env, fs *flag.FlagSet, name string) (*casefile.Case, casefile.Date, *checks.Catalogue, error) {
	if fs.NArg() != 1 {
		return nil, casefile.Date{}, nil, usagef("%s needs one case file: redress %s [flags] CASE.json", name, name)
	}
	asOf := casefile.Today(env.Now())
	if cf.asOf != "" {
		d, err := casefile.ParseDate(cf.asOf)
		if err != nil {
			return nil, casefile.Date{}, nil, usagef("--as-of: %v", err)
		}
		asOf = d
	}
	cat := checks.Default()
	if cf.holidays != "" {
		data, err := os.ReadFile(cf.holidays)
		if err != nil {
			return nil, casefile.Date{}, nil, usagef("cannot read %s: %s", cf.holidays, plainIOError(err))
		}
		cal, err := checks.ParseBankHolidays(data)
		if err != nil {
			return nil, casefile.Date{}, nil, usagef("%v", err)
		}
		cat = cat.WithCalendar(cal)
	}
	path := fs.Arg(0)
	c, err := casefile.ReadFile(path)
	if err != nil {
		if errors.Is(err, casefile.ErrInvalidCase) {
			return nil, casefile.Date{}, nil, err
		}
		var pe *os.PathError
		if errors.As(err, &pe) {
			return nil, casefile.Date{}, nil, usagef("cannot read %s: %s", path, plainIOError(err))
		}
		return nil, casefile.Date{}, nil, err
	}
	today := casefile.Today(env.Now())
	for _, w := range casefile.Warnings(filepath.Base(path), c, today) {
		fmt.Fprintf(env.Stderr, "warning: %s\n", safe(w.Error()))
	}
	return c, asOf, cat, nil
}

func runCheck(env *Env, args []string) error {
	fs := newFlags(env, "check")
	var cf caseFlags
	cf.register(fs)
	asJSON := fs.Bool("json", false, "print the findings as JSON (redress-findings/1)")
	if err := parse(env, fs, args); err != nil {
		return err
	}
	c, asOf, cat, err := cf.load(env, fs, "check")
	if err != nil {
		return err
	}
	fds := checks.Run(cat, c, asOf)
	if *asJSON {
		return writeJSON(env.Stdout, findingsDoc{Format: FindingsFormat, AsOf: asOf, Findings: fds})
	}
	return writeReport(env.Stdout, cat, c, asOf, fds)
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func writeReport(w io.Writer, cat *checks.Catalogue, c *casefile.Case, asOf casefile.Date, fds []casefile.Finding) error {
	// The report is written a finding at a time: a large case's report runs to
	// tens of megabytes, and building it whole cost seconds of copying.
	out := bufio.NewWriterSize(w, 64<<10)
	var b strings.Builder
	var werr error
	flush := func() {
		if werr == nil {
			_, werr = out.WriteString(termMsg(b.String()))
		}
		b.Reset()
	}
	title := c.Title
	if title == "" {
		title = "Untitled case"
	}
	fmt.Fprintf(&b, "%s\n", title)
	if c.Authority != "" {
		fmt.Fprintf(&b, "%s\n", c.Authority)
	}
	fmt.Fprintf(&b, "Checked as of %s against %d rules.\n", asOf.Long(), len(cat.Rules))
	if len(fds) == 0 {
		b.WriteString("\nNo rule applies to the events recorded so far.\n")
	}
	// The groups, most urgent first, are the ones the desktop shows
	// (checks.Groups); a finding of a rule the catalogue lacks is not listed.
	for gi, g := range checks.Groups {
		var in []casefile.Finding
		for _, f := range fds {
			if _, ok := cat.Rule(f.Rule); ok && checks.GroupOf(f) == gi {
				in = append(in, f)
			}
		}
		if len(in) == 0 {
			continue
		}
		fmt.Fprintf(&b, "\n%s (%d)\n%s\n", g.Title, len(in), strings.Repeat("=", len(g.Title)+len(fmt.Sprint(len(in)))+3))
		for _, f := range in {
			fmt.Fprintf(&b, "\n%s\n", f.Title)
			var facts []string
			facts = append(facts, "started "+f.TriggerDate.Long()+" ("+f.Trigger+")")
			if !f.Due.IsZero() {
				facts = append(facts, "due "+f.Due.Long())
			}
			if f.Done != "" {
				facts = append(facts, "done "+f.DoneDate.Long()+" ("+f.Done+")")
			}
			if f.WorkingDaysLate > 0 {
				facts = append(facts, plural(f.WorkingDaysLate, "working day", "working days")+" late")
			}
			fmt.Fprintf(&b, "  %s. Rule %s.\n", strings.Join(facts, "; "), f.Rule)
			// In a copy added from a pack, the receiver's own events are
			// checked with the family's; the report says which findings
			// rest on them (the JSON says it by their IDs alone).
			if w := casework.OwnEventWords(f); w != "" {
				wrap(&b, w, "  ", 88)
			}
			wrap(&b, f.Explanation, "  ", 88)
			for i, ct := range f.Citations {
				label := "  Source: "
				if i > 0 {
					label = "  Also:   "
				}
				wrapHang(&b, label, checks.CitationText(ct), "          ", 88)
			}
			flush()
		}
	}
	b.WriteString("\nHow dates are counted\n=====================\n")
	for _, p := range cat.Conventions() {
		wrapHang(&b, "- ", p, "  ", 88)
	}
	b.WriteString("\nThis report is not legal advice. Check any paragraph number marked \"not verified\" before relying on it.\n")
	flush()
	if werr != nil {
		return werr
	}
	return out.Flush()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// wrap writes s as lines of at most width characters, each with prefix.
func wrap(b *strings.Builder, s, prefix string, width int) { wrapHang(b, prefix, s, prefix, width) }

// wrapHang wraps s with first before the first line and rest before the others.
func wrapHang(b *strings.Builder, first, s, rest string, width int) {
	b.WriteString(first)
	n := utf8.RuneCountInString(first) // runes on the current line
	empty := true
	for len(s) > 0 {
		// The next word: up to the next white space, as strings.Fields splits.
		s = strings.TrimLeftFunc(s, unicode.IsSpace)
		if s == "" {
			break
		}
		i := strings.IndexFunc(s, unicode.IsSpace)
		if i < 0 {
			i = len(s)
		}
		word := s[:i]
		s = s[i:]
		wn := utf8.RuneCountInString(word)
		if !empty && n+1+wn > width {
			b.WriteString("\n")
			b.WriteString(rest)
			n, empty = utf8.RuneCountInString(rest), true
		}
		if !empty {
			b.WriteByte(' ')
			n++
		}
		b.WriteString(word)
		n += wn
		empty = false
	}
	b.WriteByte('\n')
}

func runRules(env *Env, args []string) error {
	fs := newFlags(env, "rules")
	asJSON := fs.Bool("json", false, "print the catalogue as JSON")
	if err := parse(env, fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return usagef("rules takes no arguments")
	}
	cat := checks.Default()
	if *asJSON {
		return writeJSON(env.Stdout, struct {
			Format      string            `json:"format"`
			Conventions []string          `json:"conventions"`
			Editions    []checks.Edition  `json:"editions"`
			Rules       []checks.RuleInfo `json:"rules"`
		}{"redress-rules/1", cat.Conventions(), cat.Editions, cat.Infos()})
	}
	return cat.WriteMarkdown(env.Stdout)
}

func runDeadlines(env *Env, args []string) error {
	fs := newFlags(env, "deadlines")
	var cf caseFlags
	cf.register(fs)
	ics := fs.Bool("ics", false, "print an iCalendar file (RFC 5545) to import into a calendar app; it contains case details, so keep it private")
	whoseFlag := fs.String("whose", "all", "whose time limits: council (what the council owes you, open or overdue), family (your own, open or passed) or all")
	if err := parse(env, fs, args); err != nil {
		return err
	}
	whose, err := casework.ParseWhose(*whoseFlag)
	if err != nil {
		return usagef("--whose %q: want council, family or all", *whoseFlag)
	}
	c, asOf, cat, err := cf.load(env, fs, "deadlines")
	if err != nil {
		return err
	}
	findings := checks.Run(cat, c, asOf)
	if !*ics {
		return writeDuties(env, casework.Duties(findings, asOf, whose), whose, asOf)
	}
	var open []casefile.Finding
	for _, d := range casework.Duties(findings, asOf, whose) {
		if d.State == casework.Open {
			open = append(open, d.Finding)
		}
	}
	if *ics {
		items := make([]checks.ICSItem, len(open))
		for i, f := range open {
			items[i] = checks.ICSItem{CaseTitle: c.Title, Authority: c.Authority, Finding: f}
		}
		return checks.WriteICS(env.Stdout, Version, items, env.Now())
	}
	return nil
}

// writeDuties prints what the council owes (overdue first) and the family's
// own time limits, each in a plain sentence with the rule and event it comes
// from; it never says there is nothing open while something is overdue.
func writeDuties(env *Env, duties []casework.Duty, whose casework.Whose, asOf casefile.Date) error {
	var b strings.Builder
	if len(duties) == 0 {
		fmt.Fprintln(&b, casework.NoDutiesText(whose, asOf))
	}
	group := ""
	for _, d := range duties {
		g := "Your time limits"
		if d.Council {
			g = "What the council owes you"
		}
		if g != group {
			if group != "" {
				b.WriteString("\n")
			}
			fmt.Fprintf(&b, "%s, as of %s:\n", g, asOf.Long())
			group = g
		}
		state := map[casework.DutyState]string{casework.Overdue: "OVERDUE", casework.Open: "open   ", casework.Passed: "PASSED "}[d.State]
		fmt.Fprintf(&b, "  %s  %s  [%s %s]\n", state, d.Text, d.Finding.Rule, strings.Join(d.Triggers(), ", "))
		if w := d.OwnEventWords(); w != "" {
			fmt.Fprintf(&b, "           %s\n", w)
		}
	}
	_, err := io.WriteString(env.Stdout, termMsg(b.String()))
	return err
}
