package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"path/filepath"
	"strings"

	"github.com/redress-app/redress/casefile"
)

// DocumentInfo describes a document being imported. Name is the original
// file name; Type, when empty, is detected from the bytes and the name.
type DocumentInfo struct {
	ID     string // empty: the vault chooses one
	Name   string
	Type   string
	Date   casefile.Date
	Source string
}

// Media types by extension, checked when sniffing the bytes is not specific.
// A fixed table, so detection does not depend on the machine's mime files.
var extTypes = map[string]string{
	".pdf": "application/pdf", ".doc": "application/msword", ".rtf": "application/rtf",
	".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
	".xls":  "application/vnd.ms-excel", ".odt": "application/vnd.oasis.opendocument.text",
	".ods": "application/vnd.oasis.opendocument.spreadsheet", ".eml": "message/rfc822",
	".msg": "application/vnd.ms-outlook", ".txt": "text/plain", ".csv": "text/csv",
	".md": "text/markdown", ".html": "text/html", ".htm": "text/html",
	".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".gif": "image/gif",
	".heic": "image/heic", ".heif": "image/heif", ".webp": "image/webp", ".tif": "image/tiff", ".tiff": "image/tiff",
	".mp3": "audio/mpeg", ".m4a": "audio/mp4", ".wav": "audio/wav", ".ogg": "audio/ogg", ".opus": "audio/opus",
	".amr": "audio/amr", ".mp4": "video/mp4", ".mov": "video/quicktime", ".zip": "application/zip",
}

// DetectType returns a document's media type from its first bytes (as
// net/http.DetectContentType sees them) and its file name's extension; the
// extension decides when the bytes say only "zip", "text" or "unknown" (an
// office file is a zip; an email is text).
func DetectType(name string, head []byte) string {
	sniffed, _, _ := mime.ParseMediaType(http.DetectContentType(head))
	ext := strings.ToLower(filepath.Ext(name))
	byExt := extTypes[ext]
	switch sniffed {
	case "application/octet-stream", "text/plain", "application/zip", "":
		if byExt != "" {
			return byExt
		}
	}
	if sniffed == "" {
		return "application/octet-stream"
	}
	return sniffed
}

func blobID(s string) ([]byte, error) {
	b, err := hex.DecodeString(s)
	if err != nil || len(b) != 16 {
		return nil, fmt.Errorf("blob id %q is malformed", s)
	}
	return b, nil
}

func chunkAD(k *keys, blob []byte, idx int64, final bool) []byte {
	f := byte(0)
	if final {
		f = 1
	}
	return k.ad(adChunk, blob, u64(uint64(idx)), []byte{f})
}

// ImportDocument streams r into the vault in sealed chunks (never holding the
// whole file), recording the SHA-256 and size of the original bytes as the
// evidential hash. The document appears only once every chunk is on disk: a
// crash or an error part-way leaves nothing behind.
func (v *Vault) ImportDocument(ctx context.Context, caseID string, r io.Reader, info DocumentInfo) (casefile.Document, error) {
	var doc *docContent
	_, err := v.write(ctx, caseID, func(b *batch, tx *sql.Tx) error {
		if info.ID == "" {
			info.ID = b.cs.nextID("d", TypeDocument, TypeNote)
		}
		if err := checkID("document", info.ID); err != nil {
			return err
		}
		if b.exists(TypeNote, info.ID) || b.obj(TypeDocument, info.ID) != nil {
			return fmt.Errorf("document id %q is already used: %w", info.ID, casefile.ErrExists)
		}
		if info.Type != "" && !strings.Contains(info.Type, "/") {
			return fmt.Errorf("type %q is not a media type: %w", info.Type, casefile.ErrInvalidCase)
		}
		d, err := streamChunks(ctx, tx, b.k, r, v.opts.chunkSize, info.Name)
		if err != nil {
			return err
		}
		d.ID, d.Name, d.Date, d.Source = info.ID, info.Name, info.Date, info.Source
		if info.Type != "" {
			d.Type = info.Type
		}
		doc = d
		return b.add(OpCreate, TypeDocument, d.ID, d)
	})
	if err != nil {
		return casefile.Document{}, fmt.Errorf("import document %q: %w", info.Name, err)
	}
	return doc.document(), nil
}

