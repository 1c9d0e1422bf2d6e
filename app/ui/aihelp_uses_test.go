package ui

import (
	"context"
	"fmt"
	"image/png"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/redress-app/redress/app/casework"
	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/letters"
	"github.com/redress-app/redress/letters/polish"
)

func TestAISummariseDocument(t *testing.T) {
	f := newAIFake(t)
	const summary = "On 20 February 2026 the council wrote to [PERSON-1]: [PERSON-3] had finished the enquiry about [CHILD-2], with no further action."
	f.setReply(func(w http.ResponseWriter, _ *http.Request, req aiRequest) {
		for _, ph := range []string{"[PERSON-1]", "[PERSON-3]", "[CHILD-2]"} {
			if !strings.Contains(req.user(), ph) {
				t.Errorf("the document as sent lacks %s:\n%s", ph, req.user())
			}
		}
		aiStream(w, aiSplit(summary, 8)...)
	})
	set := f.settings()
	ad := openAIDesk(t, &set)
	doc := ad.importText("council-letter.txt", aiLetter)
	before := len(ad.saved().Notes)
	tapNamed(t, ad.d.win.Content(), "Summarise it (AI)")
	s := ad.session()
	if s.Stage() != "preview" || !strings.Contains(s.Title(), "council-letter.txt") {
		t.Fatalf("stage %q, title %q", s.Stage(), s.Title())
	}
	tapNamed(t, ad.canvas(), "Send")
	if s.Stage() != "result" {
		t.Fatalf("stage %q\n%s", s.Stage(), overlayText(ad.canvas()))
	}
	aiLook(t, ad, "summary")
	readable(t, s, "passed Redress's checks")
	noSecrets(t, f)
	want := "On 20 February 2026 the council wrote to Sarah Thompson: Priya Patel had finished the enquiry about Noah Okafor, with no further action."
	if !strings.Contains(overlayText(ad.canvas()), want) {
		t.Errorf("the summary is not shown restored:\n%s", overlayText(ad.canvas()))
	}
	tapNamed(t, ad.canvas(), "Use this summary")
	aiLook(t, ad, "summary-used")
	ed := ad.s.journal.ed
	if !ad.s.journal.editing || !strings.Contains(ed.text.Text, want) || !strings.Contains(ed.text.Text, "council-letter.txt") {
		t.Fatalf("the new entry holds %q", ed.text.Text)
	}
	if len(ed.docs) != 1 || ed.docs[0] != doc.ID {
		t.Errorf("the new entry's documents %q, want the summarised one", ed.docs)
	}
	if n := len(ad.saved().Notes); n != before {
		t.Fatalf("%d notes saved before Save, want %d", n, before)
	}
	test.Tap(ed.save)
	ad.wait()
	notes := ad.saved().Notes
	if len(notes) != before+1 {
		t.Fatalf("%d notes after Save", len(notes))
	}
	last := notes[len(notes)-1]
	if !strings.Contains(last.Text, want) || len(last.Documents) != 1 || last.Documents[0] != doc.ID {
		t.Errorf("saved %q with documents %q", last.Text, last.Documents)
	}
}

