package bundle

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/documents"
	"github.com/redress-app/redress/letters/bundle/bundletest"
	"github.com/redress-app/redress/letters/redact"
)

// TestRedactedBundle: with words constructed for a picture and none given
// for a PDF, the bundle draws again the PDF page whose content stream holds
// a marked phrase (found among its objects) and the picture with a boxed
// word, copies the other pages, replaces the generated text, attaches no
// original, discloses no journal content, lists the redacted pages in its
// manifest, and verifies.
func TestRedactedBundle(t *testing.T) {
	spec, err := redact.ParseSpec("word:discussion - page 2,word:health visitor,word:Baker,word:Ombudsman,word:nursery")
	if err != nil {
		t.Fatal(err)
	}
	red, err := redact.New(spec, redact.Names{})
	if err != nil {
		t.Fatal(err)
	}
	reader := documents.New(documents.Options{})
	defer reader.Close()
	pdf := bundletest.TextPDF(t, "Strategy discussion", 3, false)
	photo := bundletest.PNG(t, bundletest.Photo(400, 300))
	items := []*Item{
		memItem("d1", "Strategy discussion record", "2025-10-15", "council", "strategy.pdf", "application/pdf", pdf),
		memItem("p1", "Note from the nursery", "2025-10-16", "family", "note.png", "image/png", photo),
	}
	asked := map[string]int{}
	words := func(_ context.Context, it *Item, _ []byte, page int) ([]documents.Word, error) {
		asked[it.ID]++
		if it.ID == "p1" {
			return []documents.Word{{Text: "Tom", X0: 0.1, Y0: 0.5, X1: 0.2, Y1: 0.55}, {Text: "Baker", X0: 0.22, Y0: 0.5, X1: 0.4, Y1: 0.55}}, nil
		}
		return nil, nil // no words: only the page's objects can show the phrase
	}
	salted, _ := json.Marshal(map[string]any{"seq": 1, "salt": "c2FsdA==", "content": "eyJuYW1lIjoiVG9tIEJha2VyIn0=", "hash": "ab"})
	b := &Bundle{
		Title: "Baby A: bundle for the Ombudsman", Case: "Baby A", Authority: "Example Borough Council",
		Date: casefile.MustDate("2026-05-01"), Created: time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC), Checkpoint: "12-7KQ2-M9XD-PA4T-ZB3H-W6RC",
		Sections: []Section{
			{Label: "A", Title: "Index and chronology", Parts: []Part{{Kind: Cover}, {Kind: Index}, {Kind: Chronology}}},
			{Label: "C", Title: "Documents", Parts: []Part{{Kind: Document, Item: items[0]}}},
			{Label: "E", Title: "Photographs", Parts: []Part{{Kind: Document, Item: items[1]}}},
		},
		Chronology: []ChronologyRow{
			{Date: casefile.MustDate("2025-10-13"), Event: "Referral received: health visitor saw two bruises", EventID: "r1", Evidence: []string{"p1"}},
			{Date: casefile.MustDate("2025-10-15"), Event: "Strategy discussion", EventID: "sd1", Evidence: []string{"d1#p2"}},
		},
		Journal:         []json.RawMessage{salted},
		AttachOriginals: true,
		Redact:          &Redaction{Redactor: red, Reader: reader, Words: words, DPI: 72},
	}
	plan, err := Prepare(context.Background(), b, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if asked["d1"] != 3 || asked["p1"] != 1 {
		t.Errorf("words asked for %v, want every page once", asked)
	}
	changes := plan.Redactions()
	var where []string
	for _, c := range changes {
		where = append(where, c.Page+":"+c.Text)
	}
	for _, want := range []string{"C2:(in the page's hidden text or objects)", "E1:Baker", "A3:health visitor"} {
		if !slices.Contains(where, want) {
			t.Errorf("no change %q in %v", want, where)
		}
	}
	var out bytes.Buffer
	res, err := plan.Write(context.Background(), &out)
	if err != nil {
		t.Fatal(err)
	}
	m := res.Manifest
	if m.Redaction == nil {
		t.Fatal("the manifest does not say the bundle is redacted")
	}
	got := strings.Join(m.Redaction.Pages, ",")
	for _, want := range []string{"A1", "A2", "A3", "C2", "E1"} {
		if !slices.Contains(m.Redaction.Pages, want) {
			t.Errorf("redacted pages %s lack %s", got, want)
		}
	}
	for _, not := range []string{"C1", "C3"} {
		if slices.Contains(m.Redaction.Pages, not) {
			t.Errorf("redacted pages %s name %s, which had nothing to take out", got, not)
		}
	}
	for _, e := range m.Exhibits {
		if e.Attachment != "" {
			t.Errorf("%s is attached to a redacted bundle", e.ID)
		}
	}
	if j := string(m.Journal[0]); strings.Contains(j, "salt") || strings.Contains(j, "content") {
		t.Errorf("the journal discloses content: %s", j)
	}
	if bytes.Contains(out.Bytes(), []byte("Ombudsman")) {
		t.Error("the bundle's bytes hold the title's marked word")
	}
	v, err := Verify(bytes.NewReader(out.Bytes()))
	if err != nil || !v.OK() {
		t.Fatalf("verify: %v %+v", err, v)
	}
	// Split into volumes: each verifies, lists the redacted pages it holds
	// (and its own index, whose text had words replaced) and no other, and
	// holds none of the words taken out.
	plan2, err := Prepare(context.Background(), b, Options{})
	if err != nil {
		t.Fatal(err)
	}
	vols := plan2.Volumes(1)
	if len(vols) < 3 {
		t.Fatalf("%d volumes", len(vols))
	}
	var listed []string
	for _, vol := range vols {
		var vb bytes.Buffer
		res, err := plan2.WriteVolume(context.Background(), &vb, vol)
		if err != nil {
			t.Fatalf("volume %d: %v", vol.Number, err)
		}
		ver, err := Verify(bytes.NewReader(vb.Bytes()))
		if err != nil || !ver.OK() {
			t.Fatalf("volume %d: verify %v %+v", vol.Number, err, ver)
		}
		own := append(append([]string{}, res.IndexLabels...), res.Labels...)
		for _, l := range res.Manifest.Redaction.Pages {
			if !slices.Contains(own, l) {
				t.Errorf("volume %d lists %s as redacted, which it does not hold", vol.Number, l)
			}
			if !strings.HasPrefix(l, "V") {
				listed = append(listed, l)
			}
		}
		if vol.Number > 1 && !slices.Contains(res.Manifest.Redaction.Pages, res.IndexLabels[0]) {
			t.Errorf("volume %d: its index (whose titles were redacted) is not listed as redacted: %v", vol.Number, res.Manifest.Redaction.Pages)
		}
		for _, w := range []string{"Ombudsman", "nursery"} {
			if bytes.Contains(vb.Bytes(), []byte(w)) {
				t.Errorf("volume %d's bytes hold the marked word %q", vol.Number, w)
			}
		}
	}
	if got, want := strings.Join(listed, ","), strings.Join(m.Redaction.Pages, ","); got != want {
		t.Errorf("the volumes list %s as redacted, the whole bundle %s", got, want)
	}
	if _, err := exec.LookPath("qpdf"); err != nil {
		t.Log("qpdf is not installed: the decompressed streams are not searched")
		return
	}
	dir := t.TempDir()
	in, qdf := filepath.Join(dir, "b.pdf"), filepath.Join(dir, "q.pdf")
	if err := os.WriteFile(in, out.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	if o, err := exec.Command("qpdf", "--qdf", "--object-streams=disable", in, qdf).CombinedOutput(); err != nil {
		t.Fatalf("qpdf: %v %s", err, o)
	}
	dec, _ := os.ReadFile(qdf)
	for _, w := range []string{"discussion - page 2", "Ombudsman", "health visitor"} {
		if bytes.Contains(dec, []byte(w)) {
			t.Errorf("the decompressed bundle holds %q", w)
		}
	}
	// The pages with nothing to take out are copied as they were.
	if !bytes.Contains(dec, []byte("discussion - page 1")) || !bytes.Contains(dec, []byte("discussion - page 3")) {
		t.Error("pages 1 and 3 were not copied with their text")
	}
}

// TestRedactedManifestDecode: a manifest naming a redacted page the bundle
// does not have is malformed.
func TestRedactedManifestDecode(t *testing.T) {
	m := &Manifest{Format: ManifestFormat, PageDigest: PageDigestMethod, Created: "2026-05-01T10:00:00Z",
		Sections: []ManifestSection{{Label: "A", Pages: 1}}, Pages: []PageEntry{{Label: "A1", SHA256: strings.Repeat("a", 64)}},
		Exhibits: []Exhibit{}, Chronology: []ChronologyEntry{}, Journal: []json.RawMessage{},
		Redaction: &ManifestRedaction{Pages: []string{"A1"}}}
	data, _ := json.Marshal(m)
	if _, err := DecodeManifest(data); err != nil {
		t.Fatalf("a good redacted manifest: %v", err)
	}
	m.Redaction.Pages = []string{"B7"}
	data, _ = json.Marshal(m)
	if _, err := DecodeManifest(data); err == nil {
		t.Error("a redacted page the bundle does not have was accepted")
	}
}
