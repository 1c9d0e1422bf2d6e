package checks

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"

	"github.com/redress-app/redress/casefile"
)

//go:embed rules/*.yaml editions.yaml
var ruleFS embed.FS

// Kind names the Go code that evaluates a rule. The set is closed: a rule file
// naming any other kind does not load.
type Kind string

// The rule kinds.
const (
	// KindDeadline: each trigger must be followed by a step within a limit
	// (working days, days, weeks or months), optionally extended by a notice
	// given in time.
	KindDeadline Kind = "deadline"
	// KindDuration: a state (police protection, an emergency protection order)
	// may last at most a fixed time, counted on the clock when times are known.
	KindDuration Kind = "duration"
	// KindStepBefore: a step must have happened on or before the trigger.
	KindStepBefore Kind = "step-before"
	// KindNotBefore: the trigger must not come before an anchor (such as the
	// start of section 47 enquiries) unless a condition excuses it.
	KindNotBefore Kind = "not-before"
	// KindDuring: a step must happen between the trigger and the end of the
	// process it starts.
	KindDuring Kind = "during"
	// KindExtensionNotice: a notice extending a deadline must be given before the
	// original deadline.
	KindExtensionNotice Kind = "extension-notice"
	// KindFamilyLimit: the family's own time limit. It is never a breach: it is
	// due until its deadline and expired after it.
	KindFamilyLimit Kind = "family-limit"
	// KindConcern: a practice issue the record supports raising that is not a
	// breach of a fixed timescale; Check names the Go check.
	KindConcern Kind = "concern"
	// KindCheck: what the record says about one event, read by a named Go
	// check that may give any status (who took part in a strategy discussion,
	// when a conference report reached the parents, a corporate complaint's
	// timescales).
	KindCheck Kind = "check"
)

var ruleKinds = []Kind{KindDeadline, KindDuration, KindStepBefore, KindNotBefore, KindDuring,
	KindExtensionNotice, KindFamilyLimit, KindConcern, KindCheck}

// Route names the complaint or challenge route a finding belongs to, so that
// letters can pick the findings for each procedure.
type Route string

// The routes (REFERENCE.md sections 1, 4 and 5).
const (
	RouteStatutory  Route = "statutory"  // Children Act 1989 complaints procedure, SI 2006/1738
	RouteCorporate  Route = "corporate"  // the council's own procedure (s47 enquiries, most child protection matters)
	RouteConference Route = "conference" // the safeguarding partnership's conference complaints procedure
	RouteICO        Route = "ico"        // the Information Commissioner
	RouteLGSCO      Route = "lgsco"      // the Local Government and Social Care Ombudsman
	RouteJR         Route = "jr"         // judicial review
	RouteCourt      Route = "court"      // the family court or a Human Rights Act claim
)

// Routes lists every route in the order letters offer them.
var Routes = []Route{RouteStatutory, RouteCorporate, RouteConference, RouteICO, RouteLGSCO, RouteJR, RouteCourt}

// Area groups rules for the catalogue.
type Area string

// Areas lists the areas in catalogue order.
var Areas = []Area{"referral and assessment", "child protection", "accommodation and court orders",
	"complaints", "records", "time limits for the family"}

