package casework

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/checks"
	"github.com/redress-app/redress/letters"
)

func TestParseSections(t *testing.T) {
	for _, tc := range []struct {
		name, spec string
		want       string // "A:title:items|B:..." or an error fragment after "!"
	}{
		{"default", "", "A:Index and chronology:cover,index,chronology|B:Findings and letters:findings,letters|C:The council's documents:source:council|D:The family's and others' documents:notes,source:family,rest|E:Photographs:images"},
		{"brief's example", "A=index,chronology;B=findings,letters;C=source:council;D=source:family;E=images",
			"A:Index and chronology:index,chronology|B:Findings and letters:findings,letters|C:The council's documents:source:council|D:The family's documents:source:family|E:Photographs:images"},
		{"titles and hand order", " C(Council letters) = doc:d3, doc:d1 ,source:council ; A=index", "C:Council letters:doc:d3,doc:d1,source:council|A:Index and chronology:index"},
		{"other source", "F=source:school", "F:Documents from school:source:school"},
		{"no equals", "A index", "!has no \"=\""},
		{"bad letter", "AB=index", "!not a section letter"},
		{"lower case", "a=index", "!not a section letter"},
		{"twice", "A=index;A=findings", "!section A is given twice"},
		{"index twice", "A=index;B=index", "!index is given twice"},
		{"unknown", "A=photos", "!unknown item"},
		{"no source", "A=source:", "!needs a name"},
		{"argument", "A=index:x", "!takes no argument"},
		{"empty section", "A=", "!has no items"},
		{"unclosed title", "A(Index=index", "!in brackets"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseSections(tc.spec)
			if strings.HasPrefix(tc.want, "!") {
				if !errors.Is(err, ErrSections) || !strings.Contains(err.Error(), tc.want[1:]) {
					t.Errorf("got %v, want an error with %q", err, tc.want[1:])
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var parts []string
			for _, s := range got {
				var items []string
				for _, it := range s.Items {
					if it.Arg != "" {
						items = append(items, it.Kind+":"+it.Arg)
					} else {
						items = append(items, it.Kind)
					}
				}
				parts = append(parts, s.Label+":"+s.Title+":"+strings.Join(items, ","))
			}
			if g := strings.Join(parts, "|"); g != tc.want {
				t.Errorf("got\n%s\nwant\n%s", g, tc.want)
			}
		})
	}
}

func TestPlacement(t *testing.T) {
	specs, err := ParseSections("")
	if err != nil {
		t.Fatal(err)
	}
	place := func(d casefile.Document) string {
		best, rank := "", 0
		for _, s := range specs {
			for _, it := range s.Items {
				if ok, r := matches(it, d, "Example Borough Council", false); ok && r > rank {
					best, rank = s.Label, r
				}
			}
		}
		return best
	}
	for _, tc := range []struct {
		doc  casefile.Document
		want string
	}{
		{casefile.Document{Source: "council", Name: "a.pdf"}, "C"},
		{casefile.Document{Source: "Example Borough Council", Name: "a.pdf"}, "C"},
		{casefile.Document{Source: "Local Authority", Name: "a.pdf"}, "C"},
		{casefile.Document{Source: "family", Name: "a.pdf"}, "D"},
		{casefile.Document{Source: "school", Name: "a.pdf"}, "D"},
		{casefile.Document{Source: "", Name: "a.docx"}, "D"},
		{casefile.Document{Source: "family", Name: "photo.JPG"}, "E"},
		{casefile.Document{Source: "council", Type: "image/png", Name: "x"}, "E"},
	} {
		if got := place(tc.doc); got != tc.want {
			t.Errorf("%+v placed in %s, want %s", tc.doc, got, tc.want)
		}
	}
}

func FuzzParseSections(f *testing.F) {
	for _, s := range []string{"", DefaultSections, "A=index;B(x)=doc:d1,rest", "A(=", ";;;", "Z=source:a:b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, spec string) {
		got, err := ParseSections(spec)
		if err != nil {
			return
		}
		for _, s := range got {
			if len(s.Label) != 1 || len(s.Items) == 0 || s.Title == "" {
				t.Fatalf("accepted a malformed section %+v", s)
			}
		}
	})
}

// TestBundleTakesSentLettersOnly: a letter marked sent goes into section B as
// the PDF it was sent as; a draft stays out and the pre-flight says so.
func TestBundleTakesSentLettersOnly(t *testing.T) {
	ctx := context.Background()
	v := newVault(t)
	id := importExample(t, v, "complaint")
	cat := checks.Default()
	as := casefile.MustDate("2026-05-11")
	sent, err := DraftLetter(ctx, v, id, Options{Kind: letters.Stage2, AsOf: as})
	if err != nil {
		t.Fatal(err)
	}
	if err := SaveDraft(ctx, v, id, sent.Draft); err != nil {
		t.Fatal(err)
	}
	if _, err := MarkSent(ctx, v, id, sent.Draft.ID, as, cat); err != nil {
		t.Fatal(err)
	}
	draft, err := DraftLetter(ctx, v, id, Options{Kind: letters.SAR, AsOf: as})
	if err != nil {
		t.Fatal(err)
	}
	if err := SaveDraft(ctx, v, id, draft.Draft); err != nil {
		t.Fatal(err)
	}
	job, err := PrepareBundle(ctx, v, id, BundleOptions{AsOf: as, Now: func() time.Time { return fixedNow }})
	if err != nil {
		t.Fatal(err)
	}
	rep := job.Plan.Report()
	if rep.Items != 1 {
		t.Errorf("bundle has %d documents, want the one sent letter", rep.Items)
	}
	noted := false
	for _, p := range rep.Problems {
		if strings.Contains(p.Message, "1 letter draft not marked as sent is left out") {
			noted = true
		}
	}
	if !noted {
		t.Errorf("the draft left out is not reported: %+v", rep.Problems)
	}
	var out bytes.Buffer
	if _, err := job.Plan.Write(ctx, &out); err != nil {
		t.Fatal(err)
	}
	if out.Len() == 0 {
		t.Fatal("empty bundle")
	}
}
