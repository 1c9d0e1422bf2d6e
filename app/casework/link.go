package casework

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/store"
)

// ErrCitation marks a citation that cannot be right: a page the document
// does not have, words not on the page.
var ErrCitation = errors.New("the citation does not fit the document")

// LinkResult says what LinkEvidence recorded.
type LinkResult struct {
	Ref    string // "d1#p4"
	Event  bool   // the target was an event (else a note)
	Added  bool   // false when the same citation was already there
	Quoted bool   // the words were checked against the page's text
}

// LinkEvidence cites page page (0: the whole document) of document docID as
// evidence for an event or a journal note (target is its ID), with the
// words relied on (quote, may be ""). An event keeps the page and the words
// (DESIGN section 3); a note keeps the document (notes list documents, not
// pages, so a page or words for a note are refused). When the page's text
// has been read, the quote must be on that page (spaces, line breaks and
// case aside), so a citation never points at the wrong page.
func LinkEvidence(ctx context.Context, v *store.Vault, caseID, target, docID string, page int, quote string) (LinkResult, error) {
	quote = strings.Join(strings.Fields(quote), " ")
	res := LinkResult{Ref: casefile.PageRef(docID, page)}
	if len([]rune(quote)) > casefile.MaxQuote {
		return res, fmt.Errorf("the quotation is over %d characters; quote the words that matter: %w", casefile.MaxQuote, ErrCitation)
	}
	c, err := v.LoadCase(ctx, caseID)
	if err != nil {
		return res, err
	}
	if !slices.ContainsFunc(c.Documents, func(d casefile.Document) bool { return d.ID == docID }) {
		return res, fmt.Errorf("document %s: %w", docID, casefile.ErrNotFound)
	}
	info, read, err := v.DerivedInfo(ctx, caseID, docID)
	if err != nil {
		return res, err
	}
	if page > 0 && read && info.Pages > 0 && page > info.Pages {
		return res, fmt.Errorf("document %s has %d pages, not %d: %w", docID, info.Pages, page, ErrCitation)
	}
	if quote != "" && page > 0 {
		texts, err := v.PageTexts(ctx, caseID, docID)
		if err != nil {
			return res, err
		}
		for _, p := range texts {
			if p.Page == page && strings.TrimSpace(p.Text) != "" {
				if !strings.Contains(flatten(p.Text), strings.ToLower(quote)) {
					return res, fmt.Errorf("the words %q are not on page %d of %s as Redress read it: %w", quote, page, docID, ErrCitation)
				}
				res.Quoted = true
			}
		}
	}
	for _, e := range c.Events {
		if e.ID != target {
			continue
		}
		res.Event = true
		if res.Added = e.AddEvidence(res.Ref, quote); !res.Added {
			return res, nil
		}
		return res, v.AmendEvent(ctx, caseID, e)
	}
	for _, n := range c.Notes {
		if n.ID != target {
			continue
		}
		if page > 0 || quote != "" {
			return res, fmt.Errorf("a journal note lists documents, not pages or quotations: cite %s without a page, or cite the page from an event: %w", docID, ErrCitation)
		}
		if slices.Contains(n.Documents, docID) {
			return res, nil
		}
		n.Documents = append(n.Documents, docID)
		res.Added = true
		return res, v.AmendNote(ctx, caseID, n)
	}
	return res, fmt.Errorf("%s is not an event or a note of this case: %w", target, casefile.ErrNotFound)
}

// flatten is text with its runs of white space made single spaces, in
// lower case, for finding a quotation in a page's text.
func flatten(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}
