package ui

import (
	"slices"

	"fyne.io/fyne/v2"
)

// Preference keys. fyne.Preferences is a plain file on disk, so it holds only
// how the app looks and behaves and where vaults are: never anything from a
// case (STYLE.md habit 4). A test scans every value for case data.
const (
	prefRecent       = "vaults.recent"    // []string: vault folders, most recent first
	prefRemember     = "vaults.remember"  // bool: keep the recent list (default true)
	prefLockMinutes  = "safety.lockAfter" // int: minutes without input before locking
	prefNeutralTitle = "safety.neutral"   // bool: window titled "Notes"
	prefTextSize     = "look.textSize"    // string: small, normal, large, larger
	prefThemeVariant = "look.theme"       // string: system, light, dark
	maxRecent        = 5                  // vaults remembered
	defaultLockMins  = 5                  // UI.md: auto-lock after 5 idle minutes
	neutralTitle     = "Notes"            // the title for a shared computer
	normalTitle      = "Redress"          // the title otherwise
	settingsTitle    = "Settings"         // the settings window's title, neutral in itself
	textSizeNormal   = "normal"           // the default text size
	themeSystem      = "system"           // follow the system's light or dark
	themeLight       = "light"            // always light
	themeDark        = "dark"             // always dark
	lockNever        = 0                  // not offered: a locked screen is the default
	aiSettingKey     = "ai"               // the vault setting holding polish.Settings as JSON
	defaultVaultName = "Redress vault"    // the folder a new vault is made in
)

// uiPrefs reads and writes the app's preferences.
type uiPrefs struct{ p fyne.Preferences }

func (u uiPrefs) recent() []string {
	if !u.remember() {
		return nil
	}
	return u.p.StringList(prefRecent)
}

// addRecent puts a vault folder at the top of the recent list.
func (u uiPrefs) addRecent(path string) {
	if !u.remember() {
		return
	}
	list := slices.DeleteFunc(slices.Clone(u.p.StringList(prefRecent)), func(s string) bool { return s == path })
	list = append([]string{path}, list...)
	if len(list) > maxRecent {
		list = list[:maxRecent]
	}
	u.p.SetStringList(prefRecent, list)
}

func (u uiPrefs) forgetRecent(path string) {
	list := slices.DeleteFunc(slices.Clone(u.p.StringList(prefRecent)), func(s string) bool { return s == path })
	u.p.SetStringList(prefRecent, list)
}

func (u uiPrefs) remember() bool { return u.p.BoolWithFallback(prefRemember, true) }

// setRemember turns the recent list on or off; off also forgets it.
func (u uiPrefs) setRemember(on bool) {
	u.p.SetBool(prefRemember, on)
	if !on {
		u.p.RemoveValue(prefRecent)
	}
}

func (u uiPrefs) lockMinutes() int {
	m := u.p.IntWithFallback(prefLockMinutes, defaultLockMins)
	if m <= lockNever || m > 240 {
		return defaultLockMins
	}
	return m
}

func (u uiPrefs) setLockMinutes(m int) { u.p.SetInt(prefLockMinutes, m) }

func (u uiPrefs) neutral() bool { return u.p.Bool(prefNeutralTitle) }

func (u uiPrefs) setNeutral(on bool) { u.p.SetBool(prefNeutralTitle, on) }

func (u uiPrefs) title() string {
	if u.neutral() {
		return neutralTitle
	}
	return normalTitle
}

func (u uiPrefs) textSize() string { return u.p.StringWithFallback(prefTextSize, textSizeNormal) }

func (u uiPrefs) setTextSize(s string) { u.p.SetString(prefTextSize, s) }

func (u uiPrefs) themeVariant() string { return u.p.StringWithFallback(prefThemeVariant, themeSystem) }

func (u uiPrefs) setThemeVariant(s string) { u.p.SetString(prefThemeVariant, s) }
