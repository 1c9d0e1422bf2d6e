package assets

import (
	"bytes"
	"strings"
	"testing"
)

func TestFonts(t *testing.T) {
	for name, data := range map[string][]byte{"regular": SansRegular, "bold": SansBold, "italic": SansItalic} {
		if len(data) < 100_000 || !bytes.HasPrefix(data, []byte{0, 1, 0, 0}) {
			t.Errorf("%s: not a TrueType font (%d bytes)", name, len(data))
		}
	}
	if !strings.Contains(FontLicense, "SIL OPEN FONT LICENSE Version 1.1") || !strings.Contains(FontLicense, "Liberation") {
		t.Error("the font licence is missing or incomplete")
	}
}
