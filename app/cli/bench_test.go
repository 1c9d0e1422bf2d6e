package cli

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"testing"

	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/checks"
)

// benchCase builds a case file of about size bytes shaped like the worst a
// case file may be within the limits (casefile/limits.go): the most events
// allowed (20,000), of kinds the checks work on, each citing a document, and
// the rest notes of a few hundred bytes each.
func benchCase(size int) []byte {
	kinds := []string{"referral-received", "strategy-discussion", "child-seen", "core-group", "decision", "other", "third-party-checks", "complaint-made", "complaint-response", "sar-made", "sar-response"}
	var b bytes.Buffer
	b.WriteString(`{"format": "redress-case/1", "title": "Benchmark", "authority": "Example Borough Council",` + "\n")
	b.WriteString(`"children": [{"id": "c1", "name": "Baby A", "born": "2025-09-15"}],` + "\n")
	b.WriteString(`"people": [{"id": "p1", "name": "Ms Social Worker", "role": "social worker"}],` + "\n")
	b.WriteString(`"documents": [`)
	for i := range 200 {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, "\n"+`{"id": "d%d", "name": "doc%d.pdf", "type": "application/pdf", "date": "2026-03-03", "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b4c0b822cd15d6c15b0f00a08", "size": 1000}`, i, i)
	}
	b.WriteString("],\n" + `"events": [`)
	for i := range casefile.MaxEvents {
		if i > 0 {
			b.WriteString(",")
		}
		k := kinds[i%len(kinds)]
		attrs := ""
		switch k {
		case "strategy-discussion":
			attrs = `, "attrs": {"s47": true}`
		case "third-party-checks":
			attrs = `, "attrs": {"agency": "GP", "consent": false}`
		case "complaint-made":
			attrs = `, "attrs": {"stage": 1, "procedure": "corporate"}`
		case "complaint-response":
			attrs = `, "attrs": {"stage": 1}`
		}
		fmt.Fprintf(&b, "\n"+`{"id": "e%d", "kind": "%s", "date": "2026-%02d-%02d", "detail": "What happened at event %d, as the family recorded it.", "evidence": ["d%d#p%d"]%s}`,
			i, k, 1+i%12, 1+i%28, i, i%200, 1+i%9, attrs)
	}
	b.WriteString("],\n" + `"notes": [`)
	for i := 0; b.Len() < size-600; i++ {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, "\n"+`{"id": "n%d", "occurred": "2026-%02d-%02dT09:30:00Z", "recorded": "2026-%02d-%02dT21:14:00Z", "kind": "call", "people": ["p1"], "text": "The social worker rang at half past nine. She said it was routine and nothing more, that the referral had come from the health visitor, and that someone would be in touch about a visit. Note %d.", "events": ["e%d"], "documents": ["d%d"]}`,
			i, 1+i%12, 1+i%28, 1+i%12, 1+i%28, i, i%casefile.MaxEvents, i%200)
	}
	b.WriteString("]}\n")
	return b.Bytes()
}

var benchCaseOut = flag.String("bench-case", "", "write the 10 MB benchmark case file to `PATH` (for /usr/bin/time -v redress check)")

// TestWriteBenchCase writes the benchmark's case file when -bench-case is given.
func TestWriteBenchCase(t *testing.T) {
	if *benchCaseOut == "" {
		t.Skip("no -bench-case PATH")
	}
	if err := os.WriteFile(*benchCaseOut, benchCase(10<<20), 0o600); err != nil {
		t.Fatal(err)
	}
}

// BenchmarkCheckCaseFile10MB is what "redress check" does with a 10 MB case
// file: decode it strictly (the pre-scan included) and run every check.
func BenchmarkCheckCaseFile10MB(b *testing.B) {
	data := benchCase(10 << 20)
	cat := checks.Default()
	asOf := casefile.MustDate("2026-12-01")
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		c, err := casefile.Decode("bench.json", data)
		if err != nil {
			b.Fatal(err)
		}
		checks.Run(cat, c, asOf)
	}
}

// BenchmarkDecodeCaseFile10MB is the strict decode alone.
func BenchmarkDecodeCaseFile10MB(b *testing.B) {
	data := benchCase(10 << 20)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := casefile.Decode("bench.json", data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecodePeerMapAny10MB is the peer: encoding/json into
// map[string]any, no checking at all.
func BenchmarkDecodePeerMapAny10MB(b *testing.B) {
	data := benchCase(10 << 20)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		var m map[string]any
		if err := json.Unmarshal(data, &m); err != nil {
			b.Fatal(err)
		}
	}
}
