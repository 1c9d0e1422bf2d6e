package letters

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestLibreOffice opens every golden DOCX in LibreOffice (headless), exports
// it as text and compares that with the plain-text letter. It takes about ten
// seconds, so -short skips it.
func TestLibreOffice(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: LibreOffice takes about ten seconds to start")
	}
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("LibreOffice is not installed (Debian: libreoffice-writer-nogui)")
	}
	dir := t.TempDir()
	reqs := goldenRequests(t)
	var paths []string
	want := map[string]string{}
	for _, nr := range reqs {
		l := buildGolden(t, nr)
		var buf bytes.Buffer
		if err := WriteDOCX(&buf, l, DOCXOptions{}); err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, nr.name+".docx")
		if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
		want[nr.name] = normWS(textOf(t, l))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	out := filepath.Join(dir, "out")
	args := append([]string{"--headless", "-env:UserInstallation=file://" + filepath.Join(dir, "profile"),
		"--convert-to", "txt:Text (encoded):UTF8", "--outdir", out}, paths...)
	cmd := exec.CommandContext(ctx, soffice, args...)
	msg, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("soffice: %v\n%s", err, msg)
	}
	if made, _ := filepath.Glob(filepath.Join(out, "*.txt")); len(made) == 0 {
		// soffice is there but converted nothing: LibreOffice without its
		// word processor (only Calc installed, say) cannot open DOCX.
		t.Skipf("LibreOffice converted none of the letters: is Writer installed? (Debian: libreoffice-writer-nogui)\n%s", msg)
	}
	for _, nr := range reqs {
		t.Run(nr.name, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(out, nr.name+".txt"))
			if err != nil {
				t.Fatalf("LibreOffice did not convert the DOCX: %v", err)
			}
			got := strings.TrimPrefix(string(data), "\uFEFF")
			got = strings.ReplaceAll(got, "•", "-")
			if g := normWS(got); g != want[nr.name] {
				t.Errorf("LibreOffice's text differs from the plain text:\n lo:   %s\n text: %s", g, want[nr.name])
			}
		})
	}
}
