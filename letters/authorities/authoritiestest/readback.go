// Package authoritiestest reads an authorities bundle back as a court's
// software would, for the tests of letters/authorities and the command line:
// pdftotext for the words on each page, qpdf --json for the page labels,
// the bookmarks and where the index's links land.
package authoritiestest

import (
	"encoding/json"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// Read is what ReadBack found in a PDF.
type Read struct {
	Text        string         // pdftotext of the whole file
	Flat        string         // Text with every run of white space made one space, for phrases wrapped across lines
	Pages       []string       // pdftotext of each page, from page 1
	Labels      []string       // each page's label, from the PDF's page labels
	Bookmarks   map[string]int // each bookmark's title -> its page, from 1 (nested ones too)
	LinkTargets map[int]bool   // the pages (from 1) some link annotation goes to
	URIs        []string       // the URI links
}

// ReadBack reads the PDF at path with pdftotext and qpdf, skipping the test
// when either is not installed.
func ReadBack(t testing.TB, path string) *Read {
	t.Helper()
	for _, tool := range []string{"pdftotext", "qpdf"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed (poppler-utils, qpdf): the read-back is skipped", tool)
		}
	}
	out, err := exec.Command("pdftotext", "-layout", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	r := &Read{Text: string(out), Bookmarks: map[string]int{}, LinkTargets: map[int]bool{}}
	r.Flat = strings.Join(strings.Fields(r.Text), " ")
	r.Pages = strings.Split(strings.TrimSuffix(r.Text, "\f"), "\f")
	js, err := exec.Command("qpdf", "--json", "--json-key=pages", "--json-key=pagelabels", "--json-key=outlines", "--json-key=qpdf", path).Output()
	if err != nil {
		t.Fatalf("qpdf --json: %v", err)
	}
	var q struct {
		Pages []struct {
			Object      string   `json:"object"`
			Annotations []string `json:"annotations"`
			Label       *struct {
				P  string `json:"/P"`
				St int    `json:"/St"`
			} `json:"label"`
			Pos int `json:"pageposfrom1"`
		} `json:"pages"`
		Outlines []outline                    `json:"outlines"`
		Qpdf     []map[string]json.RawMessage `json:"qpdf"`
	}
	if err := json.Unmarshal(js, &q); err != nil {
		t.Fatalf("qpdf --json: %v", err)
	}
	objects := map[string]json.RawMessage{}
	if len(q.Qpdf) > 1 {
		objects = q.Qpdf[1]
	}
	pageOf := map[string]int{}
	for _, p := range q.Pages {
		pageOf[p.Object] = p.Pos
		if p.Label != nil {
			st := p.Label.St
			if st == 0 {
				st = 1
			}
			r.Labels = append(r.Labels, strings.TrimPrefix(p.Label.P, "u:")+strconv.Itoa(st))
		} else {
			r.Labels = append(r.Labels, "")
		}
	}
	var walk func([]outline)
	walk = func(os []outline) {
		for _, o := range os {
			r.Bookmarks[o.Title] = o.Page
			walk(o.Kids)
		}
	}
	walk(q.Outlines)
	ref := regexp.MustCompile(`^\d+ \d+ R$`)
	for _, p := range q.Pages {
		var pg struct {
			Value struct {
				Annots []string `json:"/Annots"`
			} `json:"value"`
		}
		json.Unmarshal(objects["obj:"+p.Object], &pg)
		for _, a := range append(p.Annotations, pg.Value.Annots...) {
			raw, ok := objects["obj:"+a]
			if !ok {
				continue
			}
			var obj struct {
				Value map[string]any `json:"value"`
			}
			if json.Unmarshal(raw, &obj) != nil || obj.Value["/Subtype"] != "/Link" {
				continue
			}
			dest := obj.Value["/Dest"]
			if act, ok := obj.Value["/A"].(map[string]any); ok {
				if d, ok := act["/D"]; ok {
					dest = d
				}
				if u, ok := act["/URI"].(string); ok {
					r.URIs = append(r.URIs, strings.TrimPrefix(u, "u:"))
				}
			}
			if arr, ok := dest.([]any); ok && len(arr) > 0 {
				if s, ok := arr[0].(string); ok && ref.MatchString(s) {
					if n := pageOf[s]; n > 0 {
						r.LinkTargets[n] = true
					}
				}
			}
		}
	}
	return r
}

type outline struct {
	Title string    `json:"title"`
	Page  int       `json:"destpageposfrom1"`
	Kids  []outline `json:"kids"`
}
