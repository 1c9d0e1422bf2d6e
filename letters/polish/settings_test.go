package polish

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestSettingsOffByDefault(t *testing.T) {
	var zero Settings
	if zero.Enabled || DefaultSettings().Enabled {
		t.Fatal("AI help is on by default")
	}
	if err := zero.Validate(); err != nil {
		t.Errorf("settings that are off must always be valid: %v", err)
	}
}

func TestSettingsEncoding(t *testing.T) {
	for _, tc := range []struct {
		name string
		s    Settings
		want string
	}{
		{"off", Settings{}, `{"format":"redress-ai-settings/1","enabled":false}`},
		{"on", Settings{Enabled: true, Endpoint: "http://localhost:11434/v1", Model: "llama3.1:8b", APIKey: "sk-x", TimeoutSeconds: 90},
			`{"format":"redress-ai-settings/1","enabled":true,"endpoint":"http://localhost:11434/v1","model":"llama3.1:8b","api_key":"sk-x","timeout_seconds":90}`},
		{"off but remembered", Settings{Endpoint: "https://api.example.com/v1", Model: "m"},
			`{"format":"redress-ai-settings/1","enabled":false,"endpoint":"https://api.example.com/v1","model":"m"}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, err := json.Marshal(tc.s)
			if err != nil {
				t.Fatal(err)
			}
			if string(b) != tc.want {
				t.Errorf("encoded\n%s\nwant\n%s", b, tc.want)
			}
			back, err := DecodeSettings(b)
			if err != nil || back != tc.s {
				t.Errorf("decoded %v, %v; want %v", back, err, tc.s)
			}
			var viaJSON Settings
			if err := json.Unmarshal(b, &viaJSON); err != nil || viaJSON != tc.s {
				t.Errorf("json.Unmarshal: %v, %v", viaJSON, err)
			}
		})
	}
}

func TestDecodeSettingsStrict(t *testing.T) {
	for _, tc := range []struct{ name, in string }{
		{"no format", `{"enabled":true}`},
		{"other format", `{"format":"redress-ai-settings/2","enabled":true}`},
		{"unknown field", `{"format":"redress-ai-settings/1","enabled":true,"temperature":1}`},
		{"trailing data", `{"format":"redress-ai-settings/1"} {}`},
		{"wrong type", `{"format":"redress-ai-settings/1","enabled":"yes"}`},
		{"negative timeout", `{"format":"redress-ai-settings/1","timeout_seconds":-1}`},
		{"not JSON", `enabled=true`},
		{"empty", ``},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if s, err := DecodeSettings([]byte(tc.in)); err == nil {
				t.Errorf("DecodeSettings(%s) = %v, want an error", tc.in, s)
			}
		})
	}
}

func FuzzDecodeSettings(f *testing.F) {
	f.Add(`{"format":"redress-ai-settings/1","enabled":true,"endpoint":"http://localhost:11434/v1","model":"m","api_key":"k","timeout_seconds":60}`)
	f.Add(`{"format":"redress-ai-settings/1"}`)
	f.Add(`{"format":"redress-ai-settings/1","enabled":null}`)
	f.Fuzz(func(t *testing.T, in string) {
		s, err := DecodeSettings([]byte(in))
		if err != nil {
			return
		}
		b, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		back, err := DecodeSettings(b)
		if err != nil || back != s {
			t.Fatalf("round trip of %q: %v, %v", in, back, err)
		}
	})
}

func TestSettingsValidate(t *testing.T) {
	for _, tc := range []struct {
		name string
		s    Settings
		ok   bool
	}{
		{"local", Settings{Enabled: true, Endpoint: "http://localhost:11434", Model: "m"}, true},
		{"https", Settings{Enabled: true, Endpoint: "https://api.example.com/v1", Model: "m", APIKey: "k"}, true},
		{"unix", Settings{Enabled: true, Endpoint: "unix:///run/llama.sock", Model: "m"}, true},
		{"no endpoint", Settings{Enabled: true, Model: "m"}, false},
		{"no model", Settings{Enabled: true, Endpoint: "http://localhost:8080"}, false},
		{"ftp", Settings{Enabled: true, Endpoint: "ftp://host", Model: "m"}, false},
		{"no scheme", Settings{Enabled: true, Endpoint: "localhost:11434", Model: "m"}, false},
		{"password in URL", Settings{Enabled: true, Endpoint: "https://me:secret@api.example.com", Model: "m"}, false},
		{"timeout too short", Settings{Enabled: true, Endpoint: "http://localhost", Model: "m", TimeoutSeconds: 1}, false},
		{"off with nonsense", Settings{Endpoint: "ftp://x"}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.s.Validate()
			if (err == nil) != tc.ok {
				t.Errorf("Validate() = %v, want ok=%v", err, tc.ok)
			}
			if err != nil && !errors.Is(err, ErrBadSettings) {
				t.Errorf("error %v is not ErrBadSettings", err)
			}
		})
	}
}

func TestSettingsNeverPrintTheKey(t *testing.T) {
	s := Settings{Enabled: true, Endpoint: "https://api.example.com/v1", Model: "m", APIKey: "sk-very-secret"}
	for _, out := range []string{s.String(), fmt.Sprintf("%v", s), fmt.Sprintf("%+v", s), fmt.Sprintf("%#v", s), fmt.Sprint(s)} {
		if strings.Contains(out, "sk-very-secret") {
			t.Errorf("printed the key: %s", out)
		}
	}
	if s.Timeout() != DefaultTimeout || (Settings{TimeoutSeconds: 30}).Timeout() != 30*time.Second {
		t.Error("Timeout() is wrong")
	}
}

func TestCommandLineSettings(t *testing.T) {
	env := map[string]string{"REDRESS_AI_KEY": "sk-env"}
	s, err := CommandLineSettings("http://localhost:11434/v1", "llama3.1", func(k string) string { return env[k] })
	if err != nil || !s.Enabled || s.APIKey != "sk-env" || s.Model != "llama3.1" {
		t.Errorf("CommandLineSettings = %v (key %q), %v", s, s.APIKey, err)
	}
	if _, err := CommandLineSettings("http://localhost:11434/v1", "", nil); !errors.Is(err, ErrBadSettings) {
		t.Errorf("no model: %v", err)
	}
}

func TestWhere(t *testing.T) {
	for _, tc := range []struct {
		endpoint string
		place    Place
		says     string
	}{
		{"http://localhost:11434/v1", ThisComputer, "Nothing leaves this computer"},
		{"http://127.0.0.1:8080", ThisComputer, "on this computer"},
		{"http://[::1]:1234/v1", ThisComputer, "on this computer"},
		{"http://llm.localhost", ThisComputer, "on this computer"},
		{"unix:///run/ollama.sock", ThisComputer, "/run/ollama.sock"},
		{"http://192.168.1.20:11434", LocalNetwork, "Another computer on your network (192.168.1.20:11434)"},
		{"http://10.0.0.5", LocalNetwork, "not encrypted"},
		{"https://172.16.3.4", LocalNetwork, "trust whoever runs it"},
		{"http://[fe80::1]:8080", LocalNetwork, "another computer"},
		{"http://gpu-box:8080", LocalNetwork, "your network"},
		{"http://nas.local:8080", LocalNetwork, "your network"},
		{"http://100.101.102.103", LocalNetwork, "your network"},
		{"https://api.openai.com/v1", Internet, "A third party over the internet (api.openai.com)"},
		{"http://8.8.8.8/v1", Internet, "not encrypted"},
	} {
		t.Run(tc.endpoint, func(t *testing.T) {
			d, err := Where(tc.endpoint)
			if err != nil {
				t.Fatal(err)
			}
			if d.Place != tc.place || !strings.Contains(strings.ToLower(d.Statement), strings.ToLower(tc.says)) {
				t.Errorf("Where(%q) = %+v", tc.endpoint, d)
			}
			if d.Place.ThirdParty() != (tc.place != ThisComputer) {
				t.Errorf("ThirdParty() wrong for %v", d.Place)
			}
			if tc.place != ThisComputer && strings.Contains(d.Statement, "Nothing leaves") {
				t.Errorf("a third party is described as local: %s", d.Statement)
			}
		})
	}
	if _, err := Where("not a url"); err == nil {
		t.Error("Where accepted a bad address")
	}
}

func TestEndpointPaths(t *testing.T) {
	for _, tc := range []struct{ in, base, socket string }{
		{"http://localhost:11434", "http://localhost:11434/v1", ""},
		{"http://localhost:11434/", "http://localhost:11434/v1", ""},
		{"http://localhost:11434/v1/", "http://localhost:11434/v1", ""},
		{"https://example.com/openai/v1?x=1", "https://example.com/openai/v1", ""},
		{"unix:///run/llm.sock", "http://localhost/v1", "/run/llm.sock"},
		{"unix:///run/llm.sock?path=/api/v1", "http://localhost/api/v1", "/run/llm.sock"},
	} {
		ep, err := parseEndpoint(tc.in)
		if err != nil || ep.base != tc.base || ep.socket != tc.socket {
			t.Errorf("parseEndpoint(%q) = %+v, %v", tc.in, ep, err)
		}
	}
}
