package bundle

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/letters/bundle/bundletest"
)

// testBundle is a bundle of mixed documents like a real case's.
func testBundle(t testing.TB) *Bundle {
	t.Helper()
	council := []*Item{
		memItem("d1", "Strategy discussion record", "2025-10-15", "council", "strategy.pdf", "application/pdf", bundletest.TextPDF(t, "Strategy discussion", 3, false)),
		memItem("d2", "Section 47 outcome letter", "2025-10-31", "council", "outcome.pdf", "application/pdf", bundletest.TextPDF(t, "Outcome letter", 2, false)),
		memItem("d3", "Case notes (scanned)", "2025-10-20", "council", "notes-scan.pdf", "application/pdf", bundletest.ScanPDF(t, 2)),
		memItem("d4", "Corrupted disclosure", "2025-11-01", "council", "disclosure.pdf", "application/pdf", bundletest.BrokenPDF(t)),
		memItem("d5", "Password-protected minutes", "2025-11-06", "council", "minutes.pdf", "application/pdf", bundletest.EncryptedPDF(t, "user", "owner")),
		memItem("d6", "Restricted conference report", "2025-11-06", "council", "report.pdf", "application/pdf", bundletest.EncryptedPDF(t, "", "owner")),
	}
	family := []*Item{
		memItem("d7", "Our complaint", "2025-11-20", "family", "complaint.pdf", "application/pdf", bundletest.TextPDF(t, "Complaint", 2, false)),
		memItem("d8", "Health visitor's landscape chart", "", "family", "chart.pdf", "application/pdf", bundletest.TextPDF(t, "Growth chart", 1, true)),
		memItem("d9", "Email from the social worker", "2025-10-16", "family", "email.txt", "text/plain", []byte("From: social worker\nTo: parents\n\nWe will visit on Thursday.\n\nRegards")),
		memItem("d11", "Page saved turned", "2025-11-21", "family", "turned.pdf", "application/pdf", bundletest.RotatedPDF(t, "Turned page", 1, 90)),
		memItem("d10", "Voice note", "2025-10-17", "family", "voice.m4a", "audio/mp4", []byte("not really audio, \x00\x01\x02")),
	}
	photos := []*Item{
		memItem("p1", "Bruise on forearm", "2025-10-13", "family", "arm.jpg", "image/jpeg", bundletest.JPEG(t, bundletest.Photo(640, 480), 1)),
		memItem("p2", "Phone photo, turned", "2025-10-14", "family", "turned.jpg", "image/jpeg", bundletest.JPEG(t, bundletest.Photo(640, 480), 6)),
		memItem("p3", "Screenshot of message", "2025-10-15", "family", "shot.png", "image/png", bundletest.PNG(t, bundletest.Photo(300, 500))),
	}
	var c, d, e []Part
	for _, it := range council {
		c = append(c, Part{Kind: Document, Item: it})
	}
	for _, it := range family {
		d = append(d, Part{Kind: Document, Item: it})
	}
	for _, it := range photos {
		e = append(e, Part{Kind: Document, Item: it})
	}
	return &Bundle{
		Title:      "Baby A: bundle for the Ombudsman",
		Case:       "Two small bruises on a four-week-old",
		Authority:  "Example Borough Council",
		Date:       casefile.MustDate("2026-05-01"),
		Created:    time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC),
		Checkpoint: "12-7KQ2-M9XD-PA4T-ZB3H-W6RC",
		Sections: []Section{
			{Label: "A", Title: "Index and chronology", Parts: []Part{{Kind: Cover}, {Kind: Index}, {Kind: Chronology}}},
			{Label: "B", Title: "Findings and letters", Parts: []Part{{Kind: Findings}}},
			{Label: "C", Title: "The council's documents", Parts: c},
			{Label: "D", Title: "The family's documents", Parts: d},
			{Label: "E", Title: "Photographs", Parts: e},
		},
		Chronology: []ChronologyRow{
			{Date: casefile.MustDate("2025-10-13"), Event: "Referral received: health visitor saw two bruises", EventID: "r1", Status: "la-record", Evidence: []string{"p1"}},
			{Date: casefile.MustDate("2025-10-15"), Event: "Strategy discussion", EventID: "sd1", Evidence: []string{"d1#p2", "n4"}},
			{Date: casefile.MustDate("2025-10-31"), Event: "Section 47 enquiries concluded", EventID: "sc1", Evidence: []string{"d2#p1", "d4#p3"}},
		},
		Findings: []casefile.Finding{{
			Rule: "strategy-before-s47", Status: "breach", Trigger: "s1", TriggerDate: casefile.MustDate("2025-10-13"),
			Title: "Section 47 enquiries started before any strategy discussion", Explanation: "The record shows s47 enquiries started on 13 October 2025; the strategy discussion was on 15 October 2025.",
			Citations: []casefile.Citation{{Source: "Working Together to Safeguard Children 2023", Where: "chapter 3", LegalStatus: "statutory-guidance", Verification: "verified-secondary", URL: "https://www.gov.uk/government/publications/working-together-to-safeguard-children--2"}},
		}},
		AsOf:            casefile.MustDate("2026-05-01"),
		AttachOriginals: true,
	}
}

