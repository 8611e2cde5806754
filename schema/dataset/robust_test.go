package dataset

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/threadset/threadset/schema"
)

// TestSummarizeDoesNotTrustDepths summarises datasets whose comments
// table holds depths no reply tree can have: a negative depth once
// panicked (index out of range) and 2,000,000,000 sized the histogram.
func TestSummarizeDoesNotTrustDepths(t *testing.T) {
	for _, depth := range []int32{-1, -2147483648, 3, 2_000_000_000, 2147483647} {
		t.Run(fmt.Sprint(depth), func(t *testing.T) {
			dir := writeDataset(t, func(a *schema.Article, cs []schema.Comment) { cs[2].Depth = depth })
			s, err := Summarize(dir)
			require.NoError(t, err)
			assert.Equal(t, int64(1), s.ImpossibleDepths)
			assert.Equal(t, []int64{1, 1}, s.DepthHistogram)
			var b strings.Builder
			require.NoError(t, s.WriteText(&b))
			assert.Contains(t, b.String(), "impossible depth (negative, or deeper than the table allows) 1: the dataset is damaged")
			assert.ErrorContains(t, Validate(dir), "comments: row 2: depth")
		})
	}
	t.Run("valid depths", func(t *testing.T) {
		s, err := Summarize(writeDataset(t, nil))
		require.NoError(t, err)
		assert.Zero(t, s.ImpossibleDepths)
		assert.Equal(t, []int64{1, 1, 1}, s.DepthHistogram)
		data, err := json.Marshal(s)
		require.NoError(t, err)
		assert.NotContains(t, string(data), "impossible_depths", "left out of the JSON of a sound dataset")
	})
}

// TestCheckFilesRefusesDamagedParts: inspect runs CheckFiles before it
// parses anything.
func TestCheckFilesRefusesDamagedParts(t *testing.T) {
	dir := writeDataset(t, nil)
	require.NoError(t, CheckFiles(dir))
	p := filepath.Join(dir, "comments", PartName)
	data, err := os.ReadFile(p)
	require.NoError(t, err)
	data[len(data)/3] ^= 0x55
	require.NoError(t, os.WriteFile(p, data, 0o644))
	assert.ErrorContains(t, CheckFiles(dir), "comments/part-00000.parquet: ")
}

