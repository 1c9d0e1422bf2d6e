package casework

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/redress-app/redress/app/casework/pack"
	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/checks"
	"github.com/redress-app/redress/letters"
	"github.com/redress-app/redress/store"
)

// Options say what letter to draft.
type Options struct {
	Kind letters.Kind
	// Procedure is the complaints procedure of a stage 1-3 letter ("" is
	// statutory); for an Ombudsman complaint, the procedure the complaint went
	// through ("" means as recorded).
	Procedure letters.Procedure
	// Findings says which findings the letter takes (the zero Selection: every
	// breach and concern that belongs to the letter's route).
	Findings Selection
	// AsOf is the date the checks are run as of. It is required: the caller
	// passes today, from its own clock.
	AsOf casefile.Date
	// Date is the letter's date, which is also the day the council is taken
	// to receive it (by email or web form); zero means AsOf.
	Date casefile.Date
	// Catalogue is the rule catalogue; nil means checks.Default().
	Catalogue *checks.Catalogue
	// Checked are the case's findings as of AsOf by Catalogue, when the
	// caller has them already (the desktop checks the case it shows); nil
	// means Compose runs the checks. They must be checks.Run's for this case:
	// the letter takes its findings, routes and time limits from them.
	Checked []casefile.Finding

	// From is the sender; nil means the sender's details in the vault's
	// settings (DraftLetter), with placeholders for what is missing.
	From *letters.Party
	// To is the recipient; nil means the usual one for the kind of letter.
	To *letters.Party
	// Outcomes are what the letter asks for; nil means those suggested from
	// the rules' remedies (SuggestOutcomes).
	Outcomes []string
	// Corrections are what a request to correct records asks to correct; when
	// empty, the case's disputed events are offered instead.
	Corrections []letters.Correction
	// Reference is the sender's reference; TheirReference the council's.
	Reference, TheirReference string
	// Checkpoint is the vault's checkpoint for the case (DraftLetter fills it in).
	Checkpoint string

	// Challenge names, for a letter before claim, the recorded acts (event
	// IDs) it challenges, whether or not a finding routes them to judicial
	// review. With Findings all, the letter takes the findings about those
	// acts, with their judicial review time limits.
	Challenge []string
	// ForChild makes a subject access request on the child's behalf too.
	ForChild bool
	// Chased is, for a complaint to the Information Commissioner, the day a
	// chaser was sent; zero means DraftLetter looks for a sent sar-chase
	// letter in the vault.
	Chased casefile.Date
}

// Drafted is a letter drafted from a case, not yet saved.
type Drafted struct {
	Draft *Draft
	// LeftOut are the breaches and concerns the letter did not take because
	// they belong to another route (only when it takes all that fit).
	LeftOut []LeftOut
	// Notes are for the person drafting, never printed: the letter's own
	// warnings (an unverified source, a procedure not yet complete), where the
	// deadline comes from, and placeholders to fill in.
	Notes []string
}

