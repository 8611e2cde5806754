package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/threadset/threadset/schema"
	"github.com/threadset/threadset/schema/dataset"
)

var update = flag.Bool("update", false, "rewrite golden files (fixtures/*/*/want, DATASET_CARD.md, .ci/duckdb/expected-types.json); inputs are never touched")

const fixturesDir = "../../fixtures"

// buildDir runs `threadset build` in-process and fails the test on a
// non-zero exit.
func buildDir(t *testing.T, args ...string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "dataset")
	var stdout, stderr bytes.Buffer
	code := run(append([]string{"build", "--quiet", "--out", out}, args...), &stdout, &stderr)
	require.Equal(t, exitOK, code, "build %v: %s", args, stderr.String())
	return out
}

// goldenFiles renders what a golden case compares: a JSON Lines dump of
// every table, the manifest, and the SHA-256 of every file written.
func goldenFiles(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	for _, tb := range schema.Tables() {
		var b bytes.Buffer
		require.NoError(t, dataset.Dump(dir, tb, &b))
		files[tb.Name+".jsonl"] = b.Bytes()
	}
	manifest, err := os.ReadFile(filepath.Join(dir, dataset.ManifestName))
	require.NoError(t, err)
	files["manifest.json"] = manifest
	files["sha256.txt"] = []byte(sha256Listing(t, dir))
	return files
}

// sha256Listing lists every file of a dataset with its SHA-256, sorted.
func sha256Listing(t *testing.T, dir string) string {
	t.Helper()
	var lines []string
	require.NoError(t, filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err != nil || fi.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		sum := sha256.Sum256(data)
		lines = append(lines, hex.EncodeToString(sum[:])+"  "+filepath.ToSlash(rel))
		return nil
	}))
	sort.Slice(lines, func(i, j int) bool { return lines[i][66:] < lines[j][66:] }) // by path
	return strings.Join(lines, "\n") + "\n"
}

// TestGolden builds every fixtures/<format>/<case>/input and compares the
// output with fixtures/<format>/<case>/want. With -update it rewrites want/.
func TestGolden(t *testing.T) {
	inputs, err := filepath.Glob(filepath.Join(fixturesDir, "*", "*", "input"))
	require.NoError(t, err)
	require.NotEmpty(t, inputs)
	for _, in := range inputs {
		caseDir := filepath.Dir(in)
		name := filepath.ToSlash(strings.TrimPrefix(caseDir, fixturesDir+string(filepath.Separator)))
		t.Run(name, func(t *testing.T) {
			out := buildDir(t, "--workers", "1", in)
			got := goldenFiles(t, out)
			want := filepath.Join(caseDir, "want")
			if *update {
				require.NoError(t, writeGoldens(want, got))
				return
			}
			for n, b := range got {
				w, err := os.ReadFile(filepath.Join(want, n))
				require.NoError(t, err, "missing golden file; run go test ./cmd/threadset -run TestGolden -update and review the diff")
				assertSameText(t, string(w), string(b), name+"/want/"+n+" (review, then run with -update)")
			}
			stale, err := staleGoldens(want, got)
			require.NoError(t, err)
			assert.Empty(t, stale, "%s/want holds files the build no longer produces; run go test ./cmd/threadset -run TestGolden -update to remove them", name)

			var stdout, stderr bytes.Buffer
			require.Equal(t, exitOK, run([]string{"validate", out}, &stdout, &stderr), stderr.String())
		})
	}
}

