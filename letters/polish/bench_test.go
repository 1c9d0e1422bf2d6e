package polish

import (
	"encoding/json"
	"strings"
	"testing"
)

// benchLetter is a long letter (about 20 KB) full of names, dates, citations
// and contact details: the largest thing a person is likely to polish.
func benchLetter(b *testing.B) (string, *Mapping, *Guard) {
	c := richCase(b)
	var sb strings.Builder
	for sb.Len() < 20000 {
		sb.WriteString(letterFor(c))
		sb.WriteString(testDraft)
	}
	text := sb.String()
	return text, NewMapping(c, []string{"Jo Bloggs"}, nil), NewGuard(GuardInput{Case: c, Draft: text, Citations: testCatalogue, Points: true})
}

func BenchmarkPseudonymise(b *testing.B) {
	text, m, _ := benchLetter(b)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		m.Pseudonymise(text)
	}
}

// BenchmarkPeerReplacer is the naive peer: replacing the recorded full
// names with strings.Replacer, which misses possessives, titles, parts,
// capitals, dates of birth and contact details.
func BenchmarkPeerReplacer(b *testing.B) {
	text, _, _ := benchLetter(b)
	c := richCase(b)
	var pairs []string
	for _, ch := range c.Children {
		pairs = append(pairs, ch.Name, "[CHILD]")
	}
	for _, p := range c.People {
		pairs = append(pairs, p.Name, "[PERSON]")
	}
	r := strings.NewReplacer(pairs...)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		r.Replace(text)
	}
}

func BenchmarkRestore(b *testing.B) {
	text, m, _ := benchLetter(b)
	sent := m.Pseudonymise(text)
	b.SetBytes(int64(len(sent)))
	for b.Loop() {
		m.Restore(sent)
	}
}

func BenchmarkGuardCheck(b *testing.B) {
	text, _, g := benchLetter(b)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		g.Check(text)
	}
}

func BenchmarkNewGuard(b *testing.B) {
	text, _, _ := benchLetter(b)
	c := richCase(b)
	for b.Loop() {
		NewGuard(GuardInput{Case: c, Draft: text, Citations: testCatalogue, Points: true})
	}
}

// BenchmarkPeerDecodeReply is the peer of the guard: decoding the
// chat-completions JSON that carries the same text, which every reply costs.
func BenchmarkPeerDecodeReply(b *testing.B) {
	text, _, _ := benchLetter(b)
	content, _ := json.Marshal(text)
	body := []byte(`{"id":"c1","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":` + string(content) + `},"finish_reason":"stop"}]}`)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		var v struct {
			Choices []struct {
				Message struct{ Content string } `json:"message"`
			} `json:"choices"`
		}
		if err := json.Unmarshal(body, &v); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPrepareImprove(b *testing.B) {
	text, _, _ := benchLetter(b)
	c := richCase(b)
	for b.Loop() {
		if _, err := PrepareImprove(Input{Case: c, Text: text, Citations: testCatalogue}); err != nil {
			b.Fatal(err)
		}
	}
}
