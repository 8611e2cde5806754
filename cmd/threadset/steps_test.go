package main

import (
	"bytes"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/threadset/threadset/schema"
)

// stepsCorpus copies a mixed corpus into root/in: text pages (some of
// them reposts, numbered by their article key), a Disqus export joined to
// a page by sidecar metadata, a Disqus export with threads of their own,
// Pushshift comments and submissions, a WordPress export, and enough
// generated pages for many buckets.
func stepsCorpus(t *testing.T, root string) string {
	t.Helper()
	in := filepath.Join(root, "in")
	for dst, src := range map[string]string{
		"join":   "join/disqus-and-page",
		"reddit": "reddit/pushshift-join",
		"wxr":    "wxr/theme-unit-test",
		"seeds":  "textpage/seeds",
		"isso":   "disqus/isso",
	} {
		dir := filepath.Join(fixturesDir, filepath.FromSlash(src), "input")
		entries, err := os.ReadDir(dir)
		require.NoError(t, err)
		for _, e := range entries {
			data, err := os.ReadFile(filepath.Join(dir, e.Name()))
			require.NoError(t, err)
			writeFiles(t, filepath.Join(in, dst), map[string]string{e.Name(): string(data)})
		}
	}
	pages := map[string]string{}
	for i := 0; i < 150; i++ {
		// Every tenth page repeats a headline: its article ID depends on
		// the order the build writes the pages in.
		title := fmt.Sprintf("Generated headline %d", i)
		if i%10 == 9 {
			title = "A repeated headline"
		}
		pages[fmt.Sprintf("page-%03d.txt", i)] = fmt.Sprintf("%s\n\nThe body of page %d, long enough to be a body.\n", title, i)
	}
	writeFiles(t, filepath.Join(in, "generated"), pages)
	return in
}