func TestAISuggestEvents(t *testing.T) {
	f := newAIFake(t)
	const reply = `{"events": [
 {"kind": "s47-concluded", "date": "2026-02-20", "detail": "The enquiry about [CHILD-2] ended with no further action.", "quote": "The enquiry ended with no further action"},
 {"kind": "other", "date": "2026-02-20", "detail": "[PERSON-3] wrote that she had finished the enquiry."},
 {"kind": "icpc", "date": "2026-03-05", "detail": "A conference was held."}
]}`
	f.setReply(func(w http.ResponseWriter, _ *http.Request, _ aiRequest) { aiStream(w, aiSplit(reply, 20)...) })
	set := f.settings()
	ad := openAIDesk(t, &set)
	doc := ad.importText("council-letter.txt", aiLetter)
	before := len(ad.saved().Events)
	tapNamed(t, ad.d.win.Content(), "Suggest events from it (AI)")
	tapNamed(t, ad.canvas(), "Send")
	s := ad.session()
	if s.Stage() != "suggestion" {
		t.Fatalf("stage %q\n%s", s.Stage(), overlayText(ad.canvas()))
	}
	aiLook(t, ad, "suggestion")
	noSecrets(t, f)
	text := overlayText(ad.canvas())
	for _, want := range []string{"Suggestion 1 of 2", "Noah Okafor", "20 February 2026", "1 other suggestion did not pass the checks"} {
		if !strings.Contains(text, want) {
			t.Errorf("the first suggestion lacks %q:\n%s", want, text)
		}
	}
	tapNamed(t, ad.canvas(), "Skip")
	if n := len(ad.saved().Events); n != before {
		t.Fatalf("skipping recorded %d events", n-before)
	}
	if !strings.Contains(overlayText(ad.canvas()), "Suggestion 2 of 2") || !strings.Contains(overlayText(ad.canvas()), "Priya Patel") {
		t.Fatalf("the second suggestion:\n%s", overlayText(ad.canvas()))
	}
	tapNamed(t, ad.canvas(), "Record this event")
	events := ad.saved().Events
	if len(events) != before+1 {
		t.Fatalf("%d events recorded, want 1", len(events)-before)
	}
	e := events[len(events)-1]
	if e.Kind != casefile.KindOther || e.Date != casefile.MustDate("2026-02-20") ||
		e.Detail != "Priya Patel wrote that she had finished the enquiry." || len(e.Evidence) != 1 || e.Evidence[0] != doc.ID {
		t.Errorf("recorded %+v", e)
	}
	aiLook(t, ad, "suggestions-done")
	if s.Stage() != "suggestions-done" {
		t.Fatalf("stage %q after the last suggestion", s.Stage())
	}
	text = overlayText(ad.canvas())
	if !strings.Contains(text, "You recorded 1 event from this document and skipped 1") ||
		!strings.Contains(text, "5 March 2026, Initial child protection conference: A conference was held.") || strings.Contains(text, `"kind"`) {
		t.Errorf("the end says:\n%s", text)
	}
	tapNamed(t, ad.canvas(), "Close")
	if n := len(ad.saved().Events); n != before+1 {
		t.Errorf("closing recorded more: %d", n-before)
	}
}

func TestAIImproveLetter(t *testing.T) {
	f := newAIFake(t)
	f.setReply(func(w http.ResponseWriter, _ *http.Request, req aiRequest) {
		aiStream(w, aiSplit(strings.Replace(req.user(), "I am making a subject access request", "I make a subject access request", 1), 13)...)
	})
	set := f.settings()
	ad := openAIDesk(t, &set)
	ctx := context.Background()
	v := ad.d.vault
	if err := casework.SaveSender(ctx, v, casework.Sender{Name: "Sarah Thompson", Address: "14 Mill Lane\nOtley LS21 1AB"}); err != nil {
		t.Fatal(err)
	}
	dr, err := casework.DraftLetter(ctx, v, ad.caseID, casework.Options{Kind: letters.SAR, AsOf: casefile.MustDate("2026-03-30")})
	if err != nil {
		t.Fatal(err)
	}
	if err := casework.SaveDraft(ctx, v, ad.caseID, dr.Draft); err != nil {
		t.Fatal(err)
	}
	ad.s.showTab(tabLetters)
	ad.wait()
	lp := ad.s.letters.Probe()
	lp.Reload() // the draft was saved behind the tab's back
	ad.wait()
	if n := len(lp.Rows()); n != 1 {
		t.Fatalf("%d letters listed", n)
	}
	lp.Select(0)
	ad.wait()
	page, ok := lp.Drafts()[dr.Draft.ID]
	if !ok {
		t.Fatalf("the letter did not open: %d drafts", len(lp.Drafts()))
	}
	if !page.Improve().Visible() {
		t.Fatal("the letter has no Improve button with AI help on")
	}
	original := page.Editor().Text
	if !strings.Contains(original, "I am making a subject access request") {
		t.Fatalf("the letter does not say %q:\n%s", "I am making a subject access request", original)
	}
	test.Tap(page.Improve())
	ad.wait()
	s := ad.session()
	aiLook(t, ad, "letter-preview")
	if s.Stage() != "preview" {
		t.Fatalf("stage %q", s.Stage())
	}
	tapNamed(t, ad.canvas(), "Send")
	if s.Stage() != "result" {
		t.Fatalf("stage %q\n%s", s.Stage(), overlayText(ad.canvas()))
	}
	aiLook(t, ad, "letter-compare")
	readable(t, s, "passed Redress's checks")
	noSecrets(t, f)
	text := overlayText(ad.canvas())
	if !strings.Contains(text, "Your letter") || !strings.Contains(text, "With the new wording") ||
		!strings.Contains(text, "I make a subject access request") || !strings.Contains(text, "I am making a subject access request") {
		t.Errorf("the compare view:\n%s", text)
	}
	if page.Editor().Text != original || page.Draft().Version != 1 {
		t.Fatal("the letter changed before the new wording was chosen")
	}
	// The letters tab keeps every version: the new wording is saved as the
	// next one, marked as worded with AI help, and the first stays as it was.
	tapNamed(t, ad.canvas(), "Use this wording")
	if !strings.Contains(page.Editor().Text, "I make a subject access request") || page.Dirty() {
		t.Errorf("the editor holds:\n%s", page.Editor().Text)
	}
	vs, err := casework.DraftVersions(ctx, v, ad.caseID, dr.Draft.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) != 2 || !vs[1].Polished || vs[0].Polished || !strings.Contains(vs[0].Text(), "I am making a subject access request") ||
		!strings.Contains(vs[1].Text(), "I make a subject access request") {
		t.Errorf("%d versions after using the new wording", len(vs))
	}
	if !strings.Contains(page.Meta(), "worded with AI help") {
		t.Errorf("the letter's facts say %q", page.Meta())
	}
}

