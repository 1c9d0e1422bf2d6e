package ui

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/redress-app/redress/app/casework"
	"github.com/redress-app/redress/app/ui/aihelp"
	"github.com/redress-app/redress/app/ui/kit"
	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/letters/polish"
)

// These tests drive AI help (aihelp.go) through the desk, against a local
// server that speaks the chat-completions API, as letters/polish's own tests
// do: normal and streaming replies, invented citations and dates, a server
// that is not there, one that never answers, one that sends what is not JSON.

// aiFake is a chat-completions server that keeps every request body.
type aiFake struct {
	*httptest.Server
	mu     sync.Mutex
	bodies []string
	// reply answers a chat request; the default streams the text it was
	// sent back, like a model that changes nothing.
	reply func(w http.ResponseWriter, r *http.Request, req aiRequest)
}

type aiRequest struct {
	Model    string `json:"model"`
	Stream   bool   `json:"stream"`
	Messages []struct {
		Role    string `json:"role"`
		Content string `json:"content"`
	} `json:"messages"`
}

// user is the text sent to be worked on: the last message.
func (r aiRequest) user() string { return r.Messages[len(r.Messages)-1].Content }

func newAIFake(t *testing.T) *aiFake {
	t.Helper()
	f := &aiFake{}
	f.reply = func(w http.ResponseWriter, _ *http.Request, req aiRequest) { aiStream(w, aiSplit(req.user(), 9)...) }
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/chat/completions", func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			t.Errorf("read request: %v", err)
			return
		}
		f.mu.Lock()
		f.bodies = append(f.bodies, string(body))
		reply := f.reply
		f.mu.Unlock()
		var req aiRequest
		if err := json.Unmarshal(body, &req); err != nil || len(req.Messages) == 0 {
			http.Error(w, `{"error":{"message":"bad request","type":"invalid_request_error"}}`, http.StatusBadRequest)
			return
		}
		reply(w, r, req)
	})
	f.Server = httptest.NewServer(mux)
	t.Cleanup(f.Close)
	return f
}

func (f *aiFake) setReply(reply func(w http.ResponseWriter, r *http.Request, req aiRequest)) {
	f.mu.Lock()
	f.reply = reply
	f.mu.Unlock()
}

func (f *aiFake) requests() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.bodies...)
}

func (f *aiFake) settings() polish.Settings {
	return polish.Settings{Enabled: true, Endpoint: f.URL + "/v1", Model: "test-model", APIKey: "sk-test"}
}

// aiStream writes chunks as server-sent events, ending with [DONE].
func aiStream(w http.ResponseWriter, chunks ...string) {
	w.Header().Set("Content-Type", "text/event-stream")
	fl, _ := w.(http.Flusher)
	fmt.Fprint(w, "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\"}}]}\n\n")
	for _, c := range chunks {
		b, _ := json.Marshal(c)
		fmt.Fprintf(w, "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":%s}}]}\n\n", b)
		if fl != nil {
			fl.Flush()
		}
	}
	fmt.Fprint(w, "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n")
	fmt.Fprint(w, "data: [DONE]\n\n")
}

func aiSplit(s string, n int) []string {
	var out []string
	r := []rune(s)
	for len(r) > 0 {
		k := min(n, len(r))
		out = append(out, string(r[:k]))
		r = r[k:]
	}
	return out
}

// aiRich is the case of letters/polish's tests: two children, their parents
// and four professionals, with addresses and phone numbers in its notes.
const aiRich = "../../letters/polish/testdata/rich.case.json"

// aiSecrets are the real names and details of aiRich that must never be sent.
var aiSecrets = []string{"Lily", "Noah", "Sarah", "Thompson", "Okafor", "Daniel", "Priya", "Patel", "Whitfield",
	"Hughes", "O'Sullivan", "07700 900123", "2019-04-03", "3 April 2019", "Mill Lane", "LS21"}