// TestStepsGiveTheSameBytes runs a build as separate processes — plan,
// partitions and buckets in shuffled order with one of each run twice,
// then assemble — from another directory than the plan's, and requires
// every byte of the dataset to be that of the one-command build; then
// again in-process with other step counts and the indexes from Slurm's
// and Kubernetes' variables.
func TestStepsGiveTheSameBytes(t *testing.T) {
	bin := buildBinary(t)
	root := t.TempDir()
	stepsCorpus(t, root)
	elsewhere := t.TempDir()

	run := func(dir string, env []string, args ...string) string {
		t.Helper()
		cmd := exec.Command(bin, args...)
		if args[0] == "bash" {
			cmd = exec.Command(args[0], args[1:]...)
		}
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), env...)
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "%v: %s", args, out)
		return string(out)
	}
	one := filepath.Join(root, "one")
	run(root, nil, "build", "--quiet", "--out", one, "in")
	want := sha256Listing(t, one)

	work := filepath.Join(root, "work")
	run(root, nil, "build", "plan", "--work", "work", "in") // relative paths, resolved at plan time
	rng := rand.New(rand.NewSource(11))
	shuffled := func(n int) []int {
		order := rng.Perm(n)
		return append(order, order[rng.Intn(n)]) // one of them again
	}
	for _, i := range shuffled(3) {
		run(elsewhere, nil, "build", "partition", "--quiet", "--work", work, "--index", fmt.Sprint(i), "--count", "3")
	}
	buckets := 0
	for _, i := range shuffled(5) {
		out := run(elsewhere, nil, "build", "bucket", "--work", work, "--index", fmt.Sprint(i), "--count", "5")
		var n int
		if _, err := fmt.Sscanf(out, fmt.Sprintf("bucket %d of 5: finished %%d article(s)", i), &n); err == nil && n > 0 {
			buckets++
		}
	}
	assert.Equal(t, 5, buckets, "every bucket finished articles")
	two := filepath.Join(elsewhere, "two")
	run(elsewhere, nil, "build", "assemble", "--quiet", "--work", work, "--out", two)
	assert.Equal(t, want, sha256Listing(t, two))

	// The same work directory, other bucket counts (one, and more buckets
	// than tasks in some), indexes from the job arrays' variables.
	for _, count := range []int{1, 7} {
		for i := count - 1; i >= 0; i-- {
			if i%2 == 0 {
				t.Setenv("SLURM_ARRAY_TASK_ID", fmt.Sprint(i+1))
				t.Setenv("SLURM_ARRAY_TASK_MIN", "1")
				t.Setenv("SLURM_ARRAY_TASK_COUNT", fmt.Sprint(count))
				code, _, stderr := runCLI("build", "bucket", "--quiet", "--work", work)
				require.Equal(t, exitOK, code, stderr)
			} else {
				t.Setenv("SLURM_ARRAY_TASK_ID", "")
				t.Setenv("JOB_COMPLETION_INDEX", fmt.Sprint(i))
				code, _, stderr := runCLI("build", "bucket", "--quiet", "--work", work, "--count", fmt.Sprint(count))
				require.Equal(t, exitOK, code, stderr)
			}
			t.Setenv("SLURM_ARRAY_TASK_ID", "")
			t.Setenv("JOB_COMPLETION_INDEX", "")
		}
		// Only complete sets count: remove those made before.
		for _, old := range []int{5, 1} {
			if old != count {
				matches, _ := filepath.Glob(filepath.Join(work, "buckets", fmt.Sprintf("*-of-%05d.jsonl", old)))
				for _, m := range matches {
					require.NoError(t, os.Remove(m))
				}
			}
		}
		out := filepath.Join(root, fmt.Sprintf("count-%d", count))
		code, _, stderr := runCLI("build", "assemble", "--quiet", "--work", work, "--out", out)
		require.Equal(t, exitOK, code, stderr)
		assert.Equal(t, want, sha256Listing(t, out), "%d buckets", count)
	}
	// Nothing of the steps' scratch is left in the work directory.
	left, err := os.ReadDir(filepath.Join(work, "scratch"))
	require.NoError(t, err)
	assert.Empty(t, left)

	// deploy/slurm/threadset.sbatch, with a stand-in sbatch that runs each
	// job as it is submitted (so after the jobs it depends on), the tasks
	// of an array from the last.
	fakeBin := t.TempDir()
	writeFiles(t, fakeBin, map[string]string{"sbatch": fakeSbatch})
	require.NoError(t, os.Chmod(filepath.Join(fakeBin, "sbatch"), 0o755))
	script, err := filepath.Abs(filepath.Join(deployDir, "slurm", "threadset.sbatch"))
	require.NoError(t, err)
	msg := run(root, []string{"PATH=" + fakeBin + string(os.PathListSeparator) + os.Getenv("PATH"), "THREADSET=" + bin, "PARTITIONS=4", "BUCKETS=3"},
		"bash", script, "slurm-work", "slurm-out", "in")
	assert.Contains(t, msg, "bucket 0 of 3: finished")
	assert.Equal(t, want, sha256Listing(t, filepath.Join(root, "slurm-out")), msg)
}

// fakeSbatch stands in for Slurm's sbatch: it runs the job at once, each
// task of an --array with the variables Slurm sets, and prints a job ID.
const fakeSbatch = `#!/bin/bash
set -euo pipefail
array= chdir=. exports=
while [ $# -gt 0 ]; do
	case $1 in
	--parsable | --job-name=* | --dependency=*) shift ;;
	--array=*) array=${1#--array=}; shift ;;
	--chdir=*) chdir=${1#--chdir=}; shift ;;
	--export=*) exports=${1#--export=}; shift ;;
	-*) echo "fake sbatch: unexpected option $1" >&2; exit 1 ;;
	*) break ;;
	esac
done
script=$1
shift
IFS=, read -ra kv <<<"$exports"
for e in "${kv[@]}"; do
	if [ "$e" != ALL ]; then export "${e?}"; fi
done
cd "$chdir"
if [ -n "$array" ]; then
	last=${array#0-}
	for ((i = last; i >= 0; i--)); do
		SLURM_ARRAY_TASK_ID=$i SLURM_ARRAY_TASK_MIN=0 SLURM_ARRAY_TASK_COUNT=$((last + 1)) SLURM_CPUS_PER_TASK=1 bash "$script" "$@" >&2
	done
else
	bash "$script" "$@" >&2
fi
echo "$RANDOM"
`

