package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/redress-app/redress/app/casework"
	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/documents"
	"github.com/redress-app/redress/letters/bundle"
	"github.com/redress-app/redress/store"
)

// Exit codes of redress verify.
const (
	ExitChanged   = 1 // the bundle has been changed (or cannot be confirmed)
	ExitNotBundle = 2 // not a Redress bundle, or unreadable
)

// signalContext is the context a long command runs under: Ctrl+C cancels it.
// Tests replace it.
var signalContext = func() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
}

func runBundle(env *Env, args []string) error {
	if wantsAuthorities(args) {
		return runAuthorities(env, args)
	}
	fs := newFlags(env, "bundle")
	var vf vaultFlags
	vf.register(fs)
	ref := fs.String("case", "", "the case: its `ID` or exact title")
	sections := fs.String("sections", "", "the sections and what goes in each (`SPEC`; see below; each style has its own default)")
	style := fs.String("style", "ombudsman", "what the bundle is for: `court` (pages numbered 1 to the last, as the PDF numbers them), family (sections numbered A1, B1 ... under FPR PD 27A) or ombudsman (lettered sections)")
	out := fs.String("out", "", "write the bundle to `FILE`.pdf (an existing file is refused without --force)")
	force := fs.Bool("force", false, "replace --out if it exists (never a vault or backup)")
	title := fs.String("title", "", "the title printed on every page (default: the case's title)")
	asOf := fs.String("as-of", "", "work out the findings as of this date (YYYY-MM-DD); default today in England")
	attach := fs.Bool("attach", false, "attach every exhibit's original file to the PDF, so that verify can check it")
	quiet := fs.Bool("quiet", false, "do not report progress")
	fs.Bool("authorities", false, "build the authorities bundle instead (see \"redress help authorities\")")
	splitMB := fs.Int("split-mb", 0, "split the bundle into volumes of about `MB` megabytes at most each (between documents, numbered on from one to the next), written as FILE-volume-1-of-N.pdf ...; 0 keeps one file")
	leaveOut := fs.String("leave-out-notes", "", "journal notes the section \"notes\" leaves out, as `NOTE_ID,...` (every other note that is not archived goes in, and into the chronology)")
	var rf redactFlags
	rf.register(fs)
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "-help") {
		printFlags(env.Stdout, fs)
		fmt.Fprintln(env.Stdout, "\n"+casework.SectionsHelp)
		fmt.Fprintln(env.Stdout, "Default for --style family: "+casework.FamilySections)
		return nil
	}
	if err := parse(env, fs, args); err != nil {
		return err
	}
	if err := rf.check(); err != nil {
		return err
	}
	if err := vf.need("bundle"); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("bundle takes no arguments after its flags (flags come first)")
	}
	if *out == "" {
		return usagef("bundle needs --out FILE.pdf")
	}
	if *splitMB < 0 {
		return usagef("--split-mb %d: give a size in megabytes, such as 25", *splitMB)
	}
	if *splitMB == 0 {
		if err := checkOut(*out, *force); err != nil {
			return err
		}
	}
	st, err := bundle.ParseStyle(strings.ToLower(strings.TrimSpace(*style)))
	if err != nil {
		return usagef("--style %q: use court, family or ombudsman", *style)
	}
	if _, err := casework.ParseSections(*sections); err != nil {
		return usagef("%v\n%s", err, casework.SectionsHelp)
	}
	opt := casework.BundleOptions{Style: st, Sections: *sections, Title: *title, Now: env.Now, AttachOriginals: *attach}
	for _, id := range strings.Split(*leaveOut, ",") {
		if id = strings.TrimSpace(id); id != "" {
			opt.LeaveOutNotes = append(opt.LeaveOutNotes, id)
		}
	}
	run, err := openBundleCase(env, &vf, *ref, *asOf, *quiet)
	if err != nil {
		return err
	}
	defer run.close()
	ctx, v, ci := run.ctx, run.v, run.ci
	opt.AsOf, opt.Progress = run.asOf, run.progress
	closeReader, err := rf.bundle(v, ci.ID, &opt)
	if err != nil {
		return err
	}
	defer closeReader()
	if err := keepTextWords(ctx, env, v, ci.ID, *quiet); err != nil {
		return bundleErr(err)
	}
	job, err := casework.PrepareBundle(ctx, v, ci.ID, opt)
	if err != nil {
		return bundleErr(err)
	}
	if rf.showPreview(env, job.BundleRedactions()) {
		return v.Close()
	}
	rep := job.Plan.Report()
	if len(rep.Problems) > 0 {
		fmt.Fprintf(env.Stderr, "Pre-flight: %s to know before you rely on this bundle:\n", plural(len(rep.Problems), "thing", "things"))
		for _, p := range rep.Problems {
			fmt.Fprintf(env.Stderr, "  - %s\n", safe(p.Message))
		}
	}
	printGuidance(env, st, rep.Guidance)
	if *splitMB > 0 {
		if vols := job.Plan.Volumes(int64(*splitMB) << 20); len(vols) > 1 {
			return writeVolumes(ctx, env, job, vols, *out, *force, st, rep.Items)
		}
		if err := checkOut(*out, *force); err != nil {
			return err
		}
	}
	res, err := writeAtomically(ctx, *out, *force, func(f *os.File) (*bundle.Result, error) {
		return job.Plan.Write(ctx, f)
	})
	if err != nil {
		return bundleErr(err)
	}
	fmt.Fprintf(env.Stdout, "wrote %s: %s, %s, %s, checkpoint %s\n", *out, plural(res.Pages, "page", "pages"), plural(rep.Items, "document", "documents"), bundle.MB(res.Size), res.Manifest.Checkpoint)
	for _, w := range bundle.SizeWarnings(st, res.Size) {
		fmt.Fprintf(env.Stderr, "Size: %s\n", w)
		if strings.Contains(w, "too large") {
			fmt.Fprintln(env.Stderr, "  To split it: run the same command with --split-mb 25 (or the limit you need).")
		}
	}
	if res.Shrunk > 0 {
		fmt.Fprintf(env.Stderr, "%s shrunk a little so that the page number at their foot covers nothing of theirs.\n", plural(res.Shrunk, "page was", "pages were"))
	}
	if m := res.Manifest; m.Redaction != nil {
		fmt.Fprintf(env.Stderr, "redacted: %d of the %d pages are redacted copies (%s); the record and the originals in the vault are unchanged\n", len(m.Redaction.Pages), res.Pages, safe(strings.Join(m.Redaction.Pages, ", ")))
	}
	return v.Close()
}

