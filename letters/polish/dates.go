package polish

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/redress-app/redress/casefile"
)

// DateMention is a date written in text, in any of the forms people use:
// "17th April", "17 April 2026", "Friday 17 April 2026", "April 17, 2026",
// "17/4/26", "17/04/2026", "17.04.2026", "2026-04-17", or a month and year
// alone ("April 2026").
type DateMention struct {
	Text       string // as written
	Start, End int    // byte offsets in the text
	Day        int    // 1-31; 0 for a month and year alone
	Month      time.Month
	Year       int // 0 when the text gives no year
	Weekday    time.Weekday
	HasWeekday bool
	Numeric    bool // written in figures only, such as 17/4/26
}

// Valid reports whether the mention names a day that exists: 31 April does
// not, nor does 29 February 2026. A mention without a year is valid if the day
// exists in some year.
func (m DateMention) Valid() bool {
	if m.Month < time.January || m.Month > time.December {
		return false
	}
	if m.Year != 0 && (m.Year < 1900 || m.Year > 2200) {
		return false
	}
	if m.Day == 0 {
		return m.Year != 0
	}
	y := m.Year
	if y == 0 {
		y = 2024 // a leap year, so that 29 February without a year is a real day
	}
	return m.Day >= 1 && m.Day <= daysInMonth(m.Month, y)
}

// Date returns the mention as a calendar date, when it gives a day, a month
// and a year and names a real day.
func (m DateMention) Date() (casefile.Date, bool) {
	if m.Day == 0 || m.Year == 0 || !m.Valid() {
		return casefile.Date{}, false
	}
	return casefile.NewDate(m.Year, m.Month, m.Day), true
}

func daysInMonth(m time.Month, y int) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

const (
	reWeekday = `(?:mon|monday|tue|tues|tuesday|wed|weds|wednesday|thu|thur|thurs|thursday|fri|friday|sat|saturday|sun|sunday)`
	reMonth   = `(?:january|jan|february|feb|march|mar|april|apr|may|june|jun|july|jul|august|aug|september|sept|sep|october|oct|november|nov|december|dec)`
	reDay     = `(\d{1,2})(?:st|nd|rd|th)?`
	reYear    = `(\d{4}|'\d{2}|’\d{2})`
)

var (
	// 17 April 2026, Friday the 17th of April, 17th Apr. '26
	reDayMonth = regexp.MustCompile(`(?i)\b(?:(` + reWeekday + `)\.?,?\s+(?:the\s+)?)?` + reDay +
		`(?:\s+of)?[\s-]+(` + reMonth + `)\b\.?(?:,?[\s-]+` + reYear + `\b)?`)
	// April 17, 2026; Friday, April 17th
	reMonthDay = regexp.MustCompile(`(?i)\b(?:(` + reWeekday + `)\.?,?\s+)?(` + reMonth + `)\b\.?\s+(?:the\s+)?` +
		`(\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+` + reYear + `\b)?`)
	// April 2026
	reMonthYear = regexp.MustCompile(`(?i)\b(` + reMonth + `)\b\.?,?\s+(\d{4})\b`)
	// 17/4/26, 17/04/2026, 17.04.2026, 17-04-2026, with an optional weekday
	reNumeric = regexp.MustCompile(`(?i)\b(?:(` + reWeekday + `)\.?,?\s+)?(\d{1,2})([/.-])(\d{1,2})([/.-])(\d{4}|\d{2})\b`)
	// 2026-04-17, 2026/04/17
	reISO = regexp.MustCompile(`\b(\d{4})([-/])(\d{1,2})([-/])(\d{1,2})\b`)
)

var monthByName = func() map[string]time.Month {
	m := map[string]time.Month{}
	for i := time.January; i <= time.December; i++ {
		full := strings.ToLower(i.String())
		m[full] = i
		m[full[:3]] = i
	}
	m["sept"] = time.September
	return m
}()

var weekdayByName = func() map[string]time.Weekday {
	m := map[string]time.Weekday{}
	for i := time.Sunday; i <= time.Saturday; i++ {
		full := strings.ToLower(i.String())
		m[full] = i
		m[full[:3]] = i
	}
	m["tues"] = time.Tuesday
	m["weds"] = time.Wednesday
	m["thur"] = time.Thursday
	m["thurs"] = time.Thursday
	return m
}()

// ambiguousMonth reports whether a month name is also an everyday word ("may",
// "march"), which counts as a month only when written with a capital letter.
func ambiguousMonth(s string) bool {
	l := strings.ToLower(s)
	return (l == "may" || l == "march" || l == "mar") && !(s[0] >= 'A' && s[0] <= 'Z')
}

