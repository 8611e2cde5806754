package scratch

import (
	"bufio"
	"encoding/binary"
	"errors"
	"io"
)

// Records written to partitions are length-prefixed fields, not JSON:
// encoding/json took a sixth of a dump's build to write the fields a
// builder reads and to read them back.

// ErrDamaged is a partition record that does not read back.
var ErrDamaged = errors.New("damaged partition record")

// Record builds one partition record.
type Record struct{ b []byte }

// Reset empties the record for reuse.
func (r *Record) Reset() { r.b = r.b[:0] }

// String adds a string field.
func (r *Record) String(s string) {
	r.b = binary.AppendUvarint(r.b, uint64(len(s)))
	r.b = append(r.b, s...)
}

// OptString adds a string field that may be absent (nil).
func (r *Record) OptString(p *string) {
	if p == nil {
		r.b = append(r.b, 0)
		return
	}
	r.b = append(r.b, 1)
	r.String(*p)
}

// Int adds an integer field.
func (r *Record) Int(n int64) { r.b = binary.AppendVarint(r.b, n) }

// Bool adds a boolean field.
func (r *Record) Bool(x bool) {
	if x {
		r.b = append(r.b, 1)
	} else {
		r.b = append(r.b, 0)
	}
}

// WriteTo writes the record, prefixed with its length, to w.
func (r *Record) WriteTo(w io.Writer) (int64, error) {
	var n [binary.MaxVarintLen64]byte
	k, err := w.Write(n[:binary.PutUvarint(n[:], uint64(len(r.b)))])
	if err != nil {
		return int64(k), err
	}
	m, err := w.Write(r.b)
	return int64(k + m), err
}

// Fields reads the fields of one record back, in the order they were
// added; the first error sticks and Err reports it.
type Fields struct {
	b   []byte
	err error
}

// ReadRecord reads the next record written by Record.WriteTo; io.EOF
// when there is none.
func ReadRecord(br *bufio.Reader, buf []byte) (*Fields, []byte, error) {
	n, err := binary.ReadUvarint(br)
	if err != nil {
		if err == io.EOF {
			return nil, buf, io.EOF
		}
		return nil, buf, ErrDamaged
	}
	if uint64(cap(buf)) < n {
		buf = make([]byte, n)
	}
	buf = buf[:n]
	if _, err := io.ReadFull(br, buf); err != nil {
		return nil, buf, ErrDamaged
	}
	return &Fields{b: buf}, buf, nil
}

// NewFields reads the fields of an encoded record (see Record.Bytes).
func NewFields(b []byte) *Fields { return &Fields{b: b} }

// Bytes is the record's encoding, without its length.
func (r *Record) Bytes() []byte { return r.b }

// String reads a string field.
func (f *Fields) String() string {
	if f.err != nil {
		return ""
	}
	n, k := binary.Uvarint(f.b)
	if k <= 0 || uint64(len(f.b)-k) < n {
		f.err = ErrDamaged
		return ""
	}
	s := string(f.b[k : k+int(n)])
	f.b = f.b[k+int(n):]
	return s
}

// OptString reads a field added with OptString.
func (f *Fields) OptString() *string {
	if !f.Bool() || f.err != nil {
		return nil
	}
	s := f.String()
	return &s
}

// Int reads an integer field.
func (f *Fields) Int() int64 {
	if f.err != nil {
		return 0
	}
	n, k := binary.Varint(f.b)
	if k <= 0 {
		f.err = ErrDamaged
		return 0
	}
	f.b = f.b[k:]
	return n
}

// Bool reads a boolean field.
func (f *Fields) Bool() bool {
	if f.err != nil {
		return false
	}
	if len(f.b) == 0 || f.b[0] > 1 {
		f.err = ErrDamaged
		return false
	}
	x := f.b[0] == 1
	f.b = f.b[1:]
	return x
}

// Err is the first error met, or ErrDamaged when fields are left over.
func (f *Fields) Err() error {
	if f.err == nil && len(f.b) > 0 {
		return ErrDamaged
	}
	return f.err
}
