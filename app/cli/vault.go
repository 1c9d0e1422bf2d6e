package cli

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
	_ "time/tzdata" // --occurred times are read in Europe/London on any machine

	"github.com/redress-app/redress/app/casework/pack"
	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/documents"
	"github.com/redress-app/redress/store"
	"golang.org/x/term"
)

// Passphrases come from --passphrase-file, then REDRESS_PASSPHRASE, then a
// prompt on the terminal with echo off. They are never echoed or logged.
const (
	envPassphrase    = "REDRESS_PASSPHRASE"
	envNewPassphrase = "REDRESS_NEW_PASSPHRASE"
)

// vaultFlags are the flags every vault command shares.
type vaultFlags struct {
	vault    string
	passFile string
}

func (vf *vaultFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&vf.vault, "vault", "", "the vault `folder`")
	fs.StringVar(&vf.passFile, "passphrase-file", "", "read the passphrase from the first line of `FILE` (else $"+envPassphrase+", else a prompt)")
}

func (vf *vaultFlags) need(cmd string) error {
	if vf.vault == "" {
		return usagef("%s needs --vault PATH; see \"redress help %s\"", cmd, strings.Fields(cmd)[0])
	}
	return nil
}

// readPassphrase gets a passphrase from file, the environment variable, or
// the terminal (asking twice when confirm is set).
func readPassphrase(env *Env, file, envVar, prompt string, confirm bool) ([]byte, error) {
	if file != "" {
		b, err := os.ReadFile(file)
		if err != nil {
			return nil, usagef("cannot read the passphrase file %s: %v", file, plainIOError(err))
		}
		line, _, _ := bytes.Cut(b, []byte("\n"))
		line = bytes.TrimSuffix(line, []byte("\r"))
		if len(line) == 0 {
			return nil, usagef("the passphrase file %s is empty", file)
		}
		return line, nil
	}
	if p := env.Getenv(envVar); p != "" {
		return []byte(p), nil
	}
	f, ok := env.Stdin.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return nil, usagef("no passphrase: set %s, use --passphrase-file FILE, or run this in a terminal", envVar)
	}
	ask := func(p string) ([]byte, error) {
		fmt.Fprint(env.Stderr, p)
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(env.Stderr)
		if err != nil {
			return nil, fmt.Errorf("read passphrase: %w", err)
		}
		return b, nil
	}
	p, err := ask(prompt)
	if err != nil {
		return nil, err
	}
	if len(p) == 0 {
		return nil, usagef("the passphrase is empty")
	}
	if confirm {
		again, err := ask("Type it again: ")
		if err != nil {
			return nil, err
		}
		if !bytes.Equal(p, again) {
			return nil, usagef("the two passphrases are different; nothing was changed")
		}
	}
	return p, nil
}

func openVault(env *Env, vf *vaultFlags) (*store.Vault, error) {
	pass, err := readPassphrase(env, vf.passFile, envPassphrase, "Passphrase for "+vf.vault+": ", false)
	if err != nil {
		return nil, err
	}
	defer clear(pass)
	v, err := store.Open(context.Background(), vf.vault, pass)
	if err != nil {
		return nil, err
	}
	if ro, why := v.ReadOnly(); ro {
		fmt.Fprintf(env.Stderr, "note: this vault is read-only (%s): it can be read, searched, exported, backed up and verified, but nothing can be changed in it.\n", why)
	}
	return v, nil
}

// openCase opens the vault and finds the case --case names in it. On an
// error the vault is closed again.
func openCase(env *Env, vf *vaultFlags, ref string) (*store.Vault, store.CaseInfo, error) {
	v, err := openVault(env, vf)
	if err != nil {
		return nil, store.CaseInfo{}, err
	}
	ci, err := findCase(v, ref)
	if err != nil {
		v.Close()
		return nil, store.CaseInfo{}, err
	}
	return v, ci, nil
}

// findCase resolves --case (an ID or an exact title).
func findCase(v *store.Vault, ref string) (store.CaseInfo, error) {
	if ref == "" {
		return store.CaseInfo{}, usagef("--case is needed: a case ID or its exact title (\"redress case list\" shows them)")
	}
	ci, err := v.FindCase(context.Background(), ref)
	if errors.Is(err, casefile.ErrNotFound) {
		return ci, fmt.Errorf("%w; \"redress case list\" shows the cases", err)
	}
	return ci, err
}

