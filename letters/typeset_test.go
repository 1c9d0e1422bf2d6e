package letters

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// pdfPages renders l and returns the non-empty lines of each page as
// pdftotext -layout gives them, trimmed, without the footer.
func pdfPages(t *testing.T, l *Letter, dir, name string) [][]string {
	t.Helper()
	var buf bytes.Buffer
	if err := WritePDF(&buf, l, PDFOptions{}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name+".pdf")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-layout", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	var pages [][]string
	for _, page := range strings.Split(string(out), "\f") {
		var lines []string
		for _, line := range strings.Split(page, "\n") {
			line = strings.TrimSpace(line)
			if line == "" || strings.Contains(line, "Record checkpoint:") || pageLine.MatchString(line) {
				continue
			}
			lines = append(lines, line)
		}
		if len(lines) > 0 {
			pages = append(pages, lines)
		}
	}
	return pages
}

// TestTypesetting renders one letter with more and more outcomes, so that
// its page breaks fall at every place in turn, and checks with pdftotext
// -layout that no page starts with the signature's name alone (the closing
// and the name stay together), no page ends with a heading, and no page
// starts with a point's "Source:" line.
func TestTypesetting(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext is not installed (Debian: poppler-utils)")
	}
	if testing.Short() {
		t.Skip("renders many PDFs")
	}
	dir := keepDir(t)
	req := baseRequest(t)
	req.From = Party{Name: "Alex Example", Lines: []string{"3 Demo Lane", "Examplebury EC3 4EF"}}
	for n := 1; n <= 30; n++ {
		req.Outcomes = nil
		for i := 0; i < n; i++ {
			req.Outcomes = append(req.Outcomes, fmt.Sprintf("Outcome %d: an explanation of what the council will do.", i+1))
		}
		l, err := Build(req)
		if err != nil {
			t.Fatal(err)
		}
		headings := map[string]bool{EnclosuresHeading: true, SourcesHeading: true}
		for _, b := range l.Body {
			if b.Kind == Heading {
				headings[normWS(b.Text)] = true
			}
		}
		pages := pdfPages(t, l, dir, fmt.Sprintf("typeset-%02d", n))
		closingPage, namePage := -1, -1
		for i, lines := range pages {
			if i > 0 && lines[0] == l.From.Name {
				t.Errorf("%d outcomes: page %d starts with the signature's name alone", n, i+1)
			}
			if strings.HasPrefix(lines[0], SourceLabel) {
				t.Errorf("%d outcomes: page %d starts with a point's source line", n, i+1)
			}
			if last := lines[len(lines)-1]; headings[last] && i < len(pages)-1 {
				t.Errorf("%d outcomes: page %d ends with the heading %q", n, i+1, last)
			}
			for j, line := range lines {
				if line == strings.TrimSpace(closingOf(l)) {
					closingPage = i
					if j+1 < len(lines) && lines[j+1] == l.From.Name {
						namePage = i
					}
				}
			}
		}
		if closingPage < 0 || namePage != closingPage {
			t.Errorf("%d outcomes: the closing (page %d) is not followed on its page by the name", n, closingPage+1)
		}
	}
}

// closingOf is the paragraph before the signature.
func closingOf(l *Letter) string {
	for i, b := range l.Body {
		if b.Kind == Signature && i > 0 {
			return l.Body[i-1].Text
		}
	}
	return ""
}
