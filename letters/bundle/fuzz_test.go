package bundle

import (
	"bytes"
	"context"
	"math/rand"
	"strings"
	"testing"
	"time"

	"github.com/redress-app/redress/casefile"
)

// smallBundle is a two-page bundle, small enough to fuzz with.
func smallBundle(t testing.TB) []byte {
	t.Helper()
	b := &Bundle{
		Title: "Fuzz", Date: casefile.MustDate("2026-05-01"), Created: time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC),
		Checkpoint: "1-B7EQ-FK8M-DKRW-DXRE-KM3B",
		Sections: []Section{{Label: "A", Title: "Index", Parts: []Part{{Kind: Index},
			{Kind: Document, Item: memItem("d1", "Note", "2026-01-01", "family", "n.txt", "text/plain", []byte("hello"))}}}},
		AttachOriginals: true,
	}
	plan, err := Prepare(context.Background(), b, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if _, err := plan.Write(context.Background(), &out); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// FuzzVerify feeds Verify the kind of file someone might send: it must
// never panic, hang or report a changed file as unchanged.
func FuzzVerify(f *testing.F) {
	good := smallBundle(f)
	f.Add(good)
	f.Add(good[:len(good)/2])
	f.Add(bytes.Replace(good, []byte("Tj"), []byte("TJ"), 1))
	f.Add(bytes.Replace(good, []byte("/Kids"), []byte("/Kidz"), 1))
	f.Add(bytes.Replace(good, []byte(`"format"`), []byte(`"formaT"`), 1))
	f.Add([]byte("%PDF-1.7\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[2 0 R]/Count 1>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		v, err := Verify(bytes.NewReader(data))
		if err != nil {
			return
		}
		if v.OK() && !bytes.Equal(data, good) && v.Manifest == nil {
			t.Fatalf("a file with no readable manifest verified")
		}
	})
}

// FuzzDecodeManifest: the manifest decoder never panics, and what it
// accepts encodes and decodes again to the same.
func FuzzDecodeManifest(f *testing.F) {
	good := smallBundle(f)
	data := good[bytes.Index(good, []byte(`{`+"\n"+` "format"`)):]
	data = data[:bytes.Index(data, []byte("\n}\n"))+3]
	if _, err := DecodeManifest(data); err != nil {
		f.Fatalf("the seed manifest does not decode: %v", err)
	}
	f.Add(data)
	f.Add([]byte(`{"format":"redress-bundle/1"}`))
	f.Add([]byte(strings.Replace(string(data), `"A1"`, `"A0"`, 1)))
	f.Add([]byte(`{"format":"redress-bundle/1","page_digest":"redress-page/1","created":"2026-01-01T00:00:00Z","pages":[{"label":"A1","sha256":"` + strings.Repeat("a", 64) + `"}],"sections":[{"label":"A","title":"","pages":1}],"exhibits":[],"chronology":[],"journal":[1]}`))
	f.Add([]byte(`[]`))
	for _, tc := range volumeIndexCases {
		f.Add([]byte(tc.manifest))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := DecodeManifest(data)
		if err != nil {
			return
		}
		if len(m.Pages) == 0 || m.Format != ManifestFormat {
			t.Fatalf("accepted a manifest with no pages or the wrong format")
		}
	})
}

// TestVerifyMutations runs Verify on bundles damaged in the ways a file
// sent by email or edited by hand can be: bytes flipped, numbers replaced
// with extreme ones, chunks copied over or inserted, the file cut short. It
// must never panic or hang, and must never call a damaged file unchanged
// unless the damage missed everything that matters. (The Go fuzzer, run on
// FuzzVerify, sometimes stalls in its own worker on this target; this test
// is the deterministic complement.)
func TestVerifyMutations(t *testing.T) {
	good := smallBundle(t)
	r := rand.New(rand.NewSource(1))
	nums := []string{"0", "-1", "1", "65535", "2147483647", "9223372036854775807", "99999999"}
	n := 400
	if testing.Short() {
		n = 50
	}
	for i := 0; i < n; i++ {
		data := append([]byte{}, good...)
		switch i % 5 {
		case 0:
			for k := 0; k < 1+r.Intn(8); k++ {
				data[r.Intn(len(data))] = byte(r.Intn(256))
			}
		case 1:
			p := r.Intn(len(data))
			q := p
			for q < len(data) && data[q] >= '0' && data[q] <= '9' {
				q++
			}
			data = append(data[:p], append([]byte(nums[r.Intn(len(nums))]), data[q:]...)...)
		case 2:
			a := r.Intn(len(data))
			b := a + r.Intn(min(4096, len(data)-a))
			c := r.Intn(len(data))
			data = append(data[:c], append(append([]byte{}, good[a:b]...), data[c:]...)...)
		case 3:
			a := r.Intn(len(data))
			copy(data[r.Intn(len(data)):], good[a:a+r.Intn(min(2048, len(data)-a))])
		case 4:
			data = data[:r.Intn(len(data))]
		}
		done := make(chan struct{})
		go func() {
			defer close(done)
			v, err := Verify(bytes.NewReader(data))
			if err == nil && v.OK() && v.Manifest == nil {
				t.Errorf("mutation %d: verified with no manifest", i)
			}
		}()
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			t.Fatalf("mutation %d: Verify did not return in 20 s", i)
		}
	}
}