// writeGoldens makes want hold exactly the files of got: a file the build
// no longer produces is removed.
func writeGoldens(want string, got map[string][]byte) error {
	if err := os.RemoveAll(want); err != nil {
		return err
	}
	if err := os.MkdirAll(want, 0o755); err != nil {
		return err
	}
	for n, b := range got {
		if err := os.WriteFile(filepath.Join(want, n), b, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// staleGoldens lists the entries of want that are not in got, sorted: a
// golden file left from an older build would otherwise stay unchecked.
func staleGoldens(want string, got map[string][]byte) ([]string, error) {
	entries, err := os.ReadDir(want)
	if err != nil {
		return nil, err
	}
	var stale []string
	for _, e := range entries {
		if _, ok := got[e.Name()]; !ok {
			stale = append(stale, e.Name())
		}
	}
	return stale, nil
}

func TestGoldenDriverNoticesStaleFiles(t *testing.T) {
	want := filepath.Join(t.TempDir(), "want")
	got := map[string][]byte{"articles.jsonl": []byte("{}\n"), "sha256.txt": []byte("x\n")}
	require.NoError(t, writeGoldens(want, got))
	stale, err := staleGoldens(want, got)
	require.NoError(t, err)
	assert.Empty(t, stale)

	require.NoError(t, os.WriteFile(filepath.Join(want, "threads.jsonl"), []byte("{}\n"), 0o644))
	require.NoError(t, os.Mkdir(filepath.Join(want, "old-table"), 0o755))
	stale, err = staleGoldens(want, got)
	require.NoError(t, err)
	assert.Equal(t, []string{"old-table", "threads.jsonl"}, stale)

	// -update removes them.
	require.NoError(t, writeGoldens(want, got))
	stale, err = staleGoldens(want, got)
	require.NoError(t, err)
	assert.Empty(t, stale)
	entries, err := os.ReadDir(want)
	require.NoError(t, err)
	assert.Len(t, entries, 2)
}

// TestGoldenOrderAndWorkers builds each case again with more workers and
// the input files named one by one in reverse order, and checks that every
// byte is the same.
func TestGoldenOrderAndWorkers(t *testing.T) {
	inputs, err := filepath.Glob(filepath.Join(fixturesDir, "*", "*", "input"))
	require.NoError(t, err)
	for _, in := range inputs {
		entries, err := os.ReadDir(in)
		require.NoError(t, err)
		var files []string
		flat := true
		for _, e := range entries {
			if e.IsDir() {
				flat = false
			}
			if !e.IsDir() && !strings.HasPrefix(e.Name(), ".") {
				files = append([]string{filepath.Join(in, e.Name())}, files...) // reversed
			}
		}
		if !flat || len(files) == 0 {
			continue // naming files one by one would change their relative paths
		}
		t.Run(filepath.Base(filepath.Dir(in)), func(t *testing.T) {
			a := buildDir(t, "--workers", "1", in)
			b := buildDir(t, append([]string{"--workers", "4"}, files...)...)
			assert.Equal(t, sha256Listing(t, a), sha256Listing(t, b))
		})
	}
}

// TestSampleMatchesFixtures: the embedded sample is the seed fixtures, byte
// for byte.
func TestSampleMatchesFixtures(t *testing.T) {
	seeds, err := filepath.Glob(filepath.Join(fixturesDir, "textpage", "seeds", "input", "*.txt"))
	require.NoError(t, err)
	require.Len(t, seeds, 5)
	for _, s := range seeds {
		want, err := os.ReadFile(s)
		require.NoError(t, err)
		got, err := sampleFiles.ReadFile("sample/" + filepath.Base(s))
		require.NoError(t, err)
		assert.Equal(t, want, got, "cmd/threadset/sample/%s differs from %s", filepath.Base(s), s)
	}
	embedded, err := sampleFiles.ReadDir("sample")
	require.NoError(t, err)
	assert.Len(t, embedded, len(seeds))
}

// TestDatasetCardInSync: DATASET_CARD.md is the card a sample build writes,
// so it documents exactly the columns and vocabularies in schema/.
func TestDatasetCardInSync(t *testing.T) {
	out := buildDir(t)
	got, err := os.ReadFile(filepath.Join(out, dataset.CardName))
	require.NoError(t, err)
	path := filepath.Join("..", "..", "DATASET_CARD.md")
	if *update {
		require.NoError(t, os.WriteFile(path, got, 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err)
	assertSameText(t, string(want), string(got), "DATASET_CARD.md (out of date: go test ./cmd/threadset -run TestDatasetCardInSync -update)")
	for _, tb := range schema.Tables() {
		for _, c := range tb.Columns {
			assert.Contains(t, string(got), "| `"+c.Name+"` |", "card lacks column %s.%s", tb.Name, c.Name)
		}
	}
	for _, v := range schema.Vocabularies() {
		for _, val := range v.Values {
			assert.Contains(t, string(got), "| `"+val.Value+"` | "+val.Definition, "card lacks %s value %s", v.Name, val.Value)
		}
	}
	assert.Contains(t, string(got), "Content warning")
}

// duckDBTypes is how DuckDB names the column kinds.
var duckDBTypes = map[schema.Kind]string{
	schema.String:     "VARCHAR",
	schema.Int32:      "INTEGER",
	schema.Timestamp:  "TIMESTAMP WITH TIME ZONE",
	schema.Bool:       "BOOLEAN",
	schema.StringList: "VARCHAR[]",
}

// TestExpectedTypesInSync: the column types the DuckDB check expects are
// the ones schema/ documents.
func TestExpectedTypesInSync(t *testing.T) {
	type col struct {
		Name       string `json:"name"`
		DuckDBType string `json:"duckdb_type"`
		Label      bool   `json:"label,omitempty"`
	}
	spec := struct {
		Tables map[string][]col `json:"tables"`
	}{Tables: map[string][]col{}}
	for _, tb := range schema.Tables() {
		for _, c := range tb.Columns {
			spec.Tables[tb.Name] = append(spec.Tables[tb.Name], col{c.Name, duckDBTypes[c.Kind], c.Label})
		}
	}
	got, err := json.MarshalIndent(spec, "", "  ")
	require.NoError(t, err)
	got = append(got, '\n')
	path := filepath.Join("..", "..", ".ci", "duckdb", "expected-types.json")
	if *update {
		require.NoError(t, os.WriteFile(path, got, 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err)
	assertSameText(t, string(want), string(got), path+" (out of date: run with -update)")
}
