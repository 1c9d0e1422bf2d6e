package bundle

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
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

func TestSmoke(t *testing.T) {
	data, plan, res := buildTest(t, testBundle(t))
	for _, p := range plan.Report().Problems {
		t.Logf("%s %s: %s", p.Kind, p.Item, p.Message)
	}
	t.Logf("%d pages, %v", res.Pages, res.Labels)
	path := filepath.Join(keepDir(t), "smoke.pdf")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	v, err := Verify(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("verify: %+v", v.Failures)
}

func TestDebugFonts(t *testing.T) {
	plan, err := Prepare(context.Background(), testBundle(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile("/tmp/bk/gen.pdf", plan.gen.pdf, 0o644)
	ctx, err := readPDF(plan.gen.pdf, pdfConf())
	if err != nil {
		t.Fatal(err)
	}
	all, _ := pages(ctx.XRefTable)
	pg := all[plan.gen.carrier]
	t.Logf("res %v", pg.res)
	t.Logf("font %v", dict(ctx.XRefTable, dict(ctx.XRefTable, pg.res)["Font"]))
}

func TestDebugNames(t *testing.T) {
	data, _ := os.ReadFile("/tmp/bk/smoke.pdf")
	ctx, err := api.ReadContext(bytes.NewReader(data), verifyConf())
	if err != nil {
		t.Fatal(err)
	}
	if err := ctx.XRefTable.LocateNameTree("EmbeddedFiles", false); err != nil {
		t.Fatal(err)
	}
	tree := ctx.Names["EmbeddedFiles"]
	tree.Process(ctx.XRefTable, func(xt *model.XRefTable, k string, o *types.Object) error { t.Logf("key %q", k); return nil })
}
