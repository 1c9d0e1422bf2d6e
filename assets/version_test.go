package assets

import (
	"regexp"
	"runtime"
	"testing"
)

func TestBuildInfoString(t *testing.T) {
	tests := []struct {
		name string
		b    BuildInfo
		want string
	}{
		{"release", BuildInfo{Version: "0.1.0", Commit: "3a30b99a1b2c3d4e5f60718293a4b5c6d7e8f901", Go: "go1.26.8", Platform: "windows/amd64"},
			"0.1.0 (commit 3a30b99a1b2c, go1.26.8, windows/amd64)"},
		{"release from a changed tree", BuildInfo{Version: "0.1.0", Commit: "3a30b99a1b2c3d4e5f60718293a4b5c6d7e8f901+", Go: "go1.26.8", Platform: "linux/amd64"},
			"0.1.0 (commit 3a30b99a1b2c+, go1.26.8, linux/amd64)"},
		{"development build with VCS stamping", BuildInfo{Version: "0.1.0", Commit: "abc", Modified: true, Go: "go1.26.8", Platform: "linux/amd64"},
			"0.1.0 (commit abc+, go1.26.8, linux/amd64)"},
		{"development build without", BuildInfo{Version: "0.1.0", Go: "go1.26.8", Platform: "darwin/arm64"},
			"0.1.0 (development build, go1.26.8, darwin/arm64)"},
	}
	for _, tc := range tests {
		if got := tc.b.String(); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestBuildUsesStampedCommit(t *testing.T) {
	old := Commit
	defer func() { Commit = old }()
	Commit = "0123456789abcdef0123456789abcdef01234567"
	b := Build()
	if b.Commit != Commit || b.Version != Version || b.Platform != runtime.GOOS+"/"+runtime.GOARCH {
		t.Fatalf("Build() = %+v", b)
	}
	if !regexp.MustCompile(`^` + regexp.QuoteMeta(Version) + ` \(commit 0123456789ab, go[^,]+, [a-z0-9]+/[a-z0-9]+\)$`).MatchString(b.String()) {
		t.Errorf("String() = %q", b.String())
	}
}