// aiNote is a journal entry about aiRich, naming the family.
const aiNote = "Sarah Thompson rang Ms Patel on 13 January 2026 about Lily. Daniel Okafor was not told. " +
	"She said the enquiry would end on 20 February 2026. My mobile is 07700 900123."

// aiDesk is a desk with aiRich open, and AI help on (against f) or off.
type aiDesk struct {
	*testDesk
	s      *shell
	caseID string
	dials  atomic.Int32
}

// openAIDesk opens a desk with aiRich open. With settings, AI help uses
// them (saved in the vault as the Settings window saves them); every
// connection AI help makes is counted, and with AI help off any connection
// fails the test.
func openAIDesk(t *testing.T, settings *polish.Settings) *aiDesk {
	t.Helper()
	td := newTestDesk(t)
	td.createVault(filepath.Join(t.TempDir(), "vault"), testPass)
	c, err := casefile.ReadFile(aiRich)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	ci, err := td.d.vault.ImportCase(ctx, c)
	if err != nil {
		t.Fatal(err)
	}
	if settings != nil {
		data, err := json.Marshal(*settings)
		if err != nil {
			t.Fatal(err)
		}
		if err := td.d.vault.SetSetting(ctx, aiSettingKey, string(data)); err != nil {
			t.Fatal(err)
		}
	}
	ad := &aiDesk{testDesk: td, s: td.d.shell, caseID: ci.ID}
	ad.s.openCase(ci.ID)
	td.wait()
	if !ad.s.caseReady() || ad.s.ai == nil {
		t.Fatal("the case did not open")
	}
	on := settings != nil && settings.Enabled
	var d net.Dialer
	ad.s.ai.Options = []polish.Option{polish.WithDialer(func(ctx context.Context, network, addr string) (net.Conn, error) {
		ad.dials.Add(1)
		if !on {
			t.Errorf("AI help is off, yet it dialled %s %s", network, addr)
			return nil, fmt.Errorf("no dialling in this test")
		}
		return d.DialContext(ctx, network, addr)
	})}
	return ad
}

// session is the AI help dialog shown last.
func (ad *aiDesk) session() *aihelp.Session {
	ad.t.Helper()
	if ad.s.ai.Last() == nil {
		ad.t.Fatal("no AI help dialog was shown")
	}
	return ad.s.ai.Last()
}

// canvas is the window's canvas.
func (ad *aiDesk) canvas() fyne.Canvas { return ad.d.win.Canvas() }

// notes and events are what the vault holds for the case now.
func (ad *aiDesk) saved() *casefile.Case {
	ad.t.Helper()
	c, err := ad.d.vault.LoadCase(context.Background(), ad.caseID)
	if err != nil {
		ad.t.Fatal(err)
	}
	return c
}

// writeImprove opens a new journal entry holding text and presses Improve.
func (ad *aiDesk) writeImprove(text string) *noteEditor {
	ad.t.Helper()
	ad.s.onNewNote()
	ed := ad.s.journal.ed
	ed.text.SetText(text)
	b := findButton(ed.content, "Improve the wording (AI)")
	if b == nil {
		ad.t.Fatal("the journal editor has no Improve button")
	}
	test.Tap(b)
	ad.wait()
	return ed
}

// importText imports a text document into the open case.
func (ad *aiDesk) importText(name, text string) casefile.Document {
	ad.t.Helper()
	p := filepath.Join(ad.t.TempDir(), name)
	if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
		ad.t.Fatal(err)
	}
	var got []casefile.Document
	ad.s.showTab(tabDocuments)
	ad.s.docs.importPaths([]string{p}, func(ds []casefile.Document) { got = ds })
	ad.wait()
	if len(got) != 1 {
		ad.t.Fatalf("imported %d documents", len(got))
	}
	ad.s.docs.showDoc(got[0].ID)
	ad.wait()
	return got[0]
}

// waitUI lets background work run until cond holds (for a reply that is
// still streaming, which settle would wait for to the end).
func waitUI(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		kit.UIMu.Unlock()
		time.Sleep(5 * time.Millisecond)
		kit.UIMu.Lock()
	}
}

