package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"

	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/letters/bundle"
	"github.com/redress-app/redress/letters/bundle/bundletest"
	"github.com/redress-app/redress/store"
)

// bundleVault makes a vault holding the bruised-baby example and eleven
// documents of mixed kinds, and returns its folder and the case ID.
func bundleVault(t *testing.T) (string, string) {
	t.Helper()
	dir := testVault(t)
	ctx := context.Background()
	v, err := store.Open(ctx, dir, []byte(cliPass))
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	c, err := casefile.ReadFile("../../examples/bruised-baby.case.json")
	if err != nil {
		t.Fatal(err)
	}
	ci, err := v.ImportCase(ctx, c)
	if err != nil {
		t.Fatal(err)
	}
	docs := []struct {
		id, name, date, source string
		data                   []byte
	}{
		{"d1", "strategy-discussion.pdf", "2025-10-15", "council", bundletest.TextPDF(t, "Strategy discussion record", 3, false)},
		{"d2", "s47-outcome-letter.pdf", "2025-10-31", "Example Borough Council", bundletest.TextPDF(t, "Outcome of section 47 enquiries", 2, false)},
		{"d3", "case-notes-scan.pdf", "2025-10-20", "council", bundletest.ScanPDF(t, 2)},
		{"d4", "disclosure-corrupt.pdf", "2025-11-01", "council", bundletest.BrokenPDF(t)},
		{"d5", "conference-minutes-locked.pdf", "2025-11-06", "council", bundletest.EncryptedPDF(t, "secret", "owner")},
		{"d6", "our-complaint.pdf", "2025-11-20", "family", bundletest.TextPDF(t, "Our complaint", 2, false)},
		{"d7", "growth-chart.pdf", "", "health visitor", bundletest.TextPDF(t, "Growth chart", 1, true)},
		{"d8", "email-from-social-worker.txt", "2025-10-16", "family", []byte("From: the social worker\nTo: the parents\n\nWe will visit on Thursday at 10.\n")},
		{"d9", "bruise-forearm.jpg", "2025-10-13", "family", bundletest.JPEG(t, bundletest.Photo(640, 480), 1)},
		{"d10", "bruise-phone-photo.jpg", "2025-10-14", "family", bundletest.JPEG(t, bundletest.Photo(640, 480), 6)},
		{"d11", "message-screenshot.png", "2025-10-15", "family", bundletest.PNG(t, bundletest.Photo(300, 500))},
	}
	for _, d := range docs {
		info := store.DocumentInfo{ID: d.id, Name: d.name, Source: d.source}
		if d.date != "" {
			info.Date = casefile.MustDate(d.date)
		}
		if _, err := v.ImportDocument(ctx, ci.ID, bytes.NewReader(d.data), info); err != nil {
			t.Fatal(err)
		}
	}
	// Point some events at the documents, as "ID#pN" references.
	cs, err := v.LoadCase(ctx, ci.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range cs.Events {
		switch e.ID {
		case "sd1":
			e.Evidence = []string{"d1#p2"}
		case "r1":
			e.Evidence = []string{"d9"}
		case "sc1":
			e.Evidence = []string{"d2#p1", "d4#p2"}
		default:
			continue
		}
		if err := v.AmendEvent(ctx, ci.ID, e); err != nil {
			t.Fatal(err)
		}
	}
	return dir, ci.ID
}

func TestBundleAcceptance(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a vault and a bundle")
	}
	vault, caseID := bundleVault(t)
	vars := map[string]string{envPassphrase: cliPass}
	outDir := t.TempDir()
	if d := os.Getenv("BUNDLE_KEEP_DIR"); d != "" {
		outDir = d
		os.Remove(filepath.Join(d, "acceptance.pdf"))
	}
	out := filepath.Join(outDir, "acceptance.pdf")
	code, stdout, stderr := run(t, vars, "", "bundle", "--vault", vault, "--case", caseID, "--attach", "--out", out)
	if code != 0 {
		t.Fatalf("bundle: exit %d\n%s\n%s", code, stdout, stderr)
	}
	t.Logf("%s%s", stdout, stderr)
	for _, want := range []string{"Pre-flight", "disclosure-corrupt.pdf is a damaged or invalid PDF", "conference-minutes-locked.pdf is protected by a password",
		"case-notes-scan.pdf has no text layer", "growth-chart.pdf has no date", "bruise-forearm.jpg is a picture", "reading: done (11)"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("the pre-flight report does not say %q", want)
		}
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}

	// The bundle validates with pdfcpu's own validation (and its command
	// line tool, when it is installed).
	ctx, err := api.ReadContext(bytes.NewReader(data), model.NewDefaultConfiguration())
	if err != nil {
		t.Fatal(err)
	}
	if err := api.ValidateContext(ctx); err != nil {
		t.Fatalf("pdfcpu validate (relaxed): %v", err)
	}
	strict := model.NewDefaultConfiguration()
	strict.ValidationMode = model.ValidationStrict
	if sctx, err := api.ReadContext(bytes.NewReader(data), strict); err != nil {
		t.Fatal(err)
	} else if err := api.ValidateContext(sctx); err != nil {
		// Strict validation also judges the exhibits' own PDFs (here fpdf's
		// core fonts without FirstChar), which the bundle reproduces as
		// they are: it is reported, not required.
		t.Logf("pdfcpu validate (strict): %v", err)
	}
	if _, err := exec.LookPath("pdfcpu"); err == nil {
		if o, err := exec.Command("pdfcpu", "validate", "--conf=disable", out).CombinedOutput(); err != nil {
			t.Errorf("pdfcpu validate: %v\n%s", err, o)
		}
	}

	// The manifest lists every page; the labels it gives are those printed.
	bc, err := bundle.Verify(bytes.NewReader(data))
	if err != nil || !bc.OK() {
		t.Fatalf("verify: %v %+v", err, bc)
	}
	m := bc.Manifest
	labels := make([]string, len(m.Pages))
	for i, p := range m.Pages {
		labels[i] = p.Label
	}
	if len(labels) != ctx.PageCount {
		t.Fatalf("manifest lists %d pages, the PDF has %d", len(labels), ctx.PageCount)
	}

	// /PageLabels gives the same labels.
	if got := readPageLabels(t, ctx); strings.Join(got, " ") != strings.Join(labels, " ") {
		t.Errorf("PDF page labels\n%v\nprinted labels\n%v", got, labels)
	}

	// pdftotext shows the label on every page, and the bundle's title.
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Log("pdftotext is not installed (apt-get install poppler-utils): text checks skipped")
	} else {
		for i, l := range labels {
			txt := pdftotext(t, out, i+1, "")
			if !regexp.MustCompile(`(?m)^\s*` + l + `\s*$`).MatchString(txt) {
				t.Errorf("page %d: pdftotext does not show its label %s:\n%s", i+1, l, txt)
			}
			if !strings.Contains(txt, "Two small bruises") {
				t.Errorf("page %s: no bundle title in its stamp", l)
			}
		}
		// Every link on the front matter lands on the page its text names.
		links := 0
		for i := range labels {
			for _, ln := range pageLinks(t, ctx, i+1) {
				txt := pdftotext(t, out, i+1, ln.area)
				want := regexp.MustCompile(`[A-E][0-9]+`).FindString(txt)
				if want == "" {
					t.Errorf("page %s: a link with no page label in its text %q", labels[i], txt)
					continue
				}
				if labels[ln.target] != want {
					t.Errorf("page %s: the link %q goes to %s", labels[i], strings.TrimSpace(txt), labels[ln.target])
				}
				links++
			}
		}
		if links < len(m.Exhibits) {
			t.Errorf("only %d links for %d exhibits", links, len(m.Exhibits))
		}
		t.Logf("%d links checked", links)
	}

	// The broken PDF and the locked one are placeholders, reported and not fatal.
	shown := map[string]string{}
	for _, e := range m.Exhibits {
		shown[e.ID] = e.Shown
	}
	want := map[string]string{"d1": "pdf", "d3": "pdf", "d4": "placeholder", "d5": "placeholder", "d8": "text", "d9": "image", "d10": "image", "d11": "image"}
	for id, w := range want {
		if shown[id] != w {
			t.Errorf("exhibit %s shown as %q, want %q", id, shown[id], w)
		}
	}

	// verify passes, with and without the checkpoint, and fails with a
	// wrong one.
	code, stdout, stderr = run(t, nil, "", "verify", out)
	if code != 0 || !strings.Contains(stdout, "OK: every one of the") {
		t.Fatalf("verify: %d\n%s\n%s", code, stdout, stderr)
	}
	t.Log(stdout)
	code, stdout, stderr = run(t, nil, "", "verify", "--checkpoint", m.Checkpoint, out)
	if code != 0 || !strings.Contains(stdout, "matches this bundle's record") {
		t.Fatalf("verify --checkpoint: %d\n%s\n%s", code, stdout, stderr)
	}
	// Another well-formed checkpoint: change the last character to a
	// different digit (every checkpoint alphabet has 0 and 1).
	other := []byte(m.Checkpoint)
	if other[len(other)-1] == '0' {
		other[len(other)-1] = '1'
	} else {
		other[len(other)-1] = '0'
	}
	code, _, stderr = run(t, nil, "", "verify", "--checkpoint", string(other), out)
	if code != ExitChanged || !strings.Contains(stderr, "has been rewritten") {
		t.Errorf("verify with a different checkpoint: %d %s", code, stderr)
	}

	// Any change is found, with a clear message and exit code 1.
	tampers := []struct {
		name, old, new, message string
	}{
		{"attached original", "visit on Thursday", "visit on Thursdax", "attached original of email-from-social-worker.txt (d8) has been changed"},
		{"manifest", `"title": "Two small`, `"title": "Two smalL`, "attached manifest is not the one the bundle was made with"},
		{"page stream", hexLabel("C3") + " Tj", hexLabel("C8") + " Tj", "Page C3 has been changed"},
	}
	for _, tc := range tampers {
		t.Run(tc.name, func(t *testing.T) {
			if bytes.Count(data, []byte(tc.old)) != 1 {
				t.Fatalf("%q occurs %d times", tc.old, bytes.Count(data, []byte(tc.old)))
			}
			bad := bytes.Replace(data, []byte(tc.old), []byte(tc.new), 1)
			path := filepath.Join(t.TempDir(), "changed.pdf")
			os.WriteFile(path, bad, 0o600)
			code, _, stderr := run(t, nil, "", "verify", path)
			if code != ExitChanged || !strings.Contains(stderr, tc.message) {
				t.Errorf("exit %d, stderr:\n%s\nwant %q", code, stderr, tc.message)
			}
		})
	}

	// Not a bundle: exit 2.
	plain := filepath.Join(t.TempDir(), "plain.pdf")
	os.WriteFile(plain, bundletest.TextPDF(t, "Just a letter", 1, false), 0o600)
	junk := filepath.Join(t.TempDir(), "junk.pdf")
	os.WriteFile(junk, []byte("this is not a PDF"), 0o600)
	for _, p := range []string{plain, junk, filepath.Join(t.TempDir(), "missing.pdf")} {
		if code, _, stderr := run(t, nil, "", "verify", p); code != ExitNotBundle {
			t.Errorf("verify %s: exit %d, want 2: %s", filepath.Base(p), code, stderr)
		}
	}
}

