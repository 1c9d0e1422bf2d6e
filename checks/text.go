package checks

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/redress-app/redress/casefile"
)

// finding puts a result into words. The explanation is written to tb, which
// all findings of a run share; the caller slices it out afterwards (one large
// string instead of a thousand small ones is what keeps Run fast).
func (r *Rule) finding(x *runCtx, rs *result, tb *strings.Builder) (casefile.Finding, [2]int) {
	f := casefile.Finding{
		Rule:        r.ID,
		Status:      rs.status,
		Trigger:     rs.trig.ID,
		TriggerDate: rs.trig.Date,
		Due:         rs.due,
		WarnFrom:    rs.warn,
		Routes:      r.routes,
		Family:      r.Family(),
	}
	if rs.done != nil {
		f.Done, f.DoneDate = rs.done.ID, rs.done.Date
	}
	if rs.status == casefile.StatusBreach && r.workingDays() && rs.late > 0 {
		f.WorkingDaysLate = rs.late
	}
	cits := r.citePeriod(rs.trig.Date).cits
	n := len(x.citSlab)
	if len(rs.extraCits) > 0 {
		f.Citations = append(slices.Clone(cits), rs.extraCits...)
	} else if n+len(cits) <= cap(x.citSlab) {
		x.citSlab = append(x.citSlab, cits...)
		f.Citations = x.citSlab[n : n+len(cits) : n+len(cits)]
	} else {
		f.Citations = slices.Clone(cits)
	}
	f.Title = r.title(rs)
	start := tb.Len()
	r.explain(x, rs, tb)
	return f, [2]int{start, tb.Len()}
}

// requiredFor is text.required for a trigger, capitalised, without its full stop.
func (r *Rule) requiredFor(trig *casefile.Event) string {
	if !strings.Contains(r.Text.Required, "{") {
		return r.reqCap
	}
	return strings.TrimSuffix(sentence(fill(r.Text.Required, trig)), ".")
}

// limitWords says l in words, from the strings worked out when the rule loaded.
func (r *Rule) limitWords(l Limit) string {
	if l == r.Limit {
		return r.limitStr
	}
	if r.Extension != nil && l == r.Extension.Limit {
		return r.extLimitStr
	}
	return l.String()
}

// long formats d like Date.Long, once per date in a run: a direct-mapped
// cache by day number is cheaper than a map for the few hundred dates a case has.
func (x *runCtx) long(d casefile.Date) string {
	if x.dates == nil {
		x.dates = new([512]dateSlot)
	}
	n := epoch.DaysUntil(d)
	slot := &x.dates[n&(len(x.dates)-1)]
	if slot.ok && slot.d == d {
		return slot.s
	}
	*slot = dateSlot{d: d, s: long(d), ok: true}
	return slot.s
}

func (r *Rule) title(rs *result) string {
	if rs.titleKey != "" && rs.status == casefile.StatusBreach {
		if t, ok := r.titles[rs.titleKey]; ok {
			return t
		}
	}
	switch rs.status {
	case casefile.StatusMet:
		return r.titles["Met"]
	case casefile.StatusDue:
		if r.Family() {
			return r.titles["Your deadline"]
		}
		return r.titles["Due"]
	case casefile.StatusExpired:
		return r.titles["Your deadline has passed"]
	case casefile.StatusConcern:
		return r.titles["Concern"]
	case casefile.StatusNeedsInfo:
		return r.titles["Need more information"]
	}
	switch r.Kind {
	case KindStepBefore, KindNotBefore:
		return r.titles["Out of order"]
	case KindDuration:
		return r.titles["Too long"]
	}
	if rs.done != nil {
		return r.titles["Late"]
	}
	return r.titles["Missed"]
}

// fill replaces a phrase's placeholders with the trigger's details.
func fill(s string, e *casefile.Event) string {
	if strings.IndexByte(s, '{') < 0 {
		return s
	}
	if strings.Contains(s, "{agency}") {
		agency := "another agency"
		if e != nil && e.Attrs.Agency != "" {
			agency = "another agency (" + e.Attrs.Agency + ")"
		}
		s = strings.ReplaceAll(s, "{agency}", agency)
	}
	if strings.Contains(s, "{stage}") {
		stage := ""
		if e != nil && e.Attrs.Stage != 0 {
			stage = strconv.Itoa(e.Attrs.Stage)
		}
		s = strings.ReplaceAll(s, "{stage}", stage)
	}
	if strings.Contains(s, "{description}") {
		desc := ""
		if e != nil && e.Attrs.Description != "" {
			desc = fmt.Sprintf(" (%q)", e.Attrs.Description)
		}
		s = strings.ReplaceAll(s, "{description}", desc)
	}
	return s
}

func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	s = strings.ToUpper(s[:1]) + s[1:]
	if !strings.HasSuffix(s, ".") && !strings.HasSuffix(s, "?") {
		s += "."
	}
	return s
}

// oneLine folds a multi-line YAML text into one paragraph.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

var monthNames = [...]string{"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December"}

