package casework

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/documents"
	"github.com/redress-app/redress/store"
)

// packRedactor takes out the default categories and "Riverside" from a
// case whose other adult is Karen Whitfield and whose child Lily Smith was
// born on 5 January 2025.
func packRedactor(t *testing.T) *PackRedacter {
	t.Helper()
	c := &casefile.Case{
		Children: []casefile.Child{{ID: "c1", Name: "Lily Smith", Born: casefile.MustDate("2025-01-05")}},
		People:   []casefile.Person{{ID: "p1", Name: "Anna Smith", Role: "mother"}, {ID: "p2", Name: "Karen Whitfield", Role: "social worker"}},
	}
	r, err := Redactor(c, "default,word:Riverside")
	if err != nil {
		t.Fatal(err)
	}
	return &PackRedacter{Redactor: r}
}

// TestPackRedacterContent: each record type's words are replaced, its IDs,
// codes and dates kept, a child's date of birth dropped, a letter's stored
// draft redacted inside, and a content with a field Redress does not know
// refused rather than copied.
func TestPackRedacterContent(t *testing.T) {
	letter := `{"format":"redress-letter/1","as_of":"2026-07-01","request":{"kind":"sar","from":{"name":"Anna Smith"},"to":{"name":"Karen Whitfield"},"date":"2026-07-01"},` +
		`"letter":{"kind":"sar","from":{"name":"Anna Smith","lines":["12 Acacia Avenue"]},"to":{"name":"Karen Whitfield"},"date":"2026-07-01","text":"@title Subject access request\n\nKaren Whitfield rang on 07700 900123.\n\n@sign Anna Smith\n","checkpoint":"1-AAAA"}}`
	lb, _ := json.Marshal(map[string]any{"id": "l1", "kind": "sar", "title": "To Karen Whitfield", "status": "draft", "content": []byte(letter)})
	for _, tc := range []struct {
		name, typ, content string
		changed            bool
		keep, gone         []string
	}{
		{"a person", store.TypePerson, `{"id":"p2","name":"Karen Whitfield","role":"social worker","organisation":"Riverside team"}`, true,
			[]string{`"id":"p2"`, "social worker"}, []string{"Karen", "Whitfield", "Riverside"}},
		{"the family", store.TypePerson, `{"id":"p1","name":"Anna Smith","role":"mother"}`, false, []string{"Anna Smith"}, nil},
		{"a child's birth", store.TypeChild, `{"id":"c1","name":"Lily Smith","born":"2025-01-05"}`, true, []string{"Lily Smith"}, []string{"2025-01-05", "born"}},
		{"an event", store.TypeEvent, `{"id":"e1","kind":"referral-received","date":"2026-03-02","detail":"Karen Whitfield rang","evidence":["d1#p2"],"quotes":["she said Riverside"],"attrs":{"outcome":"nfa","description":"call 07700 900123"}}`, true,
			[]string{`"d1#p2"`, `"2026-03-02"`, "referral-received", "nfa"}, []string{"Karen", "Riverside", "07700"}},
		{"a note", store.TypeNote, `{"id":"n1","occurred":"2026-03-02T09:30:00Z","recorded":"2026-03-02T21:14:00Z","kind":"call","people":["p2"],"text":"Karen at Riverside","tags":["Whitfield"]}`, true,
			[]string{`"people":["p2"]`, "2026-03-02T09:30:00Z"}, []string{"Karen", "Riverside", "Whitfield"}},
		{"a document", store.TypeDocument, `{"id":"d1","name":"Karen Whitfield report.pdf","type":"application/pdf","sha256":"ab","size":3}`, true,
			[]string{"report.pdf", "application/pdf"}, []string{"Karen"}},
		{"the case", store.TypeCase, `{"title":"Smith family","authority":"Example Borough Council"}`, false, []string{"Smith family"}, nil},
		{"a letter", store.TypeLetter, string(lb), true, []string{`"id":"l1"`}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pr := packRedactor(t)
			out, changed, err := pr.Content(tc.typ, []byte(tc.content))
			if err != nil {
				t.Fatal(err)
			}
			if changed != tc.changed {
				t.Errorf("changed = %v:\n%s", changed, out)
			}
			if !changed && !bytes.Equal(out, []byte(tc.content)) {
				t.Errorf("unchanged content rewritten:\n%s", out)
			}
			for _, w := range tc.keep {
				if !bytes.Contains(out, []byte(w)) {
					t.Errorf("lost %q:\n%s", w, out)
				}
			}
			for _, w := range tc.gone {
				if bytes.Contains(out, []byte(w)) {
					t.Errorf("still holds %q:\n%s", w, out)
				}
			}
			if tc.typ == store.TypeLetter {
				var l struct{ Title, Content []byte }
				var m map[string]json.RawMessage
				json.Unmarshal(out, &m)
				json.Unmarshal(m["content"], &l.Content)
				d, err := DecodeDraft(store.Letter{ID: "l1", Content: l.Content})
				if err != nil {
					t.Fatalf("the redacted letter does not decode: %v", err)
				}
				var txt bytes.Buffer
				d.Render(&txt, Text)
				for _, w := range []string{"Karen", "Whitfield", "07700", "Acacia"} {
					if strings.Contains(txt.String(), w) || bytes.Contains(out, []byte(w)) {
						t.Errorf("the redacted letter holds %q:\n%s", w, txt.String())
					}
				}
				if !strings.Contains(txt.String(), "Anna Smith") {
					t.Errorf("the redacted letter lost the family's name:\n%s", txt.String())
				}
			}
			if changed && len(pr.Changes()) == 0 {
				t.Error("no change listed for the preview")
			}
		})
	}
	if _, _, err := packRedactor(t).Content(store.TypePerson, []byte(`{"id":"p9","name":"X","nickname":"Karen"}`)); err == nil {
		t.Error("a field Redress does not know was copied")
	}
	if _, _, err := packRedactor(t).Content("thing", []byte(`{}`)); err == nil {
		t.Error("an unknown record type was copied")
	}
}

// TestPackRedacterDocument: a text file becomes its redacted text; a file
// Redress cannot redact is withheld, with why.
func TestPackRedacterDocument(t *testing.T) {
	pr := packRedactor(t)
	pr.Reader = documents.New(documents.Options{CacheDir: "-"})
	defer pr.Reader.Close()
	ctx := context.Background()
	rd, err := pr.Document(ctx, casefile.Document{ID: "d1", Name: "Karen note.txt", Type: "text/plain"}, []byte("Karen Whitfield rang Anna Smith from Riverside."), nil)
	if err != nil {
		t.Fatal(err)
	}
	if rd.Withheld != "" || rd.Name != "[redacted] note (redacted text).txt" || !rd.Changed ||
		string(rd.Data) != "[redacted] rang Anna Smith from [redacted]." || len(rd.Pages) != 1 || rd.Pages[0].Text != string(rd.Data) {
		t.Errorf("text document: %+v %q", rd, rd.Data)
	}
	rd, err = pr.Document(ctx, casefile.Document{ID: "d2", Name: "call.m4a", Type: "audio/mp4"}, []byte("...."), nil)
	if err != nil || rd.Withheld == "" || rd.Data != nil {
		t.Errorf("a recording: %+v %v", rd, err)
	}
	if w := pr.Withheld(); len(w) != 1 || !strings.HasPrefix(w[0], "The document “call.m4a”: ") {
		t.Errorf("withheld: %q", w)
	}
}