// Steps run out of turn, on another plan, or without an index are
// refused with a usage error, and write no dataset.
func TestStepsRefused(t *testing.T) {
	root := t.TempDir()
	writeFiles(t, filepath.Join(root, "in"), map[string]string{"a.txt": goodPage, "b.txt": "Another\n\nBody.\n"})
	in := filepath.Join(root, "in")
	work := filepath.Join(root, "work")
	out := filepath.Join(root, "out")
	step := func(args ...string) (int, string) {
		code, _, stderr := runCLI(append([]string{"build"}, args...)...)
		return code, stderr
	}
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"no plan", []string{"partition", "--work", work, "--index", "0", "--count", "1"}, "holds no plan.json"},
		{"no work", []string{"bucket", "--index", "0", "--count", "1"}, "--work DIR"},
		{"no inputs", []string{"plan", "--work", work}, "requires at least 1 arg"},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, stderr := step(c.args...)
			assert.Equal(t, exitUsage, code)
			assert.Contains(t, stderr, c.want)
		})
	}
	code, stderr := step("plan", "--work", work, in)
	require.Equal(t, exitOK, code, stderr)
	code, stderr = step("plan", "--work", work, in) // the same plan again
	require.Equal(t, exitOK, code, stderr)
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"other plan", []string{"plan", "--work", work, "--strict", in}, "planned with other inputs, settings"},
		{"no index", []string{"partition", "--work", work}, "give --index"},
		{"no count", []string{"partition", "--work", work, "--index", "0"}, "give --count"},
		{"index out of range", []string{"partition", "--work", work, "--index", "2", "--count", "2"}, "--index 2 is not in 0..1"},
		{"bucket before partitions", []string{"bucket", "--work", work, "--index", "0", "--count", "1"}, "is not parsed yet"},
		{"assemble before buckets", []string{"assemble", "--work", work, "--out", out}, "holds no bucket"},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, stderr := step(c.args...)
			assert.Equal(t, exitUsage, code, stderr)
			assert.Contains(t, stderr, c.want)
			assert.NoDirExists(t, out)
		})
	}
	code, stderr = step("partition", "--work", work, "--index", "1", "--count", "2")
	require.Equal(t, exitOK, code, stderr)
	// An input changed after the plan is refused by the partition step
	// that would read it.
	require.NoError(t, os.WriteFile(filepath.Join(in, "a.txt"), []byte(goodPage+"More.\n"), 0o644))
	code, stderr = step("partition", "--work", work, "--index", "0", "--count", "2")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "changed since the plan")

	// Buckets of one count only partly made are not assembled.
	work2 := filepath.Join(root, "work2")
	for _, args := range [][]string{
		{"plan", "--work", work2, in},
		{"partition", "--work", work2, "--index", "0", "--count", "1"},
		{"bucket", "--work", work2, "--index", "0", "--count", "2"},
	} {
		code, stderr := step(args...)
		require.Equal(t, exitOK, code, stderr)
	}
	code, stderr = step("assemble", "--work", work2, "--out", out)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "buckets missing for --count 2: index 1")
	assert.NoDirExists(t, out)

	// A file a build flag names (--threads here) changed after the plan:
	// every later step is refused.
	threads := filepath.Join(root, "threads.txt")
	writeFiles(t, root, map[string]string{"threads.txt": "t3_abc\n"})
	work3 := filepath.Join(root, "work3")
	code, stderr = step("plan", "--work", work3, "--threads", threads, in)
	require.Equal(t, exitOK, code, stderr)
	writeFiles(t, root, map[string]string{"threads.txt": "t3_abc\nt3_def\n"})
	code, stderr = step("partition", "--work", work3, "--index", "0", "--count", "1")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, threads+" changed since the plan")
}

// What a killed step left in the work directory (temporaries of its
// outputs, its scratch directory) is removed when it runs again, and the
// work directory's size is reported.
func TestStepsRemoveWhatAKilledStepLeft(t *testing.T) {
	root := t.TempDir()
	in := filepath.Join(root, "in")
	writeFiles(t, in, map[string]string{"a.txt": goodPage, "b.txt": "Another\n\nBody.\n"})
	work := filepath.Join(root, "work")
	code, _, stderr := runCLI("build", "plan", "--work", work, in)
	require.Equal(t, exitOK, code, stderr)
	stale := []string{
		filepath.Join(work, "parsed", "00000.json.tmp-999"),
		filepath.Join(work, "parsed", "00001.json.tmp-999"),
		filepath.Join(work, "buckets", "00000-of-00001.jsonl.tmp-123"),
		filepath.Join(work, "scratch", "partition-00000-of-00001", "input-1", "pages"),
	}
	for _, s := range stale {
		writeFiles(t, filepath.Dir(s), map[string]string{filepath.Base(s): "half written"})
	}
	for _, args := range [][]string{
		{"partition", "--work", work, "--index", "0", "--count", "1"},
		{"bucket", "--work", work, "--index", "0", "--count", "1"},
	} {
		code, _, stderr := runCLI(append([]string{"build"}, args...)...)
		require.Equal(t, exitOK, code, stderr)
	}
	for _, s := range stale {
		assert.NoFileExists(t, s)
	}
	code, _, stderr = runCLI("build", "assemble", "--work", work, "--out", filepath.Join(root, "out"))
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stderr, "temporary space: the work directory "+work+" holds ")
}

