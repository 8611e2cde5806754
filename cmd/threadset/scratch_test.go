package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestKilledBuildLeavesNoScratch kills a build while the pages of a
// Pushshift dump wait on disk (the .held- directory in the build's
// temporary directory), and checks that the next build on the same
// output removes them, builds, and reports the temporary space it used.
func TestKilledBuildLeavesNoScratch(t *testing.T) {
	bin := buildBinary(t)
	root := t.TempDir()
	in := filepath.Join(root, "in")
	var rs, rc strings.Builder
	for s := 0; s < 200; s++ {
		fmt.Fprintf(&rs, `{"id":"s%d","title":"Submission %d","selftext":"Text.","subreddit":"worldnews","author":"op","created_utc":%d,"permalink":"/r/worldnews/comments/s%d/x/"}`+"\n", s, s, 1546300800+s, s)
		for c := 0; c < 30; c++ {
			parent := fmt.Sprintf("t3_s%d", s)
			if c > 0 {
				parent = fmt.Sprintf("t1_s%dc%d", s, c-1)
			}
			fmt.Fprintf(&rc, `{"id":"s%dc%d","link_id":"t3_s%d","parent_id":"%s","author":"u%d","body":"Comment %d on %d, with a few words to read.","subreddit":"worldnews","created_utc":%d}`+"\n",
				s, c, s, parent, c%50, c, s, 1546300900+s*100+c)
		}
	}
	writeFiles(t, in, map[string]string{"RS_2019-01": rs.String(), "RC_2019-01": rc.String()})
	parent := filepath.Join(root, "p")
	out := filepath.Join(parent, "ds")

	cmd := exec.Command(bin, "build", "--quiet", "--no-comment-language", "--workers", "1", "--out", out, in)
	require.NoError(t, cmd.Start())
	held := ""
	for deadline := time.Now().Add(60 * time.Second); held == "" && time.Now().Before(deadline); time.Sleep(2 * time.Millisecond) {
		found, _ := filepath.Glob(filepath.Join(parent, ".ds.tmp-*", ".held-*", "*"))
		if len(found) > 0 {
			held = found[0]
		}
	}
	require.NoError(t, cmd.Process.Kill())
	_ = cmd.Wait()
	require.NotEmpty(t, held, "the build kept pages on disk")
	require.FileExists(t, held, "killed with its scratch in place")

	code, _, stderr := runBin(bin, "build", "--no-comment-language", "--out", out, in)
	require.Equal(t, exitOK, code, stderr)
	t.Log(stderr)
	assert.Regexp(t, `temporary space: at most about [0-9.]+ (KiB|MiB) on disk beside the output, removed`, stderr)
	entries, err := os.ReadDir(parent)
	require.NoError(t, err)
	for _, e := range entries {
		assert.Contains(t, []string{"ds", ".ds.lock"}, e.Name(), "left beside the dataset")
	}
}
