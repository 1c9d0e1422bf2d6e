package cli

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/redress-app/redress/app/casework"
	"github.com/redress-app/redress/app/casework/chronology"
	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/checks"
)

func runChronology(env *Env, args []string) error {
	fs := newFlags(env, "chronology")
	var vf vaultFlags
	vf.register(fs)
	ref := fs.String("case", "", "the case: its `ID` or exact title")
	format := fs.String("format", "", "csv or xlsx (`FORMAT`; default: from the --out file's extension)")
	asOfFlag := fs.String("as-of", "", "run the checks for the findings column as of this `DATE` (YYYY-MM-DD; default today in England)")
	out := fs.String("out", "", "write the chronology to `FILE` (an existing file is refused without --force)")
	force := fs.Bool("force", false, "replace --out if it exists (never a vault or backup)")
	var rf redactFlags
	rf.register(fs)
	if err := parse(env, fs, args); err != nil {
		return err
	}
	if err := rf.check(); err != nil {
		return err
	}
	if err := vf.need("chronology"); err != nil {
		return err
	}
	if *out == "" {
		return usagef("chronology needs --out FILE.csv or FILE.xlsx")
	}
	f := strings.ToLower(*format)
	if f == "" {
		f = strings.TrimPrefix(strings.ToLower(filepath.Ext(*out)), ".")
	}
	if f != "csv" && f != "xlsx" {
		return usagef("--format must be csv or xlsx (or give --out a .csv or .xlsx name)")
	}
	asOf := casefile.Today(env.Now())
	if *asOfFlag != "" {
		d, err := casefile.ParseDate(*asOfFlag)
		if err != nil {
			return usagef("--as-of: %v", err)
		}
		asOf = d
	}
	if err := checkOut(*out, *force); err != nil {
		return err
	}
	v, ci, err := openCase(env, &vf, *ref)
	if err != nil {
		return err
	}
	defer v.Close()
	c, err := v.LoadCase(context.Background(), ci.ID)
	if err != nil {
		return err
	}
	warnSharingCase(env, c)
	rows := chronology.Build(c, checks.Default(), asOf)
	if rf.on() {
		red, err := rf.redactor(c)
		if err != nil {
			return err
		}
		var changes []casework.RedactChange
		if rows, changes = casework.RedactRows(red, rows); rf.showPreview(env, changes) {
			return v.Close()
		}
	}
	var buf bytes.Buffer
	if f == "csv" {
		err = chronology.WriteCSV(&buf, rows)
	} else {
		err = chronology.WriteXLSX(&buf, rows)
	}
	if err != nil {
		return err
	}
	if err := writeFileAtomic(*out, buf.Bytes(), *force); err != nil {
		return outError(*out, err)
	}
	fmt.Fprintf(env.Stderr, "wrote %s: %d entries (not encrypted: keep it safe)\n", *out, len(rows))
	return v.Close()
}
