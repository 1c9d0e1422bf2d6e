package cli

import (
	"context"
	"flag"
	"fmt"
	"strings"

	"github.com/redress-app/redress/app/casework"
)

// runSender shows or sets the name, address and email that letters are
// signed with (kept in the vault, encrypted, like the desktop app's "Your
// details for letters").
func runSender(env *Env, args []string) error {
	fs := newFlags(env, "sender")
	var vf vaultFlags
	vf.register(fs)
	name := fs.String("name", "", "your full `NAME`, as you sign letters")
	address := fs.String("address", "", "your postal `ADDRESS`: lines separated by commas or new lines")
	email := fs.String("email", "", "an `EMAIL` address the council can reply to (optional; \"-\" removes it)")
	if err := parse(env, fs, args); err != nil {
		return err
	}
	if err := vf.need("sender"); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("sender takes no arguments besides its flags (got %q)", fs.Arg(0))
	}
	v, err := openVault(env, &vf)
	if err != nil {
		return err
	}
	defer v.Close()
	ctx := context.Background()
	s, err := casework.LoadSender(ctx, v)
	if err != nil {
		return err
	}
	set := false
	fs.Visit(func(f *flag.Flag) {
		switch f.Name {
		case "name":
			s.Name, set = strings.TrimSpace(*name), true
		case "address":
			s.Address, set = addressLines(*address), true
		case "email":
			s.Email, set = strings.TrimSpace(*email), true
			if s.Email == "-" {
				s.Email = ""
			}
		}
	})
	if set {
		if err := casework.SaveSender(ctx, v, s); err != nil {
			return err
		}
	}
	show := func(label, val string) {
		if val == "" {
			val = "(not set)"
		}
		fmt.Fprintf(env.Stdout, "%-8s %s\n", label+":", safe(strings.ReplaceAll(val, "\n", ", ")))
	}
	show("Name", s.Name)
	show("Address", s.Address)
	show("Email", s.Email)
	return v.Close()
}

// addressLines turns "22 Linden Row, Example City, EC2 3CD" (or the same on
// several lines) into one line per part.
func addressLines(s string) string {
	var lines []string
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '\n' }) {
		if p := strings.TrimSpace(part); p != "" {
			lines = append(lines, p)
		}
	}
	return strings.Join(lines, "\n")
}
