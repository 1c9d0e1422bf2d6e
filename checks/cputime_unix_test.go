//go:build unix

package checks

import (
	"syscall"
	"time"
)

// processCPU returns the CPU time (user and system) the test process has
// used. Benchmarks report it per operation because wall-clock time on a
// shared machine includes time spent waiting for other processes.
func processCPU() (time.Duration, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
