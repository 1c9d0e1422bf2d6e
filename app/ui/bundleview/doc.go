// Package bundleview is the desktop's Bundle tab, a room of its own: the
// evidence bundle of the open case arranged by hand, checked before export
// and exported (whole, in volumes or as a redacted copy), and the
// authorities bundle beside it. The shell makes it with New, gives it its
// save form (Pick), shows it with SetCase, and asks Busy before locking or
// closing.
package bundleview
