// Package textnorm holds the text normalisation rules every builder applies
// to the text it emits. The rules are listed in the dataset card; change
// them here and the card together.
//
//  1. Input must be valid UTF-8 without NUL bytes (CheckUTF8).
//  2. A leading byte-order mark is removed; CRLF and lone CR become LF;
//     other control characters than tab and line feed are removed (Controls),
//     wherever the text came from: a JSON "\u0000" escape is no way around
//     rule 1.
//  3. Text is put in Unicode Normalization Form C.
//  4. No-break and other fixed-width spaces (U+00A0, U+2007, U+202F) become
//     a plain space; a tab at the start of a line counts as 4 columns.
//  5. Trailing whitespace is removed from every line; indentation is removed
//     from emitted text (builders use it only to read structure).
//  6. Paragraphs are separated by exactly one blank line; lines inside a
//     paragraph are kept, joined by a newline.
package textnorm

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// CheckUTF8 reports where data stops being text: the 1-based line and
// byte column of the first invalid UTF-8 sequence or NUL byte.
func CheckUTF8(data []byte) error {
	line, col := 1, 1
	for i := 0; i < len(data); {
		c := data[i]
		if c == 0 {
			return &PosError{Line: line, Col: col, Msg: "NUL byte: this looks like a binary file, not text"}
		}
		if c < utf8.RuneSelf {
			i++
			if c == '\n' {
				line, col = line+1, 1
			} else {
				col++
			}
			continue
		}
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			return &PosError{Line: line, Col: col, Msg: fmt.Sprintf("invalid UTF-8 byte 0x%02x", c)}
		}
		i += size
		col += size
	}
	return nil
}

// PosError is a problem at a position of a text.
type PosError struct {
	Line, Col int
	Msg       string
}

func (e *PosError) Error() string { return fmt.Sprintf("line %d, column %d: %s", e.Line, e.Col, e.Msg) }

var spaces = strings.NewReplacer("\u00a0", " ", "\u2007", " ", "\u202f", " ")

// Lines normalises text (rules 2 to 5, keeping indentation) and splits it
// into lines. A final newline does not make an extra line.
func Lines(text string) []string {
	text = strings.TrimPrefix(text, "\ufeff")
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	text = Controls(text)
	text = norm.NFC.String(text)
	if strings.ContainsAny(text, "\u00a0\u2007\u202f") { // Replace copies the text even when nothing matches
		text = spaces.Replace(text)
	}
	text = strings.TrimSuffix(text, "\n")
	if text == "" {
		return nil
	}
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		lines[i] = expandIndent(strings.TrimRight(l, " \t\v\f"))
	}
	return lines
}

// IsControl reports whether r is a control character that text never
// keeps: C0 controls other than tab and line feed, DEL and C1 controls.
func IsControl(r rune) bool {
	return (r < 0x20 && r != '\t' && r != '\n') || (r >= 0x7f && r <= 0x9f)
}

// Controls removes the control characters IsControl names (rule 2). Text
// without any is returned as is, without a copy.
func Controls(s string) string {
	i := strings.IndexFunc(s, IsControl)
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:i])
	for _, r := range s[i:] {
		if !IsControl(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// String normalises a piece of text that is already one value (a title, a
// name): rules 2 to 4, then surrounding whitespace is removed.
func String(s string) string {
	return strings.TrimSpace(strings.Join(Lines(s), "\n"))
}

func expandIndent(l string) string {
	n := 0
	for n < len(l) && (l[n] == '\t' || l[n] == ' ') {
		n++
	}
	if !strings.Contains(l[:n], "\t") {
		return l
	}
	width := 0
	for _, c := range l[:n] {
		if c == '\t' {
			width += 4 - width%4
		} else {
			width++
		}
	}
	return strings.Repeat(" ", width) + l[n:]
}

// Indent is the number of leading spaces of a normalised line.
func Indent(l string) int { return len(l) - len(strings.TrimLeft(l, " ")) }

// Paragraphs joins paragraphs, each a list of lines, into text: rule 6.
// Lines lose their indentation; empty paragraphs are skipped.
func Paragraphs(paras [][]string) string {
	// One allocation of the result's size: a long text is not copied again
	// and again while a builder grows.
	size := 0
	for _, p := range paras {
		for _, l := range p {
			size += len(l) + 2
		}
	}
	var b strings.Builder
	b.Grow(size)
	for _, p := range paras {
		sep := "\n\n"
		if b.Len() == 0 {
			sep = ""
		}
		for _, l := range p {
			if l = strings.TrimSpace(l); l != "" {
				b.WriteString(sep)
				b.WriteString(l)
				sep = "\n"
			}
		}
	}
	return b.String()
}

// Rules describes the normalisation rules for the dataset card.
func Rules() []string {
	return []string{
		"Input must be valid UTF-8 without NUL bytes; a file that is not is reported with the line and column of the first bad byte and skipped.",
		"A leading byte-order mark is removed (a file with a UTF-16 or UTF-32 byte-order mark is decoded to UTF-8 first); CRLF and lone CR line ends become LF.",
		"Control characters other than tab and line feed (U+0000–U+001F, U+007F–U+009F), including those a JSON file writes as escapes such as \\u0000, are removed from every text value.",
		"Text is put in Unicode Normalization Form C (NFC).",
		"No-break and fixed-width spaces (U+00A0, U+2007, U+202F) become a plain space.",
		"Trailing whitespace is removed from every line, and indentation from every emitted line (it is read only to recover list and reply structure).",
		"Paragraphs are separated by exactly one blank line (\\n\\n); the line breaks inside a paragraph are kept as \\n.",
		"Nothing else is changed: spelling, punctuation, emoji, quotes and offensive words are kept verbatim.",
	}
}
