package assets

import _ "embed"

// Icon is Redress's application icon, a 512x512 PNG.
//
//go:embed icon.png
var Icon []byte
