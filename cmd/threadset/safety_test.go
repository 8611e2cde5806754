package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/threadset/threadset/schema"
	"github.com/threadset/threadset/schema/dataset"
	"github.com/threadset/threadset/schema/dslock"
)

// TestForceAndOutNeverDeleteUserFiles: --force replaces only a threadset
// dataset holding nothing but what its manifest lists, and --out may not
// be, contain or lie inside an INPUT. Nothing is changed, not even a lock
// file is made, when the command is refused.
func TestForceAndOutNeverDeleteUserFiles(t *testing.T) {
	root := t.TempDir()
	writeFiles(t, root, map[string]string{
		"in/page.txt":          goodPage,
		"webapp/manifest.json": `{"name":"My PWA"}`,
		"webapp/src/app.js":    "x",
		"scrape/page.txt":      goodPage,
		"work/in/page.txt":     goodPage,
	})
	in := filepath.Join(root, "in")
	ds := filepath.Join(root, "ds")
	mustRun(t, "build", "--quiet", "--out", ds, in)
	writeFiles(t, ds, map[string]string{"NOTES.txt": "my notes", "analysis/plot.py": "print(1)"})

	cases := []struct {
		name string
		args []string
		msg  []string
	}{
		{"a web app's manifest.json", []string{"build", "-q", "--force", "--out", filepath.Join(root, "webapp"), in},
			[]string{"webapp", "not a threadset dataset", "refusing"}},
		{"a user's files inside a dataset", []string{"build", "-q", "--force", "--out", ds, in},
			[]string{"holds NOTES.txt, analysis/", "does not list", "refusing"}},
		{"--out is the input", []string{"build", "-q", "--force", "--out", filepath.Join(root, "scrape"), filepath.Join(root, "scrape")},
			[]string{"is the input", "scrape"}},
		{"--out is the input, spelled differently", []string{"build", "-q", "--force", "--out", filepath.Join(root, "scrape") + "/", filepath.Join(root, "in", "..", "scrape")},
			[]string{"is the input"}},
		{"--out inside the input", []string{"build", "-q", "--out", filepath.Join(root, "scrape", "ds"), filepath.Join(root, "scrape")},
			[]string{"is inside the input"}},
		{"--out around the input", []string{"build", "-q", "--force", "--out", filepath.Join(root, "work"), filepath.Join(root, "work", "in", "page.txt")},
			[]string{"contains the input"}},
		{"--out empty", []string{"build", "-q", "--out", "", in}, []string{"output directory is empty", "--out"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := snapshot(t, root)
			code, _, stderr := runCLI(tc.args...)
			assert.Equal(t, exitUsage, code, stderr)
			for _, m := range tc.msg {
				assert.Contains(t, stderr, m)
			}
			assert.Equal(t, before, snapshot(t, root), "the command changed files")
		})
	}

	// An import replaces the dataset too: it refuses in the same case.
	labels := filepath.Join(root, "labels.csv")
	mustRun(t, "labels", "export", ds, "--table", "articles", "--out", labels)
	header, rows := readTasks(t, labels)
	require.Len(t, rows, 1)
	rows[0]["stance"] = "against"
	writeTasks(t, labels, header, rows)
	before := snapshot(t, root)
	code, _, stderr := runCLI("labels", "import", ds, labels, "--annotator", "alice")
	assert.Equal(t, exitFailure, code, stderr)
	assert.Contains(t, stderr, "holds NOTES.txt, analysis/")
	assert.Equal(t, before, snapshot(t, root), "the import changed files")
}

// TestQuietErrorSaysWhatWentWrong: with -q the messages are hidden, so
// the final error must not refer to them.
func TestQuietErrorSaysWhatWentWrong(t *testing.T) {
	root := t.TempDir()
	writeFiles(t, root, map[string]string{"in/empty.txt": "", "in/bin.txt": "PK\x03\x04\x00"})
	code, _, stderr := runCLI("build", "-q", "--out", filepath.Join(root, "o"), filepath.Join(root, "in"))
	assert.Equal(t, exitUsage, code)
	assert.NotContains(t, stderr, "see the messages above")
	assert.Contains(t, stderr, "bin.txt: textpage: ")
	assert.Contains(t, stderr, "empty.txt: empty file")

	code, _, stderr = runCLI("build", "--out", filepath.Join(root, "o"), filepath.Join(root, "in"))
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "skipped: ")
	assert.Contains(t, stderr, "see the messages above")
}

