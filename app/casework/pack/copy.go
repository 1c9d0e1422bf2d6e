package pack

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/store"
)

// FormatCopy is the manifest's format field of a pack that is a copy of the
// record rather than the whole of it (PACK.md section 6): a redacted copy,
// or one from a case added from a pack, with the receiver's own notes left
// out. A pack of the whole record is still written as FormatName, so that
// an older Redress opens it.
const FormatCopy = "redress-pack/2"

// redactedName is the archive entry holding the redacted content of the
// records a redacted copy changed.
const redactedName = "redacted.json"

// ErrNewer means the pack was made by a newer Redress, in a format this one
// does not know.
var ErrNewer = errors.New("this pack was made by a newer version of Redress: update Redress to open it")

// ErrRedactedCopy means a redacted copy was given where only the family's
// whole record will do (adding it to a vault).
var ErrRedactedCopy = errors.New("this pack is a redacted copy: words were taken out of the family's record, so it cannot be added to a vault as their record (it can be read and verified); ask the family for a pack that is not redacted")

// Redaction is what a redacted copy's manifest says about it: which records
// and documents differ from the family's record, never what was taken out.
type Redaction struct {
	// Records are the journal records (by seq) whose content in the pack is
	// a redacted copy (in redacted.json); journal.json keeps their chain
	// hashes but not their content.
	Records []uint64 `json:"records"`
	// Documents are the documents whose bytes in the pack are their
	// redacted rendering (pages drawn as images with black boxes, or the
	// redacted text of a Word file, an email, a web page or a text file),
	// with their extracted text redacted too.
	Documents []string `json:"documents"`
	// Withheld are the documents whose bytes are not in the pack: they
	// could not be redacted (a recording, a page whose words could not be
	// read), so only their redacted description is.
	Withheld []string `json:"withheld"`
}

// Redacter makes the redacted copy of a case (Options.Redact):
// casework.PackRedacter is the one Redress uses. Pack only places what it
// returns; it never sees what was taken out.
type Redacter interface {
	// Content returns a journal record's content (store/FORMAT.md section
	// 7) of type typ with the words taken out, and whether it changed. A
	// content it cannot read is an error: nothing is copied unredacted.
	Content(typ string, content []byte) ([]byte, bool, error)
	// Document returns the redacted copy of document d, whose bytes are
	// data and extracted text pages.
	Document(ctx context.Context, d casefile.Document, data []byte, pages []store.PageText) (RedactedDocument, error)
}

// RedactedDocument is what a redacted copy holds of a document.
type RedactedDocument struct {
	// Withheld says why the bytes are left out ("" when they are not).
	Withheld string
	Name     string // the redacted rendering's name ("minutes (redacted).pdf")
	Type     string // its media type
	Data     []byte
	Pages    []store.PageText // its extracted text, redacted
	Changed  bool             // anything was taken out of it
}

// redactedContent is one entry of redacted.json.
type redactedContent struct {
	Seq     uint64 `json:"seq"`
	Content []byte `json:"content"`
}

// copyPlan is how Write makes a copy: the records whose content is left
// out or redacted, and what each document becomes.
type copyPlan struct {
	leftOut  map[uint64]bool
	redacted map[uint64][]byte
	docs     map[string]RedactedDocument // by document ID, in a redacted copy
	red      *Redaction
}

// isCopy reports whether the pack written is a copy (FormatCopy).
func (cp *copyPlan) isCopy() bool { return cp != nil && (cp.red != nil || len(cp.leftOut) > 0) }