// Rule is one statutory step or timescale, decoded from rules/ID.yaml.
type Rule struct {
	ID      string  `yaml:"id"`
	Kind    Kind    `yaml:"kind"`
	Area    Area    `yaml:"area"`
	Title   string  `yaml:"title"`   // the catalogue's heading
	Subject string  `yaml:"subject"` // a short noun phrase for finding titles: "Late: <subject>"
	Routes  []Route `yaml:"routes"`  // the first is the main route
	Applies Applies `yaml:"applies"`

	Trigger []Selector `yaml:"trigger"` // any of these starts the rule
	Done    []Selector `yaml:"done"`    // any of these completes it
	Anchor  []Selector `yaml:"anchor"`  // not-before: what the trigger must not precede; extension-notice: the request
	Cancel  []Selector `yaml:"cancel"`  // deadline: the requirement lapses if one of these comes first
	// Maybe (deadline): events after which the step may have been met in a way
	// cases do not record (care proceedings issued: perhaps an interim care
	// order). A breach after one becomes needs-info, asking for text.need_info.
	Maybe []Selector `yaml:"maybe"`
	// Partial (deadline): steps that answer in part and leave the duty open
	// (a subject access response recorded as not complete). The finding
	// says so in text.partial.
	Partial []Selector `yaml:"partial"`
	// StartedBy (deadline): events showing the step was needed and under way.
	// When the step is missing and none of these followed the trigger, the
	// record cannot tell whether the step was needed at all (a referral may end
	// with no assessment), so the finding is needs-info, asking for text.need_info.
	StartedBy []Selector `yaml:"started_by"`
	Limit     Limit      `yaml:"limit"`     // from the trigger
	Extension *Extension `yaml:"extension"` // deadline, duration: a notified extension
	Warn      *Limit     `yaml:"warn"`      // family-limit: warn from this long after the trigger
	// LateStatus replaces "breach" when the step came late or is missing but
	// the record cannot say whether the lateness was allowed (for example a
	// court extension that cases do not record): "needs-info".
	LateStatus casefile.Status `yaml:"late_status"`
	// FromEarlier (duration): a state of this selector running when the
	// trigger happened starts the clock instead (an EPO after police protection).
	FromEarlier []Selector `yaml:"from_earlier"`
	Check       string     `yaml:"check"` // concern, check: the Go check
	// Status (not-before) replaces "breach" when the trigger comes first,
	// unless one of BreachWhen holds: checks without consent are a concern,
	// and a breach only with no recorded exception or inaccurate information.
	Status     casefile.Status `yaml:"status"`
	BreachWhen []AttrCond      `yaml:"breach_when"`
	// Code (check corporate-code): the Ombudsman's Complaint Handling Code.
	Code *CodeSpec `yaml:"code"`

	Text        Text     `yaml:"text"`
	BreachOf    string   `yaml:"breach_of"`   // "the Children Act 1989 complaints regulations (SI 2006/1738 reg 14)"
	Explanation string   `yaml:"explanation"` // why it matters, in plain English
	LegalTest   string   `yaml:"legal_test"`  // the test, as the sources state it
	Remedies    []string `yaml:"remedies"`    // what a complainant can reasonably ask for
	Notes       string   `yaml:"notes"`       // caveats printed in the catalogue

	Citations []RuleCitation `yaml:"citations"`

	cat         *Catalogue
	periods     []citePeriod
	limitStr    string
	extLimitStr string
	reqCap      string                 // text.required, capitalised, without its full stop
	titles      map[string]string      // finding titles by status word
	kinds       map[casefile.Kind]bool // event kinds whose dates can change the rule's findings
	rank        int                    // position of ID among the catalogue's ids in sorted order
	routes      []string               // Routes as the findings carry them (casefile.Finding.Routes), made once
}

// Family reports whether the rule is a time limit on the family, not the council.
func (r *Rule) Family() bool { return r.Kind == KindFamilyLimit }

// Applies bounds the trigger dates a rule applies to. Uncertain periods are
// those where it may or may not apply as written (an edition whose start date
// is not known to the day): a breach there becomes needs-info, with Why.
type Applies struct {
	From      casefile.Date `yaml:"from"`
	Until     casefile.Date `yaml:"until"`
	Uncertain []Period      `yaml:"uncertain"`
	Note      string        `yaml:"note"` // said in every finding's explanation
}

// AttrCond is a condition on a trigger's boolean attribute, with what it
// means in words ("no manager recorded a reason for not asking the parents").
type AttrCond struct {
	Attr   string `yaml:"attr"`
	Equals bool   `yaml:"equals"`
	Says   string `yaml:"says"`
}

// CodeSpec is a complaint-handling code's timescales for one stage: an
// acknowledgement within Acknowledge of the complaint, then the reply within
// the rule's limit of the acknowledgement (its extension: the longest reply
// allowed when more time was notified). Before From, and whenever the case
// gives the council's own timescale for LocalStage, the council's own
// procedure is used instead.
type CodeSpec struct {
	From        casefile.Date `yaml:"from"`
	Acknowledge Limit         `yaml:"acknowledge"`
	LocalStage  int           `yaml:"local_stage"`
	Name        string        `yaml:"name"` // "the Ombudsman's Complaint Handling Code"
}

