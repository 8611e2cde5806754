package reddit

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/threadset/threadset/builders"
)

// pages runs the builder over data and returns its pages as JSON.
func pages(t *testing.T, data []byte, tempDir string) []string {
	t.Helper()
	in := builders.Input{Path: "RC_2019-01", TempDir: tempDir,
		Open: func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil }}
	var out []string
	require.NoError(t, New().Build(in, func(p *builders.Page) error {
		b, err := json.Marshal(p)
		out = append(out, string(b))
		return err
	}))
	return out
}

// Grouping a dump's comments on disk gives the same pages, in the same
// order, as grouping them in memory, and leaves nothing behind.
func TestDiskGroupsMatchMemory(t *testing.T) {
	var dump bytes.Buffer
	// Threads interleaved in time order as dumps are, more threads than
	// partitions, a bad date and an orphan among them.
	for k := 0; k < 5; k++ {
		for th := 0; th < 300; th++ {
			parent := fmt.Sprintf("t3_s%d", th)
			if k > 0 {
				parent = fmt.Sprintf("t1_c%d_%d", th, k-1)
			}
			created := fmt.Sprint(1546300800 + th*60 + k)
			if th == 7 && k == 2 {
				created = `"soon"`
			}
			fmt.Fprintf(&dump, `{"id":"c%d_%d","link_id":"t3_s%d","parent_id":"%s","author":"a%d","body":"comment %d &amp; more","subreddit":"sr%d","created_utc":%s}`+"\n",
				th, k, th, parent, (th+k)%11, k, th%4, created)
		}
		if k == 1 {
			dump.WriteString(`{"id":"s1","title":"A submission","subreddit":"sr1","created_utc":1546300800}` + "\n\n")
		}
	}
	fixture, err := os.ReadFile(filepath.Join("..", "..", "fixtures", "reddit", "pushshift-comments", "input", "pushshift-importer_test_comments.ndjson"))
	require.NoError(t, err)
	for name, data := range map[string][]byte{"generated": dump.Bytes(), "fixture": fixture} {
		t.Run(name, func(t *testing.T) {
			mem := pages(t, data, "")
			dir := t.TempDir()
			disk := pages(t, data, dir)
			require.NotEmpty(t, mem)
			assert.Equal(t, mem, disk)
			left, err := os.ReadDir(dir)
			require.NoError(t, err)
			assert.Empty(t, left, "the partitions are removed")
		})
	}
}
