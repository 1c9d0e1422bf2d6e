package casefile

import (
	"time"
	_ "time/tzdata" // Europe/London must work on machines without a zoneinfo database
)

// London is the Europe/London time zone every case date and time is in,
// loaded once. checks.London is the same zone.
var London = func() *time.Location {
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		panic("casefile: Europe/London: " + err.Error()) // time/tzdata is embedded
	}
	return loc
}()

// Today returns the date in England at the instant now: the domain's "today"
// for deadlines, letters and bundles, whatever zone now is in.
func Today(now time.Time) Date {
	return DateOf(now.In(London))
}
