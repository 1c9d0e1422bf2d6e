package bundle

import "testing"

// TestAttachmentNameStripsControls: an attachment's name never carries a
// bidirectional override or a control character (issue 16.7).
func TestAttachmentNameStripsControls(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"override", "invoice\u202etxt.exe", "d1 - invoicetxt.exe"},
		{"isolate and mark", "a\u2067b\u200fc.pdf", "d1 - abc.pdf"},
		{"escape", "x\x1b[2Jy.pdf", "d1 - x[2Jy.pdf"},
		{"C1 and slash", "a\u0085b/c.pdf", "d1 - ab_c.pdf"},
		{"invalid UTF-8", "a\xffb.pdf", "d1 - ab.pdf"},
		{"plain", "café letter.pdf", "d1 - café letter.pdf"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := attachmentName(&Item{ID: "d1", Name: tc.in}); got != tc.want {
				t.Errorf("attachmentName(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}
