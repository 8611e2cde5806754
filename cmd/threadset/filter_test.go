package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/threadset/threadset/schema/dataset"
)

// The filter flags reach the build and the manifest; bad values are usage
// errors.
func TestBuildFilterFlags(t *testing.T) {
	in := filepath.Join(fixturesDir, "reddit", "pushshift-join", "input")
	threads := filepath.Join(t.TempDir(), "threads.txt")
	require.NoError(t, os.WriteFile(threads, []byte("# threads\nabc123\n"), 0o644))

	out := filepath.Join(t.TempDir(), "ds")
	code, _, stderr := runCLI("build", "--quiet", "--out", out, "--subreddit", "WorldNews", "--source", "r/other",
		"--threads", threads, "--since", "2020-09-13", "--until", "2020-09-13", in)
	require.Equal(t, exitOK, code, stderr)
	m, err := dataset.ReadManifest(out)
	require.NoError(t, err)
	require.NotNil(t, m.Filter)
	assert.Equal(t, []string{"r/WorldNews", "r/other"}, m.Filter.Sources)
	assert.Equal(t, "2020-09-13", m.Filter.Since)
	assert.Equal(t, 1, m.Filter.Threads)
	assert.Equal(t, dataset.FilterCounts{Articles: 4, Comments: 5}, m.Filter.Read)
	// abc123 and its 4 comments, all on 2020-09-13 (UTC).
	assert.Equal(t, dataset.FilterCounts{Articles: 2, Comments: 4}, m.Filter.Kept)
	assert.Equal(t, int64(1), m.Table("articles").Rows)

	for _, args := range [][]string{
		{"--since", "yesterday"},
		{"--since", "2020-01-02", "--until", "2020-01-01"},
		{"--threads", filepath.Join(t.TempDir(), "missing.txt")},
		{"--subreddit", " "},
	} {
		code, _, stderr := runCLI(append([]string{"build", "--quiet", "--out", filepath.Join(t.TempDir(), "x")}, append(args, in)...)...)
		assert.Equal(t, exitUsage, code, "%v: %s", args, stderr)
		assert.Contains(t, stderr, args[0], args)
	}
}
