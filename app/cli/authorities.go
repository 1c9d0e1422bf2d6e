package cli

import (
	"fmt"
	"os"
	"slices"

	"github.com/redress-app/redress/app/casework"
	"github.com/redress-app/redress/letters/authorities"
	"github.com/redress-app/redress/letters/bundle"
)

// authoritiesUsage is the synopsis of the authorities bundle in redress help.
const authoritiesUsage = "bundle --authorities --vault PATH --case CASE [--as-of DATE] [--title TITLE] --out FILE.pdf"

// wantsAuthorities reports whether a bundle command asks for the
// authorities bundle (--authorities among its flags, before any argument).
func wantsAuthorities(args []string) bool {
	for _, a := range args {
		switch a {
		case "--authorities", "-authorities", "--authorities=true", "-authorities=true":
			return true
		case "--":
			return false
		}
	}
	return false
}

// runAuthorities builds the authorities bundle: redress bundle --authorities
// (also redress authorities).
func runAuthorities(env *Env, args []string) error {
	fs := newFlags(env, "bundle --authorities")
	var vf vaultFlags
	vf.register(fs)
	fs.Bool("authorities", true, "build the authorities bundle: the statutes, regulations, guidance and cases the case's findings and letters cite, with the texts you imported")
	ref := fs.String("case", "", "the case: its `ID` or exact title")
	out := fs.String("out", "", "write the bundle to `FILE`.pdf (an existing file is refused without --force)")
	force := fs.Bool("force", false, "replace --out if it exists (never a vault or backup)")
	title := fs.String("title", "", "the title printed on every page (default: the case's title and \"authorities\")")
	asOf := fs.String("as-of", "", "work out the findings as of this date (YYYY-MM-DD); default today in England")
	quiet := fs.Bool("quiet", false, "do not report progress")
	if slices.ContainsFunc(args, func(a string) bool { return a == "-h" || a == "--help" || a == "-help" }) {
		printFlags(env.Stdout, fs)
		fmt.Fprintln(env.Stdout, "\nAn authority's text is added by importing it with its source set to authority:KEY, the key the\nbundle's table of authorities gives (redress import --vault PATH --case CASE --source authority:KEY FILE).")
		return nil
	}
	if err := parse(env, fs, args); err != nil {
		return err
	}
	if err := vf.need("bundle"); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("bundle --authorities takes no arguments after its flags (flags come first)")
	}
	if *out == "" {
		return usagef("bundle --authorities needs --out FILE.pdf")
	}
	if err := checkOut(*out, *force); err != nil {
		return err
	}
	run, err := openBundleCase(env, &vf, *ref, *asOf, *quiet)
	if err != nil {
		return err
	}
	defer run.close()
	ctx, v, ci := run.ctx, run.v, run.ci
	opt := casework.AuthoritiesOptions{Title: *title, Now: env.Now, AsOf: run.asOf, Progress: run.progress}
	job, err := casework.PrepareAuthorities(ctx, v, ci.ID, opt)
	if err != nil {
		return bundleErr(err)
	}
	others := job.Problems()
	if len(others) > 0 {
		fmt.Fprintf(env.Stderr, "Pre-flight: %d thing(s) to know before you rely on this bundle:\n", len(others))
		for _, p := range others {
			fmt.Fprintf(env.Stderr, "  - %s\n", safe(p.Message))
		}
	}
	if len(job.MustAdd) > 0 {
		fmt.Fprintf(env.Stderr, "You must add the text of %d authorit%s (Redress has no internet; the bundle lists them as not included):\n", len(job.MustAdd), map[bool]string{true: "y", false: "ies"}[len(job.MustAdd) == 1])
		for _, a := range job.MustAdd {
			fmt.Fprintf(env.Stderr, "  - %s\n      %s\n", safe(a.Citation), safe(authorities.ImportCommand(ci.ID, a.Key)))
		}
		fmt.Fprintln(env.Stderr, "Save each as a PDF (or its web page as HTML) from legislation.gov.uk, gov.uk, Find Case Law or BAILII, import it as above (on the desktop: import it in the Documents tab and type authority:KEY in its \"From\" box), and build this bundle again.")
	}
	res, err := writeAtomically(ctx, *out, *force, func(f *os.File) (*bundle.Result, error) {
		return job.Write(ctx, f)
	})
	if err != nil {
		return bundleErr(err)
	}
	included := 0
	for _, a := range job.Authorities {
		if len(a.Texts) > 0 {
			included++
		}
	}
	fmt.Fprintf(env.Stdout, "wrote %s: %d pages, %d authorities (%d with their text, %d to add), checkpoint %s\n",
		*out, res.Pages, len(job.Authorities), included, len(job.MustAdd), res.Manifest.Checkpoint)
	return v.Close()
}
