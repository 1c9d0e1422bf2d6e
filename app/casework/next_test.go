package casework

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/checks"
	"github.com/redress-app/redress/letters"
)

// TestSARFollowThrough: an unanswered request offers the chaser; sending the
// chaser records no second request; then the next step is the complaint to
// the Information Commissioner, whose letter says when the request was chased.
func TestSARFollowThrough(t *testing.T) {
	ctx := context.Background()
	v := newVault(t)
	id := importExample(t, v, "checks-before-enquiry")
	if _, err := v.AddEvent(ctx, id, casefile.Event{ID: "q9", Kind: casefile.KindSARMade, Date: date("2026-03-02")}); err != nil {
		t.Fatal(err)
	}
	steps, err := NextSteps(ctx, v, id, date("2026-04-10"), cat)
	if err != nil {
		t.Fatal(err)
	}
	var sar *NextStep
	for i := range steps {
		if steps[i].Finding.Rule == "sar-1m" {
			sar = &steps[i]
		}
	}
	if sar == nil || sar.Kind != letters.SARChase || !strings.Contains(sar.Text, "of 2 March 2026 by 2 April 2026: send the chaser") {
		t.Fatalf("next steps %+v, want the chaser", steps)
	}

	dr, err := DraftLetter(ctx, v, id, Options{Kind: letters.SARChase, AsOf: date("2026-04-10")})
	if err != nil {
		t.Fatal(err)
	}
	if err := SaveDraft(ctx, v, id, dr.Draft); err != nil {
		t.Fatal(err)
	}
	before, _ := v.LoadCase(ctx, id)
	res, err := MarkSent(ctx, v, id, dr.Draft.ID, date("2026-04-10"), cat)
	if err != nil {
		t.Fatal(err)
	}
	after, _ := v.LoadCase(ctx, id)
	if res.Event != "" || len(after.Events) != len(before.Events) {
		t.Fatalf("sending the chaser recorded an event (%q): it must not record a second request", res.Event)
	}
	if len(res.Notes) != 1 || !strings.Contains(res.Notes[0], "no second subject access request is recorded") {
		t.Errorf("notes %q", res.Notes)
	}

	steps, err = NextSteps(ctx, v, id, date("2026-05-01"), cat)
	if err != nil {
		t.Fatal(err)
	}
	sar = nil
	for i := range steps {
		if steps[i].Finding.Rule == "sar-1m" {
			sar = &steps[i]
		}
	}
	if sar == nil || sar.Kind != letters.ICO || !strings.Contains(sar.Text, "on 10 April 2026") || !strings.Contains(sar.Text, "by 10 July 2026") {
		t.Fatalf("next steps %+v, want the complaint to the Information Commissioner", steps)
	}
	ico, err := DraftLetter(ctx, v, id, Options{Kind: letters.ICO, AsOf: date("2026-05-01")})
	if err != nil {
		t.Fatal(err)
	}
	if ico.Draft.Request.Chased != date("2026-04-10") || ico.Draft.Request.Due.Date != date("2026-04-02") {
		t.Errorf("complaint built with chased %s, due %s", ico.Draft.Request.Chased, ico.Draft.Request.Due.Date)
	}
	var b strings.Builder
	if err := ico.Draft.Render(&b, Text); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(strings.Join(strings.Fields(b.String()), " "), "in writing on 10 April 2026") {
		t.Error("the complaint does not say when the request was chased")
	}

	// No request in the record: nothing to chase.
	c := example(t, "checks-before-enquiry")
	if _, err := Compose(c, Options{Kind: letters.SARChase, AsOf: date("2026-04-10")}); !errors.Is(err, letters.ErrRequest) {
		t.Errorf("chaser with no request: %v", err)
	}
}

// TestDuties: the council's overdue duties are listed beside the family's
// own limits, open and passed, each said plainly; whose filters them.
func TestDuties(t *testing.T) {
	c := example(t, "checks-before-enquiry")
	c.Events = append(c.Events, casefile.Event{ID: "q9", Kind: casefile.KindSARMade, Date: date("2026-03-02")})
	asOf := date("2026-04-10")
	fs := checks.Run(cat, c, asOf)
	all := Duties(fs, asOf, WhoseAll)
	if len(all) == 0 || !all[0].Council || all[0].State != Overdue || all[0].Finding.Rule != "sar-1m" {
		t.Fatalf("first duty %+v, want the overdue subject access request", all)
	}
	if !strings.Contains(all[0].Text, "The council owes you") || !strings.Contains(all[0].Text, "due by 2 April 2026, 8 days ago") {
		t.Errorf("overdue text %q", all[0].Text)
	}
	var family int
	for _, d := range all {
		if !d.Council {
			family++
			if d.State == Overdue {
				t.Errorf("a family limit is overdue: %+v", d)
			}
		}
	}
	if family == 0 {
		t.Error("no family time limit listed beside the council's duties")
	}
	for _, d := range Duties(fs, asOf, WhoseCouncil) {
		if !d.Council {
			t.Errorf("--whose council lists %+v", d)
		}
	}
	for _, d := range Duties(fs, asOf, WhoseFamily) {
		if d.Council {
			t.Errorf("--whose family lists %+v", d)
		}
	}
	// Long after, the family's limits have passed and are said to have passed.
	late := date("2027-06-01")
	var passed bool
	for _, d := range Duties(checks.Run(cat, c, late), late, WhoseFamily) {
		if d.State == Passed && strings.Contains(d.Text, "passed on") {
			passed = true
		}
	}
	if !passed {
		t.Error("no passed family limit a year later")
	}
	if _, err := ParseWhose("mine"); !errors.Is(err, letters.ErrRequest) {
		t.Errorf("ParseWhose(mine): %v", err)
	}
}

