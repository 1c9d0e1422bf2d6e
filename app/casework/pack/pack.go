// Package pack writes and reads the hand-over pack: one file, encrypted with
// age (filippo.io/age) to a recipient's public key or a passphrase, holding a
// case's whole journal (every record with its chain hash, salt and content),
// its documents' original bytes and their extracted text, so that a solicitor
// or advocate can read the family's record read-only, check it against a
// checkpoint the family reads out, and add it to their own vault. The format
// is in PACK.md.
package pack

import (
	"archive/tar"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path"
	"slices"
	"strings"
	"time"

	"filippo.io/age"

	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/store"
)

// FormatName is the manifest's format field.
const FormatName = "redress-pack/1"

// Entry names inside the archive (PACK.md section 2).
const (
	manifestName = "manifest.json"
	journalName  = "journal.json"
	docPrefix    = "documents/"
	textPrefix   = "text/"
)

// Limits on what a reader accepts (untrusted input).
const (
	maxJSON    = 256 << 20 // manifest, journal, one document's text
	maxEntries = 100000
)

// Manifest describes a pack. It is the archive's first entry.
type Manifest struct {
	Format     string     `json:"format"`
	Created    string     `json:"created"` // RFC 3339, UTC
	Case       string     `json:"case"`    // the family's case ID
	Title      string     `json:"title"`
	Authority  string     `json:"authority,omitempty"`
	Checkpoint string     `json:"checkpoint"` // of the last record in journal.json
	Records    int        `json:"records"`
	Documents  []DocEntry `json:"documents"`

	// Redaction is set in a redacted copy (FormatCopy, PACK.md section 6).
	Redaction *Redaction `json:"redaction,omitempty"`
	// LeftOut are the journal records (by seq) whose content a copy does
	// not hold: the notes of the receiver of an earlier pack, in a pack
	// Redress at main 2d55043 made from the case that pack was added as
	// (FormatCopy). A pack made from such a copy keeps the list.
	LeftOut []uint64 `json:"left_out,omitempty"`
}

// DocEntry is one document in the pack. Bytes says whether its original
// bytes are in the pack (a metadata-only document has none).
type DocEntry struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	SHA256 string `json:"sha256"`
	Size   int64  `json:"size"`
	Bytes  bool   `json:"bytes"`
	Text   bool   `json:"text"` // extracted text per page is in the pack
}

// Options say whom a pack is for: an age recipient ("age1..."), or else a
// passphrase.
type Options struct {
	Recipient  string
	Passphrase []byte
	Now        time.Time

	WorkFactor int // scrypt log2 work factor of a passphrase pack; 0 means age's default, 18 (tests lower it)

	// Redact, when set, makes the pack a redacted copy (PACK.md section 6).
	Redact Redacter
}

// ErrWrongKey means the pack was not encrypted for the key or passphrase
// given (or it was re-encrypted to another one).
var ErrWrongKey = errors.New("this pack was not encrypted for that key or passphrase")

// ErrDamaged means the pack's bytes were changed or cut short after it was
// made, or it is not a Redress pack.
var ErrDamaged = errors.New("the pack is damaged or was changed after it was made")

// CheckRecipient says whether s is an age public key ("age1...") a pack
// can be encrypted to, before any work is done.
func CheckRecipient(s string) error {
	if _, err := age.ParseX25519Recipient(strings.TrimSpace(s)); err != nil {
		return fmt.Errorf("recipient %q is not an age public key (age1...): %w", s, err)
	}
	return nil
}

func recipient(opt Options) (age.Recipient, error) {
	if opt.Recipient != "" {
		r, err := age.ParseX25519Recipient(strings.TrimSpace(opt.Recipient))
		if err != nil {
			return nil, fmt.Errorf("recipient %q is not an age public key (age1...): %w", opt.Recipient, err)
		}
		return r, nil
	}
	if len(opt.Passphrase) == 0 {
		return nil, errors.New("a pack needs a recipient's public key or a passphrase")
	}
	r, err := age.NewScryptRecipient(string(opt.Passphrase))
	if err != nil {
		return nil, fmt.Errorf("passphrase: %w", err)
	}
	if opt.WorkFactor > 0 {
		r.SetWorkFactor(opt.WorkFactor)
	}
	return r, nil
}