func buildTest(t testing.TB, b *Bundle) ([]byte, *Plan, *Result) {
	t.Helper()
	plan, err := Prepare(context.Background(), b, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	res, err := plan.Write(context.Background(), &out)
	if err != nil {
		t.Fatal(err)
	}
	return out.Bytes(), plan, res
}

func TestBuildAndVerify(t *testing.T) {
	data, plan, res := buildTest(t, testBundle(t))
	if err := os.WriteFile(filepath.Join(keepDir(t), "test-bundle.pdf"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	want := "A1 A2 A3 A4 B1 C1 C2 C3 C4 C5 C6 C7 C8 C9 C10 D1 D2 D3 D4 D5 D6 E1 E2 E3"
	if got := strings.Join(res.Labels, " "); got != want {
		t.Errorf("labels\n%s\nwant\n%s", got, want)
	}
	kinds := map[string][]string{}
	for _, p := range plan.Report().Problems {
		kinds[p.Kind] = append(kinds[p.Kind], p.Item)
	}
	for kind, items := range map[string]string{
		ProblemBroken: "d4", ProblemEncrypted: "d5 d6", ProblemUnsupported: "d10", ProblemUndated: "d8",
		ProblemEvidence: "n4", ProblemNoText: "d3 p1 p2 p3",
	} {
		if got := strings.Join(kinds[kind], " "); got != items {
			t.Errorf("report %s: %q, want %q", kind, got, items)
		}
	}
	v, err := Verify(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if !v.OK() || v.PagesChecked != 24 || v.Originals != 14 {
		t.Errorf("verify: %+v", v)
	}
	// The same bundle rewritten by pdfcpu, page for page unchanged, still
	// verifies: fingerprints do not depend on how the file is laid out.
	ctx, err := api.ReadAndValidate(bytes.NewReader(data), model.NewDefaultConfiguration())
	if err != nil {
		t.Fatal(err)
	}
	var again bytes.Buffer
	if err := api.WriteContext(ctx, &again); err != nil {
		t.Fatal(err)
	}
	if v, err := Verify(bytes.NewReader(again.Bytes())); err != nil || !v.OK() {
		t.Errorf("rewritten bundle: %v %+v", err, v)
	}
}

// rewrite reads a bundle with pdfcpu, lets change alter it, and writes it.
func rewrite(t *testing.T, data []byte, change func(*model.Context)) []byte {
	t.Helper()
	ctx, err := api.ReadAndValidate(bytes.NewReader(data), model.NewDefaultConfiguration())
	if err != nil {
		t.Fatal(err)
	}
	change(ctx)
	var out bytes.Buffer
	if err := api.WriteContext(ctx, &out); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func TestVerifyFindsChanges(t *testing.T) {
	data, _, _ := buildTest(t, testBundle(t))
	pageStream := func(n int) func(*model.Context) {
		return func(ctx *model.Context) {
			ps, err := pages(ctx.XRefTable)
			if err != nil {
				t.Fatal(err)
			}
			arr, _ := dictArray(ctx.XRefTable, ps[n].dict["Contents"])
			ref := arr[1].(types.IndirectRef)
			sd, _, _ := ctx.XRefTable.DereferenceStreamDict(ref)
			if err := sd.Decode(); err != nil {
				t.Fatal(err)
			}
			sd.Content = append(sd.Content, []byte("\n0 0 m 300 300 l S\n")...)
			if err := sd.Encode(); err != nil {
				t.Fatal(err)
			}
			entry, _ := ctx.FindTableEntryForIndRef(&ref)
			entry.Object = *sd
		}
	}
	for _, tc := range []struct {
		name   string
		change func(*model.Context)
		want   string
	}{
		{"page content", pageStream(6), "Page C2 has been changed"},
		{"two pages", func(ctx *model.Context) { pageStream(6)(ctx); pageStream(21)(ctx) }, "Pages C2, E1 have been changed"},
		{"page removed", func(ctx *model.Context) {
			root, _ := ctx.Pages()
			d := dict(ctx.XRefTable, *root)
			kids := d["Kids"].(types.Array)
			d["Kids"] = kids[:len(kids)-1]
			d["Count"] = types.Integer(len(kids) - 1)
		}, "The PDF has 23 pages, but the bundle was made with 24"},
		{"image swapped", func(ctx *model.Context) {
			ps, _ := pages(ctx.XRefTable)
			xo := dict(ctx.XRefTable, dict(ctx.XRefTable, ps[21].res)["XObject"])
			ref := xo["Im0"].(types.IndirectRef)
			sd, _, _ := ctx.XRefTable.DereferenceStreamDict(ref)
			sd.Raw = append([]byte{}, sd.Raw...)
			sd.Raw[len(sd.Raw)/2] ^= 0xFF
			entry, _ := ctx.FindTableEntryForIndRef(&ref)
			entry.Object = *sd
		}, "Page E1 has been changed"},
		{"info hash", func(ctx *model.Context) {
			d := dict(ctx.XRefTable, *ctx.Info)
			d.Delete(InfoKey)
		}, "no longer records the manifest's SHA-256"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, err := Verify(bytes.NewReader(rewrite(t, data, tc.change)))
			if err != nil {
				t.Fatal(err)
			}
			var msgs []string
			for _, f := range v.Failures {
				msgs = append(msgs, f.Message)
			}
			if !strings.Contains(strings.Join(msgs, "\n"), tc.want) {
				t.Errorf("failures %q, want %q", msgs, tc.want)
			}
		})
	}
}

func TestVerifyNotBundle(t *testing.T) {
	for name, data := range map[string][]byte{
		"empty":     nil,
		"text":      []byte("hello"),
		"plain pdf": bundletest.TextPDF(t, "Plain", 1, false),
		"broken":    bundletest.BrokenPDF(t),
		"encrypted": bundletest.EncryptedPDF(t, "pw", "owner"),
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := Verify(bytes.NewReader(data)); !errors.Is(err, ErrNotBundle) {
				t.Errorf("got %v, want ErrNotBundle", err)
			}
		})
	}
}

func TestPrepareRejects(t *testing.T) {
	item := func(id string) *Item { return memItem(id, "x", "", "", "x.pdf", "", []byte("%PDF-1.4")) }
	for _, tc := range []struct {
		name     string
		sections []Section
		want     string
	}{
		{"no sections", nil, "no sections"},
		{"bad label", []Section{{Label: "a", Parts: []Part{{Kind: Index}}}}, "not one capital letter"},
		{"two labels", []Section{{Label: "A", Parts: []Part{{Kind: Index}}}, {Label: "A"}}, "labelled A"},
		{"item twice", []Section{{Label: "A", Parts: []Part{{Kind: Document, Item: item("d1")}}}, {Label: "B", Parts: []Part{{Kind: Document, Item: item("d1")}}}}, "in section A and section B"},
		{"all empty", []Section{{Label: "A"}}, "every section is empty"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Prepare(context.Background(), &Bundle{Title: "t", Sections: tc.sections}, Options{})
			if !errors.Is(err, ErrSpec) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want %q", err, tc.want)
			}
		})
	}
}

