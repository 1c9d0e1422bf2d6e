package store

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

func TestDefaultParent(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	yes := func(string) bool { return true }
	no := func(string) bool { return false }
	tests := []struct {
		name, goos string
		env        map[string]string
		home       string
		isDir      func(string) bool
		want       string
	}{
		{"windows", "windows", map[string]string{"LOCALAPPDATA": `C:\Users\Zoë Smith\AppData\Local`}, `C:\Users\Zoë Smith`, yes,
			`C:\Users\Zoë Smith\AppData\Local\Redress`},
		{"windows without LOCALAPPDATA", "windows", nil, `C:\Users\Zoë Smith`, yes,
			`C:\Users\Zoë Smith\AppData\Local\Redress`},
		{"macOS", "darwin", nil, "/Users/zoe", yes, "/Users/zoe/Library/Application Support/Redress"},
		{"linux with Documents", "linux", nil, "/home/zoë", yes, "/home/zoë/Documents"},
		{"linux without", "linux", nil, "/home/zoë", no, "/home/zoë"},
	}
	for _, tc := range tests {
		if got := defaultParent(tc.goos, env(tc.env), tc.home, tc.isDir); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}

// TestDefaultParentHere: on this system the answer is absolute, and on
// Linux it is the Documents folder once there is one.
func TestDefaultParentHere(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("USERPROFILE", home)
	if got := DefaultParent(); !filepath.IsAbs(got) {
		t.Fatalf("DefaultParent() = %q, not absolute", got)
	}
	if runtime.GOOS != "linux" {
		return
	}
	if got := DefaultParent(); got != home {
		t.Errorf("without Documents: %q, want %q", got, home)
	}
	if err := os.Mkdir(filepath.Join(home, "Documents"), 0o700); err != nil {
		t.Fatal(err)
	}
	if got := DefaultParent(); got != filepath.Join(home, "Documents") {
		t.Errorf("with Documents: %q", got)
	}
}
