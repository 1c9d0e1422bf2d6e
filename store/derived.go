package store

import (
	"context"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"

	"github.com/redress-app/redress/casefile"
)

// Derived records (FORMAT.md section 12) are what Redress read from a
// document: the text of each page, the words of a page with their boxes,
// page thumbnails, and how far reading got
// (so OCR resumes after a restart). They are sealed like everything else,
// keyed by a MAC of the document's SHA-256 (so two copies of one file share
// them, and the hash itself is not on disk), kept out of the journal (they
// can always be rebuilt from the document) and deleted when the document is
// purged.

const (
	adDerived  = "redress/derived/v1\x00"
	macDerived = "redress/derived-key/v1\x00"
)

// Derived record kinds.
const (
	derivedInfo  = "info"
	derivedText  = "text"
	derivedThumb = "thumb"
	derivedWords = "words"
)

// PageText is the text of one page of a document (numbered from 1).
type PageText struct {
	Page int    `json:"page"`
	Text string `json:"text"`
	OCR  bool   `json:"ocr,omitempty"` // read from the page's image
}

// DerivedInfo says what has been read of a document.
type DerivedInfo struct {
	Kind  string `json:"kind,omitempty"`  // how it was read: pdf, image, docx, email, html, text
	Pages int    `json:"pages,omitempty"` // its pages
	// OCRPending are the pages whose text is still to be read by OCR.
	OCRPending []int `json:"ocr_pending,omitempty"`
	// Problem is why reading stopped (a damaged file, no tesseract), in
	// the words of the error; "" when it did not.
	Problem string `json:"problem,omitempty"`
}

// derivedKey is the row key of a document's derived records.
func derivedKey(k *keys, sha string) ([]byte, error) {
	sum, err := hex.DecodeString(sha)
	if err != nil || len(sum) != 32 {
		return nil, fmt.Errorf("document hash %q is malformed", sha)
	}
	return k.macOf(macDerived, sum), nil
}

func derivedAD(k *keys, key []byte, kind string, page int) []byte {
	return k.ad(adDerived, key, []byte(kind), []byte{0}, u64(uint64(page)))
}

// docSHA returns the SHA-256 of a live document that has bytes.
func (v *Vault) docSHA(caseID, docID string) (string, error) {
	var sha string
	err := v.readCase(caseID, func(cs *caseState) error {
		c, ok := cs.get(TypeDocument, docID).current().(*docContent)
		if !ok {
			return fmt.Errorf("document %s: %w", docID, casefile.ErrNotFound)
		}
		sha = c.SHA256
		return nil
	})
	if err == nil && sha == "" {
		err = fmt.Errorf("document %s has no hash (it came from a case file without its bytes): %w", docID, casefile.ErrNotFound)
	}
	return sha, err
}

// putDerived writes derived records of one document in one transaction.
func (v *Vault) putDerived(ctx context.Context, caseID, docID string, fn func(put func(kind string, page int, plain []byte) error) error) error {
	sha, err := v.docSHA(caseID, docID)
	if err != nil {
		return err
	}
	v.wmu.Lock()
	defer v.wmu.Unlock()
	v.mu.RLock()
	if err := v.unlocked(); err != nil {
		v.mu.RUnlock()
		return err
	}
	k := *v.keys
	v.mu.RUnlock()
	defer k.wipe()
	key, err := derivedKey(&k, sha)
	if err != nil {
		return err
	}
	err = inTx(ctx, v.db, func(tx *sql.Tx) error {
		return fn(func(kind string, page int, plain []byte) error {
			_, err := tx.ExecContext(ctx, "INSERT INTO derived (doc, kind, page, data) VALUES (?, ?, ?, ?) ON CONFLICT (doc, kind, page) DO UPDATE SET data = excluded.data",
				key, kind, page, k.sealTo(nil, plain, derivedAD(&k, key, kind, page)))
			return err
		})
	})
	v.kickCheckpointer()
	return err
}

// getDerived reads derived records of one kind of one document; page < 0
// reads every page, in order.
func (v *Vault) getDerived(ctx context.Context, caseID, docID, kind string, page int, fn func(page int, plain []byte) error) error {
	sha, err := v.docSHA(caseID, docID)
	if err != nil {
		return err
	}
	v.mu.RLock()
	defer v.mu.RUnlock()
	if err := v.unlocked(); err != nil {
		return err
	}
	return readDerived(ctx, v.db, v.keys, sha, kind, page, fn)
}

func readDerived(ctx context.Context, db *sql.DB, k *keys, sha, kind string, page int, fn func(page int, plain []byte) error) error {
	key, err := derivedKey(k, sha)
	if err != nil {
		return err
	}
	q, args := "SELECT page, data FROM derived WHERE doc = ? AND kind = ? ORDER BY page", []any{key, kind}
	if page >= 0 {
		q, args = "SELECT page, data FROM derived WHERE doc = ? AND kind = ? AND page = ?", append(args, page)
	}
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return dbErr("read derived records", err)
	}
	defer rows.Close()
	for rows.Next() {
		var p int
		var sealed []byte
		if err := rows.Scan(&p, &sealed); err != nil {
			return dbErr("read derived records", err)
		}
		plain, err := k.openBlob(sealed, derivedAD(k, key, kind, p))
		if err != nil {
			return &RecordError{Object: "derived " + kind + " record", Reason: fmt.Sprintf("page %d does not decrypt: it was altered or moved", p)}
		}
		if err := fn(p, plain); err != nil {
			return err
		}
	}
	return dbErr("read derived records", rows.Err())
}

