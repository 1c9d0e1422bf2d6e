package casework

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/checks"
	"github.com/redress-app/redress/letters"
	"github.com/redress-app/redress/store"
)

// TestDraftContentRoundTrip: a draft's stored JSON reads back to the same
// letter, word for word, and encodes to the same bytes again.
func TestDraftContentRoundTrip(t *testing.T) {
	_, drafts := goldenDrafts(t)
	for _, g := range drafts {
		t.Run(g.name, func(t *testing.T) {
			d := g.drafted.Draft
			content, err := d.Content()
			if err != nil {
				t.Fatal(err)
			}
			back, err := DecodeDraft(store.Letter{ID: "l9", Version: 1, Status: store.LetterDraft, Content: content})
			if err != nil {
				t.Fatal(err)
			}
			if got, want := textOf(t, back.Letter), textOf(t, d.Letter); got != want {
				t.Errorf("the stored letter reads differently:\n%s\nwant:\n%s", got, want)
			}
			var a, b bytes.Buffer
			if err := back.Render(&a, PDF); err != nil {
				t.Fatal(err)
			}
			if err := d.Render(&b, PDF); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(a.Bytes(), b.Bytes()) {
				t.Error("the stored letter renders to a different PDF")
			}
			again, err := back.Content()
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(again, content) {
				t.Errorf("content is not stable:\n%s\n%s", content, again)
			}
			if back.Request.Kind != d.Request.Kind || back.Request.Deadline != d.Request.Deadline || len(back.Request.Findings) != len(d.Request.Findings) {
				t.Errorf("the request did not survive: %+v", back.Request)
			}
			// The judicial review time limit a letter before claim states survives too.
			if (d.Letter.JR == nil) != (back.Letter.JR == nil) || (d.Letter.JR != nil && *d.Letter.JR != *back.Letter.JR) {
				t.Errorf("the time limit did not survive: %+v, want %+v", back.Letter.JR, d.Letter.JR)
			}
			if d.Request.Kind == letters.JRLetter && d.Letter.JR == nil {
				t.Error("the letter before claim states no time limit")
			}
		})
	}
}

func TestDecodeDraftStrict(t *testing.T) {
	_, drafts := goldenDrafts(t)
	good, err := drafts[0].drafted.Draft.Content()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ name, content string }{
		{"not JSON", "{"},
		{"unknown field", strings.Replace(string(good), `"format":`, `"extra":1,"format":`, 1)},
		{"other format", strings.Replace(string(good), DraftFormat, "redress-letter/9", 1)},
		{"unknown kind", strings.Replace(string(good), `"kind":"stage1"`, `"kind":"stage9"`, 1)},
		{"text that does not parse", strings.Replace(string(good), `"text":"@title `, `"text":"@bold `, 1)},
		{"two values", string(good) + "{}"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.content == string(good) {
				t.Fatal("the test case changed nothing")
			}
			_, err := DecodeDraft(store.Letter{ID: "l1", Version: 3, Content: []byte(tt.content)})
			if !errors.Is(err, casefile.ErrInvalidCase) || !strings.Contains(err.Error(), "letter l1 version 3") {
				t.Errorf("error %v, want an invalid-content error naming the letter", err)
			}
		})
	}
}

