package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/threadset/threadset/schema"
	"github.com/threadset/threadset/schema/dataset"
)

// damagedDataset writes a dataset whose one comment has the given depth,
// through the real writer, so that its manifest vouches for the bytes.
func damagedDataset(t *testing.T, depth int32) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "ds")
	w, err := dataset.Create(dir, dataset.CreateOptions{})
	require.NoError(t, err)
	text := "x"
	a := schema.Article{ArticleID: "art_1", SourceID: "src_1", InputPath: "a.txt", InputSHA256: "00", Title: "T", Body: "B",
		CommentCount: 1, ReplyStructure: schema.ReplyNested, Builder: "test/1"}
	c := schema.Comment{CommentID: "c1", ArticleID: "art_1", RootID: "c1", Depth: depth, Text: &text}
	require.NoError(t, w.AddArticle(&a, []schema.Comment{c}, schema.Source{SourceID: "src_1", Name: "Site", Language: "en"}, nil))
	_, err = w.Commit(dataset.CardInfo{})
	require.NoError(t, err)
	return dir
}

func TestInspectDoesNotTrustTheDataset(t *testing.T) {
	for _, depth := range []int32{-1, 2_000_000_000} {
		dir := damagedDataset(t, depth)
		code, out, errOut := runCLI("inspect", dir)
		assert.Equal(t, exitOK, code, errOut)
		assert.Contains(t, out, "impossible depth (negative, or deeper than the table allows) 1: the dataset is damaged")
		code, _, _ = runCLI("inspect", "--json", dir)
		assert.Equal(t, exitOK, code)
		code, _, errOut = runCLI("validate", dir)
		assert.Equal(t, exitFailure, code)
		assert.Contains(t, errOut, "comments: row 0: top-level comment has depth")
	}

	// Bytes the manifest does not vouch for are not parsed.
	dir := damagedDataset(t, 0)
	p := filepath.Join(dir, "comments", dataset.PartName)
	data, err := os.ReadFile(p)
	require.NoError(t, err)
	data[len(data)/2] ^= 0xff
	require.NoError(t, os.WriteFile(p, data, 0o644))
	code, out, errOut := runCLI("inspect", dir)
	assert.Equal(t, exitFailure, code)
	assert.Empty(t, out)
	assert.Contains(t, errOut, "comments/part-00000.parquet: ")
	assert.Contains(t, errOut, "the manifest says")
}
