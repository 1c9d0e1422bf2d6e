// Package cli is Redress's command line: the subcommands of DESIGN section 6,
// their flags, and the exit codes (0 success, 1 runtime error, 2 bad input or
// usage). It turns every error into a plain-English message on stderr.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"github.com/redress-app/redress/letters/redact"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/redress-app/redress/app/casework/pack"
	"github.com/redress-app/redress/assets"
)

// Version is Redress's release number (assets.Version). FyneApp.toml carries
// the same number (a test checks).
const Version = assets.Version

// Exit codes.
const (
	ExitOK      = 0
	ExitFailure = 1 // something went wrong while doing what was asked
	ExitUsage   = 2 // the request itself was wrong: bad flags, a bad case file
)

// Env is everything a command may touch outside itself, so that tests can
// run commands with their own streams, environment and clock.
type Env struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string
	Now    func() time.Time
	// OpenDesktop starts the desktop app, showing the case file at path when it
	// is not empty. main supplies it; the command line never imports Fyne.
	OpenDesktop func(path string) error
	// OpenPack shows a hand-over pack, already opened and checked, read-only
	// in the desktop app (redress open FILE.redress); file is its name.
	OpenPack func(p *pack.Pack, file string) error
}

// OSEnv returns an Env for the real process.
func OSEnv(openDesktop func(string) error) *Env {
	return &Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv,
		Now: time.Now, OpenDesktop: openDesktop}
}

type command struct {
	name    string
	usage   string // the synopsis line after "redress "
	summary string
	run     func(env *Env, args []string) error
}

// commands is the dispatch table. A subcommand appears here only once it works.
func commands() []command {
	return []command{
		{"open", "open [--identity FILE] CASE.json|FILE.redress", "open a case file, or a hand-over pack (asks its passphrase), read-only in the desktop app", runOpen},
		{"check", "check [--as-of DATE] [--json] CASE.json", "check a case file against the statutory steps and timescales", runCheck},
		{"deadlines", "deadlines [--as-of DATE] [--ics] [--whose council|family|all] CASE.json", "list what the council owes (and what is overdue) and your own time limits, or export the open ones as a calendar", runDeadlines},
		{"rules", "rules [--json]", "the rule catalogue with citations", runRules},
		{"vault", "vault create|verify|backup|restore|passwd --vault PATH [--out FILE] [--from FILE]", "create, check, back up, restore or re-key a vault", runVault},
		{"case", "case list|import|export --vault PATH [--case CASE] [--out FILE] [--identity FILE] [CASE.json|FILE.redress]", "list a vault's cases, or move a case file in or out (import also adds a hand-over pack)", runCase},
		{"note", "note add --vault PATH --case CASE [--occurred TIME] [--kind KIND] TEXT", "add a journal note, recorded now", runNote},
		{"import", "import --vault PATH --case CASE [--source NAME] [--date DATE] FILE...", "import documents into a case, with their SHA-256", runImport},
		{"search", "search --vault PATH [--case CASE] QUERY", "notes, events and documents (their text, by page) that match", runSearch},
		{"link", "link --vault PATH --case CASE [--quote TEXT] EVENT_OR_NOTE DOC#pN", "cite a page of a document as evidence for an event or note (DOC:N accepted too)", runLink},
		{"sender", "sender --vault PATH [--name NAME] [--address ADDRESS] [--email EMAIL]", "show or set the name and address letters are signed with", runSender},
		{"letter", letterUsage, "draft a letter from a case's record and findings, save it in the vault, and write it as PDF, DOCX or text", runLetter},
		{"bundle", "bundle --vault PATH --case CASE [--sections SPEC] [--leave-out-notes NOTE_ID,...] [--attach] [--redact SPEC [--redact-preview]] --out FILE.pdf", "build a paginated, indexed evidence bundle with a verifiable manifest", runBundle},
		{"chronology", "chronology --vault PATH --case CASE [--format csv|xlsx] [--as-of DATE] [--redact SPEC [--redact-preview]] --out FILE", "the case's events and notes in date order as a spreadsheet: who, fact status, sources, findings", runChronology},
		{"pack", "pack --vault PATH --case CASE [--recipient AGE_PUBLIC_KEY] [--redact SPEC [--redact-preview]] --out FILE.redress", "write the whole case (record, history, documents, letters) as one encrypted file to hand to a solicitor or advocate; with --redact, a redacted copy", runPack},
		{"authorities", authoritiesUsage, "build the authorities bundle: the statutes, regulations, guidance and cases the findings and letters cite, with the texts you imported and the ones you must add (also: redress authorities)", runAuthorities},
		{"verify", "verify [--checkpoint STRING] [--identity FILE] FILE.pdf|FILE.redress", "check a bundle, or a hand-over pack, against its record and a checkpoint (no vault needed)", runVerify},
		{"version", "version", "print the version", runVersion},
		{"help", "help [COMMAND]", "show this help, or a command's flags", runHelp},
	}
}