// Write writes the case as a pack to w. Nothing is written anywhere else:
// the plaintext exists only in memory, one document chunk at a time.
func Write(ctx context.Context, w io.Writer, v *store.Vault, caseID string, opt Options) (*Manifest, error) {
	rcp, err := recipient(opt)
	if err != nil {
		return nil, err
	}
	src, err := sourceOf(ctx, v, caseID)
	if err != nil {
		return nil, err
	}
	recs := src.recs
	c, err := src.caseOf()
	if err != nil {
		return nil, fmt.Errorf("pack: %w", err)
	}
	last := recs[len(recs)-1]
	checkpoint := store.FormatCheckpoint(last.Seq, last.Hash)
	cp, err := planCopy(ctx, v, src, c, opt)
	if err != nil {
		return nil, err
	}
	if cp.isCopy() {
		// What the receiver will see is rebuilt exactly as Open rebuilds
		// it, so a copy that would not open is never written.
		if c, _, err = copyCase(recs, cp.leftOut, cp.redacted); err != nil {
			return nil, fmt.Errorf("pack: %w", err)
		}
	}
	now := opt.Now
	if now.IsZero() {
		now = time.Now()
	}
	m := &Manifest{Format: FormatName, Created: now.UTC().Format(time.RFC3339), Case: src.family,
		Title: c.Title, Authority: c.Authority, Checkpoint: checkpoint, Records: len(recs)}
	if cp.isCopy() {
		m.Format, m.Redaction = FormatCopy, cp.red
		for seq := range cp.leftOut {
			m.LeftOut = append(m.LeftOut, seq)
		}
		slices.Sort(m.LeftOut)
	}
	texts := map[string][]byte{}
	for _, d := range c.Documents {
		e := DocEntry{ID: d.ID, Name: d.Name, SHA256: d.SHA256, Size: d.Size}
		var pages []store.PageText
		if cp.red != nil {
			rd := cp.docs[d.ID]
			e.Bytes, pages = rd.Withheld == "", rd.Pages
		} else {
			if e.Bytes, err = src.hasBytes(ctx, v, d); err != nil {
				return nil, err
			}
			if e.Bytes {
				if pages, err = v.PageTexts(ctx, caseID, d.ID); err != nil {
					return nil, fmt.Errorf("pack: text of document %s: %w", d.ID, err)
				}
			}
		}
		if e.Bytes && len(pages) > 0 {
			b, err := json.Marshal(pages)
			if err != nil {
				return nil, err
			}
			texts[d.ID] = b
			e.Text = true
		}
		m.Documents = append(m.Documents, e)
	}
	aw, err := age.Encrypt(w, rcp)
	if err != nil {
		return nil, fmt.Errorf("pack: encrypt: %w", err)
	}
	tw := tar.NewWriter(aw)
	put := func(name string, b []byte) error {
		if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o600, Size: int64(len(b)), Format: tar.FormatPAX, ModTime: time.Unix(0, 0)}); err != nil {
			return err
		}
		_, err := tw.Write(b)
		return err
	}
	mb, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, err
	}
	jb, err := json.Marshal(recs)
	if err != nil {
		return nil, err
	}
	if err := put(manifestName, mb); err != nil {
		return nil, fmt.Errorf("pack: write: %w", err)
	}
	if err := put(journalName, jb); err != nil {
		return nil, fmt.Errorf("pack: write: %w", err)
	}
	if cp.red != nil {
		var list []redactedContent
		for _, seq := range cp.red.Records {
			list = append(list, redactedContent{Seq: seq, Content: cp.redacted[seq]})
		}
		b, err := json.Marshal(list)
		if err != nil {
			return nil, err
		}
		if err := put(redactedName, b); err != nil {
			return nil, fmt.Errorf("pack: write: %w", err)
		}
	}
	for _, e := range m.Documents {
		if e.Bytes && cp.red != nil {
			if err := put(docPrefix+e.ID, cp.docs[e.ID].Data); err != nil {
				return nil, fmt.Errorf("pack: write: %w", err)
			}
		} else if e.Bytes {
			if err := tw.WriteHeader(&tar.Header{Name: docPrefix + e.ID, Mode: 0o600, Size: e.Size, Format: tar.FormatPAX, ModTime: time.Unix(0, 0)}); err != nil {
				return nil, fmt.Errorf("pack: write: %w", err)
			}
			rc, err := v.OpenDocument(ctx, caseID, e.ID)
			if err != nil {
				return nil, fmt.Errorf("pack: document %s: %w", e.ID, err)
			}
			n, err := io.Copy(tw, rc)
			rc.Close()
			if err != nil {
				return nil, fmt.Errorf("pack: document %s: %w", e.ID, err)
			}
			if n != e.Size {
				return nil, fmt.Errorf("pack: document %s: read %d bytes, the record says %d", e.ID, n, e.Size)
			}
		}
		if e.Text {
			if err := put(textPrefix+e.ID+".json", texts[e.ID]); err != nil {
				return nil, fmt.Errorf("pack: write: %w", err)
			}
		}
	}
	if err := tw.Close(); err != nil {
		return nil, fmt.Errorf("pack: write: %w", err)
	}
	if err := aw.Close(); err != nil {
		return nil, fmt.Errorf("pack: write: %w", err)
	}
	return m, nil
}

