package kit

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// calmTheme is Fyne's default theme with a quieter accent and a little more
// room, so that screens read as calm rather than busy.
type calmTheme struct{ fyne.Theme }

// CalmTheme is the desktop app's theme (calmTheme).
func CalmTheme() fyne.Theme { return &calmTheme{Theme: theme.DefaultTheme()} }

var (
	accentLight = color.NRGBA{R: 0x1f, G: 0x6f, B: 0x74, A: 0xff} // deep teal
	accentDark  = color.NRGBA{R: 0x6f, G: 0xc2, B: 0xc4, A: 0xff}
)

// statusColours holds the light and dark values of the status colour names.
var statusColours = map[fyne.ThemeColorName][2]color.NRGBA{
	ColorNameStatusDue:    {{R: 0x1f, G: 0x5f, B: 0xa8, A: 0xff}, {R: 0x7d, G: 0xb3, B: 0xf0, A: 0xff}}, // blue
	ColorNameStatusInfo:   {{R: 0x6b, G: 0x4f, B: 0xbb, A: 0xff}, {R: 0xb9, G: 0xa3, B: 0xf5, A: 0xff}}, // violet
	ColorNameStatusFamily: {{R: 0x9c, G: 0x2f, B: 0x6e, A: 0xff}, {R: 0xe5, G: 0x8f, B: 0xc0, A: 0xff}}, // plum
	ColorNameStatusPassed: {{R: 0x6e, G: 0x6e, B: 0x6e, A: 0xff}, {R: 0xa8, G: 0xa8, B: 0xa8, A: 0xff}}, // grey
}

func (t *calmTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if c, ok := statusColours[n]; ok {
		if v == theme.VariantDark {
			return c[1]
		}
		return c[0]
	}
	switch n {
	case theme.ColorNamePrimary, theme.ColorNameHyperlink, theme.ColorNameFocus:
		if v == theme.VariantDark {
			return accentDark
		}
		return accentLight
	}
	return t.Theme.Color(n, v)
}

func (t *calmTheme) Size(n fyne.ThemeSizeName) float32 {
	switch n {
	case theme.SizeNamePadding:
		return 5
	case theme.SizeNameText:
		return 14
	}
	return t.Theme.Size(n)
}
