package letters

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/redress-app/redress/casefile"
)

// TestStoredRoundTrip: every golden letter, stored and read back, is the same
// letter built from the same request, and stores to the same bytes again.
func TestStoredRoundTrip(t *testing.T) {
	for _, nr := range goldenRequests(t) {
		t.Run(nr.name, func(t *testing.T) {
			l, err := Build(nr.req)
			if err != nil {
				t.Fatal(err)
			}
			req := nr.req
			req.Case = nil // the vault keeps the request without its case
			st := &Stored{AsOf: casefile.MustDate("2026-07-01"), Request: req, Letter: l, Edited: true, SentEvent: "e9"}
			data, err := st.Encode()
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Contains(data, []byte(`"format":"`+StoredFormat+`"`)) {
				t.Fatalf("the stored letter does not say its format: %.80s", data)
			}
			back, err := DecodeStored(data)
			if err != nil {
				t.Fatal(err)
			}
			if back.Letter.Markup() != l.Markup() || back.AsOf != st.AsOf || !back.Edited || back.SentEvent != "e9" || back.Request.Kind != req.Kind {
				t.Errorf("read back differs:\n%+v\nwant\n%+v", back, st)
			}
			again, err := back.Encode()
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(again, data) {
				t.Errorf("stored again, the bytes differ:\n%s\n%s", again, data)
			}
		})
	}
}

func TestDecodeStoredStrict(t *testing.T) {
	good := []byte(`{"format":"redress-letter/1","request":{"kind":"sar","from":{"name":"A"},"to":{"name":"B"}},` +
		`"letter":{"kind":"sar","from":{"name":"A"},"to":{"name":"B"},"date":"2026-07-01","text":"@title Subject access request\n\n@sign A\n"}}`)
	if _, err := DecodeStored(good); err != nil {
		t.Fatalf("the good letter does not decode: %v", err)
	}
	for _, tt := range []struct{ name, content, want string }{
		{"not JSON", "{", "unexpected EOF"},
		{"unknown field", strings.Replace(string(good), `"format":`, `"extra":1,"format":`, 1), `unknown field "extra"`},
		{"other format", strings.Replace(string(good), StoredFormat, "redress-letter/9", 1), `format "redress-letter/9", not "redress-letter/1"`},
		{"no date", strings.Replace(string(good), `"date":"2026-07-01",`, ``, 1), "the letter has no date"},
		{"text that does not parse", strings.Replace(string(good), `"text":"@title `, `"text":"@bold `, 1), "@bold"},
		{"two values", string(good) + "{}", "more than one JSON value"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := DecodeStored([]byte(tt.content))
			if !errors.Is(err, casefile.ErrInvalidCase) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want an invalid-content error saying %q", err, tt.want)
			}
		})
	}
}

// FuzzDecodeStored: whatever a stored letter holds, DecodeStored gives a
// letter that stores again and reads back the same, or an invalid-content
// error, never a panic.
func FuzzDecodeStored(f *testing.F) {
	f.Add([]byte(`{"format":"redress-letter/1","request":{"kind":"sar","from":{"name":"A"},"to":{"name":"B"}},` +
		`"letter":{"kind":"sar","from":{"name":"A"},"to":{"name":"B"},"date":"2026-07-01","text":"@title T\n\n@sign A\n"}}`))
	f.Add([]byte(`{"format":"redress-letter/1"}`))
	f.Fuzz(func(t *testing.T, content []byte) {
		st, err := DecodeStored(content)
		if err != nil {
			if !errors.Is(err, casefile.ErrInvalidCase) {
				t.Fatalf("error %v does not match ErrInvalidCase", err)
			}
			return
		}
		data, err := st.Encode()
		if err != nil {
			t.Fatal(err)
		}
		back, err := DecodeStored(data)
		if err != nil {
			t.Fatalf("stored again, it does not read back: %v", err)
		}
		if back.Letter.Markup() != st.Letter.Markup() {
			t.Fatalf("the text changed on a round trip")
		}
	})
}

// TestStoredKeepsWhatTheLetterWasBuiltFrom: a letter before claim's
// challenged acts, a chaser's date and a request on the child's behalf are
// kept, so that rebuilding a saved draft does not quietly drop them.
func TestStoredKeepsWhatTheLetterWasBuiltFrom(t *testing.T) {
	good := []byte(`{"format":"redress-letter/1","request":{"kind":"jr-lbc","from":{"name":"A"},"to":{"name":"B"},` +
		`"challenge":["sd1","t1"],"chased":"2026-03-10","for_child":true},` +
		`"letter":{"kind":"jr-lbc","from":{"name":"A"},"to":{"name":"B"},"date":"2026-07-01","text":"@title Letter before claim\n\n@sign A\n"}}`)
	st, err := DecodeStored(good)
	if err != nil {
		t.Fatal(err)
	}
	r := st.Request
	if len(r.Challenge) != 2 || r.Challenge[0] != "sd1" || r.Challenge[1] != "t1" || r.Chased != casefile.MustDate("2026-03-10") || !r.ForChild {
		t.Fatalf("the request read back without what it was built from: %+v", r)
	}
	again, err := st.Encode()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"challenge":["sd1","t1"]`, `"chased":"2026-03-10"`, `"for_child":true`} {
		if !bytes.Contains(again, []byte(want)) {
			t.Errorf("stored again without %s:\n%s", want, again)
		}
	}
}
