package cli

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/redress-app/redress/store"

	"github.com/redress-app/redress/app/casework"
	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/documents"
	"github.com/redress-app/redress/letters/redact"
)

// redactFlags are --redact SPEC and --redact-preview, on every command that
// writes something to share (chronology, letter, bundle).
type redactFlags struct {
	spec    *string
	preview *bool
	parsed  redact.Spec
}

func (rf *redactFlags) register(fs *flag.FlagSet) {
	rf.spec = fs.String("redact", "", "take names, addresses, phone numbers, dates of birth, emails or marked words out of what is written (`SPEC`: see below); the record in the vault is not changed")
	rf.preview = fs.Bool("redact-preview", false, "with --redact: list every change (where, the words before and after) and write nothing")
}

// check reads the SPEC before the vault is opened, so that a mistake in it
// is a usage error said at once.
func (rf *redactFlags) check() error {
	if *rf.spec == "" {
		if *rf.preview {
			return usagef("--redact-preview needs --redact SPEC\n%s", redact.SpecHelp)
		}
		return nil
	}
	s, err := redact.ParseSpec(*rf.spec)
	if err != nil {
		return usagef("--redact: %v\n%s", err, redact.SpecHelp)
	}
	rf.parsed = s
	return nil
}

// on reports whether --redact was given.
func (rf *redactFlags) on() bool { return *rf.spec != "" }

// redactor compiles the SPEC with the case's names (nil without --redact).
func (rf *redactFlags) redactor(c *casefile.Case) (*redact.Redactor, error) {
	if !rf.on() {
		return nil, nil
	}
	return casework.RedactorFor(c, rf.parsed)
}

// showPreview prints the changes on stdout and stops the command when
// --redact-preview was given; it reports whether it did.
func (rf *redactFlags) showPreview(env *Env, changes []casework.RedactChange) bool {
	if !*rf.preview {
		return false
	}
	fmt.Fprint(env.Stdout, termMsg(casework.PreviewText(changes)))
	fmt.Fprintln(env.Stderr, "preview only: nothing was written (run again without --redact-preview to write it)")
	return true
}

// letter replaces buf with draft d's letter rendered with the matches taken
// out, when --redact was given (the draft in the vault keeps its words);
// stop is true when --redact-preview printed the changes instead.
func (rf *redactFlags) letter(env *Env, v *store.Vault, caseID string, d *casework.Draft, f casework.Format, buf *bytes.Buffer) (stop bool, err error) {
	if !rf.on() {
		return false, nil
	}
	c, err := v.LoadCase(context.Background(), caseID)
	if err != nil {
		return false, err
	}
	red, err := rf.redactor(c)
	if err != nil {
		return false, err
	}
	var out bytes.Buffer
	changes, err := casework.RenderRedacted(&out, d, f, red)
	if err != nil {
		return false, err
	}
	if rf.showPreview(env, changes) {
		return true, v.Close()
	}
	*buf = out
	fmt.Fprintf(env.Stderr, "redacted: %d change(s) (the letter saved in the vault keeps its words)\n", len(changes))
	return false, nil
}

// printRedacted says, for a redacted bundle, which pages are redacted copies
// and why its chronology is not matched with the record: not tampering.
func printRedacted(w io.Writer, bc *casework.BundleCheck) {
	if bc.Manifest == nil || bc.Manifest.Redaction == nil {
		return
	}
	fmt.Fprintln(w, "REDACTED COPY: words were taken out of this bundle when it was made (names, addresses or other details), so it does not disclose the record's content: its chronology and exhibits are not matched with the record, only the record's chain of hashes is.")
	switch n := len(bc.Redacted); n {
	case 0:
		fmt.Fprintln(w, "No page needed anything taken out.")
	default:
		fmt.Fprintf(w, "Redacted pages (%d, each checked as the redacted copy it is): %s\n", n, safe(strings.Join(bc.Redacted, ", ")))
	}
}

// bundle sets opt to make a redacted bundle when --redact was given, with
// a documents reader to draw the pages (closed by the function returned).
func (rf *redactFlags) bundle(v *store.Vault, caseID string, opt *casework.BundleOptions) (func(), error) {
	if !rf.on() {
		return func() {}, nil
	}
	c, err := v.LoadCase(context.Background(), caseID)
	if err != nil {
		return nil, err
	}
	red, err := rf.redactor(c)
	if err != nil {
		return nil, err
	}
	r := documents.New(documents.Options{})
	opt.Redact = &casework.BundleRedaction{Redactor: red, Reader: r}
	return func() { r.Close() }, nil
}
