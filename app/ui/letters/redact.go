package letters

import (
	"bytes"
	"context"
	"fmt"
	"io"

	"fyne.io/fyne/v2/dialog"

	"github.com/redress-app/redress/app/casework"
	"github.com/redress-app/redress/app/ui/kit"
	"github.com/redress-app/redress/app/ui/redaction"
	"github.com/redress-app/redress/letters/redact"
)

// exportRedacted saves a redacted copy of the letter in format f: what to
// take out, the preview of every change, then where to save it. The letter
// in the vault keeps its words.
func (p *draftPage) exportRedacted(f casework.Format, ext string) {
	d, lv, c := p.d, p.lc.lv, p.lc.c
	if d == nil || c == nil {
		return
	}
	redaction.Ask(lv.win, func(s redact.Spec) {
		red, err := casework.RedactorFor(c, s)
		if err != nil {
			dialog.ShowInformation("Cannot take those out", kit.PlainError(err), lv.win)
			return
		}
		var buf bytes.Buffer
		changes, err := casework.RenderRedacted(&buf, d, f, red)
		if err != nil {
			dialog.ShowInformation("The letter could not be redacted", kit.PlainError(err), lv.win)
			return
		}
		redaction.ShowPreview(lv.win, changes, func() {
			lv.Pick(lv.win, "redacted-"+exportFileName(d, ext), []string{ext}, func(path string) {
				path = kit.WithExt(path, ext, []string{ext})
				err := kit.WriteExport(context.Background(), path, func(_ context.Context, w io.Writer) error {
					_, err := w.Write(buf.Bytes())
					return err
				})
				if err != nil {
					dialog.ShowInformation("The letter was not saved", kit.PlainError(err), lv.win)
					return
				}
				dialog.ShowInformation("Redacted letter saved", fmt.Sprintf("The redacted letter is saved as %s. The letter in your record keeps its words.\n\n"+
					"That file is not encrypted: keep it somewhere private.", kit.BaseName(path)), lv.win)
			})
		})
	})
}
