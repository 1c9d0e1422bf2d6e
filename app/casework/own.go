package casework

import (
	"github.com/redress-app/redress/app/casework/pack"
	"github.com/redress-app/redress/casefile"
)

// The words that say a finding was worked out from the receiver's own
// events. In a case added from a hand-over pack, the receiver's events
// (pack.IsOwnID: "own-1", ...) are checked with the family's, so a finding
// can rest on an event that is not in the family's record (issue 17: the
// receiver's own notes are kept apart from the family's record). The words
// are the same in the desktop app and on the command line.
const (
	ownTriggerWords = "Worked out from your own event, not the family's record."
	ownPartlyWords  = "Worked out partly from your own event, not the family's record."
)

// OwnEventWords says, in one sentence, whether finding f was worked out from
// an event the receiver of a pack added to their copy: from it when the
// event that started the clock is theirs, partly from it when only the event
// that did the step is; "" when neither is.
func OwnEventWords(f casefile.Finding) string {
	switch {
	case pack.IsOwnID(f.Trigger):
		return ownTriggerWords
	case pack.IsOwnID(f.Done):
		return ownPartlyWords
	}
	return ""
}

// OwnEventWords is OwnEventWords of the line's findings: "from" when every
// one of them (its own and those collapsed into it, Also) was worked out
// from the receiver's own events, "partly" when only some were, "" when
// none was. A line that folds the family's finding with the receiver's is
// in the family's record too, so it is never said to be the receiver's alone.
func (d Duty) OwnEventWords() string {
	all := append([]casefile.Finding{d.Finding}, d.Also...)
	own := 0
	for _, f := range all {
		switch OwnEventWords(f) {
		case ownTriggerWords:
			own++
		case ownPartlyWords:
			return ownPartlyWords
		}
	}
	switch {
	case own == len(all):
		return ownTriggerWords
	case own > 0:
		return ownPartlyWords
	}
	return ""
}