// Period is a span of dates with the reason it matters.
type Period struct {
	From  casefile.Date `yaml:"from"`
	Until casefile.Date `yaml:"until"`
	Why   string        `yaml:"why"`
}

// Selector picks events: by kind and attributes, or by a named selection
// implemented in Go (such as the start of section 47 enquiries).
type Selector struct {
	Event     casefile.Kind `yaml:"event"`
	Select    string        `yaml:"select"`
	Stage     int           `yaml:"stage"`
	Procedure string        `yaml:"procedure"` // complaint-made, -extension, -response: statutory, corporate, conference
	Type      string        `yaml:"type"`      // assessment type
	Outcome   string        `yaml:"outcome"`
	Plan      *bool         `yaml:"plan"`
	S47       *bool         `yaml:"s47"`
	Consent   *bool         `yaml:"consent"`
	Complete  *bool         `yaml:"complete"` // complaint-response, sar-response: unset in the record means complete
}

// Limit is a length of time from a trigger. Exactly one unit is set.
type Limit struct {
	WorkingDays     int  `yaml:"working_days"`
	Days            int  `yaml:"days"`
	Hours           int  `yaml:"hours"`
	Weeks           int  `yaml:"weeks"`            // plain weeks: D + 7N
	WeeksBeginning  int  `yaml:"weeks_beginning"`  // "N weeks beginning with D": D + 7N - 1
	Months          int  `yaml:"months"`           // "within N months": same day, or the month's last
	MonthsBeginning int  `yaml:"months_beginning"` // "N months beginning with D": the day before
	RollForward     bool `yaml:"roll_forward"`     // a deadline on a non-working day moves to the next working day (ICO)
}

// Extension is a notice that lengthens a deadline if given in time.
type Extension struct {
	Event        []Selector `yaml:"event"`
	NotifyWithin Limit      `yaml:"notify_within"` // from the trigger; zero means any time before the deadline
	Limit        Limit      `yaml:"limit"`         // the new limit, from the trigger (deadline) or added (duration)
	Max          int        `yaml:"max"`           // how many extensions are allowed (duration); 0 = 1
	Text         string     `yaml:"text"`          // "the council said it needed more time"
}

// Text holds the phrases a rule's explanations are built from. Each may use
// {agency} (third-party checks), {stage} (complaints) and {description} (a
// decision's description, in brackets).
type Text struct {
	Trigger string `yaml:"trigger"` // "The complaint reached the council" (then " on DATE.")
	// TriggerByKind replaces Trigger for triggers of the given event kinds.
	TriggerByKind map[casefile.Kind]string `yaml:"trigger_by_kind"`
	Required      string                   `yaml:"required"` // "The council should have answered it" (then " within LIMIT, by DATE.")
	Done          string                   `yaml:"done"`     // "It answered" (then " on DATE ...")
	Missing       string                   `yaml:"missing"`  // "the council answered" (after "There is no record that ")
	NeedInfo      string                   `yaml:"need_info"`
	// TriggerLatest (icpc-15wd) replaces the trigger phrase when Redress counts
	// from the latest strategy discussion before the enquiries, none being
	// recorded as starting them.
	TriggerLatest string `yaml:"trigger_latest"`
	// Concern (not-before with status: concern) says what the law requires
	// and what to ask for.
	Concern string `yaml:"concern"`
	// Partial (with rule.partial) says that a partial answer did not
	// complete the step; {date} is the day of the latest one ("The council
	// answered in part on {date}, which did not complete the request").
	// PartialOpen follows it while the step is still not done ("the rest is
	// still owed").
	Partial     string `yaml:"partial"`
	PartialOpen string `yaml:"partial_open"`
}

// RuleCitation is a citation in a rule file: a casefile.Citation plus the
// Working Together edition it belongs to, if any.
type RuleCitation struct {
	Source       string `yaml:"source"`
	Edition      string `yaml:"edition"`
	Where        string `yaml:"where"`
	URL          string `yaml:"url"`
	LegalStatus  string `yaml:"legal_status"`
	Verification string `yaml:"verification"`
}

