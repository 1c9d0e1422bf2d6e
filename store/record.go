package store

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/redress-app/redress/casefile"
)

// Hash is a SHA-256 value: a journal record's chain hash or a content
// commitment. The zero Hash means "none" (a genesis record's Prev, a record
// with no content). It marshals as lower-case hex.
type Hash [32]byte

// IsZero reports whether h is the zero Hash.
func (h Hash) IsZero() bool { return h == Hash{} }

// String returns h in lower-case hex.
func (h Hash) String() string { return hex.EncodeToString(h[:]) }

// MarshalText encodes h as lower-case hex.
func (h Hash) MarshalText() ([]byte, error) { return []byte(h.String()), nil }

// UnmarshalText decodes 64 hex digits.
func (h *Hash) UnmarshalText(b []byte) error {
	if len(b) != 64 {
		return fmt.Errorf("hash must be 64 hex digits, not %d characters", len(b))
	}
	_, err := hex.Decode(h[:], b)
	return err
}

// Journal operations (Record.Op).
const (
	OpCreate    = "create"
	OpAmend     = "amend"
	OpArchive   = "archive"
	OpUnarchive = "unarchive"
	OpPurge     = "purge"
)

// Object types (Record.Type).
const (
	TypeCase     = "case"
	TypeChild    = "child"
	TypePerson   = "person"
	TypeEvent    = "event"
	TypeNote     = "note"
	TypeDocument = "document"
	TypeLetter   = "letter"
)

var (
	ops   = []string{OpCreate, OpAmend, OpArchive, OpUnarchive, OpPurge}
	types = []string{TypeCase, TypeChild, TypePerson, TypeEvent, TypeNote, TypeDocument, TypeLetter}
)

// caseObject is the object ID of a case's own details (title, authority).
const caseObject = "case"

// Record is one entry of a case's journal: every create, amendment, archive
// and purge. The fields from Case to ContentHash are hashed into the chain
// (FORMAT.md section 6); Salt and Content, when present, open ContentHash.
type Record struct {
	Case        string `json:"case"`
	Seq         uint64 `json:"seq"`
	Prev        Hash   `json:"prev"`
	Time        string `json:"time"` // RFC 3339 in UTC, from the vault's clock
	Op          string `json:"op"`
	Type        string `json:"type"`
	Object      string `json:"object"`
	Version     uint64 `json:"version"`
	Replaces    Hash   `json:"replaces,omitzero"`     // amend: the record that made the replaced version
	ContentHash Hash   `json:"content_hash,omitzero"` // create, amend: commitment to Content

	Hash    Hash   `json:"hash"`              // the chain hash, as recorded
	Salt    []byte `json:"salt,omitempty"`    // 32 bytes; absent when purged or not disclosed
	Content []byte `json:"content,omitempty"` // the object's JSON (FORMAT.md section 7)
}

const (
	journalDomain = "redress/journal/v1\x00"
	commitDomain  = "redress/commit/v1\x00"
	maxField      = 1 << 16
)

// Encode returns the record's canonical encoding: the hashed fields, each
// string or byte field as a 4-byte big-endian length and the bytes, each
// number as 8 bytes big-endian, zero Hashes as empty byte fields.
func (r *Record) Encode() []byte {
	b := make([]byte, 0, 160+len(r.Case)+len(r.Object))
	str := func(s string) { b = binary.BigEndian.AppendUint32(b, uint32(len(s))); b = append(b, s...) }
	hash := func(h Hash) {
		if h.IsZero() {
			b = binary.BigEndian.AppendUint32(b, 0)
			return
		}
		b = binary.BigEndian.AppendUint32(b, 32)
		b = append(b, h[:]...)
	}
	str(r.Case)
	b = binary.BigEndian.AppendUint64(b, r.Seq)
	hash(r.Prev)
	str(r.Time)
	str(r.Op)
	str(r.Type)
	str(r.Object)
	b = binary.BigEndian.AppendUint64(b, r.Version)
	hash(r.Replaces)
	hash(r.ContentHash)
	return b
}

// ComputeHash returns SHA-256("redress/journal/v1" 0x00 || Encode()).
func (r *Record) ComputeHash() Hash {
	h := sha256.New()
	h.Write([]byte(journalDomain))
	h.Write(r.Encode())
	var out Hash
	h.Sum(out[:0])
	return out
}

// ContentCommitment returns SHA-256("redress/commit/v1" 0x00 || salt || content),
// the ContentHash of a record whose content is content.
func ContentCommitment(salt, content []byte) Hash {
	h := sha256.New()
	h.Write([]byte(commitDomain))
	h.Write(salt)
	h.Write(content)
	var out Hash
	h.Sum(out[:0])
	return out
}

var idPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$`)

// validID is idPattern.MatchString without the regexp, for the load path.
func validID(s string) bool {
	if len(s) == 0 || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		alnum := 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
		if !alnum && (i == 0 || (c != '.' && c != '_' && c != ':' && c != '-')) {
			return false
		}
	}
	return true
}

// validCaseID is casePattern.MatchString without the regexp.
func validCaseID(s string) bool {
	if len(s) != 16 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !strings.ContainsRune("0123456789abcdefghjkmnpqrstvwxyz", rune(s[i])) {
			return false
		}
	}
	return true
}

// decodeRecord parses a canonical encoding strictly (it is fuzzed).
func decodeRecord(b []byte) (Record, error) {
	var r Record
	fail := func(what string) (Record, error) { return Record{}, fmt.Errorf("record encoding: %s", what) }
	raw := func() (string, bool) {
		if len(b) < 4 {
			return "", false
		}
		n := binary.BigEndian.Uint32(b)
		if n > maxField || int(n) > len(b)-4 {
			return "", false
		}
		s := string(b[4 : 4+n])
		b = b[4+n:]
		return s, true
	}
	str := func() (string, bool) {
		s, ok := raw()
		return s, ok && utf8.ValidString(s)
	}
	num := func() (uint64, bool) {
		if len(b) < 8 {
			return 0, false
		}
		n := binary.BigEndian.Uint64(b)
		b = b[8:]
		return n, true
	}
	hash := func() (Hash, bool) {
		s, ok := raw()
		if !ok || (len(s) != 0 && len(s) != 32) {
			return Hash{}, false
		}
		var h Hash
		copy(h[:], s)
		if len(s) == 32 && h.IsZero() {
			return Hash{}, false // the zero hash is written as an empty field
		}
		return h, true
	}
	var ok bool
	if r.Case, ok = str(); !ok {
		return fail("case")
	}
	if r.Seq, ok = num(); !ok {
		return fail("seq")
	}
	if r.Prev, ok = hash(); !ok {
		return fail("prev")
	}
	if r.Time, ok = str(); !ok {
		return fail("time")
	}
	if r.Op, ok = str(); !ok {
		return fail("op")
	}
	if r.Type, ok = str(); !ok {
		return fail("type")
	}
	if r.Object, ok = str(); !ok {
		return fail("object")
	}
	if r.Version, ok = num(); !ok {
		return fail("version")
	}
	if r.Replaces, ok = hash(); !ok {
		return fail("replaces")
	}
	if r.ContentHash, ok = hash(); !ok {
		return fail("content hash")
	}
	if len(b) != 0 {
		return fail("trailing bytes")
	}
	if err := r.checkFields(); err != nil {
		return Record{}, err
	}
	return r, nil
}

// checkFields checks one record on its own; checkChain checks it in order.
func (r *Record) checkFields() error {
	switch {
	case !validCaseID(r.Case):
		return fmt.Errorf("case id %q is malformed", r.Case)
	case r.Seq == 0:
		return errors.New("seq 0")
	case !validID(r.Object):
		return fmt.Errorf("object id %q is malformed", r.Object)
	case r.Version == 0:
		return errors.New("version 0")
	}
	if t, err := time.Parse(time.RFC3339Nano, r.Time); err != nil || t.Location() != time.UTC {
		return fmt.Errorf("time %q is not RFC 3339 UTC", r.Time)
	}
	if !contains(ops, r.Op) {
		return fmt.Errorf("unknown op %q", r.Op)
	}
	if !contains(types, r.Type) {
		return fmt.Errorf("unknown type %q", r.Type)
	}
	hasContent := r.Op == OpCreate || r.Op == OpAmend
	if hasContent == r.ContentHash.IsZero() {
		return fmt.Errorf("%s record with%s content hash", r.Op, map[bool]string{true: "out", false: ""}[hasContent])
	}
	if (r.Op == OpAmend) == r.Replaces.IsZero() {
		return fmt.Errorf("%s record with%s replaces", r.Op, map[bool]string{true: "out", false: ""}[r.Op == OpAmend])
	}
	if r.Op == OpCreate && r.Version != 1 {
		return fmt.Errorf("create of version %d", r.Version)
	}
	if (r.Type == TypeCase) != (r.Object == caseObject) {
		return fmt.Errorf("type %q with object %q", r.Type, r.Object)
	}
	if r.Type == TypeCase && (r.Op == OpPurge || r.Op == OpArchive || r.Op == OpUnarchive) {
		return fmt.Errorf("%s of the case details", r.Op)
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// chainState follows one case's chain, record by record, checking that each
// fits what came before. It is shared by the vault and VerifyChain.
type chainState struct {
	caseID string
	seq    uint64
	head   Hash
	objs   map[string]*chainObj // type + "/" + id
}

type chainObj struct {
	version  uint64
	last     Hash // record that made the current version
	archived bool
	purged   bool
}

func newChain(caseID string) *chainState {
	return &chainState{caseID: caseID, objs: map[string]*chainObj{}}
}

// next checks r against the chain so far and advances it. It returns a
// reason when r does not fit.
func (c *chainState) next(r *Record) error {
	if r.Case != c.caseID {
		return fmt.Errorf("belongs to case %q", r.Case)
	}
	if r.Seq != c.seq+1 {
		if r.Seq > c.seq+1 {
			return &missingError{c.seq + 1}
		}
		return fmt.Errorf("out of order after record %d", c.seq)
	}
	if r.Prev != c.head {
		return errors.New("does not link to the record before it")
	}
	if err := r.checkFields(); err != nil {
		return err
	}
	if got := r.ComputeHash(); subtle.ConstantTimeCompare(got[:], r.Hash[:]) != 1 {
		return errors.New("its hash does not match its contents")
	}
	if c.seq == 0 && (r.Type != TypeCase || r.Op != OpCreate) {
		return errors.New("a journal must start by creating the case")
	}
	key := r.Type + "/" + r.Object
	o := c.objs[key]
	switch r.Op {
	case OpCreate:
		if o != nil {
			return fmt.Errorf("%s %s is created twice", r.Type, r.Object)
		}
		o = &chainObj{}
		c.objs[key] = o
	default:
		if o == nil {
			return fmt.Errorf("%s %s does not exist", r.Type, r.Object)
		}
		if o.purged {
			return fmt.Errorf("%s %s was purged", r.Type, r.Object)
		}
	}
	switch r.Op {
	case OpCreate:
		o.version, o.last = 1, r.Hash
	case OpAmend:
		if r.Version != o.version+1 || r.Replaces != o.last {
			return fmt.Errorf("amends %s %s version %d, but the current version is %d", r.Type, r.Object, r.Version-1, o.version)
		}
		o.version, o.last = r.Version, r.Hash
	case OpArchive, OpUnarchive, OpPurge:
		if r.Version != o.version {
			return fmt.Errorf("%s names version %d of %s %s, but the current version is %d", r.Op, r.Version, r.Type, r.Object, o.version)
		}
		switch r.Op {
		case OpArchive:
			if o.archived {
				return fmt.Errorf("%s %s is already archived", r.Type, r.Object)
			}
			o.archived = true
		case OpUnarchive:
			if !o.archived {
				return fmt.Errorf("%s %s is not archived", r.Type, r.Object)
			}
			o.archived = false
		case OpPurge:
			o.purged = true
		}
	}
	c.seq, c.head = r.Seq, r.Hash
	return nil
}

// missingError reports a gap: the record that should come next is not there.
type missingError struct{ seq uint64 }

func (e *missingError) Error() string { return fmt.Sprintf("record %d is missing", e.seq) }

// chainError names the record a chain error is about: the missing one for a gap.
func chainError(r *Record, err error) *RecordError {
	var me *missingError
	if errors.As(err, &me) {
		return &RecordError{Case: r.Case, Seq: me.seq, Reason: fmt.Sprintf("it is missing (the next record found is %d)", r.Seq)}
	}
	return &RecordError{Case: r.Case, Seq: r.Seq, Object: r.Type + " " + r.Object, Reason: err.Error()}
}

// VerifyChain checks one case's journal records as a third party would:
// consecutive sequence numbers from 1, each record linked to the one before,
// each hash recomputed, each operation consistent with the object's history,
// each disclosed Content opening its ContentHash, and every checkpoint (see
// FormatCheckpoint) matching the record it names. It needs no vault and no
// key. Content may be withheld (nil) for any record. The error names the
// first bad record and satisfies errors.Is(err, casefile.ErrTampered).
func VerifyChain(records []Record, checkpoints ...string) error {
	if len(records) == 0 {
		return &RecordError{Reason: "there are no records"}
	}
	c := newChain(records[0].Case)
	for i := range records {
		r := &records[i]
		if err := c.next(r); err != nil {
			return chainError(r, err)
		}
		if r.Content != nil || r.Salt != nil {
			if len(r.Salt) != saltSize || ContentCommitment(r.Salt, r.Content) != r.ContentHash {
				return &RecordError{Case: r.Case, Seq: r.Seq, Object: r.Type + " " + r.Object, Reason: "its content does not match its content hash"}
			}
		}
	}
	for _, cp := range checkpoints {
		if err := checkCheckpoint(c.caseID, cp, func(seq uint64) (Hash, bool) {
			if seq == 0 || seq > uint64(len(records)) {
				return Hash{}, false
			}
			return records[seq-1].Hash, true
		}); err != nil {
			return err
		}
	}
	return nil
}

// RecordError reports a record (or, with Seq 0, a case or vault structure)
// that failed verification. It satisfies errors.Is(err, casefile.ErrTampered).
type RecordError struct {
	Case   string // the case ID, "" for vault-wide structures
	Seq    uint64 // the journal record, 0 when not about one record
	Object string // "note n4", when known
	Reason string
}

// Error names the case, the record and the object, then the reason.
func (e *RecordError) Error() string {
	var b strings.Builder
	if e.Case != "" {
		fmt.Fprintf(&b, "case %s: ", e.Case)
	}
	if e.Seq != 0 {
		fmt.Fprintf(&b, "journal record %d", e.Seq)
		if e.Object != "" && e.Object != " " {
			fmt.Fprintf(&b, " (%s)", e.Object)
		}
		b.WriteString(": ")
	}
	b.WriteString(e.Reason)
	return b.String()
}

// Unwrap makes a RecordError match casefile.ErrTampered.
func (e *RecordError) Unwrap() error { return casefile.ErrTampered }
