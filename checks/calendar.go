package checks

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/bits"
	"sort"
	"sync"
	"time"

	"github.com/redress-app/redress/assets"
	"github.com/redress-app/redress/casefile"
)

// London is the Europe/London time zone every case date and time is in:
// casefile.London, kept here for the rules and their callers.
var London = casefile.London

// Calendar says which days are working days in England and Wales, as SI
// 2006/1738 reg 2 defines them: every day except Saturday, Sunday, Christmas
// Day, Boxing Day, Good Friday and the bank holidays (including substitute
// days and one-off holidays such as 19 September 2022 and 8 May 2023).
//
// A Calendar holds an explicit list of holidays for the years it covers (the
// embedded snapshot, 1999 to 2027, or a gov.uk bank-holidays.json file the
// user loaded) and extends it by the standing rules outside those years: New
// Year's Day, Good Friday, Easter Monday, the first Monday in May, the last
// Mondays in May and August, Christmas Day and Boxing Day, with substitute
// days. The standing rules cannot know future one-off holidays, and before
// 1999 they apply today's pattern (the early May holiday began in 1978), so a
// deadline outside the covered years may be a day out if a holiday was added,
// moved or not yet in force. A Calendar is immutable and safe for concurrent use.
type Calendar struct {
	first, last int // years covered by explicit data
	source      string
	named       map[casefile.Date]Holiday
	lo          casefile.Date // first day of the bitset
	work        []uint64      // bit i set: lo+i is a working day
}

const (
	calFirstYear = 1900
	calLastYear  = 2201 // one year past the last date a case file can hold
)

var (
	defaultOnce sync.Once
	defaultCal  *Calendar
	defaultErr  error
)

// DefaultCalendar returns the England and Wales calendar built from the
// embedded gov.uk-format snapshot (1999 to 2027) and the standing rules.
func DefaultCalendar() *Calendar {
	defaultOnce.Do(func() {
		hs, first, last, err := parseGovUK(assets.BankHolidaysEnglandWales)
		if err != nil {
			defaultErr = err
			return
		}
		defaultCal = build(hs, first, last, nil, fmt.Sprintf("the bank holidays built into Redress (%d to %d)", first, last))
	})
	if defaultErr != nil {
		// The snapshot is embedded and tested; this cannot happen in a released build.
		panic("checks: embedded bank holidays: " + defaultErr.Error())
	}
	return defaultCal
}

// ParseBankHolidays reads a bank-holidays.json file in gov.uk's format
// strictly (unknown fields, bad dates and duplicates are errors) and returns
// a Calendar that uses its England and Wales holidays for the years it
// covers, the embedded snapshot for other years the snapshot covers, and the
// standing rules beyond both. The file's other divisions (Scotland, Northern
// Ireland) are checked but not used.
func ParseBankHolidays(data []byte) (*Calendar, error) {
	hs, first, last, err := parseGovUK(data)
	if err != nil {
		return nil, err
	}
	def := DefaultCalendar()
	return build(hs, first, last, def, fmt.Sprintf("a bank holidays file covering %d to %d, with the built-in list for other years", first, last)), nil
}

type govEvent struct {
	Title   string `json:"title"`
	Date    string `json:"date"`
	Notes   string `json:"notes"`
	Bunting bool   `json:"bunting"`
}

type govDivision struct {
	Division string     `json:"division"`
	Events   []govEvent `json:"events"`
}

var govDivisions = []string{"england-and-wales", "scotland", "northern-ireland"}

const maxHolidayFile = 4 << 20

func strictDecode(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return errors.New("unexpected data after the JSON object")
	}
	return nil
}

func parseGovUK(data []byte) (hs []Holiday, first, last int, err error) {
	if len(data) > maxHolidayFile {
		return nil, 0, 0, fmt.Errorf("bank holidays file: larger than %d MB; it is not a bank holidays file", maxHolidayFile>>20)
	}
	var top map[string]json.RawMessage
	if err := strictDecode(data, &top); err != nil {
		return nil, 0, 0, fmt.Errorf("bank holidays file: %w", err)
	}
	if top == nil {
		return nil, 0, 0, errors.New("bank holidays file: expected a JSON object with an \"england-and-wales\" division")
	}
	names := make([]string, 0, len(top))
	for k := range top {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		known := false
		for _, g := range govDivisions {
			known = known || g == k
		}
		if !known {
			return nil, 0, 0, fmt.Errorf("bank holidays file: unknown division %q (expected england-and-wales, scotland or northern-ireland)", k)
		}
		var div govDivision
		if err := strictDecode(top[k], &div); err != nil {
			return nil, 0, 0, fmt.Errorf("bank holidays file: division %q: %w", k, err)
		}
		if div.Division != k {
			return nil, 0, 0, fmt.Errorf("bank holidays file: division %q names itself %q", k, div.Division)
		}
		seen := map[casefile.Date]bool{}
		var list []Holiday
		for i, e := range div.Events {
			d, err := casefile.ParseDate(e.Date)
			if err != nil {
				return nil, 0, 0, fmt.Errorf("bank holidays file: %s events[%d]: %w", k, i, err)
			}
			if e.Title == "" {
				return nil, 0, 0, fmt.Errorf("bank holidays file: %s events[%d]: the holiday has no title", k, i)
			}
			if seen[d] {
				return nil, 0, 0, fmt.Errorf("bank holidays file: %s events[%d]: %s is listed twice", k, i, e.Date)
			}
			seen[d] = true
			list = append(list, Holiday{Date: d, Title: e.Title, Notes: e.Notes})
		}
		if k == "england-and-wales" {
			hs = list
		}
	}
	if _, ok := top["england-and-wales"]; !ok {
		return nil, 0, 0, errors.New("bank holidays file: there is no \"england-and-wales\" division")
	}
	if len(hs) == 0 {
		return nil, 0, 0, errors.New("bank holidays file: the england-and-wales division lists no holidays")
	}
	sort.Slice(hs, func(i, j int) bool { return hs[i].Date.Before(hs[j].Date) })
	first, _, _ = hs[0].Date.YMD()
	last, _, _ = hs[len(hs)-1].Date.YMD()
	return hs, first, last, nil
}

