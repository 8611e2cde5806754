package dataset

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/threadset/threadset/schema"
	"github.com/threadset/threadset/schema/dslock"
)

func copyTree(t *testing.T, src, dst string) {
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

func readTitle(t *testing.T, dir string) string {
	t.Helper()
	var title string
	require.NoError(t, ReadTable(dir, schema.Articles, func(r schema.Row) error {
		title = Str(r[schema.Articles.Index("title")])
		return nil
	}))
	return title
}

func names(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	sort.Strings(out)
	return out
}

func recoverLocked(t *testing.T, dir string) ([]string, error) {
	t.Helper()
	l, err := dslock.Acquire(context.Background(), dir, dslock.Options{})
	require.NoError(t, err)
	defer func() { require.NoError(t, l.Release()) }()
	return Recover(dir)
}

// TestRecover builds the states a kill -9 can leave beside a dataset and
// checks the next command finds a valid old or new version and no
// temporary.
func TestRecover(t *testing.T) {
	oldDS := writeDataset(t, nil)
	newDS := writeDataset(t, func(a *schema.Article, _ []schema.Comment) { a.Title = "New title" })
	cases := []struct {
		name string
		// make lays out parent: "ds" is the dataset, the others beside it.
		layout    map[string]string // name -> "old", "new", "partial" or "empty"
		wantTitle string            // "" when ds must stay missing
		wantNote  string
		wantKept  []string // entries of parent besides ds and the lock
	}{
		{"the reported case: killed between the two renames of --force",
			map[string]string{".ds.old-123": "old", ".ds.tmp-123": "new"}, "New title", "the new version is in place", nil},
		{"killed between the renames, the new version damaged",
			map[string]string{".ds.old-123": "old", ".ds.tmp-123": "partial"}, "T", "the old version is back in place", nil},
		{"killed while writing the new version",
			map[string]string{"ds": "old", ".ds.tmp-77": "partial"}, "T", "removed 1 temporary directory", nil},
		{"killed while removing the old copy",
			map[string]string{"ds": "new", ".ds.old-5": "partial"}, "New title", "removed 1 temporary directory", nil},
		{"killed while building a relabelled version: two temporaries",
			map[string]string{".ds.tmp-1": "new", ".ds.tmp-2": "new", ".ds.old-2": "old"}, "New title", "the new version is in place", nil},
		{"killed during a first build",
			map[string]string{".ds.tmp-9": "partial"}, "", "removed 1 temporary directory", nil},
		{"temporaries of other datasets are not ours",
			map[string]string{"ds": "old", "ds.tmp-1": "empty", ".ds.tmp-1.tmp-5": "empty", ".dsx.tmp-3": "empty", ".ds.tmp-x": "empty"},
			"T", "", []string{".ds.tmp-1.tmp-5", ".ds.tmp-x", ".dsx.tmp-3", "ds.tmp-1"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			parent := t.TempDir()
			for name, what := range tc.layout {
				p := filepath.Join(parent, name)
				switch what {
				case "old":
					copyTree(t, oldDS, p)
				case "new":
					copyTree(t, newDS, p)
				case "partial":
					copyTree(t, newDS, p)
					require.NoError(t, os.Truncate(filepath.Join(p, "comments", PartName), 10))
				case "empty":
					require.NoError(t, os.Mkdir(p, 0o755))
				}
			}
			dir := filepath.Join(parent, "ds")
			notes, err := recoverLocked(t, dir)
			require.NoError(t, err)
			if tc.wantNote == "" {
				assert.Empty(t, notes)
			} else {
				assert.Contains(t, notes[0], tc.wantNote)
			}
			want := append([]string{".ds.lock"}, tc.wantKept...)
			if tc.wantTitle != "" {
				require.NoError(t, Validate(dir))
				assert.Equal(t, tc.wantTitle, readTitle(t, dir))
				want = append(want, "ds")
			}
			sort.Strings(want)
			assert.Equal(t, want, names(t, parent))
		})
	}
}

func TestRecoverNeedsTheLock(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ds")
	_, err := Recover(dir)
	assert.ErrorContains(t, err, "without holding its lock")
}

// TestForceReplacesOnlyADataset: --force (Create with Force) must never
// delete what is not a threadset dataset, nor files a user keeps in one.
func TestForceReplacesOnlyADataset(t *testing.T) {
	cases := []struct {
		name  string
		setup func(t *testing.T, dir string)
		want  []string // in the error; nil: replacing is allowed
	}{
		{"a dataset", func(t *testing.T, dir string) { copyTree(t, writeDataset(t, nil), dir) }, nil},
		{"an empty directory", func(t *testing.T, dir string) { require.NoError(t, os.Mkdir(dir, 0o755)) }, nil},
		{"a web app with a manifest.json", func(t *testing.T, dir string) {
			require.NoError(t, os.MkdirAll(filepath.Join(dir, "src"), 0o755))
			require.NoError(t, os.WriteFile(filepath.Join(dir, "manifest.json"), []byte(`{"name":"My PWA"}`), 0o644))
			require.NoError(t, os.WriteFile(filepath.Join(dir, "src", "app.js"), []byte("x"), 0o644))
		}, []string{"not a threadset dataset", "refusing"}},
		{"a dataset with the user's notes", func(t *testing.T, dir string) {
			copyTree(t, writeDataset(t, nil), dir)
			require.NoError(t, os.WriteFile(filepath.Join(dir, "NOTES.txt"), []byte("mine"), 0o644))
			require.NoError(t, os.MkdirAll(filepath.Join(dir, "analysis", "plots"), 0o755))
			require.NoError(t, os.WriteFile(filepath.Join(dir, "comments", "my.csv"), []byte("mine"), 0o644))
		}, []string{"holds NOTES.txt, analysis/, comments/my.csv", "does not list", "refusing"}},
		{"a symlink", func(t *testing.T, dir string) {
			require.NoError(t, os.Symlink(t.TempDir(), dir))
		}, []string{"symbolic link", "refusing"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "ds")
			tc.setup(t, dir)
			before := names(t, filepath.Dir(dir))
			w, err := Create(dir, CreateOptions{Force: true})
			if tc.want == nil {
				require.NoError(t, err)
				w.Abort()
				return
			}
			require.ErrorIs(t, err, ErrRefused)
			for _, m := range tc.want {
				assert.Contains(t, err.Error(), m)
			}
			want := append(before, ".ds.lock")
			sort.Strings(want)
			assert.Equal(t, want, names(t, filepath.Dir(dir)), "nothing changed but the lock file")
		})
	}
}

