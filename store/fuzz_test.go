package store

import (
	"bytes"
	"encoding/hex"
	"testing"
)

// vectorRecord is the known-answer record of FORMAT.md section 6.
func vectorRecord() Record {
	r := Record{Case: "0123456789abcdef", Seq: 1, Time: "2026-03-02T09:00:00Z", Op: OpCreate, Type: TypeCase, Object: "case", Version: 1}
	salt := bytes.Repeat([]byte{0x11}, 32)
	r.Salt, r.Content = salt, []byte(`{"title":"Smith family"}`)
	r.ContentHash = ContentCommitment(r.Salt, r.Content)
	r.Hash = r.ComputeHash()
	return r
}

// TestKnownAnswers pins the hashes FORMAT.md documents, so an independent
// verifier has vectors to check itself against. The expected values were
// computed by the Python sketch in FORMAT.md's appendix, not by this package.
func TestKnownAnswers(t *testing.T) {
	r := vectorRecord()
	tests := []struct{ name, got, want string }{
		{"content commitment", r.ContentHash.String(), "eba5d3d8ce4caca03e219171048d8451d187347d0ef7fb9dca160027bbc59d7a"},
		{"encoding", hex.EncodeToString(r.Encode()), "000000103031323334353637383961626364656600000000000000010000000000000014323032362d30332d30325430393a30303a30305a000000066372656174650000000463617365000000046361736500000000000000010000000000000020eba5d3d8ce4caca03e219171048d8451d187347d0ef7fb9dca160027bbc59d7a"},
		{"record hash", r.Hash.String(), "59dd77cd146cf1c6f70e9d06b7a20dcc97ed291bf920c32a9e8c27b7c27f28f8"},
		{"checkpoint", FormatCheckpoint(r.Seq, r.Hash), "1-B7EQ-FK8M-DKRW-DXRE-KM3B"},
	}
	if headerSize != 172 {
		t.Errorf("the key header is %d bytes; FORMAT.md says 172", headerSize)
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s = %s, want %s", tt.name, tt.got, tt.want)
		}
	}
}

func FuzzDecodeRecord(f *testing.F) {
	r := vectorRecord()
	f.Add(r.Encode())
	r2 := r
	r2.Seq, r2.Prev, r2.Op, r2.Type, r2.Object, r2.Version, r2.Replaces = 2, r.Hash, OpAmend, TypeNote, "n1", 2, r.Hash
	f.Add(r2.Encode())
	f.Add([]byte{})
	f.Add(bytes.Repeat([]byte{0xff}, 64))
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := decodeRecord(b)
		if err != nil {
			return
		}
		// Anything accepted is canonical: it encodes back to the same bytes.
		if !bytes.Equal(r.Encode(), b) {
			t.Fatalf("decodeRecord accepted a non-canonical encoding")
		}
	})
}

func FuzzParseHeader(f *testing.F) {
	h := &header{KDF: TestKDF}
	copy(h.Salt[:], bytes.Repeat([]byte{1}, 32))
	f.Add(h.marshal())
	h.KDF = KDFParams{Memory: 1 << 30, Time: 1 << 30, Threads: 255}
	f.Add(h.marshal())
	f.Add([]byte("RDRSKEY1"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		h, err := parseHeader(b)
		if err != nil {
			return
		}
		if err := h.KDF.checkReadable(); err != nil {
			t.Fatalf("accepted out-of-bounds parameters: %v", err)
		}
		if !bytes.Equal(h.marshal(), b) {
			t.Fatalf("parseHeader accepted a header that does not marshal back")
		}
	})
}

func FuzzParseCheckpoint(f *testing.F) {
	var h Hash
	f.Add(FormatCheckpoint(12, h))
	f.Add("12-7KQ2-M9XD-PA4T-ZB3H-W6RC")
	f.Add("1-oooo-iiii-llll-0000-1111")
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		seq, digits, err := ParseCheckpoint(s)
		if err != nil {
			return
		}
		if seq == 0 || len(digits) != checkpointChars {
			t.Fatalf("ParseCheckpoint(%q) = %d, %q", s, seq, digits)
		}
	})
}

func FuzzDecodeContent(f *testing.F) {
	f.Add(TypeNote, []byte(`{"id":"n1","occurred":"2026-03-02T09:30:00Z","recorded":"2026-03-02T21:14:00+01:00","text":"x"}`))
	f.Add(TypeEvent, []byte(`{"id":"e1","kind":"icpc","date":"2026-03-02","attrs":{"plan":true}}`))
	f.Add(TypeDocument, []byte(`{"id":"d1","blob":"00","chunks":-1}`))
	f.Fuzz(func(t *testing.T, typ string, b []byte) {
		v, err := decodeContent(typ, b)
		if err != nil {
			return
		}
		_ = marshalContent(v)
	})
}
