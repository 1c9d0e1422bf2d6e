package polish

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redress-app/redress/casefile"
)

// fakeServer speaks the chat-completions API and keeps every request body.
type fakeServer struct {
	*httptest.Server
	mu     sync.Mutex
	bodies [][]byte
	// reply decides what to answer to a chat request; the default echoes the
	// last message back, like a model that changes nothing.
	reply func(w http.ResponseWriter, r *http.Request, req chatRequest)
}

type chatRequest struct {
	Model    string `json:"model"`
	Stream   bool   `json:"stream"`
	Messages []struct {
		Role    string `json:"role"`
		Content string `json:"content"`
	} `json:"messages"`
}

func (r chatRequest) last() string { return r.Messages[len(r.Messages)-1].Content }

func newFakeServer(t *testing.T) *fakeServer {
	f := &fakeServer{}
	f.reply = func(w http.ResponseWriter, r *http.Request, req chatRequest) {
		if req.Stream {
			writeStream(w, splitInto(req.last(), 7)...)
			return
		}
		writeCompletion(w, req.last())
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/chat/completions", func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			t.Errorf("read request: %v", err)
			return
		}
		f.mu.Lock()
		f.bodies = append(f.bodies, body)
		f.mu.Unlock()
		var req chatRequest
		if err := json.Unmarshal(body, &req); err != nil || len(req.Messages) == 0 {
			http.Error(w, `{"error":{"message":"bad request","type":"invalid_request_error"}}`, http.StatusBadRequest)
			return
		}
		f.reply(w, r, req)
	})
	mux.HandleFunc("GET /v1/models", func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		f.bodies = append(f.bodies, []byte("GET /v1/models"))
		f.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"object":"list","data":[{"id":"test-model","object":"model"},{"id":"other","object":"model"}]}`)
	})
	f.Server = httptest.NewServer(mux)
	t.Cleanup(f.Close)
	return f
}

func (f *fakeServer) requests() [][]byte {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([][]byte(nil), f.bodies...)
}

func (f *fakeServer) settings() Settings {
	return Settings{Enabled: true, Endpoint: f.URL + "/v1", Model: "test-model", APIKey: "sk-test"}
}

func writeCompletion(w http.ResponseWriter, content string) {
	w.Header().Set("Content-Type", "application/json")
	b, _ := json.Marshal(content)
	fmt.Fprintf(w, `{"id":"c1","object":"chat.completion","created":1,"model":"test-model","choices":[{"index":0,"message":{"role":"assistant","content":%s},"finish_reason":"stop"}]}`, b)
}

func writeStream(w http.ResponseWriter, chunks ...string) {
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

func splitInto(s string, n int) []string {
	var out []string
	r := []rune(s)
	for len(r) > 0 {
		k := min(n, len(r))
		out = append(out, string(r[:k]))
		r = r[k:]
	}
	return out
}

func newClient(t *testing.T, s Settings, opts ...Option) *Client {
	t.Helper()
	c, err := New(s, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func prepared(t *testing.T) *Prepared {
	t.Helper()
	p, err := PrepareImprove(Input{Case: richCase(t), Text: testDraft, Citations: testCatalogue})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestNormalReply(t *testing.T) {
	f := newFakeServer(t)
	p := prepared(t)
	f.reply = func(w http.ResponseWriter, r *http.Request, req chatRequest) {
		if req.Model != "test-model" || req.Stream || len(req.Messages) != 2 || req.Messages[0].Role != "system" {
			t.Errorf("unexpected request: %+v", req)
		}
		if r.Header.Get("Authorization") != "Bearer sk-test" {
			t.Errorf("Authorization = %q", r.Header.Get("Authorization"))
		}
		writeCompletion(w, strings.Replace(req.last(), "I am writing to make a complaint", "I wish to complain", 1))
	}
	res, err := newClient(t, f.settings()).Run(context.Background(), p, nil)
	if err != nil {
		t.Fatal(err)
	}
	text, err := res.AcceptedText()
	if err != nil {
		t.Fatalf("rejected: %v", err)
	}
	want := strings.Replace(testDraft, "I am writing to make a complaint", "I wish to complain", 1)
	if text != want {
		t.Errorf("text =\n%s\nwant\n%s", text, want)
	}
	if len(f.requests()) != 1 {
		t.Errorf("%d requests, want 1", len(f.requests()))
	}
}

func TestStreamingReply(t *testing.T) {
	f := newFakeServer(t)
	p := prepared(t)
	var chunks []string
	res, err := newClient(t, f.settings()).Run(context.Background(), p, func(s string) { chunks = append(chunks, s) })
	if err != nil {
		t.Fatal(err)
	}
	if !res.Accepted() {
		t.Fatalf("rejected:\n%s", reasons(res.Problems))
	}
	if len(chunks) < 10 {
		t.Errorf("only %d chunks arrived", len(chunks))
	}
	if got := strings.Join(chunks, ""); got != testDraft {
		t.Errorf("chunks joined =\n%s\nwant the restored draft", got)
	}
	var req chatRequest
	if err := json.Unmarshal(f.requests()[0], &req); err != nil || !req.Stream {
		t.Errorf("the request did not ask for a stream: %s", f.requests()[0])
	}
}

func TestStreamCancel(t *testing.T) {
	f := newFakeServer(t)
	release := make(chan struct{})
	f.reply = func(w http.ResponseWriter, r *http.Request, req chatRequest) {
		w.Header().Set("Content-Type", "text/event-stream")
		fmt.Fprint(w, "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Dear\"}}]}\n\n")
		w.(http.Flusher).Flush()
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}
	defer close(release)
	ctx, cancel := context.WithCancel(context.Background())
	got := make(chan string, 10)
	_, err := newClient(t, f.settings()).Stream(ctx, []Message{{Role: "user", Content: "hi"}}, func(s string) {
		got <- s
		cancel()
	})
	if !errors.Is(err, ErrCanceled) {
		t.Fatalf("err = %v, want ErrCanceled", err)
	}
	if s := <-got; s != "Dear" {
		t.Errorf("first chunk %q", s)
	}
}

func TestInventedCitationRejected(t *testing.T) {
	f := newFakeServer(t)
	f.reply = func(w http.ResponseWriter, r *http.Request, req chatRequest) {
		writeCompletion(w, req.last()+"\nThe council has also breached section 52 of the Children Act 1989.")
	}
	res, err := newClient(t, f.settings()).Run(context.Background(), prepared(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Accepted() {
		t.Fatal("a reply with an invented section was accepted")
	}
	want := `The reply mentions "section 52", which is not in the rule catalogue or your draft.`
	if got := res.Reasons(); len(got) != 1 || got[0] != want {
		t.Errorf("reasons = %q, want [%q]", got, want)
	}
	if _, err := res.AcceptedText(); !errors.Is(err, ErrRejected) {
		t.Errorf("AcceptedText error = %v", err)
	}
}

func TestInventedDateRejected(t *testing.T) {
	f := newFakeServer(t)
	f.reply = func(w http.ResponseWriter, r *http.Request, req chatRequest) {
		writeCompletion(w, strings.Replace(req.last(), "15/01/2026", "Monday 19th January 2026", 1))
	}
	res, err := newClient(t, f.settings()).Run(context.Background(), prepared(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Accepted() {
		t.Fatal("a reply with an invented date was accepted")
	}
	want := `The reply mentions the date "Monday 19th January 2026", which is not a date in the record or your draft.`
	if got := res.Reasons(); len(got) != 1 || got[0] != want {
		t.Errorf("reasons = %q, want [%q]", got, want)
	}
}

func TestTimeout(t *testing.T) {
	f := newFakeServer(t)
	f.reply = func(w http.ResponseWriter, r *http.Request, req chatRequest) {
		select {
		case <-r.Context().Done():
		case <-time.After(10 * time.Second):
		}
	}
	const limit = 300 * time.Millisecond
	c := newClient(t, f.settings(), WithTimeout(limit))
	for _, stream := range []bool{false, true} {
		t.Run(fmt.Sprintf("stream=%v", stream), func(t *testing.T) {
			var onChunk func(string)
			if stream {
				onChunk = func(string) {}
			}
			start := time.Now()
			_, err := c.Run(context.Background(), prepared(t), onChunk)
			elapsed := time.Since(start)
			if !errors.Is(err, ErrTimeout) {
				t.Fatalf("err = %v, want ErrTimeout", err)
			}
			if elapsed < limit || elapsed > limit+2*time.Second {
				t.Errorf("gave up after %s; the timeout is %s", elapsed, limit)
			}
			if !strings.Contains(err.Error(), "did not finish answering within 300ms") {
				t.Errorf("message: %v", err)
			}
		})
	}
}

func TestMalformedReplies(t *testing.T) {
	for _, tc := range []struct {
		name   string
		stream bool
		write  func(w http.ResponseWriter)
		want   error
	}{
		{"truncated JSON", false, func(w http.ResponseWriter) { fmt.Fprint(w, `{"choices":[{"message":{"content":"Dear`) }, ErrMalformedReply},
		{"HTML", false, func(w http.ResponseWriter) { fmt.Fprint(w, `<html><body>It works!</body></html>`) }, ErrMalformedReply},
		{"wrong types", false, func(w http.ResponseWriter) { fmt.Fprint(w, `{"choices":"none"}`) }, ErrMalformedReply},
		{"bad stream event", true, func(w http.ResponseWriter) { fmt.Fprint(w, "data: {\"choices\": [\n\ndata: [DONE]\n\n") }, ErrMalformedReply},
		{"no choices", false, func(w http.ResponseWriter) { fmt.Fprint(w, `{"id":"x","choices":[]}`) }, ErrEmptyReply},
		{"empty content", false, func(w http.ResponseWriter) { writeCompletion(w, "  ") }, ErrEmptyReply},
		{"empty stream", true, func(w http.ResponseWriter) { writeStream(w) }, ErrEmptyReply},
		{"server error", false, func(w http.ResponseWriter) {
			w.WriteHeader(http.StatusInternalServerError)
			fmt.Fprint(w, `{"error":{"message":"model crashed","type":"server_error"}}`)
		}, ErrHTTPStatus},
		{"not found, plain text", false, func(w http.ResponseWriter) {
			w.WriteHeader(http.StatusNotFound)
			fmt.Fprint(w, `404 page not found`)
		}, ErrHTTPStatus},
		{"stream refused", true, func(w http.ResponseWriter) {
			w.WriteHeader(http.StatusUnauthorized)
			fmt.Fprint(w, `{"error":{"message":"invalid key","type":"auth"}}`)
		}, ErrHTTPStatus},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFakeServer(t)
			f.reply = func(w http.ResponseWriter, r *http.Request, req chatRequest) { tc.write(w) }
			var onChunk func(string)
			if tc.stream {
				onChunk = func(string) {}
			}
			_, err := newClient(t, f.settings()).Run(context.Background(), prepared(t), onChunk)
			if !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			msg := err.Error()
			if strings.Contains(msg, "sk-test") || strings.Contains(msg, "Thompson") {
				t.Errorf("the message leaks the key or a name: %s", msg)
			}
			t.Logf("%s", msg)
		})
	}
}