// TestDraftVersions: saving, editing the text and saving again makes
// versions; the list shows the latest; Rebuild puts the built words back;
// the text of every version is kept.
func TestDraftVersions(t *testing.T) {
	ctx := context.Background()
	v := newVault(t)
	id := importExample(t, v, "complaint")
	dr, err := DraftLetter(ctx, v, id, Options{Kind: letters.Stage2, AsOf: date("2026-05-11")})
	if err != nil {
		t.Fatal(err)
	}
	d := dr.Draft
	if err := SaveDraft(ctx, v, id, d); err != nil {
		t.Fatal(err)
	}
	if d.ID == "" || d.Version != 1 {
		t.Fatalf("saved as %q version %d", d.ID, d.Version)
	}
	built := d.Text()
	edited := strings.Replace(built, "My complaint has not been resolved", "My complaint has still not been resolved", 1)
	if edited == built {
		t.Fatal("the edit changed nothing")
	}
	if err := d.SetText(edited); err != nil {
		t.Fatal(err)
	}
	if err := d.SetText("@title x\n@bold y"); !errors.Is(err, letters.ErrRequest) || !strings.Contains(err.Error(), "line 2") {
		t.Errorf("bad markup: %v", err)
	}
	if d.Text() != edited {
		t.Error("a failed edit changed the draft")
	}
	d.Request.Outcomes = append(d.Request.Outcomes, "A meeting with the complaints manager.")
	if err := SaveDraft(ctx, v, id, d); err != nil {
		t.Fatal(err)
	}
	if d.Version != 2 {
		t.Fatalf("version %d, want 2", d.Version)
	}
	loaded, err := LoadDraft(ctx, v, id, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !loaded.Edited || loaded.Text() != edited || !strings.Contains(textOf(t, loaded.Letter), "still not been resolved") {
		t.Error("the edited text was not kept")
	}
	versions, err := DraftVersions(ctx, v, id, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(versions) != 2 || versions[0].Text() != built || versions[1].Text() != edited || versions[0].Edited {
		t.Errorf("versions do not keep each text: %d", len(versions))
	}
	list, err := Drafts(ctx, v, id)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].Version != 2 || list[0].Kind != letters.Stage2 || list[0].Deadline != date("2026-06-16") || list[0].Status != store.LetterDraft {
		t.Errorf("list %+v", list)
	}
	// The edited outcome goes in when the letter is rebuilt, and the hand
	// edits go (the app warns first: Edited is set).
	c, err := v.LoadCase(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if err := loaded.Rebuild(c); err != nil {
		t.Fatal(err)
	}
	text := textOf(t, loaded.Letter)
	if loaded.Edited || strings.Contains(text, "still not been resolved") || !strings.Contains(text, "A meeting with the complaints manager.") {
		t.Errorf("rebuild:\n%s", text)
	}
}

// trimmedComplaint is the complaint example before the council answered: a
// stage 1 complaint received on 1 April 2026 and nothing since.
func trimmedComplaint(t *testing.T) *casefile.Case {
	c := example(t, "complaint")
	c.Events = c.Events[:1]
	return c
}

// TestMarkSentAndNextStep follows the letter the issue describes: no stage 1
// response by 17 April, so Redress offers the stage 2 request; marking it
// sent records the event, and the checks then count the stage 2 clock from it.
func TestMarkSentAndNextStep(t *testing.T) {
	ctx := context.Background()
	v := newVault(t)
	ci, err := v.ImportCase(ctx, trimmedComplaint(t))
	if err != nil {
		t.Fatal(err)
	}
	id := ci.ID
	steps, err := NextSteps(ctx, v, id, date("2026-04-20"), cat)
	if err != nil {
		t.Fatal(err)
	}
	if len(steps) != 1 || steps[0].Text != "No stage 1 response by 17 April 2026: draft the stage 2 request?" ||
		steps[0].Kind != letters.Stage2 || steps[0].Procedure != letters.Statutory || steps[0].Draft != "" {
		t.Fatalf("next steps %+v", steps)
	}
	// Before the deadline passes, nothing is offered.
	if steps, _ := NextSteps(ctx, v, id, date("2026-04-17"), cat); len(steps) != 0 {
		t.Errorf("offered before the deadline: %+v", steps)
	}

	dr, err := DraftLetter(ctx, v, id, Options{Kind: steps[0].Kind, Procedure: steps[0].Procedure, AsOf: date("2026-04-20")})
	if err != nil {
		t.Fatal(err)
	}
	d := dr.Draft
	if err := SaveDraft(ctx, v, id, d); err != nil {
		t.Fatal(err)
	}
	if steps, _ := NextSteps(ctx, v, id, date("2026-04-20"), cat); len(steps) != 1 || steps[0].Draft != d.ID {
		t.Errorf("the unsent draft is not offered: %+v", steps)
	}
	if _, err := MarkSent(ctx, v, id, d.ID, date("2026-04-19"), cat); !errors.Is(err, letters.ErrRequest) {
		t.Errorf("sent before its date: %v", err)
	}

	// Sent the day after its date: the council's time runs from then.
	res, err := MarkSent(ctx, v, id, d.ID, date("2026-04-21"), cat)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := cat.Deadline("complaint-stage2-25wd", date("2026-04-21"))
	if res.Event == "" || res.Deadline != want || len(res.Notes) != 1 || !strings.Contains(res.Notes[0], "not on its date") {
		t.Errorf("sending %+v", res)
	}
	c, err := v.LoadCase(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	e, ok := c.EventByID(res.Event)
	if !ok || e.Kind != casefile.KindComplaintMade || e.Date != date("2026-04-21") || e.Attrs.Stage != 2 || e.Attrs.ComplaintProcedure() != "statutory" {
		t.Fatalf("event %+v", e)
	}
	found := false
	for _, f := range checks.Run(cat, c, date("2026-04-22")) {
		if f.Rule == "complaint-stage2-25wd" && f.Trigger == res.Event {
			found = true
			if f.Status != casefile.StatusDue || f.Due != want {
				t.Errorf("stage 2 clock: %s due %s, want due %s", f.Status, f.Due, want)
			}
		}
	}
	if !found {
		t.Error("the checks do not count the stage 2 clock from the letter")
	}
	if steps, _ := NextSteps(ctx, v, id, date("2026-04-22"), cat); len(steps) != 0 {
		t.Errorf("the stage 2 request is still offered after it was sent: %+v", steps)
	}
	sent, err := LoadDraft(ctx, v, id, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	if sent.Status != store.LetterSent || sent.Sent != date("2026-04-21") || sent.SentEvent != res.Event || sent.Version != 2 {
		t.Errorf("the letter is not marked sent: %+v", sent)
	}
	if _, err := MarkSent(ctx, v, id, d.ID, date("2026-04-22"), cat); !errors.Is(err, casefile.ErrExists) {
		t.Errorf("marked sent twice: %v", err)
	}
	if err := SaveDraft(ctx, v, id, sent); !errors.Is(err, ErrSent) {
		t.Errorf("a sent letter was saved again: %v", err)
	}
	if err := sent.SetText(sent.Text()); !errors.Is(err, ErrSent) {
		t.Errorf("a sent letter was edited: %v", err)
	}
}

// TestMarkSentOnce: a run that recorded the event but stopped before saving
// the letter as sent does not record it again.
func TestMarkSentOnce(t *testing.T) {
	ctx := context.Background()
	v := newVault(t)
	id := importExample(t, v, "checks-before-enquiry")
	dr, err := DraftLetter(ctx, v, id, Options{Kind: letters.SAR, AsOf: date("2026-03-20")})
	if err != nil {
		t.Fatal(err)
	}
	if err := SaveDraft(ctx, v, id, dr.Draft); err != nil {
		t.Fatal(err)
	}
	first, err := v.AddEvent(ctx, id, casefile.Event{Kind: casefile.KindSARMade, Date: date("2026-03-20"),
		Detail: "Sent: Subject access request " + sentMarker(dr.Draft.ID)})
	if err != nil {
		t.Fatal(err)
	}
	res, err := MarkSent(ctx, v, id, dr.Draft.ID, date("2026-03-20"), cat)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := v.LoadCase(ctx, id)
	n := 0
	for _, e := range c.Events {
		if e.Kind == casefile.KindSARMade {
			n++
		}
	}
	if res.Event != first || n != 1 {
		t.Errorf("event %s (want %s), %d sar-made events", res.Event, first, n)
	}
	if res.Deadline != date("2026-04-20") {
		t.Errorf("deadline %s", res.Deadline)
	}
}

// TestMarkSentRectification: a request to correct records has no event kind:
// it is marked sent and nothing is recorded.
func TestMarkSentRectification(t *testing.T) {
	v, drafts := goldenDrafts(t)
	ctx := context.Background()
	for _, g := range drafts {
		if g.drafted.Draft.Request.Kind != letters.Rectification {
			continue
		}
		before, _ := v.LoadCase(ctx, g.caseID)
		if err := SaveDraft(ctx, v, g.caseID, g.drafted.Draft); err != nil {
			t.Fatal(err)
		}
		res, err := MarkSent(ctx, v, g.caseID, g.drafted.Draft.ID, date("2026-03-20"), cat)
		if err != nil {
			t.Fatal(err)
		}
		after, _ := v.LoadCase(ctx, g.caseID)
		if res.Event != "" || len(after.Events) != len(before.Events) || len(res.Notes) == 0 {
			t.Errorf("rectification sending %+v recorded events %d -> %d", res, len(before.Events), len(after.Events))
		}
		return
	}
	t.Fatal("no rectification letter")
}

// TestSender: the sender's details come from the vault's sealed settings and
// are never on disk in plaintext; without them the letter shows placeholders.
func TestSender(t *testing.T) {
	ctx := context.Background()
	v := newVault(t)
	id := importExample(t, v, "complaint")
	dr, err := DraftLetter(ctx, v, id, Options{Kind: letters.SAR, AsOf: date("2026-07-01")})
	if err != nil {
		t.Fatal(err)
	}
	text := textOf(t, dr.Draft.Letter)
	if !strings.HasPrefix(text, NamePlaceholder+"\n"+AddressPlaceholder+"\n") || !strings.Contains(text, "\n"+NamePlaceholder+"\n") {
		t.Errorf("no placeholders:\n%s", text)
	}
	if n := strings.Join(dr.Notes, " "); !strings.Contains(n, "Your name is not in this vault's settings") || !strings.Contains(n, "Your address") {
		t.Errorf("notes %q", dr.Notes)
	}

	canary := Sender{Name: "Quentina Zyxwv-Canary", Address: "7 Canarystreet Qqq\nZedtown ZZ9 9ZZ", Email: "canary.zyxwv@example.org"}
	if err := SaveSender(ctx, v, canary); err != nil {
		t.Fatal(err)
	}
	got, err := LoadSender(ctx, v)
	if err != nil || got != canary {
		t.Fatalf("LoadSender = %+v, %v", got, err)
	}
	dr, err = DraftLetter(ctx, v, id, Options{Kind: letters.SAR, AsOf: date("2026-07-01")})
	if err != nil {
		t.Fatal(err)
	}
	text = textOf(t, dr.Draft.Letter)
	if !strings.HasPrefix(text, "Quentina Zyxwv-Canary\n7 Canarystreet Qqq\nZedtown ZZ9 9ZZ\ncanary.zyxwv@example.org\n") || strings.Contains(text, "[Your") {
		t.Errorf("sender not used:\n%s", text)
	}
	for _, n := range dr.Notes {
		if strings.Contains(n, "settings") {
			t.Errorf("note about settings: %q", n)
		}
	}
	if err := SaveDraft(ctx, v, id, dr.Draft); err != nil {
		t.Fatal(err)
	}
	path := v.Path()
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	err = filepath.WalkDir(path, func(p string, de fs.DirEntry, err error) error {
		if err != nil || de.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, s := range []string{"Zyxwv", "Canarystreet", "ZZ9 9ZZ", "canary.zyxwv"} {
			if bytes.Contains(b, []byte(s)) {
				t.Errorf("%s holds %q in plaintext", p, s)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestComposeErrors(t *testing.T) {
	c := example(t, "complaint")
	tests := []struct {
		name string
		c    *casefile.Case
		opt  Options
		msg  string
	}{
		{"no case", nil, Options{Kind: letters.SAR, AsOf: date("2026-07-01")}, "no case"},
		{"unknown kind", c, Options{Kind: "stage9", AsOf: date("2026-07-01")}, "unknown letter kind"},
		{"unknown procedure", c, Options{Kind: letters.Stage1, Procedure: "informal", AsOf: date("2026-07-01")}, "unknown complaints procedure"},
		{"no date", c, Options{Kind: letters.SAR}, "no date"},
		{"rectification with nothing disputed", c, Options{Kind: letters.Rectification, AsOf: date("2026-07-01")}, "needs at least one correction"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Compose(tt.c, tt.opt)
			if !errors.Is(err, letters.ErrRequest) || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("error %v, want a bad request saying %q", err, tt.msg)
			}
		})
	}
}

// TestUnverifiedParagraph: a letter built from a case whose finding cites a
// paragraph number that is not verified shows it as not verified, inline and
// in the schedule, and tells the person drafting.
func TestUnverifiedParagraph(t *testing.T) {
	dr, err := Compose(example(t, "bruised-baby"), Options{Kind: letters.Stage1, Procedure: letters.Corporate, AsOf: date("2026-01-15")})
	if err != nil {
		t.Fatal(err)
	}
	text := normWS(textOf(t, dr.Draft.Letter))
	for _, want := range []string{
		`Source: Working Together to Safeguard Children 2023, chapter 3, "Providing help, support and protection", initial child protection conferences (statutory guidance; paragraph number not verified).`,
		`initial child protection conferences; paragraph number not verified Legal status: statutory guidance.`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("want %q in:\n%s", want, text)
		}
	}
	warned := false
	for _, n := range dr.Notes {
		warned = warned || (strings.Contains(n, "not fully verified") && strings.Contains(n, "initial child protection conferences"))
	}
	if !warned {
		t.Errorf("no warning in %q", dr.Notes)
	}
}
