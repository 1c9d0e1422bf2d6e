package ui

import (
	"sync"

	"fyne.io/fyne/v2"
)

// inflight counts background work still running, so tests can wait for it.
var inflight sync.WaitGroup

// uiMu makes the functions handed to the UI goroutine run one at a time.
// In the app they already do (they all run on the UI goroutine); under Fyne's
// test driver each runs on the goroutine that sent it, and this keeps tests as
// sequential as the app.
var uiMu sync.Mutex

// onUI runs f on the UI goroutine and waits for it. It must not be called
// from the UI goroutine itself.
func onUI(f func()) {
	fyne.DoAndWait(func() {
		uiMu.Lock()
		defer uiMu.Unlock()
		f()
	})
}

// background runs slow off the UI goroutine and hands its result to apply on
// the UI goroutine (through fyne.Do). apply should first check that the screen
// still shows what the work was started for; a token such as a load counter
// does that.
func background[T any](slow func() T, apply func(T)) {
	inflight.Add(1)
	go func() {
		defer inflight.Done()
		r := slow()
		onUI(func() { apply(r) })
	}()
}

// later runs f on the UI goroutine soon, without waiting: for callbacks such
// as the vault's OnKDF, which may come from any goroutine.
func later(f func()) {
	inflight.Add(1)
	go func() {
		defer inflight.Done()
		onUI(f)
	}()
}