// Citation returns c as the findings carry it.
func (c RuleCitation) Citation() casefile.Citation {
	return casefile.Citation{Source: c.Source, Where: c.Where, URL: c.URL, LegalStatus: c.LegalStatus, Verification: c.Verification}
}

// Edition is an edition of a guidance document that rules cite by date.
type Edition struct {
	ID   string        `yaml:"id"`
	Name string        `yaml:"name"`
	From casefile.Date `yaml:"from"`
	// UncertainUntil ends the period after From in which the edition may or may
	// not yet have been in force (its exact first day is not known); triggers in
	// it cite this edition and the one before.
	UncertainUntil casefile.Date `yaml:"uncertain_until"`
	Note           string        `yaml:"note"`
	URL            string        `yaml:"url"`
}

// Catalogue is the set of rules Redress checks, with the calendar they count
// working days by.
type Catalogue struct {
	Rules    []*Rule
	Editions []Edition
	Calendar *Calendar
	byID     map[string]*Rule
}

var (
	defaultCatOnce sync.Once
	defaultCat     *Catalogue
	defaultCatErr  error
)

// Load decodes and validates the embedded rules with the default calendar.
func Load() (*Catalogue, error) {
	sub, err := fs.Sub(ruleFS, ".")
	if err != nil {
		return nil, err
	}
	return LoadFS(sub, DefaultCalendar())
}

// Default returns the embedded catalogue. The rules are tested at build
// time, so a failure here is a programming error and panics.
func Default() *Catalogue {
	defaultCatOnce.Do(func() { defaultCat, defaultCatErr = Load() })
	if defaultCatErr != nil {
		panic("checks: embedded rules: " + defaultCatErr.Error())
	}
	return defaultCat
}

// WithCalendar returns a copy of the catalogue that counts working days by cal
// (for example one loaded with ParseBankHolidays).
func (c *Catalogue) WithCalendar(cal *Calendar) *Catalogue {
	n := &Catalogue{Editions: c.Editions, Calendar: cal, byID: map[string]*Rule{}}
	for _, r := range c.Rules {
		cp := *r
		cp.cat = n // the periods stay valid: they depend on the editions, not the calendar
		n.Rules = append(n.Rules, &cp)
		n.byID[cp.ID] = &cp
	}
	return n
}

// LoadFS decodes editions.yaml and every rules/*.yaml in fsys strictly and
// validates them. Every problem found is reported.
func LoadFS(fsys fs.FS, cal *Calendar) (*Catalogue, error) {
	cat := &Catalogue{Calendar: cal, byID: map[string]*Rule{}}
	data, err := fs.ReadFile(fsys, "editions.yaml")
	if err != nil {
		return nil, fmt.Errorf("load rules: %w", err)
	}
	if cat.Editions, err = decodeEditions(data); err != nil {
		return nil, fmt.Errorf("load rules: editions.yaml: %w", err)
	}
	names, err := fs.Glob(fsys, "rules/*.yaml")
	if err != nil {
		return nil, fmt.Errorf("load rules: %w", err)
	}
	var errs []error
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		r, err := DecodeRule(path.Base(name), data)
		if err == nil {
			err = cat.validate(r)
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", path.Base(name), err))
			continue
		}
		if _, dup := cat.byID[r.ID]; dup {
			errs = append(errs, fmt.Errorf("%s: rule %q is defined twice", name, r.ID))
			continue
		}
		r.cat = cat
		r.prepare()
		cat.byID[r.ID] = r
		cat.Rules = append(cat.Rules, r)
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("load rules: %w", errors.Join(errs...))
	}
	if len(cat.Rules) == 0 {
		return nil, errors.New("load rules: no rules found")
	}
	ids := make([]string, 0, len(cat.Rules))
	for _, r := range cat.Rules {
		ids = append(ids, r.ID)
	}
	sort.Strings(ids)
	for _, r := range cat.Rules {
		r.rank = sort.SearchStrings(ids, r.ID)
		r.routes = make([]string, len(r.Routes))
		for i, rt := range r.Routes {
			r.routes[i] = string(rt)
		}
	}
	sort.SliceStable(cat.Rules, func(i, j int) bool {
		a, b := slices.Index(Areas, cat.Rules[i].Area), slices.Index(Areas, cat.Rules[j].Area)
		if a != b {
			return a < b
		}
		return false // keep file order (by id) within an area
	})
	return cat, nil
}

