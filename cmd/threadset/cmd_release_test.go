package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/threadset/threadset/schema/dataset"
)

// The sample corpus released: every config and split of the Hub layout
// reads in DuckDB with the manifest's row counts, the card reads as a
// complete Hugging Face card, verify passes and rebuilds it from the
// embedded sample's files, and the command's errors have their exit codes.
func TestReleaseSampleCorpus(t *testing.T) {
	dir := t.TempDir()
	ds := filepath.Join(dir, "ds")
	code, _, stderr := runCLI("build", "-q", "--out", ds)
	require.Equal(t, 0, code, stderr)
	releases := filepath.Join(dir, "releases")
	code, out, stderr := runCLI("release", ds, "--to", releases, "--date", "2026-11-22")
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, out, "1.0.0")
	rel := filepath.Join(releases, "1.0.0")

	code, out, stderr = runCLI("release", "verify", rel, filepath.Join("sample"))
	require.Equal(t, 0, code, stderr+out)

	card, err := os.ReadFile(filepath.Join(rel, "README.md"))
	require.NoError(t, err)
	front, body, ok := strings.Cut(strings.TrimPrefix(string(card), "---\n"), "\n---\n")
	require.True(t, ok)
	for _, key := range []string{"pretty_name:", "license: other", "license_name:", "language:\n- en", "size_categories:\n- n<1K", "task_categories:", "configs:", "dataset_info:", "num_examples: "} {
		assert.Contains(t, front, key)
	}
	assert.Contains(t, body, "antisemitic", "the sample keeps its content warning")
	assert.Contains(t, body, "## Loading this release")

	m, err := dataset.ReadManifest(rel)
	require.NoError(t, err)
	ciDir := ensureDuckDB(t)
	var queries []string
	var want []int64
	for _, tf := range m.Tables {
		assert.Contains(t, front, "- config_name: "+tf.Name)
		for _, f := range tf.Files {
			split := strings.SplitN(filepath.Base(f.Path), "-", 2)[0]
			glob := filepath.Join(rel, "data", tf.Name, split+"-*.parquet")
			assert.Contains(t, front, "    path: data/"+tf.Name+"/"+split+"-*.parquet")
			queries = append(queries, fmt.Sprintf("SELECT count(*)::INTEGER AS n FROM read_parquet('%s')", glob))
			want = append(want, f.Rows)
		}
	}
	cmd := exec.Command("node", append([]string{filepath.Join(ciDir, "sql.mjs")}, queries...)...)
	outb, err := cmd.CombinedOutput()
	require.NoError(t, err, string(outb))
	var got []int64
	for _, line := range strings.Split(strings.TrimSpace(string(outb)), "\n") {
		var rows []map[string]any
		require.NoError(t, json.Unmarshal([]byte(line), &rows), line)
		n := fmt.Sprint(rows[0]["n"])
		var x int64
		_, err := fmt.Sscan(n, &x)
		require.NoError(t, err)
		got = append(got, x)
	}
	assert.Equal(t, want, got, "DuckDB reads every config and split with the manifest's row counts")
	var total int64
	for _, tf := range m.Tables {
		if tf.Name == "comments" {
			total = tf.Rows
		}
	}
	assert.Equal(t, int64(70), total)

	// Errors: no --to, a bad version, nothing changed, an understated version.
	code, _, _ = runCLI("release", ds)
	assert.Equal(t, exitUsage, code)
	code, _, _ = runCLI("release", ds, "--to", releases, "--version", "1.x")
	assert.Equal(t, exitUsage, code)
	code, _, stderr = runCLI("release", ds, "--to", releases, "--date", "2026-11-23")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "nothing changed since release 1.0.0")

	smaller := filepath.Join(dir, "smaller")
	code, _, stderr = runCLI("build", "-q", "--out", smaller, filepath.Join("sample", "000_27271087f4f471d8.txt"), filepath.Join("sample", "001_14190828f1643914.txt"))
	require.Equal(t, 0, code, stderr)
	code, _, stderr = runCLI("release", smaller, "--to", releases, "--version", "1.0.1", "--date", "2026-11-23")
	assert.Equal(t, exitFailure, code)
	assert.Contains(t, stderr, "1.0.1 is a patch change from 1.0.0, but the data needs major (2.0.0)")
	assert.Contains(t, stderr, "3 articles removed")
	_, err = os.Stat(filepath.Join(releases, "1.0.1"))
	assert.True(t, os.IsNotExist(err))
}
