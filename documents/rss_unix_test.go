//go:build !windows

package documents

import "syscall"

// peakRSSMB is this process's peak resident memory in MB (Linux reports
// kilobytes), for the benchmarks' peak-rss-MB.
func peakRSSMB() (float64, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, false
	}
	return float64(ru.Maxrss) / 1024, true
}