// keepTextWords reads the words of the case's text PDFs imported before
// their words were kept, so that the page stamp shrinks only the pages
// whose words reach their foot; a PDF that cannot be read is said and
// left as it was (its pages are shrunk).
func keepTextWords(ctx context.Context, env *Env, v *store.Vault, caseID string, quiet bool) error {
	r := documents.New(documents.Options{})
	defer r.Close()
	res, err := casework.KeepTextWords(ctx, v, r, caseID)
	if err != nil {
		return err
	}
	if res.Documents > 0 && !quiet {
		fmt.Fprintf(env.Stderr, "Read where the words are on %s of %s imported earlier, so that the page numbers cover none of them.\n",
			plural(res.Pages, "page", "pages"), plural(res.Documents, "PDF", "PDFs"))
	}
	for _, s := range res.Skipped {
		fmt.Fprintf(env.Stderr, "Could not read where the words are in %s, so its pages are shrunk a little to leave room for the page numbers: %s\n",
			safe(s.Document.Name), safe(s.Reason.Error()))
	}
	return nil
}

// bundleRun is what the evidence bundle and the authorities bundle set up
// once their flags are read: see openBundleCase.
type bundleRun struct {
	ctx      context.Context // cancelled by Ctrl+C
	stop     context.CancelFunc
	v        *store.Vault
	ci       store.CaseInfo
	asOf     casefile.Date         // zero: today in England
	progress func(bundle.Progress) // nil with --quiet
}

// openBundleCase reads --as-of, starts the progress lines unless --quiet,
// makes Ctrl+C cancel the work, opens the case and warns before sharing,
// in that order, as both bundles do. The caller defers close.
func openBundleCase(env *Env, vf *vaultFlags, ref, asOf string, quiet bool) (*bundleRun, error) {
	run := &bundleRun{}
	if asOf != "" {
		d, err := casefile.ParseDate(asOf)
		if err != nil {
			return nil, usagef("--as-of %q: %v", asOf, err)
		}
		run.asOf = d
	}
	if !quiet {
		run.progress = progressPrinter(env)
	}
	run.ctx, run.stop = signalContext()
	v, ci, err := openCase(env, vf, ref)
	if err != nil {
		run.stop()
		return nil, err
	}
	run.v, run.ci = v, ci
	if err := warnSharing(env, v, ci.ID); err != nil {
		run.close()
		return nil, err
	}
	return run, nil
}

// close closes the vault, then stops listening for Ctrl+C.
func (r *bundleRun) close() {
	r.v.Close()
	r.stop()
}

