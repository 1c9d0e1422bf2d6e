package casework

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/checks"
	"github.com/redress-app/redress/letters"
)

// mixedCase is the complaint example with section 47 enquiries that started
// on 2 March 2026 with no strategy discussion: a statutory finding (the late
// stage 1 response), a corporate one (strategy-before-s47:m1) and an ICO one
// (the late subject access response) in one case.
func mixedCase(t testing.TB) *casefile.Case {
	c := example(t, "complaint")
	c.Events = append(c.Events, casefile.Event{ID: "m1", Kind: casefile.KindS47Started, Date: date("2026-03-02")})
	return c
}

func TestParseSelection(t *testing.T) {
	tests := []struct {
		in   string
		want Selection
		err  string
	}{
		{"", Selection{All: true}, ""},
		{"all", Selection{All: true}, ""},
		{"icpc-15wd:s1", Selection{Keys: []string{"icpc-15wd:s1"}}, ""},
		{" icpc-15wd:s1 , jr-3m:s1", Selection{Keys: []string{"icpc-15wd:s1", "jr-3m:s1"}}, ""},
		{"icpc-15wd", Selection{}, "is not a finding"},
		{"icpc-15wd:", Selection{}, "is not a finding"},
		{":s1", Selection{}, "is not a finding"},
		{"a:b,,c:d", Selection{}, "is not a finding"},
		{"a:b,a:b", Selection{}, "named twice"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseSelection(tt.in)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) || !errors.Is(err, letters.ErrRequest) {
					t.Fatalf("error %v, want one saying %q", err, tt.err)
				}
				return
			}
			if err != nil || got.All != tt.want.All || !slices.Equal(got.Keys, tt.want.Keys) {
				t.Errorf("ParseSelection = %+v, %v; want %+v", got, err, tt.want)
			}
		})
	}
}