// runSub dispatches "redress NAME SUB ...".
func runSub(env *Env, name string, args []string, subs map[string]func(*Env, []string) error) error {
	names := slices.Sorted(func(yield func(string) bool) {
		for k := range subs {
			if !yield(k) {
				return
			}
		}
	})
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "-help" {
		c, _ := lookup(name)
		fmt.Fprintf(env.Stdout, "usage: redress %s\n\n%s\n\n\"redress %s SUBCOMMAND -h\" shows a subcommand's flags.\n", c.usage, c.summary, name)
		if len(args) == 0 {
			return usagef("%s needs a subcommand: %s", name, strings.Join(names, ", "))
		}
		return nil
	}
	f, ok := subs[args[0]]
	if !ok {
		hint := ""
		if g := closest(args[0], names); g != "" {
			hint = fmt.Sprintf(" (did you mean %q?)", g)
		}
		return usagef("unknown %s subcommand %q%s; try %s", name, args[0], hint, strings.Join(names, ", "))
	}
	return f(env, args[1:])
}

func runVault(env *Env, args []string) error {
	return runSub(env, "vault", args, map[string]func(*Env, []string) error{
		"create": vaultCreate, "verify": vaultVerify, "backup": vaultBackup,
		"restore": vaultRestore, "passwd": vaultPasswd,
	})
}

func vaultCreate(env *Env, args []string) error {
	fs := newFlags(env, "vault create")
	var vf vaultFlags
	vf.register(fs)
	if err := parse(env, fs, args); err != nil {
		return err
	}
	if err := vf.need("vault create"); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("vault create takes no arguments after its flags")
	}
	fmt.Fprintln(env.Stderr, "Nobody can recover a forgotten passphrase, not even Redress. Keep it somewhere safe.")
	pass, err := readPassphrase(env, vf.passFile, envPassphrase, "New passphrase for "+vf.vault+": ", true)
	if err != nil {
		return err
	}
	defer clear(pass)
	v, err := store.Create(context.Background(), vf.vault, pass)
	if err != nil {
		return err
	}
	defer v.Close()
	fmt.Fprintf(env.Stdout, "created vault %s\n", vf.vault)
	return v.Close()
}

func vaultVerify(env *Env, args []string) error {
	fs := newFlags(env, "vault verify")
	var vf vaultFlags
	vf.register(fs)
	if err := parse(env, fs, args); err != nil {
		return err
	}
	if err := vf.need("vault verify"); err != nil {
		return err
	}
	v, err := openVault(env, &vf)
	if err != nil {
		return err
	}
	defer v.Close()
	ctx := context.Background()
	if err := v.Verify(ctx); err != nil {
		return err
	}
	cases, err := v.Cases(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "vault %s verifies: %d cases; every record, chain and document checked\n", vf.vault, len(cases))
	for _, c := range cases {
		cp, err := v.Checkpoint(c.ID)
		if err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "%s\t%s\t%s\n", c.ID, cp, safe(c.Title))
	}
	return v.Close()
}

func vaultBackup(env *Env, args []string) error {
	fs := newFlags(env, "vault backup")
	var vf vaultFlags
	vf.register(fs)
	out := fs.String("out", "", "write the backup to `FILE` (it must not exist)")
	if err := parse(env, fs, args); err != nil {
		return err
	}
	if err := vf.need("vault backup"); err != nil {
		return err
	}
	if *out == "" {
		return usagef("vault backup needs --out FILE")
	}
	if err := checkOut(*out, false); err != nil {
		return err
	}
	v, err := openVault(env, &vf)
	if err != nil {
		return err
	}
	defer v.Close()
	if err := v.Backup(context.Background(), *out); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "backed up %s to %s (verified)\n", vf.vault, *out)
	return v.Close()
}

