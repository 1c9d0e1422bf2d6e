package ui

import (
	"sync"

	"fyne.io/fyne/v2"
)

// inflight counts background work still running, so tests can wait for it.
var inflight sync.WaitGroup

// background runs slow off the UI goroutine and hands its result to apply on
// the UI goroutine (through fyne.Do). apply should first check that the screen
// still shows what the work was started for; a token such as a load counter
// does that.
func background[T any](slow func() T, apply func(T)) {
	inflight.Add(1)
	go func() {
		defer inflight.Done()
		r := slow()
		fyne.DoAndWait(func() { apply(r) })
	}()
}
