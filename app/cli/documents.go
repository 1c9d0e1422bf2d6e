package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"strings"

	"github.com/redress-app/redress/app/casework"
	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/documents"
	"github.com/redress-app/redress/store"
)

// readImported reads the text of a document just imported (and of an
// email's attachments, which it imports as documents of their own),
// saying on stderr what it read and what it could not. Interrupting
// (Ctrl-C) stops OCR between pages; what was read is kept.
func readImported(env *Env, r *documents.Reader, v *store.Vault, caseID string, d casefile.Document) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	res, err := casework.ReadDocument(ctx, v, r, caseID, d.ID, func(done, total int) {
		fmt.Fprintf(env.Stderr, "%s: read scanned page %d of %d\n", d.ID, done, total)
	})
	for _, a := range res.Attachments {
		fmt.Fprintf(env.Stdout, "%s\t%s\t%s\t%d bytes\t%s\n", a.ID, a.SHA256, a.Type, a.Size, a.Name)
	}
	if errors.Is(err, context.Canceled) {
		fmt.Fprintf(env.Stderr, "%s: stopped; %d of %d pages have text so far\n", d.ID, res.Read, res.Pages)
		return &silentExit{code: 1}
	}
	if err != nil {
		return err
	}
	switch {
	case res.Problem != nil:
		fmt.Fprintf(env.Stderr, "%s: %s\n", d.ID, readProblem(res.Problem, d))
	case res.Pages > 0:
		fmt.Fprintf(env.Stderr, "%s: text read from %d of %d pages\n", d.ID, res.Read, res.Pages)
	}
	return nil
}

// readProblem says in plain words why a document's text was not read. The
// document itself is kept either way.
func readProblem(err error, d casefile.Document) string {
	kept := " The document itself is kept, with its fingerprint."
	switch {
	case errors.Is(err, documents.ErrNoOCR):
		return "some pages are scans or photos, and reading them needs Tesseract. Install tesseract-ocr and tesseract-ocr-eng (on Windows, the Tesseract installer), then import again." + kept
	case errors.Is(err, documents.ErrEncrypted):
		return "this PDF is protected by a password, so Redress cannot read its words. Ask the sender for an unprotected copy." + kept
	case errors.Is(err, documents.ErrDamaged):
		return "this file is damaged or is not a " + strings.ToUpper(string(documents.KindOf(d.Name, d.Type))) + " inside, so its words could not be read (" + err.Error() + ")." + kept
	case errors.Is(err, documents.ErrTooBig):
		return "this file is over a safety limit for reading (" + err.Error() + ")." + kept
	case errors.Is(err, documents.ErrTimeout):
		return "reading this file took too long and was stopped." + kept
	case errors.Is(err, documents.ErrUnsupported):
		return "Redress cannot read words from this kind of file." + kept
	}
	return "its words could not be read: " + err.Error() + "." + kept
}

// hitRef is how a search hit names what it found: an ID, or DOC#pN for a
// page of a document's text (what `redress link` takes).
func hitRef(h store.Hit) string {
	if h.Page > 0 {
		return casefile.PageRef(h.ID, h.Page)
	}
	return h.ID
}

func runLink(env *Env, args []string) error {
	fs := newFlags(env, "link")
	var vf vaultFlags
	vf.register(fs)
	ref := fs.String("case", "", "the case: its `ID` or exact title")
	quote := fs.String("quote", "", "the words relied on, as they are on the page (`TEXT`)")
	if err := parse(env, fs, args); err != nil {
		return err
	}
	if err := vf.need("link"); err != nil {
		return err
	}
	if fs.NArg() != 2 {
		return usagef("link needs an event or note and a document page: redress link --vault PATH --case CASE [--quote TEXT] EVENT_OR_NOTE DOC#pN")
	}
	target, cite := fs.Arg(0), fs.Arg(1)
	docID, page, err := casefile.ParsePageRef(cite)
	if err != nil {
		return usagef("%v (DOC:N works too, such as d3:4)", err)
	}
	v, ci, err := openCase(env, &vf, *ref)
	if err != nil {
		return err
	}
	defer v.Close()
	res, err := casework.LinkEvidence(context.Background(), v, ci.ID, target, docID, page, *quote)
	if errors.Is(err, casework.ErrCitation) {
		return usagef("%v", err)
	}
	if err != nil {
		return err
	}
	switch {
	case !res.Added:
		fmt.Fprintf(env.Stdout, "%s already cites %s\n", target, res.Ref)
	case *quote != "" && !res.Quoted:
		fmt.Fprintf(env.Stdout, "%s now cites %s\n", target, res.Ref)
		fmt.Fprintf(env.Stderr, "the words were kept as given: Redress has not read the text of that page, so it could not check them\n")
	default:
		fmt.Fprintf(env.Stdout, "%s now cites %s\n", target, res.Ref)
	}
	return v.Close()
}
