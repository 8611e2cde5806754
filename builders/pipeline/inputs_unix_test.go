//go:build unix

package pipeline

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/threadset/threadset/schema"
)

// A named pipe, a device or a link to one inside an input directory is
// skipped with a warning instead of hanging the build (reading a pipe
// waits for a writer; /dev/zero never ends).
func TestNonRegularFilesAreSkipped(t *testing.T) {
	in := t.TempDir()
	writeTree(t, in, map[string]string{"good.txt": pageA})
	require.NoError(t, os.MkdirAll(filepath.Join(in, "sub"), 0o755))
	require.NoError(t, syscall.Mkfifo(filepath.Join(in, "pipe.txt"), 0o644))
	require.NoError(t, syscall.Mkfifo(filepath.Join(in, "threadset-pages.csv"), 0o644))
	require.NoError(t, os.Symlink("/dev/zero", filepath.Join(in, "zero.txt")))
	require.NoError(t, os.Symlink("/dev/null", filepath.Join(in, "sub", "null.json")))

	for _, strict := range []bool{false, true} {
		r := build(t, Options{Inputs: []string{in}, Strict: strict})
		require.NoError(t, r.err, r.log)
		assert.Equal(t, []string{"good.txt"}, inputPaths(r.m))
		var skipped []string
		for _, w := range warningsOf(r.m, schema.WarnSkippedInput) {
			skipped = append(skipped, w.Input)
			assert.Contains(t, w.Message, "not a regular file")
			assert.Contains(t, r.log, w.Input)
		}
		assert.Equal(t, []string{"pipe.txt", "sub/null.json", "threadset-pages.csv", "zero.txt"}, skipped)
	}

	// Named directly, they are skipped too.
	r := build(t, Options{Inputs: []string{filepath.Join(in, "zero.txt"), filepath.Join(in, "good.txt"), filepath.Join(in, "pipe.txt")}})
	require.NoError(t, r.err, r.log)
	assert.Equal(t, []string{"good.txt"}, inputPaths(r.m))
	assert.Len(t, warningsOf(r.m, schema.WarnSkippedInput), 2)
}
