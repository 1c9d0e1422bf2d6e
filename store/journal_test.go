package store

import (
	"context"
	"database/sql"
	"errors"
	"testing"
	"time"

	"github.com/redress-app/redress/casefile"
)

// journalVault makes a case with ten journal records.
func journalVault(t *testing.T) (*Vault, string, string) {
	v, dir := newTestVault(t)
	ctx := context.Background()
	ci, err := v.CreateCase(ctx, "Journal", "")
	must(t, err)
	for i := 0; i < 6; i++ {
		_, err := v.AddNote(ctx, ci.ID, casefile.Note{Text: "note", Occurred: time.Date(2026, 3, i+1, 0, 0, 0, 0, time.UTC)})
		must(t, err)
	}
	must(t, v.AmendNote(ctx, ci.ID, casefile.Note{ID: "n2", Text: "amended", Occurred: time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)}))
	must(t, v.Archive(ctx, ci.ID, TypeNote, "n3"))
	must(t, v.Purge(ctx, ci.ID, TypeNote, "n4"))
	return v, dir, ci.ID
}

func TestJournalTamper(t *testing.T) {
	tests := []struct {
		name    string
		sql     []string
		wantSeq uint64
	}{
		{"edit a record", []string{"UPDATE journal SET record = CAST(substr(record, 1, 30) || x'00' || substr(record, 32) AS BLOB) WHERE case_id = @c AND seq = 4"}, 4},
		{"edit a chain hash", []string{"UPDATE journal SET hash = zeroblob(32) WHERE case_id = @c AND seq = 6"}, 6},
		{"edit content", []string{"UPDATE journal SET content = CAST(substr(content, 1, 40) || x'00' || substr(content, 42) AS BLOB) WHERE case_id = @c AND seq = 6"}, 6},
		{"delete a record", []string{"DELETE FROM journal WHERE case_id = @c AND seq = 4"}, 4},
		{"delete the first record", []string{"DELETE FROM journal WHERE case_id = @c AND seq = 1"}, 1},
		{"delete the last record", []string{"DELETE FROM journal WHERE case_id = @c AND seq = 10"}, 10},
		{"delete the last two records", []string{"DELETE FROM journal WHERE case_id = @c AND seq >= 9"}, 9},
		{"reorder two records", []string{
			"UPDATE journal SET seq = 100 WHERE case_id = @c AND seq = 5",
			"UPDATE journal SET seq = 5 WHERE case_id = @c AND seq = 6",
			"UPDATE journal SET seq = 6 WHERE case_id = @c AND seq = 100"}, 5},
		{"remove content that was never purged", []string{"UPDATE journal SET content = NULL WHERE case_id = @c AND seq = 3"}, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, dir, caseID := journalVault(t)
			ctx := context.Background()
			db := rawDB(t, dir)
			for _, q := range tt.sql {
				if _, err := db.Exec(q, sql.Named("c", caseID)); err != nil {
					t.Fatal(err)
				}
			}
			err := v.Verify(ctx)
			var re *RecordError
			if !errors.As(err, &re) || !errors.Is(err, casefile.ErrTampered) {
				t.Fatalf("Verify = %v, want a RecordError", err)
			}
			if re.Case != caseID || re.Seq != tt.wantSeq {
				t.Fatalf("Verify named case %s record %d (%v); want record %d", re.Case, re.Seq, err, tt.wantSeq)
			}
			// Reopening: the case is unreadable, with the same error.
			v.Close()
			v2, err := Open(ctx, dir, testPass, testOpts()...)
			must(t, err)
			defer v2.Close()
			if _, err := v2.LoadCase(ctx, caseID); !errors.As(err, &re) || re.Seq != tt.wantSeq {
				t.Fatalf("LoadCase after reopening = %v, want record %d named", err, tt.wantSeq)
			}
			cases, _ := v2.Cases(ctx)
			if len(cases) != 1 || cases[0].Err == nil {
				t.Fatalf("Cases does not flag the damaged case: %+v", cases)
			}
			if _, err := v2.AddNote(ctx, caseID, casefile.Note{Text: "x"}); !errors.Is(err, casefile.ErrTampered) {
				t.Fatalf("writing to a damaged case: %v", err)
			}
		})
	}
}