// noSecrets fails the test if any request body holds a real name or detail.
func noSecrets(t *testing.T, f *aiFake) {
	t.Helper()
	reqs := f.requests()
	if len(reqs) == 0 {
		t.Fatal("the server received nothing")
	}
	for i, body := range reqs {
		for _, s := range aiSecrets {
			if strings.Contains(strings.ToLower(body), strings.ToLower(s)) {
				t.Errorf("request %d holds %q", i+1, s)
			}
		}
	}
}

// readable fails the test when the label holding words in the dialog is
// squeezed: wrapped text with no width stands one letter a line.
func readable(t *testing.T, s *aihelp.Session, words string) {
	t.Helper()
	l := findLabel(s.Body(), words)
	if l == nil {
		t.Fatalf("the dialog does not say %q", words)
	}
	if w := l.Size().Width; w < 300 {
		t.Errorf("%q is squeezed into %.0f pixels", words, w)
	}
}

// shownSent is the text the preview says will be sent.
func shownSent(t *testing.T, s *aihelp.Session) string {
	t.Helper()
	l := findLabel(s.Body(), s.Preview().User)
	if l == nil || s.Preview().User == "" {
		t.Fatal("the preview does not show the text that will be sent")
	}
	return l.Text
}

func TestAIOffSendsNothing(t *testing.T) {
	f := newAIFake(t)
	off := f.settings()
	off.Enabled = false // set up, then turned off: still nothing is sent
	for _, tc := range []struct {
		name     string
		settings *polish.Settings
	}{
		{"never set", nil},
		{"turned off", &off},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ad := openAIDesk(t, tc.settings)
			ed := ad.writeImprove(aiNote)
			aiLook(t, ad, "off")
			if got := overlayText(ad.canvas()); !strings.Contains(got, "AI help is turned off") {
				t.Errorf("Improve with AI off shows %q", got)
			}
			if ad.s.ai.Last() != nil {
				t.Error("a dialog offering to send was made")
			}
			dismissAll(ad.d.win)
			ad.importText("letter.txt", "Letter from the council.")
			for _, b := range []string{"Summarise it (AI)", "Suggest events from it (AI)"} {
				test.Tap(findButton(ad.d.win.Content(), b))
				ad.wait()
				if got := overlayText(ad.canvas()); !strings.Contains(got, "AI help is turned off") {
					t.Errorf("%s with AI off shows %q", b, got)
				}
				dismissAll(ad.d.win)
			}
			// The letter page does not offer it at all.
			ad.s.ai.ImproveLetter(ad.caseID, &casework.Draft{}, func(*casework.Draft) { t.Error("applied") })
			ad.wait()
			dismissAll(ad.d.win)
			if ed.text.Text != aiNote {
				t.Errorf("the note changed to %q", ed.text.Text)
			}
			if n := len(f.requests()); n != 0 || ad.dials.Load() != 0 {
				t.Errorf("%d requests and %d connections with AI help off", n, ad.dials.Load())
			}
		})
	}
}

