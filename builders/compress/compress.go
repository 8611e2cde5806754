package compress

import (
	"bytes"
	"compress/bzip2"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync"

	"github.com/klauspost/compress/zstd"
	"github.com/ulikunitz/xz"
)

// Format is a compression format, or None.
type Format string

// The formats read. None is a file that is not compressed.
const (
	None  Format = ""
	Gzip  Format = "gzip"
	Bzip2 Format = "bzip2"
	XZ    Format = "xz"
	Zstd  Format = "zstd"
)

// MaxWindow is the largest zstd window accepted: 2 GiB, what `zstd
// --long=31` writes (Pushshift and Arctic Shift dumps since 2018-10).
const MaxWindow = 1 << 31

// HeadBytes is enough of a file to tell its compression.
const HeadBytes = 6

// extensions maps each file name extension to its format.
var extensions = []struct {
	ext    string
	format Format
}{
	{".gz", Gzip}, {".gzip", Gzip},
	{".bz2", Bzip2}, {".bzip2", Bzip2},
	{".xz", XZ},
	{".zst", Zstd}, {".zstd", Zstd},
}

// Extensions lists the file name extensions of compressed files, with the dot.
func Extensions() []string {
	out := make([]string, len(extensions))
	for i, e := range extensions {
		out[i] = e.ext
	}
	return out
}

// Inner is the name of the file inside a compressed file: name without its
// compression extension (RC_2019-01.zst holds RC_2019-01, posts.json.gz
// holds posts.json). A name without one is returned as it is.
func Inner(name string) string {
	lower := strings.ToLower(name)
	for _, e := range extensions {
		if strings.HasSuffix(lower, e.ext) && len(name) > len(e.ext) {
			return name[:len(name)-len(e.ext)]
		}
	}
	return name
}

// Sniff tells a file's compression from its first bytes (HeadBytes are
// enough). The bytes decide, not the name: a gzip file named .json is read
// as gzip, and a plain file named .gz as plain.
func Sniff(head []byte) Format {
	switch {
	case bytes.HasPrefix(head, []byte{0x1f, 0x8b}):
		return Gzip
	case len(head) >= 4 && bytes.HasPrefix(head, []byte("BZh")) && head[3] >= '1' && head[3] <= '9':
		return Bzip2
	case bytes.HasPrefix(head, []byte{0xfd, '7', 'z', 'X', 'Z', 0x00}):
		return XZ
	case bytes.HasPrefix(head, []byte{0x28, 0xb5, 0x2f, 0xfd}):
		return Zstd
	case len(head) >= 4 && head[0]&0xf0 == 0x50 && bytes.Equal(head[1:4], []byte{0x2a, 0x4d, 0x18}):
		return Zstd // a skippable frame first (pzstd, seekable zstd)
	}
	return None
}

// Error is a compressed stream that cannot be decompressed: corrupt,
// truncated or using something the decoder refuses.
type Error struct {
	Format Format
	Err    error
}

func (e *Error) Error() string {
	if errors.Is(e.Err, io.ErrUnexpectedEOF) {
		return fmt.Sprintf("%s data ends early: the compressed file is truncated", e.Format)
	}
	return fmt.Sprintf("corrupt %s data: %v", e.Format, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

// NewReader decompresses r, which holds data in format f. Errors while
// reading are *Error; closing the reader releases the decoder, not r.
func NewReader(f Format, r io.Reader) (io.ReadCloser, error) {
	var (
		rd    io.Reader
		close func()
		err   error
	)
	switch f {
	case Gzip:
		var g *gzip.Reader
		if g, err = gzip.NewReader(r); err == nil {
			rd, close = g, func() { _ = g.Close() }
		}
	case Bzip2:
		rd = bzip2.NewReader(r)
	case XZ:
		var x *xz.Reader
		if x, err = (xz.ReaderConfig{SingleStream: false}).NewReader(r); err == nil {
			rd = x
		}
	case Zstd:
		var z *zstd.Decoder
		if z, err = getZstd(r); err == nil {
			c := &countingReader{r: z}
			rd, close = c, func() { putZstd(z, c.n) }
		}
	default:
		return nil, fmt.Errorf("compress: unknown format %q", f)
	}
	if err != nil {
		return nil, &Error{Format: f, Err: eof(err)}
	}
	return &reader{f: f, r: rd, close: close}, nil
}

// zstdFree holds idle zstd decoders for reuse. A decoder allocates its
// window buffer, as large as the frame asks (2 GiB for a --long=31 dump),
// before its first block; a new decoder for each file reuses freed heap
// that Go must zero first, which took seconds a file. A reused decoder
// keeps its buffer, and only the part a file fills is ever touched.
var zstdFree struct {
	sync.Mutex
	decoders []*zstd.Decoder
}

// maxFreeZstd bounds the idle decoders kept: about one per worker.
var maxFreeZstd = 2 * runtime.GOMAXPROCS(0)

func getZstd(r io.Reader) (*zstd.Decoder, error) {
	zstdFree.Lock()
	var z *zstd.Decoder
	if n := len(zstdFree.decoders); n > 0 {
		z, zstdFree.decoders = zstdFree.decoders[n-1], zstdFree.decoders[:n-1]
	}
	zstdFree.Unlock()
	if z == nil {
		// One goroutine per decoder: the pipeline runs one per worker.
		return zstd.NewReader(r, zstd.WithDecoderMaxWindow(MaxWindow), zstd.WithDecoderConcurrency(1), zstd.WithDecoderLowmem(true))
	}
	if err := z.Reset(r); err != nil {
		z.Close()
		return nil, err
	}
	return z, nil
}

// maxPooledZstd is the most a decoder may have decompressed and still be
// kept for reuse: its history ring is as large as the stream's window
// (2 GiB for a --long=31 dump) once a stream that long has filled it, and
// an idle decoder would keep that memory for the rest of the build.
const maxPooledZstd = 64 << 20

// putZstd returns a decoder that has decompressed n bytes to the pool, or
// closes it when it filled a large window or the pool is full.
func putZstd(z *zstd.Decoder, n int64) {
	if n > maxPooledZstd {
		z.Close()
		return
	}
	zstdFree.Lock()
	defer zstdFree.Unlock()
	if len(zstdFree.decoders) >= maxFreeZstd {
		z.Close()
		return
	}
	zstdFree.decoders = append(zstdFree.decoders, z)
}

// countingReader counts what a decoder has given.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// eof turns the io.EOF a decoder returns for a stream cut before its first
// block into io.ErrUnexpectedEOF.
func eof(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}

type reader struct {
	f      Format
	r      io.Reader
	close  func()
	err    error // the first decompression error, kept so that every later Read returns it
	closed bool
}

// errClosed is a read after Close: the decoder may be another file's by
// then.
var errClosed = errors.New("compress: read after Close")

func (r *reader) Read(p []byte) (int, error) {
	if r.err != nil {
		return 0, r.err
	}
	if r.closed {
		return 0, errClosed
	}
	n, err := r.r.Read(p)
	if err != nil && err != io.EOF {
		if _, ok := err.(*Error); !ok {
			err = &Error{Format: r.f, Err: err}
		}
		r.err = err
	}
	return n, err
}

func (r *reader) Close() error {
	r.closed = true
	if r.close != nil {
		r.close()
		r.close = nil
	}
	return nil
}

// Err is the decompression error rc met, if rc is a reader from NewReader
// and it met one. A builder may stop at a read error and report something
// else (or nothing): the pipeline asks here so that a corrupt file is
// never taken for a short one.
func Err(rc io.Reader) error {
	if r, ok := rc.(*reader); ok {
		return r.err
	}
	return nil
}
