package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/threadset/threadset/schema/dataset"
)

const goodPage = "A Headline\n\nThe body of the page.\n"

func runCLI(args ...string) (code int, stdout, stderr string) {
	var o, e bytes.Buffer
	code = run(args, &o, &e)
	return code, o.String(), e.String()
}

// snapshot records every file under dir with its bytes' hash, to show that
// a command changed nothing.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	require.NoError(t, filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		if fi.Mode().IsRegular() {
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			sum := sha256.Sum256(data)
			out[p] = hex.EncodeToString(sum[:]) + " " + fi.Mode().String()
		} else {
			out[p] = fi.Mode().String()
		}
		return nil
	}))
	return out
}

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, name)
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
	}
}

func TestBadInputs(t *testing.T) {
	cases := []struct {
		name    string
		files   map[string]string
		symlink string // a dangling symlink added under this name
		// wantMsg must appear in the error; it names the file and what is wrong.
		wantMsg []string
	}{
		{"empty file", map[string]string{"empty.txt": ""}, "", []string{"empty.txt", "empty file"}},
		{"binary file", map[string]string{"x.txt": "PK\x03\x04\x00\x01"}, "", []string{"x.txt", "line 1, column 5", "NUL byte", "binary"}},
		{"invalid UTF-8", map[string]string{"bad.txt": "Title\n\nbody \xc3\x28 here\n"}, "", []string{"bad.txt", "line 3, column 6", "invalid UTF-8 byte 0xc3"}},
		{"no title", map[string]string{"p.txt": "a paragraph\nthat wraps\n\nmore\n"}, "", []string{"p.txt", "line 1", "no recognisable title"}},
		{"whitespace only", map[string]string{"w.txt": "  \n\n\t\n"}, "", []string{"w.txt", "no text"}},
		{"unreadable file", nil, "gone.txt", []string{"gone.txt", "cannot read"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			root := t.TempDir()
			in := filepath.Join(root, "in")
			require.NoError(t, os.MkdirAll(in, 0o755))
			writeFiles(t, in, tc.files)
			if tc.symlink != "" {
				require.NoError(t, os.Symlink(filepath.Join(root, "missing"), filepath.Join(in, tc.symlink)))
			}
			before := snapshot(t, in)
			out := filepath.Join(root, "out")

			// --strict: the build fails, names the file and position, writes nothing.
			code, _, stderr := runCLI("build", "--quiet", "--strict", "--out", out, in)
			assert.Equal(t, exitFailure, code, stderr)
			for _, m := range tc.wantMsg {
				assert.Contains(t, stderr, m)
			}
			assert.NoDirExists(t, out)
			assertNoLeftovers(t, root)

			// Without --strict, with a good page beside it: the bad file is
			// skipped, reported, and listed in the manifest's warnings.
			writeFiles(t, in, map[string]string{"good.txt": goodPage})
			code, _, stderr = runCLI("build", "--out", out, in)
			require.Equal(t, exitOK, code, stderr)
			for _, m := range tc.wantMsg {
				assert.Contains(t, stderr, m)
			}
			m, err := dataset.ReadManifest(out)
			require.NoError(t, err)
			require.Len(t, m.Warnings, 1)
			assert.Equal(t, "skipped_input", m.Warnings[0].Kind)
			assert.Equal(t, int64(1), m.Table("articles").Rows)

			// Only the bad file alone: nothing to build, nothing written.
			require.NoError(t, os.Remove(filepath.Join(in, "good.txt")))
			out2 := filepath.Join(root, "out2")
			code, _, stderr = runCLI("build", "--quiet", "--out", out2, in)
			assert.Equal(t, exitUsage, code, stderr)
			assert.Contains(t, stderr, "no articles were built")
			assert.NoDirExists(t, out2)

			assert.Equal(t, before, snapshot(t, in), "inputs were modified")
		})
	}
}

// assertNoLeftovers checks that no temporary build directory was left.
func assertNoLeftovers(t *testing.T, dir string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	for _, e := range entries {
		assert.False(t, strings.Contains(e.Name(), ".tmp-") || strings.Contains(e.Name(), ".old-"), "left behind: %s", e.Name())
	}
}