func lookup(name string) (command, bool) {
	for _, c := range commands() {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

// Main runs the command line with args (without the program name) and returns
// the exit code.
func Main(env *Env, args []string) int {
	if len(args) == 0 {
		if env.OpenDesktop == nil {
			return report(env, usagef("no command given; try \"redress help\""))
		}
		return report(env, env.OpenDesktop(""))
	}
	name := args[0]
	switch name {
	case "-h", "-help", "--help":
		name = "help"
	case "-v", "-version", "--version":
		name = "version"
	}
	c, ok := lookup(name)
	if !ok {
		names := make([]string, 0)
		for _, c := range commands() {
			names = append(names, c.name)
		}
		hint := ""
		if g := closest(name, names); g != "" {
			hint = fmt.Sprintf(" (did you mean %q?)", g)
		}
		return report(env, usagef("unknown command %q%s; \"redress help\" lists the commands", name, hint))
	}
	return report(env, c.run(env, args[1:]))
}

// usageError marks an error in the request itself (exit code 2).
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// silentExit is returned when a command has already said what it needs to.
type silentExit struct{ code int }

func (e *silentExit) Error() string { return fmt.Sprintf("exit %d", e.code) }

func report(env *Env, err error) int {
	if err == nil {
		return ExitOK
	}
	var se *silentExit
	if errors.As(err, &se) {
		return se.code
	}
	fmt.Fprintf(env.Stderr, "redress: %s\n", termMsg(Explain(err)))
	if isUsage(err) {
		return ExitUsage
	}
	return ExitFailure
}

func isUsage(err error) bool {
	var ue *usageError
	return errors.As(err, &ue) || isBadInput(err)
}

// newFlags returns a flag set that reports errors to us instead of exiting.
func newFlags(env *Env, name string) *flag.FlagSet {
	fs := flag.NewFlagSet("redress "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

// parse parses flags, turning flag errors into usage errors with the synopsis.
func parse(env *Env, fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			printFlags(env.Stdout, fs)
			return &silentExit{code: ExitOK}
		}
		return usagef("%v; see \"redress help %s\"", err, strings.TrimPrefix(fs.Name(), "redress "))
	}
	return nil
}

func printFlags(w io.Writer, fs *flag.FlagSet) {
	name := strings.TrimPrefix(fs.Name(), "redress ")
	if c, ok := lookup(name); ok {
		fmt.Fprintf(w, "usage: redress %s\n\n%s\n", c.usage, c.summary)
	}
	has := false
	fs.VisitAll(func(*flag.Flag) { has = true })
	if has {
		fmt.Fprintln(w, "\nflags:")
		fs.SetOutput(w)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
	}
	if fs.Lookup("redact") != nil {
		fmt.Fprintln(w, "\n--redact "+redact.SpecHelp)
	}
}

func runVersion(env *Env, args []string) error {
	fs := newFlags(env, "version")
	if err := parse(env, fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("version takes no arguments")
	}
	// "redress 0.1.0 (commit 3a30b99a1b2c, go1.26.8, linux/amd64)": the
	// release number first, then which build this is (assets.Build).
	fmt.Fprintf(env.Stdout, "redress %s\n", assets.Build())
	return nil
}

func runHelp(env *Env, args []string) error {
	if len(args) == 1 && args[0] != "-h" && args[0] != "help" {
		c, ok := lookup(args[0])
		if !ok {
			return usagef("unknown command %q", args[0])
		}
		// Each command prints its own flags when given -h.
		return c.run(env, []string{"-h"})
	}
	if len(args) > 1 || (len(args) == 1 && args[0] != "-h" && args[0] != "help") {
		return usagef("help takes at most one command name")
	}
	w := env.Stdout
	fmt.Fprintf(w, "Redress %s keeps a careful, encrypted record of dealings with children's services,\n", Version)
	fmt.Fprintln(w, "checks them against the statutory steps and timescales, and drafts letters and bundles.")
	fmt.Fprintln(w, "\nusage:")
	fmt.Fprintln(w, "  redress\n      open the desktop app")
	for _, c := range commands() {
		fmt.Fprintf(w, "  redress %s\n      %s\n", c.usage, c.summary)
	}
	fmt.Fprintln(w, "\n\"redress help COMMAND\" shows a command's flags. Flags come before other arguments.")
	fmt.Fprintln(w, "Exit status: 0 success, 1 something failed, 2 the request or its input was wrong.")
	return nil
}

func runOpen(env *Env, args []string) error {
	fs := newFlags(env, "open")
	identity := fs.String("identity", "", "open a hand-over pack with the age identity in `FILE` instead of a passphrase")
	if err := parse(env, fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("open needs one case file or pack: redress open CASE.json|FILE.redress")
	}
	path := fs.Arg(0)
	if _, err := os.Stat(path); err != nil {
		return usagef("cannot open %s: %v", path, plainIOError(err))
	}
	if isPack(path) {
		// Opened and checked here (the passphrase from
		// REDRESS_PACK_PASSPHRASE or a prompt, or --identity), then shown
		// read-only by the desktop, which needs no vault.
		if env.OpenPack == nil {
			return errors.New("this build has no desktop app; check the pack with \"redress verify\" instead")
		}
		p, err := openPack(env, path, *identity)
		if err != nil {
			return err
		}
		return env.OpenPack(p, filepath.Base(path))
	}
	if env.OpenDesktop == nil {
		return errors.New("this build has no desktop app")
	}
	return env.OpenDesktop(path)
}
