package diff_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/threadset/threadset/builders/all"
	"github.com/threadset/threadset/builders/buildertest"
	"github.com/threadset/threadset/builders/pipeline"
	"github.com/threadset/threadset/schema"
	"github.com/threadset/threadset/schema/dataset"
	"github.com/threadset/threadset/schema/diff"
	"github.com/threadset/threadset/schema/labels"
)

type comment struct {
	id, parent int
	author     string
	text       string
}

type post struct {
	id       int
	title    string
	comments []comment
}

// wxr renders the posts with buildertest.WXR.
func wxr(posts []post) string {
	var ps []buildertest.WXRPost
	for _, p := range posts {
		wp := buildertest.WXRPost{ID: p.id, Title: p.title}
		for _, c := range p.comments {
			wp.Comments = append(wp.Comments, buildertest.WXRComment{ID: c.id, Parent: c.parent, Author: c.author, Text: c.text})
		}
		ps = append(ps, wp)
	}
	return buildertest.WXR("diff.example", ps)
}

func build(t *testing.T, posts []post) string {
	t.Helper()
	in := filepath.Join(t.TempDir(), "in")
	require.NoError(t, os.MkdirAll(in, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(in, "export.xml"), []byte(wxr(posts)), 0o644))
	out := filepath.Join(t.TempDir(), "ds")
	_, err := pipeline.Build(context.Background(), pipeline.Options{Inputs: []string{in}, Registry: all.Registry(), Workers: 1, Out: out})
	require.NoError(t, err)
	return out
}

func base() []post {
	return []post{
		{1, "One", []comment{{101, 0, "ann", "first on one"}, {102, 101, "bob", "reply to ann"}, {103, 0, "cy", "second on one"}}},
		{2, "Two", []comment{{201, 0, "ann", "first on two"}, {202, 201, "dee", "reply on two"}}},
		{3, "Three", []comment{{301, 0, "eve", "only on three"}}},
	}
}

func table(r *diff.Report, name string) diff.Table {
	for _, t := range r.Tables {
		if t.Name == name {
			return t
		}
	}
	return diff.Table{}
}

func TestSameInputsNoChange(t *testing.T) {
	r, err := diff.Compare(build(t, base()), build(t, base()))
	require.NoError(t, err)
	assert.Equal(t, diff.None, r.Change)
	assert.True(t, r.Identical)
	for _, tb := range r.Tables {
		assert.Zero(t, tb.Added+tb.Removed+tb.Changed+tb.DerivedOnly, tb.Name)
	}
}

func TestAddedRecordsAreMinor(t *testing.T) {
	v2 := base()
	v2[0].comments = append(v2[0].comments, comment{104, 103, "fay", "late reply"})
	v2 = append(v2, post{4, "Four", []comment{{401, 0, "gus", "on four"}, {402, 401, "ann", "reply on four"}}})
	r, err := diff.Compare(build(t, base()), build(t, v2))
	require.NoError(t, err)
	assert.Equal(t, diff.Minor, r.Change, r.Reasons)
	arts, cmts := table(r, "articles"), table(r, "comments")
	assert.Equal(t, int64(1), arts.Added)
	assert.Equal(t, int64(0), arts.Changed)
	assert.Equal(t, int64(3), arts.DerivedOnly, "the export's checksum changed for every post")
	assert.Contains(t, arts.Columns, diff.ColumnChange{Name: "comment_count", Kind: "derived", Rows: 1}, "post 1's comment_count grew")
	assert.Contains(t, arts.Columns, diff.ColumnChange{Name: "input_sha256", Kind: "provenance", Rows: 3})
	assert.Equal(t, int64(3), cmts.Added)
	assert.Equal(t, int64(0), cmts.Removed+cmts.Changed)
	assert.Equal(t, int64(1), cmts.DerivedOnly, "comment 103 got a reply: reply_count")
	assert.Equal(t, int64(1), r.Reshaped, "post 1's thread gained a comment; post 4 is new")
	assert.Equal(t, int64(0), r.Reparent)
	require.Len(t, r.BySource, 1)
	assert.Equal(t, int64(1), r.BySource[0].ArticlesAdded)
	assert.Equal(t, int64(3), r.BySource[0].CommentsAdded)
}

