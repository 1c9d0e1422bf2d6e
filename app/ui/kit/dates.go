package kit

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/redress-app/redress/casefile"
)

// Today is the day in England at now() (casefile.Today), the day the
// desktop's screens count from.
func Today(now func() time.Time) casefile.Date { return casefile.Today(now()) }

var errDateWords = errors.New("write the date like 6 November 2025 or 06/11/2025")

// dayNames and monthNames are the words ParseDay reads, lower case.
var monthNames = map[string]time.Month{}

func init() {
	for m := time.January; m <= time.December; m++ {
		name := strings.ToLower(m.String())
		monthNames[name] = m
		monthNames[name[:3]] = m
	}
	monthNames["sept"] = time.September
}

// ParseDay reads a date the way people in England write it.
func ParseDay(s string, today casefile.Date) (casefile.Date, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	switch s {
	case "":
		return casefile.Date{}, nil
	case "today":
		return today, nil
	case "yesterday":
		return today.AddDays(-1), nil
	}
	if d, err := casefile.ParseDate(s); err == nil {
		return d, nil
	}
	// Numbers: day/month/year with /, . or - between.
	if parts := strings.FieldsFunc(s, func(r rune) bool { return r == '/' || r == '.' || r == '-' }); len(parts) == 3 && allDigits(parts) {
		d, _ := strconv.Atoi(parts[0])
		m, _ := strconv.Atoi(parts[1])
		y, _ := strconv.Atoi(parts[2])
		return checkedDate(fullYear(y, len(parts[2]), today), m, d)
	}
	// Words: [weekday] day[st|nd|rd|th] month [year], commas ignored.
	words := strings.Fields(strings.ReplaceAll(s, ",", " "))
	if len(words) > 0 && isWeekday(words[0]) {
		words = words[1:]
	}
	if len(words) == 2 || len(words) == 3 {
		day := strings.TrimRight(words[0], "stndrh")
		m, okM := monthNames[strings.TrimSuffix(words[1], ".")]
		d, errD := strconv.Atoi(day)
		if okM && errD == nil {
			y, _, _ := today.YMD()
			if len(words) == 3 {
				n, err := strconv.Atoi(words[2])
				if err != nil {
					return casefile.Date{}, errDateWords
				}
				y = fullYear(n, len(words[2]), today)
			}
			return checkedDate(y, int(m), d)
		}
	}
	return casefile.Date{}, errDateWords
}

func allDigits(parts []string) bool {
	for _, p := range parts {
		if p == "" {
			return false
		}
		for _, r := range p {
			if r < '0' || r > '9' {
				return false
			}
		}
	}
	return true
}

// fullYear reads a two-digit year as this century, unless that is in the future.
func fullYear(y, digits int, today casefile.Date) int {
	if digits > 2 {
		return y
	}
	ty, _, _ := today.YMD()
	y += 2000
	if y > ty {
		y -= 100
	}
	return y
}

func checkedDate(y, m, d int) (casefile.Date, error) {
	if m < 1 || m > 12 || d < 1 || d > 31 || y < 1900 || y > 2200 {
		return casefile.Date{}, errDateWords
	}
	dt := casefile.NewDate(y, time.Month(m), d)
	if _, mm, dd := dt.YMD(); int(mm) != m || dd != d {
		return casefile.Date{}, errors.New("there is no such day: check the day and the month")
	}
	return dt, nil
}

func isWeekday(w string) bool {
	for d := time.Sunday; d <= time.Saturday; d++ {
		n := strings.ToLower(d.String())
		if w == n || w == n[:3] || w == n+"," {
			return true
		}
	}
	return false
}
