package letters

import (
	"bytes"
	"fmt"
	"io"
	"testing"

	"github.com/redress-app/redress/casefile"
)

// stage2With30Points is the benchmark letter: a stage 2 request with 30
// numbered points, each with an explanation, two citations and a reason why
// stage 1 did not resolve it, plus a chronology of every event in the case.
func stage2With30Points(b *testing.B) Request {
	c, fs := loadFixture(b, "bruised-baby")
	base := pick(b, fs, "icpc-15wd:s1", "strategy-before-s47:s1")
	var findings []casefile.Finding
	unresolved := map[string]string{}
	for i := range 30 {
		f := base[i%2]
		f.Rule = fmt.Sprintf("%s-%02d", f.Rule, i)
		f.Citations = append(append([]casefile.Citation(nil), f.Citations...), casefile.Citation{
			Source: "Children Act 1989", Where: fmt.Sprintf("section 47(%d)", i), LegalStatus: "statute", Verification: "verified-primary",
			URL: "https://legislation.gov.uk/id/ukpga/1989/41/section/47?wrap=true"})
		findings = append(findings, f)
		unresolved[FindingKey(f)] = "The stage 1 response did not deal with this point at all, and gave no reason for the delay or for the decision."
	}
	var events []string
	for _, e := range c.Events {
		events = append(events, e.ID)
	}
	return Request{
		Case: c, Kind: Stage2, Findings: findings, Events: events, Unresolved: unresolved,
		From:       Party{Name: "Renée Example", Lines: []string{"1 Sample Street", "Exampletown EX1 2AB"}},
		To:         Party{Name: "The Complaints Manager", Lines: []string{"Example Borough Council"}},
		Date:       casefile.MustDate("2026-01-15"),
		Reference:  "RE/2026/01",
		Outcomes:   []string{"An investigation of every point.", "An apology.", "A payment of £250."},
		Deadline:   Deadline{Date: casefile.MustDate("2026-02-19"), Rule: "25 working days under regulation 17 of the 2006 Regulations", Citation: casefile.Citation{Source: "SI 2006/1738", Where: "regulation 17", LegalStatus: "regulation", Verification: "verified-secondary"}},
		Checkpoint: "rdx1-7Q2M-9KXD-4HTP",
	}
}

func benchLetter(b *testing.B) *Letter {
	l, err := Build(stage2With30Points(b))
	if err != nil {
		b.Fatal(err)
	}
	if l.Points() != 30 {
		b.Fatalf("%d points", l.Points())
	}
	return l
}

// BenchmarkStage2PDF generates a 30-point stage 2 request as PDF, from the
// request: building the letter and rendering it (DESIGN acceptance).
func BenchmarkStage2PDF(b *testing.B) {
	req := stage2With30Points(b)
	var pdf bytes.Buffer
	if err := WritePDF(&pdf, benchLetter(b), PDFOptions{}); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		l, err := Build(req)
		if err != nil {
			b.Fatal(err)
		}
		if err := WritePDF(io.Discard, l, PDFOptions{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(bytes.Count(pdf.Bytes(), []byte("/Type /Page\n"))), "pages")
	b.ReportMetric(float64(pdf.Len()), "pdf-bytes")
}

// BenchmarkStage2Build is the building alone: templates, markup, citations.
func BenchmarkStage2Build(b *testing.B) {
	req := stage2With30Points(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Build(req); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkStage2Text and BenchmarkStage2DOCX render the same built letter,
// as the peers of the PDF renderer.
func BenchmarkStage2Text(b *testing.B) {
	l := benchLetter(b)
	b.ReportAllocs()
	for b.Loop() {
		if err := WriteText(io.Discard, l); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkStage2DOCX(b *testing.B) {
	l := benchLetter(b)
	b.ReportAllocs()
	for b.Loop() {
		if err := WriteDOCX(io.Discard, l, DOCXOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkStage2PDFRender is the PDF rendering alone, of the same built letter.
func BenchmarkStage2PDFRender(b *testing.B) {
	l := benchLetter(b)
	b.ReportAllocs()
	for b.Loop() {
		if err := WritePDF(io.Discard, l, PDFOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}
