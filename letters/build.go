package letters

import (
	"embed"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"text/template"

	"github.com/redress-app/redress/casefile"
)

// ErrRequest marks a letter request that cannot be drafted as asked: a missing
// sender, no findings for a complaint, an unknown kind. The command line
// reports it as bad input.
var ErrRequest = errors.New("invalid letter request")

//go:embed templates/*.tmpl
var templateFS embed.FS

var templates = template.Must(template.New("letters").
	Funcs(template.FuncMap{
		"esc":  cleanText, // text inside a line, or after a directive
		"line": escText,   // text at the start of a line, which must never read as a directive
		"args": func(v *view, p pointView) challengeArgs { return challengeArgs{V: v, P: p} },
	}).
	Option("missingkey=error").
	ParseFS(templateFS, "templates/*.tmpl"))

// familyTimeLimits are rules about the family's own time limits (DESIGN
// section 4): they set the family's deadline and are never a point of complaint.
var familyTimeLimits = map[string]bool{"jr-3m": true}

func requestErr(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrRequest, fmt.Sprintf(format, args...))
}

// Build drafts the letter req asks for. It reports a bad request with an error
// wrapping ErrRequest, or casefile.ErrNotFound for a finding or chronology
// entry that names an event the case does not have.
func Build(req Request) (*Letter, error) {
	b, err := newBuilder(req)
	if err != nil {
		return nil, err
	}
	v, err := b.view()
	if err != nil {
		return nil, err
	}
	var out strings.Builder
	if err := templates.ExecuteTemplate(&out, string(req.Kind), v); err != nil {
		return nil, fmt.Errorf("draft %s letter: %w", req.Kind, err)
	}
	title, body, err := parseMarkup(out.String())
	if err != nil {
		return nil, fmt.Errorf("draft %s letter: %w", req.Kind, err)
	}
	l := &Letter{
		Kind:       req.Kind,
		Title:      title,
		From:       cleanParty(req.From),
		To:         cleanParty(req.To),
		Date:       req.Date,
		Reference:  cleanText(req.Reference),
		Body:       body,
		Enclosures: b.enclosures(),
		Sources:    b.sources.list,
		Checkpoint: cleanText(req.Checkpoint),
	}
	if req.Kind.Staged() || req.Kind == LGSCO {
		l.Procedure = b.proc
	}
	l.JR = b.jr
	l.cites = b.cites
	l.Warnings = append(b.warnings, b.sourceWarnings()...)
	return l, nil
}

type builder struct {
	req      Request
	proc     Procedure
	sources  schedule
	warnings []string
	points   []casefile.Finding
	limits   []casefile.Finding // family time limits among the findings
	cites    []citeUse          // every citation printed in the body, in order
	jr       *JRTime
}

// citeUse is a citation as the body of a letter printed it, kept so that tests
// can hold the body and the schedule of sources to the same verification.
type citeUse struct {
	Citation casefile.Citation
	NotInRef bool
	Flags    []string // what the body said about how far it can be relied on
}

func (b *builder) used(c casefile.Citation, notInRef bool) {
	b.cites = append(b.cites, citeUse{Citation: c, NotInRef: notInRef, Flags: citeFlags(c, notInRef)})
}