// Compose drafts a letter from case c, which it does not change: it runs the
// checks as of opt.AsOf (unless opt.Checked holds them), picks the findings that belong to the letter's route,
// works out the response deadline from the letter's date, suggests outcomes
// from the rules' remedies, and builds the letter. Asking for findings from
// more than one route, or for all when none fits, gives a *RouteError; other
// bad requests give errors wrapping letters.ErrRequest, and a finding the
// checks do not give an error matching casefile.ErrNotFound.
func Compose(c *casefile.Case, opt Options) (*Drafted, error) {
	if c == nil {
		return nil, fmt.Errorf("%w: no case", letters.ErrRequest)
	}
	if _, err := letters.ParseKind(string(opt.Kind)); err != nil {
		return nil, fmt.Errorf("%w: %v", letters.ErrRequest, err)
	}
	proc := opt.Procedure
	if opt.Kind.Staged() {
		p, err := letters.ParseProcedure(string(proc))
		if err != nil {
			return nil, fmt.Errorf("%w: %v", letters.ErrRequest, err)
		}
		proc = p
	}
	if opt.AsOf.IsZero() {
		return nil, fmt.Errorf("%w: no date to run the checks as of", letters.ErrRequest)
	}
	date := opt.Date
	if date.IsZero() {
		date = opt.AsOf
	}
	cat := opt.Catalogue
	if cat == nil {
		cat = checks.Default()
	}
	all := opt.Checked
	if all == nil {
		all = checks.Run(cat, c, opt.AsOf)
	}
	var chosen []casefile.Finding
	var left []LeftOut
	var err error
	if len(opt.Challenge) > 0 && opt.Kind == letters.JRLetter {
		chosen, err = chooseForChallenge(cat, opt.Challenge, opt.Findings, all, opt.AsOf)
	} else {
		chosen, left, err = choose(cat, opt.Kind, proc, opt.Findings, all, opt.AsOf)
	}
	if err != nil {
		return nil, err
	}
	var notes []string
	dl, note, err := CaseResponseDeadline(cat, c, opt.Kind, proc, date)
	if err != nil {
		return nil, err
	}
	if note != "" {
		notes = append(notes, note)
	}
	req := letters.Request{
		Case: c, Kind: opt.Kind, Procedure: proc, Findings: chosen,
		Events: chronologyFor(c, opt.Kind, proc, chosen, date),
		Date:   date, Reference: opt.Reference, TheirReference: opt.TheirReference,
		Outcomes: opt.Outcomes, Deadline: dl, Corrections: opt.Corrections, Checkpoint: opt.Checkpoint,
		Challenge: opt.Challenge, ForChild: opt.ForChild, Chased: opt.Chased,
	}
	if opt.Kind == letters.SARChase || opt.Kind == letters.ICO {
		due, err := SARDue(cat, c, all, date)
		if err != nil {
			return nil, err
		}
		req.Due = due
	}
	if opt.From != nil {
		req.From = *opt.From
	} else {
		var more []string
		req.From, more = Sender{}.Party()
		notes = append(notes, more...)
	}
	if opt.To != nil {
		req.To = *opt.To
	} else {
		req.To = defaultRecipient(c, opt.Kind, proc)
	}
	if req.Outcomes == nil && opt.Kind.NeedsFindings() {
		req.Outcomes = SuggestOutcomes(cat, chosen)
	}
	l, err := letters.Build(req)
	if err != nil {
		return nil, err
	}
	req.Case = nil // the draft keeps what it was built from, not the case
	return &Drafted{
		Draft:   &Draft{Status: store.LetterDraft, AsOf: opt.AsOf, Request: req, Letter: l},
		LeftOut: left,
		Notes:   append(notes, l.Warnings...),
	}, nil
}

// DraftLetter drafts a letter from the case caseID in the vault (see
// Compose), from the sender in the vault's settings (unless opt.From is set)
// and with the case's checkpoint printed on every page. It does not save the
// draft: SaveDraft does.
func DraftLetter(ctx context.Context, v *store.Vault, caseID string, opt Options) (*Drafted, error) {
	c, err := v.LoadCase(ctx, caseID)
	if err != nil {
		return nil, err
	}
	cp, err := v.Checkpoint(caseID)
	if err != nil {
		return nil, err
	}
	opt.Checkpoint = cp
	if opt.Kind == letters.ICO && opt.Chased.IsZero() {
		if opt.Chased, err = lastChaser(ctx, v, caseID, opt.AsOf); err != nil {
			return nil, err
		}
	}
	var notes []string
	if opt.From == nil {
		s, err := LoadSender(ctx, v)
		if err != nil {
			return nil, err
		}
		p, more := s.Party()
		opt.From, notes = &p, more
	}
	d, err := Compose(c, opt)
	if err != nil {
		return nil, err
	}
	d.Notes = append(notes, d.Notes...)
	return d, nil
}