func TestAIImproveNote(t *testing.T) {
	f := newAIFake(t)
	f.setReply(func(w http.ResponseWriter, _ *http.Request, req aiRequest) {
		if !req.Stream || req.Model != "test-model" || len(req.Messages) != 2 || req.Messages[0].Role != "system" {
			t.Errorf("unexpected request %+v", req)
		}
		aiStream(w, aiSplit(strings.Replace(req.user(), " rang ", " telephoned ", 1), 7)...)
	})
	set := f.settings()
	ad := openAIDesk(t, &set)
	before := len(ad.saved().Notes)
	ed := ad.writeImprove(aiNote)
	s := ad.session()
	if s.Stage() != "preview" {
		t.Fatalf("stage %q, want the preview", s.Stage())
	}
	if len(f.requests()) != 0 {
		t.Fatal("something was sent before Send")
	}
	shown := shownSent(t, s)
	for _, secret := range aiSecrets {
		if strings.Contains(shown, secret) {
			t.Errorf("the text shown as sent holds %q:\n%s", secret, shown)
		}
	}
	for _, ph := range []string{"[PERSON-1]", "[PERSON-3]", "[CHILD-1]", "[PERSON-2]", "[PHONE-"} {
		if !strings.Contains(shown, ph) {
			t.Errorf("the text shown as sent lacks %s:\n%s", ph, shown)
		}
	}
	text := overlayText(ad.canvas())
	for _, want := range []string{"Where it goes", "Hidden before sending", "Sarah Thompson", "Nothing leaves this computer until you press Send"} {
		if !strings.Contains(text, want) {
			t.Errorf("the preview lacks %q", want)
		}
	}
	aiLook(t, ad, "note-preview")
	tapNamed(t, ad.canvas(), "Send")
	aiLook(t, ad, "note-result")
	if s.Stage() != "result" {
		t.Fatalf("after Send: stage %q\n%s", s.Stage(), overlayText(ad.canvas()))
	}
	readable(t, s, "passed Redress's checks")
	noSecrets(t, f)
	want := strings.Replace(aiNote, " rang ", " telephoned ", 1)
	text = overlayText(ad.canvas())
	if !strings.Contains(text, want) || !strings.Contains(text, "passed Redress's checks") {
		t.Errorf("the result does not show the restored wording:\n%s", text)
	}
	if ed.text.Text != aiNote {
		t.Error("the note changed before the new wording was chosen")
	}
	tapNamed(t, ad.canvas(), "Use this wording")
	if ad.canvas().Overlays().Top() != nil {
		t.Error("the dialog is still open")
	}
	if ed.text.Text != want {
		t.Errorf("the editor holds %q, want %q", ed.text.Text, want)
	}
	if n := len(ad.saved().Notes); n != before {
		t.Fatalf("%d notes saved before Save, want %d", n, before)
	}
	test.Tap(ed.save)
	ad.wait()
	notes := ad.saved().Notes
	if len(notes) != before+1 || notes[len(notes)-1].Text != want {
		t.Errorf("after Save: %d notes, the last %q", len(notes), notes[len(notes)-1].Text)
	}
}

