package cli

import (
	"errors"
	"io/fs"
	"strings"

	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/store"
)

// Explain turns an error into a message for a person: what happened and, where
// it is obvious, what to do next.
func Explain(err error) string {
	var ps casefile.Problems
	switch {
	case errors.As(err, &ps):
		if len(ps) == 1 {
			return "the case file has a problem:\n  " + ps[0].Error()
		}
		return "the case file has problems:\n  " + strings.ReplaceAll(ps.Error(), "\n", "\n  ")
	case errors.Is(err, casefile.ErrWrongPassphrase):
		return "that passphrase did not open this vault. Check Caps Lock and try again."
	case errors.Is(err, casefile.ErrAlreadyOpen):
		return "this vault is already open in another Redress window or command. Close that first."
	case errors.Is(err, casefile.ErrTampered):
		return "the vault's data does not verify: it has been altered or damaged (" + err.Error() + "). Restore from a backup; do not write to this vault."
	case errors.Is(err, store.ErrReadOnly):
		return err.Error() + ", so nothing was changed. To change it, copy the whole vault folder to a disk you can write to, and open the copy."
	case errors.Is(err, casefile.ErrLocked):
		return "the vault is locked. Unlock it with your passphrase and try again."
	case errors.Is(err, store.ErrInUse):
		return err.Error() + ". Close the file in the other program and try again; it was not changed."
	case store.IsDiskFull(err): // ERROR_DISK_FULL on Windows too
		return "the disk is full. Nothing was saved by this step; free some space and try again."
	case errors.Is(err, casefile.ErrNotFound):
		return trimSentinel(err, casefile.ErrNotFound)
	case errors.Is(err, casefile.ErrExists):
		return trimSentinel(err, casefile.ErrExists)
	}
	return err.Error()
}

// trimSentinel drops a sentinel's own words (": not found") from the end
// of a message that already says what is wrong in its own.
func trimSentinel(err, sentinel error) string {
	return strings.TrimSuffix(err.Error(), ": "+sentinel.Error())
}

// isBadInput reports errors caused by what the user supplied (exit code 2).
func isBadInput(err error) bool {
	return errors.Is(err, casefile.ErrInvalidCase) || errors.Is(err, casefile.ErrNotFound) ||
		errors.Is(err, casefile.ErrAmbiguous) || errors.Is(err, casefile.ErrExists)
}

// plainIOError shortens an os error to its cause ("no such file").
func plainIOError(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return "there is no such file"
		case errors.Is(err, fs.ErrPermission):
			return "permission denied"
		}
		return pe.Err.Error()
	}
	return err.Error()
}

// closest suggests the name nearest to s, for mistyped commands.
func closest(s string, names []string) string {
	best, bestD := "", 3
	for _, n := range names {
		if d := distance(s, n); d < bestD {
			best, bestD = n, d
		}
	}
	return best
}

func distance(a, b string) int {
	if len(a) > 32 || len(b) > 32 {
		return 99
	}
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			c := 1
			if a[i-1] == b[j-1] {
				c = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+c)
		}
		prev = cur
	}
	return prev[len(b)]
}
