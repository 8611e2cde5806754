package all

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/threadset/threadset/builders"
	"github.com/threadset/threadset/builders/compress"
	"github.com/threadset/threadset/builders/pipeline"
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

// badFixtures are the fixture inputs that must fail to build, with what
// their error says. Every other fixture input a builder claims must build:
// a fixture that stops building fails the test instead of being skipped.
var badFixtures = map[string]string{
	"textpage/bad-inputs/input/binary.txt":     "NUL byte: this looks like a binary file",
	"textpage/bad-inputs/input/empty.txt":      "empty file",
	"textpage/bad-inputs/input/no-title.txt":   "no recognisable title",
	"textpage/bad-inputs/input/sub/latin1.txt": "invalid UTF-8 byte 0xff",
}

// fixtureInput is one file under fixtures/*/*/input and the builder that
// detects it (nil when none does).
type fixtureInput struct {
	rel     string // relative to fixtures/, '/'-separated
	path    string
	data    []byte
	builder builders.Builder
}

// fixtureInputs lists every file under fixtures/*/*/input, at any depth,
// that some builder claims by its name or detects by its content; the
// others (notes) and the sidecar metadata files are not inputs.
func fixtureInputs(t *testing.T) []fixtureInput {
	t.Helper()
	root := filepath.Join("..", "..", "fixtures")
	dirs, err := filepath.Glob(filepath.Join(root, "*", "*", "input"))
	require.NoError(t, err)
	require.NotEmpty(t, dirs)
	reg := Registry()
	var out []fixtureInput
	for _, dir := range dirs {
		require.NoError(t, filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || !d.Type().IsRegular() {
				return err
			}
			switch d.Name() {
			case pipeline.SourcesCSV, pipeline.SourcesJSONL, pipeline.PagesCSV, pipeline.PagesJSONL:
				return nil
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			rel, err := filepath.Rel(root, p)
			if err != nil {
				return err
			}
			name := d.Name()
			if cf := compress.Sniff(data); cf != compress.None {
				// Builders read the decompressed stream, as in a build.
				rc, err := compress.NewReader(cf, bytes.NewReader(data))
				if err != nil {
					return err
				}
				if data, err = io.ReadAll(rc); err != nil {
					return err
				}
				name = compress.Inner(name)
			}
			b, derr := reg.Detect(name, data[:min(len(data), builders.SniffBytes)])
			if derr != nil && reg.ForFile(name) == nil {
				return nil
			}
			out = append(out, fixtureInput{rel: filepath.ToSlash(rel), path: p, data: data, builder: b})
			return nil
		}))
	}
	return out
}

// TestConformance runs the same checks on every registered builder, so a
// new builder is covered the day it is registered.
func TestConformance(t *testing.T) {
	fixtures := fixtureInputs(t)
	failed := map[string]bool{}
	for _, f := range fixtures {
		if f.builder == nil {
			// Claimed by its name, but no builder recognises the content.
			failed[f.rel] = true
			if want, ok := badFixtures[f.rel]; ok {
				t.Errorf("%s: no builder detects it; badFixtures expects a build error %q", f.rel, want)
			} else {
				t.Errorf("%s: no builder detects it", f.rel)
			}
		}
	}
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

			built := 0
			for _, fx := range fixtures {
				if fx.builder == nil || fx.builder.Name() != b.Name() {
					continue
				}
				f := fx.path
				first, err := buildAll(b, input(f, fx.data))
				if want, bad := badFixtures[fx.rel]; bad {
					failed[fx.rel] = true
					if assert.Error(t, err, "%s: a bad-input fixture must fail to build", fx.rel) {
						assert.ErrorContains(t, err, want, fx.rel)
					}
					continue
				}
				if !assert.NoError(t, err, "%s: every fixture input builds (or is listed in badFixtures)", fx.rel) {
					continue
				}
				built++
				again, err := buildAll(b, input(f, fx.data))
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
			assert.Positive(t, built, "every builder has fixtures under fixtures/")
		})
	}
	for rel := range badFixtures {
		assert.True(t, failed[rel], "badFixtures lists %s, which is not a fixture input any builder reads", rel)
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
