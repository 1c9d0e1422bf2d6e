package bundleview

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/redress-app/redress/app/casework"
	"github.com/redress-app/redress/app/ui/kit"
	"github.com/redress-app/redress/app/ui/redaction"
	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/checks"
	"github.com/redress-app/redress/letters/bundle"
	"github.com/redress-app/redress/store"
)

// View is the Bundle tab: the evidence bundle's sections in order with
// what is in each, which the person can rearrange by hand (sections up and
// down, documents up and down or into another section, anything left out);
// a pre-flight check that says what may need fixing and how many pages the
// bundle will have; and the export, with progress and a Cancel button, after
// which it shows the record checkpoint and how anyone can check the bundle.
//
// Each case's arrangement is kept while the app runs, so that hand ordering
// is not lost when the person looks at another tab or case.
type View struct {
	win fyne.Window
	v   *store.Vault
	cat *checks.Catalogue
	now func() time.Time

	// Pick asks where to save a bundle: the shell's own save form (never
	// over a vault). The shell sets it before the tab is shown; the bundle
	// is written there by kit.WriteExport.
	Pick kit.SavePicker

	content *fyne.Container
	empty   fyne.CanvasObject
	body    fyne.CanvasObject

	models map[string]*bundleModel
	m      *bundleModel // the open case's
	caseID string
	c      *casefile.Case
	asOf   casefile.Date

	rows       []bundleRow
	list       *widget.List
	title      *kit.Field
	attach     *widget.Check
	style      *widget.Select
	split      *widget.Select
	checkBtn   *widget.Button
	exportBtn  *widget.Button
	report     *fyne.Container
	reportPane *container.Scroll
	reportTop  *fyne.Container // the options and buttons above the report
	right      *fyne.Container // the right pane: buttons, progress and report
	progress   *widget.ProgressBar
	progWords  *widget.Label
	progBox    *fyne.Container
	seq        int
	setting    bool
	exportStop context.CancelFunc // cancels the export in progress
}

// picturesOfWriting are the case's pictures whose text reads as a page of
// writing (casework.PagesOfText). The text is small and kept sealed in the
// vault; if it cannot be read, every picture stays a photograph, as it was
// before its text was read.
func (bv *View) picturesOfWriting(caseID string, c *casefile.Case) map[string]bool {
	if bv.v == nil {
		return nil
	}
	writing, err := casework.PagesOfText(context.Background(), bv.v, caseID, c.Documents)
	if err != nil {
		return nil
	}
	return writing
}

