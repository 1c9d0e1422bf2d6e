package authorities

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	"github.com/redress-app/redress/casefile"
	"github.com/redress-app/redress/letters"
	"github.com/redress-app/redress/letters/bundle"
)

// line is one paragraph of the table of authorities: the model both the PDF
// and IndexText are drawn from, so that the golden text is what is printed.
type line struct {
	kind  lineKind
	text  string
	right string // an entry's pages, printed at the right of its heading
	url   string // a line that is a link
}

type lineKind int

const (
	lTitle   lineKind = iota + 1 // the bundle's title
	lLabel                       // the small capitals above it
	lFact                        // "Case: ..."
	lPara                        // a paragraph of explanation
	lHeading                     // a group: "Statutes"
	lEntry                       // an authority's number and citation
	lKey                         // its key and legal status
	lPlace                       // a place in it relied on
	lDetail                      // the URL, status or what relies on it
	lText                        // where its text is
	lMustAdd                     // that the user must add its text
)

// Words printed in the table, which tests and the command line look for.
const (
	MustAddWords  = "YOU MUST ADD ITS TEXT"
	TableTitle    = "Table of authorities"
	howHeading    = "How to add an authority’s text"
	citedHeading  = "Authorities you imported that nothing in the record cites"
	notVerifiedOK = "Verified places are marked as such; a paragraph number marked “not verified”, and any place marked unverified, must be checked against the authority before it is relied on."
)

// HowToAdd says how the user adds an authority's text, for the table and the
// command line: caseRef is how the command line names the case.
func HowToAdd(caseRef string) string {
	if caseRef == "" {
		caseRef = "CASE"
	}
	return "Redress has no internet connection: it includes only the texts you have imported. " +
		"Save the authority as a PDF, or its web page as HTML, from the official publisher " +
		"(legislation.gov.uk for Acts and regulations, gov.uk for government guidance, the National Archives’ " +
		"Find Case Law or BAILII for judgments). Then import it into this case with its source set to authority:KEY " +
		"(KEY as given below): on the command line, redress import --vault VAULT --case " + caseRef +
		" --source authority:KEY FILE; on the desktop, import it in the Documents tab, type authority:KEY " +
		"in its “From” box and press Save details. Build this bundle again and the text follows its entry."
}

// ImportCommand is the command that imports the text of the authority with
// key k into the case named caseRef.
func ImportCommand(caseRef, k string) string {
	if caseRef == "" {
		caseRef = "CASE"
	}
	return "redress import --vault VAULT --case " + caseRef + " --source " + SourcePrefix + k + " FILE"
}