func vaultRestore(env *Env, args []string) error {
	fs := newFlags(env, "vault restore")
	var vf vaultFlags
	vf.register(fs)
	from := fs.String("from", "", "the backup `FILE` to restore")
	if err := parse(env, fs, args); err != nil {
		return err
	}
	if err := vf.need("vault restore"); err != nil {
		return err
	}
	if *from == "" {
		return usagef("vault restore needs --from FILE")
	}
	pass, err := readPassphrase(env, vf.passFile, envPassphrase, "Passphrase of the backup: ", false)
	if err != nil {
		return err
	}
	defer clear(pass)
	if err := store.Restore(context.Background(), *from, vf.vault, pass); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "restored %s into %s (verified)\n", *from, vf.vault)
	return nil
}

func vaultPasswd(env *Env, args []string) error {
	fs := newFlags(env, "vault passwd")
	var vf vaultFlags
	vf.register(fs)
	newFile := fs.String("new-passphrase-file", "", "read the new passphrase from `FILE` (else $"+envNewPassphrase+", else a prompt)")
	if err := parse(env, fs, args); err != nil {
		return err
	}
	if err := vf.need("vault passwd"); err != nil {
		return err
	}
	old, err := readPassphrase(env, vf.passFile, envPassphrase, "Current passphrase: ", false)
	if err != nil {
		return err
	}
	defer clear(old)
	next, err := readPassphrase(env, *newFile, envNewPassphrase, "New passphrase: ", true)
	if err != nil {
		return err
	}
	defer clear(next)
	ctx := context.Background()
	v, err := store.Open(ctx, vf.vault, old)
	if err != nil {
		return err
	}
	defer v.Close()
	if err := v.ChangePassphrase(ctx, old, next); err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, "passphrase changed; the old one no longer opens the vault (backups keep the passphrase they were made with)")
	return v.Close()
}

func runCase(env *Env, args []string) error {
	return runSub(env, "case", args, map[string]func(*Env, []string) error{
		"list": caseList, "import": caseImport, "export": caseExport,
	})
}

func caseList(env *Env, args []string) error {
	fs := newFlags(env, "case list")
	var vf vaultFlags
	vf.register(fs)
	if err := parse(env, fs, args); err != nil {
		return err
	}
	if err := vf.need("case list"); err != nil {
		return err
	}
	v, err := openVault(env, &vf)
	if err != nil {
		return err
	}
	defer v.Close()
	cases, err := v.Cases(context.Background())
	if err != nil {
		return err
	}
	for _, c := range cases {
		if c.Err != nil {
			fmt.Fprintf(env.Stdout, "%s\t(cannot be read)\n", c.ID)
			fmt.Fprintf(env.Stderr, "redress: case %s: %s\n", c.ID, termMsg(Explain(c.Err)))
			continue
		}
		fmt.Fprintf(env.Stdout, "%s\t%s\n", c.ID, safe(c.Title))
	}
	return v.Close()
}

func caseImport(env *Env, args []string) error {
	fs := newFlags(env, "case import")
	var vf vaultFlags
	vf.register(fs)
	identity := fs.String("identity", "", "a pack for an age key: the age identity `FILE` (else the pack's passphrase from $"+envPackPassphrase+" or a prompt)")
	if err := parse(env, fs, args); err != nil {
		return err
	}
	if err := vf.need("case import"); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("case import needs one case file or pack: redress case import --vault PATH CASE.json|FILE.redress")
	}
	if isPack(fs.Arg(0)) {
		return importPack(env, &vf, fs.Arg(0), *identity)
	}
	c, err := casefile.ReadFile(fs.Arg(0))
	if err != nil {
		var pe *os.PathError
		if !errors.Is(err, casefile.ErrInvalidCase) && errors.As(err, &pe) {
			return usagef("cannot read %s: %s", fs.Arg(0), plainIOError(err))
		}
		return err
	}
	v, err := openVault(env, &vf)
	if err != nil {
		return err
	}
	defer v.Close()
	ci, err := v.ImportCase(context.Background(), c)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "%s\t%s\n", ci.ID, safe(ci.Title))
	return v.Close()
}