// planCopy decides what a copy leaves out (what the family's record left
// out already: a pack made from a case added from a pack is the family's
// record, so the receiver's own notes, events, letters and documents are
// never in it) and redacts, changing src.recs in place (the content of
// those records is withheld: their salt and content are cleared, their
// chain hashes kept).
func planCopy(ctx context.Context, v *store.Vault, src *source, c *casefile.Case, opt Options) (*copyPlan, error) {
	recs, caseID := src.recs, src.local
	cp := &copyPlan{leftOut: src.leftOut, redacted: map[uint64][]byte{}}
	if opt.Redact == nil {
		return cp, nil
	}
	cp.red = &Redaction{Records: []uint64{}, Documents: []string{}, Withheld: []string{}}
	cp.docs = map[string]RedactedDocument{}
	for _, d := range c.Documents {
		rd := RedactedDocument{Withheld: "the vault has only its description"}
		has, err := src.hasBytes(ctx, v, d)
		if err != nil {
			return nil, err
		}
		if has {
			data, err := readDocument(ctx, v, caseID, d.ID)
			if err != nil {
				return nil, fmt.Errorf("pack: document %s: %w", d.ID, err)
			}
			pages, err := v.PageTexts(ctx, caseID, d.ID)
			if err != nil {
				return nil, fmt.Errorf("pack: text of document %s: %w", d.ID, err)
			}
			if rd, err = opt.Redact.Document(ctx, d, data, pages); err != nil {
				return nil, fmt.Errorf("pack: redact document %s: %w", d.ID, err)
			}
			switch {
			case rd.Withheld != "":
				cp.red.Withheld = append(cp.red.Withheld, d.ID)
			default:
				cp.red.Documents = append(cp.red.Documents, d.ID)
			}
		}
		cp.docs[d.ID] = rd
	}
	for i := range recs {
		r := &recs[i]
		if r.Content == nil || cp.leftOut[r.Seq] {
			continue
		}
		out, changed, err := opt.Redact.Content(r.Type, r.Content)
		if err != nil {
			return nil, fmt.Errorf("pack: redact journal record %d (%s %s): %w", r.Seq, r.Type, r.Object, err)
		}
		if r.Type == store.TypeDocument {
			if out, err = placeDocument(out, cp.docs[r.Object]); err != nil {
				return nil, fmt.Errorf("pack: journal record %d (document %s): %w", r.Seq, r.Object, err)
			}
			changed = true // its bytes are the redacted rendering, or withheld
		}
		if !changed {
			continue
		}
		cp.redacted[r.Seq] = out
		cp.red.Records = append(cp.red.Records, r.Seq)
		r.Salt, r.Content = nil, nil
	}
	return cp, nil
}

// placeDocument points a document record's redacted content at its
// redacted rendering (name, type, SHA-256 and size), or, for a document
// withheld, at no bytes. The vault's own storage fields are dropped.
func placeDocument(content []byte, rd RedactedDocument) ([]byte, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(content, &m); err != nil {
		return nil, err
	}
	for _, k := range []string{"blob", "chunk_size", "chunks", "sha256", "size"} {
		delete(m, k)
	}
	if rd.Withheld == "" {
		set := func(k string, v any) {
			b, _ := json.Marshal(v)
			m[k] = b
		}
		set("name", rd.Name)
		set("type", rd.Type)
		set("sha256", sha256Hex(rd.Data))
		set("size", int64(len(rd.Data)))
	}
	return json.Marshal(m)
}

// rebuild returns the records a copy's case is rebuilt from: the journal
// with the left-out records taken away and the redacted content in place
// of the withheld, each record's commitment and chain hash computed again
// over that content. The family's chain (recs) is checked as it is by
// VerifyChain before; this one only lets store.CaseFromRecords read the
// copy exactly as it reads a whole record.
func rebuild(recs []store.Record, leftOut map[uint64]bool, redacted map[uint64][]byte) ([]store.Record, error) {
	out := make([]store.Record, 0, len(recs))
	newHash := map[store.Hash]store.Hash{}
	var prev store.Hash
	salt := make([]byte, 32)
	for _, r := range recs {
		red, isRed := redacted[r.Seq]
		if leftOut[r.Seq] {
			if r.Type != store.TypeNote || r.Content != nil || isRed {
				return nil, fmt.Errorf("%w (journal record %d is listed as a receiver's note left out, but is not one)", ErrDamaged, r.Seq)
			}
			continue
		}
		if isRed {
			if r.Content != nil || r.ContentHash.IsZero() {
				return nil, fmt.Errorf("%w (journal record %d is listed as redacted, but has its content or none to redact)", ErrDamaged, r.Seq)
			}
			r.Salt, r.Content = salt, red
			r.ContentHash = store.ContentCommitment(salt, red)
		}
		if !r.Replaces.IsZero() {
			h, ok := newHash[r.Replaces]
			if !ok {
				return nil, fmt.Errorf("%w (journal record %d amends a record that is left out)", ErrDamaged, r.Seq)
			}
			r.Replaces = h
		}
		r.Seq = uint64(len(out) + 1)
		r.Prev = prev
		old := r.Hash
		r.Hash = r.ComputeHash()
		newHash[old] = r.Hash
		prev = r.Hash
		out = append(out, r)
	}
	for seq := range redacted {
		if seq == 0 || seq > uint64(len(recs)) {
			return nil, fmt.Errorf("%w (redacted content for journal record %d, which the journal does not have)", ErrDamaged, seq)
		}
	}
	for seq := range leftOut {
		if seq == 0 || seq > uint64(len(recs)) {
			return nil, fmt.Errorf("%w (journal record %d is listed as left out, which the journal does not have)", ErrDamaged, seq)
		}
	}
	return out, nil
}