func TestHTTPErrorMessages(t *testing.T) {
	for _, tc := range []struct {
		status int
		want   string
	}{
		{401, "refused the API key"},
		{404, "does not know this address or model"},
		{429, "usage limit"},
		{503, "problem of its own"},
	} {
		f := newFakeServer(t)
		f.reply = func(w http.ResponseWriter, r *http.Request, req chatRequest) {
			w.WriteHeader(tc.status)
			fmt.Fprint(w, `{"error":{"message":"nope","type":"x"}}`)
		}
		_, err := newClient(t, f.settings()).Complete(context.Background(), []Message{{Role: "user", Content: "hi"}})
		var e *Error
		if !errors.As(err, &e) || e.Status != tc.status || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "nope") {
			t.Errorf("status %d: %v", tc.status, err)
		}
	}
}

func TestUnreachable(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close() // nothing listens there now
	c := newClient(t, Settings{Enabled: true, Endpoint: "http://" + addr, Model: "m"})
	_, err = c.Complete(context.Background(), []Message{{Role: "user", Content: "hi"}})
	if !errors.Is(err, ErrUnreachable) {
		t.Fatalf("err = %v, want ErrUnreachable", err)
	}
	if !strings.Contains(err.Error(), "could not reach the AI server at "+addr) || !strings.Contains(err.Error(), "nothing is listening") {
		t.Errorf("message: %v", err)
	}
}

