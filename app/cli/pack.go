package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/redress-app/redress/app/casework"
	"github.com/redress-app/redress/app/casework/pack"
	"github.com/redress-app/redress/documents"
)

// The pack's passphrase: from REDRESS_PACK_PASSPHRASE, else a prompt.
const envPackPassphrase = "REDRESS_PACK_PASSPHRASE"

// packWorkFactor is the scrypt work factor of passphrase packs; 0 is age's
// default. Tests lower it.
var packWorkFactor = 0

func runPack(env *Env, args []string) error {
	fs := newFlags(env, "pack")
	var vf vaultFlags
	vf.register(fs)
	ref := fs.String("case", "", "the case: its `ID` or exact title")
	out := fs.String("out", "", "write the pack to `FILE.redress` (an existing file is refused without --force)")
	force := fs.Bool("force", false, "replace --out if it exists (never a vault or backup)")
	rcp := fs.String("recipient", "", "encrypt to this age public `KEY` (age1...) instead of a passphrase")
	var rf redactFlags
	rf.register(fs)
	if err := parse(env, fs, args); err != nil {
		return err
	}
	if err := vf.need("pack"); err != nil {
		return err
	}
	if err := rf.check(); err != nil {
		return err
	}
	if *out == "" && !*rf.preview {
		return usagef("pack needs --out FILE.redress")
	}
	if !*rf.preview {
		if err := checkOut(*out, *force); err != nil {
			return err
		}
	}
	opt := pack.Options{Recipient: strings.TrimSpace(*rcp), Now: env.Now(), WorkFactor: packWorkFactor}
	v, ci, err := openCase(env, &vf, *ref)
	if err != nil {
		return err
	}
	defer v.Close()
	if err := warnSharing(env, v, ci.ID); err != nil {
		return err
	}
	var pr *casework.PackRedacter
	if rf.on() {
		c, err := v.LoadCase(context.Background(), ci.ID)
		if err != nil {
			return err
		}
		red, err := rf.redactor(c)
		if err != nil {
			return err
		}
		r := documents.New(documents.Options{})
		defer r.Close()
		pr = &casework.PackRedacter{Redactor: red, Reader: r, Vault: v, Case: ci.ID}
		if *rf.preview {
			if _, err := pack.Redact(context.Background(), v, ci.ID, pr); err != nil {
				return err
			}
			rf.showPreview(env, pr.PreviewChanges())
			return v.Close()
		}
		opt.Redact = pr
	}
	if opt.Recipient == "" {
		pass, err := readPassphrase(env, "", envPackPassphrase, "Passphrase for the pack (the person you send it to will need it): ", true)
		if err != nil {
			return err
		}
		defer clear(pass)
		opt.Passphrase = pass
		fmt.Fprintln(env.Stderr, passphraseAdvice(pass))
	}
	f, err := os.CreateTemp(filepath.Dir(*out), "."+filepath.Base(*out)+".tmp-*")
	if err != nil {
		return outError(*out, err)
	}
	tmp := f.Name()
	m, err := pack.Write(context.Background(), f, v, ci.ID, opt)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = placeFile(tmp, *out, *force)
	}
	if err != nil {
		os.Remove(tmp)
		if errors.Is(err, errOutExists) || isIOError(err) {
			return outError(*out, err)
		}
		return err
	}
	fmt.Fprintf(env.Stdout, "Wrote %s: the case %q, %s, %s, encrypted.\n", *out, safe(m.Title), plural(m.Records, "record", "records"), plural(len(m.Documents), "document", "documents"))
	printCopy(env.Stdout, m, pr)
	fmt.Fprintf(env.Stdout, "Checkpoint: %s\nRead the checkpoint out to the person you send it to (by phone, not in the same email): \"redress verify --checkpoint %s %s\" proves it is your record up to then.\n", m.Checkpoint, m.Checkpoint, filepath.Base(*out))
	if opt.Recipient != "" {
		fmt.Fprintln(env.Stdout, "Only the holder of that age key can open it.")
	}
	return v.Close()
}

// isIOError reports whether err came from the file system rather than the
// vault or the pack.
func isIOError(err error) bool {
	var pe *os.PathError
	return errors.As(err, &pe)
}

// passphraseAdvice says how strong a pack passphrase is, roughly, and how to
// pass it on (pack.PassphraseStrength: the desktop's share dialog says the
// same words).
func passphraseAdvice(p []byte) string {
	return "Passphrase strength: " + pack.PassphraseStrength(p).Words() + ".\n" + pack.SendSeparately
}

