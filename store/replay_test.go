package store

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"github.com/redress-app/redress/casefile"
)

// TestCaseFromRecords: the journal alone rebuilds exactly the case LoadCase
// shows, and a record whose content was changed is refused.
func TestCaseFromRecords(t *testing.T) {
	ctx := context.Background()
	v, _ := newTestVault(t)
	for _, f := range caseFiles(t) {
		c, err := casefile.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		ci, err := v.ImportCase(ctx, c)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := v.SaveLetter(ctx, ci.ID, Letter{Kind: "stage1", Title: "A letter", Content: []byte("{}")}); err != nil {
			t.Fatal(err)
		}
		recs, err := v.Journal(ctx, ci.ID)
		if err != nil {
			t.Fatal(err)
		}
		got, letters, err := CaseFromRecords(recs)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		want, _ := v.LoadCase(ctx, ci.ID)
		gb, _ := casefile.Marshal(got)
		wb, _ := casefile.Marshal(want)
		if !bytes.Equal(gb, wb) {
			t.Errorf("%s: the rebuilt case differs from LoadCase", f)
		}
		if len(letters) != 1 || letters[0].Title != "A letter" {
			t.Errorf("%s: letters %+v", f, letters)
		}
		bad := append([]Record(nil), recs...)
		bad[1].Content = bytes.Replace(bad[1].Content, []byte(`"`), []byte(`'`), 1)
		if _, _, err := CaseFromRecords(bad); !errors.Is(err, casefile.ErrTampered) {
			t.Errorf("%s: changed content accepted: %v", f, err)
		}
		bad = append([]Record(nil), recs...)
		bad[1].Content, bad[1].Salt = nil, nil
		if _, _, err := CaseFromRecords(bad); !errors.Is(err, casefile.ErrTampered) {
			t.Errorf("%s: withheld content accepted: %v", f, err)
		}
	}
	if _, _, err := CaseFromRecords(nil); err == nil {
		t.Error("no records accepted")
	}
}
