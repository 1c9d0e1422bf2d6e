package polish

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/redress-app/redress/casefile"
)

func TestFindDates(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   string
		want []string // "text=YYYY-MM-DD", with 0000 for no year and 00 for no day; "+wd" for a weekday; "!" for invalid
	}{
		{"long", "on 17 April 2026.", []string{"17 April 2026=2026-04-17"}},
		{"ordinal without year", "the 17th April", []string{"17th April=0000-04-17"}},
		{"of", "the 3rd of March", []string{"3rd of March=0000-03-03"}},
		{"weekday", "Friday 17 April 2026", []string{"Friday 17 April 2026=2026-04-17+wd"}},
		{"weekday comma the", "Friday, the 17th of April, 2026", []string{"Friday, the 17th of April, 2026=2026-04-17+wd"}},
		{"abbreviated", "Fri 17th Apr. 2026", []string{"Fri 17th Apr. 2026=2026-04-17+wd"}},
		{"sept", "1 Sept 2025", []string{"1 Sept 2025=2025-09-01"}},
		{"apostrophe year", "17 April '26", []string{"17 April '26=2026-04-17"}},
		{"month first", "April 17, 2026", []string{"April 17, 2026=2026-04-17"}},
		{"month first ordinal no year", "April 17th", []string{"April 17th=0000-04-17"}},
		{"month first with weekday", "Friday, April 17", []string{"Friday, April 17=0000-04-17+wd"}},
		{"slash short", "17/4/26", []string{"17/4/26=2026-04-17"}},
		{"slash long", "17/04/2026", []string{"17/04/2026=2026-04-17"}},
		{"dots", "17.04.2026", []string{"17.04.2026=2026-04-17"}},
		{"hyphens", "17-04-2026", []string{"17-04-2026=2026-04-17"}},
		{"iso", "2026-04-17", []string{"2026-04-17=2026-04-17"}},
		{"iso slash", "2026/04/17", []string{"2026/04/17=2026-04-17"}},
		{"numeric with weekday", "Fri 17/04/26", []string{"Fri 17/04/26=2026-04-17+wd"}},
		{"month and year", "in May 2026", []string{"May 2026=2026-05-00"}},
		{"nineteen-nineties", "3/4/98", []string{"3/4/98=1998-04-03"}},
		{"capitals", "17 APRIL 2026", []string{"17 APRIL 2026=2026-04-17"}},
		{"two dates", "from 2 March to 6 March 2026", []string{"2 March=0000-03-02", "6 March 2026=2026-03-06"}},
		{"not a real day", "31 April 2026", []string{"31 April 2026=2026-04-31!"}},
		{"not a leap year", "29/02/2026", []string{"29/02/2026=2026-02-29!"}},
		{"leap day without year", "29 February", []string{"29 February=0000-02-29"}},
		{"American order", "4/17/26", []string{"4/17/26=2026-17-04!"}},
		{"verb may", "we may 17 times", nil},
		{"lower-case may with number", "17 may", nil},
		{"lower-case march", "they march 5 miles", nil},
		{"paragraph number", "rec 1.1.2 and para 3.3.10", nil},
		{"statutory instrument", "SI 2006/1738", nil},
		{"longer figures", "ref 1/2/2026/3", nil},
		{"timescale", "within 15 working days", nil},
		{"year alone", "Working Together 2023", nil},
		{"neutral citation", "[2018] UKSC 37", nil},
		{"phone", "07700 900123", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, d := range FindDates(tc.in) {
				s := fmt.Sprintf("%s=%04d-%02d-%02d", d.Text, d.Year, int(d.Month), d.Day)
				if d.HasWeekday {
					s += "+wd"
				}
				if !d.Valid() {
					s += "!"
				}
				got = append(got, s)
			}
			if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("FindDates(%q)\n got %q\nwant %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestDateSetCheck(t *testing.T) {
	s := newDateSet()
	s.addDate(casefile.MustDate("2026-04-17")) // a Friday
	s.addDate(casefile.MustDate("2025-10-13"))
	s.addText("We spoke on 3 March and again in June 2026.")
	for _, tc := range []struct {
		name string
		in   string
		ok   bool
	}{
		{"same date long", "17 April 2026", true},
		{"same date short", "17/4/26", true},
		{"same date iso", "2026-04-17", true},
		{"same date month first", "April 17th, 2026", true},
		{"right weekday", "Friday 17 April 2026", true},
		{"wrong weekday", "Thursday 17 April 2026", false},
		{"day and month of a recorded date", "17th April", true},
		{"day and month with the right weekday", "Friday 17th April", true},
		{"day and month with a wrong weekday", "Monday 17th April", false},
		{"day-month from the draft", "3rd March", true},
		{"year added to a draft's day-month", "3 March 2026", false},
		{"month of a recorded date", "October 2025", true},
		{"month from the draft", "June 2026", true},
		{"other month", "July 2026", false},
		{"other year", "17 April 2025", false},
		{"other day", "18 April 2026", false},
		{"other day without year", "18 April", false},
		{"not a real day", "31 April 2026", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ds := FindDates(tc.in)
			if len(ds) != 1 {
				t.Fatalf("FindDates(%q) found %d dates", tc.in, len(ds))
			}
			why := s.check(ds[0], "your draft")
			if (why == "") != tc.ok {
				t.Errorf("check(%q) = %q, want ok=%v", tc.in, why, tc.ok)
			}
		})
	}
}

func FuzzFindDates(f *testing.F) {
	for _, s := range []string{"Friday, the 17th of April, 2026", "17/4/26", "2026-04-17", "April 17th", "May 2026",
		"1/2/2026/3", "29/02/2026", "’26", "17 April '", "Sept. 1, 2025", "\xff17 April"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		end := -1
		for _, d := range FindDates(s) {
			if d.Start < end || d.Start > d.End || d.End > len(s) || s[d.Start:d.End] != d.Text {
				t.Fatalf("bad span %+v in %q", d, s)
			}
			end = d.End
			if d.Valid() {
				if d.Month < time.January || d.Month > time.December {
					t.Fatalf("valid mention with month %d", d.Month)
				}
				if dd, ok := d.Date(); ok {
					if y, m, day := dd.YMD(); y != d.Year || m != d.Month || day != d.Day {
						t.Fatalf("Date() = %s for %+v", dd, d)
					}
				}
			}
		}
	})
}
