package chronology

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/xml"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/checks"
)

func testCase(t *testing.T) *casefile.Case {
	t.Helper()
	c, err := casefile.ReadFile(filepath.Join("..", "..", "..", "examples", "bruised-baby.case.json"))
	if err != nil {
		t.Fatal(err)
	}
	c.Documents = append(c.Documents, casefile.Document{ID: "d1", Name: "minutes.pdf", SHA256: strings.Repeat("a", 64), Size: 10})
	c.Events[0].Evidence, c.Events[0].Quotes = []string{"d1#p3"}, nil
	c.Events = append(c.Events, casefile.Event{ID: "x1", Kind: casefile.KindOther, Date: casefile.MustDate("2025-10-20"), Detail: "=HYPERLINK(\"http://evil.example\",\"click\")"})
	c.People = append(c.People, casefile.Person{ID: "p9", Name: "-1+2 Jo", Role: "health visitor"})
	c.Events[1].Status = casefile.FactDisputed
	c.Notes = append(c.Notes, casefile.Note{ID: "n1", Occurred: time.Date(2025, 10, 14, 9, 30, 0, 0, time.UTC), Recorded: time.Date(2025, 10, 14, 10, 0, 0, 0, time.UTC), Kind: "call", Text: "said the health visitor, @ home", People: []string{"p9"}, Documents: []string{"d1"}})
	return c
}

func TestBuild(t *testing.T) {
	c := testCase(t)
	rows := Build(c, checks.Default(), casefile.MustDate("2026-01-15"))
	if len(rows) != len(c.Events)+1 {
		t.Fatalf("%d rows for %d events and 1 note", len(rows), len(c.Events))
	}
	for i := 1; i < len(rows); i++ {
		if rows[i].sort.Compare(rows[i-1].sort) < 0 {
			t.Fatalf("rows out of date order at %d", i)
		}
	}
	var findings, disputed, note, source bool
	for _, r := range rows {
		findings = findings || r.Findings != ""
		disputed = disputed || r.Status == "disputed"
		if r.Entry == "note n1" {
			note = r.Time == "10:30" && r.Status == "family's note" && r.Sources == "minutes.pdf" // 09:30 UTC is 10:30 in London in October
		}
		source = source || strings.Contains(r.Sources, "minutes.pdf p3")
	}
	if !findings || !disputed || !note || !source {
		t.Errorf("findings %v disputed %v note %v source %v", findings, disputed, note, source)
	}
}

func TestNeutralise(t *testing.T) {
	for in, want := range map[string]string{"=1+1": "'=1+1", "+44 20": "'+44 20", "-x": "'-x", "@SUM(A1)": "'@SUM(A1)", "\tx": "'\tx", "ok = fine": "ok = fine", "": ""} {
		if got := Neutralise(in); got != want {
			t.Errorf("Neutralise(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCSV(t *testing.T) {
	rows := Build(testCase(t), checks.Default(), casefile.MustDate("2026-01-15"))
	var buf bytes.Buffer
	if err := WriteCSV(&buf, rows); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(buf.Bytes(), []byte("\ufeff")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != len(rows)+1 || strings.Join(recs[0], ",") != strings.Join(Header, ",") {
		t.Fatalf("%d records, header %v", len(recs), recs[0])
	}
	for _, rec := range recs[1:] {
		for _, cell := range rec {
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
				t.Errorf("a cell starts like a formula: %q", cell)
			}
		}
	}
	if !strings.Contains(buf.String(), `'=HYPERLINK(`) || !strings.Contains(buf.String(), "'-1+2 Jo (health visitor)") {
		t.Error("the dangerous cells were not quoted")
	}
}

// TestXLSX reads the workbook back as XML and, when LibreOffice is
// installed, converts it to CSV with LibreOffice to prove that it opens and
// that no cell became a formula.
func TestXLSX(t *testing.T) {
	rows := Build(testCase(t), checks.Default(), casefile.MustDate("2026-01-15"))
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, rows); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var sheet []byte
	for _, f := range zr.File {
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		if err := xml.Unmarshal(b, new(struct{})); err != nil {
			t.Errorf("%s is not well-formed XML: %v", f.Name, err)
		}
		if f.Name == "xl/worksheets/sheet1.xml" {
			sheet = b
		}
	}
	if sheet == nil || bytes.Contains(sheet, []byte("<f>")) || bytes.Contains(sheet, []byte("<f ")) {
		t.Fatal("no sheet, or a formula in it")
	}
	if !bytes.Contains(sheet, []byte(`s="3"><is><t xml:space="preserve">=HYPERLINK(`)) {
		t.Error("the formula-like cell is not marked quotePrefix")
	}
	var again bytes.Buffer
	WriteXLSX(&again, rows)
	if !bytes.Equal(again.Bytes(), buf.Bytes()) {
		t.Error("the same rows gave different bytes")
	}

	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("LibreOffice is not installed; the XML was checked")
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "chronology.xlsx")
	os.WriteFile(in, buf.Bytes(), 0o600)
	cmd := exec.Command(soffice, "--headless", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"), "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false", "--outdir", dir, in)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("LibreOffice: %v %s", err, out)
	}
	got, err := os.ReadFile(filepath.Join(dir, "chronology.csv"))
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(got)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != len(rows)+1 {
		t.Fatalf("LibreOffice read %d rows, want %d", len(recs), len(rows)+1)
	}
	for i, r := range rows {
		for j, want := range r.Cells() {
			if recs[i+1][j] != want {
				t.Errorf("LibreOffice row %d col %d = %q, want %q", i+2, j+1, recs[i+1][j], want)
			}
		}
	}
}