// Rule returns the rule with the given id.
func (c *Catalogue) Rule(id string) (*Rule, bool) {
	r, ok := c.byID[id]
	return r, ok
}

// Deadline returns the date by which rule ruleID requires its step when it is
// triggered on trigger, with no extension: for example 10 working days after a
// stage 1 complaint is received, or 1 month (ICO method) after a subject access
// request. Letters use it for the deadline a letter sets.
func (c *Catalogue) Deadline(ruleID string, trigger casefile.Date) (casefile.Date, error) {
	r, ok := c.byID[ruleID]
	if !ok {
		return casefile.Date{}, fmt.Errorf("deadline for rule %q: %w", ruleID, casefile.ErrNotFound)
	}
	if r.Limit.isZero() || r.Limit.Hours != 0 {
		return casefile.Date{}, fmt.Errorf("deadline for rule %q: the rule has no deadline in days, weeks or months", ruleID)
	}
	return r.Limit.add(c.Calendar, trigger), nil
}

// DecodeRule decodes one rule file strictly: unknown keys, a second YAML
// document and an id that differs from the file name are errors. It does not
// check the rule against the catalogue (kinds, editions, citations); LoadFS does.
func DecodeRule(name string, data []byte) (*Rule, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var r Rule
	if err := dec.Decode(&r); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, errors.New("the file is empty")
		}
		return nil, err
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		return nil, errors.New("the file holds more than one YAML document")
	}
	if want := strings.TrimSuffix(name, ".yaml"); r.ID != want {
		return nil, fmt.Errorf("id %q does not match the file name %q", r.ID, name)
	}
	return &r, nil
}

func decodeEditions(data []byte) ([]Edition, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var eds []Edition
	if err := dec.Decode(&eds); err != nil {
		return nil, err
	}
	for i := range eds {
		eds[i].Note = oneLine(eds[i].Note)
	}
	for i, e := range eds {
		if e.ID == "" || e.Name == "" || e.From.IsZero() || e.URL == "" {
			return nil, fmt.Errorf("edition %d needs id, name, from and url", i)
		}
		if i > 0 && !eds[i-1].From.Before(e.From) {
			return nil, fmt.Errorf("edition %q: editions must be in date order", e.ID)
		}
		if !e.UncertainUntil.IsZero() && e.UncertainUntil.Before(e.From) {
			return nil, fmt.Errorf("edition %q: uncertain_until is before from", e.ID)
		}
	}
	return eds, nil
}

// edition returns the edition with the given id and its position.
func (r *Rule) edition(id string) (Edition, int, bool) {
	for i, e := range r.cat.Editions {
		if e.ID == id {
			return e, i, true
		}
	}
	return Edition{}, -1, false
}

var (
	idRE          = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)
	paraNumberRE  = regexp.MustCompile(`(?i)\bpara(graph)?s?\.?\s*\d`)
	placeholderRE = regexp.MustCompile(`\{[a-z_]*\}`)
	namedSelects  = []string{"s47-start", "s47-initiation", "s20-objection-while-accommodated"}
	concernChecks = []string{"pre-mobile-bruising"}
	recordChecks  = []string{"strategy-attendance", "report-shared", "corporate-code"}
)

