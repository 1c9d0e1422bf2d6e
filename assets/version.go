package assets

import (
	"runtime"
	"runtime/debug"
	"strings"
)

// Version is Redress's release number. FyneApp.toml carries the same number
// (a test checks), and scripts/package refuses to build a release whose git
// tag says otherwise.
const Version = "0.1.0"

// Commit is the git commit a release was built from, stamped by
// scripts/package with
//
//	-ldflags "-X github.com/redress-app/redress/assets.Commit=<full hash>"
//
// scripts/package --allow-dirty adds "+" when the working tree had
// uncommitted changes. It is empty in a development build (go build, go run),
// where Build falls back to what the Go toolchain recorded, if anything.
var Commit = ""

// BuildInfo says which build of Redress is running.
type BuildInfo struct {
	Version  string // the release number, as Version
	Commit   string // the full git commit, or "" when not known
	Modified bool   // the working tree had uncommitted changes (development builds only)
	Go       string // the Go release that compiled it, such as "go1.26.8"
	Platform string // GOOS/GOARCH, such as "windows/amd64"
}

// Build describes this binary: the stamped commit of a release, or in a
// development build the commit the Go toolchain recorded (go build with VCS
// stamping), or none.
func Build() BuildInfo {
	b := BuildInfo{Version: Version, Commit: Commit, Go: runtime.Version(), Platform: runtime.GOOS + "/" + runtime.GOARCH}
	if b.Commit != "" {
		return b
	}
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				b.Commit = s.Value
			case "vcs.modified":
				b.Modified = s.Value == "true"
			}
		}
	}
	return b
}

// Short is the commit cut to 12 characters, "+" marking uncommitted changes,
// or "development build" when the commit is not known.
func (b BuildInfo) Short() string {
	if b.Commit == "" {
		return "development build"
	}
	c, dirty := strings.CutSuffix(b.Commit, "+")
	if len(c) > 12 {
		c = c[:12]
	}
	if dirty || b.Modified {
		c += "+"
	}
	return c
}

// String is the one line `redress version` prints and the About box shows,
// such as "0.1.0 (commit 3a30b99a1b2c, go1.26.8, windows/amd64)".
func (b BuildInfo) String() string {
	commit := b.Short()
	if b.Commit != "" {
		commit = "commit " + commit
	}
	return b.Version + " (" + commit + ", " + b.Go + ", " + b.Platform + ")"
}