func TestUsageErrors(t *testing.T) {
	root := t.TempDir()
	emptyDir := filepath.Join(root, "nothing")
	require.NoError(t, os.MkdirAll(emptyDir, 0o755))
	writeFiles(t, emptyDir, map[string]string{"notes.md": "not an input"})
	page := filepath.Join(root, "page.txt")
	writeFiles(t, root, map[string]string{"page.txt": goodPage})
	notDataset := filepath.Join(root, "precious")
	writeFiles(t, notDataset, map[string]string{"keep.txt": "do not delete"})
	aFile := filepath.Join(root, "afile")
	writeFiles(t, root, map[string]string{"afile": "x"})

	cases := []struct {
		name string
		args []string
		code int
		msg  []string
	}{
		{"missing input", []string{"build", "--out", filepath.Join(root, "o1"), filepath.Join(root, "nope.txt")}, exitUsage, []string{"nope.txt", "does not exist"}},
		{"directory without inputs", []string{"build", "--out", filepath.Join(root, "o2"), emptyDir}, exitUsage, []string{"nothing", "no input files", "*.txt"}},
		{"existing output", []string{"build", "--out", notDataset, page}, exitUsage, []string{"precious", "already exists", "--force"}},
		{"force on a directory that is not a dataset", []string{"build", "--force", "--out", notDataset, page}, exitUsage, []string{"precious", "not a threadset dataset", "refusing"}},
		{"force on a file", []string{"build", "--force", "--out", aFile, page}, exitUsage, []string{"afile", "not a directory"}},
		{"unknown format", []string{"build", "--format", "xml", "--out", filepath.Join(root, "o3"), page}, exitUsage, []string{`unknown format "xml", must be one of [`}},
		{"bad workers", []string{"build", "--workers", "0", "--out", filepath.Join(root, "o4"), page}, exitUsage, []string{"--workers must be at least 1"}},
		{"unknown flag", []string{"build", "--frobnicate"}, exitUsage, []string{"unknown flag"}},
		{"unknown command", []string{"frobnicate"}, exitUsage, []string{"unknown command"}},
		{"validate needs DIR", []string{"validate"}, exitUsage, []string{"accepts 1 arg"}},
		{"validate on a non-dataset", []string{"validate", notDataset}, exitFailure, []string{"not a threadset dataset"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := snapshot(t, root)
			code, _, stderr := runCLI(tc.args...)
			assert.Equal(t, tc.code, code, stderr)
			for _, m := range tc.msg {
				assert.Contains(t, stderr, m)
			}
			assert.Equal(t, before, snapshot(t, root), "the command changed files")
		})
	}
}

func TestForceReplacesDataset(t *testing.T) {
	root := t.TempDir()
	writeFiles(t, root, map[string]string{"in/a.txt": goodPage, "in2/b.txt": "Other Headline\n\nOther body.\n"})
	out := filepath.Join(root, "ds")
	code, _, stderr := runCLI("build", "--quiet", "--out", out, filepath.Join(root, "in"))
	require.Equal(t, exitOK, code, stderr)
	first := snapshot(t, out)

	// A failing --force build leaves the old dataset untouched.
	writeFiles(t, root, map[string]string{"bad/x.txt": ""})
	code, _, _ = runCLI("build", "--quiet", "--strict", "--force", "--out", out, filepath.Join(root, "bad"))
	assert.Equal(t, exitFailure, code)
	assert.Equal(t, first, snapshot(t, out))

	code, _, stderr = runCLI("build", "--quiet", "--force", "--out", out, filepath.Join(root, "in2"))
	require.Equal(t, exitOK, code, stderr)
	m, err := dataset.ReadManifest(out)
	require.NoError(t, err)
	require.Len(t, m.Inputs, 1)
	assert.Equal(t, "b.txt", m.Inputs[0].Path)
	assertNoLeftovers(t, root)
}

func TestInspectAndFormats(t *testing.T) {
	out := buildDir(t)
	code, stdout, stderr := runCLI("inspect", out)
	require.Equal(t, exitOK, code, stderr)
	for _, want := range []string{"articles          5", "comments         70", "depth 2", "anonymous comments: 15", "Hasbara Hunter", "comments.discourse_act   0/70"} {
		assert.Contains(t, stdout, want)
	}
	code, stdout, _ = runCLI("inspect", "--json", out)
	require.Equal(t, exitOK, code)
	var s dataset.Summary
	require.NoError(t, json.Unmarshal([]byte(stdout), &s))
	assert.Equal(t, []int64{66, 2, 2}, s.DepthHistogram)

	code, stdout, _ = runCLI("formats")
	require.Equal(t, exitOK, code)
	assert.Contains(t, stdout, "textpage")

	code, stdout, _ = runCLI("build", "--help")
	require.Equal(t, exitOK, code)
	assert.Contains(t, stdout, "Examples:")
	code, stdout, _ = runCLI("--help")
	require.Equal(t, exitOK, code)
	assert.Contains(t, stdout, "EXIT STATUS")
}

