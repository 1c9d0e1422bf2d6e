package ui

import (
	"context"
	"errors"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/redress-app/redress/app/casework"
	"github.com/redress-app/redress/app/ui/kit"
	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/documents"
	"github.com/redress-app/redress/store"
)

// noOCRWords is what the app says when scans cannot be read on this computer.
const noOCRWords = "Redress cannot read the words of scanned pages and photos on this computer yet: " +
	"install the free program Tesseract (on Debian or Ubuntu, the packages tesseract-ocr and tesseract-ocr-eng; " +
	"see the README for Windows and macOS). Everything else works, and Redress reads the scans the next time you unlock."

// readJob is one piece of reading: some documents of a case just imported,
// or (docs nil) whatever of a case is unread or part-read.
type readJob struct {
	caseID string
	docs   []string
}

// docReading reads documents' text (and OCRs scans) in the background, one
// job at a time, with a progress bar in the Documents tab that can stop it.
// Stopped or interrupted work resumes on the next unlock (ReadPending).
type docReading struct {
	s       *shell
	queue   []readJob
	running bool
	cancel  context.CancelFunc

	label *widget.Label
	bar   *widget.ProgressBar
	stop  *widget.Button
	box   *fyne.Container // label, bar and stop button; hidden when idle
	noOCR *fyne.Container // the Tesseract advice; hidden unless needed
}

func newDocReading(s *shell) *docReading {
	r := &docReading{s: s, label: small(""), bar: widget.NewProgressBar()}
	r.stop = widget.NewButtonWithIcon("Stop reading", theme.MediaStopIcon(), r.onStop)
	r.stop.Importance = widget.LowImportance
	r.box = container.NewBorder(nil, nil, nil, r.stop, container.NewVBox(r.label, r.bar))
	r.box.Hide()
	advice := widget.NewLabel(noOCRWords)
	advice.Wrapping = fyne.TextWrapWord
	r.noOCR = container.NewBorder(nil, nil, widget.NewIcon(theme.WarningIcon()), nil, advice)
	r.noOCR.Hide()
	return r
}

// resume reads, case by case, what was left unread (after an unlock).
func (r *docReading) resume(infos []store.CaseInfo) {
	for _, in := range infos {
		if in.Err == nil {
			r.add(readJob{caseID: in.ID})
		}
	}
}

// read reads documents just imported into a case.
func (r *docReading) read(caseID string, docs []casefile.Document) {
	job := readJob{caseID: caseID}
	for _, d := range docs {
		job.docs = append(job.docs, d.ID)
	}
	if len(job.docs) > 0 {
		r.add(job)
	}
}

func (r *docReading) add(j readJob) {
	r.queue = append(r.queue, j)
	r.next()
}

// next starts the next job when none is running.
func (r *docReading) next() {
	if r.running || len(r.queue) == 0 || r.s.closed {
		return
	}
	j := r.queue[0]
	r.queue = r.queue[1:]
	r.running = true
	epoch := r.s.d.epoch
	v, reader := r.s.vault(), r.s.d.reader
	ctx, cancel := context.WithCancel(r.s.ctx())
	r.cancel = cancel
	progress := func(name string, done, total int) {
		kit.OnUI(func() {
			if !r.s.alive(epoch) {
				return
			}
			r.label.SetText(fmt.Sprintf("Reading the scanned pages of “%s”: page %d of %d", name, done, total))
			r.bar.SetValue(float64(done) / float64(max(total, 1)))
			r.box.Show()
		})
	}
	type result struct {
		changed bool
		problem error // the last thing that could not be read
		noOCR   bool
		err     error
	}
	kit.Background(func() result {
		defer cancel()
		var res result
		if j.docs == nil {
			res.err = casework.ReadPending(ctx, v, reader, j.caseID, func(d casefile.Document, done, total int) {
				progress(d.Name, done, total)
			})
			res.changed = true
		} else {
			names := map[string]string{}
			if c, err := v.LoadCase(ctx, j.caseID); err == nil {
				for _, d := range c.Documents {
					names[d.ID] = d.Name
				}
			}
			for _, id := range j.docs {
				rr, err := casework.ReadDocument(ctx, v, reader, j.caseID, id, func(done, total int) { progress(names[id], done, total) })
				if err != nil {
					res.err = err
					break
				}
				res.changed = true
				if rr.Problem != nil {
					res.problem = fmt.Errorf("%s: %w", names[id], rr.Problem)
				}
			}
		}
		res.noOCR = pendingOCR(ctx, v, reader, j.caseID)
		return res
	}, func(res result) {
		r.running, r.cancel = false, nil
		r.box.Hide()
		if !r.s.alive(epoch) {
			return
		}
		if res.noOCR {
			r.noOCR.Show()
		}
		switch {
		case errors.Is(res.err, context.Canceled):
			r.s.status.note("Stopped reading documents: Redress reads the rest the next time you unlock")
		case res.err != nil:
			r.s.d.showError("Redress could not finish reading the documents", res.err)
		case res.problem != nil && !errors.Is(res.problem, documents.ErrNoOCR):
			r.s.d.showMessage("Some of a document could not be read",
				"The document is imported and kept as it is, but Redress could not read all of its text, so search may not find it: "+
					kit.Sentence(res.problem))
		}
		if res.changed && j.caseID == r.s.curID {
			r.s.reload()
		}
		r.next()
	})
}

// pendingOCR reports whether a document of the case has pages waiting for
// OCR while tesseract is missing.
func pendingOCR(ctx context.Context, v *store.Vault, reader *documents.Reader, caseID string) bool {
	if _, err := reader.Tesseract(); err == nil {
		return false
	}
	c, err := v.LoadCase(ctx, caseID)
	if err != nil {
		return false
	}
	for _, d := range c.Documents {
		if info, ok, err := v.DerivedInfo(ctx, caseID, d.ID); err == nil && ok && len(info.OCRPending) > 0 {
			return true
		}
	}
	return false
}

// onStop stops the reading in hand and what is queued.
func (r *docReading) onStop() {
	r.queue = nil
	if r.cancel != nil {
		r.cancel()
	}
}

// close stops reading, for locking.
func (r *docReading) close() { r.onStop() }
