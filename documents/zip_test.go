package documents

import (
	"archive/zip"
	"compress/zlib"
	"io"
)

func zlibWriter(w io.Writer) (*zlib.Writer, error) {
	return zlib.NewWriterLevel(w, zlib.BestCompression)
}

func zipWriter(w io.Writer) *zip.Writer { return zip.NewWriter(w) }