// streamChunks reads r to the end, sealing each chunk as it goes. A chunk is
// sealed once the next read shows whether it is the last (the final flag).
// Reading, hashing and sealing run in one goroutine while SQLite writes the
// previous chunk in this one; at most four chunk buffers exist at a time, so
// memory stays flat whatever the size of the file.
func streamChunks(ctx context.Context, tx *sql.Tx, k *keys, r io.Reader, size int, name string) (*docContent, error) {
	blob := randomBytes(16)
	stmt, err := tx.PrepareContext(ctx, "INSERT INTO chunks (blob, idx, data) VALUES (?, ?, ?)")
	if err != nil {
		return nil, err
	}
	defer stmt.Close()
	type sealedChunk struct {
		idx  int64
		data []byte
	}
	out := make(chan sealedChunk, 1)
	free := make(chan []byte, 2)
	stop := make(chan struct{})
	var doc *docContent
	var readErr error
	go func() {
		defer close(out)
		sum := sha256.New()
		cur, next := make([]byte, size), make([]byte, size)
		defer clear(cur)
		defer clear(next)
		n, err := readChunk(r, cur)
		if err != nil {
			readErr = err
			return
		}
		head := append([]byte(nil), cur[:min(n, 512)]...)
		var total int64
		for idx := int64(0); ; idx++ {
			if err := ctx.Err(); err != nil {
				readErr = err
				return
			}
			m := 0
			if n == size {
				if m, err = readChunk(r, next); err != nil {
					readErr = err
					return
				}
			}
			final := m == 0
			sum.Write(cur[:n])
			total += int64(n)
			var buf []byte
			select {
			case buf = <-free:
			default:
			}
			select {
			case out <- sealedChunk{idx, k.sealTo(buf[:0], cur[:n], chunkAD(k, blob, idx, final))}:
			case <-stop:
				return
			}
			if final {
				doc = &docContent{Type: DetectType(name, head), SHA256: hex.EncodeToString(sum.Sum(nil)), Size: total,
					Blob: hex.EncodeToString(blob), ChunkSize: size, Chunks: idx + 1}
				return
			}
			cur, next, n = next, cur, m
		}
	}()
	var execErr error
	for c := range out {
		if execErr == nil {
			if _, err := stmt.ExecContext(ctx, blob, c.idx, c.data); err != nil {
				execErr = err
				close(stop)
			}
		}
		select {
		case free <- c.data:
		default:
		}
	}
	// out is closed: the producer has finished and its results are visible.
	if execErr != nil {
		return nil, execErr
	}
	if readErr != nil {
		return nil, readErr
	}
	if doc == nil {
		return nil, errors.New("document stream ended early")
	}
	return doc, nil
}

// readChunk fills buf unless the reader ends first; it returns how much it read.
func readChunk(r io.Reader, buf []byte) (int, error) {
	n, err := io.ReadFull(r, buf)
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return n, nil
	}
	if err != nil {
		return n, fmt.Errorf("read: %w", err)
	}
	return n, nil
}

// UpdateDocument amends a document's description: name, type, date and
// source. The bytes, their hash and size never change.
func (v *Vault) UpdateDocument(ctx context.Context, caseID string, d casefile.Document) error {
	_, err := v.write(ctx, caseID, func(b *batch, tx *sql.Tx) error {
		cur, ok := b.cs.get(TypeDocument, d.ID).current().(*docContent)
		if !ok {
			return fmt.Errorf("document %s: %w", d.ID, casefile.ErrNotFound)
		}
		if d.Type != "" && !strings.Contains(d.Type, "/") {
			return fmt.Errorf("type %q is not a media type: %w", d.Type, casefile.ErrInvalidCase)
		}
		next := *cur
		next.Name, next.Type, next.Date, next.Source = d.Name, d.Type, d.Date, d.Source
		if next == *cur {
			return nil
		}
		return b.add(OpAmend, TypeDocument, d.ID, &next)
	})
	if err != nil {
		return fmt.Errorf("update document %s: %w", d.ID, err)
	}
	return nil
}

