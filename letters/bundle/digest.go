package bundle

import (
	"bytes"
	"compress/zlib"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"slices"
	"strconv"
	"sync"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// PageDigestMethod names how page fingerprints are computed (see
// MANIFEST.md): SHA-256 over a canonical encoding of everything that decides
// how a page looks — its boxes, rotation, content streams, resources (fonts,
// images, forms, all the way down) and annotations — in which every
// indirect object is replaced by the fingerprint of its own encoding and a
// reference to a page by that page's number. It does not depend on object
// numbers or on how the file is laid out, so rewriting the file without
// changing any page leaves every fingerprint as it was.
//
// Version 2 fingerprints a stream by its decoded bytes wherever the filters
// are ones that only store the bytes (Flate, LZW, ASCII85, ASCIIHex,
// RunLength), leaving out those filters and their parameters: a tool that
// recompresses or uncompresses the streams (qpdf's default rewrite,
// --recompress-flate, --stream-data=uncompress) changes how the bytes are
// stored, not what the page shows. Version 1 hashed the bytes as stored;
// bundles made with it are still verified by it.
const PageDigestMethod = "redress-page/2"

// PageDigestMethodV1 is the first method, kept to verify older bundles.
const PageDigestMethodV1 = "redress-page/1"

// storageFilters are the filters that say how bytes are stored, not what
// they are (an image's DCT or JPX coding is what it is, and stays hashed as
// stored).
var storageFilters = map[string]bool{
	"FlateDecode": true, "LZWDecode": true, "ASCII85Decode": true, "ASCIIHexDecode": true, "RunLengthDecode": true,
}

// maxDecodedStream bounds one decoded stream while fingerprinting.
const maxDecodedStream = 256 << 20

// digester fingerprints pages of one PDF.
type digester struct {
	method  string // PageDigestMethod or PageDigestMethodV1
	xt      *model.XRefTable
	pageNum map[int]int // object number of a page dict -> page index
	memo    map[int][32]byte
	busy    map[int]bool
	objects int // objects visited, to bound the work on hostile files
}

// maxDigestObjects bounds the objects one PDF's fingerprints may visit.
const maxDigestObjects = 5_000_000

var errTooComplex = errors.New("the PDF is too complex to check")

func newDigester(xt *model.XRefTable, ps []page) *digester {
	d := &digester{method: PageDigestMethod, xt: xt, pageNum: map[int]int{}, memo: map[int][32]byte{}, busy: map[int]bool{}}
	for i, p := range ps {
		d.pageNum[p.ref.ObjectNumber.Value()] = i
	}
	return d
}

// page returns the fingerprint of page pg, in hex.
func (d *digester) page(pg page) (string, error) {
	h := sha256.New()
	h.Write([]byte(d.method + "\x00"))
	vb := pg.visible(d.xt)
	for _, v := range []float64{vb.llx, vb.lly, vb.urx, vb.ury} {
		h.Write([]byte(strconv.FormatFloat(v, 'f', 3, 64) + " "))
	}
	h.Write([]byte(strconv.Itoa(pg.rotate) + "\x00"))
	for _, k := range []string{"Contents", "Resources", "Annots", "Group", "UserUnit"} {
		var o types.Object
		switch k {
		case "Resources":
			o = pg.res
		default:
			o, _ = pg.dict.Find(k)
		}
		h.Write([]byte(k + "\x00"))
		if err := d.value(h, o, 0); err != nil {
			return "", err
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func writeBytes(h hash.Hash, tag byte, b []byte) {
	var n [9]byte
	n[0] = tag
	binary.BigEndian.PutUint64(n[1:], uint64(len(b)))
	h.Write(n[:])
	h.Write(b)
}

// value writes the canonical encoding of o.
func (d *digester) value(h hash.Hash, o types.Object, depth int) error {
	if depth > 200 {
		return errTooComplex
	}
	d.objects++
	if d.objects > maxDigestObjects {
		return errTooComplex
	}
	switch v := o.(type) {
	case nil:
		h.Write([]byte{'n'})
	case types.IndirectRef:
		n := v.ObjectNumber.Value()
		if i, ok := d.pageNum[n]; ok {
			if i < 0 {
				// A page in another volume: written as null.
				h.Write([]byte{'n'})
				return nil
			}
			writeBytes(h, 'P', []byte(strconv.Itoa(i)))
			return nil
		}
		if sum, ok := d.memo[n]; ok {
			writeBytes(h, 'R', sum[:])
			return nil
		}
		if d.busy[n] {
			h.Write([]byte{'c'})
			return nil
		}
		d.busy[n] = true
		obj, err := d.xt.Dereference(v)
		if err != nil {
			return fmt.Errorf("object %d: %w", n, err)
		}
		sub := sha256.New()
		if err := d.value(sub, obj, depth+1); err != nil {
			return err
		}
		var sum [32]byte
		copy(sum[:], sub.Sum(nil))
		delete(d.busy, n)
		d.memo[n] = sum
		writeBytes(h, 'R', sum[:])
	case types.Dict:
		return d.dict(h, 'D', v, false, depth)
	case types.StreamDict:
		if d.method != PageDigestMethodV1 {
			if sum, ok, err := decodedSum(v); err != nil {
				return err
			} else if ok {
				if err := d.dictSkipping(h, 'S', v.Dict, true, true, depth); err != nil {
					return err
				}
				writeBytes(h, 'B', sum[:])
				return nil
			}
		}
		if err := d.dict(h, 'S', v.Dict, true, depth); err != nil {
			return err
		}
		raw := v.Raw
		if raw == nil && v.Content != nil {
			sd := v
			if err := sd.Encode(); err != nil {
				return err
			}
			raw = sd.Raw
		}
		sum := sha256.Sum256(raw)
		writeBytes(h, 'B', sum[:])
	case types.Array:
		writeBytes(h, 'A', []byte(strconv.Itoa(len(v))))
		for _, e := range v {
			if err := d.value(h, e, depth+1); err != nil {
				return err
			}
		}
	case types.StringLiteral:
		b, err := types.Unescape(string(v))
		if err != nil {
			b = []byte(v)
		}
		writeBytes(h, 's', b)
	case types.HexLiteral:
		b, err := v.Bytes()
		if err != nil {
			b = []byte(v)
		}
		writeBytes(h, 's', b)
	case types.Name:
		writeBytes(h, '/', []byte(v))
	case types.Integer:
		writeBytes(h, 'i', []byte(strconv.Itoa(int(v))))
	case types.Float:
		writeBytes(h, 'f', []byte(strconv.FormatFloat(float64(v), 'f', 5, 64)))
	case types.Boolean:
		writeBytes(h, 'b', []byte(strconv.FormatBool(bool(v))))
	default:
		// Any other kind of object (a lazy object from an object stream is
		// resolved by Dereference above) is encoded as PDF writes it.
		writeBytes(h, '?', []byte(o.PDFString()))
	}
	return nil
}

// dict writes a dictionary's entries in key order. Back references to a
// parent are left out (they lead back up the tree, not into the page), and
// a stream's Length (which says how the bytes are stored, not what they are).
func (d *digester) dict(h hash.Hash, tag byte, v types.Dict, stream bool, depth int) error {
	return d.dictSkipping(h, tag, v, stream, false, depth)
}

// dictSkipping is dict; with decoded set it also leaves out how a stream's
// bytes are stored (Filter, DecodeParms, DL), for a stream hashed decoded.
func (d *digester) dictSkipping(h hash.Hash, tag byte, v types.Dict, stream, decoded bool, depth int) error {
	keys := make([]string, 0, len(v))
	for k := range v {
		if k == "Parent" || k == "P" || (stream && k == "Length") || (decoded && (k == "Filter" || k == "DecodeParms" || k == "DL")) {
			continue
		}
		keys = append(keys, k)
	}
	slices.Sort(keys)
	writeBytes(h, tag, []byte(strconv.Itoa(len(keys))))
	for _, k := range keys {
		writeBytes(h, 'k', []byte(k))
		if err := d.value(h, v[k], depth+1); err != nil {
			return err
		}
	}
	return nil
}

// decodedSum returns the SHA-256 of a stream's bytes with its storage
// filters undone, and false when one of its filters is not a storage
// filter (as decodedContent). A stream stored with Flate alone, the usual
// case, is inflated straight into the hash by a reused reader, with no
// copy of its bytes: a fresh reader is 40 KB, and fingerprinting a page
// of a text bundle inflated several. Whatever that way does not read to
// a clean end (a damaged or oversized stream) is decoded by pdfcpu as
// before, so that the sum, or the error, is the same.
func decodedSum(sd types.StreamDict) ([32]byte, bool, error) {
	if sum, ok := inflateSum(sd); ok {
		return sum, true, nil
	}
	content, ok, err := decodedContent(sd)
	if err != nil || !ok {
		return [32]byte{}, ok, err
	}
	return sha256.Sum256(content), true, nil
}

// inflaters holds zlib readers (and their copy buffers) for inflateSum.
var inflaters sync.Pool

type inflater struct {
	zr  io.ReadCloser
	buf []byte
}

// inflateSum hashes a stream stored with FlateDecode and no parameters as
// it inflates it, and reports whether it read the stream to its end within
// maxDecodedStream bytes with its checksum right.
func inflateSum(sd types.StreamDict) ([32]byte, bool) {
	if sd.Content != nil || len(sd.FilterPipeline) != 1 || sd.FilterPipeline[0].Name != "FlateDecode" || sd.FilterPipeline[0].DecodeParms != nil {
		return [32]byte{}, false
	}
	in, _ := inflaters.Get().(*inflater)
	if in == nil {
		in = &inflater{buf: make([]byte, 32<<10)}
	}
	r := bytes.NewReader(sd.Raw)
	if in.zr == nil {
		zr, err := zlib.NewReader(r)
		if err != nil {
			return [32]byte{}, false
		}
		in.zr = zr
	} else if err := in.zr.(zlib.Resetter).Reset(r, nil); err != nil {
		inflaters.Put(in)
		return [32]byte{}, false
	}
	h := sha256.New()
	n, err := io.CopyBuffer(h, &io.LimitedReader{R: in.zr, N: maxDecodedStream + 1}, in.buf)
	inflaters.Put(in)
	if err != nil || n > maxDecodedStream {
		return [32]byte{}, false
	}
	var sum [32]byte
	h.Sum(sum[:0])
	return sum, true
}

// decodedContent returns a stream's bytes with its storage filters undone,
// and false when one of its filters is not a storage filter (the stream is
// then hashed as stored, filters included).
func decodedContent(sd types.StreamDict) ([]byte, bool, error) {
	for _, f := range sd.FilterPipeline {
		if !storageFilters[f.Name] {
			return nil, false, nil
		}
	}
	if sd.Content != nil {
		return sd.Content, true, nil // made here: Content is the decoded bytes
	}
	if len(sd.FilterPipeline) == 0 {
		return sd.Raw, true, nil
	}
	c := sd
	if err := c.DecodeWithLimit(maxDecodedStream); err != nil {
		return nil, false, fmt.Errorf("a stream cannot be decoded (%s)", shorten(err.Error(), 120))
	}
	return c.Content, true, nil
}
