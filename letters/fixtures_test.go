package letters

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/checks"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// expectedFile is examples/NAME.expected.json: the as-of date of the example
// and the findings it must give (a subset of each finding's fields).
type expectedFile struct {
	AsOf     casefile.Date `json:"as_of"`
	Findings []struct {
		Rule    string        `json:"rule"`
		Trigger string        `json:"trigger"`
		Status  statuses      `json:"status"`
		Due     casefile.Date `json:"due"`
	} `json:"findings"`
}

// statuses is an expected status: one, or a list of which any is accepted
// (as ../shared/examples uses while a rule's status changes on purpose).
type statuses []casefile.Status

func (s *statuses) UnmarshalJSON(b []byte) error {
	var one casefile.Status
	if err := json.Unmarshal(b, &one); err == nil {
		*s = statuses{one}
		return nil
	}
	var list []casefile.Status
	if err := json.Unmarshal(b, &list); err != nil {
		return err
	}
	*s = list
	return nil
}

func (s statuses) has(st casefile.Status) bool { return slices.Contains(s, st) }

// loadFixture reads the example case ../examples/NAME.case.json and runs the
// checks engine on it as of the date in NAME.expected.json, so that the
// letters are built from the engine's real findings. It fails if a finding
// the example expects is missing or different.
func loadFixture(t testing.TB, name string) (*casefile.Case, []casefile.Finding) {
	t.Helper()
	c, err := casefile.ReadFile(filepath.Join("..", "examples", name+".case.json"))
	if err != nil {
		t.Fatalf("load case %s: %v", name, err)
	}
	data, err := os.ReadFile(filepath.Join("..", "examples", name+".expected.json"))
	if err != nil {
		t.Fatal(err)
	}
	var exp expectedFile
	if err := json.Unmarshal(data, &exp); err != nil {
		t.Fatalf("load %s.expected.json: %v", name, err)
	}
	fs := checks.Run(checks.Default(), c, exp.AsOf)
	for _, e := range exp.Findings {
		found := false
		for _, f := range fs {
			if f.Rule == e.Rule && f.Trigger == e.Trigger {
				found = true
				if !e.Status.has(f.Status) || f.Due != e.Due {
					t.Fatalf("%s: checks gives %s:%s %s due %s; the example expects %s due %s", name, e.Rule, e.Trigger, f.Status, f.Due, e.Status, e.Due)
				}
			}
		}
		if !found {
			t.Fatalf("%s: checks gives no finding %s:%s", name, e.Rule, e.Trigger)
		}
	}
	return c, fs
}

// pick returns the findings named by keys (RULE:TRIGGER), in that order.
func pick(t testing.TB, all []casefile.Finding, keys ...string) []casefile.Finding {
	t.Helper()
	var out []casefile.Finding
	for _, k := range keys {
		found := false
		for _, f := range all {
			if FindingKey(f) == k {
				out = append(out, f)
				found = true
			}
		}
		if !found {
			t.Fatalf("no finding %s in the fixture", k)
		}
	}
	return out
}

// ruleDeadline is the deadline a letter dated (and received) on d sets under
// the rule ruleID, with the rule's first citation, as app/casework works it out.
func ruleDeadline(t testing.TB, ruleID string, d casefile.Date) Deadline {
	t.Helper()
	cat := checks.Default()
	r, ok := cat.Rule(ruleID)
	if !ok {
		t.Fatalf("no rule %s", ruleID)
	}
	due, err := cat.Deadline(ruleID, d)
	if err != nil {
		t.Fatal(err)
	}
	words := r.Limit.String() + " after you receive this letter"
	if r.Limit.RollForward {
		words += ", moved to the next working day if it ends on a weekend or bank holiday"
	}
	return Deadline{Date: due, Rule: words, Citation: r.Citations[0].Citation(), Received: d}
}

type namedRequest struct {
	name string
	req  Request
}

