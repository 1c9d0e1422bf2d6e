// Command redress is the Redress desktop app and command line. With no
// arguments it opens the desktop app; with a subcommand it runs the command
// line (see "redress help"). This file only wires the pieces together.
package main

import (
	"os"

	"github.com/redress-app/redress/app/cli"
	"github.com/redress-app/redress/app/ui"
)

func main() {
	desktop := func(path string) error { return ui.Run(path, cli.Version) }
	env := cli.OSEnv(desktop)
	env.OpenPack = ui.RunPack
	os.Exit(cli.Main(env, os.Args[1:]))
}
