package store

import (
	"context"
	"testing"

	"github.com/redress-app/redress/casefile"
)

// TestSetLocalTimescales: the council's own timescales are amended into the
// case record, survive a title change, are verified in the chain, and bad
// values are refused.
func TestSetLocalTimescales(t *testing.T) {
	ctx := context.Background()
	v, _ := newTestVault(t)
	ci, err := v.CreateCase(ctx, "Local", "Example Council")
	if err != nil {
		t.Fatal(err)
	}
	lt := &casefile.LocalTimescales{Stage1WD: 20, Stage2WD: 25, Source: "https://www.example.gov.uk/complaints"}
	if err := v.SetLocalTimescales(ctx, ci.ID, lt); err != nil {
		t.Fatal(err)
	}
	if err := v.UpdateCase(ctx, ci.ID, "Local, renamed", "Example Council"); err != nil {
		t.Fatal(err)
	}
	c, err := v.LoadCase(ctx, ci.ID)
	if err != nil {
		t.Fatal(err)
	}
	if c.LocalTimescales == nil || *c.LocalTimescales != *lt || c.Title != "Local, renamed" {
		t.Fatalf("case %q has local timescales %+v", c.Title, c.LocalTimescales)
	}
	if err := v.SetLocalTimescales(ctx, ci.ID, &casefile.LocalTimescales{Stage1WD: 20}); err == nil {
		t.Error("timescales without a source were accepted")
	}
	if err := v.SetLocalTimescales(ctx, ci.ID, nil); err != nil {
		t.Fatal(err)
	}
	if c, _ := v.LoadCase(ctx, ci.ID); c.LocalTimescales != nil {
		t.Errorf("cleared timescales still there: %+v", c.LocalTimescales)
	}
	if err := v.Verify(ctx); err != nil {
		t.Errorf("verify: %v", err)
	}
}