func TestUnknownHost(t *testing.T) {
	c := newClient(t, Settings{Enabled: true, Endpoint: "http://no-such-host.invalid/v1", Model: "m"},
		WithDialer(func(ctx context.Context, network, addr string) (net.Conn, error) {
			return nil, &net.OpError{Op: "dial", Net: network, Err: &net.DNSError{Err: "no such host", Name: "no-such-host.invalid", IsNotFound: true}}
		}))
	_, err := c.Complete(context.Background(), []Message{{Role: "user", Content: "hi"}})
	if !errors.Is(err, ErrUnreachable) || !strings.Contains(err.Error(), "could not be found") {
		t.Fatalf("err = %v", err)
	}
}

func TestLocalhostMustBeLoopback(t *testing.T) {
	f := newFakeServer(t)
	_, port, _ := net.SplitHostPort(strings.TrimPrefix(f.URL, "http://"))
	var dialled []string
	c := newClient(t, Settings{Enabled: true, Endpoint: "http://localhost:" + port, Model: "test-model"},
		WithDialer(func(ctx context.Context, network, addr string) (net.Conn, error) {
			dialled = append(dialled, addr)
			var d net.Dialer
			return d.DialContext(ctx, network, addr)
		}))
	if _, err := c.Complete(context.Background(), []Message{{Role: "user", Content: "hello"}}); err != nil {
		t.Fatal(err)
	}
	for _, a := range dialled {
		host, _, _ := net.SplitHostPort(a)
		if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
			t.Errorf("dialled %s, not a loopback address", a)
		}
	}
	if len(dialled) == 0 {
		t.Error("the injected dialer was not used")
	}
}

