package assets

import _ "embed"

// The fonts letters and bundles are set in: Liberation Sans 2.1.5, under the
// SIL Open Font License 1.1 (fonts/LICENSE). It is metric-compatible with
// Arial, covers Latin-1, the en and em dashes, curly quotes and the pound
// sign, and is free to embed in the documents Redress writes.
var (
	// SansRegular is Liberation Sans Regular (TrueType).
	//go:embed fonts/LiberationSans-Regular.ttf
	SansRegular []byte

	// SansBold is Liberation Sans Bold (TrueType).
	//go:embed fonts/LiberationSans-Bold.ttf
	SansBold []byte

	// SansItalic is Liberation Sans Italic (TrueType).
	//go:embed fonts/LiberationSans-Italic.ttf
	SansItalic []byte
)

// FontLicense is the licence the embedded fonts are distributed under.
//
//go:embed fonts/LICENSE
var FontLicense string