// validate checks a decoded rule against the closed lists: its kind exists in
// Go, its selectors name real event kinds, its citations are complete.
func (c *Catalogue) validate(r *Rule) error {
	var errs []string
	bad := func(format string, args ...any) { errs = append(errs, fmt.Sprintf(format, args...)) }
	if !idRE.MatchString(r.ID) {
		bad("id %q must be lower-case words joined by hyphens", r.ID)
	}
	if !slices.Contains(ruleKinds, r.Kind) {
		bad("unknown kind %q", r.Kind)
	}
	if !slices.Contains(Areas, r.Area) {
		bad("unknown area %q", r.Area)
	}
	for _, f := range []struct{ name, v string }{{"title", r.Title}, {"subject", r.Subject},
		{"explanation", r.Explanation}, {"legal_test", r.LegalTest}, {"text.trigger", r.Text.Trigger}} {
		if strings.TrimSpace(f.v) == "" {
			bad("%s is missing", f.name)
		}
	}
	if len(r.Remedies) == 0 {
		bad("remedies is missing: say what a complainant can reasonably ask for")
	}
	if len(r.Routes) == 0 {
		bad("routes is missing")
	}
	for _, rt := range r.Routes {
		if !slices.Contains(Routes, rt) {
			bad("unknown route %q", rt)
		}
	}
	if len(r.Trigger) == 0 {
		bad("trigger is missing")
	}
	sels := map[string][]Selector{"trigger": r.Trigger, "done": r.Done, "anchor": r.Anchor, "cancel": r.Cancel,
		"maybe": r.Maybe, "started_by": r.StartedBy, "from_earlier": r.FromEarlier, "partial": r.Partial}
	if len(r.Partial) > 0 && (r.Kind != KindDeadline || !strings.Contains(r.Text.Partial, "{date}")) {
		bad("partial is only for deadline rules, with text.partial saying {date}")
	}
	if len(r.Maybe) > 0 && (r.Kind != KindDeadline || r.Text.NeedInfo == "") {
		bad("maybe is only for deadline rules, with text.need_info")
	}
	if len(r.StartedBy) > 0 && (r.Kind != KindDeadline || r.Text.NeedInfo == "") {
		bad("started_by is only for deadline rules, with text.need_info")
	}
	if r.Extension != nil {
		sels["extension.event"] = r.Extension.Event
	}
	for name, list := range sels {
		for i, s := range list {
			if err := s.validate(); err != nil {
				bad("%s[%d]: %v", name, i, err)
			}
		}
	}
	if r.LateStatus != "" && r.LateStatus != casefile.StatusNeedsInfo {
		bad("late_status may only be %q", casefile.StatusNeedsInfo)
	}
	needLimit := r.Kind == KindDeadline || r.Kind == KindDuration || r.Kind == KindFamilyLimit || r.Kind == KindExtensionNotice
	if r.Kind == KindCheck && !r.Limit.isZero() {
		if err := r.Limit.validate(false); err != nil {
			bad("limit: %v", err)
		}
	} else if needLimit {
		if err := r.Limit.validate(r.Kind == KindDuration); err != nil {
			bad("limit: %v", err)
		}
	} else if !r.Limit.isZero() {
		bad("a %s rule takes no limit", r.Kind)
	}
	if k, ok := kindCodes[r.Kind]; ok {
		k.validate(r, bad)
	}
	if r.Check != "" && r.Kind != KindConcern && r.Kind != KindCheck {
		bad("check is only for concern and check rules")
	}
	if r.Code != nil && r.Check != "corporate-code" {
		bad("code is only for the corporate-code check")
	}
	if r.Status != "" && (r.Kind != KindNotBefore || r.Status != casefile.StatusConcern) {
		bad("status may only be %q, on a not-before rule", casefile.StatusConcern)
	}
	if len(r.BreachWhen) > 0 && r.Status == "" {
		bad("breach_when needs status")
	}
	if r.Status != "" && r.Text.Concern == "" {
		bad("status: concern needs text.concern")
	}
	for i, bw := range r.BreachWhen {
		ok := bw.Says != ""
		for _, tr := range r.Trigger {
			info, found := casefile.LookupKind(tr.Event)
			spec, has := info.Attr(bw.Attr)
			ok = ok && found && has && spec.Type == casefile.AttrBool
		}
		if !ok {
			bad("breach_when[%d]: %q must be a true-or-false attribute of every trigger's kind, with says", i, bw.Attr)
		}
	}
	if r.Extension != nil {
		if len(r.Extension.Event) == 0 || r.Extension.Text == "" {
			bad("extension needs event and text")
		}
		if err := r.Extension.Limit.validate(r.Kind == KindDuration); err != nil {
			bad("extension.limit: %v", err)
		}
	}
	texts := []string{r.Text.Trigger, r.Text.Required, r.Text.Done, r.Text.Missing, r.Text.NeedInfo, r.Text.TriggerLatest, r.Text.Concern}
	for k, v := range r.Text.TriggerByKind {
		if !k.Valid() {
			bad("text.trigger_by_kind: unknown event kind %q", k)
		}
		texts = append(texts, v)
	}
	for _, p := range texts {
		for _, m := range placeholderRE.FindAllString(p, -1) {
			if m != "{agency}" && m != "{stage}" && m != "{description}" {
				bad("text: unknown placeholder %s", m)
			}
		}
	}
	if !r.Applies.Until.IsZero() && !r.Applies.From.IsZero() && r.Applies.Until.Before(r.Applies.From) {
		bad("applies: until is before from")
	}
	for i, p := range r.Applies.Uncertain {
		if p.From.IsZero() || p.Until.IsZero() || p.Until.Before(p.From) || p.Why == "" {
			bad("applies.uncertain[%d] needs from, until (not before from) and why", i)
		}
	}
	if len(r.Citations) == 0 {
		bad("the rule has no citations")
	}
	for i, ct := range r.Citations {
		if err := c.validateCitation(ct); err != nil {
			bad("citations[%d]: %v", i, err)
		}
	}
	if len(errs) > 0 {
		return errors.New(strings.Join(errs, "; "))
	}
	return nil
}

