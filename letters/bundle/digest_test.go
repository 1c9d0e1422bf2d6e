package bundle

import (
	"bytes"
	"compress/zlib"
	"crypto/sha256"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// TestDecodedSum checks that the fingerprint's inflate-into-the-hash path
// gives what pdfcpu's decoding gives, sum or error, for whole, damaged and
// parameterised streams, so that no fingerprint moves.
func TestDecodedSum(t *testing.T) {
	deflate := func(s string) []byte {
		var b bytes.Buffer
		w := zlib.NewWriter(&b)
		w.Write([]byte(s))
		w.Close()
		return b.Bytes()
	}
	page := strings.Repeat("BT /F1 12 Tf 72 720 Td (Hello) Tj ET\n", 400)
	whole := deflate(page)
	badSum := bytes.Clone(whole)
	badSum[len(badSum)-1] ^= 0xFF
	flate := []types.PDFFilter{{Name: "FlateDecode"}}
	for _, c := range []struct {
		name string
		raw  []byte
		pipe []types.PDFFilter
		fast bool // taken by inflateSum
	}{
		{"whole", whole, flate, true},
		{"empty content", deflate(""), flate, true},
		{"truncated", whole[:len(whole)/2], flate, false},
		{"bad checksum", badSum, flate, false},
		{"not zlib", []byte("not a zlib stream"), flate, false},
		{"no raw bytes", nil, flate, false},
		{"predictor", whole, []types.PDFFilter{{Name: "FlateDecode", DecodeParms: types.Dict{"Predictor": types.Integer(1)}}}, false},
		{"unfiltered", []byte(page), nil, false},
		{"image coding", []byte{0xFF, 0xD8}, []types.PDFFilter{{Name: "DCTDecode"}}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			sd := types.StreamDict{Dict: types.NewDict(), Raw: c.raw, FilterPipeline: c.pipe}
			if _, fast := inflateSum(sd); fast != c.fast {
				t.Errorf("inflateSum took it: %v, want %v", fast, c.fast)
			}
			got, gotOK, gotErr := decodedSum(sd)
			content, wantOK, wantErr := decodedContent(sd)
			if (gotErr == nil) != (wantErr == nil) || gotOK != wantOK {
				t.Fatalf("decodedSum = %v, %v; decodedContent = %v, %v", gotOK, gotErr, wantOK, wantErr)
			}
			if wantErr == nil && wantOK && got != sha256.Sum256(content) {
				t.Errorf("decodedSum differs from the SHA-256 of decodedContent")
			}
		})
	}
}

// FuzzDecodedSum checks on any bytes stored as Flate that decodedSum and
// pdfcpu's decoding agree: the same error or the same SHA-256.
func FuzzDecodedSum(f *testing.F) {
	var b bytes.Buffer
	w := zlib.NewWriter(&b)
	w.Write([]byte("BT /F1 12 Tf (seed) Tj ET"))
	w.Close()
	f.Add(b.Bytes())
	f.Add(b.Bytes()[:5])
	f.Add([]byte{0x78, 0x9c})
	f.Fuzz(func(t *testing.T, raw []byte) {
		sd := types.StreamDict{Dict: types.NewDict(), Raw: raw, FilterPipeline: []types.PDFFilter{{Name: "FlateDecode"}}}
		got, gotOK, gotErr := decodedSum(sd)
		content, wantOK, wantErr := decodedContent(sd)
		if (gotErr == nil) != (wantErr == nil) || gotOK != wantOK {
			t.Fatalf("decodedSum = %v, %v; decodedContent = %v, %v", gotOK, gotErr, wantOK, wantErr)
		}
		if wantErr == nil && wantOK && got != sha256.Sum256(content) {
			t.Fatal("decodedSum differs from the SHA-256 of decodedContent")
		}
	})
}

// TestF2 checks f2 against the "%.3f" it replaced.
func TestF2(t *testing.T) {
	for _, v := range []float64{0, -0.0001, 1, 1.5, -2.25, 10.0004, 595.28, 841.8898, 1e9, -1e-9, math.Inf(1), math.Inf(-1), math.NaN()} {
		s := fmt.Sprintf("%.3f", v)
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
		if s == "-0" || s == "" {
			s = "0"
		}
		if got := f2(v); got != s {
			t.Errorf("f2(%v) = %q, want %q", v, got, s)
		}
	}
}