// A work directory is threadset's alone: plan refuses a file, an input,
// a directory inside or around an input and a directory holding files of
// the user's (removing the work directory would take them), and
// assemble refuses an --out inside, around or at the work directory;
// nothing of the user's is written or removed.
func TestStepsRefuseAWorkDirectoryNotTheirOwn(t *testing.T) {
	root := t.TempDir()
	in := filepath.Join(root, "in")
	writeFiles(t, in, map[string]string{"a.txt": goodPage, "b.txt": "Another\n\nBody.\n"})
	home := filepath.Join(root, "home")
	writeFiles(t, home, map[string]string{"notes.txt": "precious\n"})
	writeFiles(t, filepath.Join(home, "parsed"), map[string]string{"00000.json": "mine\n"})
	writeFiles(t, root, map[string]string{"afile": "x\n"})
	before := fingerprint(t, root)
	for _, c := range []struct {
		name, work, want string
	}{
		{"user directory", home, "holds notes.txt"},
		{"a file", filepath.Join(root, "afile"), "is a file, not a directory"},
		{"the input", in, "is the input"},
		{"inside the input", filepath.Join(in, "work"), "is inside the input"},
		{"around the input", root, "contains the input"},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, _, stderr := runCLI("build", "plan", "--work", c.work, in)
			assert.Equal(t, exitUsage, code, stderr)
			assert.Contains(t, stderr, c.want)
			assert.Equal(t, before, fingerprint(t, root))
		})
	}
	// An empty directory is fine, and so is one a killed plan left.
	work := filepath.Join(root, "work")
	require.NoError(t, os.MkdirAll(filepath.Join(work, "parsed"), 0o755))
	for _, args := range [][]string{
		{"plan", "--work", work, in},
		{"partition", "--work", work, "--index", "0", "--count", "1"},
		{"bucket", "--work", work, "--index", "0", "--count", "1"},
	} {
		code, _, stderr := runCLI(append([]string{"build"}, args...)...)
		require.Equal(t, exitOK, code, stderr)
	}
	for _, c := range []struct {
		name, out, want string
	}{
		{"the work directory", work, "is the work directory"},
		{"inside the work directory", filepath.Join(work, "dataset"), "is inside the work directory"},
		{"around the work directory", filepath.Join(root, "work-parent"), "contains the work directory"},
	} {
		t.Run(c.name, func(t *testing.T) {
			w := work
			if c.name == "around the work directory" {
				// a work directory inside an old dataset --force would replace
				w = filepath.Join(c.out, "work")
				require.NoError(t, os.MkdirAll(c.out, 0o755))
				require.NoError(t, os.Rename(work, w))
				defer func() { require.NoError(t, os.Rename(w, work)) }()
			}
			code, _, stderr := runCLI("build", "assemble", "--work", w, "--out", c.out, "--force")
			assert.Equal(t, exitUsage, code, stderr)
			assert.Contains(t, stderr, c.want)
			assert.NoDirExists(t, filepath.Join(w, "dataset"))
		})
	}
}