// lines lays out the table of authorities; ex gives each text as the
// bundle shows it (its pages, and whether it is reproduced), by item ID,
// empty before the texts are laid out.
func (s *Spec) lines(ex map[string]bundle.Exhibit) []line {
	var ls []line
	add := func(k lineKind, text string) { ls = append(ls, line{kind: k, text: text}) }
	add(lLabel, "AUTHORITIES BUNDLE")
	add(lTitle, s.Title)
	for _, f := range [][2]string{{"Case", s.Case}, {"Local authority", s.Authority}, {"Prepared", s.Date.Long()},
		{"Findings as of", s.AsOf.Long()}, {"Record checkpoint", s.Checkpoint}} {
		if f[1] != "" && !s.dateZero(f[0]) {
			add(lFact, f[0]+": "+f[1])
		}
	}
	total, must := 0, 0
	for _, a := range s.Authorities {
		total++
		if !shown(a, ex) {
			must++
		}
	}
	add(lPara, "This bundle holds the authorities that the findings and letters in Redress’s record of this case rely on "+
		"(findings that were met are left out, as in the evidence bundle’s schedule of findings). For each authority it gives "+
		"its citation; each place in it that is relied on, with the URL Redress has for it and its legal status and "+
		"verification exactly as Redress’s legal reference gives them; what relies on it; and where its text is in this bundle. "+notVerifiedOK)
	switch {
	case total == 0:
		add(lPara, "Nothing in the record cites an authority yet, and no authority’s text has been imported.")
	case must == 0:
		add(lPara, fmt.Sprintf("%d authorities; the text of every one is in section %s.", total, TextsSection))
	default:
		add(lPara, fmt.Sprintf("%d authorities; %d with their text in section %s; %d whose text you must add (marked %s).", total, total-must, TextsSection, must, MustAddWords))
	}
	if must > 0 {
		add(lHeading, howHeading)
		add(lPara, HowToAdd(s.CaseRef))
	}
	n := 0
	entry := func(a Authority) {
		n++
		e := line{kind: lEntry, text: fmt.Sprintf("%d. %s", n, a.Citation)}
		var rng []string
		for _, t := range a.Texts {
			if p := pagesOf(ex[t.ID]); p != "" {
				rng = append(rng, p)
			}
		}
		switch {
		case !shown(a, ex):
			e.right = "not included"
		case len(rng) > 0:
			e.right = strings.Join(rng, ", ")
		}
		ls = append(ls, e)
		key := "Key: " + a.Key
		if st := a.LegalStatus(); st != "" {
			key += "  ·  " + st
		}
		add(lKey, key)
		for _, p := range a.Pinpoints {
			where := p.Where
			if where == "" {
				where = "(the authority as a whole)"
			}
			add(lPlace, where)
			if p.URL != "" {
				ls = append(ls, line{kind: lDetail, text: "URL: " + p.URL, url: p.URL})
			}
			add(lDetail, p.Status()+" ["+rawStatus(p.Source)+"]")
			if len(p.By) > 0 {
				add(lDetail, "Relied on by: "+strings.Join(p.By, "; ")+".")
			}
		}
		for i, t := range a.Texts {
			what := "Text"
			if len(a.Texts) > 1 {
				what = fmt.Sprintf("Text %d of %d", i+1, len(a.Texts))
			}
			e := ex[t.ID]
			where := pagesOf(e)
			if where == "" {
				where = "section " + TextsSection
			}
			sum := t.SHA256
			if len(sum) > 12 {
				sum = sum[:12]
			}
			how := "as you imported it"
			if t.Generated {
				how = "as Redress read its words when it was imported (not the original’s layout)"
			}
			desc := fmt.Sprintf("%s: %s, %s (%s", what, where, how, t.Name)
			if sum != "" {
				desc += ", SHA-256 " + sum + "…"
			}
			desc += ")."
			if e.Shown == bundle.ShownPlaceholder {
				desc = fmt.Sprintf("%s: %s cannot be reproduced; the page at %s says why. Import the authority as a PDF instead.", what, t.Name, where)
				add(lMustAdd, desc)
				continue
			}
			add(lText, desc)
		}
		if len(a.Texts) == 0 {
			add(lMustAdd, MustAddWords+": import it with its source set to "+SourcePrefix+a.Key+" (see “"+howHeading+"”).")
		}
	}
	for gi, g := range Groups {
		first := true
		for _, a := range s.Authorities {
			if a.Uncited || groupOf(a.LegalStatus()) != gi {
				continue
			}
			if first {
				add(lHeading, g.Title)
				first = false
			}
			entry(a)
		}
	}
	first := true
	for _, a := range s.Authorities {
		if !a.Uncited {
			continue
		}
		if first {
			add(lHeading, citedHeading)
			first = false
		}
		entry(a)
	}
	return ls
}

func (s *Spec) dateZero(fact string) bool {
	switch fact {
	case "Prepared":
		return s.Date.IsZero()
	case "Findings as of":
		return s.AsOf.IsZero()
	}
	return false
}

// groupOf returns the group of the table an authority of the given legal
// status goes under: the last one for a status no group names, so that no
// authority is ever left out of the table.
func groupOf(status string) int {
	for i, g := range Groups {
		if slices.Contains(g.Statuses, status) {
			return i
		}
	}
	return len(Groups) - 1
}

// rawStatus is a place's legal status and verification as the rule data
// give them ("statutory-guidance; verified-secondary"); a verification that
// is not one of the four known is printed as unverified, never as it came.
func rawStatus(p letters.Source) string {
	ls, v := p.LegalStatus, p.Verification
	if ls == "" {
		ls = "legal status not stated"
	}
	if !slices.Contains(casefile.Verifications, v) {
		v = "unverified"
	}
	return ls + "; " + v
}

// shown reports whether any of an authority's texts is reproduced.
func shown(a Authority, ex map[string]bundle.Exhibit) bool {
	for _, t := range a.Texts {
		if e, ok := ex[t.ID]; !ok || e.Shown != bundle.ShownPlaceholder {
			return true
		}
	}
	return false
}

// pagesOf is an exhibit's pages as the table prints them: "B1–B12".
func pagesOf(e bundle.Exhibit) string {
	if e.First == "" || e.First == e.Last {
		return e.First
	}
	return e.First + "–" + e.Last
}

// indexText returns the table of authorities as plain text, line by line as
// it is printed (without the wrapping).
func (s *Spec) indexText(ex map[string]bundle.Exhibit) string {
	var b strings.Builder
	for _, l := range s.lines(ex) {
		switch l.kind {
		case lHeading:
			b.WriteString("\n## " + l.text + "\n")
		case lEntry:
			b.WriteString("\n" + l.text)
			if l.right != "" {
				b.WriteString("  [" + l.right + "]")
			}
			b.WriteString("\n")
		case lKey, lPlace, lText, lMustAdd:
			b.WriteString("   " + l.text + "\n")
		case lDetail:
			b.WriteString("      " + l.text + "\n")
		default:
			b.WriteString(l.text + "\n")
		}
	}
	return b.String()
}

