package compress

import (
	"bytes"
	"io"
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

// TestLargeZstdDecoderNotPooled: a decoder that has filled a large window
// is closed after use, not kept idle with its history for the rest of the
// build; one that read a small file is kept for reuse.
func TestLargeZstdDecoderNotPooled(t *testing.T) {
	decode := func(size int) int {
		var buf bytes.Buffer
		w, err := zstd.NewWriter(&buf, zstd.WithEncoderLevel(zstd.SpeedFastest), zstd.WithWindowSize(1<<20))
		require.NoError(t, err)
		line := []byte(`{"id":"c1","body":"a comment body that repeats","link_id":"t3_x"}` + "\n")
		for n := 0; n < size; n += len(line) {
			_, err = w.Write(line)
			require.NoError(t, err)
		}
		require.NoError(t, w.Close())
		zstdFree.Lock()
		zstdFree.decoders = nil
		zstdFree.Unlock()
		r, err := NewReader(Zstd, &buf)
		require.NoError(t, err)
		n, err := io.Copy(io.Discard, r)
		require.NoError(t, err)
		require.GreaterOrEqual(t, n, int64(size))
		require.NoError(t, r.Close())
		zstdFree.Lock()
		defer zstdFree.Unlock()
		return len(zstdFree.decoders)
	}
	assert.Equal(t, 1, decode(1<<20), "a small stream's decoder is kept for reuse")
	assert.Equal(t, 0, decode(maxPooledZstd+(1<<20)), "a large stream's decoder is closed")
}

// BenchmarkZstdLongWindow decodes a stream with an 8 MiB window 32 times
// its window long. With klauspost/compress v1.16.7's low-memory history
// every block moved the whole window down, so decoding slowed with the
// window's size: a --long=31 Pushshift month stopped making progress
// after 2 GiB. v1.20.3 keeps the history in a ring.
func BenchmarkZstdLongWindow(b *testing.B) {
	const window = 8 << 20
	var buf bytes.Buffer
	w, err := zstd.NewWriter(&buf, zstd.WithEncoderLevel(zstd.SpeedFastest), zstd.WithWindowSize(window))
	require.NoError(b, err)
	rnd := make([]byte, 1<<16)
	for i := range rnd {
		rnd[i] = byte(i*7919>>3) ^ byte(i>>9)
	}
	for n := 0; n < 32*window; n += len(rnd) {
		_, err = w.Write(rnd)
		require.NoError(b, err)
	}
	require.NoError(b, w.Close())
	b.SetBytes(32 * window)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r, err := NewReader(Zstd, bytes.NewReader(buf.Bytes()))
		require.NoError(b, err)
		_, err = io.Copy(io.Discard, r)
		require.NoError(b, err)
		require.NoError(b, r.Close())
	}
}
