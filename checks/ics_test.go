package checks

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/redress-app/redress/casefile"
)

func TestFoldLine(t *testing.T) {
	for _, tc := range []struct {
		name string
		line string
	}{
		{"short", "SUMMARY:Due: stage 2 complaint response"},
		{"exactly 75", strings.Repeat("x", 75)},
		{"76", strings.Repeat("x", 76)},
		{"multi-byte characters at the cut", "DESCRIPTION:" + strings.Repeat("é", 100) + strings.Repeat("a", 80)},
		{"emoji", "SUMMARY:" + strings.Repeat("👪", 40)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b strings.Builder
			foldLine(&b, tc.line)
			folded := b.String()
			if !strings.HasSuffix(folded, "\r\n") {
				t.Fatal("no CRLF")
			}
			var joined strings.Builder
			for i, l := range strings.Split(strings.TrimSuffix(folded, "\r\n"), "\r\n") {
				if len(l) > 75 {
					t.Fatalf("line %d is %d octets", i, len(l))
				}
				if i > 0 {
					if l[0] != ' ' {
						t.Fatalf("continuation line %d does not start with a space", i)
					}
					l = l[1:]
				}
				joined.WriteString(l)
			}
			if joined.String() != tc.line {
				t.Fatal("unfolding does not give the original line back")
			}
		})
	}
}

func TestICSText(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"a,b;c\\d\ne", `a\,b\;c\\d\ne`},
		{"windows\r\nline", `windows\nline`},
		{"old mac\rline", `old mac\nline`},
		{"plain words", "plain words"},
	} {
		if got := icsText(tc.in); got != tc.want {
			t.Errorf("icsText(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestWriteICS checks the calendar for the bruised-baby example against a
// golden file (go test ./checks -run WriteICS -update rewrites it).
func TestWriteICS(t *testing.T) {
	c, err := casefile.ReadFile("../examples/bruised-baby.case.json")
	if err != nil {
		t.Fatal(err)
	}
	fds := Run(Default(), c, casefile.MustDate("2025-10-20"))
	var items []ICSItem
	for _, f := range fds {
		if f.Status == casefile.StatusDue {
			items = append(items, ICSItem{CaseTitle: c.Title, Authority: c.Authority, Label: "Baby A", Finding: f})
		}
	}
	if len(items) < 2 {
		t.Fatalf("want at least 2 open deadlines, got %d", len(items))
	}
	// One without a date is left out.
	items = append(items, ICSItem{CaseTitle: c.Title, Finding: casefile.Finding{Rule: "x", Trigger: "y", Title: "No date"}})
	now := time.Date(2025, 10, 20, 18, 5, 0, 0, time.FixedZone("BST", 3600))
	var b bytes.Buffer
	if err := WriteICS(&b, "9.9.9", items, now); err != nil {
		t.Fatal(err)
	}
	got := b.String()
	if strings.Count(got, "BEGIN:VEVENT") != len(items)-1 {
		t.Errorf("%d events, want %d", strings.Count(got, "BEGIN:VEVENT"), len(items)-1)
	}
	for _, want := range []string{"PRODID:-//Redress//redress 9.9.9//EN\r\n", "DTSTAMP:20251020T170500Z\r\n", "(Baby A)"} {
		if !strings.Contains(got, want) {
			t.Errorf("calendar lacks %q", want)
		}
	}
	if strings.Contains(got, "No date") {
		t.Error("an item without a due date must be left out")
	}
	var again bytes.Buffer
	if err := WriteICS(&again, "9.9.9", items, now); err != nil || again.String() != got {
		t.Error("two runs gave different files")
	}
	path := filepath.Join("testdata", "ics", "bruised-baby.ics")
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./checks -run WriteICS -update to create it)", err)
	}
	if !bytes.Equal(b.Bytes(), want) {
		t.Errorf("calendar differs from %s; run go test ./checks -run WriteICS -update and review the diff", path)
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, os.ErrClosed }

func TestWriteICSReportsWriteErrors(t *testing.T) {
	if err := WriteICS(failingWriter{}, "1", nil, time.Unix(0, 0)); err == nil {
		t.Fatal("no error from a failing writer")
	}
}