// An INPUT named like a step ('threadset build plan' where ./plan is a
// directory of pages) is taken as the step: without --work, the step's
// refusal says so and how to name the input; nothing is written.
func TestStepsNamedLikeAnInput(t *testing.T) {
	root := t.TempDir()
	for _, name := range []string{"plan", "partition", "bucket", "assemble"} {
		writeFiles(t, filepath.Join(root, name), map[string]string{"a.txt": goodPage})
	}
	t.Chdir(root)
	before := fingerprint(t, root)
	for _, args := range [][]string{
		{"plan"},
		{"plan", "--out", "ds"},
		{"--out", "ds", "plan"},
		{"plan", "-q", "other"},
		{"partition"},
		{"bucket", "--index", "0", "--count", "1"},
		{"assemble"},
		{"assemble", "--out", "ds"},
	} {
		t.Run(fmt.Sprint(args), func(t *testing.T) {
			code, _, stderr := runCLI(append([]string{"build"}, args...)...)
			assert.Equal(t, exitUsage, code, stderr)
			step := args[0]
			if step == "--out" {
				step = args[2]
			}
			assert.Contains(t, stderr, fmt.Sprintf("'%s' is the step 'threadset build %s' here, not the input ./%s: to build from that input, write 'threadset build ./%s'", step, step, step, step))
			assert.Equal(t, before, fingerprint(t, root))
		})
	}
	// Without such a file, the refusal is the step's own.
	require.NoError(t, os.RemoveAll(filepath.Join(root, "assemble")))
	code, _, stderr := runCLI("build", "assemble")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "--work DIR")
	assert.NotContains(t, stderr, "not the input")
	code, _, stderr = runCLI("build", "./plan", "-q", "--out", "ds")
	assert.Equal(t, exitOK, code, stderr)
	assert.FileExists(t, filepath.Join(root, "ds", "manifest.json"))
}

// An input removed after the plan is refused by the partition step that
// would read it, as one changed is: the dataset would lack its articles.
func TestStepsRefuseAnInputRemovedSinceThePlan(t *testing.T) {
	root := t.TempDir()
	in := filepath.Join(root, "in")
	writeFiles(t, in, map[string]string{"a.txt": goodPage, "b.txt": "Another\n\nBody.\n"})
	work := filepath.Join(root, "work")
	code, _, stderr := runCLI("build", "plan", "--work", work, in)
	require.Equal(t, exitOK, code, stderr)
	require.NoError(t, os.Remove(filepath.Join(in, "b.txt")))
	code, _, stderr = runCLI("build", "partition", "--work", work, "--index", "0", "--count", "1")
	assert.Equal(t, exitUsage, code, stderr)
	assert.Contains(t, stderr, "b.txt is gone since the plan")
	code, _, stderr = runCLI("build", "partition", "--work", work, "--index", "0", "--count", "-1")
	assert.Equal(t, exitUsage, code, stderr)
	assert.Contains(t, stderr, "--count must be at least 1, got -1")
}

// A metadata sidecar (threadset-pages.csv) edited after the plan is
// refused by every later step: steps reading two versions of it would
// write a dataset no one-command build writes.
func TestStepsRefuseASidecarChangedSinceThePlan(t *testing.T) {
	root := t.TempDir()
	in := filepath.Join(root, "in")
	writeFiles(t, in, map[string]string{"a.txt": goodPage,
		"threadset-pages.csv": "path,url\na.txt,https://example.org/a\n"})
	work := filepath.Join(root, "work")
	code, _, stderr := runCLI("build", "plan", "--work", work, in)
	require.Equal(t, exitOK, code, stderr)
	writeFiles(t, in, map[string]string{"threadset-pages.csv": "path,url\na.txt,https://example.org/b\n"})
	code, _, stderr = runCLI("build", "partition", "--work", work, "--index", "0", "--count", "1")
	assert.Equal(t, exitUsage, code, stderr)
	assert.Contains(t, stderr, filepath.Join(in, "threadset-pages.csv")+" changed since the plan")
}

