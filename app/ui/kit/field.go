package kit

import (
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// KeyRouter is what a window does with the keys its fields do not handle
// themselves. Fyne gives a focused entry every Ctrl shortcut and never passes
// it on, so without this Ctrl+S would do nothing while someone is typing.
type KeyRouter struct {
	Activity  func()            // any key or pointer input: the idle clock restarts
	Escape    func() bool       // Esc: close the top dialog; true if one was closed
	shortcuts map[string]func() // by fyne.Shortcut.ShortcutName()
}

// routers maps a window's canvas to its router.
var routers sync.Map

// RouteKeys makes r the router of the window whose canvas is c.
func RouteKeys(c fyne.Canvas, r *KeyRouter) { routers.Store(c, r) }

// UnrouteKeys forgets the router of canvas c (its window is closed).
func UnrouteKeys(c fyne.Canvas) { routers.Delete(c) }

// RouterFor finds the router of the window that shows o, if any.
func RouterFor(o fyne.CanvasObject) *KeyRouter {
	a := fyne.CurrentApp()
	if a == nil {
		return nil
	}
	c := a.Driver().CanvasForObject(o)
	if c == nil {
		return nil
	}
	if r, ok := routers.Load(c); ok {
		return r.(*KeyRouter)
	}
	return nil
}

// Touch counts input as activity, for the idle lock.
func (r *KeyRouter) Touch() {
	if r != nil && r.Activity != nil {
		r.Activity()
	}
}

// Run performs the window's action for shortcut s, if it has one.
func (r *KeyRouter) Run(s fyne.Shortcut) bool {
	if r == nil {
		return false
	}
	r.Touch()
	if f := r.shortcuts[s.ShortcutName()]; f != nil {
		f()
		return true
	}
	return false
}

// AddShortcut binds Ctrl+key (and Cmd+key on a Mac) in the window's canvas and
// in the router, so that it works whether or not a field has the focus.
func (r *KeyRouter) AddShortcut(c fyne.Canvas, key fyne.KeyName, f func()) {
	if r.shortcuts == nil {
		r.shortcuts = map[string]func(){}
	}
	for _, mod := range []fyne.KeyModifier{fyne.KeyModifierShortcutDefault, fyne.KeyModifierControl} {
		s := &desktop.CustomShortcut{KeyName: key, Modifier: mod}
		r.shortcuts[s.ShortcutName()] = f
		c.AddShortcut(s, func(fyne.Shortcut) { r.Touch(); f() })
	}
}

// Field is the app's text entry: a widget.Entry that passes the window's
// shortcuts and Esc on, and counts typing as activity for the idle lock.
type Field struct {
	widget.Entry
	OnEscape func() bool // Esc in this field, before the window's Esc; true if handled
}

// NewField is an empty field showing placeholder.
func NewField(placeholder string) *Field {
	f := &Field{}
	f.PlaceHolder = placeholder
	f.ExtendBaseWidget(f)
	return f
}

// NewTextArea is a field of several lines, wrapping at words.
func NewTextArea(placeholder string, rows int) *Field {
	f := NewField(placeholder)
	f.MultiLine = true
	f.Wrapping = fyne.TextWrapWord
	f.SetMinRowsVisible(rows)
	return f
}

// NewSecretField is a field whose text is hidden (a passphrase).
func NewSecretField(placeholder string) *Field {
	f := NewField(placeholder)
	f.Password = true
	return f
}

// TypedShortcut runs the window's shortcut, or the entry's own (copy, paste).
func (f *Field) TypedShortcut(s fyne.Shortcut) {
	if !KeyShortcut(f, s) {
		f.Entry.TypedShortcut(s)
	}
}

// TypedRune is the entry's, and restarts the idle clock.
func (f *Field) TypedRune(r rune) {
	RouterFor(f).Touch()
	f.Entry.TypedRune(r)
}

// TypedKey is the entry's, except Esc, which closes the top dialog.
func (f *Field) TypedKey(k *fyne.KeyEvent) {
	if !KeyPassed(f, k, f.OnEscape) {
		f.Entry.TypedKey(k)
	}
}

// KeyShortcut is what an entry of the app (Field, and the shell's list
// field) does first with shortcut s: it runs the window's action for s,
// reporting whether there was one; the entry does its own otherwise.
func KeyShortcut(o fyne.CanvasObject, s fyne.Shortcut) bool { return RouterFor(o).Run(s) }

// KeyPassed is what an entry of the app does first with key k: it restarts
// the idle clock, and gives Esc to onEscape (if not nil), then to the window
// to close its top dialog, reporting whether either took it; the entry
// handles the key otherwise.
func KeyPassed(o fyne.CanvasObject, k *fyne.KeyEvent, onEscape func() bool) bool {
	r := RouterFor(o)
	r.Touch()
	if k.Name != fyne.KeyEscape {
		return false
	}
	if onEscape != nil && onEscape() {
		return true
	}
	return r != nil && r.Escape != nil && r.Escape()
}