// New makes the Bundle tab for vault v. now is the clock.
func New(win fyne.Window, v *store.Vault, cat *checks.Catalogue, now func() time.Time) *View {
	if cat == nil {
		cat = checks.Default()
	}
	bv := &View{win: win, v: v, cat: cat, now: now, models: map[string]*bundleModel{}}
	msg := kit.Wrapped("An evidence bundle is one PDF with the case's chronology, what the checks found, the letters you sent and your documents, " +
		"in lettered sections with every page numbered (A1, A2, B1…). Open a case to make its bundle.")
	msg.Alignment = fyne.TextAlignCenter
	bv.empty = container.NewCenter(container.NewGridWrap(fyne.NewSize(520, 140), container.NewVBox(kit.Subheading("Bundle"), msg)))

	bv.list = widget.NewList(func() int { return len(bv.rows) }, bv.newRow, bv.fillRow)
	bv.list.HideSeparators = true
	bv.title = kit.NewField("")
	bv.title.OnChanged = func(s string) {
		if !bv.setting && bv.m != nil {
			bv.m.title, bv.m.titleEdited = s, true
		}
	}
	bv.attach = widget.NewCheck("Attach the original files inside the PDF", func(on bool) {
		if !bv.setting && bv.m != nil {
			bv.m.attach = on
		}
	})
	bv.style = widget.NewSelect(styleNames(), func(name string) {
		if !bv.setting && bv.m != nil {
			bv.m.style = styleOf(name)
		}
	})
	bv.split = widget.NewSelect(splitNames(), func(name string) {
		if !bv.setting && bv.m != nil {
			bv.m.split = splitOf(name)
		}
	})
	bv.checkBtn = widget.NewButtonWithIcon("Check the bundle", theme.SearchIcon(), bv.onCheck)
	bv.exportBtn = widget.NewButtonWithIcon("Export bundle…", theme.DownloadIcon(), bv.onExport)
	bv.exportBtn.Importance = widget.HighImportance
	bv.report = container.NewVBox()
	bv.progress = widget.NewProgressBar()
	bv.progWords = kit.Quiet("")
	bv.progBox = container.NewVBox(bv.progWords, bv.progress)
	bv.progBox.Hide()

	intro := kit.Wrapped("One PDF for a court, the Ombudsman or a solicitor: lettered sections, every page numbered (A1, A2, B1…, or 1, 2, 3… for a court), " +
		"an index with links, and a hidden list of contents that lets anyone check later that nothing was changed.")
	attachNote := kit.Quiet("The originals (photos, emails, Word files) travel inside the PDF, so a reader can open them and check them against the record.")
	opts := container.NewVBox(kit.FormRow("Made for", bv.style), kit.FormRow("Title on every page", kit.FitWidth(bv.title)), kit.FormRow("If it is large", bv.split))
	left := container.NewBorder(
		container.NewVBox(kit.Subheading("Sections"), kit.Quiet("Use the arrows to change the order, “Move to” to put a document in another section, "+
			"and the tick boxes to leave anything out.")),
		nil, nil, nil, bv.list)
	// The options sit with the buttons, so the list of sections has the
	// height of the window. The options and the report scroll as one, so
	// that with the largest text the tab still fits a window 800 high.
	bv.reportTop = container.NewVBox(kit.Subheading("Before you export"), opts, bv.attach, attachNote,
		kit.Columns(2, bv.checkBtn, bv.exportBtn, bv.authoritiesButton(), redaction.Button(bv.onExportRedacted)), bv.progBox, widget.NewSeparator())
	bv.reportPane = container.NewVScroll(kit.Shrinkable(container.NewVBox(bv.reportTop, bv.report)))
	bv.right = container.NewStack(bv.reportPane)
	split := container.NewHSplit(left, container.NewPadded(bv.right))
	split.SetOffset(0.55)
	head := container.NewVBox(kit.Subheading("Evidence bundle"), intro)
	bv.body = container.NewBorder(container.NewPadded(head), nil, nil, nil, split)
	bv.content = container.NewStack(bv.empty)
	return bv
}

// Content is the tab's content, as the shell puts it in its tabs.
func (bv *View) Content() fyne.CanvasObject { return bv.content }

// SetCase shows the bundle of case caseID (c, with its findings as of asOf);
// caseID "" or a nil c means no case is open. The arrangement made by hand is
// kept: documents added since go where the default sections put them,
// documents archived since are dropped.
func (bv *View) SetCase(caseID string, c *casefile.Case, findings []casefile.Finding, asOf casefile.Date) {
	_ = findings // the bundle runs the checks itself, as of asOf
	if caseID == "" || c == nil {
		bv.m, bv.caseID, bv.c = nil, "", nil
		bv.content.Objects = []fyne.CanvasObject{bv.empty}
		bv.content.Refresh()
		return
	}
	same := caseID == bv.caseID
	bv.caseID, bv.c, bv.asOf = caseID, c, asOf
	writing := bv.picturesOfWriting(caseID, c)
	m := bv.models[caseID]
	if m == nil {
		m = newBundleModel(c, writing)
		bv.models[caseID] = m
	} else {
		m.merge(c, writing)
	}
	bv.m = m
	if !same {
		bv.seq++ // a check of another case no longer applies here
		bv.showProgress(false)
		// An export of the case left keeps running (its dialog is up).
		enableIf(bv.checkBtn, bv.exportStop == nil)
		enableIf(bv.exportBtn, bv.exportStop == nil)
	}
	bv.setting = true
	if !m.titleEdited {
		m.title = c.Title + ": evidence bundle"
	}
	bv.title.SetText(m.title)
	bv.attach.SetChecked(m.attach)
	bv.style.SetSelected(styleWords[m.style.OrDefault()])
	bv.split.SetSelected(splitWords[m.split])
	bv.setting = false
	if len(m.report) == 0 {
		bv.showReport([]fyne.CanvasObject{kit.Quiet("“Check the bundle” reads every document and says what may need fixing before you export it, " +
			"and how many pages the bundle will have.")})
		// Only a hint so far: the choices above it stay in view.
		bv.reportPane.ScrollToTop()
	} else {
		bv.showReport(m.report)
	}
	bv.relist()
	bv.content.Objects = []fyne.CanvasObject{bv.body}
	bv.content.Refresh()
}

