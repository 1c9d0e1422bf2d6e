package casework

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/letters"
	"github.com/redress-app/redress/store"
)

type goldenDraft struct {
	name    string
	caseID  string
	drafted *Drafted
	cp      string // the case's checkpoint when the letter was drafted
}

// goldenDrafts drafts a letter of every kind from the example cases in a
// vault, with fixed dates: what `redress letter` drafts.
func goldenDrafts(t *testing.T) (*store.Vault, []goldenDraft) {
	t.Helper()
	ctx := context.Background()
	v := newVault(t)
	if err := SaveSender(ctx, v, Sender{Name: "Sam O’Brien", Address: "22 Test Road\nExample City EC2 3CD", Email: "sam@example.org"}); err != nil {
		t.Fatal(err)
	}
	baby := importExample(t, v, "bruised-baby")
	chk := importExample(t, v, "checks-before-enquiry")
	cmp := importExample(t, v, "complaint")
	// The stage 3 request follows a stage 2 response, which the complaint
	// example does not have yet: a second copy of the case gets one.
	cmp3 := importExample(t, v, "complaint")
	if _, err := v.AddEvent(ctx, cmp3, casefile.Event{ID: "k2r", Kind: casefile.KindComplaintResponse, Date: date("2026-08-10"),
		Attrs: casefile.Attrs{Stage: 2}, Detail: "Upheld the late stage 1 response; said nothing about the procedures quoted"}); err != nil {
		t.Fatal(err)
	}
	// A request to correct records needs an entry the family disputes.
	rect := importExample(t, v, "checks-before-enquiry")
	c, err := v.LoadCase(ctx, rect)
	if err != nil {
		t.Fatal(err)
	}
	r1, _ := c.EventByID("r1")
	e := *r1
	e.Status, e.Detail = casefile.FactDisputed, "Anonymous allegation by telephone; recorded as a concern about neglect, which the family disputes"
	if err := v.AmendEvent(ctx, rect, e); err != nil {
		t.Fatal(err)
	}

	// A chaser and a complaint to the Information Commissioner follow up a
	// subject access request with no answer.
	sarc := importExample(t, v, "checks-before-enquiry")
	if _, err := v.AddEvent(ctx, sarc, casefile.Event{ID: "q9", Kind: casefile.KindSARMade, Date: date("2026-03-02"),
		Detail: "Subject access request sent by email"}); err != nil {
		t.Fatal(err)
	}

	specs := []struct {
		name   string
		caseID string
		opt    Options
	}{
		{"stage1-statutory", cmp, Options{Kind: letters.Stage1, AsOf: date("2026-07-01"), Reference: "AE-COMPLAINT-2"}},
		{"stage1-corporate", baby, Options{Kind: letters.Stage1, Procedure: letters.Corporate, AsOf: date("2026-01-15"), Reference: "RE/2026/01"}},
		{"stage2-statutory", cmp, Options{Kind: letters.Stage2, AsOf: date("2026-05-11"), Reference: "AE-COMPLAINT-1"}},
		{"stage3-statutory", cmp3, Options{Kind: letters.Stage3, AsOf: date("2026-08-17"), Reference: "AE-COMPLAINT-1"}},
		{"lgsco", cmp, Options{Kind: letters.LGSCO, AsOf: date("2026-07-01")}},
		{"sar", chk, Options{Kind: letters.SAR, AsOf: date("2026-03-20")}},
		{"rectification", rect, Options{Kind: letters.Rectification, AsOf: date("2026-03-20")}},
		{"jr-lbc", chk, Options{Kind: letters.JRLetter, AsOf: date("2026-03-20"), Reference: "SOB-JR-1"}},
		{"jr-lbc-challenge", chk, Options{Kind: letters.JRLetter, AsOf: date("2026-03-20"), Reference: "SOB-JR-2", Challenge: []string{"sd1"}}},
		{"sar-chase", sarc, Options{Kind: letters.SARChase, AsOf: date("2026-04-10"), Reference: "SOB-SAR-1"}},
		{"ico", sarc, Options{Kind: letters.ICO, AsOf: date("2026-05-01"), Reference: "SOB-SAR-1", Chased: date("2026-04-10")}},
	}
	// A corporate complaint from 1 April 2026 is held to the Ombudsman's
	// Complaint Handling Code unless the case records the council's own
	// published timescale.
	babyLocal := importExample(t, v, "bruised-baby")
	if err := v.SetLocalTimescales(ctx, babyLocal, &casefile.LocalTimescales{Stage1WD: 20, Stage2WD: 25, Source: "https://www.example.gov.uk/complaints-procedure"}); err != nil {
		t.Fatal(err)
	}
	specs = append(specs, []struct {
		name   string
		caseID string
		opt    Options
	}{
		{"stage1-corporate-code", baby, Options{Kind: letters.Stage1, Procedure: letters.Corporate, AsOf: date("2026-05-06"), Reference: "RE/2026/05"}},
		{"stage2-corporate-code", baby, Options{Kind: letters.Stage2, Procedure: letters.Corporate, AsOf: date("2026-06-03"), Reference: "RE/2026/05"}},
		{"stage1-corporate-local", babyLocal, Options{Kind: letters.Stage1, Procedure: letters.Corporate, AsOf: date("2026-05-06"), Reference: "RE/2026/05"}},
	}...)
	var out []goldenDraft
	for _, s := range specs {
		cp, err := v.Checkpoint(s.caseID)
		if err != nil {
			t.Fatal(err)
		}
		d, err := DraftLetter(ctx, v, s.caseID, s.opt)
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		out = append(out, goldenDraft{name: s.name, caseID: s.caseID, drafted: d, cp: cp})
	}
	return v, out
}

