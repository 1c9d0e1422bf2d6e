package casework

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"

	"github.com/redress-app/redress/letters/bundle"
	"github.com/redress-app/redress/store"
)

// More checks of a bundle's verification, beside bundle's own.
const (
	CheckRecord     = "record"     // the journal in the manifest
	CheckChronology = "chronology" // the chronology against the record
	CheckExhibits   = "exhibits"   // the exhibits' hashes against the record
	CheckCheckpoint = "checkpoint" // a checkpoint the reader was given
)

// BundleCheck is what VerifyBundle found.
type BundleCheck struct {
	*bundle.Verification
	Records    int // journal records in the manifest, all verified when Failures is empty
	Disclosed  int // records whose content the manifest discloses
	Chronology int // chronology entries matched with their record
	Exhibits   int // exhibits whose SHA-256 matched the record that committed it
	// GivenChecked is set when a checkpoint was given and it names a record
	// of this bundle's history whose hash it matches.
	GivenChecked bool
	// Redacted is set for a redacted bundle: the labels of its pages that
	// are redacted copies. Its chronology and exhibits cannot be matched
	// with the record's content, which a redacted bundle does not disclose.
	Redacted []string
}

// VerifyBundle checks a bundle with no vault and no passphrase: the PDF
// against its manifest (bundle.Verify), the journal in the manifest with
// store.VerifyChain and against the checkpoint printed on the bundle, the
// chronology and the exhibits' SHA-256 against the records they came from,
// and, when given is not empty, a checkpoint the reader was given earlier
// against the same history. It returns an error matching bundle.ErrNotBundle
// for a file that is not a Redress bundle; everything found changed is in
// the result's Failures.
func VerifyBundle(r io.ReadSeeker, given string) (*BundleCheck, error) {
	v, err := bundle.Verify(r)
	if err != nil {
		return nil, err
	}
	bc := &BundleCheck{Verification: v}
	m := v.Manifest
	if m == nil {
		return bc, nil
	}
	if m.Redaction != nil {
		bc.Redacted = append([]string{}, m.Redaction.Pages...)
	}
	fail := func(check, format string, args ...any) {
		v.Failures = append(v.Failures, bundle.Failure{Check: check, Message: fmt.Sprintf(format, args...)})
	}
	recs := make([]store.Record, 0, len(m.Journal))
	for i, raw := range m.Journal {
		var rec store.Record
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&rec); err != nil {
			fail(CheckRecord, "Journal record %d in the manifest cannot be read (%v): the manifest has been changed.", i+1, err)
			return bc, nil
		}
		recs = append(recs, rec)
	}
	bc.Records = len(recs)
	if len(recs) == 0 {
		fail(CheckRecord, "The manifest carries no record of the case, so its checkpoint cannot be checked.")
		return bc, nil
	}
	var cps []string
	if m.Checkpoint != "" {
		cps = append(cps, m.Checkpoint)
	}
	if err := store.VerifyChain(recs, cps...); err != nil {
		fail(CheckRecord, "The record of the case in the manifest does not verify: %v.", err)
		return bc, nil
	}
	if m.Checkpoint != "" {
		if seq, _, err := store.ParseCheckpoint(m.Checkpoint); err == nil && seq != recs[len(recs)-1].Seq {
			fail(CheckRecord, "The checkpoint printed on the bundle names record %d, but the record in the manifest ends at record %d.", seq, recs[len(recs)-1].Seq)
		}
	}
	bySeq := map[uint64]*store.Record{}
	for i := range recs {
		bySeq[recs[i].Seq] = &recs[i]
		if recs[i].Content != nil {
			bc.Disclosed++
		}
	}
	content := func(seq uint64, typ, id string) (map[string]any, string) {
		r := bySeq[seq]
		switch {
		case r == nil:
			return nil, fmt.Sprintf("record %d is not in the manifest", seq)
		case r.Type != typ || r.Object != id:
			return nil, fmt.Sprintf("record %d is about %s %s, not %s %s", seq, r.Type, r.Object, typ, id)
		case r.Content == nil && m.Redaction != nil:
			return nil, redactedWhy
		case r.Content == nil:
			return nil, fmt.Sprintf("record %d's content is not disclosed", seq)
		}
		var c map[string]any
		if err := json.Unmarshal(r.Content, &c); err != nil {
			return nil, fmt.Sprintf("record %d's content cannot be read", seq)
		}
		return c, ""
	}
	for _, e := range m.Chronology {
		if e.Record == 0 {
			continue
		}
		c, why := content(e.Record, store.TypeEvent, e.EventID)
		if why == redactedWhy {
			continue
		}
		if why == "" && (c["date"] != e.Date || c["id"] != e.EventID) {
			why = fmt.Sprintf("the record says %v, the chronology %s", c["date"], e.Date)
		}
		if why != "" {
			fail(CheckChronology, "The chronology entry for event %s (%s) does not match the record: %s.", e.EventID, e.Date, why)
			continue
		}
		bc.Chronology++
	}
	for _, x := range m.Exhibits {
		if x.Record == 0 {
			continue
		}
		c, why := content(x.Record, store.TypeDocument, x.ID)
		if why == redactedWhy {
			continue
		}
		if why == "" {
			size, _ := c["size"].(float64)
			if c["sha256"] != x.SHA256 || int64(size) != x.Size {
				why = "its SHA-256 or size is not the one recorded when it was imported"
			}
		}
		if why != "" {
			fail(CheckExhibits, "Exhibit %s (%s) does not match the record: %s.", x.ID, x.Title, why)
			continue
		}
		bc.Exhibits++
	}
	if given != "" {
		seq, _, err := store.ParseCheckpoint(given)
		switch {
		case err != nil:
			fail(CheckCheckpoint, "The checkpoint you gave, %q, is not a checkpoint: %v.", given, err)
		case seq > recs[len(recs)-1].Seq:
			fail(CheckCheckpoint, "The checkpoint you gave names record %d, but this bundle's record ends at record %d: the bundle was made before that checkpoint, so it cannot confirm it.", seq, recs[len(recs)-1].Seq)
		default:
			if err := store.VerifyChain(recs, given); err != nil {
				fail(CheckCheckpoint, "The checkpoint you gave does not match this bundle's record (%v): the history of the case up to record %d has been rewritten since you were given it.", err, seq)
			} else {
				bc.GivenChecked = true
			}
		}
	}
	return bc, nil
}

// redactedWhy marks a record a redacted bundle does not disclose: not a
// failure, since a redacted copy withholds the record's words on purpose.
const redactedWhy = "redacted"