func hexLabel(l string) string {
	s := "<"
	for _, r := range l {
		s += fmt.Sprintf("%04X", r)
	}
	return s + ">"
}

func pdftotext(t *testing.T, path string, page int, area string) string {
	t.Helper()
	args := []string{"-enc", "UTF-8", "-f", fmt.Sprint(page), "-l", fmt.Sprint(page)}
	if area != "" {
		args = append(args, strings.Fields(area)...)
	}
	o, err := exec.Command("pdftotext", append(args, path, "-")...).Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(o)
}

// readPageLabels works out every page's label from /PageLabels.
func readPageLabels(t *testing.T, ctx *model.Context) []string {
	t.Helper()
	root, err := ctx.Catalog()
	if err != nil {
		t.Fatal(err)
	}
	pl, err := ctx.DereferenceDict(root["PageLabels"])
	if err != nil || pl == nil {
		t.Fatalf("no /PageLabels: %v", err)
	}
	nums := pl.ArrayEntry("Nums")
	type rangeStart struct {
		at     int
		prefix string
		style  string
	}
	var rs []rangeStart
	for i := 0; i+1 < len(nums); i += 2 {
		d, _ := ctx.DereferenceDict(nums[i+1])
		p, _ := types.StringLiteralToString(d["P"].(types.StringLiteral))
		rs = append(rs, rangeStart{int(nums[i].(types.Integer)), p, *d.NameEntry("S")})
	}
	var out []string
	for pg := 0; pg < ctx.PageCount; pg++ {
		r := rs[0]
		for _, x := range rs {
			if x.at <= pg {
				r = x
			}
		}
		if r.style != "D" {
			t.Fatalf("page label style %q", r.style)
		}
		out = append(out, fmt.Sprintf("%s%d", r.prefix, pg-r.at+1))
	}
	return out
}

