package textnorm

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestCheckUTF8(t *testing.T) {
	cases := []struct {
		name string
		in   string
		want string // "" for valid
	}{
		{"ascii", "hello\nworld\n", ""},
		{"multibyte", "Marko Marjanović – “quoted” 🙂\n", ""},
		{"bad byte on line 2", "ok\nab\xffcd\n", "line 2, column 3: invalid UTF-8 byte 0xff"},
		{"truncated sequence", "caf\xc3", "line 1, column 4: invalid UTF-8 byte 0xc3"},
		{"column counts bytes", "é\xff", "line 1, column 3: invalid UTF-8 byte 0xff"},
		{"NUL", "text\x00more", "line 1, column 5: NUL byte: this looks like a binary file, not text"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckUTF8([]byte(tc.in))
			if tc.want == "" {
				assert.NoError(t, err)
				return
			}
			assert.EqualError(t, err, tc.want)
		})
	}
}

func TestLines(t *testing.T) {
	cases := []struct {
		name string
		in   string
		want []string
	}{
		{"CRLF and CR", "a\r\nb\rc\n", []string{"a", "b", "c"}},
		{"BOM", "\ufeffTitle\n", []string{"Title"}},
		{"NFC", "Cafe\u0301", []string{"Café"}},
		{"no-break spaces", "a\u00a0b\u202fc\u2007d", []string{"a b c d"}},
		{"trailing whitespace", "text \t \nmore  ", []string{"text", "more"}},
		{"indentation kept", "  1. JHK says\n    text", []string{"  1. JHK says", "    text"}},
		{"tab indentation", "\tx\n  \ty", []string{"    x", "    y"}},
		{"blank lines kept", "a\n\n\nb\n", []string{"a", "", "", "b"}},
		{"empty", "", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, Lines(tc.in))
		})
	}
}

func TestParagraphs(t *testing.T) {
	assert.Equal(t, "a\nb\n\nc", Paragraphs([][]string{{"  a", "b  "}, {}, {"   "}, {"c"}}))
	assert.Equal(t, "", Paragraphs(nil))
}

func TestString(t *testing.T) {
	assert.Equal(t, "Marko Marjanović", String("  Marko Marjanovic\u0301\u00a0 "))
}
