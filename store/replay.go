package store

import (
	"fmt"

	"github.com/redress-app/redress/casefile"
)

// CaseFromRecords rebuilds a case, as LoadCase would show it, from a
// journal disclosed in full (every record's salt and content, as
// Vault.Journal returns them), without a vault or a key. It first checks the
// records with VerifyChain, so what it returns is exactly what the chain
// commits to; it also returns the case's letters (latest version of each).
// A hand-over pack is read this way, so a pack cannot show a record that
// differs from its journal.
func CaseFromRecords(records []Record) (*casefile.Case, []Letter, error) {
	if err := VerifyChain(records); err != nil {
		return nil, nil, err
	}
	cs := newCaseState(records[0].Case)
	for i := range records {
		r := &records[i]
		var value any
		has := r.Content != nil
		if has {
			v, err := decodeContent(r.Type, r.Content)
			if err != nil {
				return nil, nil, &RecordError{Case: r.Case, Seq: r.Seq, Object: r.Type + " " + r.Object, Reason: err.Error()}
			}
			if id := contentID(v); id != "" && id != r.Object {
				return nil, nil, &RecordError{Case: r.Case, Seq: r.Seq, Object: r.Type + " " + r.Object, Reason: fmt.Sprintf("its content names object %q", id)}
			}
			value = v
		}
		if err := cs.apply(r, value, has); err != nil {
			return nil, nil, err
		}
	}
	// Content may be missing only where a later record purges the object.
	for _, o := range cs.order {
		for _, ver := range o.versions {
			if !ver.hasBody && !o.purged {
				return nil, nil, &RecordError{Case: cs.id, Seq: ver.seq, Object: o.typ + " " + o.id, Reason: "its content is missing and it was not purged"}
			}
		}
	}
	var letters []Letter
	for _, o := range cs.order {
		if o.typ == TypeLetter && !o.purged {
			letters = append(letters, letterOf(o, o.versions[len(o.versions)-1]))
		}
	}
	return cs.export(), letters, nil
}
