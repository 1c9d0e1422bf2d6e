package letters

import (
	"fmt"
	"strings"

	"github.com/redress-app/redress/casefile"
)

// jrLimitRule is the rule whose findings give the family's judicial review
// time limit for an act (DESIGN section 4: every act a judicial review point
// could challenge has one).
const jrLimitRule = "jr-3m"

// jrMonths is the judicial review time limit, CPR 54.5(1): "promptly and in
// any event not later than 3 months after the grounds to make the claim first
// arose". A letter counts it only for a ground whose act has no jr-3m
// finding, the way the checks count "within N months" (casefile.Date.AddMonths).
const jrMonths = 3

// protocolReplyDays is the reply period the Pre-Action Protocol for Judicial
// Review normally allows (REFERENCE.md section 13.5: verified-secondary, the
// paragraph not seen). A reply due less than this many days before the time
// limit for the claim leaves no time to act on it.
const protocolReplyDays = 14

// JRTime is what a letter before claim says about the judicial review time
// limit, for the person drafting: the command line prints its warnings and the
// desktop app can show it beside the letter.
type JRTime struct {
	// Limit is the last day of the earliest 3-month period among the acts the
	// letter challenges (its grounds, and the time limits chosen with them).
	Limit casefile.Date
	// Act is the event of that act ("" when the finding names none), ActDate its date.
	Act     string
	ActDate casefile.Date
	// Ground is the number of the ground whose act it is; 0 for a time limit
	// chosen without a ground about the same act.
	Ground int
	// Counted is true when the checks gave no time limit for that act and the
	// letter counted 3 months from its date.
	Counted bool
	// Expired is true when Limit is before the letter's date.
	Expired bool
	// Reply is the reply date the letter's deadline gives (the Protocol's 14
	// days); ShortReply is true when it is less than 14 days before the
	// earliest limit that has not passed, so that the letter asks for a reply
	// by ReplyBy instead (the zero Date: as soon as possible).
	Reply      casefile.Date
	ShortReply bool
	ReplyBy    casefile.Date
	// LiveLimit is the earliest limit on or after the letter's date, which the
	// short reply is measured against (the same as Limit unless Limit has passed).
	LiveLimit casefile.Date
}

// limitView is the time limit as the template states it.
type limitView struct {
	Date    string
	ActWhat string
	ActDate string
	Ground  int
	Counted bool
	Several bool // the letter challenges more than one act with a known limit
}

type actLimit struct {
	act     string
	actDate casefile.Date
	what    string
	limit   casefile.Date
	ground  int
	counted bool
}

