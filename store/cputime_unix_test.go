//go:build !windows

package store

import (
	"syscall"
	"time"
)

// cpuTime returns the process's user and system CPU time so far: with other
// work on the machine, wall-clock time overstates what an operation costs.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
