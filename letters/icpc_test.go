package letters

import (
	"strings"
	"testing"

	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/checks"
)

// TestICPCPointFollowsFinding: a complaint's point about a late initial
// conference says what the checks counted from, and nothing else. When a
// strategy discussion was held on or before the start of the enquiries
// without being marked as starting them, the checks (issue 12) count from it;
// the letter must then name that discussion as what happened and never say it
// counted from the start of the enquiries. With the rules of the day the
// finding counts from the start of the enquiries, and the letter says that
// instead: either way, letter and finding agree.
func TestICPCPointFollowsFinding(t *testing.T) {
	baby, _ := loadFixture(t, "bruised-baby")
	c := *baby
	c.Events = append([]casefile.Event(nil), baby.Events...)
	no := false
	// A discussion between the social worker and her manager on the day the
	// enquiries started, not marked as starting them.
	c.Events = append(c.Events, casefile.Event{ID: "sd0", Kind: casefile.KindStrategyDiscussion, Date: casefile.MustDate("2025-10-13"),
		Attrs: casefile.Attrs{S47: &no}, Detail: "Social worker and manager only"})
	fs := checks.Run(checks.Default(), &c, casefile.MustDate("2026-01-15"))
	var icpc *casefile.Finding
	for i := range fs {
		if fs[i].Rule == "icpc-15wd" {
			icpc = &fs[i]
		}
	}
	if icpc == nil {
		t.Fatal("the checks give no icpc-15wd finding")
	}
	for _, k := range []Kind{Stage1, Stage2, Stage3} {
		t.Run(string(k), func(t *testing.T) {
			req := Request{Case: &c, Kind: k, Procedure: Corporate, Findings: []casefile.Finding{*icpc},
				From: Party{Name: "Renée Example"}, To: Party{Name: "The Complaints Manager"}, Date: casefile.MustDate("2026-01-15")}
			text, l := letterText(t, req)
			trigger, _ := c.EventByID(icpc.Trigger)
			var happened string
			for _, b := range l.Body {
				if b.Kind != Point {
					continue
				}
				for _, in := range b.Body {
					if in.Label == "What happened:" {
						happened = in.Text
					}
				}
			}
			if want := eventLine(&c, trigger); !strings.HasPrefix(happened, want) {
				t.Errorf("what happened %q, want it to start with the event the checks counted from, %q", happened, want)
			}
			fromStart := strings.Contains(text, "Redress counts from the start of the enquiries")
			if trigger.Kind == casefile.KindStrategyDiscussion && fromStart {
				t.Errorf("the checks counted from the strategy discussion but the letter says it counted from the start of the enquiries:\n%s", text)
			}
			if trigger.Kind == casefile.KindStrategyDiscussion && (trigger.Attrs.S47 == nil || !*trigger.Attrs.S47) &&
				strings.Contains(text, "at which section 47 enquiries were started") {
				t.Errorf("the letter says section 47 enquiries were started at a discussion the record says did not start them:\n%s", text)
			}
			if trigger.Kind == casefile.KindS47Started && !fromStart {
				t.Errorf("the checks counted from the start of the enquiries but the letter does not say so:\n%s", text)
			}
		})
	}
}
