package dataset

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/threadset/threadset/schema"
)

// TestConversationsWhileWritingMatchReadBack checks that the summary,
// reply_pairs and threads a build derives as it adds articles are the bytes a rewrite
// derives by reading the articles and comments back.
func TestConversationsWhileWritingMatchReadBack(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ds")
	w, err := Create(dir, CreateOptions{})
	require.NoError(t, err)
	src := schema.Source{SourceID: "src_1", Name: "Site", Language: "en"}
	berlin := time.FixedZone("CET", 3600)
	for i := 0; i < 4; i++ {
		id := fmt.Sprintf("art_%d", i)
		a := schema.Article{ArticleID: id, SourceID: "src_1", InputPath: id + ".txt", InputSHA256: "00", Title: "T" + id,
			Body: "Lead of " + id + ".\n\nMore.", Byline: ptr("Ed"), ReplyStructure: schema.ReplyNested, Builder: "test/1"}
		var cs []schema.Comment
		for k := 0; k < i*3; k++ {
			c := schema.Comment{CommentID: fmt.Sprintf("%s_c%d", id, k), ArticleID: id, RootID: fmt.Sprintf("%s_c%d", id, k-k%3),
				Depth: int32(k % 3), Position: int32(k), Text: ptr(fmt.Sprintf("text %d", k)),
				PublishedAt: ptr(time.Date(2020, 1, 1, 10, k, 0, 123456789, berlin))}
			if k%3 > 0 {
				c.ParentID = ptr(fmt.Sprintf("%s_c%d", id, k-1))
			}
			if k%3 < 2 && k+1 < i*3 {
				c.ReplyCount = 1
			}
			if k%2 == 0 {
				c.Author, c.AuthorID = ptr(fmt.Sprintf("A%d", k%4)), ptr(fmt.Sprintf("aut_%d", k%4))
			}
			cs = append(cs, c)
		}
		a.CommentCount = int32(len(cs))
		if i == 2 {
			a.ReplyStructure = schema.ReplyFlat
			cs[0].Deleted, cs[0].Text = true, nil
		}
		var anomalies []schema.Anomaly
		if i%2 == 1 {
			anomalies = append(anomalies, schema.Anomaly{ArticleID: id, Kind: schema.AnomalyKinds[i%len(schema.AnomalyKinds)].Value, Detail: "x"})
		}
		require.NoError(t, w.AddArticle(&a, cs, src, anomalies))
	}
	_, err = w.Commit(CardInfo{})
	require.NoError(t, err)
	// The figures the build computed as it wrote are the ones read back.
	sum, err := Summarize(dir)
	require.NoError(t, err)
	assert.Equal(t, sum, w.Summary())
	assert.Len(t, sum.TopAuthors, 2)
	assert.Len(t, sum.Anomalies, 2)
	read := func() map[string][]byte {
		out := map[string][]byte{}
		for _, name := range []string{schema.ReplyPairsName, schema.ThreadsName} {
			data, err := os.ReadFile(filepath.Join(dir, name, PartName))
			require.NoError(t, err)
			out[name] = data
		}
		return out
	}
	live := read()
	_, err = Rewrite(dir, RewriteOptions{})
	require.NoError(t, err)
	assert.Equal(t, live, read())
	var pairs int
	m, err := ReadManifest(dir)
	require.NoError(t, err)
	require.NoError(t, ReadTable(dir, m.Labels().Table(schema.ReplyPairsName), func(schema.Row) error { pairs++; return nil }))
	assert.Equal(t, 18, pairs)
}
