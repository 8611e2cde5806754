package release_test

import (
	"context"
	"errors"
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
	"github.com/threadset/threadset/schema/release"
)

type comment struct {
	id, parent   int
	author, text string
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
	return buildertest.WXR("release.example", ps)
}

// corpus makes n posts with three comments each (one a reply).
func corpus(n int) []post {
	var ps []post
	for i := 1; i <= n; i++ {
		ps = append(ps, post{i, fmt.Sprintf("Post %d", i), []comment{
			{i*10 + 1, 0, "ann", fmt.Sprintf("first on %d", i)},
			{i*10 + 2, i*10 + 1, "bob", fmt.Sprintf("reply on %d", i)},
			{i*10 + 3, 0, "cy", fmt.Sprintf("second on %d", i)},
		}})
	}
	return ps
}

const meta = `name: release-demo
pretty_name: Release demo
license: CC-BY-4.0
languages: [en]
citation: "@dataset{demo, title={Release demo}, year={2026}}"
creators: [{name: Ada Lovelace}]
`

func build(t *testing.T, posts []post) string { return buildFrom(t, posts, "") }

func buildFrom(t *testing.T, posts []post, labelsFrom string) string {
	t.Helper()
	in := filepath.Join(t.TempDir(), "in")
	require.NoError(t, os.MkdirAll(in, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(in, "export.xml"), []byte(wxr(posts)), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(in, "threadset.yaml"), []byte(meta), 0o644))
	out := filepath.Join(t.TempDir(), "ds")
	_, err := pipeline.Build(context.Background(), pipeline.Options{Inputs: []string{in}, Registry: all.Registry(), Workers: 1, Out: out, LabelsFrom: labelsFrom})
	require.NoError(t, err)
	return out
}

// splits maps every article of a release to its split.
func splits(t *testing.T, dir string) map[string]string {
	m, err := dataset.ReadManifest(dir)
	require.NoError(t, err)
	out := map[string]string{}
	for _, f := range m.Table("articles").Files {
		split := strings.SplitN(filepath.Base(f.Path), "-", 2)[0]
		view := t.TempDir()
		require.NoError(t, os.MkdirAll(filepath.Join(view, "articles"), 0o755))
		data, err := os.ReadFile(filepath.Join(dir, f.Path))
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(view, "articles", "part-00000.parquet"), data, 0o644))
		require.NoError(t, dataset.ReadTable(view, m.Labels().Table("articles"), func(r schema.Row) error {
			out[r[0].(string)] = split
			return nil
		}))
	}
	return out
}

func publish(t *testing.T, ds, to, version string) (*release.Result, error) {
	return release.Publish(release.Options{Dir: ds, To: to, Version: version, Date: "2026-11-22"})
}

func table(r *diff.Report, name string) diff.Table {
	for _, t := range r.Tables {
		if t.Name == name {
			return t
		}
	}
	return diff.Table{}
}

func TestReleaseScenario(t *testing.T) {
	to := filepath.Join(t.TempDir(), "releases")
	base := corpus(30)
	v1 := build(t, base)
	r1, err := publish(t, v1, to, "")
	require.NoError(t, err)
	assert.Equal(t, "1.0.0", r1.Info.Version)
	require.NoError(t, release.Verify(r1.Path, nil))
	s1 := splits(t, r1.Path)
	require.Len(t, s1, 30)
	counts := map[string]int{}
	for _, s := range s1 {
		counts[s]++
	}
	assert.Greater(t, counts["train"], counts["test"], "80/10/10 shares")

	// Pages added: minor, with exact counts.
	grown := append(corpus(30), corpus(34)[30:]...)
	v2 := build(t, grown)
	r2, err := publish(t, v2, to, "")
	require.NoError(t, err)
	assert.Equal(t, "1.1.0", r2.Info.Version)
	assert.Equal(t, int64(4), table(r2.Diff, "articles").Added)
	assert.Equal(t, int64(12), table(r2.Diff, "comments").Added)
	assert.Zero(t, table(r2.Diff, "comments").Removed+table(r2.Diff, "comments").Changed)

	// Labels imported: minor.
	labelled := filepath.Join(t.TempDir(), "labelled")
	require.NoError(t, os.CopyFS(labelled, os.DirFS(v2)))
	var ids []string
	require.NoError(t, dataset.ReadTable(labelled, schema.Comments, func(r schema.Row) error {
		ids = append(ids, r[0].(string))
		return nil
	}))
	f := filepath.Join(t.TempDir(), "alice.csv")
	require.NoError(t, os.WriteFile(f, []byte("item_id,stance\n"+ids[0]+",favor\n"+ids[5]+",against\n"), 0o644))
	_, err = labels.Import(labelled, []string{f}, labels.ImportOptions{Annotator: "alice"})
	require.NoError(t, err)
	r3, err := publish(t, labelled, to, "")
	require.NoError(t, err)
	assert.Equal(t, "1.2.0", r3.Info.Version)
	require.Len(t, r3.Diff.Labels, 1)
	assert.Equal(t, int64(2), r3.Diff.Labels[0].Added)

	// One comment edited and one page removed: major; 1.2.1 is refused.
	edited := corpus(34)
	edited[6].comments[2].text = "second on 7, edited"
	edited = append(edited[:12], edited[13:]...) // post 13 removed
	carried := buildFrom(t, edited, labelled)
	_, err = publish(t, carried, to, "1.2.1")
	require.Error(t, err)
	assert.True(t, errors.Is(err, release.ErrUnderstated), err)
	assert.Contains(t, err.Error(), "needs major (2.0.0)")
	_, err = os.Stat(filepath.Join(to, "1.2.1"))
	assert.True(t, os.IsNotExist(err), "a refused release leaves nothing")
	r4, err := publish(t, carried, to, "")
	require.NoError(t, err)
	assert.Equal(t, "2.0.0", r4.Info.Version)
	arts, cmts := table(r4.Diff, "articles"), table(r4.Diff, "comments")
	assert.Equal(t, int64(1), arts.Removed)
	assert.Equal(t, int64(0), arts.Changed)
	assert.Equal(t, int64(3), cmts.Removed, "post 13's comments")
	assert.Equal(t, int64(1), cmts.Changed, "the edited comment")

	// Splits of every article kept are unchanged across releases.
	for _, r := range []*release.Result{r2, r3, r4} {
		for id, s := range splits(t, r.Path) {
			if was, ok := s1[id]; ok {
				assert.Equal(t, was, s, "article %s moved split in %s", id, r.Info.Version)
			}
		}
		require.NoError(t, release.Verify(r.Path, nil))
		cr, err := os.ReadFile(filepath.Join(r.Path, release.CroissantName))
		require.NoError(t, err)
		assert.Empty(t, release.CheckCroissant(cr), "croissant.json of %s", r.Info.Version)
	}

	// The changelog is cumulative; nothing changed means no release.
	log, err := os.ReadFile(filepath.Join(r4.Path, "CHANGELOG.md"))
	require.NoError(t, err)
	for _, v := range []string{"## 2.0.0", "## 1.2.0", "## 1.1.0", "## 1.0.0"} {
		assert.Contains(t, string(log), v)
	}
	_, err = publish(t, carried, to, "")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "nothing changed since release 2.0.0")
}
