package ui

import (
	"time"

	"github.com/redress-app/redress/app/ui/kit"
)

// countdownFrom is how long before the idle lock the status bar starts to say
// it is coming.
const countdownFrom = 60 * time.Second

// idleWatch locks the vault after a time without key or pointer input. It is
// driven by tick, once a second on the UI goroutine (a ticker in the real app,
// the test itself in tests), so its clock can be faked.
type idleWatch struct {
	now    func() time.Time
	limit  time.Duration
	last   time.Time
	on     bool
	onTick func(left time.Duration) // left <= countdownFrom, or -1 when not close
	onLock func()
	ticker *time.Ticker
	done   chan struct{}
}

func newIdleWatch(now func() time.Time, limit time.Duration, onTick func(time.Duration), onLock func()) *idleWatch {
	return &idleWatch{now: now, limit: limit, onTick: onTick, onLock: onLock}
}

// touch records input: the clock starts again.
func (w *idleWatch) touch() {
	if w == nil {
		return
	}
	w.last = w.now()
}

// restart arms the watch with a new limit.
func (w *idleWatch) restart(limit time.Duration) {
	w.limit = limit
	w.last = w.now()
	w.on = true
}

// stop disarms the watch (nothing to lock).
func (w *idleWatch) stop() { w.on = false }

// tick checks the time left and locks when it has run out.
func (w *idleWatch) tick() {
	if !w.on {
		return
	}
	left := w.limit - w.now().Sub(w.last)
	if left <= 0 {
		w.on = false
		w.onLock()
		return
	}
	if left <= countdownFrom {
		w.onTick(left)
	} else {
		w.onTick(-1)
	}
}

// run ticks every second until stopRunning is called (the real app only).
func (w *idleWatch) run() {
	w.ticker = time.NewTicker(time.Second)
	w.done = make(chan struct{})
	go func() {
		for {
			select {
			case <-w.ticker.C:
				kit.OnUI(w.tick)
			case <-w.done:
				return
			}
		}
	}()
}

func (w *idleWatch) stopRunning() {
	if w.ticker != nil {
		w.ticker.Stop()
		close(w.done)
		w.ticker = nil
	}
}
