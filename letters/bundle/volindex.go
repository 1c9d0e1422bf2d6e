package bundle

import (
	"bytes"
	"fmt"
	"strconv"

	"codeberg.org/go-pdf/fpdf"

	"github.com/redress-app/redress/assets"
)

// volumeIndex is the index a volume after the first opens with: its own
// pages, made here with their stamps drawn on them (their labels, "V2-i",
// are not in the stamp fonts), and their links to bundle pages.
type volumeIndex struct {
	pdf   []byte
	pages int
	links []link // page is the index's page, target a bundle page
}

// indexLabel is the label of page i (from 0) of volume n's own index:
// "V2-i", "V2-ii" ... (the PDF's page labels say the same).
func indexLabel(n, i int) string {
	return indexPrefix(n) + roman(i+1)
}

// indexPrefix is the prefix of the labels of volume n's own index.
func indexPrefix(n int) string { return "V" + strconv.Itoa(n) + "-" }

// volumeIndexOf lays out the index of volume v: headed "Index (volume N of
// M)", the sections and documents whose pages are in it, each with its
// pages in the bundle's numbering and a link to its first page.
func (p *Plan) volumeIndexOf(v Volume) (*volumeIndex, error) {
	f := fpdf.NewCustom(&fpdf.InitType{OrientationStr: "P", UnitStr: "mm", SizeStr: "A4"})
	f.AddUTF8FontFromBytes(fontFamily, "", assets.SansRegular)
	f.AddUTF8FontFromBytes(fontFamily, "B", assets.SansBold)
	f.AddUTF8FontFromBytes(fontFamily, "I", assets.SansItalic)
	created := p.b.created()
	f.SetCreationDate(created)
	f.SetModificationDate(created)
	f.SetProducer("Redress", true)
	f.SetCreator("Redress", true)
	f.SetTitle(safe(fmt.Sprintf("%s (volume %d of %d)", p.b.Title, v.Number, v.Of)), true)
	f.SetLang("en-GB")
	f.SetMargins(marginLR, marginTop, marginLR)
	f.SetAutoPageBreak(true, marginBot)
	f.SetCellMargin(0)
	g := &generated{start: map[*unit]int{}, count: map[*unit]int{}}
	r := &renderer{p: p, f: f, g: g}
	title := safe(p.b.Title)
	// The stamp, as the assembler draws it on every other page: the
	// label in a box at the right of the foot, the title at its left.
	f.SetFooterFunc(func() {
		label := indexLabel(v.Number, f.PageNo()-1)
		r.font("B", stampLabelSize)
		lw := f.GetStringWidth(label)
		boxW, boxH := lw+12/ptPerMM, 17/ptPerMM
		x := a4W - 22/ptPerMM - boxW
		y := a4H - 12/ptPerMM - boxH
		f.SetFillColor(255, 255, 255)
		f.SetDrawColor(140, 153, 168)
		f.SetLineWidth(0.6 / ptPerMM)
		f.Rect(x, y, boxW, boxH, "FD")
		r.colour(navy)
		f.SetXY(x, y)
		f.CellFormat(boxW, boxH, label, "", 0, "C", false, 0, "")
		r.font("", stampTitleSize)
		r.colour(muted)
		avail := x - 22/ptPerMM - 12/ptPerMM
		t := title
		for t != "" && f.GetStringWidth(t+"…") > avail {
			rs := []rune(t)
			t = string(rs[:len(rs)-1])
		}
		if t != title {
			t += "…"
		}
		f.SetXY(22/ptPerMM+4/ptPerMM, y)
		f.CellFormat(avail, boxH, t, "", 0, "L", false, 0, "")
		r.colour(ink)
	})
	f.AddPage()
	r.heading(fmt.Sprintf("Index (volume %d of %d)", v.Number, v.Of))
	what := fmt.Sprintf("the pages labelled %s to %s", p.labelOf(v.From), p.labelOf(v.To-1))
	if p.b.Style.Sequential() {
		what = fmt.Sprintf("pages %s to %s", p.labelOf(v.From), p.labelOf(v.To-1))
	}
	r.para(9.5, 4.8, "", fmt.Sprintf("This volume holds %s of the bundle, numbered as in the whole bundle. "+
		"Every entry links to its first page in this volume. The index of the whole bundle, the chronology and the cover are in volume 1. "+
		"The pages of this index are labelled %s onwards and are not pages of the bundle.", what, indexLabel(v.Number, 0)), ink)
	f.Ln(3)
	widths := make([]float64, len(indexCols))
	names := make([]string, len(indexCols))
	for i, c := range indexCols {
		widths[i], names[i] = c.w, c.name
	}
	r.indexTable(widths, names, v.From, v.To)
	if err := f.Error(); err != nil {
		return nil, fmt.Errorf("lay out the index of volume %d: %w", v.Number, err)
	}
	pages := f.PageNo()
	var buf bytes.Buffer
	if err := f.Output(&buf); err != nil {
		return nil, fmt.Errorf("lay out the index of volume %d: %w", v.Number, err)
	}
	return &volumeIndex{pdf: buf.Bytes(), pages: pages, links: g.links}, nil
}
