package cli

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/redress-app/redress/assets"
	"github.com/redress-app/redress/store"
)

func TestDispatch(t *testing.T) {
	tests := []struct {
		name      string
		args      []string
		code      int
		out, errs string
	}{
		{"version", []string{"version"}, 0, "redress " + Version + " (", ""},
		{"--version", []string{"--version"}, 0, "redress " + Version + " (", ""},
		{"help lists commands", []string{"help"}, 0, "redress version", ""},
		{"help for one command", []string{"help", "version"}, 0, "usage: redress version", ""},
		{"unknown command", []string{"verison"}, 2, "", `unknown command "verison" (did you mean "version"?)`},
		{"no command without a desktop", nil, 2, "", "no command given"},
		{"version with arguments", []string{"version", "x"}, 2, "", "version takes no arguments"},
		{"open without a file", []string{"open"}, 2, "", "open needs one case file"},
		{"open a missing file", []string{"open", "/nonexistent/case.json"}, 2, "", "there is no such file"},
		{"bad flag", []string{"open", "--frobnicate", "x"}, 2, "", "flag provided but not defined: -frobnicate"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errs := run(t, nil, "", tc.args...)
			if code != tc.code {
				t.Errorf("exit %d, want %d (stderr %q)", code, tc.code, errs)
			}
			if !strings.Contains(out, tc.out) {
				t.Errorf("stdout %q does not contain %q", out, tc.out)
			}
			if !strings.Contains(errs, tc.errs) {
				t.Errorf("stderr %q does not contain %q", errs, tc.errs)
			}
			if tc.code != 0 && !strings.HasPrefix(errs, "redress: ") {
				t.Errorf("stderr %q should start with \"redress: \"", errs)
			}
		})
	}
}

// TestVersionShowsStampedCommit: a release built by scripts/package (which
// sets assets.Commit with -ldflags -X) says which commit it was built from.
func TestVersionShowsStampedCommit(t *testing.T) {
	old := assets.Commit
	defer func() { assets.Commit = old }()
	assets.Commit = "3a30b99a1b2c3d4e5f60718293a4b5c6d7e8f901"
	code, out, errs := run(t, nil, "", "version")
	want := "redress " + Version + " (commit 3a30b99a1b2c, " + runtime.Version() + ", " + runtime.GOOS + "/" + runtime.GOARCH + ")\n"
	if code != 0 || out != want {
		t.Errorf("version: exit %d, stdout %q (want %q), stderr %q", code, out, want, errs)
	}
}

func TestOpenCallsDesktop(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "case.json")
	if err := os.WriteFile(p, []byte(`{}`), 0o600); err != nil {
		t.Fatal(err)
	}
	var got string
	e := &Env{Stdout: &bytes.Buffer{}, Stderr: &bytes.Buffer{}, OpenDesktop: func(path string) error { got = path; return nil }}
	if code := Main(e, []string{"open", p}); code != 0 || got != p {
		t.Fatalf("open: code %d, desktop got %q", code, got)
	}
	got = "unset"
	if code := Main(e, nil); code != 0 || got != "" {
		t.Fatalf("no args: code %d, desktop got %q", code, got)
	}
	e.OpenDesktop = func(string) error { return errors.New("no display") }
	if code := Main(e, nil); code != 1 {
		t.Fatalf("desktop failure: code %d, want 1", code)
	}
}

// TestExplainFileInUse: a file Windows would not let Redress replace (open in
// a PDF reader) gets a sentence saying what to do.
func TestExplainFileInUse(t *testing.T) {
	err := fmt.Errorf("write case.json: %w", fmt.Errorf("replace case.json: %w (%w)", store.ErrInUse, errors.New("Access is denied.")))
	got := Explain(err)
	if !strings.Contains(got, "open in another program") || !strings.Contains(got, "Close the file in the other program and try again") {
		t.Errorf("Explain = %q", got)
	}
}
