package labels

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/unicode"
)

// decodeText turns the bytes of a label file into UTF-8: by the encoding
// the user named (any WHATWG label: latin1, windows-1252, utf-16,
// iso-8859-15, shift_jis, ...), or, when none is named, by a UTF-16 byte
// order mark. Anything else is taken as UTF-8 and checked value by value
// by the readers, which name the row and column of an invalid byte. A
// UTF-8 byte order mark is dropped.
func decodeText(data []byte, name string) ([]byte, error) {
	var enc encoding.Encoding
	switch n := strings.ToLower(strings.TrimSpace(name)); {
	case n == "" && (bytes.HasPrefix(data, []byte{0xff, 0xfe}) || bytes.HasPrefix(data, []byte{0xfe, 0xff})):
		enc = unicode.UTF16(unicode.LittleEndian, unicode.UseBOM)
	case n == "" || n == "utf-8" || n == "utf8":
		return bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), nil
	case n == "utf-16" || n == "utf16":
		// A byte order mark decides; without one, little-endian, as
		// Windows writes it.
		enc = unicode.UTF16(unicode.LittleEndian, unicode.UseBOM)
	default:
		e, err := htmlindex.Get(n)
		if err != nil {
			return nil, fmt.Errorf("unknown encoding %q (known: utf-8, latin1, windows-1252, utf-16, utf-16le, utf-16be and the other WHATWG names)", name)
		}
		enc = e
	}
	out, err := enc.NewDecoder().Bytes(data)
	if err != nil {
		return nil, fmt.Errorf("not %s: %w", name, err)
	}
	return bytes.TrimPrefix(out, []byte("\xef\xbb\xbf")), nil
}

// invalidUTF8 returns the offset of the first byte of s that is not
// valid UTF-8, or -1.
func invalidUTF8(s string) int {
	if utf8.ValidString(s) {
		return -1
	}
	for i, r := range s {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
				return i
			}
		}
	}
	return -1
}

// notUTF8 describes the invalid byte at offset i of s, quoting a little of
// the text around it.
func notUTF8(s string, i int) string {
	from, to := max(0, i-20), min(len(s), i+20)
	return fmt.Sprintf("not valid UTF-8: byte 0x%02x in %q (is the file in another encoding?)", s[i], s[from:to])
}
