package all

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/threadset/threadset/builders"
	"github.com/threadset/threadset/builders/textpage"
)

func input(path string, data []byte) builders.Input {
	return builders.Input{Path: path, SHA256: "sha-of-" + path, Size: int64(len(data)),
		Open: func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil }}
}

func buildAll(b builders.Builder, in builders.Input) ([]*builders.Finished, error) {
	var out []*builders.Finished
	err := b.Build(in, func(p *builders.Page) error {
		if p.OnlyWarnings {
			return nil
		}
		f, err := builders.Finish(p, in, b)
		if err != nil {
			return err
		}
		out = append(out, f)
		return nil
	})
	return out, err
}

// TestConformance runs the same checks on every registered builder, so a
// new builder is covered the day it is registered.
func TestConformance(t *testing.T) {
	for _, b := range Registry().All() {
		t.Run(b.Name(), func(t *testing.T) {
			assert.NotEmpty(t, b.Version())
			assert.NotEmpty(t, b.Description())
			assert.NotEmpty(t, b.Extensions())
			assert.NotEmpty(t, b.Rules(), "the card documents every builder's rules")
			assert.NotEmpty(t, b.Obtain(), "the card says how to get every format")

			_, err := buildAll(b, input("empty", nil))
			var ie *builders.InputError
			require.True(t, errors.As(err, &ie), "an empty input is an InputError, got %v", err)
			assert.Equal(t, b.Name(), ie.Builder)
			assert.Equal(t, "empty", ie.Path)

			files, err := filepath.Glob(filepath.Join("..", "..", "fixtures", b.Name(), "*", "input", "*"))
			require.NoError(t, err)
			built := 0
			for _, f := range files {
				if fi, err := os.Stat(f); err != nil || fi.IsDir() {
					continue
				}
				data, err := os.ReadFile(f)
				require.NoError(t, err)
				if fb, err := Registry().Detect(filepath.Base(f), data[:min(len(data), builders.SniffBytes)]); err != nil || fb.Name() != b.Name() {
					continue
				}
				first, err := buildAll(b, input(f, data))
				if err != nil {
					continue // bad-input fixtures
				}
				built++
				again, err := buildAll(b, input(f, data))
				require.NoError(t, err)
				assert.Equal(t, first, again, "%s: output is deterministic", f)
				for _, p := range first {
					assert.NotEmpty(t, p.Article.ArticleID)
					assert.Equal(t, p.Article.CommentCount, int32(len(p.Comments)))
					// Parents may come after replies (REST lists newest first);
					// every parent is in the same article, one level up.
					depth := map[string]int32{}
					for _, c := range p.Comments {
						_, dup := depth[c.CommentID]
						assert.False(t, dup, "%s: duplicate comment ID %s", f, c.CommentID)
						depth[c.CommentID] = c.Depth
					}
					for _, c := range p.Comments {
						if c.ParentID == nil {
							assert.Equal(t, int32(0), c.Depth)
							assert.Equal(t, c.CommentID, c.RootID)
							continue
						}
						d, ok := depth[*c.ParentID]
						require.True(t, ok, "%s: parent of %s is in the article", f, c.CommentID)
						assert.Equal(t, d+1, c.Depth)
					}
				}
			}
			assert.Positive(t, built, "every builder has fixtures under fixtures/%s", b.Name())
		})
	}
}

func TestRegistry(t *testing.T) {
	r := Registry()
	_, err := r.Lookup("xml")
	assert.ErrorContains(t, err, `unknown format "xml", must be one of [disqus `)
	assert.Panics(t, func() { r.Register(textpage.New()) })
	assert.Equal(t, textpage.Name, r.ForFile("dir/Page.TXT").Name())
	assert.Nil(t, r.ForFile("notes.md"))
}