// build makes a Calendar from explicit holidays covering years first..last;
// other years come from fallback (when not nil and it covers them) or the
// standing rules.
func build(hs []Holiday, first, last int, fallback *Calendar, source string) *Calendar {
	c := &Calendar{first: first, last: last, source: source, named: map[casefile.Date]Holiday{}}
	for _, h := range hs {
		c.named[h.Date] = h
	}
	if fallback != nil {
		for d, h := range fallback.named {
			if y, _, _ := d.YMD(); y < first || y > last {
				c.named[d] = h
			}
		}
	}
	for y := calFirstYear; y <= calLastYear; y++ {
		if (y >= first && y <= last) || (fallback != nil && y >= fallback.first && y <= fallback.last) {
			continue
		}
		for _, h := range standingHolidays(y) {
			c.named[h.Date] = h
		}
	}
	c.lo = casefile.NewDate(calFirstYear, time.January, 1)
	n := c.lo.DaysUntil(casefile.NewDate(calLastYear+1, time.January, 1))
	c.work = make([]uint64, (n+63)/64)
	for i := 0; i < n; i++ {
		d := c.lo.AddDays(i)
		if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
			continue
		}
		if _, hol := c.named[d]; hol {
			continue
		}
		c.work[i/64] |= 1 << (i % 64)
	}
	return c
}

// Covered returns the years for which the calendar holds an explicit list of
// holidays; outside them it applies the standing rules.
func (c *Calendar) Covered() (first, last int) { return c.first, c.last }

// Source says in words where the calendar's holidays come from.
func (c *Calendar) Source() string { return c.source }

// Holiday returns the holiday on d, if d is one.
func (c *Calendar) Holiday(d casefile.Date) (Holiday, bool) {
	if h, ok := c.named[d]; ok {
		return h, true
	}
	if c.index(d) < 0 {
		for _, h := range standingHolidays(yearOf(d)) {
			if h.Date == d {
				return h, true
			}
		}
	}
	return Holiday{}, false
}

// Holidays returns the holidays of year y in date order.
func (c *Calendar) Holidays(y int) []Holiday {
	var out []Holiday
	if y < calFirstYear || y > calLastYear {
		out = standingHolidays(y)
	} else {
		for d, h := range c.named {
			if yearOf(d) == y {
				out = append(out, h)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Date.Before(out[j].Date) })
	return out
}

func yearOf(d casefile.Date) int { y, _, _ := d.YMD(); return y }

// index returns d's position in the bitset, or -1 outside it.
func (c *Calendar) index(d casefile.Date) int {
	i := c.lo.DaysUntil(d)
	if i < 0 || i >= len(c.work)*64 {
		return -1
	}
	return i
}

// IsWorkingDay reports whether d is a working day: not a Saturday, Sunday or
// holiday.
func (c *Calendar) IsWorkingDay(d casefile.Date) bool {
	if i := c.index(d); i >= 0 {
		return c.work[i/64]&(1<<(i%64)) != 0
	}
	if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
		return false
	}
	_, hol := c.Holiday(d)
	return !hol
}

// AddWorkingDays returns the nth working day after d (d itself is not
// counted): "within 10 working days of d" ends on AddWorkingDays(d, 10). A
// negative n counts back: the |n|th working day before d. n == 0 returns d.
func (c *Calendar) AddWorkingDays(d casefile.Date, n int) casefile.Date {
	step := 1
	if n < 0 {
		step, n = -1, -n
	}
	for n > 0 {
		d = d.AddDays(step)
		if c.IsWorkingDay(d) {
			n--
		}
	}
	return d
}

// NextWorkingDay returns d if it is a working day, or else the first working
// day after it (the ICO's roll-forward for subject access deadlines).
func (c *Calendar) NextWorkingDay(d casefile.Date) casefile.Date {
	for !c.IsWorkingDay(d) {
		d = d.AddDays(1)
	}
	return d
}

// WorkingDaysBetween counts the working days after a up to and including b.
// It is negative (minus the count after b up to and including a) when b is
// before a, so that WorkingDaysBetween(d, AddWorkingDays(d, n)) == n.
func (c *Calendar) WorkingDaysBetween(a, b casefile.Date) int {
	if b.Before(a) {
		return -c.WorkingDaysBetween(b, a)
	}
	i, j := c.index(a.AddDays(1)), c.index(b)
	if i < 0 || j < 0 || a == b {
		n := 0
		for d := a.AddDays(1); !d.After(b); d = d.AddDays(1) {
			if c.IsWorkingDay(d) {
				n++
			}
		}
		return n
	}
	return c.countBits(i, j)
}

// countBits counts set bits i..j inclusive.
func (c *Calendar) countBits(i, j int) int {
	n := 0
	for i <= j {
		w, off := i/64, i%64
		word := c.work[w] >> off
		span := 64 - off
		if rem := j - i + 1; rem < span {
			word &= (1 << rem) - 1
			span = rem
		}
		n += bits.OnesCount64(word)
		i += span
	}
	return n
}
