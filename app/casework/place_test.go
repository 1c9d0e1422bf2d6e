package casework

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/jpeg"
	"strings"
	"testing"
	"time"

	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/store"
)

// TestPlaceDocumentsMatchesTheBundle: the sections and order PlaceDocuments
// gives are those of the bundle PrepareBundle writes, for the default
// sections and for a specification with hand order.
func TestPlaceDocumentsMatchesTheBundle(t *testing.T) {
	ctx := context.Background()
	v := newVault(t)
	id := importExample(t, v, "complaint")
	docs := []struct {
		name, source, date string
	}{
		{"council-letter.txt", "council", "2026-03-02"},
		{"minutes.txt", "Example County Council", ""},
		{"our-notes.txt", "family", "2026-02-01"},
		{"school-report.txt", "school", "2026-01-15"},
		{"older-council.txt", "council", "2025-12-01"},
	}
	for _, d := range docs {
		info := store.DocumentInfo{Name: d.name, Source: d.source}
		if d.date != "" {
			info.Date = casefile.MustDate(d.date)
		}
		if _, err := v.ImportDocument(ctx, id, strings.NewReader("Text of "+d.name+"\n"), info); err != nil {
			t.Fatal(err)
		}
	}
	c, err := v.LoadCase(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]string{}
	for _, d := range c.Documents {
		byName[d.Name] = d.ID
	}
	for _, tc := range []struct {
		name, spec string
		want       string // section label: names in order | ...
	}{
		{"default", "", "C:older-council.txt,council-letter.txt,minutes.txt|D:school-report.txt,our-notes.txt"},
		{"hand order", fmt.Sprintf("A=cover,index;B(Mine)=doc:%s,doc:%s;C=rest", byName["our-notes.txt"], byName["council-letter.txt"]),
			"B:our-notes.txt,council-letter.txt|C:older-council.txt,school-report.txt,minutes.txt"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			specs, err := ParseSections(tc.spec)
			if err != nil {
				t.Fatal(err)
			}
			secs, unplaced := PlaceDocuments(c, specs, nil)
			if len(unplaced) != 0 {
				t.Errorf("unplaced: %v", unplaced)
			}
			var got []string
			for i, s := range secs {
				if len(s) == 0 {
					continue
				}
				var names []string
				for _, d := range s {
					names = append(names, d.Name)
				}
				got = append(got, specs[i].Label+":"+strings.Join(names, ","))
			}
			if g := strings.Join(got, "|"); g != tc.want {
				t.Errorf("placed\n%s\nwant\n%s", g, tc.want)
			}
			// The bundle agrees.
			job, err := PrepareBundle(ctx, v, id, BundleOptions{Sections: tc.spec, AsOf: date("2026-05-11"), Now: func() time.Time { return fixedNow }})
			if err != nil {
				t.Fatal(err)
			}
			var out bytes.Buffer
			res, err := job.Plan.Write(ctx, &out)
			if err != nil {
				t.Fatal(err)
			}
			var man []string
			last := ""
			for _, ex := range res.Manifest.Exhibits {
				if ex.Section != last {
					man = append(man, ex.Section+":")
					last = ex.Section
				} else {
					man[len(man)-1] += ","
				}
				man[len(man)-1] += ex.Name
			}
			if g := strings.Join(man, "|"); g != tc.want {
				t.Errorf("the bundle has\n%s\nPlaceDocuments says\n%s", g, tc.want)
			}
		})
	}
}

// TestPlaceDocumentsLeavesOutWhatNoSectionTakes: without "rest", a document
// of another source is in no section.
func TestPlaceDocumentsLeavesOutWhatNoSectionTakes(t *testing.T) {
	c := &casefile.Case{Documents: []casefile.Document{{ID: "d1", Name: "a.pdf", Source: "school"}, {ID: "d2", Name: "b.pdf", Source: "council"}}}
	specs, err := ParseSections("A=index;B=source:council")
	if err != nil {
		t.Fatal(err)
	}
	secs, unplaced := PlaceDocuments(c, specs, nil)
	if len(secs[1]) != 1 || secs[1][0].ID != "d2" || len(unplaced) != 1 || unplaced[0].ID != "d1" {
		t.Errorf("sections %v, unplaced %v", secs, unplaced)
	}
}

