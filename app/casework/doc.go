// Package casework is what the command line and the desktop app both do with
// a vault: draft letters from a case's record and findings, track them to the
// deadlines they set, and build evidence bundles. It holds no user interface.
package casework
