package html_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/threadset/threadset/builders/all"
	"github.com/threadset/threadset/builders/pipeline"
	"github.com/threadset/threadset/schema"
	"github.com/threadset/threadset/schema/dataset"
)

// TestMixedBuildJoinsDisqusExport builds saved pages together with a
// Disqus export of the Disqus-loaded one: the page and the export's thread
// become one article (joined by canonical URL) with the export's tree.
func TestMixedBuildJoinsDisqusExport(t *testing.T) {
	in := filepath.Join("..", "..", "fixtures", "html", "pages-and-disqus", "input")
	out := filepath.Join(t.TempDir(), "ds")
	m, err := pipeline.Build(context.Background(), pipeline.Options{Inputs: []string{in}, Registry: all.Registry(), Workers: 2, Out: out})
	require.NoError(t, err)

	type art struct{ title, url, rule string }
	var arts []art
	caktus := ""
	require.NoError(t, dataset.ReadTable(out, schema.Articles, func(r schema.Row) error {
		a := art{dataset.Str(r[schema.Articles.Index("title")]), dataset.Str(r[schema.Articles.Index("url")]), dataset.Str(r[schema.Articles.Index(schema.ColCommentRule)])}
		arts = append(arts, a)
		if a.title == "Testing Client-Side Applications with Django Post Mortem" {
			caktus = dataset.Str(r[schema.Articles.Index(schema.ColArticleID)])
		}
		return nil
	}))
	assert.Len(t, arts, 4, "four pages, and the export's thread joined one of them: %v", arts)
	require.NotEmpty(t, caktus)

	type com struct{ native, parent, author string }
	var got []com
	require.NoError(t, dataset.ReadTable(out, schema.Comments, func(r schema.Row) error {
		if dataset.Str(r[schema.Comments.Index(schema.ColArticleID)]) == caktus {
			got = append(got, com{dataset.Str(r[schema.Comments.Index(schema.ColNativeID)]),
				dataset.Str(r[schema.Comments.Index(schema.ColNativeParent)]), dataset.Str(r[schema.Comments.Index(schema.ColAuthor)])})
		}
		return nil
	}))
	assert.Equal(t, []com{{"9001", "", "Dana Reader"}, {"9002", "9001", "Mark Lavin"}}, got)
	for _, w := range m.Warnings {
		assert.NotEqual(t, schema.WarnUnmatchedThread, w.Kind, w.Message)
	}
}
