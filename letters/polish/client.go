package polish

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"syscall"
	"time"

	openai "github.com/sashabaranov/go-openai"
)

// Sentinel errors of the client. Every error the Client returns is an *Error
// that matches one of them with errors.Is.
var (
	ErrDisabled       = errors.New("AI help is turned off")
	ErrUnreachable    = errors.New("the AI server could not be reached")
	ErrTimeout        = errors.New("the AI server took too long to answer")
	ErrHTTPStatus     = errors.New("the AI server answered with an error")
	ErrMalformedReply = errors.New("the AI server's reply could not be read")
	ErrEmptyReply     = errors.New("the AI server sent an empty reply")
	ErrCanceled       = errors.New("the request to the AI server was cancelled")
)

// Error is a failed request, in words a person can act on.
type Error struct {
	Kind     error  // one of the sentinel errors
	Endpoint string // the server, host[:port] or socket path (never the key)
	Status   int    // the HTTP status, for ErrHTTPStatus
	Detail   string // what the server or the network said, shortened
	Err      error  // the underlying error
}

// Error says what went wrong and what to do, in lower case for wrapping;
// the app may use Kind to choose its own words.
func (e *Error) Error() string {
	where := ""
	if e.Endpoint != "" {
		where = " at " + e.Endpoint
	}
	switch e.Kind {
	case ErrUnreachable:
		return fmt.Sprintf("could not reach the AI server%s (%s): check that it is running and that the address is right", where, e.Detail)
	case ErrTimeout:
		return fmt.Sprintf("the AI server%s did not finish answering within %s: try again, or allow more time in the settings", where, e.Detail)
	case ErrHTTPStatus:
		return fmt.Sprintf("the AI server%s answered with an error (HTTP %d%s)%s", where, e.Status, e.statusText(), e.hint())
	case ErrMalformedReply:
		return fmt.Sprintf("the AI server%s sent a reply that is not in the chat-completions format (%s): check that the address is an OpenAI-compatible server", where, e.Detail)
	case ErrEmptyReply:
		return fmt.Sprintf("the AI server%s sent an empty reply: try again, or try another model", where)
	case ErrCanceled:
		return "the request to the AI server was cancelled"
	case ErrDisabled:
		return "AI help is turned off: turn it on in the settings first"
	}
	return fmt.Sprintf("the AI request%s failed: %s", where, e.Detail)
}

func (e *Error) statusText() string {
	if t := http.StatusText(e.Status); t != "" {
		return " " + t
	}
	return ""
}

func (e *Error) hint() string {
	var h string
	switch {
	case e.Status == http.StatusUnauthorized || e.Status == http.StatusForbidden:
		h = ": the server refused the API key; check the key in REDRESS_AI_KEY or the settings"
	case e.Status == http.StatusNotFound:
		h = ": the server does not know this address or model; check both"
	case e.Status == http.StatusTooManyRequests:
		h = ": the server is busy or a usage limit was reached; try again later"
	case e.Status >= 500:
		h = ": the server had a problem of its own; try again later"
	}
	if e.Detail != "" {
		h += " (the server said: " + e.Detail + ")"
	}
	return h
}

// Is makes errors.Is match the Kind.
func (e *Error) Is(target error) bool { return target == e.Kind }

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

// Message is one chat message.
type Message struct {
	Role    string // "system", "user" or "assistant"
	Content string
}

// Client talks to one OpenAI-compatible chat-completions endpoint. It exists
// only for settings that are turned on; every connection it makes goes
// through its own http.Client and dialer.
type Client struct {
	settings Settings
	ep       endpoint
	dest     Destination
	api      *openai.Client
	timeout  time.Duration
}

type clientConfig struct {
	dial    func(ctx context.Context, network, addr string) (net.Conn, error)
	http    *http.Client
	timeout time.Duration
}

// Option changes how a Client connects.
type Option func(*clientConfig)

// WithDialer makes every connection go through dial (tests use it to prove
// that nothing is dialled, or to count connections).
func WithDialer(dial func(ctx context.Context, network, addr string) (net.Conn, error)) Option {
	return func(c *clientConfig) { c.dial = dial }
}

// WithHTTPClient makes every request go through h instead of the Client's own.
func WithHTTPClient(h *http.Client) Option {
	return func(c *clientConfig) { c.http = h }
}

// WithTimeout overrides the settings' timeout.
func WithTimeout(d time.Duration) Option {
	return func(c *clientConfig) { c.timeout = d }
}

