package pipeline

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/threadset/threadset/builders"
	"github.com/threadset/threadset/builders/all"
	"github.com/threadset/threadset/builders/buildertest"
	"github.com/threadset/threadset/schema"
	"github.com/threadset/threadset/schema/dataset"
)

// listing is every file under dir with its bytes' hash.
func listing(t *testing.T, dir string) string {
	t.Helper()
	var lines []string
	require.NoError(t, filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err != nil || fi.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		sum := sha256.Sum256(data)
		lines = append(lines, filepath.ToSlash(rel)+" "+hex.EncodeToString(sum[:]))
		return nil
	}))
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

// TestStepsBuildEveryGoldenCase builds the input of every golden case
// with Build and as steps (two partitions and three buckets, run in
// reverse order) and requires the same bytes: every builder, the bad
// inputs, the joins and the sidecar metadata go through the steps.
func TestStepsBuildEveryGoldenCase(t *testing.T) {
	inputs, err := filepath.Glob(filepath.Join("..", "..", "fixtures", "*", "*", "input"))
	require.NoError(t, err)
	require.Greater(t, len(inputs), 20)
	for _, in := range inputs {
		name := filepath.Base(filepath.Dir(filepath.Dir(in))) + "/" + filepath.Base(filepath.Dir(in))
		t.Run(name, func(t *testing.T) {
			root := t.TempDir()
			opts := func(out string) Options {
				return Options{Inputs: []string{in}, Registry: all.Registry(), Workers: 1, Out: out}
			}
			buildBothWays(t, root, opts)
		})
	}
}

// buildBothWays builds with Build into root/one and as steps (two
// partitions and three buckets, run in reverse order) into root/two, and
// requires the same bytes.
func buildBothWays(t *testing.T, root string, opts func(out string) Options) {
	t.Helper()
	ctx := context.Background()
	_, err := Build(ctx, opts(filepath.Join(root, "one")))
	require.NoError(t, err)

	work := filepath.Join(root, "work")
	_, err = Plan(ctx, opts(""), work, []byte("{}"))
	require.NoError(t, err)
	for i := 1; i >= 0; i-- {
		_, _, err := Partition(ctx, opts(""), work, i, 2)
		require.NoError(t, err)
	}
	for i := 2; i >= 0; i-- {
		_, err := Bucket(ctx, opts(""), work, i, 3)
		require.NoError(t, err)
	}
	_, err = Assemble(ctx, opts(filepath.Join(root, "two")), work)
	require.NoError(t, err)
	assert.Equal(t, listing(t, filepath.Join(root, "one")), listing(t, filepath.Join(root, "two")))
}

// A thread joined to a streamed article may reply to a comment the
// article's input left out (here REST comments replying to a comment the
// WordPress export holds unapproved): the partition step keeps the
// article's page whole, as a one-command build keeps it in memory, so
// the reply's anomaly says why its parent is missing in both.
func TestStepsKeepStreamedPagesWhole(t *testing.T) {
	root := t.TempDir()
	in := filepath.Join(root, "in")
	wxr := buildertest.WXR("site.example", []buildertest.WXRPost{{ID: 5, Title: "Post", Comments: []buildertest.WXRComment{{ID: 17, Author: "Al", Text: "Held."}}}})
	wxr = strings.Replace(wxr, "<wp:comment_approved>1</wp:comment_approved>", "<wp:comment_approved>0</wp:comment_approved>", 1)
	rest := `[{"id": 18, "post": 5, "parent": 17, "author_name": "Bo", "date_gmt": "2020-02-02T10:00:00",
  "content": {"rendered": "<p>A reply.</p>"}, "link": "https://site.example/p/5/#comment-18", "status": "approved", "type": "comment"}]`
	require.NoError(t, os.MkdirAll(in, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(in, "export.xml"), []byte(wxr), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(in, "comments.json"), []byte(rest), 0o644))
	buildBothWays(t, root, func(out string) Options {
		return Options{Inputs: []string{in}, Registry: all.Registry(), Workers: 1, Out: out}
	})
	var b strings.Builder
	require.NoError(t, dataset.Dump(filepath.Join(root, "one"), schema.Anomalies, &b))
	assert.Contains(t, b.String(), "unapproved")
}

// A read-time filter gives the same rows and the same counts in the
// manifest built as steps: partition steps filter, assemble counts.
func TestStepsFilter(t *testing.T) {
	in, _ := pushshiftCorpus(t, 12, 6, []string{"AskHistorians", "history", "news"}, []string{"ann", "bob", "cy"})
	root := t.TempDir()
	buildBothWays(t, root, func(out string) Options {
		return Options{Inputs: []string{in}, Registry: all.Registry(), Workers: 1, Out: out,
			Builder:    builders.Options{Filter: &builders.Filter{Sources: map[string]bool{"askhistorians": true}, Since: day("2019-01-03")}},
			FilterInfo: &dataset.Filter{Sources: []string{"r/AskHistorians"}, Since: "2019-01-03"}}
	})
	m, err := dataset.ReadManifest(filepath.Join(root, "two"))
	require.NoError(t, err)
	require.NotNil(t, m.Filter)
	assert.Equal(t, int64(24), m.Filter.Read.Articles)
	assert.Less(t, m.Filter.Kept.Articles, m.Filter.Read.Articles)
	assert.Positive(t, m.Filter.Kept.Articles)
}