func caseExport(env *Env, args []string) error {
	fs := newFlags(env, "case export")
	var co caseOut
	co.register(fs, "write the case file to `FILE` (default: standard output; an existing file is refused without --force)")
	if err := parse(env, fs, args); err != nil {
		return err
	}
	if err := co.vault.need("case export"); err != nil {
		return err
	}
	v, c, err := co.open(env, (*store.Vault).ExportCase)
	if err != nil {
		return err
	}
	defer v.Close()
	b, err := casefile.Marshal(c)
	if err != nil {
		return err
	}
	if *co.out == "" {
		_, err = env.Stdout.Write(b)
		return err
	}
	if err := co.write(env, b, ""); err != nil {
		return err
	}
	return v.Close()
}

// writeFileAtomic writes b to path through a temporary file in the same
// folder, fsynced and renamed, readable only by the user. Without force it
// never replaces an existing file.
func writeFileAtomic(path string, b []byte, force bool) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = f.Write(b)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = placeFile(tmp, path, force)
	}
	if err != nil {
		os.Remove(tmp)
	}
	return err
}

func runNote(env *Env, args []string) error {
	return runSub(env, "note", args, map[string]func(*Env, []string) error{"add": noteAdd})
}

// london is England's zone, where --occurred is read and times are printed.
var london = casefile.London

// parseOccurred reads --occurred: RFC 3339, or a date and time (or a date)
// in Europe/London.
func parseOccurred(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	for _, layout := range []string{"2006-01-02T15:04", "2006-01-02 15:04", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, s, london); err == nil {
			return t, nil
		}
	}
	return time.Time{}, usagef("--occurred %q is not a time such as 2026-03-02T10:15, \"2026-03-02 10:15\", 2026-03-02 or 2026-03-02T10:15:00Z", s)
}

func noteAdd(env *Env, args []string) error {
	fs := newFlags(env, "note add")
	var vf vaultFlags
	vf.register(fs)
	ref := fs.String("case", "", "the case: its `ID` or exact title")
	occurred := fs.String("occurred", "", "when it happened (`TIME`: 2026-03-02T10:15, a date, or RFC 3339; default now)")
	kind := fs.String("kind", "", "call, visit, meeting, letter, email or observation")
	if err := parse(env, fs, args); err != nil {
		return err
	}
	if err := vf.need("note add"); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usagef("note add needs the note's text (or - to read it from standard input)")
	}
	text := strings.Join(fs.Args(), " ")
	if text == "-" {
		b, err := io.ReadAll(bufio.NewReader(env.Stdin))
		if err != nil {
			return fmt.Errorf("read the note: %w", err)
		}
		text = strings.TrimRight(string(b), "\n")
	}
	if strings.TrimSpace(text) == "" {
		return usagef("the note is empty")
	}
	n := casefile.Note{Text: text, Kind: casefile.NoteKind(*kind)}
	if *kind != "" && !slices.Contains(casefile.NoteKinds, n.Kind) {
		return usagef("--kind %q is not one of call, visit, meeting, letter, email, observation", *kind)
	}
	if *occurred != "" {
		t, err := parseOccurred(*occurred)
		if err != nil {
			return err
		}
		n.Occurred = t
	}
	v, ci, err := openCase(env, &vf, *ref)
	if err != nil {
		return err
	}
	defer v.Close()
	ctx := context.Background()
	c, err := v.LoadCase(ctx, ci.ID)
	if err != nil {
		return err
	}
	// In a case added from a hand-over pack, the receiver's note gets an ID
	// of its own ("own-1"), never one a newer pack of the family's could bring.
	if n.ID, err = pack.NoteIDFor(ctx, v, ci.ID, c); err != nil {
		return err
	}
	id, err := v.AddNote(ctx, ci.ID, n)
	if err != nil {
		return err
	}
	c, err = v.LoadCase(ctx, ci.ID)
	if err != nil {
		return err
	}
	for _, saved := range c.Notes {
		if saved.ID == id {
			fmt.Fprintf(env.Stdout, "%s\trecorded %s\n", id, saved.Recorded.In(london).Format("2 January 2006 15:04"))
		}
	}
	return v.Close()
}

