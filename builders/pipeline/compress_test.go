package pipeline

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/klauspost/compress/zstd"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/ulikunitz/xz"

	"github.com/threadset/threadset/builders/compress"
	"github.com/threadset/threadset/schema"
	"github.com/threadset/threadset/schema/dataset"
)

func gzipBytes(t *testing.T, data []byte) []byte {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	_, err := w.Write(data)
	require.NoError(t, err)
	require.NoError(t, w.Close())
	return b.Bytes()
}

func xzBytes(t *testing.T, data []byte) []byte {
	var b bytes.Buffer
	w, err := xz.NewWriter(&b)
	require.NoError(t, err)
	_, err = w.Write(data)
	require.NoError(t, err)
	require.NoError(t, w.Close())
	return b.Bytes()
}

// zstdLongBytes writes a zstd frame whose header asks for a 2 GiB window,
// as `zstd --long=31` does for Pushshift dumps: the encoder writes a 1 MiB
// window, and the window descriptor is raised to 2^31 (a larger window
// than the data needs is valid; the header has no checksum).
func zstdLongBytes(t *testing.T, data []byte) []byte {
	var b bytes.Buffer
	w, err := zstd.NewWriter(&b, zstd.WithWindowSize(1<<20), zstd.WithSingleSegment(false))
	require.NoError(t, err)
	_, err = w.Write(data)
	require.NoError(t, err)
	require.NoError(t, w.Close())
	out := b.Bytes()
	require.Zero(t, out[4]&0x20, "single segment frames have no window descriptor")
	require.Zero(t, out[4]&0x03, "no dictionary ID before the window descriptor")
	out[5] = 21 << 3 // windowLog 10+21 = 31, mantissa 0
	// A decoder with the default limit refuses it: the file needs the
	// long window.
	d, err := zstd.NewReader(bytes.NewReader(out))
	require.NoError(t, err)
	_, err = io.ReadAll(d)
	d.Close()
	require.ErrorIs(t, err, zstd.ErrWindowSizeExceeded)
	return out
}

// mixedCorpus is an input directory with every structured format and a
// text page; Pushshift dumps are named as Pushshift names them.
func mixedCorpus(t *testing.T) map[string][]byte {
	fx := filepath.Join("..", "..", "fixtures")
	files := map[string]string{
		"RC_2019-01":   "reddit/pushshift-join/input/RC_sample.ndjson",
		"RS_2019-01":   "reddit/pushshift-join/input/RS_sample.ndjson",
		"export.xml":   "disqus/isso/input/isso_tests_disqus.xml",
		"join/dsq.xml": "join/disqus-and-page/input/disqus-export.xml",
		"join/p.txt":   "join/disqus-and-page/input/page.txt",
		"rest/a.json":  "wprest/posts-and-comments/input/posts.json",
	}
	rest, err := filepath.Glob(filepath.Join(fx, "wprest/posts-and-comments/input/*.json"))
	require.NoError(t, err)
	out := map[string][]byte{}
	for i, p := range rest {
		files["rest/"+filepath.Base(p)] = strings.TrimPrefix(p, fx+"/")
		_ = i
	}
	delete(files, "rest/a.json")
	for name, src := range files {
		data, err := os.ReadFile(filepath.Join(fx, src))
		require.NoError(t, err)
		out[name] = data
	}
	return out
}

func writeFiles(t *testing.T, files map[string][]byte) string {
	dir := t.TempDir()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, data, 0o644))
	}
	return dir
}

// dumpAll dumps every table as JSON Lines, with the names and checksums
// of the stored files replaced by those of the plain ones.
func dumpAll(t *testing.T, dir string, replace *strings.Replacer) map[string]string {
	out := map[string]string{}
	for _, tb := range schema.Tables() {
		var b bytes.Buffer
		require.NoError(t, dataset.Dump(dir, tb, &b))
		out[tb.Name] = replace.Replace(b.String())
	}
	return out
}