// FindDates returns every date mentioned in text, in order, without overlaps.
func FindDates(text string) []DateMention {
	// The patterns are costly on long texts, so they run only on the
	// stretches around a month's name or figures joined by / . or -, each
	// widened to whole words so that word boundaries are the text's own.
	var all []DateMention
	for _, w := range dateWindows(text) {
		for _, m := range findDatesIn(text[w[0]:w[1]]) {
			m.Start += w[0]
			m.End += w[0]
			m.Text = text[m.Start:m.End]
			all = append(all, m)
		}
	}
	return nonOverlapping(all)
}

// dateWindows returns merged [start, end) stretches of text that may hold a
// date.
func dateWindows(text string) [][2]int {
	var hits [][2]int
	for _, w := range words(text) {
		if _, ok := monthByName[strings.ToLower(strings.TrimSuffix(w.text, "."))]; ok {
			hits = append(hits, [2]int{w.start, w.end})
		}
	}
	for i := 1; i+1 < len(text); i++ {
		if (text[i] == '/' || text[i] == '.' || text[i] == '-') && isDigit(text[i-1]) && isDigit(text[i+1]) {
			hits = append(hits, [2]int{i, i + 1})
		}
	}
	sort.Slice(hits, func(a, b int) bool { return hits[a][0] < hits[b][0] })
	var out [][2]int
	for _, h := range hits {
		start := widenLeft(text, h[0]-48)
		end := widenRight(text, h[1]+32)
		if n := len(out); n > 0 && start <= out[n-1][1] {
			out[n-1][1] = max(out[n-1][1], end)
			continue
		}
		out = append(out, [2]int{start, end})
	}
	return out
}

// widenLeft moves i back to just after a space (or to the start).
func widenLeft(text string, i int) int {
	if i <= 0 {
		return 0
	}
	for i > 0 && !isSpace(text[i-1]) {
		i--
	}
	return i
}

// widenRight moves i forward past the next space (or to the end).
func widenRight(text string, i int) int {
	if i >= len(text) {
		return len(text)
	}
	for i < len(text) && !isSpace(text[i]) {
		i++
	}
	return min(i+1, len(text))
}

func isSpace(b byte) bool { return b == ' ' || b == '\n' || b == '\t' || b == '\r' }

func findDatesIn(text string) []DateMention {
	var all []DateMention
	add := func(m DateMention) {
		m.Text = text[m.Start:m.End]
		all = append(all, m)
	}
	for _, ix := range reDayMonth.FindAllStringSubmatchIndex(text, -1) {
		g := groups(text, ix)
		if ambiguousMonth(g[3]) && g[1] == "" && g[4] == "" {
			continue // "17 may": a number followed by the verb, far more often than a date
		}
		m := DateMention{Start: ix[0], End: ix[1], Day: atoi(g[2]), Month: monthByName[strings.ToLower(g[3])]}
		m.Year = yearOf(g[4])
		m.Weekday, m.HasWeekday = weekdayOf(g[1])
		add(m)
	}
	for _, ix := range reMonthDay.FindAllStringSubmatchIndex(text, -1) {
		g := groups(text, ix)
		if ambiguousMonth(g[2]) {
			continue
		}
		m := DateMention{Start: ix[0], End: ix[1], Day: atoi(g[3]), Month: monthByName[strings.ToLower(g[2])]}
		m.Year = yearOf(g[4])
		m.Weekday, m.HasWeekday = weekdayOf(g[1])
		add(m)
	}
	for _, ix := range reMonthYear.FindAllStringSubmatchIndex(text, -1) {
		g := groups(text, ix)
		if ambiguousMonth(g[1]) {
			continue
		}
		add(DateMention{Start: ix[0], End: ix[1], Month: monthByName[strings.ToLower(g[1])], Year: atoi(g[2])})
	}
	for _, ix := range reNumeric.FindAllStringSubmatchIndex(text, -1) {
		g := groups(text, ix)
		if g[3] != g[5] || (g[3] != "/" && len(g[6]) != 4) || !numericEdgesOK(text, ix[0], ix[1]) {
			// 1.1.2 (a paragraph) and 3-9-11 are not dates; mixed separators neither.
			continue
		}
		m := DateMention{Start: ix[0], End: ix[1], Day: atoi(g[2]), Month: time.Month(atoi(g[4])), Year: yearOf(g[6]), Numeric: true}
		m.Weekday, m.HasWeekday = weekdayOf(g[1])
		add(m)
	}
	for _, ix := range reISO.FindAllStringSubmatchIndex(text, -1) {
		g := groups(text, ix)
		if g[2] != g[4] || !numericEdgesOK(text, ix[0], ix[1]) {
			continue
		}
		add(DateMention{Start: ix[0], End: ix[1], Year: atoi(g[1]), Month: time.Month(atoi(g[3])), Day: atoi(g[5]), Numeric: true})
	}
	return all
}

