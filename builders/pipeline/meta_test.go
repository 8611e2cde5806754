package pipeline

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/threadset/threadset/schema"
)

// What a sidecar says about a page wins over what the page says: the
// source named in threadset-pages.csv over the page's footer.
func TestSidecarSourceOverridesFooter(t *testing.T) {
	in := t.TempDir()
	seed, err := os.ReadFile(filepath.Join("..", "..", "fixtures", "textpage", "seeds", "input", "000_27271087f4f471d8.txt"))
	require.NoError(t, err)
	writeTree(t, in, map[string]string{
		"p.txt":               string(seed),
		"threadset-pages.csv": "path,url,published_at,source\np.txt,https://example.org/a,2020-01-02,Sidecar News\n",
	})
	// Without the sidecar row's source the footer names the site.
	r := build(t, Options{Inputs: []string{filepath.Join(in, "p.txt")}})
	require.NoError(t, r.err, r.log)
	require.Equal(t, "Anti-Empire", rows(t, r.out, schema.Sources)[0]["name"])

	r = build(t, Options{Inputs: []string{in}})
	require.NoError(t, r.err, r.log)
	srcs := rows(t, r.out, schema.Sources)
	require.Len(t, srcs, 1)
	assert.Equal(t, "Sidecar News", srcs[0]["name"])
	arts := rows(t, r.out, schema.Articles)
	require.Len(t, arts, 1)
	assert.Equal(t, "https://example.org/a", arts[0]["url"])
	assert.Equal(t, "2020-01-02T00:00:00Z", arts[0]["published_at"])
}

// A sidecar's url and published_at override what a structured input says;
// the threads of other inputs still join the article by its platform ID.
func TestSidecarOverridesStructuredInput(t *testing.T) {
	in := t.TempDir()
	src := filepath.Join("..", "..", "fixtures", "wprest", "posts-and-comments", "input")
	for _, n := range []string{"posts.json", "comments-page-1.json", "comments-page-2.json"} {
		data, err := os.ReadFile(filepath.Join(src, n))
		require.NoError(t, err)
		writeTree(t, in, map[string]string{n: string(data)})
	}
	writeTree(t, in, map[string]string{"threadset-pages.csv": "path,url,published_at,source\nposts.json,https://example.com/moved/,2022-01-01,Override Site\n"})
	r := build(t, Options{Inputs: []string{in}})
	require.NoError(t, r.err, r.log)
	arts := rows(t, r.out, schema.Articles)
	require.Len(t, arts, 1)
	assert.Equal(t, "https://example.com/moved/", arts[0]["url"])
	assert.Equal(t, "2022-01-01T00:00:00Z", arts[0]["published_at"])
	assert.Equal(t, float64(4), arts[0]["comment_count"])
	srcs := rows(t, r.out, schema.Sources)
	require.Len(t, srcs, 1)
	assert.Equal(t, "Override Site", srcs[0]["name"])
}