// PutPageTexts keeps the text of some pages of a document, replacing what
// was kept for those pages, and puts them in the search index.
func (v *Vault) PutPageTexts(ctx context.Context, caseID, docID string, pages []PageText) error {
	err := v.putDerived(ctx, caseID, docID, func(put func(string, int, []byte) error) error {
		for _, p := range pages {
			if p.Page < 1 {
				return fmt.Errorf("page %d is not a page number", p.Page)
			}
			b, _ := json.Marshal(p)
			err := put(derivedText, p.Page, b)
			clear(b)
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("save the text of document %s: %w", docID, err)
	}
	v.mu.Lock()
	if v.index != nil {
		if cs := v.st.cases[caseID]; cs != nil {
			v.index.putPages(cs, docID, pages)
		}
	} else if v.st != nil {
		v.gen++ // an index being built in the background may have missed these pages: drop it
	}
	v.mu.Unlock()
	return nil
}

// PageTexts returns the text kept for a document, page by page; none (and
// no error) when it has not been read yet.
func (v *Vault) PageTexts(ctx context.Context, caseID, docID string) ([]PageText, error) {
	var out []PageText
	err := v.getDerived(ctx, caseID, docID, derivedText, -1, func(page int, plain []byte) error {
		var p PageText
		if err := json.Unmarshal(plain, &p); err != nil || p.Page != page {
			return &RecordError{Object: "derived text record", Reason: fmt.Sprintf("page %d is malformed", page)}
		}
		out = append(out, p)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read the text of document %s: %w", docID, err)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Page < out[j].Page })
	return out, nil
}

// PutDerivedInfo keeps what has been read of a document.
func (v *Vault) PutDerivedInfo(ctx context.Context, caseID, docID string, info DerivedInfo) error {
	err := v.putDerived(ctx, caseID, docID, func(put func(string, int, []byte) error) error {
		b, _ := json.Marshal(info)
		return put(derivedInfo, 0, b)
	})
	if err != nil {
		return fmt.Errorf("save what was read of document %s: %w", docID, err)
	}
	return nil
}

// DerivedInfo returns what has been read of a document; ok is false when
// it has not been read (or its records were lost: read it again).
func (v *Vault) DerivedInfo(ctx context.Context, caseID, docID string) (info DerivedInfo, ok bool, err error) {
	err = v.getDerived(ctx, caseID, docID, derivedInfo, 0, func(_ int, plain []byte) error {
		ok = true
		if json.Unmarshal(plain, &info) != nil {
			return &RecordError{Object: "derived info record", Reason: "it is malformed"}
		}
		return nil
	})
	if err != nil {
		return DerivedInfo{}, false, fmt.Errorf("read what was read of document %s: %w", docID, err)
	}
	return info, ok, nil
}

// PutThumbnail keeps a small image (PNG or JPEG bytes) of a page.
func (v *Vault) PutThumbnail(ctx context.Context, caseID, docID string, page int, img []byte) error {
	if page < 1 {
		return fmt.Errorf("thumbnail of page %d: not a page number", page)
	}
	if len(img) > 4<<20 {
		return fmt.Errorf("thumbnail of page %d is %d bytes: too big for a thumbnail", page, len(img))
	}
	err := v.putDerived(ctx, caseID, docID, func(put func(string, int, []byte) error) error {
		return put(derivedThumb, page, img)
	})
	if err != nil {
		return fmt.Errorf("save a thumbnail of document %s: %w", docID, err)
	}
	return nil
}

// Thumbnail returns the thumbnail of a page, or an error matching
// casefile.ErrNotFound when there is none (make it again).
func (v *Vault) Thumbnail(ctx context.Context, caseID, docID string, page int) ([]byte, error) {
	var img []byte
	err := v.getDerived(ctx, caseID, docID, derivedThumb, page, func(_ int, plain []byte) error {
		img = plain
		return nil
	})
	if err == nil && img == nil {
		err = fmt.Errorf("page %d: %w", page, casefile.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("thumbnail of document %s: %w", docID, err)
	}
	return img, nil
}

// deleteDerived removes a document's derived records (in a purge).
func deleteDerived(ctx context.Context, tx *sql.Tx, k *keys, sha string) error {
	if sha == "" {
		return nil
	}
	key, err := derivedKey(k, sha)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, "DELETE FROM derived WHERE doc = ?", key)
	return err
}

// loadPageTexts reads every document's kept text for the search index.
func loadPageTexts(ctx context.Context, db *sql.DB, k *keys, sha string) ([]PageText, error) {
	var out []PageText
	err := readDerived(ctx, db, k, sha, derivedText, -1, func(page int, plain []byte) error {
		var p PageText
		if json.Unmarshal(plain, &p) != nil || p.Page != page {
			return errors.New("malformed page text")
		}
		out = append(out, p)
		return nil
	})
	return out, err
}

// Word is one word on a page and its box, as fractions (0..1) of the
// page's width and height from the top left (documents.Word, kept).
type Word struct {
	Text           string
	X0, Y0, X1, Y1 float64
}

// wordsRecord is the stored form of a page's words: a list of
// [text, x0, y0, x1, y1], the fractions to five places (a hundredth of a
// millimetre on A4).
type wordsRecord []Word

func (ws wordsRecord) MarshalJSON() ([]byte, error) {
	b := make([]byte, 0, 48*len(ws)+2)
	b = append(b, '[')
	for i, w := range ws {
		if i > 0 {
			b = append(b, ',')
		}
		t, err := json.Marshal(w.Text)
		if err != nil {
			return nil, err
		}
		b = append(b, '[')
		b = append(b, t...)
		for _, f := range [4]float64{w.X0, w.Y0, w.X1, w.Y1} {
			if math.IsNaN(f) || math.IsInf(f, 0) {
				f = 0
			}
			b = append(b, ',')
			b = strconv.AppendFloat(b, math.Round(f*1e5)/1e5, 'f', -1, 64)
		}
		b = append(b, ']')
	}
	return append(b, ']'), nil
}

func (ws *wordsRecord) UnmarshalJSON(b []byte) error {
	var rows [][5]json.RawMessage
	if err := json.Unmarshal(b, &rows); err != nil {
		return err
	}
	out := make(wordsRecord, 0, len(rows))
	for _, r := range rows {
		var w Word
		if err := json.Unmarshal(r[0], &w.Text); err != nil {
			return err
		}
		for i, f := range []*float64{&w.X0, &w.Y0, &w.X1, &w.Y1} {
			if err := json.Unmarshal(r[i+1], f); err != nil {
				return err
			}
		}
		out = append(out, w)
	}
	*ws = out
	return nil
}

// PutPageWords keeps the words of one page of a document with their boxes,
// replacing what was kept for that page. An empty list is kept too (a page
// with no words is not read again).
func (v *Vault) PutPageWords(ctx context.Context, caseID, docID string, page int, words []Word) error {
	if page < 1 {
		return fmt.Errorf("words of page %d: not a page number", page)
	}
	if err := v.putWords(ctx, caseID, docID, []PageWordBoxes{{Page: page, Words: words}}); err != nil {
		return fmt.Errorf("save the words of page %d of document %s: %w", page, docID, err)
	}
	return nil
}

// PageWordBoxes is the words of one page with their boxes, for
// PutPagesWords.
type PageWordBoxes struct {
	Page  int
	Words []Word
}

// PutPagesWords keeps the words of several pages of a document in one
// transaction, replacing what was kept for those pages: all of them or
// none. (A page at a time, a 300-page PDF would be 300 transactions.)
func (v *Vault) PutPagesWords(ctx context.Context, caseID, docID string, pages []PageWordBoxes) error {
	for _, p := range pages {
		if p.Page < 1 {
			return fmt.Errorf("words of page %d: not a page number", p.Page)
		}
	}
	if err := v.putWords(ctx, caseID, docID, pages); err != nil {
		return fmt.Errorf("save the words of %d pages of document %s: %w", len(pages), docID, err)
	}
	return nil
}

// putWords seals and writes the words of pages in one transaction.
func (v *Vault) putWords(ctx context.Context, caseID, docID string, pages []PageWordBoxes) error {
	plain := make([][]byte, len(pages))
	defer func() {
		for _, b := range plain {
			clear(b)
		}
	}()
	for i, p := range pages {
		b, err := json.Marshal(wordsRecord(p.Words))
		if err != nil {
			return fmt.Errorf("page %d: %w", p.Page, err)
		}
		plain[i] = b
	}
	return v.putDerived(ctx, caseID, docID, func(put func(string, int, []byte) error) error {
		for i, p := range pages {
			if err := put(derivedWords, p.Page, plain[i]); err != nil {
				return err
			}
		}
		return nil
	})
}

// PageWords returns the words kept for one page of a document; ok is false
// when none were kept (read them again).
func (v *Vault) PageWords(ctx context.Context, caseID, docID string, page int) (words []Word, ok bool, err error) {
	err = v.getDerived(ctx, caseID, docID, derivedWords, page, func(_ int, plain []byte) error {
		var ws wordsRecord
		if json.Unmarshal(plain, &ws) != nil {
			return &RecordError{Object: "derived words record", Reason: fmt.Sprintf("page %d is malformed", page)}
		}
		words, ok = ws, true
		return nil
	})
	if err != nil {
		return nil, false, fmt.Errorf("read the words of page %d of document %s: %w", page, docID, err)
	}
	return words, ok, nil
}