// TestGoldenLetters: a letter of every kind drafted from the example cases
// (the checks engine's findings, routing, deadline, outcomes, sender and
// checkpoint from the vault) reads as the golden file says. The checkpoint,
// which changes with every vault, is checked and then written as <checkpoint>.
func TestGoldenLetters(t *testing.T) {
	_, drafts := goldenDrafts(t)
	seen := map[letters.Kind]bool{}
	for _, g := range drafts {
		t.Run(g.name, func(t *testing.T) {
			l := g.drafted.Draft.Letter
			if l.Checkpoint != g.cp || g.cp == "" {
				t.Errorf("checkpoint %q, want the vault's %q", l.Checkpoint, g.cp)
			}
			text := strings.ReplaceAll(textOf(t, l), g.cp, "<checkpoint>")
			if strings.Contains(text, "Why it matters") {
				t.Error("the letter carries the finding's advice to the family")
			}
			checkGolden(t, filepath.Join("testdata", "golden", g.name+".txt"), []byte(text))
		})
		seen[g.drafted.Draft.Request.Kind] = true
	}
	for _, k := range letters.Kinds() {
		if !seen[k] {
			t.Errorf("no golden letter of kind %s", k)
		}
	}
}

var pageLine = regexp.MustCompile(`^Page \d+ of \d+$`)

// pdfText runs pdftotext and returns the text without the page footers, with
// white space collapsed, so that a sentence broken by a page reads whole.
func pdfText(t *testing.T, path, footer string) string {
	t.Helper()
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	var kept []string
	for _, line := range strings.Split(strings.ReplaceAll(string(out), "\f", "\n"), "\n") {
		line = strings.TrimSpace(line)
		if pageLine.MatchString(line) || (footer != "" && line == footer) {
			continue
		}
		kept = append(kept, line)
	}
	return normWS(strings.Join(kept, "\n"))
}

// outDir is where the rendered letters are left to be looked at when
// CASEWORK_KEEP_DIR is set (they are fictional test data).
func outDir(t *testing.T) string {
	if dir := os.Getenv("CASEWORK_KEEP_DIR"); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	return t.TempDir()
}