// buildBinary compiles threadset once for the tests that need a separate
// process (a different time zone or locale is only seen at process start).
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "threadset")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	cmd.Stderr = os.Stderr
	require.NoError(t, cmd.Run())
	return bin
}

// TestReproducibleAcrossEnvironments builds the seed pages in two processes
// that differ in time zone, locale, worker count, input order and the
// absolute path of the inputs, and checks every output byte is the same.
func TestReproducibleAcrossEnvironments(t *testing.T) {
	bin := buildBinary(t)
	seeds, err := filepath.Glob(filepath.Join(fixturesDir, "textpage", "seeds", "input", "*.txt"))
	require.NoError(t, err)
	root := t.TempDir()
	copyDir := filepath.Join(root, "elsewhere", "deeper")
	var copies []string
	for _, s := range seeds {
		data, err := os.ReadFile(s)
		require.NoError(t, err)
		p := filepath.Join(copyDir, filepath.Base(s))
		writeFiles(t, copyDir, map[string]string{filepath.Base(s): string(data)})
		copies = append(copies, p)
	}
	sort.Sort(sort.Reverse(sort.StringSlice(copies)))

	build := func(out string, env []string, args ...string) {
		cmd := exec.Command(bin, append([]string{"build", "--quiet", "--out", out}, args...)...)
		cmd.Env = append(os.Environ(), env...)
		msg, err := cmd.CombinedOutput()
		require.NoError(t, err, string(msg))
	}
	a := filepath.Join(root, "a")
	b := filepath.Join(root, "b")
	build(a, []string{"TZ=UTC", "LC_ALL=C"}, append([]string{"--workers", "1"}, seeds...)...)
	build(b, []string{"TZ=Pacific/Chatham", "LC_ALL=tr_TR.UTF-8", "LANG=tr_TR.UTF-8"}, append([]string{"--workers", "8"}, copies...)...)
	assert.Equal(t, sha256Listing(t, a), sha256Listing(t, b))

	// The embedded sample gives the same tables as the seed fixtures.
	c := filepath.Join(root, "c")
	build(c, []string{"TZ=Asia/Kathmandu"})
	for _, table := range []string{"articles", "comments", "sources", "authors"} {
		x, err := os.ReadFile(filepath.Join(a, table, dataset.PartName))
		require.NoError(t, err)
		y, err := os.ReadFile(filepath.Join(c, table, dataset.PartName))
		require.NoError(t, err)
		assert.Equal(t, x, y, table)
	}
}

// TestDuckDBReadBack reads the sample dataset with DuckDB through the
// @duckdb/node-api package, installing it first if needed.
func TestDuckDBReadBack(t *testing.T) {
	ciDir := ensureDuckDB(t)
	out := buildDir(t)
	cmd := exec.Command("node", filepath.Join(ciDir, "check.mjs"), out)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	require.NoError(t, cmd.Run(), stderr.String())
	var report struct {
		Tables map[string]struct {
			Rows    int `json:"rows"`
			Columns int `json:"columns"`
		} `json:"tables"`
		Queries map[string]int `json:"queries"`
	}
	require.NoError(t, json.Unmarshal(stdout.Bytes(), &report))
	assert.Equal(t, 5, report.Tables["articles"].Rows)
	assert.Equal(t, 70, report.Tables["comments"].Rows)
	assert.Equal(t, 70, report.Queries["comments_reached_from_roots"])
}

// TestDuckDBReadsEveryFixture reads the build of every golden case back
// with DuckDB: row counts, column types, the README's queries, and the
// conversation tables (reply_pairs, threads) checked against comments by
// SQL, for every input format.
func TestDuckDBReadsEveryFixture(t *testing.T) {
	ciDir := ensureDuckDB(t)
	inputs, err := filepath.Glob(filepath.Join(fixturesDir, "*", "*", "input"))
	require.NoError(t, err)
	checked := 0
	for _, in := range inputs {
		out := filepath.Join(t.TempDir(), "ds")
		if code, _, _ := runCLI("build", "-q", "--out", out, in); code != exitOK {
			continue // the bad-input cases build nothing
		}
		cmd := exec.Command("node", filepath.Join(ciDir, "check.mjs"), out)
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		require.NoError(t, cmd.Run(), "%s: %s", in, stderr.String())
		var report struct {
			Queries map[string]int `json:"queries"`
		}
		require.NoError(t, json.Unmarshal(stdout.Bytes(), &report))
		assert.Equal(t, report.Queries["comments_joined_to_articles"], report.Queries["reply_pairs_checked"], in)
		checked++
	}
	assert.GreaterOrEqual(t, checked, 15)
}