// Key opens a pack: a passphrase, or age identities (the text of an age
// identity file, "AGE-SECRET-KEY-1...").
type Key struct {
	Passphrase []byte
	Identities string
}

func (k Key) identities() ([]age.Identity, error) {
	var ids []age.Identity
	if k.Identities != "" {
		parsed, err := age.ParseIdentities(strings.NewReader(k.Identities))
		if err != nil {
			return nil, fmt.Errorf("the identity file is not an age identity: %w", err)
		}
		ids = append(ids, parsed...)
	}
	if len(k.Passphrase) > 0 {
		id, err := age.NewScryptIdentity(string(k.Passphrase))
		if err != nil {
			return nil, err
		}
		id.SetMaxWorkFactor(22)
		ids = append(ids, id)
	}
	if len(ids) == 0 {
		return nil, errors.New("no passphrase or identity to open the pack with")
	}
	return ids, nil
}

// Pack is an opened pack, held in memory and checked: a read-only view of
// the family's record that needs no vault.
type Pack struct {
	Manifest  Manifest
	Records   []store.Record
	Case      *casefile.Case // rebuilt from Records, so exactly what the chain commits to
	Letters   []store.Letter
	Originals map[string][]byte           // document ID -> original bytes (in a redacted copy, the redacted rendering)
	Texts     map[string][]store.PageText // document ID -> extracted text (derived, not in the chain)

	redacted map[uint64][]byte // a redacted copy's redacted content, by record
}

// Encrypted reports whether head (the first bytes of a file) looks like an
// age file, as a pack is.
func Encrypted(head []byte) bool {
	return bytes.HasPrefix(head, []byte("age-encryption.org/v1\n"))
}