// copyCase rebuilds a copy's case and letters (rebuild).
func copyCase(recs []store.Record, leftOut map[uint64]bool, redacted map[uint64][]byte) (*casefile.Case, []store.Letter, error) {
	shadow, err := rebuild(recs, leftOut, redacted)
	if err != nil {
		return nil, nil, err
	}
	c, letters, err := store.CaseFromRecords(shadow)
	if err != nil {
		return nil, nil, fmt.Errorf("%w (the copy's records do not make a case: %v)", ErrDamaged, err)
	}
	return c, letters, nil
}

// RedactedCopy reports whether the pack is a redacted copy of the family's
// record (words were taken out of it when it was made).
func (p *Pack) RedactedCopy() bool { return p.Manifest.Redaction != nil }

// LeftOut is how many journal records of the pack's case the pack does not
// disclose because they are the notes of someone who received the family's
// record, not the family's (PACK.md section 6).
func (p *Pack) LeftOut() int { return len(p.Manifest.LeftOut) }

// seqSet checks a manifest's list of records and returns it as a set.
func seqSet(seqs []uint64, n int) (map[uint64]bool, error) {
	set := map[uint64]bool{}
	for _, s := range seqs {
		if s == 0 || s > uint64(n) || set[s] {
			return nil, fmt.Errorf("%w (the manifest lists journal record %d twice or out of range)", ErrDamaged, s)
		}
		set[s] = true
	}
	return set, nil
}

// checkCopyLists checks that a redacted copy's manifest lists are
// consistent with what the pack holds.
func (p *Pack) checkCopyLists(c *casefile.Case) error {
	red := p.Manifest.Redaction
	if red == nil {
		return nil
	}
	for _, id := range slices.Concat(red.Documents, red.Withheld) {
		if !slices.ContainsFunc(c.Documents, func(d casefile.Document) bool { return d.ID == id }) {
			return fmt.Errorf("%w (the manifest lists document %q as redacted, which the copy does not have)", ErrDamaged, id)
		}
	}
	for _, id := range red.Withheld {
		if e, _ := p.doc(id); e.Bytes {
			return fmt.Errorf("%w (document %q is listed as withheld but its bytes are in the pack)", ErrDamaged, id)
		}
	}
	return nil
}

// checkFormat accepts the formats this Redress reads (PACK.md section 7).
func checkFormat(f string) error {
	switch {
	case f == FormatName || f == FormatCopy:
		return nil
	case strings.HasPrefix(f, "redress-pack/"):
		return fmt.Errorf("%w (format %q; this Redress reads %s and %s)", ErrNewer, f, FormatName, FormatCopy)
	}
	return fmt.Errorf("%w (format %q, expected %s)", ErrDamaged, f, FormatName)
}

// copyCase checks a copy's family chain (every hash and link, and every
// content it still discloses) and rebuilds its case from the records it
// holds (rebuild).
func (p *Pack) copyCase() (*casefile.Case, []store.Letter, error) {
	m := &p.Manifest
	if err := store.VerifyChain(p.Records); err != nil {
		return nil, nil, fmt.Errorf("the record in the pack does not verify: %w", err)
	}
	leftOut, err := seqSet(m.LeftOut, len(p.Records))
	if err != nil {
		return nil, nil, err
	}
	red := map[uint64][]byte{}
	if m.Redaction != nil {
		listed, err := seqSet(m.Redaction.Records, len(p.Records))
		if err != nil {
			return nil, nil, err
		}
		if len(listed) != len(p.redacted) {
			return nil, nil, fmt.Errorf("%w (the manifest lists %d redacted records, the pack holds %d)", ErrDamaged, len(listed), len(p.redacted))
		}
		for seq := range p.redacted {
			if !listed[seq] {
				return nil, nil, fmt.Errorf("%w (redacted content of journal record %d, which the manifest does not list)", ErrDamaged, seq)
			}
		}
		red = p.redacted
	}
	return copyCase(p.Records, leftOut, red)
}

func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// readDocument reads a document's bytes from the vault into memory.
func readDocument(ctx context.Context, v *store.Vault, caseID, docID string) ([]byte, error) {
	rc, err := v.OpenDocument(ctx, caseID, docID)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(rc)
}

// Redact does what Write does to make a redacted copy of the case, and
// writes nothing: the desktop's and the command line's preview call it
// with a Redacter that lists its changes. It returns what the manifest
// would say.
func Redact(ctx context.Context, v *store.Vault, caseID string, red Redacter) (*Redaction, error) {
	src, err := sourceOf(ctx, v, caseID)
	if err != nil {
		return nil, err
	}
	c, err := src.caseOf()
	if err != nil {
		return nil, fmt.Errorf("pack: %w", err)
	}
	cp, err := planCopy(ctx, v, src, c, Options{Redact: red})
	if err != nil {
		return nil, err
	}
	return cp.red, nil
}
