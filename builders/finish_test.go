package builders

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/threadset/threadset/schema"
)

type fakeBuilder struct{}

func (fakeBuilder) Name() string                         { return "fake" }
func (fakeBuilder) Version() string                      { return "7" }
func (fakeBuilder) Description() string                  { return "fake" }
func (fakeBuilder) Rules() []string                      { return nil }
func (fakeBuilder) Extensions() []string                 { return []string{".fake"} }
func (fakeBuilder) Build(Input, func(*Page) error) error { return nil }
func (fakeBuilder) Sniff(string, []byte) bool            { return false }
func (fakeBuilder) Joins() bool                          { return false }
func (fakeBuilder) Obtain() string                       { return "" }

func str(s string) *string { return &s }

func TestFinishTreeAndIDs(t *testing.T) {
	page := &Page{
		Title: "T", ReplyStructure: schema.ReplyNested,
		Comments: []PageComment{
			{Parent: -1, Author: str("Ann"), Text: "same"},
			{Parent: 0, Text: "reply"},
			{Parent: 1, Author: str("Ann"), Text: "same"},
			{Parent: -1, Text: "same"},
		},
	}
	in := Input{Path: "a.txt", SHA256: "abc"}
	f, err := Finish(page, in, fakeBuilder{})
	require.NoError(t, err)
	a := f.Article
	assert.Equal(t, schema.ArticleID("fake", "abc"), a.ArticleID)
	assert.Equal(t, "fake/7", a.Builder)
	assert.Equal(t, int32(4), a.CommentCount)
	cs := f.Comments
	assert.Equal(t, []int32{0, 1, 2, 0}, []int32{cs[0].Depth, cs[1].Depth, cs[2].Depth, cs[3].Depth})
	assert.Equal(t, cs[0].CommentID, cs[2].RootID)
	assert.Equal(t, cs[1].CommentID, *cs[2].ParentID)
	assert.Equal(t, int32(1), cs[0].ReplyCount)
	assert.Nil(t, cs[3].AuthorID)
	// Identical author and text: told apart by occurrence, never by position.
	assert.Equal(t, schema.CommentID(a.ArticleID, "Ann", "same", 1), cs[2].CommentID)
	assert.NotEqual(t, cs[0].CommentID, cs[3].CommentID, "no author is not the same as an author")
	assert.Equal(t, schema.AuthorID(f.Source.SourceID, "Ann"), *cs[0].AuthorID)
	assert.Equal(t, "unknown", f.Source.Name)
	assert.Equal(t, "und", f.Source.Language)

	// Removing a comment before another keeps the other's ID.
	page.Comments = page.Comments[1:]
	page.Comments[0].Parent = -1
	page.Comments[1].Parent = 0
	page.Comments[2].Parent = -1
	g, err := Finish(page, in, fakeBuilder{})
	require.NoError(t, err)
	assert.Equal(t, cs[3].CommentID, g.Comments[2].CommentID)
	assert.Equal(t, cs[1].CommentID, g.Comments[0].CommentID)
}

func TestFinishRejectsForwardParents(t *testing.T) {
	page := &Page{Title: "T", Comments: []PageComment{{Parent: 1, Text: "a"}, {Parent: -1, Text: "b"}}}
	_, err := Finish(page, Input{Path: "x.txt"}, fakeBuilder{})
	assert.EqualError(t, err, "x.txt: comment 0 replies to comment 1, which does not come before it")
}

func TestInputErrorMessages(t *testing.T) {
	assert.Equal(t, "textpage: a/b.txt: line 3, column 4: bad", (&InputError{Builder: "textpage", Path: "a/b.txt", Line: 3, Col: 4, Msg: "bad"}).Error())
	assert.Equal(t, "a.txt: line 2: bad", (&InputError{Path: "a.txt", Line: 2, Msg: "bad"}).Error())
	assert.Equal(t, "empty file", (&InputError{Path: "a.txt", Msg: "empty file"}).Detail())
}

// A comment joined from another input, and every anomaly about it, name
// that input; the article and its own anomalies name the page's.
func TestFinishNamesEachRowsInput(t *testing.T) {
	page := &Page{
		Title: "T", ReplyStructure: schema.ReplyNested,
		Comments: []PageComment{
			{Parent: -1, NativeID: "1", Text: "own"},
			{NativeID: "2", NativeParent: "9", Text: "joined orphan", Input: "c/comments.json"},
		},
		Anomalies: []PageAnomaly{
			{Comment: 1, Kind: schema.AnomalyBadDate, Detail: "bad date"},
			{Comment: -1, Kind: schema.AnomalyCountMismatch, Detail: "count"},
			{Comment: -1, Kind: schema.AnomalyArticleMissing, Detail: "thread", Input: "c/comments.json"},
		},
	}
	f, err := Finish(page, Input{Path: "p/posts.json", SHA256: "abc"}, fakeBuilder{})
	require.NoError(t, err)
	assert.Equal(t, "p/posts.json", f.Article.InputPath)
	assert.Equal(t, "p/posts.json", f.Comments[0].InputPath)
	assert.Equal(t, "c/comments.json", f.Comments[1].InputPath)
	got := map[string]string{}
	for _, a := range f.Anomalies {
		got[a.Kind] = a.InputPath
	}
	assert.Equal(t, map[string]string{
		schema.AnomalyOrphan:         "c/comments.json",
		schema.AnomalyBadDate:        "c/comments.json",
		schema.AnomalyCountMismatch:  "p/posts.json",
		schema.AnomalyArticleMissing: "c/comments.json",
	}, got)
}