func TestAIGuardRejects(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(string) string
		reason string
	}{
		{"invented citation", func(s string) string { return s + " This breaches section 52 of the Children Act 1989." },
			`The reply mentions "section 52", which is not in the rule catalogue`},
		{"invented date", func(s string) string { return strings.Replace(s, "13 January 2026", "Monday 19th January 2026", 1) },
			`The reply mentions the date "Monday 19th January 2026"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newAIFake(t)
			f.setReply(func(w http.ResponseWriter, _ *http.Request, req aiRequest) {
				aiStream(w, aiSplit(tc.change(req.user()), 11)...)
			})
			set := f.settings()
			ad := openAIDesk(t, &set)
			ed := ad.writeImprove(aiNote)
			tapNamed(t, ad.canvas(), "Send")
			s := ad.session()
			aiLook(t, ad, "rejected-"+strings.ReplaceAll(tc.name, " ", "-"))
			if s.Stage() != "rejected" {
				t.Fatalf("stage %q, want rejected", s.Stage())
			}
			text := overlayText(ad.canvas())
			if !strings.Contains(text, tc.reason) || !strings.Contains(text, "cannot be used as it is") {
				t.Errorf("the reasons are not shown:\n%s", text)
			}
			if s.Button("use") != nil || buttonNamed(ad.canvas(), "Use") != nil {
				t.Error("a rejected reply can be used")
			}
			tapNamed(t, ad.canvas(), "Keep mine")
			if ed.text.Text != aiNote {
				t.Errorf("the note changed to %q", ed.text.Text)
			}
		})
	}
}

func TestAIServerFailures(t *testing.T) {
	gone := httptest.NewServer(http.NotFoundHandler())
	goneURL := gone.URL
	gone.Close()
	for _, tc := range []struct {
		name    string
		reply   func(w http.ResponseWriter, r *http.Request, req aiRequest)
		opts    []polish.Option
		endless bool // the server is not there at all
		want    string
	}{
		{"unreachable", nil, nil, true, "could not be reached"},
		{"timeout", func(w http.ResponseWriter, r *http.Request, _ aiRequest) {
			select {
			case <-r.Context().Done():
			case <-time.After(10 * time.Second):
			}
		}, []polish.Option{polish.WithTimeout(300 * time.Millisecond)}, false, "took too long to answer"},
		{"malformed JSON", func(w http.ResponseWriter, _ *http.Request, _ aiRequest) {
			w.Header().Set("Content-Type", "text/event-stream")
			fmt.Fprint(w, "data: {\"choices\": [\n\ndata: [DONE]\n\n")
		}, nil, false, "answer could not be read"},
		{"server error", func(w http.ResponseWriter, _ *http.Request, _ aiRequest) {
			w.WriteHeader(http.StatusInternalServerError)
			fmt.Fprint(w, `{"error":{"message":"model crashed","type":"server_error"}}`)
		}, nil, false, "answered with an error"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newAIFake(t)
			set := f.settings()
			if tc.endless {
				set.Endpoint = goneURL + "/v1"
			} else {
				f.setReply(tc.reply)
			}
			ad := openAIDesk(t, &set)
			ad.s.ai.Options = append(ad.s.ai.Options, tc.opts...)
			ed := ad.writeImprove(aiNote)
			tapNamed(t, ad.canvas(), "Send")
			s := ad.session()
			aiLook(t, ad, "error-"+strings.ReplaceAll(tc.name, " ", "-"))
			if s.Stage() != "error" {
				t.Fatalf("stage %q, want error", s.Stage())
			}
			text := overlayText(ad.canvas())
			if !strings.Contains(text, tc.want) || !strings.Contains(text, "Nothing was changed") {
				t.Errorf("the message does not say %q:\n%s", tc.want, text)
			}
			if ed.text.Text != aiNote {
				t.Errorf("the note changed to %q", ed.text.Text)
			}
			// Try again goes back to what would be sent.
			tapNamed(t, ad.canvas(), "Try again")
			if s.Stage() != "preview" {
				t.Errorf("Try again shows %q", s.Stage())
			}
		})
	}
}

func TestAICancelWhileStreaming(t *testing.T) {
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
	ed := ad.writeImprove(aiNote)
	s := ad.session()
	test.Tap(s.Button("send"))
	if s.Stage() != "sending" || s.Button("cancel") == nil {
		t.Fatalf("stage %q after Send", s.Stage())
	}
	waitUI(t, "the first words", func() bool { return strings.Contains(s.Streamed().Text, "The first words") })
	aiLook(t, ad, "streaming")
	test.Tap(s.Button("cancel"))
	select {
	case <-left:
	case <-time.After(5 * time.Second):
		t.Fatal("the server was still sending after Cancel")
	}
	ad.wait()
	aiLook(t, ad, "cancelled")
	if s.Stage() != "error" || !strings.Contains(overlayText(ad.canvas()), "You stopped the request. Nothing was changed.") {
		t.Errorf("after Cancel: stage %q\n%s", s.Stage(), overlayText(ad.canvas()))
	}
	if ed.text.Text != aiNote {
		t.Errorf("the note changed to %q", ed.text.Text)
	}
}

// aiLetter is a document about aiRich, naming the family.
const aiLetter = "Example Metropolitan Borough Council\n\n20 February 2026\n\nDear Sarah Thompson,\n\n" +
	"Ms Priya Patel has finished the enquiry about Noah Okafor. The enquiry ended with no further action on 20 February 2026.\n\n" +
	"Yours sincerely,\nGareth Hughes, team manager\n"