// judicialReviewTime works out, for a letter before claim, each ground's own
// date and time limit, the earliest limit among all the acts challenged, and
// whether the proposed reply date leaves 14 days before it.
func (b *builder) judicialReviewTime(v *view) {
	req, c := b.req, b.req.Case
	byAct := map[string]casefile.Finding{}
	for _, f := range b.limits {
		if f.Rule != jrLimitRule || f.Due.IsZero() {
			continue
		}
		if old, ok := byAct[f.Trigger]; !ok || f.Due.Before(old.Due) {
			byAct[f.Trigger] = f
		}
	}
	actWhat := func(id string) (string, casefile.Date) {
		e, ok := c.EventByID(id)
		if !ok || id == "" {
			return "", casefile.Date{}
		}
		what := e.Kind.Label()
		if attrs := attrWords(c, e); len(attrs) > 0 {
			what += " (" + strings.Join(attrs, "; ") + ")"
		}
		return what, e.Date
	}

	var all []actLimit
	grounds := map[string]bool{}
	for i, f := range b.points {
		what, date := actWhat(f.Trigger)
		if date.IsZero() {
			date = f.TriggerDate
		}
		if date.IsZero() {
			b.warn("ground %d (%s) has no date in the record, so the letter gives no time limit for it: check when its grounds first arose.", i+1, FindingKey(f))
			continue
		}
		al := actLimit{act: f.Trigger, actDate: date, what: what, ground: i + 1}
		if lf, ok := byAct[f.Trigger]; ok && f.Trigger != "" {
			al.limit = lf.Due
		} else {
			al.limit, al.counted = date.AddMonths(jrMonths), true
			b.warn("ground %d (%s): the checks give no judicial review time limit for the act of %s, so the letter counts %d months from that date (%s); check when the grounds first arose.",
				i+1, FindingKey(f), date.Long(), jrMonths, al.limit.Long())
		}
		grounds[f.Trigger] = true
		all = append(all, al)
		v.Points[i].Limit = groundLimitText(al, req.Date)
	}
	for _, f := range b.limits {
		if f.Rule != jrLimitRule || f.Due.IsZero() || (f.Trigger != "" && grounds[f.Trigger]) {
			continue
		}
		what, date := actWhat(f.Trigger)
		if date.IsZero() {
			date = f.TriggerDate
		}
		all = append(all, actLimit{act: f.Trigger, actDate: date, what: what, limit: f.Due})
	}
	if len(all) == 0 {
		return
	}

	earliest, live := -1, -1
	for i, al := range all {
		if earliest < 0 || al.limit.Before(all[earliest].limit) {
			earliest = i
		}
		if !al.limit.Before(req.Date) && (live < 0 || al.limit.Before(all[live].limit)) {
			live = i
		}
	}
	e := all[earliest]
	t := &JRTime{Limit: e.limit, Act: e.act, ActDate: e.actDate, Ground: e.ground, Counted: e.counted,
		Expired: e.limit.Before(req.Date), Reply: req.Deadline.Date}
	what := e.what
	if what == "" {
		what = "the act challenged"
	}
	v.TimeLimit = &limitView{Date: e.limit.Long(), ActWhat: what, Ground: e.ground, Counted: e.counted, Several: len(all) > 1}
	if !e.actDate.IsZero() {
		v.TimeLimit.ActDate = e.actDate.Long()
	}
	for _, al := range all {
		if al.limit.Before(req.Date) {
			v.Expired = true
			b.warn("the judicial review time limit for %s passed on %s: take legal advice before sending this letter.", actName(al), al.limit.Long())
		}
	}
	if live >= 0 {
		t.LiveLimit = all[live].limit
		latestFull := t.LiveLimit.AddDays(-protocolReplyDays)
		if !t.Reply.IsZero() && t.Reply.After(latestFull) {
			t.ShortReply = true
			if latestFull.After(req.Date) {
				t.ReplyBy = latestFull
				v.ReplyBy = latestFull.Long()
			}
			v.ShortReply = true
			v.LiveLimit = t.LiveLimit.Long()
			asked := "as soon as possible"
			if !t.ReplyBy.IsZero() {
				asked = "by " + t.ReplyBy.Long()
			}
			b.warn("the judicial review time limit for %s ends on %s, less than %d days after the reply date the Protocol's usual %d days give (%s), so the letter asks for a reply %s. Take legal advice now: the claim may have to be filed without waiting for a reply.",
				actName(all[live]), t.LiveLimit.Long(), protocolReplyDays, protocolReplyDays, t.Reply.Long(), asked)
		}
	}
	b.jr = t
}

func actName(al actLimit) string {
	s := "the act of " + al.actDate.Long()
	if al.actDate.IsZero() {
		s = "an act with no recorded date"
	}
	if al.ground > 0 {
		s = fmt.Sprintf("ground %d (%s)", al.ground, s)
	}
	return s
}

// groundLimitText is the sentence a ground of a letter before claim gives
// about its own date and time limit.
func groundLimitText(al actLimit, letterDate casefile.Date) string {
	what := al.what
	if what == "" {
		what = "the act challenged"
	}
	s := fmt.Sprintf("The act challenged on this ground: %s — %s. On the claimant’s record the 3-month period for a claim on this ground ends on %s",
		al.actDate.Long(), what, al.limit.Long())
	if al.counted {
		s += ", counted as 3 months from the date of the act"
	}
	if al.limit.Before(letterDate) {
		s += "; it has already ended"
	}
	return s + "."
}
