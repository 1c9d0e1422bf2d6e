package ui

import (
	"github.com/redress-app/redress/app/ui/internal/uitest"
	"net/url"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/redress-app/redress/app/ui/kit"
	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/checks"
)

// showFindings puts the Checks tab for case c in a window of the given size.
func showFindings(t *testing.T, variant fyne.ThemeVariant, size fyne.Size, c *casefile.Case, fds []casefile.Finding, asOf casefile.Date,
	onLetter, onEvents func(casefile.Finding)) (*findingsView, fyne.Window) {
	t.Helper()
	a := newTestApp(t, variant)
	v := newFindingsView(checks.Default(), onLetter, onEvents, func() {})
	w := a.NewWindow("Checks")
	w.SetContent(v.content)
	w.Resize(size)
	v.SetCase(c, fds, asOf)
	return v, w
}

// thinCase has a referral and nothing else, so that the checks cannot tell
// whether an assessment was needed; and a strategy discussion long ago, so
// that the family's time limits have passed.
func thinCase() *casefile.Case {
	return &casefile.Case{Title: "Thin record", Authority: "Example Borough Council",
		Children: []casefile.Child{{ID: "c1", Name: "Child A"}},
		Events: []casefile.Event{
			{ID: "r1", Kind: casefile.KindReferralReceived, Date: casefile.MustDate("2025-01-06")},
			{ID: "sd1", Kind: casefile.KindStrategyDiscussion, Date: casefile.MustDate("2025-01-08"), Attrs: casefile.Attrs{S47: casefile.Bool(true)}},
		}}
}

func TestFindingsLook(t *testing.T) {
	thin := thinCase()
	thinAsOf := casefile.MustDate("2026-03-02")
	for _, tc := range []struct {
		name    string
		variant fyne.ThemeVariant
		size    fyne.Size
		load    func(t *testing.T) (*casefile.Case, []casefile.Finding, casefile.Date)
	}{
		{"bruised-baby-light", theme.VariantLight, fyne.NewSize(900, 1000), func(t *testing.T) (*casefile.Case, []casefile.Finding, casefile.Date) {
			return exampleCase(t, "bruised-baby", "2025-12-01")
		}},
		{"bruised-baby-dark", theme.VariantDark, fyne.NewSize(900, 1000), func(t *testing.T) (*casefile.Case, []casefile.Finding, casefile.Date) {
			return exampleCase(t, "bruised-baby", "2025-12-01")
		}},
		{"thin-record", theme.VariantLight, fyne.NewSize(900, 1000), func(t *testing.T) (*casefile.Case, []casefile.Finding, casefile.Date) {
			return thin, checks.Run(checks.Default(), thin, thinAsOf), thinAsOf
		}},
		{"no-events", theme.VariantLight, fyne.NewSize(900, 400), func(t *testing.T) (*casefile.Case, []casefile.Finding, casefile.Date) {
			return &casefile.Case{Title: "New"}, nil, thinAsOf
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, fds, asOf := tc.load(t)
			v, w := showFindings(t, tc.variant, tc.size, c, fds, asOf, nil, nil)
			if tc.name == "thin-record" {
				// Show the need-more-information card and the passed deadlines.
				if !v.Reveal("icpc-15wd", "sd1") {
					t.Fatal("no card for icpc-15wd/sd1")
				}
				v.list.ScrollToOffset(v.list.GetScrollOffset() + 500)
			}
			test.AssertImageMatches(t, "findings/"+tc.name+".png", w.Canvas().Capture())
		})
	}
}

func TestFindingsEmptyStates(t *testing.T) {
	for _, tc := range []struct {
		name string
		c    *casefile.Case
		want string
	}{
		{"no case", nil, "Open a case to see its checks."},
		{"no events", &casefile.Case{Title: "New"}, "Record what happened, in the order it happened"},
		{"no rule applies", &casefile.Case{Events: []casefile.Event{{ID: "o1", Kind: casefile.KindOther, Date: casefile.MustDate("2025-01-01")}}},
			"No rule applies to the 1 event recorded so far (checked as of 2 March 2026)."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, w := showFindings(t, theme.VariantLight, fyne.NewSize(900, 400), tc.c, nil, casefile.MustDate("2026-03-02"), nil, nil)
			if !strings.Contains(v.emptyMsg.Text, tc.want) {
				t.Errorf("empty state %q lacks %q", v.emptyMsg.Text, tc.want)
			}
			if !strings.Contains(v.emptyMsg.Text, "Checks compare what the council did") {
				t.Errorf("empty state does not say what the screen is for: %q", v.emptyMsg.Text)
			}
			test.AssertRendersToMarkup(t, "findings/empty-"+strings.ReplaceAll(tc.name, " ", "-")+".xml", w.Canvas())
		})
	}
}