// Labels carried by --labels-from (given to plan) are all kept by
// assemble, replacing the dataset they come from, with those imported
// between the plan and assemble: the dataset is the one-command build's.
func TestStepsKeepTheLabels(t *testing.T) {
	root := t.TempDir()
	seeds := seedsDir(t, "")
	ds := filepath.Join(root, "ds")
	mustRun(t, "build", "--quiet", "--out", ds, seeds)
	tasks := filepath.Join(root, "tasks.csv")
	mustRun(t, "labels", "export", ds, "--article", articleOf(t, ds, "000_27271087f4f471d8.txt"), "--out", tasks)
	header, rows := readTasks(t, tasks)
	label := func(annotator, stance string) {
		var mine []map[string]string
		for _, r := range rows {
			r = copyMap(r)
			r["stance"] = stance
			mine = append(mine, r)
		}
		file := filepath.Join(root, annotator+".csv")
		writeTasks(t, file, header, mine)
		mustRun(t, "labels", "import", ds, file, "--annotator", annotator)
	}
	label("alice", "against")
	work := filepath.Join(root, "work")
	mustRun(t, "build", "plan", "--work", work, "--labels-from", ds, seeds)
	label("bob", "favor") // after the plan
	mustRun(t, "build", "--quiet", "--out", filepath.Join(root, "one"), "--labels-from", ds, seeds)
	mustRun(t, "build", "partition", "--work", work, "--index", "0", "--count", "2")
	mustRun(t, "build", "partition", "--work", work, "--index", "1", "--count", "2")
	mustRun(t, "build", "bucket", "--work", work, "--index", "0", "--count", "1")
	mustRun(t, "build", "assemble", "--quiet", "--work", work, "--out", ds, "--force")
	assert.Len(t, rows2(t, ds, schema.Annotations), 2*len(rows))
	assert.Equal(t, fingerprint(t, filepath.Join(root, "one")), fingerprint(t, ds))
}

// An index taken from the job array's variables and out of range names
// the variables (a stepped array, --array=0-31:2, gives IDs past the
// count): the user gave no --index.
func TestStepsIndexFromTheEnvironmentOutOfRange(t *testing.T) {
	for _, c := range []struct {
		env  map[string]string
		args []string
		want string
	}{
		{map[string]string{"SLURM_ARRAY_TASK_ID": "30", "SLURM_ARRAY_TASK_MIN": "0", "SLURM_ARRAY_TASK_COUNT": "16"}, nil,
			"index 30 (SLURM_ARRAY_TASK_ID=30 less SLURM_ARRAY_TASK_MIN=0) is not in 0..15 (count 16, from SLURM_ARRAY_TASK_COUNT)"},
		{map[string]string{"JOB_COMPLETION_INDEX": "8"}, []string{"--count", "8"},
			"index 8 (JOB_COMPLETION_INDEX=8) is not in 0..7 (count 8, from --count)"},
		{nil, []string{"--index", "3", "--count", "2"}, "--index 3 is not in 0..1 (--count 2)"},
	} {
		t.Run(fmt.Sprint(c.env), func(t *testing.T) {
			for _, k := range []string{"SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_MIN", "SLURM_ARRAY_TASK_COUNT", "JOB_COMPLETION_INDEX"} {
				t.Setenv(k, c.env[k])
			}
			code, _, stderr := runCLI(append([]string{"build", "partition", "--work", t.TempDir()}, c.args...)...)
			assert.Equal(t, exitUsage, code, stderr)
			assert.Contains(t, stderr, c.want)
		})
	}
}