// TestWhatNextFamilyLimits: the family's own open limits come with their
// dates and the letter to draft; a judicial review limit names the act.
func TestWhatNextFamilyLimits(t *testing.T) {
	c := example(t, "checks-before-enquiry")
	asOf := date("2026-03-20")
	steps := WhatNext(c, checks.Run(cat, c, asOf), asOf, casefile.Date{})
	var jr *NextStep
	for i := range steps {
		if steps[i].Finding.Rule == "jr-3m" {
			jr = &steps[i]
		}
	}
	if jr == nil || !jr.Family || jr.Kind != letters.JRLetter || len(jr.Challenge) != 1 || jr.Challenge[0] != jr.Finding.Trigger ||
		!strings.Contains(jr.Text, jr.Finding.Due.Long()) {
		t.Fatalf("steps %+v, want the judicial review limit with the act to challenge", steps)
	}
}

// TestSaveDraftOnce: the same letter drafted again (to export it in another
// format) is the same letter and version; a different one is new.
func TestSaveDraftOnce(t *testing.T) {
	ctx := context.Background()
	v := newVault(t)
	id := importExample(t, v, "checks-before-enquiry")
	draft := func(ref string) *Draft {
		t.Helper()
		d, err := DraftLetter(ctx, v, id, Options{Kind: letters.SAR, AsOf: date("2026-03-20"), Reference: ref})
		if err != nil {
			t.Fatal(err)
		}
		return d.Draft
	}
	a := draft("R1")
	if reused, err := SaveDraftOnce(ctx, v, id, a); err != nil || reused {
		t.Fatalf("first save: reused %v, %v", reused, err)
	}
	b := draft("R1")
	if reused, err := SaveDraftOnce(ctx, v, id, b); err != nil || !reused || b.ID != a.ID || b.Version != a.Version {
		t.Fatalf("the same letter again: reused %v, %s v%d, want %s v%d (%v)", reused, b.ID, b.Version, a.ID, a.Version, err)
	}
	c := draft("R2")
	if reused, err := SaveDraftOnce(ctx, v, id, c); err != nil || reused || c.ID == a.ID {
		t.Fatalf("a different letter: reused %v, %s (%v)", reused, c.ID, err)
	}
	if ds, _ := Drafts(ctx, v, id); len(ds) != 2 {
		t.Errorf("%d letters listed, want 2", len(ds))
	}
}

func TestSAROptions(t *testing.T) {
	c := example(t, "checks-before-enquiry")
	kinds := func(os []SAROption) string {
		var s []string
		for _, o := range os {
			k := string(o.Kind)
			if o.ForChild {
				k += "+child"
			}
			s = append(s, k)
		}
		return strings.Join(s, ",")
	}
	if got := kinds(SAROptions(c, date("2026-03-20"))); got != "sar,sar+child" {
		t.Errorf("before a request: %s", got)
	}
	c.Events = append(c.Events, casefile.Event{ID: "q9", Kind: casefile.KindSARMade, Date: date("2026-03-02")})
	if got := kinds(SAROptions(c, date("2026-04-10"))); got != "sar-chase,ico,sar+child" {
		t.Errorf("after a request: %s", got)
	}
	no := false
	c.Events = append(c.Events, casefile.Event{ID: "q9p", Kind: casefile.KindSARResponse, Date: date("2026-04-15"), Attrs: casefile.Attrs{Complete: &no}})
	if got := kinds(SAROptions(c, date("2026-04-20"))); got != "sar-chase,ico,sar+child" {
		t.Errorf("after a partial answer: %s", got)
	}
	c.Events = append(c.Events, casefile.Event{ID: "q9r", Kind: casefile.KindSARResponse, Date: date("2026-05-01")})
	if got := kinds(SAROptions(c, date("2026-05-10"))); got != "sar,ico,sar+child" {
		t.Errorf("after a complete answer: %s", got)
	}
}