// New returns a Client for the settings. Settings that are off give
// ErrDisabled and no Client: nothing is dialled, resolved or sent. Every
// method of a nil *Client returns ErrDisabled, so a caller that ignores the
// error still cannot send anything.
func New(s Settings, opts ...Option) (*Client, error) {
	if !s.Enabled {
		return nil, &Error{Kind: ErrDisabled}
	}
	if err := s.Validate(); err != nil {
		return nil, err
	}
	ep, err := parseEndpoint(s.Endpoint)
	if err != nil {
		return nil, err
	}
	dest, err := Where(s.Endpoint)
	if err != nil {
		return nil, err
	}
	cfg := clientConfig{timeout: s.Timeout()}
	for _, o := range opts {
		o(&cfg)
	}
	hc := cfg.http
	if hc == nil {
		hc = &http.Client{Transport: newTransport(ep, dest, cfg.dial)}
	}
	oc := openai.DefaultConfig(s.APIKey)
	oc.BaseURL = ep.base
	oc.HTTPClient = hc
	return &Client{settings: s, ep: ep, dest: dest, api: openai.NewClientWithConfig(oc), timeout: cfg.timeout}, nil
}

// newTransport returns a transport that never uses a proxy from the
// environment (which could send local traffic elsewhere), dials a unix socket
// when the endpoint is one, and dials only loopback addresses for a server
// said to be on this computer.
func newTransport(ep endpoint, dest Destination, dial func(ctx context.Context, network, addr string) (net.Conn, error)) *http.Transport {
	if dial == nil {
		d := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}
		dial = d.DialContext
	}
	inner := dial
	switch {
	case ep.socket != "":
		dial = func(ctx context.Context, _, _ string) (net.Conn, error) { return inner(ctx, "unix", ep.socket) }
	case dest.Place == ThisComputer:
		dial = func(ctx context.Context, network, addr string) (net.Conn, error) {
			host, port, err := net.SplitHostPort(addr)
			if err != nil {
				return nil, err
			}
			addrs, err := net.DefaultResolver.LookupIPAddr(ctx, host)
			if err != nil {
				return nil, err
			}
			ips, err := loopbackOnly(addrs, host)
			if err != nil {
				return nil, err
			}
			// "localhost" usually has both 127.0.0.1 and ::1, and a local
			// model server may listen on only one of them: try each.
			var last error
			for _, ip := range ips {
				c, err := inner(ctx, network, net.JoinHostPort(ip.String(), port))
				if err == nil {
					return c, nil
				}
				last = err
			}
			return nil, last
		}
	}
	return &http.Transport{
		Proxy:                 nil,
		DialContext:           dial,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          4,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: 0, // the request's own timeout covers a slow model
	}
}

// Destination says where this client sends text.
func (c *Client) Destination() Destination {
	if c == nil {
		return Destination{}
	}
	return c.dest
}

// Settings returns the client's settings (the zero Settings, off, for a nil
// Client).
func (c *Client) Settings() Settings {
	if c == nil {
		return Settings{}
	}
	return c.settings
}

func (c *Client) request(msgs []Message, stream bool) openai.ChatCompletionRequest {
	req := openai.ChatCompletionRequest{Model: c.settings.Model, Temperature: 0.2, Stream: stream}
	for _, m := range msgs {
		req.Messages = append(req.Messages, openai.ChatCompletionMessage{Role: m.Role, Content: m.Content})
	}
	return req
}

// Complete sends messages and returns the whole reply.
func (c *Client) Complete(ctx context.Context, msgs []Message) (string, error) {
	if c == nil {
		return "", &Error{Kind: ErrDisabled}
	}
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	resp, err := c.api.CreateChatCompletion(ctx, c.request(msgs, false))
	if err != nil {
		return "", c.classify(ctx, err)
	}
	if len(resp.Choices) == 0 || strings.TrimSpace(resp.Choices[0].Message.Content) == "" {
		return "", &Error{Kind: ErrEmptyReply, Endpoint: c.ep.host}
	}
	return resp.Choices[0].Message.Content, nil
}

// Stream sends messages and passes each piece of the reply to onChunk as it
// arrives (server-sent events ending with [DONE]), then returns the whole
// reply. Cancelling ctx stops the reply; the timeout covers the whole of it.
func (c *Client) Stream(ctx context.Context, msgs []Message, onChunk func(string)) (string, error) {
	if c == nil {
		return "", &Error{Kind: ErrDisabled}
	}
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	st, err := c.api.CreateChatCompletionStream(ctx, c.request(msgs, true))
	if err != nil {
		return "", c.classify(ctx, err)
	}
	defer st.Close()
	var b strings.Builder
	for {
		resp, err := st.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return "", c.classify(ctx, err)
		}
		for _, ch := range resp.Choices {
			if ch.Index != 0 || ch.Delta.Content == "" {
				continue
			}
			b.WriteString(ch.Delta.Content)
			if onChunk != nil {
				onChunk(ch.Delta.Content)
			}
		}
	}
	if ctx.Err() != nil {
		return "", c.classify(ctx, ctx.Err())
	}
	if strings.TrimSpace(b.String()) == "" {
		return "", &Error{Kind: ErrEmptyReply, Endpoint: c.ep.host}
	}
	return b.String(), nil
}