// TestPicturesOfWritingGoBySource: a phone photograph of the council's
// letter, whose text was read at import, goes with the council's documents;
// a photograph with no text stays among the photographs; the pre-flight
// says why; and the bundle and PlaceDocuments agree.
func TestPicturesOfWritingGoBySource(t *testing.T) {
	ctx := context.Background()
	v := newVault(t)
	id := importExample(t, v, "complaint")
	ids := map[string]string{}
	for i, name := range []string{"letter-photo.jpg", "arm.jpg", "not-read.jpg"} {
		var pic bytes.Buffer // three different files: the vault keeps text by content
		if err := jpeg.Encode(&pic, image.NewGray(image.Rect(0, 0, 40+i, 30)), nil); err != nil {
			t.Fatal(err)
		}
		d, err := v.ImportDocument(ctx, id, bytes.NewReader(pic.Bytes()), store.DocumentInfo{Name: name, Source: "council", Type: "image/jpeg", Date: casefile.MustDate("2026-03-02")})
		if err != nil {
			t.Fatal(err)
		}
		ids[name] = d.ID
	}
	letter := "Dear Ms Smith, Re: your son. Following the referral we received from the school on 2 March we will be " +
		"completing a child and family assessment. Your social worker will contact you to arrange a visit to your home. Yours sincerely"
	for name, text := range map[string]string{"letter-photo.jpg": letter, "arm.jpg": "ee , ~ Ae = i ;"} {
		if err := v.PutPageTexts(ctx, id, ids[name], []store.PageText{{Page: 1, Text: text, OCR: true}}); err != nil {
			t.Fatal(err)
		}
	}
	c, err := v.LoadCase(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	writing, err := PagesOfText(ctx, v, id, c.Documents)
	if err != nil {
		t.Fatal(err)
	}
	if !writing[ids["letter-photo.jpg"]] || len(writing) != 1 {
		t.Errorf("pictures of writing: %v, want only the letter's (%s)", writing, ids["letter-photo.jpg"])
	}
	job, err := PrepareBundle(ctx, v, id, BundleOptions{AsOf: date("2026-05-11"), Now: func() time.Time { return fixedNow }})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	res, err := job.Plan.Write(ctx, &out)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, ex := range res.Manifest.Exhibits {
		got[ex.Name] = ex.Section
	}
	if got["letter-photo.jpg"] != "C" || got["arm.jpg"] != "E" || got["not-read.jpg"] != "E" {
		t.Errorf("sections %v: want the photographed letter in C (the council's), the others in E (photographs)", got)
	}
	specs, _ := ParseSections("")
	secs, _ := PlaceDocuments(c, specs, writing)
	if len(secs[2]) != 1 || secs[2][0].Name != "letter-photo.jpg" || len(secs[4]) != 2 {
		t.Errorf("PlaceDocuments: C %v, E %v", secs[2], secs[4])
	}
	var said string
	for _, p := range job.Plan.Report().Problems {
		if strings.Contains(p.Message, "page of writing") {
			said = p.Message
		}
	}
	if !strings.HasPrefix(said, "A picture whose text reads as a page of writing") || !strings.Contains(said, "letter-photo.jpg") || strings.Contains(said, "arm.jpg") {
		t.Errorf("the pre-flight does not say why the letter's photograph is not a photograph: %q", said)
	}
}

// TestReadsAsWriting: a page of writing has twenty words of three letters
// or more; Tesseract's misreadings of a photograph do not.
func TestReadsAsWriting(t *testing.T) {
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"", false},
		{"ee , ~ Ae = i ; | 1 ll .", false},
		{strings.Repeat("Little star ", 5), false},
		{strings.Repeat("Dear parent ", 10), true},
		{strings.Repeat("ab cd ", 40), false},
		{strings.Repeat("école réunion ", 10), true},
	} {
		if got := readsAsWriting([]store.PageText{{Page: 1, Text: tc.text, OCR: true}}); got != tc.want {
			t.Errorf("readsAsWriting(%q) = %v, want %v", tc.text, got, tc.want)
		}
	}
	// Words on several pages count together.
	half := strings.Repeat("word ", 10)
	if !readsAsWriting([]store.PageText{{Page: 1, Text: half}, {Page: 2, Text: half}}) {
		t.Error("twenty words over two pages do not count")
	}
}