// TestGoldenPDF: the PDF of every kind, as drafted from a vault, holds every
// source and the deadline date in its text (pdftotext), and embeds its fonts
// with Unicode maps (pdffonts).
func TestGoldenPDF(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext is not installed (Debian: poppler-utils)")
	}
	_, drafts := goldenDrafts(t)
	dir := outDir(t)
	for _, g := range drafts {
		t.Run(g.name, func(t *testing.T) {
			d := g.drafted.Draft
			var buf bytes.Buffer
			if err := d.Render(&buf, PDF); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(dir, g.name+".pdf")
			if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
				t.Fatal(err)
			}
			text := pdfText(t, path, d.Letter.Footer())
			if len(d.Letter.Sources) == 0 {
				t.Fatal("the letter cites nothing")
			}
			for _, s := range d.Letter.Sources {
				if !strings.Contains(text, normWS(s.Name())) {
					t.Errorf("the PDF text lacks the source %q", s.Name())
				}
				if !strings.Contains(text, normWS(s.Status())) {
					t.Errorf("the PDF text lacks the status of %q", s.Name())
				}
			}
			if dl := d.Request.Deadline; !dl.Date.IsZero() {
				if !strings.Contains(text, "by "+dl.Date.Long()) {
					t.Errorf("the PDF text lacks the deadline %s", dl.Date.Long())
				}
				if !strings.Contains(text, "I have counted from "+dl.Received.Long()) && !strings.Contains(text, "The claimant has counted from "+dl.Received.Long()) {
					t.Errorf("the PDF text does not say the deadline counts from %s, the day the letter is received", dl.Received.Long())
				}
			}
			raw, err := exec.Command("pdftotext", "-enc", "UTF-8", path, "-").Output()
			if err != nil {
				t.Fatal(err)
			}
			pages := len(regexp.MustCompile(`(?m)^Page \d+ of \d+$`).FindAll(raw, -1))
			if pages == 0 || bytes.Count(raw, []byte("Record checkpoint: "+g.cp)) != pages {
				t.Errorf("the vault's checkpoint is not in the footer of each of the %d pages", pages)
			}
			if _, err := exec.LookPath("pdffonts"); err != nil {
				t.Skip("pdffonts is not installed")
			}
			out, err := exec.Command("pdffonts", path).Output()
			if err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(strings.TrimSpace(string(out)), "\n")
			if len(lines) < 3 {
				t.Fatalf("pdffonts lists no fonts:\n%s", out)
			}
			for _, line := range lines[2:] {
				f := strings.Fields(line)
				if len(f) < 6 || f[len(f)-5] != "yes" || f[len(f)-3] != "yes" {
					t.Errorf("font not embedded with a Unicode map: %s", line)
				}
			}
		})
	}
}

// TestGoldenDOCX: the DOCX of every kind, read by python-docx, says what the
// plain text says.
func TestGoldenDOCX(t *testing.T) {
	py := ""
	for _, p := range []string{"/usr/bin/python3", "python3"} {
		if path, err := exec.LookPath(p); err == nil && exec.Command(path, "-c", "import docx").Run() == nil {
			py = path
			break
		}
	}
	if py == "" {
		t.Skip("python3-docx is not installed (Debian: python3-docx)")
	}
	_, drafts := goldenDrafts(t)
	dir := outDir(t)
	var paths []string
	for _, g := range drafts {
		var buf bytes.Buffer
		if err := g.drafted.Draft.Render(&buf, DOCX); err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, g.name+".docx")
		if err := os.WriteFile(p, buf.Bytes(), 0o600); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	// Body paragraphs as a reader sees them: list numbers and bullets included.
	const script = `
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
    counts, paras = {}, []
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
    return paras
json.dump([read(p) for p in sys.argv[1:]], sys.stdout)
`
	out, err := exec.Command(py, append([]string{"-c", script}, paths...)...).Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			t.Fatalf("python-docx: %s", ee.Stderr)
		}
		t.Fatal(err)
	}
	var read [][]string
	if err := json.Unmarshal(out, &read); err != nil {
		t.Fatal(err)
	}
	for i, g := range drafts {
		t.Run(g.name, func(t *testing.T) {
			if got, want := normWS(strings.Join(read[i], "\n")), normWS(textOf(t, g.drafted.Draft.Letter)); got != want {
				t.Errorf("the DOCX text differs from the plain text:\n docx: %s\n text: %s", got, want)
			}
		})
	}
}