func TestExifOrientation(t *testing.T) {
	img := bundletest.Photo(16, 8)
	for _, o := range []int{1, 3, 6, 8} {
		if got := exifOrientation(bundletest.JPEG(t, img, o)); got != o {
			t.Errorf("orientation %d read as %d", o, got)
		}
	}
	for name, data := range map[string][]byte{"empty": nil, "not jpeg": []byte("GIF89a"), "short app1": {0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x04, 'E', 'x'}} {
		if got := exifOrientation(data); got != 1 {
			t.Errorf("%s: %d", name, got)
		}
	}
}

func TestSplitRefAndPageList(t *testing.T) {
	for ref, want := range map[string]struct {
		id string
		n  int
	}{"d1": {"d1", 0}, "d1#p3": {"d1", 3}, "d1#px": {"d1", 0}, "#p2": {"", 2}} {
		if id, n := splitRef(ref); id != want.id || n != want.n {
			t.Errorf("splitRef(%q) = %q %d", ref, id, n)
		}
	}
	for want, ps := range map[string][]int{"page 2": {2}, "pages 1–3, 5": {1, 2, 3, 5}, "pages 1, 3": {1, 3}} {
		if got := pageList(ps); got != want {
			t.Errorf("pageList(%v) = %q, want %q", ps, got, want)
		}
	}
}

func TestCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Prepare(ctx, testBundle(t), Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("Prepare: %v", err)
	}
	plan, err := Prepare(context.Background(), testBundle(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := plan.Write(ctx, io.Discard); !errors.Is(err, context.Canceled) {
		t.Errorf("Write: %v", err)
	}
	if _, err := plan.Write(context.Background(), io.Discard); !errors.Is(err, ErrUsed) {
		t.Errorf("second Write: %v", err)
	}
}

// TestNoFilesWritten builds and verifies a bundle with the temporary, home
// and configuration folders pointed at empty folders, and checks that
// nothing was written to them: pdfcpu is given readers and writers only and
// its configuration folder is disabled.
func TestNoFilesWritten(t *testing.T) {
	dirs := map[string]string{}
	for _, k := range []string{"TMPDIR", "HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"} {
		dirs[k] = t.TempDir()
		t.Setenv(k, dirs[k])
	}
	data, _, _ := buildTest(t, testBundle(t))
	if v, err := Verify(bytes.NewReader(data)); err != nil || !v.OK() {
		t.Fatalf("verify: %v", err)
	}
	for k, d := range dirs {
		if ents, _ := os.ReadDir(d); len(ents) > 0 {
			t.Errorf("%s: %d files written, such as %s", k, len(ents), ents[0].Name())
		}
	}
}