func runImport(env *Env, args []string) error {
	fs := newFlags(env, "import")
	var vf vaultFlags
	vf.register(fs)
	ref := fs.String("case", "", "the case: its `ID` or exact title")
	source := fs.String("source", "", "who the files came from, e.g. `council`, family, school (bundles sort documents by it)")
	dateFlag := fs.String("date", "", "the documents' own `DATE` (YYYY-MM-DD), e.g. the date on a letter")
	if err := parse(env, fs, args); err != nil {
		return err
	}
	if err := vf.need("import"); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usagef("import needs at least one file: redress import --vault PATH --case CASE FILE...")
	}
	info := store.DocumentInfo{Source: *source}
	if *dateFlag != "" {
		d, err := casefile.ParseDate(*dateFlag)
		if err != nil {
			return usagef("--date: %v", err)
		}
		info.Date = d
	}
	for _, name := range fs.Args() {
		if st, err := os.Stat(name); err != nil {
			return usagef("cannot import %s: %s", name, plainIOError(err))
		} else if st.IsDir() {
			return usagef("cannot import %s: it is a folder", name)
		}
	}
	v, ci, err := openCase(env, &vf, *ref)
	if err != nil {
		return err
	}
	defer v.Close()
	r := documents.New(documents.Options{})
	defer r.Close()
	for _, name := range fs.Args() {
		if err := importOne(env, r, v, ci.ID, name, info); err != nil {
			return err
		}
	}
	return v.Close()
}

func importOne(env *Env, r *documents.Reader, v *store.Vault, caseID, name string, info store.DocumentInfo) error {
	f, err := os.Open(name)
	if err != nil {
		return fmt.Errorf("import %s: %s", name, plainIOError(err))
	}
	defer f.Close()
	info.Name = filepath.Base(name)
	if info.ID == "" {
		// In a case added from a pack, the receiver's document is their own.
		if info.ID, err = pack.OwnIDFor(context.Background(), v, caseID); err != nil {
			return err
		}
	}
	d, err := v.ImportDocument(context.Background(), caseID, f, info)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "%s\t%s\t%s\t%d bytes\t%s\n", d.ID, d.SHA256, safe(d.Type), d.Size, safe(d.Name))
	return readImported(env, r, v, caseID, d)
}

func runSearch(env *Env, args []string) error {
	fs := newFlags(env, "search")
	var vf vaultFlags
	vf.register(fs)
	ref := fs.String("case", "", "search only this case (its `ID` or exact title); without it every case is searched, and a case that cannot be read is named and makes the exit status 1")
	if err := parse(env, fs, args); err != nil {
		return err
	}
	if err := vf.need("search"); err != nil {
		return err
	}
	query := strings.Join(fs.Args(), " ")
	if strings.TrimSpace(query) == "" {
		return usagef("search needs words to look for")
	}
	v, err := openVault(env, &vf)
	if err != nil {
		return err
	}
	defer v.Close()
	caseID := ""
	if *ref != "" {
		ci, err := findCase(v, *ref)
		if err != nil {
			return err
		}
		caseID = ci.ID
	}
	hits, err := v.Search(context.Background(), query, caseID)
	if err != nil {
		return err
	}
	for _, h := range hits {
		fmt.Fprintf(env.Stdout, "%s\t%s\t%s\t%s\t%s\n", h.CaseID, h.Type, safe(hitRef(h)), h.Date, safe(h.Snippet))
	}
	// A case that does not verify cannot be searched. Its hits are missing,
	// so the search is incomplete: name it and exit 1 rather than let fewer
	// hits pass for all of them.
	var skipped []string
	if caseID == "" {
		cases, err := v.Cases(context.Background())
		if err != nil {
			return err
		}
		for _, c := range cases {
			if c.Err != nil {
				skipped = append(skipped, c.ID)
				fmt.Fprintf(env.Stderr, "redress: case %s could not be searched: %s\n", c.ID, termMsg(Explain(c.Err)))
			}
		}
	}
	if len(hits) == 0 {
		fmt.Fprintln(env.Stderr, "nothing matches")
	}
	if err := v.Close(); err != nil {
		return err
	}
	if len(skipped) > 0 {
		what, them := plural(len(skipped), "case could", "cases could"), "them"
		if len(skipped) == 1 {
			them = "it"
		}
		fmt.Fprintf(env.Stderr, "redress: the search is incomplete: %s not be searched (%s). Restore %s from a backup.\n",
			what, strings.Join(skipped, ", "), them)
		return &silentExit{code: ExitFailure}
	}
	return nil
}
