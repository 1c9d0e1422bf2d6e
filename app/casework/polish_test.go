package casework

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/letters"
	"github.com/redress-app/redress/letters/polish"
)

// chatServer is a fake OpenAI-compatible server: it answers each chat
// request with reply(the text sent), and keeps every request body.
type chatServer struct {
	*httptest.Server
	mu     sync.Mutex
	bodies []string
}

func newChatServer(t *testing.T, reply func(sent string) string) *chatServer {
	s := &chatServer{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		s.mu.Lock()
		s.bodies = append(s.bodies, string(body))
		s.mu.Unlock()
		var req struct {
			Messages []struct{ Role, Content string } `json:"messages"`
		}
		if r.URL.Path != "/v1/chat/completions" || json.Unmarshal(body, &req) != nil || len(req.Messages) == 0 {
			http.Error(w, `{"error":{"message":"bad request"}}`, http.StatusBadRequest)
			return
		}
		out := reply(req.Messages[len(req.Messages)-1].Content)
		if out == "\x00fail" {
			http.Error(w, `{"error":{"message":"overloaded"}}`, http.StatusInternalServerError)
			return
		}
		b, _ := json.Marshal(out)
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"id":"c1","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":%s},"finish_reason":"stop"}]}`, b)
	}))
	t.Cleanup(s.Close)
	return s
}

func polishCase(t *testing.T) (*Draft, *casefile.Case) {
	t.Helper()
	c := example(t, "complaint")
	c.Children[0].Name = "Rowena Quillfeather"
	from := letters.Party{Name: "Alys Quillfeather", Lines: []string{"14 Larkspur Close", "Exampleton EX4 7QT", "alys.q@example.org"}}
	dr, err := Compose(c, Options{Kind: letters.Stage1, AsOf: date("2026-07-01"), From: &from})
	if err != nil {
		t.Fatal(err)
	}
	return dr.Draft, c
}

// TestPolish: a reply that only rewords is put back into the letter; one that
// invents a citation, drops a paragraph, a date or a citation, or changes a
// lead-in is refused with reasons and the draft is left as it was; nothing
// sent holds the family's names or address.
func TestPolish(t *testing.T) {
	tests := []struct {
		name    string
		reply   func(string) string
		ok      bool
		want    string // in the letter (accepted) or in a reason (rejected)
		wantErr error
	}{
		{"rewording accepted", func(s string) string {
			return strings.Replace(s, "I am making a complaint about how", "I wish to complain about how", 1)
		}, true, "I wish to complain about how Example County Council children’s services have dealt with my family and my child, Rowena Quillfeather.", nil},
		{"invented citation", func(s string) string {
			return strings.Replace(s, "I am making a complaint about how", "In breach of section 99 of the Children Act 1989, I am making a complaint about how", 1)
		}, false, "section 99", nil},
		{"invented date", func(s string) string {
			return strings.Replace(s, "I am making a complaint about how", "Since 3 March 2026 I have wanted to complain about how", 1)
		}, false, "3 March 2026", nil},
		{"paragraph dropped", func(s string) string {
			paras := strings.Split(s, "\n\n")
			return strings.Join(paras[:len(paras)-1], "\n\n")
		}, false, "cannot be put back into the letter", nil},
		{"date dropped", func(s string) string {
			return strings.Replace(s, "reached the council on 1 April 2026.", "reached the council.", 1)
		}, false, "leaves out the date 1 April 2026", nil},
		{"citation dropped", func(s string) string {
			return strings.Replace(s, "if the complaint is complex: regulation 14 of the 2006 Regulations.", "if the complaint is complex.", 1)
		}, false, "leaves out “regulation 14", nil},
		{"lead-in changed", func(s string) string {
			return strings.Replace(s, "What happened:", "What took place:", 1)
		}, false, "does not start with “What happened:”", nil},
		{"server error", func(string) string { return "\x00fail" }, false, "", polish.ErrHTTPStatus},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, c := polishCase(t)
			before := d.Text()
			srv := newChatServer(t, tt.reply)
			client, err := polish.New(polish.Settings{Enabled: true, Endpoint: srv.URL + "/v1", Model: "m"})
			if err != nil {
				t.Fatal(err)
			}
			err = PolishDraft(context.Background(), client, d, c)
			srv.mu.Lock()
			bodies := strings.Join(srv.bodies, "\n")
			srv.mu.Unlock()
			if len(srv.bodies) != 1 {
				t.Fatalf("%d requests", len(srv.bodies))
			}
			for _, secret := range []string{"Rowena", "Quillfeather", "Larkspur", "EX4 7QT", "alys.q@example.org", "2016-03-12"} {
				if strings.Contains(bodies, secret) {
					t.Errorf("the request sent %q", secret)
				}
			}
			if tt.ok {
				if err != nil {
					t.Fatal(err)
				}
				text := textOf(t, d.Letter)
				if !strings.Contains(normWS(text), tt.want) || !d.Polished || !d.Edited {
					t.Errorf("the polished words are not in the letter:\n%s", text)
				}
				if !strings.Contains(text, "Alys Quillfeather") || !strings.Contains(text, "Rowena Quillfeather") {
					t.Error("the names were not restored")
				}
				return
			}
			if d.Text() != before || d.Polished || d.Edited {
				t.Error("a refused reply changed the draft")
			}
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Errorf("error %v, want %v", err, tt.wantErr)
				}
				return
			}
			var rej *PolishRejected
			if !errors.As(err, &rej) || !errors.Is(err, polish.ErrRejected) {
				t.Fatalf("error %v, want a PolishRejected", err)
			}
			if !strings.Contains(strings.Join(rej.Reasons, "\n"), tt.want) {
				t.Errorf("reasons %q do not mention %q", rej.Reasons, tt.want)
			}
		})
	}
}

// TestPolishSendsProseOnly: the headings, sources, schedule and parties are
// not sent; the preview is exactly what goes.
func TestPolishSendsProseOnly(t *testing.T) {
	d, c := polishCase(t)
	p, err := PreparePolish(d, c)
	if err != nil {
		t.Fatal(err)
	}
	sent := p.Preview().User
	for _, not := range []string{"Source:", "Schedule of sources", "Yours faithfully", "Dear Sir or Madam", "Chronology", "https://", "The Complaints Manager"} {
		if strings.Contains(sent, not) {
			t.Errorf("sent %q:\n%s", not, sent)
		}
	}
	for _, want := range []string{"I am making a complaint about how", "What should have happened: The stage 1 complaint reached the council on 1 April 2026.", "my child, [CHILD-1]."} {
		if !strings.Contains(sent, want) {
			t.Errorf("did not send %q:\n%s", want, sent)
		}
	}
}
