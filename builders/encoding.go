package builders

import (
	"bufio"
	"bytes"
	"io"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/encoding/unicode/utf32"
	"golang.org/x/text/transform"
)

// An input file may start with a byte-order mark. UTF-8 is what every
// builder reads; a UTF-8 mark is dropped, and UTF-16 and UTF-32 files
// (which Windows tools write, always with a mark) are decoded to UTF-8, so
// that every builder and the format detection see the same text. The file's
// bytes are unchanged: the manifest's SHA-256 is of the file as it is.
type bom struct {
	mark []byte
	name string
	enc  encoding.Encoding
}

// Longer marks first: the UTF-32LE mark starts with the UTF-16LE one.
var boms = []bom{
	{[]byte{0x00, 0x00, 0xfe, 0xff}, "UTF-32BE", utf32.UTF32(utf32.BigEndian, utf32.ExpectBOM)},
	{[]byte{0xff, 0xfe, 0x00, 0x00}, "UTF-32LE", utf32.UTF32(utf32.LittleEndian, utf32.ExpectBOM)},
	{[]byte{0xef, 0xbb, 0xbf}, "UTF-8", nil},
	{[]byte{0xfe, 0xff}, "UTF-16BE", unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM)},
	{[]byte{0xff, 0xfe}, "UTF-16LE", unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM)},
}

// Encoding names the encoding a byte-order mark at the start of head
// declares, or "" when there is none.
func Encoding(head []byte) string {
	if b := findBOM(head); b != nil {
		return b.name
	}
	return ""
}

func findBOM(head []byte) *bom {
	for i := range boms {
		if bytes.HasPrefix(head, boms[i].mark) {
			return &boms[i]
		}
	}
	return nil
}

// DecodeHead returns the first bytes of a file as UTF-8 text, without a
// byte-order mark: what Sniff sees. A multi-byte character cut at the end
// of head is dropped.
func DecodeHead(head []byte) []byte {
	b := findBOM(head)
	switch {
	case b == nil:
		return head
	case b.enc == nil:
		return head[len(b.mark):]
	}
	out, _, _ := transform.Bytes(b.enc.NewDecoder(), head[:len(head)-len(head)%unitSize(b)])
	return out
}

func unitSize(b *bom) int {
	if len(b.mark) == 4 {
		return 4
	}
	return 2
}

// Decoded wraps an input's Open so that the reader it returns yields UTF-8
// without a byte-order mark, whatever Unicode encoding the file's mark
// declares. Files without a mark are passed through unchanged; invalid
// sequences in a UTF-16 or UTF-32 file become U+FFFD.
func Decoded(open func() (io.ReadCloser, error)) func() (io.ReadCloser, error) {
	return func() (io.ReadCloser, error) {
		rc, err := open()
		if err != nil {
			return nil, err
		}
		br := bufio.NewReader(rc)
		head, _ := br.Peek(4) // a short file has a shorter head; errors show on Read
		b := findBOM(head)
		var r io.Reader = br
		switch {
		case b == nil:
		case b.enc == nil:
			_, _ = br.Discard(len(b.mark))
		default:
			r = transform.NewReader(br, b.enc.NewDecoder())
		}
		return readCloser{r, rc}, nil
	}
}

type readCloser struct {
	io.Reader
	io.Closer
}