// packKey gets the key to open a pack: an age identity file, else a
// passphrase from REDRESS_PACK_PASSPHRASE or a prompt.
func packKey(env *Env, identity string) (pack.Key, error) {
	if identity != "" {
		b, err := os.ReadFile(identity)
		if err != nil {
			return pack.Key{}, usagef("cannot read the identity file %s: %s", identity, plainIOError(err))
		}
		return pack.Key{Identities: string(b)}, nil
	}
	pass, err := readPassphrase(env, "", envPackPassphrase, "Passphrase of the pack: ", false)
	if err != nil {
		return pack.Key{}, err
	}
	return pack.Key{Passphrase: pass}, nil
}

// isPack reports whether the file at path is an age file, as a pack is.
func isPack(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 32)
	n, _ := io.ReadFull(f, head)
	return pack.Encrypted(head[:n])
}

// openPack opens and checks the pack at path, with plain messages.
func openPack(env *Env, path, identity string, checkpoints ...string) (*pack.Pack, error) {
	key, err := packKey(env, identity)
	if err != nil {
		return nil, err
	}
	defer clear(key.Passphrase)
	f, err := os.Open(path)
	if err != nil {
		return nil, usagef("cannot open %s: %s", path, plainIOError(err))
	}
	defer f.Close()
	p, err := pack.Open(f, key, checkpoints...)
	switch {
	case err == nil:
		return p, nil
	case errors.Is(err, pack.ErrWrongKey):
		if identity != "" {
			return nil, fmt.Errorf("%s cannot be opened with the identity in %s: it was encrypted for someone else's key (or re-encrypted since). Ask the family to make it again for your key", path, identity)
		}
		return nil, fmt.Errorf("%s cannot be opened with that passphrase: the passphrase is wrong, or the pack was encrypted for a key, not a passphrase (then use --identity FILE)", path)
	case errors.Is(err, pack.ErrDamaged):
		return nil, fmt.Errorf("REFUSED: %s is damaged or was changed after it was made (%v). Nothing in it was used; ask the family for a new copy", path, err)
	}
	return nil, fmt.Errorf("REFUSED: %s does not verify: %w. Nothing in it was used; ask the family for a new copy", path, err)
}

// verifyPack is redress verify for a pack.
func verifyPack(env *Env, path, identity, given string) error {
	p, err := openPack(env, path, identity, given)
	if err != nil {
		fmt.Fprintf(env.Stderr, "redress: %s\n", safe(err.Error()))
		if isUsage(err) {
			return &silentExit{code: ExitNotBundle}
		}
		return &silentExit{code: ExitChanged}
	}
	w := env.Stdout
	m := p.Manifest
	fmt.Fprintf(w, "Pack: %s\n", safe(m.Title))
	fmt.Fprintf(w, "Case: %s (%s)\nMade: %s; %s, %s, %s, %s, %s\n", safe(m.Case), safe(m.Authority), safe(m.Created), plural(m.Records, "record", "records"), plural(len(p.Case.Events), "event", "events"), plural(len(p.Case.Notes), "note", "notes"), plural(len(m.Documents), "document", "documents"), plural(len(p.Letters), "letter", "letters"))
	fmt.Fprintf(w, "Record checkpoint: %s\n", m.Checkpoint)
	if p.RedactedCopy() || p.LeftOut() > 0 {
		return verifyCopy(w, p, given)
	}
	fmt.Fprintf(w, "OK: the pack opened intact, and every one of its %d records verifies: each hash recomputes and links to the one before.\n", m.Records)
	withBytes := 0
	for _, d := range m.Documents {
		if d.Bytes {
			withBytes++
		}
	}
	fmt.Fprintf(w, "OK: %s the SHA-256 the record commits to (%d described without their bytes).\n",
		plural(withBytes, "document has", "documents have"), len(m.Documents)-withBytes)
	if given != "" {
		fmt.Fprintf(w, "OK: the checkpoint you gave, %s, matches this record: it is the family's record at least up to then.\n", given)
	} else {
		fmt.Fprintln(w, "Compare the record checkpoint above with one the family read out to you, or run again with --checkpoint STRING.")
	}
	return nil
}

