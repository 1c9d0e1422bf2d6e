package store

import (
	"context"
	"fmt"
	"strings"
)

// The search index holds each page of a document's kept text as an entry of
// its own, so a hit names the document and the page. Page entries are built
// from the derived text records when the index is built (in the background
// after unlocking) and kept up to date by PutPageTexts and document writes.

// key is the entry's place in byObj.
func (e *searchEntry) key() string {
	k := e.caseID + "/" + e.typ + "/" + e.id
	if e.page > 0 {
		k += fmt.Sprintf("#p%d", e.page)
	}
	return k
}

// pageTitle is how a page hit is named: "Conference report.pdf, page 3".
func pageTitle(name string, page int) string {
	return fmt.Sprintf("%s, page %d", name, page)
}

// putPages indexes (or re-indexes) pages of a live document's text.
func (ix *searchIndex) putPages(cs *caseState, docID string, pages []PageText) {
	o := cs.get(TypeDocument, docID)
	c, ok := o.current().(*docContent)
	if !ok || o.archived {
		return
	}
	ix.putPagesOf(cs.id, docID, c.Name, c.Date.String(), pages)
}

// putPagesOf indexes pages of document docID, called name and dated date.
func (ix *searchIndex) putPagesOf(caseID, docID, name, date string, pages []PageText) {
	dk := caseID + "/" + docID
	have := ix.docPages[dk]
	for _, p := range pages {
		e := searchEntry{caseID: caseID, typ: TypeDocument, id: docID, page: p.Page, alive: true,
			title: pageTitle(name, p.Page), date: date, text: p.Text, shown: len(p.Text)}
		if i, ok := ix.byObj[e.key()]; ok {
			ix.entries[i].alive = false
			ix.dead++
		} else {
			have = append(have, p.Page)
		}
		if strings.TrimSpace(p.Text) != "" {
			ix.insert(e)
		} else {
			delete(ix.byObj, e.key())
		}
	}
	ix.docPages[dk] = have
}

// docChanged follows a write to a document: an archived or purged
// document's pages leave the index; a renamed one's pages take its name.
func (ix *searchIndex) docChanged(cs *caseState, docID string) {
	dk := cs.id + "/" + docID
	o := cs.get(TypeDocument, docID)
	c, ok := o.current().(*docContent)
	live := ok && !o.archived
	for _, p := range ix.docPages[dk] {
		key := (&searchEntry{caseID: cs.id, typ: TypeDocument, id: docID, page: p}).key()
		i, found := ix.byObj[key]
		if !found {
			continue
		}
		e := &ix.entries[i]
		if !live {
			e.alive = false
			ix.dead++
			delete(ix.byObj, key)
			continue
		}
		e.title, e.date = pageTitle(c.Name, p), c.Date.String()
	}
	if !live {
		delete(ix.docPages, dk)
	}
}

// indexedDoc is a live document whose kept text goes into the index.
type indexedDoc struct {
	caseID, id, name, date, sha string
}

// docsToIndex lists the live documents with bytes (under the read lock).
func docsToIndex(st *state) []indexedDoc {
	var out []indexedDoc
	for _, cs := range st.order {
		if cs.err != nil {
			continue
		}
		for _, o := range cs.order {
			c, ok := o.current().(*docContent)
			if !ok || o.typ != TypeDocument || o.archived || c.SHA256 == "" {
				continue
			}
			out = append(out, indexedDoc{cs.id, c.ID, c.Name, c.Date.String(), c.SHA256})
		}
	}
	return out
}

// addPageTexts reads each document's kept text and adds it to ix (not yet
// published: no lock is needed). A document whose records do not read is
// left out of search (its own screen says what is wrong; the text can be
// read again). It stops early when stale (may be nil) says the index is no
// longer wanted (the vault was locked or written meanwhile).
func (v *Vault) addPageTexts(ctx context.Context, ix *searchIndex, k *keys, docs []indexedDoc, stale func() bool) {
	for _, d := range docs {
		if stale != nil && stale() {
			return
		}
		pages, err := loadPageTexts(ctx, v.db, k, d.sha)
		if err != nil || len(pages) == 0 {
			continue
		}
		ix.putPagesOf(d.caseID, d.id, d.name, d.date, pages)
	}
}

// indexPageTexts adds every live document's kept text to ix, under the
// vault's lock (the first search, when the background build has not
// finished).
func (v *Vault) indexPageTexts(ctx context.Context, ix *searchIndex, st *state) {
	if v.keys == nil {
		return
	}
	v.addPageTexts(ctx, ix, v.keys, docsToIndex(st), nil)
}
