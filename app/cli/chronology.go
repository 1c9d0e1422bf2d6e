package cli

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/redress-app/redress/app/casework"
	"github.com/redress-app/redress/app/casework/chronology"
	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/checks"
	"github.com/redress-app/redress/store"
)

func runChronology(env *Env, args []string) error {
	fs := newFlags(env, "chronology")
	var co caseOut
	co.register(fs, "write the chronology to `FILE` (an existing file is refused without --force)")
	format := fs.String("format", "", "csv or xlsx (`FORMAT`; default: from the --out file's extension)")
	asOfFlag := fs.String("as-of", "", "run the checks for the findings column as of this `DATE` (YYYY-MM-DD; default today in England)")
	var rf redactFlags
	rf.register(fs)
	if err := parse(env, fs, args); err != nil {
		return err
	}
	if err := rf.check(); err != nil {
		return err
	}
	if err := co.vault.need("chronology"); err != nil {
		return err
	}
	if *co.out == "" {
		return usagef("chronology needs --out FILE.csv or FILE.xlsx")
	}
	f := strings.ToLower(*format)
	if f == "" {
		f = strings.TrimPrefix(strings.ToLower(filepath.Ext(*co.out)), ".")
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
	v, c, err := co.open(env, (*store.Vault).LoadCase)
	if err != nil {
		return err
	}
	defer v.Close()
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
	if err := co.write(env, buf.Bytes(), fmt.Sprintf("%d entries", len(rows))); err != nil {
		return err
	}
	return v.Close()
}
