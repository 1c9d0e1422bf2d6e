package casework

import (
	"github.com/redress-app/redress/app/casework/pack"
	"github.com/redress-app/redress/casefile"
)

// Ownership is how far a finding rests on events the receiver of a hand-over
// pack added to their copy. In a case added from a pack, the receiver's
// events (pack.IsOwnID: "own-1", ...) are checked with the family's, so a
// finding can rest on an event that is not in the family's record (issue
// 17: the receiver's own notes are kept apart from the family's record).
type Ownership int

// How far a finding rests on the receiver's own events.
const (
	NotOwn    Ownership = iota // the family's record alone
	PartlyOwn                  // only the event that did the step is the receiver's
	FromOwn                    // the event that started the clock is the receiver's
)

// OwnershipOf says how far finding f rests on the receiver's own events.
func OwnershipOf(f casefile.Finding) Ownership {
	switch {
	case pack.IsOwnID(f.Trigger):
		return FromOwn
	case pack.IsOwnID(f.Done):
		return PartlyOwn
	}
	return NotOwn
}

// Words says it in one sentence, the same in the desktop app and on the
// command line; "" for NotOwn.
func (o Ownership) Words() string {
	switch o {
	case FromOwn:
		return "Worked out from your own event, not the family's record."
	case PartlyOwn:
		return "Worked out partly from your own event, not the family's record."
	}
	return ""
}

// OwnEventWords says, in one sentence, whether finding f was worked out from
// an event the receiver of a pack added to their copy: from it when the
// event that started the clock is theirs, partly from it when only the event
// that did the step is; "" when neither is.
func OwnEventWords(f casefile.Finding) string { return OwnershipOf(f).Words() }

// OwnEventWords is OwnEventWords of the line's findings: "from" when every
// one of them (its own and those collapsed into it, Also) was worked out
// from the receiver's own events, "partly" when only some were, "" when
// none was. A line that folds the family's finding with the receiver's is
// in the family's record too, so it is never said to be the receiver's alone.
func (d Duty) OwnEventWords() string {
	all := append([]casefile.Finding{d.Finding}, d.Also...)
	own := 0
	for _, f := range all {
		switch OwnershipOf(f) {
		case FromOwn:
			own++
		case PartlyOwn:
			return PartlyOwn.Words()
		}
	}
	switch {
	case own == len(all):
		return FromOwn.Words()
	case own > 0:
		return PartlyOwn.Words()
	}
	return ""
}
