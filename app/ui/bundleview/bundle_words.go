package bundleview

import (
	"context"

	"github.com/redress-app/redress/app/casework"
	"github.com/redress-app/redress/documents"
	"github.com/redress-app/redress/store"
)

// keepTextWords reads, before a bundle is prepared, where the words are on
// the pages of the case's text PDFs imported before import kept that, so
// that the page stamp shrinks only the pages whose words reach their foot.
// It runs in the background (kit.Background); a PDF that cannot be read is
// left as it was and its pages are shrunk, as before. PDFium starts only
// when a PDF needs reading.
func keepTextWords(ctx context.Context, v *store.Vault, caseID string) error {
	r := documents.New(documents.Options{})
	defer r.Close()
	_, err := casework.KeepTextWords(ctx, v, r, caseID)
	return err
}