// showReport puts objs in the report pane and lays the pane out again: the
// scroll takes the report's new height, and the wrapped text in it is
// measured at the width it is given (one layout measures it at the old width,
// and the lines then overlap).
func (bv *View) showReport(objs []fyne.CanvasObject) {
	bv.report.Objects = objs
	bv.report.Refresh()
	bv.right.Refresh()
	bv.reportPane.Refresh()
	bv.revealReport()
}

// revealReport scrolls the options up just enough to show the first lines
// of the report (reportShown points of it) below them; when the window is
// tall enough for both, nothing moves.
func (bv *View) revealReport() {
	const reportShown = 160
	y := bv.reportTop.MinSize().Height + reportShown - bv.reportPane.Size().Height
	if y < 0 {
		y = 0
	}
	bv.reportPane.ScrollToOffset(fyne.NewPos(0, y))
}

// showProgress shows or hides the pre-flight's progress above the report,
// and lays the pane out again so that the report moves down or up with it.
func (bv *View) showProgress(on bool) {
	if on {
		bv.progBox.Show()
	} else {
		bv.progBox.Hide()
	}
	bv.reportTop.Refresh()
	bv.reportPane.Refresh()
}

// Busy reports whether an export is running (the app may ask before closing).
func (bv *View) Busy() bool { return bv.exportStop != nil }

// CancelExport stops the export in progress, if any: it leaves no file.
func (bv *View) CancelExport() {
	if bv.exportStop != nil {
		bv.exportStop()
	}
}

// options are the bundle options the tab asks for. The progress goes to
// sink, on the UI goroutine.
func (bv *View) options(spec string, sink *progressSink) casework.BundleOptions {
	progress := func(p bundle.Progress) {
		kit.OnUI(func() {
			if sink.show != nil {
				sink.show(p)
			}
		})
	}
	return casework.BundleOptions{Style: bv.m.style, Sections: spec, Title: strings.TrimSpace(bv.m.title), AsOf: bv.asOf, Now: bv.now,
		AttachOriginals: bv.m.attach, Progress: progress, LeaveOutNotes: bv.m.leftOutNotes()}
}

func (bv *View) key(spec string) string {
	return fmt.Sprintf("%s\x00%s\x00%v\x00%v\x00%s", spec, strings.TrimSpace(bv.m.title), bv.m.attach, bv.m.leftOutNotes(), bv.m.style)
}

// styleWords say who each style of bundle is for, as the tab offers them.
var styleWords = map[bundle.Style]string{
	bundle.StyleOmbudsman: "The Ombudsman, or a complaint (pages A1, A2… B1…)",
	bundle.StyleCourt:     "A court, such as the High Court for judicial review (pages 1, 2, 3… to the end)",
	bundle.StyleFamily:    "The family court (Practice Direction 27A: pages A1, A2… B1…)",
}

// splitWords say how a large bundle may be split, by the most a volume may
// hold: the limits found for sending a bundle to a court (bundle.SizeLimits).
var splitWords = map[int64]string{
	0:                        "Keep it in one file",
	bundle.LimitEmail.Bytes:  "Split it into volumes of 25 MB at most (to email a court)",
	bundle.LimitCEFile.Bytes: "Split it into volumes of 50 MB at most (the Administrative Court's CE-File)",
}

var splitOrder = []int64{0, bundle.LimitEmail.Bytes, bundle.LimitCEFile.Bytes}

func splitNames() []string {
	var out []string
	for _, n := range splitOrder {
		out = append(out, splitWords[n])
	}
	return out
}

func splitOf(name string) int64 {
	for n, w := range splitWords {
		if w == name {
			return n
		}
	}
	return 0
}

// volumePath is where volume v of a bundle saved as path goes:
// bundle.pdf -> bundle-volume-2-of-3.pdf.
func volumePath(path string, v bundle.Volume) string {
	return fmt.Sprintf("%s-volume-%d-of-%d.pdf", strings.TrimSuffix(path, ".pdf"), v.Number, v.Of)
}

func styleNames() []string {
	var out []string
	for _, st := range bundle.Styles {
		out = append(out, styleWords[st])
	}
	return out
}

