// Package assets holds the bytes Redress embeds: the icon, fonts and the
// bank-holiday snapshot. It uses the standard library only.
package assets