// Compressed inputs build the same rows as the plain files: gzip, xz and
// long-window zstd made here, bzip2 from a fixture made with bzip2(1). The
// manifest and the rows' input_path and input_sha256 name the file as
// stored; every other value is the same.
func TestCompressedInputsBuildTheSameDataset(t *testing.T) {
	plain := mixedCorpus(t)
	want := build(t, Options{Inputs: []string{writeFiles(t, plain)}})
	require.NoError(t, want.err, want.log)
	require.Empty(t, warningsOf(want.m, schema.WarnSkippedInput))
	wantRows := dumpAll(t, want.out, strings.NewReplacer())
	require.NotEmpty(t, wantRows["comments"])

	bz := map[string][]byte{}
	for _, k := range []string{"RC", "RS"} {
		data, err := os.ReadFile(filepath.Join("..", "..", "fixtures", "reddit", "pushshift-bzip2", "input", k+"_2019-01.bz2"))
		require.NoError(t, err)
		bz[k+"_2019-01"] = data
	}
	cases := []struct {
		name string
		ext  string
		make func(name string, data []byte) []byte
	}{
		{"gzip", ".gz", func(_ string, d []byte) []byte { return gzipBytes(t, d) }},
		{"xz", ".xz", func(_ string, d []byte) []byte { return xzBytes(t, d) }},
		{"zstd --long=31", ".zst", func(_ string, d []byte) []byte { return zstdLongBytes(t, d) }},
		{"bzip2", ".bz2", func(name string, d []byte) []byte { return bz[name] }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			stored := map[string][]byte{}
			var pairs []string
			for name, data := range plain {
				c := tc.make(name, data)
				if c == nil {
					stored[name] = data // bzip2: only the dumps have a fixture
					continue
				}
				require.NotEqual(t, compress.None, compress.Sniff(c))
				stored[name+tc.ext] = c
				pairs = append(pairs, name+tc.ext, name, sha(string(c)), sha(string(data)))
			}
			got := build(t, Options{Inputs: []string{writeFiles(t, stored)}})
			require.NoError(t, got.err, got.log)
			assert.Empty(t, warningsOf(got.m, schema.WarnSkippedInput))
			for _, in := range got.m.Inputs {
				data, ok := stored[in.Path]
				require.True(t, ok, in.Path)
				assert.Equal(t, sha(string(data)), in.SHA256, "the manifest records %s as stored", in.Path)
				assert.Equal(t, int64(len(data)), in.Bytes, in.Path)
			}
			assert.Equal(t, wantRows, dumpAll(t, got.out, strings.NewReplacer(pairs...)))
		})
	}
}

// The bzip2 fixture holds the Pushshift fixture's bytes.
func TestBzip2FixtureIsPushshiftJoin(t *testing.T) {
	for _, k := range []string{"RC", "RS"} {
		f, err := os.Open(filepath.Join("..", "..", "fixtures", "reddit", "pushshift-bzip2", "input", k+"_2019-01.bz2"))
		require.NoError(t, err)
		r, err := compress.NewReader(compress.Bzip2, f)
		require.NoError(t, err)
		got, err := io.ReadAll(r)
		require.NoError(t, err)
		require.NoError(t, f.Close())
		want, err := os.ReadFile(filepath.Join("..", "..", "fixtures", "reddit", "pushshift-join", "input", k+"_sample.ndjson"))
		require.NoError(t, err)
		assert.Equal(t, string(want), string(got))
	}
}