// goldenRequests are the letters of the golden tests: every kind, built from
// the three example cases, with fixed dates.
func goldenRequests(t testing.TB) []namedRequest {
	baby, babyF := loadFixture(t, "bruised-baby")
	chk, chkF := loadFixture(t, "checks-before-enquiry")
	cmp, cmpF := loadFixture(t, "complaint")
	d := casefile.MustDate

	renee := Party{Name: "Renée Example", Lines: []string{"1 Sample Street", "Exampletown EX1 2AB", "renee@example.org"}}
	sam := Party{Name: "Sam O’Brien", Lines: []string{"22 Test Road", "Example City EC2 3CD", "sam@example.org"}}
	alex := Party{Name: "Alex Example", Lines: []string{"3 Demo Lane", "Examplebury EC3 4EF"}}
	// The stage 3 request follows a stage 2 response, which the example case
	// (as of 1 July 2026) does not have yet: add one for this letter only.
	cmp3 := *cmp
	cmp3.Events = append(append([]casefile.Event(nil), cmp.Events...), casefile.Event{
		ID: "k2r", Kind: casefile.KindComplaintResponse, Date: d("2026-08-10"), Attrs: casefile.Attrs{Stage: 2},
		Detail: "Upheld the late stage 1 response; said nothing about the procedures quoted",
	})

	// The chaser and the complaint to the Information Commissioner follow up
	// a subject access request with no reply: the example's, without its response.
	noReply := *cmp
	noReply.Events = nil
	for _, e := range cmp.Events {
		if e.ID != "q1r" {
			noReply.Events = append(noReply.Events, e)
		}
	}
	sarDue := sarDue(t, d("2026-04-10"))
	early := checks.Run(checks.Default(), cmp, d("2026-04-10"))

	return []namedRequest{
		{"sar-chase", Request{
			Case: &noReply, Kind: SARChase,
			From: alex,
			To:   Party{Name: "The Data Protection Officer", Lines: []string{"Example County Council", "County Hall", "Examplebury EC3 1AA"}},
			Date: d("2026-05-20"), Reference: "AE-SAR-1",
			Due:        sarDue,
			Checkpoint: "rdx1-C0MP-LA1N-T001",
		}},
		{"ico", Request{
			Case: &noReply, Kind: ICO,
			Events: []string{"q1"},
			From:   alex,
			To:     Party{Name: "Information Commissioner’s Office", Lines: []string{"Sent through the Commissioner’s online complaint form"}},
			Date:   d("2026-06-15"), Reference: "AE-SAR-1",
			Due: sarDue, Chased: d("2026-05-20"),
			Checkpoint: "rdx1-C0MP-LA1N-T001",
		}},
		{"sar-child", Request{
			Case: chk, Kind: SAR, ForChild: true,
			From: sam,
			To:   Party{Name: "The Data Protection Officer", Lines: []string{"Example City Council", "Civic Centre", "Example City EC2 1AA"}},
			Date: d("2026-03-20"), Reference: "SOB-SAR-2",
			Deadline:   ruleDeadline(t, "sar-1m", d("2026-03-20")),
			Checkpoint: "rdx1-HAR1-NGEY-2013",
		}},
		{"lgsco-wait", Request{
			Case: cmp, Kind: LGSCO,
			Findings: pick(t, early, "complaint-stage1-10wd:k1"),
			Events:   []string{"k1"},
			From:     alex,
			To:       Party{Name: "Local Government and Social Care Ombudsman"},
			Date:     d("2026-04-10"), Reference: "AE-COMPLAINT-1",
			Checkpoint: "rdx1-C0MP-LA1N-T001",
		}},
		{"jr-lbc-challenge", Request{
			Case: chk, Kind: JRLetter,
			Challenge: []string{"sd1", "t1"},
			Findings:  pick(t, chkF, "checks-before-s47:t1", "jr-3m:sd1"),
			From:      sam,
			To:        Party{Name: "Head of Legal Services", Lines: []string{"Example City Council", "Civic Centre", "Example City EC2 1AA"}},
			Date:      d("2026-03-24"), Reference: "SOB-JR-2",
			Outcomes: []string{
				"Withdraw the decision of 6 February 2026 to start section 47 enquiries, and record that it was withdrawn.",
				"Correct the council’s records of the checks of 3 February 2026.",
			},
			Deadline:   ruleDeadline(t, "jr-response-14d", d("2026-03-24")),
			Checkpoint: "rdx1-HAR1-NGEY-2013",
		}},
		{"stage1-corporate", Request{
			Case: baby, Kind: Stage1, Procedure: Corporate,
			Findings: pick(t, babyF, "strategy-before-s47:s1", "icpc-15wd:s1"),
			Events:   []string{"r1", "s1", "t1", "me1", "cs1", "sd1", "sc1", "ic1"},
			From:     renee,
			To:       Party{Name: "The Complaints Manager", Lines: []string{"Example Borough Council", "Town Hall", "Exampletown EX1 1AA"}},
			Date:     d("2026-01-15"), Reference: "RE/2026/01",
			Outcomes: []string{
				"A written apology for starting section 47 enquiries before any strategy discussion.",
				"A review of how the council’s bruising protocol for non-mobile babies was applied to my son – and an explanation of the result.",
				"A payment of £250 for the distress and the time this complaint has taken.",
			},
			Enclosures: []string{"My chronology of events (2 pages)"},
			Checkpoint: "rdx1-7Q2M-9KXD-4HTP",
		}},
		{"stage1-conference", Request{
			Case: baby, Kind: Stage1, Procedure: Conference,
			Findings:   pick(t, babyF, "icpc-15wd:s1"),
			Events:     []string{"s1", "sc1", "ic1"},
			From:       renee,
			To:         Party{Name: "The Chair of the child protection conference", Lines: []string{"Example Safeguarding Children Partnership", "Town Hall", "Exampletown EX1 1AA"}},
			Date:       d("2026-01-15"),
			Salutation: "Dear Chair",
			Outcomes:   []string{"An explanation of why the conference was held late."},
			Checkpoint: "rdx1-7Q2M-9KXD-4HTP",
		}},
		{"stage2-statutory", Request{
			Case: cmp, Kind: Stage2,
			Findings: pick(t, cmpF, "complaint-stage1-10wd:k1"),
			Events:   []string{"k1", "k1r"},
			From:     alex,
			To:       Party{Name: "The Complaints Manager", Lines: []string{"Example County Council", "County Hall", "Examplebury EC3 1AA"}},
			Date:     d("2026-05-11"), Reference: "AE-COMPLAINT-1",
			Unresolved: map[string]string{"complaint-stage1-10wd:k1": "The response did not explain the delay or apologise for it, and it did not deal with the paragraphs of the area’s own procedures that my complaint quoted."},
			Outcomes: []string{
				"An investigation of every point in my stage 1 complaint by an Investigating Officer and an Independent Person.",
				"An explanation of why the stage 1 response was late.",
			},
			Deadline:   ruleDeadline(t, "complaint-stage2-25wd", d("2026-05-11")),
			Checkpoint: "rdx1-C0MP-LA1N-T001",
		}},
		{"stage3-statutory", Request{
			Case: &cmp3, Kind: Stage3,
			Findings: pick(t, cmpF, "complaint-stage1-10wd:k1"),
			Events:   []string{"k1", "k1r", "k2", "k2x", "k2r"},
			From:     alex,
			To:       Party{Name: "The Complaints Manager", Lines: []string{"Example County Council", "County Hall", "Examplebury EC3 1AA"}},
			Date:     d("2026-08-17"), Reference: "AE-COMPLAINT-1",
			Outcomes:   []string{"A review panel to consider my complaint and make recommendations."},
			Deadline:   ruleDeadline(t, "panel-30wd", d("2026-08-17")),
			Checkpoint: "rdx1-C0MP-LA1N-T001",
		}},
		{"lgsco", Request{
			Case: cmp, Kind: LGSCO,
			Findings: pick(t, cmpF, "complaint-stage1-10wd:k1"),
			Events:   []string{"k1", "k1r", "k2", "k2x"},
			From:     alex,
			To:       Party{Name: "Local Government and Social Care Ombudsman", Lines: []string{"Sent through the Ombudsman’s online complaint form"}},
			Date:     d("2026-07-01"), Reference: "AE-COMPLAINT-1",
			Impact: []string{"The delay added weeks of worry at a time when my child’s needs were not being met."},
			Outcomes: []string{
				"A finding that the council was at fault for the delay at stage 1.",
				"An apology, and a payment of £150 to recognise the time and trouble.",
			},
			Checkpoint: "rdx1-C0MP-LA1N-T001",
		}},
		{"sar", Request{
			Case: chk, Kind: SAR,
			Events: []string{"r1", "t1", "t2", "sd1"},
			From:   sam,
			To:     Party{Name: "The Data Protection Officer", Lines: []string{"Example City Council", "Civic Centre", "Example City EC2 1AA"}},
			Date:   d("2026-03-20"), Reference: "SOB-SAR-1",
			Deadline:   ruleDeadline(t, "sar-1m", d("2026-03-20")),
			Checkpoint: "rdx1-HAR1-NGEY-2013",
		}},
		{"rectification", Request{
			Case: chk, Kind: Rectification,
			Events: []string{"r1", "sc1"},
			From:   sam,
			To:     Party{Name: "The Data Protection Officer", Lines: []string{"Example City Council", "Civic Centre", "Example City EC2 1AA"}},
			Date:   d("2026-03-20"), Reference: "SOB-RECT-1",
			Corrections: []Correction{{
				Record:   "The referral record of 2 February 2026",
				Says:     "An anonymous allegation by telephone, recorded without the outcome of the enquiries.",
				Correct:  "The record should also say that the section 47 enquiries ended on 27 February 2026 with no further action, and that the allegation was believed to be malicious.",
				Evidence: "The council’s own record of the end of the enquiries on 27 February 2026.",
			}},
			Deadline: func() Deadline {
				dl := ruleDeadline(t, "sar-1m", d("2026-03-20"))
				dl.Citation, _ = SourceCitation("uk-gdpr-art12-3-rectification")
				return dl
			}(),
			Checkpoint: "rdx1-HAR1-NGEY-2013",
		}},
		{"jr-lbc", Request{
			Case: chk, Kind: JRLetter,
			Findings: pick(t, chkF, "checks-before-s47:t1", "checks-before-s47:t2", "jr-3m:sd1"),
			Events:   []string{"t1", "t2", "p1", "sd1"},
			From:     sam,
			To:       Party{Name: "Head of Legal Services", Lines: []string{"Example City Council", "Civic Centre", "Example City EC2 1AA"}},
			Date:     d("2026-03-24"), Reference: "SOB-JR-1",
			Outcomes: []string{
				"Confirm in writing that the checks with the GP and the school on 3 February 2026 were made without the parents’ consent and before any section 47 enquiries.",
				"Write to the GP and the school to tell them that the checks should not have been made.",
				"Correct the council’s records of the checks.",
			},
			Deadline:   ruleDeadline(t, "jr-response-14d", d("2026-03-24")),
			Checkpoint: "rdx1-HAR1-NGEY-2013",
		}},
	}
}

// sarDue is the deadline of a subject access request received on made, as
// app/casework works it out for a chaser: the sar-1m rule's date.
func sarDue(t testing.TB, made casefile.Date) Deadline {
	t.Helper()
	due, err := checks.Default().Deadline("sar-1m", made)
	if err != nil {
		t.Fatal(err)
	}
	return Deadline{Date: due, Rule: "one month from the day the request was received, moved to the next working day if it ends on a weekend or bank holiday", Received: made}
}
