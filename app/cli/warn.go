package cli

import (
	"context"
	"fmt"

	"github.com/redress-app/redress/app/casework"
	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/store"
)

// warnSharing prints, on standard error, what the law says about sharing
// information from care proceedings, when the case records them, or else the
// local confidentiality warning when it records a conference. It blocks
// nothing (casework.WarningBeforeSharing has the words).
func warnSharing(env *Env, v *store.Vault, caseID string) error {
	c, err := v.LoadCase(context.Background(), caseID)
	if err != nil {
		return err
	}
	warnSharingCase(env, c)
	return nil
}

// warnSharingCase is warnSharing for a case the command has already loaded,
// so that it is not read from the vault a second time.
func warnSharingCase(env *Env, c *casefile.Case) {
	if w, ok := casework.WarningBeforeSharing(c); ok {
		fmt.Fprintln(env.Stderr, w.Text())
	}
}