func (c *Catalogue) validateCitation(ct RuleCitation) error {
	switch {
	case ct.Source == "":
		return errors.New("source is missing")
	case ct.Where == "":
		return errors.New("where is missing")
	case !strings.HasPrefix(ct.URL, "https://") && !strings.HasPrefix(ct.URL, "http://"):
		return fmt.Errorf("url %q is not a web address", ct.URL)
	case !slices.Contains(casefile.LegalStatuses, ct.LegalStatus):
		return fmt.Errorf("legal_status %q is not one of %s", ct.LegalStatus, strings.Join(casefile.LegalStatuses, ", "))
	case !slices.Contains(casefile.Verifications, ct.Verification):
		return fmt.Errorf("verification %q is not one of %s", ct.Verification, strings.Join(casefile.Verifications, ", "))
	}
	if (ct.Verification == "unverified" || ct.Verification == "seed") && paraNumberRE.MatchString(ct.Where) &&
		!strings.Contains(ct.Where, "not verified") {
		return fmt.Errorf("where %q gives a paragraph number that is %s without saying \"not verified\"", ct.Where, ct.Verification)
	}
	if ct.Edition != "" {
		found := false
		for _, e := range c.Editions {
			if e.ID == ct.Edition {
				found = true
				if ct.Source != e.Name {
					return fmt.Errorf("edition %q: source must be %q", ct.Edition, e.Name)
				}
			}
		}
		if !found {
			return fmt.Errorf("unknown edition %q", ct.Edition)
		}
	}
	return nil
}

func (s Selector) validate() error {
	if (s.Event == "") == (s.Select == "") {
		return errors.New("give exactly one of event and select")
	}
	if s.Select != "" {
		if !slices.Contains(namedSelects, s.Select) {
			return fmt.Errorf("unknown select %q (known: %s)", s.Select, strings.Join(namedSelects, ", "))
		}
		return nil
	}
	info, ok := casefile.LookupKind(s.Event)
	if !ok {
		return fmt.Errorf("unknown event kind %q", s.Event)
	}
	attrs := map[string]bool{"stage": s.Stage != 0, "procedure": s.Procedure != "", "type": s.Type != "",
		"outcome": s.Outcome != "", "plan": s.Plan != nil, "s47": s.S47 != nil, "consent": s.Consent != nil, "complete": s.Complete != nil}
	for name, set := range attrs {
		if !set {
			continue
		}
		if name == "procedure" {
			switch s.Event {
			case casefile.KindComplaintMade, casefile.KindComplaintResponse, casefile.KindComplaintExtension, casefile.KindComplaintAck,
				casefile.KindPanelHeld, casefile.KindPanelReport, casefile.KindPanelResponse:
			default:
				return fmt.Errorf("procedure only applies to complaint and review panel events")
			}
			continue
		}
		spec, ok := info.Attr(name)
		if !ok {
			return fmt.Errorf("event kind %q has no attribute %q", s.Event, name)
		}
		if spec.Type == casefile.AttrEnum {
			v := map[string]string{"type": s.Type, "outcome": s.Outcome}[name]
			if !slices.Contains(spec.Values, v) {
				return fmt.Errorf("%s %q is not one of %s", name, v, strings.Join(spec.Values, ", "))
			}
		}
	}
	if s.Procedure != "" && !slices.Contains([]string{"statutory", "corporate", "conference"}, s.Procedure) {
		return fmt.Errorf("procedure %q is not statutory, corporate or conference", s.Procedure)
	}
	return nil
}

