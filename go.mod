module github.com/redress-app/redress

go 1.26.8

require (
	fyne.io/fyne/v2 v2.7.1 // indirect
	github.com/sashabaranov/go-openai v1.43.0
)