// A damaged output of a step (a parsed input or a bucket cut short by a
// copy or a disk fault; the steps themselves write whole files) is named
// with what to run again, and running it again repairs the work
// directory.
func TestStepsNameADamagedOutput(t *testing.T) {
	root := t.TempDir()
	in := filepath.Join(root, "in")
	writeFiles(t, in, map[string]string{"a.txt": goodPage, "b.txt": "Another\n\nBody.\n"})
	work := filepath.Join(root, "work")
	for _, args := range [][]string{
		{"plan", "--work", work, in},
		{"partition", "--work", work, "--index", "0", "--count", "1"},
	} {
		code, _, stderr := runCLI(append([]string{"build"}, args...)...)
		require.Equal(t, exitOK, code, stderr)
	}
	parsed := filepath.Join(work, "parsed", "00001.json")
	require.NoError(t, os.WriteFile(parsed, []byte(`{"plan":`), 0o644))
	bucket := []string{"bucket", "--work", work, "--index", "0", "--count", "1"}
	code, _, stderr := runCLI(append([]string{"build"}, bucket...)...)
	assert.Equal(t, exitUsage, code, stderr)
	assert.Contains(t, stderr, parsed+" is damaged")
	assert.Contains(t, stderr, "run its partition step again")
	code, _, stderr = runCLI("build", "partition", "--work", work, "--index", "0", "--count", "1")
	require.Equal(t, exitOK, code, stderr)
	code, _, stderr = runCLI(append([]string{"build"}, bucket...)...)
	require.Equal(t, exitOK, code, stderr)

	name := filepath.Join(work, "buckets", "00000-of-00001.jsonl")
	data, err := os.ReadFile(name)
	require.NoError(t, err)
	// Cut short: the bucket is not complete, and made again (before, it
	// was kept as made already and assemble was refused for good).
	require.NoError(t, os.WriteFile(name, data[:len(data)-40], 0o644))
	out := filepath.Join(root, "out")
	code, _, stderr = runCLI("build", "assemble", "--work", work, "--out", out)
	assert.Equal(t, exitUsage, code, stderr)
	assert.Contains(t, stderr, "run the bucket steps first")
	assert.NoDirExists(t, out)
	code, _, stderr = runCLI(append([]string{"build"}, bucket...)...)
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stderr, "finished 2 article(s)")
	// Damaged inside: assemble names it and what to do.
	whole, err := os.ReadFile(name)
	require.NoError(t, err)
	require.Equal(t, data, whole)
	lines := bytes.SplitAfter(whole, []byte("\n"))
	lines[1] = []byte("{\"finished\": null}\n")
	require.NoError(t, os.WriteFile(name, bytes.Join(lines, nil), 0o644))
	code, _, stderr = runCLI("build", "assemble", "--work", work, "--out", out)
	assert.Equal(t, exitUsage, code, stderr)
	assert.Contains(t, stderr, name+" is damaged: article 1 of the bucket is not there or not whole: remove it and run bucket step 0 of 1 again")
	assert.NoDirExists(t, out)
	require.NoError(t, os.Remove(name))
	code, _, stderr = runCLI(append([]string{"build"}, bucket...)...)
	require.Equal(t, exitOK, code, stderr)
	code, _, stderr = runCLI("build", "assemble", "--work", work, "--out", out)
	require.Equal(t, exitOK, code, stderr)
}

// A parsed input's pages file missing or cut short is named by the bucket
// step, and its partition step parses it again.
func TestStepsParseAgainPagesCutShort(t *testing.T) {
	root := t.TempDir()
	in := filepath.Join(root, "in")
	writeFiles(t, in, map[string]string{"a.txt": goodPage, "b.txt": "Another\n\nBody.\n"})
	work := filepath.Join(root, "work")
	partition := []string{"build", "partition", "--work", work, "--index", "0", "--count", "1"}
	bucket := []string{"build", "bucket", "--work", work, "--index", "0", "--count", "1"}
	mustRun(t, "build", "plan", "--work", work, in)
	mustRun(t, partition...)
	pages := filepath.Join(work, "parsed", "00001.pages")
	require.NoError(t, os.Truncate(pages, 10))
	code, _, stderr := runCLI(bucket...)
	assert.Equal(t, exitUsage, code, stderr)
	assert.Contains(t, stderr, pages+" is missing or cut short: run its partition step again")
	code, _, stderr = runCLI(partition...)
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stderr, "parsed 1 input file(s), 1 parsed already")
	mustRun(t, bucket...)
	mustRun(t, "build", "assemble", "--quiet", "--work", work, "--out", filepath.Join(root, "out"))
}

// A flag of the steps given to the wrong command says where it belongs.
func TestStepsFlagsInTheWrongPlace(t *testing.T) {
	root := t.TempDir()
	in := filepath.Join(root, "in")
	writeFiles(t, in, map[string]string{"a.txt": goodPage})
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"build", "--work", filepath.Join(root, "w"), in}, "--work is a flag of the steps: 'threadset build plan --work WORK INPUT...'"},
		{[]string{"build", "plan", "--work", filepath.Join(root, "w"), "--out", filepath.Join(root, "out"), in}, "--out is given to the last step: 'threadset build assemble --work WORK --out DIR'"},
		{[]string{"build", "plan", "--work", filepath.Join(root, "w"), "--force", in}, "--force is given to the last step: 'threadset build assemble --work WORK --out DIR'"},
	} {
		t.Run(c.args[1]+c.args[2], func(t *testing.T) {
			code, _, stderr := runCLI(c.args...)
			assert.Equal(t, exitUsage, code, stderr)
			assert.Contains(t, stderr, c.want)
			assert.NoDirExists(t, filepath.Join(root, "w"))
		})
	}
}
