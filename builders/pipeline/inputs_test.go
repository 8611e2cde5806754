package pipeline

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/threadset/threadset/builders"
	"github.com/threadset/threadset/builders/all"
	"github.com/threadset/threadset/schema"
	"github.com/threadset/threadset/schema/dataset"
)

const (
	pageA = "A Headline\n\nThe body of the page.\n"
	pageB = "Another Headline\n\nAnother body.\n"
)

func writeTree(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
	}
}

// buildResult is what a test build returned and logged.
type buildResult struct {
	m   *dataset.Manifest
	out string
	log string
	err error
}

// build runs a build with a time limit, so that a build that hangs on an
// input fails the test instead of the whole run.
func build(t *testing.T, opts Options) buildResult {
	t.Helper()
	if opts.Out == "" {
		opts.Out = filepath.Join(t.TempDir(), "ds")
	}
	if opts.Registry == nil {
		opts.Registry = all.Registry()
	}
	if opts.Workers == 0 {
		opts.Workers = 2
	}
	var log bytes.Buffer
	opts.Log = &log
	done := make(chan buildResult, 1)
	go func() {
		m, err := Build(context.Background(), opts)
		done <- buildResult{m: m, out: opts.Out, err: err}
	}()
	select {
	case r := <-done:
		r.log = log.String()
		return r
	case <-time.After(20 * time.Second):
		t.Fatalf("the build of %v did not finish in 20 s", opts.Inputs)
	}
	return buildResult{}
}

// rows dumps a table of a dataset as JSON objects.
func rows(t *testing.T, dir string, tb *schema.Table) []map[string]any {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, dataset.Dump(dir, tb, &b))
	var out []map[string]any
	sc := bufio.NewScanner(&b)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		var r map[string]any
		require.NoError(t, json.Unmarshal(sc.Bytes(), &r))
		out = append(out, r)
	}
	require.NoError(t, sc.Err())
	return out
}

func inputPaths(m *dataset.Manifest) []string {
	var out []string
	for _, in := range m.Inputs {
		out = append(out, in.Path)
	}
	return out
}

func warningsOf(m *dataset.Manifest, kind string) []schema.Warning {
	var out []schema.Warning
	for _, w := range m.Warnings {
		if w.Kind == kind {
			out = append(out, w)
		}
	}
	return out
}

func sha(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// A symlink INPUT that points at a directory is read as that directory,
// without a trailing slash; links inside that loop back are not followed
// forever.
func TestSymlinkedInputDirectory(t *testing.T) {
	root := t.TempDir()
	real := filepath.Join(root, "real")
	writeTree(t, real, map[string]string{"a.txt": pageA, "sub/b.txt": pageB})
	link := filepath.Join(root, "link")
	require.NoError(t, os.Symlink(real, link))
	// Loops: to the directory itself, to its parent, and to the root.
	require.NoError(t, os.Symlink(".", filepath.Join(real, "sub", "self")))
	require.NoError(t, os.Symlink("..", filepath.Join(real, "sub", "up")))
	require.NoError(t, os.Symlink(real, filepath.Join(real, "sub", "again")))

	for _, arg := range []string{link, link + string(filepath.Separator), real} {
		t.Run(filepath.Base(arg), func(t *testing.T) {
			r := build(t, Options{Inputs: []string{arg}})
			require.NoError(t, r.err, r.log)
			assert.Equal(t, []string{"a.txt", "sub/b.txt"}, inputPaths(r.m))
			assert.Equal(t, int64(2), r.m.Table("articles").Rows)
			assert.Empty(t, warningsOf(r.m, schema.WarnDuplicate), "a file read twice through a link")
			var skipped []string
			for _, w := range warningsOf(r.m, schema.WarnSkippedInput) {
				skipped = append(skipped, w.Input)
				assert.Contains(t, w.Message, "already read")
			}
			assert.Equal(t, []string{"sub/again", "sub/self", "sub/up"}, skipped)
		})
	}
}

// A directory reached both by its own path and through a link is read
// once, under its own path, whichever INPUT holds the link.
func TestLinkedDirectoryReadUnderItsOwnPath(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, map[string]string{"a/page.txt": pageA, "b/sub/page.txt": pageB})
	require.NoError(t, os.Symlink(filepath.Join("..", "b", "sub"), filepath.Join(root, "a", "link")))
	for _, args := range [][]string{{"a", "b"}, {"b", "a"}} {
		r := build(t, Options{Inputs: []string{filepath.Join(root, args[0]), filepath.Join(root, args[1])}})
		require.NoError(t, r.err, r.log)
		assert.Equal(t, []string{"a/page.txt", "b/sub/page.txt"}, inputPaths(r.m))
		require.Len(t, r.m.Warnings, 1)
		assert.Equal(t, "a/link", r.m.Warnings[0].Input)
	}
}

