package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// lookTheme wraps Redress's calm theme with the person's choices: a text
// size, and light, dark or the system's variant. It leaves theme.go (shared
// with the other screens) alone.
type lookTheme struct {
	fyne.Theme
	scale   float32 // text sizes are multiplied by this
	variant string  // themeSystem, themeLight or themeDark
}

// textScales are the text sizes offered in Settings, in order.
var textScales = []struct {
	key, label string
	scale      float32
}{
	{"small", "Smaller", 0.9},
	{textSizeNormal, "Normal", 1},
	{"large", "Larger", 1.15},
	{"larger", "Largest", 1.3},
}

// themeChoices are the light and dark choices offered in Settings, in order.
var themeChoices = []struct{ key, label string }{
	{themeSystem, "Follow the computer"},
	{themeLight, "Light"},
	{themeDark, "Dark"},
}

func newLookTheme(base fyne.Theme, textSize, variant string) *lookTheme {
	t := &lookTheme{Theme: base, scale: 1, variant: variant}
	for _, s := range textScales {
		if s.key == textSize {
			t.scale = s.scale
		}
	}
	return t
}

func (t *lookTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	switch t.variant {
	case themeLight:
		v = theme.VariantLight
	case themeDark:
		v = theme.VariantDark
	}
	return t.Theme.Color(n, v)
}

func (t *lookTheme) Size(n fyne.ThemeSizeName) float32 {
	s := t.Theme.Size(n)
	switch n {
	case theme.SizeNameText, theme.SizeNameCaptionText, theme.SizeNameHeadingText,
		theme.SizeNameSubHeadingText, theme.SizeNameInlineIcon:
		return s * t.scale
	}
	return s
}

// applyLook sets the app's theme from the preferences.
func applyLook(a fyne.App, p uiPrefs) {
	a.Settings().SetTheme(newLookTheme(newCalmTheme(), p.textSize(), p.themeVariant()))
}
