package letters

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/redress-app/redress/app/casework"
	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/letters"
	"github.com/redress-app/redress/store"
)

// TestOwnLetterMarked: in the letters list, a letter the receiver wrote in
// a case added from a pack (an ID from pack.OwnIDFor) is marked as theirs,
// and the family's is not.
func TestOwnLetterMarked(t *testing.T) {
	test.NewTempApp(t)
	lc := &letterCase{drafts: map[string]*draftPage{}}
	for _, tc := range []struct {
		id  string
		own bool
	}{{"own-3", true}, {"l1", false}} {
		d := &casework.Draft{ID: tc.id, Status: store.LetterDraft, Version: 1,
			Request: letters.Request{Kind: letters.Stage1, Date: casefile.MustDate("2026-05-11")}, Letter: &letters.Letter{Title: "Stage 1 complaint"}}
		row := newLetterRowObject()
		lc.fillRow(row, &letterRow{info: casework.DraftInfo{ID: tc.id}, draft: d})
		var text []string
		var walk func(o fyne.CanvasObject)
		walk = func(o fyne.CanvasObject) {
			switch v := o.(type) {
			case *widget.Label:
				text = append(text, v.Text)
			case *fyne.Container:
				for _, c := range v.Objects {
					walk(c)
				}
			}
		}
		walk(row)
		if got := strings.Contains(strings.Join(text, " "), "your own letter"); got != tc.own {
			t.Errorf("letter %s: marked as the receiver's %v (%q)", tc.id, got, text)
		}
	}
}