// TestRelabelledBuildPublishesOnce: a build whose labels are re-matched by
// text used to publish a version without them, then rewrite it. Every
// version a reader can see at DIR must be the old one or the final one.
func TestRelabelledBuildPublishesOnce(t *testing.T) {
	work := t.TempDir()
	seeds := seedsDir(t, "")
	v1 := filepath.Join(work, "v1")
	mustRun(t, "build", "--quiet", "--out", v1, seeds)
	tasks := filepath.Join(work, "t.csv")
	mustRun(t, "labels", "export", v1, "--article", articleOf(t, v1, "000_27271087f4f471d8.txt"), "--out", tasks)
	header, rows := readTasks(t, tasks)
	rows[0]["discourse_act"] = "announcement"
	writeTasks(t, tasks, header, rows[:1])
	mustRun(t, "labels", "import", v1, tasks, "--annotator", "alice")
	page := filepath.Join(seeds, "000_27271087f4f471d8.txt")
	data, err := os.ReadFile(page)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(page, append(data, "\n\n"...), 0o644)) // re-scraped: new IDs, same text

	v2 := filepath.Join(work, "v2")
	mustRun(t, "build", "--quiet", "--out", v2, seeds)
	old, err := os.ReadFile(filepath.Join(v2, dataset.ManifestName))
	require.NoError(t, err)

	seen := map[string]bool{}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			if b, err := os.ReadFile(filepath.Join(v2, dataset.ManifestName)); err == nil {
				seen[string(b)] = true
			}
		}
	}()
	mustRun(t, "build", "--quiet", "--force", "--out", v2, "--labels-from", v1, seeds)
	close(stop)
	wg.Wait()
	final, err := os.ReadFile(filepath.Join(v2, dataset.ManifestName))
	require.NoError(t, err)
	delete(seen, string(old))
	delete(seen, string(final))
	assert.Empty(t, seen, "a version that is neither the old nor the final one was published")
	mustRun(t, "validate", v2)
	assert.Len(t, rows2(t, v2, schema.Annotations), 1)
	assertNoLeftovers(t, work)
}

// asUser runs cmd as nobody when the tests run as root, so that file
// permissions apply.
func asUser(cmd *exec.Cmd) {
	if os.Getuid() == 0 {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	}
}

// openUp lets another user through the test's private directories.
func openUp(t *testing.T, paths ...string) {
	t.Helper()
	for _, p := range paths {
		for d := p; d != "/" && d != "." && strings.HasPrefix(d, os.TempDir()); d = filepath.Dir(d) {
			fi, err := os.Stat(d)
			require.NoError(t, err)
			require.NoError(t, os.Chmod(d, fi.Mode().Perm()|0o555))
		}
	}
}

func runBin(bin string, args ...string) (int, string, string) {
	cmd := exec.Command(bin, args...)
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err := cmd.Run()
	code := 0
	if err != nil {
		code = -1
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		}
	}
	return code, o.String(), e.String()
}

// labelFile writes a task file of every comment of ds with value in the
// stance column.
func labelFile(t *testing.T, ds, path, value string) int {
	t.Helper()
	mustRun(t, "labels", "export", ds, "--out", path)
	header, rows := readTasks(t, path)
	for _, r := range rows {
		r["stance"] = value
	}
	writeTasks(t, path, header, rows)
	return len(rows)
}

func annotators(t *testing.T, ds string) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, a := range rows2(t, ds, schema.Annotations) {
		out[a["annotator"].(string)]++
	}
	return out
}

