package builders

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// InputError is a problem with an input file: the user's to fix, not a bug.
// Its message names the builder, the file and, where known, the line.
type InputError struct {
	Builder string
	Path    string
	Line    int // 1-based; 0 when the problem is with the whole file
	Col     int // 1-based byte column; 0 when unknown
	Msg     string
	// Decompressed says that Line and Col count in the decompressed
	// stream of a compressed file, not in its bytes on disk.
	Decompressed bool
}

func (e *InputError) Error() string {
	prefix := e.Place(e.Path) + ": "
	if e.Builder != "" {
		prefix = e.Builder + ": " + prefix
	}
	return prefix + e.Detail()
}

// Detail is the message without builder and path: the position and what
// is wrong.
func (e *InputError) Detail() string {
	msg := Printable(e.Msg)
	switch {
	case e.Line > 0 && e.Col > 0:
		return fmt.Sprintf("line %d, column %d: %s", e.Line, e.Col, msg)
	case e.Line > 0:
		return fmt.Sprintf("line %d: %s", e.Line, msg)
	}
	return msg
}

// Printable escapes what a message must not carry to a terminal or the
// manifest: invalid UTF-8 (as \xff) and control characters (as \u001b),
// which decoders' messages copy from the input.
func Printable(s string) string {
	if utf8.ValidString(s) && strings.IndexFunc(s, unicode.IsControl) < 0 {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case unicode.IsControl(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// Place is how messages name the file: name, followed by "(decompressed)"
// when the position counts in the decompressed stream.
func (e *InputError) Place(name string) string {
	if e.Decompressed && e.Line > 0 {
		return name + " (decompressed)"
	}
	return name
}