// Open decrypts and checks a pack: the age encryption (which fails on any
// changed or missing byte), the journal's chain (store.VerifyChain), the
// manifest's checkpoint against the last record, each document's bytes
// against the SHA-256 its record commits to, and then any checkpoints given.
// Every failure is an error; nothing partial is returned.
func Open(r io.Reader, key Key, checkpoints ...string) (*Pack, error) {
	ids, err := key.identities()
	if err != nil {
		return nil, err
	}
	ar, err := age.Decrypt(r, ids...)
	if err != nil {
		var nm *age.NoIdentityMatchError
		if errors.As(err, &nm) {
			return nil, ErrWrongKey
		}
		return nil, fmt.Errorf("%w (%v)", ErrDamaged, err)
	}
	p := &Pack{Originals: map[string][]byte{}, Texts: map[string][]store.PageText{}}
	tr := tar.NewReader(ar)
	seen := map[string]bool{}
	var gotManifest, gotJournal bool
	for n := 0; ; n++ {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%w (%v)", ErrDamaged, err)
		}
		if n > maxEntries || h.Size < 0 {
			return nil, fmt.Errorf("%w (too many or bad entries)", ErrDamaged)
		}
		if !plainFile(h) {
			return nil, fmt.Errorf("%w (entry %q is not a plain file)", ErrDamaged, h.Name)
		}
		name := h.Name
		if seen[name] || path.Clean(name) != name || strings.HasPrefix(name, "/") {
			return nil, fmt.Errorf("%w (entry %q repeated or not a plain name)", ErrDamaged, name)
		}
		seen[name] = true
		switch {
		case n == 0 && name != manifestName:
			return nil, fmt.Errorf("%w (the first entry is not the manifest)", ErrDamaged)
		case name == manifestName:
			if err := readJSON(tr, h, &p.Manifest); err != nil {
				return nil, err
			}
			if err := checkFormat(p.Manifest.Format); err != nil {
				return nil, err
			}
			gotManifest = true
		case name == redactedName:
			if p.Manifest.Redaction == nil {
				return nil, fmt.Errorf("%w (redacted content in a pack that is not a redacted copy)", ErrDamaged)
			}
			var list []redactedContent
			if err := readJSON(tr, h, &list); err != nil {
				return nil, err
			}
			p.redacted = map[uint64][]byte{}
			for _, rc := range list {
				if _, dup := p.redacted[rc.Seq]; dup || rc.Content == nil {
					return nil, fmt.Errorf("%w (redacted content of journal record %d repeated or empty)", ErrDamaged, rc.Seq)
				}
				p.redacted[rc.Seq] = rc.Content
			}
		case name == journalName:
			if err := readJSON(tr, h, &p.Records); err != nil {
				return nil, err
			}
			gotJournal = true
		case strings.HasPrefix(name, docPrefix):
			id := strings.TrimPrefix(name, docPrefix)
			e, ok := p.doc(id)
			if !ok || !e.Bytes || h.Size != e.Size {
				return nil, fmt.Errorf("%w (document %q is not the one the manifest lists)", ErrDamaged, id)
			}
			b, err := io.ReadAll(io.LimitReader(tr, h.Size))
			if err != nil {
				return nil, fmt.Errorf("%w (%v)", ErrDamaged, err)
			}
			p.Originals[id] = b
		case strings.HasPrefix(name, textPrefix) && strings.HasSuffix(name, ".json"):
			id := strings.TrimSuffix(strings.TrimPrefix(name, textPrefix), ".json")
			if e, ok := p.doc(id); !ok || !e.Text {
				return nil, fmt.Errorf("%w (text of document %q is not listed in the manifest)", ErrDamaged, id)
			}
			var pages []store.PageText
			if err := readJSON(tr, h, &pages); err != nil {
				return nil, err
			}
			p.Texts[id] = pages
		default:
			return nil, fmt.Errorf("%w (unknown entry %q)", ErrDamaged, name)
		}
	}
	// Read the age stream to its authenticated end: a pack cut short after
	// the archive's end still fails here.
	if _, err := io.Copy(io.Discard, ar); err != nil {
		return nil, fmt.Errorf("%w (%v)", ErrDamaged, err)
	}
	if !gotManifest || !gotJournal {
		return nil, fmt.Errorf("%w (the manifest or the journal is missing)", ErrDamaged)
	}
	if err := p.check(checkpoints); err != nil {
		return nil, err
	}
	return p, nil
}

