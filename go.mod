module github.com/redress-app/redress

go 1.26.8

require (
	codeberg.org/go-pdf/fpdf v0.12.0
	fyne.io/fyne/v2 v2.7.1 // indirect
	golang.org/x/image v0.40.0
	golang.org/x/text v0.37.0 // indirect
)
