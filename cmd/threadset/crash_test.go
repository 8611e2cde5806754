package main

import (
	"crypto/sha256"
	"encoding/hex"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// fingerprint is every file and directory under dir with its bytes' hash:
// two datasets with the same fingerprint are the same version.
func fingerprint(t *testing.T, dir string) string {
	t.Helper()
	var lines []string
	require.NoError(t, filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if fi.IsDir() {
			lines = append(lines, rel+"/")
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		lines = append(lines, rel+" "+hex.EncodeToString(sum[:]))
		return nil
	}))
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

// crashIterations is how many kills of each command the crash test makes:
// THREADSET_CRASH_ITER, or 10 to keep the default suite quick.
func crashIterations(t *testing.T) int {
	if s := os.Getenv("THREADSET_CRASH_ITER"); s != "" {
		n, err := strconv.Atoi(s)
		require.NoError(t, err, "THREADSET_CRASH_ITER")
		return n
	}
	return 10
}

// TestCrashRecovery kills `build --force` and `labels import` with
// SIGKILL at random points, then runs the next command on the same path
// (validate, inspect, labels export, build, labels import), and checks that the dataset at
// DIR is then the old or the new version, byte for byte, that it
// validates, and that no temporary is left beside it.
func TestCrashRecovery(t *testing.T) {
	bin := buildBinary(t)
	iters := crashIterations(t)
	rng := rand.New(rand.NewSource(time.Now().UnixNano()))
	work := t.TempDir()
	inputs := []string{seedsDir(t, ""), seedsDir(t, "000")}
	refs := make([]string, 2)
	for i, in := range inputs {
		ref := filepath.Join(work, "ref"+strconv.Itoa(i))
		mustRun(t, "build", "-q", "--out", ref, in)
		refs[i] = fingerprint(t, ref)
	}
	require.NotEqual(t, refs[0], refs[1])

	parent := filepath.Join(work, "p")
	ds := filepath.Join(parent, "ds")
	run := func(args ...string) (time.Duration, int, string) {
		start := time.Now()
		code, _, stderr := runBin(bin, args...)
		return time.Since(start), code, stderr
	}
	d, code, stderr := run("build", "-q", "--out", ds, inputs[0])
	require.Equal(t, 0, code, stderr)
	buildTime := d

	// The next command on the path recovers; then DIR must be old or new.
	// A build without --force and an import of a bad file are refused
	// (exit 2, exit 1), after recovering.
	bad := filepath.Join(work, "bad.csv")
	writeFiles(t, work, map[string]string{"bad.csv": "comment_id,stance\nnosuch,against\n"})
	next := []struct {
		code int
		args []string
	}{
		{exitOK, []string{"validate", ds}},
		{exitOK, []string{"inspect", ds}},
		{exitOK, []string{"labels", "export", ds, "--force", "--out", filepath.Join(work, "tasks.csv")}},
		{exitUsage, []string{"build", "-q", "--out", ds, inputs[0]}},
		{exitFailure, []string{"labels", "import", ds, bad, "--annotator", "x"}},
	}
	outcomes := map[string]int{}
	check := func(what string, i int, old, new string) string {
		t.Helper()
		n := next[i%len(next)]
		_, code, notes := run(n.args...)
		require.Equal(t, n.code, code, "%s %d: the next command, %v: %s", what, i, n.args, notes)
		entries, err := os.ReadDir(parent)
		require.NoError(t, err)
		for _, e := range entries {
			require.Contains(t, []string{"ds", ".ds.lock"}, e.Name(), "%s %d: left behind after the next command", what, i)
		}
		_, code, stderr := run("validate", ds)
		require.Equal(t, 0, code, "%s %d: %s", what, i, stderr)
		fp := fingerprint(t, ds)
		switch fp {
		case old:
			outcomes[what+": old version"]++
		case new:
			outcomes[what+": new version"]++
		default:
			t.Fatalf("%s %d: the dataset is neither the old nor the new version", what, i)
		}
		for _, n := range []string{"the new version is in place", "the old version is back", "removed"} {
			if strings.Contains(notes, n) {
				outcomes[what+": recovery said "+n]++
			}
		}
		return fp
	}
	// Every other kill falls late in the run, where the syncs and renames
	// are: the others anywhere in it, or after it.
	kill := func(d time.Duration, args ...string) {
		cmd := exec.Command(bin, args...)
		require.NoError(t, cmd.Start())
		delay := rng.Int63n(int64(d)*6/5 + 1)
		if rng.Intn(2) == 0 {
			delay = int64(d)/2 + rng.Int63n(int64(d)*3/5+1)
		}
		time.Sleep(time.Duration(delay))
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	}

	cur := refs[0]
	for i := 0; i < iters; i++ {
		target := (i + 1) % 2
		kill(buildTime, "build", "-q", "--force", "--out", ds, inputs[target])
		cur = check("build --force", i, cur, refs[target])
	}

	// Imports: the new version is what the same import gives, run to the
	// end on a copy.
	files := []string{filepath.Join(work, "against.csv"), filepath.Join(work, "favor.csv")}
	labelFile(t, ds, files[0], "against")
	labelFile(t, ds, files[1], "favor")
	for i := 0; i < iters; i++ {
		args := func(dir string) []string {
			return []string{"labels", "import", dir, files[i%2], "--annotator", "alice", "--again"}
		}
		refDS := filepath.Join(work, "imp", strconv.Itoa(i), "ds")
		copyDir(t, ds, refDS)
		d, code, stderr := run(args(refDS)...)
		require.Equal(t, 0, code, stderr)
		want := fingerprint(t, refDS)
		require.NotEqual(t, cur, want)
		kill(d, args(ds)...)
		cur = check("labels import", i, cur, want)
	}
	var report []string
	for k, v := range outcomes {
		report = append(report, k+": "+strconv.Itoa(v))
	}
	sort.Strings(report)
	t.Logf("%d kills of each command:\n  %s", iters, strings.Join(report, "\n  "))
}