// A corrupt or truncated compressed file is a bad input with a message
// that says so: skipped whole (no page of it is kept), or fatal with
// --strict; never a hang.
func TestCorruptCompressedInputs(t *testing.T) {
	rc, err := os.ReadFile(filepath.Join("..", "..", "fixtures", "reddit", "pushshift-comments", "input", "pushshift-importer_test_comments.ndjson"))
	require.NoError(t, err)
	page := []byte(pageA)
	bz, err := os.ReadFile(filepath.Join("..", "..", "fixtures", "reddit", "pushshift-bzip2", "input", "RC_2019-01.bz2"))
	require.NoError(t, err)
	flip := func(b []byte, at int) []byte {
		c := bytes.Clone(b)
		c[at] ^= 0x55
		return c
	}
	gz, xzb, zs := gzipBytes(t, rc), xzBytes(t, rc), zstdLongBytes(t, rc)
	cases := []struct {
		name, file string
		data       []byte
		msg        string
	}{
		{"gzip truncated", "RC_2019-02.gz", gz[:len(gz)/2], "gzip data ends early: the compressed file is truncated"},
		{"gzip corrupt", "RC_2019-02.gz", flip(gz, len(gz)/2), "corrupt gzip data"},
		{"gzip no trailer", "RC_2019-02.gz", gz[:len(gz)-4], "gzip data ends early"},
		{"xz truncated", "RC_2019-02.xz", xzb[:len(xzb)/2], "xz data ends early"},
		{"xz corrupt", "RC_2019-02.xz", flip(xzb, len(xzb)/2), "corrupt xz data"},
		{"zstd truncated", "RC_2019-02.zst", zs[:len(zs)/2], "zstd data ends early"},
		{"zstd corrupt", "RC_2019-02.zst", flip(zs, len(zs)/2), "corrupt zstd data"},
		{"bzip2 truncated", "RC_2019-02.bz2", bz[:len(bz)-10], "bzip2 data ends early"},
		{"bzip2 corrupt", "RC_2019-02.bz2", flip(bz, 20), "corrupt bzip2 data"},
		{"gzip header only", "page.txt.gz", gzipBytes(t, page)[:10], "gzip data ends early"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := writeFiles(t, map[string][]byte{tc.file: tc.data, "page.txt": page})
			r := build(t, Options{Inputs: []string{in}})
			require.NoError(t, r.err, r.log)
			skipped := warningsOf(r.m, schema.WarnSkippedInput)
			require.Len(t, skipped, 1, r.log)
			assert.Contains(t, skipped[0].Message, tc.msg)
			assert.Contains(t, r.log, "skipped: "+filepath.Join(in, tc.file)+": ")
			assert.Equal(t, int64(1), r.m.Table("articles").Rows, "nothing of the bad file is kept")
			for _, e := range r.m.Inputs {
				if e.Path == tc.file {
					assert.Equal(t, sha(string(tc.data)), e.SHA256)
					assert.NotEmpty(t, e.Skipped)
				}
			}

			r = build(t, Options{Inputs: []string{in}, Strict: true})
			var fail *InputFailure
			require.ErrorAs(t, r.err, &fail)
			assert.Contains(t, r.err.Error(), tc.msg)
		})
	}
}

// Error positions in a compressed file count in the decompressed stream,
// and the message says so.
func TestDecompressedErrorPosition(t *testing.T) {
	var lines []string
	for i := 1; i <= 7; i++ {
		lines = append(lines, `{"id": "c`+string(rune('0'+i))+`", "link_id": "t3_x", "parent_id": "t3_x", "body": "ok", "subreddit": "s"}`)
	}
	lines = append(lines, `{"id": "c8", "link_id": "t3_x", "body": "broken"`, "")
	data := []byte(strings.Join(lines, "\n"))
	in := writeFiles(t, map[string][]byte{"RC_2019-01.gz": gzipBytes(t, data), "page.txt": []byte(pageA)})

	r := build(t, Options{Inputs: []string{in}})
	require.NoError(t, r.err, r.log)
	assert.Contains(t, r.log, "skipped: "+filepath.Join(in, "RC_2019-01.gz")+" (decompressed): reddit: line 8")
	skipped := warningsOf(r.m, schema.WarnSkippedInput)
	require.Len(t, skipped, 1)
	assert.Equal(t, 8, skipped[0].Line)
	assert.Contains(t, skipped[0].Message, "decompressed stream")

	r = build(t, Options{Inputs: []string{in}, Strict: true})
	require.Error(t, r.err)
	assert.Contains(t, r.err.Error(), "RC_2019-01.gz (decompressed): line 8")
}
