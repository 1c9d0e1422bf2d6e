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
	dk := cs.id + "/" + docID
	have := ix.docPages[dk]
	for _, p := range pages {
		e := searchEntry{caseID: cs.id, typ: TypeDocument, id: docID, page: p.Page, alive: true,
			title: pageTitle(c.Name, p.Page), date: c.Date.String(), text: p.Text}
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

// indexPageTexts adds every live document's kept text to ix. A document
// whose records do not read is left out of search (Verify and the
// document's own screen say what is wrong; the text can be read again).
func (v *Vault) indexPageTexts(ctx context.Context, ix *searchIndex, st *state) {
	if v.keys == nil {
		return
	}
	for _, cs := range st.order {
		if cs.err != nil {
			continue
		}
		for _, o := range cs.order {
			c, ok := o.current().(*docContent)
			if !ok || o.typ != TypeDocument || o.archived || c.SHA256 == "" {
				continue
			}
			pages, err := loadPageTexts(ctx, v.db, v.keys, c.SHA256)
			if err != nil || len(pages) == 0 {
				continue
			}
			ix.putPages(cs, c.ID, pages)
		}
	}
}