// OpenDocument returns a reader of a document's original bytes. Each chunk is
// authenticated before any of it is returned, and at the end the SHA-256 and
// size are checked against the evidential hash: on any mismatch Read returns
// an error matching casefile.ErrTampered instead of data (it fails closed).
func (v *Vault) OpenDocument(ctx context.Context, caseID, docID string) (io.ReadCloser, error) {
	var d docContent
	err := v.readCase(caseID, func(cs *caseState) error {
		o := cs.get(TypeDocument, docID)
		c, ok := o.current().(*docContent)
		if !ok {
			return fmt.Errorf("document %s: %w", docID, casefile.ErrNotFound)
		}
		d = *c
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("open document: %w", err)
	}
	if d.Blob == "" {
		return nil, fmt.Errorf("open document %s: the vault has only its description (it came from a case file), not its bytes: %w", docID, casefile.ErrNotFound)
	}
	blob, err := blobID(d.Blob)
	if err != nil {
		return nil, err
	}
	if d.ChunkSize < minChunkSize || d.ChunkSize > maxChunkSize || d.Chunks < 1 {
		return nil, &RecordError{Case: caseID, Object: "document " + docID, Reason: "its chunk layout is out of range"}
	}
	return &docReader{v: v, ctx: ctx, caseID: caseID, doc: d, blob: blob, sum: sha256.New()}, nil
}

type docReader struct {
	v      *Vault
	ctx    context.Context
	caseID string
	doc    docContent
	blob   []byte
	idx    int64
	buf    []byte // plaintext not yet returned
	sum    interface {
		Write([]byte) (int, error)
		Sum([]byte) []byte
	}
	total int64
	err   error
}

func (r *docReader) fail(reason string) error {
	r.err = &RecordError{Case: r.caseID, Object: "document " + r.doc.ID, Reason: reason}
	clear(r.buf)
	r.buf = nil
	return r.err
}

// Read returns verified plaintext, or an error once anything fails to verify.
func (r *docReader) Read(p []byte) (int, error) {
	for len(r.buf) == 0 {
		if r.err != nil {
			return 0, r.err
		}
		if r.idx == r.doc.Chunks {
			if hex.EncodeToString(r.sum.Sum(nil)) != r.doc.SHA256 || r.total != r.doc.Size {
				return 0, r.fail("its bytes do not match the SHA-256 recorded at import")
			}
			r.err = io.EOF
			return 0, io.EOF
		}
		if err := r.next(); err != nil {
			return 0, err
		}
	}
	n := copy(p, r.buf)
	r.buf = r.buf[n:]
	return n, nil
}

func (r *docReader) next() error {
	r.v.mu.RLock()
	defer r.v.mu.RUnlock()
	if err := r.v.unlocked(); err != nil {
		r.err = err
		return err
	}
	var sealed []byte
	err := r.v.db.QueryRowContext(r.ctx, "SELECT data FROM chunks WHERE blob = ? AND idx = ?", r.blob, r.idx).Scan(&sealed)
	if errors.Is(err, sql.ErrNoRows) {
		return r.fail(fmt.Sprintf("chunk %d of %d is missing", r.idx+1, r.doc.Chunks))
	}
	if err != nil {
		r.err = dbErr("read document", err)
		return r.err
	}
	k := r.v.keys
	final := r.idx == r.doc.Chunks-1
	plain, err := k.openBlob(sealed, chunkAD(k, r.blob, r.idx, final))
	if err != nil {
		return r.fail(fmt.Sprintf("chunk %d of %d does not decrypt: it was altered, moved or swapped", r.idx+1, r.doc.Chunks))
	}
	if len(plain) > r.doc.ChunkSize || (!final && len(plain) != r.doc.ChunkSize) {
		return r.fail(fmt.Sprintf("chunk %d of %d has the wrong size", r.idx+1, r.doc.Chunks))
	}
	r.sum.Write(plain)
	r.total += int64(len(plain))
	r.buf = plain
	r.idx++
	return nil
}

// Close releases the reader.
func (r *docReader) Close() error {
	clear(r.buf)
	r.buf = nil
	if r.err == nil {
		r.err = errors.New("read after close")
	}
	return nil
}