// TestRewrittenChain is the attack the checkpoint exists for: someone with
// the key rewrites an old record and recomputes every hash and MAC after it.
// The vault verifies, but an older checkpoint does not.
func TestRewrittenChain(t *testing.T) {
	v, dir, caseID := journalVault(t)
	ctx := context.Background()
	old, err := v.Checkpoint(caseID)
	must(t, err)
	_, err = v.AddNote(ctx, caseID, casefile.Note{Text: "later"})
	must(t, err)
	recs, err := v.Journal(ctx, caseID)
	must(t, err)
	must(t, VerifyChain(recs, old))

	// Rewrite record 3 (note n2's first version) and everything after it.
	k := *v.keys
	db := rawDB(t, dir)
	recs[2].Content = []byte(`{"id":"n2","occurred":"2026-03-02T00:00:00Z","recorded":"2026-03-02T09:00:03Z","text":"rewritten"}`)
	recs[2].ContentHash = ContentCommitment(recs[2].Salt, recs[2].Content)
	for i := range recs {
		if i > 0 {
			recs[i].Prev = recs[i-1].Hash
		}
		if recs[i].Op == OpAmend && recs[i].Object == "n2" {
			recs[i].Replaces = recs[2].Hash
		}
		recs[i].Hash = recs[i].ComputeHash()
		seq := u64(recs[i].Seq)
		var content []byte
		if recs[i].Content != nil {
			content = k.sealTo(nil, append(append([]byte{}, recs[i].Salt...), recs[i].Content...), k.ad(adContent, []byte(caseID), seq))
		} else {
			must(t, db.QueryRow("SELECT content FROM journal WHERE case_id = ? AND seq = ?", caseID, recs[i].Seq).Scan(&content))
		}
		_, err := db.Exec("UPDATE journal SET hash = ?, record = ?, content = ? WHERE case_id = ? AND seq = ?",
			recs[i].Hash[:], k.sealTo(nil, recs[i].Encode(), k.ad(adRecord, []byte(caseID), seq)), content, caseID, recs[i].Seq)
		must(t, err)
	}
	last := recs[len(recs)-1]
	_, err = db.Exec("UPDATE cases SET head = ? WHERE id = ?", k.headBlob(caseID, last.Seq, last.Hash), caseID)
	must(t, err)

	v.Close()
	v2, err := Open(ctx, dir, testPass, testOpts()...)
	must(t, err)
	defer v2.Close()
	must(t, v2.Verify(ctx)) // every hash and MAC is consistent...
	c, err := v2.LoadCase(ctx, caseID)
	must(t, err)
	if c.Notes[1].Versions[0].Text != "rewritten" {
		t.Fatalf("the rewrite did not take: %+v", c.Notes[1])
	}
	// ...but the checkpoint shown earlier catches it.
	err = v2.VerifyCheckpoint(ctx, caseID, old)
	var re *RecordError
	if !errors.As(err, &re) || re.Seq != 10 {
		t.Fatalf("VerifyCheckpoint(%s) = %v, want record 10 named", old, err)
	}
	if err := VerifyChain(recs, old); !errors.Is(err, casefile.ErrTampered) {
		t.Fatalf("VerifyChain with the old checkpoint = %v", err)
	}
	cur, _ := v2.Checkpoint(caseID)
	must(t, VerifyChain(recs, cur))
	must(t, v2.VerifyCheckpoint(ctx, caseID, cur))
}

func TestVerifyChainThirdParty(t *testing.T) {
	v, _, caseID := journalVault(t)
	ctx := context.Background()
	good, err := v.Journal(ctx, caseID)
	must(t, err)
	cp, _ := v.Checkpoint(caseID)
	clone := func() []Record {
		out := make([]Record, len(good))
		for i, r := range good {
			out[i] = r
			out[i].Content = append([]byte(nil), r.Content...)
			if r.Content == nil {
				out[i].Content = nil
			}
		}
		return out
	}
	tests := []struct {
		name    string
		edit    func([]Record) []Record
		cps     []string
		wantErr bool
	}{
		{"intact", func(r []Record) []Record { return r }, []string{cp}, false},
		{"content withheld", func(r []Record) []Record {
			for i := range r {
				r[i].Content, r[i].Salt = nil, nil
			}
			return r
		}, []string{cp}, false},
		{"altered content", func(r []Record) []Record { r[2].Content[10] ^= 1; return r }, nil, true},
		{"altered time", func(r []Record) []Record { r[3].Time = "2027-01-01T00:00:00Z"; return r }, nil, true},
		{"record dropped", func(r []Record) []Record { return append(r[:4], r[5:]...) }, nil, true},
		{"records swapped", func(r []Record) []Record { r[4], r[5] = r[5], r[4]; return r }, nil, true},
		{"truncated, against the checkpoint", func(r []Record) []Record { return r[:8] }, []string{cp}, true},
		{"wrong checkpoint", func(r []Record) []Record { return r }, []string{"10-0000-0000-0000-0000-0000"}, true},
		{"malformed checkpoint", func(r []Record) []Record { return r }, []string{"banana"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := VerifyChain(tt.edit(clone()), tt.cps...)
			if (err != nil) != tt.wantErr {
				t.Fatalf("VerifyChain = %v, want error %v", err, tt.wantErr)
			}
		})
	}
}

func TestCheckpointFormat(t *testing.T) {
	var h Hash
	for i := range h {
		h[i] = byte(i * 37)
	}
	cp := FormatCheckpoint(12, h)
	seq, digits, err := ParseCheckpoint(cp)
	if err != nil || seq != 12 || len(digits) != 20 {
		t.Fatalf("ParseCheckpoint(%q) = %d %q %v", cp, seq, digits, err)
	}
	if len(cp) != len("12-")+24 {
		t.Errorf("checkpoint %q is not 5 groups of 4", cp)
	}
	// Read-back tolerance: lower case, O for 0, I/L for 1.
	lower := []byte(cp)
	for i, c := range lower {
		if c >= 'A' && c <= 'Z' {
			lower[i] = c + 32
		}
	}
	if _, d2, err := ParseCheckpoint(string(lower)); err != nil || d2 != digits {
		t.Errorf("lower case checkpoint: %q %v", d2, err)
	}
	for _, bad := range []string{"", "12", "0-AAAA-AAAA-AAAA-AAAA-AAAA", "12-AAAA", "12-AAAA-AAAA-AAAA-AAAA-AAAU", "-1-AAAA-AAAA-AAAA-AAAA-AAAA", "012-AAAA-AAAA-AAAA-AAAA-AAAA"} {
		if _, _, err := ParseCheckpoint(bad); err == nil {
			t.Errorf("ParseCheckpoint(%q) accepted", bad)
		}
	}
}
