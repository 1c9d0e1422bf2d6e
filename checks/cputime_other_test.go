//go:build !unix

package checks

import "time"

func processCPU() (time.Duration, bool) { return 0, false }
