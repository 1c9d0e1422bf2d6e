package cli

import (
	"context"
	"fmt"

	"github.com/redress-app/redress/app/casework"
	"github.com/redress-app/redress/store"
)

// warnSharing prints, on standard error, what the law says about sharing
// information from care proceedings, when the case records them. It blocks
// nothing (casework.SharingWarningFor has the words).
func warnSharing(env *Env, v *store.Vault, caseID string) error {
	c, err := v.LoadCase(context.Background(), caseID)
	if err != nil {
		return err
	}
	if w, ok := casework.SharingWarningFor(c); ok {
		fmt.Fprintln(env.Stderr, w.Text())
	}
	return nil
}