// volumeName is the file volume v of a bundle asked for as out is written
// to: bundle.pdf -> bundle-volume-2-of-3.pdf.
func volumeName(out string, v bundle.Volume) string {
	base := strings.TrimSuffix(out, filepath.Ext(out))
	return fmt.Sprintf("%s-volume-%d-of-%d.pdf", base, v.Number, v.Of)
}

// writeVolumes writes a bundle split into volumes, each file atomically;
// every name is checked before anything is written.
func writeVolumes(ctx context.Context, env *Env, job *casework.BundleJob, vols []bundle.Volume, out string, force bool, st bundle.Style, items int) error {
	for _, v := range vols {
		if err := checkOut(volumeName(out, v), force); err != nil {
			return err
		}
	}
	for _, v := range vols {
		name := volumeName(out, v)
		res, err := writeAtomically(ctx, name, force, func(f *os.File) (*bundle.Result, error) {
			return job.Plan.WriteVolume(ctx, f, v)
		})
		if err != nil {
			return bundleErr(err)
		}
		idx := ""
		if len(res.IndexLabels) > 0 {
			idx = fmt.Sprintf(" after %s of its own index", plural(len(res.IndexLabels), "page", "pages"))
		}
		fmt.Fprintf(env.Stdout, "wrote %s: volume %d of %d, pages %s to %s%s, %s, checkpoint %s\n", name, v.Number, v.Of,
			res.Labels[0], res.Labels[len(res.Labels)-1], idx, bundle.MB(res.Size), res.Manifest.Checkpoint)
		for _, w := range bundle.SizeWarnings(st, res.Size) {
			if !strings.Contains(w, "within the limits") {
				fmt.Fprintf(env.Stderr, "Size of volume %d: %s\n", v.Number, w)
			}
		}
	}
	fmt.Fprintf(env.Stdout, "%s in %d volumes; the index and chronology are in volume 1, every later volume opens with an index of its own, and every volume's pages are numbered as in the whole bundle.\n", plural(items, "document", "documents"), len(vols))
	return nil
}

// printGuidance prints the pre-flight's checklist of the guidance the
// style follows.
func printGuidance(env *Env, st bundle.Style, g []bundle.GuidancePoint) {
	if len(g) == 0 {
		return
	}
	what := map[bundle.Style]string{
		bundle.StyleCourt:     "the judiciary's general guidance on electronic court bundles",
		bundle.StyleFamily:    "FPR Practice Direction 27A and the judiciary's general guidance",
		bundle.StyleOmbudsman: "the judiciary's general guidance on electronic court bundles, as good practice (the Ombudsman publishes none Redress found)",
	}[st]
	fmt.Fprintf(env.Stderr, "Checked against %s:\n", what)
	for _, p := range g {
		fmt.Fprintf(env.Stderr, "  [%s] %s: %s\n", p.Status, p.Point, safe(p.Detail))
	}
}

// bundleErr explains a cancelled build.
func bundleErr(err error) error {
	switch {
	case errors.Is(err, context.Canceled):
		return errors.New("cancelled: no bundle was written")
	case errors.Is(err, casework.ErrSections), errors.Is(err, bundle.ErrSpec):
		return usagef("%v", err)
	}
	return err
}

// writeAtomically writes to a temporary file in the destination's folder and
// renames it into place only when everything succeeded, so that a failure
// or Ctrl+C leaves no partial file behind.
func writeAtomically(ctx context.Context, path string, force bool, write func(*os.File) (*bundle.Result, error)) (res *bundle.Result, err error) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.part")
	if err != nil {
		return nil, outError(path, err)
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if res, err = write(f); err != nil {
		return nil, err
	}
	if err = ctx.Err(); err != nil {
		return nil, err
	}
	if err = f.Sync(); err != nil {
		return nil, outError(path, err)
	}
	if err = f.Close(); err != nil {
		return nil, outError(path, err)
	}
	if err = placeFile(tmp, path, force); err != nil {
		return nil, outError(path, err)
	}
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
	return res, nil
}

// progressPrinter reports progress on stderr, one line per stage and every
// tenth item.
func progressPrinter(env *Env) func(bundle.Progress) {
	last := ""
	return func(p bundle.Progress) {
		line := ""
		switch {
		case p.Total == 0:
			return
		case p.Done == p.Total:
			line = fmt.Sprintf("%s: done (%d)", p.Stage, p.Total)
		case p.Done == 0 || p.Done%10 == 0:
			line = fmt.Sprintf("%s: %d of %d", p.Stage, p.Done+1, p.Total)
		}
		if line != "" && line != last {
			fmt.Fprintln(env.Stderr, line)
			last = line
		}
	}
}

