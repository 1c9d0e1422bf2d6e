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
	fs := newFlags(env, "bundle")
	var vf vaultFlags
	vf.register(fs)
	ref := fs.String("case", "", "the case: its `ID` or exact title")
	sections := fs.String("sections", "", "the sections and what goes in each (`SPEC`; see below)")
	out := fs.String("out", "", "write the bundle to `FILE`.pdf (an existing file is refused without --force)")
	force := fs.Bool("force", false, "replace --out if it exists (never a vault or backup)")
	title := fs.String("title", "", "the title printed on every page (default: the case's title)")
	asOf := fs.String("as-of", "", "work out the findings as of this date (YYYY-MM-DD); default today in England")
	attach := fs.Bool("attach", false, "attach every exhibit's original file to the PDF, so that verify can check it")
	quiet := fs.Bool("quiet", false, "do not report progress")
	leaveOut := fs.String("leave-out-notes", "", "journal notes the section \"notes\" leaves out, as `NOTE_ID,...` (every other note that is not archived goes in, and into the chronology)")
	var rf redactFlags
	rf.register(fs)
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "-help") {
		printFlags(env.Stdout, fs)
		fmt.Fprintln(env.Stdout, "\n"+casework.SectionsHelp)
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
	if err := checkOut(*out, *force); err != nil {
		return err
	}
	if _, err := casework.ParseSections(*sections); err != nil {
		return usagef("%v\n%s", err, casework.SectionsHelp)
	}
	opt := casework.BundleOptions{Sections: *sections, Title: *title, Now: env.Now, AttachOriginals: *attach}
	for _, id := range strings.Split(*leaveOut, ",") {
		if id = strings.TrimSpace(id); id != "" {
			opt.LeaveOutNotes = append(opt.LeaveOutNotes, id)
		}
	}
	if *asOf != "" {
		d, err := casefile.ParseDate(*asOf)
		if err != nil {
			return usagef("--as-of %q: %v", *asOf, err)
		}
		opt.AsOf = d
	}
	if !*quiet {
		opt.Progress = progressPrinter(env)
	}
	ctx, stop := signalContext()
	defer stop()
	v, ci, err := openCase(env, &vf, *ref)
	if err != nil {
		return err
	}
	defer v.Close()
	if err := warnSharing(env, v, ci.ID); err != nil {
		return err
	}
	closeReader, err := rf.bundle(v, ci.ID, &opt)
	if err != nil {
		return err
	}
	defer closeReader()
	job, err := casework.PrepareBundle(ctx, v, ci.ID, opt)
	if err != nil {
		return bundleErr(err)
	}
	if rf.showPreview(env, job.BundleRedactions()) {
		return v.Close()
	}
	rep := job.Plan.Report()
	if len(rep.Problems) > 0 {
		fmt.Fprintf(env.Stderr, "Pre-flight: %d thing(s) to know before you rely on this bundle:\n", len(rep.Problems))
		for _, p := range rep.Problems {
			fmt.Fprintf(env.Stderr, "  - %s\n", safe(p.Message))
		}
	}
	res, err := writeAtomically(ctx, *out, *force, func(f *os.File) (*bundle.Result, error) {
		return job.Plan.Write(ctx, f)
	})
	if err != nil {
		return bundleErr(err)
	}
	fmt.Fprintf(env.Stdout, "wrote %s: %d pages, %d documents, checkpoint %s\n", *out, res.Pages, rep.Items, res.Manifest.Checkpoint)
	if m := res.Manifest; m.Redaction != nil {
		fmt.Fprintf(env.Stderr, "redacted: %d of the %d pages are redacted copies (%s); the record and the originals in the vault are unchanged\n", len(m.Redaction.Pages), res.Pages, safe(strings.Join(m.Redaction.Pages, ", ")))
	}
	return v.Close()
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
		fmt.Fprintf(w, "Made: %s; %d pages, %d documents\n", safe(m.Created), len(m.Pages), len(m.Exhibits))
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
		fmt.Fprintf(w, "OK: every one of the %d pages is as it was made.\n", bc.PagesChecked)
	} else {
		fmt.Fprintf(w, "OK: every one of the %d pages shows what it showed when it was made (pages are fingerprinted by their decoded content, so a copy rewritten or recompressed without changing a page, as qpdf does, still verifies).\n", bc.PagesChecked)
	}
	if bc.Originals > 0 {
		fmt.Fprintf(w, "OK: %d attached original(s) have the SHA-256 recorded when they were imported.\n", bc.Originals)
	}
	fmt.Fprintf(w, "OK: the record of the case (%d records) verifies up to the checkpoint; %d chronology entries and %d exhibits match it.\n", bc.Records, bc.Chronology, bc.Exhibits)
	printRedacted(w, bc)
	if bc.GivenChecked {
		fmt.Fprintf(w, "OK: the checkpoint you gave, %s, matches this bundle's record.\n", strings.TrimSpace(*given))
	} else {
		fmt.Fprintln(w, "Compare the record checkpoint above with one you were given earlier, or run again with --checkpoint STRING.")
	}
	return nil
}
