package letters

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// keepDir, when LETTERS_KEEP_DIR is set, is where the tests leave the PDF and
// DOCX files they render, to be looked at. The letters are fictional test data.
func keepDir(t *testing.T) string {
	dir := os.Getenv("LETTERS_KEEP_DIR")
	if dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	return t.TempDir()
}

func normWS(s string) string { return strings.Join(strings.Fields(s), " ") }

func buildGolden(t *testing.T, nr namedRequest) *Letter {
	t.Helper()
	l, err := Build(nr.req)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

var pageLine = regexp.MustCompile(`^Page \d+ of \d+$`)

// pdfText runs pdftotext on the PDF at path and returns its text without the
// page footers, so that a sentence broken by a page break reads whole.
func pdfText(t *testing.T, path, footer string) string {
	t.Helper()
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	var kept []string
	for _, line := range strings.Split(strings.ReplaceAll(string(out), "\f", "\n"), "\n") {
		line = strings.TrimSpace(line)
		if pageLine.MatchString(line) || (footer != "" && normWS(line) == normWS(footer)) {
			continue
		}
		kept = append(kept, line)
	}
	return normWS(strings.Join(kept, "\n"))
}

func TestPDF(t *testing.T) {
	_, errText := exec.LookPath("pdftotext")
	_, errFonts := exec.LookPath("pdffonts")
	dir := keepDir(t)
	for _, nr := range goldenRequests(t) {
		t.Run(nr.name, func(t *testing.T) {
			l := buildGolden(t, nr)
			var a, b bytes.Buffer
			if err := WritePDF(&a, l, PDFOptions{}); err != nil {
				t.Fatal(err)
			}
			if err := WritePDF(&b, l, PDFOptions{}); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(a.Bytes(), b.Bytes()) {
				t.Fatal("the same letter gave different PDF bytes")
			}
			sum := sha256.Sum256(a.Bytes())
			checkGolden(t, filepath.Join("testdata", "golden", nr.name+".pdf.sha256"), []byte(hex.EncodeToString(sum[:])+"\n"))
			path := filepath.Join(dir, nr.name+".pdf")
			if err := os.WriteFile(path, a.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			if errText != nil {
				t.Skip("pdftotext is not installed (Debian: poppler-utils)")
			}
			raw, err := exec.Command("pdftotext", "-enc", "UTF-8", path, "-").Output()
			if err != nil {
				t.Fatal(err)
			}
			pages := len(regexp.MustCompile(`(?m)^Page \d+ of \d+$`).FindAll(raw, -1))
			if pages == 0 || bytes.Count(raw, []byte("Record checkpoint: "+l.Checkpoint)) != pages {
				t.Errorf("the checkpoint is not in the footer of each of the %d pages", pages)
			}
			text := pdfText(t, path, l.Footer())
			for _, s := range l.Sources {
				if !strings.Contains(text, normWS(s.Name())) {
					t.Errorf("the PDF text lacks the source %q", s.Name())
				}
				if !strings.Contains(text, normWS(s.Status())) {
					t.Errorf("the PDF text lacks the status of %q: %q", s.Name(), s.Status())
				}
			}
			if d := nr.req.Deadline.Date; !d.IsZero() && !strings.Contains(text, d.Long()) {
				t.Errorf("the PDF text lacks the deadline %s", d.Long())
			}
			for _, want := range []string{normWS(l.Title), l.DateLine(), "£", "’"} {
				if want == "£" && !strings.Contains(normWS(textOf(t, l)), "£") {
					continue
				}
				if !strings.Contains(text, want) {
					t.Errorf("the PDF text lacks %q", want)
				}
			}
			if errFonts != nil {
				t.Skip("pdffonts is not installed (Debian: poppler-utils)")
			}
			checkFontsEmbedded(t, path)
		})
	}
}

func textOf(t *testing.T, l *Letter) string {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteText(&buf, l); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// checkFontsEmbedded runs pdffonts and fails unless every font is embedded.
func checkFontsEmbedded(t *testing.T, path string) {
	t.Helper()
	out, err := exec.Command("pdffonts", path).Output()
	if err != nil {
		t.Fatalf("pdffonts: %v", err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) < 3 {
		t.Fatalf("pdffonts lists no fonts:\n%s", out)
	}
	// The header gives the columns; "emb" is the one after "encoding".
	header := strings.Fields(lines[0])
	emb := -1
	for i, h := range header {
		if h == "emb" {
			emb = i
		}
	}
	if emb < 0 {
		t.Fatalf("pdffonts output has no emb column:\n%s", out)
	}
	for _, line := range lines[2:] {
		f := strings.Fields(line)
		// Columns from the right: emb sub uni object ID (6 fields after emb).
		if len(f) < 6 || f[len(f)-5] != "yes" {
			t.Errorf("font not embedded: %s", line)
		}
		if f[len(f)-3] != "yes" {
			t.Errorf("font has no Unicode map, so its text cannot be copied: %s", line)
		}
	}
}

// docxReader finds a Python with python-docx (Debian: python3-docx).
func docxReader(t *testing.T) string {
	for _, py := range []string{"/usr/bin/python3", "python3"} {
		if path, err := exec.LookPath(py); err == nil {
			if exec.Command(path, "-c", "import docx").Run() == nil {
				return path
			}
		}
	}
	t.Skip("python3-docx is not installed (Debian: python3-docx)")
	return ""
}

// docxScript reads DOCX files with python-docx and prints, for each, its body
// paragraphs as a reader sees them (with list numbers and bullets), their
// styles, its footer and its number of hyperlinks.
const docxScript = `
import json, sys, docx
from docx.oxml.ns import qn
def read(path):
    d = docx.Document(path)
    fmts = {}
    numbering = d.part.numbering_part.element
    abstract = {a.get(qn('w:abstractNumId')): a for a in numbering.findall(qn('w:abstractNum'))}
    for num in numbering.findall(qn('w:num')):
        a = abstract[num.find(qn('w:abstractNumId')).get(qn('w:val'))]
        fmts[num.get(qn('w:numId'))] = a.find(qn('w:lvl')).find(qn('w:numFmt')).get(qn('w:val'))
    counts, paras, styles = {}, [], []
    for p in d.paragraphs:
        text = ''.join(t.text or '' for t in p._p.iter(qn('w:t')))
        pPr = p._p.pPr
        if pPr is not None and pPr.numPr is not None:
            nid = str(pPr.numPr.numId.val)
            if fmts[nid] == 'bullet':
                text = '- ' + text
            else:
                counts[nid] = counts.get(nid, 0) + 1
                text = '%d. %s' % (counts[nid], text)
        paras.append(text)
        styles.append(p.style.name)
    footer = ' '.join(''.join(t.text or '' for t in p._p.iter(qn('w:t'))) for p in d.sections[0].footer.paragraphs)
    links = len(d.part.element.findall('.//' + qn('w:hyperlink')))
    return {'paragraphs': paras, 'styles': styles, 'footer': footer, 'links': links}
json.dump([read(p) for p in sys.argv[1:]], sys.stdout)
`

type docxRead struct {
	Paragraphs []string
	Styles     []string
	Footer     string
	Links      int
}

// readDOCX reads the DOCX files at paths with python-docx, in one run.
func readDOCX(t *testing.T, paths []string) []docxRead {
	t.Helper()
	py := docxReader(t)
	out, err := exec.Command(py, append([]string{"-c", docxScript}, paths...)...).Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			t.Fatalf("python-docx could not read the DOCX files: %s", ee.Stderr)
		}
		t.Fatal(err)
	}
	var got []docxRead
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatal(err)
	}
	if len(got) != len(paths) {
		t.Fatalf("python-docx read %d files, want %d", len(got), len(paths))
	}
	return got
}

func TestDOCX(t *testing.T) {
	dir := keepDir(t)
	reqs := goldenRequests(t)
	letters := make([]*Letter, len(reqs))
	paths := make([]string, len(reqs))
	for i, nr := range reqs {
		l := buildGolden(t, nr)
		var a, b bytes.Buffer
		if err := WriteDOCX(&a, l, DOCXOptions{}); err != nil {
			t.Fatal(err)
		}
		if err := WriteDOCX(&b, l, DOCXOptions{}); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Fatalf("%s: the same letter gave different DOCX bytes", nr.name)
		}
		checkWellFormed(t, a.Bytes())
		paths[i] = filepath.Join(dir, nr.name+".docx")
		if err := os.WriteFile(paths[i], a.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		letters[i] = l
	}
	read := readDOCX(t, paths)
	for i, nr := range reqs {
		t.Run(nr.name, func(t *testing.T) {
			l, got := letters[i], read[i]
			if g, w := normWS(strings.Join(got.Paragraphs, "\n")), normWS(textOf(t, l)); g != w {
				t.Errorf("the DOCX text differs from the plain text:\n docx: %s\n text: %s", g, w)
			}
			if !strings.Contains(got.Footer, l.Checkpoint) || !strings.Contains(got.Footer, "Page") {
				t.Errorf("footer %q lacks the checkpoint or the page number", got.Footer)
			}
			urls := 0
			for _, s := range l.Sources {
				if s.URL != "" {
					urls++
				}
			}
			if got.Links != urls {
				t.Errorf("%d hyperlinks, want one per source URL (%d)", got.Links, urls)
			}
			headings := 0
			for _, s := range got.Styles {
				if s == "Heading 1" {
					headings++
				}
			}
			if headings == 0 || got.Styles[indexOf(got.Paragraphs, l.Title)] != "Title" {
				t.Errorf("styles %v: want a Title and Heading 1 headings", got.Styles)
			}
		})
	}
}

func indexOf(list []string, s string) int {
	for i, v := range list {
		if v == s {
			return i
		}
	}
	return 0
}

// checkWellFormed opens the DOCX as a zip and parses every XML part.
func checkWellFormed(t *testing.T, data []byte) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		dec := xml.NewDecoder(rc)
		for {
			_, err := dec.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("%s: %v", f.Name, err)
			}
		}
		rc.Close()
	}
}
