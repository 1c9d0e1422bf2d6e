package checks

import (
	"fmt"
	"testing"

	"github.com/redress-app/redress/casefile"
)

// bigCase builds a case of n events: repeated cycles of referral, decision,
// strategy discussion, section 47, checks, conference, core group, reviews,
// complaints, subject access requests, decisions and protection events,
// spread over ten children and several years, in a shuffled order.
func bigCase(n int) *casefile.Case {
	c := &casefile.Case{Title: "Benchmark", Authority: "Example Council"}
	for i := 0; i < 10; i++ {
		mob := casefile.MobilityMobile
		if i%3 == 0 {
			mob = casefile.MobilityPreMobile
		}
		c.Children = append(c.Children, casefile.Child{ID: fmt.Sprintf("c%d", i), Name: fmt.Sprintf("Child %d", i),
			Born: casefile.MustDate("2020-01-01"), Mobility: mob})
	}
	type step struct {
		kind  casefile.Kind
		off   int
		attrs casefile.Attrs
		det   string
	}
	cycle := []step{
		{casefile.KindReferralReceived, 0, casefile.Attrs{}, "bruise on arm"},
		{casefile.KindReferralDecision, 1, casefile.Attrs{}, ""},
		{casefile.KindThirdPartyChecks, 1, casefile.Attrs{Agency: "GP", Consent: casefile.Bool(false)}, ""},
		{casefile.KindS47Started, 2, casefile.Attrs{}, ""},
		{casefile.KindStrategyDiscussion, 3, casefile.Attrs{S47: casefile.Bool(true)}, ""},
		{casefile.KindChildSeen, 4, casefile.Attrs{Alone: casefile.Bool(true)}, ""},
		{casefile.KindS47Concluded, 15, casefile.Attrs{Outcome: "icpc"}, ""},
		{casefile.KindICPC, 20, casefile.Attrs{Plan: casefile.Bool(true)}, ""},
		{casefile.KindCoreGroup, 30, casefile.Attrs{}, ""},
		{casefile.KindAssessmentCompleted, 40, casefile.Attrs{}, ""},
		{casefile.KindReviewConference, 100, casefile.Attrs{Plan: casefile.Bool(true)}, ""},
		{casefile.KindComplaintMade, 41, casefile.Attrs{Stage: 1}, ""},
		{casefile.KindComplaintResponse, 60, casefile.Attrs{Stage: 1}, ""},
		{casefile.KindComplaintMade, 70, casefile.Attrs{Stage: 2}, ""},
		{casefile.KindComplaintExtension, 80, casefile.Attrs{Stage: 2}, ""},
		{casefile.KindSARMade, 45, casefile.Attrs{}, ""},
		{casefile.KindSARResponse, 80, casefile.Attrs{}, ""},
		{casefile.KindDecision, 50, casefile.Attrs{Description: "refused"}, ""},
		{casefile.KindPoliceProtection, 5, casefile.Attrs{}, ""},
		{casefile.KindPoliceProtectionEnd, 7, casefile.Attrs{}, ""},
	}
	start := casefile.MustDate("2018-01-08")
	for i := 0; len(c.Events) < n; i++ {
		round := i / len(cycle)
		s := cycle[i%len(cycle)]
		child := fmt.Sprintf("c%d", round%10)
		c.Events = append(c.Events, casefile.Event{ID: fmt.Sprintf("e%d", i), Kind: s.kind,
			Date: start.AddDays(round*37 + s.off), Child: child, Attrs: s.attrs, Detail: s.det})
	}
	// Shuffle deterministically: the engine must not rely on file order.
	for i := range c.Events {
		j := (i * 7919) % len(c.Events)
		c.Events[i], c.Events[j] = c.Events[j], c.Events[i]
	}
	return c
}

func TestBigCaseIsSane(t *testing.T) {
	c := bigCase(1000)
	data, err := casefile.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := casefile.Decode("big.case.json", data); err != nil {
		t.Fatal(err)
	}
	fs := Run(Default(), c, casefile.MustDate("2026-06-01"))
	checkInvariants(t, Default(), fs)
	if len(fs) < 500 {
		t.Fatalf("only %d findings from a 1,000-event case", len(fs))
	}
}

// BenchmarkRun1000Events checks a 1,000-event case against every rule
// (target: 5 ms or less per run).
func BenchmarkRun1000Events(b *testing.B) {
	c := bigCase(1000)
	cat := Default()
	asOf := casefile.MustDate("2026-06-01")
	b.ReportAllocs()
	cpu0, ok := processCPU()
	n := 0
	for b.Loop() {
		Run(cat, c, asOf)
		n++
	}
	if cpu1, ok1 := processCPU(); ok && ok1 && n > 0 {
		b.ReportMetric(float64(cpu1-cpu0)/float64(n), "cpu-ns/op")
	}
}

// BenchmarkDecode1000Events is the peer: decoding the same case file from
// JSON with the strict codec, measured in the same run for context.
func BenchmarkDecode1000Events(b *testing.B) {
	data, err := casefile.Marshal(bigCase(1000))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	cpu0, ok := processCPU()
	n := 0
	for b.Loop() {
		if _, err := casefile.Decode("big.case.json", data); err != nil {
			b.Fatal(err)
		}
		n++
	}
	if cpu1, ok1 := processCPU(); ok && ok1 && n > 0 {
		b.ReportMetric(float64(cpu1-cpu0)/float64(n), "cpu-ns/op")
	}
}

// BenchmarkRun1000EventsApprox is the same case with every tenth date
// approximate, which makes Run re-check the rules those events affect with the
// date moved up to 7 days either way.
func BenchmarkRun1000EventsApprox(b *testing.B) {
	c := bigCase(1000)
	for i := range c.Events {
		if i%10 == 0 {
			c.Events[i].Certainty = casefile.CertaintyApprox
		}
	}
	cat := Default()
	asOf := casefile.MustDate("2026-06-01")
	b.ReportAllocs()
	for b.Loop() {
		Run(cat, c, asOf)
	}
}

// BenchmarkRun200Events10Approx is a more typical large case: 200 events,
// ten of them with approximate dates.
func BenchmarkRun200Events10Approx(b *testing.B) {
	c := bigCase(200)
	for i := range c.Events {
		if i%20 == 0 {
			c.Events[i].Certainty = casefile.CertaintyApprox
		}
	}
	cat := Default()
	asOf := casefile.MustDate("2026-06-01")
	b.ReportAllocs()
	for b.Loop() {
		Run(cat, c, asOf)
	}
}
