package checks

import (
	"fmt"
	"slices"
	"strings"

	"github.com/redress-app/redress/casefile"
)

// check: what the record says about one event, read by a named Go check that
// may give any status.
func init() {
	register(KindCheck, kindFuncs{(*Rule).evalCheck, explainCheck, validateCheck})
}

// evalCheck runs a check rule's named Go check.
func (r *Rule) evalCheck(x *runCtx) []*result {
	switch r.Check {
	case "strategy-attendance":
		return r.strategyAttendance(x)
	case "report-shared":
		return r.reportShared(x)
	case "corporate-code":
		return r.corporateCode(x)
	}
	return nil
}

// agencyWords lists agencies in plain words: "children's social care and the police".
func agencyWords(names []string) string {
	spec, _ := casefile.LookupKind(casefile.KindStrategyDiscussion)
	as, _ := spec.Attr("agencies")
	words := make([]string, len(names))
	for i, n := range names {
		switch n {
		case "police":
			words[i] = "the police"
		case "health":
			words[i] = "health"
		default:
			words[i] = strings.ToLower(as.ValueLabel(n)[:1]) + as.ValueLabel(n)[1:]
		}
	}
	return joinAnd(words)
}

func joinAnd(words []string) string {
	switch len(words) {
	case 0:
		return ""
	case 1:
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}

// strategyAttendance: a strategy discussion should involve, at least,
// children's social care, the police and health. Recorded agencies without
// the police or health are a breach of the guidance; agencies not recorded
// are needs-info when section 47 enquiries started at the discussion.
func (r *Rule) strategyAttendance(x *runCtx) []*result {
	var out []*result
	for _, m := range r.triggers(x) {
		e := m.e
		a := e.Attrs.Agencies
		if !a.Recorded() {
			if !x.startsEnquiries(e) {
				continue
			}
			rs := r.newResult(x, m)
			rs.status = casefile.StatusNeedsInfo
			rs.notes = append(rs.notes, "Section 47 enquiries started at it, but the record does not say who took part")
			out = append(out, rs)
			continue
		}
		rs := r.newResult(x, m)
		rs.notes = append(rs.notes, "The record shows that "+agencyWords(a.Names())+" took part")
		var missing []string
		for _, n := range []string{"police", "health"} {
			if !a.Has(n) {
				missing = append(missing, n)
			}
		}
		if len(missing) == 0 {
			rs.status = casefile.StatusMet
		} else {
			rs.status = casefile.StatusBreach
			rs.titleKey = "Not followed"
			rs.notes = append(rs.notes, "There is no record that "+agencyWords(missing)+" took part")
		}
		rs.settle(r)
		out = append(out, rs)
	}
	return out
}

// startsEnquiries reports whether section 47 enquiries started at a strategy
// discussion: it says so, or it is the discussion Redress counts them from.
func (x *runCtx) startsEnquiries(sd *casefile.Event) bool {
	if isS47Start(sd) {
		return true
	}
	for _, ep := range x.episodes() {
		if ep.initiation == sd && !ep.latest {
			return true
		}
	}
	return false
}

// reportShared: the social worker's report should reach the parents before a
// conference; Redress uses the rule's limit (2 working days) as the shortest
// period local procedures give.
func (r *Rule) reportShared(x *runCtx) []*result {
	var out []*result
	for _, m := range r.triggers(x) {
		e := m.e
		rs := r.newResult(x, m)
		rs.due = x.cal.AddWorkingDays(e.Date, -r.Limit.WorkingDays)
		shared := e.Attrs.ReportShared
		if e.Attrs.ParentsInvited != nil && !*e.Attrs.ParentsInvited {
			rs.notes = append(rs.notes, "The record says the parents were not invited to it")
		}
		switch {
		case shared.IsZero():
			rs.status = casefile.StatusNeedsInfo
			rs.notes = append(rs.notes, "The record does not say when the social worker's report reached the parents")
		case !shared.After(rs.due):
			rs.status = casefile.StatusMet
			rs.notes = append(rs.notes, "The report reached the parents on "+x.long(shared)+", by "+x.long(rs.due)+", "+r.limitStr+" before it")
		case shared.After(e.Date):
			rs.status = casefile.StatusConcern
			rs.notes = append(rs.notes, "The report reached the parents only on "+x.long(shared)+", after the conference")
		default:
			rs.status = casefile.StatusConcern
			n := x.cal.WorkingDaysBetween(shared, e.Date)
			when := plural(n, "working day", "working days") + " before it"
			if n <= 0 {
				when = "on the day of the conference"
			}
			rs.notes = append(rs.notes, fmt.Sprintf("The report reached the parents on %s, %s; it should have reached them by %s, %s before it",
				x.long(shared), when, x.long(rs.due), r.limitStr))
		}
		out = append(out, rs)
	}
	return out
}

// corporateCode checks a corporate complaint at one stage: against the
// council's own published timescale when the case gives one, else against
// the Ombudsman's Complaint Handling Code from the day the Ombudsman applies
// it (acknowledgement, then the reply counted from it); before that, with no
// local timescale, it asks for the council's timescale. A corporate complaint
// always gets a finding.
func (r *Rule) corporateCode(x *runCtx) []*result {
	trigs := r.triggers(x)
	replies := x.pair(trigs, x.candidates(r.Done))
	acks := x.pair(trigs, x.candidates(r.Anchor))
	var exts map[*casefile.Event]*casefile.Event
	if r.Extension != nil {
		exts = x.pair(trigs, x.candidates(r.Extension.Event))
	}
	code := r.Code
	var out []*result
	for _, m := range trigs {
		k := m.e
		rs := r.newResult(x, m)
		rs.done = replies[k]
		stage := k.Attrs.Stage
		local := 0
		if lt := x.c.LocalTimescales; lt != nil && stage == code.LocalStage {
			if stage == 1 {
				local = lt.Stage1WD
			} else {
				local = lt.Stage2WD
			}
		}
		switch {
		case stage != code.LocalStage:
			// A third stage of a council's own procedure: the Code has two.
			rs.status = casefile.StatusNeedsInfo
			rs.notes = append(rs.notes, fmt.Sprintf("%s has two stages, and Redress has no timescale for stage %d of a council's own procedure. Check the date against the timescale your council's published complaints procedure gives for stage %d", sentenceStart(code.Name), stage, stage))
			rs.needSaid = true // the case can hold a timescale for stages 1 and 2 only
		case local > 0:
			lt := x.c.LocalTimescales
			rs.limit = Limit{WorkingDays: local}
			rs.due = x.cal.AddWorkingDays(k.Date, local)
			rs.notes = append(rs.notes, fmt.Sprintf("The council's own procedure, as the family found it published (%s), gives %s for a stage %d reply: by %s",
				lt.Source, plural(local, "working day", "working days"), stage, x.long(rs.due)))
			rs.extraCits = append(rs.extraCits, casefile.Citation{
				Source:       localSource(x.c),
				Where:        fmt.Sprintf("stage %d reply within %s (as the family found it published; Redress has not checked it)", stage, plural(local, "working day", "working days")),
				URL:          webAddress(lt.Source),
				LegalStatus:  "local-procedure",
				Verification: "unverified",
			})
			r.settleReply(x, rs)
			if !k.Date.Before(code.From) {
				ackDue := code.Acknowledge.add(x.cal, k.Date)
				rs.notes = append(rs.notes, fmt.Sprintf("Since %s the Ombudsman also applies %s, which would mean an acknowledgement by %s and a reply %s after it",
					x.long(code.From), code.Name, x.long(ackDue), r.limitStr))
			}
		case k.Date.Before(code.From):
			rs.status = casefile.StatusNeedsInfo
			rs.notes = append(rs.notes, fmt.Sprintf("This complaint reached the council before %s, when the Ombudsman began applying %s, so the council's own procedure sets the timescale",
				x.long(code.From), code.Name))
		default:
			ackDue := code.Acknowledge.add(x.cal, k.Date)
			ack := acks[k]
			base := ackDue
			switch {
			case ack != nil && !ack.Date.After(ackDue):
				base = ack.Date
				rs.notes = append(rs.notes, fmt.Sprintf("It should have been acknowledged within %s, by %s; it was acknowledged on %s, in time", code.Acknowledge, x.long(ackDue), x.when(ack)))
			case ack != nil:
				rs.notes = append(rs.notes, fmt.Sprintf("It should have been acknowledged within %s, by %s; it was acknowledged only on %s, %s late, so Redress counts the reply from %s",
					code.Acknowledge, x.long(ackDue), x.when(ack), plural(x.cal.WorkingDaysBetween(ackDue, ack.Date), "working day", "working days"), x.long(ackDue)))
			case rs.done != nil && !rs.done.Date.After(ackDue):
				rs.notes = append(rs.notes, fmt.Sprintf("It should have been acknowledged within %s, by %s; the reply came within that time", code.Acknowledge, x.long(ackDue)))
			default:
				rs.notes = append(rs.notes, fmt.Sprintf("It should have been acknowledged within %s, by %s; there is no record of the acknowledgement, so Redress counts the reply from %s", code.Acknowledge, x.long(ackDue), x.long(ackDue)))
			}
			rs.due = r.Limit.add(x.cal, base)
			if ext := exts[k]; ext != nil && r.Extension != nil && (rs.done == nil || cmp(ext, rs.done) <= 0) {
				rs.ext = ext
				if !ext.Date.After(rs.due) {
					rs.extOK = true
					rs.limit = r.Extension.Limit
					rs.due = r.Extension.Limit.add(x.cal, base)
					rs.notes = append(rs.notes, fmt.Sprintf("%s on %s, before the reply was due, which allows %s from the acknowledgement; the Code says the reasons should be clearly explained", r.Extension.Text, x.long(ext.Date), r.Extension.Limit))
				} else {
					rs.notes = append(rs.notes, fmt.Sprintf("%s on %s, after the reply was already due, so that does not extend the time", r.Extension.Text, x.long(ext.Date)))
				}
			}
			rs.notes = append(rs.notes, fmt.Sprintf("%s says the reply should follow within %s of the acknowledgement: by %s", sentenceStart(code.Name), rs.limit, x.long(rs.due)))
			r.settleReply(x, rs)
			ackLate := (ack != nil && ack.Date.After(ackDue)) || (ack == nil && x.asOf.After(ackDue) && (rs.done == nil || rs.done.Date.After(ackDue)))
			switch {
			case ackLate && ack != nil && rs.status != casefile.StatusBreach:
				rs.status, rs.titleKey = casefile.StatusBreach, "Late"
				rs.done, rs.late = ack, x.cal.WorkingDaysBetween(ackDue, ack.Date)
			case ackLate && ack == nil && (rs.status == casefile.StatusMet || rs.status == casefile.StatusDue):
				rs.status = casefile.StatusNeedsInfo
				rs.notes = append(rs.notes, "Record the day the council acknowledged the complaint, if it did")
			}
		}
		out = append(out, rs)
	}
	return out
}

// settleReply gives a complaint's reply its status against rs.due.
func (r *Rule) settleReply(x *runCtx, rs *result) {
	switch {
	case rs.done != nil && !rs.done.Date.After(rs.due):
		rs.status = casefile.StatusMet
		rs.notes = append(rs.notes, "The reply came on "+x.when(rs.done)+", in time")
		if !rs.done.Attrs.IsComplete() {
			rs.status = casefile.StatusConcern
			rs.notes = append(rs.notes, "The family recorded that it left points unanswered; a full reply deals with every point of the complaint")
		}
	case rs.done != nil:
		rs.status = casefile.StatusBreach
		rs.late = max(x.cal.WorkingDaysBetween(rs.due, rs.done.Date), 1)
		rs.notes = append(rs.notes, fmt.Sprintf("The reply came on %s, %s late", x.when(rs.done), plural(rs.late, "working day", "working days")))
	case !x.asOf.After(rs.due):
		rs.status = casefile.StatusDue
		rs.notes = append(rs.notes, "There is no record yet of the reply")
	default:
		rs.status = casefile.StatusBreach
		rs.late = max(x.cal.WorkingDaysBetween(rs.due, x.asOf), 1)
		rs.notes = append(rs.notes, fmt.Sprintf("There is no record of a reply by %s; by %s that is %s late", x.long(rs.due), x.long(x.asOf), plural(rs.late, "working day", "working days")))
	}
}

func sentenceStart(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// localSource names the council's own procedure for a citation.
func localSource(c *casefile.Case) string {
	if c.Authority != "" {
		return c.Authority + " corporate complaints procedure"
	}
	return "The council's corporate complaints procedure"
}

// webAddress returns s if it is a web address, else "".
func webAddress(s string) string {
	if strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "http://") {
		return s
	}
	return ""
}

func explainCheck(r *Rule, x *runCtx, rs *result, p *para) {
	t := r.Text
	for _, n := range rs.notes {
		p.addS(n)
	}
	switch rs.status {
	case casefile.StatusNeedsInfo:
		if !rs.needSaid {
			p.addS(t.NeedInfo)
		}
	case casefile.StatusBreach, casefile.StatusConcern:
		if t.Required != "" {
			p.addS(t.Required)
		}
		if rs.status == casefile.StatusBreach {
			p.add(r.mayBreach())
		}
	}
}

func validateCheck(r *Rule, bad func(format string, args ...any)) {
	if !slices.Contains(recordChecks, r.Check) {
		bad("unknown check %q (known: %s)", r.Check, strings.Join(recordChecks, ", "))
	}
	if r.Check == "corporate-code" {
		switch {
		case r.Code == nil:
			bad("the corporate-code check needs code")
		case r.Code.From.IsZero() || r.Code.Name == "" || r.Code.LocalStage < 1 || r.Code.LocalStage > 2:
			bad("code needs from, name and local_stage (1 or 2)")
		default:
			if err := r.Code.Acknowledge.validate(false); err != nil || r.Code.Acknowledge.WorkingDays == 0 {
				bad("code.acknowledge must be in working days")
			}
		}
		if r.Limit.WorkingDays == 0 || len(r.Done) == 0 || len(r.Anchor) == 0 {
			bad("the corporate-code check needs a limit in working days, done (the reply) and anchor (the acknowledgement)")
		}
	}
}