// A directory holding a threadset dataset inside an input directory is not
// read as input: its manifest.json is not a JSON input.
func TestDatasetInsideInputIsSkipped(t *testing.T) {
	root := t.TempDir()
	in := filepath.Join(root, "in")
	writeTree(t, in, map[string]string{"a.txt": pageA})
	// Built outside (an --out inside an INPUT is refused), then moved in.
	first := build(t, Options{Inputs: []string{in}, Out: filepath.Join(root, "old-build")})
	require.NoError(t, first.err, first.log)
	require.NoError(t, os.Rename(filepath.Join(root, "old-build"), filepath.Join(in, "old-build")))
	writeTree(t, in, map[string]string{"b.txt": pageB})

	r := build(t, Options{Inputs: []string{in}, Strict: true})
	require.NoError(t, r.err, r.log)
	assert.Equal(t, []string{"a.txt", "b.txt"}, inputPaths(r.m))
	ws := warningsOf(r.m, schema.WarnSkippedInput)
	require.Len(t, ws, 1, "%+v", r.m.Warnings)
	assert.Equal(t, "old-build", ws[0].Input)
	assert.Contains(t, ws[0].Message, "threadset dataset")
	assert.Contains(t, r.log, "old-build")

	// The dataset named as the only INPUT: nothing to read, said plainly.
	r = build(t, Options{Inputs: []string{filepath.Join(in, "old-build")}})
	var ue *UsageError
	require.ErrorAs(t, r.err, &ue)
	assert.Contains(t, r.err.Error(), "threadset dataset")
}

// The manifest's checksum is the checksum of the bytes the rows come from,
// even when a file changes between the moment the build finds it (and
// detects its format) and the moment it is parsed.
func TestInputChangedDuringBuild(t *testing.T) {
	in := t.TempDir()
	p := filepath.Join(in, "a.txt")
	writeTree(t, in, map[string]string{"a.txt": pageA})
	changed := "Changed Headline\n\nThe page was rewritten while the build ran.\n"
	testHookBeforeParse = func() { require.NoError(t, os.WriteFile(p, []byte(changed), 0o644)) }
	defer func() { testHookBeforeParse = nil }()

	r := build(t, Options{Inputs: []string{in}})
	require.NoError(t, r.err, r.log)
	require.Len(t, r.m.Inputs, 1)
	assert.Equal(t, sha(changed), r.m.Inputs[0].SHA256)
	assert.Equal(t, int64(len(changed)), r.m.Inputs[0].Bytes)
	arts := rows(t, r.out, schema.Articles)
	require.Len(t, arts, 1)
	assert.Equal(t, "Changed Headline", arts[0]["title"])
	assert.Equal(t, sha(changed), arts[0]["input_sha256"])
}

// countingReader counts the bytes read from an input.
type countingReader struct {
	io.ReadCloser
	n *int64
}

func (c countingReader) Read(p []byte) (int, error) {
	n, err := c.ReadCloser.Read(p)
	*c.n += int64(n)
	return n, err
}

// Every input is read once, hashed as it is parsed; detection reads only
// its first bytes apart. Before, a first pass read every file whole to
// hash it, and the parse read it again.
func TestInputReadOnce(t *testing.T) {
	in := t.TempDir()
	big := "A Long Headline\n\n" + strings.Repeat("A paragraph of the article that goes on.\n\n", 2000)
	writeTree(t, in, map[string]string{"a.txt": big, "b.json": `[{"id": 1, "post": 2, "content": {"rendered": "<p>hi</p>"}, "date_gmt": "2021-05-01T12:00:00"}]`})
	var mu sync.Mutex
	opens, read := map[string]int{}, map[string]*int64{}
	testHookOpen = func(p string, f io.ReadCloser) io.ReadCloser {
		mu.Lock()
		defer mu.Unlock()
		name := filepath.Base(p)
		opens[name]++
		if read[name] == nil {
			read[name] = new(int64)
		}
		return countingReader{f, read[name]}
	}
	defer func() { testHookOpen = nil }()
	r := build(t, Options{Inputs: []string{in}, Workers: 1})
	require.NoError(t, r.err, r.log)
	// One open to detect the format from the first bytes, one to parse and
	// hash the whole file.
	assert.Equal(t, map[string]int{"a.txt": 2, "b.json": 2}, opens)
	assert.LessOrEqual(t, *read["a.txt"], int64(len(big)+builders.SniffBytes))
	for _, e := range r.m.Inputs {
		data, err := os.ReadFile(filepath.Join(in, e.Path))
		require.NoError(t, err)
		assert.Equal(t, sha(string(data)), e.SHA256, e.Path)
		assert.Equal(t, int64(len(data)), e.Bytes, e.Path)
	}
}

// Inputs with the same name in different INPUTs keep apart in the manifest
// and the rows: paths are relative to the directory holding every INPUT.
func TestSameNameInDifferentInputs(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, map[string]string{"x/a/page.txt": pageA, "x/b/page.txt": pageB, "y/page.txt": pageA + "more\n"})
	cases := []struct {
		name string
		args []string
		want []string
	}{
		{"files", []string{"x/b/page.txt", "x/a/page.txt"}, []string{"a/page.txt", "b/page.txt"}},
		{"directories", []string{"x/b", "x/a"}, []string{"a/page.txt", "b/page.txt"}},
		{"mixed", []string{"y", "x/a/page.txt", "x/b"}, []string{"x/a/page.txt", "x/b/page.txt", "y/page.txt"}},
		{"one directory", []string{"x"}, []string{"a/page.txt", "b/page.txt"}},
		{"one file", []string{"x/a/page.txt"}, []string{"page.txt"}},
		{"nested", []string{"x/a", "x"}, []string{"a/page.txt", "b/page.txt"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var args []string
			for _, a := range tc.args {
				args = append(args, filepath.Join(root, filepath.FromSlash(a)))
			}
			r := build(t, Options{Inputs: args})
			require.NoError(t, r.err, r.log)
			assert.Equal(t, tc.want, inputPaths(r.m))
			var got []string
			for _, a := range rows(t, r.out, schema.Articles) {
				got = append(got, a["input_path"].(string))
			}
			assert.ElementsMatch(t, tc.want, got)
			assert.Empty(t, r.m.Warnings)
		})
	}
}
