package checks

import (
	"time"

	"github.com/redress-app/redress/casefile"
)

// Holiday is one England and Wales bank holiday (or other day that is not a
// working day under SI 2006/1738 reg 2, such as Good Friday and Christmas Day).
type Holiday struct {
	Date  casefile.Date
	Title string
	Notes string // "Substitute day", "Moved from ..." or ""
}

// easter returns Easter Sunday of year y in the Gregorian calendar (the
// anonymous Gregorian algorithm, also known as Meeus/Jones/Butcher).
func easter(y int) casefile.Date {
	a := y % 19
	b, c := y/100, y%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return casefile.NewDate(y, time.Month(month), day)
}

func firstMonday(y int, m time.Month) casefile.Date {
	d := casefile.NewDate(y, m, 1)
	for d.Weekday() != time.Monday {
		d = d.AddDays(1)
	}
	return d
}

func lastMonday(y int, m time.Month) casefile.Date {
	d := casefile.NewDate(y, m+1, 1).AddDays(-1)
	for d.Weekday() != time.Monday {
		d = d.AddDays(-1)
	}
	return d
}

// standingHolidays returns the England and Wales holidays of year y by the
// standing rules alone: New Year's Day, Good Friday, Easter Monday, the first
// Monday in May, the last Mondays in May and August, Christmas Day and Boxing
// Day, with substitute days when a fixed-date holiday falls at a weekend
// (Banking and Financial Dealings Act 1971 Sch 1, and the annual royal
// proclamations for New Year's Day and the early May holiday). It knows
// nothing of one-off or moved holidays: those are in the snapshot.
func standingHolidays(y int) []Holiday {
	e := easter(y)
	out := make([]Holiday, 0, 8)
	ny := casefile.NewDate(y, time.January, 1)
	switch ny.Weekday() {
	case time.Saturday:
		out = append(out, Holiday{ny.AddDays(2), "New Year’s Day", "Substitute day"})
	case time.Sunday:
		out = append(out, Holiday{ny.AddDays(1), "New Year’s Day", "Substitute day"})
	default:
		out = append(out, Holiday{ny, "New Year’s Day", ""})
	}
	out = append(out,
		Holiday{e.AddDays(-2), "Good Friday", ""},
		Holiday{e.AddDays(1), "Easter Monday", ""},
		Holiday{firstMonday(y, time.May), "Early May bank holiday", ""},
		Holiday{lastMonday(y, time.May), "Spring bank holiday", ""},
		Holiday{lastMonday(y, time.August), "Summer bank holiday", ""},
	)
	xmas := casefile.NewDate(y, time.December, 25)
	switch xmas.Weekday() {
	case time.Friday: // Boxing Day on Saturday moves to Monday 28th.
		out = append(out, Holiday{xmas, "Christmas Day", ""}, Holiday{xmas.AddDays(3), "Boxing Day", "Substitute day"})
	case time.Saturday: // Christmas moves to Monday 27th, Boxing Day to Tuesday 28th.
		out = append(out, Holiday{xmas.AddDays(2), "Christmas Day", "Substitute day"}, Holiday{xmas.AddDays(3), "Boxing Day", "Substitute day"})
	case time.Sunday: // Boxing Day stays on Monday 26th; Christmas moves to Tuesday 27th.
		out = append(out, Holiday{xmas.AddDays(1), "Boxing Day", ""}, Holiday{xmas.AddDays(2), "Christmas Day", "Substitute day"})
	default:
		out = append(out, Holiday{xmas, "Christmas Day", ""}, Holiday{xmas.AddDays(1), "Boxing Day", ""})
	}
	return out
}

// oneOff is a holiday change made by royal proclamation for a single year:
// a moved standing holiday (From set) or an extra day.
type oneOff struct {
	Date   string
	Title  string
	From   string // the standing holiday's usual date when it was moved; "" for an extra day
	Source string
}

// oneOffs lists every one-off and moved England and Wales bank holiday from
// 1999 to 2027. The snapshot in assets is built from standingHolidays plus
// these; assets/holidays-README.md repeats the list with its sources.
var oneOffs = []oneOff{
	{"1999-12-31", "Millennium Day", "", "Millennium celebrations, by royal proclamation"},
	{"2002-06-04", "Spring bank holiday", "2002-05-27", "moved for the Golden Jubilee, by royal proclamation"},
	{"2002-06-03", "Golden Jubilee of Queen Elizabeth II", "", "by royal proclamation"},
	{"2011-04-29", "Wedding of Prince William and Catherine Middleton", "", "by royal proclamation"},
	{"2012-06-04", "Spring bank holiday", "2012-05-28", "moved for the Diamond Jubilee, by royal proclamation"},
	{"2012-06-05", "Queen’s Diamond Jubilee", "", "by royal proclamation"},
	{"2020-05-08", "Early May bank holiday (VE day)", "2020-05-04", "moved for the 75th anniversary of VE Day, by royal proclamation"},
	{"2022-06-02", "Spring bank holiday", "2022-05-30", "moved for the Platinum Jubilee, by royal proclamation"},
	{"2022-06-03", "Platinum Jubilee bank holiday", "", "by royal proclamation"},
	{"2022-09-19", "Bank Holiday for the State Funeral of Queen Elizabeth II", "", "by royal proclamation"},
	{"2023-05-08", "Bank holiday for the coronation of King Charles III", "", "by royal proclamation"},
}

// snapshotHolidays builds the holidays of year y as the snapshot holds them:
// the standing rules with the one-offs applied. It is how the asset file was
// made (see TestSnapshotAsset), not how the calendar reads it.
func snapshotHolidays(y int) []Holiday {
	hs := standingHolidays(y)
	for _, o := range oneOffs {
		d := casefile.MustDate(o.Date)
		if yy, _, _ := d.YMD(); yy != y {
			continue
		}
		if o.From != "" {
			from := casefile.MustDate(o.From)
			for i := range hs {
				if hs[i].Date == from {
					hs[i].Date = d
					hs[i].Title = o.Title
					hs[i].Notes = "Moved from " + from.Long()
				}
			}
			continue
		}
		hs = append(hs, Holiday{d, o.Title, ""})
	}
	return hs
}