func newBuilder(req Request) (*builder, error) {
	if req.Case == nil {
		return nil, requestErr("no case")
	}
	if _, err := ParseKind(string(req.Kind)); err != nil {
		return nil, requestErr("%v", err)
	}
	b := &builder{req: req}
	switch {
	case req.Kind.Staged():
		p, err := ParseProcedure(string(req.Procedure))
		if err != nil {
			return nil, requestErr("%v", err)
		}
		b.proc = p
	case req.Kind == LGSCO:
		if req.Procedure != "" {
			p, err := ParseProcedure(string(req.Procedure))
			if err != nil {
				return nil, requestErr("%v", err)
			}
			b.proc = p
		} else {
			b.proc = recordedProcedure(req.Case, req.Date)
		}
	case req.Procedure != "":
		return nil, requestErr("a %s letter takes no complaints procedure", req.Kind)
	}
	if req.Date.IsZero() {
		return nil, requestErr("the letter has no date")
	}
	if strings.TrimSpace(req.From.Name) == "" {
		return nil, requestErr("the letter has no sender's name")
	}
	if strings.TrimSpace(req.To.Name) == "" {
		return nil, requestErr("the letter has no recipient")
	}
	seen := map[string]bool{}
	for _, f := range req.Findings {
		key := FindingKey(f)
		if seen[key] {
			return nil, requestErr("the finding %s is chosen twice", key)
		}
		seen[key] = true
		if f.Trigger != "" {
			if _, ok := req.Case.EventByID(f.Trigger); !ok {
				return nil, fmt.Errorf("finding %s: trigger event %q: %w", key, f.Trigger, casefile.ErrNotFound)
			}
		}
		if f.Done != "" {
			if _, ok := req.Case.EventByID(f.Done); !ok {
				return nil, fmt.Errorf("finding %s: event %q: %w", key, f.Done, casefile.ErrNotFound)
			}
		}
		if familyTimeLimits[f.Rule] {
			b.limits = append(b.limits, f)
			if req.Kind != JRLetter {
				b.warn("%s is your own time limit, not a point of complaint, so it is left out of the letter.", key)
			}
			continue
		}
		b.points = append(b.points, f)
		switch f.Status {
		case casefile.StatusBreach, casefile.StatusConcern:
		case casefile.StatusNeedsInfo:
			b.warn("%s needs more information: the record cannot yet show a breach.", key)
		case casefile.StatusDue:
			b.warn("%s is not late yet: its deadline has not passed.", key)
		default:
			b.warn("%s has the status %q, not a breach or a concern.", key, f.Status)
		}
	}
	if len(req.Challenge) > 0 && req.Kind != JRLetter {
		return nil, requestErr("only a letter before claim (jr-lbc) names acts to challenge, not a %s letter", req.Kind)
	}
	chosenActs := map[string]bool{}
	for _, id := range req.Challenge {
		if chosenActs[id] {
			return nil, requestErr("the act %s is challenged twice", id)
		}
		chosenActs[id] = true
		if _, ok := req.Case.EventByID(id); !ok {
			return nil, fmt.Errorf("act challenged %q: %w", id, casefile.ErrNotFound)
		}
	}
	if req.Kind.NeedsFindings() && len(b.points) == 0 && len(req.Challenge) == 0 {
		if req.Kind == JRLetter {
			return nil, requestErr("a jr-lbc letter needs at least one finding that is not a time limit, or an act to challenge")
		}
		return nil, requestErr("a %s letter needs at least one finding that is not a time limit", req.Kind)
	}
	if req.Kind.DataProtection() && len(b.points) > 0 {
		b.warn("a %s letter does not list findings: the %d chosen are left out.", req.Kind, len(b.points))
		b.points = nil
	}
	for _, id := range req.Events {
		if _, ok := req.Case.EventByID(id); !ok {
			return nil, fmt.Errorf("chronology entry %q: %w", id, casefile.ErrNotFound)
		}
	}
	if !req.Deadline.Date.IsZero() && strings.TrimSpace(req.Deadline.Rule) == "" {
		return nil, requestErr("the deadline of %s does not say what rule sets it", req.Deadline.Date.Long())
	}
	// An Ombudsman complaint sets no deadline, and a council's own procedures
	// set their own timescales, which the letter asks the council to state.
	if req.Deadline.Date.IsZero() && req.Kind != LGSCO && req.Kind != SARChase && req.Kind != ICO && !(req.Kind.Staged() && b.proc != Statutory) {
		b.warn("no response deadline was given, so the letter does not set one.")
	}
	return b, nil
}

func (b *builder) warn(format string, args ...any) {
	b.warnings = append(b.warnings, fmt.Sprintf(format, args...))
}

func (b *builder) sourceWarnings() []string {
	var names []string
	for _, s := range b.sources.list {
		if uncertain(s.Citation, s.NotInReference) {
			names = append(names, s.Name())
		}
	}
	if len(names) == 0 {
		return nil
	}
	are, them := "sources in this letter are", "them"
	if len(names) == 1 {
		are, them = "source in this letter is", "it"
	}
	return []string{fmt.Sprintf("%d %s not fully verified; check %s before sending: %s.",
		len(names), are, them, strings.Join(names, "; "))}
}

// FindingKey names a finding as the command line does: RULE:TRIGGER.
func FindingKey(f casefile.Finding) string { return f.Rule + ":" + f.Trigger }