// numericEdgesOK rejects figures that are part of a longer reference, such as
// "SI 2006/1738/12" or "1/2/2026/3".
func numericEdgesOK(text string, start, end int) bool {
	if start > 0 {
		switch text[start-1] {
		case '/', '.', '-':
			if start > 1 && isDigit(text[start-2]) {
				return false
			}
		}
	}
	if end < len(text)-1 {
		switch text[end] {
		case '/', '-':
			if isDigit(text[end+1]) {
				return false
			}
		case '.':
			if isDigit(text[end+1]) {
				return false
			}
		}
	}
	return true
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }

func nonOverlapping(all []DateMention) []DateMention {
	sort.SliceStable(all, func(i, j int) bool {
		if all[i].Start != all[j].Start {
			return all[i].Start < all[j].Start
		}
		return all[i].End > all[j].End
	})
	var out []DateMention
	end := -1
	for _, m := range all {
		if m.Start < end {
			continue
		}
		out = append(out, m)
		end = m.End
	}
	return out
}

func groups(text string, ix []int) []string {
	g := make([]string, len(ix)/2)
	for i := range g {
		if ix[2*i] >= 0 {
			g[i] = text[ix[2*i]:ix[2*i+1]]
		}
	}
	return g
}

func atoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		return -1
	}
	return n
}

// yearOf reads a year of four figures, or two (with or without an apostrophe):
// 00-69 are 2000-2069, 70-99 are 1970-1999.
func yearOf(s string) int {
	s = strings.TrimPrefix(strings.TrimPrefix(s, "'"), "’")
	switch len(s) {
	case 4:
		return atoi(s)
	case 2:
		n := atoi(s)
		if n < 70 {
			return 2000 + n
		}
		return 1900 + n
	}
	return 0
}

func weekdayOf(s string) (time.Weekday, bool) {
	if s == "" {
		return 0, false
	}
	w, ok := weekdayByName[strings.ToLower(s)]
	return w, ok
}

// dateSet is the set of dates a reply may mention: full dates from the record
// and the draft, and the days and months the draft gives without a year.
type dateSet struct {
	full      map[casefile.Date]bool
	dayMonth  map[[2]int]bool // day and month of every full date, and of yearless mentions
	monthYear map[[2]int]bool // month and year of every full date, and of month-year mentions
}

func newDateSet() *dateSet {
	return &dateSet{full: map[casefile.Date]bool{}, dayMonth: map[[2]int]bool{}, monthYear: map[[2]int]bool{}}
}

func (s *dateSet) addDate(d casefile.Date) {
	if d.IsZero() {
		return
	}
	y, m, day := d.YMD()
	s.full[d] = true
	s.dayMonth[[2]int{day, int(m)}] = true
	s.monthYear[[2]int{int(m), y}] = true
}

func (s *dateSet) addText(text string) {
	for _, m := range FindDates(text) {
		if !m.Valid() {
			continue
		}
		switch {
		case m.Day != 0 && m.Year != 0:
			d, _ := m.Date()
			s.addDate(d)
		case m.Day != 0:
			s.dayMonth[[2]int{m.Day, int(m.Month)}] = true
		default:
			s.monthYear[[2]int{int(m.Month), m.Year}] = true
		}
	}
}

// check says why a mention is not allowed, or "" when it is.
func (s *dateSet) check(m DateMention, draft string) string {
	if !m.Valid() {
		return "is not a real date (dates are read day first, as in England)"
	}
	switch {
	case m.Day != 0 && m.Year != 0:
		d, _ := m.Date()
		if m.HasWeekday && d.Weekday() != m.Weekday {
			return "gives the wrong day of the week: " + d.Long() + " was a " + d.Weekday().String()
		}
		if !s.full[d] {
			if s.dayMonth[[2]int{m.Day, int(m.Month)}] {
				return "adds a year to a date that the record and " + draft + " give differently or without a year"
			}
			return "is not a date in the record or " + draft
		}
	case m.Day != 0:
		if !s.dayMonth[[2]int{m.Day, int(m.Month)}] {
			return "is not a date in the record or " + draft
		}
		if m.HasWeekday && !s.weekdayFits(m) {
			return "gives a day of the week that does not match that date in the record or " + draft
		}
	default:
		if !s.monthYear[[2]int{int(m.Month), m.Year}] {
			return "is not a month in the record or " + draft
		}
	}
	return ""
}

// weekdayFits reports whether some full date with the mention's day and month
// falls on its weekday. A yearless date from the draft alone cannot be checked,
// so it fits.
func (s *dateSet) weekdayFits(m DateMention) bool {
	found := false
	for d := range s.full {
		_, mm, dd := d.YMD()
		if dd == m.Day && mm == m.Month {
			found = true
			if d.Weekday() == m.Weekday {
				return true
			}
		}
	}
	return !found
}