func TestFindingsGroupedMostUrgentFirst(t *testing.T) {
	c, fds, asOf := exampleCase(t, "bruised-baby", "2025-12-01")
	v, _ := showFindings(t, theme.VariantLight, fyne.NewSize(900, 900), c, fds, asOf, nil, nil)
	var heads []string
	cards := 0
	for _, r := range v.rows {
		switch r.kind {
		case rowGroup:
			heads = append(heads, r.text)
		case rowCard:
			cards++
		}
	}
	want := []string{"Late or missed (2)", "Concerns (1)", "Need more information (1)", "Your deadlines (6)", "Met (4)"}
	if strings.Join(heads, "|") != strings.Join(want, "|") {
		t.Errorf("groups %q, want %q", heads, want)
	}
	if cards != len(fds) {
		t.Errorf("%d cards for %d findings", cards, len(fds))
	}
	if v.rows[0].kind != rowIntro {
		t.Fatal("the list does not start with the introduction")
	}
	var words []string
	for _, tm := range v.rows[0].terms {
		words = append(words, tm.word)
	}
	for _, w := range []string{"Section 47 enquiries", "Initial child protection conference", "Working days", "Statutory guidance"} {
		if !strings.Contains(strings.Join(words, "|"), w) {
			t.Errorf("the introduction does not explain %q (it explains %q)", w, words)
		}
	}
}

// cardFor fills a list row with row i and returns its card.
func cardFor(t *testing.T, v *findingsView, i int) *findingCard {
	t.Helper()
	o := v.list.CreateItem()
	o.Resize(fyne.NewSize(880, 600))
	v.list.UpdateItem(i, o)
	return o.(*findingCard)
}

func TestFindingsButtonsCallBackWithTheirFinding(t *testing.T) {
	c, fds, asOf := exampleCase(t, "bruised-baby", "2025-12-01")
	var letter, events []casefile.Finding
	v, _ := showFindings(t, theme.VariantLight, fyne.NewSize(900, 900), c, fds, asOf,
		func(f casefile.Finding) { letter = append(letter, f) }, func(f casefile.Finding) { events = append(events, f) })
	var idx []int
	for i, r := range v.rows {
		if r.kind == rowCard {
			idx = append(idx, i)
		}
	}
	a, b := idx[1], idx[len(idx)-1]
	test.Tap(cardFor(t, v, a).useLetter)
	test.Tap(cardFor(t, v, b).showEvents)
	if len(letter) != 1 || letter[0].Rule != v.rows[a].f.Rule || letter[0].Trigger != v.rows[a].f.Trigger {
		t.Errorf("Use in a letter gave %+v, want %s/%s", letter, v.rows[a].f.Rule, v.rows[a].f.Trigger)
	}
	if len(events) != 1 || events[0].Rule != v.rows[b].f.Rule {
		t.Errorf("Show the events gave %+v, want %s", events, v.rows[b].f.Rule)
	}
	// The same row object, reused for another finding, calls back with that one.
	o := v.list.CreateItem()
	v.list.UpdateItem(a, o)
	v.list.UpdateItem(b, o)
	test.Tap(o.(*findingCard).useLetter)
	if len(letter) != 2 || letter[1].Rule != v.rows[b].f.Rule {
		t.Errorf("a reused row called back with %s, want %s", letter[len(letter)-1].Rule, v.rows[b].f.Rule)
	}
}