func cleanParty(p Party) Party {
	out := Party{Name: cleanText(p.Name)}
	for _, l := range p.Lines {
		if l = cleanText(l); l != "" {
			out.Lines = append(out.Lines, l)
		}
	}
	return out
}

// recordedProcedure is the procedure of the latest complaint in the record.
func recordedProcedure(c *casefile.Case, asOf casefile.Date) Procedure {
	p := Statutory
	var last casefile.Date
	for _, e := range c.Events {
		if e.Kind == casefile.KindComplaintMade && !e.Date.After(asOf) && !e.Date.Before(last) {
			last, p = e.Date, Procedure(e.Attrs.ComplaintProcedure())
		}
	}
	return p
}

// view is what the templates see.
type view struct {
	b *builder

	Kind           string
	Procedure      string
	Authority      string
	Children       string // "Baby A", "Child A and Child B"; "" when the case names none
	ChildWord      string // "child" or "children"
	From, To       Party
	Date           string
	Reference      string
	TheirReference string
	Salutation     string
	Closing        string

	Points      []pointView
	Chronology  []string
	Outcomes    []string
	Deadline    *deadlineView
	Corrections []Correction
	Matter      string
	Information []string
	Impact      []string

	Prev      *responseView // the response at the previous stage (stage 2 and 3 requests)
	PrevStage int
	History   []string   // where the complaints procedure stands (Ombudsman complaint)
	Complete  bool       // the complaints procedure is complete (Ombudsman complaint)
	Earliest  string     // the earliest date a point arose
	OverAYear bool       // the earliest point arose more than a year before the letter
	TimeLimit *limitView // letter before claim: the earliest time limit among the acts challenged
	Expired   bool       // a time limit among the acts challenged has passed
	// ShortReply: the proposed reply date is less than 14 days before the
	// earliest time limit that has not passed (LiveLimit), so the letter asks
	// for a reply by ReplyBy ("" means as soon as possible).
	ShortReply bool
	ReplyBy    string
	LiveLimit  string
	Responses  bool // the council's responses are among the enclosures (Ombudsman complaint)
	// Delays are, for an Ombudsman complaint made before the council's
	// procedure is complete, the council's own delays: why the Ombudsman may
	// act now.
	Delays []string
	// SAR is the subject access request already made (chaser, complaint to
	// the Information Commissioner); ForChild: a request on the child's behalf.
	SAR      *sarView
	ForChild bool

	ExpectWhat string // what the deadline sentence expects: "your response", "the panel to meet"
	CheckLabel string
}

type pointView struct {
	Number     int
	Title      string
	Happened   string
	Should     string
	Citations  []casefile.Citation
	Unresolved string
	Limit      string // letter before claim: the ground's own date and time limit

	// Challenge marks a ground of a letter before claim drawn from an act the
	// family names (Request.Challenge) rather than from a finding; Facts are
	// the findings about that act, and the flags say which public-law grounds
	// the template frames.
	Challenge       bool
	Facts           []factView
	Guidance        bool // a finding about the act cites statutory guidance
	S47Decision     bool // the act is a decision to start section 47 enquiries
	ChecksNoConsent bool // the act is a check with another agency without consent
}

type factView struct {
	Text      string
	Citations []casefile.Citation
}

type deadlineView struct {
	Date     string
	Rule     string
	Citation casefile.Citation
	Received string // the day counted from, when the caller gave it
}

type responseView struct {
	Date   string
	Detail string
}

// Cite returns the inline citation of the template source id and adds it to
// the schedule of sources.
func (v *view) Cite(id string) (string, error) {
	s, ok := fixedSources[id]
	if !ok {
		return "", fmt.Errorf("unknown source %q", id)
	}
	v.b.sources.add(s.Citation, s.NotInReference)
	v.b.used(s.Citation, s.NotInReference)
	// The template's own words name the source and its force; only doubts are added.
	out := s.Short
	if flags := citeFlags(s.Citation, s.NotInReference); len(flags) > 0 {
		out += " (" + strings.Join(flags, "; ") + ")"
	}
	return cleanText(out), nil
}

// CiteOne returns the inline citation of c and adds it to the schedule.
func (v *view) CiteOne(c casefile.Citation) string {
	if strings.TrimSpace(c.Source) == "" {
		return ""
	}
	c.Verification = normVerification(c.Verification)
	v.b.sources.add(c, false)
	v.b.used(c, false)
	return cleanText(inlineCite(citeName(c), c, false))
}

