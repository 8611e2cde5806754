package textnorm

import (
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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

// TestLongLineCostsOneCopy: normalising a long line allocates about one
// copy of it, the result (it allocated four: the space replacer copied
// the text even when there was nothing to replace, and paragraphs were
// joined, then copied into a doubling builder).
func TestLongLineCostsOneCopy(t *testing.T) {
	line := strings.Repeat("lorem ipsum dolor sit amet, ", 4<<20/28)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	out := Paragraphs([][]string{Lines(line)})
	runtime.ReadMemStats(&after)
	require.Equal(t, strings.TrimSpace(line), out)
	ratio := float64(after.TotalAlloc-before.TotalAlloc) / float64(len(line))
	t.Logf("%.2f times the line allocated", ratio)
	assert.Less(t, ratio, 1.5)
}

func TestControls(t *testing.T) {
	cases := []struct{ in, want string }{
		{"plain", "plain"},
		{"a\x00b", "ab"},
		{"tab\tand\nnewline", "tab\tand\nnewline"},
		{"\x1b[31mred\x1b[0m", "[31mred[0m"},
		{"del\x7f c1\u0085\u009f end", "del c1 end"},
		{"keeps \u200b and \u00a0", "keeps \u200b and \u00a0"},
	}
	for _, tc := range cases {
		assert.Equal(t, tc.want, Controls(tc.in), "%q", tc.in)
	}
	assert.Equal(t, []string{"ab", "c"}, Lines("a\x00b\r\nc\x01"))
	assert.Equal(t, "Title", String("\x00Title\x1f"))
}
