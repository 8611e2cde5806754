package dataset

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/threadset/threadset/schema"
)

func ptr[T any](v T) *T { return &v }

// tree is a small article with a three-level thread, written through the
// real Writer so that every test starts from a valid dataset.
func writeDataset(t *testing.T, mutate func(a *schema.Article, cs []schema.Comment)) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "ds")
	w, err := Create(dir, CreateOptions{})
	require.NoError(t, err)
	src := schema.Source{SourceID: "src_1", Name: "Site", Language: "en"}
	a := schema.Article{ArticleID: "art_1", SourceID: "src_1", InputPath: "a.txt", InputSHA256: "00", Title: "T", Body: "B",
		CommentCount: 3, ReplyStructure: schema.ReplyNested, Builder: "test/1"}
	cs := []schema.Comment{
		{CommentID: "c1", ArticleID: "art_1", RootID: "c1", Depth: 0, Position: 0, Author: ptr("Ann"), AuthorID: ptr("aut_ann"), Text: ptr("x"), ReplyCount: 1},
		{CommentID: "c2", ArticleID: "art_1", ParentID: ptr("c1"), RootID: "c1", Depth: 1, Position: 1, Text: ptr("y"), ReplyCount: 1},
		{CommentID: "c3", ArticleID: "art_1", ParentID: ptr("c2"), RootID: "c1", Depth: 2, Position: 2, Author: ptr("Ann"), AuthorID: ptr("aut_ann"), Text: ptr("z")},
	}
	if mutate != nil {
		mutate(&a, cs)
	}
	require.NoError(t, w.AddArticle(&a, cs, src, nil))
	_, err = w.Commit(CardInfo{})
	require.NoError(t, err)
	return dir
}

func TestValidateAcceptsAGoodDataset(t *testing.T) {
	assert.NoError(t, Validate(writeDataset(t, nil)))
}

func TestValidateFindsTreeProblems(t *testing.T) {
	cases := []struct {
		name   string
		mutate func(a *schema.Article, cs []schema.Comment)
		want   string
	}{
		{"parent missing", func(a *schema.Article, cs []schema.Comment) { cs[2].ParentID = ptr("nope") },
			"comments: row 2: parent_id nope is not a comment of article art_1"},
		{"wrong depth", func(a *schema.Article, cs []schema.Comment) { cs[2].Depth = 5 },
			"comments: row 2: depth 5, want parent's depth 1 + 1"},
		{"wrong root", func(a *schema.Article, cs []schema.Comment) { cs[2].RootID = "c2" },
			"comments: row 2: root_id c2 differs from its parent's root_id c1"},
		{"cycle", func(a *schema.Article, cs []schema.Comment) {
			cs[0].ParentID = ptr("c3")
			cs[0].Depth = 3
		}, "comments: row 0: reply chain of article art_1 has a cycle"},
		{"top-level depth", func(a *schema.Article, cs []schema.Comment) { cs[0].Depth = 1 },
			"comments: row 0: top-level comment has depth 1, want 0"},
		{"position gap", func(a *schema.Article, cs []schema.Comment) { cs[1].Position = 7 },
			"comments: row 1 (comment c2): position 7, want 1 (positions run 0, 1, ... within an article)"},
		{"comment count", func(a *schema.Article, cs []schema.Comment) { a.CommentCount = 4 },
			"articles: article art_1 states comment_count 4, comments has 3"},
		{"reply count", func(a *schema.Article, cs []schema.Comment) { cs[0].ReplyCount = 2 },
			"comments: row 0: reply_count 2, but 1 comments reply to it"},
		{"author without id", func(a *schema.Article, cs []schema.Comment) { cs[0].AuthorID = nil },
			"comments: row 0 (comment c1): author and author_id must be null together"},
		{"unknown article", func(a *schema.Article, cs []schema.Comment) { cs[2].ArticleID = "art_x" },
			"comments: row 2 (comment c3): article_id art_x is not in articles"},
		{"duplicate comment id", func(a *schema.Article, cs []schema.Comment) { cs[1].CommentID = "c1" },
			"comments: row 1: duplicate comment_id c1"},
		{"label outside vocabulary", func(a *schema.Article, cs []schema.Comment) {
			cs[1].Labels = map[string]string{schema.ColReplyStance: "agree"}
		}, `comments: row 1 (c2): reply_stance "agree" is not one of [support deny query comment]`},
		{"reply structure", func(a *schema.Article, cs []schema.Comment) { a.ReplyStructure = "tree" },
			`articles: row 0 (article art_1): reply_structure "tree" is not nested, flat or none`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := Validate(writeDataset(t, tc.mutate))
			var ve *ValidationError
			require.ErrorAs(t, err, &ve)
			assert.Contains(t, ve.Violations, tc.want, "got %v", ve.Violations)
		})
	}
}