// TestExitCodesOfWriters: the loser of a race for a new DIR gets 2 (it
// exists), an import into a read-only dataset 3 (an I/O failure), and
// --no-wait against a held lock 4; without --no-wait a writer says whom
// it waits for.
func TestExitCodesOfWriters(t *testing.T) {
	bin := buildBinary(t)
	seeds := seedsDir(t, "")
	work := t.TempDir()

	t.Run("race for a new output", func(t *testing.T) {
		for i := 0; i < 10; i++ {
			out := filepath.Join(work, "race", strings.Repeat("x", i+1))
			codes := make([]int, 2)
			errs := make([]string, 2)
			var wg sync.WaitGroup
			for j := range codes {
				wg.Add(1)
				go func() {
					defer wg.Done()
					codes[j], _, errs[j] = runBin(bin, "build", "-q", "--out", out, seeds)
				}()
			}
			wg.Wait()
			sort.Ints(codes)
			require.Equal(t, []int{exitOK, exitUsage}, codes, "trial %d: %v", i, errs)
			assert.Contains(t, errs[0]+errs[1], "already exists")
		}
		assertNoLeftovers(t, filepath.Join(work, "race"))
	})

	ds := filepath.Join(work, "ds")
	mustRun(t, "build", "-q", "--out", ds, seeds)
	n := labelFile(t, ds, filepath.Join(work, "alice.csv"), "against")

	t.Run("read-only dataset", func(t *testing.T) {
		ro := filepath.Join(work, "ro", "ds")
		copyDir(t, ds, ro)
		openUp(t, bin, ro, filepath.Join(work, "alice.csv"))
		before := snapshot(t, filepath.Dir(ro))
		require.NoError(t, filepath.Walk(filepath.Dir(ro), func(p string, fi os.FileInfo, err error) error {
			if err != nil {
				return err
			}
			return os.Chmod(p, fi.Mode().Perm()&^0o222)
		}))
		defer func() {
			_ = filepath.Walk(filepath.Dir(ro), func(p string, fi os.FileInfo, err error) error {
				if err == nil {
					_ = os.Chmod(p, fi.Mode().Perm()|0o200)
				}
				return nil
			})
		}()
		cmd := exec.Command(bin, "labels", "import", ro, filepath.Join(work, "alice.csv"), "--annotator", "alice")
		asUser(cmd)
		var e bytes.Buffer
		cmd.Stderr = &e
		err := cmd.Run()
		var ee *exec.ExitError
		require.ErrorAs(t, err, &ee, e.String())
		assert.Equal(t, exitInternal, ee.ExitCode(), e.String())
		assert.Contains(t, e.String(), "permission denied")
		after := snapshot(t, filepath.Dir(ro))
		for k, v := range before {
			after[k] = strings.Replace(after[k], "r--r--r--", "rw-r--r--", 1)
			after[k] = strings.Replace(after[k], "r-xr-xr-x", "rwxr-xr-x", 1)
			_ = v
		}
		assert.Equal(t, before, after, "the read-only dataset was changed")
	})

	t.Run("--no-wait and waiting", func(t *testing.T) {
		l, err := dslock.Acquire(t.Context(), ds, dslock.Options{})
		require.NoError(t, err)
		code, _, stderr := runBin(bin, "labels", "import", "--no-wait", ds, filepath.Join(work, "alice.csv"), "--annotator", "alice")
		assert.Equal(t, exitBusy, code, stderr)
		assert.Contains(t, stderr, "locked by another process")
		assert.Contains(t, stderr, "pid "+itoa(os.Getpid()))
		code, _, stderr = runBin(bin, "build", "-q", "--no-wait", "--force", "--out", ds, seeds)
		assert.Equal(t, exitBusy, code, stderr)

		cmd := exec.Command(bin, "labels", "import", ds, filepath.Join(work, "alice.csv"), "--annotator", "alice")
		var e syncBuffer
		cmd.Stderr = &e
		require.NoError(t, cmd.Start())
		deadline := time.Now().Add(20 * time.Second)
		for !strings.Contains(e.String(), "waiting for the lock on "+ds+" held by pid "+itoa(os.Getpid())) {
			require.True(t, time.Now().Before(deadline), "no waiting message: %q", e.String())
			time.Sleep(20 * time.Millisecond)
		}
		require.NoError(t, l.Release())
		require.NoError(t, cmd.Wait(), e.String())
		assert.Equal(t, map[string]int{"alice": n}, annotators(t, ds))
	})
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func copyDir(t *testing.T, src, dst string) {
	t.Helper()
	require.NoError(t, filepath.Walk(src, func(p string, fi os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if fi.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	}))
}

// TestConcurrentImports: two annotators import into one dataset at the
// same time, 20 times over; every label of both must be in the result.
func TestConcurrentImports(t *testing.T) {
	bin := buildBinary(t)
	work := t.TempDir()
	template := filepath.Join(work, "template")
	mustRun(t, "build", "-q", "--out", template, seedsDir(t, ""))
	alice, bob := filepath.Join(work, "alice.csv"), filepath.Join(work, "bob.csv")
	n := labelFile(t, template, alice, "against")
	require.Equal(t, n, labelFile(t, template, bob, "favor"))
	for i := 0; i < 20; i++ {
		ds := filepath.Join(work, "trial", itoa(i), "ds")
		copyDir(t, template, ds)
		var wg sync.WaitGroup
		errs := make([]string, 2)
		codes := make([]int, 2)
		for j, f := range []string{alice, bob} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				codes[j], _, errs[j] = runBin(bin, "labels", "import", ds, f, "--annotator", []string{"alice", "bob"}[j])
			}()
		}
		wg.Wait()
		require.Equal(t, []int{0, 0}, codes, "trial %d: %v", i, errs)
		require.Equal(t, map[string]int{"alice": n, "bob": n}, annotators(t, ds), "trial %d: an annotator's labels were lost", i)
		mustRun(t, "validate", ds)
		assertNoLeftovers(t, filepath.Dir(ds))
	}
}

// TestExitStatusDocumented: the README and --help list the same codes.
func TestExitStatusDocumented(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	require.NoError(t, err)
	_, help, _ := runCLI("--help")
	for _, c := range []struct {
		code         int
		readme, help string
	}{
		{exitFailure, "1 `validate` found a problem", "  1  validate found a problem"},
		{exitUsage, "an empty `--out`, `--out` equal to, inside or\naround an INPUT", "empty --out, --out equal to, inside or around an INPUT"},
		{exitInternal, "3 any other error (an I/O failure\nsuch as a read-only dataset", "  3  any other error (I/O failure such as a read-only dataset"},
		{exitBusy, "4 `--no-wait` and another command holds the\ndataset's lock", "  4  --no-wait, and another threadset command holds the dataset's lock"},
	} {
		assert.Contains(t, oneLine(string(readme)), oneLine(c.readme), "README, exit %d", c.code)
		assert.Contains(t, oneLine(help), oneLine(c.help), "--help, exit %d", c.code)
	}
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
