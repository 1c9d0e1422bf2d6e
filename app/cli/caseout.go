package cli

import (
	"context"
	"flag"
	"fmt"

	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/store"
)

// caseOut is what the commands that write a case out of the vault into a
// file (case export, chronology) share: the vault's flags, --case, --out and
// --force; opening the case with the warning before sharing it; and writing
// the file, never over a vault, with the reminder that it is not encrypted.
type caseOut struct {
	vault vaultFlags
	ref   *string
	out   *string
	force *bool
}

// register adds the flags to fs; outUsage says what --out writes.
func (co *caseOut) register(fs *flag.FlagSet, outUsage string) {
	co.vault.register(fs)
	co.ref = fs.String("case", "", "the case: its `ID` or exact title")
	co.out = fs.String("out", "", outUsage)
	co.force = fs.Bool("force", false, "replace --out if it exists (never a vault or backup)")
}

// open refuses an --out it must not write, opens the vault and reads the
// case with read ((*store.Vault).LoadCase or ExportCase), then prints what the
// law allows to be shared when the case has proceedings. The caller closes
// the vault.
func (co *caseOut) open(env *Env, read func(*store.Vault, context.Context, string) (*casefile.Case, error)) (*store.Vault, *casefile.Case, error) {
	if err := checkOut(*co.out, *co.force); err != nil {
		return nil, nil, err
	}
	v, ci, err := openCase(env, &co.vault, *co.ref)
	if err != nil {
		return nil, nil, err
	}
	c, err := read(v, context.Background(), ci.ID)
	if err != nil {
		v.Close()
		return nil, nil, err
	}
	warnSharingCase(env, c)
	return v, c, nil
}

// write writes b to --out and says so on stderr, with what it holds when
// what is not "" ("12 entries").
func (co *caseOut) write(env *Env, b []byte, what string) error {
	if err := writeFileAtomic(*co.out, b, *co.force); err != nil {
		return outError(*co.out, err)
	}
	if what != "" {
		what = ": " + what
	}
	fmt.Fprintf(env.Stderr, "wrote %s%s (not encrypted: keep it safe)\n", *co.out, what)
	return nil
}