type pageLink struct {
	area   string // pdftotext's -x -y -W -H for the link's rectangle
	target int    // page index
}

// pageLinks reads a page's link annotations and where they go.
func pageLinks(t *testing.T, ctx *model.Context, page int) []pageLink {
	t.Helper()
	pageIndex := map[int]int{}
	for i := 1; i <= ctx.PageCount; i++ {
		_, ref, _, err := ctx.PageDict(i, false)
		if err != nil {
			t.Fatal(err)
		}
		pageIndex[ref.ObjectNumber.Value()] = i - 1
	}
	d, _, _, err := ctx.PageDict(page, false)
	if err != nil {
		t.Fatal(err)
	}
	mb, _ := ctx.DereferenceArray(d["MediaBox"])
	ph := number(mb[3])
	annots, _ := ctx.DereferenceArray(d["Annots"])
	var out []pageLink
	for _, a := range annots {
		ad, _ := ctx.DereferenceDict(a)
		if st := ad.NameEntry("Subtype"); st == nil || *st != "Link" {
			continue
		}
		dest, _ := ctx.DereferenceArray(ad["Dest"])
		ref, ok := dest[0].(types.IndirectRef)
		if !ok {
			t.Errorf("page %d: a link whose destination is not a page", page)
			continue
		}
		target, ok := pageIndex[ref.ObjectNumber.Value()]
		if !ok {
			t.Errorf("page %d: a link to an object that is not a page", page)
			continue
		}
		r, _ := ctx.DereferenceArray(ad["Rect"])
		x1, y1, x2, y2 := number(r[0]), number(r[1]), number(r[2]), number(r[3])
		area := fmt.Sprintf("-x %d -y %d -W %d -H %d", int(x1), int(ph-y2)+1, int(x2-x1), int(y2-y1)-1)
		out = append(out, pageLink{area: area, target: target})
	}
	return out
}

