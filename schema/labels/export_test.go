package labels

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/threadset/threadset/schema"
	"github.com/threadset/threadset/schema/dataset"
)

func TestSampleIsSeededAndOrderIndependent(t *testing.T) {
	var tasks []Task
	for i := 0; i < 100; i++ {
		tasks = append(tasks, Task{ItemID: fmt.Sprintf("cmt_%03d", i)})
	}
	ids := func(ts []Task) []string {
		var out []string
		for _, t := range ts {
			out = append(out, t.ItemID)
		}
		return out
	}
	a := ids(sample(tasks, 10, 7))
	assert.Len(t, a, 10)
	assert.Equal(t, a, ids(sample(tasks, 10, 7)), "same seed, same sample")
	assert.NotEqual(t, a, ids(sample(tasks, 10, 8)), "another seed, another sample")
	reversed := make([]Task, len(tasks))
	for i, t := range tasks {
		reversed[len(tasks)-1-i] = t
	}
	b := ids(sample(reversed, 10, 7))
	assert.ElementsMatch(t, a, b, "the sample does not depend on the order items come in")
}

// chainDataset writes a dataset with one article under which every
// comment replies to the one before: a thread depth deep.
func chainDataset(t *testing.T, depth int) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "ds")
	w, err := dataset.Create(dir, dataset.CreateOptions{})
	require.NoError(t, err)
	art := &schema.Article{ArticleID: "art_0000000000000001", SourceID: "src_0000000000000001", InputPath: "chain.txt",
		Title: "A deep thread", Body: "The body.", ReplyStructure: "nested", Builder: "test", CommentCount: int32(depth)}
	comments := make([]schema.Comment, depth)
	for i := range comments {
		id, text, author := fmt.Sprintf("cmt_%016d", i), fmt.Sprintf("comment number %d", i), fmt.Sprintf("user%d", i%7)
		c := schema.Comment{CommentID: id, ArticleID: art.ArticleID, RootID: "cmt_0000000000000000", Depth: int32(i), Text: &text, Author: &author}
		if i > 0 {
			parent := fmt.Sprintf("cmt_%016d", i-1)
			c.ParentID = &parent
			comments[i-1].ReplyCount = 1
		}
		comments[i] = c
	}
	require.NoError(t, w.AddArticle(art, comments, schema.Source{SourceID: art.SourceID, Name: "Chain Times", Language: "en"}, nil))
	_, err = w.Commit(dataset.CardInfo{})
	require.NoError(t, err)
	return dir
}

// TestExportDeepThreadIsLinear: the context of a comment is capped (the
// root, a marker, the nearest parents), so an export of a thread 10,000
// deep is small and fast; it was quadratic in size and worse in time.
func TestExportDeepThreadIsLinear(t *testing.T) {
	const depth = 10000
	dir := chainDataset(t, depth)
	var out bytes.Buffer
	start := time.Now()
	res, err := Export(dir, ExportOptions{Format: FormatJSONL, MaxDepth: -1}, &out, nil)
	elapsed := time.Since(start)
	t.Logf("export of a thread %d deep: %v, %d bytes", depth, elapsed, out.Len())
	require.NoError(t, err)
	require.Equal(t, depth, res.Tasks)
	assert.Less(t, elapsed, 2*time.Second, "export of a thread %d deep", depth)
	assert.Less(t, out.Len(), 1000*depth, "every task's size is bounded")

	var tasks []Task
	for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		var task Task
		require.NoError(t, json.Unmarshal([]byte(line), &task))
		tasks = append(tasks, task)
	}
	texts := func(task Task) []string {
		var s []string
		for _, m := range task.Context {
			s = append(s, m.Author+"|"+m.Text)
		}
		return s
	}
	assert.Equal(t, []string{"article|A deep thread\n\nThe body."}, texts(tasks[0]), "a top-level comment: the article")
	assert.Equal(t, []string{"article|A deep thread\n\nThe body.", "user0|comment number 0"}, texts(tasks[1]))
	assert.Equal(t, []string{"article|A deep thread\n\nThe body.", "user0|comment number 0", "user1|comment number 1", "user2|comment number 2", "user3|comment number 3"},
		texts(tasks[4]), "up to the root and 3 parents, everything is shown")
	assert.Equal(t, []string{"article|A deep thread\n\nThe body.", "user0|comment number 0", "|[1 earlier comments]", "user2|comment number 2", "user3|comment number 3", "user4|comment number 4"},
		texts(tasks[5]))
	assert.Equal(t, []string{"article|A deep thread\n\nThe body.", "user0|comment number 0", "|[9995 earlier comments]",
		"user0|comment number 9996", "user1|comment number 9997", "user2|comment number 9998"}, texts(tasks[depth-1]))
	assert.Equal(t, "comment number 9999", tasks[depth-1].Text)

	assert.Equal(t, "article: A deep thread\n\nThe body.\n\n---\n\nuser0: comment number 0\n\n---\n\n[9995 earlier comments]\n\n---\n\n"+
		"user0: comment number 9996\n\n---\n\nuser1: comment number 9997\n\n---\n\nuser2: comment number 9998",
		contextText(tasks[depth-1].Context), "the marker has no author in CSV and doccano")
}
