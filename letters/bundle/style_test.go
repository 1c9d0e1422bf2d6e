package bundle

import (
	"bytes"
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/letters/bundle/bundletest"
)

// TestStylesNumberPages builds the same bundle in each style: the court's
// pages are numbered 1..N (the labels, the manifest and the PDF's own page
// labels agree), the others by section; each verifies, and the manifest
// says the style unless it is the default.
func TestStylesNumberPages(t *testing.T) {
	sectioned := "A1 A2 A3 A4 B1 C1 C2 C3 C4 C5 C6 C7 C8 C9 C10 D1 D2 D3 D4 D5 D6 E1 E2 E3"
	var numbered []string
	for i := 1; i <= 24; i++ {
		numbered = append(numbered, strconv.Itoa(i))
	}
	for _, tc := range []struct {
		style    Style
		labels   string
		manifest Style
	}{
		{"", sectioned, ""},
		{StyleOmbudsman, sectioned, ""},
		{StyleFamily, sectioned, StyleFamily},
		{StyleCourt, strings.Join(numbered, " "), StyleCourt},
	} {
		t.Run(string(tc.style), func(t *testing.T) {
			b := testBundle(t)
			b.Style = tc.style
			data, _, res := buildTest(t, b)
			if got := strings.Join(res.Labels, " "); got != tc.labels {
				t.Errorf("labels %s, want %s", got, tc.labels)
			}
			if res.Manifest.Style != tc.manifest {
				t.Errorf("manifest style %q, want %q", res.Manifest.Style, tc.manifest)
			}
			v, err := Verify(bytes.NewReader(data))
			if err != nil || !v.OK() || v.PagesChecked != 24 {
				t.Fatalf("verify: %v %+v", err, v)
			}
			if got := strings.Join(labelsOf(v.Manifest), " "); got != tc.labels {
				t.Errorf("verified labels %s", got)
			}
		})
	}
}

func labelsOf(m *Manifest) []string {
	var out []string
	for _, p := range m.Pages {
		out = append(out, p.Label)
	}
	return out
}