// ConnectionReport is what a connection test found.
type ConnectionReport struct {
	Destination Destination
	Models      []string // the models the server lists, if it lists them
	ModelListed bool     // the configured model is among them
	Replied     bool     // the server answered a tiny chat request (when it lists no models)
}

// TestConnection checks that the server answers, without sending anything
// from a case: it asks for the list of models, and if the server has no such
// list, sends a one-word chat request.
func (c *Client) TestConnection(ctx context.Context) (ConnectionReport, error) {
	if c == nil {
		return ConnectionReport{}, &Error{Kind: ErrDisabled}
	}
	rep := ConnectionReport{Destination: c.dest}
	lctx, cancel := context.WithTimeout(ctx, c.timeout)
	list, err := c.api.ListModels(lctx)
	err = c.classifyIf(lctx, err)
	cancel()
	if err == nil {
		for _, m := range list.Models {
			rep.Models = append(rep.Models, m.ID)
			if m.ID == c.settings.Model {
				rep.ModelListed = true
			}
		}
		if len(rep.Models) > 0 {
			return rep, nil
		}
	}
	var e *Error
	if err != nil && !(errors.As(err, &e) && e.Kind == ErrHTTPStatus && (e.Status == http.StatusNotFound || e.Status == http.StatusMethodNotAllowed)) {
		return rep, err
	}
	if _, err := c.Complete(ctx, []Message{{Role: "user", Content: "Reply with the word OK."}}); err != nil {
		return rep, err
	}
	rep.Replied = true
	return rep, nil
}

func (c *Client) classifyIf(ctx context.Context, err error) error {
	if err == nil {
		return nil
	}
	return c.classify(ctx, err)
}

// classify turns what go-openai and net/http return into an *Error.
func (c *Client) classify(ctx context.Context, err error) error {
	e := &Error{Endpoint: c.ep.host, Err: err}
	var apiErr *openai.APIError
	var reqErr *openai.RequestError
	var syntaxErr *json.SyntaxError
	var typeErr *json.UnmarshalTypeError
	var dnsErr *net.DNSError
	var opErr *net.OpError
	switch {
	case errors.Is(ctx.Err(), context.DeadlineExceeded) || errors.Is(err, context.DeadlineExceeded):
		e.Kind, e.Detail = ErrTimeout, c.timeout.String()
	case errors.Is(err, context.Canceled) || errors.Is(ctx.Err(), context.Canceled):
		e.Kind = ErrCanceled
	case errors.As(err, &apiErr):
		e.Kind, e.Status, e.Detail = ErrHTTPStatus, apiErr.HTTPStatusCode, shorten(apiErr.Message)
		if apiErr.HTTPStatusCode == 0 {
			e.Kind = ErrMalformedReply // an error object inside a 200 stream
		}
	case errors.As(err, &reqErr):
		e.Kind, e.Status = ErrHTTPStatus, reqErr.HTTPStatusCode
		e.Detail = shorten(string(reqErr.Body))
	case errors.As(err, &syntaxErr), errors.As(err, &typeErr), errors.Is(err, io.ErrUnexpectedEOF),
		strings.Contains(err.Error(), "invalid character"), errors.Is(err, openai.ErrTooManyEmptyStreamMessages):
		e.Kind, e.Detail = ErrMalformedReply, "it is not valid JSON"
	case errors.As(err, &dnsErr):
		e.Kind, e.Detail = ErrUnreachable, "the name "+dnsErr.Name+" could not be found"
	case errors.Is(err, syscall.ECONNREFUSED):
		e.Kind, e.Detail = ErrUnreachable, "nothing is listening there"
	case errors.As(err, &opErr) && opErr.Op == "dial":
		e.Kind, e.Detail = ErrUnreachable, shorten(opErr.Err.Error())
	case errors.As(err, &opErr):
		e.Kind, e.Detail = ErrUnreachable, "the connection failed: "+shorten(opErr.Err.Error())
	default:
		e.Kind, e.Detail = ErrUnreachable, shorten(err.Error())
	}
	return e
}

// shorten keeps an error message from the network short, on one line.
func shorten(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 200 {
		s = s[:200] + "..."
	}
	return s
}
