package casework

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/letters"
	"github.com/redress-app/redress/store"
)

// FuzzDecodeDraft: whatever a letter's stored content holds, DecodeDraft
// gives a draft or an invalid-content error, never a panic; a draft it gives
// renders and encodes to content that decodes to the same letter.
func FuzzDecodeDraft(f *testing.F) {
	// Small seeds: the fuzzer slows to a crawl on inputs of several KB, so
	// the realistic drafts (TestDraftContentRoundTrip) are not seeds here.
	seed := []byte(`{"format":"redress-letter/1","as_of":"2026-07-01","request":{"kind":"sar","from":{"name":"A"},"to":{"name":"B"},"date":"2026-07-01",` +
		`"deadline":{"date":"2026-08-03","received":"2026-07-01","rule":"1 month","citation":{"source":"UK GDPR","legal_status":"statute","verification":"seed"}}},` +
		`"letter":{"kind":"sar","from":{"name":"A","lines":["1 Road"]},"to":{"name":"B"},"date":"2026-07-01","text":"@title Subject access request\n\n@h What\n\n@li x\n\n@point P\n@label L:\ntext\n@end\n\n@sign A\n",` +
		`"sources":[{"source":"UK GDPR","where":"Article 15","legal_status":"statute","verification":"verified-primary"}],"checkpoint":"1-AAAA"}}`)
	if _, err := DecodeDraft(store.Letter{ID: "l1", Version: 1, Content: seed}); err != nil {
		f.Fatalf("the seed does not decode: %v", err)
	}
	f.Add(seed)
	f.Add([]byte(`{"format":"redress-letter/1"}`))
	f.Add([]byte(`{"format":"redress-letter/1","request":{"kind":"sar"},"letter":{"text":"@title T"}}`))
	f.Fuzz(func(t *testing.T, content []byte) {
		d, err := DecodeDraft(store.Letter{ID: "l1", Version: 1, Content: content})
		if err != nil {
			if !errors.Is(err, casefile.ErrInvalidCase) {
				t.Fatalf("error %v is not an invalid-content error", err)
			}
			return
		}
		var buf bytes.Buffer
		if err := d.Render(&buf, Text); err != nil {
			t.Fatal(err)
		}
		again, err := d.Content()
		if err != nil {
			t.Fatal(err)
		}
		back, err := DecodeDraft(store.Letter{ID: "l1", Version: 1, Content: again})
		if err != nil {
			t.Fatalf("re-encoded content does not decode: %v", err)
		}
		if back.Text() != d.Text() {
			t.Fatal("the letter changed in a round trip")
		}
	})
}

// FuzzParseSelection: --findings either parses into well-formed keys or is
// a bad request.
func FuzzParseSelection(f *testing.F) {
	for _, s := range []string{"", "all", "icpc-15wd:s1", "a:b,c:d", "a:b,a:b", ":", "a:b,,", " x:y "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sel, err := ParseSelection(s)
		if err != nil {
			if !errors.Is(err, letters.ErrRequest) {
				t.Fatalf("error %v is not a bad request", err)
			}
			return
		}
		for _, k := range sel.Keys {
			rule, trigger, ok := strings.Cut(k, ":")
			if !ok || rule == "" || trigger == "" || strings.ContainsAny(k, " \t,") {
				t.Fatalf("bad key %q from %q", k, s)
			}
		}
	})
}