// aiLook writes the window to testdata/failed/ai-NAME.png when
// REDRESS_AI_PNGS is set, to look at.
func aiLook(t *testing.T, ad *aiDesk, name string) {
	t.Helper()
	if os.Getenv("REDRESS_AI_PNGS") == "" {
		return
	}
	img := ad.d.win.Canvas().Capture()
	if err := os.MkdirAll("testdata/failed", 0o755); err != nil {
		t.Fatal(err)
	}
	fh, err := os.Create(filepath.Join("testdata/failed", "ai-"+name+".png"))
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	if err := png.Encode(fh, img); err != nil {
		t.Fatal(err)
	}
}

// TestAILook keeps how the dialog looks at its three main stages: what will
// be sent, the checked reply beside the note, and a reply refused by the
// checks. The server is said to be at localhost:11434 (as Ollama is), and
// the connection goes to the test server, so the pictures do not change
// with the test server's port.
func TestAILook(t *testing.T) {
	f := newAIFake(t)
	f.setReply(func(w http.ResponseWriter, _ *http.Request, req aiRequest) {
		aiStream(w, aiSplit(strings.Replace(req.user(), " rang ", " telephoned ", 1), 7)...)
	})
	set := f.settings()
	set.Endpoint = "http://localhost:11434/v1"
	set.Model = "llama3.1:8b"
	ad := openAIDesk(t, &set)
	var d net.Dialer
	ad.s.ai.Options = append(ad.s.ai.Options, polish.WithDialer(func(ctx context.Context, network, _ string) (net.Conn, error) {
		return d.DialContext(ctx, network, f.Listener.Addr().String())
	}))
	ed := ad.writeImprove(aiNote)
	goldenImage(t, ad.d.win, "ai/preview")
	tapNamed(t, ad.canvas(), "Send")
	if ad.session().Stage() != "result" {
		t.Fatalf("stage %q", ad.session().Stage())
	}
	goldenImage(t, ad.d.win, "ai/compare")
	tapNamed(t, ad.canvas(), "Keep mine")
	if ed.text.Text != aiNote {
		t.Fatalf("Keep mine changed the note to %q", ed.text.Text)
	}
	f.setReply(func(w http.ResponseWriter, _ *http.Request, req aiRequest) {
		aiStream(w, aiSplit(req.user()+" This breaches section 52 of the Children Act 1989 and Re X [2099] UKSC 1.", 7)...)
	})
	test.Tap(findButton(ed.content, "Improve the wording (AI)"))
	ad.wait()
	tapNamed(t, ad.canvas(), "Send")
	if ad.session().Stage() != "rejected" {
		t.Fatalf("stage %q", ad.session().Stage())
	}
	goldenImage(t, ad.d.win, "ai/rejected")
}

// TestAILockStopsTheRequest: locking while a reply streams in stops the
// request (nothing of the case goes on being sent) and takes the dialog away.
func TestAILockStopsTheRequest(t *testing.T) {
	f := newAIFake(t)
	left := make(chan struct{})
	f.setReply(func(w http.ResponseWriter, r *http.Request, _ aiRequest) {
		w.Header().Set("Content-Type", "text/event-stream")
		fmt.Fprint(w, "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"The first words \"}}]}\n\n")
		w.(http.Flusher).Flush()
		select {
		case <-r.Context().Done():
			close(left)
		case <-time.After(10 * time.Second):
		}
	})
	set := f.settings()
	ad := openAIDesk(t, &set)
	ad.writeImprove(aiNote)
	s := ad.session()
	test.Tap(s.Button("send"))
	waitUI(t, "the first words", func() bool { return strings.Contains(s.Streamed().Text, "The first words") })
	ad.d.lockNow()
	select {
	case <-left:
	case <-time.After(5 * time.Second):
		t.Fatal("the request went on after locking")
	}
	ad.wait()
	if strings.Contains(overlayText(ad.canvas()), "The first words") {
		t.Error("the AI dialog is still on screen after locking")
	}
}