// TestRouting: each letter takes the findings its route allows; --findings
// all leaves the others out and names them; an explicit selection that mixes
// routes, or belongs to another route, is refused with the split.
func TestRouting(t *testing.T) {
	baby, chk, cmp, mixed := example(t, "bruised-baby"), example(t, "checks-before-enquiry"), example(t, "complaint"), mixedCase(t)
	tests := []struct {
		name   string
		c      *casefile.Case
		asOf   string
		kind   letters.Kind
		proc   letters.Procedure
		sel    string
		points []string // the findings the letter takes, in order
		left   []string // left out (all), as KEY=ROUTE
		splits []string // a RouteError's split, as ROUTE:KIND/PROCEDURE=KEYS
		errAll bool     // the RouteError is for all
		err    string   // another error
	}{
		{name: "statutory, all", c: cmp, asOf: "2026-07-01", kind: letters.Stage1, points: []string{"complaint-stage1-10wd:k1"},
			left: []string{"sar-1m:q1=ico"}},
		{name: "corporate, all", c: baby, asOf: "2026-01-15", kind: letters.Stage1, proc: letters.Corporate,
			points: []string{"icpc-15wd:s1", "premobile-bruising-appraisal:s1", "strategy-before-s47:s1"}},
		{name: "statutory, all, wrong procedure", c: baby, asOf: "2026-01-15", kind: letters.Stage1, errAll: true,
			splits: []string{"corporate:stage1/corporate=icpc-15wd:s1,premobile-bruising-appraisal:s1,strategy-before-s47:s1"}},
		{name: "conference, all: no rule has that route", c: baby, asOf: "2026-01-15", kind: letters.Stage2, proc: letters.Conference, errAll: true,
			splits: []string{"corporate:stage2/corporate=icpc-15wd:s1,premobile-bruising-appraisal:s1,strategy-before-s47:s1"}},
		{name: "nothing to complain about", c: chk, asOf: "2026-02-02", kind: letters.Stage1, errAll: true},
		{name: "explicit, one route", c: mixed, asOf: "2026-07-01", kind: letters.Stage1, proc: letters.Corporate, sel: "strategy-before-s47:m1",
			points: []string{"strategy-before-s47:m1"}},
		{name: "explicit, mixed", c: mixed, asOf: "2026-07-01", kind: letters.Stage1, sel: "complaint-stage1-10wd:k1,strategy-before-s47:m1,sar-1m:q1",
			splits: []string{"statutory:stage1/statutory=complaint-stage1-10wd:k1", "corporate:stage1/corporate=strategy-before-s47:m1", "ico:/=sar-1m:q1"}},
		{name: "explicit, another route", c: baby, asOf: "2026-01-15", kind: letters.Stage2, sel: "icpc-15wd:s1",
			splits: []string{"corporate:stage2/corporate=icpc-15wd:s1"}},
		{name: "explicit, unknown finding", c: baby, asOf: "2026-01-15", kind: letters.Stage1, proc: letters.Corporate, sel: "icpc-15wd:zz",
			err: "no finding icpc-15wd:zz"},
		{name: "ombudsman takes statutory and corporate", c: mixed, asOf: "2026-07-01", kind: letters.LGSCO,
			points: []string{"strategy-before-s47:m1", "complaint-stage1-10wd:k1"}, left: []string{"sar-1m:q1=ico"}},
		{name: "ombudsman, explicit mixed with ico", c: mixed, asOf: "2026-07-01", kind: letters.LGSCO, sel: "complaint-stage1-10wd:k1,sar-1m:q1",
			splits: []string{"lgsco:lgsco/=complaint-stage1-10wd:k1", "ico:/=sar-1m:q1"}},
		{name: "letter before claim takes jr findings and the time limit", c: chk, asOf: "2026-03-20", kind: letters.JRLetter,
			points: []string{"checks-before-s47:t1", "checks-before-s47:t2", "jr-3m:t1", "jr-3m:t2", "jr-3m:sd1"}},
		{name: "letter before claim, statutory finding", c: cmp, asOf: "2026-07-01", kind: letters.JRLetter, errAll: true,
			splits: []string{"statutory:stage1/statutory=complaint-stage1-10wd:k1", "ico:/=sar-1m:q1"}},
		{name: "subject access takes none", c: cmp, asOf: "2026-07-01", kind: letters.SAR},
		{name: "subject access with findings", c: cmp, asOf: "2026-07-01", kind: letters.SAR, sel: "sar-1m:q1", err: "lists no findings"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sel, err := ParseSelection(tt.sel)
			if err != nil {
				t.Fatal(err)
			}
			asOf := date(tt.asOf)
			points, left, err := choose(cat, tt.kind, tt.proc, sel, checks.Run(cat, tt.c, asOf), asOf)
			var re *RouteError
			switch {
			case tt.err != "":
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want one saying %q", err, tt.err)
				}
				return
			case tt.splits != nil || tt.errAll:
				if !errors.As(err, &re) {
					t.Fatalf("error %v, want a RouteError", err)
				}
				if !errors.Is(err, letters.ErrRequest) {
					t.Error("a RouteError is not a bad request")
				}
				if re.All != tt.errAll {
					t.Errorf("All = %v", re.All)
				}
				var got []string
				for _, s := range re.Splits() {
					got = append(got, s.Route+":"+string(s.Kind)+"/"+string(s.Procedure)+"="+strings.Join(keysOf(s.Findings), ","))
				}
				if !slices.Equal(got, tt.splits) {
					t.Errorf("splits %q, want %q", got, tt.splits)
				}
				for _, s := range re.Splits() {
					if !strings.Contains(err.Error(), RouteWords(s.Route)) {
						t.Errorf("the error %q does not name the route %s", err, s.Route)
					}
				}
				return
			case err != nil:
				t.Fatal(err)
			}
			if got := keysOf(points); !slices.Equal(got, tt.points) {
				t.Errorf("points %q, want %q", got, tt.points)
			}
			var gotLeft []string
			for _, l := range left {
				gotLeft = append(gotLeft, letters.FindingKey(l.Finding)+"="+l.Route)
			}
			if !slices.Equal(gotLeft, tt.left) {
				t.Errorf("left out %q, want %q", gotLeft, tt.left)
			}
		})
	}
}

