package checks

import (
	"sync"
	"testing"

	"github.com/redress-app/redress/casefile"
)

// TestRunConcurrently runs the shared default catalogue from several
// goroutines at once (run with -race to check that Run shares nothing mutable).
func TestRunConcurrently(t *testing.T) {
	c := bigCase(200)
	for i := range c.Events {
		if i%20 == 0 {
			c.Events[i].Certainty = casefile.CertaintyApprox
		}
	}
	want := Run(Default(), c, casefile.MustDate("2026-06-01"))
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got := Run(Default(), c, casefile.MustDate("2026-06-01"))
			if len(got) != len(want) {
				t.Errorf("%d findings, want %d", len(got), len(want))
				return
			}
			for i := range got {
				if got[i].Explanation != want[i].Explanation || got[i].Status != want[i].Status {
					t.Errorf("finding %d differs between runs", i)
					return
				}
			}
		}()
	}
	wg.Wait()
}
