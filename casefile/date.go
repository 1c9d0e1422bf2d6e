package casefile

import (
	"fmt"
	"strconv"
	"time"
)

// Date is a calendar day in England (Europe/London), with no time of day and no
// time zone. The zero Date means "no date". Dates compare with ==, < and
// Before, and step by whole days without any daylight-saving surprises.
type Date struct {
	n int32 // days since 1970-01-01, plus dateBias; 0 means unset
}

const dateBias = 1 << 24 // keeps every real date's n positive

// NewDate returns the date y-m-d. Out-of-range parts normalise as time.Date does.
func NewDate(y int, m time.Month, d int) Date {
	t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return Date{n: int32(t.Unix()/86400) + dateBias}
}

// DateOf returns the calendar date of t in t's own location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return NewDate(y, m, d)
}

// ParseDate parses a YYYY-MM-DD date and rejects days that do not exist.
func ParseDate(s string) (Date, error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return Date{}, fmt.Errorf("%q is not a date in the form YYYY-MM-DD", s)
	}
	y, err1 := strconv.Atoi(s[0:4])
	m, err2 := strconv.Atoi(s[5:7])
	d, err3 := strconv.Atoi(s[8:10])
	if err1 != nil || err2 != nil || err3 != nil || s[0] == '+' || s[5] == '+' || s[8] == '+' {
		return Date{}, fmt.Errorf("%q is not a date in the form YYYY-MM-DD", s)
	}
	if y < 1900 || y > 2200 {
		return Date{}, fmt.Errorf("%q has a year outside 1900-2200", s)
	}
	if m < 1 || m > 12 || d < 1 || d > daysIn(time.Month(m), y) {
		return Date{}, fmt.Errorf("%q is not a real date", s)
	}
	return NewDate(y, time.Month(m), d), nil
}

// MustDate is ParseDate for constants in tests and tables; it panics on a bad date.
func MustDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func daysIn(m time.Month, y int) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// IsZero reports whether d is the zero Date (no date).
func (d Date) IsZero() bool { return d.n == 0 }

// Time returns midnight UTC at the start of d, for formatting.
func (d Date) Time() time.Time {
	return time.Unix(int64(d.n-dateBias)*86400, 0).UTC()
}

// YMD returns the year, month and day of d.
func (d Date) YMD() (int, time.Month, int) { return d.Time().Date() }

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday {
	// 1970-01-01 was a Thursday.
	return time.Weekday(((int(d.n-dateBias) % 7) + 7 + int(time.Thursday)) % 7)
}

// AddDays returns d moved by n days (n may be negative).
func (d Date) AddDays(n int) Date { return Date{n: d.n + int32(n)} }

// AddMonths returns the same day of the month n months later, or the last day of
// that month when it has no such day ("within N months": 31 January + 1 month
// is 28 or 29 February).
func (d Date) AddMonths(n int) Date {
	y, m, day := d.YMD()
	total := int(m) - 1 + n
	y += total / 12
	if total%12 < 0 {
		y--
	}
	nm := time.Month(((total%12)+12)%12 + 1)
	if last := daysIn(nm, y); day > last {
		day = last
	}
	return NewDate(y, nm, day)
}

// DaysUntil returns the number of days from d to e (negative if e is earlier).
func (d Date) DaysUntil(e Date) int { return int(e.n - d.n) }

// Before reports whether d is strictly earlier than e.
func (d Date) Before(e Date) bool { return d.n < e.n }

// After reports whether d is strictly later than e.
func (d Date) After(e Date) bool { return d.n > e.n }

// Compare returns -1, 0 or +1 as d is before, the same as, or after e.
func (d Date) Compare(e Date) int {
	switch {
	case d.n < e.n:
		return -1
	case d.n > e.n:
		return 1
	}
	return 0
}

// String formats d as YYYY-MM-DD, or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.Time().Format("2006-01-02")
}

// Long formats d the way people read it: "6 November 2025".
func (d Date) Long() string {
	if d.IsZero() {
		return ""
	}
	return d.Time().Format("2 January 2006")
}

// MarshalText encodes d as YYYY-MM-DD.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText decodes a YYYY-MM-DD date.
func (d *Date) UnmarshalText(b []byte) error {
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Clock is a time of day to the minute. The zero Clock means "no time given".
type Clock struct {
	m int16 // minutes since midnight, plus one; 0 means unset
}

// NewClock returns the time of day h:m.
func NewClock(h, m int) Clock { return Clock{m: int16(h*60+m) + 1} }

// ParseClock parses a 24-hour HH:MM time of day.
func ParseClock(s string) (Clock, error) {
	if len(s) != 5 || s[2] != ':' {
		return Clock{}, fmt.Errorf("%q is not a time in the form HH:MM (24-hour)", s)
	}
	h, err1 := strconv.Atoi(s[0:2])
	m, err2 := strconv.Atoi(s[3:5])
	if err1 != nil || err2 != nil || s[0] == '+' || s[3] == '+' || h < 0 || h > 23 || m < 0 || m > 59 {
		return Clock{}, fmt.Errorf("%q is not a time in the form HH:MM (24-hour)", s)
	}
	return NewClock(h, m), nil
}

// IsZero reports whether no time of day was given.
func (c Clock) IsZero() bool { return c.m == 0 }

// Minutes returns minutes since midnight.
func (c Clock) Minutes() int { return int(c.m) - 1 }

// String formats c as HH:MM, or "" when unset.
func (c Clock) String() string {
	if c.IsZero() {
		return ""
	}
	return fmt.Sprintf("%02d:%02d", c.Minutes()/60, c.Minutes()%60)
}

// MarshalText encodes c as HH:MM.
func (c Clock) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

// UnmarshalText decodes an HH:MM time of day.
func (c *Clock) UnmarshalText(b []byte) error {
	v, err := ParseClock(string(b))
	if err != nil {
		return err
	}
	*c = v
	return nil
}
