package store

import "github.com/redress-app/redress/store/internal/osfile"

// ErrInUse means a file could not be replaced because another program has it
// open (on Windows: a PDF reader or word processor showing it, or a virus
// scanner reading it). Closing it there and trying again is the cure.
var ErrInUse = osfile.ErrInUse

// ReplaceFile gives the complete, fsynced file tmp the name path in the same
// folder, replacing any file there in one step, and makes that durable. On
// Windows, where a file another program has open cannot be replaced, it
// retries for about one and a half seconds, then returns an error wrapping
// ErrInUse with path unchanged; tmp is then left for the caller to remove.
func ReplaceFile(tmp, path string) error { return osfile.Replace(tmp, path) }

// syncDir makes the creation or renaming of a file in dir survive a crash
// (fsync of the folder on Unix; nothing on Windows, where a folder cannot be
// flushed and NTFS journals its metadata).
func syncDir(dir string) error { return osfile.SyncDir(dir) }

// IsDiskFull reports whether err says the disk is full: ENOSPC, and on
// Windows ERROR_DISK_FULL and ERROR_HANDLE_DISK_FULL, which Go's
// syscall.ENOSPC does not match there. The vault's own errors for a full
// disk wrap syscall.ENOSPC on every system.
func IsDiskFull(err error) bool { return osfile.DiskFull(err) }