func number(o types.Object) float64 {
	switch v := o.(type) {
	case types.Integer:
		return float64(v)
	case types.Float:
		return float64(v)
	}
	return 0
}

func TestBundleCancelLeavesNoFile(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a vault")
	}
	vault, caseID := bundleVault(t)
	old := signalContext
	defer func() { signalContext = old }()
	signalContext = func() (context.Context, context.CancelFunc) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel() // as if Ctrl+C was pressed at once
		return ctx, cancel
	}
	dir := t.TempDir()
	code, _, stderr := run(t, map[string]string{envPassphrase: cliPass}, "", "bundle", "--vault", vault, "--case", caseID, "--out", filepath.Join(dir, "b.pdf"))
	if code == 0 || !strings.Contains(stderr, "cancelled") {
		t.Errorf("exit %d: %s", code, stderr)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Errorf("files left behind: %v", ents)
	}
}

func TestBundleUsage(t *testing.T) {
	vars := map[string]string{envPassphrase: cliPass}
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"no out", []string{"bundle", "--vault", "x", "--case", "y"}, "--out"},
		{"bad sections", []string{"bundle", "--vault", "x", "--case", "y", "--out", "/tmp/none.pdf", "--sections", "A=nonsense"}, "unknown item"},
		{"verify nothing", []string{"verify"}, "verify needs one bundle"},
		// Issue 16.10: a garbled checkpoint is a usage error, not "CHANGED".
		{"verify a garbage checkpoint", []string{"verify", "--checkpoint", "garbage", "/nonexistent.pdf"}, "that is not a checkpoint: \"garbage\""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := run(t, vars, "", tc.args...)
			if code != ExitUsage || !strings.Contains(stderr, tc.want) {
				t.Errorf("exit %d: %s", code, stderr)
			}
		})
	}
	code, out, _ := run(t, vars, "", "help", "bundle")
	if code != 0 || !strings.Contains(out, "source:NAME") {
		t.Errorf("help bundle: %d %s", code, out)
	}
}

// TestBundleLeaveOutUnknownNote: leaving out a note the journal does not have
// is a usage error that says so, and writes nothing.
func TestBundleLeaveOutUnknownNote(t *testing.T) {
	dir, ids := letterVault(t, map[string]*casefile.Case{})
	out := filepath.Join(t.TempDir(), "b.pdf")
	code, _, stderr := runAt(t, noon("2026-08-01"), map[string]string{envPassphrase: cliPass},
		"bundle", "--vault", dir, "--case", ids["complaint"], "--leave-out-notes", "n999", "--quiet", "--out", out)
	if code != ExitUsage || !strings.Contains(stderr, "no note n999") {
		t.Errorf("exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a bundle was written")
	}
}
