package casework

import (
	"bytes"
	"context"
	"fmt"
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
			secs, unplaced := PlaceDocuments(c, specs)
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
	secs, unplaced := PlaceDocuments(c, specs)
	if len(secs[1]) != 1 || secs[1][0].ID != "d2" || len(unplaced) != 1 || unplaced[0].ID != "d1" {
		t.Errorf("sections %v, unplaced %v", secs, unplaced)
	}
}
