package casefile

import (
	"bytes"
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
	"unicode/utf16"
)

func full(t testing.TB) []byte {
	b, err := os.ReadFile("testdata/full.case.json")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func utf16LE(s string, bom bool) []byte {
	var b []byte
	if bom {
		b = append(b, 0xFF, 0xFE)
	}
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u), byte(u>>8))
	}
	return b
}

// tiny is a valid case file with the given extra JSON after "format".
func tiny(extra string) []byte {
	return []byte(`{"format": "redress-case/1", "title": "T"` + extra + `}`)
}

// TestEncodingsAndLimits: issue 16.5 and 16.6. Each would have decoded
// (silently changing the text) or taken unbounded time and memory before.
func TestEncodingsAndLimits(t *testing.T) {
	manyEvents := func(n int) string {
		var b strings.Builder
		b.WriteString(`, "events": [`)
		for i := range n {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(`{"id":"e`)
			b.WriteString(strings.Repeat("1", 1+i%3))
			b.WriteString(`","kind":"other","date":"2026-03-02"}`)
		}
		b.WriteString(`]`)
		return b.String()
	}
	for _, tc := range []struct {
		name string
		data []byte
		want string // "" means it decodes
	}{
		{"UTF-16 with BOM", utf16LE(string(full(t)), true), "saved as UTF-16 (little-endian"},
		{"UTF-16 without BOM", utf16LE(string(full(t)), false), "saved as UTF-16"},
		{"UTF-16 big-endian", []byte{0xFE, 0xFF, 0, '{'}, "UTF-16 (big-endian)"},
		{"UTF-32", []byte{0xFF, 0xFE, 0, 0, '{', 0, 0, 0}, "saved as UTF-32"},
		{"invalid UTF-8 in a text", tiny(`, "authority": "caf` + "\xe9" + `"`), "line 1, column 61: byte 0xe9 is not UTF-8"},
		{"invalid UTF-8 on a later line", tiny(",\n\n  \"authority\": \"x\xff\""), "line 3, column 18: byte 0xff is not UTF-8"},
		{"lone high surrogate", tiny(`, "authority": "a\ud800b"`), `line 1, column 59: the escape \ud800 is half of a character`},
		{"lone low surrogate", tiny(`, "authority": "a\udc00"`), `\udc00 is half of a character`},
		{"high surrogate at the end", tiny(`, "authority": "a\ud83d"`), `\ud83d is half`},
		{"paired surrogates", tiny(`, "authority": "a\ud83d\ude00"`), ""},
		{"escaped quote then a surrogate", tiny(`, "authority": "\"\ud800"`), "half of a character"},
		{"too many events", tiny(manyEvents(MaxEvents + 1)), "more than 20000 events"},
		{"as many events as allowed", tiny(manyEvents(10)), "id \"e1\" is already used by events[0]"},
		{"too deep", tiny(`, "x": ` + strings.Repeat("[", MaxNesting) + strings.Repeat("]", MaxNesting)), "nested more than 32 deep"},
		{"a huge text", tiny(`, "authority": "` + strings.Repeat("a", MaxStringBytes+1) + `"`), "a text is 1024 KB long"},
		{"too large", append(tiny(""), bytes.Repeat([]byte(" "), MaxCaseFileSize)...), "Redress reads case files of up to 32 MB"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Decode("x.json", tc.data)
			switch {
			case tc.want == "" && err != nil:
				t.Fatalf("Decode: %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Fatalf("Decode = %v, want a problem saying %q", err, tc.want)
			case tc.want != "" && !errors.Is(err, ErrInvalidCase):
				t.Fatalf("Decode = %v, not ErrInvalidCase", err)
			}
		})
	}
}

// TestBOMAccepted: a UTF-8 byte-order mark, as some Windows editors save, is
// read past.
func TestBOMAccepted(t *testing.T) {
	want, err := Decode("x.json", full(t))
	if err != nil {
		t.Fatal(err)
	}
	got, err := Decode("x.json", append([]byte{0xEF, 0xBB, 0xBF}, full(t)...))
	if err != nil {
		t.Fatalf("with a BOM: %v", err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatal("the file read differently with a BOM")
	}
}

func FuzzPrescan(f *testing.F) {
	f.Add(full(f))
	f.Add(tiny(`, "authority": "a\ud800b"`))
	f.Add([]byte("\xef\xbb\xbf{\"a\": [[[\"\\u"))
	f.Fuzz(func(t *testing.T, data []byte) {
		prescan("f", data)
	})
}
