package casefile

import (
	"testing"
	"time"
)

func TestDateArithmetic(t *testing.T) {
	tests := []struct {
		name string
		got  string
		want string
	}{
		{"add a month", MustDate("2026-04-10").AddMonths(1).String(), "2026-05-10"},
		{"31 Jan + 1 month, non-leap", MustDate("2026-01-31").AddMonths(1).String(), "2026-02-28"},
		{"31 Jan + 1 month, leap", MustDate("2028-01-31").AddMonths(1).String(), "2028-02-29"},
		{"Nov + 3 months crosses the year", MustDate("2025-11-30").AddMonths(3).String(), "2026-02-28"},
		{"minus 13 months", MustDate("2026-01-15").AddMonths(-13).String(), "2024-12-15"},
		{"add days across a year end", MustDate("2025-12-30").AddDays(3).String(), "2026-01-02"},
		{"long form", MustDate("2025-11-06").Long(), "6 November 2025"},
	}
	for _, tc := range tests {
		if tc.got != tc.want {
			t.Errorf("%s: got %s, want %s", tc.name, tc.got, tc.want)
		}
	}
}

func TestWeekdayMatchesTime(t *testing.T) {
	d := MustDate("1999-12-25")
	for i := 0; i < 20000; i++ {
		if got, want := d.Weekday(), d.Time().Weekday(); got != want {
			t.Fatalf("%s: weekday %v, want %v", d, got, want)
		}
		d = d.AddDays(1)
	}
	if MustDate("1969-12-31").Weekday() != time.Wednesday {
		t.Error("weekday before 1970 is wrong")
	}
}

func TestParseDateRejects(t *testing.T) {
	for _, s := range []string{"", "2026-1-01", "2026-13-01", "2026-00-10", "2026-02-29", "+026-01-01", "2026-01-+1", "1899-12-31", "2026/01/01"} {
		if _, err := ParseDate(s); err == nil {
			t.Errorf("ParseDate(%q) succeeded", s)
		}
	}
	for _, s := range []string{"2024-02-29", "2026-12-31", "1900-01-01"} {
		if d, err := ParseDate(s); err != nil || d.String() != s {
			t.Errorf("ParseDate(%q) = %v, %v", s, d, err)
		}
	}
}

func TestParseClock(t *testing.T) {
	for _, s := range []string{"24:00", "9:15", "09:60", "0915", "-1:00"} {
		if _, err := ParseClock(s); err == nil {
			t.Errorf("ParseClock(%q) succeeded", s)
		}
	}
	if c, err := ParseClock("00:00"); err != nil || c.IsZero() || c.String() != "00:00" {
		t.Errorf("midnight: %v %v", c, err)
	}
}