// Cites returns the inline citations of cs, joined, and adds them to the schedule.
func (v *view) Cites(cs []casefile.Citation) string {
	var parts []string
	for _, c := range cs {
		if s := v.CiteOne(c); s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, "; ")
}

func (b *builder) view() (*view, error) {
	req, c := b.req, b.req.Case
	v := &view{
		b:              b,
		Kind:           string(req.Kind),
		Procedure:      string(b.proc),
		Authority:      cleanText(c.Authority),
		From:           cleanParty(req.From),
		To:             cleanParty(req.To),
		Date:           req.Date.Long(),
		Reference:      cleanText(req.Reference),
		TheirReference: cleanText(req.TheirReference),
		Salutation:     cleanText(req.Salutation),
		Closing:        "Yours sincerely,",
		Outcomes:       cleanLines(req.Outcomes),
		Matter:         cleanText(req.Matter),
		Information:    cleanLines(req.Information),
		Impact:         cleanLines(req.Impact),
		ExpectWhat:     "your response",
		CheckLabel:     CheckLabel,
	}
	switch req.Kind {
	case Stage2:
		v.ExpectWhat = "the stage 2 response"
	case Stage3:
		if b.proc == Statutory {
			v.ExpectWhat = "the review panel to meet"
		}
	}
	if v.Authority == "" {
		v.Authority = "the council"
	}
	if v.Salutation == "" {
		v.Salutation, v.Closing = "Dear Sir or Madam", "Yours faithfully,"
	}
	var names []string
	for _, ch := range c.Children {
		if n := cleanText(ch.Name); n != "" {
			names = append(names, n)
		}
	}
	v.Children, v.ChildWord = joinAnd(names), "child"
	if len(names) > 1 {
		v.ChildWord = "children"
	}
	if d := req.Deadline; !d.Date.IsZero() {
		if own, ok := DeadlineSource(req.Kind); ok {
			d.Citation = own
		}
		v.Deadline = &deadlineView{Date: d.Date.Long(), Rule: cleanText(d.Rule), Citation: d.Citation}
		if !d.Received.IsZero() {
			v.Deadline.Received = d.Received.Long()
		}
	}

	// The previous stage's response, for stage 2 and 3 requests.
	if st := req.Kind.Stage(); st > 1 {
		v.PrevStage = st - 1
		if e := latestEvent(c, req.Date, func(e *casefile.Event) bool {
			return e.Kind == casefile.KindComplaintResponse && e.Attrs.Stage == st-1
		}); e != nil {
			v.Prev = &responseView{Date: dateWords(e), Detail: cleanText(strings.TrimSuffix(strings.TrimSpace(e.Detail), "."))}
		} else if b.proc == Statutory {
			b.warn("there is no stage %d response in the record; a stage %d request normally follows it.", st-1, st)
		}
	}

	var earliest casefile.Date
	if len(req.Challenge) > 0 {
		b.challengePoints()
	}
	for i, f := range b.points {
		if f.Rule == challengeRule {
			v.Points = append(v.Points, b.challengePoint(i+1, f))
			if !f.TriggerDate.IsZero() && (earliest.IsZero() || f.TriggerDate.Before(earliest)) {
				earliest = f.TriggerDate
			}
			continue
		}
		p := pointView{Number: i + 1, Title: cleanText(f.Title), Citations: f.Citations}
		if p.Title == "" {
			p.Title = f.Rule
		}
		if req.Kind == JRLetter {
			p.Title = groundTitle(p.Title)
		}
		p.Happened = b.happened(f)
		p.Should = b.should(f)
		if v.PrevStage > 0 {
			p.Unresolved = b.unresolved(f, v)
		}
		v.Points = append(v.Points, p)
		if !f.TriggerDate.IsZero() && (earliest.IsZero() || f.TriggerDate.Before(earliest)) {
			earliest = f.TriggerDate
		}
	}
	if !earliest.IsZero() {
		v.Earliest = earliest.Long()
		v.OverAYear = earliest.AddMonths(12).Before(req.Date)
	}

	// A letter before claim that names the acts it challenges lists them as
	// the matter challenged, with any chronology entries chosen.
	for _, e := range chronology(c, append(slices.Clone(req.Challenge), req.Events...)) {
		v.Chronology = append(v.Chronology, eventLine(c, e))
	}

	if req.Kind == JRLetter {
		b.judicialReviewTime(v)
	}

	if v.OverAYear && b.proc == Statutory && req.Kind.Staged() {
		b.warn("some points arose more than a year ago (%s): say in the letter why the complaint was not made sooner.", v.Earliest)
	}
	if req.Kind == Stage3 && b.proc != Statutory {
		b.warn("a %s complaints procedure usually has two stages: check the council's procedure before asking for a third.", b.proc)
	}

	if req.Kind == LGSCO {
		v.Responses = len(b.recordEnclosures()) > 0
		if !v.Responses {
			b.warn("the council's responses are not in your record as documents, so the letter does not say they are enclosed: import them and link them to their events, or send them with the complaint yourself.")
		}
		v.History, v.Complete = procedureHistory(c, req.Date, b.proc)
		if !v.Complete {
			v.Delays = b.premature(v)
		}
	}
	if req.Kind == SARChase || req.Kind == ICO {
		sv, err := b.sarView()
		if err != nil {
			return nil, err
		}
		v.SAR = sv
	}
	if req.ForChild {
		if req.Kind != SAR {
			return nil, requestErr("only a subject access request (sar) is made on the child's behalf, not a %s letter", req.Kind)
		}
		if v.Children == "" {
			return nil, requestErr("a subject access request on the child's behalf needs the child in the case")
		}
		v.ForChild = true
	}

	if req.Kind == Rectification {
		for _, k := range req.Corrections {
			k = Correction{Record: cleanText(k.Record), Says: cleanText(k.Says), Correct: cleanText(k.Correct), Evidence: cleanText(k.Evidence)}
			if k.Record == "" || (k.Says == "" && k.Correct == "") {
				return nil, requestErr("a correction must name the record and say what it says or what is correct")
			}
			v.Corrections = append(v.Corrections, k)
		}
		if len(v.Corrections) == 0 {
			for _, e := range chronology(c, req.Events) {
				if e.Status == casefile.FactDisputed {
					v.Corrections = append(v.Corrections, Correction{
						Record:  "The record of " + dateWords(e) + " (" + e.Kind.Label() + ")",
						Says:    cleanText(e.Detail),
						Correct: CorrectPlaceholder,
					})
				}
			}
			if len(v.Corrections) > 0 {
				b.warn("the corrections are drawn from the entries you dispute: replace %q in each with what the record should say before sending.", CorrectPlaceholder)
			}
		}
		if len(v.Corrections) == 0 {
			return nil, requestErr("a rectification request needs at least one correction, or a chosen chronology entry you dispute")
		}
	}
	return v, nil
}