func TestEditedAndRemovedRecordsAreMajor(t *testing.T) {
	v3 := base()[:2]
	v3[1].comments[0].text = "first on two, edited"
	v3[0].comments[1].parent = 103 // bob now answers cy
	r, err := diff.Compare(build(t, base()), build(t, v3))
	require.NoError(t, err)
	assert.Equal(t, diff.Major, r.Change)
	arts, cmts := table(r, "articles"), table(r, "comments")
	assert.Equal(t, int64(1), arts.Removed)
	assert.Equal(t, int64(1), cmts.Removed, "the comment of post 3")
	assert.Equal(t, int64(2), cmts.Changed, "201's text, 102's parent")
	assert.Equal(t, int64(1), r.Reparent)
	assert.Equal(t, int64(1), r.Reshaped)
	var cols []string
	for _, c := range cmts.Columns {
		cols = append(cols, c.Name+"/"+c.Kind)
	}
	assert.Contains(t, cols, "text/content")
	assert.Contains(t, cols, "parent_id/content")
	assert.Contains(t, strings.Join(r.Reasons, "\n"), "1 articles removed")

	out := filepath.Join(t.TempDir(), "rows")
	require.NoError(t, r.WriteRows(out))
	count := func(table, what string) (n int, texts []string) {
		data, err := os.ReadFile(filepath.Join(out, table, what+".parquet"))
		require.NoError(t, err)
		view := t.TempDir()
		require.NoError(t, os.MkdirAll(filepath.Join(view, table), 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(view, table, "part-00000.parquet"), data, 0o644))
		tb := schema.Comments
		if table == "articles" {
			tb = schema.Articles
		}
		require.NoError(t, dataset.ReadTable(view, tb, func(row schema.Row) error {
			n++
			if table == "comments" {
				texts = append(texts, row[tb.Index("text")].(string))
			}
			return nil
		}))
		return n, texts
	}
	n, texts := count("comments", "changed")
	assert.Equal(t, 2, n)
	assert.Contains(t, texts, "first on two, edited")
	n, texts = count("comments", "removed")
	assert.Equal(t, 1, n)
	assert.Equal(t, []string{"only on three"}, texts)
	n, _ = count("articles", "removed")
	assert.Equal(t, 1, n)
	require.Error(t, r.WriteRows(out), "an existing directory is not overwritten")
}

func importLabels(t *testing.T, dir, annotator string, values map[string]string) {
	t.Helper()
	var b strings.Builder
	b.WriteString("item_id,stance\n")
	for id, v := range values {
		fmt.Fprintf(&b, "%s,%s\n", id, v)
	}
	f := filepath.Join(t.TempDir(), annotator+".csv")
	require.NoError(t, os.WriteFile(f, []byte(b.String()), 0o644))
	_, err := labels.Import(dir, []string{f}, labels.ImportOptions{Annotator: annotator})
	require.NoError(t, err)
}

func commentIDs(t *testing.T, dir string) []string {
	var ids []string
	require.NoError(t, dataset.ReadTable(dir, schema.Comments, func(r schema.Row) error {
		ids = append(ids, r[schema.Comments.Index(schema.ColCommentID)].(string))
		return nil
	}))
	return ids
}

func copyDir(t *testing.T, src string) string {
	dst := filepath.Join(t.TempDir(), "copy")
	require.NoError(t, os.CopyFS(dst, os.DirFS(src)))
	return dst
}

func TestLabels(t *testing.T) {
	v1 := build(t, base())
	ids := commentIDs(t, v1)
	labelled := copyDir(t, v1)
	importLabels(t, labelled, "alice", map[string]string{ids[0]: "favor", ids[1]: "against"})
	r, err := diff.Compare(v1, labelled)
	require.NoError(t, err)
	assert.Equal(t, diff.Minor, r.Change, r.Reasons)
	require.Len(t, r.Labels, 1)
	assert.Equal(t, diff.LabelChanges{Table: "comments", Label: "stance", Annotator: "alice", Added: 2}, r.Labels[0])
	assert.Zero(t, table(r, "comments").Changed, "label columns are reported as labels, not as changed records")

	relabelled := copyDir(t, labelled)
	importLabels(t, relabelled, "alice", map[string]string{ids[0]: "none"})
	r, err = diff.Compare(labelled, relabelled)
	require.NoError(t, err)
	assert.Equal(t, diff.Major, r.Change)
	require.Len(t, r.Labels, 1)
	assert.Equal(t, int64(1), r.Labels[0].Changed)

	var out bytes.Buffer
	require.NoError(t, r.Write(&out))
	assert.Contains(t, out.String(), "change: MAJOR")
	assert.Contains(t, out.String(), "comments.stance by alice: +0 ~1 -0")
	js, err := json.Marshal(r)
	require.NoError(t, err)
	assert.Contains(t, string(js), `"change":"major"`)
}
