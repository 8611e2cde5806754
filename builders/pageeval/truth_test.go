package pageeval

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestFixtureTruth checks the committed truth against the pages: one truth
// per page, the split stratified, every parent before its reply.
func TestFixtureTruth(t *testing.T) {
	truths, err := LoadTruth(filepath.Join(Dir(), "truth"))
	require.NoError(t, err)
	pages, err := filepath.Glob(filepath.Join(Dir(), "*", "*.html"))
	require.NoError(t, err)
	require.Len(t, truths, len(pages))
	assert.Len(t, truths, 84)

	splits := map[string]map[string]int{}
	for _, tr := range truths {
		_, err := os.Stat(filepath.Join(Dir(), filepath.FromSlash(tr.Page)))
		assert.NoError(t, err, tr.Page)
		dir := filepath.Dir(filepath.FromSlash(tr.Page))
		if splits[dir] == nil {
			splits[dir] = map[string]int{}
		}
		splits[dir][tr.Split]++
		for i, c := range tr.Comments {
			if c.Parent == nil {
				assert.Equal(t, 0, c.Depth, "%s comment %d", tr.Page, i)
			}
		}
		if tr.Kind == KindDisqus {
			assert.Equal(t, "disqus", tr.CommentPlatform, tr.Page)
		}
	}
	for dir, s := range splits {
		assert.Positive(t, s[SplitHoldout], "no holdout page in %s", dir)
		assert.Greater(t, s[SplitDev], s[SplitHoldout], dir)
	}
}

func TestLoadTruthErrors(t *testing.T) {
	dir := t.TempDir()
	_, err := LoadTruth(dir)
	assert.ErrorContains(t, err, "no truth files")

	bad := map[string]string{
		"split.json":   `{"page":"a.html","split":"train","kind":"none","title":"","body_first":"","body_last":"","paged":false,"comments":[],"checked_by_eye":false}`,
		"unknown.json": `{"page":"a.html","split":"dev","kind":"none","colour":"red"}`,
		"parent.json":  `{"page":"a.html","split":"dev","kind":"comments","comments":[{"native_id":"2","author":"a","parent":"1","depth":1,"text_start":"x","text":"x","is_pingback":false}]}`,
		"kind.json":    `{"page":"a.html","split":"dev","kind":"none","comments":[{"native_id":"2","author":"a","parent":null,"depth":0,"text_start":"x","text":"x","is_pingback":false}]}`,
	}
	want := map[string]string{
		"split.json":   `split "train"`,
		"unknown.json": `unknown field "colour"`,
		"parent.json":  `parent "1" does not come before it`,
		"kind.json":    "kind none but 1 comments",
	}
	for name, content := range bad {
		t.Run(name, func(t *testing.T) {
			d := t.TempDir()
			require.NoError(t, os.WriteFile(filepath.Join(d, name), []byte(content), 0o644))
			_, err := LoadTruth(d)
			assert.ErrorContains(t, err, want[name])
			assert.ErrorContains(t, err, name)
		})
	}
}