func TestValidateFindsFileProblems(t *testing.T) {
	t.Run("changed bytes", func(t *testing.T) {
		dir := writeDataset(t, nil)
		p := filepath.Join(dir, "comments", PartName)
		data, err := os.ReadFile(p)
		require.NoError(t, err)
		data[len(data)/2] ^= 0xff
		require.NoError(t, os.WriteFile(p, data, 0o644))
		assert.ErrorContains(t, Validate(dir), "comments/part-00000.parquet: ")
		assert.ErrorContains(t, Validate(dir), "the manifest says")
	})
	t.Run("row count", func(t *testing.T) {
		dir := writeDataset(t, nil)
		m, err := ReadManifest(dir)
		require.NoError(t, err)
		m.Table("comments").Rows = 4
		m.Table("comments").Files[0].Rows = 4
		data, _ := json.Marshal(m)
		require.NoError(t, os.WriteFile(filepath.Join(dir, ManifestName), data, 0o644))
		assert.ErrorContains(t, Validate(dir), "comments: has 3 rows, manifest.json says 4")
	})
	t.Run("unlisted part", func(t *testing.T) {
		dir := writeDataset(t, nil)
		data, err := os.ReadFile(filepath.Join(dir, "authors", PartName))
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(dir, "authors", "part-00001.parquet"), data, 0o644))
		assert.ErrorContains(t, Validate(dir), "authors/part-00001.parquet: not listed in manifest.json")
	})
	t.Run("schema version", func(t *testing.T) {
		dir := writeDataset(t, nil)
		m, _ := ReadManifest(dir)
		m.SchemaVersion = "9.0.0"
		data, _ := json.Marshal(m)
		require.NoError(t, os.WriteFile(filepath.Join(dir, ManifestName), data, 0o644))
		assert.ErrorContains(t, Validate(dir), `schema version "9.0.0"`)
	})
	t.Run("not a dataset", func(t *testing.T) {
		assert.ErrorContains(t, Validate(t.TempDir()), "not a threadset dataset: no manifest.json")
	})
}

func TestWriterRefusesDuplicateArticles(t *testing.T) {
	w, err := Create(filepath.Join(t.TempDir(), "ds"), CreateOptions{})
	require.NoError(t, err)
	defer w.Abort()
	a := schema.Article{ArticleID: "art_1", SourceID: "s", Title: "T", ReplyStructure: "none", InputPath: "a.txt"}
	require.NoError(t, w.AddArticle(&a, nil, schema.Source{SourceID: "s", Name: "n", Language: "und"}, nil))
	b := a
	b.InputPath = "b.txt"
	err = w.AddArticle(&b, nil, schema.Source{SourceID: "s", Name: "n", Language: "und"}, nil)
	assert.EqualError(t, err, "article art_1 was already built from a.txt")
}

func TestAbortLeavesNothing(t *testing.T) {
	parent := t.TempDir()
	w, err := Create(filepath.Join(parent, "ds"), CreateOptions{})
	require.NoError(t, err)
	w.Abort()
	entries, err := os.ReadDir(parent)
	require.NoError(t, err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	assert.Equal(t, []string{".ds.lock"}, names, "only the lock file, which is never removed (see dslock)")
}
