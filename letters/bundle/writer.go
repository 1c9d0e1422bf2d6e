package bundle

import (
	"bufio"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// The bundle's PDF is written object by object as it is assembled, never
// held whole: each exhibit is parsed (by pdfcpu), the objects its pages
// use are written out under new numbers, their streams copied as they are
// stored (never decoded), and the exhibit is let go before the next is
// read. Only the offsets of the objects written are kept, for the
// cross-reference table at the end.

// Object numbers fixed in every bundle.
const (
	objCatalog = 1
	objPages   = 2
	objFirst   = 3 // the first page; page i is object objFirst+i
)

// pdfOut is the PDF being written.
type pdfOut struct {
	w       *bufio.Writer
	off     int64
	offsets []int64 // by object number; 0 while not written
	err     error
	buf     []byte
}

func newPDFOut(w io.Writer, pages int) *pdfOut {
	o := &pdfOut{w: bufio.NewWriterSize(w, 256<<10), offsets: make([]int64, objFirst+pages)}
	o.write([]byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"))
	return o
}

func (o *pdfOut) write(b []byte) {
	if o.err != nil {
		return
	}
	n, err := o.w.Write(b)
	o.off += int64(n)
	o.err = err
}

// alloc returns a new object number.
func (o *pdfOut) alloc() int {
	o.offsets = append(o.offsets, 0)
	return len(o.offsets) - 1
}

// begin starts object n.
func (o *pdfOut) begin(n int) []byte {
	o.offsets[n] = o.off
	b := strconv.AppendInt(o.buf[:0], int64(n), 10)
	return append(b, " 0 obj\n"...)
}

// end finishes the object in b and writes it.
func (o *pdfOut) end(b []byte) {
	b = append(b, "\nendobj\n"...)
	o.write(b)
	o.buf = b[:0]
}

// finish writes the cross-reference table and the trailer.
func (o *pdfOut) finish(info int, id []byte) error {
	xref := o.off
	b := fmt.Appendf(o.buf[:0], "xref\n0 %d\n0000000000 65535 f \n", len(o.offsets))
	for n := 1; n < len(o.offsets); n++ {
		if o.offsets[n] == 0 {
			// Allocated and never written (nothing can be, but a
			// reference to it reads as null, as PDF says).
			b = append(b, "0000000000 00001 f \n"...)
			continue
		}
		b = fmt.Appendf(b, "%010d 00000 n \n", o.offsets[n])
	}
	b = fmt.Appendf(b, "trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R /ID [<%x> <%x>] >>\nstartxref\n%d\n%%%%EOF\n",
		len(o.offsets), objCatalog, info, id, id, xref)
	o.write(b)
	if o.err != nil {
		return o.err
	}
	return o.w.Flush()
}

// source is a parsed PDF whose objects are being copied into the bundle:
// the front matter, one exhibit, or a page made for a picture.
type source struct {
	xt   *model.XRefTable
	num  map[int]int // object number here -> in the bundle, for objects written or queued
	page map[int]int // a page here (or a stand-in for a page elsewhere) -> bundle page index
	// fixed maps stand-ins for objects already in the bundle (the stamp
	// fonts, the "q" stream, the page tree) to their bundle numbers.
	fixed map[int]int
	queue []types.IndirectRef
	dig   *digester

	open, fontR, fontB, root types.IndirectRef // in this source's numbering
	standIn                  map[int]types.IndirectRef
}

func newSource(xt *model.XRefTable) *source {
	s := &source{xt: xt, num: map[int]int{}, page: map[int]int{}, fixed: map[int]int{}, standIn: map[int]types.IndirectRef{}}
	s.dig = newDigester(xt, nil)
	s.dig.pageNum = s.page
	return s
}

// setRoot adds the stand-in for the bundle's page tree.
func (s *source) setRoot() error {
	r, err := s.newStandIn()
	if err != nil {
		return err
	}
	s.root = r
	s.fixed[r.ObjectNumber.Value()] = objPages
	return nil
}

// newStandIn adds an empty object to the source to stand for something
// that is not in it.
func (s *source) newStandIn() (types.IndirectRef, error) {
	r, err := s.xt.IndRefForNewObject(types.Dict{})
	if err != nil {
		return types.IndirectRef{}, err
	}
	return *r, nil
}

// fixedRef adds a stand-in for bundle object n, whose fingerprint is sum.
func (s *source) fixedRef(n int, sum [32]byte) (types.IndirectRef, error) {
	r, err := s.newStandIn()
	if err != nil {
		return r, err
	}
	s.fixed[r.ObjectNumber.Value()] = n
	s.dig.memo[r.ObjectNumber.Value()] = sum
	return r, nil
}

// pageRef returns a reference, in this source, to bundle page i.
func (s *source) pageRef(i int) (types.IndirectRef, error) {
	if r, ok := s.standIn[i]; ok {
		return r, nil
	}
	r, err := s.newStandIn()
	if err != nil {
		return r, err
	}
	s.page[r.ObjectNumber.Value()] = i
	s.standIn[i] = r
	return r, nil
}

// ref returns the bundle number of an object of source s (nil for objects
// made in the bundle's own numbering), queueing it to be written if it is
// new; 0 means it is written as null. The page tree, pages that are not in
// the bundle and the catalogue are never copied: a reference to a page
// tree node becomes one to the bundle's, the others null.
func (a *assembler) ref(s *source, r types.IndirectRef) int {
	n := r.ObjectNumber.Value()
	if s == nil {
		return n
	}
	if i, ok := s.page[n]; ok {
		if i < 0 {
			return 0 // a page in another volume
		}
		return objFirst + i
	}
	if m, ok := s.fixed[n]; ok {
		return m
	}
	if m, ok := s.num[n]; ok {
		return m
	}
	o, err := s.xt.Dereference(r)
	if err != nil {
		o = nil
	}
	if d, ok := o.(types.Dict); ok {
		if t := d.NameEntry("Type"); t != nil {
			switch *t {
			case "Pages":
				return objPages
			case "Page", "Catalog":
				return 0
			}
		}
	}
	m := a.out.alloc()
	s.num[n] = m
	s.queue = append(s.queue, r)
	return m
}

// drain writes every object of s queued so far, and those they refer to.
func (a *assembler) drain(s *source) error {
	for len(s.queue) > 0 {
		r := s.queue[0]
		s.queue = s.queue[1:]
		o, err := s.xt.Dereference(r)
		if err != nil {
			return fmt.Errorf("object %d: %w", r.ObjectNumber.Value(), err)
		}
		if err := a.writeObject(s, s.num[r.ObjectNumber.Value()], o); err != nil {
			return err
		}
	}
	s.queue = nil
	return a.out.err
}

// writeObject writes o as bundle object n, its references translated from
// source s.
func (a *assembler) writeObject(s *source, n int, o types.Object) error {
	b := a.out.begin(n)
	sd, ok := o.(types.StreamDict)
	if !ok {
		b = a.appendValue(b, s, o)
		a.out.end(b)
		return a.out.err
	}
	raw := sd.Raw
	if raw == nil && sd.Content != nil {
		if err := sd.Encode(); err != nil {
			return fmt.Errorf("object %d: %w", n, err)
		}
		raw = sd.Raw
	}
	b = a.appendDict(b, s, sd.Dict, len(raw))
	b = append(b, "\nstream\n"...)
	a.out.write(b)
	a.out.write(raw)
	a.out.end(append(b[:0], "\nendstream"...))
	return a.out.err
}

// appendValue appends the PDF syntax of a direct object.
func (a *assembler) appendValue(b []byte, s *source, v types.Object) []byte {
	switch v := v.(type) {
	case nil:
		return append(b, "null"...)
	case types.Dict:
		return a.appendDict(b, s, v, -1)
	case types.Array:
		b = append(b, '[')
		for i, e := range v {
			if i > 0 {
				b = append(b, ' ')
			}
			b = a.appendValue(b, s, e)
		}
		return append(b, ']')
	case types.IndirectRef:
		m := a.ref(s, v)
		if m == 0 {
			return append(b, "null"...)
		}
		b = strconv.AppendInt(b, int64(m), 10)
		return append(b, " 0 R"...)
	case types.StreamDict:
		// A stream is always an indirect object; one found inside
		// another object is not valid PDF.
		return append(b, "null"...)
	}
	return append(b, v.PDFString()...)
}

// appendDict appends a dictionary with its keys in order; a stream's is
// given its Length (length >= 0).
func (a *assembler) appendDict(b []byte, s *source, d types.Dict, length int) []byte {
	keys := make([]string, 0, len(d))
	for k := range d {
		if length >= 0 && k == "Length" {
			continue
		}
		keys = append(keys, k)
	}
	slices.Sort(keys)
	b = append(b, "<<"...)
	for _, k := range keys {
		b = append(b, '/')
		b = append(b, types.EncodeName(k)...)
		b = append(b, ' ')
		b = a.appendValue(b, s, d[k])
	}
	if length >= 0 {
		b = append(b, "/Length "...)
		b = strconv.AppendInt(b, int64(length), 10)
	}
	return append(b, ">>"...)
}

// refSum returns the fingerprint of the object r names (see digest.go).
func (d *digester) refSum(r types.IndirectRef) ([32]byte, error) {
	if err := d.value(sha256.New(), r, 0); err != nil {
		return [32]byte{}, err
	}
	sum, ok := d.memo[r.ObjectNumber.Value()]
	if !ok {
		return sum, errors.New("a page cannot be a shared object")
	}
	return sum, nil
}
