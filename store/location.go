package store

import (
	"os"
	"path/filepath"
	"runtime"
)

// DefaultParent is the folder a new vault's folder is suggested in, as each
// system's users expect, on this computer only:
//
//   - Windows: the user's local application data folder
//     (%LOCALAPPDATA%\Redress, usually C:\Users\NAME\AppData\Local\Redress).
//     Not Documents: Windows 11 moves Documents into OneDrive by default, which
//     would copy the vault off the computer and can damage a database that
//     is open while it syncs. Local app data is never synced or roamed.
//   - macOS: ~/Library/Application Support/Redress, for the same reason
//     (iCloud's "Desktop & Documents Folders").
//   - Linux and the rest: ~/Documents when it exists, else the home folder.
//
// The person can always choose another folder.
func DefaultParent() string {
	home, err := os.UserHomeDir()
	if err != nil {
		home = "."
	}
	return defaultParent(runtime.GOOS, os.Getenv, home, func(p string) bool {
		fi, err := os.Stat(p)
		return err == nil && fi.IsDir()
	})
}

// defaultParent is DefaultParent for a given system, environment and home
// folder, so that every system's answer is tested everywhere. It joins with
// the target system's separator.
func defaultParent(goos string, getenv func(string) string, home string, isDir func(string) bool) string {
	switch goos {
	case "windows":
		base := getenv("LOCALAPPDATA")
		if base == "" {
			base = home + `\AppData\Local`
		}
		return base + `\Redress`
	case "darwin", "ios":
		return filepath.Join(home, "Library", "Application Support", "Redress")
	}
	if docs := filepath.Join(home, "Documents"); isDir(docs) {
		return docs
	}
	return home
}