func runVerify(env *Env, args []string) error {
	fs := newFlags(env, "verify")
	given := fs.String("checkpoint", "", "a checkpoint you were given earlier (`STRING`), to compare with the bundle's record")
	identity := fs.String("identity", "", "a pack for an age key: the age identity `FILE` (else the pack's passphrase from $"+envPackPassphrase+" or a prompt)")
	if err := parse(env, fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("verify needs one bundle or pack: redress verify [--checkpoint STRING] FILE.pdf|FILE.redress (flags come first)")
	}
	name := fs.Arg(0)
	if g := strings.TrimSpace(*given); g != "" {
		if _, _, err := store.ParseCheckpoint(g); err != nil {
			return usagef("that is not a checkpoint: %q (%v); a checkpoint looks like 12-7KQ2-M9XD-PA4T-ZB3H-W6RC", g, err)
		}
	}
	if isPack(name) {
		return verifyPack(env, name, *identity, strings.TrimSpace(*given))
	}
	f, err := os.Open(name)
	if err != nil {
		fmt.Fprintf(env.Stderr, "redress: cannot open %s: %s\n", name, plainIOError(err))
		return &silentExit{code: ExitNotBundle}
	}
	defer f.Close()
	bc, err := casework.VerifyBundle(f, strings.TrimSpace(*given))
	if err != nil {
		fmt.Fprintf(env.Stderr, "redress: %s is %s.\nIt cannot be checked: a Redress bundle is a PDF with a Redress manifest attached.\n", safe(name), safe(err.Error()))
		return &silentExit{code: ExitNotBundle}
	}
	w := env.Stdout
	if m := bc.Manifest; m != nil {
		fmt.Fprintf(w, "Bundle: %s\n", safe(m.Title))
		if m.Case != "" {
			fmt.Fprintf(w, "Case: %s\n", safe(m.Case))
		}
		fmt.Fprintf(w, "Made: %s; %s, %s\n", safe(m.Created), plural(len(m.Pages), "page", "pages"), plural(len(m.Exhibits), "document", "documents"))
		if m.Volumes > 0 && len(m.Pages) > 0 {
			fmt.Fprintf(w, "Volume %d of %d: pages %s to %s of the bundle (check each volume on its own)\n", m.Volume, m.Volumes, safe(m.Pages[0].Label), safe(m.Pages[len(m.Pages)-1].Label))
		}
		fmt.Fprintf(w, "Record checkpoint: %s\n", safe(m.Checkpoint))
	}
	if !bc.OK() {
		fmt.Fprintf(env.Stderr, "CHANGED: %s does not match what it was when it was made:\n", name)
		for _, fl := range bc.Failures {
			fmt.Fprintf(env.Stderr, "  - %s\n", safe(fl.Message))
		}
		return &silentExit{code: ExitChanged}
	}
	if bc.Manifest != nil && bc.Manifest.PageDigest == bundle.PageDigestMethodV1 {
		fmt.Fprintf(w, "OK: %s as it was made.\n", everyPage(bc.PagesChecked, "is"))
	} else {
		fmt.Fprintf(w, "OK: %s what it showed when it was made (pages are fingerprinted by their decoded content, so a copy rewritten or recompressed without changing a page, as qpdf does, still verifies).\n", everyPage(bc.PagesChecked, "shows"))
	}
	if bc.Originals > 0 {
		fmt.Fprintf(w, "OK: %s the SHA-256 recorded when imported.\n", plural(bc.Originals, "attached original has", "attached originals have"))
	}
	fmt.Fprintf(w, "OK: the record of the case (%s) verifies up to the checkpoint; %s and %s match it.\n", plural(bc.Records, "record", "records"), plural(bc.Chronology, "chronology entry", "chronology entries"), plural(bc.Exhibits, "exhibit", "exhibits"))
	printRedacted(w, bc)
	if bc.GivenChecked {
		fmt.Fprintf(w, "OK: the checkpoint you gave, %s, matches this bundle's record.\n", strings.TrimSpace(*given))
	} else {
		fmt.Fprintln(w, "Compare the record checkpoint above with one you were given earlier, or run again with --checkpoint STRING.")
	}
	return nil
}

// everyPage says "every one of the N pages VERB", or "the one page VERB".
func everyPage(n int, verb string) string {
	if n == 1 {
		return "the one page " + verb
	}
	return fmt.Sprintf("every one of the %d pages %s", n, verb)
}
