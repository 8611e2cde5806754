package labels

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/threadset/threadset/schema"
)

// TestLongLineIsReported: a JSON Lines record longer than the limit is an
// error naming its line; it silently ended the file.
func TestLongLineIsReported(t *testing.T) {
	defer func(old int) { maxLine = old }(maxLine)
	maxLine = 1 << 20
	ls := schema.DefaultLabelSet()
	long := `{"item_id":"cmt_0000000000000002","text":"` + strings.Repeat("x", maxLine) + `","stance":"favor"}`
	data := `{"item_id":"cmt_0000000000000001","stance":"favor"}` + "\n" + long + "\n" + `{"item_id":"cmt_0000000000000003","stance":"none"}` + "\n"

	cells, problems := readJSONL("big.jsonl", []byte(data), ls)
	require.Len(t, problems, 1)
	assert.Equal(t, "big.jsonl: row 2: longer than 1 MiB, the limit of a JSON Lines record; the rest of the file was not read", problems[0].String())
	assert.Len(t, cells, 1)

	_, problems = readDoccano("big.jsonl", []byte(`{"item_id":"cmt_1","label_column":"stance","label":["favor"]}`+"\n"+long+"\n"), ls)
	require.Len(t, problems, 1)
	assert.Contains(t, problems[0].String(), "row 2: longer than 1 MiB")
}

// TestDecodeText: named encodings are decoded; UTF-16 is recognised by its
// byte order mark; UTF-8 is left to the readers' per-value check.
func TestDecodeText(t *testing.T) {
	cases := []struct {
		name, enc string
		in        []byte
		want      string
	}{
		{"utf-8 as is", "", []byte("caf\xc3\xa9"), "café"},
		{"utf-8 byte order mark", "", []byte("\xef\xbb\xbfid"), "id"},
		{"latin1", "latin1", []byte("P\xe9tain"), "Pétain"},
		{"windows-1252 quotes", "windows-1252", []byte("\x93quoted\x94"), "\u201cquoted\u201d"},
		{"utf-16le by its mark", "", []byte{0xff, 0xfe, 'i', 0, 'd', 0}, "id"},
		{"utf-16be by its mark", "", []byte{0xfe, 0xff, 0, 'i', 0, 'd'}, "id"},
		{"utf-16 named, no mark", "utf-16", []byte{'i', 0, 'd', 0}, "id"},
		{"invalid utf-8 left for the readers", "", []byte("P\xe9tain"), "P\xe9tain"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := decodeText(tc.in, tc.enc)
			require.NoError(t, err)
			assert.Equal(t, tc.want, string(got))
		})
	}
	_, err := decodeText([]byte("x"), "ebcdic-klingon")
	assert.ErrorContains(t, err, `unknown encoding "ebcdic-klingon"`)
	assert.Equal(t, 1, invalidUTF8("P\xe9tain"))
	assert.Equal(t, -1, invalidUTF8("Pétain \ufffd"), "a replacement character written as such is valid")
}