// TestCommitRelabelledPublishesOnce: the relabelled version is the only
// one ever at dir, and a failure leaves the old dataset in place.
func TestCommitRelabelledPublishesOnce(t *testing.T) {
	dir := writeDataset(t, nil)
	before := names(t, dir)
	w, err := Create(dir, CreateOptions{Force: true})
	require.NoError(t, err)
	a := schema.Article{ArticleID: "art_2", SourceID: "s", Title: "T2", ReplyStructure: schema.ReplyNone, InputPath: "b.txt", Builder: "test/1"}
	require.NoError(t, w.AddArticle(&a, nil, schema.Source{SourceID: "s", Name: "n", Language: "und"}, nil))
	res, err := w.CommitRelabelled(CardInfo{}, RewriteOptions{Annotations: []schema.Annotation{
		{ItemTable: "articles", ItemID: "art_2", Label: schema.ColStanceTarget, Annotator: "alice", Value: "Assad"}}})
	require.NoError(t, err)
	require.NoError(t, Validate(dir))
	assert.Equal(t, before, names(t, dir))
	assert.Equal(t, int64(1), res.Manifest.Table(schema.Annotations.Name).Rows)
	assert.Equal(t, []string{".ds.lock", "ds"}, names(t, filepath.Dir(dir)), "no temporary left")
	var label any
	require.NoError(t, ReadTable(dir, schema.DefaultLabelSet().Table("articles"), func(r schema.Row) error {
		if Str(r[schema.DefaultLabelSet().Table("articles").Index(schema.IDColumn("articles"))]) == "art_2" {
			label = r[schema.DefaultLabelSet().Table("articles").Index(schema.ColStanceTarget)]
		}
		return nil
	}))
	assert.Equal(t, "Assad", label, "the label column is filled in the published version")
}

// TestLockHolderProcess is not a test: run by TestReaderLeavesALiveWriter
// it takes the lock on $DATASET_LOCK_DIR and keeps it until killed.
func TestLockHolderProcess(t *testing.T) {
	dir := os.Getenv("DATASET_LOCK_DIR")
	if dir == "" {
		t.Skip("only run as a child of TestReaderLeavesALiveWriter")
	}
	_, err := dslock.Acquire(context.Background(), dir, dslock.Options{})
	require.NoError(t, err)
	_, _ = os.Stdout.WriteString("locked\n")
	time.Sleep(time.Minute)
}

// TestReaderLeavesALiveWriter: a command that only reads never touches
// the temporaries of a writer that is alive, and does not wait for it
// unless DIR is missing between the two renames of a replace.
func TestReaderLeavesALiveWriter(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "ds")
	copyTree(t, writeDataset(t, nil), dir)
	tmp := filepath.Join(parent, ".ds.tmp-5")
	require.NoError(t, os.Mkdir(tmp, 0o755))

	child := exec.Command(os.Args[0], "-test.run=^TestLockHolderProcess$", "-test.v")
	child.Env = append(os.Environ(), "DATASET_LOCK_DIR="+dir)
	out, err := child.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, child.Start())
	defer func() { _ = child.Process.Kill(); _ = child.Wait() }()
	sc := bufio.NewScanner(out)
	for sc.Scan() && sc.Text() != "locked" {
	}

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	require.NoError(t, RecoverForReading(ctx, dir, LockOptions{}))
	assert.DirExists(t, tmp, "a live writer's temporary")

	// A first build in progress: DIR missing, only a temporary. No wait.
	require.NoError(t, os.Rename(dir, filepath.Join(parent, "elsewhere")))
	require.NoError(t, RecoverForReading(ctx, dir, LockOptions{}))
	assert.DirExists(t, tmp)

	// The writer dies: the next reader recovers.
	require.NoError(t, child.Process.Kill())
	_ = child.Wait()
	var log strings.Builder
	require.NoError(t, RecoverForReading(context.Background(), dir, LockOptions{Log: &log}))
	assert.NoDirExists(t, tmp)
	assert.Contains(t, log.String(), "removed 1 temporary directory left by an interrupted command: .ds.tmp-5")
}
