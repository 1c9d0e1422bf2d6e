package ui

import (
	"context"
	"io"

	"fyne.io/fyne/v2"

	"github.com/redress-app/redress/app/ui/kit"
	"github.com/redress-app/redress/casefile"
)

// The shell's names for what moved to kit when the Letters and Bundle rooms
// left the shell (app/ui/letters and app/ui/bundleview use the same fields,
// dates, words and layouts), so that the shell's screens read as before.

type (
	keyRouter      = kit.KeyRouter
	field          = kit.Field
	readableLayout = kit.ReadableLayout
)

func routeKeys(c fyne.Canvas, r *keyRouter)           { kit.RouteKeys(c, r) }
func unrouteKeys(c fyne.Canvas)                       { kit.UnrouteKeys(c) }
func routerFor(o fyne.CanvasObject) *keyRouter        { return kit.RouterFor(o) }
func newField(placeholder string) *field              { return kit.NewField(placeholder) }
func newTextArea(placeholder string, rows int) *field { return kit.NewTextArea(placeholder, rows) }
func newSecretField(placeholder string) *field        { return kit.NewSecretField(placeholder) }
func newCalmTheme() fyne.Theme                        { return kit.CalmTheme() }

func parseDay(s string, today casefile.Date) (casefile.Date, error) { return kit.ParseDay(s, today) }

func sortedEvents(in []casefile.Event) []casefile.Event { return kit.SortedEvents(in) }

func eventSummary(e *casefile.Event, c *casefile.Case) string { return kit.EventSummary(e, c) }

func attrWords(e *casefile.Event) []string { return kit.AttrWords(e) }

func withExt(path, ext string, exts []string) string { return kit.WithExt(path, ext, exts) }

var errSaveRefused = kit.ErrSaveRefused

func checkSavePath(path string) (ask bool, err error) { return kit.CheckSavePath(path) }

func formRow(label string, field fyne.CanvasObject) fyne.CanvasObject {
	return kit.FormRow(label, field)
}

func shrinkable(o fyne.CanvasObject) fyne.CanvasObject { return kit.Shrinkable(o) }

func writeExport(ctx context.Context, path string, write func(ctx context.Context, w io.Writer) error) error {
	return kit.WriteExport(ctx, path, write)
}
