package store

// The record checkpoint printed on letters and bundles: a case's latest
// record number and the start of its chain hash, which anyone can later check
// against the journal (VerifyChain). Not SQLite's WAL checkpoint, which is in
// walcheckpoint.go.

import (
	"fmt"
	"strconv"
	"strings"
)

// Checkpoints: "SEQ-XXXX-XXXX-XXXX-XXXX-XXXX", the sequence number of a case's
// latest record and the first 100 bits of its chain hash in Crockford base32.
const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

const checkpointChars = 20

// FormatCheckpoint returns the checkpoint string for the record seq whose
// chain hash is h.
func FormatCheckpoint(seq uint64, h Hash) string {
	var b strings.Builder
	b.WriteString(strconv.FormatUint(seq, 10))
	for i := 0; i < checkpointChars; i++ {
		if i%4 == 0 {
			b.WriteByte('-')
		}
		b.WriteByte(crockford[fiveBits(h[:], i)])
	}
	return b.String()
}

func fiveBits(b []byte, i int) byte {
	bit := i * 5
	v := uint16(b[bit/8])<<8 | uint16(b[bit/8+1])
	return byte(v>>(11-bit%8)) & 31
}

// ParseCheckpoint splits a checkpoint into its sequence number and its 20
// base32 digits (upper case, with O read as 0 and I and L as 1).
func ParseCheckpoint(s string) (seq uint64, digits string, err error) {
	s = strings.TrimSpace(s)
	num, rest, ok := strings.Cut(s, "-")
	seq, perr := strconv.ParseUint(num, 10, 64)
	if !ok || perr != nil || seq == 0 || num[0] == '+' || num[0] == '0' {
		return 0, "", fmt.Errorf("checkpoint %q must start with a record number, such as 12-7KQ2-M9XD-PA4T-ZB3H-W6RC", s)
	}
	var d strings.Builder
	for _, r := range strings.ToUpper(rest) {
		switch {
		case r == '-' || r == ' ':
			continue
		case r == 'O':
			r = '0'
		case r == 'I' || r == 'L':
			r = '1'
		}
		if !strings.ContainsRune(crockford, r) {
			return 0, "", fmt.Errorf("checkpoint %q has %q, which is not a checkpoint character", s, r)
		}
		d.WriteRune(r)
	}
	if d.Len() != checkpointChars {
		return 0, "", fmt.Errorf("checkpoint %q has %d characters after the record number, not %d", s, d.Len(), checkpointChars)
	}
	return seq, d.String(), nil
}

// checkCheckpoint checks that cp names a record whose hash is hashAt(seq).
func checkCheckpoint(caseID, cp string, hashAt func(uint64) (Hash, bool)) error {
	seq, digits, err := ParseCheckpoint(cp)
	if err != nil {
		return err
	}
	h, ok := hashAt(seq)
	if !ok {
		return &RecordError{Case: caseID, Seq: seq, Reason: fmt.Sprintf("checkpoint %s names a record this journal does not have: records were removed or the history was rewritten", cp)}
	}
	if want := FormatCheckpoint(seq, h); want[strings.IndexByte(want, '-'):] != "-"+group(digits) {
		return &RecordError{Case: caseID, Seq: seq, Reason: fmt.Sprintf("checkpoint %s does not match this journal (%s): the history up to it has been rewritten", cp, want)}
	}
	return nil
}

func group(d string) string {
	var b strings.Builder
	for i := 0; i < len(d); i += 4 {
		if i > 0 {
			b.WriteByte('-')
		}
		b.WriteString(d[i : i+4])
	}
	return b.String()
}
