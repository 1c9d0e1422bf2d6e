package bundleview

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/redress-app/redress/app/casework"
	"github.com/redress-app/redress/app/ui/kit"
	"github.com/redress-app/redress/app/ui/redaction"
	"github.com/redress-app/redress/documents"
	"github.com/redress-app/redress/letters/bundle"
	"github.com/redress-app/redress/letters/redact"
)

// onExportRedacted makes a redacted copy of the bundle: what to take out,
// the bundle prepared with it, the preview of every change, then where to
// save it; the file is read back and checked as any export is.
func (bv *View) onExportRedacted() {
	if bv.m == nil || bv.exportStop != nil || bv.c == nil {
		return
	}
	c := bv.c
	redaction.Ask(bv.win, func(s redact.Spec) {
		red, err := casework.RedactorFor(c, s)
		if err != nil {
			dialog.ShowInformation("Cannot take those out", kit.PlainError(err), bv.win)
			return
		}
		m := bv.m
		spec, _ := m.spec()
		sink := &progressSink{}
		opt := bv.options(spec, sink)
		reader := documents.New(documents.Options{})
		opt.Redact = &casework.BundleRedaction{Redactor: red, Reader: reader}
		ctx, cancel := context.WithCancel(context.Background())
		bar := widget.NewProgressBar()
		words := kit.Quiet("Reading the documents…")
		prog := dialog.NewCustomWithoutButtons("Finding what to take out", container.NewVBox(
			kit.Wrapped("Redress is reading every page for the words to take out. Scanned pages take longer."), words, bar,
			container.NewCenter(widget.NewButtonWithIcon("Cancel", theme.CancelIcon(), cancel))), bv.win)
		prog.Resize(fyne.NewSize(480, 200))
		prog.Show()
		sink.show = func(p bundle.Progress) { bv.setProgress(bar, words, p) }
		caseID, v := bv.caseID, bv.v
		type prepared struct {
			job *casework.BundleJob
			err error
		}
		kit.Background(func() prepared {
			j, err := casework.PrepareBundle(ctx, v, caseID, opt)
			return prepared{j, err}
		}, func(r prepared) {
			prog.Hide()
			if r.err != nil {
				cancel()
				reader.Close()
				if !errors.Is(r.err, context.Canceled) {
					dialog.ShowInformation("The redacted bundle could not be made", kit.PlainError(r.err), bv.win)
				}
				return
			}
			redaction.ShowPreview(bv.win, r.job.BundleRedactions(), func() {
				bv.Pick(bv.win, "redacted-"+bv.bundleFileName(), []string{".pdf"}, func(path string) {
					path = kit.WithExt(path, ".pdf", []string{".pdf"})
					bv.writeRedacted(ctx, cancel, reader, r.job, path)
				})
			})
		})
	})
}

// writeRedacted writes a prepared redacted bundle to path and shows what
// was saved.
func (bv *View) writeRedacted(ctx context.Context, cancel context.CancelFunc, reader *documents.Reader, job *casework.BundleJob, path string) {
	bar := widget.NewProgressBarInfinite()
	prog := dialog.NewCustomWithoutButtons("Saving the redacted bundle", container.NewVBox(kit.Wrapped("Drawing the redacted pages and writing the PDF…"), bar), bv.win)
	prog.Show()
	type result struct {
		out bundleExported
		err error
	}
	kit.Background(func() result {
		defer reader.Close()
		defer cancel()
		var res *bundle.Result
		err := kit.WriteExport(ctx, path, func(ctx context.Context, w io.Writer) error {
			var err error
			res, err = job.Plan.Write(ctx, w)
			return err
		})
		if err != nil {
			return result{err: err}
		}
		out := bundleExported{path: path, pages: res.Pages, checkpoint: res.Manifest.Checkpoint}
		if f, err := os.Open(path); err == nil {
			out.check, out.checkErr = casework.VerifyBundle(f, "")
			f.Close()
		}
		return result{out: out}
	}, func(r result) {
		bar.Stop()
		prog.Hide()
		if r.err != nil {
			dialog.ShowInformation("The redacted bundle was not saved", kit.PlainError(r.err), bv.win)
			return
		}
		msg := fmt.Sprintf("The redacted bundle is saved as %s (%s).", kit.BaseName(r.out.path), kit.Plural(r.out.pages, "page", "pages"))
		if r.out.check != nil && r.out.check.OK() {
			msg += fmt.Sprintf(" Checked just now: every page matches its manifest, which lists the %s that are redacted copies (not what was taken out).",
				kit.Plural(len(r.out.check.Redacted), "page", "pages"))
		}
		msg += "\n\nThe file is not encrypted: keep it somewhere private. Your record and your original documents are unchanged."
		dialog.ShowInformation("Redacted bundle saved", msg, bv.win)
	})
}
