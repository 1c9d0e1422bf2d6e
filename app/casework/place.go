package casework

import (
	"cmp"
	"slices"

	"github.com/redress-app/redress/casefile"
)

// PlaceDocuments says where a bundle built from specs would put each of case
// c's documents: for each section, its documents in the order the bundle
// gives them (those named by doc:ID first, in the order named, then the rest
// by date, undated last), and the documents no section takes. It is the one
// place the order is decided: the bundle itself (prepareBundle) places its
// documents with it, and the desktop's Bundle tab starts its hand ordering
// from it, so the two cannot disagree.
func PlaceDocuments(c *casefile.Case, specs []SectionSpec) (sections [][]casefile.Document, unplaced []casefile.Document) {
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
				if ok, r := matches(it, d, c.Authority); ok && r > rank {
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
