package bundleview

import (
	"context"
	"fmt"
	"io"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/redress-app/redress/app/casework"
	"github.com/redress-app/redress/app/ui/kit"
	"github.com/redress-app/redress/letters/authorities"
	"github.com/redress-app/redress/letters/bundle"
)

// The Bundle tab's authorities bundle: a button beside the evidence bundle's
// export (its one hook in bundle_view.go) that writes the statutes,
// regulations, guidance and cases the findings and letters cite as a PDF of
// their own (casework.PrepareAuthorities), then says which texts the person
// must still add and how.

// authoritiesButton makes the button that exports the authorities bundle.
func (bv *View) authoritiesButton() fyne.CanvasObject {
	return widget.NewButtonWithIcon("Authorities bundle…", theme.DocumentIcon(), bv.onExportAuthorities)
}

// authoritiesFileName is the name offered: nothing from the case.
func (bv *View) authoritiesFileName() string {
	return "authorities-bundle-" + kit.Today(bv.now).String() + ".pdf"
}

func (bv *View) onExportAuthorities() {
	if bv.caseID == "" || bv.exportStop != nil {
		return
	}
	bv.Pick(bv.win, bv.authoritiesFileName(), []string{".pdf"}, func(path string) {
		bv.exportAuthoritiesTo(kit.WithExt(path, ".pdf", []string{".pdf"}))
	})
}

// authoritiesExported is what an export of the authorities bundle did.
type authoritiesExported struct {
	path     string
	pages    int
	total    int
	mustAdd  []authorities.Authority
	problems []bundle.Problem
}

// exportAuthoritiesTo makes the authorities bundle and writes it to path in
// the background, with a progress dialog whose Cancel button stops it and
// leaves no file; then it says what was made and what is still to add.
func (bv *View) exportAuthoritiesTo(path string) {
	caseID, v, asOf := bv.caseID, bv.v, bv.asOf
	x := bv.startExport("Making the authorities bundle",
		"Redress is listing the authorities the findings and letters rely on, with the texts you imported.", "Reading the authorities you imported…")
	ctx := x.ctx
	// show is read and cleared on the UI goroutine only.
	show := func(p bundle.Progress) { bv.setProgress(x.bar, x.words, p) }
	progress := func(p bundle.Progress) {
		kit.OnUI(func() {
			if show != nil {
				show(p)
			}
		})
	}
	type result struct {
		out authoritiesExported
		err error
	}
	kit.Background(func() result {
		job, err := casework.PrepareAuthorities(ctx, v, caseID, casework.AuthoritiesOptions{AsOf: asOf, Now: bv.now, Progress: progress})
		if err != nil {
			return result{err: err}
		}
		var res *bundle.Result
		err = kit.WriteExport(ctx, path, func(ctx context.Context, w io.Writer) error {
			var err error
			res, err = job.Write(ctx, w)
			return err
		})
		if err != nil {
			return result{err: err}
		}
		return result{out: authoritiesExported{path: path, pages: res.Pages, total: len(job.Authorities), mustAdd: job.MustAdd, problems: job.Problems()}}
	}, func(r result) {
		show = nil
		if !bv.endExport(x, "authorities bundle", r.err) {
			return
		}
		d := dialog.NewCustom("Authorities bundle saved", "Close", container.NewVScroll(container.NewVBox(authoritiesObjects(r.out)...)), bv.win)
		d.Resize(fyne.NewSize(640, 520))
		d.Show()
	})
}

// authoritiesObjects say what an export of the authorities bundle made, and
// which authorities' texts the person must still add, with the words to
// type in a document's "From" box for each.
func authoritiesObjects(e authoritiesExported) []fyne.CanvasObject {
	objs := []fyne.CanvasObject{
		kit.NoticeBox(theme.ConfirmIcon(), theme.ColorNameSuccess, kit.Wrapped(fmt.Sprintf("Authorities bundle saved as %s (%s, %s). The file is not encrypted: keep it somewhere private.",
			kit.BaseName(e.path), kit.Plural(e.pages, "page", "pages"), kit.Plural(e.total, "authority", "authorities")))),
	}
	for _, p := range e.problems {
		objs = append(objs, kit.Wrapped("• "+p.Message))
	}
	if len(e.mustAdd) == 0 {
		if e.total > 0 {
			objs = append(objs, kit.Wrapped("The text of every authority is in the bundle."))
		}
		return objs
	}
	objs = append(objs,
		widget.NewLabelWithStyle(fmt.Sprintf("Texts you must add (%d)", len(e.mustAdd)), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		kit.Wrapped("Redress has no internet connection, so the bundle says these are not included. Save each one as a PDF (or its web page) from "+
			"legislation.gov.uk, gov.uk, Find Case Law or BAILII. Import it in the Documents tab, type the words shown below in its “From” box "+
			"and press Save details. Then make this bundle again: the text follows its entry."))
	var lines []string
	for _, a := range e.mustAdd {
		lines = append(lines, a.Citation+"\n    "+authorities.SourcePrefix+a.Key)
	}
	keys := widget.NewLabelWithStyle(strings.Join(lines, "\n"), fyne.TextAlignLeading, fyne.TextStyle{Monospace: true})
	keys.Wrapping = fyne.TextWrapWord
	keys.Selectable = true
	return append(objs, keys)
}