func (l Limit) units() int {
	n := 0
	for _, v := range []int{l.WorkingDays, l.Days, l.Hours, l.Weeks, l.WeeksBeginning, l.Months, l.MonthsBeginning} {
		if v != 0 {
			n++
		}
	}
	return n
}

func (l Limit) isZero() bool { return l.units() == 0 && !l.RollForward }

func (l Limit) validate(clock bool) error {
	if l.units() != 1 {
		return errors.New("give exactly one unit")
	}
	for _, v := range []int{l.WorkingDays, l.Days, l.Hours, l.Weeks, l.WeeksBeginning, l.Months, l.MonthsBeginning} {
		if v < 0 || v > 1000 {
			return fmt.Errorf("%d is not a sensible length", v)
		}
	}
	if clock && l.Hours == 0 && l.Days == 0 {
		return errors.New("a clock limit is in hours or days")
	}
	if !clock && l.Hours != 0 {
		return errors.New("hours are only for duration rules")
	}
	if l.RollForward && l.Months == 0 {
		return errors.New("roll_forward is only for months")
	}
	return nil
}

// From returns the deadline l sets for a trigger on d, counting working days
// by cal: for example 10 working days, or 1 month moved to the next working
// day when RollForward is set. An hours limit gives the date the hours end
// on when counted from the start of d.
func (l Limit) From(cal *Calendar, d casefile.Date) casefile.Date { return l.add(cal, d) }

// add returns the deadline l sets from d.
func (l Limit) add(cal *Calendar, d casefile.Date) casefile.Date {
	switch {
	case l.WorkingDays != 0:
		return cal.AddWorkingDays(d, l.WorkingDays)
	case l.Days != 0:
		return d.AddDays(l.Days)
	case l.Hours != 0:
		return d.AddDays(l.Hours / 24)
	case l.Weeks != 0:
		return d.AddDays(7 * l.Weeks)
	case l.WeeksBeginning != 0:
		return d.AddDays(7*l.WeeksBeginning - 1)
	case l.Months != 0:
		out := d.AddMonths(l.Months)
		if l.RollForward {
			out = cal.NextWorkingDay(out)
		}
		return out
	case l.MonthsBeginning != 0:
		return d.AddMonths(l.MonthsBeginning).AddDays(-1)
	}
	return d
}

// String says the limit in words: "10 working days", "1 month".
func (l Limit) String() string {
	plural := func(n int, one, many string) string {
		if n == 1 {
			return "1 " + one
		}
		return strconv.Itoa(n) + " " + many
	}
	switch {
	case l.WorkingDays != 0:
		return plural(l.WorkingDays, "working day", "working days")
	case l.Days != 0:
		return plural(l.Days, "day", "days")
	case l.Hours != 0:
		return plural(l.Hours, "hour", "hours")
	case l.Weeks != 0:
		return plural(l.Weeks, "week", "weeks")
	case l.WeeksBeginning != 0:
		return plural(l.WeeksBeginning, "week", "weeks") + " beginning with that day"
	case l.Months != 0:
		return plural(l.Months, "month", "months")
	case l.MonthsBeginning != 0:
		return plural(l.MonthsBeginning, "month", "months") + " beginning with that day"
	}
	return ""
}
