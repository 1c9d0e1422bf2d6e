package bundle

import (
	"time"

	"codeberg.org/go-pdf/fpdf"

	"github.com/redress-app/redress/assets"
)

// NewPDF starts an A4 document laid out as every page the bundle generates
// is (its cover, index, chronology and the family's notes): the embedded
// fonts under one family, the margins that keep the stamp zone at the foot
// free, and metadata fixed by created, so that the same input always gives
// the same bytes. Other packages that make pages for a bundle (the table of
// authorities) start from it, so that their pages match the bundle's. No
// page is added yet.
func NewPDF(title string, created time.Time) *fpdf.Fpdf {
	f := fpdf.NewCustom(&fpdf.InitType{OrientationStr: "P", UnitStr: "mm", SizeStr: "A4"})
	f.AddUTF8FontFromBytes(fontFamily, "", assets.SansRegular)
	f.AddUTF8FontFromBytes(fontFamily, "B", assets.SansBold)
	f.AddUTF8FontFromBytes(fontFamily, "I", assets.SansItalic)
	f.SetCreationDate(created)
	f.SetModificationDate(created)
	f.SetProducer("Redress", true)
	f.SetCreator("Redress", true)
	f.SetTitle(safe(title), true)
	f.SetLang("en-GB")
	f.SetMargins(marginLR, marginTop, marginLR)
	f.SetAutoPageBreak(true, marginBot)
	f.SetCellMargin(0)
	return f
}

// PDFText is s as a page made with NewPDF prints it: a character the
// embedded fonts cannot draw becomes "?", a tab or line break a space.
func PDFText(s string) string { return safe(s) }
