package polish

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"
)

// SettingsFormat is the "format" field of encoded Settings.
const SettingsFormat = "redress-ai-settings/1"

// DefaultTimeout is how long a request may take when the settings give no
// timeout. Local models on an ordinary laptop can be slow.
const DefaultTimeout = 2 * time.Minute

// Settings are the AI help settings. The vault stores them encrypted (the API
// key is a secret); they are never kept in the desktop app's preferences.
// The zero value is off.
type Settings struct {
	Enabled        bool   // off unless the person turns it on
	Endpoint       string // the chat-completions base URL, such as http://localhost:11434/v1
	Model          string // such as llama3.1:8b
	APIKey         string // empty for most local servers
	TimeoutSeconds int    // 0 means DefaultTimeout
}

// ErrBadSettings marks settings that cannot be used.
var ErrBadSettings = errors.New("the AI settings are not complete or not valid")

// DefaultSettings returns the settings of a new vault: AI help off.
func DefaultSettings() Settings { return Settings{} }

// Timeout returns how long one request may take.
func (s Settings) Timeout() time.Duration {
	if s.TimeoutSeconds <= 0 {
		return DefaultTimeout
	}
	return time.Duration(s.TimeoutSeconds) * time.Second
}

// String describes the settings without the API key, so that they can be
// logged or printed without leaking it.
func (s Settings) String() string {
	if !s.Enabled {
		return "AI help off"
	}
	key := "no API key"
	if s.APIKey != "" {
		key = "API key set"
	}
	return fmt.Sprintf("AI help on: model %q at %s (%s, timeout %s)", s.Model, s.Endpoint, key, s.Timeout())
}

// GoString is String, so that %#v does not print the key either.
func (s Settings) GoString() string { return "polish.Settings{" + s.String() + "}" }

// settingsJSON fixes the field order and names of the stored form.
type settingsJSON struct {
	Format         string `json:"format"`
	Enabled        bool   `json:"enabled"`
	Endpoint       string `json:"endpoint,omitempty"`
	Model          string `json:"model,omitempty"`
	APIKey         string `json:"api_key,omitempty"`
	TimeoutSeconds int    `json:"timeout_seconds,omitempty"`
}

// MarshalJSON encodes the settings in their stable stored form:
// {"format":"redress-ai-settings/1","enabled":...,"endpoint":...,"model":...,
// "api_key":...,"timeout_seconds":...}, empty fields left out.
func (s Settings) MarshalJSON() ([]byte, error) {
	return json.Marshal(settingsJSON{SettingsFormat, s.Enabled, s.Endpoint, s.Model, s.APIKey, s.TimeoutSeconds})
}

// UnmarshalJSON decodes settings strictly: the format must be
// redress-ai-settings/1 and unknown fields are errors.
func (s *Settings) UnmarshalJSON(data []byte) error {
	v, err := DecodeSettings(data)
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// DecodeSettings decodes stored settings strictly.
func DecodeSettings(data []byte) (Settings, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var v settingsJSON
	if err := dec.Decode(&v); err != nil {
		return Settings{}, fmt.Errorf("decode AI settings: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return Settings{}, errors.New("decode AI settings: data after the settings")
	}
	if v.Format != SettingsFormat {
		return Settings{}, fmt.Errorf("decode AI settings: format %q, want %q", v.Format, SettingsFormat)
	}
	if v.TimeoutSeconds < 0 {
		return Settings{}, fmt.Errorf("decode AI settings: negative timeout %d", v.TimeoutSeconds)
	}
	return Settings{Enabled: v.Enabled, Endpoint: v.Endpoint, Model: v.Model, APIKey: v.APIKey, TimeoutSeconds: v.TimeoutSeconds}, nil
}

// Validate checks settings that are turned on: an http, https or unix
// endpoint without a password in it, a model, and a timeout between 5
// seconds and an hour. Settings that are off are always valid.
func (s Settings) Validate() error {
	if !s.Enabled {
		return nil
	}
	if _, err := parseEndpoint(s.Endpoint); err != nil {
		return err
	}
	if strings.TrimSpace(s.Model) == "" {
		return fmt.Errorf("%w: no model name is set", ErrBadSettings)
	}
	if s.TimeoutSeconds != 0 && (s.TimeoutSeconds < 5 || s.TimeoutSeconds > 3600) {
		return fmt.Errorf("%w: the timeout must be between 5 and 3600 seconds, not %d", ErrBadSettings, s.TimeoutSeconds)
	}
	return nil
}

// endpoint is a parsed endpoint: the base URL go-openai talks to, and the
// unix socket to dial when there is one.
type endpoint struct {
	base   string // http(s)://host[:port]/path, without a trailing slash
	socket string // a unix socket path, or ""
	host   string // host[:port] as typed, for messages
	url    *url.URL
}

// parseEndpoint reads an endpoint. A URL without a path gets /v1, the path
// every OpenAI-compatible server uses (Ollama, llama.cpp, LM Studio). A unix
// socket is written unix:///path/to/socket, optionally with ?path=/v1.
func parseEndpoint(raw string) (endpoint, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return endpoint{}, fmt.Errorf("%w: no server address is set", ErrBadSettings)
	}
	u, err := url.Parse(raw)
	if err != nil {
		return endpoint{}, fmt.Errorf("%w: %q is not a web address", ErrBadSettings, raw)
	}
	if u.User != nil {
		return endpoint{}, fmt.Errorf("%w: the address contains a user name or password; put the key in the API key setting instead", ErrBadSettings)
	}
	switch u.Scheme {
	case "http", "https":
		if u.Host == "" {
			return endpoint{}, fmt.Errorf("%w: %q has no server name", ErrBadSettings, raw)
		}
		path := strings.TrimRight(u.Path, "/")
		if path == "" {
			path = "/v1"
		}
		b := *u
		b.Path, b.RawQuery, b.Fragment, b.RawPath = path, "", "", ""
		return endpoint{base: b.String(), host: u.Host, url: u}, nil
	case "unix":
		if u.Path == "" {
			return endpoint{}, fmt.Errorf("%w: %q names no socket", ErrBadSettings, raw)
		}
		path := u.Query().Get("path")
		if path == "" {
			path = "/v1"
		}
		return endpoint{base: "http://localhost" + "/" + strings.Trim(path, "/"), socket: u.Path, host: u.Path, url: u}, nil
	}
	return endpoint{}, fmt.Errorf("%w: the address must start with http://, https:// or unix://, not %q", ErrBadSettings, raw)
}

// CommandLineSettings returns the settings for redress letter --polish: on,
// with the endpoint and model from the flags and the key from the
// REDRESS_AI_KEY environment variable (never a flag, which other users of the
// computer could see).
func CommandLineSettings(endpoint, model string, getenv func(string) string) (Settings, error) {
	s := Settings{Enabled: true, Endpoint: endpoint, Model: model}
	if getenv != nil {
		s.APIKey = getenv("REDRESS_AI_KEY")
	}
	if err := s.Validate(); err != nil {
		return Settings{}, err
	}
	return s, nil
}
