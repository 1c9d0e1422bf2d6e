package letters

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/redress-app/redress/app/casework"
	"github.com/redress-app/redress/app/ui/kit"
	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/letters"
)

// Probe reaches into the Letters tab for the desktop's own tests, which drive
// a letter through the whole app (the canary, end-to-end, closing and AI help
// tests in app/ui). The app itself never uses it. Its methods act on the case
// shown, as the buttons would, and expect one to be open.
type Probe struct{ lv *View }

// Probe is the tab's probe, for tests.
func (lv *View) Probe() Probe { return Probe{lv} }

// Prompts are the next steps and requests shown above the case's letters
// (among them "Add my details").
func (p Probe) Prompts() fyne.CanvasObject { return p.lv.cur.prompts }

// OpenSender makes the sender's details form and loads it from the vault, as
// "Add my details" does, without its dialog.
func (p Probe) OpenSender() { p.lv.senderForm() }

// SenderFields are the sender's name and address as typed in the form (nil
// before the form was opened).
func (p Probe) SenderFields() (name, address *kit.Field) {
	if p.lv.sender == nil {
		return nil, nil
	}
	return p.lv.sender.name, p.lv.sender.address
}

// SaveSender saves the sender's details typed in the form.
func (p Probe) SaveSender() { p.lv.sender.onSave() }

// OpenForm opens the page that sets up a new letter (letterCase.openForm).
func (p Probe) OpenForm(k letters.Kind, proc letters.Procedure, fs []casefile.Finding) {
	p.lv.cur.openForm(k, proc, fs)
}

// Form says the kind and procedure of the letter being set up, and whether
// one is.
func (p Probe) Form() (letters.Kind, letters.Procedure, bool) {
	if p.lv.cur == nil || p.lv.cur.form == nil {
		return "", "", false
	}
	return p.lv.cur.form.kind, p.lv.cur.form.proc, true
}

// AddFinding ticks finding f in the letter being set up.
func (p Probe) AddFinding(f casefile.Finding) { p.lv.cur.form.addFinding(f) }

// Compose drafts the letter being set up again, in the background.
func (p Probe) Compose() { p.lv.cur.form.compose() }

// ChosenFindings are the findings ticked in the letter being set up.
func (p Probe) ChosenFindings() []casefile.Finding { return p.lv.cur.form.chosenFindings() }

// Create is "Create the draft".
func (p Probe) Create() { p.lv.cur.form.onCreate() }

// FormStatus is what the form says under its buttons.
func (p Probe) FormStatus() string { return p.lv.cur.form.status.Text }

// Rows are the IDs of the case's letters, as listed.
func (p Probe) Rows() []string {
	var ids []string
	for _, r := range p.lv.cur.rows {
		ids = append(ids, r.info.ID)
	}
	return ids
}

// Reload reads the case's letters from the vault again.
func (p Probe) Reload() { p.lv.cur.reload() }

// Select opens the i'th letter of the list.
func (p Probe) Select(i int) { p.lv.cur.list.Select(i) }

// Drafts are the letters open in pages, by letter ID.
func (p Probe) Drafts() map[string]DraftProbe {
	out := map[string]DraftProbe{}
	for id, d := range p.lv.cur.drafts {
		out[id] = DraftProbe{d}
	}
	return out
}

// DraftProbe is one letter's page, for tests.
type DraftProbe struct{ p *draftPage }

// Draft is the letter's latest saved version, nil until it is loaded.
func (d DraftProbe) Draft() *casework.Draft { return d.p.d }

// Editor is the field holding the letter's words.
func (d DraftProbe) Editor() *kit.Field { return d.p.editor }

// Preview is the letter on paper.
func (d DraftProbe) Preview() fyne.CanvasObject { return d.p.preview }

// Content is the whole page.
func (d DraftProbe) Content() fyne.CanvasObject { return d.p.content }

// Improve is the "Improve the wording" button.
func (d DraftProbe) Improve() *widget.Button { return d.p.improve }

// Meta is the line of facts about the letter (its kind, version, how worded).
func (d DraftProbe) Meta() string { return d.p.meta.Text }

// Dirty reports whether the editor holds words not saved.
func (d DraftProbe) Dirty() bool { return d.p.dirty() }

// Save is the page's Save.
func (d DraftProbe) Save() { d.p.onSave() }

// ExportTo asks where to save the letter in format f and writes it there.
func (d DraftProbe) ExportTo(f casework.Format, ext string) { d.p.exportTo(f, ext) }
