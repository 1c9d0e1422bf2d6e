package casework

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"codeberg.org/go-pdf/fpdf"

	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/letters"
	"github.com/redress-app/redress/letters/authorities"
	"github.com/redress-app/redress/store"
)

// authorityPDF is a PDF of n pages whose first line is title, the same
// bytes every time.
func authorityPDF(t *testing.T, title string, n int) []byte {
	t.Helper()
	f := fpdf.New("P", "mm", "A4", "")
	f.SetCreationDate(fixedNow)
	f.SetModificationDate(fixedNow)
	f.SetFont("Helvetica", "", 14)
	for i := 1; i <= n; i++ {
		f.AddPage()
		f.Cell(0, 10, title+", page "+string(rune('0'+i)))
	}
	var buf bytes.Buffer
	if err := f.Output(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestAuthoritiesBruisedBaby builds the authorities bundle of the
// bruised-baby example with a corporate stage 1 complaint drafted and the
// Children Act imported as an authority: the index (golden) lists every
// source the findings and the letter cite, the Act's text follows its entry,
// and the rest are marked as ones the user must add.
func TestAuthoritiesBruisedBaby(t *testing.T) {
	ctx := context.Background()
	v := newVault(t)
	id := importExample(t, v, "bruised-baby")
	dr, err := DraftLetter(ctx, v, id, Options{Kind: letters.Stage1, Procedure: letters.Corporate, AsOf: date("2026-12-04")})
	if err != nil {
		t.Fatal(err)
	}
	if err := SaveDraft(ctx, v, id, dr.Draft); err != nil {
		t.Fatal(err)
	}
	act := authorityPDF(t, "Children Act 1989, section 47", 2)
	if _, err := v.ImportDocument(ctx, id, bytes.NewReader(act), store.DocumentInfo{ID: "auth1", Name: "children-act-1989-s47.pdf", Source: "authority: Children Act 1989"}); err != nil {
		t.Fatal(err)
	}
	if _, err := v.ImportDocument(ctx, id, strings.NewReader("<html><body>Working Together</body></html>"), store.DocumentInfo{ID: "auth2", Name: "wt2023.html", Type: "text/html", Source: "authority:working-together-to-safeguard-children-2023"}); err != nil {
		t.Fatal(err)
	}
	now := func() time.Time { return time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC) }
	job, err := PrepareAuthorities(ctx, v, id, AuthoritiesOptions{AsOf: date("2026-12-04"), Now: now})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	res, err := job.Write(ctx, &buf)
	if err != nil {
		t.Fatal(err)
	}
	cp, err := v.Checkpoint(id)
	if err != nil {
		t.Fatal(err)
	}
	if res.Manifest.Checkpoint != cp {
		t.Errorf("manifest checkpoint %q, vault %q", res.Manifest.Checkpoint, cp)
	}
	// The case ID and the checkpoint change from vault to vault.
	idx := strings.ReplaceAll(strings.ReplaceAll(job.Index(), cp, "CHECKPOINT"), " "+id+" ", " CASE-ID ")
	golden := filepath.Join("testdata", "golden", "authorities-bruised-baby.txt")
	if *update {
		if err := os.WriteFile(golden, []byte(idx), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if idx != string(want) {
		t.Errorf("the index differs from %s (run with -update if intended):\n%s", golden, idx)
	}
	for _, w := range []string{
		"1. Children Act 1989  [B1–B2]",
		"the letter “", "(a draft, not sent)",
		"the finding “Late: initial child protection conference” (icpc-15wd)",
		"YOU MUST ADD ITS TEXT: import it with its source set to authority:r-ab-and-cd-v-london-ewhc-416-admin",
		"paragraph number not verified",
	} {
		if !strings.Contains(idx, w) {
			t.Errorf("the index lacks %q", w)
		}
	}
	if strings.Contains(idx, "Met: ") {
		t.Error("a met finding is listed as relied on")
	}
	for _, a := range job.MustAdd {
		if a.Key == "children-act-1989" {
			t.Error("the Children Act was imported, yet it is to be added")
		}
	}
	// The web page has not been read (no documents.Reader here): the
	// pre-flight says its words cannot be shown, and a page says why.
	found := false
	for _, p := range job.Plan.Report().Problems {
		if strings.Contains(p.Message, "wt2023.html") {
			found = true
		}
	}
	if !found {
		t.Errorf("the pre-flight does not mention the unread web page: %+v", job.Plan.Report().Problems)
	}
}

// TestReliances: met findings and archived letters rely on nothing; a
// letter that cannot be read is named in a note.
func TestReliances(t *testing.T) {
	cite := casefile.Citation{Source: "Children Act 1989", Where: "section 47", LegalStatus: "statute", Verification: "verified-primary"}
	fs := []casefile.Finding{
		{Rule: "a", Status: casefile.StatusMet, Title: "Met: a", Citations: []casefile.Citation{cite}},
		{Rule: "b", Status: casefile.StatusBreach, Title: "Late: b", TriggerDate: date("2025-10-13"), Citations: []casefile.Citation{cite}},
	}
	ls := []store.Letter{{ID: "l1", Title: "Old", Archived: true}, {ID: "l2", Title: "Broken", Content: []byte("{")}}
	rel, notes := Reliances(&casefile.Case{}, fs, ls)
	if len(rel) != 1 || rel[0].What != "the finding “Late: b” (b), from 13 October 2025" {
		t.Errorf("reliances %+v", rel)
	}
	if len(notes) != 1 || !strings.Contains(notes[0], "Broken") {
		t.Errorf("notes %q", notes)
	}
	if a := authorities.Collect(rel); len(a) != 1 || a[0].Key != "children-act-1989" {
		t.Errorf("authorities %+v", a)
	}
}

// TestAuthorityWebPage: a web page saved as an authority's text is set as
// pages from the words Redress read from it on import, said as such.
func TestAuthorityWebPage(t *testing.T) {
	ctx := context.Background()
	v := newVault(t)
	id := importExample(t, v, "bruised-baby")
	if _, err := v.ImportDocument(ctx, id, strings.NewReader("<html><body>Working Together</body></html>"), store.DocumentInfo{ID: "auth2", Name: "wt2023.html", Type: "text/html", Source: "authority:Working Together to Safeguard Children 2023"}); err != nil {
		t.Fatal(err)
	}
	if err := v.PutPageTexts(ctx, id, "auth2", []store.PageText{{Page: 1, Text: "Working Together to Safeguard Children 2023, chapter 3"}}); err != nil {
		t.Fatal(err)
	}
	job, err := PrepareAuthorities(ctx, v, id, AuthoritiesOptions{AsOf: date("2026-12-04")})
	if err != nil {
		t.Fatal(err)
	}
	idx := job.Index()
	if !strings.Contains(idx, "Text: B1, as Redress read its words when it was imported (not the original’s layout) (wt2023.html.txt)") {
		t.Errorf("index:\n%s", idx)
	}
	for _, p := range job.Plan.Report().Problems {
		if strings.Contains(p.Message, "wt2023") {
			t.Errorf("pre-flight: %s", p.Message)
		}
	}
	var buf bytes.Buffer
	if _, err := job.Write(ctx, &buf); err != nil {
		t.Fatal(err)
	}
}

// TestAuthorityTextsStayOutOfTheEvidenceBundle: an authority's text goes in
// the authorities bundle, not among the evidence (not even through "rest"),
// and is not named as left out; a section that names it takes it.
func TestAuthorityTextsStayOutOfTheEvidenceBundle(t *testing.T) {
	ctx := context.Background()
	v := newVault(t)
	id := importExample(t, v, "bruised-baby")
	if _, err := v.ImportDocument(ctx, id, bytes.NewReader(authorityPDF(t, "Children Act 1989", 1)), store.DocumentInfo{ID: "auth1", Name: "children-act-1989.pdf", Source: "authority:children-act-1989"}); err != nil {
		t.Fatal(err)
	}
	if _, err := v.ImportDocument(ctx, id, bytes.NewReader(authorityPDF(t, "Council letter", 1)), store.DocumentInfo{ID: "d1", Name: "letter.pdf", Source: "council"}); err != nil {
		t.Fatal(err)
	}
	c, err := v.LoadCase(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		spec string
		want string // the sections' documents, "|" between sections
		left int
	}{
		{"", "||d1||", 1},
		{"A=index;B=rest", "|d1", 1},
		{"A=index;B=source:authority:children-act-1989,rest", "|auth1,d1", 0},
		{"A=index;B=doc:auth1", "|auth1", 1},
	} {
		specs, err := ParseSections(tc.spec)
		if err != nil {
			t.Fatal(err)
		}
		placed, left := PlaceDocuments(c, specs, nil)
		var secs []string
		for _, docs := range placed {
			var ids []string
			for _, d := range docs {
				ids = append(ids, d.ID)
			}
			secs = append(secs, strings.Join(ids, ","))
		}
		if got := strings.Join(secs, "|"); got != tc.want || len(left) != tc.left {
			t.Errorf("%q: placed %q, left %d; want %q, %d", tc.spec, got, len(left), tc.want, tc.left)
		}
	}
	job, err := PrepareBundle(ctx, v, id, BundleOptions{AsOf: date("2026-12-04")})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range job.Plan.Report().Problems {
		if strings.Contains(p.Message, "auth1") {
			t.Errorf("the evidence bundle's pre-flight names the authority's text: %s", p.Message)
		}
	}
}
