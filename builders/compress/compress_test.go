package compress

import (
	"bytes"
	"testing"

	"github.com/klauspost/compress/zstd"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSniffAndInner(t *testing.T) {
	for _, tc := range []struct {
		head []byte
		want Format
	}{
		{[]byte{0x1f, 0x8b, 8, 0}, Gzip},
		{[]byte("BZh91AY"), Bzip2},
		{[]byte("BZh"), None},
		{[]byte("BZhx"), None},
		{[]byte{0xfd, '7', 'z', 'X', 'Z', 0}, XZ},
		{[]byte{0x28, 0xb5, 0x2f, 0xfd, 0x04}, Zstd},
		{[]byte{0x5e, 0x2a, 0x4d, 0x18, 4, 0}, Zstd},
		{[]byte(`{"id": 1}`), None},
		{nil, None},
	} {
		assert.Equal(t, tc.want, Sniff(tc.head), "%q", tc.head)
	}
	for in, want := range map[string]string{
		"RC_2019-01.zst":  "RC_2019-01",
		"posts.JSON.GZ":   "posts.JSON",
		"feed.xml.bz2":    "feed.xml",
		"RS_2018-09.xz":   "RS_2018-09",
		"page.txt":        "page.txt",
		".gz":             ".gz",
		"a.tar.zstd":      "a.tar",
		"notes.gzip.json": "notes.gzip.json",
	} {
		assert.Equal(t, want, Inner(in), in)
	}
}

// A reader closed returns its decoder for reuse: reading on would read
// another file's stream, so it fails instead.
func TestReadAfterClose(t *testing.T) {
	var b bytes.Buffer
	w, err := zstd.NewWriter(&b)
	require.NoError(t, err)
	_, err = w.Write(bytes.Repeat([]byte("threadset "), 10000))
	require.NoError(t, err)
	require.NoError(t, w.Close())
	r, err := NewReader(Zstd, bytes.NewReader(b.Bytes()))
	require.NoError(t, err)
	_, err = r.Read(make([]byte, 10))
	require.NoError(t, err)
	require.NoError(t, r.Close())
	_, err = r.Read(make([]byte, 10))
	assert.ErrorIs(t, err, errClosed)
}