func styleOf(name string) bundle.Style {
	for st, w := range styleWords {
		if w == name {
			return st
		}
	}
	return bundle.StyleOmbudsman
}

// progressWords says how far a bundle has got.
func progressWords(p bundle.Progress) string {
	switch p.Stage {
	case "reading":
		if p.Total > 0 {
			return fmt.Sprintf("Reading the documents (%d of %d)…", min(p.Done+1, p.Total), p.Total)
		}
		return "Reading the documents…"
	case "laying out":
		return "Laying out the index, chronology and findings…"
	case "assembling":
		if p.Total > 0 {
			return fmt.Sprintf("Putting the pages together (%d of %d)…", p.Done, p.Total)
		}
		return "Putting the pages together…"
	case "writing":
		return "Writing the file…"
	}
	return "Working…"
}

func (bv *View) setProgress(bar *widget.ProgressBar, words *widget.Label, p bundle.Progress) {
	words.SetText(progressWords(p))
	if p.Total > 0 {
		bar.SetValue(float64(p.Done) / float64(p.Total))
	}
}

// onCheck runs the pre-flight: it prepares the bundle (reading every
// document) in the background and shows what it found.
func (bv *View) onCheck() {
	if bv.m == nil {
		return
	}
	m := bv.m
	spec, excluded := m.spec()
	bv.seq++
	seq := bv.seq
	bv.checkBtn.Disable()
	bv.progress.SetValue(0)
	bv.progWords.SetText("Reading the documents…")
	bv.showProgress(true)
	caseID, v, c, asOf := bv.caseID, bv.v, bv.c, bv.asOf
	key := bv.key(spec)
	sink := &progressSink{show: func(p bundle.Progress) {
		if seq == bv.seq {
			bv.setProgress(bv.progress, bv.progWords, p)
		}
	}}
	opt := bv.options(spec, sink)
	type result struct {
		job *casework.BundleJob
		err error
	}
	kit.Background(func() result {
		if err := keepTextWords(context.Background(), v, caseID); err != nil {
			return result{nil, err}
		}
		job, err := casework.PrepareBundle(context.Background(), v, caseID, opt)
		return result{job, err}
	}, func(r result) {
		if seq != bv.seq {
			return
		}
		sink.show = nil
		bv.showProgress(false)
		enableIf(bv.checkBtn, bv.exportStop == nil)
		if r.err != nil {
			m.report = []fyne.CanvasObject{kit.NoticeBox(theme.ErrorIcon(), theme.ColorNameError, kit.Wrapped("The bundle could not be checked. "+kit.PlainError(r.err)))}
		} else {
			m.checked = &bundleChecked{key: key, job: r.job, c: c, asOf: asOf, sink: sink}
			m.report = reportObjects(r.job.Plan.Report(), c, excluded)
		}
		if bv.m == m {
			bv.showReport(m.report)
		}
	})
}

// problemAdvice says what to do about each kind of pre-flight problem.
var problemAdvice = map[string]string{
	bundle.ProblemUndated:     "Add the document's date in the Documents tab, so that the index and the order are right.",
	bundle.ProblemNoText:      "Pages without text cannot be searched. If you have the original (not a scan or a photo of it), import that instead.",
	bundle.ProblemDuplicate:   "Untick one copy, unless both are needed.",
	bundle.ProblemUnreadable:  "The document could not be read back from the vault as it was recorded. Use Verify in Settings to see what is wrong.",
	bundle.ProblemBroken:      "Open the original file and save a fresh copy (as a PDF, or a new photo), then import that.",
	bundle.ProblemEncrypted:   "Open the PDF, save a copy without its password, and import that copy.",
	bundle.ProblemUnsupported: "Save the document as a PDF (most programs can “Print to PDF”) and import the PDF.",
	bundle.ProblemOverLimit:   "Leave out what the reader does not need, or ask the court before sending a longer bundle.",
	bundle.ProblemEmpty:       "Move documents into it, or leave it: the index says it is empty.",
	bundle.ProblemNoEntries:   "Record what happened in the Events tab; the chronology and the findings come from there.",
	bundle.ProblemEvidence:    "Tick the document the entry points to, or correct the entry's evidence in the Events tab.",
}

