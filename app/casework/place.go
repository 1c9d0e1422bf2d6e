package casework

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"unicode"

	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/store"
)

// PlaceDocuments says where a bundle built from specs would put each of case
// c's documents: for each section, its documents in the order the bundle
// gives them (those named by doc:ID first, in the order named, then the rest
// by date, undated last), and the documents no section takes. It is the one
// place the order is decided: the bundle itself (prepareBundle) places its
// documents with it, and the desktop's Bundle tab starts its hand ordering
// from it, so the two cannot disagree.
//
// pagesOfText are the pictures that are pages of writing (PagesOfText): a
// photographed or scanned letter goes by who it came from, like the letter
// it is, and not among the photographs. nil treats every picture as a
// photograph.
func PlaceDocuments(c *casefile.Case, specs []SectionSpec, pagesOfText map[string]bool) (sections [][]casefile.Document, unplaced []casefile.Document) {
	type placed struct {
		section, item int
		doc           casefile.Document
	}
	sections = make([][]casefile.Document, len(specs))
	per := make([][]placed, len(specs))
	for _, d := range c.Documents {
		best, rank := -1, 0
		var item int
		for si, s := range specs {
			for ii, it := range s.Items {
				if ok, r := matches(it, d, c.Authority, pagesOfText[d.ID]); ok && r > rank {
					best, rank, item = si, r, ii
				}
			}
		}
		if best < 0 {
			unplaced = append(unplaced, d)
			continue
		}
		per[best] = append(per[best], placed{best, item, d})
	}
	for si, docs := range per {
		items := specs[si].Items
		slices.SortStableFunc(docs, func(x, y placed) int {
			hx, hy := items[x.item].Kind == "doc", items[y.item].Kind == "doc"
			switch {
			case hx && hy:
				return cmp.Compare(x.item, y.item)
			case hx:
				return -1
			case hy:
				return 1
			case x.doc.Date.IsZero() != y.doc.Date.IsZero():
				if x.doc.Date.IsZero() {
					return 1
				}
				return -1
			}
			return cmp.Or(x.doc.Date.Compare(y.doc.Date), cmp.Compare(x.doc.Name, y.doc.Name), cmp.Compare(x.doc.ID, y.doc.ID))
		})
		for _, p := range docs {
			sections[si] = append(sections[si], p.doc)
		}
	}
	return sections, unplaced
}

// minWordsOfText is how many words a picture's text must have to be taken
// for a page of writing rather than a photograph. A letter or a form has
// a hundred or more; Tesseract finds none in a photograph of skin, and at
// most a handful in one of a room or a printed garment.
const minWordsOfText = 20

// PagesOfText returns, by ID, the case's pictures (JPEG, PNG, GIF) whose
// text was read at import and that read as a page of writing: a phone
// photograph or a JPEG scan of a letter, a form or a screenshot of
// messages. PlaceDocuments puts them with the documents of whoever they
// came from, not among the photographs. A picture not read yet (its OCR
// still to run) counts as a photograph until it is.
func PagesOfText(ctx context.Context, v *store.Vault, caseID string, docs []casefile.Document) (map[string]bool, error) {
	out := map[string]bool{}
	for _, d := range docs {
		if !isImage(d) {
			continue
		}
		pages, err := v.PageTexts(ctx, caseID, d.ID)
		if err != nil {
			return nil, fmt.Errorf("read the text of %s: %w", d.Name, err)
		}
		if readsAsWriting(pages) {
			out[d.ID] = true
		}
	}
	return out, nil
}

// readsAsWriting reports whether the text read from a picture is a page of
// writing: at least minWordsOfText words of three or more letters.
// Tesseract's misreadings of a photograph are mostly short runs of
// letters and marks, which do not count.
func readsAsWriting(pages []store.PageText) bool {
	n := 0
	for _, p := range pages {
		run := 0
		for _, r := range p.Text + " " {
			if unicode.IsLetter(r) {
				run++
				continue
			}
			if run >= 3 {
				if n++; n >= minWordsOfText {
					return true
				}
			}
			run = 0
		}
	}
	return false
}