// happened describes, from the record, the events a finding is about.
func (b *builder) happened(f casefile.Finding) string {
	c := b.req.Case
	var lines []string
	if e, ok := c.EventByID(f.Trigger); ok && f.Trigger != "" {
		lines = append(lines, eventLine(c, e))
	} else if !f.TriggerDate.IsZero() {
		lines = append(lines, f.TriggerDate.Long())
	}
	if e, ok := c.EventByID(f.Done); ok && f.Done != "" {
		lines = append(lines, eventLine(c, e))
	}
	if len(lines) == 0 {
		return ""
	}
	return strings.Join(lines, "; ") + "."
}

// should is the finding's explanation, with its deadline when the explanation
// does not already give it.
func (b *builder) should(f casefile.Finding) string {
	s := cleanText(letterExplanation(f.Explanation))
	if s != "" && !strings.HasSuffix(s, ".") {
		s += "."
	}
	if !f.Due.IsZero() && !strings.Contains(s, f.Due.Long()) {
		verb := "was"
		if !f.Due.Before(b.req.Date) {
			verb = "is"
		}
		s = strings.TrimSpace(s + " The deadline " + verb + " " + f.Due.Long() + ".")
	}
	return s
}

// CorrectPlaceholder stands, in a request to correct records drawn from the
// entries the family disputes, where the family must say what is correct.
const CorrectPlaceholder = "[Say what the record should say: fill this in before sending]"

