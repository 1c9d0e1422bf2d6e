package kit

import (
	"sync"

	"fyne.io/fyne/v2"
)

// Inflight counts background work still running, so tests can wait for it.
var Inflight sync.WaitGroup

// UIMu makes the functions handed to the UI goroutine run one at a time.
// In the app they already do (they all run on the UI goroutine); under Fyne's
// test driver each runs on the goroutine that sent it, and this keeps tests as
// sequential as the app.
var UIMu sync.Mutex

// OnUI runs f on the UI goroutine and waits for it. It must not be called
// from the UI goroutine itself.
func OnUI(f func()) {
	fyne.DoAndWait(func() {
		UIMu.Lock()
		defer UIMu.Unlock()
		f()
	})
}

// Background runs slow off the UI goroutine and hands its result to apply on
// the UI goroutine (through fyne.Do). apply should first check that the screen
// still shows what the work was started for; a token such as a load counter
// does that.
func Background[T any](slow func() T, apply func(T)) {
	Inflight.Add(1)
	go func() {
		defer Inflight.Done()
		r := slow()
		OnUI(func() { apply(r) })
	}()
}

// Later runs f on the UI goroutine soon, without waiting: for callbacks such
// as the vault's OnKDF, which may come from any goroutine.
func Later(f func()) {
	Inflight.Add(1)
	go func() {
		defer Inflight.Done()
		OnUI(f)
	}()
}
