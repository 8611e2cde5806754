package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/threadset/threadset/schema/dataset"
)

// How `build` finds and names its inputs, end to end: a link to a
// directory is read as the directory, same-named files in different INPUTs
// keep apart, and a dataset is never read as input.
func TestBuildInputs(t *testing.T) {
	root := t.TempDir()
	writeFiles(t, root, map[string]string{
		"2019/page.txt": goodPage,
		"2020/page.txt": "Other Headline\n\nOther body.\n",
	})
	require.NoError(t, os.Symlink(filepath.Join(root, "2019"), filepath.Join(root, "latest")))

	t.Run("link to a directory", func(t *testing.T) {
		out := filepath.Join(root, "ds-link")
		code, _, stderr := runCLI("build", "--quiet", "--out", out, filepath.Join(root, "latest"))
		require.Equal(t, exitOK, code, stderr)
		m, err := dataset.ReadManifest(out)
		require.NoError(t, err)
		require.Len(t, m.Inputs, 1)
		assert.Equal(t, "page.txt", m.Inputs[0].Path)
	})

	t.Run("same names in two INPUTs", func(t *testing.T) {
		out := filepath.Join(root, "ds-two")
		code, _, stderr := runCLI("build", "--quiet", "--out", out, filepath.Join(root, "2020"), filepath.Join(root, "2019"))
		require.Equal(t, exitOK, code, stderr)
		m, err := dataset.ReadManifest(out)
		require.NoError(t, err)
		require.Len(t, m.Inputs, 2)
		assert.Equal(t, "2019/page.txt", m.Inputs[0].Path)
		assert.Equal(t, "2020/page.txt", m.Inputs[1].Path)
		assert.Empty(t, m.Warnings)
	})

	t.Run("a dataset is not input", func(t *testing.T) {
		code, _, stderr := runCLI("build", "--quiet", "--out", filepath.Join(root, "ds-again"), filepath.Join(root, "ds-two"))
		assert.Equal(t, exitUsage, code, stderr)
		assert.Contains(t, stderr, "ds-two")
		assert.Contains(t, stderr, "threadset dataset")

		// Inside an input directory it is skipped with a warning.
		out := filepath.Join(t.TempDir(), "ds-root")
		code, _, stderr = runCLI("build", "--out", out, filepath.Join(root, "2019"), filepath.Join(root, "ds-two"), filepath.Join(root, "2020"))
		assert.Equal(t, exitUsage, code, stderr)
		code, _, stderr = runCLI("build", "--out", out, root)
		require.Equal(t, exitOK, code, stderr)
		assert.Contains(t, stderr, "ds-two: directory is a threadset dataset")
		m, err := dataset.ReadManifest(out)
		require.NoError(t, err)
		var paths []string
		for _, in := range m.Inputs {
			paths = append(paths, in.Path)
		}
		assert.Equal(t, []string{"2019/page.txt", "2020/page.txt"}, paths)
	})
}
