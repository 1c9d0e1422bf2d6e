package casefile

import (
	"testing"
	"time"
)

func TestToday(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		now  time.Time
		want string
	}{
		// Winter: England is on UTC.
		{time.Date(2026, 1, 14, 23, 59, 0, 0, time.UTC), "2026-01-14"},
		// Summer: 23:30 UTC is already the next day in England (BST).
		{time.Date(2026, 6, 1, 23, 30, 0, 0, time.UTC), "2026-06-02"},
		{time.Date(2026, 6, 1, 22, 59, 0, 0, time.UTC), "2026-06-01"},
		// The clocks go forward at 01:00 UTC on 29 March 2026.
		{time.Date(2026, 3, 28, 23, 30, 0, 0, time.UTC), "2026-03-28"},
		{time.Date(2026, 3, 29, 23, 30, 0, 0, time.UTC), "2026-03-30"},
		// The zone of now does not matter, only the instant.
		{time.Date(2026, 6, 1, 20, 0, 0, 0, ny), "2026-06-02"},
	} {
		if got := Today(c.now); got != MustDate(c.want) {
			t.Errorf("Today(%s) = %s, want %s", c.now.Format(time.RFC3339), got, c.want)
		}
	}
}