// defaultRecipient is who a letter of kind k usually goes to. The person
// drafting can change it.
func defaultRecipient(c *casefile.Case, k letters.Kind, p letters.Procedure) letters.Party {
	la := strings.TrimSpace(c.Authority)
	if la == "" {
		la = "[The council: fill this in]"
	}
	switch {
	case k.Staged() && p == letters.Conference:
		return letters.Party{Name: "The Safeguarding Children Partnership", Lines: []string{"Complaints about child protection conferences", "(the partnership for the area of " + la + ")"}}
	case k.Staged():
		return letters.Party{Name: "The Complaints Manager", Lines: []string{la}}
	case k == letters.LGSCO:
		return letters.Party{Name: "Local Government and Social Care Ombudsman"}
	case k == letters.JRLetter:
		return letters.Party{Name: "Head of Legal Services", Lines: []string{la}}
	case k == letters.ICO:
		return letters.Party{Name: "Information Commissioner’s Office", Lines: []string{"Sent through the Commissioner’s online complaint form"}}
	}
	return letters.Party{Name: "The Data Protection Officer", Lines: []string{la}}
}

// complaintKinds are the events of a complaints procedure.
var complaintKinds = []casefile.Kind{
	casefile.KindComplaintMade, casefile.KindComplaintExtension, casefile.KindComplaintResponse,
	casefile.KindPanelHeld, casefile.KindPanelReport, casefile.KindPanelResponse,
}