// TestValidateChecksUTF8 writes strings that are not UTF-8 (a Latin-1 é,
// as an old import wrote it) into a text column, a list element and a
// label column: DuckDB refuses such a file, so validate must too.
func TestValidateChecksUTF8(t *testing.T) {
	cases := []struct {
		name   string
		mutate func(a *schema.Article, cs []schema.Comment)
		want   string
	}{
		{"comment text", func(a *schema.Article, cs []schema.Comment) { cs[1].Text = ptr("caf\xe9 au lait") },
			`comments: row 1: text is not valid UTF-8: byte 0xE9 at offset 3 in "caf\xe9 au lait"`},
		{"article title", func(a *schema.Article, cs []schema.Comment) { a.Title = "Na\xefve" },
			`articles: row 0: title is not valid UTF-8: byte 0xEF at offset 2 in "Na\xefve"`},
		{"list element", func(a *schema.Article, cs []schema.Comment) { a.Tags = []string{"ok", "\xff"} },
			`articles: row 0: tags[1] is not valid UTF-8: byte 0xFF at offset 0 in "\xff"`},
		{"label", func(a *schema.Article, cs []schema.Comment) {
			cs[0].Labels = map[string]string{schema.ColStanceTarget: "Isra\xebl"}
		}, `comments: row 0: stance_target is not valid UTF-8: byte 0xEB at offset 4 in "Isra\xebl"`},
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

// TestValidateReportIsDeterministic breaks a dataset in more ways than the
// report shows, some found by walking maps; every run must list the same
// problems, in order, and say how many it left out.
func TestValidateReportIsDeterministic(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ds")
	w, err := Create(dir, CreateOptions{})
	require.NoError(t, err)
	src := schema.Source{SourceID: "src_1", Name: "Site", Language: "en"}
	for i := 0; i < 80; i++ {
		// Every article states one comment more than it has: found by
		// ranging over a map of articles.
		a := schema.Article{ArticleID: fmt.Sprintf("art_%03d", i), SourceID: "src_1", InputPath: fmt.Sprintf("%d.txt", i),
			InputSHA256: "00", Title: "T", Body: "B", CommentCount: 2, ReplyStructure: schema.ReplyNested, Builder: "test/1"}
		c := schema.Comment{CommentID: fmt.Sprintf("c%03d", i), ArticleID: a.ArticleID, RootID: fmt.Sprintf("c%03d", i), Text: ptr("x")}
		require.NoError(t, w.AddArticle(&a, []schema.Comment{c}, src, nil))
	}
	_, err = w.Commit(CardInfo{})
	require.NoError(t, err)

	first := Validate(dir)
	var ve *ValidationError
	require.ErrorAs(t, first, &ve)
	assert.Equal(t, 80, ve.Total)
	require.Len(t, ve.Violations, maxViolations)
	assert.Equal(t, "articles: article art_000 states comment_count 2, comments has 1", ve.Violations[0])
	assert.Equal(t, "articles: article art_049 states comment_count 2, comments has 1", ve.Violations[49])
	assert.Contains(t, first.Error(), "80 problem(s):")
	assert.True(t, strings.HasSuffix(first.Error(), "\n  (30 more not shown)"), first.Error())
	for run := 0; run < 20; run++ {
		assert.Equal(t, first.Error(), Validate(dir).Error(), "run %d", run+2)
	}
}

// TestValidateStaysInsideTheDataset: a manifest path is input like any
// other and must not make validate read files outside the dataset.
func TestValidateStaysInsideTheDataset(t *testing.T) {
	setPath := func(t *testing.T, dir, path string) {
		m, err := ReadManifest(dir)
		require.NoError(t, err)
		m.Table("sources").Files[0].Path = path
		data, err := json.Marshal(m)
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(dir, ManifestName), data, 0o644))
	}
	t.Run("dot-dot", func(t *testing.T) {
		dir := writeDataset(t, nil)
		base := writeDataset(t, nil)
		rel, err := filepath.Rel(dir, filepath.Join(base, "sources", PartName))
		require.NoError(t, err)
		require.True(t, strings.HasPrefix(rel, "../"), rel)
		setPath(t, dir, filepath.ToSlash(rel))
		assert.ErrorContains(t, Validate(dir), `manifest.json: file "`+filepath.ToSlash(rel)+`": path contains ".."`)
	})
	t.Run("dot-dot inside", func(t *testing.T) {
		dir := writeDataset(t, nil)
		setPath(t, dir, "sources/../sources/"+PartName)
		assert.ErrorContains(t, Validate(dir), `path contains ".."`)
	})
	t.Run("absolute", func(t *testing.T) {
		dir := writeDataset(t, nil)
		setPath(t, dir, filepath.ToSlash(filepath.Join(dir, "sources", PartName)))
		assert.ErrorContains(t, Validate(dir), "absolute path")
	})
	t.Run("symlinked part", func(t *testing.T) {
		dir := writeDataset(t, nil)
		outside := filepath.Join(t.TempDir(), "elsewhere.parquet")
		p := filepath.Join(dir, "sources", PartName)
		require.NoError(t, os.Rename(p, outside))
		require.NoError(t, os.Symlink(outside, p))
		assert.ErrorContains(t, Validate(dir), "sources/part-00000.parquet\": resolves through a symbolic link to "+outside+", outside the dataset")
		assert.ErrorContains(t, CheckFiles(dir), "outside the dataset")
	})
	t.Run("symlinked table directory", func(t *testing.T) {
		dir := writeDataset(t, nil)
		outside := filepath.Join(t.TempDir(), "sources")
		require.NoError(t, os.Rename(filepath.Join(dir, "sources"), outside))
		require.NoError(t, os.Symlink(outside, filepath.Join(dir, "sources")))
		assert.ErrorContains(t, Validate(dir), "outside the dataset")
	})
	t.Run("symlink inside is fine", func(t *testing.T) {
		dir := writeDataset(t, nil)
		p := filepath.Join(dir, "sources", PartName)
		require.NoError(t, os.Rename(p, filepath.Join(dir, "sources", "real.bin")))
		require.NoError(t, os.Symlink("real.bin", p))
		assert.NoError(t, Validate(dir))
	})
	t.Run("dataset reached through a symlink", func(t *testing.T) {
		dir := writeDataset(t, nil)
		link := filepath.Join(t.TempDir(), "link")
		require.NoError(t, os.Symlink(dir, link))
		assert.NoError(t, Validate(link))
	})
}