func TestTestConnection(t *testing.T) {
	f := newFakeServer(t)
	rep, err := newClient(t, f.settings()).TestConnection(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !rep.ModelListed || len(rep.Models) != 2 || rep.Destination.Place != ThisComputer {
		t.Errorf("report %+v", rep)
	}
	// A server without a model list gets a one-word chat request instead.
	mux := http.NewServeMux()
	var chatBody []byte
	mux.HandleFunc("POST /v1/chat/completions", func(w http.ResponseWriter, r *http.Request) {
		chatBody, _ = io.ReadAll(r.Body)
		writeCompletion(w, "OK")
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	rep, err = newClient(t, Settings{Enabled: true, Endpoint: srv.URL, Model: "m"}).TestConnection(context.Background())
	if err != nil || !rep.Replied || rep.ModelListed {
		t.Errorf("report %+v, err %v", rep, err)
	}
	if !strings.Contains(string(chatBody), "Reply with the word OK.") {
		t.Errorf("the test request was %s", chatBody)
	}
}

// TestOffMeansOffline proves that with AI help turned off nothing is dialled:
// the dialer fails the test if it is ever called, and the server counts
// requests.
func TestOffMeansOffline(t *testing.T) {
	f := newFakeServer(t)
	var dials atomic.Int32
	failing := WithDialer(func(ctx context.Context, network, addr string) (net.Conn, error) {
		dials.Add(1)
		t.Errorf("dialled %s %s with AI help turned off", network, addr)
		return nil, errors.New("no network in this test")
	})
	for _, s := range []Settings{DefaultSettings(), {}, {Enabled: false, Endpoint: f.URL, Model: "test-model", APIKey: "k"}} {
		c, err := New(s, failing)
		if c != nil || !errors.Is(err, ErrDisabled) {
			t.Fatalf("New(%v) = %v, %v; want no client and ErrDisabled", s, c, err)
		}
		p := prepared(t) // preparing and previewing never touch the network
		_ = p.Preview()
		if _, err := c.Run(context.Background(), p, nil); !errors.Is(err, ErrDisabled) {
			t.Errorf("Run on a nil client: %v", err)
		}
		if _, err := c.Run(context.Background(), p, func(string) {}); !errors.Is(err, ErrDisabled) {
			t.Errorf("Run (streaming) on a nil client: %v", err)
		}
		ps, _ := PrepareSuggestions(Input{Case: richCase(t), Text: "The strategy discussion was on 15 January 2026."})
		if _, err := c.SuggestEvents(context.Background(), ps, nil); !errors.Is(err, ErrDisabled) {
			t.Errorf("SuggestEvents on a nil client: %v", err)
		}
		if _, err := c.TestConnection(context.Background()); !errors.Is(err, ErrDisabled) {
			t.Errorf("TestConnection on a nil client: %v", err)
		}
	}
	if n := dials.Load(); n != 0 {
		t.Errorf("%d connections attempted", n)
	}
	if n := len(f.requests()); n != 0 {
		t.Errorf("the server received %d requests", n)
	}
	// The same dialer is on the path when help is on, so the test above could fail.
	var used atomic.Int32
	c := newClient(t, f.settings(), WithDialer(func(ctx context.Context, network, addr string) (net.Conn, error) {
		used.Add(1)
		var d net.Dialer
		return d.DialContext(ctx, network, addr)
	}))
	if _, err := c.Run(context.Background(), prepared(t), nil); err != nil {
		t.Fatal(err)
	}
	if used.Load() == 0 {
		t.Error("the injected dialer was not used when AI help was on")
	}
}

// secrets lists what must never be sent for a case: every name and name part
// that could identify someone, dates of birth in common forms, and the
// emails, phone numbers and addresses in its notes.
func secrets(c *casefile.Case) []*regexp.Regexp {
	var out []*regexp.Regexp
	word := func(s string, exact bool) {
		flags := "(?i)"
		if exact {
			flags = ""
		}
		out = append(out, regexp.MustCompile(flags+`\b`+strings.ReplaceAll(regexp.QuoteMeta(s), " ", `\s+`)+`\b`))
	}
	var names []string
	for _, ch := range c.Children {
		names = append(names, ch.Name)
		if !ch.Born.IsZero() {
			y, m, d := ch.Born.YMD()
			for _, f := range []string{ch.Born.String(), ch.Born.Long(), fmt.Sprintf("%02d/%02d/%d", d, m, y), fmt.Sprintf("%d/%d/%02d", d, m, y%100),
				fmt.Sprintf("%d %s", d, m), fmt.Sprintf("%s %d", m, d)} {
				word(f, false)
			}
		}
	}
	for _, p := range c.People {
		names = append(names, p.Name)
	}
	for _, n := range names {
		ws := nameWords(n)
		generic := true
		for _, w := range ws {
			if !genericNameWords[lower(w)] && len(w) > 1 {
				generic = false
			}
		}
		word(strings.Join(ws, " "), generic)
		if generic {
			continue
		}
		for _, part := range nameParts(ws) {
			if len(part) > 1 && !genericNameWords[lower(part)] {
				word(part, false)
			}
		}
	}
	for _, s := range []string{"0113 496 0000", "01134960000", "07700 900123", "07700900123", "7700 900123", "01943 123456",
		"p.patel@example-council.gov.uk", "daniel.okafor@example.com", "sarah@example.com", "14 Mill Lane", "Mill Lane, Otley", "LS21 1AB",
		"9 Wharf Road", "LS1 4AP"} {
		word(s, false)
	}
	return out
}

// letterFor writes a draft that uses everything personal in a case, in many
// forms: names with titles, possessives, capitals, first names and surnames
// alone, dates of birth in several forms, and the sender's details.
func letterFor(c *casefile.Case) string {
	var b strings.Builder
	b.WriteString("Dear Sir or Madam,\n\n")
	for _, ch := range c.Children {
		fmt.Fprintf(&b, "My child %s", ch.Name)
		if !ch.Born.IsZero() {
			y, m, d := ch.Born.YMD()
			fmt.Fprintf(&b, " (born %s; DOB %02d/%02d/%d, %d/%d/%02d, %s)", ch.Born.Long(), d, m, y, d, m, y%100, ch.Born.String())
		}
		ws := nameWords(ch.Name)
		fmt.Fprintf(&b, " is %s's child. %s's file says so. I call %s %s.\n", "our", strings.ToUpper(ch.Name), ws[0], ws[0])
	}
	for _, p := range c.People {
		ws := nameWords(p.Name)
		fmt.Fprintf(&b, "%s (%s) spoke to me; Ms %s's note is wrong; %s was there; %s agreed.\n",
			p.Name, p.Role, ws[len(ws)-1], strings.ToLower(strings.Join(ws, " ")), ws[len(ws)-1])
	}
	for _, e := range c.Events {
		if e.Detail != "" {
			fmt.Fprintf(&b, "On %s: %s.\n", e.Date.Long(), e.Detail)
		}
	}
	for _, n := range c.Notes {
		b.WriteString(n.Text + "\n")
	}
	b.WriteString("Contact me at sarah@example.com, 07700 900123 or +44 7700 900123, or write to 9 Wharf Road, Leeds LS1 4AP.\n")
	b.WriteString("The Annual review and the Annex are not names.\n")
	return b.String()
}

// TestNoPersonalDetailIsSent sends a letter full of personal details for each
// example case and a richer one, streaming and not, and scans every request
// body the server received.
func TestNoPersonalDetailIsSent(t *testing.T) {
	var paths []string
	if dir := examplesDir(); dir != "" {
		paths, _ = filepath.Glob(filepath.Join(dir, "*.case.json"))
		if len(paths) == 0 {
			t.Fatalf("no example cases in %s", dir)
		}
	} else {
		t.Log("shared/examples not found beside the repository: checking the rich case only")
	}
	paths = append(paths, "testdata/rich.case.json")
	for _, path := range paths {
		t.Run(filepath.Base(path), func(t *testing.T) {
			c, err := casefile.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			f := newFakeServer(t)
			cl := newClient(t, f.settings())
			draft := letterFor(c)
			in := Input{Case: c, Text: draft, Names: []string{"Sarah Thompson"}, Addresses: []string{"9 Wharf Road, Leeds LS1 4AP"}}
			for _, prep := range []func(Input) (*Prepared, error){PrepareImprove, PrepareSummary, PrepareSuggestions} {
				p, err := prep(in)
				if err != nil {
					t.Fatal(err)
				}
				if p.Task() == TaskSuggest {
					if _, err := cl.SuggestEvents(context.Background(), p, nil); err != nil {
						t.Fatal(err)
					}
					continue
				}
				for _, onChunk := range []func(string){nil, func(string) {}} {
					res, err := cl.Run(context.Background(), p, onChunk)
					if err != nil {
						t.Fatal(err)
					}
					// The echoing server changes nothing, so the restored
					// reply must pass the guard and keep every name.
					if !res.Accepted() {
						t.Errorf("%s: the unchanged text was rejected:\n%s", p.Task(), reasons(res.Problems))
					}
				}
			}
			bodies := f.requests()
			if len(bodies) != 5 {
				t.Fatalf("the server received %d requests, want 5", len(bodies))
			}
			for i, body := range bodies {
				var req chatRequest
				if err := json.Unmarshal(body, &req); err != nil {
					t.Fatalf("request %d is not JSON: %v", i, err)
				}
				var sent strings.Builder
				sent.Write(body)
				for _, m := range req.Messages {
					sent.WriteString("\n" + m.Content)
				}
				for _, re := range secrets(c) {
					if loc := re.FindStringIndex(sent.String()); loc != nil {
						s := sent.String()
						t.Errorf("request %d contains %q: ...%s...", i, re, s[max(0, loc[0]-40):min(len(s), loc[1]+40)])
					}
				}
			}
		})
	}
}

// examplesDir finds shared/examples beside the repository, or the
// repository's own examples/, or "".
func examplesDir() string {
	dir, err := filepath.Abs(".")
	if err != nil {
		return ""
	}
	for {
		for _, p := range []string{filepath.Join(dir, "shared", "examples"), filepath.Join(dir, "examples")} {
			if m, _ := filepath.Glob(filepath.Join(p, "*.case.json")); len(m) > 0 {
				return p
			}
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

func TestUnixSocket(t *testing.T) {
	dir := t.TempDir()
	sock := filepath.Join(dir, "llm.sock")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Skipf("unix sockets unavailable: %v", err)
	}
	f := newFakeServer(t)
	srv := &http.Server{Handler: f.Config.Handler}
	go srv.Serve(l)
	defer srv.Close()
	c := newClient(t, Settings{Enabled: true, Endpoint: "unix://" + sock, Model: "test-model"})
	if d := c.Destination(); d.Place != ThisComputer {
		t.Errorf("destination %+v", d)
	}
	got, err := c.Complete(context.Background(), []Message{{Role: "user", Content: "hello"}})
	if err != nil || got != "hello" {
		t.Fatalf("Complete = %q, %v", got, err)
	}
}

// TestLocalhostTriesEveryLoopbackAddress: a local model server may listen on
// 127.0.0.1 only while "localhost" also resolves to ::1 first; the client must
// try the next loopback address when the first refuses.
func TestLocalhostTriesEveryLoopbackAddress(t *testing.T) {
	addrs, err := net.DefaultResolver.LookupIPAddr(context.Background(), "localhost")
	if err != nil || len(addrs) < 2 {
		t.Skip("localhost has fewer than two addresses here")
	}
	f := newFakeServer(t)
	_, port, _ := net.SplitHostPort(strings.TrimPrefix(f.URL, "http://"))
	var tried []string
	c := newClient(t, Settings{Enabled: true, Endpoint: "http://localhost:" + port, Model: "test-model"},
		WithDialer(func(ctx context.Context, network, addr string) (net.Conn, error) {
			tried = append(tried, addr)
			if len(tried) == 1 {
				return nil, errors.New("connection refused")
			}
			var d net.Dialer
			return d.DialContext(ctx, network, "127.0.0.1:"+port)
		}))
	if _, err := c.Complete(context.Background(), []Message{{Role: "user", Content: "hello"}}); err != nil {
		t.Fatalf("second loopback address not tried: %v (tried %v)", err, tried)
	}
	if len(tried) < 2 {
		t.Errorf("tried %v", tried)
	}
}