// plainFile reports whether an archive entry is a plain file whose bytes
// are all in the archive, as Write makes them. A sparse file (GNU sparse,
// or PAX GNU.sparse records, which archive/tar reports as a plain file)
// reads as its holes filled with zeros: a few bytes in the pack could
// claim gigabytes, so it is refused before anything is read.
func plainFile(h *tar.Header) bool {
	if h.Typeflag != tar.TypeReg {
		return false
	}
	for k := range h.PAXRecords {
		if strings.HasPrefix(k, "GNU.sparse.") {
			return false
		}
	}
	return true
}

func (p *Pack) doc(id string) (DocEntry, bool) {
	for _, e := range p.Manifest.Documents {
		if e.ID == id {
			return e, true
		}
	}
	return DocEntry{}, false
}

func readJSON(tr *tar.Reader, h *tar.Header, v any) error {
	if h.Size > maxJSON {
		return fmt.Errorf("%w (%s is too large)", ErrDamaged, h.Name)
	}
	b, err := io.ReadAll(io.LimitReader(tr, h.Size))
	if err != nil {
		return fmt.Errorf("%w (%v)", ErrDamaged, err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%w (%s: %v)", ErrDamaged, h.Name, err)
	}
	return nil
}

// check is everything Open proves beyond the encryption.
func (p *Pack) check(checkpoints []string) error {
	m := &p.Manifest
	if len(p.Records) == 0 || len(p.Records) != m.Records {
		return fmt.Errorf("%w (the journal has %d records, the manifest says %d)", ErrDamaged, len(p.Records), m.Records)
	}
	if p.Records[0].Case != m.Case {
		return fmt.Errorf("%w (the journal is of case %q, the manifest says %q)", ErrDamaged, p.Records[0].Case, m.Case)
	}
	var c *casefile.Case
	var letters []store.Letter
	var err error
	if m.Format == FormatName && (m.Redaction != nil || m.LeftOut != nil) {
		return fmt.Errorf("%w (a %s pack cannot be a copy)", ErrDamaged, FormatName)
	}
	if m.Format == FormatCopy {
		c, letters, err = p.copyCase()
	} else {
		c, letters, err = store.CaseFromRecords(p.Records)
		if err != nil {
			err = fmt.Errorf("the record in the pack does not verify: %w", err)
		}
	}
	if err != nil {
		return err
	}
	last := p.Records[len(p.Records)-1]
	if got := store.FormatCheckpoint(last.Seq, last.Hash); got != m.Checkpoint {
		return fmt.Errorf("%w (the manifest's checkpoint %s is not the journal's last record, %s)", ErrDamaged, m.Checkpoint, got)
	}
	if len(c.Documents) != len(m.Documents) {
		return fmt.Errorf("%w (the manifest lists %d documents, the record has %d)", ErrDamaged, len(m.Documents), len(c.Documents))
	}
	for i, d := range c.Documents {
		e := m.Documents[i]
		if e.ID != d.ID || e.SHA256 != d.SHA256 || e.Size != d.Size {
			return fmt.Errorf("%w (document %s in the manifest differs from its record)", ErrDamaged, e.ID)
		}
		b, ok := p.Originals[d.ID]
		if e.Bytes != ok {
			return fmt.Errorf("%w (the bytes of document %s are missing)", ErrDamaged, d.ID)
		}
		if ok {
			sum := sha256.Sum256(b)
			if hex.EncodeToString(sum[:]) != d.SHA256 {
				return fmt.Errorf("document %s (%s): its bytes do not match the SHA-256 in the record: %w", d.ID, d.Name, casefile.ErrTampered)
			}
		}
		if _, ok := p.Texts[d.ID]; ok != e.Text {
			return fmt.Errorf("%w (the text of document %s is missing)", ErrDamaged, d.ID)
		}
	}
	if err := p.checkCopyLists(c); err != nil {
		return err
	}
	for _, cp := range checkpoints {
		if cp == "" {
			continue
		}
		if err := store.VerifyChain(p.Records, cp); err != nil {
			return fmt.Errorf("checkpoint %s: %w", cp, err)
		}
	}
	p.Case, p.Letters = c, letters
	return nil
}