// long formats d as people read it, "6 November 2025", like Date.Long but
// without time.Format's cost (it runs for every date in every finding).
func long(d casefile.Date) string {
	if d.IsZero() {
		return ""
	}
	// Civil date from a day count (H. Hinnant's days_from_civil, inverted),
	// counted from 1 March 2000 so that leap days fall at the end of a year.
	z := int64(epoch2000.DaysUntil(d))
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era--
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	day := doy - (153*mp+2)/5 + 1
	month := mp + 3
	year := yoe + era*400 + 2000
	if month > 12 {
		month -= 12
		year++
	}
	var buf [32]byte
	out := strconv.AppendInt(buf[:0], day, 10)
	out = append(out, ' ')
	out = append(out, monthNames[month-1]...)
	out = append(out, ' ')
	out = strconv.AppendInt(out, year, 10)
	return string(out)
}

// epoch2000 is 1 March 2000, the origin long counts days from.
var epoch2000 = casefile.NewDate(2000, 3, 1)

// when says when an event happened: "6 November 2025", or "6 November 2025
// at 10:15" when it has a time.
func (x *runCtx) when(e *casefile.Event) string {
	s := x.long(e.Date)
	if !e.Time.IsZero() {
		s += " at " + e.Time.String()
	}
	return s
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

func (r *Rule) lateWords(n int) string {
	if r.workingDays() {
		return plural(n, "working day", "working days")
	}
	return plural(n, "day", "days")
}

func (r *Rule) explain(x *runCtx, rs *result, b *strings.Builder) {
	p := &x.para
	*p = para{b: b, start: b.Len()}
	t := r.Text
	trig := rs.trig
	trigText := t.Trigger
	if v, ok := t.TriggerByKind[trig.Kind]; ok {
		trigText = v
	}
	if t.TriggerLatest != "" && trig.Kind == casefile.KindStrategyDiscussion && !isS47Start(trig) {
		trigText = t.TriggerLatest
	}
	p.addS(fill(trigText, trig), " on ", x.when(trig))
	if k, ok := kindCodes[r.Kind]; ok {
		k.explain(r, x, rs, p)
	}
	if rs.state == unknown && rs.status == casefile.StatusNeedsInfo && r.Kind != KindNotBefore && t.NeedInfo != "" {
		p.addS(t.NeedInfo)
	}
	if rs.uncertain != "" {
		p.addS(rs.uncertain)
		if rs.status == casefile.StatusNeedsInfo {
			p.add("So Redress cannot say for certain that this was a breach.")
		}
	}
	if len(rs.approx) > 0 {
		var ds []string
		for _, e := range rs.approx {
			ds = append(ds, fmt.Sprintf("%q (%s)", e.Kind.Label(), x.long(e.Date)))
		}
		p.add(fmt.Sprintf("The date recorded for %s is approximate. If it were up to 7 days earlier or later the answer could change, so Redress cannot say for sure. Record the exact date if you can find it.",
			strings.Join(ds, " and for ")))
	}
	for _, e := range []*casefile.Event{rs.trig, rs.done} {
		if e != nil && e.Status == casefile.FactDisputed {
			p.add(fmt.Sprintf("The family disputes the council's record of %q (%s).", e.Kind.Label(), x.long(e.Date)))
		}
	}
	if r.Applies.Note != "" {
		p.addS(r.Applies.Note)
	}
	for _, n := range r.citePeriod(rs.trig.Date).notes {
		p.addS(n)
	}
	p.add("Why it matters: ", r.Explanation)
}

func (r *Rule) mayBreach() string {
	if r.BreachOf == "" {
		return ""
	}
	return "This may be a breach of " + r.BreachOf + "."
}

func (r *Rule) notifyWords() string {
	if r.Extension.NotifyWithin.isZero() {
		return r.limitWords(r.Limit)
	}
	return r.Extension.NotifyWithin.String()
}

// para writes one explanation into a run's shared buffer, piece by piece,
// writing the parts of each piece straight into the buffer.
type para struct {
	b     *strings.Builder
	start int // where this explanation begins in b
}

// add writes the concatenation of parts as the next piece of the explanation.
func (p *para) add(parts ...string) { p.write(false, parts) }

// addS writes the concatenation of parts as a sentence: capitalised, with a
// full stop.
func (p *para) addS(parts ...string) { p.write(true, parts) }

func (p *para) write(sentence bool, parts []string) {
	for len(parts) > 0 && strings.TrimSpace(parts[0]) == "" {
		parts = parts[1:]
	}
	for len(parts) > 0 && strings.TrimSpace(parts[len(parts)-1]) == "" {
		parts = parts[:len(parts)-1]
	}
	if len(parts) == 0 {
		return
	}
	b := p.b
	if b.Len() > p.start {
		b.WriteByte(' ')
	}
	last := len(parts) - 1
	for i, s := range parts {
		if i == 0 {
			s = strings.TrimLeft(s, " ")
			if c := s[0]; sentence && c >= 'a' && c <= 'z' {
				b.WriteByte(c - 'a' + 'A')
				s = s[1:]
			}
		}
		if i == last {
			s = strings.TrimRight(s, " ")
		}
		b.WriteString(s)
	}
	if s := parts[last]; sentence && !strings.HasSuffix(s, ".") && !strings.HasSuffix(s, "?") {
		b.WriteByte('.')
	}
}