// problemWords is a pre-flight problem's message as the tab shows it: a
// document's name as it is (never capitalised: it is a file name), and for a
// document that could not be read, without the reader's technical reason
// in brackets (the advice below it says what to do).
func problemWords(p bundle.Problem, name string) string {
	msg := p.Message
	if name == "" || !strings.HasPrefix(msg, name) {
		return kit.Capitalise(msg)
	}
	if p.Kind == bundle.ProblemBroken || p.Kind == bundle.ProblemUnreadable {
		rest := msg[len(name):]
		if i, j := strings.Index(rest, " ("), strings.LastIndex(rest, ")"); i >= 0 && j > i {
			msg = name + rest[:i] + rest[j+1:]
		}
	}
	return msg
}

// reportObjects shows a pre-flight report in words: pages and documents,
// each problem with what it is about and what to do, and what was left out.
func reportObjects(rep bundle.Report, c *casefile.Case, excluded []casefile.Document) []fyne.CanvasObject {
	names := map[string]string{}
	for _, d := range c.Documents {
		names[d.ID] = d.Name
	}
	var objs []fyne.CanvasObject
	summary := fmt.Sprintf("The bundle will have %s, with %s.", kit.Plural(rep.Pages, "page", "pages"), kit.Plural(rep.Items, "document", "documents"))
	over := false
	for _, p := range rep.Problems {
		over = over || p.Kind == bundle.ProblemOverLimit
	}
	if over {
		objs = append(objs, kit.NoticeBox(theme.WarningIcon(), theme.ColorNameWarning, kit.Wrapped(summary+
			fmt.Sprintf(" That is more than %d pages, the usual limit for a family court bundle.", bundle.DefaultPageLimit))))
	} else {
		objs = append(objs, kit.NoticeBox(theme.InfoIcon(), theme.ColorNamePrimary, kit.Wrapped(summary)))
	}
	var shown []bundle.Problem
	for _, p := range rep.Problems {
		// The note on documents no section takes is about the ones left out
		// by hand, said below in the tab's own words.
		if p.Kind == bundle.ProblemNote && strings.Contains(p.Message, "match no section") {
			continue
		}
		shown = append(shown, p)
	}
	if len(shown) == 0 {
		objs = append(objs, container.NewHBox(widget.NewIcon(theme.NewColoredResource(theme.ConfirmIcon(), theme.ColorNameSuccess)),
			widget.NewLabel("Nothing found that needs fixing.")))
	} else {
		objs = append(objs, widget.NewLabelWithStyle(fmt.Sprintf("%s to look at", kit.Capitalise(kit.Plural(len(shown), "thing", "things"))),
			fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	}
	for _, p := range shown {
		var where []string
		if p.Section != "" {
			where = append(where, "Section "+p.Section)
		}
		if n := names[p.Item]; n != "" {
			where = append(where, n)
		} else if p.Item != "" && strings.HasPrefix(p.Item, "letter-") {
			where = append(where, "a letter")
		}
		body := []fyne.CanvasObject{}
		if len(where) > 0 {
			h := widget.NewLabelWithStyle(strings.Join(where, " · "), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
			h.Truncation = fyne.TextTruncateEllipsis
			body = append(body, h)
		}
		body = append(body, kit.Wrapped(problemWords(p, names[p.Item])))
		if a := problemAdvice[p.Kind]; a != "" {
			adv := kit.Wrapped("What to do: " + a)
			adv.TextStyle.Italic = true
			body = append(body, adv)
		}
		objs = append(objs, container.NewBorder(nil, nil, container.NewVBox(widget.NewIcon(theme.NewColoredResource(theme.WarningIcon(), theme.ColorNameWarning))), nil,
			container.NewVBox(body...)), widget.NewSeparator())
	}
	if len(excluded) > 0 {
		var ns []string
		for _, d := range excluded {
			ns = append(ns, d.Name)
		}
		objs = append(objs, kit.Quiet(fmt.Sprintf("Left out, as you chose: %s.", strings.Join(ns, ", "))))
	}
	return append(objs, guidanceObjects(rep.Guidance)...)
}

// guidanceWords say each status of a guidance point.
var guidanceWords = map[string]string{
	bundle.GuidanceMet:      "Done",
	bundle.GuidanceNotMet:   "Not done",
	bundle.GuidanceCheck:    "Check yourself",
	bundle.GuidanceNotAsked: "Not for this kind of bundle",
}

// guidanceObjects list the points of the guidance the bundle's style
// follows, each with whether the bundle meets it: a word and an icon, not
// only a colour.
func guidanceObjects(g []bundle.GuidancePoint) []fyne.CanvasObject {
	if len(g) == 0 {
		return nil
	}
	objs := []fyne.CanvasObject{widget.NewSeparator(), widget.NewLabelWithStyle("What the courts' guidance asks", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})}
	for _, p := range g {
		icon := theme.NewColoredResource(theme.ConfirmIcon(), theme.ColorNameSuccess)
		switch p.Status {
		case bundle.GuidanceNotMet:
			icon = theme.NewColoredResource(theme.WarningIcon(), theme.ColorNameWarning)
		case bundle.GuidanceCheck, bundle.GuidanceNotAsked:
			icon = theme.NewColoredResource(theme.InfoIcon(), theme.ColorNamePrimary)
		}
		objs = append(objs, container.NewBorder(nil, nil, container.NewVBox(widget.NewIcon(icon)), nil,
			kit.Wrapped(guidanceWords[p.Status]+": "+p.Point+". "+p.Detail)))
	}
	return objs
}

// bundleFileName is the name offered for a bundle: never anything from the
// case, which a shared computer's recent-files list could show.
func (bv *View) bundleFileName() string {
	return "evidence-bundle-" + kit.Today(bv.now).String() + ".pdf"
}

func (bv *View) onExport() {
	if bv.m == nil || bv.exportStop != nil || kit.SharingWarned(bv.win, bv.c, "the bundle", bv.onExport) {
		return
	}
	bv.Pick(bv.win, bv.bundleFileName(), []string{".pdf"}, func(path string) {
		bv.exportTo(kit.WithExt(path, ".pdf", []string{".pdf"}))
	})
}

// bundleExported is what an export did.
type bundleExported struct {
	path       string
	pages      int
	size       int64
	style      bundle.Style
	checkpoint string
	// volumes are the files of a bundle split into volumes, each checked.
	volumes  []exportedVolume
	check    *casework.BundleCheck
	checkErr error
}

// exportedVolume is one volume of an exported bundle.
type exportedVolume struct {
	path        string
	first, last string // its first and last page, as numbered
	size        int64
	ok          bool // read back and checked against its manifest
}

// exportTo makes the bundle and writes it to path in the background, with a
// progress dialog whose Cancel button stops it and leaves no file; then it
// reads the file back with casework.VerifyBundle and shows the checkpoint.
func (bv *View) exportTo(path string) {
	m := bv.m
	spec, _ := m.spec()
	key := bv.key(spec)
	var job *casework.BundleJob
	sink := &progressSink{}
	if ch := m.checked; ch != nil && ch.key == key && ch.c == bv.c && ch.asOf == bv.asOf {
		// The pre-flight's plan, unless the arrangement or the record
		// changed since; its progress now goes to the export's dialog.
		job, sink = ch.job, ch.sink
	}
	m.checked = nil // a Plan is written once
	caseID, v := bv.caseID, bv.v
	x := bv.startExport("Making the bundle", "Redress is putting the bundle together. It can take a minute for a large case.", "Reading the documents…")
	ctx := x.ctx
	sink.show = func(p bundle.Progress) { bv.setProgress(x.bar, x.words, p) }
	opt := bv.options(spec, sink)
	type result struct {
		out bundleExported
		err error
	}
	split := m.split
	kit.Background(func() result {
		if job == nil {
			if err := keepTextWords(ctx, v, caseID); err != nil {
				return result{err: err}
			}
			j, err := casework.PrepareBundle(ctx, v, caseID, opt)
			if err != nil {
				return result{err: err}
			}
			job = j
		}
		if split > 0 {
			if vols := job.Plan.Volumes(split); len(vols) > 1 {
				out, err := writeVolumes(ctx, job, vols, path)
				out.style = opt.Style
				return result{out: out, err: err}
			}
		}
		var res *bundle.Result
		err := kit.WriteExport(ctx, path, func(ctx context.Context, w io.Writer) error {
			var err error
			res, err = job.Plan.Write(ctx, w)
			return err
		})
		if err != nil {
			return result{err: err}
		}
		out := bundleExported{path: path, pages: res.Pages, size: res.Size, style: opt.Style}
		if res.Manifest != nil {
			out.checkpoint = res.Manifest.Checkpoint
		}
		f, err := os.Open(path)
		if err == nil {
			out.check, out.checkErr = casework.VerifyBundle(f, "")
			f.Close()
		} else {
			out.checkErr = err
		}
		return result{out: out}
	}, func(r result) {
		sink.show = nil
		if !bv.endExport(x, "bundle", r.err) {
			return
		}
		m.report = exportedObjects(r.out)
		if bv.m == m {
			bv.showReport(m.report)
		}
	})
}

// export is one export under way: its context, cancelled by the dialog's
// Cancel button, and the dialog with the words and bar of its progress.
type export struct {
	ctx   context.Context
	bar   *widget.ProgressBar
	words *widget.Label
	prog  *dialog.CustomDialog
}

// startExport disables the buttons that would start another export and
// shows the progress dialog, titled title, saying intro, with first as the
// words over the bar until progress arrives. The evidence bundle and the
// authorities bundle both start this way.
func (bv *View) startExport(title, intro, first string) *export {
	ctx, cancel := context.WithCancel(context.Background())
	bv.exportStop = cancel
	bv.exportBtn.Disable()
	bv.checkBtn.Disable()
	x := &export{ctx: ctx, bar: widget.NewProgressBar(), words: kit.Quiet(first)}
	stop := widget.NewButtonWithIcon("Cancel", theme.CancelIcon(), func() { cancel() })
	x.prog = dialog.NewCustomWithoutButtons(title, container.NewVBox(
		kit.Wrapped(intro), x.words, x.bar, container.NewCenter(stop)), bv.win)
	x.prog.Resize(fyne.NewSize(480, 200))
	x.prog.Show()
	return x
}

// endExport hides x's dialog and enables the buttons again. When err is
// not nil it says that the what ("bundle") was not saved, and that no file
// was left behind when it was cancelled, and reports false.
func (bv *View) endExport(x *export, what string, err error) bool {
	bv.exportStop = nil
	x.prog.Hide()
	bv.exportBtn.Enable()
	bv.checkBtn.Enable()
	switch {
	case err != nil && errors.Is(err, context.Canceled):
		dialog.ShowInformation("Export cancelled", "The "+what+" was not saved, and no file was left behind.", bv.win)
		return false
	case err != nil:
		dialog.ShowInformation("The "+what+" was not saved", kit.PlainError(err), bv.win)
		return false
	}
	return true
}

// volumeObjects say what an export split into volumes made: each file with
// its pages and size and whether it checked, and the checkpoint.
func volumeObjects(e bundleExported) []fyne.CanvasObject {
	var lines []string
	all := true
	for _, v := range e.volumes {
		ok := "checked just now against its manifest"
		if !v.ok {
			ok, all = "NOT confirmed when read back", false
		}
		lines = append(lines, fmt.Sprintf("• %s: pages %s to %s, %s; %s", kit.BaseName(v.path), v.first, v.last, bundle.MB(v.size), ok))
	}
	icon, colour := theme.ConfirmIcon(), theme.ColorNameSuccess
	if !all {
		icon, colour = theme.ErrorIcon(), theme.ColorNameError
	}
	objs := []fyne.CanvasObject{
		kit.NoticeBox(icon, colour, kit.Wrapped(fmt.Sprintf("Bundle saved in %d volumes (%s in all). The files are not encrypted: keep them somewhere private.",
			len(e.volumes), kit.Plural(e.pages, "page", "pages")))),
		kit.Wrapped(strings.Join(lines, "\n")),
		kit.Wrapped("The index and chronology are in volume 1 and name every page; each volume's pages are numbered as in the whole bundle, and each volume can be checked on its own."),
	}
	if e.checkpoint != "" {
		cp := widget.NewLabelWithStyle(e.checkpoint, fyne.TextAlignLeading, fyne.TextStyle{Monospace: true, Bold: true})
		cp.Selectable = true
		objs = append(objs, widget.NewLabelWithStyle("Record checkpoint", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), cp,
			kit.Wrapped(fmt.Sprintf("Anyone can check a volume with: redress verify --checkpoint %s FILE.pdf", e.checkpoint)))
	}
	return objs
}

// writeVolumes writes a bundle split into volumes beside path, and reads
// each back to check it.
func writeVolumes(ctx context.Context, job *casework.BundleJob, vols []bundle.Volume, path string) (bundleExported, error) {
	out := bundleExported{path: path}
	for _, vol := range vols {
		name := volumePath(path, vol)
		var res *bundle.Result
		err := kit.WriteExport(ctx, name, func(ctx context.Context, w io.Writer) error {
			var err error
			res, err = job.Plan.WriteVolume(ctx, w, vol)
			return err
		})
		if err != nil {
			return out, err
		}
		ev := exportedVolume{path: name, first: res.Labels[0], last: res.Labels[len(res.Labels)-1], size: res.Size}
		if f, err := os.Open(name); err == nil {
			c, err := casework.VerifyBundle(f, "")
			ev.ok = err == nil && c.OK()
			f.Close()
		}
		out.pages += res.Pages
		out.size += res.Size
		out.checkpoint = res.Manifest.Checkpoint
		out.volumes = append(out.volumes, ev)
	}
	return out, nil
}

// exportedObjects say what an export made: the file, its pages, the record
// checkpoint with what it is for, and how anyone checks the bundle.
func exportedObjects(e bundleExported) []fyne.CanvasObject {
	name := kit.BaseName(e.path)
	if len(e.volumes) > 0 {
		return volumeObjects(e)
	}
	objs := []fyne.CanvasObject{
		kit.NoticeBox(theme.ConfirmIcon(), theme.ColorNameSuccess, kit.Wrapped(fmt.Sprintf("Bundle saved as %s (%s, %s). The file is not encrypted: keep it somewhere private.",
			name, kit.Plural(e.pages, "page", "pages"), bundle.MB(e.size)))),
	}
	if e.size > 0 {
		objs = append(objs, kit.Wrapped(strings.Join(bundle.SizeWarnings(e.style, e.size), " ")))
	}
	if e.checkpoint != "" {
		cp := widget.NewLabelWithStyle(e.checkpoint, fyne.TextAlignLeading, fyne.TextStyle{Monospace: true, Bold: true})
		cp.Selectable = true
		copyBtn := widget.NewButtonWithIcon("Copy", theme.ContentCopyIcon(), func() {
			fyne.CurrentApp().Clipboard().SetContent(e.checkpoint)
		})
		copyBtn.Importance = widget.LowImportance
		cmd := widget.NewLabelWithStyle(fmt.Sprintf("redress verify --checkpoint %s %s", e.checkpoint, name), fyne.TextAlignLeading, fyne.TextStyle{Monospace: true})
		cmd.Wrapping = fyne.TextWrapWord // the checkpoint and the file name stay whole
		cmd.Selectable = true
		objs = append(objs,
			widget.NewLabelWithStyle("Record checkpoint", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
			container.NewBorder(nil, nil, nil, copyBtn, cp),
			kit.Wrapped("The checkpoint is printed on every page. It identifies your record exactly as it stood when the bundle was made. "+
				"Keep a copy apart from the bundle, for example in an email to yourself or your solicitor: if anyone later rewrote the record's history, "+
				"the checkpoint would no longer match it."),
			widget.NewLabelWithStyle("How anyone can check the bundle", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
			kit.Wrapped("Inside the PDF is a list of its contents (the manifest): every page's fingerprint and every document's SHA-256 hash, "+
				"with the record's history. Anyone with Redress can check the file against it, with no vault and no passphrase, by running:"),
			cmd,
		)
	}
	switch {
	case e.checkErr != nil:
		objs = append(objs, kit.Quiet("Redress could not read the file back to check it. "+kit.PlainError(e.checkErr)))
	case e.check != nil && e.check.OK():
		objs = append(objs, container.NewBorder(nil, nil, container.NewVBox(widget.NewIcon(theme.NewColoredResource(theme.ConfirmIcon(), theme.ColorNameSuccess))), nil,
			kit.Wrapped(fmt.Sprintf("Checked just now: all %s match the manifest.", kit.Plural(e.check.PagesChecked, "page", "pages")))))
	case e.check != nil:
		var fs []string
		for _, f := range e.check.Failures {
			fs = append(fs, "• "+f.Message)
		}
		objs = append(objs, kit.NoticeBox(theme.ErrorIcon(), theme.ColorNameError, kit.Wrapped("Reading the file back found differences from its manifest:\n"+strings.Join(fs, "\n"))))
	}
	return objs
}
