package authorities

import (
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/redress-app/redress/letters/bundle"
)

// BenchmarkAuthorities makes the authorities bundle of the test case with the
// Children Act's text as a 300-page PDF, and, in the same run, merges the
// same texts with qpdf (qpdf --empty --pages ... -- out.pdf), the plain
// merge with no index, table, stamps or manifest. The authorities bundle
// lays its texts out twice (once alone to learn their pages, once whole)
// and keeps the PDF in memory; this measures what that costs.
func BenchmarkAuthorities(b *testing.B) {
	long := textPDF(b, "Children Act 1989", 300, false)
	s := testSpec(b)
	s.Authorities[0].Texts = []*bundle.Item{textItem(b, "d1", "children-act-1989.pdf", long)}
	dir := b.TempDir()
	var files []string
	for _, a := range s.Authorities {
		for _, it := range a.Texts {
			rc, err := it.Open(context.Background())
			if err != nil {
				b.Fatal(err)
			}
			data, _ := io.ReadAll(rc)
			rc.Close()
			p := filepath.Join(dir, it.ID+".pdf")
			if err := os.WriteFile(p, data, 0o600); err != nil {
				b.Fatal(err)
			}
			files = append(files, p)
		}
	}
	b.Run("redress", func(b *testing.B) {
		pages := 0
		for b.Loop() {
			built, err := Prepare(context.Background(), s, bundle.Options{})
			if err != nil {
				b.Fatal(err)
			}
			var buf bytes.Buffer
			res, err := built.Write(context.Background(), &buf)
			if err != nil {
				b.Fatal(err)
			}
			pages = res.Pages
		}
		b.ReportMetric(float64(pages), "pages")
	})
	qpdf, err := exec.LookPath("qpdf")
	if err != nil {
		b.Log("qpdf is not installed: its side of the comparison is skipped")
		return
	}
	args := append(append([]string{"--empty", "--pages"}, files...), "--", filepath.Join(dir, "qpdf-out.pdf"))
	b.Run("qpdf", func(b *testing.B) {
		for b.Loop() {
			if o, err := exec.Command(qpdf, args...).CombinedOutput(); err != nil {
				b.Fatalf("qpdf: %v %s", err, o)
			}
		}
	})
}