// TestMixedRouteMessages: the errors say, in words, which procedure fits.
func TestMixedRouteMessages(t *testing.T) {
	baby := example(t, "bruised-baby")
	_, err := Compose(baby, Options{Kind: letters.Stage1, AsOf: date("2026-01-15")})
	want := "no breach or concern in this case belongs to the Children Act 1989 complaints procedure; the findings belong to the council's corporate complaints procedure (icpc-15wd:s1,premobile-bruising-appraisal:s1,strategy-before-s47:s1)"
	if err == nil || err.Error() != want {
		t.Errorf("error\n %v\nwant\n %s", err, want)
	}
	_, err = Compose(mixedCase(t), Options{Kind: letters.Stage1, AsOf: date("2026-07-01"),
		Findings: Selection{Keys: []string{"complaint-stage1-10wd:k1", "strategy-before-s47:m1"}}})
	want = "the findings chosen belong to different routes, so they need separate letters: the Children Act 1989 complaints procedure (complaint-stage1-10wd:k1); the council's corporate complaints procedure (strategy-before-s47:m1)"
	if err == nil || err.Error() != want {
		t.Errorf("error\n %v\nwant\n %s", err, want)
	}
	// The split letters each draft.
	var re *RouteError
	if !errors.As(err, &re) {
		t.Fatal(err)
	}
	for _, s := range re.Splits() {
		d, err := Compose(mixedCase(t), Options{Kind: s.Kind, Procedure: s.Procedure, AsOf: date("2026-07-01"), Findings: Selection{Keys: keysOf(s.Findings)}})
		if err != nil {
			t.Fatalf("split letter %s/%s: %v", s.Kind, s.Procedure, err)
		}
		if got := keysOf(d.Draft.Request.Findings); !slices.Equal(got, keysOf(s.Findings)) {
			t.Errorf("split letter takes %q", got)
		}
	}
}

func TestSplitForLetter(t *testing.T) {
	fs := checks.Run(cat, mixedCase(t), date("2026-07-01"))
	var pick []casefile.Finding
	for _, f := range fs {
		if f.Status == casefile.StatusBreach {
			pick = append(pick, f)
		}
	}
	groups := func(k letters.Kind, p letters.Procedure) string {
		var s []string
		for _, g := range SplitForLetter(k, p, pick) {
			s = append(s, g.Route+"="+strings.Join(keysOf(g.Findings), ","))
		}
		return strings.Join(s, " ")
	}
	for _, tt := range []struct {
		kind letters.Kind
		proc letters.Procedure
		want string
	}{
		{letters.Stage1, letters.Statutory, "corporate=strategy-before-s47:m1 statutory=complaint-stage1-10wd:k1 ico=sar-1m:q1"},
		{letters.LGSCO, "", "lgsco=strategy-before-s47:m1,complaint-stage1-10wd:k1 ico=sar-1m:q1"},
		{letters.JRLetter, "", "jr=strategy-before-s47:m1 statutory=complaint-stage1-10wd:k1 ico=sar-1m:q1"},
	} {
		if got := groups(tt.kind, tt.proc); got != tt.want {
			t.Errorf("%s/%s: %s, want %s", tt.kind, tt.proc, got, tt.want)
		}
	}
}

// TestComposeTakesTheCallersFindings: given the findings the caller checked
// (Options.Checked, as the desktop has them), Compose drafts from them and
// does not run the checks again; without them it runs the checks itself.
func TestComposeTakesTheCallersFindings(t *testing.T) {
	c := example(t, "bruised-baby")
	asOf := date("2026-01-15")
	opt := Options{Kind: letters.Stage1, Procedure: letters.Corporate, AsOf: asOf}
	ran, err := Compose(c, opt)
	if err != nil {
		t.Fatal(err)
	}
	checked := checks.Run(cat, c, asOf)
	const marked = "Marked title only the caller's findings have"
	n := 0
	for i := range checked {
		if checked[i].Status == casefile.StatusBreach || checked[i].Status == casefile.StatusConcern {
			checked[i].Title = marked
			n++
		}
	}
	if n == 0 {
		t.Fatal("the example has no breach or concern to mark")
	}
	opt.Checked = checked
	given, err := Compose(c, opt)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(textOf(t, ran.Draft.Letter), marked) {
		t.Fatal("the letter Compose checked itself has the marked title")
	}
	if !strings.Contains(textOf(t, given.Draft.Letter), marked) {
		t.Errorf("the letter drafted from the caller's findings does not use them:\n%s", textOf(t, given.Draft.Letter))
	}
	opt.Checked = []casefile.Finding{}
	var re *RouteError
	if _, err := Compose(c, opt); !errors.As(err, &re) || !re.All {
		t.Errorf("no findings given: %v, want a RouteError that none fits", err)
	}
}