// chronologyFor chooses the chronology entries a letter lists: the events its
// findings are about; for a stage 2 or 3 request and an Ombudsman complaint,
// the complaint's history so far; for a request to correct records, the
// events the family disputes. A subject access request lists none (the
// person drafting may add the events whose records they want).
func chronologyFor(c *casefile.Case, k letters.Kind, p letters.Procedure, chosen []casefile.Finding, date casefile.Date) []string {
	var ids []string
	add := func(id string) {
		if id != "" && !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	for _, f := range chosen {
		add(f.Trigger)
		add(f.Done)
	}
	for _, e := range c.Events {
		if e.Date.After(date) {
			continue
		}
		switch {
		case k == letters.Rectification && e.Status == casefile.FactDisputed:
			add(e.ID)
		case k == letters.Stage2 || k == letters.Stage3:
			// The complaint's history: its requests under this procedure, the
			// council's extensions and responses, and a statutory review panel.
			switch e.Kind {
			case casefile.KindComplaintMade:
				if letters.Procedure(e.Attrs.ComplaintProcedure()) == p {
					add(e.ID)
				}
			case casefile.KindComplaintExtension, casefile.KindComplaintResponse:
				add(e.ID)
			case casefile.KindPanelHeld, casefile.KindPanelReport, casefile.KindPanelResponse:
				if p == letters.Statutory {
					add(e.ID)
				}
			}
		case k == letters.LGSCO && slices.Contains(complaintKinds, e.Kind):
			add(e.ID)
		case k == letters.ICO && (e.Kind == casefile.KindSARMade || e.Kind == casefile.KindSARExtension || e.Kind == casefile.KindSARResponse):
			add(e.ID)
		}
	}
	return ids
}

// SaveDraft saves the draft in the vault as a new version (a new letter when
// d.ID is empty) and sets d.ID, d.Version and d.Saved. A letter already sent
// cannot be saved again (ErrSent).
func SaveDraft(ctx context.Context, v *store.Vault, caseID string, d *Draft) error {
	if d.ID != "" {
		old, err := latestLetter(ctx, v, caseID, d.ID)
		if err != nil {
			return err
		}
		if old.Status == store.LetterSent {
			return fmt.Errorf("save letter %s: %w", d.ID, ErrSent)
		}
	}
	return saveDraft(ctx, v, caseID, d)
}

func saveDraft(ctx context.Context, v *store.Vault, caseID string, d *Draft) error {
	content, err := d.Content()
	if err != nil {
		return err
	}
	if d.Status == "" {
		d.Status = store.LetterDraft
	}
	if d.ID == "" {
		// In a case added from a pack, the receiver's letter is their own
		// (pack.OwnIDFor): shown as theirs, never taken for the family's.
		if d.ID, err = pack.OwnIDFor(ctx, v, caseID); err != nil {
			return err
		}
	}
	saved, err := v.SaveLetter(ctx, caseID, store.Letter{ID: d.ID, Kind: string(d.Request.Kind), Title: d.Letter.Title,
		Status: d.Status, Sent: d.Sent, Content: content})
	if err != nil {
		return err
	}
	d.ID, d.Version, d.Saved = saved.ID, saved.Version, saved.Saved
	return nil
}

func latestLetter(ctx context.Context, v *store.Vault, caseID, letterID string) (store.Letter, error) {
	hist, err := v.LetterHistory(ctx, caseID, letterID)
	if err != nil {
		return store.Letter{}, err
	}
	if len(hist) == 0 {
		return store.Letter{}, fmt.Errorf("letter %s: %w", letterID, casefile.ErrNotFound)
	}
	return hist[len(hist)-1], nil
}

// LoadDraft returns the latest version of a letter.
func LoadDraft(ctx context.Context, v *store.Vault, caseID, letterID string) (*Draft, error) {
	sl, err := latestLetter(ctx, v, caseID, letterID)
	if err != nil {
		return nil, err
	}
	return DecodeDraft(sl)
}

// DraftVersions returns every version of a letter, oldest first.
func DraftVersions(ctx context.Context, v *store.Vault, caseID, letterID string) ([]*Draft, error) {
	hist, err := v.LetterHistory(ctx, caseID, letterID)
	if err != nil {
		return nil, err
	}
	out := make([]*Draft, 0, len(hist))
	for _, sl := range hist {
		d, err := DecodeDraft(sl)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}

// DraftInfo is one line of a case's list of letters.
type DraftInfo struct {
	ID       string
	Kind     letters.Kind
	Title    string
	Status   string // store.LetterDraft or store.LetterSent
	Sent     casefile.Date
	Date     casefile.Date // the letter's date
	Deadline casefile.Date // the response deadline it set, if any
	Version  uint64
	Archived bool
}

// Drafts lists a case's letters (their latest versions), in the order they
// were started.
func Drafts(ctx context.Context, v *store.Vault, caseID string) ([]DraftInfo, error) {
	ls, err := v.Letters(ctx, caseID)
	if err != nil {
		return nil, err
	}
	out := make([]DraftInfo, 0, len(ls))
	for _, sl := range ls {
		d, err := DecodeDraft(sl)
		if err != nil {
			return nil, err
		}
		out = append(out, DraftInfo{ID: sl.ID, Kind: d.Request.Kind, Title: sl.Title, Status: sl.Status, Sent: sl.Sent,
			Date: d.Request.Date, Deadline: d.Request.Deadline.Date, Version: sl.Version, Archived: sl.Archived})
	}
	return out, nil
}

// Sending is what marking a letter sent did.
type Sending struct {
	Draft *Draft
	// Event is the event recorded in the case ("" for a request to correct
	// records, which has no event kind); the checks count the council's time
	// from it.
	Event string
	// Deadline is the response deadline counted from the day the letter was
	// sent, when the letter sets one.
	Deadline casefile.Date
	// Notes are for the person: for example that the deadline moved because
	// the letter went later than its date.
	Notes []string
}

// sentMarker ends the detail of the event a sent letter records, so that a
// letter is never recorded twice (after a crash between the two writes).
func sentMarker(letterID string) string { return "(Redress letter " + letterID + ")" }

// MarkSent records that a letter was sent on sent: it adds the event that
// starts the council's clock (Kind.SentEvent: complaint-made at the letter's
// stage with its procedure, sar-made, lgsco-complaint or
// jr-letter-before-claim), dated the day it was sent, and saves the letter as
// sent. A letter already sent gives an error matching casefile.ErrExists; a
// send date before the letter's date one wrapping letters.ErrRequest.
func MarkSent(ctx context.Context, v *store.Vault, caseID, letterID string, sent casefile.Date, cat *checks.Catalogue) (*Sending, error) {
	if cat == nil {
		cat = checks.Default()
	}
	d, err := LoadDraft(ctx, v, caseID, letterID)
	if err != nil {
		return nil, err
	}
	if d.Status == store.LetterSent {
		return nil, fmt.Errorf("letter %s was already marked sent on %s: %w", letterID, d.Sent.Long(), casefile.ErrExists)
	}
	if sent.IsZero() {
		return nil, fmt.Errorf("%w: no date the letter was sent", letters.ErrRequest)
	}
	if sent.Before(d.Request.Date) {
		return nil, fmt.Errorf("%w: the letter is dated %s, so it cannot have been sent on %s", letters.ErrRequest, d.Request.Date.Long(), sent.Long())
	}
	res := &Sending{Draft: d}
	kind, attrs, ok := d.Request.Kind.SentEvent(d.Letter.Procedure)
	if ok {
		c, err := v.LoadCase(ctx, caseID)
		if err != nil {
			return nil, err
		}
		marker := sentMarker(letterID)
		for _, e := range c.Events {
			if e.Kind == kind && e.Date == sent && strings.HasSuffix(e.Detail, marker) {
				res.Event = e.ID // recorded before, by a run that stopped before saving the letter
			}
		}
		if res.Event == "" {
			own, err := pack.OwnIDFor(ctx, v, caseID)
			if err != nil {
				return nil, err
			}
			id, err := v.AddEvent(ctx, caseID, casefile.Event{ID: own, Kind: kind, Date: sent, Attrs: attrs,
				Detail: fmt.Sprintf("Sent: %s %s", d.Letter.Title, marker)})
			if err != nil {
				return nil, fmt.Errorf("record that letter %s was sent: %w", letterID, err)
			}
			res.Event = id
		}
	} else {
		res.Notes = append(res.Notes, notRecorded(d.Request.Kind))
	}
	if dl := d.Request.Deadline; !dl.Date.IsZero() {
		now, _, err := CaseResponseDeadline(cat, d.Request.Case, d.Request.Kind, d.Letter.Procedure, sent)
		if err != nil {
			return nil, err
		}
		res.Deadline = now.Date
		if now.Date != dl.Date {
			res.Notes = append(res.Notes, fmt.Sprintf("The letter was sent on %s, not on its date (%s), so the council's deadline is %s, not %s as the letter says.",
				sent.Long(), d.Request.Date.Long(), now.Date.Long(), dl.Date.Long()))
		}
	}
	d.Status, d.Sent, d.SentEvent = store.LetterSent, sent, res.Event
	if err := saveDraft(ctx, v, caseID, d); err != nil {
		return nil, err
	}
	return res, nil
}

// notRecorded says why marking a letter of kind k sent records no event.
func notRecorded(k letters.Kind) string {
	switch k {
	case letters.SARChase:
		return "The chaser is marked sent. It is not a new request, so no second subject access request is recorded: the council's time still runs from your request. A complaint to the Information Commissioner can now say you followed the request up on this date."
	case letters.ICO:
		return "The complaint to the Information Commissioner is marked sent. The case record has no event for it, so the checks do not track the Commissioner's reply."
	}
	return "A request to correct records has no event of its own in the case record, so the checks do not track its reply; the letter is marked sent."
}

// SARDue is the deadline of the latest subject access request in the record
// on date, as the checks count it (sar-1m: one month by the Information
// Commissioner's method, three if the council gave notice of an extension),
// for a chaser or a complaint to the Information Commissioner. No request in
// the record is an error wrapping letters.ErrRequest.
func SARDue(cat *checks.Catalogue, c *casefile.Case, findings []casefile.Finding, date casefile.Date) (letters.Deadline, error) {
	var made *casefile.Event
	for i := range c.Events {
		e := &c.Events[i]
		if e.Kind == casefile.KindSARMade && !e.Date.After(date) && (made == nil || !e.Date.Before(made.Date)) {
			made = e
		}
	}
	if made == nil {
		return letters.Deadline{}, fmt.Errorf("%w: the record has no subject access request (a sar-made event) on or before %s to follow up: draft the request itself (--kind sar) first", letters.ErrRequest, date.Long())
	}
	words := "one month from the day the request was received, moved to the next working day if it ends on a weekend or bank holiday"
	for _, f := range findings {
		if f.Rule == "sar-1m" && f.Trigger == made.ID && !f.Due.IsZero() {
			for _, e := range c.Events {
				if e.Kind == casefile.KindSARExtension && !e.Date.Before(made.Date) && !e.Date.After(date) {
					words = "three months from the day the request was received, the time as extended by the council’s notice"
				}
			}
			return letters.Deadline{Date: f.Due, Rule: words, Received: made.Date}, nil
		}
	}
	due, err := cat.Deadline("sar-1m", made.Date)
	if err != nil {
		return letters.Deadline{}, err
	}
	return letters.Deadline{Date: due, Rule: words, Received: made.Date}, nil
}

// lastChaser is the day the latest chaser (a sar-chase letter marked sent)
// went, on or before asOf; the zero Date if none did.
func lastChaser(ctx context.Context, v *store.Vault, caseID string, asOf casefile.Date) (casefile.Date, error) {
	ds, err := Drafts(ctx, v, caseID)
	if err != nil {
		return casefile.Date{}, err
	}
	var last casefile.Date
	for _, d := range ds {
		if d.Kind == letters.SARChase && d.Status == store.LetterSent && !d.Sent.After(asOf) && d.Sent.After(last) {
			last = d.Sent
		}
	}
	return last, nil
}

// chooseForChallenge picks the findings of a letter before claim against the
// acts the family names: with Findings all, the breaches and concerns about
// those acts and their judicial review time limits, whatever their route;
// otherwise the findings named, whatever their route.
func chooseForChallenge(cat *checks.Catalogue, acts []string, sel Selection, all []casefile.Finding, asOf casefile.Date) ([]casefile.Finding, error) {
	if !sel.all() {
		byKey := map[string]casefile.Finding{}
		for _, f := range all {
			byKey[letters.FindingKey(f)] = f
		}
		var out []casefile.Finding
		for _, key := range sel.Keys {
			f, ok := byKey[key]
			if !ok {
				return nil, fmt.Errorf("the checks give no finding %s in this case as of %s (redress check lists them): %w", key, asOf.Long(), casefile.ErrNotFound)
			}
			out = append(out, f)
		}
		return out, nil
	}
	named := map[string]bool{}
	for _, id := range acts {
		named[id] = true
	}
	var points, limits []casefile.Finding
	for _, f := range all {
		if !named[f.Trigger] && !(f.Done != "" && named[f.Done]) {
			continue
		}
		switch {
		case f.Family:
			if f.HasRoute(string(checks.RouteJR)) && !f.Due.IsZero() {
				limits = append(limits, f)
			}
		case complaintStatus(f):
			points = append(points, f)
		}
	}
	return append(points, limits...), nil
}

// SaveDraftOnce saves d like SaveDraft, unless the case already has an unsent
// letter of the same kind that says exactly the same (the same plain text:
// parties, date, body, enclosures and sources; not the record checkpoint,
// which saving a letter moves on): then d becomes that letter
// and version, nothing new is saved, and reused is true. Exporting one letter
// as PDF, DOCX and text is so one letter with one version, not a letter per
// format.
func SaveDraftOnce(ctx context.Context, v *store.Vault, caseID string, d *Draft) (reused bool, err error) {
	if d.ID == "" {
		plain := func(l *letters.Letter) letters.Letter {
			c := *l
			c.Checkpoint = ""
			return c
		}
		mineL := plain(d.Letter)
		var mine bytes.Buffer
		if err := letters.WriteText(&mine, &mineL); err != nil {
			return false, err
		}
		infos, err := Drafts(ctx, v, caseID)
		if err != nil {
			return false, err
		}
		for _, info := range infos {
			if info.Kind != d.Request.Kind || info.Status != store.LetterDraft || info.Archived {
				continue
			}
			old, err := LoadDraft(ctx, v, caseID, info.ID)
			if err != nil {
				return false, err
			}
			theirL := plain(old.Letter)
			var theirs bytes.Buffer
			if err := letters.WriteText(&theirs, &theirL); err != nil {
				return false, err
			}
			if bytes.Equal(mine.Bytes(), theirs.Bytes()) {
				d.ID, d.Version, d.Saved, d.Status = old.ID, old.Version, old.Saved, old.Status
				return true, nil
			}
		}
	}
	return false, SaveDraft(ctx, v, caseID, d)
}