func TestFindingsCardSaysEverything(t *testing.T) {
	c, fds, asOf := exampleCase(t, "bruised-baby", "2025-12-01")
	v, _ := showFindings(t, theme.VariantLight, fyne.NewSize(900, 900), c, fds, asOf, nil, nil)
	var opened []string
	v.openURL = func(u *url.URL) error { opened = append(opened, u.String()); return nil }
	i := -1
	for j, r := range v.rows {
		if r.kind == rowCard && r.f.Rule == "icpc-15wd" {
			i = j
		}
	}
	card := cardFor(t, v, i)
	text := card.title.Text + "\n" + richText(card.status) + richText(card.body)
	for _, want := range []string{
		"Late: initial child protection conference",
		"Late or missed", "3 working days late",
		"It was held on 6 November 2025, 3 working days late.",
		"Why it matters: ",
		"Source: ", "(statutory guidance; checked against a secondary source)",
		"paragraph number not verified",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("card lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "Why it matters: When section 47") && strings.Count(text, "Why it matters") != 1 {
		t.Error("why it matters shown twice")
	}
	var link *widget.Hyperlink
	walk(card.body, func(o fyne.CanvasObject) {
		if h, ok := o.(*widget.Hyperlink); ok && link == nil {
			link = h
		}
	})
	if link == nil {
		t.Fatal("no link to the source")
	}
	test.TapAt(link, fyne.NewPos(4, link.Size().Height/2))
	if len(opened) != 1 || opened[0] != v.rows[i].f.Citations[0].URL {
		t.Errorf("tapping the link opened %v, want %s", opened, v.rows[i].f.Citations[0].URL)
	}
}

func TestFindingsNeedInfoSaysWhatToRecord(t *testing.T) {
	c := thinCase()
	asOf := casefile.MustDate("2026-03-02")
	fds := checks.Run(checks.Default(), c, asOf)
	v, _ := showFindings(t, theme.VariantLight, fyne.NewSize(900, 900), c, fds, asOf, nil, nil)
	found := map[kit.StatusKind]bool{}
	for i, r := range v.rows {
		if r.kind != rowCard {
			continue
		}
		found[r.icon] = true
		if r.icon != kit.StatusNeedsInfo {
			continue
		}
		body := richText(cardFor(t, v, i).body)
		if !strings.Contains(body, "What to record: ") {
			t.Errorf("a need-more-information card (%s) does not say what to record:\n%s", r.f.Rule, body)
		}
		// Every word of the explanation is still there.
		for _, w := range strings.Fields(r.f.Explanation) {
			if !strings.Contains(body, w) {
				t.Errorf("card for %s lost %q", r.f.Rule, w)
				break
			}
		}
	}
	if !found[kit.StatusNeedsInfo] || !found[kit.StatusFamilyPassed] {
		t.Errorf("the thin case should give need-more-information and passed-deadline cards; got %v", found)
	}
}

func TestSplitRecordKeepsEveryWord(t *testing.T) {
	for _, tc := range []struct {
		name, in, rest string
		record         []string
	}{
		{"two asks", "It is not clear. Record when it started. Also X. Record the outcome.", "It is not clear. Also X.",
			[]string{"Record when it started.", "Record the outcome."}},
		{"none", "Nothing to ask here.", "Nothing to ask here.", nil},
		{"abbreviation", "See reg. 14 of the regulations. Record it.", "See reg. 14 of the regulations.", []string{"Record it."}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rest, rec := splitRecord(tc.in)
			if rest != tc.rest || strings.Join(rec, "|") != strings.Join(tc.record, "|") {
				t.Errorf("splitRecord = %q, %q; want %q, %q", rest, rec, tc.rest, tc.record)
			}
			if len(strings.Fields(rest))+len(strings.Fields(strings.Join(rec, " "))) != len(strings.Fields(tc.in)) {
				t.Error("words were lost")
			}
		})
	}
}

func TestFindingsLongListStaysVirtual(t *testing.T) {
	c := bigCase(10000)
	asOf := c.Events[len(c.Events)-1].Date
	fds := checks.Run(checks.Default(), c, asOf)
	v, _ := showFindings(t, theme.VariantLight, fyne.NewSize(900, 900), c, fds, asOf, nil, nil)
	if len(fds) < 1000 {
		t.Fatalf("only %d findings", len(fds))
	}
	for i := 0; i < 50; i++ {
		v.list.ScrollToOffset(v.list.GetScrollOffset() + 700)
	}
	shown := 0
	walk(v.list, func(o fyne.CanvasObject) {
		c, ok := o.(*findingCard)
		if !ok {
			return
		}
		shown++
		// Reused rows are laid out again: nothing overlaps.
		if c.card.Visible() && c.buttons.Position().Y < c.body.Position().Y+c.body.MinSize().Height-1 {
			t.Errorf("card %q: the buttons (y %v) overlap the text (y %v to %v)", c.title.Text,
				c.buttons.Position().Y, c.body.Position().Y, c.body.Position().Y+c.body.MinSize().Height)
		}
	})
	if shown == 0 || shown > 30 {
		t.Errorf("%d cards in the list for %d findings; the list should hold about a screenful", shown, len(fds))
	}
}

// walk calls f for o and everything drawn under it.
func walk(o fyne.CanvasObject, f func(fyne.CanvasObject)) { uitest.Walk(o, f) }

// TestFindingsGlossaryFolded is issue 15 section 7: the words used here are
// folded at first, so the findings fill the first screen, and open on request.
func TestFindingsGlossaryFolded(t *testing.T) {
	c, fds, asOf := exampleCase(t, "bruised-baby", "2025-12-01")
	v, _ := showFindings(t, theme.VariantLight, fyne.NewSize(900, 1000), c, fds, asOf, nil, nil)
	row := &v.rows[0]
	if len(row.terms) == 0 {
		t.Fatal("the example has no words to explain")
	}
	text := func() string {
		var b strings.Builder
		for _, s := range introSegments(row, v.asOf, v.glossaryOpen, v.toggleGlossary) {
			b.WriteString(s.Textual() + "\n")
		}
		return b.String()
	}
	if got := text(); strings.Contains(got, row.terms[0].meaning) || !strings.Contains(got, "Show what the words used here mean") {
		t.Errorf("folded intro:\n%s", got)
	}
	for _, s := range introSegments(row, v.asOf, v.glossaryOpen, v.toggleGlossary) {
		if h, ok := s.(*widget.HyperlinkSegment); ok {
			h.OnTapped()
		}
	}
	if got := text(); !strings.Contains(got, row.terms[0].meaning) || !strings.Contains(got, "Hide the words used here") {
		t.Errorf("opened intro:\n%s", got)
	}
}