// whyItMatters starts the part of a finding's explanation that tells the
// family why the rule matters and what they can do (the checks engine's
// wording). It is written to the family, not the council, so a letter leaves
// it out.
const whyItMatters = "Why it matters:"

// letterExplanation is the part of a finding's explanation a letter to the
// council prints: what happened and what should have happened.
func letterExplanation(s string) string {
	if i := strings.Index(s, whyItMatters); i >= 0 {
		s = s[:i]
	}
	return strings.TrimSpace(s)
}

func (b *builder) unresolved(f casefile.Finding, v *view) string {
	if s := cleanText(b.req.Unresolved[FindingKey(f)]); s != "" {
		return s
	}
	if v.Prev != nil {
		return fmt.Sprintf("The stage %d response of %s did not put this right.", v.PrevStage, v.Prev.Date)
	}
	return fmt.Sprintf("There is no record of a stage %d response on this point.", v.PrevStage)
}

func (b *builder) enclosures() []string {
	var out []string
	seen := map[string]bool{}
	add := func(s string) {
		if s = cleanText(s); s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	for _, s := range b.recordEnclosures() {
		add(s)
	}
	for _, s := range b.req.Enclosures {
		add(s)
	}
	return out
}

// recordEnclosures are the council's responses in the record, which an
// Ombudsman complaint encloses.
func (b *builder) recordEnclosures() []string {
	var out []string
	if b.req.Kind == LGSCO {
		for _, e := range sortedEvents(b.req.Case.Events) {
			if e.Date.After(b.req.Date) {
				continue
			}
			var what string
			switch e.Kind {
			case casefile.KindComplaintResponse:
				what = fmt.Sprintf("The council’s stage %d response of %s", e.Attrs.Stage, dateWords(e))
			case casefile.KindComplaintExtension:
				what = fmt.Sprintf("The council’s notice of %s extending stage %d", dateWords(e), e.Attrs.Stage)
			case casefile.KindPanelReport:
				what = "The review panel’s report of " + dateWords(e)
			case casefile.KindPanelResponse:
				what = "The council’s response of " + dateWords(e) + " to the review panel"
			default:
				continue
			}
			// Only what is in the record as a document is enclosed: a response
			// recorded without its letter cannot be sent with this one.
			docs := documentNames(b.req.Case, e)
			if docs == "" {
				continue
			}
			out = append(out, what+" ("+docs+")")
		}
	}
	return out
}

func documentNames(c *casefile.Case, e *casefile.Event) string {
	var names []string
	for _, ref := range e.Evidence {
		id, page, err := casefile.ParseEvidence(ref)
		if err != nil {
			continue
		}
		for _, d := range c.Documents {
			if d.ID == id {
				n := cleanText(d.Name)
				if page > 0 {
					n += fmt.Sprintf(", page %d", page)
				}
				names = append(names, n)
			}
		}
	}
	return strings.Join(names, "; ")
}

// procedureHistory says, stage by stage, where the complaints procedure stands
// on the letter's date, and whether it is complete.
func procedureHistory(c *casefile.Case, asOf casefile.Date, p Procedure) ([]string, bool) {
	type stage struct{ parts []string }
	stages := map[int]*stage{}
	responded := map[int]bool{}
	maxStage, panelResponse := 0, false
	at := func(n int) *stage {
		if stages[n] == nil {
			stages[n] = &stage{}
		}
		if n > maxStage {
			maxStage = n
		}
		return stages[n]
	}
	for _, e := range sortedEvents(c.Events) {
		if e.Date.After(asOf) {
			continue
		}
		d := dateWords(e)
		switch e.Kind {
		case casefile.KindComplaintMade:
			what := "complaint received on " + d
			if e.Attrs.Stage > 1 {
				what = "request received on " + d
			}
			if e.Attrs.ComplaintProcedure() != string(Statutory) {
				what += " (" + e.Attrs.ComplaintProcedure() + " procedure)"
			}
			at(e.Attrs.Stage).parts = append(at(e.Attrs.Stage).parts, what)
		case casefile.KindComplaintExtension:
			at(e.Attrs.Stage).parts = append(at(e.Attrs.Stage).parts, "extension notified on "+d)
		case casefile.KindComplaintResponse:
			at(e.Attrs.Stage).parts = append(at(e.Attrs.Stage).parts, "response sent on "+d)
			responded[e.Attrs.Stage] = true
		case casefile.KindPanelHeld:
			at(3).parts = append(at(3).parts, "review panel held on "+d)
		case casefile.KindPanelReport:
			at(3).parts = append(at(3).parts, "panel report sent on "+d)
		case casefile.KindPanelResponse:
			at(3).parts = append(at(3).parts, "council’s response to the panel sent on "+d)
			panelResponse = true
		}
	}
	var lines []string
	for n := 1; n <= maxStage; n++ {
		s := stages[n]
		if s == nil || n == 0 {
			continue
		}
		if !responded[n] && !(n == 3 && panelResponse) {
			s.parts = append(s.parts, "no response recorded yet")
		}
		lines = append(lines, fmt.Sprintf("Stage %d: %s.", n, strings.Join(s.parts, "; ")))
	}
	complete := false
	if p == Statutory || p == "" {
		complete = panelResponse
	} else {
		complete = maxStage >= 2 && responded[maxStage]
	}
	return lines, complete
}

// chronology returns the chosen events, each once, in date order (then time,
// then their order in the case).
func chronology(c *casefile.Case, ids []string) []*casefile.Event {
	chosen := map[string]bool{}
	for _, id := range ids {
		chosen[id] = true
	}
	var evs []*casefile.Event
	for _, e := range sortedEvents(c.Events) {
		if chosen[e.ID] {
			evs = append(evs, e)
			delete(chosen, e.ID)
		}
	}
	return evs
}

func sortedEvents(all []casefile.Event) []*casefile.Event {
	evs := make([]*casefile.Event, len(all))
	for i := range all {
		evs[i] = &all[i]
	}
	sortEvents(evs)
	return evs
}

func sortEvents(evs []*casefile.Event) {
	sort.SliceStable(evs, func(i, j int) bool {
		a, b := evs[i], evs[j]
		if c := a.Date.Compare(b.Date); c != 0 {
			return c < 0
		}
		if !a.Time.IsZero() && !b.Time.IsZero() {
			return a.Time.Minutes() < b.Time.Minutes()
		}
		return false
	})
}

func latestEvent(c *casefile.Case, asOf casefile.Date, match func(*casefile.Event) bool) *casefile.Event {
	var best *casefile.Event
	for _, e := range sortedEvents(c.Events) {
		if !e.Date.After(asOf) && match(e) {
			best = e
		}
	}
	return best
}

// dateWords is an event's date as a letter prints it: "6 November 2025",
// "about 6 November 2025", "6 November 2025 at 10:15".
func dateWords(e *casefile.Event) string {
	s := e.Date.Long()
	if e.Approx() {
		s = "about " + s
	}
	if !e.Time.IsZero() {
		s += " at " + e.Time.String()
	}
	return s
}

// eventLine is one entry of a chronology:
// "13 October 2025 — Checks with other agencies (GP; without the parents’ consent)".
func eventLine(c *casefile.Case, e *casefile.Event) string {
	// Something else is said in its own words, not under a heading.
	if d := cleanText(strings.TrimSpace(e.Detail)); e.Kind == casefile.KindOther && d != "" {
		s := dateWords(e) + " — " + strings.TrimSuffix(d, ".") + statusWords(e.Status)
		return s + quotedWords(c, e)
	}
	s := dateWords(e) + " — " + e.Kind.Label()
	if attrs := attrWords(c, e); len(attrs) > 0 {
		s += " (" + strings.Join(attrs, "; ") + ")"
	}
	if d := cleanText(strings.TrimSpace(e.Detail)); d != "" {
		s += ": " + strings.TrimSuffix(d, ".")
	}
	return s + statusWords(e.Status) + quotedWords(c, e)
}

// statusWords says, after a chronology entry, whether the family disputes it
// or it comes only from the council's records.
func statusWords(st casefile.FactStatus) string {
	switch st {
	case casefile.FactLARecord:
		return " (as the council’s records say)"
	case casefile.FactDisputed:
		return " (disputed)"
	}
	return ""
}

func attrWords(c *casefile.Case, e *casefile.Event) []string {
	a := e.Attrs
	var out []string
	yesNo := func(p *bool, yes, no string) {
		if p != nil {
			if *p {
				out = append(out, yes)
			} else {
				out = append(out, no)
			}
		}
	}
	switch e.Kind {
	case casefile.KindThirdPartyChecks:
		if a.Agency != "" {
			out = append(out, cleanText(a.Agency))
		}
		yesNo(a.Consent, "with the parents’ consent", "without the parents’ consent")
	case casefile.KindStrategyDiscussion:
		yesNo(a.S47, "section 47 enquiries started at it", "section 47 enquiries not started at it")
	case casefile.KindS47Concluded:
		switch a.Outcome {
		case "nfa":
			out = append(out, "outcome: no further action")
		case "cin":
			out = append(out, "outcome: child in need")
		case "icpc":
			out = append(out, "outcome: a child protection conference")
		}
	case casefile.KindChildSeen:
		yesNo(a.Alone, "seen alone", "not seen alone")
	case casefile.KindICPC:
		yesNo(a.Plan, "child protection plan made", "no plan made")
	case casefile.KindReviewConference:
		yesNo(a.Plan, "plan continues", "plan ended")
	case casefile.KindAssessmentStarted, casefile.KindAssessmentCompleted:
		if t := a.AssessmentType(); t != "single" {
			out = append(out, t+" assessment")
		}
	case casefile.KindComplaintMade, casefile.KindComplaintExtension, casefile.KindComplaintResponse:
		if a.Stage > 0 {
			out = append(out, fmt.Sprintf("stage %d", a.Stage))
		}
		if a.Procedure != "" && a.Procedure != string(Statutory) {
			out = append(out, a.Procedure+" procedure")
		}
	case casefile.KindDecision:
		if a.Description != "" {
			out = append(out, cleanText(a.Description))
		}
	}
	if e.Child != "" && len(c.Children) > 1 {
		if ch, ok := c.ChildByID(e.Child); ok && ch.Name != "" {
			out = append(out, cleanText(ch.Name))
		}
	}
	return out
}

func cleanLines(in []string) []string {
	var out []string
	for _, s := range in {
		if s = cleanText(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func joinAnd(s []string) string {
	switch len(s) {
	case 0:
		return ""
	case 1:
		return s[0]
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}

// SuggestOutcomes returns the outcomes to offer for findings: the remedies of
// each finding's rule, from remedies (rule id -> remedies, as the rules give
// them), in the findings' order, each once.
func SuggestOutcomes(findings []casefile.Finding, remedies map[string][]string) []string {
	var out []string
	for _, f := range findings {
		for _, r := range remedies[f.Rule] {
			if r = cleanText(r); r != "" && !slices.Contains(out, r) {
				out = append(out, r)
			}
		}
	}
	return out
}

// deadlineSources are the sources a letter states its own response deadline
// with, whatever citation the caller's deadline carries: the Protocol itself
// for a letter before claim (not a firm's summary of it), the Information
// Commissioner's method for the month of a subject access request, and the
// amended Article 12(3) for a request to correct records.
var deadlineSources = map[Kind]string{
	JRLetter:      "pap-jr-14-days",
	SAR:           "ico-sar-time",
	Rectification: "uk-gdpr-art12-3-rectification",
}

// DeadlineSource returns the citation a letter of kind k states its response
// deadline with (see SourceCitation), when the letter has its own; Build uses
// it in place of the citation of the Request's Deadline.
func DeadlineSource(k Kind) (casefile.Citation, bool) {
	id, ok := deadlineSources[k]
	if !ok {
		return casefile.Citation{}, false
	}
	return SourceCitation(id)
}

// groundSuffixes turn the checks' status words, which begin a finding's
// title ("Late: initial child protection conference"), into what a ground
// of a letter before claim says of its subject. The app's own labels are
// never a ground's heading.
var groundSuffixes = map[string]string{
	"Concern":      "",
	"Late":         ": not done within the time set",
	"Missed":       ": not done",
	"Out of order": ": not done in the order required",
	"Too long":     ": took longer than the time set",
	"Not followed": ": not followed",
}

// groundTitle is a finding's title as the heading of a ground in a letter
// before claim: its subject, with what was wrong in words, not the
// checks' status label. A title with no such label is kept as it is.
func groundTitle(title string) string {
	label, subject, ok := strings.Cut(title, ": ")
	suffix, known := groundSuffixes[label]
	if !ok || !known || subject == "" {
		return title
	}
	return capitalise(subject) + suffix
}