// importPack is redress case import for a pack.
func importPack(env *Env, vf *vaultFlags, path, identity string) error {
	p, err := openPack(env, path, identity)
	if err != nil {
		return err
	}
	v, err := openVault(env, vf)
	if err != nil {
		return err
	}
	defer v.Close()
	res, err := pack.Import(context.Background(), v, p, filepath.Base(path), env.Now())
	if err != nil {
		if errors.Is(err, pack.ErrOlder) || errors.Is(err, pack.ErrRedactedCopy) {
			return usagef("%s", err.Error())
		}
		return err
	}
	w := env.Stdout
	fmt.Fprintf(w, "%s\t%s\n", res.Case.ID, safe(res.Case.Title))
	if res.Updated {
		fmt.Fprintf(env.Stderr, "Updated your copy from checkpoint %s to %s.\n", res.Before, p.Manifest.Checkpoint)
		if len(res.Changes) == 0 {
			fmt.Fprintln(env.Stderr, "Nothing changed: the family's record is as it was.")
		}
	} else {
		fmt.Fprintf(env.Stderr, "Added the family's case from %s at checkpoint %s. Your own notes in this copy are kept apart from the family's record.\n", filepath.Base(path), p.Manifest.Checkpoint)
	}
	if res.Updated {
		for _, c := range res.Changes {
			line := fmt.Sprintf("  %s %s %s", c.What, c.Type, c.ID)
			if c.Why != "" {
				line += ": " + c.Why
			}
			fmt.Fprintln(env.Stderr, safe(line))
		}
	}
	return v.Close()
}

// CopyMade is how a copy's first line reads, on the command line and in the
// desktop's read-only window (casework.CopyWords says the rest).
func copyMade(m pack.Manifest) string {
	return casework.CopyHeadline(m)
}

// printCopy says, after writing a pack, what kind of copy it is.
func printCopy(w io.Writer, m *pack.Manifest, pr *casework.PackRedacter) {
	if m.Redaction != nil {
		r := m.Redaction
		fmt.Fprintf(w, "REDACTED COPY: words were taken out of %s and %s (the record in your vault is not changed).\n",
			plural(len(r.Records), "record", "records"), plural(len(r.Documents), "document", "documents"))
		if len(r.Withheld) > 0 {
			fmt.Fprintf(w, "Left out of the pack, because they could not be redacted: %s. Their descriptions are in it, redacted.\n", plural(len(r.Withheld), "document", "documents"))
			if pr != nil {
				for _, line := range pr.Withheld() {
					fmt.Fprintf(w, "  %s\n", safe(line))
				}
			}
		}
		fmt.Fprintln(w, "It cannot be added to a vault as your record; the checkpoint below still proves which record it was made from.")
	}
	if len(m.LeftOut) > 0 {
		fmt.Fprintf(w, "Your own notes in this copy (%s) are left out: the pack holds only the family's record.\n", plural(len(m.LeftOut), "record", "records"))
	}
}

// verifyCopy is redress verify for a copy: a redacted copy, or one with a
// receiver's notes left out.
func verifyCopy(w io.Writer, p *pack.Pack, given string) error {
	m := p.Manifest
	fmt.Fprintln(w, safe(copyMade(m)))
	fmt.Fprintln(w, "OK: the pack opened intact: its encryption authenticates every byte, so nothing in it was changed after it was made.")
	withheld := len(m.LeftOut)
	if m.Redaction != nil {
		withheld += len(m.Redaction.Records)
	}
	fmt.Fprintf(w, "OK: the chain of hashes of all %d records verifies (each hash recomputes and links to the one before), and the content of the %d records not changed is exactly the family's.\n", m.Records, m.Records-withheld)
	if m.Redaction != nil {
		fmt.Fprintf(w, "REDACTED, not tampered with: %s hold the redacted copy of their content, and %s their redacted rendering; these are checked as the copy they are, not against the record.\n",
			plural(len(m.Redaction.Records), "record", "records"), plural(len(m.Redaction.Documents), "document", "documents"))
		if n := len(m.Redaction.Withheld); n > 0 {
			fmt.Fprintf(w, "Not in the pack: the bytes of %s that could not be redacted.\n", plural(n, "document", "documents"))
		}
	}
	if n := len(m.LeftOut); n > 0 {
		fmt.Fprintf(w, "Left out: %s of notes written by someone who received the family's record, not by the family.\n", plural(n, "record", "records"))
	}
	if given != "" {
		fmt.Fprintf(w, "OK: the checkpoint you gave, %s, matches the chain: this copy was made from the family's record at least up to then.\n", given)
	} else {
		fmt.Fprintln(w, "Compare the record checkpoint above with one the family read out to you, or run again with --checkpoint STRING.")
	}
	return nil
}