// Page layout, in millimetres: A4, set like the evidence bundle's own pages,
// the foot kept clear for the stamp the bundle puts on every page.
const (
	marginLR  = 20.0
	marginTop = 18.0
	marginBot = 26.0
	a4W       = 210.0
)

var (
	ink   = [3]int{33, 37, 41}
	muted = [3]int{96, 102, 110}
	navy  = [3]int{24, 52, 92}
	blue  = [3]int{20, 80, 160}
	red   = [3]int{150, 30, 30}
	shade = [3]int{236, 240, 245}
)

// tablePDF draws the table of authorities.
func (s *Spec) tablePDF(ex map[string]bundle.Exhibit) ([]byte, error) {
	created := s.Created
	if created.IsZero() {
		created = s.Date.Time()
	}
	f := bundle.NewPDF(TableTitle, created)
	f.AddPage()
	w := a4W - 2*marginLR
	colour := func(c [3]int) { f.SetTextColor(c[0], c[1], c[2]) }
	tableHead := false
	for _, l := range s.lines(ex) {
		text := bundle.PDFText(l.text)
		switch l.kind {
		case lLabel:
			f.SetY(28)
			f.SetFont("sans", "B", 9)
			colour(muted)
			f.MultiCell(w, 5, text, "", "L", false)
			f.Ln(1)
		case lTitle:
			f.SetFont("sans", "B", 20)
			colour(navy)
			f.MultiCell(w, 9, text, "", "L", false)
			f.Ln(3)
		case lFact:
			label, val, _ := strings.Cut(text, ": ")
			f.SetFont("sans", "B", 10.5)
			colour(muted)
			f.CellFormat(38, 5.8, label, "", 0, "L", false, 0, "")
			f.SetFont("sans", "", 10.5)
			colour(ink)
			f.MultiCell(w-38, 5.8, val, "", "L", false)
		case lPara:
			f.Ln(2.5)
			f.SetFont("sans", "", 9.5)
			colour(ink)
			f.MultiCell(w, 4.8, text, "", "L", false)
		case lHeading:
			if !tableHead {
				f.Ln(3)
				tableHead = true
			}
			if f.GetY() > 297-marginBot-30 {
				f.AddPage()
			}
			f.Ln(4)
			f.SetFont("sans", "B", 13)
			colour(navy)
			f.SetFillColor(shade[0], shade[1], shade[2])
			f.CellFormat(w, 8, " "+text, "", 1, "L", true, 0, "")
			f.Ln(1)
		case lEntry:
			if f.GetY() > 297-marginBot-28 {
				f.AddPage()
			}
			f.Ln(3)
			y := f.GetY()
			f.SetFont("sans", "B", 11)
			right := bundle.PDFText(l.right)
			rw := 0.0
			if right != "" {
				rw = f.GetStringWidth(right) + 4
				if right == "not included" {
					colour(red)
				} else {
					colour(blue)
				}
				f.SetXY(marginLR+w-rw, y)
				f.CellFormat(rw, 6, right, "", 0, "R", false, 0, "")
				f.SetXY(marginLR, y)
			}
			colour(ink)
			f.MultiCell(w-rw, 6, text, "", "L", false)
		case lKey:
			f.SetFont("sans", "I", 8.5)
			colour(muted)
			f.SetX(marginLR + 6)
			f.MultiCell(w-6, 4.4, text, "", "L", false)
		case lPlace:
			f.Ln(1)
			f.SetFont("sans", "B", 9.5)
			colour(ink)
			f.SetX(marginLR + 6)
			f.MultiCell(w-6, 4.8, "•  "+text, "", "L", false)
		case lDetail:
			f.SetFont("sans", "", 8.8)
			colour(ink)
			if l.url != "" {
				colour(blue)
			}
			f.SetX(marginLR + 11)
			y := f.GetY()
			f.MultiCell(w-11, 4.4, text, "", "L", false)
			if l.url != "" && f.PageNo() > 0 && f.GetY() > y {
				f.LinkString(marginLR+11, y, w-11, f.GetY()-y, l.url)
			}
		case lText:
			f.Ln(0.8)
			f.SetFont("sans", "B", 9)
			colour(blue)
			f.SetX(marginLR + 6)
			f.MultiCell(w-6, 4.6, text, "", "L", false)
		case lMustAdd:
			f.Ln(0.8)
			f.SetFont("sans", "B", 9)
			colour(red)
			f.SetX(marginLR + 6)
			f.MultiCell(w-6, 4.6, text, "", "L", false)
		}
	}
	var buf bytes.Buffer
	if err := f.Output(&buf); err != nil {
		return nil, fmt.Errorf("table of authorities: %w", err)
	}
	return buf.Bytes(), nil
}