func TestParseStyle(t *testing.T) {
	for in, want := range map[string]Style{"": StyleOmbudsman, "ombudsman": StyleOmbudsman, "court": StyleCourt, "family": StyleFamily} {
		if got, err := ParseStyle(in); err != nil || got != want {
			t.Errorf("ParseStyle(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := ParseStyle("Court"); err == nil {
		t.Error("ParseStyle(Court): no error")
	}
}

// TestGuidanceChecklist: the pre-flight lists each point of the guidance
// the style follows, met or not, with the numbering the style asks for,
// the pages left without text and the file's size against the limits.
func TestGuidanceChecklist(t *testing.T) {
	for _, tc := range []struct {
		style Style
		want  map[string]string // the start of a point -> its status
	}{
		{StyleCourt, map[string]string{
			"Pages numbered by computer from 1": GuidanceMet, "Every index entry": GuidanceMet, "Every section and significant": GuidanceMet,
			"Scanned pages of typed text": GuidanceNotMet, "The default view at 100%": GuidanceMet, "Landscape pages": GuidanceCheck,
			"A resolution no higher": GuidanceMet, "A file small enough": GuidanceMet}},
		{StyleFamily, map[string]string{"Bates numbering": GuidanceMet, "No more than 350 pages": GuidanceMet, "A file small enough": GuidanceMet}},
		{StyleOmbudsman, map[string]string{"Pages numbered 1 to the last": GuidanceNotAsked, "A file small enough": GuidanceCheck}},
	} {
		t.Run(string(tc.style), func(t *testing.T) {
			b := testBundle(t)
			b.Style = tc.style
			_, plan, _ := buildTest(t, b)
			g := plan.Report().Guidance
			for start, status := range tc.want {
				found := false
				for _, p := range g {
					if strings.HasPrefix(p.Point, start) {
						found = true
						if p.Status != status {
							t.Errorf("%q: %s (%s), want %s", p.Point, p.Status, p.Detail, status)
						}
					}
				}
				if !found {
					t.Errorf("no point %q in %+v", start, g)
				}
			}
			for _, p := range g {
				if p.Source == "" || p.Detail == "" {
					t.Errorf("point %q has no source or detail", p.Point)
				}
			}
		})
	}
}

func TestSizeWarnings(t *testing.T) {
	if w := SizeWarnings(StyleCourt, 60<<20); len(w) != 2 || !strings.Contains(w[0], "25 MB") || !strings.Contains(w[1], "50 MB") {
		t.Errorf("60 MB court bundle: %q", w)
	}
	if w := SizeWarnings(StyleCourt, 10<<20); len(w) != 1 || !strings.Contains(w[0], "within the limits") {
		t.Errorf("10 MB court bundle: %q", w)
	}
	if w := SizeWarnings(StyleOmbudsman, 10<<20); len(w) != 1 || !strings.Contains(w[0], "no published size limit") {
		t.Errorf("ombudsman: %q", w)
	}
}

// TestGuidanceOCRPhotographs: a picture in which OCR found no words is a
// photograph, with no typed text to make searchable, so the OCR point is
// met; a picture whose words could not be read, or a scanned PDF page
// with no words given, still leaves it unmet, saying how many pages.
func TestGuidanceOCRPhotographs(t *testing.T) {
	words := func(ws []Word, err error) func(context.Context, int) ([]Word, error) {
		return func(context.Context, int) ([]Word, error) { return ws, err }
	}
	letter := []Word{{Text: "Dear", X0: 0.1, Y0: 0.1, X1: 0.2, Y1: 0.12}}
	for _, tc := range []struct {
		name   string
		items  []*Item
		status string
		detail string
	}{
		{"two photographs", []*Item{
			withWords(memItem("p1", "Bruise", "2025-10-13", "family", "arm.jpg", "image/jpeg", bundletest.JPEG(t, bundletest.Photo(640, 480), 1)), words(nil, nil)),
			withWords(memItem("p2", "Cot", "2025-10-14", "family", "cot.png", "image/png", bundletest.PNG(t, bundletest.Photo(300, 200))), words(nil, nil)),
		}, GuidanceMet, "Every other page has a text layer; 2 pictures are photographs in which OCR found no words, so they need no text layer."},
		{"a photograph and a photographed letter", []*Item{
			withWords(memItem("p1", "Bruise", "2025-10-13", "family", "arm.jpg", "image/jpeg", bundletest.JPEG(t, bundletest.Photo(640, 480), 1)), words(nil, nil)),
			withWords(memItem("p2", "Letter", "2025-10-14", "council", "letter.jpg", "image/jpeg", bundletest.JPEG(t, bundletest.Photo(600, 800), 1)), words(letter, nil)),
		}, GuidanceMet, "1 scanned page carries the words OCR read, as invisible text; 1 picture is a photograph in which OCR found no words, so it needs no text layer."},
		{"a picture whose words could not be read", []*Item{
			withWords(memItem("p1", "Bruise", "2025-10-13", "family", "arm.jpg", "image/jpeg", bundletest.JPEG(t, bundletest.Photo(640, 480), 1)), words(nil, errors.New("not read yet"))),
		}, GuidanceNotMet, "1 page has no text layer, so its words cannot be searched; OCR failed on: p1 page 1."},
		{"a scanned PDF with no words given", []*Item{
			memItem("d3", "Case notes (scanned)", "2025-10-20", "council", "notes-scan.pdf", "application/pdf", bundletest.ScanPDF(t, 2)),
		}, GuidanceNotMet, "2 pages have no text layer, so their words cannot be searched."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var parts []Part
			for _, it := range tc.items {
				parts = append(parts, Part{Kind: Document, Item: it})
			}
			b := &Bundle{Title: "T", Case: "C", Date: casefile.MustDate("2026-05-01"), Created: time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC),
				Checkpoint: "12-7KQ2-M9XD-PA4T-ZB3H-W6RC", Style: StyleCourt,
				Sections: []Section{{Label: "A", Title: "Index", Parts: []Part{{Kind: Cover}, {Kind: Index}}}, {Label: "B", Title: "Documents", Parts: parts}}}
			_, plan, _ := buildTest(t, b)
			for _, p := range plan.Report().Guidance {
				if strings.HasPrefix(p.Point, "Scanned pages of typed text") {
					if p.Status != tc.status || !strings.HasPrefix(p.Detail, tc.detail) {
						t.Errorf("%s: %q\nwant %s: %q…", p.Status, p.Detail, tc.status, tc.detail)
					}
					return
				}
			}
			t.Error("no OCR point")
		})
	}
}

func withWords(it *Item, f func(context.Context, int) ([]Word, error)) *Item {
	it.Words = f
	return it
}
