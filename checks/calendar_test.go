package checks

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/redress-app/redress/assets"
	"github.com/redress-app/redress/casefile"
)

var update = flag.Bool("update", false, "rewrite golden files, docs/RULES.md and the bank-holiday snapshot")

const snapshotPath = "../assets/bank-holidays-england-and-wales.json"

// renderSnapshot builds the gov.uk-format snapshot from the standing rules and
// the one-offs, as the asset file holds it.
func renderSnapshot() []byte {
	type ev struct {
		Title   string `json:"title"`
		Date    string `json:"date"`
		Notes   string `json:"notes"`
		Bunting bool   `json:"bunting"`
	}
	var evs []ev
	for y := assets.BankHolidaysFirstYear; y <= assets.BankHolidaysLastYear; y++ {
		hs := snapshotHolidays(y)
		sortHolidays(hs)
		for _, h := range hs {
			bunting := h.Title != "Good Friday" && !strings.Contains(h.Title, "State Funeral")
			evs = append(evs, ev{h.Title, h.Date.String(), h.Notes, bunting})
		}
	}
	doc := map[string]any{"england-and-wales": map[string]any{"division": "england-and-wales", "events": evs}}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

func sortHolidays(hs []Holiday) {
	for i := 1; i < len(hs); i++ {
		for j := i; j > 0 && hs[j].Date.Before(hs[j-1].Date); j-- {
			hs[j], hs[j-1] = hs[j-1], hs[j]
		}
	}
}

// TestSnapshotAsset checks that the embedded snapshot is exactly what the
// standing rules and the listed one-offs produce (go test -update rewrites it).
func TestSnapshotAsset(t *testing.T) {
	want := renderSnapshot()
	if *update {
		if err := os.WriteFile(snapshotPath, want, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(assets.BankHolidaysEnglandWales, want) {
		t.Fatalf("assets/bank-holidays-england-and-wales.json is out of date; run go test ./checks -update")
	}
}

// englandWales2012to2027 is every England and Wales bank holiday from 2012 to
// 2027, typed in by hand from the published lists, independently of the code
// that builds the snapshot.
var englandWales2012to2027 = map[int][]string{
	2012: {"01-02", "04-06", "04-09", "05-07", "06-04", "06-05", "08-27", "12-25", "12-26"},
	2013: {"01-01", "03-29", "04-01", "05-06", "05-27", "08-26", "12-25", "12-26"},
	2014: {"01-01", "04-18", "04-21", "05-05", "05-26", "08-25", "12-25", "12-26"},
	2015: {"01-01", "04-03", "04-06", "05-04", "05-25", "08-31", "12-25", "12-28"},
	2016: {"01-01", "03-25", "03-28", "05-02", "05-30", "08-29", "12-26", "12-27"},
	2017: {"01-02", "04-14", "04-17", "05-01", "05-29", "08-28", "12-25", "12-26"},
	2018: {"01-01", "03-30", "04-02", "05-07", "05-28", "08-27", "12-25", "12-26"},
	2019: {"01-01", "04-19", "04-22", "05-06", "05-27", "08-26", "12-25", "12-26"},
	2020: {"01-01", "04-10", "04-13", "05-08", "05-25", "08-31", "12-25", "12-28"},
	2021: {"01-01", "04-02", "04-05", "05-03", "05-31", "08-30", "12-27", "12-28"},
	2022: {"01-03", "04-15", "04-18", "05-02", "06-02", "06-03", "08-29", "09-19", "12-26", "12-27"},
	2023: {"01-02", "04-07", "04-10", "05-01", "05-08", "05-29", "08-28", "12-25", "12-26"},
	2024: {"01-01", "03-29", "04-01", "05-06", "05-27", "08-26", "12-25", "12-26"},
	2025: {"01-01", "04-18", "04-21", "05-05", "05-26", "08-25", "12-25", "12-26"},
	2026: {"01-01", "04-03", "04-06", "05-04", "05-25", "08-31", "12-25", "12-28"},
	2027: {"01-01", "03-26", "03-29", "05-03", "05-31", "08-30", "12-27", "12-28"},
}

func TestEveryBankHoliday2012To2027(t *testing.T) {
	cal := DefaultCalendar()
	for y := 2012; y <= 2027; y++ {
		want := map[casefile.Date]bool{}
		for _, md := range englandWales2012to2027[y] {
			d := casefile.MustDate(fmtYear(y) + "-" + md)
			want[d] = true
			if cal.IsWorkingDay(d) {
				t.Errorf("%s (%s) is a bank holiday but IsWorkingDay says true", d, d.Weekday())
			}
			if _, ok := cal.Holiday(d); !ok {
				t.Errorf("%s: Holiday reports no holiday", d)
			}
		}
		// Every other weekday of the year is a working day; every weekend day is not.
		for d := casefile.NewDate(y, time.January, 1); yearOf(d) == y; d = d.AddDays(1) {
			wd := d.Weekday()
			weekend := wd == time.Saturday || wd == time.Sunday
			if got, exp := cal.IsWorkingDay(d), !weekend && !want[d]; got != exp {
				t.Errorf("IsWorkingDay(%s, %s) = %v, want %v", d, wd, got, exp)
			}
		}
		if got := len(cal.Holidays(y)); got != len(want) {
			t.Errorf("%d: Holidays lists %d days, want %d", y, got, len(want))
		}
	}
}

func fmtYear(y int) string { return casefile.NewDate(y, 1, 1).String()[:4] }

func TestOneOffsBeforeTwentyTwelve(t *testing.T) {
	cal := DefaultCalendar()
	for _, s := range []string{"1999-12-31", "2002-06-03", "2002-06-04", "2011-04-29"} {
		if cal.IsWorkingDay(casefile.MustDate(s)) {
			t.Errorf("%s should be a holiday", s)
		}
	}
	for _, s := range []string{"2002-05-27", "2012-05-28", "2020-05-04", "2022-05-30"} {
		if !cal.IsWorkingDay(casefile.MustDate(s)) {
			t.Errorf("%s: the holiday was moved that year, so it is a working day", s)
		}
	}
}

func TestWorkingDayArithmetic(t *testing.T) {
	cal := DefaultCalendar()
	tests := []struct {
		name string
		from string
		n    int
		want string
	}{
		{"one working day from a Monday", "2025-10-13", 1, "2025-10-14"},
		{"one working day from a Friday", "2025-10-17", 1, "2025-10-20"},
		{"from a Saturday", "2025-10-18", 1, "2025-10-20"},
		{"zero returns the day itself", "2025-10-18", 0, "2025-10-18"},
		{"over Easter 2026", "2026-04-01", 10, "2026-04-17"},
		{"over Christmas 2025", "2025-12-22", 5, "2025-12-31"},
		{"over New Year 2026", "2025-12-22", 6, "2026-01-02"},
		{"over Christmas 2026 (Boxing Day substitute)", "2026-12-24", 1, "2026-12-29"},
		{"over the 2022 jubilee", "2022-06-01", 1, "2022-06-06"},
		{"over the 2022 state funeral", "2022-09-16", 1, "2022-09-20"},
		{"over the coronation", "2023-05-05", 1, "2023-05-09"},
		{"over the diamond jubilee", "2012-06-01", 1, "2012-06-06"},
		{"45 working days", "2025-10-13", 45, "2025-12-15"},
		{"65 working days over the spring holiday", "2026-05-11", 65, "2026-08-11"},
		{"counting back", "2026-04-17", -10, "2026-04-01"},
		{"year end 2027 (both Christmas substitutes)", "2027-12-24", 1, "2027-12-29"},
		{"beyond the snapshot: Christmas 2032", "2032-12-24", 1, "2032-12-29"},
		{"before the snapshot: Easter 1998", "1998-04-09", 1, "1998-04-14"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			from := casefile.MustDate(tc.from)
			got := cal.AddWorkingDays(from, tc.n)
			if got.String() != tc.want {
				t.Fatalf("AddWorkingDays(%s, %d) = %s, want %s", tc.from, tc.n, got, tc.want)
			}
			if back := cal.WorkingDaysBetween(from, got); back != tc.n && cal.IsWorkingDay(from) {
				t.Fatalf("WorkingDaysBetween(%s, %s) = %d, want %d", tc.from, got, back, tc.n)
			}
		})
	}
}

func TestWorkingDaysBetweenMatchesLoop(t *testing.T) {
	cal := DefaultCalendar()
	start := casefile.MustDate("2011-12-20")
	for _, span := range []int{0, 1, 2, 5, 63, 64, 65, 200, 800, 3000} {
		for off := 0; off < 70; off += 7 {
			a := start.AddDays(off)
			b := a.AddDays(span)
			n := 0
			for d := a.AddDays(1); !d.After(b); d = d.AddDays(1) {
				if cal.IsWorkingDay(d) {
					n++
				}
			}
			if got := cal.WorkingDaysBetween(a, b); got != n {
				t.Fatalf("WorkingDaysBetween(%s, %s) = %d, want %d", a, b, got, n)
			}
			if got := cal.WorkingDaysBetween(b, a); got != -n {
				t.Fatalf("WorkingDaysBetween(%s, %s) = %d, want %d", b, a, got, -n)
			}
		}
	}
}

func TestStandingRulesAgreeWithSnapshotOutsideOneOffs(t *testing.T) {
	// Years with no one-off: the standing rules alone must give the snapshot's list,
	// which is what the calendar relies on beyond 2027.
	special := map[int]bool{1999: true, 2002: true, 2011: true, 2012: true, 2020: true, 2022: true, 2023: true}
	cal := DefaultCalendar()
	for y := 1999; y <= 2027; y++ {
		if special[y] {
			continue
		}
		got := cal.Holidays(y)
		want := standingHolidays(y)
		if len(got) != len(want) {
			t.Fatalf("%d: %d holidays in the snapshot, %d by the rules", y, len(got), len(want))
		}
	}
}

func TestParseBankHolidays(t *testing.T) {
	good := `{"england-and-wales":{"division":"england-and-wales","events":[
	  {"title":"New Year’s Day","date":"2028-01-03","notes":"Substitute day","bunting":true},
	  {"title":"Extra day","date":"2028-06-06","notes":"","bunting":true}]},
	  "scotland":{"division":"scotland","events":[]}}`
	cal, err := ParseBankHolidays([]byte(good))
	if err != nil {
		t.Fatal(err)
	}
	if cal.IsWorkingDay(casefile.MustDate("2028-06-06")) {
		t.Error("the file's extra holiday is a working day")
	}
	if !cal.IsWorkingDay(casefile.MustDate("2028-04-14")) {
		t.Error("2028 is covered by the file, which does not list Good Friday, so the file wins")
	}
	if cal.IsWorkingDay(casefile.MustDate("2022-09-19")) {
		t.Error("years outside the file should come from the built-in snapshot")
	}
	if cal.IsWorkingDay(casefile.MustDate("2030-12-25")) {
		t.Error("years outside both should come from the standing rules")
	}
	bad := map[string]string{
		"not json":          `{`,
		"unknown field":     `{"england-and-wales":{"division":"england-and-wales","events":[{"title":"x","date":"2028-01-03","notes":"","bunting":true,"colour":"red"}]}}`,
		"unknown division":  `{"wales":{"division":"wales","events":[]}}`,
		"no england":        `{"scotland":{"division":"scotland","events":[]}}`,
		"bad date":          `{"england-and-wales":{"division":"england-and-wales","events":[{"title":"x","date":"2028-02-30","notes":"","bunting":true}]}}`,
		"duplicate":         `{"england-and-wales":{"division":"england-and-wales","events":[{"title":"x","date":"2028-01-03","notes":"","bunting":true},{"title":"y","date":"2028-01-03","notes":"","bunting":true}]}}`,
		"wrong division":    `{"england-and-wales":{"division":"scotland","events":[]}}`,
		"empty":             `{"england-and-wales":{"division":"england-and-wales","events":[]}}`,
		"trailing data":     `{"england-and-wales":{"division":"england-and-wales","events":[{"title":"x","date":"2028-01-03","notes":"","bunting":true}]}} {}`,
		"null":              `null`,
		"untitled holiday":  `{"england-and-wales":{"division":"england-and-wales","events":[{"title":"","date":"2028-01-03","notes":"","bunting":true}]}}`,
		"events not a list": `{"england-and-wales":{"division":"england-and-wales","events":{}}}`,
	}
	for name, in := range bad {
		t.Run(name, func(t *testing.T) {
			if _, err := ParseBankHolidays([]byte(in)); err == nil {
				t.Fatal("no error")
			} else if !strings.HasPrefix(err.Error(), "bank holidays file") {
				t.Fatalf("error %q does not say what failed", err)
			}
		})
	}
}

func FuzzParseBankHolidays(f *testing.F) {
	f.Add(assets.BankHolidaysEnglandWales)
	f.Add([]byte(`{"england-and-wales":{"division":"england-and-wales","events":[{"title":"x","date":"2028-01-03","notes":"","bunting":true}]}}`))
	f.Add([]byte(`{}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		cal, err := ParseBankHolidays(data)
		if err != nil {
			return
		}
		d := casefile.MustDate("2028-01-03")
		if got := cal.WorkingDaysBetween(d, cal.AddWorkingDays(d, 10)); got != 10 {
			t.Fatalf("round trip gave %d", got)
		}
	})
}

func TestLongMatchesDateLong(t *testing.T) {
	for d := casefile.MustDate("1900-01-01"); d.Before(casefile.MustDate("2200-12-31")); d = d.AddDays(1) {
		if got, want := long(d), d.Long(); got != want {
			t.Fatalf("long(%s) = %q, want %q", d, got, want)
		}
	}
}
